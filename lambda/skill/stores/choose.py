"""Which store this process uses, from its environment.

TABLE_NAME set (Lambda, template.yaml)  -> DynamoDB, keyed with USER_KEY_SECRET (required)
LEG_CRAMP_STORE=memory                  -> in memory, gone when the process ends
otherwise                               -> SQLite at LEG_CRAMP_STORE_PATH, else the user's data folder

Whatever is chosen comes wrapped in FaultTolerantStore. Only the chosen store's module is imported,
so a local run never imports boto3 and Lambda never imports sqlite3.
"""
from __future__ import annotations

import os
from typing import Mapping

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from .key import secret_from_environment
from .safe import FaultTolerantStore

STORE_CHOICES = ("sqlite", "memory")


class StoreConfigError(ValueError):
    """The environment asks for a store that cannot be set up as asked."""


def store_from_environment(env: Mapping[str, str] = os.environ) -> AbstractPersistenceAdapter:
    table_name = env.get("TABLE_NAME", "")
    if table_name:
        if not env.get("USER_KEY_SECRET"):
            # A public default key would let anyone recompute the hashes: refuse, loudly, at start-up.
            raise StoreConfigError("TABLE_NAME is set but USER_KEY_SECRET is not")
        from .dynamodb import DynamoDbStore

        return FaultTolerantStore(DynamoDbStore(table_name, secret=secret_from_environment(env)))

    # Local stores stay on the user's machine: the development secret is acceptable there.
    secret = secret_from_environment(env)
    kind = env.get("LEG_CRAMP_STORE", "") or "sqlite"
    if kind == "memory":
        from .memory import MemoryStore

        return FaultTolerantStore(MemoryStore(secret))
    if kind == "sqlite":
        from .sqlite import SqliteStore, default_path

        return FaultTolerantStore(SqliteStore(env.get("LEG_CRAMP_STORE_PATH") or default_path(env), secret))
    raise StoreConfigError(f"LEG_CRAMP_STORE={kind!r}: choose one of {', '.join(STORE_CHOICES)}")
