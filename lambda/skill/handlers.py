"""Thin request handlers: each maps a request to one core event, steps the engine, and renders the turn."""
from __future__ import annotations

import logging
from typing import Callable

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model import Response

from triage.bank import load_bank
from triage.engine import restart_after_bad_state, step
from triage.model import Answer, Command, DiaryQuery, Event, Line, LogCramp, Prompt, Turn
from triage.state import State

from . import actions, clock, events, memory, responses, session_state
from .intents import (
    ANSWER_INTENT, COMMANDS, DESCRIBE_INTENT, DIARY_SUMMARY_INTENT, LOG_CRAMP_INTENT, MEDICINE_INTENT, YES_NO,
)

log = logging.getLogger(__name__)

Predicate = Callable[[HandlerInput], bool]


class EventHandler(AbstractRequestHandler):
    """Handles what `predicate` accepts by sending `event(handler_input)` to the engine."""

    def __init__(self, name: str, predicate: Predicate, event: Callable[[HandlerInput], Event]):
        self.name, self.predicate, self.event = name, predicate, event

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return self.predicate(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        bank = load_bank()
        state = session_state.read(handler_input)
        event = self.event(handler_input)
        if event is Command.SLOWER:
            session_state.ask_slower(handler_input)
        if state is None and not _obeyed_in_any_state(event):
            log.info("state missing or invalid: restarting the check")
            state, turn = restart_after_bad_state(bank)
        else:
            now, local = int(clock.request_time(handler_input).timestamp()), clock.local_now(handler_input)
            state, turn = step(bank, state or State(), event, now=now, local=local)
            if turn.action in actions.DONE_HERE:  # set a reminder, note a cramp: then word what came of it
                state, turn = step(bank, state, actions.perform(handler_input, state, turn.action), now=now, local=local)
        session_state.write(handler_input, state)
        if event is not Command.FORGET:
            memory.keep(handler_input, state, turn)
        elif not memory.forget(handler_input):
            turn = Turn((Line("forget_failed"),), end_session=True)
        return responses.build(handler_input, turn)

    def __repr__(self) -> str:
        return f"EventHandler({self.name})"


def _obeyed_in_any_state(event: Event) -> bool:
    """"Stop", "forget my data" and the diary need no check: they are done whatever state came in."""
    return event in (Command.STOP, Command.FORGET) or isinstance(event, (LogCramp, DiaryQuery))


class SessionEndedHandler(AbstractRequestHandler):
    """Alexa closed the session (user silent, said exit, or an error): nothing may be said."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("SessionEndedRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        log.info("session ended: %s", getattr(request.reason, "value", request.reason))
        session_state.keep_valid(handler_input)
        return handler_input.response_builder.response


class SilentHandler(AbstractRequestHandler):
    """Any other request type (for example System.ExceptionEncountered) gets an empty response, never speech."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        log.info("ignored request type %s", handler_input.request_envelope.request.object_type)
        session_state.keep_valid(handler_input)
        return handler_input.response_builder.response


class ErrorHandler(AbstractExceptionHandler):
    """Anything unexpected: apologise and ask the pending question again, keeping the state as it was."""

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log.exception("unhandled error in %s", getattr(handler_input.request_envelope.request, "object_type", "?"))
        state = session_state.read(handler_input)
        question = state.question if state and state.question else Prompt.START_CHECK.value
        session_state.keep_valid(handler_input)
        return responses.build(handler_input, Turn((Line("error.sorry"),), ask=question))


def ordered_handlers() -> list[AbstractRequestHandler]:
    """Registration order is policy: the SDK takes the first handler that says yes."""
    return [
        SessionEndedHandler(),
        EventHandler("launch", is_request_type("LaunchRequest"), memory.launch),
        *(EventHandler(name, is_intent_name(name), lambda _, c=command: c) for name, command in COMMANDS.items()),
        *(EventHandler(name, is_intent_name(name), lambda _, w=word: Answer(w)) for name, word in YES_NO.items()),
        EventHandler(ANSWER_INTENT, is_intent_name(ANSWER_INTENT), events.answer_from_slot),
        EventHandler(DESCRIBE_INTENT, is_intent_name(DESCRIBE_INTENT), events.symptoms_from_slots),
        EventHandler(MEDICINE_INTENT, is_intent_name(MEDICINE_INTENT), events.medicine_from_slot),
        EventHandler(LOG_CRAMP_INTENT, is_intent_name(LOG_CRAMP_INTENT), events.cramp_from_slots),
        EventHandler(DIARY_SUMMARY_INTENT, is_intent_name(DIARY_SUMMARY_INTENT), lambda hi: DiaryQuery(memory.diary_summary(hi))),
        EventHandler("reminder permission", is_request_type("Connections.Response"), events.permission_answer),
        EventHandler("unknown intent", is_request_type("IntentRequest"), events.unknown_intent),
        EventHandler("screen touch", is_request_type("Alexa.Presentation.APL.UserEvent"), events.touched_answer),
        SilentHandler(),
    ]
