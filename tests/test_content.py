"""Content is data: both files pass their schemas, every id cross-references, every text renders as SSML,
and nothing the skill can say breaks the safety rules of the clinical spec."""
import re
from xml.etree import ElementTree

import pytest

from skill.speech import render
from skill.texts import texts_for
from support.renderings import renderings
from triage.bank import load_bank, parse_bank
from triage.content_files import content_dir, read_json, validator
from triage.errors import ContentError
from triage.model import Card, Line, Prompt, Turn

BANK = load_bank()
TEXTS = texts_for("en-US")
CAUSES = ["pad", "venous_insufficiency", "electrolytes", "nerve", "medication", "overuse", "metabolic"]


def spoken(key):
    return next(s for k, s in renderings(TEXTS) if k == key)


def test_bank_ids_are_the_clinical_specs():
    assert sorted(BANK.causes) == sorted(CAUSES)
    assert {f for f in BANK.features if f.startswith("rf_")} >= {
        "rf_chest_pain_or_breathless", "rf_leg_sudden_cold_pale", "rf_leg_sudden_numb_or_weak",
        "rf_saddle_numbness_or_bladder_bowel", "rf_both_legs_weak_or_numb", "rf_injury_tight_swollen_muscle",
        "rf_dark_urine", "rf_palpitations_or_faint", "rf_skin_red_hot_patch", "rf_fever_shivery_or_confused",
    }


def test_every_emergency_flag_of_spec_a1_to_a8_is_asked_up_front_or_behind_a_gate():
    asked = {f: q for q in BANK.questions for f in q.features}
    for flag in ["rf_chest_pain_or_breathless", "rf_palpitations_or_faint", "rf_leg_sudden_cold_pale",
                 "rf_leg_sudden_numb_or_weak", "rf_saddle_numbness_or_bladder_bowel", "rf_both_legs_weak_or_numb",
                 "rf_injury_tight_swollen_muscle", "rf_dark_urine", "rf_fever_shivery_or_confused"]:
        assert flag in asked, flag
    first_three = [q.id for q in BANK.questions[:3]]
    assert first_three == ["flags_heart", "flags_leg_sudden", "flags_spine"]


def test_a_bank_with_a_dangling_id_is_refused():
    raw = read_json(content_dir() / "bank.json")
    raw["questions"].append({"id": "f_no_such_thing"})
    with pytest.raises(ContentError, match="unknown feature f_no_such_thing"):
        parse_bank(raw)


def test_groups_that_overlap_without_nesting_are_refused():
    """A follow-up tells apart one group's yes; a feature in two unrelated groups would have two parents."""
    raw = read_json(content_dir() / "bank.json")
    raw["questions"].append({"id": "flags_again", "features": ["f_walk_pain", "f_cold_pale_feet"]})
    with pytest.raises(ContentError, match="overlap without one holding the other"):
        parse_bank(raw)


def test_a_feature_with_two_questions_of_its_own_is_refused():
    raw = read_json(content_dir() / "bank.json")
    raw["questions"].append({"id": "f_walk_pain"})
    with pytest.raises(ContentError, match="more than one question of its own|used twice"):
        parse_bank(raw)


def test_a_follow_up_placed_before_its_group_is_refused():
    raw = read_json(content_dir() / "bank.json")
    follow_up = next(q for q in raw["questions"] if q["id"] == "f_varicose_veins")
    raw["questions"].remove(follow_up)
    raw["questions"].insert(0, follow_up)
    with pytest.raises(ContentError, match="comes before the group"):
        parse_bank(raw)


def test_schemas_reject_a_typo():
    raw = read_json(content_dir() / "bank.json")
    raw["questions"][0]["ask_iff"] = ["f_walk_pain"]
    assert list(validator("bank.schema.json").iter_errors(raw))
    texts = read_json(content_dir() / "en.json")
    texts["texts"]["welcome"] = "<speak>raw markup</speak>"
    assert list(validator("texts.schema.json").iter_errors(texts))


@pytest.mark.parametrize("name", sorted(p.name for p in content_dir().glob("en*.json")))
def test_every_locale_file_passes_the_texts_schema(name):
    errors = list(validator("texts.schema.json").iter_errors(read_json(content_dir() / name)))
    assert errors == []


def test_every_question_and_prompt_has_a_question_and_a_reprompt_that_adds_guidance():
    for qid in [q.id for q in BANK.questions] + [p.value for p in Prompt]:
        question, reprompt = TEXTS[f"question.{qid}"], TEXTS[f"reprompt.{qid}"]
        assert reprompt != question and len(reprompt) > len(question), qid


