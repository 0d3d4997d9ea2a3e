"""The reminder to call the doctor (issue 12): offered once after a result that advises a doctor, set through the
SDK's real Reminders API client on the skill's own ApiClient, against a fake Alexa API over real TLS on
127.0.0.1 (the `alexa_api` fixture). Alexa's voice permission is played as the Connections.Response requests
Alexa sends back. Clocks are request timestamps; the device's zone comes from the fake Settings API.
"""
import logging
from datetime import datetime, timezone

import pytest

from local.envelopes import Session
from support.dialog import ALEXA_ASKS_PERMISSION, check_state, run
from support.scripts import SWOLLEN_LEG, WALKING_PAIN

REMINDERS = "/v1/alerts/reminders"
AFTERNOON = datetime(2026, 11, 24, 14, 0, tzinfo=timezone.utc)  # 14:00 in London
TWO_AM = datetime(2026, 11, 24, 2, 0, tzinfo=timezone.utc)
ELEVEN_PM = datetime(2026, 11, 24, 23, 0, tzinfo=timezone.utc)


def device(api, clock, locale="en-US"):
    return Session(clock=clock, locale=locale, api_access_token="test-token", api_endpoint=api.url)


def posted(api):
    return [r for r in api.requests if (r.method, r.path) == ("POST", REMINDERS)]


def test_a_routine_result_offers_nine_tomorrow_morning_and_sets_it_on_the_devices_clock(alexa_api):
    session, turns = run(WALKING_PAIN + """
        yes | Done. I'll remind you at nine tomorrow morning to call your doctor. Shall I say that again?
        no  | Goodbye [ends]
    """, device(alexa_api, AFTERNOON))
    assert turns[-3].heard.endswith("I can remind you at nine tomorrow morning to call your doctor. Shall I set that reminder?")
    [request] = posted(alexa_api)
    assert request.headers["Authorization"] == "Bearer test-token"
    body = request.body
    assert body["trigger"] == {"type": "SCHEDULED_ABSOLUTE", "scheduledTime": "2026-11-25T09:00:00", "timeZoneId": "Europe/London"}
    assert body["alertInfo"] == {"spokenInfo": {"content": [
        {"locale": "en-US", "text": "This is your reminder to call your doctor and book an appointment."}]}}
    assert body["pushNotification"] == {"status": "ENABLED"}
    assert body["requestTime"] == "2026-11-24T14:00:00"


@pytest.mark.parametrize("clock, said, scheduled", [
    (TWO_AM, "at eight this morning", "2026-11-24T08:00:00"),
    (ELEVEN_PM, "at eight tomorrow morning", "2026-11-25T08:00:00"),
    (AFTERNOON, "in an hour", "2026-11-24T15:00:00"),
])
def test_an_urgent_result_is_reminded_at_eight_after_a_night_and_in_an_hour_by_day(alexa_api, clock, said, scheduled):
    _, turns = run(SWOLLEN_LEG + f"""
        yes | Done. I'll remind you {said} to call your doctor.
    """, device(alexa_api, clock))
    assert f"I can remind you {said} to call your doctor." in turns[-2].heard
    [request] = posted(alexa_api)
    assert request.body["trigger"]["scheduledTime"] == scheduled
    assert request.body["alertInfo"]["spokenInfo"]["content"][0]["text"] == "This is your reminder to call your doctor today."


def test_the_reminder_says_what_to_do_and_nothing_about_the_answers(alexa_api):
    run(SWOLLEN_LEG + "yes | Done.", device(alexa_api, AFTERNOON))
    spoken = posted(alexa_api)[0].body["alertInfo"]["spokenInfo"]["content"][0]["text"].lower()
    assert not any(word in spoken for word in ("clot", "swollen", "leg", "cramp", "bandage", "infection"))


def test_without_the_permission_alexa_asks_by_voice_and_yes_sets_the_reminder(alexa_api):
    alexa_api.reminder_status = 401  # no permission given yet
    session, _ = run(WALKING_PAIN + f"""
        yes | {ALEXA_ASKS_PERMISSION}
    """, device(alexa_api, AFTERNOON))
    assert check_state(session)["question"] == "reminder_permission"
    alexa_api.reminder_status = 201
    run("""
        (gives alexa the reminders permission) | Done. I'll remind you at nine tomorrow morning to call your doctor. Shall I say that again?
    """, session)
    assert len(posted(alexa_api)) == 2 and check_state(session)["question"] == "repeat_result"


