"""What outlives a session: resume an unfinished check within 24 hours, keep only the last result's day,
urgency and causes, forget on request, and carry on through store faults. Real envelopes through the real
handler; the store is the in-memory one, and DynamoDB through moto for a whole conversation with resume."""
import json
import logging
from datetime import datetime, timedelta, timezone

import boto3
import pytest
from moto import mock_aws

from local.envelopes import Session
from skill.app import build_skill_builder
from skill.stores import FaultTolerantStore
from skill.stores.dynamodb import DynamoDbStore
from support.dialog import check_state, run
from support.records import STORE, envelope_for, stored
from support.scripts import SWOLLEN_LEG

OPENING = """
    open leg cramp helper | not a diagnosis
    no | First, some safety questions
"""
TWO_ANSWERS = OPENING + """
    no   | suddenly gone cold
    no   | numbness between your legs
    stop | Goodbye [ends]
"""


def same_user(session):
    return Session(user_id=session.user_id)


def test_an_interrupted_check_is_offered_again_and_carries_on_at_the_same_question():
    first, _ = run(TWO_ANSWERS)
    assert set(stored(first)) == {"progress"}
    second, _ = run("""
        open leg cramp helper | Welcome back to Leg Cramp Helper. You were part way through a check. In an emergency, call 911. Shall we carry on where we left off?
        yes | Okay, let's carry on. Is there numbness between your legs
    """, same_user(first))
    assert check_state(second)["answers"] == {
        "rf_chest_pain_or_breathless": "no", "rf_palpitations_or_faint": "no",
        "rf_leg_sudden_cold_pale": "no", "rf_leg_sudden_numb_or_weak": "no"}
    assert check_state(second)["groups"] == {"flags_heart": "no", "flags_leg_sudden": "no"}


def test_a_grouped_yes_is_kept_with_the_progress_and_told_apart_after_resuming():
    first, _ = run(OPENING + """
        no   | suddenly gone cold
        no   | numbness between your legs
        no   | In a few words, what are your cramps like?
        no   | Do your legs swell, feel heavy, or have bulging veins, or is one red, hot or tender?
        yes  | Is one leg more swollen than the other
        stop | Goodbye [ends]
    """)
    assert stored(first)["progress"]["state"]["groups"]["legs_swelling"] == "yes"
    second, _ = run("""
        open leg cramp helper | Shall we carry on where we left off?
        yes | Okay, let's carry on. Is one leg more swollen than the other, or is part of it red, hot or tender?
    """, same_user(first))
    state = check_state(second)
    assert state["groups"]["legs_swelling"] == "yes" and state["question"] == "flags_clot_or_skin"
    assert not any(f.startswith(("rf_one_leg", "f_varicose")) for f in state["answers"])


def test_no_to_carrying_on_starts_fresh_and_clears_the_saved_progress():
    first, _ = run(TWO_ANSWERS)
    second, _ = run("""
        open leg cramp helper | Shall we carry on where we left off?
        no | Good. First, some safety questions. Right now, are you short of breath
    """, same_user(first))
    assert check_state(second)["answers"] == {}
    assert stored(first) == {}


def test_progress_older_than_a_day_is_not_offered():
    first, _ = run(TWO_ANSWERS)
    record = stored(first)
    record["progress"]["saved_at"] -= 25 * 3600
    STORE.save_attributes(envelope_for(first), record)
    run(OPENING.replace("not a diagnosis", "Welcome to Leg Cramp Helper"), same_user(first))


def test_after_a_finished_check_only_the_day_urgency_and_causes_are_kept_and_mentioned_next_time():
    first, _ = run(SWOLLEN_LEG + """
        no  | I haven't set a reminder, but your notes for the doctor are in the Alexa app. Shall I say that again?
        no  | Goodbye [ends]
    """)
    today = datetime.now(timezone.utc).date().isoformat()
    assert stored(first) == {"last_result": {"date": today, "urgency": "urgent", "causes": []}}
    # By day, within 14 days of advice to see a doctor: the follow-through, once; after that the last-time line.
    run("""
        open leg cramp helper | Last time I suggested seeing your doctor. If you haven't yet, it's worth a call. Are you having a cramp right now?
    """, same_user(first))
    assert stored(first) == {"last_result": {"date": today, "urgency": "urgent", "causes": [], "followed_up": True}}
    run("""
        open leg cramp helper | Last time, earlier today, I suggested seeing a doctor that same day. Are you having a cramp right now?
    """, same_user(first))


