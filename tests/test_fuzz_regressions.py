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
