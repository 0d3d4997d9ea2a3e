"""The cramp diary by voice (issue 12): entries said in one breath, in or out of a check, read back as how often,
used by the check's frequency question and on the doctor's card, kept 90 days, deleted with "forget my data",
and never lost to a store fault. Real envelopes through the real handler; the in-memory store."""
import json
import logging
from datetime import datetime, timedelta, timezone


from local.envelopes import Session
from skill.app import build_skill_builder
from skill.diary import DIARY_DAYS, DIARY_MAX_ENTRIES
from skill.stores import FaultTolerantStore
from skill.stores.memory import MemoryStore
from support.dialog import check_state, run
from support.records import STORE, envelope_for, stored

AFTERNOON = datetime(2026, 11, 24, 14, 0, tzinfo=timezone.utc)  # no time zone known: the device's day is UTC's
TODAY = AFTERNOON.date()


def diary_of(session):
    return stored(session).get("diary")


def someone(clock=AFTERNOON, user_id=None):
    return Session(clock=clock, **({"user_id": user_id} if user_id else {}))


def save_diary(session, days_ago):
    STORE.save_attributes(envelope_for(session), {"diary": [{"day": (TODAY - timedelta(days=d)).isoformat()} for d in days_ago]})


def test_a_cramp_said_in_one_breath_is_noted_with_its_night_and_place_and_the_first_entry_says_how_long_it_is_kept():
    session, turns = run("""
        I had a cramp last night in my left calf | Noted in your diary: a cramp yesterday, in your left calf. I keep each diary entry for 90 days. To delete your diary and everything else, say forget my data. Goodbye [ends]
    """, someone())
    assert turns[0].heard.startswith("Leg Cramp Helper is not a diagnosis"), "a one-shot request still hears the disclaimer"
    assert diary_of(session) == [{"day": "2026-11-23", "place": "calf", "side": "left"}]
    _, turns = run("""
        log a cramp | Noted in your diary: a cramp today. Goodbye [ends]
    """, someone(user_id=session.user_id))
    assert "90 days" not in turns[0].heard, "the privacy sentence is said once, with the first entry"
    assert [e["day"] for e in diary_of(session)] == ["2026-11-23", "2026-11-24"]


def test_a_cramp_over_ten_minutes_gets_the_same_day_advice():
    run("""
        I had a cramp in both feet yesterday, it lasted over ten minutes | a cramp yesterday, in both feet, lasting over ten minutes. I keep each diary entry for 90 days. To delete your diary and everything else, say forget my data. A cramp that won't ease after ten minutes needs a doctor's advice today. Please call your doctor. Goodbye [ends]
    """, someone())


def test_how_often_answers_from_the_last_four_weeks_in_one_breath():
    session = someone()
    STORE.save_attributes(envelope_for(session), {"diary": [
        {"day": (TODAY - timedelta(days=d)).isoformat(), **({"place": p} if p else {})}
        for d, p in ((40, "foot"), (20, "calf"), (9, "foot"), (3, "calf"), (1, "calf"), (0, None))]})
    run("""
        open leg cramp helper | Are you having a cramp right now?
        how often have I had cramps | In the last four weeks you've noted 5 cramps, and 3 in the last seven days, most often in the calf. Are you having a cramp right now?
    """, session)
    run("how often have I had cramps | Your cramp diary has no cramps from the last four weeks. To add one, say: I had a cramp last night. Goodbye [ends]",
        someone())


def test_a_diary_entry_in_the_middle_of_a_check_leaves_the_check_where_it_was():
    session, _ = run("""
        open leg cramp helper | Are you having a cramp right now?
        no | Right now, are you short of breath
        no | suddenly gone cold
        I had a thigh cramp today | Noted in your diary: a cramp today, in your thigh. I keep each diary entry for 90 days. To delete your diary and everything else, say forget my data. Has a leg or foot suddenly gone cold
        no | numbness between your legs
        no | In a few words, what are your cramps like?
    """, someone())
    assert check_state(session)["groups"] == {"flags_heart": "no", "flags_leg_sudden": "no", "flags_spine": "no"}
    assert "g_cramps_frequent" not in check_state(session)["answers"]


def test_a_diary_with_cramps_more_than_once_a_week_answers_how_often_and_goes_on_the_doctors_card():
    session = someone()
    save_diary(session, [6, 2])  # two in the last seven days
    session, turns = run("""
        open leg cramp helper | Are you having a cramp right now?
        no | Good. First, some safety questions. Your cramp diary shows cramps more than once a week, so I won't ask how often they come. Right now, are you short of breath
    """, session)
    assert check_state(session)["answers"] == {"g_cramps_frequent": "yes"} and check_state(session)["diary_frequent"] is True
    for _ in range(30):
        if check_state(session).get("result"):
            break
        _, [turn] = run("no |", session)
    assert "once a week" not in " ".join(t.heard for t in turns[2:]), "said once, in passing"
    assert check_state(session)["result"]["urgency"] == "routine"
    assert "Cramp diary, last four weeks: 2 cramps, 2 in the last seven days." in turn.card


