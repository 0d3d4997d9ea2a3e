"""Every well-formed envelope gets a valid answer (issue 6), whatever it carries.

Hypothesis draws request envelopes of every kind the skill can receive (support/fuzz_envelopes.py: launch,
every intent of every shipped model, unknown intents, APL user events, session-ended with every reason,
system exception reports, resumed sessions, in and out of a session) with hostile contents: empty,
unresolved, wrongly resolved and multi-value slots, odd locales, spoken words with markup, entities,
quotes, control characters and thousands of characters, session attributes missing, from older versions or
tampered with, stored records old or corrupt, devices with and without screens, with the settings API's
endpoint and token (a fake on loopback; nothing else on the network can be reached).

Each response must pass check_turn (strict schema, well-formed SSML, Alexa's size limits, session
attributes under our bound, no echo of ids, tokens or words) and no log record at ERROR may appear: the
skill's error handler logs one for every exception it catches, so a turn that "worked" by apologising fails.
The skill runs as deployed: skill id check on (with our id), the fault-tolerant store around a memory store.

Two seeds, a fixed one and a rotating one (support/fuzz_seeds.py, shown in the test ids and pytest's
header), and for each one hypothesis run per family of requests (each request kind, each intent of the
models, unknown intents), 1,100 cases a seed. FUZZ_EXAMPLES=N scales that to about N a seed.
`pytest -s tests/test_fuzz.py` prints the tally of the hostile parts tried.
"""
from __future__ import annotations

import json
import logging
import os
from collections import Counter
from types import SimpleNamespace

import pytest
from hypothesis import Phase, given, seed, settings

from local.envelopes import SKILL_ID
from skill.app import build_skill_builder
from skill.intents import COMMANDS
from skill.stores import FaultTolerantStore
from skill.stores.memory import MemoryStore
from support.fuzz_envelopes import UNKNOWN_INTENT, SettingsApi, families, fuzz_case
from support.fake_alexa_api import serving
from support.fuzz_seeds import FIXED_SEED, rotating_seed
from support.turn_checks import MAX_SESSION_ATTRIBUTES_BYTES, LogRecorder, check_turn, json_size, no_network
from triage.model import Command

# "Stop", "cancel", "go home" and "forget my data" end the session, whatever state it was in.
ENDING_INTENTS = {name for name, command in COMMANDS.items() if command in (Command.STOP, Command.FORGET)}
SEEDS = {"fixed": FIXED_SEED, "rotating": rotating_seed()}
# Cases per seed for each family of requests (support/fuzz_envelopes.families()): every intent of the
# models gets its own share, so none is left to chance. FUZZ_EXAMPLES scales them all (default 1,100 a seed).
SHARES = {"LaunchRequest": 100, "IntentRequest": 50, f"IntentRequest {UNKNOWN_INTENT}": 60, "Alexa.Presentation.APL.UserEvent": 100,
          "SessionEndedRequest": 60, "System.ExceptionEncountered": 40, "SessionResumedRequest": 40}
SCALE = int(os.environ.get("FUZZ_EXAMPLES", "1100")) / 1100


def share(kind: str, intent: str | None) -> int:
    return max(1, round(SCALE * SHARES.get(f"{kind} {intent}", SHARES[kind])))


RUNS = [(which, kind, intent) for which in sorted(SEEDS) for kind, intent in families()]
TOTAL_CASES = sum(share(kind, intent) for _, kind, intent in RUNS)


@pytest.fixture(scope="module")
def offline(alexa_api_certificate):
    """No real network; Alexa's settings API answered by a fake over TLS on loopback."""
    with no_network() as attempts, serving(alexa_api_certificate) as api:
        yield SimpleNamespace(attempts=attempts, api=api)
    assert not attempts, f"something tried to reach the network: {attempts}"


def user_of(case) -> SimpleNamespace:
    """Enough of a request envelope for the store to find the user's record."""
    user = SimpleNamespace(user_id=case.envelope["context"]["System"]["user"]["userId"])
    return SimpleNamespace(context=SimpleNamespace(system=SimpleNamespace(user=user)), session=None)


