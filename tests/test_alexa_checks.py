"""The strict checks in support/alexa_checks.py accept good output and reject broken output."""
import copy
import filecmp
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from ask_sdk_core.response_helper import ResponseFactory
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import Intent, IntentConfirmationStatus, ResponseEnvelope
from ask_sdk_model.dialog import DelegateDirective
from ask_sdk_model.ui import SimpleCard

from support.alexa_checks import SCHEMA_DIR, check_interaction_model, check_response

REPO = Path(__file__).resolve().parent.parent
MODEL_FILES = sorted((REPO / "interaction_model").glob("*.json"))

GOOD_ENVELOPE = {
    "version": "1.0",
    "sessionAttributes": {"step": "ask_when", "cramps": 2},
    "response": {
        "outputSpeech": {"type": "SSML", "ssml": "<speak>When did the cramp start?</speak>"},
        "reprompt": {"outputSpeech": {"type": "SSML", "ssml": "<speak>Was it <emphasis>tonight</emphasis>?</speak>"}},
        "card": {"type": "Simple", "title": "Leg Cramp Helper", "content": "When did the cramp start?"},
        "shouldEndSession": False,
    },
}


def with_change(change):
    envelope = copy.deepcopy(GOOD_ENVELOPE)
    change(envelope["response"])
    return envelope


def test_good_envelope_passes():
    check_response(GOOD_ENVELOPE)


def test_sdk_built_envelopes_pass():
    """What ask-sdk-core itself serialises for the usual responses is accepted."""
    factory = ResponseFactory()
    factory.speak("Stretch your calf.").ask("Better?").set_card(SimpleCard("Tip", "Stretch")).set_should_end_session(False)
    delegate = ResponseFactory()
    delegate.add_directive(DelegateDirective(Intent(name="LogCrampIntent", confirmation_status=IntentConfirmationStatus.NONE)))
    for response in (factory.response, delegate.response, ResponseFactory().response):
        envelope = ResponseEnvelope(version="1.0", response=response, session_attributes={"a": 1}, user_agent="ask-python/1.19.0")
        check_response(DefaultSerializer().serialize(envelope))


def test_alexa_ssml_tags_with_undeclared_prefix_pass():
    ssml = '<speak><amazon:effect name="whispered">Rest now.</amazon:effect><break time="1s"/></speak>'
    check_response(with_change(lambda r: r["outputSpeech"].update(ssml=ssml)))


@pytest.mark.parametrize(
    "change, expected",
    [
        pytest.param(lambda r: r.update(sessionAttributes={}), "('sessionAttributes' was unexpected)", id="unknown-key-in-response"),
        pytest.param(lambda r: r.update(shouldEndSession="false"), "$.response.shouldEndSession: 'false' is not of type 'boolean'", id="shouldEndSession-string"),
        pytest.param(lambda r: r["outputSpeech"].pop("ssml"), "$.response.outputSpeech: 'ssml' is a required property", id="ssml-missing"),
        pytest.param(lambda r: r["outputSpeech"].update(ssml="<speak>a & b</speak>"), "$.response.outputSpeech.ssml: malformed SSML", id="malformed-ssml"),
        pytest.param(lambda r: r["reprompt"]["outputSpeech"].update(ssml="<voice>hi</voice>"), "root element is <voice>, expected <speak>", id="reprompt-root-not-speak"),
        pytest.param(lambda r: r["outputSpeech"].update(ssml="<speak>a</speak><speak>b</speak>"), "malformed SSML", id="two-roots"),
        pytest.param(lambda r: r["card"].update(type="Simpel"), "$.response.card.type: 'Simple' was expected", id="card-type-typo"),
        pytest.param(lambda r: r["outputSpeech"].update(text="hi"), "('text' was unexpected)", id="ssml-speech-with-text"),
    ],
)
def test_broken_envelope_fails(change, expected):
    with pytest.raises(AssertionError) as failure:
        check_response(with_change(change))
    assert expected in str(failure.value)


def test_envelope_without_version_fails():
    envelope = {k: v for k, v in GOOD_ENVELOPE.items() if k != "version"}
    with pytest.raises(AssertionError, match="'version' is a required property"):
        check_response(envelope)


MINIMAL_MODEL = {
    "interactionModel": {
        "languageModel": {
            "invocationName": "leg cramp helper",
            "intents": [
                {"name": "AMAZON.HelpIntent", "samples": []},
                {
                    "name": "LogCrampIntent",
                    "slots": [{"name": "muscle", "type": "MuscleType"}],
                    "samples": ["my {muscle} cramped"],
                },
            ],
            "types": [{"name": "MuscleType", "values": [{"id": "CALF", "name": {"value": "calf", "synonyms": ["calves"]}}]}],
        },
        "dialog": {
            "intents": [{
                "name": "LogCrampIntent",
                "slots": [{
                    "name": "muscle", "type": "MuscleType", "elicitationRequired": True, "prompts": {"elicitation": "Elicit.muscle"},
                    "validations": [{"type": "isInSet", "prompt": "Elicit.muscle", "values": ["calf"]}],
                }],
            }],
        },
        "prompts": [{"id": "Elicit.muscle", "variations": [{"type": "PlainText", "value": "Which muscle?"}]}],
    }
}


def test_minimal_model_passes():
    check_interaction_model(MINIMAL_MODEL)


def test_model_typo_sample_fails():
    model = copy.deepcopy(MINIMAL_MODEL)
    intent = model["interactionModel"]["languageModel"]["intents"][1]
    intent["sample"] = intent.pop("samples")
    with pytest.raises(AssertionError, match=r"intents\[1\]: Additional properties are not allowed \('sample' was unexpected\)"):
        check_interaction_model(model)


def test_model_unknown_key_in_slot_validation_fails():
    """Polymorphic parts (validations, value suppliers) are closed per subtype too."""
    model = copy.deepcopy(MINIMAL_MODEL)
    model["interactionModel"]["dialog"]["intents"][0]["slots"][0]["validations"][0]["value"] = "calf"
    with pytest.raises(AssertionError, match=r"validations\[0\]: Additional properties are not allowed \('value' was unexpected\)"):
        check_interaction_model(model)


@pytest.mark.parametrize("path", MODEL_FILES, ids=[p.name for p in MODEL_FILES])
def test_interaction_model_file_is_valid(path):
    check_interaction_model(json.loads(path.read_text(encoding="utf-8")))


def test_committed_schemas_are_what_generate_sh_produces(tmp_path):
    if shutil.which("node") is None or not (REPO / "node_modules" / "ts-json-schema-generator").is_dir():
        pytest.skip("needs Node and `npm ci` (node_modules) to regenerate the schemas")
    subprocess.run(["bash", str(SCHEMA_DIR / "generate.sh"), str(tmp_path)], check=True, capture_output=True, timeout=300)
    for name in ("alexa-response-envelope.schema.json", "interaction-model.schema.json", "skill-manifest.schema.json"):
        assert filecmp.cmp(tmp_path / name, SCHEMA_DIR / name, shallow=False), (
            f"tests/schemas/{name} is stale: run `bash tests/schemas/generate.sh` and commit the result"
        )
