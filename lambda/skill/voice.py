"""How the skill sounds: a little slow by day; slower and softer in the small hours; slower again on request."""
from __future__ import annotations

from typing import NamedTuple

NIGHT_FROM_HOUR, NIGHT_UNTIL_HOUR = 22, 7  # on the device's clock
SLOWER_BY = 15  # percentage points, after "slower, please"


class Voice(NamedTuple):  # a named tuple: cheap to build at cold start
    rate: int = 90  # percent of Alexa's default: a little slower, for older listeners
    volume: str | None = None  # an SSML prosody volume; None keeps the device's own
    night: bool = False


DAY = Voice()
NIGHT = Voice(rate=80, volume="soft", night=True)


def is_night_hour(hour: int) -> bool:
    return hour >= NIGHT_FROM_HOUR or hour < NIGHT_UNTIL_HOUR


def voice_for(night: bool, slower: bool) -> Voice:
    voice = NIGHT if night else DAY
    return voice._replace(rate=voice.rate - SLOWER_BY) if slower else voice
