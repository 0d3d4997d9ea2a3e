"""The pure core with plain values: ranking (spec B.10), urgency (C.3), question choice, state, and how
long a check takes on realistic cases."""
import json
import statistics
from pathlib import Path

import pytest

from triage.bank import load_bank
from triage.engine import step
from triage.errors import InvalidState
from triage.model import Answer, Launch, Result, Urgency
from triage.policy import next_question
from triage.scoring import ranked_causes, reasons, score
from triage.state import State, from_json, to_json
from triage.urgency import assess

BANK = load_bank()
VIGNETTES = json.loads((Path(__file__).parent / "cases" / "vignettes.json").read_text())["cases"]


def yes(*features):
    return {f: "yes" for f in features}


def play(true_features):
    """Answer every question as a person with exactly these features would; return (answers given, state)."""
    state, turn = step(BANK, State(), Launch())
    state, turn = step(BANK, state, Answer("no"))  # no cramp right now: straight to the check
    count = 0
    while turn.ask and turn.ask != "repeat_result":
        question = BANK.question(turn.ask)
        count += 1
        state, turn = step(BANK, state, Answer("yes" if set(question.features) & set(true_features) else "no"))
    return count, state


# --- B.10 ranking ----------------------------------------------------------------------------

def test_walk_pain_and_rest_relief_score_the_claudication_bonus():
    assert score(BANK, yes("f_walk_pain", "f_rest_relief_minutes"), "pad") == 5


def test_a_cause_needs_three_points():
    assert ranked_causes(BANK, yes("f_walk_pain")) == ()
    assert ranked_causes(BANK, yes("f_walk_pain", "r_smoker")) == ("pad",)


def test_risk_factors_alone_never_bring_in_a_cause():
    answers = yes("r_diabetes", "r_smoker", "r_age_over_65")
    assert score(BANK, answers, "pad") == 2.5
    assert ranked_causes(BANK, yes("r_diabetes", "r_smoker", "r_age_over_65", "r_pregnant", "r_heavy_alcohol")) == ()


def test_ties_go_to_the_cause_most_dangerous_to_miss():
    answers = yes("f_varicose_veins", "f_hard_activity_day_before", "f_known_thyroid_problem", "f_burning_tingling_feet")
    assert ranked_causes(BANK, answers) == ("nerve", "metabolic", "venous_insufficiency")


def test_at_most_three_causes_best_first():
    answers = yes("f_walk_pain", "f_rest_relief_minutes", "f_varicose_veins", "f_heavy_legs_evening",
                  "f_burning_tingling_feet", "f_known_thyroid_problem")
    assert ranked_causes(BANK, answers) == ("pad", "venous_insufficiency", "nerve")


def test_a_statin_with_aching_muscles_scores_the_bonus_and_explains_itself():
    answers = yes("f_takes_statin", "f_muscles_ache_tender")
    assert score(BANK, answers, "medication") == 3
    assert reasons(BANK, answers, "medication") == ("f_takes_statin", "f_muscles_ache_tender")


def test_not_sure_adds_nothing_to_a_cause():
    assert score(BANK, {"f_walk_pain": "unsure", "f_rest_relief_minutes": "unsure"}, "pad") == 0


# --- C.3 urgency ------------------------------------------------------------------------------

@pytest.mark.parametrize("answers, level", [
    ({}, Urgency.SELF_CARE),
    (yes("f_hard_activity_day_before"), Urgency.SELF_CARE),
    (yes("g_sleep_disturbed"), Urgency.ROUTINE),
    (yes("f_varicose_veins"), Urgency.ROUTINE),
    (yes("f_recent_fluid_loss"), Urgency.URGENT),
    (yes("f_takes_statin", "f_muscles_ache_tender"), Urgency.URGENT),
    (yes("rf_skin_red_hot_patch"), Urgency.URGENT),
    (yes("rf_skin_red_hot_patch", "rf_fever_shivery_or_confused"), Urgency.EMERGENCY),
    ({"rf_dark_urine": "unsure"}, Urgency.EMERGENCY),
    ({"rf_one_leg_swollen": "unsure"}, Urgency.URGENT),
])
def test_urgency_levels(answers, level):
    assert assess(BANK, answers).level is level


