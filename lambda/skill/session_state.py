"""The session attributes: the conversation state under `check`, and two facts about the voice."""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from ask_sdk_core.handler_input import HandlerInput

from triage.bank import load_bank
from triage.errors import InvalidState
from triage.state import State, from_json, to_json

ATTRIBUTE = "check"
TIME_ZONE = "time_zone"  # the device's zone name, or None when it could not be read (asked once per session)
SLOWER = "slower"  # True once the user asked for slower speech: kept for the rest of the session
_KEPT = (ATTRIBUTE, TIME_ZONE, SLOWER)

# The state this warm container last wrote for each session, as JSON and as read back. Alexa returns it
# unchanged on the session's next turn: then it is the state already checked, and the schema check (about
# 0.3 ms, a third of a warm turn, issue 13) is not done again. Anything else is checked as usual.
_WRITTEN: OrderedDict[str, tuple[dict[str, Any], State]] = OrderedDict()
_WRITTEN_MAX = 1024  # sessions remembered; the oldest forgotten first
_LOCK = threading.Lock()  # `serve` answers requests on several threads


def read(handler_input: HandlerInput) -> State | None:
    """The saved state, a fresh one at the start of a session, or None when it is missing, stale or tampered."""
    session = handler_input.request_envelope.session
    if session is None:  # out-of-session requests carry no attributes at all
        return State()
    attributes = handler_input.attributes_manager.session_attributes
    if ATTRIBUTE not in attributes:
        return State() if session.new else None
    data = attributes[ATTRIBUTE]
    with _LOCK:
        written = _WRITTEN.get(session.session_id)
    if written and written[0] == data:
        return written[1]
    try:
        return from_json(load_bank(), data)
    except InvalidState:
        return None


def write(handler_input: HandlerInput, state: State) -> None:
    """Store the state; anything else a request brought in the attributes is dropped."""
    session = handler_input.request_envelope.session
    if session is not None:
        attributes = handler_input.attributes_manager.session_attributes
        kept = {key: attributes[key] for key in _KEPT if key in attributes}
        bank = load_bank()
        handler_input.attributes_manager.session_attributes = {**kept, ATTRIBUTE: to_json(bank, state)}
        # A second one: what goes out in the response may be touched on the way, the remembered one must not
        # be (to_json builds new dicts and lists each time, in a fifth of the time a deep copy takes).
        remembered = to_json(bank, state)
        with _LOCK:
            _WRITTEN[session.session_id] = (remembered, state)
            _WRITTEN.move_to_end(session.session_id)
            while len(_WRITTEN) > _WRITTEN_MAX:
                _WRITTEN.popitem(last=False)


def wants_slower(handler_input: HandlerInput) -> bool:
    session = handler_input.request_envelope.session
    return session is not None and handler_input.attributes_manager.session_attributes.get(SLOWER) is True


def ask_slower(handler_input: HandlerInput) -> None:
    if handler_input.request_envelope.session is not None:
        handler_input.attributes_manager.session_attributes[SLOWER] = True


def keep_valid(handler_input: HandlerInput) -> None:
    """For a turn that moves nothing on: send back the state if it is valid, and nothing else that came in."""
    if handler_input.request_envelope.session is None:
        return
    state = read(handler_input)
    if state is not None:
        write(handler_input, state)
        return
    attributes = handler_input.attributes_manager.session_attributes
    handler_input.attributes_manager.session_attributes = {k: attributes[k] for k in _KEPT if k in attributes and k != ATTRIBUTE}
