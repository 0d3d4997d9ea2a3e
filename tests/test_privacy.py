"""Health answers stay private (issue 6): whole conversations, every log record, nothing personal.

The skill runs as Lambda would with LOG_LEVEL=DEBUG (skill.logs.configure_logging), and a handler on the
root logger records every record of every logger at DEBUG, for whole conversations on every path (launch,
answers of every kind, described symptoms, known and unknown medicines, help, repeat, go back, fallbacks,
unknown intents, screen taps, a result, an emergency, resume, forget, Alexa ending the session, an
out-of-session request, an unexpected error) with each store: memory, SQLite and DynamoDB (moto, through
the production boto3 resource). No record (message, arguments, exception, stack, extra fields) may hold
a feature id, an answer word or a result's causes, a slot's words, the user's, device's, person's or
session's id, the user's record key, or an access token. And the records are there: the per-turn debug
lines, the error handler's line (class and place only), nothing from botocore below WARNING.
"""
from __future__ import annotations

import json
import logging
import os
import re

import boto3
import moto
import pytest

from local.envelopes import Session
from skill import handlers
from skill.app import build_skill_builder
from skill.logs import REDACTED, configure_logging, exception_summary, log_event, redact, Safe
from skill.stores import FaultTolerantStore, user_key
from skill.stores.dynamodb import DynamoDbStore
from skill.stores.memory import MemoryStore
from skill.stores.sqlite import SqliteStore
from support.dialog import SAYINGS, send
from support.fake_alexa_api import serving
from support.turn_checks import LogRecorder, no_network
from triage.bank import load_bank

SECRET = b"privacy-test-secret"
USER = "amzn1.ask.account.AGPRIVACYUSERQZXJ00000000000000000000000000000000"
DEVICE = "amzn1.ask.device.AGPRIVACYDEVICEQZXJ000000000000000000000000000000"
PERSON = "amzn1.ask.person.AGPRIVACYPERSONQZXJ000000000000000000000000000000"
TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.QZXJprivacytoken.signature"
BANK = load_bank()

# Every way a log line could give someone away.
FEATURE_ID = re.compile(r"(?<![A-Za-z0-9])(?:rf|f|g|r)_[a-z0-9_]+")
WORDS_OF_HEALTH = re.compile(r"\b(?:%s)\b" % "|".join(
    [re.escape(c) for c in BANK.causes] + ["self_care", "a_little", "only_at_night", "unsure", "sometimes"]
    + [re.escape(m) for m in BANK.medicines]))


def spoken_words() -> set[str]:
    """The words the scripts' users said, as Alexa heard them (slot values)."""
    words = set()
    for request in SAYINGS.values():
        if callable(request):  # a touch on the screen: no words
            continue
        for slot in (request.get("intent", {}).get("slots") or {}).values():
            words.add(slot["value"])
    return words


def personal_strings(session_ids: list[str]) -> list[str]:
    return [USER, DEVICE, PERSON, TOKEN, "QZXJ", user_key(USER, SECRET), *session_ids, *spoken_words()]


def as_a_real_device(handler):
    """Requests as a device sends them: its ids, a person, tokens, and the settings API (a fake on loopback)."""
    def send_it(envelope, context):
        system = envelope["context"]["System"]
        system["device"]["deviceId"] = DEVICE
        system["person"] = {"personId": PERSON}
        system["apiEndpoint"] = SETTINGS_ENDPOINT[0]
        system["apiAccessToken"] = TOKEN
        if "session" in envelope:
            envelope["session"]["user"]["accessToken"] = TOKEN
        return handler(envelope, context)
    return send_it


SETTINGS_ENDPOINT = ["http://127.0.0.1:9"]


