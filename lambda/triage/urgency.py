"""How soon to see a doctor (spec C.3): every rule that holds, the highest level wins.

Each function reads only which features count as true: it takes the answers, or that set (answers.positives).
"""
from __future__ import annotations

from typing import Mapping, NamedTuple

from .answers import Answers, Facts, is_positive, positives
from .bank import Bank
from .model import Urgency
from .scoring import ranked_causes

SELF_CARE_ADVICE = "advice.self_care"
CLINICAL = ("cause", "red_flag")  # kinds of feature that are neither lifestyle nor a risk factor (C.3)
LEVELS = tuple(Urgency)  # lowest first
RANK = {level: rank for rank, level in enumerate(LEVELS)}  # Urgency.rank without its search, for the hot paths


class Assessment(NamedTuple):  # a named tuple: cheap to build at cold start
    level: Urgency
    advice: tuple[str, ...]  # text keys for the winning level, in rule order, no repeats


def assess(bank: Bank, facts: Facts) -> Assessment:
    positive = positives(bank, facts)
    rules = [rule for rule in bank.urgency_rules if rule.when.holds(positive)]
    fired = [(rule.level, rule.advice) for rule in rules]
    overridden = {key for rule in rules for key in rule.overrides}
    if _cause_mentioned(bank, positive):
        fired.append((bank.mentioned_cause_level, bank.mentioned_cause_advice))
    if not fired:
        return Assessment(Urgency.SELF_CARE, (SELF_CARE_ADVICE,))
    top = max(RANK[level] for level, _ in fired)
    advice = tuple(dict.fromkeys(key for level, key in fired if RANK[level] == top and key not in overridden))
    return Assessment(LEVELS[top], advice)


def level(bank: Bank, facts: Facts, found: Mapping[str, float] | None = None) -> Urgency:
    """assess(...).level without the advice, and without ranking the causes when a rule is already as high.
    `found`: the causes' scores on these facts (scoring.scores), where the caller has them already."""
    positive = positives(bank, facts)
    top = 0
    for rank, any_only, others in bank.level_tests:
        if _level_holds(any_only, others, positive):
            top = rank
            break
    mentioned = RANK[bank.mentioned_cause_level]
    if top < mentioned and _cause_mentioned(bank, positive, found):
        top = mentioned
    return LEVELS[top]


def rises_above(bank: Bank, facts: Facts, than: Urgency) -> bool:
    """Whether assess(...).level is higher than `than`: the rules above it first, the causes ranked only
    when the mentioned-cause level (C.3) is above it and no such rule holds."""
    positive = positives(bank, facts)
    floor = RANK[than]
    for rank, any_only, others in bank.level_tests:
        if rank <= floor:
            break
        if _level_holds(any_only, others, positive):
            return True
    return RANK[bank.mentioned_cause_level] > floor and _cause_mentioned(bank, positive)


def _level_holds(any_only: frozenset[str], others: tuple[tuple[frozenset[str], frozenset[str]], ...],
                 positive: frozenset[str]) -> bool:
    """Whether some rule of one level holds (bank.level_tests): Condition.holds, on the rules' sets."""
    if not any_only.isdisjoint(positive):
        return True
    for required, alternatives in others:
        if required <= positive and (not alternatives or not alternatives.isdisjoint(positive)):
            return True
    return False


def _cause_mentioned(bank: Bank, positive: frozenset[str], found: Mapping[str, float] | None = None) -> bool:
    """A cause that may fit, on the strength of a sign that is neither lifestyle nor a risk factor (C.3)."""
    if positive.isdisjoint(bank.clinical_signs):
        return False  # no ranking can find one
    return any(_is_clinical(bank, positive, c) for c in ranked_causes(bank, positive, found))


def _is_clinical(bank: Bank, positive: frozenset[str], cause: str) -> bool:
    """Whether a contributor (scoring.contributors) is of a clinical kind: a weighted one, or one that counts
    through a bonus that holds."""
    if not positive.isdisjoint(bank.cause_clinical[cause]):
        return True
    return any(bonus.when.holds(positive) and any(f in positive and bank.features[f].kind in CLINICAL for f in bonus.when.features())
               for bonus in bank.cause_bonuses[cause])


def skip_heat_advice(bank: Bank, answers: Answers) -> bool:
    """Numb or burning feet, or diabetes: warmth on numb skin can burn (spec D.4)."""
    return any(is_positive(bank, answers, f) for f in bank.no_heat_if_any)


def coaching_allowed(bank: Bank, answers: Answers) -> bool:
    """No stretching, rubbing or warmth once any red flag is raised: it could be a clot (spec D.4)."""
    return not any(is_positive(bank, answers, f) for f, feature in bank.features.items() if feature.is_red_flag)
