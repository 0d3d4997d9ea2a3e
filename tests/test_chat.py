"""The terminal conversation: typed words resolve as Alexa would resolve them, and a whole chat runs."""
import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from local import chat, cli
from local.utterances import FALLBACK_INTENT, Resolved, load_resolver, normalise
from support.alexa_checks import check_response

REPO = Path(__file__).resolve().parent.parent
# Enough "no"s to reach the result whatever the question bank asks; the last one declines the repeat.
ANSWERS_TO_THE_END = ["no"] * 40


@pytest.fixture(scope="module")
def resolver():
    return load_resolver("en-US")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("yes", Resolved("AMAZON.YesIntent")),
        ("Yeah!", Resolved("AMAZON.YesIntent")),
        ("no", Resolved("AMAZON.NoIntent")),
        ("yes please", Resolved("AnswerIntent", {"answer": "yes"})),
        ("I think so", Resolved("AnswerIntent", {"answer": "yes"})),
        ("Well, no.", Resolved("AnswerIntent", {"answer": "no"})),
        ("I'm not sure", Resolved("AnswerIntent", {"answer": "unsure"})),
        ("i dont know", Resolved("AnswerIntent", {"answer": "unsure"})),
        ("sometimes", Resolved("AnswerIntent", {"answer": "sometimes"})),
        ("now and then I guess", Resolved("AnswerIntent", {"answer": "sometimes"})),
        ("go back", Resolved("AMAZON.PreviousIntent")),
        ("back", Resolved("AMAZON.PreviousIntent")),
        ("say that again", Resolved("AMAZON.RepeatIntent")),
        ("repeat", Resolved("AMAZON.RepeatIntent")),
        ("help", Resolved("AMAZON.HelpIntent")),
        ("What can I say?", Resolved("AMAZON.HelpIntent")),
        ("start over", Resolved("AMAZON.StartOverIntent")),
        ("stop", Resolved("AMAZON.StopIntent")),
        ("exit", Resolved("AMAZON.StopIntent")),
        ("cancel", Resolved("AMAZON.CancelIntent")),
        ("home", Resolved("AMAZON.NavigateHomeIntent")),
        ("blorf wibble", Resolved(FALLBACK_INTENT)),
        ("I think", Resolved(FALLBACK_INTENT)),
        ("yesterday", Resolved(FALLBACK_INTENT)),
    ],
)
def test_typed_words_resolve_like_alexa(resolver, typed, expected):
    assert resolver.resolve(typed) == expected


