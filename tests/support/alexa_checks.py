"""Strict checks of what the skill gives Alexa; every test that looks at a response uses them.

The ask-sdk serializer is not a validator (it drops unknown keys and turns "false" into True),
so tests check the JSON itself:

- check_response(envelope): the envelope against schemas/alexa-response-envelope.schema.json
  (ask-sdk-model's TypeScript ResponseEnvelope; unknown keys are rejected), then the SSML of
  response.outputSpeech and response.reprompt.outputSpeech parsed as XML, root <speak>.
- check_interaction_model(model): a model file ({"interactionModel": {"languageModel": ...}})
  against schemas/interaction-model.schema.json (ask-smapi-model's InteractionModelData, which
  is exactly that top level, closed against unknown keys).
- check_skill_manifest(manifest): skill-package/skill.json ({"manifest": ...}) against
  schemas/skill-manifest.schema.json (ask-smapi-model's SkillManifestEnvelope, closed the same way).

All raise AssertionError listing every problem. Regenerate the schemas with
tests/schemas/generate.sh.
"""
import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import jsonschema

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


def _load_validator(file_name):
    schema = json.loads((SCHEMA_DIR / file_name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)  # from "$schema": draft-07 -> Draft7Validator
    cls.check_schema(schema)
    return cls(schema)


RESPONSE_ENVELOPE_VALIDATOR = _load_validator("alexa-response-envelope.schema.json")
INTERACTION_MODEL_VALIDATOR = _load_validator("interaction-model.schema.json")
SKILL_MANIFEST_VALIDATOR = _load_validator("skill-manifest.schema.json")


def _closest_branch(error):
    """For a failed anyOf/oneOf, the errors of the alternative that came closest.

    An alternative whose "type" discriminator matched beats one whose did not; then fewer errors
    wins. So an SSML outputSpeech without "ssml" is reported as "'ssml' is a required property",
    not as "matches none of SsmlOutputSpeech, PlainTextOutputSpeech".
    """
    branches = defaultdict(list)
    for sub in error.context:
        branches[sub.relative_schema_path[0]].append(sub)

    def rank(errors):
        wrong_type = any(e.validator == "const" and list(e.relative_path) == ["type"] for e in errors)
        return (wrong_type, len(errors))

    return min(branches.values(), key=rank)


def _messages(errors):
    lines = []
    for error in sorted(errors, key=lambda e: (e.json_path, e.message)):
        if error.validator in ("anyOf", "oneOf") and error.context:
            lines += _messages(_closest_branch(error))
        else:
            lines.append(f"{error.json_path}: {error.message}")
    return lines


def _fail(what, problems, document=None):
    text = f"{what} is invalid ({len(problems)} problem{'s' if len(problems) != 1 else ''}):\n"
    text += "\n".join(f"  - {p}" for p in problems)
    if document is not None:
        dump = json.dumps(document, indent=2, ensure_ascii=False, default=repr)
        text += "\n" + (dump if len(dump) <= 4000 else dump[:4000] + "\n  ...")
    raise AssertionError(text)


# Alexa's own SSML tags (<amazon:effect>, <amazon:emotion>, <alexa:name>, ...) use these prefixes
# without declaring them, which a namespace-aware XML parser rejects as "unbound prefix". Declare
# them on <speak> before parsing. (A parse error's column on line 1 then counts the added text.)
_SSML_PREFIXES = {"amazon": "urn:x-alexa-ssml:amazon", "alexa": "urn:x-alexa-ssml:alexa"}
_SPEAK_START = re.compile(r"\A(\s*<speak)(?=[\s/>])")
_SPEAK_TAGS = {"speak", "{http://www.w3.org/2001/10/synthesis}speak"}


def ssml_problem(ssml):
    """None if `ssml` is well-formed XML with <speak> at the root, else what is wrong with it."""
    declarations = "".join(
        f' xmlns:{prefix}="{uri}"'
        for prefix, uri in _SSML_PREFIXES.items()
        if f"{prefix}:" in ssml and f"xmlns:{prefix}=" not in ssml
    )
    try:
        root = ET.fromstring(_SPEAK_START.sub(lambda m: m.group(1) + declarations, ssml, count=1))
    except ET.ParseError as exc:
        return f"malformed SSML ({exc}; escape & < > in text): {ssml!r}"
    if root.tag not in _SPEAK_TAGS:
        return f"SSML root element is <{root.tag}>, expected <speak>: {ssml!r}"
    return None


def _ssml_problems(envelope):
    response = envelope.get("response") if isinstance(envelope, dict) else None
    if not isinstance(response, dict):
        return []
    reprompt = response.get("reprompt")
    places = [("$.response.outputSpeech", response.get("outputSpeech")),
              ("$.response.reprompt.outputSpeech", reprompt.get("outputSpeech") if isinstance(reprompt, dict) else None)]
    problems = []
    for where, speech in places:
        if isinstance(speech, dict) and speech.get("type") == "SSML" and isinstance(speech.get("ssml"), str):
            problem = ssml_problem(speech["ssml"])
            if problem:
                problems.append(f"{where}.ssml: {problem}")
    return problems


def check_response(envelope: dict) -> None:
    """Assert that `envelope` (the JSON the skill returns) is a valid Alexa response with valid SSML."""
    problems = _messages(RESPONSE_ENVELOPE_VALIDATOR.iter_errors(envelope)) + _ssml_problems(envelope)
    if problems:
        _fail("Alexa response envelope", problems, envelope)


def check_interaction_model(model: dict) -> None:
    """Assert that `model` (an interaction_model/*.json file's content) is a valid interaction model."""
    problems = _messages(INTERACTION_MODEL_VALIDATOR.iter_errors(model))
    if problems:
        _fail("interaction model", problems)


def check_skill_manifest(manifest: dict) -> None:
    """Assert that `manifest` (skill-package/skill.json's content) is a valid skill manifest."""
    problems = _messages(SKILL_MANIFEST_VALIDATOR.iter_errors(manifest))
    if problems:
        _fail("skill manifest", problems)
