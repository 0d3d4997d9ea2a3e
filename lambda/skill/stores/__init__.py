"""What outlives a session: one small record per user, behind the SDK's persistence interface.

Every store implements `ask_sdk_core.attributes_manager.AbstractPersistenceAdapter`
(get_attributes / save_attributes / delete_attributes), keys records by an HMAC of the Alexa
user id (key.py) and lets them expire 30 days after the last write, or later for a cramp diary
(keyed.py):

- dynamodb.DynamoDbStore  production (boto3 imported on first use only)
- sqlite.SqliteStore      local default, survives a restart
- memory.MemoryStore      throwaway

`store_from_environment()` picks one and wraps it in `FaultTolerantStore`, so a store fault reads
as "nothing stored" and logs one warning without personal data.
"""
from .choose import StoreConfigError, store_from_environment
from .key import MissingUserId, user_id_of, user_key
from .keyed import EXPIRY_SECONDS, KEEP_UNTIL
from .safe import FaultTolerantStore, StoreUnavailable, Unreadable

__all__ = [
    "EXPIRY_SECONDS",
    "FaultTolerantStore",
    "KEEP_UNTIL",
    "MissingUserId",
    "StoreConfigError",
    "StoreUnavailable",
    "Unreadable",
    "store_from_environment",
    "user_id_of",
    "user_key",
]
