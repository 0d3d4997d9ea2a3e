"""The check-up as people would have it, turn by turn, through the real handler and real envelopes.

Each script is a dialog: `what the user says | a part of what Alexa says back`, `[ends]` where the
session must end. support/dialog.py checks every response against the Alexa schema and as SSML.
"""
import copy

from support.dialog import check_state, run
from support.scripts import EMERGENCY_ALL_CLEAR, OPENING, SAFETY_ALL_CLEAR

def result(session):
    return check_state(session)["result"]


# --- the seven causes ---------------------------------------------------------------------------

def test_walking_pain_that_eases_with_rest_may_fit_narrowed_arteries():
    session, turns = run(SAFETY_ALL_CLEAR + """
        no  | Does walking bring on leg pain, or does pain shoot down your leg from your back?
        yes | Does pain run down from your back, or ease when you sit or bend forward?
        no  | Does walking bring on cramp or aching in your calf, thigh or buttock?
        yes | go away within a few minutes of standing still
        yes | burn, tingle, go numb or feel cold
        no  | water pill or a statin
        no  | thyroid, kidney or vitamin D trouble
        no  | sickness or diarrhea, a dirty cut
        no  | hard work, long hours standing
        no  | more alcohol than is recommended
        no  | Narrowed leg arteries, which cut the blood flow, may fit, because walking brings the pain on, and it eases within minutes when you stop
    """)
    assert "A doctor can check" in turns[-1].heard and "in the next day or two" in turns[-1].heard
    assert result(session) == {"urgency": "routine", "causes": ["pad"]}
    state = check_state(session)
    assert state["groups"]["walking"] == "yes" and state["groups"]["spine_pain"] == "no"
    assert state["answers"]["f_walk_pain"] == state["answers"]["f_rest_relief_minutes"] == "yes"


def test_heavy_puffy_legs_after_long_shifts_may_fit_struggling_veins():
    session, turns = run(SAFETY_ALL_CLEAR + """
        yeah      | Is one leg more swollen than the other, or is part of it red, hot or tender?
        no        | bulging, twisted veins
        no        | ankles puffy
        yeah      | heavy or achy by the evening
        sometimes | Does walking bring on leg pain
        no        | burn, tingle, go numb or feel cold
        no        | water pill or a statin
        no        | thyroid, kidney or vitamin D trouble
        no        | sickness or diarrhea, a dirty cut
        no        | hard work, long hours standing
        yes       | much harder than usual
        no        | stand for long hours
        yes       | drink less than you should
        no        | hot weather
        no        | ease off on your rest days
        no        | Leg veins that struggle to carry blood back up may fit, because your legs feel heavy by evening, and your ankles swell
    """)
    assert "in the next few weeks" in turns[-1].heard and "Overworked muscles" not in turns[-1].heard
    assert result(session) == {"urgency": "routine", "causes": ["venous_insufficiency"]}
    state = check_state(session)
    assert state["groups"]["legs_swelling"] == "yes" and state["groups"]["flags_clot_or_skin"] == "no"
    assert state["answers"]["f_ankle_swelling_evening"] == state["answers"]["f_heavy_legs_evening"] == "yes"


def test_a_stomach_bug_on_a_water_pill_may_fit_low_body_salts_and_needs_a_doctor_today():
    session, turns = run(SAFETY_ALL_CLEAR + """
        no  | Does walking bring on leg pain
        no  | burn, tingle, go numb or feel cold
        no  | Do you take a water pill or a statin, or did the cramps start after a medicine change?
        yes | new medicine, or a change of dose
        no  | statin for cholesterol
        no  | thyroid, kidney or vitamin D trouble
        no  | Lately, any sickness or diarrhea, a dirty cut, dark urine, tingling lips
        yes | Is your urine dark brown, like tea or cola?
        no  | Is it your lips or fingertips that tingle?
        no  | In the last few days, have you been sick, had diarrhea, or sweated very heavily?
        yes | hard work, long hours standing
        no  | Low body salts, such as potassium or magnesium, may fit, because you've lost a lot of fluid lately, and you take a water pill
    """)
    heard = turns[-1].heard
    assert "A side effect of a medicine may fit" in heard
    assert "please see a doctor today" in heard
    assert "Don't stop any medicine on your own" in heard
    assert result(session) == {"urgency": "urgent", "causes": ["electrolytes", "medication"]}
    # Yes to the medicines, no to two of the three: the water pill follows, and is not asked.
    state = check_state(session)
    assert state["groups"]["medicines"] == "yes" and "f_takes_diuretic" not in state["answers"]
    assert not any("Do you take a water pill, also called a diuretic?" in t.heard for t in turns)


