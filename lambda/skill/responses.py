"""Turning a core Turn into the SDK's response: speech in the right voice, reprompt, card, screen, session end."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import SimpleCard

from triage.model import Turn

from . import clock, screens, session_state
from .speech import render
from .texts import texts_for
from .voice import voice_for


def build(handler_input: HandlerInput, turn: Turn) -> Response:
    texts = texts_for(handler_input.request_envelope.request.locale)
    voice = voice_for(clock.is_night(handler_input), session_state.wants_slower(handler_input))
    speech = render(turn, texts, voice, clock.local_now(handler_input).date())
    builder = handler_input.response_builder.speak(speech.ssml)
    if speech.reprompt_ssml:
        builder.ask(speech.reprompt_ssml)
    if speech.card_title:
        builder.set_card(SimpleCard(title=speech.card_title, content=speech.card_text))
    if (turn.ask or turn.card) and screens.has_screen(handler_input):
        builder.add_directive(screens.directive(turn, speech, texts))
    builder.set_should_end_session(speech.end_session)
    return builder.response
