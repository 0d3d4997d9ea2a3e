"""What outlives a session (issue 4): one contract, three stores, and faults that stay quiet.

1. The contract: the same tests run against DynamoDB (through moto), SQLite and memory. Every
   store is driven through the SDK's own AttributesManager as well, as the skill will drive it.
2. What only one store has to show: SQLite survives a restart and keeps its file private;
   DynamoDB writes the item shape the table's TTL expects and uses only the three actions the
   template's IAM policy allows.
3. Faults: FaultTolerantStore turns every store error into "nothing stored" and one warning
   that names no user. DynamoDB faults come from a small fake resource that raises exactly what
   boto3 raises once its own retries have given up: botocore's Stubber can only return error
   responses (it cannot raise ReadTimeoutError or EndpointConnectionError), and a fake needs no
   network and no retry sleeps. Two faults are real instead: a missing table in moto, and a read
   timeout injected under botocore, which also proves the short timeout and single retry.
4. Import time: the package, and choosing a store, import no boto3 until DynamoDB is used.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import sqlite3
import stat
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

# moto before boto3 (see design/TOOLING-NOTES.md, "moto").
import moto
import boto3
import botocore.endpoint
from boto3.dynamodb.types import TypeSerializer
import jsonschema
import pytest
from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter, AttributesManager
from ask_sdk_model import Context, RequestEnvelope, Session, User
from ask_sdk_model.interfaces.system import SystemState
from botocore.exceptions import (
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    ReadTimeoutError,
)
from botocore.httpsession import URLLib3Session
from samtranslator.yaml_helper import yaml_parse

from skill.stores import (
    FaultTolerantStore,
    MissingUserId,
    StoreConfigError,
    StoreUnavailable,
    store_from_environment,
    user_id_of,
    user_key,
)
from skill.stores.dynamodb import DynamoDbStore, default_resource
from skill.stores.key import DEVELOPMENT_SECRET
from skill.stores.memory import MemoryStore
from skill.stores.sqlite import SqliteStore, default_path

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = yaml_parse((REPO / "template.yaml").read_text(encoding="utf-8"))
STATE_SCHEMA = json.loads((REPO / "content" / "schemas" / "state.schema.json").read_text(encoding="utf-8"))

REGION = "us-east-1"
SECRET = b"test-secret-0123456789abcdef0123456789abcdef"
ALICE = "amzn1.ask.account.AFALICEEXAMPLE0000000000000000000000000000000000"
BOB = "amzn1.ask.account.AFBOBEXAMPLE00000000000000000000000000000000000000"
DAY = 24 * 60 * 60
T0 = 1_760_000_000  # a fixed "now" (October 2025), epoch seconds

# An unfinished check, as the skill keeps it in the session (valid against state.schema.json)...
PROGRESS = {
    "version": 1,
    "question": "f_walk_pain",
    "answers": {"rf_over_60": "yes", "f_night_only": "no"},
    "history": ["rf_over_60", "f_night_only"],
    "fallbacks": 0,
}
# ...and all that is kept after a completed one.
LAST_RESULT = {"date": "2025-10-07", "urgency": "routine", "causes": ["overuse", "electrolytes"]}

# The item actions the template's policy grants: the DynamoDB store may use no others.
POLICY_STATEMENTS = [
    stmt
    for policy in TEMPLATE["Resources"]["SkillFunction"]["Properties"]["Policies"]
    for stmt in policy["Statement"]
]
ALLOWED_DYNAMODB_ACTIONS = {
    action.removeprefix("dynamodb:")
    for stmt in POLICY_STATEMENTS
    for action in stmt["Action"]
    if action.startswith("dynamodb:")
}


def envelope(user_id: str | None, *, in_context: bool = True, in_session: bool = True) -> RequestEnvelope:
    """A request envelope carrying `user_id` where Alexa puts it."""
    user = User(user_id=user_id) if user_id else None
    return RequestEnvelope(
        version="1.0",
        context=Context(system=SystemState(user=user if in_context else None)),
        session=Session(new=False, session_id="amzn1.echo-api.session.1", user=user if in_session else None),
    )


def expected_key(user_id: str, secret: bytes = SECRET) -> str:
    """Computed here independently of the store's code."""
    return hmac.new(secret, user_id.encode(), hashlib.sha256).hexdigest()