def test_numb_feet_with_diabetes_may_fit_a_nerve_problem_and_leaves_out_warmth():
    session, turns = run(SAFETY_ALL_CLEAR + """
        no  | Does walking bring on leg pain
        no  | burn, tingle, go numb or feel cold
        yes | Is it burning, tingling or numbness in your feet or legs?
        yes | Is part of your leg or foot numb most of the time?
        yes | Do your feet burn, tingle, or feel like pins and needles?
        no  | feet often cold or pale
        no  | water pill or a statin
        no  | thyroid, kidney or vitamin D trouble
        no  | sickness or diarrhea, a dirty cut
        no  | hard work, long hours standing
        no  | more alcohol than is recommended
        no  | Do you live with diabetes?
        yes | A nerve problem, such as sciatica or neuropathy, may fit, because part of your leg is often numb, and you live with diabetes
        help with a cramp | Has this cramp been going for more than ten minutes?
        no  | Let's ease it, one step at a time
        no  | If you can stand safely
        no  | Skip the heat, as you mentioned numb or burning feet, or diabetes: numb skin can burn
    """)
    assert "warm" not in turns[-5].heard.lower()
    assert "heating pad" not in turns[-1].heard and "warm towel" not in turns[-1].heard
    answers = check_state(session)["answers"]
    assert answers["f_leg_numbness"] == answers["r_diabetes"] == "yes"


def test_cramps_after_starting_a_statin_may_fit_a_medicine_side_effect_without_telling_anyone_to_stop_it():
    session, turns = run(SAFETY_ALL_CLEAR + """
        no  | Does walking bring on leg pain
        no  | burn, tingle, go numb or feel cold
        no  | water pill or a statin
        yes | new medicine, or a change of dose
        yes | statin for cholesterol
        yes | water pill, also called a diuretic
        no  | muscles ache or feel tender
        no  | thyroid, kidney or vitamin D trouble
        no  | sickness or diarrhea, a dirty cut
        no  | hard work, long hours standing
        no  | A side effect of a medicine may fit, because the cramps began after a medicine change, and you take a statin
    """)
    heard = turns[-1].heard
    assert "in the next day or two" in heard and "Don't stop any medicine on your own" in heard
    assert result(session) == {"urgency": "routine", "causes": ["medication"]}


def test_a_hard_day_may_fit_overworked_muscles_with_self_care():
    session, turns = run(SAFETY_ALL_CLEAR + """
        no  | Does walking bring on leg pain
        no  | burn, tingle, go numb or feel cold
        no  | water pill or a statin
        no  | thyroid, kidney or vitamin D trouble
        no  | sickness or diarrhea, a dirty cut
        no  | Do your cramps follow hard work, long hours standing, heat, or too little to drink?
        yes | much harder than usual
        yes | drink less than you should
        no  | more than once a week, or break your sleep
        no  | more alcohol than is recommended
        no  | Overworked muscles without enough rest may fit, because you'd done much more than usual
    """)
    assert "If cramps become frequent or break your sleep" in turns[-1].heard
    assert result(session) == {"urgency": "self_care", "causes": ["overuse"]}


def test_a_known_thyroid_problem_may_fit_a_hormone_cause():
    session, turns = run(SAFETY_ALL_CLEAR + """
        no  | Does walking bring on leg pain
        no  | burn, tingle, go numb or feel cold
        no  | water pill or a statin
        no  | Has a doctor found thyroid, kidney or vitamin D trouble, or do you feel cold, tire easily, or weaken?
        yes | Has a doctor found a thyroid or kidney problem, or low vitamin D?
        yes | Are you on kidney dialysis?
        no  | sickness or diarrhea, a dirty cut
        no  | hard work, long hours standing
        no  | A thyroid or other hormone problem, or low vitamin D, may fit, because of what a doctor has found
    """)
    assert not any("Has a doctor ever said your thyroid" in t.heard or "vitamin D is low" in t.heard for t in turns), \
        "which of the two it is cannot change the result"
    assert result(session) == {"urgency": "routine", "causes": ["metabolic"]}
    state = check_state(session)
    assert state["groups"]["diagnoses"] == "yes" and "f_known_thyroid_problem" not in state["answers"]


