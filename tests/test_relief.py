"""A cramp happening right now: guided relief one step at a time (spec D.1), by voice and by touch.

Dialogs run through the real handler with real envelopes; support/dialog.py checks every response against the
Alexa schema and as SSML.
"""
import re
from datetime import datetime, timedelta, timezone

from local.envelopes import Session
from skill.app import build_skill_builder
from skill.stores.memory import MemoryStore
from support.dialog import check_state, run, send
from triage.relief import load_script
from triage.model import Pause, Line

CRAMP_NOW = """
    open leg cramp helper | not a diagnosis, and I can't call for help: in an emergency, call 911. Are you having a cramp right now?
    yes                   | Has this cramp been going for more than ten minutes?
    no                    | Let's ease it, one step at a time
"""
OPENING_NO_CRAMP = """
    open leg cramp helper | Are you having a cramp right now?
    no                    | Right now, are you short of breath
    no                    | suddenly gone cold, pale, numb
"""
NEVER_DURING_RELIEF = re.compile(r"quinine|tonic|supplement|magnesium|vitamin|painkiller", re.I)


def breaks(ssml):
    """Seconds of real pause in a response (the 300 ms breaks between sentences are not counted)."""
    return sum(int(s) for s in re.findall(r'<break time="(\d+)s"/>', ssml))


def ssml(turn):
    return turn.response["response"]["outputSpeech"]["ssml"]


def test_yes_to_a_cramp_right_now_coaches_step_by_step_with_real_pauses_then_offers_the_check():
    session, turns = run(CRAMP_NOW + """
        no  | If you can stand safely, hold on to something steady and put your weight on that leg
        no  | Warmth can help too: a warm towel, a heating pad
        yes | glad it's easing. The muscle can feel sore for up to a day. Acetaminophen or ibuprofen
        yes | Noted in your diary: a cramp today. I keep each diary entry for 90 days
        yes | Good. First, some safety questions. Right now, are you short of breath
    """)
    asked, first = turns[1], turns[2]
    assert asked.heard == "Has this cramp been going for more than ten minutes?" and "Say yes, no, or not sure" in asked.reprompt
    assert "call 911, or tell me" in first.heard, "the red flags are named before any stretching"
    assert first.heard.index("Sit up slowly") < first.heard.index("Straighten your leg") < first.heard.index("front of your thigh")
    assert first.heard.endswith("Has it eased?") and "Say yes or no" in first.reprompt
    assert breaks(ssml(first)) >= 20 and breaks(ssml(turns[3])) >= 20
    assert all(int(s) <= 10 for t in turns for s in re.findall(r'<break time="(\d+)s"/>', ssml(t))), "Alexa's limit"
    assert "won't help during a cramp" in turns[5].heard
    assert not any(NEVER_DURING_RELIEF.search(t.heard) for t in turns)
    state = check_state(session)
    assert "relief" not in state and state["answers"] == {"rf_cramp_over_10_min_not_easing": "no"}


def test_no_after_relief_says_goodbye_with_the_number():
    run(CRAMP_NOW + """
        yes | glad it's easing. The muscle can feel sore for up to a day. Acetaminophen or ibuprofen, if they're safe for you, can ease the soreness afterwards, but they won't help during a cramp. Shall I note this cramp in your cramp diary?
        no  | Would you like a short check on what might be behind your cramps?
        no  | Goodbye, and take care. If things get worse, call 911. [ends]
    """)


def test_help_with_a_cramp_in_one_breath_starts_relief_after_the_disclaimer():
    _, turns = run("""
        help with a cramp | Leg Cramp Helper is not a diagnosis, and I can't call for help: in an emergency, call 911. Has this cramp been going for more than ten minutes?
        no                | Let's ease it
    """)
    assert turns[1].heard.startswith("Let's ease it") and turns[1].heard.endswith("Has it eased?")


def test_numb_or_burning_feet_told_this_session_leave_out_warmth_and_warn_about_burns():
    _, turns = run(CRAMP_NOW + """
        my feet burn | Got it: burning or tingling feet. Has it eased?
        no           | If you can stand safely
        no           | Skip the heat, as you mentioned numb or burning feet, or diabetes: numb skin can burn
    """)
    assert "heating pad" not in turns[-1].heard and "warm towel" not in turns[-1].heard


def test_burning_feet_told_in_an_earlier_session_still_leave_out_warmth():
    handler = build_skill_builder(MemoryStore()).lambda_handler()
    first, _ = run("""
        open leg cramp helper | Are you having a cramp right now?
        no                    | First, some safety questions
        my feet burn          | Got it: burning or tingling feet
        stop                  | Goodbye [ends]
    """, handler=handler)
    run("""
        open leg cramp helper | Shall we carry on where we left off?
        no                    | First, some safety questions
        help with a cramp     | Has this cramp been going for more than ten minutes?
        not sure              | Let's ease it
        no                    | If you can stand safely
        no                    | Skip the heat
    """, Session(user_id=first.user_id), handler=handler)


