"""What an answer means for a feature: the one place that decides when "not sure" counts as yes."""
from __future__ import annotations

from typing import Mapping, Union

from .bank import Bank, Condition
from .model import AnswerValue

Answers = Mapping[str, str]
# What scoring and urgency read of the answers is only which features count as true: they take the answers,
# or that set (`positives`) where the caller has it already (the question choice tries many worlds a turn).
Facts = Union[Answers, frozenset]

YES, UNSURE = AnswerValue.YES.value, AnswerValue.UNSURE.value


def is_positive(bank: Bank, answers: Answers, feature_id: str) -> bool:
    """Yes counts; "not sure" also counts for an emergency sign, because a missed emergency costs more than a
    false alarm (spec A). Any other "not sure" counts as no: the spec's rule works it out so (cases README)."""
    value = answers.get(feature_id)
    if value == AnswerValue.YES:
        return True
    return value == AnswerValue.UNSURE and feature_id in bank.unsure_counts


def positives(bank: Bank, facts: Facts) -> frozenset[str]:
    """Every feature `is_positive` counts as true, as one set (a set given is already that)."""
    if isinstance(facts, frozenset):
        return facts
    counted = bank.unsure_counts  # a list, not a generator, and the set read once: worked out for every know
    return frozenset([f for f, value in facts.items() if value == YES or (value == UNSURE and f in counted)])


def holds(bank: Bank, answers: Answers, condition: Condition) -> bool:
    return all(is_positive(bank, answers, f) for f in condition.all_of) and (
        not condition.any_of or any(is_positive(bank, answers, f) for f in condition.any_of)
    )
