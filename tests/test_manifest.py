"""The skill manifest, skill-package/skill.json: valid for SMAPI, in step with the models and content, and safe.

Validity is support.alexa_checks.check_skill_manifest: the committed
tests/schemas/skill-manifest.schema.json, which tests/schemas/generate.sh cuts out of ask-smapi-model's
(npm, pinned in package.json) Swagger 2.0 spec.json from v1.skill.Manifest.SkillManifestEnvelope, the
body of `ask deploy`'s skill.json, the same way as the interaction model's schema: discriminated
subtypes (Interface, DialogManager, Custom.TargetRuntime, VideoFeature) flattened with their tag
pinned, and every object schema that declares properties closed with additionalProperties: false.
Maps keyed by locale or region (additionalProperties: {...}) stay maps. No test here needs Node.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from support.alexa_checks import check_skill_manifest

REPO = Path(__file__).resolve().parent.parent
MANIFEST_FILE = REPO / "skill-package" / "skill.json"

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


# --- the schema (tests/schemas/skill-manifest.schema.json) ---------------------------------------------

def test_the_manifest_is_valid_against_ask_smapi_models_schema():
    check_skill_manifest(read_json(MANIFEST_FILE))


@pytest.mark.parametrize("path, value", [
    (("manifest", "publishingInformation", "locales", "en-US", "sumary"), "typo"),
    (("manifest", "privacyAndCompliance", "usesPersonalInformation"), True),
    (("manifest", "apis", "custom", "endpoint", "url"), "https://example.com"),
    (("manifest", "apis", "custom", "interfaces"), [{"type": "NOT_AN_INTERFACE"}]),
    (("manifest", "apis", "custom", "interfaces"), [{"type": "RENDER_TEMPLATE", "colour": "red"}]),
    (("manifest", "manifestVersion"), "2.0"),
    (("manifest", "publishingInformation", "distributionCountries"), ["UK"]),
])
def test_the_schema_rejects_typos_and_unknown_keys(path, value):
    document = read_json(MANIFEST_FILE)
    node = document
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(AssertionError, match="skill manifest is invalid"):  # DID NOT RAISE: it was accepted
        check_skill_manifest(document)


def test_the_schema_accepts_a_known_subtype():
    document = read_json(MANIFEST_FILE)
    document["manifest"]["apis"]["custom"]["interfaces"] = [{"type": "RENDER_TEMPLATE"}]
    check_skill_manifest(document)


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


# Where PRIVACY.md will be hosted: a placeholder until it is, to be replaced before certification (docs/DEPLOY.md).
PRIVACY_POLICY_PLACEHOLDER = "https://example.com/leg-cramp-helper/privacy"


def test_every_locale_points_at_the_privacy_policy_placeholder_which_the_deploy_docs_say_to_replace():
    assert PRIVACY["locales"] == {locale: {"privacyPolicyUrl": PRIVACY_POLICY_PLACEHOLDER} for locale in LOCALES}
    assert (REPO / "PRIVACY.md").is_file(), "the policy the URL is for"
    for doc in ("README.md", "docs/DEPLOY.md"):
        assert PRIVACY_POLICY_PLACEHOLDER in (REPO / doc).read_text(encoding="utf-8"), f"{doc} says where the policy goes"


def test_the_only_permission_is_reminders_which_the_skill_asks_for_by_voice():
    assert MANIFEST["permissions"] == [{"name": "alexa::alerts:reminders:skill:readwrite"}]
    instructions = PUBLISHING["testingInstructions"]
    assert "alexa::alerts:reminders:skill:readwrite" in instructions and "by voice" in instructions


@pytest.mark.parametrize("locale", LOCALES)
def test_the_diary_phrases_the_manifest_quotes_are_sample_utterances(locale):
    texts = PUBLISHING["locales"][locale]["description"] + PUBLISHING["testingInstructions"]
    tell = "Alexa, tell leg cramp helper "
    quoted = [q[len(tell):] if q.startswith(tell) else q for q in re.findall(r'"([^"]+)"', texts)]
    for utterance in ("I had a cramp last night in my left calf", "how often have I had cramps", "log a cramp",
                      "I had a thigh cramp today", "I had a cramp in both feet yesterday, it lasted over ten minutes"):
        assert utterance in [q.rstrip("?") for q in quoted], utterance
        assert intents_for(utterance.replace(",", ""), MODELS[locale]) & {"LogCrampIntent", "DiarySummaryIntent"}, utterance


def test_the_manifest_says_what_the_diary_keeps_and_that_a_reminder_needs_a_yes_and_the_permission():
    instructions = PUBLISHING["testingInstructions"]
    assert "90 days" in instructions and "200 entries" in instructions
    for locale in LOCALES:
        description = PUBLISHING["locales"][locale]["description"]
        assert "90 days" in description and "diary included" in description
        assert "only if you say yes and give the skill permission for reminders" in description


def test_the_endpoint_is_a_lambda_arn_for_the_stack_output():
    uri = MANIFEST["apis"]["custom"]["endpoint"]["uri"]
    assert uri.startswith("arn:aws:lambda:")
    assert set(MANIFEST["apis"]) == {"custom"}


def test_the_manifest_declares_apl_so_echo_shows_report_their_screen():
    [interface] = MANIFEST["apis"]["custom"]["interfaces"]
    assert interface["type"] == "ALEXA_PRESENTATION_APL"
    assert all(v["mode"] == "HUB" for v in interface["supportedViewports"])
