"""Hypothesis strategies for every request the skill can receive, with hostile contents.

The intents, slots and slot values come from the shipped interaction models (interaction_model/*.json),
the answer words, question ids and feature ids from the bank, the session-ended reasons and error types
from ask-sdk-model's own enums: a new intent, slot, locale, question or reason is fuzzed as soon as it
ships, with no change here. A new request type is one more entry in REQUEST_KINDS.

`fuzz_case()` draws one `Case`: a complete request envelope (as Alexa sends it, as JSON-ready data),
what the store holds for that user before the request, the labels of the hostile parts it contains
(for the run's tally of bad inputs tried) and the canaries: strings planted in ids, tokens and spoken
words that must never come back in a response or a log line.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any, Callable

from ask_sdk_model.interfaces.system.error_type import ErrorType
from ask_sdk_model.session_ended_error_type import SessionEndedErrorType
from ask_sdk_model.session_ended_reason import SessionEndedReason
from ask_sdk_model.slu.entityresolution import StatusCode
from hypothesis import strategies as st

from local.envelopes import SKILL_ID
from triage.bank import load_bank
from triage.engine import step
from triage.model import Answer, Command, Describe, Medicine, Prompt
from triage.state import State, to_json

REPO = Path(__file__).resolve().parents[2]
MODEL_DIR = REPO / "interaction_model"

# Planted in every id, token and (most) spoken words: never to be echoed in speech, cards or logs.
CANARY = "QZXJ"
OTHER_SKILL_ID = "amzn1.ask.skill.99999999-9999-9999-9999-999999999999"


# --------------------------------------------------------------------------------------------------
# what the shipped models say
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LanguageModel:
    locale: str
    intents: dict[str, dict[str, str]]  # intent name -> {slot name: slot type}
    values: dict[str, list[tuple[str, list[str]]]]  # slot type -> [(value id, [name and synonyms])]


@cache
def language_models() -> dict[str, LanguageModel]:
    models = {}
    for path in sorted(MODEL_DIR.glob("*.json")):
        model = json.loads(path.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
        intents = {i["name"]: {s["name"]: s["type"] for s in i.get("slots", [])} for i in model["intents"]}
        values = {
            t["name"]: [(v.get("id") or v["name"]["value"], [v["name"]["value"], *v["name"].get("synonyms", [])]) for v in t["values"]]
            for t in model.get("types", [])
        }
        models[path.stem] = LanguageModel(path.stem, intents, values)
    return models


def shipped_locales() -> list[str]:
    return sorted(language_models())


def model_intents() -> list[str]:
    """Every intent name of every shipped model."""
    return sorted({name for m in language_models().values() for name in m.intents})


# Locales a device may report that the skill does not ship, and shapes no device sends but a
# forged or broken request might.
ODD_LOCALES = ["en", "fr-FR", "de-DE", "ja-JP", "es-US", "hi-IN", "ar-SA", "en-us", "EN-US", "en_US", "", "xx-XX", "en-GB-oxendict", "ZZ"]

# Intent names not in any model: Amazon built-ins Alexa may still route to a skill, and junk.
UNKNOWN_INTENTS = [
    "AMAZON.ShuffleOnIntent", "AMAZON.PauseIntent", "AMAZON.ResumeIntent", "AMAZON.MoreIntent", "AMAZON.ScrollDownIntent",
    "AMAZON.SelectIntent", "AMAZON.SendToPhoneIntent", "AMAZON.LoopOffIntent", "CrampRightNowIntent", "answerintent",
    "AnswerIntent ", "", "<Intent>", "Intent&Co", "A" * 300,
]

# The worst values a slot, a token or a text parameter can carry: markup, entities, quotes, braces,
# control characters, odd Unicode, and sizes far beyond anything spoken.
WORST_VALUES = [
    "", " ", "<", ">", "&", "&amp;", "&lt;speak&gt;", "'", '"', "`", "\\", "<speak>", "</speak>", "</prosody>",
    '<break time="10s"/>', '<audio src="https://example.invalid/a.mp3"/>', "<!-- -->", "<![CDATA[x]]>", "]]>",
    "<?xml version='1.0'?>", "&#0;", "&#x1F;", "&nbsp;", "&unknown;", "{emergency_number}", "{0}", "{", "}", "{{}}",
    "%s", "%(name)s", "${jndi:x}", "\x00", "\x07", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\r\n", "\t",
    "\ufeff", "\ufffe", "\uffff", "\u202e", "\u200b", "\U0001F9B5\U0001F4A5", "e\u0301", "Łódź", "日本語", "עברית",
    "null", "None", "undefined", "true", "0", "-1", "1e309", "NaN",
    "<" * 2_000, "&" * 2_000, "x" * 10_000, ("<&'\"\x01" * 2_000),
]


def pick(draw, weights: dict[str, int]) -> str:
    """One key, about as often as its weight. Hypothesis leans towards the first choice (it shrinks
    towards it and tries it early), so the usual case goes first and the hostile ones after it."""
    return draw(st.sampled_from([key for key, weight in weights.items() for _ in range(weight)]))


def _canaried(text: str) -> str:
    return f"{text}{CANARY}{text[:20]}"


def hostile_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Any Unicode but lone surrogates (a JSON envelope in UTF-8 cannot carry them), controls included."""
    return st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=max_size)


