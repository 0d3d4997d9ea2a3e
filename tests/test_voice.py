"""Night voice: the device's time zone from the Alexa Settings API decides day or night (22:00 to 07:00).

The SDK's real UPS service client and DefaultApiClient run; only `requests.get` is replaced by a fake Alexa
service, so no network is used. Clocks are request timestamps.
"""
import json
import logging
from datetime import datetime, timezone

import pytest
import requests

from local.envelopes import Session
from support.dialog import run, send

TWO_AM_LONDON = datetime(2026, 11, 24, 2, 0, tzinfo=timezone.utc)
TWO_PM_LONDON = datetime(2026, 11, 24, 14, 0, tzinfo=timezone.utc)


class FakeSettingsApi:
    """Alexa's Settings API as `requests.get` sees it: a zone, an error status, a refusal or a timeout."""

    def __init__(self, zone="Europe/London", failure=None):
        self.zone, self.failure, self.calls = zone, failure, []

    def __call__(self, url, headers=None, data=None, timeout=None):
        self.calls.append({"url": url, "timeout": timeout, "authorization": headers.get("Authorization")})
        if self.failure == "timeout":
            raise requests.exceptions.ReadTimeout("no answer in time")
        if self.failure == "refused":
            raise requests.exceptions.ConnectionError("refused")
        status, body = (500, {"message": "internal error"}) if self.failure == "error" else (200, self.zone)
        response = requests.models.Response()
        response.status_code, response._content = status, json.dumps(body).encode()
        response.headers["Content-Type"] = "application/json"
        return response


@pytest.fixture
def settings_api(monkeypatch):
    def install(**kwargs):
        fake = FakeSettingsApi(**kwargs)
        monkeypatch.setattr(requests, "get", fake)
        return fake
    return install


def device(clock):
    return Session(clock=clock, api_access_token="test-token")


def ssml(turn):
    return turn.response["response"]["outputSpeech"]["ssml"]


def test_at_two_in_the_morning_the_voice_is_slower_softer_and_the_welcome_shortest(settings_api):
    fake = settings_api(zone="Europe/London")
    _, night = run("open leg cramp helper | Leg Cramp Helper. Not a diagnosis", device(TWO_AM_LONDON))
    _, day = run("open leg cramp helper | Welcome to Leg Cramp Helper", device(TWO_PM_LONDON))
    assert ssml(night[0]).startswith('<speak><prosody rate="80%" volume="soft">')
    assert ssml(day[0]).startswith('<speak><prosody rate="90%">')
    assert len(night[0].heard.split()) < len(day[0].heard.split())
    assert "call 911" in night[0].heard and "can't call for help" in night[0].heard
    assert "<audio" not in ssml(night[0]) + ssml(day[0])
    assert fake.calls[0]["url"] == "https://api.amazonalexa.com/v2/devices/amzn1.ask.device.local/settings/System.timeZone"
    assert fake.calls[0]["authorization"] == "Bearer test-token"


def test_night_is_the_devices_night_not_the_servers(settings_api):
    settings_api(zone="America/New_York")
    seven_utc = datetime(2026, 11, 24, 7, 0, tzinfo=timezone.utc)  # 02:00 in New York
    _, turns = run("open leg cramp helper | Leg Cramp Helper. Not a diagnosis", device(seven_utc))
    assert 'volume="soft"' in ssml(turns[0])
    _, turns = run("open leg cramp helper | Welcome to Leg Cramp Helper", device(TWO_AM_LONDON))  # 21:00 in New York
    assert 'volume="soft"' not in ssml(turns[0])


def test_the_time_zone_is_asked_once_per_session_and_the_night_voice_lasts_the_whole_check(settings_api):
    fake = settings_api()
    session, turns = run("""
        open leg cramp helper | Not a diagnosis
        no                    | safety questions
        no                    | suddenly gone cold
        help                  | I ask short yes or no questions
    """, device(TWO_AM_LONDON))
    assert len(fake.calls) == 1
    assert all('rate="80%" volume="soft"' in ssml(t) for t in turns)
    assert all('rate="80%" volume="soft"' in t.response["response"]["reprompt"]["outputSpeech"]["ssml"] for t in turns)


@pytest.mark.parametrize("failure", ["error", "refused", "timeout"])
def test_when_the_time_zone_cannot_be_read_the_pace_stays_normal(settings_api, failure, caplog):
    fake = settings_api(failure=failure)
    with caplog.at_level(logging.WARNING):
        session, turns = run("""
            open leg cramp helper | Welcome to Leg Cramp Helper
            no                    | safety questions
        """, device(TWO_AM_LONDON))
    assert all(ssml(t).startswith('<speak><prosody rate="90%">') for t in turns)
    assert len(fake.calls) == 1, "a failed lookup is not retried on every turn"
    assert 0 < fake.calls[0]["timeout"] < 1, "the settings call can never hold the user up for long"
    assert [r.getMessage() for r in caplog.records if r.name == "skill.settings"] == [
        "time zone not available (ServiceException); speaking at the normal pace"]
    assert "test-token" not in caplog.text


def test_without_alexa_service_access_nothing_is_asked(settings_api):
    fake = settings_api()
    _, turns = run("open leg cramp helper | Welcome to Leg Cramp Helper", Session(clock=TWO_AM_LONDON))
    assert fake.calls == [] and 'rate="90%"' in ssml(turns[0])


def test_slower_please_at_night_repeats_slower_still_and_stays_so(settings_api):
    settings_api()
    session, turns = run("""
        open leg cramp helper | Not a diagnosis
        no                    | safety questions. Right now, are you short of breath
        slower, please        | Right now, are you short of breath
        no                    | suddenly gone cold
    """, device(TWO_AM_LONDON))
    assert 'rate="65%" volume="soft"' in ssml(turns[2]) and 'rate="65%" volume="soft"' in ssml(turns[3])


def test_the_doctor_visit_card_carries_the_devices_date(settings_api):
    settings_api(zone="America/New_York")  # 02:00 UTC on the 24th is still the 23rd in New York
    _, turns = run("""
        open leg cramp helper | Leg Cramp Helper
        no                    | safety questions
        yes                   | Please call 911 now [ends]
    """, device(TWO_AM_LONDON))
    assert turns[-1].card.startswith("Date: November 23, 2026\n")


def test_a_request_outside_any_session_asks_for_the_time_zone_once(settings_api):
    from lambda_function import lambda_handler
    from local import envelopes
    from support.alexa_checks import check_response

    fake = settings_api()
    envelope = device(TWO_AM_LONDON).envelope(envelopes.intent("AMAZON.HelpIntent"))
    del envelope["session"]
    response = lambda_handler(envelope, None)
    check_response(response)
    assert len(fake.calls) == 1 and 'volume="soft"' in response["response"]["outputSpeech"]["ssml"]
