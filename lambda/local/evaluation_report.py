"""The evaluation's figures (local/evaluate.py outcomes counted over all cases, by expected urgency and by expected
cause), as one plain-text table with a line per failing case, or as JSON."""
from __future__ import annotations

import math
import statistics
from typing import Any, Iterable

from .evaluate import Outcome

ROW_LEVELS = ("emergency", "urgent", "routine", "self_care")
CAUSES = ("pad", "venous_insufficiency", "electrolytes", "nerve", "medication", "overuse", "metabolic")  # spec B.1 to B.7
COLUMNS = ("", "cases", "urgency exact", "under", "over", "emergencies found", "causes named", "wrong leads",
           "answers median / p90 / max")
FOOTER = (
    "under, over: a lower or higher urgency than expected (self_care < routine < urgent < emergency); no result counts as under.",
    "causes named: cases in which every expected cause was named, of the cases that expect one and are not emergencies",
    "  (after an emergency the skill names no causes); the by-cause rows are the cases that expect that cause.",
    "wrong leads: the first cause named is one the case must not lead with.",
    "answers: every answer the person gave, the no to a cramp right now and the open answer included; median by",
    "  statistics.median, p90 by nearest rank (the ceil(0.9 n)-th smallest).",
)


def p90(values: list[int]) -> int:
    """Nearest rank: the smallest value with at least 90% of the values at or below it."""
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def figures(outcomes: list[Outcome]) -> dict[str, Any]:
    """The counts of one group of cases."""
    emergencies = [o for o in outcomes if o.emergency_found is not None]
    counted = [o for o in outcomes if o.causes_named is not None]
    answers = [o.answers for o in outcomes]
    return {
        "cases": len(outcomes),
        "urgency_exact": sum(o.urgency_exact for o in outcomes),
        "under": sum(o.under for o in outcomes),
        "over": sum(o.over for o in outcomes),
        "emergencies_found": sum(o.emergency_found for o in emergencies),
        "emergencies": len(emergencies),
        "causes_named": sum(o.causes_named for o in counted),
        "causes_expected": len(counted),
        "wrong_leads": sum(o.wrong_lead for o in outcomes),
        "answers": {"median": statistics.median(answers), "p90": p90(answers), "max": max(answers)} if answers else None,
    }


def groups(outcomes: list[Outcome]) -> dict[str, Any]:
    """Overall, by expected urgency level and by expected cause (a case with two causes is in both rows)."""
    return {
        "overall": figures(outcomes),
        "by_level": {level: figures([o for o in outcomes if o.expected_urgency == level]) for level in ROW_LEVELS},
        "by_cause": {cause: figures([o for o in outcomes if cause in o.expected_causes]) for cause in CAUSES},
    }


def table(outcomes: list[Outcome]) -> str:
    grouped = groups(outcomes)
    rows = [_row("all cases", grouped["overall"])]
    rows += [_row(f"expected {level}", f) for level, f in grouped["by_level"].items()]
    rows += [_row(f"expects {cause}", f) for cause, f in grouped["by_cause"].items()]
    widths = [max(len(row[i]) for row in [COLUMNS, *rows]) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))).rstrip()
             for row in [COLUMNS, *rows]]
    return "\n".join([lines[0], "-" * len(lines[0]), *lines[1:], "", *FOOTER])


def _row(name: str, f: dict[str, Any]) -> tuple[str, ...]:
    answers = f["answers"]
    return (
        name,
        str(f["cases"]),
        f"{f['urgency_exact']}/{f['cases']}",
        str(f["under"]),
        str(f["over"]),
        f"{f['emergencies_found']}/{f['emergencies']}" if f["emergencies"] else "-",
        f"{f['causes_named']}/{f['causes_expected']} {100 * f['causes_named'] / f['causes_expected']:.0f}%"
        if f["causes_expected"] else "-",
        str(f["wrong_leads"]),
        f"{answers['median']:g} / {answers['p90']} / {answers['max']}" if answers else "-",
    )


def failures(outcomes: Iterable[Outcome]) -> list[str]:
    """One line per failing case, for a clinician: what went wrong, what came out against what was expected, and
    every question asked with the answer given."""
    return [_failure(o) for o in outcomes if o.failed]


def _failure(o: Outcome) -> str:
    problems = []
    if o.urgency is None:
        problems.append("no result")
    elif o.under or o.over:
        problems.append("under-triaged" if o.under else "over-triaged")
    if o.causes_named is False:
        problems.append("missed " + ", ".join(c for c in o.expected_causes if c not in o.causes))
    if o.wrong_lead:
        problems.append(f"led with {o.causes[0]}")
    came_out = f"{o.urgency}: {_causes(o.causes)}" if o.urgency else "nothing"
    asked = ", ".join(f"{question}={said}" for question, said in o.asked)
    replayed = f" (played again with yes to {', '.join(o.replayed_with_yes)})" if o.replayed_with_yes else ""
    return (f"{o.id}: {'; '.join(problems)}. Came out {came_out}; expected {o.expected_urgency}: "
            f"{_causes(o.expected_causes)}. {o.answers} answers{replayed}: {asked}")


def _causes(causes: tuple[str, ...]) -> str:
    return ", ".join(causes) if causes else "no cause"


def to_json(outcomes: list[Outcome]) -> dict[str, Any]:
    """The same figures as the table, and every case with what was asked, what was answered and how it came out."""
    cases = [{**o._asdict(), "asked": [{"question": q, "answer": a} for q, a in o.asked], "answers": o.answers,
              "failed": o.failed} for o in outcomes]
    return {**groups(outcomes), "cases": cases}