@pytest.mark.parametrize(
    ("locale", "typed", "expected"),
    [
        ("en-US", "my calf cramps when I walk and my ankles swell by the evening",
         Resolved("DescribeSymptomIntent", {"symptom": "f_walk_pain", "other_symptom": "f_ankle_swelling_evening"})),
        ("en-US", "I have diabetes and I smoke", Resolved("DescribeSymptomIntent", {"symptom": "r_diabetes", "other_symptom": "r_smoker"})),
        ("en-US", "pins and needles in my feet", Resolved("DescribeSymptomIntent", {"symptom": "f_burning_tingling_feet"})),
        ("en-US", "I've got chest pain", Resolved("DescribeSymptomIntent", {"symptom": "rf_chest_pain_or_breathless"})),
        ("en-US", "it's worse after a long shift", Resolved("DescribeSymptomIntent", {"symptom": "f_long_standing_hard_floor"})),
        ("en-US", "I have swollen ankles and a headache",
         Resolved("DescribeSymptomIntent", {"symptom": "f_ankle_swelling_evening", "other_symptom": None})),
        ("en-US", "I have a headache", Resolved("DescribeSymptomIntent", {"symptom": None})),
        ("en-GB", "I've been sick with diarrhoea", Resolved("DescribeSymptomIntent", {"symptom": "f_recent_fluid_loss"})),
        ("en-IN", "I am having loose motions", Resolved("DescribeSymptomIntent", {"symptom": "f_recent_fluid_loss"})),
        ("en-US", "I'm on Lasix", Resolved("MedicineIntent", {"medicine": "diuretic"})),
        ("en-US", "Lipitor", Resolved("MedicineIntent", {"medicine": "statin"})),
        ("en-GB", "I'm on tablets for my water", Resolved("MedicineIntent", {"medicine": "diuretic"})),
        ("en-AU", "the GP put me on frusemide", Resolved("MedicineIntent", {"medicine": "diuretic"})),
        ("en-IN", "doctor has given me Telma", Resolved("MedicineIntent", {"medicine": "angiotensin_receptor_blocker"})),
        ("en-CA", "I use my rescue inhaler", Resolved("MedicineIntent", {"medicine": "salbutamol"})),
        ("en-US", "I take zorbulon", Resolved("MedicineIntent", {"medicine": None})),
        ("en-US", "a little", Resolved("AnswerIntent", {"answer": "a_little"})),
        ("en-US", "sort of I guess", Resolved("AnswerIntent", {"answer": "a_little"})),
        ("en-GB", "a wee bit", Resolved("AnswerIntent", {"answer": "a_little"})),
        ("en-US", "only at night", Resolved("AnswerIntent", {"answer": "only_at_night"})),
        ("en-US", "only when I'm in bed", Resolved("AnswerIntent", {"answer": "only_at_night"})),
        ("en-US", "zorbulon", Resolved(FALLBACK_INTENT)),
    ],
)
def test_symptoms_medicines_and_new_answers_resolve(locale, typed, expected):
    assert load_resolver(locale).resolve(typed) == expected


def test_two_symptoms_become_two_matched_slots_with_the_words_heard(resolver):
    slots = resolver.resolve("my feet burn and tingle and my ankles swell").request()["intent"]["slots"]
    assert {name: slot["value"] for name, slot in slots.items()} == {"symptom": "my feet burn and tingle", "other_symptom": "my ankles swell"}
    ids = {name: slot["resolutions"]["resolutionsPerAuthority"][0]["values"][0]["value"]["id"] for name, slot in slots.items()}
    assert ids == {"symptom": "f_burning_tingling_feet", "other_symptom": "f_ankle_swelling_evening"}


def test_an_unknown_medicine_is_sent_unresolved(resolver):
    slot = resolver.resolve("I take zorbulon").request()["intent"]["slots"]["medicine"]
    authority = slot["resolutions"]["resolutionsPerAuthority"][0]
    assert slot["value"] == "zorbulon"
    assert authority["status"]["code"] == "ER_SUCCESS_NO_MATCH"
    assert authority["authority"].endswith(".MEDICINE")


def test_normalise_keeps_only_lowercase_words():
    assert normalise("  I’m NOT   sure...  ") == "im not sure"


def test_an_answer_becomes_an_answer_intent_with_a_matched_resolution(resolver):
    slot = resolver.resolve("not really").request()["intent"]["slots"]["answer"]
    authority = slot["resolutions"]["resolutionsPerAuthority"][0]
    assert authority["status"]["code"] == "ER_SUCCESS_MATCH"
    assert authority["values"][0]["value"]["id"] == "no"


def test_a_locale_without_a_model_uses_en_us(resolver):
    assert load_resolver("xx-XX") == resolver


def test_every_response_of_a_whole_chat_is_a_valid_alexa_response(monkeypatch):
    real_handler = chat.lambda_handler
    responses = []

    def checked_handler(envelope, context):
        response = real_handler(envelope, context)
        check_response(response)
        responses.append(response)
        return response

    monkeypatch.setattr(chat, "lambda_handler", checked_handler)
    out = io.StringIO()
    typed = ["no", "I don't think so", "go back", "say that again", "help", "mumble mumble", *ANSWERS_TO_THE_END]
    assert chat.run("en-US", speak=False, lines=io.StringIO("\n".join(typed) + "\n"), out=out) == 0
    assert len(responses) > 10
    assert out.getvalue().count("Card in the Alexa app:") == 1
    assert out.getvalue().endswith("(The skill ended the session.)\n")