class Clock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


# --------------------------------------------------------------------------
# fake AWS, nothing real
# --------------------------------------------------------------------------


def _no_network(self, request):
    raise AssertionError(f"a test tried to reach the network: {request.method} {request.url}")


@pytest.fixture
def fake_aws(monkeypatch):
    """Fake credentials and region; any HTTP request that moto does not answer fails the test."""
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    }.items():
        monkeypatch.setenv(name, value)
    # moto answers in botocore's before-send event, so a mocked call never gets here.
    monkeypatch.setattr(URLLib3Session, "send", _no_network)


@pytest.fixture
def moto_table(fake_aws):
    """A moto table created with the template's own key schema and billing mode."""
    props = TEMPLATE["Resources"]["SkillTable"]["Properties"]
    with moto.mock_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        client.create_table(
            TableName="leg-cramp-helper-test",
            KeySchema=props["KeySchema"],
            AttributeDefinitions=props["AttributeDefinitions"],
            BillingMode=props["BillingMode"],
        )
        yield client, "leg-cramp-helper-test"


# --------------------------------------------------------------------------
# the three stores, with a raw view of what each one holds
# --------------------------------------------------------------------------


class MemoryBackend:
    def __init__(self, tmp_path, request):
        self.clock = Clock()
        self.store = MemoryStore(SECRET, self.clock)

    def reopen(self, secret: bytes = SECRET):
        # Memory cannot be reopened; a second instance is a second, empty store.
        store = MemoryStore(secret, self.clock)
        store._records = self.store._records  # noqa: SLF001 - same storage, other secret
        return store

    def raw_records(self) -> dict[str, tuple[str, int]]:
        return {key: (text, expires) for key, (text, expires) in self.store._records.items()}  # noqa: SLF001

    def raw_bytes(self) -> bytes:
        return repr(self.store._records).encode()  # noqa: SLF001


class SqliteBackend:
    def __init__(self, tmp_path, request):
        self.clock = Clock()
        self.path = tmp_path / "data" / "leg-cramp-helper" / "store.sqlite3"
        self.store = SqliteStore(self.path, SECRET, self.clock)

    def reopen(self, secret: bytes = SECRET):
        return SqliteStore(self.path, secret, self.clock)

    def raw_records(self) -> dict[str, tuple[str, int]]:
        if not self.path.exists():
            return {}
        with sqlite3.connect(self.path) as db:
            rows = db.execute("SELECT id, attributes, expires_at FROM records").fetchall()
        return {key: (text, expires) for key, text, expires in rows}

    def raw_bytes(self) -> bytes:
        return self.path.read_bytes() if self.path.exists() else b""


class DynamoBackend:
    """The production store with its production resource factory, against moto."""

    def __init__(self, tmp_path, request):
        self.client, self.table = request.getfixturevalue("moto_table")
        self.clock = Clock()
        self.calls: list[str] = []
        self.store = DynamoDbStore(self.table, self._recording_resource, secret=SECRET, now=self.clock)

    def _recording_resource(self):
        resource = default_resource()
        resource.meta.client.meta.events.register(
            "before-call.dynamodb", lambda model, **_: self.calls.append(model.name)
        )
        return resource

    def reopen(self, secret: bytes = SECRET):
        return DynamoDbStore(self.table, self._recording_resource, secret=secret, now=self.clock)

    def raw_items(self) -> list[dict]:
        return self.client.scan(TableName=self.table, ConsistentRead=True)["Items"]

    def raw_records(self) -> dict[str, tuple[dict, int]]:
        return {item["id"]["S"]: (item["attributes"], int(item["expires_at"]["N"])) for item in self.raw_items()}

    def raw_bytes(self) -> bytes:
        return json.dumps(self.raw_items()).encode()


