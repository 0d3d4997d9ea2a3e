"""The smallest cases of what the fuzz tests, random walks and privacy checks found, kept as plain tests.

Each one broke a turn (an apology from the error handler, an ERROR logged) or a limit before its fix.
"""
from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest

from local import envelopes
from local.envelopes import Session
from skill.app import build_skill_builder
from skill.stores import FaultTolerantStore
from skill.stores.memory import MemoryStore
from support.dialog import SAYINGS, send
from support.turn_checks import LogRecorder, check_turn


def handler_with(store):
    return build_skill_builder(FaultTolerantStore(store)).lambda_handler()


def keep_for(store, session, record):
    """Put `record` in the store for the session's user, as an older version of the skill may have left it."""
    user = SimpleNamespace(user_id=session.user_id)
    store.save_attributes(SimpleNamespace(context=SimpleNamespace(system=SimpleNamespace(user=user)), session=None), record)


@pytest.mark.parametrize("saved_at", [{"when": 1}, "1760000000", None, [1], True])
def test_a_stored_progress_with_a_saved_at_of_another_type_is_no_progress(saved_at):
    """An older or corrupt record made the launch raise TypeError (float minus dict) in memory._saved."""
    store = MemoryStore()
    session = Session()
    envelope = session.envelope(envelopes.launch())
    keep_for(store, session, {"progress": {"state": {"version": 1}, "saved_at": saved_at}})
    recorder = LogRecorder(logging.ERROR)
    with recorder.installed():
        response = handler_with(store)(envelope, None)
    check_turn(envelope, response)
    assert not recorder.errors, recorder.describe()
    assert "Welcome to Leg Cramp Helper" in response["response"]["outputSpeech"]["ssml"]


def finish_with_no(bank, state):
    """Answer no to everything until the check gives its result."""
    from triage.engine import step
    from triage.model import Answer, Prompt

    for _ in range(80):
        if state.question in (None, Prompt.REPEAT_RESULT.value):
            return state, turn
        state, turn = step(bank, state, Answer("no"))
    raise AssertionError("the check never ended")


def test_a_symptom_said_twice_then_go_back_still_reaches_a_result():
    """History kept both mentions; go back removed the answer, and the result's card looked up the first
    mention's answer: KeyError, so the last question was apologised for and asked again forever."""
    from triage.bank import load_bank
    from triage.engine import step
    from triage.model import Command, Describe, Launch
    from triage.state import State

    bank = load_bank()
    state, _ = step(bank, State(), Launch())
    for event in (Describe(("rf_tingling_lips_or_fingers",)), Describe(("f_leg_numbness",)),
                  Describe(("rf_tingling_lips_or_fingers",)), Command.GO_BACK):
        state, _ = step(bank, state, event)
    assert state.history.count("f_leg_numbness") == 1 and "rf_tingling_lips_or_fingers" not in state.answers
    state, turn = finish_with_no(bank, state)
    assert state.result and turn.card
    entries = [entry for entry, _ in turn.card.answered]
    # The undone yes is gone; the check may ask it again as a question of its own, and then shows that answer.
    assert dict(turn.card.answered).get("rf_tingling_lips_or_fingers") in (None, "no") and len(entries) == len(set(entries))


def test_saying_a_symptom_again_keeps_one_history_entry():
    """Each mention added an entry, so the session attributes grew without bound over a long session."""
    from triage.bank import load_bank
    from triage.engine import step
    from triage.model import Describe, Launch
    from triage.state import State

    bank = load_bank()
    state, _ = step(bank, State(), Launch())
    for _ in range(50):
        state, _ = step(bank, state, Describe(("f_ankle_swelling_evening", "f_leg_numbness")))
    assert state.history == ("f_ankle_swelling_evening", "f_leg_numbness")


def test_a_grouped_question_answered_then_one_of_its_symptoms_described_and_taken_back():
    """The group stays answered (its other feature), so it is not asked again; its first feature's answer
    is gone, and the card's lookup of it raised KeyError at the result."""
    from triage.bank import load_bank
    from triage.engine import step
    from triage.model import Answer, Command, Describe, Launch, Urgency
    from triage.state import State

    bank = load_bank()
    state, _ = step(bank, State(), Launch())
    for _ in range(10):  # no to the questions before the legs swelling; its yes opens the clot group
        if state.question == "legs_swelling":
            break
        state, _ = step(bank, state, Answer("no"))
    state, _ = step(bank, state, Answer("yes"))
    assert state.question == "flags_clot_or_skin"
    for event in (Answer("no"), Describe(("rf_one_leg_swollen",)), Command.GO_BACK):
        state, _ = step(bank, state, event)
    state, turn = finish_with_no(bank, state)
    # The group's no stands again once the described yes is taken back: no urgent clot advice from it.
    assert state.result and dict(turn.card.answered)["flags_clot_or_skin"] == "no"
    assert state.result.urgency is not Urgency.URGENT


def test_a_session_state_with_a_repeated_history_is_refused_and_the_check_restarts():
    """A tampered state with one valid id 400 times was accepted and sent back every turn: session
    attributes of 10 KB and responses over Alexa's 24 KB."""
    session = Session(new=False)
    session.attributes = {"check": {"version": 1, "question": None, "answers": {}, "fallbacks": 0,
                                    "history": ["f_ankle_swelling_evening"] * 400}}
    turn = send(session, "help")
    check_turn(session.envelope(SAYINGS["help"]), turn.response)
    assert turn.heard.startswith("Sorry, I lost track of where we were")
    assert session.attributes["check"]["history"] == []


