"""Echo Show: the question in large type with touch buttons, the result on screen; the card for a doctor visit."""
import re
from datetime import datetime, timezone

import pytest

from lambda_function import lambda_handler
from local import envelopes
from local.envelopes import Session
from skill.screens import DOCUMENT, TOKEN
from support.alexa_checks import check_response
from support.dialog import check_state, run, send
from support.scripts import WALKING_PAIN
from triage.content_files import content_dir, read_json

APL_DOCUMENT = read_json(content_dir() / DOCUMENT)
BINDINGS = re.findall(r"\$\{([^}]*)\}", str(APL_DOCUMENT))



def directives(turn):
    return turn.response["response"].get("directives", [])


def screen(turn):
    [directive] = directives(turn)
    assert directive["type"] == "Alexa.Presentation.APL.RenderDocument" and directive["token"] == TOKEN
    assert directive["document"] == APL_DOCUMENT
    return directive["datasources"]["screen"]


def test_the_apl_document_is_well_formed_apl_bound_to_one_payload():
    assert APL_DOCUMENT["type"] == "APL" and APL_DOCUMENT["mainTemplate"]["parameters"] == ["payload"]
    assert BINDINGS, "the document shows data"


def test_every_key_the_document_reads_is_in_every_screen_the_skill_sends():
    session = Session(screen=True)
    _, turns = run(WALKING_PAIN + "no | I haven't set a reminder\nyes | Narrowed leg arteries\n", session)
    _, emergency = run("open leg cramp helper | cramp\nno | safety\nyes | Please call 911 now [ends]", Session(screen=True))
    screens = [screen(t) for t in turns + emergency]
    payload_keys = {m for b in BINDINGS for m in re.findall(r"payload\.screen\.(\w+)", b)}
    item_keys = {m for b in BINDINGS for m in re.findall(r"\bdata\.(\w+)", b)}
    assert payload_keys == {"title", "said", "question", "question_id", "buttons"}
    for shown in screens:
        assert payload_keys <= shown.keys()
        assert all(item_keys <= button.keys() for button in shown["buttons"])
        assert all(isinstance(line, str) for line in shown["said"])


def test_questions_show_large_with_yes_no_and_not_sure_where_not_sure_is_an_answer():
    _, turns = run(WALKING_PAIN, Session(screen=True))
    first, safety = screen(turns[0]), screen(turns[1])
    assert first["question"] == "Are you having a cramp right now?" and first["question_id"] == "cramp_now"
    assert [(b["label"], b["answer"]) for b in first["buttons"]] == [("Yes", "yes"), ("No", "no")]
    assert safety["question"].startswith("Right now, are you short of breath")
    assert [b["label"] for b in safety["buttons"]] == ["Yes", "No", "Not sure"]
    assert "Good. First, some safety questions." in safety["said"]


def test_the_result_screen_shows_the_causes_and_the_advice():
    afternoon = datetime(2026, 11, 24, 14, 0, tzinfo=timezone.utc)  # the reminder's time is said, so the clock is set
    _, turns = run(WALKING_PAIN, Session(screen=True, clock=afternoon))
    result = screen(turns[-1])
    assert any(line.startswith("Narrowed leg arteries, which cut the blood flow, may fit, because") for line in result["said"])
    assert "Please book an appointment with your doctor in the next day or two." in result["said"]
    assert "I can remind you at nine tomorrow morning to call your doctor." in result["said"]
    assert result["question"] == "Shall I set that reminder?"
    assert [b["label"] for b in result["buttons"]] == ["Yes", "No"]


def test_an_emergency_stays_on_screen_with_the_number():
    _, turns = run("open leg cramp helper | cramp\nno | safety\nyes | Please call 911 now [ends]", Session(screen=True))
    assert any("call 911 now" in line for line in screen(turns[-1])["said"]) and screen(turns[-1])["buttons"] == []


def test_devices_without_a_screen_get_no_apl():
    _, turns = run(WALKING_PAIN)
    assert not any(directives(t) for t in turns)


def test_touches_are_the_same_answers_as_speech():
    spoken, _ = run(WALKING_PAIN)
    touched_script = "\n".join(
        line.replace("yes |", "(touches Yes) |", 1).replace("no  |", "(touches No) |", 1)
        for line in WALKING_PAIN.strip().splitlines())
    touched, _ = run(touched_script, Session(screen=True))
    assert check_state(touched) == check_state(spoken)


@pytest.mark.parametrize("arguments", [
    ["answer", "yes", "flags_spine"],  # a screen left over from an earlier question
    ["answer", "purple", "flags_heart"],
    ["answer", "yes"],
    ["open", "yes", "flags_heart"],
    [],
])
def test_a_stray_touch_says_the_current_question_again_and_records_nothing(arguments):
    session = Session(screen=True)
    run("open leg cramp helper | cramp\nno | Right now, are you short of breath", session)
    before = check_state(session)
    response = lambda_handler(session.envelope(envelopes.touch(*arguments)), None)
    check_response(response)
    session.update(response)
    assert "Right now, are you short of breath" in response["response"]["outputSpeech"]["ssml"]
    assert check_state(session)["answers"] == before["answers"]


def test_not_sure_touched_where_it_is_no_answer_asks_for_yes_or_no():
    session = Session(screen=True)
    run("open leg cramp helper | cramp right now", session)
    assert send(session, "(touches Not sure)").heard == "Please say yes or no. Are you having a cramp right now?"


def test_the_card_is_a_summary_for_a_doctor_visit():
    _, turns = run(WALKING_PAIN)
    card = turns[-1].card.splitlines()
    assert re.fullmatch(r"Date: [A-Z][a-z]+ \d{1,2}, \d{4}", card[0])
    assert card[1].startswith("Narrowed leg arteries, which cut the blood flow, may fit, because walking brings the pain on")
    assert "Please book an appointment with your doctor in the next day or two." in card
    assert "- Does walking bring on leg pain, or does pain shoot down your leg from your back? yes" in card
    assert "- Does pain run down from your back, or ease when you sit or bend forward? no" in card
    assert "- Does walking bring on cramp or aching in your calf, thigh or buttock? yes" in card
    assert not any("In a few words" in line for line in card), "the open question was not answered with a symptom"
    assert card[-1] == "From Leg Cramp Helper. This is not a diagnosis."
    assert not any("that's all my questions" in line for line in card)