def test_questions_are_short():
    words = {q.id: len(TEXTS[f"question.{q.id}"].split()) for q in BANK.questions}
    long = {q: n for q, n in words.items() if n >= 20}
    assert long == {}


def test_every_cause_feature_and_advice_has_words():
    for cause in BANK.causes:
        assert TEXTS[f"cause.{cause}"]
    for fid, feature in BANK.features.items():
        if feature.weights:
            assert TEXTS[f"because.{fid}"]
    for bonus in BANK.bonuses:
        for fid in bonus.when.features():
            assert TEXTS[f"because.{fid}"]
    for key in BANK.advice_keys() | {"advice.self_care", "advice.medicines"}:
        assert TEXTS[key]


def test_every_text_renders_as_well_formed_ssml():
    for key, speech in renderings(TEXTS):
        for ssml in filter(None, [speech.ssml, speech.reprompt_ssml]):
            assert ElementTree.fromstring(ssml).tag == "speak", key


def test_ampersands_and_angle_brackets_in_content_are_escaped():
    texts = type(TEXTS)("xx", {**TEXTS.texts, "welcome": "A&E < 5 minutes"}, TEXTS.emergency_number)
    speech = render(Turn((Line("welcome"),)), texts)
    assert "A&amp;E &lt; 5 minutes" in speech.ssml
    ElementTree.fromstring(speech.ssml)


def test_the_card_is_plain_text_with_the_answers():
    card = Card((Line("result.intro"),), (("f_walk_pain", "yes"), ("flags_heart", "no")))
    speech = render(Turn(card=card), TEXTS)
    assert "<" not in speech.card_text
    assert "Does walking bring on cramp or aching in your calf, thigh or buttock? yes" in speech.card_text


BANNED = {
    "a diagnosis as fact": re.compile(r"(?<!do )(?<!if )\byou have\b", re.I),
    "quinine": re.compile(r"quinine", re.I),
    "tonic water": re.compile(r"tonic", re.I),
    "supplements": re.compile(r"supplement|vitamin b", re.I),
    "stopping a medicine": re.compile(r"(?<!n.t )\bstop (taking )?(your |the |any |all )?(medicine|tablet|pill|statin|water|diuretic)", re.I),
    "Alexa calling for them": re.compile(r"\b(I will|I'll|I can) call\b", re.I),
}


@pytest.mark.parametrize("rule", sorted(BANNED))
def test_nothing_the_skill_can_say_breaks_a_safety_rule(rule):
    found = [key for key, text in TEXTS.texts.items() if BANNED[rule].search(text)]
    assert found == []


def test_every_emergency_and_urgent_message_says_the_emergency_number_or_names_a_doctor():
    for rule in BANK.urgency_rules:
        text = TEXTS[rule.advice]
        if rule.level.value == "emergency":
            assert "{emergency_number}" in text, rule.advice
            assert "911" in spoken(rule.advice).ssml
        elif rule.level.value == "urgent":
            assert "today" in text, rule.advice


def test_the_welcome_says_not_a_diagnosis_and_the_number_in_one_breath():
    welcome = TEXTS["welcome"]
    first_sentences = welcome.split(". ")[:2]
    assert any("not a diagnosis" in s and "{emergency_number}" in s for s in first_sentences)
    assert "can't call" in welcome


def test_a_locale_the_skill_does_not_ship_says_local_emergency_number():
    texts = texts_for("fr-FR")
    speech = render(Turn((Line("welcome"),)), texts)
    assert "your local emergency number" in speech.ssml and "911" not in speech.ssml


def test_no_medical_wording_in_python():
    """Every spoken word lives in content/: no Python string literal repeats a sentence from it."""
    from pathlib import Path
    sentences = {s.strip() for t in TEXTS.texts.values() for s in re.split(r"[.?!]", t) if len(s.split()) >= 4}
    code = "\n".join(p.read_text() for p in (Path(__file__).parents[1] / "lambda").rglob("*.py"))
    assert [s for s in sentences if s in code] == []


def test_every_group_can_be_given_as_a_reason():
    """A yes to a group that is never told apart can be why a cause may fit: it is said as the group."""
    texts = read_json(content_dir() / "en.json")["texts"]
    groups = [q["id"] for q in read_json(content_dir() / "bank.json")["questions"] if "features" in q]
    assert [g for g in groups if f"because.{g}" not in texts] == []
