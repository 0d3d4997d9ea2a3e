"""The cramp diary's arithmetic: which day a cramp was, what the last four weeks add up to, and whether that
is more than once a week (spec C.4: frequent cramps need a doctor). Pure: the skill layer stores the entries."""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Iterable

from .model import CrampEntry, DiarySummary

# The frequency question the diary can answer (spec C.4); the rest of its group is still asked as usual.
DIARY_FREQUENCY = "g_cramps_frequent"
SUMMARY_DAYS = 28  # "how often": the last four weeks
WEEK_DAYS = 7
# More than once a week: two or more cramps in the last 7 days, or five or more in the last 28 (issue 12).
FREQUENT_IN_WEEK = 2
FREQUENT_IN_FOUR_WEEKS = 5

# How many days before today each spoken "when" means; "last night" is the night before, so yesterday's date.
DAYS_AGO = {"now": 0, "today": 0, "last_night": 1, "yesterday": 1, "day_before_yesterday": 2}


PLACES = ("calf", "foot", "thigh")
SIDES = ("left", "right", "both")
LENGTHS = ("seconds", "minutes", "long")  # long: over ten minutes (A17)


def entry_for(today: date, when: str | None, place: str | None, side: str | None, length: str | None) -> CrampEntry:
    """An entry from what was said; unsaid (or unrecognised) parts are left out, and no "when" means today."""
    return CrampEntry(today - timedelta(days=DAYS_AGO.get(when or "today", 0)), one_of(place, PLACES),
                      one_of(side, SIDES), one_of(length, LENGTHS))


def one_of(value: object, allowed: tuple[str, ...]) -> str | None:
    return value if value in allowed else None


def summary(entries: Iterable[CrampEntry], today: date) -> DiarySummary:
    recent = [e for e in entries if 0 <= (today - e.day).days < SUMMARY_DAYS]
    places = Counter(e.place for e in recent if e.place)
    top = places.most_common(2)
    # "Where most" only when one place leads: a tie names none.
    place = top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) else None
    return DiarySummary(len(recent), sum(1 for e in recent if (today - e.day).days < WEEK_DAYS), place)


def frequent(found: DiarySummary) -> bool:
    return found.week >= FREQUENT_IN_WEEK or found.total >= FREQUENT_IN_FOUR_WEEKS
