"""What the answers so far settle, and what they leave open: the bounds the question choice and the result read.

A grouped question answered yes says that at least one of its features is true, not which. So the answers
pin the truth between two worlds:
- the *low* world: every confirmed yes (and "not sure" to an emergency sign), plus the one feature left of a group
  that was answered yes when the others have since been answered no; each group still open adds, per cause,
  the least any of its remaining features would add (and the lowest urgency any of them would set);
- the *high* world: the low world plus every feature still unknown that the check can still reach.
Scores only grow with a yes, so anything both worlds agree on (the urgency level, whether a cause is named)
no answer still to come can change. The check ends when they agree on everything.

Worked out once per turn (`know`), then read by the policy and the result. Scoring and urgency read only
which features count as true, so each world is kept as that set (answers.positives) and assessed as one.
"""
from __future__ import annotations

from typing import Mapping, NamedTuple

from .answers import Answers, positives
from .bank import Bank, Question
from .model import AnswerValue, Urgency
from .scoring import has_evidence, scores, tie_order
from .urgency import LEVELS, RANK, Assessment, assess, level

YES, NO, UNSURE = AnswerValue.YES.value, AnswerValue.NO.value, AnswerValue.UNSURE.value
Groups = Mapping[str, str]  # group question id -> the answer it was given
CLINICAL = ("cause", "red_flag")  # kinds of feature that are neither lifestyle nor a risk factor (C.3)


class OpenGroup(NamedTuple):
    """A group answered yes (or "not sure", where it asks about red flags) with no feature of it confirmed yet."""

    group: str
    candidates: tuple[str, ...]  # its features still unknown: at least one of them is true
    candidate_set: frozenset[str] = frozenset()  # the same as a set, for the policy's tests on every question


class Knowledge(NamedTuple):
    low: dict[str, str]  # answers of the low world (features by id -> "yes", "no", "unsure")
    low_positive: frozenset[str]  # the features true in the low world (answers.positives of `low`)
    still_possible: frozenset[str]  # the features true in the high world only: unknown, and still reachable
    open_groups: tuple[OpenGroup, ...]
    low_level: Urgency
    high_level: Urgency
    red_flag_level: Urgency  # the lowest level the red flags (rf_) alone set: urgent or more stops the cause questions
    low_scores: Mapping[str, float]  # per cause, the least it can still score
    named: tuple[str, ...]  # causes named in every world the answers allow, best first
    undecided: frozenset[str]  # causes that some answer still to come could name
    could_be_yes: frozenset[str] = frozenset()  # true in the low world, or left in an open group (a gate that can open)

    @property
    def settled(self) -> bool:
        return self.low_level is self.high_level and not self.undecided


def group_is_positive(bank: Bank, group: Question, value: str | None) -> bool:
    """A yes says one of them is true; "not sure" is taken the same way where a red flag is asked (safety)."""
    return value == YES or (value == UNSURE and bank.asks_red_flag(group))


def know(bank: Bank, answers: Answers, groups: Groups) -> Knowledge:
    # A group's no is a no to each of its features, even one whose own answer was said and then taken back.
    said_no = {f: NO for g, v in groups.items() if v == NO for f in bank.questions_by_id[g].features}
    answers = {**said_no, **answers}
    answered_positive = positives(bank, answers)
    open_groups = _open_groups(bank, answers, answered_positive, groups)
    # The one feature left of a group answered yes is true (a candidate is never answered: no answer to overwrite).
    only_left = [g.candidates[0] for g in open_groups if len(g.candidates) == 1]
    low = answers  # the merged copy above, this function's own
    low.update(dict.fromkeys(only_left, YES))
    open_groups = tuple(g for g in open_groups if len(g.candidates) > 1)
    low_positive = answered_positive.union(only_left) if only_left else answered_positive
    still_possible = _still_possible(bank, low, low_positive, open_groups)
    high_positive = low_positive | still_possible
    # Per open group and cause, the least a yes to it adds (its mildest feature): read by the scores and the naming.
    least = [_least_weights(bank, g) for g in open_groups]
    # The low world's own scores: also what its urgency ranks the causes by (_low_level), so worked out once.
    found = scores(bank, low_positive)
    low_scores = dict(found)
    if least:  # without an open group, each score gains nothing
        for c in bank.causes:
            low_scores[c] += sum(weights[c] for weights in least)
    # Groups that add to a cause with every feature left and none of them a mere risk factor: evidence (B.10 rule 2).
    evidence = [(weights, all(bank.features[f].kind != "risk" for f in g.candidates)) for g, weights in zip(open_groups, least)]
    threshold = bank.mention_threshold
    in_low = [c for c in bank.causes if low_scores[c] >= threshold and _evidence_in_low(bank, low_positive, evidence, c)]
    named = tuple(sorted(in_low, key=lambda c: (-low_scores[c], tie_order(bank, c)))[: bank.max_causes])
    # Named in the high world but not in every world: what is undecided (a cause named in the low world is settled).
    high_scores = scores(bank, high_positive)
    undecided = frozenset([c for c in bank.causes if c not in in_low and high_scores[c] >= threshold
                           and has_evidence(bank, high_positive, c)])
    return Knowledge(
        low, low_positive, still_possible, open_groups,
        low_level=_low_level(bank, low_positive, open_groups, in_low, found),
        high_level=level(bank, high_positive, high_scores),
        red_flag_level=_red_flag_level(bank, low_positive, open_groups),
        low_scores=low_scores, named=named, undecided=undecided,
        could_be_yes=low_positive.union(*(g.candidate_set for g in open_groups)),
    )