def test_last_time_names_the_weekday_within_a_week():
    first, _ = run(TWO_ANSWERS)
    envelope = envelope_for(first)
    three_days_ago = datetime.now(timezone.utc).date() - timedelta(days=3)
    STORE.save_attributes(envelope, {"last_result": {"date": three_days_ago.isoformat(), "urgency": "routine", "causes": ["pad"],
                                                     "followed_up": True}})
    _, turns = run("open leg cramp helper | I suggested booking a visit with your doctor", same_user(first))
    assert f"Last time, on {three_days_ago.strftime('%A')}," in turns[0].heard


def test_forget_my_data_deletes_the_record_at_once_and_confirms():
    first, _ = run(TWO_ANSWERS)
    assert stored(first)
    second, _ = run("""
        open leg cramp helper | Shall we carry on
        forget my data | Done. I've deleted everything I kept about you. Goodbye. [ends]
    """, same_user(first))
    assert stored(first) == {}
    run(OPENING.replace("not a diagnosis", "Welcome to Leg Cramp Helper"), same_user(first))


def test_help_says_once_how_to_forget():
    run(OPENING + """
        help | To delete it all, say forget my data
    """)


class BrokenStore:
    """Every call fails as a throttled or missing table would."""

    def get_attributes(self, request_envelope):
        raise TimeoutError("store timed out")

    save_attributes = delete_attributes = lambda self, *args, **kwargs: (_ for _ in ()).throw(PermissionError("denied"))


def test_a_store_that_fails_every_call_never_breaks_the_conversation(caplog):
    handler = build_skill_builder(FaultTolerantStore(BrokenStore())).lambda_handler()
    with caplog.at_level(logging.WARNING):
        session, _ = run(OPENING + """
            no  | suddenly gone cold
            no  | numbness between your legs
            forget my data | Sorry, I couldn't reach my records to delete them just now, so nothing was deleted. [ends]
        """, handler=handler)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings and all(session.user_id not in r.getMessage() for r in warnings)
    assert not any(r.levelno >= logging.ERROR for r in caplog.records)


@pytest.fixture
def dynamodb_table(monkeypatch):
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        boto3.client("dynamodb").create_table(
            TableName="cramps", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
        yield "cramps"


def test_a_whole_conversation_with_resume_on_dynamodb(dynamodb_table):
    store = DynamoDbStore(dynamodb_table, secret=b"test-secret")
    handler = build_skill_builder(FaultTolerantStore(store)).lambda_handler()
    first, _ = run(TWO_ANSWERS, handler=handler)
    items = boto3.client("dynamodb").scan(TableName=dynamodb_table)["Items"]
    assert len(items) == 1 and first.user_id not in str(items)
    second, _ = run("""
        open leg cramp helper | Shall we carry on where we left off?
        yes | Is there numbness between your legs
        forget my data | Done [ends]
    """, same_user(first), handler=handler)
    assert boto3.client("dynamodb").scan(TableName=dynamodb_table)["Items"] == []


def test_numb_or_burning_feet_are_remembered_only_as_no_warmth_and_forgotten_on_request():
    first, _ = run(OPENING + """
        my feet burn | Got it: burning or tingling feet
        stop         | Goodbye [ends]
    """)
    assert stored(first)["avoid_heat"] is True
    run("""
        open leg cramp helper | Shall we carry on
        no                    | safety questions
        forget my data        | Done [ends]
    """, same_user(first))
    assert stored(first) == {}


def test_the_cramp_diary_on_dynamodb_lives_until_its_newest_entrys_90_days(dynamodb_table):
    store = DynamoDbStore(dynamodb_table, secret=b"test-secret")
    handler = build_skill_builder(FaultTolerantStore(store)).lambda_handler()
    first, _ = run("""
        I had a cramp last night in my left calf | Noted in your diary: a cramp yesterday, in your left calf. I keep each diary entry for 90 days [ends]
    """, handler=handler)
    run("""
        how often have I had cramps | you've noted one cramp, and one in the last seven days, most often in the calf [ends]
    """, same_user(first), handler=handler)
    [item] = boto3.client("dynamodb").scan(TableName=dynamodb_table)["Items"]
    newest = datetime.fromisoformat(json.loads(item["attributes"]["S"])["diary"][0]["day"]).replace(tzinfo=timezone.utc)
    assert int(item["expires_at"]["N"]) == int((newest + timedelta(days=91)).timestamp())
    run("forget my data | Done [ends]", same_user(first), handler=handler)
    assert boto3.client("dynamodb").scan(TableName=dynamodb_table)["Items"] == []
