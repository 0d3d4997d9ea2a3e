"""A throwaway store in this process's memory: for `--memory` runs and tests."""
from __future__ import annotations

import json
import time
from typing import Any

from .key import DEVELOPMENT_SECRET
from .keyed import Clock, KeyedStore


class MemoryStore(KeyedStore):
    """Records as JSON text in a dict, so callers never share a mutable object with the store."""

    def __init__(self, secret: bytes = DEVELOPMENT_SECRET, now: Clock = time.time) -> None:
        super().__init__(secret, now)
        self._records: dict[str, tuple[str, int]] = {}

    def _read(self, key: str) -> tuple[dict[str, Any], float] | None:
        record = self._records.get(key)
        if record is None:
            return None
        text, expires_at = record
        return json.loads(text), expires_at

    def _write(self, key: str, attributes_json: str, expires_at: int) -> None:
        self._records[key] = (attributes_json, expires_at)

    def _remove(self, key: str) -> None:
        self._records.pop(key, None)
