"""Spoken phrases through the real interaction model: virtual-alexa (npm) plays Alexa and calls the
loopback `serve` endpoint, exactly as a device would call the deployed skill.

Test-only samples for built-in intents live in a copy of the model (model_copy.py), never the real one.
"""
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from local.server import start_background, stop
from skill.speech import plain_text
from support.alexa_checks import check_response

from .model_copy import write_test_model

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("driver.js")


@pytest.fixture(scope="module")
def endpoint():
    assert (ROOT / "node_modules" / "virtual-alexa").is_dir(), "run `npm ci` (make test does) for virtual-alexa"
    server, url = start_background()
    yield url
    stop(server)


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    return write_test_model(ROOT / "interaction_model" / "en-US.json", tmp_path_factory.mktemp("model") / "en-US.json")


def drive(endpoint, model, steps, locale="en-US"):
    """Say each phrase to virtual-alexa; return its records (step, request sent, response), every response checked."""
    job = {"url": endpoint, "model": str(model), "locale": locale, "steps": steps}
    done = subprocess.run([shutil.which("node") or "node", str(DRIVER)], input=json.dumps(job),
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(records) == len(steps)
    for record in records:
        check_response(record["response"])
        assert record["request"]["request"]["locale"] == locale
    return records


def heard(record):
    ssml = record["response"]["response"].get("outputSpeech", {}).get("ssml")
    return plain_text(ssml) if ssml else ""


def speak(endpoint, model, steps):
    """[(phrase, intent request sent, what Alexa says, whether the session ended)] in en-US."""
    return [(r["step"], r["request"]["request"], heard(r), r["response"]["response"].get("shouldEndSession") is not False)
            for r in drive(endpoint, model, steps)]


def test_a_full_check_up_by_spoken_phrases(endpoint, model):
    script = [
        ("open leg cramp helper", "not a diagnosis"),
        ("not right now", "short of breath"),
        ("no", "suddenly gone cold"),
        ("nope", "numbness between your legs"),
        ("not really", "one leg more swollen"),
        ("no", "Does walking bring on cramp"),
        ("yes", "go away within a few minutes"),
        ("go back", "let's take that one again. Does walking bring on cramp"),
        ("yeah", "go away within a few minutes"),
        ("help", "I ask short yes or no questions"),
        ("I'm not sure", "sit down or bend forward"),
        ("no", "hang it down"),
        ("no", "colder or paler"),
        ("say that again", "colder or paler"),
        ("no", "shiny"),
        ("yes", "heavy or achy"),
        ("no", "water pill"),
        ("no", "statin"),
        ("no", "been sick"),
        ("no", "burn, tingle"),
        ("no", "lower back"),
        ("no", "much harder than usual"),
        ("no", "thyroid"),
        ("no", "Narrowed leg arteries, which cut the blood flow, may fit, because walking brings the pain on, and the skin on your shins is shiny"),
        ("no", "Goodbye"),
    ]
    turns = speak(endpoint, model, [phrase for phrase, _ in script])
    for (phrase, expected), (_, request, heard, _) in zip(script, turns):
        assert expected.lower() in heard.lower(), f"{phrase!r}: heard {heard!r}"
    assert turns[-1][3] is True and not any(ended for *_, ended in turns[:-1])
    assert turns[10][1]["intent"]["name"] == "AnswerIntent"  # "I'm not sure"
    resolution = turns[10][1]["intent"]["slots"]["answer"]["resolutions"]["resolutionsPerAuthority"][0]
    assert resolution["values"][0]["value"]["id"] == "unsure"


def test_not_sure_to_an_emergency_question_ends_with_the_number(endpoint, model):
    turns = speak(endpoint, model, ["open leg cramp helper", "no", "I don't know"])
    assert "Please call 911 now" in turns[-1][2] and turns[-1][3] is True


def test_sometimes_counts_as_yes_and_stop_ends(endpoint, model):
    turns = speak(endpoint, model, ["open leg cramp helper", "no", "no", "no", "no", "sometimes", "stop"])
    assert "one leg more swollen" in turns[4][2]
    assert "tight bandage" in turns[5][2], "sometimes swollen counts as yes"
    assert turns[-1][2].startswith("Goodbye") and turns[-1][3] is True


def test_off_topic_speech_is_met_kindly(endpoint, model):
    turns = speak(endpoint, model, ["open leg cramp helper", "order a pizza", "start over"])
    assert "Please say yes or no" in turns[1][2]
    assert "start again from the first question" in turns[2][2]


LOCALE_NUMBERS = {"en-US": "911", "en-GB": "999", "en-CA": "911", "en-AU": "000", "en-IN": "112"}


@pytest.fixture(scope="module")
def locale_models(tmp_path_factory):
    folder = tmp_path_factory.mktemp("models")
    return {loc: write_test_model(ROOT / "interaction_model" / f"{loc}.json", folder / f"{loc}.json") for loc in LOCALE_NUMBERS}


@pytest.mark.parametrize("locale", sorted(LOCALE_NUMBERS))
def test_a_full_check_up_in_free_phrases_in_every_locale(endpoint, locale_models, locale):
    steps = ["open leg cramp helper", "my calf cramps when I walk and my ankles swell by the evening",
             "no", "nope", "no", "not really", "I take furosemide", "sort of", "I'm on Lipitor", *["no"] * 20]
    said = [heard(record) for record in drive(endpoint, locale_models[locale], steps, locale)]
    assert f"call {LOCALE_NUMBERS[locale]}" in said[0]
    assert said[1].startswith("Got it: cramps when you walk, and puffy ankles by evening.")
    assert said[6].startswith("Got it: a")  # water pill, water tablet or fluid tablet, as the locale says it
    assert said[8].startswith("Got it: a statin.")
    assert not any("Does walking bring on cramp" in h for h in said), "a described symptom is not asked again"
    result = next(h for h in said if "may fit" in h)
    assert "Narrowed leg arteries" in result and "A side effect of a medicine may fit" in result
    assert "because walking brings the pain on" in result


PHRASES = [  # (locale, what is said, intent, slot, resolved id)
    ("en-US", "my feet burn and tingle", "DescribeSymptomIntent", "symptom", "f_burning_tingling_feet"),
    ("en-US", "it's worse after a long shift", "DescribeSymptomIntent", "symptom", "f_long_standing_hard_floor"),
    ("en-US", "I'm on Lasix", "MedicineIntent", "medicine", "diuretic"),
    ("en-US", "only at night", "AnswerIntent", "answer", "only_at_night"),
    ("en-GB", "I've been sick with diarrhoea", "DescribeSymptomIntent", "symptom", "f_recent_fluid_loss"),
    ("en-GB", "my water tablet", "MedicineIntent", "medicine", "diuretic"),
    ("en-AU", "I'm on Lipitor", "MedicineIntent", "medicine", "statin"),
    ("en-IN", "a little", "AnswerIntent", "answer", "a_little"),
    ("en-CA", "forget my data", "ForgetMyDataIntent", None, None),
    ("en-GB", "I've got cramp right now", "CrampNowIntent", None, None),
    ("en-US", "help me with a leg cramp", "CrampNowIntent", None, None),
    ("en-AU", "say that again slowly", "SlowerIntent", None, None),
    ("en-US", "not right now", "AnswerIntent", "answer", "no"),
    ("en-IN", "it's gone", "AnswerIntent", "answer", "yes"),
]


@pytest.mark.parametrize("locale", sorted(LOCALE_NUMBERS))
def test_a_cramp_right_now_eased_by_free_phrases_in_every_locale(endpoint, locale_models, locale):
    steps = ["open leg cramp helper", "I'm having a cramp right now", "slower please", "not yet", "it's gone", "no"]
    records = drive(endpoint, locale_models[locale], steps, locale)
    said = [heard(record) for record in records]
    assert said[1].startswith("Let's ease it, one step at a time.") and said[1].endswith("Has it eased?")
    assert said[2] == said[1] and 'rate="75%"' in records[2]["response"]["response"]["outputSpeech"]["ssml"]
    assert said[3].startswith("If you can stand safely")
    assert "glad it's easing" in said[4] and "ibuprofen" in said[4]
    assert said[5].startswith("Goodbye") and f"call {LOCALE_NUMBERS[locale]}" in said[5]


@pytest.mark.parametrize("locale, phrase, intent, slot, value_id", PHRASES, ids=[p[1] for p in PHRASES])
def test_natural_phrases_reach_their_intent_and_id_through_the_real_model(endpoint, locale_models, locale, phrase, intent, slot, value_id):
    record = drive(endpoint, locale_models[locale], ["open leg cramp helper", phrase], locale)[1]
    sent = record["request"]["request"]["intent"]
    assert sent["name"] == intent
    if slot:
        resolution = sent["slots"][slot]["resolutions"]["resolutionsPerAuthority"][0]
        assert resolution["status"]["code"] == "ER_SUCCESS_MATCH" and resolution["values"][0]["value"]["id"] == value_id
