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
from support.diary_phrases import ONE_SHOTS, phrases as diary_phrases

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
        ("not really", "what are your cramps like? Or say no, and I'll just ask"),
        ("no", "Do your legs swell, feel heavy, or have bulging veins"),
        ("no", "Does walking bring on leg pain, or does pain shoot down your leg"),
        ("yes", "ease when you sit or bend forward"),
        ("go back", "let's take that one again. Does walking bring on leg pain"),
        ("yeah", "ease when you sit or bend forward"),
        ("help", "I ask short yes or no questions"),
        ("I'm not sure", "calf, thigh or buttock"),
        ("yes", "go away within a few minutes"),
        ("yes", "feet burn, tingle, go numb or feel cold"),
        ("yes", "Is it burning, tingling or numbness"),
        ("no", "hang it down"),
        ("say that again", "hang it down"),
        ("no", "water pill or a statin"),
        ("no", "thyroid, kidney or vitamin D"),
        ("no", "any sickness"),
        ("no", "hard work, long hours standing"),
        ("no", "more alcohol"),
        ("no", "Narrowed leg arteries, which cut the blood flow, may fit, because walking brings the pain on, and it eases within minutes when you stop"),
        ("no", "I haven't set a reminder"),  # no to the reminder the result offers
        ("no", "Goodbye"),
    ]
    turns = speak(endpoint, model, [phrase for phrase, _ in script])
    for (phrase, expected), (_, request, heard, _) in zip(script, turns):
        assert expected.lower() in heard.lower(), f"{phrase!r}: heard {heard!r}"
    assert turns[-1][3] is True and not any(ended for *_, ended in turns[:-1])
    not_sure = [phrase for phrase, _ in script].index("I'm not sure")
    assert turns[not_sure][1]["intent"]["name"] == "AnswerIntent"
    resolution = turns[not_sure][1]["intent"]["slots"]["answer"]["resolutions"]["resolutionsPerAuthority"][0]
    assert resolution["values"][0]["value"]["id"] == "unsure"


def test_not_sure_to_an_emergency_question_ends_with_the_number(endpoint, model):
    turns = speak(endpoint, model, ["open leg cramp helper", "no", "I don't know"])
    assert "Please call 911 now" in turns[-1][2] and turns[-1][3] is True


def test_sometimes_counts_as_yes_and_stop_ends(endpoint, model):
    turns = speak(endpoint, model, ["open leg cramp helper", "no", "no", "no", "no", "no", "sometimes", "stop"])
    assert "what are your cramps like" in turns[4][2]
    assert "Do your legs swell" in turns[5][2]
    assert "one leg more swollen" in turns[6][2], "sometimes to the swelling group counts as yes: its follow-ups come"
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
             "no", "nope", "no",
             "not really",  # the open question: already described
             "I take furosemide", "no",  # one leg more swollen?
             "I'm on Lipitor", "no",  # bulging veins?
             "no", "no",  # heavy legs, feet up
             "no",  # pain from the back?
             "sort of",  # eases within a few minutes of standing still?
             *["no"] * 20]
    said = [heard(record) for record in drive(endpoint, locale_models[locale], steps, locale)]
    assert f"call {LOCALE_NUMBERS[locale]}" in said[0]
    assert said[1].startswith("Got it: cramps when you walk, and puffy ankles by evening.")
    assert "what are your cramps like" in said[4]
    assert said[6].startswith("Got it: a")  # water pill, water tablet or fluid tablet, as the locale says it
    assert said[8].startswith("Got it: a statin.")
    assert "go away within a few minutes" in said[12]
    assert not any("Does walking bring on" in h or "Do your legs swell" in h for h in said), \
        "a described symptom is not asked again"
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
    steps = ["open leg cramp helper", "I'm having a cramp right now", "nope", "slower please", "not yet", "it's gone", "no", "no"]
    records = drive(endpoint, locale_models[locale], steps, locale)
    said = [heard(record) for record in records]
    assert said[1] == "Has this cramp been going for more than ten minutes?"
    assert said[2].startswith("Let's ease it, one step at a time.") and said[2].endswith("Has it eased?")
    assert said[3] == said[2] and 'rate="75%"' in records[3]["response"]["response"]["outputSpeech"]["ssml"]
    assert said[4].startswith("If you can stand safely")
    assert "glad it's easing" in said[5] and "ibuprofen" in said[5] and said[5].endswith("Shall I note this cramp in your cramp diary?")
    assert said[6] == "Would you like a short check on what might be behind your cramps?"
    assert said[7].startswith("Goodbye") and f"call {LOCALE_NUMBERS[locale]}" in said[7]


