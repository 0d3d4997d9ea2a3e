"""The clinical spec's reference rule (B.10, B.11, C.3), written out again on its own to check the skill against.

It imports nothing from lambda/triage or content/: the weights below are copied by hand from spec B.11, so a
mistake in the skill's bank cannot hide by being read back here. `expected(facts)` gives the urgency and the
causes the spec's rule gives for one person's answers.
"""
from __future__ import annotations

from collections.abc import Mapping

Facts = Mapping[str, bool | str]  # feature id -> True, False or "unsure"; a missing feature is no

# Spec B.11, "All weights together", cause by cause.
WEIGHTS: dict[str, dict[str, float]] = {
    "pad": {
        "f_walk_pain": 2, "f_rest_relief_minutes": 2, "f_cold_pale_feet": 2, "f_shiny_hairless_shins": 2,
        "rf_foot_pain_at_rest_night": 3, "rf_foot_wound_or_black_toe": 2, "rf_leg_sudden_cold_pale": 3,
        "r_smoker": 1, "r_diabetes": 1, "r_age_over_65": 0.5,
    },
    "venous_insufficiency": {
        "f_varicose_veins": 3, "f_heavy_legs_evening": 2, "f_ankle_swelling_evening": 2, "f_better_legs_raised": 2,
        "f_long_standing_hard_floor": 1, "r_pregnant": 1, "r_age_over_65": 0.5,
    },
    "electrolytes": {
        "f_recent_fluid_loss": 3, "f_on_dialysis": 3, "rf_tingling_lips_or_fingers": 3, "f_takes_diuretic": 2,
        "f_low_fluid_intake": 2, "rf_palpitations_or_faint": 2, "f_hot_weather_sweating": 1, "f_told_low_vitamin_d": 1,
    },
    "nerve": {
        "f_burning_tingling_feet": 3, "f_back_pain_down_leg": 3, "f_sit_or_bend_relief": 3,
        "rf_saddle_numbness_or_bladder_bowel": 3, "rf_both_legs_weak_or_numb": 3, "f_leg_numbness": 2,
        "g_progressive_weakness_or_wasting": 1, "f_walk_pain": 1, "r_diabetes": 1, "r_heavy_alcohol": 1,
    },
    "medication": {"f_new_medicine_before_cramps": 3, "f_takes_diuretic": 3, "f_takes_statin": 1},
    "overuse": {
        "f_hard_activity_day_before": 3, "f_long_standing_hard_floor": 2, "f_fewer_cramps_after_rest": 2,
        "f_hot_weather_sweating": 1,
    },
    "metabolic": {
        "f_known_thyroid_problem": 3, "f_told_low_vitamin_d": 3, "f_feels_cold_often": 2, "f_tires_quickly": 1,
        "r_diabetes": 1, "f_on_dialysis": 1,
    },
}

# B.10 step 3: ties go to the cause most dangerous to miss.
TIE_ORDER = ("pad", "medication", "electrolytes", "nerve", "metabolic", "venous_insufficiency", "overuse")
THRESHOLD = 3  # B.10 step 2
MAX_CAUSES = 3  # B.10 step 4 says "2 or 3"; the skill names up to three

# C.3 self-care: causes named on these alone do not call for a doctor visit.
LIFESTYLE = {
    "f_hard_activity_day_before", "f_long_standing_hard_floor", "f_fewer_cramps_after_rest",
    "f_hot_weather_sweating", "f_low_fluid_intake",
}

# Spec A1 to A8: "not sure" to any of them counts as yes (spec A, dialogue rule).
EMERGENCY_FLAGS = {
    "rf_chest_pain_or_breathless", "rf_leg_sudden_cold_pale", "rf_leg_sudden_numb_or_weak",
    "rf_saddle_numbness_or_bladder_bowel", "rf_both_legs_weak_or_numb", "rf_injury_tight_swollen_muscle",
    "rf_dark_urine", "rf_palpitations_or_faint",
}
# C.3 urgent: A10 to A13, A15 to A19 (A13 is the red hot patch without A9's fever), and A20.
URGENT_FEATURES = {
    "rf_one_leg_swollen", "rf_leg_warm_red_tender", "rf_tingling_lips_or_fingers", "rf_skin_red_hot_patch",
    "rf_foot_pain_at_rest_night", "rf_foot_wound_or_black_toe", "rf_cramp_over_10_min_not_easing",
    "rf_cramps_arms_or_belly", "rf_toxin_or_dirty_wound", "f_recent_fluid_loss",
}
# C.3 routine: these features alone.
ROUTINE_FEATURES = {
    "g_cramps_frequent", "g_sleep_disturbed", "g_daytime_tiredness", "g_progressive_weakness_or_wasting",
    "f_leg_numbness", "f_ankle_swelling_evening", "f_new_medicine_before_cramps", "r_heavy_alcohol", "f_on_dialysis",
}


def yes_features(facts: Facts) -> set[str]:
    """What counts as yes: true, and "not sure" to an emergency red flag; any other "not sure" counts as no."""
    return {f for f, v in facts.items() if v is True or (v == "unsure" and f in EMERGENCY_FLAGS)}


def expected(facts: Facts) -> tuple[str, list[str]]:
    """(urgency, causes best first) by the spec's reference rule."""
    yes = yes_features(facts)
    named = _named_causes(yes)
    return _urgency(yes, named), [cause for cause, _ in named][:MAX_CAUSES]


def _contributions(cause: str, yes: set[str]) -> dict[str, float]:
    """The yes features that add to `cause`, each with what it adds, the B.10 step 1 extras included."""
    parts = {f: w for f, w in WEIGHTS[cause].items() if f in yes}
    if cause == "pad" and {"f_walk_pain", "f_rest_relief_minutes"} <= yes:
        parts["f_rest_relief_minutes"] += 1
    if cause == "electrolytes" and "f_takes_diuretic" in yes and yes & {"f_new_medicine_before_cramps", "f_recent_fluid_loss"}:
        parts["f_takes_diuretic"] += 1
    if cause == "medication" and "f_takes_statin" in yes:
        parts.update({f: w for f, w in (("f_muscles_ache_tender", 2), ("rf_dark_urine", 1)) if f in yes})
    return parts


def _named_causes(yes: set[str]) -> list[tuple[str, set[str]]]:
    """Causes that score 3 or more on at least one feature that is not a risk factor, best first,
    each with the features that named it."""
    scored = []
    for cause in TIE_ORDER:
        parts = _contributions(cause, yes)
        if sum(parts.values()) >= THRESHOLD and any(not f.startswith("r_") for f in parts):
            scored.append((sum(parts.values()), cause, set(parts)))
    scored.sort(key=lambda item: -item[0])  # stable: equal scores keep TIE_ORDER
    return [(cause, features) for _, cause, features in scored]


def _urgency(yes: set[str], named: list[tuple[str, set[str]]]) -> str:
    """C.3: the highest level any answer reaches."""
    if yes & EMERGENCY_FLAGS or {"rf_skin_red_hot_patch", "rf_fever_shivery_or_confused"} <= yes:
        return "emergency"
    if yes & URGENT_FEATURES or {"f_takes_statin", "f_muscles_ache_tender"} <= yes:
        return "urgent"
    claudication = {"f_walk_pain", "f_rest_relief_minutes"} <= yes
    # A named cause calls for a visit when it rests on at least one feature that is neither lifestyle nor a risk factor.
    clinical_cause = any(f not in LIFESTYLE and not f.startswith("r_") for _, features in named for f in features)
    if yes & ROUTINE_FEATURES or claudication or clinical_cause:
        return "routine"
    return "self_care"