def test_walking_pain_or_a_new_medicine_means_a_visit_within_a_day_or_two():
    assert assess(BANK, yes("f_walk_pain", "f_rest_relief_minutes", "g_sleep_disturbed")).advice == ("advice.routine_soon",)
    assert assess(BANK, yes("g_sleep_disturbed")).advice == ("advice.routine",)


# --- choosing the next question ----------------------------------------------------------------

def test_red_flags_come_first():
    assert next_question(BANK, {}).id == "flags_heart"


def test_follow_ups_wait_for_their_screening_answer():
    after_flags = {f: "no" for q in BANK.questions[:4] for f in q.features}
    assert next_question(BANK, after_flags).id == "f_walk_pain"
    assert next_question(BANK, {**after_flags, "f_walk_pain": "yes"}).id == "f_rest_relief_minutes"
    assert next_question(BANK, {**after_flags, "f_walk_pain": "no"}).id == "f_heavy_legs_evening"


def test_once_urgent_only_questions_that_could_make_it_an_emergency_are_asked():
    answers = {**{f: "no" for q in BANK.questions[:3] for f in q.features}, **yes(*BANK.question("flags_clot_or_skin").features)}
    assert next_question(BANK, answers).id == "rf_injury_tight_swollen_muscle"
    answers.update({"rf_injury_tight_swollen_muscle": "no", "rf_fever_shivery_or_confused": "no"})
    assert next_question(BANK, answers) is None


def test_once_a_cause_is_in_its_other_questions_are_skipped():
    _, state = play(["f_walk_pain", "f_rest_relief_minutes"])
    assert "f_cold_pale_feet" not in state.answers and "f_shiny_hairless_shins" not in state.answers


# --- realistic cases ---------------------------------------------------------------------------

@pytest.mark.parametrize("case", VIGNETTES, ids=[c["name"] for c in VIGNETTES])
def test_each_realistic_case_gets_its_expected_result(case):
    _, state = play(case["true"])
    assert state.result == Result(Urgency(case["urgency"]), tuple(case["causes"]))


def test_a_typical_check_takes_no_more_than_15_answers():
    counts = [play(case["true"])[0] for case in VIGNETTES]
    assert statistics.median(counts) <= 15, counts
    assert max(counts) <= 20, counts


# --- state -------------------------------------------------------------------------------------

def test_state_survives_a_round_trip_through_json():
    state, _ = step(BANK, State(), Launch())
    state, _ = step(BANK, state, Answer("no"))  # no cramp right now
    state, _ = step(BANK, state, Answer("no"))
    data = json.loads(json.dumps(to_json(BANK, state)))
    assert from_json(BANK, data) == state
    assert data["question_features"] == ["rf_leg_sudden_cold_pale", "rf_leg_sudden_numb_or_weak"]


@pytest.mark.parametrize("data", [
    None, [], "check", {},
    {"version": 2, "question": None, "answers": {}, "history": [], "fallbacks": 0},
    {"version": 1, "question": None, "answers": {}, "history": [], "fallbacks": 9},
    {"version": 1, "question": None, "answers": {}, "history": ["nope"], "fallbacks": 0},
    {"version": 1, "question": "f_walk_pain", "answers": {}, "history": [], "fallbacks": 0, "question_features": ["f_walk_pain", "f_cold_pale_feet"]},
    {"version": 1, "question": None, "answers": {}, "history": [], "fallbacks": 0, "result": {"urgency": "panic", "causes": []}},
    {"version": 1, "question": None, "answers": {}, "history": [], "fallbacks": 0, "extra": 1},
])
def test_state_that_is_not_ours_is_refused(data):
    with pytest.raises(InvalidState):
        from_json(BANK, data)
