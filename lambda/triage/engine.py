"""One function, `step(bank, state, event) -> (state, turn)`: the whole conversation as a pure function."""
from __future__ import annotations

from datetime import date, datetime, timezone

from .bank import Bank, Question
from .diary import DIARY_FREQUENCY
from .model import (
    Action, Answer, AnswerValue, Card, Command, Describe, DiaryQuery, Event, Launch, Line, LogCramp, Medicine, Prompt,
    Relief, ReminderOutcome, ReminderStatus, Result, Turn, Urgency,
)
from .knowledge import Knowledge, doubted_red_flags, final_assessment, group_reasons, know, possibly_yes
from .policy import next_question
from .relief import LONG_CRAMP, load_script
from .reminder_time import reminder_time
from .scoring import reasons
from .state import State
from .urgency import coaching_allowed, skip_heat_advice

MAX_FALLBACKS = 3
# Read on every turn (an enum member's value is a property, slow to read in a hot path).
_DESCRIBE, _OFFER_REMINDER = Prompt.DESCRIBE.value, Prompt.OFFER_REMINDER.value
_REMINDER_PERMISSION = Prompt.REMINDER_PERMISSION.value
# Asked next when someone names a medicine linked to cramps that has no feature of its own (spec B.5).
NEW_MEDICINE = "f_new_medicine_before_cramps"


def step(bank: Bank, state: State, event: Event, now: int | None = None,
         local: datetime | None = None) -> tuple[State, Turn]:
    """One turn. `now` (epoch seconds, the request's clock) times guided relief; `local` (the device's wall clock,
    else the request's clock in UTC) times the reminder to call the doctor."""
    if local is None and now is not None:
        local = datetime.fromtimestamp(now, timezone.utc)
    state_after, turn = _step(bank, state, event, now, local)
    if turn.ask == _OFFER_REMINDER:
        if local is None:  # no clock to set a reminder by (the core alone, in tests): the result's usual question
            state_after = state_after.replace(question=Prompt.REPEAT_RESULT.value)
            turn = turn._replace(ask=state_after.question)
        else:  # the offer says when, so it is worded here, where the clock is, each time it is asked
            slot = reminder_time(state_after.result.urgency, local).slot
            turn = turn._replace(lines=turn.lines + (Line(f"reminder_offer.{slot}"),))
    # A one-shot request ("ask leg cramp helper about ...") skips the welcome: say the disclaimer first all the same.
    if _is_new(state) and not isinstance(event, (Launch, ReminderOutcome)) and event not in (Command.STOP, Command.FORGET):
        turn = turn._replace(lines=(Line("disclaimer"),) + turn.lines)
    return state_after, turn


def _is_new(state: State) -> bool:
    """Nothing said yet: the state a session starts with. A pending question alone tells most turns apart."""
    return state.question is None and state == _NEW


_NEW = State()


def _step(bank: Bank, state: State, event: Event, now: int | None, local: datetime | None) -> tuple[State, Turn]:
    if state.question == _REMINDER_PERMISSION and not isinstance(event, ReminderOutcome):
        # Alexa's permission dialog was left without an answer: the result's own question is pending again.
        state = state.replace(question=Prompt.REPEAT_RESULT.value)
    match event:
        case Answer(word):
            return _answer(bank, state, bank.answer_meanings[word], now)
        case ReminderOutcome(status):
            return _reminder_outcome(state, status, local)
        case LogCramp():
            return _log_cramp(bank, state, event)
        case DiaryQuery(summary):
            key = ("diary.summary_place" if summary.place else "diary.summary") if summary.total else "diary.empty"
            lines = (Line(key, summary=summary),)
            return _after_diary(state, lines)
        case Describe(features):
            return _described(bank, state, features)
        case Medicine(name):
            return _medicine(bank, state, name)
        case Launch():
            return _launch(bank, event)
        case Command.FORGET:
            return State(), Turn((Line("forgotten"),), end_session=True)
        case Command.START_OVER:
            return _new_check(bank, state, "start_over")
        case Command.HELP:
            return _reask(state, (Line(_help_key(state)), Line("help.privacy")))
        case Command.REPEAT | Command.SLOWER:
            return _repeat(bank, state)
        case Command.GO_BACK:
            if state.relief and state.question == LONG_CRAMP:
                return _before_relief(bank, state)
            return _relief_turn(bank, state) if state.relief else _go_back(bank, state)
        case Command.RELIEF:
            return _start_relief(bank, state, now)
        case Command.STOP:
            return _goodbye(state)
        case Command.FALLBACK:
            return _fallback(state)
    raise ValueError(f"unknown event {event!r}")


