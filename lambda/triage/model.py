"""The core's vocabulary: plain values that serialise as they are.

Values are named tuples: a frozen dataclass costs about 0.4 ms of cold start each to build, a named tuple
a tenth of that (issue 7). Turn stays a dataclass, because the engine uses dataclasses.replace on it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .state import State

class Urgency(str, Enum):
    """The four referral levels of spec C.2, lowest first; `rank` orders them."""

    SELF_CARE = "self_care"
    ROUTINE = "routine"
    URGENT = "urgent"
    EMERGENCY = "emergency"

    @property
    def rank(self) -> int:
        return list(Urgency).index(self)


class AnswerValue(str, Enum):
    YES = "yes"
    NO = "no"
    UNSURE = "unsure"


class Prompt(str, Enum):
    """The skill's own yes/no prompts. Their ids never use the feature prefixes rf_, f_, g_, r_."""

    START_CHECK = "start_check"
    REPEAT_RESULT = "repeat_result"
    OFFER_STOP = "offer_stop"
    RESUME = "resume"
    CRAMP_NOW = "cramp_now"  # asked at launch: is a cramp happening now?
    RELIEF_CHECK = "relief_check"  # after each relief step: has it eased?
    OFFER_CHECK = "offer_check"  # after relief: a check-up on the causes?
    DESCRIBE = "describe"  # once, after the emergency questions: the cramps in the person's own words


class Command(str, Enum):
    """Everything the user can ask for that is not an answer."""

    HELP = "help"
    REPEAT = "repeat"
    START_OVER = "start_over"
    GO_BACK = "go_back"
    STOP = "stop"
    FALLBACK = "fallback"
    FORGET = "forget"
    RELIEF = "relief"  # "help me with a cramp": guided relief now (spec D.1)
    SLOWER = "slower"  # "slower, please": the last thing again; the pace is the voice's business


class Answer(NamedTuple):
    """An answer word the user said; the bank's `answer_meanings` says what it counts as."""

    word: str


class Describe(NamedTuple):
    """Symptoms the user described in their own words, as feature ids (empty: the words matched none)."""

    features: tuple[str, ...]


class Medicine(NamedTuple):
    """A medicine the user named, as its class id, or None when the name is not one the skill knows."""

    name: str | None


class Result(NamedTuple):
    urgency: Urgency
    causes: tuple[str, ...]


class LastCheck(NamedTuple):
    """What is kept of a finished check: its day and its result, nothing else."""

    day: date
    result: Result


class Launch(NamedTuple):
    """The skill was opened; with what the store still holds for this user, if anything."""

    today: date | None = None
    saved: State | None = None  # an unfinished check from the last 24 hours
    last: LastCheck | None = None
    night: bool = False  # 22:00 to 07:00 on the device's clock: the shortest welcome
    avoid_heat: bool = False  # told us before about numb or burning feet, or diabetes (spec D.4)


class Relief(NamedTuple):
    """Where guided relief is: the index of the step last said, and when it began (epoch seconds, if known)."""

    step: int = 0
    started: int | None = None


Event = Command | Answer | Describe | Medicine | Launch


class Line(NamedTuple):
    """One thing to say, by text key. `cause` and `features` are ids the renderer words per locale."""

    key: str
    cause: str | None = None
    features: tuple[str, ...] = ()  # the reasons a cause may fit, or the symptoms just heard
    when: str | None = None  # text key of a time ("when.yesterday")


class Pause(NamedTuple):
    """A real silence of a few seconds, for following an instruction (a stretch, a rub)."""

    seconds: int


class Card(NamedTuple):
    """The written summary for a doctor visit: the result lines and every question answered, in order."""

    lines: tuple[Line, ...]
    answered: tuple[tuple[str, str], ...]  # (question id, answer value)


@dataclass(frozen=True)
class Turn:
    """What the skill does this turn, in ids: say `lines`, then ask `ask` (reprompting with it) or end."""

    lines: tuple[Line | Pause, ...] = ()
    ask: str | None = None
    end_session: bool = False
    card: Card | None = None
