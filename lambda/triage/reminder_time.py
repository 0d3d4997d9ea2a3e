"""When the reminder to call the doctor goes off, on the device's clock (issue 12).

Routine: nine in the morning. Urgent at night (22:00 to 07:00): eight the same morning. Urgent by day: in
one hour. Before 07:00 "the morning" is the one about to come, so a check at 3 a.m. is reminded the same
day; from 07:00 it is the next day's.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import NamedTuple

from .model import Urgency

MORNING_STARTS = 7  # the hour the night ends (skill.voice uses the same hours for the night voice)
NIGHT_STARTS = 22


class ReminderTime(NamedTuple):
    slot: str  # how it is said: a text key suffix (reminder_offer.<slot>, reminder_set.<slot>)
    at: datetime  # local wall-clock time, no zone: the Reminders API reads it in the device's zone


def reminder_time(urgency: Urgency, local_now: datetime) -> ReminderTime:
    naive = local_now.replace(tzinfo=None, second=0, microsecond=0)
    night = naive.hour >= NIGHT_STARTS or naive.hour < MORNING_STARTS
    if urgency is Urgency.URGENT and not night:
        return ReminderTime("in_an_hour", naive + timedelta(hours=1))
    hour, name = (8, "eight") if urgency is Urgency.URGENT else (9, "nine")
    same_day = naive.hour < MORNING_STARTS
    day = naive.date() if same_day else naive.date() + timedelta(days=1)
    return ReminderTime(f"{name}_{'this_morning' if same_day else 'tomorrow'}", datetime.combine(day, time(hour)))
