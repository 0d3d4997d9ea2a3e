"""Locales: each English market hears its own emergency number, health line and words (GP, A&E, water tablet...),
through the real handler; a locale the skill does not ship gets US wording with "your local emergency number";
and every locale file keeps the schema and the safety rules of test_content."""
import re
from xml.etree import ElementTree

import pytest

from lambda_function import lambda_handler
from local.envelopes import Session, intent, launch
from skill.speech import plain_text
from skill.texts import texts_for
from support.alexa_checks import check_response
from support.renderings import renderings
from test_content import BANNED
from triage.bank import load_bank
from triage.content_files import content_dir, read_json, validator

BANK = load_bank()
SHIPPED = ["en-US", "en-GB", "en-CA", "en-AU", "en-IN"]
NEW_FILES = ["en-GB", "en-CA", "en-AU", "en-IN"]  # en-US is the lead's; it is checked through the handler only

EMERGENCY = {"en-US": "911", "en-CA": "911", "en-GB": "999", "en-AU": "000", "en-IN": "112"}

YES, NO = intent("AMAZON.YesIntent"), intent("AMAZON.NoIntent")
UNSURE = intent("AnswerIntent", {"answer": "unsure"})


def digits(number):
    return f'<say-as interpret-as="digits">{number}</say-as>'


class Talk:
    """One conversation through lambda_handler, every response checked against the Alexa schema."""

    def __init__(self, locale):
        self.session = Session(locale=locale)
        self.ssml = self.heard = ""

    def say(self, request):
        response = lambda_handler(self.session.envelope(request), None)
        check_response(response)
        self.session.update(response)
        self.ssml = response["response"].get("outputSpeech", {}).get("ssml", "")
        self.heard = plain_text(self.ssml) if self.ssml else ""
        return self

    @property
    def asking(self):
        """The id of the question the skill is waiting on: the same in every locale, whatever its words."""
        return (self.session.attributes or {}).get("check", {}).get("question")


def urgent_result(locale):
    """No to a cramp now, to the three emergency questions and to the open question; yes to the legs question and
    to "Is one leg more swollen...", then no to the rest: urgent advice."""
    talk = Talk(locale).say(launch()).say(NO).say(NO).say(NO).say(NO).say(NO)  # the first no: no cramp right now
    assert talk.asking == "legs_swelling", talk.heard
    talk.say(YES)
    assert "Is one leg more swollen than the other" in talk.heard
    talk.say(YES)
    for _ in range(len(BANK.questions)):
        if talk.asking in ("repeat_result", "offer_reminder"):  # the result: then what comes after it
            break
        talk.say(NO)
    assert "blood clot" in talk.heard, talk.heard
    return talk


# --- through the handler --------------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", SHIPPED)
def test_the_welcome_says_the_local_emergency_number_as_digits(locale):
    talk = Talk(locale).say(launch())
    assert digits(EMERGENCY[locale]) in talk.ssml
    assert f"call {EMERGENCY[locale]}" in talk.heard
    assert not talk.session.ended


@pytest.mark.parametrize("locale", SHIPPED)
def test_not_sure_to_the_first_safety_question_says_the_local_emergency_number(locale):
    talk = Talk(locale).say(launch()).say(NO).say(UNSURE)
    assert digits(EMERGENCY[locale]) in talk.ssml
    assert f"call {EMERGENCY[locale]} now" in talk.heard
    assert "I can't call for you" in talk.heard
    assert talk.session.ended
    others = set(EMERGENCY.values()) - {EMERGENCY[locale]}
    assert not any(number in talk.heard for number in others)


def test_gb_urgent_advice_names_the_gp_and_nhs_111():
    talk = urgent_result("en-GB")
    assert f"NHS {digits('111')}" in talk.ssml
    assert "contact your GP today or call NHS 111" in talk.heard
    assert "call 999" in talk.heard
    assert "urgent care" not in talk.heard


def test_au_urgent_advice_names_the_gp_and_healthdirect_as_a_telephone_number():
    talk = urgent_result("en-AU")
    assert 'healthdirect <say-as interpret-as="telephone">1800022222</say-as>' in talk.ssml
    assert "see your GP today or call healthdirect 1800022222" in talk.heard
    assert "call 000" in talk.heard


def test_ca_urgent_advice_names_the_family_doctor_and_a_local_health_line_never_811():
    talk = urgent_result("en-CA")
    assert "contact your family doctor today or call your local health line" in talk.heard
    assert "call 911" in talk.heard
    assert "811" not in talk.ssml


def test_in_urgent_advice_names_a_doctor_and_no_health_line():
    talk = urgent_result("en-IN")
    assert "see a doctor today" in talk.heard
    assert "call 112" in talk.heard
    assert "GP" not in talk.heard and "health line" not in talk.heard and "111" not in talk.heard


def test_us_urgent_advice_names_a_doctor_and_no_health_line():
    talk = urgent_result("en-US")
    assert "contact a doctor today" in talk.heard
    assert "call 911" in talk.heard
    assert "GP" not in talk.heard and "health line" not in talk.heard and "NHS" not in talk.heard


@pytest.mark.parametrize("locale", ["en-ZA", "de-DE", "en-NZ"])
def test_a_locale_the_skill_does_not_ship_gets_us_wording_and_no_number(locale):
    talk = Talk(locale).say(launch())
    assert "call your local emergency number" in talk.heard
    assert "say-as" not in talk.ssml and not re.search(r"\d{3}", talk.heard)
    talk.say(NO).say(UNSURE)
    assert "Please call your local emergency number now" in talk.heard
    assert not re.search(r"\d{3}", talk.heard)
    talk = urgent_result(locale)
    assert "contact a doctor today" in talk.heard and "your local emergency number" in talk.heard
    assert "say-as" not in talk.ssml and "GP" not in talk.heard and "health line" not in talk.heard