@pytest.mark.parametrize("answer", ["(refuses alexa the reminders permission)", "(says nothing to alexa's permission prompt)"])
def test_a_refused_or_unanswered_permission_sets_nothing_and_the_conversation_goes_on(alexa_api, answer):
    alexa_api.reminder_status = 403
    session, turns = run(WALKING_PAIN + f"""
        yes | {ALEXA_ASKS_PERMISSION}
        {answer} | I haven't set a reminder, but your notes for the doctor are in the Alexa app. Shall I say that again?
        yes | Narrowed leg arteries
        no  | Goodbye [ends]
    """, device(alexa_api, AFTERNOON))
    assert len(posted(alexa_api)) == 1, "asked once, never again after a refusal"
    assert turns[-2].heard.endswith("Shall I say that again?"), "never a second offer in the same check"


def test_where_alexa_cannot_ask_by_voice_the_permission_card_goes_to_the_app(alexa_api):
    alexa_api.reminder_status = 401
    session, turns = run(WALKING_PAIN + f"""
        yes | {ALEXA_ASKS_PERMISSION}
        (alexa cannot ask for permission by voice here) | I've sent a card to the Alexa app where you can allow it. I haven't set a reminder
    """, device(alexa_api, AFTERNOON))
    card = turns[-1].response["response"]["card"]
    assert card == {"type": "AskForPermissionsConsent", "permissions": ["alexa::alerts:reminders:skill:readwrite"]}


@pytest.mark.parametrize("failure", [429, 500, "timeout", "refused"])
def test_any_api_failure_is_one_sentence_never_an_error(alexa_api, failure, caplog):
    alexa_api.reminder_status = failure
    caplog.set_level(logging.INFO)
    run(WALKING_PAIN + """
        yes | I haven't set a reminder, but your notes for the doctor are in the Alexa app. Shall I say that again?
        no  | Goodbye [ends]
    """, device(alexa_api, AFTERNOON))
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.getMessage() for r in caplog.records if r.name == "skill.reminders"] == [
        f"reminder not set (ServiceException {failure if isinstance(failure, int) else 500})"]


def test_without_an_alexa_api_no_reminder_is_claimed():
    run(WALKING_PAIN + """
        yes | I haven't set a reminder, but your notes for the doctor are in the Alexa app.
    """, Session(clock=AFTERNOON))


def test_no_to_the_offer_sets_nothing(alexa_api):
    run(WALKING_PAIN + """
        no | I haven't set a reminder, but your notes for the doctor are in the Alexa app. Shall I say that again?
    """, device(alexa_api, AFTERNOON))
    assert posted(alexa_api) == []


def test_self_care_and_emergencies_offer_no_reminder(alexa_api):
    _, turns = run("""
        open leg cramp helper | Are you having a cramp right now?
        no  | safety questions
        yes | Please call 911 now [ends]
    """, device(alexa_api, AFTERNOON))
    assert "remind" not in turns[-1].heard and posted(alexa_api) == []


@pytest.mark.parametrize("locale, said, text", [
    ("en-GB", "Done. I'll remind you at nine o'clock tomorrow morning to ring your GP.",
     "This is your reminder to ring your GP surgery and book an appointment."),
    ("en-IN", "Done. I'll remind you at 9 a.m. tomorrow to call your doctor.",
     "This is your reminder to call your doctor and book an appointment."),
])
def test_each_market_says_the_time_its_own_way_and_the_reminder_speaks_its_language(alexa_api, locale, said, text):
    alexa_api.zone = {"en-GB": "Europe/London", "en-IN": "Asia/Kolkata"}[locale]
    session = device(alexa_api, datetime(2026, 11, 24, 8, 0, tzinfo=timezone.utc), locale)  # 08:00 London, 13:30 Kolkata
    # The same answers in every market; only the words differ, so the script keeps just what the person says.
    answers_only = "\n".join(line.split("|")[0] + "|" for line in WALKING_PAIN.splitlines() if line.strip())
    run(answers_only, session)
    run(f"yes | {said}", session)
    assert posted(alexa_api)[0].body["alertInfo"]["spokenInfo"]["content"] == [{"locale": locale, "text": text}]
