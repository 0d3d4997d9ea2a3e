"""The conversation state: one versioned JSON object in the session attributes, checked on every read."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from .bank import Bank
from .content_files import validator
from .errors import InvalidState
from .model import Prompt, Relief, Result, Urgency
from .relief import LONG_CRAMP

VERSION = 1
SCHEMA = "state.schema.json"
PROMPT_IDS = frozenset(p.value for p in Prompt)


@dataclass(frozen=True)
class State:
    question: str | None = None  # pending question id (feature, group or Prompt), None when nothing is asked
    answers: Mapping[str, str] = field(default_factory=dict)  # features by id -> yes, no or unsure, as confirmed
    groups: Mapping[str, str] = field(default_factory=dict)  # grouped questions answered -> their answer
    history: tuple[str, ...] = ()  # answered question ids and described feature ids, oldest first
    result: Result | None = None
    fallbacks: int = 0  # misunderstood turns in a row, for the escalating fallback
    relief: Relief | None = None  # guided relief under way (the pending question is then relief_check)
    avoid_heat: bool = False  # numb or burning feet, or diabetes, told in an earlier session (spec D.4)
    diary_frequent: bool = False  # the diary says the cramps come often: the check takes that as said
    reminder_offered: bool = False  # this check's reminder to call the doctor was offered (never twice)

    def replace(self, **changes: Any) -> State:
        """dataclasses.replace(self, **changes) at a quarter of its cost (~0.6 µs, against ~2.4): the engine copies
        a state a few times a turn. dataclasses.replace checks every field for init=False and InitVar and goes
        through __init__; State has neither kind of field and no __post_init__, so its fields are copied as they are."""
        if not changes.keys() <= _FIELDS:
            raise TypeError(f"State has no field {sorted(changes.keys() - _FIELDS)}")
        copy = object.__new__(State)
        copy.__dict__.update(self.__dict__, **changes)
        return copy


_FIELDS = frozenset(State.__dataclass_fields__)


def to_json(bank: Bank, state: State) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": VERSION,
        "question": state.question,
        "answers": dict(state.answers),
        "history": list(state.history),
        "fallbacks": state.fallbacks,
    }
    if state.groups:
        data["groups"] = dict(state.groups)
    question = bank.question(state.question) if state.question else None
    if question and question.is_group:
        data["question_features"] = list(question.features)
    if state.relief:
        data["relief"] = {"step": state.relief.step, "started": state.relief.started}
    if state.avoid_heat:
        data["avoid_heat"] = True
    if state.diary_frequent:
        data["diary_frequent"] = True
    if state.reminder_offered:
        data["reminder_offered"] = True
    if state.result:
        data["result"] = {"urgency": state.result.urgency.value, "causes": list(state.result.causes)}
    return data


def from_json(bank: Bank, data: Any) -> State:
    """Read state written by `to_json`; anything else (stale version, tampering) raises InvalidState."""
    error = next(validator(SCHEMA).iter_errors(data), None)
    if error:
        raise InvalidState(error.message)
    problems = _cross_check(bank, data)
    if problems:
        raise InvalidState("; ".join(problems))
    result, relief = data.get("result"), data.get("relief")
    return State(
        question=data["question"],
        answers=dict(data["answers"]),
        groups=dict(data.get("groups", {})),
        history=tuple(data["history"]),
        result=Result(Urgency(result["urgency"]), tuple(result["causes"])) if result else None,
        fallbacks=data["fallbacks"],
        relief=Relief(relief["step"], relief["started"]) if relief else None,
        avoid_heat=data.get("avoid_heat", False),
        diary_frequent=data.get("diary_frequent", False),
        reminder_offered=data.get("reminder_offered", False),
    )


def _cross_check(bank: Bank, data: Mapping[str, Any]) -> list[str]:
    """What the schema cannot see: ids that must exist in this bank and agree with each other."""
    problems = [f"unknown feature {f}" for f in data["answers"] if f not in bank.features]
    question_ids = bank.question_ids
    problems += [f"unknown group {g}" for g in data.get("groups", {}) if not (bank.question(g) and bank.question(g).is_group)]
    problems += [f"unknown entry {h} in history" for h in data["history"]
                 if h not in question_ids and h not in bank.features and h != Prompt.DESCRIBE.value]
    pending = data["question"]
    # A feature without a question of its own is asked only during relief: how long the cramp has lasted (A17).
    asked_in_relief = pending == LONG_CRAMP and data.get("relief") is not None
    if pending is not None and pending not in question_ids and pending not in PROMPT_IDS and not asked_in_relief:
        problems.append(f"unknown pending question {pending}")
    question = bank.question(pending) if pending else None
    expected = list(question.features) if question and question.is_group else None
    if data.get("question_features") != expected:
        problems.append("question_features do not match the pending question")
    if pending in (Prompt.OFFER_REMINDER.value, Prompt.REMINDER_PERMISSION.value) and data.get("result") is None:
        problems.append(f"{pending} is pending without a result")
    if pending == Prompt.RELIEF_CHECK.value and data.get("relief") is None:
        problems.append("relief_check is pending without relief under way")
    return problems