def _launch(bank: Bank, launch: Launch) -> tuple[State, Turn]:
    """Offer to carry on an unfinished check. Otherwise welcome (at night in as few words as possible, by day
    with a word on the last result) and ask first whether a cramp is happening right now."""
    if launch.saved and launch.saved.answers:
        saved = launch.saved.replace(question=Prompt.RESUME.value, result=None, fallbacks=0, relief=None,
                        avoid_heat=launch.saved.avoid_heat or launch.avoid_heat)
        return _ask(saved, (Line("welcome_back"),))
    state = State(question=Prompt.CRAMP_NOW.value, avoid_heat=launch.avoid_heat, diary_frequent=launch.diary_frequent)
    if launch.night:
        return _ask(state, (Line("welcome.night"),))
    lines = (Line("welcome"),)
    if launch.follow_up:
        lines += (Line("follow_up"),)  # in place of the last-time line: once, by day (skill.memory decides)
    elif launch.last and launch.today:
        when = _when(launch.last.day, launch.today)
        lines += (Line(f"last_time.{launch.last.result.urgency.value}", when=when),)
    return _ask(state, lines)


def _when(day: date, today: date) -> str:
    """A text key for how long ago a day was: today, yesterday, a weekday within the week, or earlier."""
    days = (today - day).days
    if days <= 1:
        return "when.today" if days <= 0 else "when.yesterday"
    return f"when.{day.strftime('%A').lower()}" if days < 7 else "when.earlier"


def restart_after_bad_state(bank: Bank) -> tuple[State, Turn]:
    """Missing, stale or tampered state: apologise briefly and start a clean check."""
    return _ask_next(bank, State(), (Line("state_reset"),))


def _fresh(state: State) -> State:
    """A new check that still remembers what warmth could do to numb skin, and what the diary showed."""
    answers = {DIARY_FREQUENCY: AnswerValue.YES.value} if state.diary_frequent else {}
    return State(answers=answers, avoid_heat=state.avoid_heat, diary_frequent=state.diary_frequent)


def _new_check(bank: Bank, state: State, opening: str) -> tuple[State, Turn]:
    """A check from the start; when the diary answers how often, that is said once, in passing."""
    return _ask_next(bank, _fresh(state), (Line(opening),) + _from_diary(state))


def _from_diary(state: State) -> tuple[Line, ...]:
    return (Line("diary.frequent"),) if state.diary_frequent else ()


