"""The clinical evaluation (issue 11): every case in tests/cases/ played through lambda_handler by a simulated patient
(local/patient.py), with real request envelopes, and its outcome scored against the case's expected result."""
from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple

# Read when the skill is imported, just below: the simulated patients' answers are never written to disk.
os.environ["LEG_CRAMP_STORE"] = "memory"
from lambda_function import lambda_handler  # noqa: E402

from .envelopes import Session, launch  # noqa: E402
from .patient import Reply, reply  # noqa: E402

CASES_DIR = Path(__file__).resolve().parents[2] / "tests" / "cases"
LEVELS = ("self_care", "routine", "urgent", "emergency")  # lowest first
MAX_ANSWERS = 80  # a case still without a result after this many answers fails as "no result"
# The request clock starts at a fixed time and moves on a fixed step per turn: every run gives the same figures,
# and time passes between turns as on a device (the real clock would stamp a whole case within one second).
# 30 s: a yes/no turn takes about 10 s aloud and a relief check-in 40 to 80 s (its pauses alone are 25 to 35 s), so
# the ten minutes of relief (spec A17) never pass sooner than on a device: relief ends on the skill's own cap of 15
# check-ins, at about the point ten real minutes would have passed.
START = datetime(2025, 1, 15, 3, 0, tzinfo=timezone.utc)
STEP = timedelta(seconds=30)

OnResponse = Callable[[str, dict[str, Any]], None]  # (case id, response envelope), for checks on every response


class Outcome(NamedTuple):
    id: str
    expected_urgency: str
    expected_causes: tuple[str, ...]
    urgency: str | None  # None: no result
    causes: tuple[str, ...]
    asked: tuple[tuple[str, str], ...]  # (question id, what the person said), in order: every answer given
    replayed_with_yes: tuple[str, ...]  # prompts answered yes because no to them ended the session without a result
    urgency_exact: bool
    under: bool  # a lower level than expected; no result counts as under, since the person was told nothing
    over: bool
    emergency_found: bool | None  # None unless an emergency is expected
    causes_named: bool | None  # every expected cause named; None where not counted (see `_causes_named`)
    wrong_lead: bool  # the first cause named is one the case must not lead with

    @property
    def answers(self) -> int:
        return len(self.asked)

    @property
    def failed(self) -> bool:
        return not self.urgency_exact or self.causes_named is False or self.wrong_lead


def find_cases(folder: Path = CASES_DIR) -> list[dict[str, Any]]:
    """Every case of every *.json in `folder` whose top level is a list of cases (objects with `facts`), by file name.
    Anything else there (vignettes.json, an object) is not in this format and is left out."""
    cases: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, list) and data and all(isinstance(case, dict) and "facts" in case for case in data):
            cases += data
    return cases


def evaluate(cases: Iterable[dict[str, Any]], on_response: OnResponse | None = None) -> list[Outcome]:
    return [score(case, *play(case, on_response)) for case in cases]


def play(case: dict[str, Any], on_response: OnResponse | None = None) -> tuple[dict | None, list[Reply], frozenset[str]]:
    """The case from launch to its result: (result or None, every reply of the final run, prompts answered yes).
    When a no to a prompt the case does not answer ends the session without a result, the whole case is played
    again from the start answering yes to that prompt (../shared/clinical/cases/README.md)."""
    yes_prompts: frozenset[str] = frozenset()
    while True:
        result, replies, ended = _play_once(case, yes_prompts, on_response)
        if result is None and ended and replies and replies[-1].by_default:
            yes_prompts |= {replies[-1].question}
            continue
        return result, replies, yes_prompts


def _play_once(
    case: dict[str, Any], yes_prompts: frozenset[str], on_response: OnResponse | None
) -> tuple[dict | None, list[Reply], bool]:
    """One conversation, a fresh user on a fresh session: (result or None, replies, whether the session ended)."""
    session = Session(clock=START)
    replies: list[Reply] = []
    request = launch()
    while True:
        response = lambda_handler(session.envelope(request), None)
        if on_response:
            on_response(case["id"], response)
        session.update(response)
        check = (session.attributes or {}).get("check") or {}
        if check.get("result"):  # taken as soon as it appears: the offer to say it again is not answered
            return check["result"], replies, session.ended
        if session.ended or not check.get("question") or len(replies) >= MAX_ANSWERS:
            return None, replies, session.ended
        answer = reply(case, check, yes_prompts)
        replies.append(answer)
        request = answer.request
        session.clock += STEP


def score(case: dict[str, Any], result: dict | None, replies: list[Reply], yes_prompts: frozenset[str]) -> Outcome:
    expected, expected_causes = case["expected_urgency"], tuple(case["expected_causes"])
    urgency = result["urgency"] if result else None
    causes = tuple(result["causes"]) if result else ()
    rank = LEVELS.index(urgency) if urgency else -1
    return Outcome(
        id=case["id"],
        expected_urgency=expected,
        expected_causes=expected_causes,
        urgency=urgency,
        causes=causes,
        asked=tuple((r.question, r.words) for r in replies),
        replayed_with_yes=tuple(sorted(yes_prompts)),
        urgency_exact=urgency == expected,
        under=rank < LEVELS.index(expected),
        over=rank > LEVELS.index(expected),
        emergency_found=urgency == "emergency" if expected == "emergency" else None,
        causes_named=_causes_named(expected, expected_causes, causes),
        wrong_lead=bool(causes) and causes[0] in case["must_not_lead_with"],
    )


def _causes_named(expected: str, expected_causes: tuple[str, ...], causes: tuple[str, ...]) -> bool | None:
    """Counted only where a cause is expected and the urgency is not an emergency: after an emergency the skill
    names no causes (spec A), only the emergency advice."""
    if expected == "emergency" or not expected_causes:
        return None
    return set(expected_causes) <= set(causes)
