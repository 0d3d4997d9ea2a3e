"""Night voice: the device's time zone from the Alexa Settings API (or kept a week in the user's record) decides
day or night (22:00 to 07:00).

The SDK's real UPS service client runs on the skill's own ApiClient (skill/alexa_api.py) against a fake
Alexa API over real TLS on 127.0.0.1 (the `alexa_api` fixture), so no network is used. Clocks are request
timestamps.
"""
import logging
import socket
import time
from datetime import datetime, timedelta, timezone

import pytest

from local.envelopes import Session
from support.dialog import run
from support.records import STORE, envelope_for, stored

TWO_AM_LONDON = datetime(2026, 11, 24, 2, 0, tzinfo=timezone.utc)
TWO_PM_LONDON = datetime(2026, 11, 24, 14, 0, tzinfo=timezone.utc)
SETTINGS_PATH = "/v2/devices/amzn1.ask.device.local/settings/System.timeZone"


def device(api, clock):
    return Session(clock=clock, api_access_token="test-token", api_endpoint=api.url)


def ssml(turn):
    return turn.response["response"]["outputSpeech"]["ssml"]


def settings_calls(api):
    return [r for r in api.requests if r.path == SETTINGS_PATH]


def test_at_two_in_the_morning_the_voice_is_slower_softer_and_the_welcome_shortest(alexa_api):
    alexa_api.zone = "Europe/London"
    _, night = run("open leg cramp helper | Leg Cramp Helper. Not a diagnosis", device(alexa_api, TWO_AM_LONDON))
    _, day = run("open leg cramp helper | Welcome to Leg Cramp Helper", device(alexa_api, TWO_PM_LONDON))
    assert ssml(night[0]).startswith('<speak><prosody rate="80%" volume="soft">')
    assert ssml(day[0]).startswith('<speak><prosody rate="90%">')
    assert len(night[0].heard.split()) < len(day[0].heard.split())
    assert "call 911" in night[0].heard and "can't call for help" in night[0].heard
    assert "<audio" not in ssml(night[0]) + ssml(day[0])
    first = alexa_api.requests[0]
    assert (first.method, first.path) == ("GET", SETTINGS_PATH)
    assert first.headers["Authorization"] == "Bearer test-token"
    assert alexa_api.connections == 1, "the second session's lookup reuses the first one's connection"


def test_night_is_the_devices_night_not_the_servers(alexa_api):
    alexa_api.zone = "America/New_York"
    seven_utc = datetime(2026, 11, 24, 7, 0, tzinfo=timezone.utc)  # 02:00 in New York
    _, turns = run("open leg cramp helper | Leg Cramp Helper. Not a diagnosis", device(alexa_api, seven_utc))
    assert 'volume="soft"' in ssml(turns[0])
    _, turns = run("open leg cramp helper | Welcome to Leg Cramp Helper", device(alexa_api, TWO_AM_LONDON))  # 21:00 in New York
    assert 'volume="soft"' not in ssml(turns[0])


def test_the_time_zone_is_asked_once_per_session_and_the_night_voice_lasts_the_whole_check(alexa_api):
    session, turns = run("""
        open leg cramp helper | Not a diagnosis
        no                    | safety questions
        no                    | suddenly gone cold
        help                  | I ask short yes or no questions
    """, device(alexa_api, TWO_AM_LONDON))
    assert len(settings_calls(alexa_api)) == 1
    assert all('rate="80%" volume="soft"' in ssml(t) for t in turns)
    assert all('rate="80%" volume="soft"' in t.response["response"]["reprompt"]["outputSpeech"]["ssml"] for t in turns)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# "error": a 500; "closed": the connection ends without an answer; "timeout": no answer until after the
