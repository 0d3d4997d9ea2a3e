"""What a request means for the core: slot values by entity-resolution id, turned into one event."""
from __future__ import annotations

import logging

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name

from triage.bank import load_bank
from triage.model import Answer, Command, Describe, Event, Medicine

from .intents import ANSWER_SLOT, MEDICINE_SLOT, SYMPTOM_SLOTS
from .slots import resolved_id

log = logging.getLogger(__name__)


def answer_from_slot(handler_input: HandlerInput) -> Event:
    """An answer only when the words resolved to a value the bank knows; otherwise ask again kindly."""
    word = resolved_id(handler_input, ANSWER_SLOT)
    return Answer(word) if word in load_bank().answer_meanings else Command.FALLBACK


def symptoms_from_slots(handler_input: HandlerInput) -> Event:
    """The described symptoms by feature id, in the order said; words that matched nothing are left out."""
    features = load_bank().features
    found = (resolved_id(handler_input, slot) for slot in SYMPTOM_SLOTS)
    return Describe(tuple(dict.fromkeys(f for f in found if f in features)))


def medicine_from_slot(handler_input: HandlerInput) -> Event:
    return Medicine(resolved_id(handler_input, MEDICINE_SLOT))


def unknown_intent(handler_input: HandlerInput) -> Event:
    log.info("intent not in the model: %s", get_intent_name(handler_input))
    return Command.FALLBACK