def _answer(bank: Bank, state: State, value: AnswerValue, now: int | None) -> tuple[State, Turn]:
    question = bank.questions_by_id.get(state.question)
    if question and state.question != LONG_CRAMP:
        # Most answers are to a question of the bank, whose ids are never a prompt's (bank._cross_check):
        # straight to recording it, past the prompts below.
        return _record_answer(bank, state, question, value)
    if value is AnswerValue.UNSURE and state.question in _NEED_YES_OR_NO:
        return _reask(state, (Line("say_yes_or_no"),))
    yes = value is AnswerValue.YES
    match state.question:
        case Prompt.DESCRIBE.value:
            if yes:  # "yes" to "what are your cramps like?": they have something to say
                return _reask(state, (Line("describe.go_on"),))
            return _ask_next(bank, state.replace(history=_after_describe(state)), ())
        case pending if pending == LONG_CRAMP and state.relief:
            return _too_long(bank, state) if yes else _first_step(bank, state, value)
        case None:
            return _ask(state.replace(question=Prompt.START_CHECK.value), (Line("no_question"),))
        case Prompt.START_CHECK.value:
            return _new_check(bank, state, "lets_start") if yes else _goodbye(state)
        case Prompt.CRAMP_NOW.value:
            return _start_relief(bank, state, now) if yes else _new_check(bank, state, "lets_start")
        case Prompt.RELIEF_CHECK.value:
            return _eased(state) if yes else _not_eased(bank, state, now)
        case Prompt.OFFER_DIARY.value:
            # Yes: the skill layer notes the cramp and comes back with LogCramp; no: straight to the check offer.
            return (state, Turn(action=Action.NOTE_CRAMP)) if yes else _offer_check(state, ())
        case Prompt.OFFER_CHECK.value:
            if not yes:
                return _goodbye(state)
            started = any(entry != LONG_CRAMP for entry in state.history)
            if started:
                return _ask_next(bank, state, (Line("carry_on"),))
            answers = {**_fresh(state).answers, **state.answers}  # the ten-minute answer kept, the diary's added
            return _ask_next(bank, state.replace(answers=answers), (Line("lets_start"),) + _from_diary(state))
        case Prompt.OFFER_REMINDER.value:
            # Yes: the skill layer tries to set it and comes back with ReminderOutcome.
            return (state, Turn(action=Action.SET_REMINDER)) if yes else _after_reminder(state, (Line("reminder.none"),))
        case Prompt.REPEAT_RESULT.value:
            return _conclude(bank, state, ()) if yes else _goodbye(state)
        case Prompt.OFFER_STOP.value:
            return _goodbye(state) if yes else _ask_next(bank, state, (Line("carry_on"),))
        case Prompt.RESUME.value:
            if yes:
                return _ask_next(bank, state, (Line("carry_on"),))
            return _new_check(bank, state, "lets_start")
    return _record_answer(bank, state, bank.question(state.question), value)


def _record_answer(bank: Bank, state: State, question: Question, value: AnswerValue) -> tuple[State, Turn]:
    if question.is_group:
        return _record_group(bank, state, question.id, value)
    return _record(bank, state, question.features, value, (question.id,), ())


def _described(bank: Bank, state: State, features: tuple[str, ...]) -> tuple[State, Turn]:
    """Symptoms in the user's words count as yes, are confirmed briefly, and are not asked about again."""
    if not features:
        return _reask(state, (Line("heard.no_match"),))
    if state.question == Prompt.DESCRIBE.value:
        state = state.replace(history=_after_describe(state))
    return _record(bank, state, features, AnswerValue.YES, features, (Line("heard.confirm", features=features),))


def _medicine(bank: Bank, state: State, name: str | None) -> tuple[State, Turn]:
    if name not in bank.medicines:
        return _reask(state, (Line("medicine.unknown"),))
    features = bank.medicines[name]
    if state.question == Prompt.DESCRIBE.value:
        state = state.replace(history=_after_describe(state))
    if features:
        return _record(bank, state, features, AnswerValue.YES, features, (Line("heard.confirm", features=features),))
    return _ask_next(bank, state, (Line("medicine.linked"),), prefer=NEW_MEDICINE)


def _record(
    bank: Bank, state: State, features: tuple[str, ...], value: AnswerValue, entries: tuple[str, ...],
    lines: tuple[Line, ...], groups: dict[str, str] | None = None,
) -> tuple[State, Turn]:
    """Record `value` for the features, remember `entries` for go back, and move on."""
    answers = {**state.answers, **dict.fromkeys(features, value.value)}
    # Said again, an entry moves to the end: the history stays one entry per thing answered, and go back undoes it.
    history = tuple([h for h in state.history if h not in entries]) + entries
    new = state.replace(question=None, answers=answers, groups=groups if groups is not None else dict(state.groups),
                  history=history, result=None, fallbacks=0)
    return _ask_next(bank, new, lines)