# skill's read timeout (the fake hangs a little longer); "refused": nothing listens on the port at all.
@pytest.mark.parametrize("failure", ["error", "closed", "timeout", "refused"])
def test_when_the_time_zone_cannot_be_read_the_pace_stays_normal(alexa_api, failure, caplog):
    session = device(alexa_api, TWO_AM_LONDON)
    if failure == "refused":
        session.api_endpoint = f"https://127.0.0.1:{_free_port()}"
    else:
        alexa_api.timezone_failure = {"closed": "refused"}.get(failure, failure)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING):
        session, turns = run("""
            open leg cramp helper | Welcome to Leg Cramp Helper
            no                    | safety questions
        """, session)
    elapsed = time.monotonic() - started
    assert all(ssml(t).startswith('<speak><prosody rate="90%">') for t in turns)
    assert len(settings_calls(alexa_api)) == (0 if failure == "refused" else 1), "a failed lookup is not retried on every turn"
    assert elapsed < 1.0, f"the settings call held the user up {elapsed:.2f} s"
    assert [r.getMessage() for r in caplog.records if r.name == "skill.settings"] == [
        "time zone not available (ServiceException); speaking at the normal pace"]
    assert "test-token" not in caplog.text


def test_a_hanging_settings_api_holds_the_first_turn_up_only_for_the_read_timeout(alexa_api):
    from skill.settings import TIMEOUT_S

    alexa_api.timezone_failure = "timeout"
    alexa_api.hang_s = 5  # far longer than the skill waits
    started = time.monotonic()
    _, turns = run("open leg cramp helper | Welcome to Leg Cramp Helper", device(alexa_api, TWO_AM_LONDON))
    elapsed = time.monotonic() - started
    assert TIMEOUT_S <= elapsed < TIMEOUT_S + 0.5, f"{elapsed:.2f} s"
    assert ssml(turns[0]).startswith('<speak><prosody rate="90%">')


def test_without_alexa_service_access_nothing_is_asked(alexa_api):
    _, turns = run("open leg cramp helper | Welcome to Leg Cramp Helper", Session(clock=TWO_AM_LONDON, api_endpoint=alexa_api.url))
    assert alexa_api.requests == [] and 'rate="90%"' in ssml(turns[0])


def test_slower_please_at_night_repeats_slower_still_and_stays_so(alexa_api):
    session, turns = run("""
        open leg cramp helper | Not a diagnosis
        no                    | safety questions. Right now, are you short of breath
        slower, please        | Right now, are you short of breath
        no                    | suddenly gone cold
    """, device(alexa_api, TWO_AM_LONDON))
    assert 'rate="65%" volume="soft"' in ssml(turns[2]) and 'rate="65%" volume="soft"' in ssml(turns[3])


def test_the_doctor_visit_card_carries_the_devices_date(alexa_api):
    alexa_api.zone = "America/New_York"  # 02:00 UTC on the 24th is still the 23rd in New York
    _, turns = run("""
        open leg cramp helper | Leg Cramp Helper
        no                    | safety questions
        yes                   | Please call 911 now [ends]
    """, device(alexa_api, TWO_AM_LONDON))
    assert turns[-1].card.startswith("Date: November 23, 2026\n")


def test_a_request_outside_any_session_asks_for_the_time_zone_once(alexa_api):
    from lambda_function import lambda_handler
    from local import envelopes
    from support.alexa_checks import check_response

    envelope = device(alexa_api, TWO_AM_LONDON).envelope(envelopes.intent("AMAZON.HelpIntent"))
    del envelope["session"]
    response = lambda_handler(envelope, None)
    check_response(response)
    assert len(settings_calls(alexa_api)) == 1 and 'volume="soft"' in response["response"]["outputSpeech"]["ssml"]


# -- the zone kept in the user's record (skill.kept_zone) ---------------------------------------------

CALLED_911 = """
    open leg cramp helper | Leg Cramp Helper
    no                    | safety questions
    yes                   | Please call 911 now [ends]
"""


def again(api, first, clock, **device):
    return Session(user_id=first.user_id, clock=clock, api_access_token="test-token", api_endpoint=api.url, **device)


