"""The local store: one SQLite file in the user's data folder, so a check survives a restart.

Used by the terminal conversation and the loopback endpoint when no DynamoDB table is configured.
Each call opens its own short connection, so the store is safe to share between threads and
leaves nothing open between turns.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Any, Mapping

from .key import DEVELOPMENT_SECRET
from .keyed import Clock, KeyedStore

APP_FOLDER = "leg-cramp-helper"
FILE_NAME = "store.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY,          -- HMAC of the user id, never the id itself
    attributes TEXT NOT NULL,     -- JSON
    expires_at INTEGER NOT NULL   -- epoch seconds, 30 days after the last write
)
"""


def default_path(env: Mapping[str, str] = os.environ) -> Path:
    """$XDG_DATA_HOME/leg-cramp-helper/store.sqlite3, else ~/.local/share/leg-cramp-helper/store.sqlite3."""
    data_home = env.get("XDG_DATA_HOME", "")
    # The XDG spec says to ignore a relative path here.
    base = Path(data_home) if os.path.isabs(data_home) else Path.home() / ".local" / "share"
    return base / APP_FOLDER / FILE_NAME


class SqliteStore(KeyedStore):
    def __init__(
        self, path: str | os.PathLike[str] | None = None, secret: bytes = DEVELOPMENT_SECRET, now: Clock = time.time
    ) -> None:
        super().__init__(secret, now)
        self.path = Path(path) if path is not None else default_path()

    def _read(self, key: str) -> tuple[dict[str, Any], float] | None:
        if not self.path.exists():  # reading creates nothing
            return None
        with closing(self._connect()) as db:
            row = db.execute("SELECT attributes, expires_at FROM records WHERE id = ?", (key,)).fetchone()
        return None if row is None else (json.loads(row[0]), row[1])

    def _write(self, key: str, attributes_json: str, expires_at: int) -> None:
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT OR REPLACE INTO records (id, attributes, expires_at) VALUES (?, ?, ?)",
                (key, attributes_json, expires_at),
            )
            # Everyone's expired records go too, as DynamoDB's TTL would remove them.
            db.execute("DELETE FROM records WHERE expires_at <= ?", (self._now(),))

    def _remove(self, key: str) -> None:
        if not self.path.exists():
            return
        with closing(self._connect()) as db, db:
            db.execute("DELETE FROM records WHERE id = ?", (key,))

    def _connect(self) -> sqlite3.Connection:
        if not self.path.exists():
            # Private to the user: folder 0700, file 0600 (SQLite gives its journal the same mode).
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        db = sqlite3.connect(self.path, timeout=2.0)
        try:
            db.execute(_SCHEMA)
        except BaseException:
            db.close()
            raise
        return db
