"""The simulated patient of the cases' protocol (../shared/clinical/cases/README.md, "Playing a case"): what a person
with a case's facts says to the question the skill has pending, as the request Alexa would send."""
from __future__ import annotations

from typing import Any, Mapping, NamedTuple

from .envelopes import intent

FEATURE_PREFIXES = ("rf_", "f_", "g_", "r_")  # the spec's feature ids; every other question id is the skill's own prompt
DESCRIBE = "describe"  # the open question, answered by describing the cramps in a few words
MAX_SAID = 2  # the intent has two symptom slots

YES = intent("AMAZON.YesIntent")
NO = intent("AMAZON.NoIntent")
NOT_SURE = intent("AnswerIntent", {"answer": "unsure"}, {"answer": "not sure"})


class Reply(NamedTuple):
    question: str
    words: str  # what was said, for a clinician reading the transcript: yes, no, not sure, or the features described
    request: dict[str, Any]
    by_default: bool  # a prompt the case does not answer, answered no: the one answer a replay may turn into yes


def reply(case: Mapping[str, Any], check: Mapping[str, Any], yes_prompts: frozenset[str]) -> Reply:
    """The answer to the pending question in the session's `check` attribute."""
    question = check["question"]
    grouped = check.get("question_features")
    if grouped:
        return _answer(question, [case["facts"].get(f) for f in grouped])
    if question.startswith(FEATURE_PREFIXES):
        return _answer(question, [case["facts"].get(question)])
    if question == DESCRIBE:
        return _describe(question, case.get("says", []))
    given = case.get("prompts", {}).get(question)
    if given is None and question in yes_prompts:
        given = True
    if given:
        return Reply(question, "yes", YES, False)
    return Reply(question, "no", NO, given is None)


def _answer(question: str, facts: list[Any]) -> Reply:
    """Yes if any feature asked about is true, else "not sure" if any is unsure, else no (a missing fact is no)."""
    if any(fact is True for fact in facts):
        return Reply(question, "yes", YES, False)
    if "unsure" in facts:
        return Reply(question, "not sure", NOT_SURE, False)
    return Reply(question, "no", NO, False)


def _describe(question: str, says: list[str]) -> Reply:
    said = says[:MAX_SAID]
    if not said:
        return Reply(question, "no", NO, False)
    slots = dict(zip(("symptom", "other_symptom"), said))
    return Reply(question, "+".join(said), intent("DescribeSymptomIntent", slots), False)
