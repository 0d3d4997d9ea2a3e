"""Cause scores and the ranking rule of spec B.10."""
from __future__ import annotations

from .answers import Answers, holds, is_positive
from .bank import Bank


def contributors(bank: Bank, answers: Answers, cause: str) -> list[str]:
    """The positive features that add to a cause: by weight, or through a bonus that holds."""
    found = [f for f in bank.weighted_features[cause] if is_positive(bank, answers, f)]
    for bonus in bank.bonuses:
        if bonus.cause == cause and holds(bank, answers, bonus.when):
            found += [f for f in bonus.when.features() if f not in found and is_positive(bank, answers, f)]
    return found


def score(bank: Bank, answers: Answers, cause: str) -> float:
    weights = sum(bank.features[f].weights.get(cause, 0) for f in contributors(bank, answers, cause))
    bonuses = sum(b.points for b in bank.bonuses if b.cause == cause and holds(bank, answers, b.when))
    return weights + bonuses


def has_evidence(bank: Bank, answers: Answers, cause: str) -> bool:
    """At least one contributor that is not a mere risk factor (B.10 rule 2)."""
    return any(bank.features[f].kind != "risk" for f in contributors(bank, answers, cause))


def tie_order(bank: Bank, cause: str) -> int:
    return bank.causes.index(cause)


def ranked_causes(bank: Bank, answers: Answers) -> tuple[str, ...]:
    """The causes that may fit, best first, at most `max_causes` (B.10 rules 1 to 4)."""
    scores = {c: score(bank, answers, c) for c in bank.causes}
    qualifying = [c for c in bank.causes if scores[c] >= bank.mention_threshold and has_evidence(bank, answers, c)]
    qualifying.sort(key=lambda c: (-scores[c], tie_order(bank, c)))
    return tuple(qualifying[: bank.max_causes])


def reasons(bank: Bank, answers: Answers, cause: str, limit: int = 2) -> tuple[str, ...]:
    """The strongest evidence for a cause, to say why it may fit: real signs before risk factors."""
    found = contributors(bank, answers, cause)
    found.sort(key=lambda f: (bank.features[f].kind == "risk", -bank.features[f].weights.get(cause, 0)))
    return tuple(found[:limit])
