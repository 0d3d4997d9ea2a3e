"""How soon to see a doctor (spec C.3): every rule that holds, the highest level wins."""
from __future__ import annotations

from typing import NamedTuple

from .answers import Answers, holds, is_positive
from .bank import Bank
from .model import Urgency
from .scoring import contributors, ranked_causes

SELF_CARE_ADVICE = "advice.self_care"


class Assessment(NamedTuple):  # a named tuple: cheap to build at cold start
    level: Urgency
    advice: tuple[str, ...]  # text keys for the winning level, in rule order, no repeats


def assess(bank: Bank, answers: Answers) -> Assessment:
    rules = [rule for rule in bank.urgency_rules if holds(bank, answers, rule.when)]
    fired = [(rule.level, rule.advice) for rule in rules]
    overridden = {key for rule in rules for key in rule.overrides}
    if any(_is_clinical(bank, answers, c) for c in ranked_causes(bank, answers)):
        fired.append((bank.mentioned_cause_level, bank.mentioned_cause_advice))
    if not fired:
        return Assessment(Urgency.SELF_CARE, (SELF_CARE_ADVICE,))
    top = max(level.rank for level, _ in fired)
    advice = tuple(dict.fromkeys(key for level, key in fired if level.rank == top and key not in overridden))
    return Assessment(Urgency(list(Urgency)[top]), advice)


def _is_clinical(bank: Bank, answers: Answers, cause: str) -> bool:
    """Mentioned on the strength of a sign that is neither lifestyle nor a risk factor (C.3, routine)."""
    return any(bank.features[f].kind in ("cause", "red_flag") for f in contributors(bank, answers, cause))


def skip_heat_advice(bank: Bank, answers: Answers) -> bool:
    """Numb or burning feet, or diabetes: warmth on numb skin can burn (spec D.4)."""
    return any(is_positive(bank, answers, f) for f in bank.no_heat_if_any)


def coaching_allowed(bank: Bank, answers: Answers) -> bool:
    """No stretching, rubbing or warmth once any red flag is raised: it could be a clot (spec D.4)."""
    return not any(is_positive(bank, answers, f) for f, feature in bank.features.items() if feature.is_red_flag)
