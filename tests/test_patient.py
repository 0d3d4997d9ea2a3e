"""The simulated patient answers by the cases' protocol, including the questions today's check never asks (the open
question `describe`, a prompt nobody has heard of), so a redesign that adds them is evaluated fairly from the start."""
import pytest

from local.patient import NO, NOT_SURE, YES, reply

CASE = {
    "id": "x",
    "facts": {"f_walk_pain": True, "f_takes_diuretic": "unsure", "f_varicose_veins": False, "rf_dark_urine": "unsure"},
    "says": ["f_walk_pain", "f_heavy_legs_evening", "f_varicose_veins"],
    "prompts": {"cramp_now": True, "relief_check": False},
}


@pytest.mark.parametrize(
    ("check", "words", "sent"),
    [
        ({"question": "f_walk_pain"}, "yes", YES),
        ({"question": "f_takes_diuretic"}, "not sure", NOT_SURE),
        ({"question": "f_varicose_veins"}, "no", NO),
        ({"question": "g_cramps_frequent"}, "no", NO),  # not in the facts: no
        ({"question": "flags_x", "question_features": ["f_varicose_veins", "f_walk_pain"]}, "yes", YES),
        ({"question": "flags_x", "question_features": ["f_varicose_veins", "rf_dark_urine"]}, "not sure", NOT_SURE),
        ({"question": "flags_x", "question_features": ["f_varicose_veins", "rf_chest_pain_or_breathless"]}, "no", NO),
        ({"question": "cramp_now"}, "yes", YES),
        ({"question": "relief_check"}, "no", NO),
    ],
)
def test_a_question_is_answered_from_the_facts_or_the_prompts(check, words, sent):
    answer = reply(CASE, check, frozenset())
    assert (answer.question, answer.words, answer.request) == (check["question"], words, sent)
    assert not answer.by_default


def test_a_prompt_the_case_does_not_answer_is_no_until_a_replay_says_yes():
    for prompt in ("offer_check", "a_prompt_nobody_has_heard_of"):
        first = reply(CASE, {"question": prompt}, frozenset())
        assert (first.words, first.request, first.by_default) == ("no", NO, True)
        again = reply(CASE, {"question": prompt}, frozenset({prompt}))
        assert (again.words, again.request, again.by_default) == ("yes", YES, False)


def test_the_case_answer_to_a_prompt_is_kept_on_a_replay():
    assert reply(CASE, {"question": "relief_check"}, frozenset({"relief_check"})).request == NO


def test_the_open_question_is_answered_with_two_described_symptoms_at_most():
    answer = reply(CASE, {"question": "describe"}, frozenset())
    assert answer.words == "f_walk_pain+f_heavy_legs_evening"
    intent = answer.request["intent"]
    assert intent["name"] == "DescribeSymptomIntent"
    resolved = {name: slot["resolutions"]["resolutionsPerAuthority"][0]["values"][0]["value"]["id"]
                for name, slot in intent["slots"].items()}
    assert resolved == {"symptom": "f_walk_pain", "other_symptom": "f_heavy_legs_evening"}


def test_the_open_question_is_a_plain_no_when_the_story_is_vague():
    answer = reply({**CASE, "says": []}, {"question": "describe"}, frozenset())
    assert (answer.words, answer.request) == ("no", NO)
