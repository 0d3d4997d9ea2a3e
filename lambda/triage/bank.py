"""The question bank: content/bank.json loaded, schema-checked and cross-checked into frozen values."""
from __future__ import annotations

from functools import cache
from typing import Mapping, NamedTuple

from .content_files import load_validated
from .errors import ContentError
from .model import AnswerValue, Prompt, Urgency

FEATURE_PREFIXES = ("rf_", "f_", "g_", "r_")

# The bank and its parts are named tuples, immutable like frozen dataclasses: Python 3.11 builds a
# frozen dataclass in 0.5 ms or more (six generated methods, each compiled on its own) and a named
# tuple in under 0.1 ms, and every class here is built at every cold start (issue 7).


class Feature(NamedTuple):
    id: str
    kind: str  # red_flag | cause | lifestyle | risk | general
    weights: Mapping[str, float]

    @property
    def is_red_flag(self) -> bool:
        return self.kind == "red_flag"


class Question(NamedTuple):
    id: str
    features: tuple[str, ...]
    ask_if: tuple[str, ...]
    # The smallest group that asks about all of this question's features and more: this question tells that
    # group's yes apart, so it is asked only after that yes (worked out by parse_bank).
    parent: str | None = None

    @property
    def is_group(self) -> bool:
        return len(self.features) > 1


class Condition(NamedTuple):
    """True when every `all_of` feature and at least one `any_of` feature (if any are listed) is positive."""

    all_of: tuple[str, ...]
    any_of: tuple[str, ...]
    required: frozenset[str] = frozenset()  # all_of and any_of as sets, for `holds` (built by _condition)
    alternatives: frozenset[str] = frozenset()
    mentions: frozenset[str] = frozenset()  # both together: what a yes could bear on

    def features(self) -> tuple[str, ...]:
        return self.all_of + self.any_of

    def holds(self, positive: frozenset[str]) -> bool:
        """Whether it holds where exactly the features in `positive` count as true (answers.positives)."""
        return self.required <= positive and (not self.alternatives or not self.alternatives.isdisjoint(positive))


class Bonus(NamedTuple):
    cause: str
    points: float
    when: Condition


class UrgencyRule(NamedTuple):
    level: Urgency
    when: Condition
    advice: str
    overrides: tuple[str, ...] = ()


class Bank(NamedTuple):
    causes: tuple[str, ...]  # in tie-break order
    mention_threshold: float
    max_causes: int
    answer_meanings: Mapping[str, AnswerValue]  # answer word (slot id) -> what it counts as
    medicines: Mapping[str, tuple[str, ...]]  # medicine class (slot id) -> the features it answers yes
    features: Mapping[str, Feature]
    bonuses: tuple[Bonus, ...]
    urgency_rules: tuple[UrgencyRule, ...]
    mentioned_cause_level: Urgency
    mentioned_cause_advice: str
    no_heat_if_any: tuple[str, ...]
    open_question_after: tuple[str, ...]  # the questions answered before "what are your cramps like?"
    questions: tuple[Question, ...]
    # Worked out once by parse_bank from the fields above (the bank is read once per container, then
    # asked on every turn): question id -> question, the question ids, and cause -> the features with
    # a weight for it in bank order (scoring's contributors, without a scan of every feature).
    questions_by_id: Mapping[str, Question]
    question_ids: frozenset[str]
    weighted_features: Mapping[str, tuple[str, ...]]
    # question id -> its features and those of every question a yes to them opens (ask_if), transitively:
    # all that a yes here could lead to, for the policy's "could this change the result?"
    reach: Mapping[str, frozenset[str]]
    # For scoring and urgency, which the question choice runs on many worlds a turn: cause -> its weighted
    # features with their weight (bank order), those of them that are more than a risk factor, and its
    # bonuses; the urgency rules, highest level first.
    cause_weights: Mapping[str, tuple[tuple[str, float], ...]]
    cause_evidence: Mapping[str, frozenset[str]]
    cause_bonuses: Mapping[str, tuple[Bonus, ...]]
    rules_highest_first: tuple[UrgencyRule, ...]
    # Signs of a clinical kind (cause, red flag) that count towards some cause: with none of them true, no
    # cause is mentioned on the strength of one (C.3), whatever the ranking.
    clinical_signs: frozenset[str]
    red_flags: frozenset[str]
    # The emergency signs (spec A1 to A8): each alone makes it an emergency, so "not sure" to one counts as yes
    # (spec A's dialogue rule). Every other "not sure" counts as no, urgent red flags included.
    unsure_counts: frozenset[str]
    # The features of every question without a gate (ask_if), which the check can always still reach, and
    # the gated questions: what knowledge's "high world" adds to the answers.
    ungated_features: frozenset[str]
    gated_questions: tuple[Question, ...]
    # Set forms of what the question choice and the urgency rules test on every question and world tried.
    # cause_clinical: a cause's weighted features of a clinical kind (what makes a named cause mean a doctor
    # visit, C.3). level_tests: the urgency levels that rules set, highest first, each as (rank, the features
    # of its any_of-only rules in one set, the (all_of, any_of) sets of its other rules); a level holds when a
    # feature of that one set is true or one of the others holds, so most rules cost one set test together.
    question_features: Mapping[str, frozenset[str]]
    cause_features: Mapping[str, frozenset[str]]  # weighted_features as sets
    cause_totals: Mapping[str, float]  # the sum of a cause's weights, in bank order: its score's weights with all of them true
    cause_clinical: Mapping[str, frozenset[str]]
    # cause -> every feature a yes to which could add to its score: its weighted ones and those its bonuses name
    # (a question about none of them cannot bring the cause in, one set test where the policy tries each question).
    cause_mentions: Mapping[str, frozenset[str]]
    level_tests: tuple[tuple[int, frozenset[str], tuple[tuple[frozenset[str], frozenset[str]], ...]], ...]

    def question(self, question_id: str) -> Question | None:
        return self.questions_by_id.get(question_id)

    def answered_features(self, entry: str) -> tuple[str, ...]:
        """What one history entry answered: a question's features, or the one feature the user described."""
        question = self.question(entry)
        return question.features if question else (entry,)

    def asks_red_flag(self, question: Question) -> bool:
        return not self.red_flags.isdisjoint(question.features)

    def advice_keys(self) -> set[str]:
        return {r.advice for r in self.urgency_rules} | {self.mentioned_cause_advice}


