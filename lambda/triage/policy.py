"""Which question to ask next: the first one, in bank order, that can be asked now and could change the result.

Bank order is the priority: the emergency questions first, then the questions everyone is asked (grouped
where one question can fairly ask about several signs), each group followed by the questions that tell its
yes apart. A question can be asked when
- it is still open (a group: none of its features known; one feature: that feature unknown),
- the group it tells apart was answered yes (or one of that group's features is already known), and
- its gate (`ask_if`) could be yes.
It is asked when a yes to it (and to what it opens) could raise the lowest urgency the answers allow, or
could bring in a cause not yet settled. Once a red flag makes it urgent the new cause questions stop (spec A);
what is still asked then is anything that could make it an emergency, and the questions that tell apart a
group already answered yes. When the answers settle the result (knowledge.py), the check is done.

Everything is read from the turn's Knowledge: each question tried is one set of features (the low world's
true ones and what a yes here could add), never the answers assessed again.
"""
from __future__ import annotations

from .answers import Answers
from .bank import Bank, Question
from .knowledge import Groups, Knowledge, group_is_positive, know
from .model import Urgency
from .urgency import RANK, rises_above


def next_question(bank: Bank, answers: Answers, groups: Groups | None = None, knowledge: Knowledge | None = None) -> Question | None:
    groups = groups or {}
    knowledge = knowledge or know(bank, answers, groups)
    if knowledge.low_level is Urgency.EMERGENCY or knowledge.settled:
        return None
    for question in bank.questions:
        if question.id in answers or question.id in groups:
            continue  # answered: most of them, soon into a check (a group's id is never a feature's, bank._cross_check)
        if _can_ask(bank, question, answers, groups, knowledge) and _could_change(bank, question, knowledge):
            return question
    return None


def _can_ask(bank: Bank, question: Question, answers: Answers, groups: Groups, knowledge: Knowledge) -> bool:
    if question.is_group:
        features = bank.question_features[question.id]
        if question.id in groups or not answers.keys().isdisjoint(features) or _implied(features, knowledge):
            return False
    elif question.id in answers:
        return False
    if question.parent and not _opened(bank, bank.question(question.parent), answers, groups, knowledge):
        return False
    return not question.ask_if or not knowledge.could_be_yes.isdisjoint(question.ask_if)


def _opened(bank: Bank, group: Question, answers: Answers, groups: Groups, knowledge: Knowledge) -> bool:
    """A group whose features are now asked one by one: it was answered yes (or its yes follows from a wider
    group's yes and no to the rest), or one of its features is known."""
    features = bank.question_features[group.id]
    return (group_is_positive(bank, group, groups.get(group.id)) or _implied(features, knowledge)
            or not answers.keys().isdisjoint(features))


def _implied(features: frozenset[str], knowledge: Knowledge) -> bool:
    """An open group's features left all lie within these: a yes to them follows from the answers."""
    return any(g.candidate_set <= features for g in knowledge.open_groups)


def _could_change(bank: Bank, question: Question, knowledge: Knowledge) -> bool:
    unknown = bank.reach[question.id].difference(knowledge.low)
    if_yes = knowledge.low_positive | unknown
    if RANK[knowledge.red_flag_level] >= RANK[Urgency.URGENT]:
        telling_apart = question.parent is not None  # asked only once that group is open (_can_ask)
        return rises_above(bank, if_yes, Urgency.URGENT) or (telling_apart and _could_name(bank, unknown, knowledge))
    return _could_name(bank, unknown, knowledge) or rises_above(bank, if_yes, knowledge.low_level)


def _could_name(bank: Bank, unknown: frozenset[str], knowledge: Knowledge) -> bool:
    """A yes here, with at most one more yes elsewhere, could bring in a cause that is not settled yet."""
    for cause in knowledge.undecided:
        if unknown.isdisjoint(bank.cause_mentions[cause]):
            continue  # no gain: most causes, for most questions
        weights = bank.cause_weights[cause]  # only features with a weight for it: every weight is above 0 (schema)
        gain = sum([weight for f, weight in weights if f in unknown]) + _bonus(bank, unknown, cause)
        if not gain:
            continue
        elsewhere = [weight for f, weight in weights if f in knowledge.still_possible and f not in unknown]
        if knowledge.low_scores[cause] + gain + max(elsewhere, default=0) >= bank.mention_threshold:
            return True
    return False


def _bonus(bank: Bank, unknown: frozenset[str], cause: str) -> float:
    return sum([b.points for b in bank.cause_bonuses[cause] if not unknown.isdisjoint(b.when.mentions)])