def spoken_words() -> st.SearchStrategy[str]:
    """What Alexa heard: mostly marked with the canary, sometimes one of the worst values as they are."""
    return st.one_of(
        st.sampled_from(WORST_VALUES),
        hostile_text().map(_canaried),
        st.integers(500, 12_000).map(lambda n: _canaried("<&\"'" * (n // 4))),
    )


# --------------------------------------------------------------------------------------------------
# requests
# --------------------------------------------------------------------------------------------------


@dataclass
class Case:
    envelope: dict[str, Any]
    record: dict[str, Any] | None = None  # what the store holds for this user before the request
    tags: list[str] = field(default_factory=list)  # the hostile parts it contains, for the tally
    canaries: list[str] = field(default_factory=list)  # must never come back in a response or a log

    @property
    def request_type(self) -> str:
        return self.envelope["request"]["type"]

    @property
    def intent_name(self) -> str | None:
        return self.envelope["request"].get("intent", {}).get("name")

    @property
    def in_session(self) -> bool:
        return "session" in self.envelope


def _timestamp(draw) -> str:
    now = datetime.now(timezone.utc)
    offset = draw(st.sampled_from([0, 0, 0, -1, -90, -86_400 * 2, 60, 86_400 * 400, -86_400 * 3650]))
    stamp = (now + timedelta(seconds=offset)).replace(microsecond=0)
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ") if draw(st.booleans()) else stamp.isoformat(timespec="milliseconds")


def _locale(draw, tags: list[str]) -> str:
    if pick(draw, {"shipped": 3, "odd": 1}) == "shipped":
        return draw(st.sampled_from(shipped_locales()))
    tags.append("locale: not shipped or malformed")
    return draw(st.one_of(st.sampled_from(ODD_LOCALES), hostile_text(12)))


def _resolution(draw, authority: str, value_id: str | None, status: str) -> dict[str, Any]:
    resolution: dict[str, Any] = {"authority": authority, "status": {"code": status}}
    if status == StatusCode.ER_SUCCESS_MATCH.value:
        values = [{"value": {"name": draw(spoken_words()), "id": value_id}}]
        if draw(st.booleans()):  # several values matched the words: Alexa lists them all
            values += [{"value": {"name": draw(spoken_words()), "id": draw(st.one_of(hostile_text(30), st.just(value_id)))}}]
        resolution["values"] = values
    return resolution


def _slot(draw, tags: list[str], locale_model: LanguageModel, name: str, slot_type: str) -> dict[str, Any]:
    known = locale_model.values.get(slot_type, [])
    authority = f"amzn1.er-authority.echo-sdk.{SKILL_ID}.{slot_type}"
    form = pick(draw, {"match": 3, "no match": 2, "unknown id": 1, "error": 1, "empty": 1, "no resolutions": 1,
                       "several authorities": 1, "multi-value": 1, "match, words only synonyms": 1})
    tags.append(f"slot: {form}")
    slot: dict[str, Any] = {"name": name, "confirmationStatus": draw(st.sampled_from(["NONE", "CONFIRMED", "DENIED"]))}
    if form == "empty":
        return slot  # the slot was in the model, but nothing was said for it
    value_id = draw(st.sampled_from([v for v, _ in known])) if known else "unknown"
    if form == "unknown id":
        value_id = draw(st.one_of(hostile_text(30), st.sampled_from(WORST_VALUES), st.sampled_from(sorted(load_bank().features))))
    slot["value"] = draw(spoken_words()) if form != "match, words only synonyms" else draw(st.sampled_from(dict(known).get(value_id, ["x"])))
    if form == "no resolutions":
        return slot
    if form == "multi-value":
        # Multiple-value slots: a list of simple values, each with its own resolutions, and no top-level ones.
        del slot["value"]
        items = draw(st.lists(st.sampled_from([v for v, _ in known] or ["x"]), max_size=4))
        slot["slotValue"] = {"type": "List", "values": [
            {"type": "Simple", "value": draw(spoken_words()),
             "resolutions": {"resolutionsPerAuthority": [_resolution(draw, authority, item, "ER_SUCCESS_MATCH")]}}
            for item in items]}
        return slot
    if form == "no match":
        authorities = [_resolution(draw, authority, None, StatusCode.ER_SUCCESS_NO_MATCH.value)]
    elif form == "error":
        authorities = [_resolution(draw, authority, None, draw(st.sampled_from(["ER_ERROR_TIMEOUT", "ER_ERROR_EXCEPTION"])))]
    elif form == "several authorities":
        dynamic = f"amzn1.er-authority.echo-sdk.dynamic.{SKILL_ID}.{slot_type}"
        authorities = [_resolution(draw, dynamic, None, "ER_SUCCESS_NO_MATCH"), _resolution(draw, authority, value_id, "ER_SUCCESS_MATCH")]
        authorities = draw(st.permutations(authorities))
    else:
        authorities = [_resolution(draw, authority, value_id, "ER_SUCCESS_MATCH")]
    slot["resolutions"] = {"resolutionsPerAuthority": authorities}
    return slot


UNKNOWN_INTENT = "(not in the model)"


def _intent_request(draw, tags: list[str], locale: str, intent: str | None) -> dict[str, Any]:
    model = language_models().get(locale) or language_models()[draw(st.sampled_from(shipped_locales()))]
    if intent is None:
        intent = UNKNOWN_INTENT if pick(draw, {"in the model": 9, "unknown": 1}) == "unknown" else draw(st.sampled_from(sorted(model.intents)))
    if intent != UNKNOWN_INTENT:
        name = intent
        tags.append(f"intent: {name}")
    else:
        name = draw(st.one_of(st.sampled_from([n for n in UNKNOWN_INTENTS if n not in model.intents]), hostile_text(30)))
        tags.append("intent: unknown name")
    declared = model.intents.get(name, {})
    slot_names = [n for n in sorted(declared) if pick(draw, {"said": 3, "not said": 1}) == "said"]
    slots = {n: _slot(draw, tags, model, n, declared[n]) for n in slot_names}
    if pick(draw, {"no": 9, "yes": 1}) == "yes":  # a slot no model declares
        tags.append("slot: undeclared")
        slots[draw(hostile_text(20))] = {"name": "extra", "value": draw(spoken_words()), "confirmationStatus": "NONE"}
    intent: dict[str, Any] = {"name": name, "confirmationStatus": draw(st.sampled_from(["NONE", "CONFIRMED", "DENIED"]))}
    if slots or draw(st.booleans()):
        intent["slots"] = slots
    request: dict[str, Any] = {"type": "IntentRequest", "intent": intent}
    if draw(st.booleans()):
        request["dialogState"] = draw(st.sampled_from(["STARTED", "IN_PROGRESS", "COMPLETED"]))
    return request


def _apl_arguments(draw, tags: list[str]) -> list[Any]:
    bank = load_bank()
    question_ids = [q.id for q in bank.questions] + [p.value for p in Prompt]
    form = pick(draw, {"answer": 3, "answer, junk word": 1, "answer, unknown question": 1, "answer, cut short": 1, "junk": 1, "empty": 1})
    tags.append(f"apl arguments: {form}")
    if form == "empty":
        return []
    if form == "junk":
        return draw(st.lists(_json_leaf(), max_size=5))
    word = draw(st.sampled_from(sorted(bank.answer_meanings))) if form != "answer, junk word" else draw(st.one_of(hostile_text(20), st.sampled_from(WORST_VALUES)))
    question = draw(st.sampled_from(question_ids)) if form != "answer, unknown question" else draw(st.one_of(hostile_text(20), st.just("f_not_a_feature")))
    return ["answer", word, question][: draw(st.integers(1, 2))] if form == "answer, cut short" else ["answer", word, question]


def _json_leaf() -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                     hostile_text(20), st.sampled_from(WORST_VALUES))


def _json_value() -> st.SearchStrategy[Any]:
    return st.recursive(_json_leaf(), lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(hostile_text(10), inner, max_size=4)), max_leaves=8)


def _apl_user_event(draw, tags: list[str]) -> dict[str, Any]:
    request: dict[str, Any] = {"type": "Alexa.Presentation.APL.UserEvent", "token": draw(st.one_of(st.just("leg-cramp-helper"), hostile_text(20)))}
    if pick(draw, {"arguments": 9, "none": 1}) == "arguments":
        request["arguments"] = _apl_arguments(draw, tags)
    else:
        tags.append("apl arguments: missing")
    request["source"] = {"type": "TouchWrapper", "handler": "Press", "id": draw(hostile_text(20))}
    request["components"] = {}
    return request


def _session_ended(draw, tags: list[str]) -> dict[str, Any]:
    reason = draw(st.sampled_from([r.value for r in SessionEndedReason]))
    tags.append(f"session ended: {reason}")
    request: dict[str, Any] = {"type": "SessionEndedRequest", "reason": reason}
    if reason == SessionEndedReason.ERROR.value or pick(draw, {"no": 4, "yes": 1}) == "yes":
        request["error"] = {"type": draw(st.sampled_from([t.value for t in SessionEndedErrorType])), "message": draw(spoken_words())}
    return request


def _exception_encountered(draw, tags: list[str]) -> dict[str, Any]:
    tags.append("system exception report")
    return {"type": "System.ExceptionEncountered",
            "error": {"type": draw(st.sampled_from([t.value for t in ErrorType])),
                      "message": draw(spoken_words())},
            "cause": {"requestId": "amzn1.echo-api.request." + draw(hostile_text(20))}}


def _session_resumed(draw, tags: list[str]) -> dict[str, Any]:
    tags.append("session resumed")
    return {"type": "SessionResumedRequest", "cause": {"type": "ConnectionCompleted", "token": draw(hostile_text(20)),
                                                      "status": {"code": "200", "message": "OK"}, "result": None}}


# Each kind of request Alexa can send this skill, with how often it is drawn (out of the sum) when
# the kind is not chosen by the caller, and how its request object is built.
REQUEST_KINDS: dict[str, tuple[int, Callable]] = {
    "IntentRequest": (10, lambda draw, tags, locale, intent: _intent_request(draw, tags, locale, intent)),
    "LaunchRequest": (3, lambda draw, tags, locale, intent: {"type": "LaunchRequest"}),
    "Alexa.Presentation.APL.UserEvent": (3, lambda draw, tags, locale, intent: _apl_user_event(draw, tags)),
    "SessionEndedRequest": (2, lambda draw, tags, locale, intent: _session_ended(draw, tags)),
    "System.ExceptionEncountered": (1, lambda draw, tags, locale, intent: _exception_encountered(draw, tags)),
    "SessionResumedRequest": (1, lambda draw, tags, locale, intent: _session_resumed(draw, tags)),
}


def families() -> list[tuple[str, str | None]]:
    """(request kind, intent name) for every family of requests: each kind, and each intent of the models
    plus unknown ones, so a run can give each its own share of the cases."""
    return [(kind, None) for kind in REQUEST_KINDS if kind != "IntentRequest"] + [
        ("IntentRequest", name) for name in [*model_intents(), UNKNOWN_INTENT]]


# --------------------------------------------------------------------------------------------------
# session attributes and stored records
# --------------------------------------------------------------------------------------------------


@cache
def valid_states() -> tuple[dict[str, Any], ...]:
    """States the skill itself could have written: 150 seeded walks of core events from a fresh check,
    0 to 40 events long (answers mostly, some described symptoms, medicines and commands). Worked out
    once: stepping the engine in every drawn case would cost more than the rest of the case."""
    import random

    bank = load_bank()
    rng = random.Random(6)
    words, features, medicines = sorted(bank.answer_meanings), sorted(bank.features), [None, *sorted(bank.medicines)]
    commands = [c for c in Command if c is not Command.FORGET]
    states = []
    for walk in range(150):
        state = State()
        for _ in range(walk % 41):
            roll = rng.random()
            if roll < 0.65:
                event = Answer(rng.choice(words))
            elif roll < 0.8:
                event = Describe(tuple(rng.sample(features, rng.randint(0, 2))))
            elif roll < 0.9:
                event = Medicine(rng.choice(medicines))
            else:
                event = rng.choice(commands)
            state, _turn = step(bank, state, event)
        states.append(to_json(bank, state))
    return tuple(states)


def valid_state(draw) -> dict[str, Any]:
    return json.loads(json.dumps(draw(st.sampled_from(valid_states()))))  # a copy: cases may change it


def _tampered(draw, tags: list[str], state: dict[str, Any]) -> dict[str, Any]:
    bank = load_bank()
    features = sorted(bank.features)
    how = draw(st.sampled_from([
        "wrong type", "key removed", "key added", "unknown question", "question is a feature of no question",
        "answer not an answer", "unknown feature answered", "forged result", "forged result, bad causes",
        "fallbacks out of range", "history junk", "history very long", "history not answered", "question_features forged",
    ]))
    tags.append(f"state tampered: {how}")
    state = dict(state)
    if how == "wrong type":
        state[draw(st.sampled_from(sorted(state)))] = draw(_json_value())
    elif how == "key removed":
        del state[draw(st.sampled_from(sorted(state)))]
    elif how == "key added":
        state[draw(hostile_text(12))] = draw(_json_value())
    elif how == "unknown question":
        state["question"] = draw(st.one_of(hostile_text(30), st.sampled_from(["f_unknown", "flags_unknown", "start", "RESUME"])))
    elif how == "question is a feature of no question":
        asked = {f for q in bank.questions for f in q.features if q.is_group}
        state["question"] = draw(st.sampled_from(sorted(asked)))
    elif how == "answer not an answer":
        state["answers"] = {**state.get("answers", {}), draw(st.sampled_from(features)): draw(_json_leaf())}
    elif how == "unknown feature answered":
        state["answers"] = {**state.get("answers", {}), "f_" + draw(st.from_regex(r"[a-z]{1,12}", fullmatch=True)): "yes"}
    elif how == "forged result":
        state["result"] = {"urgency": draw(st.sampled_from(["emergency", "urgent", "routine", "self_care"])),
                           "causes": draw(st.lists(st.sampled_from(list(bank.causes)), max_size=3, unique=True))}
        state["question"] = draw(st.sampled_from([None, *(p.value for p in Prompt), *(q.id for q in bank.questions if not q.is_group)]))
    elif how == "forged result, bad causes":
        state["result"] = {"urgency": draw(hostile_text(10)), "causes": draw(st.lists(_json_leaf(), max_size=5))}
    elif how == "fallbacks out of range":
        state["fallbacks"] = draw(st.sampled_from([-1, 4, 99, 2**63, 1.5, "1", True, None]))
    elif how == "history junk":
        state["history"] = draw(st.lists(st.one_of(hostile_text(20), st.sampled_from(features)), max_size=5))
    elif how == "history very long":
        state["history"] = draw(st.lists(st.sampled_from(features + [q.id for q in bank.questions]), min_size=1, max_size=5)) * 400
    elif how == "history not answered":
        state["history"] = list(state.get("history", [])) + draw(st.lists(st.sampled_from(features), min_size=1, max_size=3, unique=True))
    elif how == "question_features forged":
        state["question_features"] = draw(st.lists(st.sampled_from(features), min_size=2, max_size=4, unique=True))
    return state


def session_attributes(draw, tags: list[str]) -> dict[str, Any] | None:
    """None (no attributes sent), or attributes valid, from an older version, or tampered with."""
    form = pick(draw, {"valid": 2, "missing": 1, "empty": 1, "valid, extra keys": 1, "older version": 1, "tampered": 3, "not an object": 1})
    tags.append(f"session attributes: {form}")
    if form == "missing":
        return None
    if form == "empty":
        return {}
    state = valid_state(draw)
    if form == "valid":
        return {"check": state}
    if form == "valid, extra keys":
        return {"check": state, draw(hostile_text(12)): draw(_json_value())}
    if form == "older version":
        older = draw(st.sampled_from([
            {**state, "version": 0}, {**state, "version": 2}, {k: v for k, v in state.items() if k != "version"},
            {"question": state["question"], "answers": state["answers"]},  # before history and fallbacks
            {"state": state},  # under another key
        ]))
        return {"check": older} if "state" not in older else older
    if form == "not an object":
        return {"check": draw(_json_value().filter(lambda v: not isinstance(v, dict)))}
    return {"check": _tampered(draw, tags, state)}


def stored_record(draw, tags: list[str]) -> dict[str, Any] | None:
    """What the store may hold for this user: nothing, what this version writes, or older and corrupt records."""
    form = pick(draw, {"nothing": 2, "progress": 1, "last result": 1, "both": 1, "stale progress": 1, "corrupt": 2})
    tags.append(f"stored record: {form}")
    now = datetime.now(timezone.utc)
    if form == "nothing":
        return None
    progress = {"state": valid_state(draw), "saved_at": int(now.timestamp()) - draw(st.integers(0, 3_600))}
    last = {"date": (now.date() - timedelta(days=draw(st.integers(0, 40)))).isoformat(),
            "urgency": draw(st.sampled_from(["emergency", "urgent", "routine", "self_care"])),
            "causes": draw(st.lists(st.sampled_from(list(load_bank().causes)), max_size=3, unique=True))}
    if form == "progress":
        return {"progress": progress}
    if form == "last result":
        return {"last_result": last}
    if form == "both":
        return {"progress": progress, "last_result": last}
    if form == "stale progress":
        return {"progress": {**progress, "saved_at": int(now.timestamp()) - 25 * 3_600}}
    key = draw(st.sampled_from(["progress", "last_result"]))
    part = draw(st.sampled_from(["whole", *(["state", "saved_at"] if key == "progress" else ["date", "urgency", "causes"])]))
    tags.append(f"stored record corrupt: {key} {part}")
    record = {"progress": dict(progress), "last_result": dict(last)}
    if part == "whole":
        record[key] = draw(_json_value())
    else:
        record[key][part] = draw(_json_value())
    return record


# --------------------------------------------------------------------------------------------------
# the envelope
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SettingsApi:
    """Where a request may tell the skill to find Alexa's settings API: a fake on loopback, never Amazon."""

    endpoint: str


def _context(draw, tags: list[str], user_id: str | None, device_id: str, token: str, api: SettingsApi | None) -> dict[str, Any]:
    system: dict[str, Any] = {"application": {"applicationId": SKILL_ID},
                              "device": {"deviceId": device_id, "supportedInterfaces": {}}}
    if user_id is not None:
        system["user"] = {"userId": user_id}
    if pick(draw, {"no": 3, "yes": 1}) == "yes":
        system["person"] = {"personId": f"amzn1.ask.person.{CANARY}{draw(st.uuids()).hex}"}
    context: dict[str, Any] = {"System": system}
    if draw(st.booleans()):
        tags.append("device: APL")
        system["device"]["supportedInterfaces"]["Alexa.Presentation.APL"] = {"runtime": {"maxVersion": draw(st.sampled_from(["1.0", "2023.3", "2024.2"]))}}
        context["Viewport"] = {"experiences": [{"arcMinuteWidth": 246, "arcMinuteHeight": 144, "canRotate": False, "canResize": False}],
                               "mode": "HUB", "shape": draw(st.sampled_from(["RECTANGLE", "ROUND"])), "pixelWidth": 1024,
                               "pixelHeight": 600, "dpi": 160, "currentPixelWidth": 1024, "currentPixelHeight": 600,
                               "touch": ["SINGLE"], "keyboard": []}
        if draw(st.booleans()):
            context["Alexa.Presentation.APL"] = {"token": draw(hostile_text(20)), "version": "1", "componentsVisibleOnScreen": []}
    if api is not None and draw(st.booleans()):
        tags.append("context: settings API endpoint and token")
        system["apiEndpoint"] = api.endpoint
        system["apiAccessToken"] = token
    return context


@st.composite
def fuzz_case(draw, api: SettingsApi | None = None, kind: str | None = None, intent: str | None = None) -> Case:
    """One request, in or out of a session, with hostile contents; see the module docstring.
    `kind` and `intent` fix the family (see families()); by default any is drawn."""
    tags: list[str] = []
    locale = _locale(draw, tags)
    kind = kind or pick(draw, {k: weight for k, (weight, _) in REQUEST_KINDS.items()})
    tags.append(f"request: {kind}")
    request = {"requestId": f"amzn1.echo-api.request.{draw(st.uuids())}", "timestamp": _timestamp(draw), "locale": locale,
               **REQUEST_KINDS[kind][1](draw, tags, locale, intent)}
    if pick(draw, {"locale": 9, "none": 1}) == "none":
        del request["locale"]
        tags.append("locale: missing")

    user_id = f"amzn1.ask.account.{CANARY}{draw(st.uuids()).hex.upper()}"
    device_id = f"amzn1.ask.device.{CANARY}{draw(st.uuids()).hex.upper()}"
    token = f"eyJ{CANARY}.{draw(st.uuids()).hex}"
    session_id = f"amzn1.echo-api.session.{CANARY}{draw(st.uuids())}"
    context_user = user_id
    if pick(draw, {"user": 19, "none": 1}) == "none":
        tags.append("user id: missing")
        context_user = None
    envelope: dict[str, Any] = {"version": "1.0", "context": _context(draw, tags, context_user, device_id, token, api), "request": request}

    if pick(draw, {"in session": 5, "out of session": 1}) == "out of session":
        tags.append("out of session")
    else:
        session: dict[str, Any] = {"new": draw(st.booleans()), "sessionId": session_id, "application": {"applicationId": SKILL_ID}}
        if context_user is not None:
            session["user"] = {"userId": user_id, **({"accessToken": token} if pick(draw, {"no": 4, "yes": 1}) == "yes" else {})}
        attributes = session_attributes(draw, tags)
        if attributes is not None:
            session["attributes"] = attributes
        envelope["session"] = session
    record = stored_record(draw, tags) if context_user is not None else None
    return Case(envelope, record, tags, [CANARY, user_id, device_id, token, session_id])