def _condition(raw: Mapping) -> Condition:
    all_of, any_of = tuple(raw.get("all_of", ())), tuple(raw.get("any_of", ()))
    return Condition(all_of, any_of, frozenset(all_of), frozenset(any_of), frozenset(all_of + any_of))


def parse_bank(raw: Mapping) -> Bank:
    """Build a Bank from already schema-valid data, then check that every id cross-references."""
    features = {fid: Feature(fid, f["kind"], f.get("weights", {})) for fid, f in raw["features"].items()}
    causes = tuple(raw["causes"])
    questions = _with_parents(tuple(
        Question(q["id"], tuple(q.get("features", (q["id"],))), tuple(q.get("ask_if", ()))) for q in raw["questions"]
    ))
    by_id: dict[str, Question] = {}
    for question in questions:
        by_id.setdefault(question.id, question)  # the first, as a search in order finds (_cross_check refuses twins)
    bonuses = tuple(Bonus(b["cause"], b["points"], _condition(b)) for b in raw["bonuses"])
    rules = tuple(UrgencyRule(Urgency(r["level"]), _condition(r), r["advice"], tuple(r.get("overrides", ()))) for r in raw["urgency_rules"])
    weighted = {c: tuple(f for f, feature in features.items() if c in feature.weights) for c in causes}
    ranks = list(Urgency)
    highest_first = tuple(sorted(rules, key=lambda r: -ranks.index(r.level)))
    bank = Bank(
        causes=causes,
        mention_threshold=raw["mention_threshold"],
        max_causes=raw["max_causes"],
        answer_meanings={word: AnswerValue(v["counts_as"]) for word, v in raw["answer_meanings"].items()},
        medicines={name: tuple(m["features"]) for name, m in raw["medicines"].items()},
        features=features,
        bonuses=bonuses,
        urgency_rules=rules,
        mentioned_cause_level=Urgency(raw["mentioned_cause_rule"]["level"]),
        mentioned_cause_advice=raw["mentioned_cause_rule"]["advice"],
        no_heat_if_any=tuple(raw["no_heat_if_any"]),
        open_question_after=tuple(raw["open_question_after"]),
        questions=questions,
        questions_by_id=by_id,
        question_ids=frozenset(by_id),
        weighted_features=weighted,
        reach={q.id: _reach(questions, q) for q in questions},
        cause_weights={c: tuple((f, features[f].weights[c]) for f in weighted[c]) for c in causes},
        cause_evidence={c: frozenset(f for f in weighted[c] if features[f].kind != "risk") for c in causes},
        cause_bonuses={c: tuple(b for b in bonuses if b.cause == c) for c in causes},
        rules_highest_first=highest_first,
        clinical_signs=frozenset(f for f in {*(f for w in weighted.values() for f in w), *(f for b in bonuses for f in b.when.features())}
                                 if features[f].kind in ("cause", "red_flag")),
        red_flags=frozenset(fid for fid, f in features.items() if f.is_red_flag),
        unsure_counts=frozenset(f for r in rules if r.level is Urgency.EMERGENCY and not r.when.all_of for f in r.when.any_of),
        ungated_features=frozenset(f for q in questions if not q.ask_if for f in q.features),
        gated_questions=tuple(q for q in questions if q.ask_if),
        question_features={q.id: frozenset(q.features) for q in by_id.values()},
        cause_features={c: frozenset(weighted[c]) for c in causes},
        cause_totals={c: sum(features[f].weights[c] for f in weighted[c]) for c in causes},
        cause_clinical={c: frozenset(f for f in weighted[c] if features[f].kind in ("cause", "red_flag")) for c in causes},
        cause_mentions={c: frozenset(weighted[c]).union(*(b.when.mentions for b in bonuses if b.cause == c)) for c in causes},
        level_tests=_level_tests(ranks, highest_first),
    )
    _cross_check(bank)
    return bank


