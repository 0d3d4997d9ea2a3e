"""Conversation scripts that read as dialogs, run through the real lambda_handler with real envelopes.

A script is one turn per line:  `what the user says | what the skill says (a part of it)`.
The right side may end with `[ends]` when the session must end there; otherwise it must stay open with a
reprompt. "(alexa asks for the reminders permission)" on the right: the skill says nothing and hands the
turn to Alexa's voice permission prompt. Every response is checked against the strict Alexa response schema and parsed as SSML.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lambda_function import lambda_handler
from local import envelopes
from local.envelopes import Session
from skill.speech import plain_text
from support.alexa_checks import check_response

# What the user says, as the request Alexa would send after its own speech recognition.
SAYINGS = {
    "open leg cramp helper": envelopes.launch(),
    "yes": envelopes.intent("AMAZON.YesIntent"),
    "no": envelopes.intent("AMAZON.NoIntent"),
    "yeah": envelopes.intent("AnswerIntent", {"answer": "yes"}, {"answer": "yeah"}),
    "nope": envelopes.intent("AnswerIntent", {"answer": "no"}, {"answer": "nope"}),
    "not sure": envelopes.intent("AnswerIntent", {"answer": "unsure"}, {"answer": "not sure"}),
    "i don't know": envelopes.intent("AnswerIntent", {"answer": "unsure"}, {"answer": "I don't know"}),
    "sometimes": envelopes.intent("AnswerIntent", {"answer": "sometimes"}, {"answer": "sometimes"}),
    "(words that match no answer)": envelopes.intent("AnswerIntent", {"answer": None}, {"answer": "purple"}),
    "help": envelopes.intent("AMAZON.HelpIntent"),
    "repeat": envelopes.intent("AMAZON.RepeatIntent"),
    "go back": envelopes.intent("AMAZON.PreviousIntent"),
    "start over": envelopes.intent("AMAZON.StartOverIntent"),
    "stop": envelopes.intent("AMAZON.StopIntent"),
    "cancel": envelopes.intent("AMAZON.CancelIntent"),
    "go home": envelopes.intent("AMAZON.NavigateHomeIntent"),
    "(something off topic)": envelopes.intent("AMAZON.FallbackIntent"),
    "(an intent the skill does not know)": envelopes.intent("AMAZON.ShuffleOnIntent"),
    "(silence: alexa ends the session)": envelopes.session_ended("EXCEEDED_MAX_REPROMPTS"),
    "forget my data": envelopes.intent("ForgetMyDataIntent"),
    "a little": envelopes.intent("AnswerIntent", {"answer": "a_little"}, {"answer": "a little"}),
    "only at night": envelopes.intent("AnswerIntent", {"answer": "only_at_night"}, {"answer": "only at night"}),
    "my calf cramps when I walk": envelopes.intent("DescribeSymptomIntent", {"symptom": "f_walk_pain"}, {"symptom": "calf cramps when I walk"}),
    "my feet burn and my ankles swell by the evening": envelopes.intent(
        "DescribeSymptomIntent", {"symptom": "f_burning_tingling_feet", "other_symptom": "f_ankle_swelling_evening"},
        {"symptom": "feet burn", "other_symptom": "ankles swell by the evening"}),
    "I have chest pain": envelopes.intent("DescribeSymptomIntent", {"symptom": "rf_chest_pain_or_breathless"}, {"symptom": "chest pain"}),
    "my legs feel like jelly": envelopes.intent("DescribeSymptomIntent", {"symptom": None}, {"symptom": "legs feel like jelly"}),
    "I'm on Lasix": envelopes.intent("MedicineIntent", {"medicine": "diuretic"}, {"medicine": "Lasix"}),
    "I take Lipitor": envelopes.intent("MedicineIntent", {"medicine": "statin"}, {"medicine": "Lipitor"}),
    "I use a Symbicort inhaler": envelopes.intent("MedicineIntent", {"medicine": "long_acting_beta_agonist"}, {"medicine": "Symbicort"}),
    "I take zorbulon": envelopes.intent("MedicineIntent", {"medicine": None}, {"medicine": "zorbulon"}),
    "help with a cramp": envelopes.intent("CrampNowIntent"),
    # Alexa's own voice prompt for the reminders permission, answered by the person (or not possible here).
    "(gives alexa the reminders permission)": envelopes.permission_answer("ACCEPTED"),
    "(refuses alexa the reminders permission)": envelopes.permission_answer("DENIED"),
    "(says nothing to alexa's permission prompt)": envelopes.permission_answer("NOT_ANSWERED"),
    "(alexa cannot ask for permission by voice here)": envelopes.permission_answer(None, code="400"),
    "log a cramp": envelopes.intent("LogCrampIntent"),
    "I had a cramp last night in my left calf": envelopes.intent(
        "LogCrampIntent", {"when": "last_night", "place": "calf", "side": "left"},
        {"when": "last night", "place": "calf", "side": "left"}),
    "I had a cramp in both feet yesterday, it lasted over ten minutes": envelopes.intent(
        "LogCrampIntent", {"place": "foot", "side": "both", "when": "yesterday", "length": "long"},
        {"place": "feet", "side": "both", "when": "yesterday", "length": "over ten minutes"}),
    "I had a thigh cramp today": envelopes.intent("LogCrampIntent", {"place": "thigh", "when": "today"},
                                                  {"place": "thigh", "when": "today"}),
    "how often have I had cramps": envelopes.intent("DiarySummaryIntent"),
    "slower, please": envelopes.intent("SlowerIntent"),
    "my leg is swollen": envelopes.intent("DescribeSymptomIntent", {"symptom": "rf_one_leg_swollen"}, {"symptom": "leg is swollen"}),
    "my feet burn": envelopes.intent("DescribeSymptomIntent", {"symptom": "f_burning_tingling_feet"}, {"symptom": "feet burn"}),
    # Touches on an Echo Show's buttons: the arguments name the question the screen showed.
    "(touches Yes)": lambda session: envelopes.touch("answer", "yes", _pending(session)),
    "(touches No)": lambda session: envelopes.touch("answer", "no", _pending(session)),
    "(touches Not sure)": lambda session: envelopes.touch("answer", "unsure", _pending(session)),
    "(touches Yes on a screen left from an earlier question)": lambda session: envelopes.touch("answer", "yes", "flags_heart"),
}


# What a script expects where the skill hands over to Alexa's own voice permission prompt.
ALEXA_ASKS_PERMISSION = "(alexa asks for the reminders permission)"


def _pending(session: Session) -> str:
    return (session.attributes or {}).get("check", {}).get("question") or ""


@dataclass
class Exchange:
    says: str
    heard: str
    reprompt: str
    card: str | None
    ended: bool
    response: dict[str, Any]


def send(session: Session, says: str, handler=lambda_handler) -> Exchange:
    request = SAYINGS[says]
    response = handler(session.envelope(request(session) if callable(request) else request), None)
    check_response(response)
    session.update(response)
    body = response["response"]
    speech = body.get("outputSpeech", {}).get("ssml")
    reprompt = body.get("reprompt", {}).get("outputSpeech", {}).get("ssml")
    card = body.get("card", {}).get("content")
    return Exchange(says, plain_text(speech) if speech else "", plain_text(reprompt) if reprompt else "", card, session.ended, response)


def run(script: str, session: Session | None = None, handler=lambda_handler) -> tuple[Session, list[Exchange]]:
    """Play a script turn by turn, failing at the first turn whose answer is not what the script says.
    `handler` is the deployed skill's lambda_handler unless a test builds one with another store."""
    session = session or Session()
    exchanges = []
    for number, row in enumerate(line for line in script.strip().splitlines() if line.strip()):
        says, _, expected = (part.strip() for part in row.partition("|"))
        must_end = expected.endswith("[ends]")
        expected = expected.removesuffix("[ends]").strip()
        turn = send(session, says, handler)
        where = f"turn {number + 1} ({says!r})"
        if expected == ALEXA_ASKS_PERMISSION:  # nothing of the skill's is said: Alexa asks, and answers back
            directives = turn.response["response"].get("directives", [])
            assert [d["type"] for d in directives] == ["Connections.SendRequest"] and not turn.heard, where
            assert "shouldEndSession" not in turn.response["response"] and not turn.ended, where
            exchanges.append(turn)
            continue
        assert expected.lower() in turn.heard.lower(), f"{where}: expected {expected!r}, heard {turn.heard!r}"
        assert turn.ended == must_end, f"{where}: session {'ended' if turn.ended else 'stayed open'}: {turn.heard!r}"
        if not turn.ended and says != "(silence: alexa ends the session)":
            assert turn.reprompt and turn.reprompt != turn.heard, f"{where}: an open turn needs a reprompt that adds guidance"
        exchanges.append(turn)
    return session, exchanges


def check_state(session: Session) -> dict[str, Any]:
    return (session.attributes or {}).get("check", {})