# --- safety first ------------------------------------------------------------------------------

def test_not_sure_about_chest_pain_is_an_emergency_and_ends_the_session_at_once():
    session, turns = run(OPENING + """
        not sure | Please call 911 now. Chest pain, breathlessness, a racing heart or feeling faint need help straight away. Don't try to walk it off or rub it. I can't call for you [ends]
    """)
    assert result(session) == {"urgency": "emergency", "causes": []}
    assert "may fit" not in turns[-1].heard and "stretch" not in turns[-1].heard
    assert "911" in turns[-1].card


def test_a_suddenly_cold_pale_leg_is_an_emergency():
    session, _ = run(OPENING + """
        no  | suddenly gone cold, pale, numb
        yes | Please call 911 now. A leg that suddenly goes cold, pale, numb or weak can mean a blocked artery [ends]
    """)
    assert result(session)["urgency"] == "emergency"


def test_a_statin_with_aching_muscles_and_dark_urine_is_an_emergency():
    session, _ = run(SAFETY_ALL_CLEAR + """
        no  | Does walking bring on leg pain
        no  | burn, tingle, go numb or feel cold
        no  | water pill or a statin
        yes | new medicine, or a change of dose
        no  | statin for cholesterol
        yes | water pill, also called a diuretic
        no  | muscles ache or feel tender
        yes | thyroid, kidney or vitamin D trouble
        no  | Lately, any sickness or diarrhea, a dirty cut, dark urine
        yes | dark brown, like tea or cola
        yes | Please call 911 now, or go to the emergency room. Dark urine with aching muscles can mean muscle damage [ends]
    """)
    assert result(session)["urgency"] == "emergency"


def test_one_swollen_tender_leg_is_urgent_with_no_massage_and_no_self_care():
    session, turns = run(SAFETY_ALL_CLEAR + """
        yes | Is one leg more swollen than the other, or is part of it red, hot or tender?
        yes | After a knock, a fall, or a tight bandage, is the muscle very tight, swollen and painful?
        no  | Is there a patch of skin on your leg that is red, hot and painful?
        no  | Is it your legs feeling heavy, ankles puffy by evening, or bulging veins?
        no  | Lately, any sickness
        no  | can be a blood clot or an infection. Please contact a doctor today
    """)
    heard = turns[-1].heard
    assert "don't rub the leg" in heard and "call 911" in heard
    assert "warm" not in heard and "stretch" not in heard
    assert result(session) == {"urgency": "urgent", "causes": []}
    state = check_state(session)
    assert state["groups"]["legs_swelling"] == state["groups"]["flags_clot_or_skin"] == "yes"
    assert state["answers"]["rf_injury_tight_swollen_muscle"] == state["answers"]["rf_skin_red_hot_patch"] == "no"


def test_not_sure_about_swollen_legs_is_no_verdict_but_the_result_says_what_to_watch_for():
    """"Not sure" counts as yes only for the emergency signs (spec A); for the rest, as the spec's rule works it
    out, as no. So a doubt about a swollen or red leg makes nothing urgent, but the result names it, and no
    stretching or warmth is suggested while a clot is in doubt (spec D.4)."""
    session, turns = run(EMERGENCY_ALL_CLEAR + """
        no       | Do your legs swell, feel heavy, or have bulging veins, or is one red, hot or tender?
        not sure | After a knock, a fall, or a tight bandage, is the muscle very tight, swollen and painful?
        no       | Is there a patch of skin on your leg that is red, hot and painful?
    """ + NO_SIGN_OF_ANY_CAUSE + """
        no  | more alcohol than is recommended
        no  | don't point to one particular cause
    """)
    heard = turns[-1].heard
    assert "You weren't sure about one leg more swollen than the other, and a warm, red or tender leg." in heard
    assert "If you notice either, please get a doctor's advice the same day." in heard
    assert "stretch" not in heard and "warm towel" not in heard and "blood clot" not in heard
    assert result(session) == {"urgency": "self_care", "causes": []}
    answers = check_state(session)["answers"]
    assert answers["rf_one_leg_swollen"] == answers["f_ankle_swelling_evening"] == "unsure"


def test_a_red_hot_leg_with_fever_is_an_emergency():
    run(SAFETY_ALL_CLEAR + """
        yes | Is one leg more swollen than the other
        yes | tight bandage
        no  | red, hot and painful
        yes | feverish, shivery, dizzy or confused
        yes | spreading infection [ends]
    """)


