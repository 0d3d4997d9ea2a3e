"""Every spoken word, per locale, from content/<locale>.json with fallback along `extends`."""
from __future__ import annotations

import os
from functools import cache
from typing import Mapping

from triage.content_files import content_folder, load_validated
from triage.errors import ContentError

BASE_LOCALE = "en"  # US wording with "your local emergency number": for a locale the skill does not ship


class Texts:
    """One locale's texts by key. A plain class, not a frozen dataclass: that costs about 0.5 ms of cold start."""

    __slots__ = ("locale", "texts", "emergency_number", "health_line", "filled")

    def __init__(
        self,
        locale: str,
        texts: Mapping[str, str],
        emergency_number: Mapping[str, str],  # {"digits": "911"} or {"words": "..."}
        health_line: Mapping[str, str] | None = None,  # {"name": "NHS", "digits": "111"}, {"words": ...}, or none
    ) -> None:
        self.locale, self.texts, self.emergency_number, self.health_line = locale, texts, emergency_number, health_line
        # (text, as SSML?) -> the text filled in by speech.py, for a text with no words of a turn in it: the
        # same on every turn, so worked out once per locale (the questions are said on every turn).
        self.filled: dict[tuple[str, bool], str] = {}

    def __getitem__(self, key: str) -> str:
        try:
            return self.texts[key]
        except KeyError:
            raise ContentError(f"no text {key!r} for locale {self.locale}") from None

    def __repr__(self) -> str:
        return f"Texts({self.locale!r}, {len(self.texts)} texts)"


@cache
def shipped_locales() -> tuple[str, ...]:
    names = os.listdir(content_folder())
    return tuple(sorted(n[: -len(".json")] for n in names if n.endswith(".json") and "-" in n and not n.startswith(".")))


def texts_for(locale: str | None) -> Texts:
    """Texts for a locale, read once per process; an unknown or missing locale gets the base English."""
    # Cached by the file's name, not by what the request said: one entry per shipped locale, however
    # many different locale strings arrive.
    return _texts(locale if locale in shipped_locales() else BASE_LOCALE)


@cache
def _texts(name: str) -> Texts:
    texts: dict[str, str] = {}
    values: dict[str, Mapping[str, str]] = {}
    for data in reversed(_chain(name)):
        texts.update(data["texts"])
        values.update(data["values"])
    return Texts(name, texts, values["emergency_number"], values.get("health_line"))


def _chain(name: str) -> list[dict]:
    """The locale file and the files it extends, most specific first."""
    chain = [load_validated(f"{name}.json", "texts.schema.json")]
    while "extends" in chain[-1]:
        if len(chain) > 5:
            raise ContentError(f"{name}.json: `extends` goes round in a loop")
        chain.append(load_validated(f"{chain[-1]['extends']}.json", "texts.schema.json"))
    return chain
