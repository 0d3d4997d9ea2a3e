"""What a turn asks the skill layer to do before it answers (Turn.action), done here, and its outcome as the
event the core words next. The voice permission is not done here: it is a directive (responses)."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from triage.diary import entry_for
from triage.model import Action, Event, ReminderOutcome
from triage.state import State

from . import clock, memory, reminders

DONE_HERE = frozenset({Action.SET_REMINDER, Action.NOTE_CRAMP})


def perform(handler_input: HandlerInput, state: State, action: Action) -> Event:
    if action is Action.SET_REMINDER:
        return ReminderOutcome(reminders.set_reminder(handler_input, state.result.urgency))
    # The cramp that guided relief just eased: dated by the diary's one rule for "now", where and how long not said.
    entry = entry_for(clock.local_now(handler_input).date(), "now", None, None, None)
    return memory.note_cramp(handler_input, entry)
