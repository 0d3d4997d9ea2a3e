"""The interaction models of every English locale: valid for Alexa, alike in what the skill relies on, and unambiguous.

The skill code is shared by all locales, so every model must have the same intents, slots, slot types and
value ids (the words may differ). Ids must be exactly the clinical bank's: a SYMPTOM id is a feature id, a
MEDICINE id a medicine class, an ANSWER_VALUE id an answer meaning.

Ambiguity is checked the way Alexa's conflict finder sees it: every sample with its slot filled by every
value and synonym of the slot's type gives a phrase, and no phrase may lead to two different intents or
two different value ids.
"""
import json
import re
from collections import defaultdict
from itertools import product
from pathlib import Path

import pytest

from local.utterances import fillings
from support.alexa_checks import check_interaction_model
from triage.bank import load_bank

MODEL_DIR = Path(__file__).resolve().parent.parent / "interaction_model"
MODEL_FILES = sorted(MODEL_DIR.glob("*.json"))
LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")
INVOCATION_NAME = "leg cramp helper"
CUSTOM_TYPES = ("ANSWER_VALUE", "SYMPTOM", "MEDICINE")
SLOT = re.compile(r"\{(\w+)\}")
MIN_SYMPTOM_SYNONYMS = 5


def normalise(text):
    """Lowercase words: apostrophes dropped, other punctuation a space, spaces collapsed (as the chat resolver does)."""
    text = re.sub(r"['’]", "", text.lower())
    return " ".join(re.sub(r"[^\w\s]|_", " ", text).split())


def language_model(path):
    return json.loads(path.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]


def types_of(language):
    return {t["name"]: t for t in language.get("types", [])}


def ids_of(language, type_name):
    return [v["id"] for v in types_of(language)[type_name]["values"]]


def words_of(value):
    return [value["name"]["value"], *value["name"].get("synonyms", [])]


def slot_types(intent):
    return {s["name"]: s["type"] for s in intent.get("slots", [])}


@pytest.fixture(scope="module")
def bank():
    return load_bank()


@pytest.fixture(scope="module")
def reference():
    return language_model(MODEL_DIR / "en-US.json")


models = pytest.mark.parametrize("path", MODEL_FILES, ids=[p.stem for p in MODEL_FILES])


def test_every_english_market_has_a_model():
    assert sorted(p.stem for p in MODEL_FILES) == sorted(LOCALES)


@models
def test_model_passes_the_strict_schema(path):
    check_interaction_model(json.loads(path.read_text(encoding="utf-8")))


@models
def test_invocation_name(path):
    assert language_model(path)["invocationName"] == INVOCATION_NAME


@models
def test_same_intents_slots_types_and_ids_as_en_us(path, reference):
    language = language_model(path)
    assert {i["name"]: slot_types(i) for i in language["intents"]} == {i["name"]: slot_types(i) for i in reference["intents"]}
    assert set(types_of(language)) == set(types_of(reference))
    for name in types_of(reference):
        assert sorted(ids_of(language, name)) == sorted(ids_of(reference, name)), name


@models
def test_value_ids_are_the_clinical_banks(path, bank):
    language = language_model(path)
    symptoms = ids_of(language, "SYMPTOM")
    assert len(symptoms) == len(set(symptoms))
    assert set(symptoms) == set(bank.features), "one SYMPTOM value per bank feature, red flags included"
    assert sorted(ids_of(language, "MEDICINE")) == sorted(bank.medicines)
    assert sorted(ids_of(language, "ANSWER_VALUE")) == sorted(bank.answer_meanings)


