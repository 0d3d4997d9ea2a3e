"""What a screen device shows (Echo Show, through APL): content/apl/screen.json filled with what was said,
the question in large type, and answer buttons. A touch comes back as an Alexa.Presentation.APL.UserEvent
with the arguments ["answer", <answer id>, <question id>], and counts as the same answer said aloud."""
from __future__ import annotations

from functools import cache
from typing import Any

from ask_sdk_core.handler_input import HandlerInput

from triage.bank import load_bank
from triage.content_files import content_dir, read_json
from triage.model import Turn

from .speech import Speech
from .texts import Texts

TOKEN = "leg-cramp-helper"
TOUCH = "answer"  # the first SendEvent argument of an answer button
DOCUMENT = "apl/screen.json"


def has_screen(handler_input: HandlerInput) -> bool:
    context = handler_input.request_envelope.context
    device = context.system.device if context and context.system else None
    interfaces = device.supported_interfaces if device else None
    return bool(interfaces and interfaces.alexa_presentation_apl is not None)


def directive(turn: Turn, speech: Speech, texts: Texts):
    # Imported here: the APL model package is large, and devices without a screen never need it.
    from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

    return RenderDocumentDirective(token=TOKEN, document=document(), datasources=datasource(turn, speech, texts))


def datasource(turn: Turn, speech: Speech, texts: Texts) -> dict[str, Any]:
    """The screen's data: every key the document reads is here (a test checks this against the document)."""
    answers = ["yes", "no"]
    bank = load_bank()
    if turn.ask and (bank.question(turn.ask) or turn.ask in bank.features):  # about the spec's signs: "not sure" too
        answers.append("unsure")
    buttons = [{"label": texts[f"button.{a}"], "answer": a} for a in answers] if turn.ask else []
    return {
        "screen": {
            "title": texts["screen.title"],
            "said": list(speech.said),
            "question": speech.question or "",
            "question_id": turn.ask or "",
            "buttons": buttons,
        }
    }


@cache
def document() -> dict[str, Any]:
    """Read once per process, on the first screen shown (devices without one never pay for it)."""
    return read_json(content_dir() / DOCUMENT)
