"""A core Turn in words: SSML for the voice, plain text for the card and the terminal.

Content is plain text; it is escaped here (the SDK's speak() does not escape) before markup goes in.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping
from xml.etree import ElementTree

from triage.model import Card, Line, Turn

from .ssml_text import escape
from .texts import Texts

RATE = "90%"  # a little slower than Alexa's default, for older listeners woken at night
PAUSE = '<break time="300ms"/>'


@dataclass(frozen=True)
class Speech:
    ssml: str
    reprompt_ssml: str | None
    card_title: str | None
    card_text: str | None
    end_session: bool


def render(turn: Turn, texts: Texts) -> Speech:
    parts = [_line(line, texts, ssml=True) for line in turn.lines]
    reprompt = None
    if turn.ask:
        parts.append(_fill(texts[f"question.{turn.ask}"], texts, ssml=True))
        reprompt = _speak([_fill(texts[f"reprompt.{turn.ask}"], texts, ssml=True)])
    card_title, card_text = _card(turn.card, texts) if turn.card else (None, None)
    return Speech(_speak(parts), reprompt, card_title, card_text, turn.end_session)


def plain_text(ssml: str) -> str:
    """What a listener hears, as text: the SSML's words without markup."""
    spaced = ssml.replace(PAUSE, " ")
    return " ".join("".join(ElementTree.fromstring(spaced).itertext()).split())


def _speak(parts: list[str]) -> str:
    return f'<speak><prosody rate="{RATE}">{PAUSE.join(parts)}</prosody></speak>'


def _line(line: Line, texts: Texts, ssml: bool) -> str:
    template, extra = texts[line.key], {}
    if line.cause:
        extra["cause"] = texts[f"cause.{line.cause}"]
    if line.when:
        extra["when"] = texts[line.when]
    for name, joiner in (("because", "result.because_joiner"), ("heard", "heard.joiner")):
        if f"{{{name}}}" in template:
            extra[name] = texts[joiner].join(texts[f"{name}.{f}"] for f in line.features)
    return _fill(template, texts, ssml, extra)


def _fill(template: str, texts: Texts, ssml: bool, extra: dict[str, str] | None = None) -> str:
    """Escape the template and its words, then put in the placeholders (phone numbers as digits when spoken)."""
    quote = escape if ssml else str
    values = {key: quote(value) for key, value in (extra or {}).items()}
    values["emergency_number"] = _number(texts.emergency_number, ssml)
    if texts.health_line:
        values["health_line"] = _number(texts.health_line, ssml)
    return quote(template).format_map(values)


def _number(number: Mapping[str, str], ssml: bool) -> str:
    """A phone number by name and digits ("NHS 111"), digits alone ("911"), or words where there is none."""
    quote = escape if ssml else str
    if "digits" not in number:
        return quote(number["words"])
    digits = number["digits"]
    if ssml:
        # Three digits are said one by one (nine one one); longer ones grouped like a phone number.
        digits = f'<say-as interpret-as="{"digits" if len(digits) <= 3 else "telephone"}">{digits}</say-as>'
    return " ".join(filter(None, [quote(number.get("name", "")), digits]))


def _card(card: Card, texts: Texts) -> tuple[str, str]:
    lines = [_line(line, texts, ssml=False) for line in card.lines]
    lines += ["", texts["card.answers"]]
    lines += [_card_answer(entry, answer, texts) for entry, answer in card.answered]
    return texts["card.title"], "\n".join(lines)


def _card_answer(entry: str, answer: str, texts: Texts) -> str:
    """A question and its answer, or a symptom the user described in their own words."""
    if f"question.{entry}" in texts.texts:
        return f"- {_fill(texts[f'question.{entry}'], texts, False)} {texts[f'answer.{answer}']}"
    return f"- {_line(Line('card.said', features=(entry,)), texts, ssml=False)}"
