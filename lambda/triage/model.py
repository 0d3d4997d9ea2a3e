"""The core's vocabulary: plain values that serialise as they are.

Values are named tuples: a frozen dataclass costs about 0.4 ms of cold start each to build, a named tuple
a tenth of that (issue 7)."""
from __future__ import annotations

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
    OFFER_REMINDER = "offer_reminder"  # once per check, after a result that advises a doctor
    REMINDER_PERMISSION = "reminder_permission"  # Alexa is asking for the reminders permission (nothing spoken by us)
    OFFER_DIARY = "offer_diary"  # once, after guided relief eased a cramp: note it in the diary?


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


class CrampEntry(NamedTuple):
    """One cramp in the diary: the device's local date and, if the person said so, where and roughly how long."""

    day: date
    place: str | None = None  # calf, foot, thigh
    side: str | None = None  # left, right, both
    length: str | None = None  # seconds, minutes, long (over ten minutes: A17)


class DiarySummary(NamedTuple):
    """The diary's last four weeks: how many cramps, how many in the last seven days, and where most."""

    total: int
    week: int
    place: str | None = None


class LogCramp(NamedTuple):
    """A cramp to note. The skill layer has already tried to store it: `noted` says whether that worked,
    `first` whether it is the diary's first entry (the privacy sentence is said once)."""

    entry: CrampEntry
    noted: bool
    first: bool = False
    frequent: bool = False  # with this entry, the diary says the cramps come often (triage.diary.frequent)


class DiaryQuery(NamedTuple):
    """"How often have I had cramps?", with what the diary holds."""

    summary: DiarySummary


class ReminderStatus(str, Enum):
    """What became of the reminder the skill tried to set (skill.reminders)."""

    SET = "set"
    NEEDS_PERMISSION = "needs_permission"  # no permission yet: ask for it by voice
    GRANTED = "granted"  # the person gave the permission Alexa asked for: the reminder can be set now
    DECLINED = "declined"  # the person did not give the permission, or did not answer
    CARD_SENT = "card_sent"  # the voice permission is not possible here: the permission card went to the app
    FAILED = "failed"  # not supported, throttled, a server error or no answer in time


class ReminderOutcome(NamedTuple):
    status: ReminderStatus


class Action(str, Enum):
    """Something only the skill layer can do, asked for by a turn; its outcome comes back as an event."""

    SET_REMINDER = "set_reminder"
    ASK_REMINDER_PERMISSION = "ask_reminder_permission"  # Alexa's voice permission (Connections.SendRequest)
    NOTE_CRAMP = "note_cramp"  # the cramp just eased, into the diary


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
    follow_up: bool = False  # by day, within 14 days of a result that advised a doctor, not yet followed up
    diary_frequent: bool = False  # the diary says the cramps come often: the frequency question is taken as yes


class Relief(NamedTuple):
    """Where guided relief is: the index of the step last said, and when it began (epoch seconds, if known)."""

    step: int = 0
    started: int | None = None


Event = Command | Answer | Describe | Medicine | Launch | LogCramp | DiaryQuery | ReminderOutcome


class Line(NamedTuple):
    """One thing to say, by text key. `cause` and `features` are ids the renderer words per locale."""

    key: str
    cause: str | None = None
    features: tuple[str, ...] = ()  # the reasons a cause may fit, or the symptoms just heard
    when: str | None = None  # text key of a time ("when.yesterday")
    entry: CrampEntry | None = None  # a diary entry to word
    summary: DiarySummary | None = None  # the diary's last four weeks to word


class Pause(NamedTuple):
    """A real silence of a few seconds, for following an instruction (a stretch, a rub)."""

    seconds: int


class Card(NamedTuple):
    """The written summary for a doctor visit: the result lines and every question answered, in order."""

    lines: tuple[Line, ...]
    answered: tuple[tuple[str, str], ...]  # (question id, answer value)
    diary: DiarySummary | None = None  # the cramp diary's last four weeks, beside the answers (the skill layer adds it)


class Turn(NamedTuple):
    """What the skill does this turn, in ids: say `lines`, then ask `ask` (reprompting with it) or end."""

    lines: tuple[Line | Pause, ...] = ()
    ask: str | None = None
    end_session: bool = False
    card: Card | None = None
    action: Action | None = None  # for the skill layer to do before it answers (then it steps again)
    permission_card: bool = False  # the Alexa app card that asks for the reminders permission