# --- the open question, and grouped questions told apart ------------------------------------------

def test_the_open_question_takes_the_cramps_in_the_users_words_and_never_asks_them_again():
    session, turns = run(EMERGENCY_ALL_CLEAR + """
        yes                        | Go ahead: tell me in a few words, or say no. In a few words, what are your cramps like?
        my calf cramps when I walk | Got it: cramps when you walk. Do your legs swell, feel heavy, or have bulging veins
        no                         | Does pain run down from your back, or ease when you sit or bend forward?
        no                         | Does that pain go away within a few minutes of standing still?
        yes                        | burn, tingle, go numb or feel cold
    """)
    state = check_state(session)
    assert state["answers"]["f_walk_pain"] == "yes" and state["history"].count("describe") == 1
    assert "walking" not in state["groups"]
    later = " ".join(t.heard for t in turns[6:])
    assert "Does walking bring on" not in later and "what are your cramps like" not in later


def test_no_or_not_sure_to_the_open_question_moves_on_to_the_grouped_questions():
    for skip in ("no", "not sure"):
        session, _ = run(EMERGENCY_ALL_CLEAR + f"""
            {skip} | Do your legs swell, feel heavy, or have bulging veins, or is one red, hot or tender?
            no     | Does walking bring on leg pain, or does pain shoot down your leg from your back?
        """)
        state = check_state(session)
        assert state["history"][3:] == ["describe", "legs_swelling"], skip
        assert len(state["answers"]) == 6 + 8, "the emergency questions' features and the legs question's, all no"
        assert state["question"] == "walking"


def test_a_grouped_yes_is_told_apart_by_a_follow_up_where_the_answer_changes_the_result():
    session, turns = run(SAFETY_ALL_CLEAR + """
        no  | Does walking bring on leg pain
        no  | Do your feet burn, tingle, go numb or feel cold, or hurt at night, or heal slowly?
        yes | Is it burning, tingling or numbness in your feet or legs?
    """)
    state = check_state(session)
    assert state["groups"]["feet_feel"] == "yes"
    assert not {"f_burning_tingling_feet", "f_leg_numbness", "f_cold_pale_feet", "rf_foot_pain_at_rest_night"} \
        & set(state["answers"]), "a group's yes says one of them is true, not which"
    # Yes to the nerve signs, no to numbness: the feet are what tingles, and that is not asked again.
    feet, turns = run("""
        yes | Is part of your leg or foot numb most of the time?
        no  | feet often cold or pale
        no  | water pill or a statin
        no  | thyroid, kidney or vitamin D trouble
        no  | sickness or diarrhea, a dirty cut
        no  | hard work, long hours standing
        no  | A nerve problem, such as sciatica or neuropathy, may fit, because your feet burn or tingle
    """, copy.deepcopy(session))
    assert not any("Do your feet burn, tingle, or feel like pins and needles?" in t.heard for t in turns)
    assert result(feet) == {"urgency": "routine", "causes": ["nerve"]}
    assert "f_burning_tingling_feet" not in check_state(feet)["answers"]
    # Tingling lips are asked with the other body-wide signs now: yes to that group, no to dark urine,
    # yes to the lips: a doctor today.
    lips, turns = run(SAFETY_ALL_CLEAR + """
        no  | Does walking bring on leg pain
        no  | burn, tingle, go numb or feel cold
        no  | water pill or a statin
        no  | thyroid, kidney or vitamin D trouble
        no  | Lately, any sickness or diarrhea, a dirty cut, dark urine, tingling lips
        yes | Is your urine dark brown, like tea or cola?
        no  | Is it your lips or fingertips that tingle?
        yes | Low body salts, such as potassium or magnesium, may fit, because your lips or fingertips tingle
    """)
    assert "Tingling lips or fingers, or cramps beyond the legs, need a doctor's advice today" in turns[-1].heard
    assert result(lips) == {"urgency": "urgent", "causes": ["electrolytes"]}
    state = check_state(lips)
    assert state["groups"]["before_cramps"] == "yes" and state["answers"]["rf_tingling_lips_or_fingers"] == "yes"


# --- no cause fits -----------------------------------------------------------------------------

