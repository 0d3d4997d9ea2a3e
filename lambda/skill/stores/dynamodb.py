"""The production store: one DynamoDB item per user, written with GetItem, PutItem and DeleteItem only.

boto3 is imported, and its client built, on the first call, never at import: the SDK's own
`DynamoDbAdapter` builds a resource in a default argument, which costs about 200 ms of cold
start and raises NoRegionError where no region is set (design/TOOLING-NOTES.md).

The store talks to a table object with boto3's resource interface (get_item, put_item and
delete_item on plain values), but the default one is a thin stand-in on a low-level client:
building boto3's resource loads its resource model as well, about 35 ms more of cold start than
the client alone (bench/, issue 7).

Item: {"id": <HMAC of the user id>, "attributes": <map>, "expires_at": <epoch seconds>}; the
table's TTL is on `expires_at` (template.yaml).
"""
from __future__ import annotations

import json
import threading
import time
from decimal import Decimal
from typing import Any, Callable

from .keyed import Clock, KeyedStore

# Alexa waits 8 s for the whole response and a turn makes up to two calls (read at the start,
# write at the end). A stalled attempt gives up after about 1 s and is tried once more (after a
# jittered back-off under 1 s), so one failing call costs at most about 3 s and two about 6 s,
# inside the function's 7 s timeout. DynamoDB answers in milliseconds when it is well.
CONNECT_TIMEOUT_S = 1.0
READ_TIMEOUT_S = 1.0
TOTAL_ATTEMPTS = 2  # the first try and one retry

ResourceFactory = Callable[[], Any]


def default_resource() -> Any:
    """A DynamoDB "resource" with short timeouts; region and credentials from the environment.

    Only what the store uses of boto3's resource: `Table(name)` with get_item, put_item and delete_item,
    and `meta.client`, the low-level client underneath.
    """
    import boto3  # only here: see the module docstring
    from botocore.config import Config

    config = Config(
        connect_timeout=CONNECT_TIMEOUT_S,
        read_timeout=READ_TIMEOUT_S,
        retries={"mode": "standard", "total_max_attempts": TOTAL_ATTEMPTS},
    )
    return ClientResource(boto3.session.Session().client("dynamodb", config=config))


class ClientResource:
    """boto3's DynamoDB resource, as far as the store needs it, on a low-level client."""

    def __init__(self, client: Any) -> None:
        self.meta = _Meta(client)

    def Table(self, name: str) -> ClientTable:  # noqa: N802 - boto3's name
        return ClientTable(self.meta.client, name)


class _Meta:
    def __init__(self, client: Any) -> None:
        self.client = client


class ClientTable:
    """get_item, put_item and delete_item as boto3's Table has them: plain values in, plain values (Decimals) out."""

    def __init__(self, client: Any, name: str) -> None:
        from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

        self.client, self.name = client, name
        self._serialize, self._deserialize = TypeSerializer().serialize, TypeDeserializer().deserialize

    def get_item(self, *, Key: dict[str, Any], **options: Any) -> dict[str, Any]:  # noqa: N803 - boto3's names
        response = self.client.get_item(TableName=self.name, Key=self._typed(Key), **options)
        if "Item" in response:
            response["Item"] = {name: self._deserialize(value) for name, value in response["Item"].items()}
        return response

    def put_item(self, *, Item: dict[str, Any], **options: Any) -> dict[str, Any]:  # noqa: N803
        return self.client.put_item(TableName=self.name, Item=self._typed(Item), **options)

    def delete_item(self, *, Key: dict[str, Any], **options: Any) -> dict[str, Any]:  # noqa: N803
        return self.client.delete_item(TableName=self.name, Key=self._typed(Key), **options)

    def _typed(self, values: dict[str, Any]) -> dict[str, Any]:
        return {name: self._serialize(value) for name, value in values.items()}


class DynamoDbStore(KeyedStore):
    def __init__(
        self,
        table_name: str,
        resource_factory: ResourceFactory | None = None,
        *,
        secret: bytes,
        now: Clock = time.time,
    ) -> None:
        # No default secret here: production must bring its own (USER_KEY_SECRET).
        super().__init__(secret, now)
        if not table_name:
            raise ValueError("no table name")
        self.table_name = table_name
        self._resource_factory = resource_factory or default_resource
        self._table_handle: Any = None
        self._lock = threading.Lock()

    def _read(self, key: str) -> tuple[dict[str, Any], float] | None:
        # Consistent: the launch right after an interrupted turn must see that turn's write.
        item = self._table().get_item(Key={"id": key}, ConsistentRead=True).get("Item")
        if item is None:
            return None
        return plain_json(item.get("attributes", {})), plain_json(item["expires_at"])

    def _write(self, key: str, attributes_json: str, expires_at: int) -> None:
        # DynamoDB numbers are Decimals: boto3 refuses floats.
        attributes = json.loads(attributes_json, parse_float=Decimal)
        self._table().put_item(Item={"id": key, "attributes": attributes, "expires_at": expires_at})

    def _remove(self, key: str) -> None:
        self._table().delete_item(Key={"id": key})

    def _table(self) -> Any:
        with self._lock:
            if self._table_handle is None:
                self._table_handle = self._resource_factory().Table(self.table_name)
            return self._table_handle


def plain_json(value: Any) -> Any:
    """boto3's Decimals back to int or float, recursively, so the attributes are plain JSON data."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: plain_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_json(v) for v in value]
    return value
