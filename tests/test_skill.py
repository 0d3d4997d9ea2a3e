"""The Alexa layer: the model and the handlers agree, registration order is policy, and nothing breaks a turn."""
import json
from pathlib import Path

import pytest

from local import envelopes
from local.envelopes import Session
from skill import handlers
from skill.handlers import EventHandler, SessionEndedHandler, SilentHandler, ordered_handlers
from skill.intents import HANDLED_INTENTS
from support.dialog import check_state, run, send

MODEL = json.loads((Path(__file__).parents[1] / "interaction_model" / "en-US.json").read_text())


def test_every_intent_in_the_model_has_a_handler_and_every_handled_intent_is_in_the_model():
    in_model = {intent["name"] for intent in MODEL["interactionModel"]["languageModel"]["intents"]}
    assert in_model == set(HANDLED_INTENTS)


def test_the_invocation_name_is_leg_cramp_helper():
    assert MODEL["interactionModel"]["languageModel"]["invocationName"] == "leg cramp helper"


def test_the_answer_slot_ids_are_the_answers_the_bank_knows():
    from triage.bank import load_bank

    types = {t["name"]: t for t in MODEL["interactionModel"]["languageModel"]["types"]}
    ids = {value["id"] for value in types["ANSWER_VALUE"]["values"]}
    assert ids == set(load_bank().answer_meanings)


def test_registration_order_is_policy():
    order = ordered_handlers()
    names = [h.name if isinstance(h, EventHandler) else type(h).__name__ for h in order]
    assert isinstance(order[0], SessionEndedHandler), "a closed session must never be answered with speech"
    assert names.index("AMAZON.StopIntent") < names.index("AMAZON.YesIntent")
    assert names.index("AMAZON.CancelIntent") < names.index("AnswerIntent")
    assert names[-3:] == ["unknown intent", "screen touch", "SilentHandler"], "catch-alls come last"
    assert isinstance(order[-1], SilentHandler)


def test_an_unexpected_error_apologises_and_asks_the_same_question_again(monkeypatch):
    session, _ = run("open leg cramp helper | cramp right now\nno | short of breath")
    before = check_state(session)

    def broken_step(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(handlers, "step", broken_step)
    turn = send(session, "no")
    assert turn.heard.startswith("Sorry, something went wrong on my side.")
    assert "Right now, are you short of breath" in turn.heard
    assert not turn.ended and check_state(session) == before


def test_a_system_exception_report_gets_an_empty_response():
    from lambda_function import lambda_handler
    from support.alexa_checks import check_response

    session = Session()
    request = {"type": "System.ExceptionEncountered", "error": {"type": "INVALID_RESPONSE", "message": "x"},
               "cause": {"requestId": "amzn1.echo-api.request.1"}}
    response = lambda_handler(session.envelope(request), None)
    check_response(response)
    assert "outputSpeech" not in response["response"]


def test_a_one_shot_intent_without_launch_starts_with_an_empty_state():
    session = Session()
    turn = send(session, "help")
    assert "or run a short check on your leg cramps" in turn.heard
    assert check_state(session)["question"] == "start_check"


def test_a_request_outside_any_session_is_answered_without_state():
    from lambda_function import lambda_handler
    from support.alexa_checks import check_response

    envelope = Session().envelope(envelopes.intent("AMAZON.HelpIntent"))
    del envelope["session"]
    response = lambda_handler(envelope, None)
    check_response(response)
    assert "short check on your leg cramps" in response["response"]["outputSpeech"]["ssml"]
    assert "sessionAttributes" not in response


def test_with_a_skill_id_configured_a_request_for_another_skill_is_refused(monkeypatch):
    from ask_sdk_core.exceptions import AskSdkException

    from skill.app import build_skill_builder

    monkeypatch.setenv("SKILL_ID", "amzn1.ask.skill.11111111-1111-1111-1111-111111111111")
    handler = build_skill_builder().lambda_handler()
    with pytest.raises(AskSdkException, match="Skill ID Verification failed"):
        handler(Session().envelope(envelopes.launch()), None)


def test_a_state_the_container_wrote_is_not_checked_again_but_any_other_is(monkeypatch):
    """Issue 13: the schema check is a third of a warm turn; the state Alexa returns unchanged was checked."""
    from skill import session_state
    from support.dialog import run

    checked = []
    real = session_state.from_json
    monkeypatch.setattr(session_state, "from_json", lambda bank, data: checked.append(data) or real(bank, data))
    session, _ = run("""
        open leg cramp helper | Are you having a cramp right now?
        no | Right now, are you short of breath
        no | suddenly gone cold
    """)
    assert checked == [], "each turn's state came back as written"
    session.attributes["check"]["answers"]["rf_chest_pain_or_breathless"] = "yes"  # changed on the way: checked, and
    run("no | Please call 911 now [ends]", session)  # being valid, it stands
    assert len(checked) == 1