# After the legs-swelling question: no to every other screening question, up to how often the cramps come.
NO_SIGN_OF_ANY_CAUSE = """
        no  | Does walking bring on leg pain
        no  | burn, tingle, go numb or feel cold
        no  | water pill or a statin
        no  | thyroid, kidney or vitamin D trouble
        no  | sickness or diarrhea, a dirty cut
        no  | hard work, long hours standing
        no  | Do the cramps come more than once a week, or break your sleep?
"""

def test_no_clear_cause_gives_self_care_and_when_to_see_a_doctor():
    session, turns = run(SAFETY_ALL_CLEAR + NO_SIGN_OF_ANY_CAUSE + """
        yes | don't point to one particular cause. That's common: most night cramps have no clear cause
    """)
    heard = turns[-1].heard
    assert "pull your toes up towards your face" in heard and "warm towel" in heard
    assert "in the next few weeks" in heard and heard.endswith("to call your doctor. Shall I set that reminder?")
    assert result(session) == {"urgency": "routine", "causes": []}
    assert "- Do the cramps come more than once a week, or break your sleep? yes" in turns[-1].card
    assert check_state(session)["groups"]["how_often"] == "yes"


def test_after_the_result_yes_says_it_again_and_no_says_goodbye():
    session, turns = run(SAFETY_ALL_CLEAR + NO_SIGN_OF_ANY_CAUSE + """
        yes | most night cramps have no clear cause
        no  | I haven't set a reminder, but your notes for the doctor are in the Alexa app. Shall I say that again?
        yes | most night cramps have no clear cause
        repeat | most night cramps have no clear cause
        no  | Goodbye, and take care. If things get worse, call 911 [ends]
    """)
    assert [t.heard.endswith("Shall I say that again?") for t in turns[-4:-1]] == [True] * 3, "the reminder is offered once"


# --- finding your way ---------------------------------------------------------------------------

def test_go_back_undoes_the_last_answer_and_asks_again():
    session, _ = run(OPENING + """
        go back | nothing to go back to yet. Right now, are you short of breath
        no      | suddenly gone cold, pale, numb
        go back | Okay, let's take that one again. Right now, are you short of breath
    """)
    assert check_state(session)["answers"] == {} and "groups" not in check_state(session)
    assert check_state(session)["question"] == "flags_heart"
    assert check_state(session)["question_features"] == ["rf_chest_pain_or_breathless", "rf_palpitations_or_faint"]


def test_go_back_after_the_result_reopens_the_last_question():
    session, _ = run(SAFETY_ALL_CLEAR + """
        yes     | Is one leg more swollen than the other
        yes     | tight bandage
        no      | red, hot and painful
        yes     | feverish, shivery, dizzy or confused
        no      | Is it your legs feeling heavy, ankles puffy by evening, or bulging veins?
        no      | Lately, any sickness
        no      | can be a blood clot or an infection
        go back | Okay, let's take that one again. Lately, any sickness
        go back | Okay, let's take that one again. Is it your legs feeling heavy, ankles puffy by evening, or bulging veins?
    """)
    state = check_state(session)
    assert "result" not in state and "before_cramps" not in state["groups"] and "veins" not in state["groups"]
    assert not {"f_recent_fluid_loss", "f_varicose_veins"} & set(state["answers"])
    assert state["answers"]["rf_fever_shivery_or_confused"] == "no" and state["groups"]["flags_clot_or_skin"] == "yes"


def test_a_new_session_after_an_emergency_starts_clean():
    session, _ = run(OPENING + """
        not sure | Please call 911 now [ends]
    """)
    assert result(session)["urgency"] == "emergency"
    _, turns = run(OPENING)
    assert "Right now, are you short of breath" in turns[-1].heard


def test_repeat_says_the_question_again_and_the_reprompt_guides():
    _, turns = run(OPENING + """
        no     | suddenly gone cold, pale, numb
        repeat | Has a leg or foot suddenly gone cold, pale, numb, or hard to move?
    """)
    assert "blocked artery" in turns[-1].reprompt and "Say yes, no, or not sure" in turns[-1].reprompt


def test_start_over_forgets_the_answers():
    session, _ = run(OPENING + """
        no         | suddenly gone cold, pale, numb
        no         | numbness between your legs
        start over | Okay, let's start again from the first question. Right now, are you short of breath
    """)
    assert check_state(session)["answers"] == {} and check_state(session)["history"] == []
    assert "groups" not in check_state(session)


