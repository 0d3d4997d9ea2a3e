"""Issue 11's targets, held on every case in tests/cases/ played through the real handler as a simulated patient
(local/evaluate.py). Each target is its own test, and a failure lists the cases that miss it. The test counts
outcomes; it times nothing."""
import io
import json
import statistics
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from local import cli
from local.evaluate import Outcome, evaluate, find_cases
from local.evaluation_report import p90
from support.alexa_checks import check_response

CASES = Path(__file__).parent / "cases"


class Run(NamedTuple):
    outcomes: list[Outcome]
    bad_responses: list[str]  # case id and the first problem, for every response that failed the Alexa checks


@pytest.fixture(scope="module")
def run() -> Run:
    bad: list[str] = []

    def checked(case_id: str, response: dict) -> None:
        try:
            check_response(response)
        except AssertionError as err:
            bad.append(f"{case_id}: {str(err).splitlines()[1].strip()}")

    return Run(evaluate(find_cases(CASES), on_response=checked), bad)


def _listed(outcomes) -> str:
    return "\n".join(
        f"  {o.id}: came out {o.urgency or 'no result'}: {', '.join(o.causes) or 'no cause'}; expected "
        f"{o.expected_urgency}: {', '.join(o.expected_causes) or 'no cause'} ({o.answers} answers)"
        for o in outcomes
    )


def test_every_case_file_is_played_and_vignettes_are_not():
    ids = [case["id"] for case in find_cases(CASES)]
    for name in ("development.json", "own.json"):
        assert {case["id"] for case in json.loads((CASES / name).read_text(encoding="utf-8"))} <= set(ids)
    assert len(ids) == len(set(ids)), "a case id is in two files"
    assert "cases" in json.loads((CASES / "vignettes.json").read_text(encoding="utf-8"))  # an object: not a case list


def test_no_case_is_under_triaged(run):
    under = [o for o in run.outcomes if o.under]
    assert not under, f"{len(under)} under-triaged (no result counts):\n{_listed(under)}"


def test_every_emergency_is_found(run):
    missed = [o for o in run.outcomes if o.emergency_found is False]
    assert not missed, f"{len(missed)} emergencies not found:\n{_listed(missed)}"


def test_emergencies_take_a_median_of_4_answers_or_fewer(run):
    emergencies = [o for o in run.outcomes if o.expected_urgency == "emergency"]
    median = statistics.median(o.answers for o in emergencies)
    assert median <= 4, f"median {median} answers for an emergency; over 4:\n{_listed(o for o in emergencies if o.answers > 4)}"


def test_urgency_is_exact_in_95_percent_of_cases(run):
    wrong = [o for o in run.outcomes if not o.urgency_exact]
    exact = len(run.outcomes) - len(wrong)
    assert 100 * exact >= 95 * len(run.outcomes), f"urgency exact in {exact} of {len(run.outcomes)}; not exact:\n{_listed(wrong)}"


def test_expected_causes_are_named_in_95_percent_of_cases_that_have_one(run):
    counted = [o for o in run.outcomes if o.causes_named is not None]
    missed = [o for o in counted if not o.causes_named]
    named = len(counted) - len(missed)
    assert 100 * named >= 95 * len(counted), f"every expected cause named in {named} of {len(counted)}; missed:\n{_listed(missed)}"


def test_no_case_leads_with_a_cause_it_must_not(run):
    wrong = [o for o in run.outcomes if o.wrong_lead]
    assert not wrong, f"{len(wrong)} led by a cause they must not lead with:\n{_listed(wrong)}"


# Issue 11's target: a median of 13 answers or fewer.
MEDIAN = 13


def test_a_median_of_13_answers_or_fewer(run):
    median = statistics.median(o.answers for o in run.outcomes)
    assert median <= MEDIAN, f"median {median} answers; over {MEDIAN}:\n{_listed(o for o in run.outcomes if o.answers > MEDIAN)}"


def test_a_p90_of_17_answers_or_fewer(run):
    longest = p90([o.answers for o in run.outcomes])
    assert longest <= 17, f"p90 {longest} answers; over 17:\n{_listed(o for o in run.outcomes if o.answers > 17)}"


def test_every_response_passes_the_alexa_checks(run):
    assert run.outcomes and not run.bad_responses, "\n".join(run.bad_responses)


def test_the_command_prints_the_table_and_writes_the_json(tmp_path, capsys):
    development = json.loads((CASES / "development.json").read_text(encoding="utf-8"))
    two = [next(c for c in development if c["expected_urgency"] == level) for level in ("emergency", "urgent")]
    (tmp_path / "few.json").write_text(json.dumps(two), encoding="utf-8")
    (tmp_path / "notes.json").write_text(json.dumps({"not": "cases"}), encoding="utf-8")
    out = tmp_path / "evaluation.json"

    assert cli.main(["evaluate", "--cases", str(tmp_path), "--json", str(out)]) == 0

    printed, progress = capsys.readouterr()
    assert not progress, "a short run shows no progress"
    assert "all cases" in printed and "expects pad" in printed and "nearest rank" in printed
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert set(figures) == {"overall", "by_level", "by_cause", "cases"}
    assert figures["overall"]["cases"] == 2 and set(figures["by_level"]) == {"emergency", "urgent", "routine", "self_care"}
    assert [case["id"] for case in figures["cases"]] == [case["id"] for case in two]
    assert all(case["asked"] and {"question", "answer"} <= set(case["asked"][0]) for case in figures["cases"])


def test_a_folder_without_cases_is_an_error(tmp_path, capsys):
    assert cli.main(["evaluate", "--cases", str(tmp_path)]) == 1
    assert "no cases" in capsys.readouterr().err


def test_a_slow_run_counts_the_cases_on_a_terminal(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stderr", Terminal())
    monkeypatch.setattr(cli, "PROGRESS_AFTER_SECONDS", -1)  # as slow as can be
    cases = [{"id": "a"}, {"id": "b"}]
    assert list(cli._counted_on_stderr(cases)) == cases
    assert "played 1 of 2 cases" in sys.stderr.getvalue()
