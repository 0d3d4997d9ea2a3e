"""The cramp diary as it is kept in the user's record: a list of entries, oldest first.

Each entry is kept 90 days from its day, and at most DIARY_MAX_ENTRIES of them (the oldest go first), so
the record stays a few kilobytes, far below DynamoDB's 400 KB item limit. The record's expiry follows the
newest entry (`keep_until`, read by the stores). Entries hold a date and, if said, where and how long:
nothing else, and never in a log.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from triage.diary import LENGTHS, PLACES, SIDES, one_of
from triage.model import CrampEntry

from .stores import KEEP_UNTIL

DIARY = "diary"
DIARY_DAYS = 90
DIARY_MAX_ENTRIES = 200  # about 60 bytes each as JSON: some 12 KB at most


def entries(record: dict[str, Any], today: date) -> tuple[CrampEntry, ...]:
    """The entries still kept, oldest first; anything malformed in the record is passed over, never an error."""
    found, items = [], record.get(DIARY)
    for item in items if isinstance(items, list) else ():
        entry = _entry(item)
        if entry and 0 <= (today - entry.day).days < DIARY_DAYS:
            found.append(entry)
    return tuple(sorted(found, key=lambda e: e.day))[-DIARY_MAX_ENTRIES:]


def with_entry(kept: tuple[CrampEntry, ...], entry: CrampEntry) -> tuple[CrampEntry, ...]:
    return tuple(sorted(kept + (entry,), key=lambda e: e.day))[-DIARY_MAX_ENTRIES:]


def as_record(kept: tuple[CrampEntry, ...]) -> dict[str, Any]:
    """The diary's part of the record: its entries and how long the record must last for them."""
    if not kept:
        return {}
    newest = datetime.combine(kept[-1].day + timedelta(days=DIARY_DAYS + 1), time(), timezone.utc)
    items = [{k: v for k, v in (("day", e.day.isoformat()), ("place", e.place), ("side", e.side), ("length", e.length)) if v}
             for e in kept]
    return {DIARY: items, KEEP_UNTIL: int(newest.timestamp())}


def _entry(item: Any) -> CrampEntry | None:
    if not isinstance(item, dict):
        return None
    try:
        day = date.fromisoformat(item["day"])
    except (KeyError, TypeError, ValueError):
        return None
    return CrampEntry(day, one_of(item.get("place"), PLACES), one_of(item.get("side"), SIDES),
                      one_of(item.get("length"), LENGTHS))