@models
def test_the_diary_intents_slots_and_ids_are_the_ones_the_skill_reads(path):
    """LogCrampIntent's optional slots and their value ids are what skill.diary and triage.diary act on;
    DiarySummaryIntent has no slot. Within each diary type a word belongs to one id."""
    from skill import diary
    from skill.intents import CRAMP_SLOTS, DIARY_SUMMARY_INTENT, LOG_CRAMP_INTENT
    from triage.diary import DAYS_AGO

    language = language_model(path)
    intents = {i["name"]: slot_types(i) for i in language["intents"]}
    assert intents[DIARY_SUMMARY_INTENT] == {}
    assert intents[LOG_CRAMP_INTENT] == dict(zip(CRAMP_SLOTS, ("CRAMP_WHEN", "CRAMP_PLACE", "CRAMP_SIDE", "CRAMP_LENGTH")))
    expected = {"CRAMP_WHEN": set(DAYS_AGO), "CRAMP_PLACE": set(diary.PLACES), "CRAMP_SIDE": set(diary.SIDES),
                "CRAMP_LENGTH": set(diary.LENGTHS)}
    for type_name, ids in expected.items():
        assert set(ids_of(language, type_name)) == ids, type_name
        owner = {}
        for value in types_of(language)[type_name]["values"]:
            for words in words_of(value):
                assert owner.setdefault(normalise(words), value["id"]) == value["id"], (type_name, words)


@models
def test_every_value_has_synonyms(path):
    for slot_type in types_of(language_model(path)).values():
        for value in slot_type["values"]:
            minimum = MIN_SYMPTOM_SYNONYMS if slot_type["name"] == "SYMPTOM" else 1
            assert len(value["name"].get("synonyms", [])) >= minimum, (slot_type["name"], value["id"])


@models
def test_no_words_mean_two_things(path):
    """Within a type and across SYMPTOM, MEDICINE and ANSWER_VALUE, a value or synonym belongs to one id."""
    owner = {}
    problems = []
    for type_name in CUSTOM_TYPES:
        for value in types_of(language_model(path))[type_name]["values"]:
            for words in words_of(value):
                key = normalise(words)
                here = (type_name, value["id"])
                if owner.setdefault(key, here) != here:
                    problems.append(f"{words!r}: {owner[key]} and {here}")
    assert not problems, "\n".join(problems)


@models
def test_no_sample_is_in_two_intents(path):
    owner = {}
    problems = []
    for intent in language_model(path)["intents"]:
        for sample in intent.get("samples", []):
            key = normalise(sample)
            if owner.setdefault(key, intent["name"]) != intent["name"]:
                problems.append(f"{sample!r}: {owner[key]} and {intent['name']}")
    assert not problems, "\n".join(problems)


@models
def test_samples_follow_alexas_rules(path):
    """Declared slots only, each at most once, a space between any two; words only, numbers spelled out.

    Slots side by side ("in my {side} {place}") are allowed where their words split one way (the next test)."""
    language = language_model(path)
    problems = []
    for intent in language["intents"]:
        declared = slot_types(intent)
        used = set()
        samples = intent.get("samples", [])
        if len(samples) != len({normalise(s) for s in samples}):
            problems.append(f"{intent['name']}: a sample is repeated")
        for sample in samples:
            slots = SLOT.findall(sample)
            used.update(slots)
            if len(slots) != len(set(slots)) or not set(slots) <= set(declared):
                problems.append(f"{intent['name']}: {sample!r} repeats a slot or uses an undeclared one")
            if "}{" in sample:
                problems.append(f"{intent['name']}: {sample!r} has two slots with no space between them")
            if not re.fullmatch(r"[A-Za-z' .{}_]+", sample) or sample != " ".join(sample.split()) or len(sample) > 200:
                problems.append(f"{intent['name']}: {sample!r} has characters, spacing or length Alexa rejects")
        if declared and used != set(declared):
            problems.append(f"{intent['name']}: slots {sorted(set(declared) - used)} appear in no sample")
    for slot_type in types_of(language).values():
        for value in slot_type["values"]:
            for words in words_of(value):
                if not re.fullmatch(r"[A-Za-z' .-]+", words) or words != " ".join(words.split()) or len(words) > 140:
                    problems.append(f"{slot_type['name']}/{value['id']}: {words!r}")
    assert not problems, "\n".join(problems)


def side_by_side_runs(sample):
    """The runs of two or more slots with only a space between them, each as its list of slot names."""
    pieces = SLOT.split(sample)  # literal, slot, literal, slot, ..., literal
    runs, run = [], []
    for index in range(1, len(pieces), 2):
        if run and pieces[index - 1].strip():
            runs.append(run)
            run = []
        run.append(pieces[index])
    runs.append(run)
    return [run for run in runs if len(run) > 1]