def _record_group(bank: Bank, state: State, group_id: str, value: AnswerValue) -> tuple[State, Turn]:
    """A group's no is a no to each of its features. A yes only says one of them is true, so it is kept as the
    group's answer and told apart by the follow-ups where that matters. "Not sure" is recorded for each of
    its features (answers.is_positive says what that counts as: yes only for an emergency sign), except a
    red flag with a question of its own: that is asked next, and its own answer counts."""
    groups = {**state.groups, group_id: value.value}
    features = bank.question(group_id).features
    if value is AnswerValue.YES:
        features = ()
    elif value is AnswerValue.UNSURE:
        features = tuple(f for f in features if not (bank.features[f].is_red_flag and bank.question(f)))
    return _record(bank, state, features, value, (group_id,), (), groups)


def _ask_next(bank: Bank, state: State, lines: tuple[Line, ...], prefer: str | None = None) -> tuple[State, Turn]:
    """Back to relief if it is under way and still safe; otherwise ask what the policy picks next, or conclude.
    `prefer` jumps the queue, but never ahead of a red flag."""
    if state.question is not None or state.result is not None or state.fallbacks:  # as a recorded answer leaves it
        state = state.replace(question=None, result=None, fallbacks=0)
    if state.relief:
        if coaching_allowed(bank, possibly_yes(bank, state.answers, state.groups)):
            return _ask(state.replace(question=Prompt.RELIEF_CHECK.value), lines)
        state = state.replace(relief=None)  # a red flag ends the coaching: it could be a clot (spec D.4)
    knowledge = know(bank, state.answers, state.groups)
    if knowledge.low_level is not Urgency.EMERGENCY:
        if _time_to_describe(bank, state):
            return _ask(state.replace(question=Prompt.DESCRIBE.value), lines)
        question = next_question(bank, state.answers, state.groups, knowledge)
        preferred = bank.question(prefer) if prefer else None
        if preferred and prefer not in state.answers and not (question and bank.asks_red_flag(question)):
            question = preferred
        if question:
            return _ask(state.replace(question=question.id), lines)
    return _conclude(bank, state, lines, knowledge)


def _time_to_describe(bank: Bank, state: State) -> bool:
    """Once, as soon as the emergency questions are answered: what the person says first is asked no more."""
    return _DESCRIBE not in state.history and all(g in state.groups for g in bank.open_question_after)


def _after_describe(state: State) -> tuple[str, ...]:
    """The history with the open question in it, so it is asked once (and go back can take it again)."""
    return state.history if Prompt.DESCRIBE.value in state.history else state.history + (Prompt.DESCRIBE.value,)


def _ask(state: State, lines: tuple[Line, ...]) -> tuple[State, Turn]:
    return state, Turn(lines=lines, ask=state.question)


def _reask(state: State, lines: tuple[Line, ...]) -> tuple[State, Turn]:
    if state.question is None:
        return _ask(state.replace(question=Prompt.START_CHECK.value), lines)
    return _ask(state, lines)


def _conclude(bank: Bank, state: State, lines: tuple[Line, ...], knowledge: Knowledge | None = None) -> tuple[State, Turn]:
    """Say the result. An emergency ends the session at once; otherwise offer to say it again."""
    knowledge = knowledge or know(bank, state.answers, state.groups)
    assessment = final_assessment(bank, knowledge)
    emergency = assessment.level is Urgency.EMERGENCY
    causes = () if emergency else knowledge.named
    summary = _summary(bank, state, knowledge, assessment.level, causes, assessment.advice)
    done = state.replace(result=Result(assessment.level, causes), fallbacks=0)
    card = Card(summary, _answered(bank, state))
    if emergency:
        return done.replace(question=None), Turn(lines + summary, end_session=True, card=card)
    offer = assessment.level in (Urgency.ROUTINE, Urgency.URGENT) and not state.reminder_offered
    done = done.replace(question=(Prompt.OFFER_REMINDER if offer else Prompt.REPEAT_RESULT).value, reminder_offered=True)
    return done, Turn(lines + summary, ask=done.question, card=card)