def converse(handler) -> list[str]:
    """Every path of a conversation, for one user; returns the session ids used."""
    sessions = []

    def new_session():
        session = Session(user_id=USER, session_id=f"amzn1.echo-api.session.QZXJ{len(sessions)}")
        sessions.append(session.session_id)
        return session

    def say(session, *lines):
        for says in lines:
            turn = send(session, says, handler)
            if turn.ended:
                break
        return session

    # A whole check: described symptoms, medicines, every command, every answer word (no to red flags).
    session = say(new_session(), "open leg cramp helper", "no", "no", "no", "my calf cramps when I walk",
                  "I take Lipitor", "I take zorbulon", "I use a Symbicort inhaler", "my legs feel like jelly",
                  "help", "repeat", "go back", "(words that match no answer)", "(something off topic)",
                  "(an intent the skill does not know)", "nope")  # no: carry on
    words = ["sometimes", "a little", "only at night", "yeah", "not sure", "nope", "i don't know"]
    for number in range(60):
        check = (session.attributes or {}).get("check", {})
        if session.ended or check.get("result"):
            break
        red_flag = check["question"].startswith(("rf_", "flags_"))
        say(session, "nope" if red_flag else words[number % len(words)])
    assert session.attributes["check"]["result"], "the check reached a result"
    say(session, "repeat", "yes", "no")
    assert session.ended

    # An unfinished check, resumed, then forgotten.
    say(new_session(), "open leg cramp helper", "no", "no", "my feet burn and my ankles swell by the evening", "stop")
    say(new_session(), "open leg cramp helper", "yes", "I'm on Lasix", "(silence: alexa ends the session)")
    say(new_session(), "open leg cramp helper", "forget my data")

    # An emergency described in the user's words.
    say(new_session(), "open leg cramp helper", "I have chest pain")

    # A screen tap, an exception report, an out-of-session request.
    session = new_session()
    say(session, "open leg cramp helper")
    for request in ({"type": "Alexa.Presentation.APL.UserEvent", "token": "t", "arguments": ["answer", "yes", "flags_heart"]},
                    {"type": "System.ExceptionEncountered", "error": {"type": "INVALID_RESPONSE", "message": f"bad {USER}"},
                     "cause": {"requestId": "amzn1.echo-api.request.QZXJ"}}):
        handler(session.envelope(request), None)
    outside = session.envelope(SAYINGS["help"])
    del outside["session"]
    handler(outside, None)

    # An unexpected error whose message holds everything it should not.
    def broken_step(*args, **kwargs):
        raise KeyError(f"rf_chest_pain_or_breathless=yes for {USER} said 'my calf cramps when I walk'")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(handlers, "step", broken_step)
        say(new_session(), "open leg cramp helper", "I take Lipitor")
    return sessions


@pytest.fixture
def debug_logging(alexa_api_certificate):
    """LOG_LEVEL=DEBUG, as the function would run with it; every record of every logger recorded."""
    before = logging.getLogger().level
    configure_logging("DEBUG")
    recorder = LogRecorder(logging.DEBUG)
    with no_network() as attempts, serving(alexa_api_certificate) as api, recorder.installed():
        SETTINGS_ENDPOINT[0] = api.url
        yield recorder
    configure_logging(before)
    assert not attempts, attempts