BACKENDS = {"memory": MemoryBackend, "sqlite": SqliteBackend, "dynamodb": DynamoBackend}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request, tmp_path):
    backend = BACKENDS[request.param](tmp_path, request)
    yield backend
    if isinstance(backend, DynamoBackend):
        # Whatever the test did, the code asked DynamoDB for nothing the role does not allow.
        assert set(backend.calls) <= ALLOWED_DYNAMODB_ACTIONS, backend.calls


# --------------------------------------------------------------------------
# 1. the contract
# --------------------------------------------------------------------------


def test_every_store_is_an_sdk_persistence_adapter(backend):
    assert isinstance(backend.store, AbstractPersistenceAdapter)


def test_an_unknown_user_has_nothing(backend):
    assert backend.store.get_attributes(envelope(ALICE)) == {}


def test_save_then_get_round_trips_plain_data(backend):
    attributes = {
        "progress": PROGRESS,
        "last_result": LAST_RESULT,
        "saved_at": T0,
        "odd": {"nested": [[1, 2.5, -3], {"deep": None}], "flag": True, "off": False, "empty": "", "none": [], "é": "ü"},
    }
    jsonschema.validate(PROGRESS, STATE_SCHEMA)  # the sample is a real state
    backend.store.save_attributes(envelope(ALICE), attributes)

    got = backend.store.get_attributes(envelope(ALICE))
    assert got == attributes
    # Types too (DynamoDB hands back Decimals; the store turns them back).
    assert json.dumps(got, sort_keys=True) == json.dumps(attributes, sort_keys=True)
    assert type(got["saved_at"]) is int and type(got["odd"]["nested"][0][1]) is float


def test_the_store_keeps_its_own_copy(backend):
    attributes = {"progress": json.loads(json.dumps(PROGRESS))}
    backend.store.save_attributes(envelope(ALICE), attributes)
    attributes["progress"]["answers"]["f_walk_pain"] = "yes"
    backend.store.get_attributes(envelope(ALICE))["progress"]["history"].append("tampered")
    assert backend.store.get_attributes(envelope(ALICE)) == {"progress": PROGRESS}


def test_save_replaces_the_whole_record(backend):
    backend.store.save_attributes(envelope(ALICE), {"progress": PROGRESS})
    backend.store.save_attributes(envelope(ALICE), {"last_result": LAST_RESULT})
    assert backend.store.get_attributes(envelope(ALICE)) == {"last_result": LAST_RESULT}
    assert len(backend.raw_records()) == 1


def test_delete_leaves_nothing_behind(backend):
    backend.store.save_attributes(envelope(ALICE), {"progress": PROGRESS})
    backend.store.delete_attributes(envelope(ALICE))
    assert backend.store.get_attributes(envelope(ALICE)) == {}
    assert backend.raw_records() == {}
    if isinstance(backend, DynamoBackend):
        raw = backend.client.get_item(TableName=backend.table, Key={"id": {"S": expected_key(ALICE)}}, ConsistentRead=True)
        assert "Item" not in raw
    # Deleting again, or someone who never had a record, is not an error.
    backend.store.delete_attributes(envelope(ALICE))
    backend.store.delete_attributes(envelope(BOB))


def test_a_diary_keeps_its_record_until_the_newest_entrys_90_days_are_up_and_no_longer(backend):
    """A cramp diary (skill.diary) asks, through `keep_until`, to outlive the usual 30 days; the store never
    keeps a record more than 91 days past a write, whatever a record asks."""
    diary = {"diary": [{"day": "2025-10-09"}], "keep_until": T0 + 80 * DAY}
    backend.store.save_attributes(envelope(ALICE), diary)
    assert backend.raw_records()[expected_key(ALICE)][1] == T0 + 80 * DAY
    backend.clock.advance(79 * DAY)
    assert backend.store.get_attributes(envelope(ALICE)) == diary
    backend.clock.advance(1 * DAY)
    assert backend.store.get_attributes(envelope(ALICE)) == {}

    backend.store.save_attributes(envelope(BOB), {"diary": [], "keep_until": int(backend.clock()) + 400 * DAY})
    assert backend.raw_records()[expected_key(BOB)][1] == int(backend.clock()) + 91 * DAY
    backend.store.save_attributes(envelope(BOB), {"diary": [], "keep_until": "soon"})  # not a number: the usual 30 days
    assert backend.raw_records()[expected_key(BOB)][1] == int(backend.clock()) + 30 * DAY


