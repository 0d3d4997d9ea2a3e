"""The production store: one DynamoDB item per user, written with GetItem, PutItem and DeleteItem only.

botocore is imported, and its client built, on the first call, never at import: the SDK's own
`DynamoDbAdapter` builds a resource in a default argument, which costs about 200 ms of cold
start and raises NoRegionError where no region is set (design/TOOLING-NOTES.md).

The store talks to a table object with boto3's resource interface (get_item, put_item and
delete_item on plain values), but the default one is a thin stand-in on botocore's low-level
client: building boto3's resource loads its resource model as well, about 35 ms more of cold start
than the client alone (bench/, issue 7), and importing boto3 at all, for its type (de)serialiser,
about 14 ms more than botocore alone (issue 13).

Item: {"id": <HMAC of the user id>, "attributes": <the record as JSON text>, "expires_at": <epoch
seconds>}: a string and a number, which the stand-in types itself. The table's TTL is on
`expires_at` (template.yaml). Records written before 2026-12-02 hold `attributes` as a DynamoDB map;
they are read through boto3's own deserialiser (imported only then) and written back as text on the
next save. They have all expired by 2027-03-04 (91 days at most, keyed.py), and that reading can go then.
"""
from __future__ import annotations

import json
import threading
import time
from decimal import Decimal
from typing import Any, Callable

from ..collector import paused
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
    # Once per container, on the first request: botocore's import and its service model are a load the
    # collector need not walk (skill.collector).
    with paused():
        import botocore.session  # only here: see the module docstring
        from botocore.config import Config

        config = Config(
            connect_timeout=CONNECT_TIMEOUT_S,
            read_timeout=READ_TIMEOUT_S,
            retries={"mode": "standard", "total_max_attempts": TOTAL_ATTEMPTS},
        )
        client = botocore.session.get_session().create_client("dynamodb", config=config)
    return ClientResource(client)


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
    """get_item, put_item and delete_item as boto3's Table has them: plain values in, plain values (Decimals) out.

    The item's own types, strings and whole numbers, are typed here; anything else (the map of a record
    written before 2026-12-02, see the module docstring) goes through boto3's TypeSerializer or
    TypeDeserializer, imported only when one is met."""

    def __init__(self, client: Any, name: str) -> None:
        self.client, self.name = client, name

    def get_item(self, *, Key: dict[str, Any], **options: Any) -> dict[str, Any]:  # noqa: N803 - boto3's names
        response = self.client.get_item(TableName=self.name, Key=_typed(Key), **options)
        if "Item" in response:
            response["Item"] = {name: _plain(value) for name, value in response["Item"].items()}
        return response

    def put_item(self, *, Item: dict[str, Any], **options: Any) -> dict[str, Any]:  # noqa: N803
        return self.client.put_item(TableName=self.name, Item=_typed(Item), **options)

    def delete_item(self, *, Key: dict[str, Any], **options: Any) -> dict[str, Any]:  # noqa: N803
        return self.client.delete_item(TableName=self.name, Key=_typed(Key), **options)


def _typed(values: dict[str, Any]) -> dict[str, Any]:
    return {name: _attribute_value(value) for name, value in values.items()}


def _attribute_value(value: Any) -> dict[str, Any]:
    if type(value) is str:
        return {"S": value}
    if type(value) is int:
        return {"N": str(value)}
    from boto3.dynamodb.types import TypeSerializer

    return TypeSerializer().serialize(value)


def _plain(value: dict[str, Any]) -> Any:
    if "S" in value:
        return value["S"]
    if "N" in value:
        return Decimal(value["N"])  # as boto3 gives numbers
    from boto3.dynamodb.types import TypeDeserializer

    return TypeDeserializer().deserialize(value)


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
        attributes = item.get("attributes", {})
        # Text since 2026-12-02; a map before (see the module docstring).
        return json.loads(attributes) if isinstance(attributes, str) else plain_json(attributes), plain_json(item["expires_at"])

    def _write(self, key: str, attributes_json: str, expires_at: int) -> None:
        self._table().put_item(Item={"id": key, "attributes": attributes_json, "expires_at": expires_at})

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
