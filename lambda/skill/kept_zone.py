"""The device's time zone, kept in the user's record for a week, so a returning user's first turn needs no
call to Alexa (a TLS connection and a round trip before the first word, issue 13).

The record holds one entry, for the device last used: its zone name, when Alexa gave it, and a code for the
device (an HMAC of its id with the store's secret, as the record's own key, never the id itself). Another
device, or an entry older than KEPT_DAYS, is asked of Alexa again: someone who moves, or who shares an
Amazon account with a parent in another time zone, gets that device's own night. The entry is kept only in
a record that is kept anyway (skill.memory): the zone alone is never a reason to store anything.
"""
from __future__ import annotations

import functools
import hmac
from hashlib import sha256
from typing import Any

from .stores.key import secret_from_environment

KEPT = "device_zone"  # the record's attribute
KEPT_DAYS = 7
_CODE_HEX = 16  # 64 bits tell a user's few devices apart


def kept_name(record: dict[str, Any], device_id: str | None, now_s: int) -> str | None:
    """The zone kept for this device, while it is younger than KEPT_DAYS; else None (ask Alexa)."""
    entry = _fresh(record, now_s)
    if not (device_id and entry and isinstance(entry.get("name"), str)):
        return None
    return entry["name"] if entry.get("device") == device_code(device_id) else None


def entry_to_keep(record: dict[str, Any], device_id: str | None, name: str | None, now_s: int) -> dict[str, Any] | None:
    """What the record should hold after this turn: the kept entry while it still answers for this device,
    a new one when Alexa was asked (it was, if the kept one did not answer), else the kept one while it is
    younger than KEPT_DAYS (Alexa could not say: another device's entry stays its week, and no longer)."""
    if name is not None and kept_name(record, device_id, now_s) == name:
        return record[KEPT]
    if name and device_id:
        return {"device": device_code(device_id), "name": name, "asked_at": now_s}
    return _fresh(record, now_s)


def _fresh(record: dict[str, Any], now_s: int) -> dict[str, Any] | None:
    entry = record.get(KEPT)
    asked_at = entry.get("asked_at") if isinstance(entry, dict) else None
    if type(asked_at) is not int or not 0 <= now_s - asked_at < KEPT_DAYS * 24 * 60 * 60:
        return None
    return entry


@functools.cache
def _secret() -> bytes:
    return secret_from_environment()


def device_code(device_id: str, secret: bytes | None = None) -> str:
    """The device's code in the record; `secret` is the environment's unless given (the benchmark's seeding)."""
    return hmac.new(secret or _secret(), device_id.encode("utf-8"), sha256).hexdigest()[:_CODE_HEX]