def test_a_returning_user_gets_the_night_voice_from_the_first_word_without_asking_alexa_again(alexa_api):
    alexa_api.zone = "Europe/London"
    first, _ = run(CALLED_911, device(alexa_api, TWO_AM_LONDON))
    kept = stored(first)["device_zone"]
    assert kept["name"] == "Europe/London" and kept["asked_at"] == int(TWO_AM_LONDON.timestamp())
    assert "amzn1.ask.device" not in str(kept) and len(kept["device"]) == 16, "a code for the device, never its id"
    _, turns = run("open leg cramp helper | Not a diagnosis", again(alexa_api, first, TWO_AM_LONDON + timedelta(days=6)))
    assert ssml(turns[0]).startswith('<speak><prosody rate="80%" volume="soft">')
    assert len(settings_calls(alexa_api)) == 1, "the second session used the kept zone"


def test_after_a_week_or_on_another_device_alexa_is_asked_again_and_the_new_answer_kept(alexa_api):
    alexa_api.zone = "Europe/London"
    first, _ = run(CALLED_911, device(alexa_api, TWO_AM_LONDON))
    alexa_api.zone = "America/New_York"  # 21:00 there: not night
    _, turns = run("open leg cramp helper | Welcome to Leg Cramp Helper", again(alexa_api, first, TWO_AM_LONDON + timedelta(days=7)))
    assert len(settings_calls(alexa_api)) == 2 and 'volume="soft"' not in ssml(turns[0])
    assert stored(first)["device_zone"]["name"] == "America/New_York"
    assert stored(first)["device_zone"]["asked_at"] == int((TWO_AM_LONDON + timedelta(days=7)).timestamp())

    alexa_api.zone = "Europe/London"  # a parent's Echo on the same Amazon account, in another home
    _, turns = run("open leg cramp helper | Not a diagnosis", again(alexa_api, first, TWO_AM_LONDON + timedelta(days=8), device_id="amzn1.ask.device.parent"))
    asked = [r.path for r in alexa_api.requests if r.path.endswith("/settings/System.timeZone")]
    assert asked[-1] == "/v2/devices/amzn1.ask.device.parent/settings/System.timeZone" and len(asked) == 3
    assert 'volume="soft"' in ssml(turns[0])


def test_the_zone_alone_is_never_a_reason_to_keep_a_record(alexa_api):
    session, _ = run("""
        open leg cramp helper | Leg Cramp Helper
        stop                  | Goodbye [ends]
    """, device(alexa_api, TWO_AM_LONDON))
    assert stored(session) == {}
    assert len(settings_calls(alexa_api)) == 1


def test_a_kept_zone_that_is_not_a_zone_name_is_not_used(alexa_api):
    alexa_api.zone = "Europe/London"
    first, _ = run(CALLED_911, device(alexa_api, TWO_AM_LONDON))
    record = stored(first)
    record["device_zone"]["name"] = "../../etc/passwd"
    STORE.save_attributes(envelope_for(first), record)
    _, turns = run("open leg cramp helper | Not a diagnosis", again(alexa_api, first, TWO_AM_LONDON))
    assert len(settings_calls(alexa_api)) == 2 and stored(first)["device_zone"]["name"] == "Europe/London"
    assert 'volume="soft"' in ssml(turns[0])


def test_a_zone_past_its_week_that_alexa_cannot_renew_is_dropped_from_the_record(alexa_api):
    alexa_api.zone = "Europe/London"
    first, _ = run(CALLED_911, device(alexa_api, TWO_AM_LONDON))
    alexa_api.timezone_failure = "error"
    _, turns = run(CALLED_911, again(alexa_api, first, TWO_AM_LONDON + timedelta(days=3)))
    assert stored(first)["device_zone"]["name"] == "Europe/London", "within its week it needs no renewing"
    _, turns = run(CALLED_911, again(alexa_api, first, TWO_AM_LONDON + timedelta(days=8)))
    assert ssml(turns[0]).startswith('<speak><prosody rate="90%">'), "not known: the day voice"
    assert "device_zone" not in stored(first) and "last_result" in stored(first)