def test_users_never_see_each_other(backend):
    backend.store.save_attributes(envelope(ALICE), {"progress": PROGRESS})
    backend.store.save_attributes(envelope(BOB), {"last_result": LAST_RESULT})
    assert backend.store.get_attributes(envelope(ALICE)) == {"progress": PROGRESS}
    assert backend.store.get_attributes(envelope(BOB)) == {"last_result": LAST_RESULT}
    backend.store.delete_attributes(envelope(ALICE))
    assert backend.store.get_attributes(envelope(BOB)) == {"last_result": LAST_RESULT}
    assert set(backend.raw_records()) == {expected_key(BOB)}


def test_records_are_keyed_by_the_hmac_never_the_user_id(backend):
    backend.store.save_attributes(envelope(ALICE), {"progress": PROGRESS})
    assert set(backend.raw_records()) == {expected_key(ALICE)}
    raw = backend.raw_bytes()
    assert ALICE.encode() not in raw and b"AFALICEEXAMPLE" not in raw
    # A keyed hash: the same table read with another secret finds nobody.
    assert backend.reopen(secret=b"another secret").get_attributes(envelope(ALICE)) == {}
    assert backend.reopen().get_attributes(envelope(ALICE)) == {"progress": PROGRESS}


def test_records_expire_30_days_after_the_last_write(backend):
    backend.store.save_attributes(envelope(ALICE), {"progress": PROGRESS})
    assert backend.raw_records()[expected_key(ALICE)][1] == T0 + 30 * DAY

    backend.clock.advance(29 * DAY)
    assert backend.store.get_attributes(envelope(ALICE)) == {"progress": PROGRESS}
    backend.store.save_attributes(envelope(ALICE), {"last_result": LAST_RESULT})  # the clock restarts
    assert backend.raw_records()[expected_key(ALICE)][1] == T0 + 59 * DAY

    backend.clock.advance(29 * DAY)
    assert backend.store.get_attributes(envelope(ALICE)) == {"last_result": LAST_RESULT}
    backend.clock.advance(1 * DAY)  # exactly 30 days after the last write
    assert backend.store.get_attributes(envelope(ALICE)) == {}
    # An expired record is removed when read (DynamoDB's own TTL sweep is lazy).
    assert backend.raw_records() == {}


def test_a_record_31_days_old_is_gone(backend):
    backend.store.save_attributes(envelope(ALICE), {"progress": PROGRESS})
    backend.clock.advance(31 * DAY)
    assert backend.store.get_attributes(envelope(ALICE)) == {}
    assert backend.raw_records() == {}


def test_the_user_id_comes_from_the_context_or_else_the_session(backend):
    backend.store.save_attributes(envelope(ALICE, in_session=False), {"progress": PROGRESS})
    assert backend.store.get_attributes(envelope(ALICE, in_context=False)) == {"progress": PROGRESS}


def test_no_user_id_or_no_plain_data_is_refused_and_nothing_is_written(backend):
    with pytest.raises(MissingUserId):
        backend.store.get_attributes(envelope(None))
    with pytest.raises(MissingUserId):
        backend.store.save_attributes(envelope(None), {"progress": PROGRESS})
    with pytest.raises(TypeError):
        backend.store.save_attributes(envelope(ALICE), {"words": {"raw", "slot"}})  # a set is not JSON
    with pytest.raises(TypeError):
        backend.store.save_attributes(envelope(ALICE), [PROGRESS])
    assert backend.raw_records() == {}


def test_the_sdk_attributes_manager_drives_the_store(backend):
    """The skill will call the store through AttributesManager (which passes keywords)."""
    first = AttributesManager(envelope(ALICE), persistence_adapter=backend.store)
    assert first.persistent_attributes == {}
    first.persistent_attributes = {"progress": PROGRESS}
    first.save_persistent_attributes()

    later = AttributesManager(envelope(ALICE), persistence_adapter=backend.store)
    assert later.persistent_attributes == {"progress": PROGRESS}
    later.delete_persistent_attributes()
    assert AttributesManager(envelope(ALICE), persistence_adapter=backend.store).persistent_attributes == {}


