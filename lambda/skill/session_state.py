"""Reading and writing the conversation state in the session attributes, under one key."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from triage.bank import load_bank
from triage.errors import InvalidState
from triage.state import State, from_json, to_json

ATTRIBUTE = "check"


def read(handler_input: HandlerInput) -> State | None:
    """The saved state, a fresh one at the start of a session, or None when it is missing, stale or tampered."""
    session = handler_input.request_envelope.session
    if session is None:  # out-of-session requests carry no attributes at all
        return State()
    attributes = handler_input.attributes_manager.session_attributes
    if ATTRIBUTE not in attributes:
        return State() if session.new else None
    try:
        return from_json(load_bank(), attributes[ATTRIBUTE])
    except InvalidState:
        return None


def write(handler_input: HandlerInput, state: State) -> None:
    if handler_input.request_envelope.session is not None:
        handler_input.attributes_manager.session_attributes = {ATTRIBUTE: to_json(load_bank(), state)}


def keep_valid(handler_input: HandlerInput) -> None:
    """For a turn that moves nothing on: send back the state if it is valid, and nothing else that came in."""
    if handler_input.request_envelope.session is None:
        return
    state = read(handler_input)
    handler_input.attributes_manager.session_attributes = {} if state is None else {ATTRIBUTE: to_json(load_bank(), state)}
