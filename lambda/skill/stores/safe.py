"""A store fault never breaks the conversation: it reads as "nothing stored" and logs one warning.
A failed read gives an empty `Unreadable` record, so the skill knows not to write over what it could not
see (a cramp diary must not be replaced by its newest entry). A failed save or delete raises
StoreUnavailable after its warning, because "forget my data" must not claim a deletion that did not
happen and "noted in your diary" must not claim a save (skill.memory); everything else ignores it.

The warning names the operation and the error's class (and, for AWS errors, its code such as
ProvisionedThroughputExceededException): never the user id, its hash, the attributes or the
error's message, which may quote a key or an ARN.
"""
from __future__ import annotations

import logging
import re
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from ..logs import Safe

logger = logging.getLogger(__name__)

_ERROR_CODE = re.compile(r"[A-Za-z][A-Za-z0-9.]{0,63}")


class StoreUnavailable(Exception):
    """The store could not do what was asked (the warning is already logged)."""


class Unreadable(dict):
    """The empty record a failed read gives: nothing is known of what is stored, so nothing may replace it."""


class FaultTolerantStore(AbstractPersistenceAdapter):
    def __init__(self, inner: AbstractPersistenceAdapter) -> None:
        self.inner = inner

    def get_attributes(self, request_envelope: Any) -> dict[str, Any]:
        try:
            return self.inner.get_attributes(request_envelope=request_envelope)
        except Exception as error:  # noqa: BLE001 - every fault is survivable here
            _warn("get", error)
            return Unreadable()

    def save_attributes(self, request_envelope: Any, attributes: dict[str, Any]) -> None:
        try:
            self.inner.save_attributes(request_envelope=request_envelope, attributes=attributes)
        except Exception as error:  # noqa: BLE001
            _warn("save", error)
            raise StoreUnavailable("save") from None

    def delete_attributes(self, request_envelope: Any) -> None:
        try:
            self.inner.delete_attributes(request_envelope=request_envelope)
        except Exception as error:  # noqa: BLE001
            _warn("delete", error)
            raise StoreUnavailable("delete") from None

    def __repr__(self) -> str:
        return f"FaultTolerantStore({self.inner!r})"


def _warn(operation: str, error: Exception) -> None:
    logger.warning(
        "persistence %s failed (%s); the conversation goes on without stored data",
        operation,
        Safe(_describe(error)),  # a class name and an AWS error code, checked below: nothing of the user's
    )


def _describe(error: Exception) -> str:
    """The error's class, and for a botocore ClientError its AWS code (read without importing botocore).

    boto3 raises modelled errors as classes named for the code (ResourceNotFoundException);
    a plain ClientError gets its code added ("ClientError ProvisionedThroughputExceededException").
    """
    name = type(error).__name__
    response = getattr(error, "response", None)
    code = response.get("Error", {}).get("Code") if isinstance(response, dict) else None
    if isinstance(code, str) and _ERROR_CODE.fullmatch(code) and code != name:
        return f"{name} {code}"
    return name