def test_fewer_cramps_than_once_a_week_leave_the_frequency_question_to_the_person():
    session = someone()
    save_diary(session, [20, 15, 9, 8])  # four in four weeks, none in the last seven days
    session, _ = run("""
        open leg cramp helper | Are you having a cramp right now?
        no | Good. First, some safety questions. Right now, are you short of breath
    """, session)
    assert check_state(session)["answers"] == {}


def test_after_relief_eases_a_cramp_one_offer_notes_it():
    session, _ = run("""
        help with a cramp | Has this cramp been going for more than ten minutes?
        no  | Let's ease it
        yes | glad it's easing
        yes | Noted in your diary: a cramp today. I keep each diary entry for 90 days
        no  | Goodbye [ends]
    """, someone())
    assert diary_of(session) == [{"day": "2026-11-24"}]


def test_entries_older_than_90_days_go_and_at_most_200_are_kept_the_record_lasting_for_the_newest():
    session = someone()
    save_diary(session, list(range(DIARY_DAYS + 5, -1, -1)) + [0] * (DIARY_MAX_ENTRIES - DIARY_DAYS))
    run("log a cramp | Noted in your diary: a cramp today. Goodbye [ends]", someone(user_id=session.user_id))
    kept = diary_of(session)
    assert len(kept) == DIARY_MAX_ENTRIES and kept[0]["day"] > (TODAY - timedelta(days=DIARY_DAYS)).isoformat()
    newest = datetime.combine(TODAY + timedelta(days=DIARY_DAYS + 1), datetime.min.time(), timezone.utc)
    assert stored(session)["keep_until"] == int(newest.timestamp())
    assert len(json.dumps(stored(session))) < 20_000, "far below DynamoDB's 400 KB item limit"


def test_forget_my_data_deletes_the_diary_with_the_rest():
    session, _ = run("log a cramp | Noted in your diary: a cramp today. [ends]", someone())
    assert diary_of(session)
    run("forget my data | I've deleted everything I kept about you [ends]", someone(user_id=session.user_id))
    assert stored(session) == {}


class FailingSaves(MemoryStore):
    def save_attributes(self, request_envelope, attributes):
        raise ConnectionError("store down")


class FailingReads(MemoryStore):
    def get_attributes(self, request_envelope):
        raise TimeoutError("store timed out")


def test_a_store_fault_costs_the_entry_one_sentence_never_the_turn_and_never_the_diary(caplog):
    caplog.set_level(logging.INFO)
    store = FailingSaves()
    handler = build_skill_builder(FaultTolerantStore(store)).lambda_handler()
    run("""
        open leg cramp helper | Are you having a cramp right now?
        log a cramp | I couldn't note that just now. Please try again later. Are you having a cramp right now?
    """, someone(), handler)
    reads_fail = FailingReads()
    MemoryStore.save_attributes(reads_fail, envelope_for(someone(user_id="amzn1.ask.account.KEPT")), {"diary": [{"day": "2026-11-20"}]})
    handler = build_skill_builder(FaultTolerantStore(reads_fail)).lambda_handler()
    run("log a cramp | I couldn't note that just now. Please try again later. Goodbye [ends]", someone(user_id="amzn1.ask.account.KEPT"), handler)
    assert MemoryStore.get_attributes(reads_fail, envelope_for(someone(user_id="amzn1.ask.account.KEPT"))) == {
        "diary": [{"day": "2026-11-20"}]}, "a diary that could not be read is never written over"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "store down" not in caplog.text and "2026-11-20" not in caplog.text


def test_nothing_of_the_diary_reaches_a_log(caplog):
    caplog.set_level(logging.DEBUG)
    session, _ = run("""
        I had a cramp last night in my left calf | Noted [ends]
    """, someone())
    run("how often have I had cramps | most often in the calf [ends]", someone(user_id=session.user_id))
    logged = caplog.text.lower()
    assert caplog.records, "the turns were logged"
    assert not any(word in logged for word in ("calf", "left", "last night", "2026-11-23", "last_night", session.user_id.lower()))


def test_cramps_noted_just_now_count_in_the_check_that_follows():
    run("""
        open leg cramp helper | Are you having a cramp right now?
        I had a cramp last night in my left calf | Noted in your diary
        log a cramp | Noted in your diary: a cramp today. Are you having a cramp right now?
        no | Your cramp diary shows cramps more than once a week, so I won't ask how often they come.
    """, someone())