@pytest.fixture
def dynamodb_store(monkeypatch):
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {"AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_SESSION_TOKEN": "testing", "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}.items():
        monkeypatch.setenv(name, value)
    with moto.mock_aws():
        boto3.client("dynamodb").create_table(
            TableName="cramps", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
        yield DynamoDbStore("cramps", secret=SECRET)


STORES = {
    "memory": lambda request, tmp_path: MemoryStore(SECRET),
    "sqlite": lambda request, tmp_path: SqliteStore(tmp_path / "store.sqlite3", SECRET),
    "dynamodb": lambda request, tmp_path: request.getfixturevalue("dynamodb_store"),
}


@pytest.mark.parametrize("store_name", sorted(STORES))
def test_no_log_record_of_a_whole_conversation_holds_anything_personal(store_name, request, tmp_path, debug_logging):
    store = STORES[store_name](request, tmp_path)
    handler = as_a_real_device(build_skill_builder(FaultTolerantStore(store)).lambda_handler())
    sessions = converse(handler)

    recorder = debug_logging
    # Moto stands in for AWS in this test only; what it logs is not the skill's.
    records = [r for r in recorder.records if not r.name.startswith("moto")]
    texts = [text for record, text in zip(recorder.records, recorder.texts()) if not record.name.startswith("moto")]
    for record, text in zip(records, texts):
        where = f"{record.name} {record.levelname}: {text[:300]}"
        assert not FEATURE_ID.search(text), where
        assert not WORDS_OF_HEALTH.search(text), where
        for secret in personal_strings(sessions):
            assert secret not in text, f"{secret!r} in {where}"

    # Not vacuous: the turns were logged at DEBUG, the error's class and place too; boto said nothing below WARNING.
    messages = [r.getMessage() for r in records]
    assert sum(m.startswith("request type=LaunchRequest") for m in messages) >= 6
    assert any(m.startswith("response speech=True") for m in messages)
    assert any("KeyError (message withheld) at" in t for t in texts)
    assert not [r for r in records if r.name.split(".")[0] in ("botocore", "boto3", "urllib3") and r.levelno < logging.WARNING]
    if store_name == "dynamodb":
        items = boto3.client("dynamodb").scan(TableName="cramps")["Items"]  # the emergency's result, kept after the forget
        assert len(items) == 1 and USER not in json.dumps(items)


def test_redaction_keeps_only_safe_values():
    assert redact("LaunchRequest") == "LaunchRequest" and redact("AMAZON.ShuffleOnIntent") == "AMAZON.ShuffleOnIntent"
    assert redact("en-GB") == "en-GB" and redact(3) == 3 and redact(None) is None and redact(Safe("ok here")) == "ok here"
    assert redact("ServiceException") == "ServiceException" and redact("ReadTimeoutError") == "ReadTimeoutError"
    for value in ("f_walk_pain", "yes", "calf cramps", USER, TOKEN, "fr-FR", {"a": 1}, ["x"], b"bytes", "Intent\nforged line",
                  "my Error", "KeyError: 'f_walk_pain'"):
        assert redact(value) == REDACTED


def test_the_skills_own_records_are_redacted_as_they_are_made(caplog):
    log = logging.getLogger("skill.anything")
    caplog.set_level(logging.DEBUG)
    log.info("answer %s to %s for %s", "yes", "f_walk_pain", USER)
    log.info("mapping %(who)s", {"who": USER})
    try:
        raise ValueError(f"f_walk_pain for {USER}")
    except ValueError:
        log.exception("failed in %s", "IntentRequest")
    log_event(log, logging.DEBUG, "turn", type="IntentRequest", words="my calf cramps", count=2)
    text = "\n".join(caplog.text.splitlines())
    assert USER not in text and "f_walk_pain" not in text and "calf" not in text
    assert "answer <redacted> to <redacted> for <redacted>" in text
    assert "ValueError (message withheld) at test_privacy.py:" in text
    assert "turn type=IntentRequest words=<redacted> count=2" in text
    # Other loggers' records are theirs to format.
    logging.getLogger("someone.else").info("kept %s", "as is")
    assert "kept as is" in caplog.text


def test_third_party_loggers_stay_quiet_even_at_debug():
    before = logging.getLogger().level
    try:
        configure_logging("DEBUG")
        assert logging.getLogger("skill.turns").isEnabledFor(logging.DEBUG)
        for name in ("botocore.endpoint", "botocore.parsers", "boto3.resources.action", "urllib3.connectionpool", "ask_sdk_core"):
            assert not logging.getLogger(name).isEnabledFor(logging.INFO), name
            assert logging.getLogger(name).isEnabledFor(logging.WARNING), name
    finally:
        configure_logging(before)


def test_an_exception_summary_names_the_class_and_place_only():
    try:
        {}["rf_dark_urine"]
    except KeyError:
        import sys

        summary = exception_summary(sys.exc_info())
    assert summary.startswith("KeyError (message withheld) at test_privacy.py:") and "rf_dark_urine" not in summary
    assert json.dumps(summary)  # plain text


def test_the_privacy_policy_states_the_figures_the_code_keeps_to():
    """PRIVACY.md, the skill's privacy policy, says how long each thing is kept with the code's own numbers."""
    from pathlib import Path

    from skill.diary import DIARY_DAYS, DIARY_MAX_ENTRIES
    from skill.kept_zone import KEPT_DAYS
    from skill.memory import RESUME_WINDOW_S
    from skill.stores import EXPIRY_SECONDS

    policy = " ".join((Path(__file__).resolve().parents[1] / "PRIVACY.md").read_text(encoding="utf-8").split())
    day = 24 * 60 * 60
    assert RESUME_WINDOW_S == day and "**24 hours**" in policy and "An unfinished check: 24 hours." in policy
    assert f"**{EXPIRY_SECONDS // day} days** after the last time anything was saved" in policy
    assert f"Cramp diary entries: {DIARY_DAYS} days each." in policy
    assert f"unless your diary has an entry younger than {DIARY_DAYS} days" in policy
    assert f"At most **{DIARY_MAX_ENTRIES} entries**" in policy
    assert f"kept for **{KEPT_DAYS} days**" in policy and f"After {KEPT_DAYS} days, or on another device" in policy
    assert "HMAC-SHA256" in policy and "never under the id itself" in policy
    assert "Nothing about you is written to a log." in policy
    assert '"Alexa, ask leg cramp helper to forget my data"' in policy and "cramp diary**" in policy