@pytest.mark.parametrize("locale, phrase, intent, slot, value_id", PHRASES, ids=[p[1] for p in PHRASES])
def test_natural_phrases_reach_their_intent_and_id_through_the_real_model(endpoint, locale_models, locale, phrase, intent, slot, value_id):
    record = drive(endpoint, locale_models[locale], ["open leg cramp helper", phrase], locale)[1]
    sent = record["request"]["request"]["intent"]
    assert sent["name"] == intent
    if slot:
        resolution = sent["slots"][slot]["resolutions"]["resolutionsPerAuthority"][0]
        assert resolution["status"]["code"] == "ER_SUCCESS_MATCH" and resolution["values"][0]["value"]["id"] == value_id


DIARY_SLOTS = {"when", "place", "side", "length"}


def sent(request):
    """The intent virtual-alexa sent and the resolved id of each slot it filled; every filled slot must resolve."""
    intent = request["request"]["intent"]
    ids = {}
    for name, slot in intent.get("slots", {}).items():
        if slot.get("value") is None:
            continue
        [authority] = slot["resolutions"]["resolutionsPerAuthority"]
        ids[name] = authority["values"][0]["value"]["id"] if authority["status"]["code"] == "ER_SUCCESS_MATCH" else None
    return intent["name"], ids


@pytest.mark.parametrize("locale", sorted(LOCALE_NUMBERS))
def test_diary_phrases_reach_their_intent_and_slot_ids_through_the_real_model_of_every_locale(endpoint, locale_models, locale):
    """Each phrase in a session, then the one-shot requests said to Alexa with the invocation name."""
    said = [*diary_phrases(locale), *ONE_SHOTS]
    records = drive(endpoint, locale_models[locale], ["open leg cramp helper", *[phrase for phrase, _, _ in said]], locale)[1:]
    wrong = []
    for (phrase, intent, slots), record in zip(said, records):
        request = record["request"]
        if request["request"]["type"] != "IntentRequest":
            wrong.append(f"{phrase!r}: a {request['request']['type']}")
            continue
        if sent(request) != (intent, slots):
            wrong.append(f"{phrase!r}: {sent(request)}, not {(intent, slots)}")
        if intent == "LogCrampIntent" and set(request["request"]["intent"]["slots"]) != DIARY_SLOTS:
            wrong.append(f"{phrase!r}: slots {sorted(request['request']['intent']['slots'])}, not all four (empty ones without a value)")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("locale", sorted(LOCALE_NUMBERS))
def test_a_cramp_noted_by_voice_and_read_back_in_every_locale(endpoint, locale_models, locale):
    """What the skill says back to diary phrases heard through the real model of each market."""
    steps = ["open leg cramp helper", "I had a cramp in my left calf last night", "how often have I had cramps", "stop"]
    said = [heard(r) for r in drive(endpoint, locale_models[locale], steps, locale)]
    assert "Noted in your diary: a cramp yesterday, in your left calf." in said[1] and "90 days" in said[1]
    assert said[1].endswith("Are you having a cramp right now?"), "the pending question is asked again"
    assert "you've noted one cramp, and one in the last seven days, most often in the calf" in said[2]
    assert said[3].startswith("Goodbye") and f"call {LOCALE_NUMBERS[locale]}" in said[3]
