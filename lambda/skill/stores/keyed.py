"""The part every store shares: records keyed by the user's hashed id, expiring 30 days after the last write
(or, for a cramp diary, when its newest entry's 90 days are up).

Each store implements the SDK's persistence interface (`AbstractPersistenceAdapter`), so the skill
can be built with any of them, and only says how to read, write and remove one record by key.
"""
from __future__ import annotations

import json
import time
from typing import Any, Callable

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from .key import DEVELOPMENT_SECRET, user_id_of, user_key

# Records expire by themselves 30 days after the last write (DynamoDB: the table's TTL on
# `expires_at`; the local stores: checked on read). An expired record reads as absent
# everywhere, because DynamoDB's TTL deletes lazily (typically within a few days).
EXPIRY_SECONDS = 30 * 24 * 60 * 60
# A record may ask to be kept longer, up to this, with a `keep_until` attribute (epoch seconds): the cramp
# diary keeps each entry 90 days, so its record lives until the newest entry's time is up (skill.diary).
KEEP_UNTIL = "keep_until"
LONGEST_SECONDS = 91 * 24 * 60 * 60

Clock = Callable[[], float]


class KeyedStore(AbstractPersistenceAdapter):
    """Maps the SDK's three calls onto `_read`, `_write` and `_remove` of one record."""

    def __init__(self, secret: bytes = DEVELOPMENT_SECRET, now: Clock = time.time) -> None:
        if not secret:
            raise ValueError("the user key secret is empty")
        self._secret = secret
        self._now = now

    # -- the SDK's interface (it passes these by keyword) --------------------------------

    def get_attributes(self, request_envelope: Any) -> dict[str, Any]:
        key = self._key(request_envelope)
        record = self._read(key)
        if record is None:
            return {}
        attributes, expires_at = record
        if expires_at <= self._now():
            self._remove(key)
            return {}
        return attributes

    def save_attributes(self, request_envelope: Any, attributes: dict[str, Any]) -> None:
        if not isinstance(attributes, dict):
            raise TypeError(f"attributes must be a dict, not {type(attributes).__name__}")
        # JSON text: checks the attributes are plain data, and the store keeps a copy.
        text = json.dumps(attributes, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        self._write(self._key(request_envelope), text, expiry(attributes, int(self._now())))

    def delete_attributes(self, request_envelope: Any) -> None:
        self._remove(self._key(request_envelope))

    # -- what each store provides -------------------------------------------------------

    def _read(self, key: str) -> tuple[dict[str, Any], float] | None:
        """The record's attributes and expiry (epoch seconds), or None."""
        raise NotImplementedError

    def _write(self, key: str, attributes_json: str, expires_at: int) -> None:
        """Create or replace the record."""
        raise NotImplementedError

    def _remove(self, key: str) -> None:
        """Delete the record; no error when there is none."""
        raise NotImplementedError

    def _key(self, request_envelope: Any) -> str:
        return user_key(user_id_of(request_envelope), self._secret)


def expiry(attributes: dict[str, Any], now: int) -> int:
    """30 days from now, or the record's own `keep_until` if later, never more than 91 days away."""
    wanted = attributes.get(KEEP_UNTIL)
    later = wanted if type(wanted) is int else 0
    return min(max(now + EXPIRY_SECONDS, later), now + LONGEST_SECONDS)