@models
def test_slots_side_by_side_split_one_way(path):
    """Alexa takes slots side by side (Amazon's own dialog tutorial has "I will go to {toCity} {travelDate}"), but
    then the words alone must tell where one slot ends and the next begins: every run of side-by-side slots,
    filled with every value and synonym of each slot's custom type, gives each phrase in one way only."""
    language = language_model(path)
    types = types_of(language)
    problems = []
    for intent in language["intents"]:
        declared = slot_types(intent)
        for sample in intent.get("samples", []):
            for run in side_by_side_runs(sample):
                run_types = [declared[slot] for slot in run]
                if not all(t in types for t in run_types):
                    problems.append(f"{intent['name']}: {sample!r} puts a built-in slot type beside another slot")
                    continue
                splits = defaultdict(set)
                for filled in product(*[[normalise(w) for v in types[t]["values"] for w in words_of(v)] for t in run_types]):
                    splits[" ".join(filled)].add(filled)
                problems += [f"{intent['name']}: {sample!r}: {phrase!r} splits as {sorted(ways)}"
                             for phrase, ways in splits.items() if len(ways) > 1]
    assert not problems, "\n".join(problems[:20])


def spoken_phrases(language):
    """Every phrase the samples give with each slot filled by each of its type's words: phrase -> {(intent, ids)}."""
    words_by_type = defaultdict(list)
    for slot_type in language.get("types", []):
        for value in slot_type["values"]:
            words_by_type[slot_type["name"]] += [(normalise(w), value["id"]) for w in words_of(value)]
    phrases = defaultdict(set)
    two_slot_samples = []
    for intent in language["intents"]:
        types = slot_types(intent)
        for sample in intent.get("samples", []):
            slots = SLOT.findall(sample)
            if len(slots) > 1:
                two_slot_samples.append((intent["name"], sample, [types[s] for s in slots]))
                continue
            if not slots:
                phrases[normalise(sample)].add((intent["name"], ()))
                continue
            for words, value_id in words_by_type[types[slots[0]]]:
                phrases[normalise(sample.replace("{" + slots[0] + "}", words))].add((intent["name"], (value_id,)))
    return phrases, two_slot_samples, words_by_type


@models
def test_no_phrase_leads_to_two_intents_or_two_values(path):
    language = language_model(path)
    phrases, two_slot_samples, words_by_type = spoken_phrases(language)
    problems = [f"{phrase!r}: {sorted(meanings)}" for phrase, meanings in phrases.items() if len(meanings) > 1]
    padded = [(f" {phrase} ", phrase, meanings) for phrase, meanings in phrases.items()]
    having = defaultdict(set)  # word -> the phrases that have it
    for index, (_, phrase, _) in enumerate(padded):
        for word in phrase.split():
            having[word].add(index)
    # A phrase that names two symptoms (or a diary entry's when, where and how long) must not also be one
    # phrase meaning something else.
    for intent_name, sample, types in two_slot_samples:
        parts = [normalise(p).split() for p in SLOT.split(sample)[::2]]
        known = [dict(words_by_type[t]) for t in types]
        literal = [" ".join(part) for part in parts if part]  # each must be in the phrase (slots side by side have none between)
        rarest = min((having[word] for part in parts for word in part), key=len, default=range(len(padded)))
        for spaced, phrase, meanings in (padded[index] for index in sorted(rarest)):
            if not all(f" {words} " in spaced for words in literal):
                continue
            for filled in fillings(parts, phrase.split()):
                if all(words in table for words, table in zip(filled, known)):
                    ids = tuple(table[words] for words, table in zip(filled, known))
                    if meanings == {(intent_name, (ids[0],))} and set(ids) == {ids[0]}:
                        continue  # one symptom said as one phrase or as "X and X": the same answer either way
                    problems.append(f"{phrase!r}: {sorted(meanings)} and {intent_name} {ids} by {sample!r}")
    assert not problems, "\n".join(problems)