def possibly_yes(bank: Bank, answers: Answers, groups: Groups) -> dict[str, str]:
    """The answers with every "not sure", and every feature a grouped yes or "not sure" may stand for, taken
    as yes: for the safety rules that must not wait for the follow-ups or count a doubt as no (no coaching
    after a red flag, no warmth on numb skin)."""
    possibly = {f: YES if value == UNSURE else value for f, value in answers.items()}
    for group_id, value in groups.items():
        if value in (YES, UNSURE):
            possibly.update({f: YES for f in bank.question(group_id).features if f not in answers})
    return possibly


def doubted_red_flags(bank: Bank, answers: Answers) -> tuple[str, ...]:
    """Red flags answered "not sure" (by themselves or within a group) that count as no: all but the emergency
    signs (spec A counts those as yes). The result names them, so the person knows what to watch for."""
    return tuple([f for f, value in answers.items() if value == UNSURE and f in bank.red_flags and f not in bank.unsure_counts])


def final_assessment(bank: Bank, knowledge: Knowledge) -> Assessment:
    """The urgency and its advice, for the result: each open group taken at its mildest feature."""
    resolved = set(knowledge.low_positive)
    for group in knowledge.open_groups:  # the mildest level, with the advice of every part at that level
        levels = _levels_if_yes(bank, knowledge.low_positive, group)
        mildest = min(levels.values(), key=RANK.__getitem__)
        resolved.update(f for f, level_if_yes in levels.items() if level_if_yes is mildest)
    assessment = assess(bank, frozenset(resolved))
    if RANK[assessment.level] < RANK[knowledge.low_level]:  # a cause named on a group's yes alone (C.3)
        return Assessment(knowledge.low_level, (bank.mentioned_cause_advice,))
    return assessment


def group_reasons(bank: Bank, knowledge: Knowledge, cause: str) -> tuple[str, ...]:
    """Open groups whose every remaining feature counts for `cause`: said as the group, not as one feature."""
    return tuple(g.group for g in knowledge.open_groups if _least_weight(bank, g, cause) > 0)


def _open_groups(bank: Bank, answers: Answers, positive: frozenset[str], groups: Groups) -> tuple[OpenGroup, ...]:
    found = []
    for group_id, value in groups.items():
        # Only a yes says one of them is true ("not sure" opens the follow-ups, group_is_positive, but proves nothing).
        if value != YES or not positive.isdisjoint(bank.question_features[group_id]):
            continue
        candidates = tuple([f for f in bank.questions_by_id[group_id].features if f not in answers])
        if candidates:  # none left: yes to the group, then no to each part; the parts' answers stand
            found.append(OpenGroup(group_id, candidates, frozenset(candidates)))
    # A yes to a group inside a group answered yes says more: keep only the narrowest of nested ones (with the
    # same features left, the one nested inside: its reason, "the tingling you described", is the closer one).
    def narrower(o: OpenGroup, g: OpenGroup) -> bool:
        left, other = o.candidate_set, g.candidate_set
        return left < other or (left == other and len(bank.question(o.group).features) < len(bank.question(g.group).features))
    if len(found) < 2:
        return tuple(found)
    return tuple(g for g in found if not any(narrower(o, g) for o in found))