@pytest.mark.parametrize("locale, words", [
    ("en-GB", "have you been sick, had diarrhoea, or sweated very heavily?"),
    ("en-AU", "have you been sick, had diarrhoea, or sweated very heavily?"),
    ("en-IN", "have you had vomiting, diarrhoea, or very heavy sweating?"),
    ("en-CA", "have you been sick, had diarrhea, or sweated very heavily?"),
    ("en-US", "have you been sick, had diarrhea, or sweated very heavily?"),
])
def test_the_fluid_loss_question_is_spelled_the_local_way(locale, words):
    """No to everything up to the question on what came before the cramps; yes to that, and no to dark urine."""
    talk = Talk(locale).say(launch())
    for _ in range(len(BANK.questions)):
        if talk.asking == "f_recent_fluid_loss":
            break
        talk.say(YES if talk.asking == "before_cramps" else NO)
    assert words in talk.heard


# --- the locale files ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", NEW_FILES)
def test_each_locale_file_passes_the_schema_and_extends_the_base_english(locale):
    raw = read_json(content_dir() / f"{locale}.json")
    assert list(validator("texts.schema.json").iter_errors(raw)) == []
    assert raw["locale"] == locale and raw["extends"] == "en"
    base = read_json(content_dir() / "en.json")["texts"]
    assert set(raw["texts"]) <= set(base), "a locale only overrides texts the base has"
    assert [k for k, v in raw["texts"].items() if v == base[k]] == [], "override only what differs"
    assert texts_for(locale).locale == locale


@pytest.mark.parametrize("locale", NEW_FILES)
@pytest.mark.parametrize("rule", sorted(BANNED))
def test_no_locale_text_breaks_a_safety_rule(locale, rule):
    found = [key for key, text in texts_for(locale).texts.items() if BANNED[rule].search(text)]
    assert found == []


@pytest.mark.parametrize("locale", SHIPPED + ["en-ZA"])
def test_every_text_of_every_locale_renders_as_well_formed_ssml(locale):
    for key, speech in renderings(texts_for(locale)):
        for ssml in filter(None, [speech.ssml, speech.reprompt_ssml]):
            assert ElementTree.fromstring(ssml).tag == "speak", key


@pytest.mark.parametrize("locale", NEW_FILES)
def test_questions_stay_short_and_reprompts_add_guidance(locale):
    texts = texts_for(locale)
    for question in BANK.questions:
        asked, reprompt = texts[f"question.{question.id}"], texts[f"reprompt.{question.id}"]
        assert len(asked.split()) < 20, question.id
        assert len(reprompt) > len(asked), question.id


@pytest.mark.parametrize("locale", NEW_FILES)
def test_emergency_advice_says_the_number_and_urgent_advice_says_today(locale):
    texts = texts_for(locale)
    for rule in BANK.urgency_rules:
        text = texts[rule.advice]
        if rule.level.value == "emergency":
            assert "{emergency_number}" in text, rule.advice
        elif rule.level.value == "urgent":
            assert "today" in text, rule.advice
            assert ("{health_line}" in text) == (texts.health_line is not None), rule.advice


@pytest.mark.parametrize("locale", ["en", "en-US", "en-IN"])
def test_a_locale_without_a_health_line_never_mentions_one(locale):
    raw = read_json(content_dir() / f"{locale}.json")
    assert "health_line" not in raw["values"]
    assert [k for k, v in texts_for(locale).texts.items() if "{health_line}" in v] == []


def test_canada_never_names_811_which_only_some_provinces_have():
    raw = read_json(content_dir() / "en-CA.json")
    assert raw["values"]["health_line"] == {"words": "your local health line"}
    assert not any(re.search(r"8\s*1\s*1|eight one one", v, re.I) for v in texts_for("en-CA").texts.values())


# Words of the US base that must not be heard in a locale (so a new base text with one needs an override).
NOT_LOCAL = {
    "en-GB": r"diarrhea|water pill|emergency room|urgent care|sweater|shopping cart|heating pad|\byour doctor\b|\bbelly\b",
    "en-AU": r"diarrhea|water pill|emergency room|urgent care|sweater|shopping cart|heating pad|\byour doctor\b",
    "en-CA": r"emergency room|urgent care|(?<!family )\byour doctor\b|\b811\b",
    "en-IN": r"diarrhea|water pill|emergency room|urgent care|shopping cart|been sick|being sick|\bGP\b",
}
LOCAL = {
    "en-GB": ["A&E", "GP", "water tablet", "diarrhoea", "jumper", "NHS"],
    "en-AU": ["emergency department", "GP", "fluid tablet", "diarrhoea", "jumper"],
    "en-CA": ["emergency department", "family doctor", "water pill", "diarrhea"],
    "en-IN": ["hospital emergency", "doctor", "water tablet", "diarrhoea"],
}


@pytest.mark.parametrize("locale", NEW_FILES)
def test_every_text_uses_the_local_words(locale):
    texts = texts_for(locale).texts
    leftover = {k: v for k, v in texts.items() if re.search(NOT_LOCAL[locale], v, re.I)}
    assert leftover == {}
    every_word = " ".join(texts.values()) + " " + str(texts_for(locale).health_line)
    assert [w for w in LOCAL[locale] if w not in every_word] == []
