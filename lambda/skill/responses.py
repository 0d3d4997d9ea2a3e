"""Turning a core Turn into the SDK's response: speech, reprompt, card and whether the session ends."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import SimpleCard

from triage.model import Turn

from .speech import render
from .texts import texts_for


def build(handler_input: HandlerInput, turn: Turn) -> Response:
    speech = render(turn, texts_for(handler_input.request_envelope.request.locale))
    builder = handler_input.response_builder.speak(speech.ssml)
    if speech.reprompt_ssml:
        builder.ask(speech.reprompt_ssml)
    if speech.card_title:
        builder.set_card(SimpleCard(title=speech.card_title, content=speech.card_text))
    builder.set_should_end_session(speech.end_session)
    return builder.response
