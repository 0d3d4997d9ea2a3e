"""Typed words to an intent, the way Alexa resolves speech against the skill's interaction model.

Only what the chat needs: exact matches after normalising, no fuzzy matching. Alexa's own
recognition is looser, so a phrase that works here works there, not always the other way round.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import envelopes

MODEL_DIR = Path(__file__).resolve().parents[2] / "interaction_model"
DEFAULT_LOCALE = "en-US"
FALLBACK_INTENT = "AMAZON.FallbackIntent"
SLOT_MARK = "{answer}"

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
    """An intent and, for a slot intent, the slot's resolved value id (None when the words matched no value)."""

    intent: str
    slots: dict[str, str | None] | None = None

    def request(self) -> dict[str, Any]:
        return envelopes.intent(self.intent, self.slots)


def normalise(text: str) -> str:
    """Lowercase words only: apostrophes dropped ("I'm" -> "im"), other punctuation a space, spaces collapsed."""
    text = re.sub(r"['’]", "", text.lower())
    return " ".join(re.sub(r"[^\w\s]|_", " ", text).split())


@dataclass(frozen=True)
class Resolver:
    """Whole-phrase tables built once from one interaction model."""

    phrases: dict[str, str]  # normalised phrase -> intent without slots
    slot_samples: tuple[tuple[str, str, str, str], ...]  # (intent, slot, before, after) around the slot
    slot_values: dict[str, dict[str, str]]  # slot name -> normalised value or synonym -> value id

    def resolve(self, text: str) -> Resolved:
        said = normalise(text)
        if said in self.phrases:
            return Resolved(self.phrases[said])
        for intent, slot, before, after in self.slot_samples:
            value_id = self._slot_value(said, slot, before, after)
            if value_id is not None:
                return Resolved(intent, {slot: value_id})
        return Resolved(FALLBACK_INTENT)

    def _slot_value(self, said: str, slot: str, before: str, after: str) -> str | None:
        # `before` ends and `after` starts with a space, so whole words are matched on both sides.
        if len(said) <= len(before) + len(after) or not (said.startswith(before) and said.endswith(after)):
            return None
        return self.slot_values[slot].get(said[len(before) : len(said) - len(after)])


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
        slots = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            if "{" not in sample:
                phrases.setdefault(normalise(sample), intent["name"])
                continue
            slot = re.search(r"\{(\w+)\}", sample).group(1)
            before, after = sample.split("{" + slot + "}", 1)
            slot_samples.append((intent["name"], slot, _spaced(before, end=True), _spaced(after, end=False)))
            slot_values[slot] = values_by_type.get(slots[slot], {})
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


def _spaced(words: str, end: bool) -> str:
    """A sample's words beside the slot, normalised, with the space that separates them from the slot value."""
    words = normalise(words)
    if not words:
        return ""
    return words + " " if end else " " + words