# --------------------------------------------------------------------------
# 2. what one store has to show
# --------------------------------------------------------------------------


def test_sqlite_survives_closing_and_reopening(tmp_path):
    path = tmp_path / "store.sqlite3"
    SqliteStore(path, SECRET).save_attributes(envelope(ALICE), {"progress": PROGRESS})
    # A new instance, as after a restart of the terminal chat.
    assert SqliteStore(path, SECRET).get_attributes(envelope(ALICE)) == {"progress": PROGRESS}
    # The file is a plain SQLite database that another connection can read and close.
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM records").fetchone() == (1,)
    db.close()
    assert SqliteStore(path, SECRET).get_attributes(envelope(ALICE)) == {"progress": PROGRESS}


def test_sqlite_creates_its_private_folder_and_file_on_first_write_only(tmp_path):
    path = tmp_path / "data" / "leg-cramp-helper" / "store.sqlite3"
    store = SqliteStore(path, SECRET)
    assert store.get_attributes(envelope(ALICE)) == {}
    store.delete_attributes(envelope(ALICE))
    assert not path.parent.exists()  # reading and deleting create nothing

    store.save_attributes(envelope(ALICE), {"progress": PROGRESS})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_sqlite_write_sweeps_everyones_expired_records(tmp_path):
    clock = Clock()
    store = SqliteStore(tmp_path / "store.sqlite3", SECRET, clock)
    store.save_attributes(envelope(BOB), {"last_result": LAST_RESULT})
    clock.advance(31 * DAY)
    store.save_attributes(envelope(ALICE), {"progress": PROGRESS})
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT id FROM records").fetchall() == [(expected_key(ALICE),)]
    db.close()


def test_sqlite_default_path_is_in_the_users_data_folder(tmp_path, monkeypatch):
    assert default_path({"XDG_DATA_HOME": str(tmp_path)}) == tmp_path / "leg-cramp-helper" / "store.sqlite3"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    fallback = tmp_path / "home" / ".local" / "share" / "leg-cramp-helper" / "store.sqlite3"
    assert default_path({}) == fallback
    assert default_path({"XDG_DATA_HOME": "relative/path"}) == fallback  # the XDG spec: ignore it
    assert SqliteStore().path == default_path()


def test_dynamodb_item_is_what_the_tables_ttl_expects(moto_table):
    client, table = moto_table
    DynamoDbStore(table, secret=SECRET, now=Clock()).save_attributes(envelope(ALICE), {"last_result": LAST_RESULT})
    [item] = client.scan(TableName=table)["Items"]
    assert set(item) == {"id", "attributes", "expires_at"}
    assert item["id"] == {"S": expected_key(ALICE)}
    assert item["expires_at"] == {"N": str(T0 + 30 * DAY)}  # a Number, or the TTL ignores it
    assert json.loads(item["attributes"]["S"]) == {"last_result": LAST_RESULT}  # the record as JSON text
    ttl_attribute = TEMPLATE["Resources"]["SkillTable"]["Properties"]["TimeToLiveSpecification"]["AttributeName"]
    assert ttl_attribute == "expires_at"


def test_dynamodb_uses_only_the_actions_the_template_allows():
    assert ALLOWED_DYNAMODB_ACTIONS == {"GetItem", "PutItem", "DeleteItem"}


def test_dynamodb_client_gives_up_quickly(fake_aws):
    config = default_resource().meta.client.meta.config
    assert config.connect_timeout <= 1 and config.read_timeout <= 1
    assert config.retries == {"mode": "standard", "total_max_attempts": 2}


