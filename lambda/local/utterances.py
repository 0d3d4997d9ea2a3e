"""Typed words to an intent, the way Alexa resolves speech against the skill's interaction model.

Only what the chat needs: exact words after normalising, no fuzzy matching. Alexa's own recognition
is looser, so a phrase that works here works there, not always the other way round.

Precedence, from first to last:
1. A sample with no slot, or a phrase Alexa's built-in intents know, said exactly.
2. A slot sample whose slots all hold a value or synonym of their type. More filled slots win
   ("my feet burn and my ankles swell" is two symptoms, not one), then more literal words
   ("I'm on Lasix" is MedicineIntent's "I'm on {medicine}", not a bare "{medicine}"), then model order.
3. A slot sample whose literal words match while a slot's words match no value: the intent with
   that slot unresolved (ER_SUCCESS_NO_MATCH), as Alexa sends for "I take zorbulon". Only samples
   with literal words count here (a bare "{medicine}" would swallow anything), and a two-slot
   sample only when one of its slots did resolve. Ranked as in 2.
4. Otherwise AMAZON.FallbackIntent.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from . import envelopes

MODEL_DIR = Path(__file__).resolve().parents[2] / "interaction_model"
DEFAULT_LOCALE = "en-US"
FALLBACK_INTENT = "AMAZON.FallbackIntent"
SLOT = re.compile(r"\{(\w+)\}")

# Phrases Alexa's English built-in intents understand without any samples in the model.
BUILT_IN_PHRASES = {
    "AMAZON.YesIntent": ("yes", "yeah"),
    "AMAZON.NoIntent": ("no",),
    "AMAZON.HelpIntent": ("help",),
    "AMAZON.RepeatIntent": ("repeat", "say that again"),
    "AMAZON.PreviousIntent": ("go back", "back", "previous"),
    "AMAZON.StartOverIntent": ("start over", "start again", "restart"),
    "AMAZON.StopIntent": ("stop", "quit", "exit"),
    "AMAZON.CancelIntent": ("cancel",),
    "AMAZON.NavigateHomeIntent": ("home",),
}


@dataclass(frozen=True)
class Resolved:
    """An intent and, for a slot intent, each filled slot's value id (None when its words matched no value).

    `spoken` keeps the words heard in each slot, as Alexa sends them in slot.value; it does not take part in
    equality, so tests compare what the skill acts on.
    """

    intent: str
    slots: dict[str, str | None] | None = None
    spoken: dict[str, str] | None = field(default=None, compare=False)

    def request(self) -> dict[str, Any]:
        return envelopes.intent(self.intent, self.slots, self.spoken)


def normalise(text: str) -> str:
    """Lowercase words only: apostrophes dropped ("I'm" -> "im"), other punctuation a space, spaces collapsed."""
    text = re.sub(r"['’]", "", text.lower())
    return " ".join(re.sub(r"[^\w\s]|_", " ", text).split())


@dataclass(frozen=True)
class SlotSample:
    """One sample with slots: its literal words around and between the slots, as word tuples."""

    intent: str
    slots: tuple[str, ...]  # slot names in the order they appear
    parts: tuple[tuple[str, ...], ...]  # len(slots) + 1 runs of literal words, any of them empty
    order: int  # position in the model, the last tie-break

    @property
    def literal_words(self) -> int:
        return sum(len(part) for part in self.parts)


@dataclass(frozen=True)
class Resolver:
    """Whole-phrase tables built once from one interaction model."""

    phrases: dict[str, str]  # normalised phrase -> intent without slots
    slot_samples: tuple[SlotSample, ...]
    slot_values: dict[str, dict[str, str]]  # slot name -> normalised value or synonym -> value id

    def resolve(self, text: str) -> Resolved:
        said = normalise(text)
        if said in self.phrases:
            return Resolved(self.phrases[said])
        best: tuple[tuple[int, ...], Resolved] | None = None
        for sample in self.slot_samples:
            for filled in fillings(sample.parts, said.split()):
                candidate = self._rank(sample, filled)
                if candidate and (best is None or candidate[0] > best[0]):
                    best = candidate
        return best[1] if best else Resolved(FALLBACK_INTENT)

    def _rank(self, sample: SlotSample, filled: tuple[str, ...]) -> tuple[tuple[int, ...], Resolved] | None:
        ids = {slot: self.slot_values[slot].get(words) for slot, words in zip(sample.slots, filled)}
        matched = sum(value_id is not None for value_id in ids.values())
        unmatched = len(ids) - matched
        if unmatched and (sample.literal_words == 0 or (len(ids) > 1 and not matched)):
            return None
        rank = (unmatched == 0, matched, -unmatched, sample.literal_words, -sample.order)
        return rank, Resolved(sample.intent, ids, dict(zip(sample.slots, filled)))


def fillings(parts: Sequence[Sequence[str]], words: Sequence[str]) -> list[tuple[str, ...]]:
    """Every way a sample's literal parts (word lists around its slots) fit `words` exactly, as the words of
    each slot (never empty). The model tests use it too, to find phrases that could reach two intents."""
    head, rest = parts[0], parts[1:]
    if tuple(words[: len(head)]) != tuple(head):
        return []
    words = words[len(head):]
    if not rest:
        return [()] if not words else []
    found = []
    for end in range(1, len(words) + 1):
        found += [(" ".join(words[:end]), *more) for more in fillings(rest, words[end:])]
    return found


def model_path(locale: str) -> Path:
    """The locale's model file, or en-US's when the skill has none for that locale."""
    path = MODEL_DIR / f"{locale}.json"
    return path if path.is_file() else MODEL_DIR / f"{DEFAULT_LOCALE}.json"


def load_resolver(locale: str = DEFAULT_LOCALE) -> Resolver:
    return build_resolver(json.loads(model_path(locale).read_text(encoding="utf-8")))


def build_resolver(model: dict[str, Any]) -> Resolver:
    language = model["interactionModel"]["languageModel"]
    values_by_type = {t["name"]: _value_table(t) for t in language.get("types", [])}
    phrases: dict[str, str] = {}
    slot_samples = []
    slot_values = {}
    for intent in language["intents"]:
        slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            slots = tuple(SLOT.findall(sample))
            if not slots:
                phrases.setdefault(normalise(sample), intent["name"])
                continue
            parts = tuple(tuple(normalise(words).split()) for words in SLOT.split(sample)[::2])
            slot_samples.append(SlotSample(intent["name"], slots, parts, len(slot_samples)))
            for slot in slots:
                slot_values[slot] = values_by_type.get(slot_types[slot], {})
    # The model's own samples win over the built-in phrases, as a sample is what the skill asked for.
    for intent_name, built_in in BUILT_IN_PHRASES.items():
        for phrase in built_in:
            phrases.setdefault(phrase, intent_name)
    return Resolver(phrases, tuple(slot_samples), slot_values)


def _value_table(slot_type: dict[str, Any]) -> dict[str, str]:
    table = {}
    for value in slot_type["values"]:
        name = value["name"]
        value_id = value.get("id") or name["value"]
        for words in (name["value"], *name.get("synonyms", [])):
            table.setdefault(normalise(words), value_id)
    return table