def _answered(bank: Bank, state: State) -> tuple[tuple[str, str], ...]:
    """Each question answered, with its answer, for the card. An entry whose answer was taken back (go back
    after saying it twice) has nothing to show."""
    found = []
    for entry in dict.fromkeys(state.history):
        if entry in state.groups:
            found.append((entry, state.groups[entry]))
        elif (first := bank.answered_features(entry)[0]) in state.answers:
            found.append((entry, state.answers[first]))
    return tuple(found)


DOUBTS_NAMED = 2  # red flags in doubt named in the result: more would be a list too long to take in at night


def _summary(bank: Bank, state: State, knowledge: Knowledge, level: Urgency, causes: tuple[str, ...], advice: tuple[str, ...]) -> tuple[Line, ...]:
    if level is Urgency.EMERGENCY:
        return tuple(Line(key) for key in advice) + (Line("emergency.no_massage"),)
    lines = [Line("result.intro")]
    lines += [Line("result.cause", cause=c, features=(reasons(bank, knowledge.low, c) + group_reasons(bank, knowledge, c))[:2])
              for c in causes]
    if causes:
        lines.append(Line("result.doctor_can_check"))
    elif level is not Urgency.URGENT:
        lines.append(Line("result.no_clear_cause"))
        # Self-care coaching only where no red flag is raised, not even in doubt (spec D.4: it could be a
        # clot), and no warmth on numb skin.
        possibly = possibly_yes(bank, state.answers, state.groups)
        if coaching_allowed(bank, possibly):
            lines.append(Line("self_care.stretch"))
            lines.append(Line("self_care.no_heat" if skip_heat_advice(bank, possibly) else "self_care.heat"))
    lines += [Line(key) for key in advice]
    doubted = doubted_red_flags(bank, state.answers)
    if doubted and level is not Urgency.URGENT:  # when urgent, its advice already says to see a doctor today
        if len(doubted) == 1:
            key = "result.doubted_red_flag"
        elif len(doubted) <= DOUBTS_NAMED:
            key = "result.doubted_red_flags"
        else:  # the rest as "some of the signs I asked about": the card has every answer
            key = "result.doubted_red_flags_more"
        lines.append(Line(key, features=doubted[:DOUBTS_NAMED]))
    if "medication" in causes:
        lines.append(Line("advice.medicines"))
    return tuple(lines)


def _repeat(bank: Bank, state: State) -> tuple[State, Turn]:
    if state.question == Prompt.REPEAT_RESULT.value:
        return _conclude(bank, state, ())
    if state.question == Prompt.RELIEF_CHECK.value:
        return _relief_turn(bank, state)
    return _reask(state, ())


def _go_back(bank: Bank, state: State) -> tuple[State, Turn]:
    if not state.history:
        return _reask(state, (Line("nothing_to_undo"),))
    entry = state.history[-1]
    undone = bank.answered_features(entry)
    back = _fresh(state).replace(reminder_offered=state.reminder_offered, answers={f: v for f, v in state.answers.items() if f not in undone},
                   groups={g: v for g, v in state.groups.items() if g != entry}, history=state.history[:-1])
    # The policy is a function of the answers, so without the last one it picks that question again
    # (or, after a described symptom, whatever comes first, red flags included).
    return _ask_next(bank, back, (Line("went_back"),))


def _fallback(state: State) -> tuple[State, Turn]:
    """Escalate: first ask for yes or no, then explain what works, then offer to stop."""
    if state.question == Prompt.OFFER_STOP.value:
        return _ask(state, (Line("fallback.1"),))
    count = min(state.fallbacks + 1, MAX_FALLBACKS)
    if count == MAX_FALLBACKS:
        return _ask(state.replace(question=Prompt.OFFER_STOP.value, fallbacks=count), (Line("fallback.3"),))
    return _reask(state.replace(fallbacks=count), (Line(f"fallback.{count}"),))


