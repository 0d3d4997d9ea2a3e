"""Guided relief during a cramp (spec D.1): content/relief.json said one step per check-in, with real pauses."""
from __future__ import annotations

from functools import cache
from typing import NamedTuple

from .content_files import load_validated
from .model import Line, Pause, Relief

# The ten-minute red flag (spec A17): recorded when relief has not worked, so a check after it stays urgent.
LONG_CRAMP = "rf_cramp_over_10_min_not_easing"


class Say(NamedTuple):  # a named tuple: cheap to build at cold start
    key: str
    avoid_heat: str | None = None  # said instead when warmth could burn numb skin (spec D.4)


Item = Say | Pause


class Script(NamedTuple):  # a named tuple: cheap to build at cold start
    steps: tuple[tuple[Item, ...], ...]
    loop: tuple[tuple[Item, ...], ...]  # take turns after the steps, until the time is up
    limit_seconds: int
    max_check_ins: int

    def lines(self, relief: Relief, avoid_heat: bool) -> tuple[Line | Pause, ...]:
        """What to say at this point of relief: the step's words, warmth or the burns caution, and pauses."""
        index = relief.step
        items = self.steps[index] if index < len(self.steps) else self.loop[(index - len(self.steps)) % len(self.loop)]
        return tuple(_line(item, avoid_heat) for item in items)

    def time_is_up(self, relief: Relief, now: int | None) -> bool:
        """About ten minutes since relief began. Check-ins are counted too, so a clock that is missing or
        stuck still ends the loop (each check-in takes at least its pauses, about 40 seconds)."""
        elapsed = now - relief.started if now is not None and relief.started is not None else 0
        return elapsed >= self.limit_seconds or relief.step + 1 >= self.max_check_ins

    def text_keys(self) -> set[str]:
        items = [i for step in self.steps + self.loop for i in step if isinstance(i, Say)]
        return {i.key for i in items} | {i.avoid_heat for i in items if i.avoid_heat}


def _line(item: Item, avoid_heat: bool) -> Line | Pause:
    if isinstance(item, Pause):
        return item
    return Line(item.avoid_heat if avoid_heat and item.avoid_heat else item.key)


def _item(raw: dict) -> Item:
    return Pause(raw["pause"]) if "pause" in raw else Say(raw["say"], raw.get("avoid_heat"))


@cache
def load_script() -> Script:
    raw = load_validated("relief.json", "relief.schema.json")
    steps = tuple(tuple(_item(i) for i in step) for step in raw["steps"])
    loop = tuple(tuple(_item(i) for i in step) for step in raw["loop"])
    return Script(steps, loop, raw["limit_seconds"], raw["max_check_ins"])
