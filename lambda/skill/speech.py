"""A core Turn in words: SSML for the voice, plain text for the card and the terminal.

Content is plain text; it is escaped here (the SDK's speak() does not escape) before markup goes in.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Mapping, NamedTuple

from triage.model import Card, CrampEntry, DiarySummary, Line, Pause, Turn

from .ssml_text import escape
from .texts import Texts
from .voice import DAY, Voice

PAUSE = '<break time="300ms"/>'  # between sentences, so each lands before the next
LONGEST_BREAK_S = 10  # Alexa's limit for one SSML break; longer pauses are chained
_LONG_BREAKS = re.compile(r'(<break time="\d+s"/>)+')


class Speech(NamedTuple):  # a named tuple: cheap to build at cold start
    ssml: str
    reprompt_ssml: str | None
    card_title: str | None
    card_text: str | None
    end_session: bool
    said: tuple[str, ...] = ()  # each line as plain text, for a screen
    question: str | None = None  # the question asked, as plain text


def render(turn: Turn, texts: Texts, voice: Voice = DAY, today: date | None = None) -> Speech:
    parts = [_pause(line) if isinstance(line, Pause) else _line(line, texts, ssml=True, today=today) for line in turn.lines]
    said = tuple(_line(line, texts, ssml=False, today=today) for line in turn.lines if isinstance(line, Line))
    reprompt = question = None
    if turn.ask:
        parts.append(_fill(texts[f"question.{turn.ask}"], texts, ssml=True))
        question = _fill(texts[f"question.{turn.ask}"], texts, ssml=False)
        reprompt = _speak([_fill(texts[f"reprompt.{turn.ask}"], texts, ssml=True)], voice)
    card_title, card_text = _card(turn.card, texts, today) if turn.card else (None, None)
    return Speech(_speak(parts, voice), reprompt, card_title, card_text, turn.end_session, said, question)


def plain_text(ssml: str) -> str:
    """What a listener hears, as text: the SSML's words without markup, and "…" where it falls silent."""
    from xml.etree import ElementTree  # for the chat and tests only: not on the skill's path

    spaced = _LONG_BREAKS.sub(" … ", ssml.replace(PAUSE, " "))
    return " ".join("".join(ElementTree.fromstring(spaced).itertext()).split())


def _speak(parts: list[str], voice: Voice) -> str:
    volume = f' volume="{voice.volume}"' if voice.volume else ""
    return f'<speak><prosody rate="{voice.rate}%"{volume}>{PAUSE.join(parts)}</prosody></speak>'


def _pause(pause: Pause) -> str:
    whole, rest = divmod(pause.seconds, LONGEST_BREAK_S)
    return "".join(f'<break time="{s}s"/>' for s in [LONGEST_BREAK_S] * whole + ([rest] if rest else []))


def _line(line: Line, texts: Texts, ssml: bool, today: date | None = None) -> str:
    template, extra = texts[line.key], {}
    if line.entry:
        extra.update(_entry_words(line.entry, texts, today))
    if line.summary:
        extra.update(_summary_words(line.summary, texts))
    if line.cause:
        extra["cause"] = texts[f"cause.{line.cause}"]
    if line.when:
        extra["when"] = texts[line.when]
    for name, joiner in (("because", "result.because_joiner"), ("heard", "heard.joiner")):
        if f"{{{name}}}" in template:
            extra[name] = texts[joiner].join(texts[f"{name}.{f}"] for f in line.features)
    return _fill(template, texts, ssml, extra)


def _entry_words(entry: CrampEntry, texts: Texts, today: date | None) -> dict[str, str]:
    """A diary entry as it is confirmed: the day (relative to the device's today), then where and how long."""
    days = min(max((today - entry.day).days, 0), 2) if today else 0
    where = None
    if entry.place:
        where = texts[f"where.{entry.place}_{entry.side or 'none'}"]
    elif entry.side:
        where = texts[f"where.leg_{entry.side}"]
    details = [d for d in (where, texts[f"length.{entry.length}"] if entry.length else None) if d]
    return {"day": texts[f"diary.day_{days}"], "detail": "".join(f", {d}" for d in details)}


def _summary_words(summary: DiarySummary, texts: Texts) -> dict[str, str]:
    total = texts["cramps.one" if summary.total == 1 else "cramps.many"].format(n=summary.total)
    week = texts[{0: "count.none", 1: "count.one"}.get(summary.week, "count.many")].format(n=summary.week)
    words = {"total": total, "week": week}
    if summary.place:
        words["place"] = texts[f"place.{summary.place}"]
    return words


def _fill(template: str, texts: Texts, ssml: bool, extra: dict[str, str] | None = None) -> str:
    """Escape the template and its words, then put in the placeholders (phone numbers as digits when spoken)."""
    if extra:
        return _filled(template, texts, ssml, extra)
    filled = texts.filled.get((template, ssml))
    if filled is None:
        filled = texts.filled[template, ssml] = _filled(template, texts, ssml, None)
    return filled


def _filled(template: str, texts: Texts, ssml: bool, extra: dict[str, str] | None) -> str:
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


def _card(card: Card, texts: Texts, today: date | None) -> tuple[str, str]:
    """A summary to show a doctor: the date, the causes and why, the advice, then every answer given."""
    lines = [texts["card.date"].format(day=today.day, month=today.strftime("%B"), year=today.year)] if today else []
    lines += [_line(line, texts, ssml=False) for line in card.lines if line.key != "result.intro"]
    lines += ["", texts["card.answers"]]
    lines += [_card_answer(entry, answer, texts) for entry, answer in card.answered]
    if card.diary and card.diary.total:
        key = "card.diary_place" if card.diary.place else "card.diary"
        lines += ["", _line(Line(key, summary=card.diary), texts, ssml=False)]
    lines += ["", texts["card.not_diagnosis"]]
    return texts["card.title"], "\n".join(lines)


def _card_answer(entry: str, answer: str, texts: Texts) -> str:
    """A question and its answer, or a symptom the user described in their own words."""
    if f"question.{entry}" in texts.texts:
        return f"- {_fill(texts[f'question.{entry}'], texts, False)} {texts[f'answer.{answer}']}"
    return f"- {_line(Line('card.said', features=(entry,)), texts, ssml=False)}"
