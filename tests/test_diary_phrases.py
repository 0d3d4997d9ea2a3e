"""Diary phrases through the chat's resolver (local/utterances.py), in every locale: the intent and the slot ids it
sends, as virtual-alexa sends them in tests/utterance/. The slots of LogCrampIntent are all optional and can be
said in any order, several of them side by side ("in my left calf last night")."""
import pytest

from local.utterances import load_resolver, normalise
from support.diary_phrases import LOCALES, ONE_SHOTS, phrases

INVOCATION = "leg cramp helper"
CONNECTING_WORDS = ("to", "about", "for", "if", "whether", "and", "that")


@pytest.mark.parametrize("locale", LOCALES)
def test_diary_phrases_resolve_to_their_intent_and_slot_ids(locale):
    resolver = load_resolver(locale)
    wrong = []
    for phrase, intent, slots in phrases(locale):
        resolved = resolver.resolve(phrase)
        if (resolved.intent, resolved.slots or {}) != (intent, slots):
            wrong.append(f"{phrase!r}: {resolved.intent} {resolved.slots}, not {intent} {slots}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_words_of_a_one_shot_request_resolve_as_in_a_session(locale):
    """What Alexa hands the skill after "tell leg cramp helper [that] ...": the words less the invocation."""
    resolver = load_resolver(locale)
    for phrase, intent, slots in ONE_SHOTS:
        words = normalise(phrase).split()[1:]
        assert " ".join(words[:3]) == INVOCATION
        words = words[3:]
        words = words[1:] if words[0] in CONNECTING_WORDS else words
        resolved = resolver.resolve(" ".join(words))
        assert (resolved.intent, resolved.slots or {}) == (intent, slots), phrase


def test_a_diary_entry_becomes_an_envelope_with_each_slot_resolved_by_its_own_type():
    request = load_resolver("en-US").resolve("I had a cramp in my left calf last night for a few minutes").request()
    slots = request["intent"]["slots"]
    assert request["intent"]["name"] == "LogCrampIntent"
    assert {name: slot["value"] for name, slot in slots.items()} == {
        "side": "left", "place": "calf", "when": "last night", "length": "a few minutes"}
    for name, type_name in {"when": "CRAMP_WHEN", "place": "CRAMP_PLACE", "side": "CRAMP_SIDE", "length": "CRAMP_LENGTH"}.items():
        [authority] = slots[name]["resolutions"]["resolutionsPerAuthority"]
        assert authority["authority"].endswith("." + type_name)
        assert authority["status"]["code"] == "ER_SUCCESS_MATCH"


def test_words_no_value_knows_arrive_unresolved_beside_the_ones_that_resolve():
    resolved = load_resolver("en-GB").resolve("I had cramp in my calf at the weekend")
    assert resolved.intent == "LogCrampIntent"
    assert resolved.slots == {"place": "calf", "when": None}