def fuzz(seed_value: int, examples: int, kind: str, intent: str | None, offline, monkeypatch) -> Counter:
    monkeypatch.setenv("SKILL_ID", SKILL_ID)  # as deployed: the skill id check is on
    store = MemoryStore(b"fuzz-secret")
    handler = build_skill_builder(FaultTolerantStore(store)).lambda_handler()
    recorder = LogRecorder(logging.DEBUG)
    tally: Counter = Counter()

    @seed(seed_value)
    @settings(max_examples=examples, phases=(Phase.explicit, Phase.generate, Phase.shrink))
    @given(case=fuzz_case(api=SettingsApi(offline.api.url), kind=kind, intent=intent))
    def each_request_gets_a_valid_answer(case):
        if case.record is not None:
            store.save_attributes(user_of(case), case.record)
        recorder.records.clear()
        response = handler(case.envelope, None)
        check_turn(case.envelope, response, case.canaries)
        if case.intent_name in ENDING_INTENTS:
            assert response["response"]["shouldEndSession"] is True, f"{case.intent_name} did not end: {response['response']}"
        assert not recorder.errors, "an error was logged:\n" + recorder.describe(recorder.errors)
        for text in recorder.texts():
            for canary in case.canaries:
                assert canary not in text, f"a log line repeats {canary[:40]!r}: {text[:300]}"
        if case.record is not None:
            store.delete_attributes(user_of(case))
        tally["cases"] += 1
        tally.update(case.tags)

    with recorder.installed(logging.DEBUG):
        each_request_gets_a_valid_answer()
    return tally


def test_the_two_seeds_draw_at_least_2000_cases_in_all():
    assert TOTAL_CASES >= 2000 or "FUZZ_EXAMPLES" in os.environ, TOTAL_CASES


@pytest.mark.parametrize("which, kind, intent", RUNS, ids=[f"{w} seed={SEEDS[w]} {i or k}" for w, k, i in RUNS])
def test_every_envelope_gets_a_valid_answer(which, kind, intent, offline, monkeypatch):
    examples = share(kind, intent)
    tally = fuzz(SEEDS[which], examples, kind, intent, offline, monkeypatch)
    TALLY.update(tally)
    assert tally["cases"] >= examples
    assert tally[f"request: {kind}"] == tally["cases"]
    assert not offline.attempts


TALLY: Counter = Counter()


def test_what_was_tried():
    """Last in the file: the tally of this run's bad inputs, shown with `pytest -s tests/test_fuzz.py`."""
    if not TALLY:
        pytest.skip("the fuzz runs were not selected")
    print(f"\n{TALLY['cases']} cases (seeds: {SEEDS}); hostile parts tried:")
    for tag, count in sorted(TALLY.items()):
        print(f"  {count:6d}  {tag}")


def test_the_largest_state_the_bank_allows_fits_the_session_attributes_bound():
    """Every feature answered, every question and feature in the history once, the longest grouped question
    pending, a result with the three longest causes: a valid state, and under MAX_SESSION_ATTRIBUTES_BYTES."""
    from triage.bank import load_bank
    from triage.model import Result, Urgency
    from triage.state import State, from_json, to_json

    bank = load_bank()
    group = max((q for q in bank.questions if q.is_group), key=lambda q: len(json.dumps(q.features)) + len(q.id))
    state = State(question=group.id, answers={f: "unsure" for f in bank.features},
                  history=tuple(dict.fromkeys([*(q.id for q in bank.questions), *bank.features])),
                  result=Result(Urgency.SELF_CARE, tuple(sorted(bank.causes, key=len)[-3:])), fallbacks=3)
    largest = {"check": to_json(bank, state)}
    assert from_json(bank, largest["check"]) == state
    assert json_size(largest) <= MAX_SESSION_ATTRIBUTES_BYTES - 2048, json_size(largest)