# --- The morning after: a reminder to call the doctor, the cramp diary (issue 12) ---------------------

def _reminder_outcome(state: State, status: ReminderStatus, local: datetime | None) -> tuple[State, Turn]:
    """What the skill layer's attempt came to. Any way it fails, one sentence says no reminder was set and
    where the notes are, and the result's own question follows: never an error, never a second offer."""
    if state.question not in (Prompt.OFFER_REMINDER.value, Prompt.REMINDER_PERMISSION.value) or not state.result:
        return _reask(state, ())  # a stale outcome (a retried request): nothing to act on
    if status is ReminderStatus.GRANTED and state.question == Prompt.REMINDER_PERMISSION.value:
        return state, Turn(action=Action.SET_REMINDER)  # its outcome comes back here in turn
    if status is ReminderStatus.NEEDS_PERMISSION and state.question == Prompt.OFFER_REMINDER.value:
        # Alexa asks the person itself, and answers with a Connections.Response that comes back here.
        return state.replace(question=Prompt.REMINDER_PERMISSION.value), Turn(action=Action.ASK_REMINDER_PERMISSION)
    if status is ReminderStatus.SET and local is not None:
        return _after_reminder(state, (Line(f"reminder_set.{reminder_time(state.result.urgency, local).slot}"),))
    if status is ReminderStatus.CARD_SENT:
        state, turn = _after_reminder(state, (Line("reminder.card"),))
        return state, turn._replace(permission_card=True)
    return _after_reminder(state, (Line("reminder.none"),))


def _after_reminder(state: State, lines: tuple[Line, ...]) -> tuple[State, Turn]:
    return _ask(state.replace(question=Prompt.REPEAT_RESULT.value, fallbacks=0), lines)


def _log_cramp(bank: Bank, state: State, event: LogCramp) -> tuple[State, Turn]:
    """Noted (the first time, with how long the diary is kept), or one sentence that it could not be; a cramp
    over ten minutes gets the same-day advice (A17). A diary that now shows frequent cramps answers how often in
    the next check started."""
    state = state.replace(diary_frequent=state.diary_frequent or event.frequent)
    if not event.noted:
        lines: tuple[Line, ...] = (Line("diary.not_noted"),)
    else:
        lines = (Line("diary.noted", entry=event.entry),) + ((Line("diary.privacy"),) if event.first else ())
    if event.entry.length == "long":
        lines += (Line(_long_cramp_advice(bank)),)
    if state.question == Prompt.OFFER_DIARY.value:
        return _offer_check(state, lines)
    return _after_diary(state, lines)


def _after_diary(state: State, lines: tuple[Line, ...]) -> tuple[State, Turn]:
    """A diary turn needs no check: whatever was pending is asked again; said on its own, the skill says goodbye."""
    if state.question is None:
        return state.replace(relief=None), Turn(lines + (Line("goodbye"),), end_session=True)
    return _ask(state, lines)


def _goodbye(state: State) -> tuple[State, Turn]:
    return state.replace(question=None, relief=None), Turn((Line("goodbye"),), end_session=True)


def _help_key(state: State) -> str:
    if state.question == Prompt.RELIEF_CHECK.value:
        return "help.relief"
    if state.question == LONG_CRAMP and state.relief:
        return "help.long_cramp"
    if state.question == Prompt.OFFER_REMINDER.value:
        return "help.reminder"
    if state.question == Prompt.OFFER_DIARY.value:
        return "help.diary"
    return "help.check" if state.question else "help.idle"


# --- Guided relief during a cramp (spec D.1, D.2, A17) ------------------------------------------

