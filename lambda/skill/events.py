"""What a request means for the core: slot values by entity-resolution id, turned into one event."""
from __future__ import annotations

import logging

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name

from triage.bank import load_bank
from triage.diary import entry_for
from triage.model import Answer, Command, Describe, Event, Medicine, ReminderOutcome, ReminderStatus

from . import clock, memory, screens
from .intents import ANSWER_SLOT, CRAMP_SLOTS, MEDICINE_SLOT, SYMPTOM_SLOTS
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


def cramp_from_slots(handler_input: HandlerInput) -> Event:
    """A diary entry from what was said (any part may be missing), stored before the core words the turn."""
    when, place, side, length = (resolved_id(handler_input, slot) for slot in CRAMP_SLOTS)
    entry = entry_for(clock.local_now(handler_input).date(), when, place, side, length)
    return memory.note_cramp(handler_input, entry)


def permission_answer(handler_input: HandlerInput) -> Event:
    """Alexa's answer to the voice permission for reminders: given (the core then asks for the reminder to be
    set), refused or not answered, or no voice permission on this device (the card goes to the app instead)."""
    request = handler_input.request_envelope.request
    code = str(getattr(getattr(request, "status", None), "code", ""))
    payload = getattr(request, "payload", None) or {}
    if code != "200":
        return ReminderOutcome(ReminderStatus.CARD_SENT)
    return ReminderOutcome(ReminderStatus.GRANTED if payload.get("status") == "ACCEPTED" else ReminderStatus.DECLINED)
