"""Diary phrases (issue 12) as people say them, and the intent and slot ids Alexa must send for each.

Used twice: through the chat's resolver (tests/test_diary_phrases.py) and through virtual-alexa with the
real model of every locale to the `serve` endpoint (tests/utterance/test_utterances.py). Only what arrives
at the skill is asserted, never what it says back.
"""

LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")
LOG = "LogCrampIntent"
SUMMARY = "DiarySummaryIntent"
CRAMP_NOW = "CrampNowIntent"

# (what is said, intent, {slot: value id}); slots not listed must arrive empty.
EVERY_LOCALE = [
    ("log a cramp", LOG, {}),
    ("note a cramp", LOG, {}),
    ("add a cramp to my diary", LOG, {}),
    ("I had a cramp last night", LOG, {"when": "last_night"}),
    ("I had a cramp in my left calf last night", LOG, {"when": "last_night", "place": "calf", "side": "left"}),
    ("I had a cramp last night in my left calf", LOG, {"when": "last_night", "place": "calf", "side": "left"}),
    ("last night I had a cramp in my right foot", LOG, {"when": "last_night", "place": "foot", "side": "right"}),
    ("I had a thigh cramp today", LOG, {"when": "today", "place": "thigh"}),
    ("my left calf cramped in the night", LOG, {"when": "last_night", "place": "calf", "side": "left"}),
    ("in the night I had a cramp in my calf", LOG, {"when": "last_night", "place": "calf"}),
    ("I had a cramp yesterday in my foot for a few minutes", LOG, {"when": "yesterday", "place": "foot", "length": "minutes"}),
    ("I had a cramp in both feet yesterday, it lasted over ten minutes", LOG,
     {"when": "yesterday", "place": "foot", "side": "both", "length": "long"}),
    ("it lasted a few seconds", LOG, {"length": "seconds"}),
    ("a cramp in my hamstring the day before yesterday", LOG, {"when": "day_before_yesterday", "place": "thigh"}),
    ("my toes cramped up this morning", LOG, {"when": "today", "place": "foot"}),
    ("I had a cramp in the calf of my right leg two nights ago", LOG,
     {"when": "day_before_yesterday", "place": "calf", "side": "right"}),
    ("I had a cramp just now", LOG, {"when": "now"}),
    ("my calf was cramping overnight", LOG, {"when": "last_night", "place": "calf"}),
    ("I had a cramp in my calf on the left side yesterday evening", LOG, {"when": "yesterday", "place": "calf", "side": "left"}),
    ("a cramp woke me up during the night", LOG, {"when": "last_night"}),
    ("I had a cramp in my thigh for half an hour", LOG, {"place": "thigh", "length": "long"}),
    ("my foot cramped yesterday for a couple of minutes", LOG, {"when": "yesterday", "place": "foot", "length": "minutes"}),
    ("how often have I had cramps", SUMMARY, {}),
    ("how many cramps have I had this week", SUMMARY, {}),
    ("read my cramp diary", SUMMARY, {}),
    ("what's in my diary", SUMMARY, {}),
    ("tell me about my cramps", SUMMARY, {}),
    # A cramp happening now stays guided relief, not the diary.
    ("I have a cramp now", CRAMP_NOW, {}),
    ("my leg is cramping", CRAMP_NOW, {}),
    ("help me with a cramp", CRAMP_NOW, {}),
    ("I've got a cramp right now", CRAMP_NOW, {}),
]

# Each market's own words.
BY_LOCALE = {
    "en-US": [
        ("I had a charley horse in my calf last night", LOG, {"when": "last_night", "place": "calf"}),
        ("I got a cramp in my foot in the wee hours", LOG, {"when": "last_night", "place": "foot"}),
    ],
    "en-CA": [
        ("I had a charley horse last night", LOG, {"when": "last_night"}),
        ("I got a cramp in my calf yesterday", LOG, {"when": "yesterday", "place": "calf"}),
    ],
    "en-GB": [
        ("I had cramp in my calf last night", LOG, {"when": "last_night", "place": "calf"}),
        ("I had cramp in the small hours", LOG, {"when": "last_night"}),
        ("I had cramp in my left calf last night", LOG, {"when": "last_night", "place": "calf", "side": "left"}),
        ("how often have I had cramp", SUMMARY, {}),
        ("I've got cramp right now", CRAMP_NOW, {}),
    ],
    "en-AU": [
        ("I had cramp in my foot this arvo", LOG, {"when": "today", "place": "foot"}),
        ("I had cramp in my left calf last night", LOG, {"when": "last_night", "place": "calf", "side": "left"}),
        ("how many times have I had cramp", SUMMARY, {}),
    ],
    "en-IN": [
        ("I got a cramp in my calf yesterday night", LOG, {"when": "last_night", "place": "calf"}),
        ("I got a cramp day before yesterday", LOG, {"when": "day_before_yesterday"}),
        ("I got a cramp in my left foot today morning", LOG, {"when": "today", "place": "foot", "side": "left"}),
        ("I had cramp yesterday", LOG, {"when": "yesterday"}),
    ],
}

# Said to Alexa outside the skill: the invocation, then the words the skill receives.
ONE_SHOTS = [
    ("tell leg cramp helper I had a cramp last night", LOG, {"when": "last_night"}),
    ("tell leg cramp helper that I had a cramp in my left calf last night", LOG,
     {"when": "last_night", "place": "calf", "side": "left"}),
    ("ask leg cramp helper to log a cramp", LOG, {}),
    ("ask leg cramp helper how often have I had cramps", SUMMARY, {}),
]


def phrases(locale):
    """Every (phrase, intent, slot ids) said in `locale`, in-session phrases first."""
    return [*EVERY_LOCALE, *BY_LOCALE[locale]]