def _level_tests(ranks: list[Urgency], highest_first: tuple[UrgencyRule, ...]):
    tests = []
    for level in dict.fromkeys(r.level for r in highest_first):
        rules = [r.when for r in highest_first if r.level is level]
        any_only = frozenset(f for c in rules if not c.required and c.alternatives for f in c.alternatives)
        others = tuple((c.required, c.alternatives) for c in rules if c.required or not c.alternatives)
        tests.append((ranks.index(level), any_only, others))
    return tuple(tests)


def _reach(questions: tuple[Question, ...], question: Question) -> frozenset[str]:
    reached = set(question.features)
    grew = True
    while grew:
        opened = {f for q in questions if set(q.ask_if) & reached for f in q.features}
        grew = not opened <= reached
        reached |= opened
    return frozenset(reached)


def _with_parents(questions: tuple[Question, ...]) -> tuple[Question, ...]:
    groups = [q for q in questions if q.is_group]

    def parent(question: Question) -> str | None:
        wider = [g for g in groups if g.id != question.id and set(question.features) < set(g.features)]
        return min(wider, key=lambda g: len(g.features)).id if wider else None

    return tuple(q._replace(parent=parent(q)) for q in questions)


def _cross_check(bank: Bank) -> None:
    problems: list[str] = []
    referenced = [f for q in bank.questions for f in q.features + q.ask_if]
    referenced += [f for rule in bank.urgency_rules for f in rule.when.features()]
    referenced += [f for bonus in bank.bonuses for f in bonus.when.features()]
    referenced += list(bank.no_heat_if_any)
    problems += [f"open_question_after names {q}, not a grouped question" for q in bank.open_question_after
                 if not (bank.question(q) and bank.question(q).is_group)]
    referenced += [f for features in bank.medicines.values() for f in features]
    problems += [f"unknown feature {f}" for f in sorted(set(referenced) - bank.features.keys())]
    alone = [q.id for q in bank.questions if not q.is_group]
    problems += [f"feature {f} has more than one question of its own" for f in sorted({f for f in alone if alone.count(f) > 1})]
    groups = [q for q in bank.questions if q.is_group]
    for i, first in enumerate(groups):
        for second in groups[i + 1:]:
            shared, a, b = set(first.features) & set(second.features), set(first.features), set(second.features)
            if shared and not (a <= b or b <= a):
                problems.append(f"groups {first.id} and {second.id} overlap without one holding the other")
            if a == b:
                problems.append(f"groups {first.id} and {second.id} ask about the same features")
    for q in bank.questions:
        if q.parent and bank.question_ids and bank.questions.index(bank.questions_by_id[q.parent]) > bank.questions.index(q):
            problems.append(f"question {q.id} comes before the group {q.parent} it tells apart")
    ids = [q.id for q in bank.questions]
    problems += [f"question id {i} is used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for q in bank.questions:
        if q.is_group and q.id.startswith(FEATURE_PREFIXES):
            problems.append(f"group question {q.id} must not use a feature prefix")
        if not q.is_group and q.features != (q.id,):
            problems.append(f"one-feature question {q.id} must be named for its feature")
    problems += [f"question id {p.value} collides with a prompt" for p in Prompt if p.value in ids]
    if problems:
        raise ContentError("bank.json: " + "; ".join(problems))


@cache
def load_bank() -> Bank:
    """The bank, read once per process (warm Lambda containers reuse it; it holds no user data)."""
    return parse_bank(load_validated("bank.json", "bank.schema.json"))