def test_dynamodb_reads_a_record_kept_as_a_map_before_2026_12_and_writes_it_back_as_text(moto_table):
    client, table = moto_table
    item = {"id": expected_key(ALICE), "attributes": {"last_result": LAST_RESULT, "saved_at": T0, "share": Decimal("0.25")},
            "expires_at": T0 + DAY}
    client.put_item(TableName=table, Item={k: TypeSerializer().serialize(v) for k, v in item.items()})
    store = DynamoDbStore(table, secret=SECRET, now=Clock())
    got = store.get_attributes(envelope(ALICE))
    assert got == {"last_result": LAST_RESULT, "saved_at": T0, "share": 0.25}
    assert type(got["saved_at"]) is int and type(got["share"]) is float
    store.save_attributes(envelope(ALICE), got)
    [rewritten] = client.scan(TableName=table)["Items"]
    assert json.loads(rewritten["attributes"]["S"]) == got


def test_dynamodb_reads_decimals_back_as_plain_numbers():
    class Table:
        def get_item(self, **_):
            from decimal import Decimal

            return {"Item": {"id": "k", "attributes": {"n": Decimal("3"), "x": [Decimal("0.25")]}, "expires_at": Decimal(T0 + DAY)}}

    store = DynamoDbStore("t", lambda: type("R", (), {"Table": lambda self, name: Table()})(), secret=SECRET, now=Clock())
    got = store.get_attributes(envelope(ALICE))
    assert got == {"n": 3, "x": [0.25]} and type(got["n"]) is int and type(got["x"][0]) is float


# --------------------------------------------------------------------------
# 3. faults never break the conversation and never log who it was
# --------------------------------------------------------------------------


def client_error(code: str, operation: str = "GetItem") -> ClientError:
    # The message quotes the user's key, as some AWS messages quote keys or ARNs: it must not be logged.
    message = f"failed for key {expected_key(ALICE)} of {ALICE}"
    return ClientError({"Error": {"Code": code, "Message": message}}, operation)


