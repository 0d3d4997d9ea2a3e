"""The skill manifest, skill-package/skill.json: valid for SMAPI, in step with the models and content, and safe.

The schema is ask-smapi-model's (npm, pinned in package.json) Swagger 2.0 definition
v1.skill.Manifest.SkillManifestEnvelope, the body of `ask deploy`'s skill.json, turned into a
draft-07 schema here the way tests/schemas/postprocess.py turns InteractionModelData into
interaction-model.schema.json: every reachable definition, vendor extensions dropped, each
discriminated subtype (Interface, DialogManager, Custom.TargetRuntime, VideoFeature) flattened into
one object with its tag pinned and its base dispatching on the tag, and every object schema that
declares properties closed with additionalProperties: false. Maps keyed by locale or region
(additionalProperties: {...}) stay maps. It is built from node_modules at test time, so those tests
are skipped without `npm ci`; the other tests need only Python.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

REPO = Path(__file__).resolve().parent.parent
MANIFEST_FILE = REPO / "skill-package" / "skill.json"
SPEC_FILE = REPO / "node_modules" / "ask-smapi-model" / "spec.json"
PREFIX = "#/definitions/"
ROOT = "v1.skill.Manifest.SkillManifestEnvelope"

INVOCATION = "leg cramp helper"
LAUNCH_PHRASE = f"Alexa, open {INVOCATION}"
ASK_PREFIX = f"Alexa, ask {INVOCATION}"
# Words Alexa accepts between the invocation name and the utterance ("ask X to ...", "ask X about ...").
CONNECTING_WORDS = ("to", "about", "for", "if", "whether", "and", "that")
LOCALE_FILE = re.compile(r"^[a-z]{2}-[A-Z]{2}\.json$")  # content/en.json (base) and bank.json are not locales

# The rules tests/test_content.py applies to what the skill says, stricter on "you have" (no exceptions).
BANNED = {
    "a diagnosis as fact": re.compile(r"\byou have\b", re.I),
    "quinine": re.compile(r"quinine", re.I),
    "tonic water": re.compile(r"tonic", re.I),
    "supplements": re.compile(r"supplement|vitamin|magnesium", re.I),
    "stopping a medicine": re.compile(r"(?<!n.t )\bstop (taking )?(your |the |any |all )?(medicine|tablet|pill|statin|water|diuretic)", re.I),
    "Alexa calling for them": re.compile(r"\b(I will|I'll|I can|it will|it can) call\b", re.I),
}


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


MANIFEST = read_json(MANIFEST_FILE)["manifest"]
PUBLISHING = MANIFEST["publishingInformation"]
PRIVACY = MANIFEST["privacyAndCompliance"]
MODELS = {p.stem: read_json(p) for p in sorted((REPO / "interaction_model").glob("*.json"))}
CONTENT = {p.stem: read_json(p) for p in sorted((REPO / "content").glob("*.json")) if LOCALE_FILE.match(p.name)}
LOCALES = sorted(PUBLISHING["locales"])


# --- the schema, from ask-smapi-model's spec.json ---------------------------------------------------

def _walk(node):
    """Every subschema (dict); the keys of "properties" and "definitions" are names, not keywords."""
    if isinstance(node, list):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        yield node
        for key, value in node.items():
            yield from _walk(list(value.values()) if key in ("properties", "definitions") else value)


def _refs(node):
    return (sub["$ref"][len(PREFIX):] for sub in _walk(node) if "$ref" in sub)


def _strip_swagger(node):
    """Drop what is not JSON Schema: vendor extensions (x-isEnum, x-discriminator-value...) and "discriminator"."""
    if isinstance(node, list):
        return [_strip_swagger(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {key: ({name: _strip_swagger(p) for name, p in value.items()} if key == "properties" else _strip_swagger(value))
            for key, value in node.items() if not key.startswith("x-") and key != "discriminator"}


def manifest_schema(spec: dict, root: str = ROOT) -> dict:
    defs = spec["definitions"]

    def subtypes(base):
        return sorted(n for n, d in defs.items() if {"$ref": PREFIX + base} in d.get("allOf", []))

    keep, todo = set(), [root]
    while todo:
        name = todo.pop()
        if name not in keep:
            keep.add(name)
            todo += list(_refs(defs[name])) + (subtypes(name) if "discriminator" in defs[name] else [])

    bases = {name: defs[name]["discriminator"] for name in keep if "discriminator" in defs[name]}
    result, dispatch = {}, {}
    for name in sorted(keep):
        parts = defs[name].get("allOf", [])
        base = next((p["$ref"][len(PREFIX):] for p in parts if p.get("$ref", "")[len(PREFIX):] in bases), None)
        if base is None:
            assert not parts, f"{name}: allOf without a discriminated base is not handled"
            result[name] = defs[name]
            continue
        tag, value = bases[base], defs[name].get("x-discriminator-value", name)
        props, required = dict(defs[base]["properties"]), list(defs[base].get("required", []))
        for part in parts:
            if "$ref" not in part:
                props.update(part.get("properties", {}))
                required += [r for r in part.get("required", []) if r not in required]
        props[tag] = {**props[tag], "const": value}
        result[name] = {"type": "object", "properties": props, "required": required}
        dispatch.setdefault(base, []).append((value, name))

    result = _strip_swagger(result)
    for sub in _walk(result):
        if "properties" in sub:
            sub.setdefault("additionalProperties", False)
    # Built after closing on purpose: the dispatcher and its "if" clauses must stay open.
    for base, cases in dispatch.items():
        tag = bases[base]
        result[base] = {
            "type": "object",
            "required": [tag],
            "properties": {tag: {"type": "string", "enum": sorted(v for v, _ in cases)}},
            "allOf": [{"if": {"properties": {tag: {"const": v}}, "required": [tag]}, "then": {"$ref": PREFIX + n}}
                      for v, n in sorted(cases)],
        }
    schema = {"$schema": "http://json-schema.org/draft-07/schema#", "$ref": PREFIX + root, "definitions": result}
    dangling = set(_refs(schema)) - set(result)
    assert not dangling, f"unresolved $ref(s): {sorted(dangling)}"
    return schema


@pytest.fixture(scope="module")
def validator():
    if not SPEC_FILE.is_file():
        pytest.skip("needs `npm ci` (node_modules/ask-smapi-model) for the skill manifest schema")
    schema = manifest_schema(read_json(SPEC_FILE))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def problems(validator, document) -> list[str]:
    return sorted(f"{e.json_path}: {e.message}" for e in validator.iter_errors(document))


def test_the_manifest_is_valid_against_ask_smapi_models_schema(validator):
    assert problems(validator, read_json(MANIFEST_FILE)) == []


@pytest.mark.parametrize("path, value", [
    (("manifest", "publishingInformation", "locales", "en-US", "sumary"), "typo"),
    (("manifest", "privacyAndCompliance", "usesPersonalInformation"), True),
    (("manifest", "apis", "custom", "endpoint", "url"), "https://example.com"),
    (("manifest", "apis", "custom", "interfaces"), [{"type": "NOT_AN_INTERFACE"}]),
    (("manifest", "apis", "custom", "interfaces"), [{"type": "RENDER_TEMPLATE", "colour": "red"}]),
    (("manifest", "manifestVersion"), "2.0"),
    (("manifest", "publishingInformation", "distributionCountries"), ["UK"]),
])
def test_the_schema_rejects_typos_and_unknown_keys(validator, path, value):
    document = read_json(MANIFEST_FILE)
    node = document
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    assert problems(validator, document), f"{'.'.join(path)} = {value!r} was accepted"


def test_the_schema_accepts_a_known_subtype(validator):
    document = read_json(MANIFEST_FILE)
    document["manifest"]["apis"]["custom"]["interfaces"] = [{"type": "RENDER_TEMPLATE"}]
    assert problems(validator, document) == []


# --- in step with the interaction models and the content ---------------------------------------------

def test_the_manifest_interaction_models_and_content_ship_the_same_locales():
    assert LOCALES == sorted(PRIVACY["locales"]) == sorted(MODELS) == sorted(CONTENT)
    assert LOCALES == ["en-AU", "en-CA", "en-GB", "en-IN", "en-US"]


def test_distribution_matches_the_locales():
    assert PUBLISHING["isAvailableWorldwide"] is False
    assert sorted(PUBLISHING["distributionCountries"]) == sorted(locale.split("-")[1] for locale in LOCALES)
    # spec.json types category as a plain string; this is the health value of Amazon's category enumeration.
    assert PUBLISHING["category"] == "HEALTH_AND_FITNESS"


@pytest.mark.parametrize("locale", sorted(MODELS))
def test_every_interaction_model_has_the_invocation_name(locale):
    assert MODELS[locale]["interactionModel"]["languageModel"]["invocationName"] == INVOCATION


def _matches(pieces: list, text: str) -> bool:
    """Whether `text` is the sample `pieces`: literal strings, and slots as a set of accepted words (None: any)."""
    if not pieces:
        return text == ""
    head, rest = pieces[0], pieces[1:]
    if isinstance(head, str):
        return text.startswith(head) and _matches(rest, text[len(head):])
    return any((head is None or text[:end] in head) and _matches(rest, text[end:]) for end in range(1, len(text) + 1))


def intents_for(utterance: str, model: dict) -> set[str]:
    """The intents with a sample that says `utterance`; a custom slot takes its values and synonyms, a built-in anything."""
    language = model["interactionModel"]["languageModel"]
    words = {t["name"]: {w.lower() for v in t["values"] for w in (v["name"]["value"], *v["name"].get("synonyms", []))}
             for t in language.get("types", [])}
    said = " ".join(utterance.lower().rstrip(".?!").split())
    found = set()
    for intent in language["intents"]:
        slot_types = {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            pieces = [piece.lower() if i % 2 == 0 else words.get(slot_types[piece])
                      for i, piece in enumerate(re.split(r"\{(\w+)\}", sample))]
            if _matches([p for p in pieces if p != ""], said):
                found.add(intent["name"])
    return found


@pytest.mark.parametrize("locale", LOCALES)
def test_example_phrases_open_the_skill_or_say_a_sample_utterance(locale):
    phrases = PUBLISHING["locales"][locale]["examplePhrases"]
    assert len(phrases) == 3 and phrases[0] == LAUNCH_PHRASE
    for phrase in phrases[1:]:
        assert phrase.startswith(ASK_PREFIX + " "), phrase
        rest = phrase[len(ASK_PREFIX) + 1:]
        first, _, after = rest.partition(" ")
        utterance = after if first.lower() in CONNECTING_WORDS else rest
        assert intents_for(utterance, MODELS[locale]), f"{phrase!r}: {utterance!r} is no sample utterance in {locale}"


def test_the_sample_matcher_is_not_vacuous():
    model = MODELS["en-US"]
    assert intents_for("cramps when I walk", model) == {"DescribeSymptomIntent"}
    assert intents_for("forget my data", model) == {"ForgetMyDataIntent"}
    assert intents_for("order a pizza", model) == set()


# --- what users read -----------------------------------------------------------------------------------

@pytest.mark.parametrize("locale", LOCALES)
def test_each_description_carries_the_disclaimer_and_the_local_emergency_number(locale):
    description = PUBLISHING["locales"][locale]["description"]
    number = CONTENT[locale]["values"]["emergency_number"]["digits"]
    assert "not a diagnosis" in description
    assert "not a substitute for advice from your doctor" in description
    assert "cannot call for help" in description
    assert f"call {number}" in description
    others = {c["values"]["emergency_number"]["digits"] for c in CONTENT.values()} - {number}
    assert not [n for n in others if re.search(rf"\b{n}\b", description)], f"{locale} names another country's number"


@pytest.mark.parametrize("locale", LOCALES)
def test_each_description_says_what_is_kept_and_how_to_delete_it(locale):
    description = PUBLISHING["locales"][locale]["description"]
    assert "24 hours" in description and "30 days" in description
    assert "forget my data" in description


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)


@pytest.mark.parametrize("rule", sorted(BANNED))
def test_no_manifest_text_breaks_a_safety_rule(rule):
    assert [text for text in _strings(MANIFEST) if BANNED[rule].search(text)] == []


# --- privacy, compliance, endpoint -----------------------------------------------------------------------

def test_privacy_and_compliance_answers():
    assert PRIVACY["allowsPurchases"] is False
    assert PRIVACY["containsAds"] is False
    assert PRIVACY["isChildDirected"] is False
    assert PRIVACY["isExportCompliant"] is True
    # Health answers kept across sessions under a per-user (pseudonymous) key: personal information.
    assert PRIVACY["usesPersonalInfo"] is True
    # Not a HIPAA covered entity or business associate.
    assert PRIVACY.get("usesHealthInfo", False) is False
    for locale, urls in PRIVACY["locales"].items():
        for key, url in urls.items():
            assert url.startswith("https://") and "example" not in url, f"{locale} {key}: {url}"


def test_no_permissions_are_requested():
    assert MANIFEST.get("permissions", []) == []


def test_the_endpoint_is_a_lambda_arn_for_the_stack_output():
    uri = MANIFEST["apis"]["custom"]["endpoint"]["uri"]
    assert uri.startswith("arn:aws:lambda:")
    assert set(MANIFEST["apis"]) == {"custom"}
