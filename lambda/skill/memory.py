"""What outlives a session, through the persistence adapter: an unfinished check for 24 hours, then only the
day, urgency and causes of the last result (and whether the follow-up line was said), whether warmth must be
left out of cramp relief because of numb or burning feet or diabetes (spec D.4), the cramp diary
(skill.diary: 90 days an entry), and, in a record kept for any of these, the device's time zone
(skill.kept_zone: a week). Nothing else about the user is kept."""
from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from ask_sdk_core.handler_input import HandlerInput

from triage import diary as diary_rules
from triage.bank import load_bank
from triage.errors import InvalidState
from triage.knowledge import possibly_yes
from triage.model import CrampEntry, DiarySummary, LastCheck, Launch, Line, LogCramp, Result, Turn, Urgency
from triage.state import State, from_json, to_json
from triage.urgency import skip_heat_advice

from . import clock, diary, kept_zone
from .stores import KEEP_UNTIL, StoreUnavailable, Unreadable

log = logging.getLogger(__name__)

RESUME_WINDOW_S = 24 * 60 * 60
FOLLOW_UP_DAYS = 14  # "if you haven't yet, it's worth a call": only while the advice is recent
FOLLOWED_UP = "followed_up"


def launch(handler_input: HandlerInput) -> Launch:
    """The launch event with whatever the store still holds for this user."""
    record = _record(handler_input)
    now = clock.local_now(handler_input)
    night = clock.is_night(handler_input)
    last = _last(record)
    follow_up = (not night and last is not None and last.result.urgency in (Urgency.ROUTINE, Urgency.URGENT)
                 and 0 <= (now.date() - last.day).days <= FOLLOW_UP_DAYS
                 and not record["last_result"].get(FOLLOWED_UP))
    frequent = diary_rules.frequent(diary_rules.summary(diary.entries(record, now.date()), now.date()))
    return Launch(today=now.date(), saved=_saved(record, now), last=last, night=night,
                  avoid_heat=record.get("avoid_heat") is True, follow_up=follow_up, diary_frequent=frequent)


def diary_summary(handler_input: HandlerInput) -> DiarySummary:
    today = clock.local_now(handler_input).date()
    return diary_rules.summary(diary.entries(_record(handler_input), today), today)


def note_cramp(handler_input: HandlerInput, entry: CrampEntry) -> LogCramp:
    """Store a diary entry now, and say how that went: noted, the first entry, the diary now frequent."""
    record = _record(handler_input)
    if isinstance(record, Unreadable):
        return LogCramp(entry, noted=False)  # writing now would replace a diary that could not be read
    today = clock.local_now(handler_input).date()
    kept = diary.entries(record, today)
    noted = diary.with_entry(kept, entry)
    updated = {k: v for k, v in record.items() if k not in (diary.DIARY, KEEP_UNTIL)}
    updated.update(diary.as_record(noted))
    manager = handler_input.attributes_manager
    manager.persistent_attributes = updated
    try:
        manager.save_persistent_attributes()
    except StoreUnavailable:
        manager.persistent_attributes = record
        return LogCramp(entry, noted=False)
    frequent = diary_rules.frequent(diary_rules.summary(noted, today))
    return LogCramp(entry, noted=True, first=not kept, frequent=frequent)


def forget(handler_input: HandlerInput) -> bool:
    """Delete everything kept for this user. False when the store could not: the user must not hear "done"."""
    try:
        handler_input.attributes_manager.delete_persistent_attributes()
    except StoreUnavailable:
        return False
    return True


def keep(handler_input: HandlerInput, state: State, turn: Turn) -> None:
    """After a turn: store progress or the last result if they changed."""
    manager = handler_input.attributes_manager
    record = _record(handler_input)
    if isinstance(record, Unreadable):
        return  # what is stored could not be read: writing would replace it (the store logged the fault)
    wanted = _wanted(handler_input, record, state)
    if Line("follow_up") in turn.lines and "last_result" in wanted:
        wanted["last_result"] = {**wanted["last_result"], FOLLOWED_UP: True}  # said once per result
    if wanted == record:
        return
    if wanted:
        manager.persistent_attributes = wanted
        try:
            manager.save_persistent_attributes()
        except StoreUnavailable:
            pass  # the store's warning is logged: the conversation goes on
    else:
        try:
            manager.delete_persistent_attributes()
        except StoreUnavailable:
            pass  # nothing left worth keeping, and the store's warning is logged: the conversation goes on


def _wanted(handler_input: HandlerInput, record: dict[str, Any], state: State) -> dict[str, Any]:
    wanted: dict[str, Any] = {}
    now = clock.local_now(handler_input)
    # Seconds from the UTC timestamp: the same instant, and ~10 µs cheaper than through dateutil's local zone.
    now_s = int(clock.request_time(handler_input).timestamp())
    if record.get("avoid_heat") is True or state.avoid_heat or skip_heat_advice(load_bank(), possibly_yes(load_bank(), state.answers, state.groups)):
        wanted["avoid_heat"] = True
    if state.result:
        wanted["last_result"] = {"date": now.date().isoformat(), "urgency": state.result.urgency.value,
                                 "causes": list(state.result.causes)}
    elif "last_result" in record:
        wanted["last_result"] = record["last_result"]
    wanted.update(diary.as_record(diary.entries(record, now.date())))
    if state.answers and not state.result:
        saved = record.get("progress")
        same = isinstance(saved, dict) and isinstance(saved.get("state"), dict) and {
            k: saved["state"].get(k) for k in ("answers", "history")} == {"answers": dict(state.answers), "history": list(state.history)}
        # The 24 hours run from the last answer, not from the last time the skill was opened.
        wanted["progress"] = saved if same else {"state": to_json(load_bank(), state), "saved_at": now_s}
    zone = kept_zone.entry_to_keep(record, clock.device_id(handler_input), clock.device_zone_name(handler_input), now_s)
    if wanted and zone:  # never a record for the zone alone
        wanted[kept_zone.KEPT] = zone
    return wanted


def _record(handler_input: HandlerInput) -> dict[str, Any]:
    if handler_input.request_envelope.session is None and handler_input.request_envelope.context is None:
        return {}
    return handler_input.attributes_manager.persistent_attributes


def _saved(record: dict[str, Any], now: datetime) -> State | None:
    progress = record.get("progress")
    saved_at = progress.get("saved_at") if isinstance(progress, dict) else None
    # A record from an older version or a corrupt one is no progress, never an error.
    if type(saved_at) not in (int, float) or now.timestamp() - saved_at > RESUME_WINDOW_S:
        return None
    try:
        return from_json(load_bank(), progress.get("state"))
    except InvalidState:
        log.warning("saved progress did not match the state schema; starting fresh")
        return None


def _last(record: dict[str, Any]) -> LastCheck | None:
    last = record.get("last_result")
    try:
        return LastCheck(date.fromisoformat(last["date"]), Result(Urgency(last["urgency"]), tuple(last["causes"])))
    except (TypeError, KeyError, ValueError):
        return None
