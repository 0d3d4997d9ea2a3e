"""Every text of a locale rendered as the skill would say it, placeholders filled with real ids."""
import re
from datetime import date

from skill.speech import render
from triage.model import Card, CrampEntry, DiarySummary, Line, Turn

# Texts that are only ever parts of other texts (rendered there, with the joiners between them).
FRAGMENTS = ("reprompt.", "because.", "cause.", "heard.f", "heard.g", "heard.r", "when.", "result.because_joiner", "heard.joiner",
             "cramps.", "count.", "place.", "where.", "length.", "diary.day_")
TODAY = date(2026, 11, 24)


def renderings(texts):
    """(key, Speech) for every text: questions with their reprompts, lines with every id their placeholders take."""
    because = tuple(k.split(".", 1)[1] for k in texts.texts if k.startswith("because."))
    heard = tuple(k.split(".", 1)[1] for k in texts.texts if re.match(r"heard\.(f|g|r|rf)_", k))
    for key, template in texts.texts.items():
        if key.startswith("question."):
            yield key, render(Turn(ask=key.split(".", 1)[1]), texts)
        elif "{cause}" in template:
            yield key, render(Turn((Line(key, cause="pad", features=because),)), texts)
        elif "{heard}" in template:
            yield key, render(Turn((Line(key, features=heard),)), texts)
        elif "{month}" in template:
            yield key, render(Turn(card=Card((), ())), texts, today=TODAY)
        elif "{total}" in template:
            yield key, render(Turn((Line(key, summary=DiarySummary(6, 2, "calf")),)), texts)
        elif "{day}" in template:
            yield key, render(Turn((Line(key, entry=CrampEntry(TODAY, "calf", "left", "long")),)), texts, today=TODAY)
        elif "{when}" in template:
            yield key, render(Turn((Line(key, when="when.tuesday"),)), texts)
        elif not key.startswith(FRAGMENTS):
            yield key, render(Turn((Line(key),)), texts)
