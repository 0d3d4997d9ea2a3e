"""The skill reads envelopes exactly as the SDK's DefaultSerializer does, only faster (skill/serializer.py)."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest
from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope
from ask_sdk_model.services.reminder_management import ReminderResponse
from hypothesis import HealthCheck, given, settings

from lambda_function import lambda_handler
from skill.serializer import AlexaSerializer
from support.fuzz_envelopes import fuzz_case

SDK, OURS = DefaultSerializer(), AlexaSerializer()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=fuzz_case())
def test_every_request_reads_as_the_sdk_reads_it(case):
    text = json.dumps(case.envelope)
    assert OURS.deserialize(text, RequestEnvelope) == SDK.deserialize(text, RequestEnvelope)
    assert OURS.envelope(json.loads(text)) == SDK.deserialize(text, RequestEnvelope)  # the event as Lambda parses it


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=fuzz_case())
def test_answering_leaves_the_event_as_it_came(case):
    """`envelope` reads the event without a copy: nothing the skill does may change it."""
    event = json.loads(json.dumps(case.envelope))
    lambda_handler(event, None)
    assert event == case.envelope


@pytest.mark.parametrize("stamp", [
    "2026-12-02T03:04:05Z",  # as Alexa sends it
    "2026-12-02T03:04:05.123Z",
    "2026-12-02T03:04:05+05:30",
    "2026-12-02T03:04:05",  # no zone: naive, as dateutil reads it
    "2026-12-02",
])
def test_a_timestamp_is_the_same_instant_and_zone_offset(stamp):
    ours, sdk = OURS.deserialize(json.dumps(stamp), datetime), SDK.deserialize(json.dumps(stamp), datetime)
    assert ours == sdk
    assert ours.utcoffset() == sdk.utcoffset()


def test_alexas_utc_stamp_is_aware_utc():
    assert OURS.deserialize('"2026-12-02T03:04:05Z"', datetime) == datetime(2026, 12, 2, 3, 4, 5, tzinfo=timezone.utc)


def test_a_date_reads_as_a_date():
    assert OURS.deserialize('"2026-12-02"', date) == date(2026, 12, 2) == SDK.deserialize('"2026-12-02"', date)


@pytest.mark.parametrize("stamp", ["Dec 2 2026 3:04 AM", "2026-12-02 03:04:05 UTC"])
def test_what_the_standard_library_refuses_the_sdk_still_reads(stamp):
    assert OURS.deserialize(json.dumps(stamp), datetime) == SDK.deserialize(json.dumps(stamp), datetime)


def test_a_bad_date_fails_as_it_does_in_the_sdk():
    with pytest.raises(SerializationException):
        SDK.deserialize('"not a date"', datetime)
    with pytest.raises(SerializationException):
        OURS.deserialize('"not a date"', datetime)


def test_a_reminders_answer_reads_as_the_sdk_reads_it():
    answer = json.dumps({"alertToken": "token", "createdTime": "2026-12-02T21:04:50.123Z",
                         "updatedTime": "2026-12-02T21:04:50.123Z", "status": "ON", "version": "1"})
    assert OURS.deserialize(answer, ReminderResponse) == SDK.deserialize(answer, ReminderResponse)


def test_the_sdk_still_calls_both_hooks(monkeypatch):
    """The hooks are DefaultSerializer's private methods: a new SDK that renamed them would silently skip ours."""
    called = []
    assert hasattr(DefaultSerializer, "_DefaultSerializer__deserialize")  # what `envelope` calls
    for hook in ("_DefaultSerializer__deserialize_datetime", "_DefaultSerializer__load_class_from_name"):
        assert hasattr(DefaultSerializer, hook)
        original = getattr(AlexaSerializer, hook)
        monkeypatch.setattr(AlexaSerializer, hook, lambda self, *args, _o=original, _h=hook: called.append(_h) or _o(self, *args))
    AlexaSerializer().deserialize(json.dumps({"version": "1.0", "request": {"type": "LaunchRequest", "timestamp": "2026-12-02T03:04:05Z"}}), RequestEnvelope)
    assert set(called) == {"_DefaultSerializer__deserialize_datetime", "_DefaultSerializer__load_class_from_name"}
