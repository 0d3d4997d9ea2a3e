"""The reference rule in support/reference_rule.py gives every development case the result its README says the spec's
rule gives, so it can be trusted to work out the expected results of the project's own cases (tests/cases/own.json)."""
import json
from pathlib import Path

import pytest

from support.reference_rule import expected

CASES = Path(__file__).parent / "cases"
DEVELOPMENT = json.loads((CASES / "development.json").read_text(encoding="utf-8"))
OWN = json.loads((CASES / "own.json").read_text(encoding="utf-8"))


def test_all_development_cases_are_there():
    assert len(DEVELOPMENT) == 64
    assert len({case["id"] for case in DEVELOPMENT}) == 64


@pytest.mark.parametrize("case", DEVELOPMENT + OWN, ids=lambda case: case["id"])
def test_reference_rule_gives_the_expected_result(case):
    urgency, causes = expected(case["facts"])
    assert urgency == case["expected_urgency"]
    assert causes == case["expected_causes"]  # best first: the order is part of the result


@pytest.mark.parametrize("case", OWN, ids=lambda case: case["id"])
def test_own_cases_keep_the_development_format(case):
    """The keys of ../shared/clinical/cases/README.md: `says` is at most two true features, never a risk factor; a
    wrong lead is never an expected cause."""
    assert set(case) == {"id", "story", "facts", "says", "expected_causes", "must_not_lead_with", "expected_urgency"}
    assert len(case["says"]) <= 2
    assert all(case["facts"].get(f) is True and not f.startswith("r_") for f in case["says"])
    assert 1 <= len(case["must_not_lead_with"]) <= 3
    assert not set(case["must_not_lead_with"]) & set(case["expected_causes"])
