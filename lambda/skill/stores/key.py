"""Who a record belongs to: a keyed hash of the Alexa user id, never the id itself.

HMAC-SHA256 with a secret from the environment, so the table alone cannot be joined with
other data that holds Alexa user ids (a plain hash could be recomputed by anyone who has them).
"""
from __future__ import annotations

import hashlib
import hmac
import os
from typing import Any, Mapping

# For the local stores only (terminal chat, loopback endpoint, tests), where the records stay on
# the user's own machine. Public, so it protects nothing: production reads USER_KEY_SECRET
# (a NoEcho stack parameter) and refuses to run DynamoDB without it (see choose.py).
DEVELOPMENT_SECRET = b"leg-cramp-helper local development secret - not for production"


def secret_from_environment(env: Mapping[str, str] = os.environ) -> bytes:
    """USER_KEY_SECRET, else the development secret (choose.py refuses DynamoDB without USER_KEY_SECRET)."""
    return env.get("USER_KEY_SECRET", "").encode("utf-8") or DEVELOPMENT_SECRET


class MissingUserId(ValueError):
    """The request carries no user id, so there is no one to store anything for."""


def user_key(user_id: str, secret: bytes) -> str:
    """The record key for `user_id`: HMAC-SHA256 hex digest (64 characters)."""
    if not secret:
        raise ValueError("the user key secret is empty")
    return hmac.new(secret, user_id.encode("utf-8"), hashlib.sha256).hexdigest()


def user_id_of(request_envelope: Any) -> str:
    """The Alexa user id: context.System.user (every request), else session.user (in-session only)."""
    for user in (
        _path(request_envelope, "context", "system", "user"),
        _path(request_envelope, "session", "user"),
    ):
        user_id = getattr(user, "user_id", None)
        if user_id:
            return user_id
    raise MissingUserId("the request carries no user id")


def _path(obj: Any, *names: str) -> Any:
    for name in names:
        obj = getattr(obj, name, None)
    return obj