def test_help_mid_question_explains_and_asks_the_same_question():
    session, _ = run(OPENING + """
        no   | suddenly gone cold, pale, numb
        help | I ask short yes or no questions, then tell you which common causes of leg cramps may fit, and how soon to see a doctor. Answer yes, no, or not sure. You can also say repeat, go back, start over, or stop. I keep your progress for a day
        help | To delete it all, say forget my data. Has a leg or foot suddenly gone cold
    """)
    assert check_state(session)["question"] == "flags_leg_sudden"


def test_fallback_escalates_then_offers_to_stop():
    session, _ = run(OPENING + """
        (something off topic)        | Sorry, I didn't catch that. Please say yes or no. Right now, are you short of breath
        (words that match no answer) | I can only take yes, no, or not sure as an answer. You can also say help, go back, or stop
        (something off topic)        | I'm having trouble understanding you. Shall we stop for now?
        no                           | Okay, let's carry on. Right now, are you short of breath
        no                           | suddenly gone cold
    """)
    assert check_state(session)["answers"] == {"rf_chest_pain_or_breathless": "no", "rf_palpitations_or_faint": "no"}
    assert check_state(session)["groups"] == {"flags_heart": "no"}
    assert check_state(session)["fallbacks"] == 0


def test_fallback_offer_to_stop_accepted_ends_kindly():
    run(OPENING + """
        (something off topic)               | Please say yes or no
        (an intent the skill does not know) | I can only take yes, no, or not sure
        (something off topic)               | Shall we stop for now?
        yes                                 | Goodbye, and take care. If things get worse, call 911 [ends]
    """)


def test_stop_cancel_and_go_home_all_end_with_the_emergency_number():
    for leave in ("stop", "cancel", "go home"):
        run(OPENING + f"""
            no      | suddenly gone cold
            {leave} | Goodbye, and take care. If things get worse, call 911 [ends]
        """)


def test_yes_with_no_question_pending_offers_a_check_instead_of_guessing():
    session, _ = run("""
        yes | There's no question waiting for an answer. Would you like to start a leg cramp check?
        not sure | Please say yes or no. Would you like to start
        yes | Good. First, some safety questions. Right now, are you short of breath
    """)
    assert check_state(session)["question"] == "flags_heart"


def test_no_to_starting_a_check_says_goodbye():
    run("""
        no | There's no question waiting for an answer
        no | Goodbye [ends]
    """)


def test_alexa_ending_the_session_gets_no_speech():
    _, turns = run(OPENING + """
        (silence: alexa ends the session) | [ends]
    """)
    assert turns[-1].response["response"] == {}


# --- state that cannot be trusted --------------------------------------------------------------

def tampered(session, change):
    session.attributes = copy.deepcopy(session.attributes)
    change(session.attributes["check"])
    return session


def test_tampered_state_restarts_cleanly_with_a_brief_apology():
    cases = {
        "unknown feature": lambda s: s["answers"].update({"f_made_up": "yes"}),
        "answer out of range": lambda s: s["answers"].update({"f_walk_pain": "maybe"}),
        "stale version": lambda s: s.update({"version": 0}),
        "pending question unknown": lambda s: s.update({"question": "f_not_a_question"}),
        "group features do not match": lambda s: s.update({"question_features": ["rf_dark_urine", "rf_one_leg_swollen"]}),
        "unknown group": lambda s: s["groups"].update({"flags_made_up": "yes"}),
        "a single feature kept as a group": lambda s: s["groups"].update({"f_walk_pain": "yes"}),
        "group answer out of range": lambda s: s["groups"].update({"flags_heart": "maybe"}),
        "not an object": lambda s: s.clear(),
    }
    for name, change in cases.items():
        session, _ = run(OPENING + "no | suddenly gone cold")
        tampered(session, change)
        _, turns = run("yes | Sorry, I lost track of where we were, so let's start again. Right now, are you short of breath", session)
        assert check_state(session)["answers"] == {}, name


def test_missing_state_mid_session_restarts_with_an_apology():
    session, _ = run(OPENING)
    session.attributes = {}
    run("no | Sorry, I lost track of where we were", session)


def test_an_answer_to_a_grouped_red_flag_is_recorded_for_each_of_its_features():
    session, _ = run(OPENING + "no | suddenly gone cold")
    state = check_state(session)
    assert state["answers"] == {"rf_chest_pain_or_breathless": "no", "rf_palpitations_or_faint": "no"}
    assert state["groups"] == {"flags_heart": "no"}
    assert state["history"] == ["flags_heart"]
    assert state["question"] == "flags_leg_sudden" and state["version"] == 1
