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
from triage.knowledge import know
from triage.policy import next_question
from triage.scoring import ranked_causes, reasons, score
from triage.state import State, from_json, to_json
from triage.urgency import assess, coaching_allowed, skip_heat_advice

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
        asked = question.features if question else ()  # the open question ("describe"): nothing to say
        state, turn = step(BANK, state, Answer("yes" if set(asked) & set(true_features) else "no"))
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
    ({"rf_one_leg_swollen": "unsure"}, Urgency.SELF_CARE),  # "not sure" is yes only for an emergency sign (spec A)
    ({"rf_palpitations_or_faint": "unsure", "rf_one_leg_swollen": "unsure"}, Urgency.EMERGENCY),
])
def test_urgency_levels(answers, level):
    assert assess(BANK, answers).level is level


def test_walking_pain_or_a_new_medicine_means_a_visit_within_a_day_or_two():
    assert assess(BANK, yes("f_walk_pain", "f_rest_relief_minutes", "g_sleep_disturbed")).advice == ("advice.routine_soon",)
    assert assess(BANK, yes("g_sleep_disturbed")).advice == ("advice.routine",)


# --- choosing the next question ----------------------------------------------------------------

def test_red_flags_come_first():
    assert next_question(BANK, {}).id == "flags_heart"


def no(*questions):
    return {f: "no" for q in questions for f in BANK.question(q).features}


EMERGENCY = ("flags_heart", "flags_leg_sudden", "flags_spine")


def test_emergency_questions_come_first_and_every_one_is_asked():
    answers = {}
    for expected in EMERGENCY:
        assert next_question(BANK, answers).id == expected
        answers.update(no(expected))
    assert next_question(BANK, answers).id == "legs_swelling"


def test_a_grouped_no_rules_out_every_sign_it_asks_about():
    answers = no(*EMERGENCY, "legs_swelling")
    assert next_question(BANK, answers).id == "walking"
    assert "rf_one_leg_swollen" in answers and "f_varicose_veins" in answers


def test_a_grouped_yes_is_told_apart_most_urgent_first():
    answers = no(*EMERGENCY)
    assert next_question(BANK, answers, {"legs_swelling": "yes"}).id == "flags_clot_or_skin"
    answers.update(no("flags_clot_or_skin"))  # then the veins are the yes: which one decides the cause
    assert next_question(BANK, answers, {"legs_swelling": "yes", "flags_clot_or_skin": "no"}).id == "f_varicose_veins"


def test_a_follow_up_that_cannot_change_the_result_is_not_asked():
    """Back pain or easing on bending forward both bring in a nerve cause (spec B.4): that yes is not told apart."""
    answers = {**no(*EMERGENCY, "legs_swelling"), "f_walk_pain": "no"}
    knowledge = know(BANK, answers, {"walking": "yes"})
    assert "nerve" in knowledge.named
    assert next_question(BANK, answers, {"walking": "yes"}).id == "feet_feel"


def test_a_reason_names_the_narrowest_group_answered_yes():
    """Yes to the feet, yes to tingling, no to the feet's blood-flow signs: the reason is the tingling said,
    not the wider "how your feet feel", though both have the same signs left (burning or numbness)."""
    from triage.knowledge import group_reasons
    groups = {"feet_feel": "yes", "tingling": "yes", "feet": "no"}
    answers = no(*EMERGENCY, "feet")
    assert group_reasons(BANK, know(BANK, answers, groups), "nerve") == ("tingling",)


def test_a_red_flag_counts_towards_its_cause():
    """Spec B.11: rest pain at night is PAD at its worst, tingling lips can mean low calcium."""
    assert ranked_causes(BANK, yes("rf_foot_pain_at_rest_night")) == ("pad",)
    assert ranked_causes(BANK, yes("rf_tingling_lips_or_fingers")) == ("electrolytes",)


def test_once_urgent_only_questions_that_could_make_it_an_emergency_or_tell_a_yes_apart_are_asked():
    answers = no(*EMERGENCY)
    groups = {"legs_swelling": "yes", "flags_clot_or_skin": "yes"}
    assert know(BANK, answers, groups).low_level is Urgency.URGENT
    assert next_question(BANK, answers, groups).id == "rf_injury_tight_swollen_muscle"
    answers.update({"rf_injury_tight_swollen_muscle": "no", "rf_fever_shivery_or_confused": "no"})
    # The swelling question's yes may also have been the veins: that is told apart (a cause may fit) ...
    assert next_question(BANK, answers, groups).id == "veins"
    answers.update(no("veins"))
    # ... but no new cause question is asked, only what holds an emergency: dark urine (A7) is in this group.
    assert next_question(BANK, answers, groups).id == "before_cramps"
    answers.update(no("before_cramps"))
    assert next_question(BANK, answers, groups) is None


def test_not_sure_to_an_emergency_group_is_an_emergency():
    state, turn = _after("no", "unsure")  # no cramp now; "not sure" to chest pain or a racing heart
    assert state.result.urgency is Urgency.EMERGENCY and turn.end_session


