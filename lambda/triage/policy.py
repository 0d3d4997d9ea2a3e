"""Which question to ask next: the first one, in bank order, that is open, relevant, and could change the result.

A question is *open* when none of its features is answered, *relevant* when it has no `ask_if` or one of those
features is positive (follow-ups only count after their screening answer), and *useful* when a yes could
- raise the urgency level (every red flag, until an emergency ends the check), or
- open a red-flag question later (a safety gate, such as taking a statin), or
- bring a cause into the result that is not there yet (one the answers still to come could bring in).
Once the level is urgent the cause questions stop (spec A: a red flag stops the cause questions); only
questions that could still make it an emergency are asked. No useful question left means the check is done.
"""
from __future__ import annotations

from functools import cache
from typing import Callable

from .answers import Answers, is_positive
from .bank import Bank, Question
from .model import AnswerValue, Urgency
from .scoring import has_evidence, ranked_causes, score, tie_order
from .urgency import assess


def next_question(bank: Bank, answers: Answers) -> Question | None:
    level = assess(bank, answers).level
    # Worked out once, and only if a question gets that far (red flags and safety gates usually decide first).
    possible = cache(lambda: _causes_still_possible(bank, answers))
    for question in bank.questions:
        if (
            _is_open(question, answers)
            and _is_relevant(bank, question, answers)
            and _is_useful(bank, question, answers, level, possible)
        ):
            return question
    return None


def _is_open(question: Question, answers: Answers) -> bool:
    return not any(f in answers for f in question.features)


def _is_relevant(bank: Bank, question: Question, answers: Answers) -> bool:
    return not question.ask_if or any(is_positive(bank, answers, f) for f in question.ask_if)


def _is_useful(bank: Bank, question: Question, answers: Answers, level: Urgency, possible: Callable[[], set[str]]) -> bool:
    raises_level = _level_if_yes(bank, question, answers).rank > level.rank
    if level.rank >= Urgency.URGENT.rank:
        return raises_level
    return raises_level or _is_safety_gate(bank, question, answers) or bool(_causes_fed(bank, question) & possible())


def _if_yes(question: Question, answers: Answers) -> dict[str, str]:
    return {**answers, **{f: AnswerValue.YES.value for f in question.features}}


def _level_if_yes(bank: Bank, question: Question, answers: Answers) -> Urgency:
    return assess(bank, _if_yes(question, answers)).level


def _is_safety_gate(bank: Bank, question: Question, answers: Answers) -> bool:
    return any(
        set(question.features) & set(other.ask_if)
        and _is_open(other, answers)
        and bank.asks_red_flag(other)
        for other in bank.questions
    )


def _causes_fed(bank: Bank, question: Question) -> set[str]:
    """The causes a yes here adds to, by weight or through a bonus."""
    fed = {cause for f in question.features for cause in bank.features[f].weights}
    return fed | {b.cause for b in bank.bonuses if set(question.features) & set(b.when.features())}


def _causes_still_possible(bank: Bank, answers: Answers) -> set[str]:
    """Causes not yet in the result that the answers still to come could bring in (once per choice, not per question)."""
    current = ranked_causes(bank, answers)
    best_case = _best_case_answers(bank, answers)
    return {
        cause
        for cause in set(bank.causes) - set(current)
        if score(bank, best_case, cause) >= bank.mention_threshold
        and has_evidence(bank, best_case, cause)
        and (len(current) < bank.max_causes or _could_outrank(bank, answers, best_case, cause, current[-1]))
    }


def _best_case_answers(bank: Bank, answers: Answers) -> dict[str, str]:
    """Every feature the check can still reach answered yes: the most any cause can still score."""
    best = dict(answers)
    grew = True
    while grew:  # a follow-up becomes reachable once its screening question could be answered yes
        reachable = [q for q in bank.questions if _is_open(q, answers) and _is_relevant(bank, q, best)]
        grew = any(f not in best for q in reachable for f in q.features)
        best.update({f: AnswerValue.YES.value for q in reachable for f in q.features})
    return best


def _could_outrank(bank: Bank, answers: Answers, best_case: Answers, cause: str, weakest: str) -> bool:
    best, floor = score(bank, best_case, cause), score(bank, answers, weakest)
    return best > floor or (best == floor and tie_order(bank, cause) < tie_order(bank, weakest))