def run_chat(stdin_text, *args, env_extra=None):
    env = {**os.environ, "PYTHONPATH": str(REPO / "lambda"), **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "local.cli", "chat", *args],
        input=stdin_text, capture_output=True, text=True, cwd=REPO, env=env, timeout=60,
    )


def test_a_whole_chat_in_the_terminal():
    typed = ["no", "no", "go back", "repeat", "", "help", *ANSWERS_TO_THE_END]
    result = run_chat("\n".join(typed) + "\n")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Alexa: Welcome to Leg Cramp Helper") and "911" in lines[0]
    assert lines[0].endswith("?")  # the first question follows the welcome
    assert "You: go back" in lines
    assert "Alexa: Okay, let's take that one again." in result.stdout
    assert "may fit" in result.stdout or "no clear cause" in result.stdout
    assert result.stdout.count("Card in the Alexa app:") == 1
    assert lines[-1] == "(The skill ended the session.)"
    assert "Traceback" not in result.stderr


def test_end_of_input_at_once_exits_cleanly():
    result = run_chat("")
    assert result.returncode == 0
    assert result.stdout.startswith("Alexa: Welcome")
    assert result.stderr == ""


def test_end_of_input_mid_way_exits_cleanly():
    result = run_chat("no\nno\nhelp\n")
    assert result.returncode == 0
    assert "You: help" in result.stdout
    assert "ended the session" not in result.stdout
    assert "Traceback" not in result.stderr


def test_ctrl_c_exits_cleanly():
    env = {**os.environ, "PYTHONPATH": str(REPO / "lambda")}
    process = subprocess.Popen(
        [sys.executable, "-m", "local.cli", "chat"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=env,
        # A shell may start background jobs with SIGINT ignored; Ctrl-C must reach this one.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert process.stdout.readline().startswith("Alexa: Welcome")  # now it waits for the user
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "Traceback" not in err


def test_speak_without_espeak_says_so_once_and_goes_on(monkeypatch):
    monkeypatch.setattr(chat.shutil, "which", lambda name: None)
    out = io.StringIO()
    assert chat.run("en-US", speak=True, lines=io.StringIO("no\n"), out=out) == 0
    assert out.getvalue().count("espeak-ng is not installed; showing text only.") == 1
    assert out.getvalue().count("Alexa: ") == 2


def test_the_command_line_explains_itself_and_rejects_misuse(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--help"])
    assert exit_info.value.code == 0
    usage = capsys.readouterr().out
    assert all(command in usage for command in ("chat", "serve", "build"))
    for misuse in ([], ["talk"], ["chat", "--loud"]):
        with pytest.raises(SystemExit) as exit_info:
            cli.main(misuse)
        assert exit_info.value.code == 2


def test_a_check_stopped_in_the_terminal_is_offered_again_in_the_next_one(tmp_path):
    on_disk = {"LEG_CRAMP_STORE": "sqlite", "LEG_CRAMP_STORE_PATH": str(tmp_path / "store.sqlite3")}
    first = run_chat("no\nno\nno\nstop\n", env_extra=on_disk)
    assert first.returncode == 0 and "Goodbye" in first.stdout
    second = run_chat("yes\n", env_extra=on_disk)
    assert "Welcome back to Leg Cramp Helper. You were part way through a check." in second.stdout
    assert "Is there numbness between your legs" in second.stdout  # the third question: two answers were kept
    third = run_chat("forget my data\n", env_extra=on_disk)
    assert "I've deleted everything I kept about you" in third.stdout
    fourth = run_chat("", env_extra=on_disk)
    assert fourth.stdout.startswith("Alexa: Welcome to Leg Cramp Helper.")