@pytest.mark.parametrize("request_body", [
    {"type": "SessionEndedRequest", "reason": "USER_INITIATED"},
    {"type": "System.ExceptionEncountered", "error": {"type": "INVALID_RESPONSE", "message": "m"}, "cause": {"requestId": "r"}},
], ids=lambda body: body["type"])
def test_a_turn_that_moves_nothing_on_sends_back_only_a_valid_state(request_body):
    """Request types answered silently echoed whatever session attributes came in: a tampered 10 KB
    history, or keys the skill never wrote, went back out (over 24 KB in all)."""
    from lambda_function import lambda_handler

    session = Session(new=False)
    session.attributes = {"check": {"version": 1, "question": None, "answers": {}, "fallbacks": 0,
                                    "history": ["f_ankle_swelling_evening"] * 400}}
    envelope = session.envelope(request_body)
    response = lambda_handler(envelope, None)
    check_turn(envelope, response)
    assert response["sessionAttributes"] == {}

    opened, _ = run_opening()
    valid = opened.attributes
    session.attributes = {**valid, "junk": "x" * 20_000}
    response = lambda_handler(session.envelope(request_body), None)
    assert response["sessionAttributes"] == valid


def run_opening():
    from support.dialog import run

    return run("open leg cramp helper | Welcome")


@pytest.mark.parametrize("progress", [{"state": None, "saved_at": 1}, {"saved_at": 1}, "progress", [1, 2], {"state": [], "saved_at": 1}])
def test_a_corrupt_stored_progress_does_not_stop_stop(progress):
    """After any turn, memory.keep compared the stored progress's state with the new one without checking
    its type: AttributeError, so "stop" was answered with the error apology and the session stayed open."""
    store = MemoryStore()
    session, _ = run_opening()
    while not session.attributes["check"]["answers"]:  # answered something, so there is progress to keep
        send(session, "no")
    keep_for(store, session, {"progress": progress})
    envelope = session.envelope(SAYINGS["stop"])
    recorder = LogRecorder(logging.ERROR)
    with recorder.installed():
        response = handler_with(store)(envelope, None)
    check_turn(envelope, response)
    assert not recorder.errors, recorder.describe()
    assert response["response"]["shouldEndSession"] is True


@pytest.mark.parametrize("says, heard", [("stop", "Goodbye"), ("cancel", "Goodbye"), ("go home", "Goodbye"),
                                         ("forget my data", "I've deleted everything")])
@pytest.mark.parametrize("attributes", [None, {}, {"check": {"version": 0}}, {"check": "tampered"}], ids=["missing", "empty", "old", "tampered"])
def test_stop_and_forget_are_obeyed_whatever_state_came_in(says, heard, attributes):
    """Mid-session with the state missing or invalid, every request restarted the check: "stop" was
    answered with "let's start again" and a question, and "forget my data" with no confirmation."""
    session = Session(new=False)
    session.attributes = attributes
    turn = send(session, says)
    assert heard in turn.heard and turn.ended


def test_a_control_character_in_a_text_parameter_leaves_the_ssml_well_formed():
    """saxutils.escape passes control characters through; one in any word the renderer puts into a text
    made the whole SSML malformed (Alexa rejects such a response)."""
    from skill.speech import render
    from skill.texts import Texts, texts_for
    from support.alexa_checks import ssml_problem
    from triage.model import Line, Turn

    texts = texts_for("en-US")
    texts = Texts(texts.locale, {**texts.texts, "cause.pad": "blood\x07flow\x00 <&>"}, texts.emergency_number, texts.health_line)
    speech = render(Turn((Line("result.cause", cause="pad", features=("f_walk_pain",)),)), texts)
    assert ssml_problem(speech.ssml) is None
    assert "bloodflow &lt;&amp;&gt;" in speech.ssml


def test_texts_are_cached_per_shipped_locale_not_per_locale_string():
    """texts_for was cached by the request's locale string: every distinct string (a forged or broken
    request can send any) kept another copy of all the texts for the life of the process."""
    from skill import texts

    for number in range(500):
        assert texts.texts_for(f"xx-{number}").locale == texts.BASE_LOCALE
    assert texts._texts.cache_info().currsize <= len(texts.shipped_locales()) + 1  # noqa: SLF001


@pytest.mark.parametrize("slots", [{"length": "0"}, {"place": "knee", "side": "middle"}, {"when": "next_year", "place": None}])
def test_a_diary_entry_with_a_slot_id_the_skill_does_not_know_leaves_that_part_out(slots):
    """Entity resolution can send an id the skill has no words for ("0" as a length): the confirmation looked up
    a text for it (ContentError), and the turn was apologised for."""
    session = Session()
    envelope = session.envelope(envelopes.intent("LogCrampIntent", slots))
    recorder = LogRecorder(logging.ERROR)
    with recorder.installed():
        response = handler_with(MemoryStore())(envelope, None)
    check_turn(envelope, response)
    assert not recorder.errors, recorder.describe()
    assert "Noted in your diary: a cramp today." in response["response"]["outputSpeech"]["ssml"]
