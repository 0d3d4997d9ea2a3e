"""What a request means for the core: slot values by entity-resolution id, turned into one event."""
from __future__ import annotations

import logging

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name

from triage.bank import load_bank
from triage.model import Answer, Command, Describe, Event, Medicine

from . import screens
from .intents import ANSWER_SLOT, MEDICINE_SLOT, SYMPTOM_SLOTS
from .session_state import ATTRIBUTE
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


def touched_answer(handler_input: HandlerInput) -> Event:
    """A button touched on the screen: an answer to the question it showed. A touch on a screen left over from
    an earlier question (or anything else) says the current question again rather than answer the wrong one."""
    arguments = getattr(handler_input.request_envelope.request, "arguments", None) or []
    session = handler_input.request_envelope.session
    check = handler_input.attributes_manager.session_attributes.get(ATTRIBUTE) if session else None
    pending = check.get("question") if isinstance(check, dict) else None
    if len(arguments) == 3 and arguments[0] == screens.TOUCH and arguments[2] == pending and pending:
        if isinstance(arguments[1], str) and arguments[1] in load_bank().answer_meanings:
            return Answer(arguments[1])
    return Command.REPEAT
