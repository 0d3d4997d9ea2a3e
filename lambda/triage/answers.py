"""What an answer means for a feature: the one place that decides when "not sure" counts as yes."""
from __future__ import annotations

from typing import Mapping

from .bank import Bank, Condition
from .model import AnswerValue

Answers = Mapping[str, str]


def is_positive(bank: Bank, answers: Answers, feature_id: str) -> bool:
    """Yes counts; "not sure" also counts for a red flag, because a missed emergency costs more than a false alarm."""
    value = answers.get(feature_id)
    if value == AnswerValue.YES:
        return True
    return value == AnswerValue.UNSURE and bank.features[feature_id].is_red_flag


def holds(bank: Bank, answers: Answers, condition: Condition) -> bool:
    return all(is_positive(bank, answers, f) for f in condition.all_of) and (
        not condition.any_of or any(is_positive(bank, answers, f) for f in condition.any_of)
    )
