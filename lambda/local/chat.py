"""The terminal conversation: typed lines become the requests Alexa would send, the skill's answers are printed."""
from __future__ import annotations

import shutil
import subprocess
import sys
from typing import Any, TextIO

from lambda_function import lambda_handler
from skill import reminders
from skill.speech import plain_text

from .envelopes import Session, launch
from .utterances import load_resolver, model_path

PROMPT = "You: "
# One fixed local user, so a check stopped in one terminal session can be resumed in the next.
TERMINAL_USER = "amzn1.ask.account.local-terminal-user"


class Voice:
    """Prints what Alexa says and, when asked and able, reads it aloud with espeak-ng."""

    def __init__(self, out: TextIO, speak: bool):
        self.out = out
        self.cards_shown: list[dict[str, Any]] = []
        self.espeak = shutil.which("espeak-ng") if speak else None
        if speak and not self.espeak:
            print("espeak-ng is not installed; showing text only.", file=out)

    def say(self, text: str) -> None:
        print(f"Alexa: {text}", file=self.out, flush=True)
        if self.espeak:
            subprocess.run([self.espeak, "-s", "140"], input=text, text=True, check=False)

    def show_reminder(self, request: Any) -> None:
        """The reminder the skill would have set: the chat has no Alexa API, so none is, and the skill says so."""
        when = request.trigger.scheduled_time.strftime("%A %d %B %Y, %H:%M")
        text = request.alert_info.spoken_info.content[0].text
        print(f"\n(No Alexa API here. On a device this reminder would be set for {when}, the device's time:"
              f' "{text}")\n', file=self.out, flush=True)

    def show_card(self, card: dict[str, Any]) -> None:
        """A card once: the skill sends it again when the result is repeated, but the app shows one card."""
        if card in self.cards_shown:
            return
        self.cards_shown.append(card)
        lines = [card.get("title", ""), *card.get("content", card.get("text", "")).splitlines()]
        print("\nCard in the Alexa app:", *(f"  {line}".rstrip() for line in lines), sep="\n", file=self.out, flush=True)


def run(locale: str, speak: bool, lines: TextIO | None = None, out: TextIO | None = None) -> int:
    """Talk until the skill ends the session or the input ends (stdin and stdout unless given)."""
    lines, out = lines or sys.stdin, out or sys.stdout
    if model_path(locale).stem != locale:
        print(f"No interaction model for {locale}; understanding you with {model_path(locale).stem}'s.", file=out)
    resolver = load_resolver(locale)
    session = Session(locale=locale, user_id=TERMINAL_USER)
    voice = Voice(out, speak)
    reminders.without_api = voice.show_reminder
    _turn(session, launch(), voice)
    while not session.ended:
        text = _read(lines, out)
        if text is None:
            return 0
        if text:
            _turn(session, resolver.resolve(text).request(), voice)
    print("(The skill ended the session.)", file=out)
    return 0


def _turn(session: Session, request: dict[str, Any], voice: Voice) -> None:
    response = lambda_handler(session.envelope(request), None)
    session.update(response)
    body = response.get("response", {})
    speech = body.get("outputSpeech")
    if speech:
        voice.say(plain_text(speech["ssml"]) if speech.get("type") == "SSML" else speech.get("text", ""))
    if body.get("card"):
        voice.show_card(body["card"])


def _read(lines: TextIO, out: TextIO) -> str | None:
    """One stripped line, or None at end of input. Piped lines are echoed so the transcript reads like a TTY's."""
    if lines.isatty():
        print(PROMPT, end="", file=out, flush=True)
    line = lines.readline()
    if not line:
        if lines.isatty():
            print(file=out)
        return None
    text = line.strip()
    if text and not lines.isatty():
        print(f"{PROMPT}{text}", file=out, flush=True)
    return text