def test_once_a_cause_is_in_its_other_questions_are_skipped():
    _, state = play(["f_walk_pain", "f_rest_relief_minutes", "f_cold_pale_feet"])
    assert state.result.causes == ("pad",)
    # The feet question was asked (its red flags are for everyone): its yes was told apart from the nerve signs
    # and the red flags, but not down to cold feet, which cannot change the result once PAD is in.
    assert state.groups["feet_feel"] == "yes" and state.groups["tingling"] == state.groups["flags_foot_blood"] == "no"
    assert "f_cold_pale_feet" not in state.answers


# --- realistic cases ---------------------------------------------------------------------------

@pytest.mark.parametrize("case", VIGNETTES, ids=[c["name"] for c in VIGNETTES])
def test_each_realistic_case_gets_its_expected_result(case):
    _, state = play(case["true"])
    assert state.result == Result(Urgency(case["urgency"]), tuple(case["causes"]))


def test_a_typical_check_takes_no_more_than_16_answers():
    """These patients describe nothing in their own words; the evaluation (test_evaluation.py) plays the cases
    with what each would say."""
    counts = [play(case["true"])[0] for case in VIGNETTES]
    assert statistics.median(counts) <= 16, counts
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


# --- safety rules read a grouped yes as it may stand (the follow-ups may not have come yet) ------------

def _after(*answers):
    state, _ = step(BANK, State(), Launch())
    for word in answers:
        state, turn = step(BANK, state, Answer(word))
    return state, turn


def test_no_stretching_after_a_grouped_red_flag_yes():
    from triage.model import Command
    # no cramp now, no to the three emergency questions and the open question, yes to the legs swelling
    state, turn = _after("no", "no", "no", "no", "no", "yes")
    assert turn.ask == "flags_clot_or_skin"
    state, turn = step(BANK, state, Answer("yes"))  # one leg swollen, red, hot or tender: not yet told apart
    state, turn = step(BANK, state, Command.RELIEF)
    assert [line.key for line in turn.lines if hasattr(line, "key")][:1] == ["relief.not_after_red_flag"]


def test_no_warmth_after_a_yes_to_tingling_or_numbness():
    from triage.model import Command
    state, turn = _after("no", "no", "no", "no", "no", "no", "no")
    assert turn.ask == "feet_feel"
    state, turn = step(BANK, state, Answer("yes"))  # burning, tingling, numb or cold feet, or a foot red flag
    assert turn.ask == "tingling"
    state, turn = step(BANK, state, Answer("yes"))  # burning, tingling or numbness
    state, turn = step(BANK, state, Answer("no"))  # not numb legs: burning or tingling feet, then
    assert turn.ask == "feet"
    state, turn = step(BANK, state, Answer("no"))  # no foot red flag: coaching may start, without warmth
    state, turn = step(BANK, state, Command.RELIEF)
    state, turn = step(BANK, state, Answer("no"))  # under ten minutes so far
    keys = []
    while turn.ask == "relief_check" and len(keys) < 60:
        keys += [line.key for line in turn.lines if hasattr(line, "key")]
        state, turn = step(BANK, state, Answer("no"))
    assert "relief.no_heat" in keys and "relief.heat" not in keys


def test_a_doubt_counts_for_the_safety_rules_though_not_for_the_urgency():
    """"Not sure" to an urgent red flag makes nothing urgent (spec A counts only the emergency signs), but
    no coaching is offered while a clot is in doubt, and no warmth while numb skin is (spec D.4)."""
    from triage.knowledge import possibly_yes

    doubt = {"rf_leg_warm_red_tender": "unsure"}
    assert assess(BANK, doubt).level is Urgency.SELF_CARE
    assert not coaching_allowed(BANK, possibly_yes(BANK, doubt, {}))
    assert skip_heat_advice(BANK, possibly_yes(BANK, {"f_leg_numbness": "unsure"}, {}))
    assert not skip_heat_advice(BANK, possibly_yes(BANK, {"f_leg_numbness": "no"}, {}))


@pytest.mark.parametrize("doubts, key, named", [
    (["rf_foot_wound_or_black_toe"], "result.doubted_red_flag", 1),
    (["rf_one_leg_swollen", "rf_leg_warm_red_tender"], "result.doubted_red_flags", 2),
    (["rf_one_leg_swollen", "rf_leg_warm_red_tender", "rf_cramps_arms_or_belly"], "result.doubted_red_flags_more", 2),
])
def test_the_result_names_at_most_two_red_flags_in_doubt(doubts, key, named):
    from triage.engine import _conclude

    state = State(answers={**dict.fromkeys(doubts, "unsure"), "rf_chest_pain_or_breathless": "no"})
    _, turn = _conclude(BANK, state, ())
    doubted = [line for line in turn.lines if line.key.startswith("result.doubted")]
    assert [line.key for line in doubted] == [key] and doubted[0].features == tuple(doubts[:named])
    assert "self_care.stretch" not in [line.key for line in turn.lines]  # no coaching while a clot is in doubt
