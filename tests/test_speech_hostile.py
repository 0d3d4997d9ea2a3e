"""Content cannot break speech (issue 6): every text in every locale, with every parameter filled from the
worst values a slot can carry, renders to well-formed SSML and says the value as it is.

The parameters are the words the renderer puts into texts: cause names, reasons, heard symptoms, days,
the joiners between them, the emergency number's and the health line's words and names (phone digits are
held to digits by the texts schema). Each is replaced by one of support/fuzz_envelopes.WORST_VALUES (markup,
entities, quotes, braces, control characters, odd Unicode, thousands of characters), then every text of
the locale is rendered as the skill would say it (support/renderings.py) and parsed. Hypothesis adds
arbitrary text on top, with a fixed seed.
"""
from __future__ import annotations

import re
import pytest
from hypothesis import given, seed, settings, strategies as st

from skill.speech import plain_text
from skill.texts import Texts, shipped_locales, texts_for
from support.alexa_checks import ssml_problem
from support.fuzz_envelopes import WORST_VALUES, hostile_text
from support.fuzz_seeds import FIXED_SEED
from support.renderings import renderings

LOCALES = [*shipped_locales(), None]  # None: a locale the skill does not ship (the base English)
PARAMETER_KEYS = re.compile(r"^(cause|because|heard|when)\.|^(result\.because_joiner|heard\.joiner)$")
# Characters XML 1.0 cannot carry at all; the renderer drops them, so they cannot be heard.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def SAID_PARAMETERS(texts: Texts) -> tuple[str, ...]:  # noqa: N802 - reads as the constant it nearly is
    """The placeholders whose words come from the poisoned parameters (the health line only where there is one)."""
    return ("cause", "because", "heard", "when", "emergency_number") + (("health_line",) if texts.health_line else ())


def poisoned(texts: Texts, value: str) -> Texts:
    """The locale's texts with every parameter (see the module docstring) replaced by `value`."""
    words = {key: (value if PARAMETER_KEYS.search(key) and key != "heard.no_match" and key != "heard.confirm" else text)
             for key, text in texts.texts.items()}
    health_line = None
    if texts.health_line is not None:
        health_line = {"words": value} if "words" in texts.health_line else {**texts.health_line, "name": value}
    return Texts(texts.locale, words, {"words": value}, health_line)


def check_renders(texts: Texts, value: str) -> int:
    """Render every text with `value` in every parameter; each must parse and say `value`. Returns the count."""
    heard_value = " ".join(NOT_IN_XML.sub("", value).split())
    count = 0
    for key, speech in renderings(poisoned(texts, value)):
        for ssml in (speech.ssml, speech.reprompt_ssml):
            if ssml is None:
                continue
            problem = ssml_problem(ssml)
            assert problem is None, f"{texts.locale} {key} with {value[:40]!r}: {problem[:400]}"
            count += 1
        template = texts.texts[key]
        if heard_value and any(f"{{{name}}}" in template for name in SAID_PARAMETERS(texts)):
            assert heard_value in plain_text(speech.ssml), f"{texts.locale} {key}: {value[:40]!r} not said as it is"
    return count


@pytest.mark.parametrize("locale", LOCALES, ids=lambda locale: locale or "unshipped")
def test_every_text_with_the_worst_values_renders_to_well_formed_ssml(locale):
    texts = texts_for(locale)
    rendered = sum(check_renders(texts, value) for value in WORST_VALUES)
    assert rendered > 100 * len(WORST_VALUES)


@seed(FIXED_SEED)
@settings(max_examples=60)
@given(locale=st.sampled_from(LOCALES), value=hostile_text(60))
def test_every_text_with_any_text_in_its_parameters_renders_to_well_formed_ssml(locale, value):
    check_renders(texts_for(locale), value)