def test_a_red_flag_during_relief_stops_the_coaching_for_good():
    session, turns = run(CRAMP_NOW + """
        my leg is swollen | Got it: one leg more swollen than the other. Right now, are you short of breath
        no                | suddenly gone cold
        no                | numbness between your legs
        no                | In a few words, what are your cramps like?
        no                | tight bandage
        no                | red, hot and painful
        no                | Is it your legs feeling heavy, ankles puffy by evening, or bulging veins?
        no                | Lately, any sickness
        no                | blood clot or an infection. Please contact a doctor today, or go to urgent care, and don't rub the leg
        help with a cramp | I won't guide you through stretches. Please don't rub or stretch that leg. Thank you, that's all my questions
    """)
    after_flag = " ".join(t.heard for t in turns[3:])
    assert "Straighten your leg" not in after_flag and "gently rub" not in after_flag and "Warmth" not in after_flag
    assert "relief" not in check_state(session)


def test_no_stretching_once_a_red_flag_was_answered_in_the_check():
    session, _ = run("""
        open leg cramp helper | Are you having a cramp right now?
        no                    | safety questions
        no                    | suddenly gone cold
        no                    | numbness between your legs
        no                    | In a few words, what are your cramps like?
        no                    | Do your legs swell, feel heavy, or have bulging veins, or is one red, hot or tender?
        yes                   | Is one leg more swollen than the other
        yes                   | tight bandage
        no                    | Is there a patch of skin on your leg that is red, hot and painful?
        yes                   | feverish, shivery, dizzy or confused
        help with a cramp     | I won't guide you through stretches. Please don't rub or stretch that leg. Do you feel feverish, shivery, dizzy or confused?
    """)
    assert "relief" not in check_state(session) and check_state(session)["question"] == "rf_fever_shivery_or_confused"


def test_still_there_after_ten_minutes_gives_the_same_day_advice_and_keeps_it_for_the_check():
    session = Session(clock=datetime(2026, 11, 24, 3, 0, tzinfo=timezone.utc))
    run(CRAMP_NOW, session)
    heard = []
    while True:
        session.clock += timedelta(seconds=75)
        turn = send(session, "no")
        heard.append(turn.heard)
        if "Has it eased?" not in turn.heard:
            break
    assert len(heard) == 8, "about ten minutes of coaching at 75 s per check-in"
    assert heard[-1].startswith("It's been about ten minutes, and it hasn't eased. A cramp that won't ease after ten minutes needs a doctor's advice today")
    assert check_state(session)["answers"] == {"rf_cramp_over_10_min_not_easing": "yes"}, "the first answer, no, is taken back"
    assert "Gently rub the muscle again" in " ".join(heard) and "Keep going gently" in " ".join(heard)
    session.clock += timedelta(seconds=10)
    turn = send(session, "yes")
    assert "Right now, are you short of breath" in turn.heard


def test_a_cramp_already_past_ten_minutes_gets_the_same_day_advice_on_the_first_answer():
    session, turns = run("""
        open leg cramp helper | Are you having a cramp right now?
        yes                   | Has this cramp been going for more than ten minutes?
        yes                   | It's been about ten minutes, and it hasn't eased. A cramp that won't ease after ten minutes needs a doctor's advice today. Please call your doctor. Would you like a short check on what might be behind your cramps?
        yes                   | Good. First, some safety questions. Right now, are you short of breath
        no                    | suddenly gone cold
        no                    | numbness between your legs
        no                    | In a few words, what are your cramps like?
        no                    | Do your legs swell, feel heavy, or have bulging veins, or is one red, hot or tender?
        no                    | Lately, any sickness
        no                    | Thank you, that's all my questions. Remember, this is not a diagnosis. A cramp that won't ease after ten minutes needs a doctor's advice today
    """)
    assert not any("Let's ease it" in t.heard or "Straighten your leg" in t.heard for t in turns), "no coaching once it is past ten minutes"
    assert "- Has this cramp been going for more than ten minutes? yes" in turns[-1].card
    state = check_state(session)
    assert state["result"] == {"urgency": "urgent", "causes": []}
    assert state["answers"]["rf_cramp_over_10_min_not_easing"] == "yes" and state["history"][0] == "rf_cramp_over_10_min_not_easing"


