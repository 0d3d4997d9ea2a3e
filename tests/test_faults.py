"""Store faults never produce an error response (issue 6): the user hears the conversation go on.

The production DynamoDB store, with the production boto3 resource (short timeouts, one retry), runs on moto;
faults are injected under botocore, at `before-send`, so botocore itself parses the error responses, retries
what it retries and raises what it raises:

- throttled        ProvisionedThroughputExceededException (HTTP 400), retried once, then raised
- throttling       ThrottlingException (HTTP 400)
- access denied    AccessDeniedException (HTTP 400), not retried
- internal error   InternalServerError (HTTP 500), retried once
- slow             the read times out (ReadTimeoutError after the 1 s read timeout), retried once
- no connection    EndpointConnectionError, retried once
- missing table    a table name moto does not have: a real ResourceNotFoundException

each on every call, on reads only, on writes and deletes only, and on every other call. For each, a whole
conversation (answers, a described symptom, a medicine, stop, a new session, forget) must give exactly the
same words turn by turn as with a healthy store, except what only a store can give (resuming), with every
response valid, nothing logged at ERROR, one WARNING per failed call, and each turn inside Lambda's timeout
in simulated time (every timed-out attempt counted at the read timeout, every back-off at its length).
"""
from __future__ import annotations

import json
import logging
import os
from collections import Counter
from pathlib import Path

import boto3
import botocore.endpoint
import moto
import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import EndpointConnectionError, ReadTimeoutError
from samtranslator.yaml_helper import yaml_parse

from local.envelopes import Session
from skill.app import build_skill_builder
from skill.stores import FaultTolerantStore
from skill.stores.dynamodb import READ_TIMEOUT_S, TOTAL_ATTEMPTS, DynamoDbStore, default_resource
from support.dialog import send
from support.turn_checks import LogRecorder

REPO = Path(__file__).resolve().parents[1]
SECRET = b"faults-test-secret"
TABLE = "cramps"
LAMBDA_TIMEOUT_S = yaml_parse((REPO / "template.yaml").read_text())["Resources"]["SkillFunction"]["Properties"]["Timeout"]

FIRST_SESSION = ["open leg cramp helper", "no", "no", "no", "my calf cramps when I walk", "I take Lipitor", "go back",
                 "no", "repeat", "help", "stop"]
SECOND_SESSION = ["open leg cramp helper", "no", "forget my data"]

FAULTS = ("throttled", "throttling", "access denied", "internal error", "slow", "no connection")
WHERE = {"every call": lambda op, n: True, "reads": lambda op, n: op == "GetItem",
         "writes and deletes": lambda op, n: op in ("PutItem", "DeleteItem"), "every other call": lambda op, n: n % 2 == 0}


def error_response(status: int, code: str) -> AWSResponse:
    body = json.dumps({"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": "injected by the test"}).encode()

    class Raw:
        def stream(self, **_):
            yield body

    return AWSResponse("https://dynamodb.us-east-1.amazonaws.com/", status, {"x-amzn-RequestId": "test",
                       "Content-Type": "application/x-amz-json-1.0", "Content-Length": str(len(body))}, Raw())


class Injector:
    """Decides, per attempt, whether a DynamoDB call fails and how; counts the simulated time spent."""

    def __init__(self) -> None:
        self.fault: str | None = None
        self.where = WHERE["every call"]
        self.calls = 0
        self.attempts: Counter = Counter()
        self.simulated_s = 0.0

    def __call__(self, request, event_name: str, **_):
        operation = event_name.rsplit(".", 1)[-1]
        self.attempts[operation] += 1
        if self.fault is None:
            return None
        if request.headers.get("amz-sdk-request", b"").startswith(b"attempt=1"):
            self.calls += 1
        if not self.where(operation, self.calls):
            return None
        if self.fault == "slow":
            self.simulated_s += READ_TIMEOUT_S
            raise ReadTimeoutError(endpoint_url=request.url)
        if self.fault == "no connection":
            raise EndpointConnectionError(endpoint_url=request.url)
        status, code = {"throttled": (400, "ProvisionedThroughputExceededException"), "throttling": (400, "ThrottlingException"),
                        "access denied": (400, "AccessDeniedException"), "internal error": (500, "InternalServerError")}[self.fault]
        return error_response(status, code)