def _still_possible(bank: Bank, low: Answers, low_positive: frozenset[str], open_groups: tuple[OpenGroup, ...]) -> frozenset[str]:
    """Every feature still unknown that some question can still reach: an open group's, an ungated question's,
    and a gated question's once one of its gates could be yes."""
    possible = bank.ungated_features.union(*(g.candidate_set for g in open_groups)).difference(low)
    grew = True
    while grew:
        grew = False
        for question in bank.gated_questions:
            if low_positive.isdisjoint(question.ask_if) and possible.isdisjoint(question.ask_if):
                continue  # its gate is shut: the cheaper test first, most gates are
            unknown = bank.question_features[question.id].difference(low, possible)
            if unknown:
                possible |= unknown
                grew = True
    return possible


def _least_weight(bank: Bank, group: OpenGroup, cause: str) -> float:
    return min(bank.features[f].weights.get(cause, 0) for f in group.candidates)


def _least_weights(bank: Bank, group: OpenGroup) -> dict[str, float]:
    """_least_weight for every cause: 0 but for the causes every feature left has a weight for."""
    least = dict.fromkeys(bank.causes, 0)
    weights = [bank.features[f].weights for f in group.candidates]
    for cause in set(weights[0]).intersection(*weights[1:]):
        least[cause] = min(w[cause] for w in weights)
    return least


def _evidence_in_low(bank: Bank, low: frozenset[str], evidence: list[tuple[Mapping[str, float], bool]], cause: str) -> bool:
    """What B.10 rule 2 asks of a cause named in the low world: a sign of it there, or an open group's."""
    return has_evidence(bank, low, cause) or any(least[cause] > 0 and not_risk for least, not_risk in evidence)


def _low_level(bank: Bank, low: frozenset[str], open_groups: tuple[OpenGroup, ...], in_low: list[str],
               low_scores: Mapping[str, float] | None = None) -> Urgency:
    """The highest of: the low world's level, each open group's mildest level if yes, and the mentioned-cause
    level for a clinical cause named. Each part is worked out only while it could still raise the answer.
    `low_scores`, where the caller has them: the scores of `low` itself (before any open group's share)."""
    top = RANK[level(bank, low, low_scores)]
    highest = len(RANK) - 1
    for group in open_groups:
        if top == highest:
            break
        # The group's mildest level raises `top` only if every feature left would: the first that would not settles it.
        mildest = highest
        for f in group.candidates:
            mildest = min(mildest, RANK[level(bank, low | {f})])
            if mildest <= top:
                break
        top = max(top, mildest)
    mentioned = RANK[bank.mentioned_cause_level]
    if top < mentioned and any(_clinical(bank, low, open_groups, c) for c in in_low):
        top = mentioned
    return LEVELS[top]


def _red_flag_level(bank: Bank, low: frozenset[str], open_groups: tuple[OpenGroup, ...]) -> Urgency:
    """Spec A: a red flag stops the cause questions. Fluid loss and a statin with aching muscles are urgent
    too, but they are signs of a cause (B.3, B.5), so the questions about the other causes go on after them."""
    red_groups = tuple([g for g in open_groups if g.candidate_set <= bank.red_flags])
    return _low_level(bank, low & bank.red_flags, red_groups, [])


def _clinical(bank: Bank, low: frozenset[str], open_groups: tuple[OpenGroup, ...], cause: str) -> bool:
    """Named on a sign that is neither lifestyle nor a risk factor (C.3: such a cause means a doctor visit)."""
    if any(bank.features[f].kind in CLINICAL and bank.features[f].weights.get(cause) for f in low):
        return True
    return any(all(bank.features[f].kind in CLINICAL and bank.features[f].weights.get(cause) for f in g.candidates) for g in open_groups)


def _levels_if_yes(bank: Bank, low: frozenset[str], group: OpenGroup) -> dict[str, Urgency]:
    """The level each of a group's remaining features would set if it were the one that is true."""
    return {f: level(bank, low | {f}) for f in group.candidates}
