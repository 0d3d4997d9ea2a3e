"""The intents of interaction_model/<locale>.json and the core event each one means."""
from __future__ import annotations

from triage.model import Command

ANSWER_INTENT = "AnswerIntent"
ANSWER_SLOT = "answer"
DESCRIBE_INTENT = "DescribeSymptomIntent"
SYMPTOM_SLOTS = ("symptom", "other_symptom")  # two, so "my feet burn and my ankles swell" is one turn
MEDICINE_INTENT = "MedicineIntent"
MEDICINE_SLOT = "medicine"

LOG_CRAMP_INTENT = "LogCrampIntent"  # "I had a cramp last night in my left calf": a diary entry
CRAMP_SLOTS = ("when", "place", "side", "length")
DIARY_SUMMARY_INTENT = "DiarySummaryIntent"  # "how often have I had cramps?"

YES_NO = {"AMAZON.YesIntent": "yes", "AMAZON.NoIntent": "no"}

COMMANDS = {
    "AMAZON.HelpIntent": Command.HELP,
    "AMAZON.RepeatIntent": Command.REPEAT,
    "AMAZON.StartOverIntent": Command.START_OVER,
    "AMAZON.PreviousIntent": Command.GO_BACK,
    "AMAZON.StopIntent": Command.STOP,
    "AMAZON.CancelIntent": Command.STOP,
    "AMAZON.NavigateHomeIntent": Command.STOP,
    "AMAZON.FallbackIntent": Command.FALLBACK,
    "ForgetMyDataIntent": Command.FORGET,
    "CrampNowIntent": Command.RELIEF,
    "SlowerIntent": Command.SLOWER,
}

HANDLED_INTENTS = frozenset({ANSWER_INTENT, DESCRIBE_INTENT, MEDICINE_INTENT, LOG_CRAMP_INTENT, DIARY_SUMMARY_INTENT,
                             *YES_NO, *COMMANDS})