class FailingResource:
    """Stands in for boto3's DynamoDB resource: every item call raises `error`."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def Table(self, name):  # noqa: N802 - boto3's name
        return self

    def get_item(self, **_):
        raise self.error

    put_item = delete_item = get_item


FAULTS = {
    "throttled": (client_error("ProvisionedThroughputExceededException"), "ClientError ProvisionedThroughputExceededException"),
    "table missing": (client_error("ResourceNotFoundException"), "ClientError ResourceNotFoundException"),
    "access denied": (client_error("AccessDeniedException"), "ClientError AccessDeniedException"),
    "read timeout": (ReadTimeoutError(endpoint_url="https://dynamodb.us-east-1.amazonaws.com/"), "ReadTimeoutError"),
    "no connection": (EndpointConnectionError(endpoint_url="https://dynamodb.us-east-1.amazonaws.com/"), "EndpointConnectionError"),
    "no credentials": (NoCredentialsError(), "NoCredentialsError"),
    "no region": (NoRegionError(), "NoRegionError"),
}


def assert_quiet_warnings(caplog, expected: list[str]) -> None:
    """One WARNING per failed call, saying what failed, naming nobody."""
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage().split(";")[0] for r in warnings] == expected
    for record in caplog.records:  # every level captured, every logger (boto included)
        text = record.getMessage() + (record.exc_text or "")
        assert record.exc_info is None
        for secret in (ALICE, "AFALICEEXAMPLE", expected_key(ALICE), "f_walk_pain", "rf_over_60"):
            assert secret not in text, record.getMessage()


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_dynamodb_fault_reads_as_nothing_stored(fault, caplog):
    error, described = FAULTS[fault]
    caplog.set_level(logging.DEBUG)
    store = FaultTolerantStore(DynamoDbStore("table", lambda: FailingResource(error), secret=SECRET))

    assert store.get_attributes(envelope(ALICE)) == {}
    with pytest.raises(StoreUnavailable):  # a failed save is reported: a diary entry must not claim it
        store.save_attributes(envelope(ALICE), {"progress": PROGRESS})
    with pytest.raises(StoreUnavailable):  # a failed delete is reported: "forget my data" must not claim it
        store.delete_attributes(envelope(ALICE))

    assert_quiet_warnings(
        caplog,
        [f"persistence {operation} failed ({described})" for operation in ("get", "save", "delete")],
    )


def test_a_missing_table_in_moto_reads_as_nothing_stored(fake_aws, caplog):
    caplog.set_level(logging.INFO)
    with moto.mock_aws():
        store = FaultTolerantStore(DynamoDbStore("no-such-table", secret=SECRET))
        assert store.get_attributes(envelope(ALICE)) == {}
        with pytest.raises(StoreUnavailable):  # a failed save is reported: a diary entry must not claim it
            store.save_attributes(envelope(ALICE), {"progress": PROGRESS})
    assert_quiet_warnings(
        caplog,
        [
            "persistence get failed (ResourceNotFoundException)",
            "persistence save failed (ResourceNotFoundException)",
        ],
    )


def test_a_timing_out_dynamodb_is_tried_twice_then_left(fake_aws, monkeypatch, caplog):
    """A real boto3 resource with our config; botocore itself raises the timeout and retries."""
    caplog.set_level(logging.INFO)
    attempts, sleeps = [], []

    def time_out(request, **_):
        attempts.append(request.url)
        raise ReadTimeoutError(endpoint_url=request.url)

    def resource():
        dynamodb = default_resource()
        dynamodb.meta.client.meta.events.register("before-send.dynamodb.GetItem", time_out)
        return dynamodb

    monkeypatch.setattr(botocore.endpoint.time, "sleep", sleeps.append)  # no real back-off in tests
    store = FaultTolerantStore(DynamoDbStore("table", resource, secret=SECRET))
    assert store.get_attributes(envelope(ALICE)) == {}

    assert len(attempts) == 2  # the first try and one retry
    assert len(sleeps) == 1 and 0 <= sleeps[0] <= 1
    assert_quiet_warnings(caplog, ["persistence get failed (ReadTimeoutError)"])


def test_a_broken_local_store_reads_as_nothing_stored(tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    store = FaultTolerantStore(SqliteStore(blocker / "store.sqlite3", SECRET))
    with pytest.raises(StoreUnavailable):  # a failed save is reported: a diary entry must not claim it
        store.save_attributes(envelope(ALICE), {"progress": PROGRESS})
    assert store.get_attributes(envelope(ALICE)) == {}

    corrupt = tmp_path / "corrupt.sqlite3"
    corrupt.write_bytes(b"this is not a database" * 100)
    store = FaultTolerantStore(SqliteStore(corrupt, SECRET))
    assert store.get_attributes(envelope(ALICE)) == {}
    assert_quiet_warnings(
        caplog,
        [
            "persistence save failed (FileExistsError)",  # the folder is a file
            "persistence get failed (DatabaseError)",
        ],
    )


def test_a_request_without_user_or_with_odd_data_is_a_quiet_fault(caplog):
    store = FaultTolerantStore(MemoryStore(SECRET))
    assert store.get_attributes(envelope(None)) == {}
    with pytest.raises(StoreUnavailable):  # a failed save is reported: a diary entry must not claim it
        store.save_attributes(envelope(ALICE), {"when": object()})
    assert store.get_attributes(envelope(ALICE)) == {}
    assert_quiet_warnings(
        caplog,
        ["persistence get failed (MissingUserId)", "persistence save failed (TypeError)"],
    )


# --------------------------------------------------------------------------
# choosing a store
# --------------------------------------------------------------------------


def test_a_table_name_chooses_dynamodb_with_the_secret(fake_aws):
    store = store_from_environment({"TABLE_NAME": "skill-table", "USER_KEY_SECRET": "s3cret"})
    assert isinstance(store, FaultTolerantStore) and isinstance(store.inner, DynamoDbStore)
    assert store.inner.table_name == "skill-table"
    assert store.inner._key(envelope(ALICE)) == expected_key(ALICE, b"s3cret")  # noqa: SLF001


def test_a_table_without_a_secret_is_refused():
    with pytest.raises(StoreConfigError, match="USER_KEY_SECRET"):
        store_from_environment({"TABLE_NAME": "skill-table"})


def test_memory_on_request(tmp_path):
    store = store_from_environment({"LEG_CRAMP_STORE": "memory", "XDG_DATA_HOME": str(tmp_path)})
    assert isinstance(store.inner, MemoryStore)
    store.save_attributes(envelope(ALICE), {"progress": PROGRESS})
    assert list(tmp_path.iterdir()) == []


def test_sqlite_by_default_in_the_data_folder_or_where_asked(tmp_path):
    store = store_from_environment({"XDG_DATA_HOME": str(tmp_path)})
    assert isinstance(store.inner, SqliteStore)
    assert store.inner.path == tmp_path / "leg-cramp-helper" / "store.sqlite3"
    assert store.inner._key(envelope(ALICE)) == expected_key(ALICE, DEVELOPMENT_SECRET)  # noqa: SLF001

    asked = tmp_path / "elsewhere.sqlite3"
    store = store_from_environment({"LEG_CRAMP_STORE": "sqlite", "LEG_CRAMP_STORE_PATH": str(asked), "USER_KEY_SECRET": "x"})
    assert store.inner.path == asked
    assert store.inner._key(envelope(ALICE)) == expected_key(ALICE, b"x")  # noqa: SLF001


def test_an_unknown_store_kind_is_refused():
    with pytest.raises(StoreConfigError, match="memory"):
        store_from_environment({"LEG_CRAMP_STORE": "redis"})


def test_user_key_is_hmac_sha256_hex():
    assert user_key(ALICE, SECRET) == expected_key(ALICE)
    assert len(user_key(ALICE, SECRET)) == 64
    assert user_key(ALICE, SECRET) != user_key(ALICE, b"other")
    assert user_id_of(envelope(BOB)) == BOB
    with pytest.raises(ValueError):
        user_key(ALICE, b"")


# --------------------------------------------------------------------------
# 4. import time
# --------------------------------------------------------------------------

IMPORT_PROBE = """
import json, os, sys
loaded = lambda: sorted({m.split('.')[0] for m in sys.modules} & {'boto3', 'botocore', 'sqlite3'})
seen = {}
import skill.stores
seen['package'] = loaded()
skill.stores.store_from_environment({'LEG_CRAMP_STORE': 'memory'})
seen['memory'] = loaded()
store = skill.stores.store_from_environment({'TABLE_NAME': 't', 'USER_KEY_SECRET': 's'})
seen['dynamodb chosen'] = loaded()
import skill.stores.dynamodb
seen['dynamodb module'] = loaded()
os.environ['AWS_DEFAULT_REGION'] = 'us-east-1'  # only now: importing needed none
from types import SimpleNamespace
from botocore.stub import Stubber
table = store.inner._table()
envelope = SimpleNamespace(context=SimpleNamespace(system=SimpleNamespace(user=SimpleNamespace(user_id='u'))), session=None)
with Stubber(table.client) as stub:  # botocore's own stand-in for the service: a read and a write, as a turn makes
    stub.add_response('get_item', {'Item': {'id': {'S': 'k'}, 'attributes': {'S': '{"n": 1}'}, 'expires_at': {'N': '9999999999'}}})
    stub.add_response('put_item', {})
    assert store.get_attributes(envelope) == {'n': 1}
    store.save_attributes(envelope, {'n': 2})
seen['dynamodb used'] = loaded()
seen['collecting'] = __import__('gc').isenabled()  # paused only while botocore and its client were loaded
skill.stores.store_from_environment({'XDG_DATA_HOME': sys.argv[1]})
seen['sqlite chosen'] = loaded()
print(json.dumps(seen))
"""


def test_boto3_is_never_imported_and_botocore_only_when_dynamodb_is_used(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
    out = subprocess.run(
        [sys.executable, "-c", IMPORT_PROBE, str(tmp_path)],
        cwd=REPO / "lambda",
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout) == {
        "package": [],
        "memory": [],
        "dynamodb chosen": [],  # Lambda's cold start: no boto3, no sqlite3 yet
        "dynamodb module": [],
        "dynamodb used": ["botocore"],  # boto3 only for a record kept as a map before 2026-12 (skill/stores/dynamodb.py)
        "collecting": True,
        "sqlite chosen": ["botocore", "sqlite3"],
    }
    assert list(tmp_path.iterdir()) == []  # choosing a store writes nothing
