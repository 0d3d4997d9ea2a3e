"""Cause scores and the ranking rule of spec B.10.

Each function reads only which features count as true: it takes the answers, or that set (answers.positives).
"""
from __future__ import annotations

from typing import Mapping

from .answers import Facts, positives
from .bank import Bank


def contributors(bank: Bank, facts: Facts, cause: str) -> list[str]:
    """The positive features that add to a cause: by weight, or through a bonus that holds."""
    positive = positives(bank, facts)
    found = [f for f in bank.weighted_features[cause] if f in positive]
    for bonus in bank.cause_bonuses[cause]:
        if bonus.when.holds(positive):
            found += [f for f in bonus.when.features() if f not in found and f in positive]
    return found


def score(bank: Bank, facts: Facts, cause: str) -> float:
    return _score(bank, positives(bank, facts), cause)


def scores(bank: Bank, facts: Facts) -> dict[str, float]:
    """Every cause's score, in bank order: the positives worked out once for all of them."""
    positive = positives(bank, facts)
    return {cause: _score(bank, positive, cause) for cause in bank.causes}


def _score(bank: Bank, positive: frozenset[str], cause: str) -> float:
    # The same sums as ever, in bank order; worked out beforehand where none of the weights or all of them count
    # (0, as the sum of nothing, or the cause's total): the high world of the answers holds nearly all.
    features = bank.cause_features[cause]
    if positive.isdisjoint(features):
        weights = 0
    elif features <= positive:
        weights = bank.cause_totals[cause]
    else:
        weights = sum([weight for f, weight in bank.cause_weights[cause] if f in positive])
    bonuses = bank.cause_bonuses[cause]
    return weights + sum([b.points for b in bonuses if b.when.holds(positive)]) if bonuses else weights


def has_evidence(bank: Bank, facts: Facts, cause: str) -> bool:
    """At least one contributor that is not a mere risk factor (B.10 rule 2): a weighted one, or one that
    counts through a bonus that holds."""
    positive = positives(bank, facts)
    if not positive.isdisjoint(bank.cause_evidence[cause]):
        return True
    return any(bonus.when.holds(positive) and any(f in positive and bank.features[f].kind != "risk" for f in bonus.when.features())
               for bonus in bank.cause_bonuses[cause])


def tie_order(bank: Bank, cause: str) -> int:
    return bank.causes.index(cause)


def ranked_causes(bank: Bank, facts: Facts, found: Mapping[str, float] | None = None) -> tuple[str, ...]:
    """The causes that may fit, best first, at most `max_causes` (B.10 rules 1 to 4). `found`: their scores on
    these facts, where the caller has them already."""
    positive = positives(bank, facts)
    found = found if found is not None else scores(bank, positive)
    qualifying = [c for c in bank.causes if found[c] >= bank.mention_threshold and has_evidence(bank, positive, c)]
    qualifying.sort(key=lambda c: (-found[c], tie_order(bank, c)))
    return tuple(qualifying[: bank.max_causes])


def reasons(bank: Bank, facts: Facts, cause: str, limit: int = 2) -> tuple[str, ...]:
    """The strongest evidence for a cause, to say why it may fit: real signs before risk factors."""
    found = contributors(bank, facts, cause)
    found.sort(key=lambda f: (bank.features[f].kind == "risk", -bank.features[f].weights.get(cause, 0)))
    return tuple(found[:limit])