def test_how_long_the_cramp_has_lasted_is_asked_once_and_a_cramp_during_the_check_goes_straight_to_the_steps():
    session, turns = run(CRAMP_NOW + """
        yes               | glad it's easing
        no                | Would you like a short check
        yes               | Good. First, some safety questions. Right now, are you short of breath
        no                | suddenly gone cold
        help with a cramp | Let's ease it, one step at a time
        yes               | glad it's easing
        yes               | Noted in your diary: a cramp today. I keep each diary entry for 90 days
        yes               | Okay, let's carry on. Has a leg or foot suddenly gone cold
    """)
    assert sum("more than ten minutes?" in t.heard for t in turns) == 1
    state = check_state(session)
    assert state["answers"]["rf_cramp_over_10_min_not_easing"] == "no" and state["groups"] == {"flags_heart": "no"}


def test_a_stuck_clock_still_ends_the_coaching():
    session = Session(clock=datetime(2026, 11, 24, 3, 0, tzinfo=timezone.utc))
    run(CRAMP_NOW, session)
    answers = 1
    while "Has it eased?" in send(session, "no").heard:
        answers += 1
    assert answers == load_script().max_check_ins


def test_repeat_and_slower_say_the_same_step_again_and_slower_stays_slower():
    session, turns = run(CRAMP_NOW + """
        repeat         | Let's ease it, one step at a time
        slower, please | Let's ease it, one step at a time
        no             | If you can stand safely
    """)
    assert 'rate="90%"' in ssml(turns[3])
    assert 'rate="75%"' in ssml(turns[4]) and 'rate="75%"' in ssml(turns[5])


def test_help_during_relief_explains_and_asks_again():
    run(CRAMP_NOW + """
        help | I'm helping you ease a cramp, one step at a time. Say yes once it has eased
    """)


def test_help_and_go_back_at_how_long_it_has_been_going():
    run("""
        open leg cramp helper | Are you having a cramp right now?
        yes                   | Has this cramp been going for more than ten minutes?
        help                  | a cramp that lasts more than ten minutes needs a doctor's advice today, so I ask how long this one has been going. Say yes, no, or not sure.
        go back               | Okay, let's take that one again. Are you having a cramp right now?
        yes                   | Has this cramp been going for more than ten minutes?
        not sure              | Let's ease it, one step at a time
    """)


def test_go_back_at_how_long_after_help_with_a_cramp_mid_check_returns_to_the_check():
    run(OPENING_NO_CRAMP + """
        help with a cramp | Has this cramp been going for more than ten minutes?
        go back           | Okay, let's take that one again. Has a leg or foot suddenly gone cold, pale, numb, or hard to move?
    """)


def test_go_back_during_relief_says_the_step_again():
    run(CRAMP_NOW + """
        go back | Let's ease it, one step at a time
    """)


def test_by_touch_on_a_screen():
    session = Session(screen=True)
    _, turns = run("""
        open leg cramp helper                                  | Are you having a cramp right now?
        (touches Yes)                                          | Has this cramp been going for more than ten minutes?
        (touches No)                                           | Let's ease it
        (touches No)                                           | If you can stand safely
        (touches Yes on a screen left from an earlier question) | If you can stand safely
        (touches Yes)                                          | glad it's easing
        (touches No)                                           | Would you like a short check
        (touches Yes)                                          | Right now, are you short of breath
        (touches Not sure)                                     | Please call 911 now [ends]
    """, session)
    asked = turns[1].response["response"]["directives"][0]["datasources"]["screen"]
    assert asked["question"] == "Has this cramp been going for more than ten minutes?"
    assert [b["label"] for b in asked["buttons"]] == ["Yes", "No", "Not sure"]  # as its reprompt says
    screen = turns[2].response["response"]["directives"][0]["datasources"]["screen"]
    assert screen["question"] == "Has it eased?" and [b["label"] for b in screen["buttons"]] == ["Yes", "No"]
    assert any("Straighten your leg" in line for line in screen["said"])


def test_the_relief_sequence_length_in_words_and_seconds_of_pause():
    """For the record (the note quotes it): the scripted steps and one turn of the loop."""
    script = load_script()
    from triage.model import Relief
    from skill.texts import texts_for

    texts = texts_for("en-US")
    steps = [script.lines(Relief(i), avoid_heat=False) for i in range(len(script.steps) + len(script.loop))]
    words = [sum(len(texts[l.key].split()) for l in s if isinstance(l, Line)) for s in steps]
    pauses = [sum(p.seconds for p in s if isinstance(p, Pause)) for s in steps]
    assert words[:3] == [95, 37, 40] and pauses[:3] == [33, 35, 25]
    assert words[3:] == [9, 16] and pauses[3:] == [30, 30]