# Prompts where "not sure" cannot be acted on: the skill asks for a plain yes or no instead.
_NEED_YES_OR_NO = {p.value for p in (Prompt.START_CHECK, Prompt.RESUME, Prompt.CRAMP_NOW, Prompt.OFFER_CHECK,
                                      Prompt.OFFER_DIARY, Prompt.OFFER_REMINDER)}


def _start_relief(bank: Bank, state: State, now: int | None) -> tuple[State, Turn]:
    """Coach through the cramp one step at a time, unless a red flag is already raised (spec D.4). First ask
    how long it has been going (A17, in the person's time): one already past ten minutes gets the advice now."""
    if not coaching_allowed(bank, possibly_yes(bank, state.answers, state.groups)):
        return _ask_next(bank, state.replace(relief=None), (Line("relief.not_after_red_flag"),))
    started = state.replace(relief=Relief(0, now), result=None, fallbacks=0)
    if LONG_CRAMP in state.answers:
        return _relief_turn(bank, started)
    return _ask(started.replace(question=LONG_CRAMP), ())


def _before_relief(bank: Bank, state: State) -> tuple[State, Turn]:
    """Go back from "how long has it been going?": to "a cramp right now?" when that is where it came from,
    else to the check that was under way (what "help with a cramp" interrupted)."""
    state = state.replace(relief=None)
    if not state.history:
        return _ask(state.replace(question=Prompt.CRAMP_NOW.value), (Line("went_back"),))
    return _ask_next(bank, state, (Line("went_back"),))


def _first_step(bank: Bank, state: State, value: AnswerValue) -> tuple[State, Turn]:
    """Under ten minutes so far (or not sure): the coaching starts, and the clock still watches the ten minutes."""
    answered = state.replace(answers={**state.answers, LONG_CRAMP: value.value},
                       history=tuple(h for h in state.history if h != LONG_CRAMP) + (LONG_CRAMP,))
    return _relief_turn(bank, answered)


def _relief_turn(bank: Bank, state: State) -> tuple[State, Turn]:
    """Say the current relief step (with warmth, or the burns caution instead) and ask whether it has eased."""
    avoid_heat = state.avoid_heat or skip_heat_advice(bank, possibly_yes(bank, state.answers, state.groups))
    state = state.replace(question=Prompt.RELIEF_CHECK.value, fallbacks=0)
    return _ask(state, load_script().lines(state.relief, avoid_heat))


def _eased(state: State) -> tuple[State, Turn]:
    """Soreness afterwards (spec D.2), then one offer to note the cramp in the diary, then the check-up."""
    return _ask(state.replace(relief=None, question=Prompt.OFFER_DIARY.value), (Line("relief.eased"),))


def _offer_check(state: State, lines: tuple[Line, ...]) -> tuple[State, Turn]:
    return _ask(state.replace(question=Prompt.OFFER_CHECK.value, fallbacks=0), lines)


def _not_eased(bank: Bank, state: State, now: int | None) -> tuple[State, Turn]:
    """The next step; after about ten minutes, the ten-minute advice (A17), recorded so a check stays urgent."""
    under_way = state.relief
    if not load_script().time_is_up(under_way, now):
        return _relief_turn(bank, state.replace(relief=Relief(under_way.step + 1, under_way.started)))
    return _too_long(bank, state)


def _too_long(bank: Bank, state: State) -> tuple[State, Turn]:
    """Ten minutes or more (A17): the same-day advice, recorded so that a check after it stays urgent."""
    answers = {**state.answers, LONG_CRAMP: AnswerValue.YES.value}
    history = state.history if LONG_CRAMP in state.history else state.history + (LONG_CRAMP,)
    done = state.replace(answers=answers, history=history, relief=None, question=Prompt.OFFER_CHECK.value)
    return _ask(done, (Line("relief.too_long"), Line(_long_cramp_advice(bank))))


def _long_cramp_advice(bank: Bank) -> str:
    return next(rule.advice for rule in bank.urgency_rules if LONG_CRAMP in rule.when.features())
