"""Turning a core Turn into the SDK's response: speech in the right voice, reprompt, card, screen, session end."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import AskForPermissionsConsentCard, SimpleCard

from triage.model import Action, Turn

from . import clock, memory, reminders, screens, session_state
from .speech import render
from .texts import texts_for
from .voice import voice_for


def build(handler_input: HandlerInput, turn: Turn) -> Response:
    if turn.action is Action.ASK_REMINDER_PERMISSION:
        return _ask_reminder_permission(handler_input)
    if turn.card:  # the doctor-visit card carries the diary's last four weeks beside the answers
        turn = turn._replace(card=turn.card._replace(diary=memory.diary_summary(handler_input)))
    texts = texts_for(handler_input.request_envelope.request.locale)
    voice = voice_for(clock.is_night(handler_input), session_state.wants_slower(handler_input))
    speech = render(turn, texts, voice, clock.local_now(handler_input).date())
    builder = handler_input.response_builder.speak(speech.ssml)
    if speech.reprompt_ssml:
        builder.ask(speech.reprompt_ssml)
    if turn.permission_card:
        builder.set_card(AskForPermissionsConsentCard(permissions=[reminders.PERMISSION]))
    elif speech.card_title:
        builder.set_card(SimpleCard(title=speech.card_title, content=speech.card_text))
    if (turn.ask or turn.card) and screens.has_screen(handler_input):
        builder.add_directive(screens.directive(turn, speech, texts))
    builder.set_should_end_session(speech.end_session)
    return builder.response


def _ask_reminder_permission(handler_input: HandlerInput) -> Response:
    """Alexa's own voice prompt for the reminders permission. Nothing of ours is said, the session is left to
    Alexa (no shouldEndSession), and the answer comes back as a Connections.Response request."""
    from ask_sdk_model.interfaces.connections import SendRequestDirective

    payload = {"@type": "AskForPermissionsConsentRequest", "@version": "1", "permissionScope": reminders.PERMISSION}
    builder = handler_input.response_builder.add_directive(SendRequestDirective(name="AskFor", payload=payload, token=""))
    return builder.response