@pytest.fixture(scope="module")
def dynamodb():
    """moto for the whole module, one table, and one production boto3 resource with the injector under it."""
    names = {"AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
             "AWS_SESSION_TOKEN": "testing", "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
    with pytest.MonkeyPatch.context() as patch:
        for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB"):
            patch.delenv(name, raising=False)
        for name, value in names.items():
            patch.setenv(name, value)
        with moto.mock_aws():
            boto3.client("dynamodb").create_table(
                TableName=TABLE, BillingMode="PAY_PER_REQUEST",
                KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
            injector = Injector()
            resource = default_resource()
            resource.meta.client.meta.events.register_first("before-send.dynamodb", injector)
            yield resource, injector


@pytest.fixture
def injector(dynamodb, monkeypatch):
    resource, injector = dynamodb
    sleeps = []
    monkeypatch.setattr(botocore.endpoint.time, "sleep", sleeps.append)  # back-offs counted, not slept
    injector.fault, injector.calls, injector.attempts, injector.simulated_s = None, 0, Counter(), 0.0
    injector.sleeps = sleeps
    for item in boto3.client("dynamodb").scan(TableName=TABLE)["Items"]:
        boto3.client("dynamodb").delete_item(TableName=TABLE, Key={"id": item["id"]})
    yield injector
    injector.fault = None


def play(handler, user: str, injector: Injector | None = None) -> list[list[tuple[str, str, bool]]]:
    """Both sessions: (says, heard, ended) for each turn; every turn valid, none over Lambda's timeout."""
    sessions = []
    for script in (FIRST_SESSION, SECOND_SESSION):
        heard = []
        sessions.append(heard)
        session = Session(user_id=user)
        for says in script:
            before = (injector.simulated_s + sum(injector.sleeps)) if injector else 0
            turn = send(session, says, handler)  # checks the response against the schema, and its SSML
            if injector:
                spent = injector.simulated_s + sum(injector.sleeps) - before
                assert spent < LAMBDA_TIMEOUT_S, f"{says!r} took {spent:.1f} s of simulated time"
            heard.append((says, turn.heard, turn.ended))
            if turn.ended:
                break
        assert len(heard) == len(script), f"the session ended early: {heard[-1]}"
    return sessions


def healthy_conversation(dynamodb_resource) -> list[list[tuple[str, str, bool]]]:
    store = DynamoDbStore(TABLE, lambda: dynamodb_resource, secret=SECRET)
    return play(build_skill_builder(FaultTolerantStore(store)).lambda_handler(), "amzn1.ask.account.HEALTHY")


@pytest.mark.parametrize("where", sorted(WHERE))
@pytest.mark.parametrize("fault", FAULTS)
def test_a_failing_store_never_breaks_the_conversation(fault, where, dynamodb, injector):
    resource, _ = dynamodb
    healthy = healthy_conversation(resource)
    assert healthy[1][0][1].startswith("Welcome back"), "the healthy store offers to resume"

    injector.fault, injector.where, injector.calls = fault, WHERE[where], 0
    injector.attempts.clear()
    store = DynamoDbStore(TABLE, lambda: resource, secret=SECRET)
    recorder = LogRecorder(logging.DEBUG)
    with recorder.installed():
        faulty = play(build_skill_builder(FaultTolerantStore(store)).lambda_handler(), "amzn1.ask.account.FAULTY", injector)

    assert not recorder.errors, recorder.describe(recorder.errors)
    warnings = [r.getMessage() for r in recorder.records if r.levelno == logging.WARNING]
    assert warnings and all(w.startswith("persistence ") and "the conversation goes on" in w for w in warnings), warnings
    assert faulty[0] == healthy[0], "the first session sounds the same"
    # The second session: a store that lost the progress (or never had it) starts afresh; either way it goes on.
    assert faulty[1][0][1].startswith(("Welcome to Leg Cramp Helper", "Welcome back"))
    # "Forget my data" ends the session, and says "deleted" only when the delete went through.
    assert faulty[1][-1][2] and ("deleted everything" in faulty[1][-1][1] or "nothing was deleted" in faulty[1][-1][1])
    if where in ("every call", "writes and deletes"):
        assert "nothing was deleted" in faulty[1][-1][1]
    if where == "every call":
        # Each call failed and was logged once. botocore tried at most once more, after a back-off under 1 s
        # (never for access denied; and fewer retries once the client's retry quota runs low, as it would
        # in a warm container during an outage).
        attempts, tries = sum(injector.attempts.values()), 1 if fault == "access denied" else TOTAL_ATTEMPTS
        assert injector.calls == len(warnings) <= attempts <= tries * injector.calls, (injector.attempts, injector.calls)
        assert len(injector.sleeps) == attempts - injector.calls and all(0 <= s <= 1 for s in injector.sleeps)


def test_a_missing_table_never_breaks_the_conversation(dynamodb, injector):
    resource, _ = dynamodb
    healthy = healthy_conversation(resource)
    store = DynamoDbStore("no-such-table", lambda: resource, secret=SECRET)
    recorder = LogRecorder(logging.DEBUG)
    with recorder.installed():
        faulty = play(build_skill_builder(FaultTolerantStore(store)).lambda_handler(), "amzn1.ask.account.NOTABLE", injector)
    assert not recorder.errors, recorder.describe(recorder.errors)
    # No save is tried after a failed read: what could not be read (a diary) is never written over.
    assert {r.getMessage().split(";")[0] for r in recorder.records if r.levelno == logging.WARNING} == {
        "persistence get failed (ResourceNotFoundException)", "persistence delete failed (ResourceNotFoundException)"}
    assert faulty[0] == healthy[0]
    assert faulty[1][0][1].startswith("Welcome to Leg Cramp Helper")


def test_forget_my_data_does_not_claim_a_deletion_that_failed(dynamodb, injector):
    resource, _ = dynamodb
    injector.fault, injector.where = "access denied", WHERE["writes and deletes"]
    store = DynamoDbStore(TABLE, lambda: resource, secret=SECRET)
    heard = play(build_skill_builder(FaultTolerantStore(store)).lambda_handler(), "amzn1.ask.account.FORGET", injector)
    assert "deleted everything" not in heard[1][-1][1]
    assert heard[1][-1][1].startswith("Sorry, I couldn't reach my records to delete them just now, so nothing was deleted.")
