"""Answers in the user's own words: symptoms and medicines by slot (entity-resolution ids, never raw words),
and answer words beyond yes and no, each counting as the bank says."""
import json
import statistics
from pathlib import Path

from support.dialog import check_state, run
from triage.bank import load_bank
from triage.engine import step
from triage.model import Answer, Describe, Launch
from triage.state import State

BANK = load_bank()
VIGNETTES = json.loads((Path(__file__).parent / "cases" / "vignettes.json").read_text())["cases"]

OPENING = """
    open leg cramp helper | Are you having a cramp right now?
    no | Right now, are you short of breath
"""


def test_a_described_symptom_is_confirmed_recorded_and_never_asked():
    session, turns = run(OPENING + """
        my calf cramps when I walk | Got it: cramps when you walk. Right now, are you short of breath
        no  | suddenly gone cold
        no  | numbness between your legs
        no  | In a few words, what are your cramps like?
        no  | Do your legs swell, feel heavy
        no  | Does pain run down from your back, or ease when you sit or bend forward?
        no  | go away within a few minutes of standing still
    """)
    state = check_state(session)
    assert state["answers"]["f_walk_pain"] == "yes" and state["history"][0] == "f_walk_pain"
    assert "walking" not in state["groups"]
    assert not any("Does walking bring on" in t.heard for t in turns)


def test_two_symptoms_in_one_breath_are_both_recorded():
    session, _ = run(OPENING + """
        my feet burn and my ankles swell by the evening | Got it: burning or tingling feet, and puffy ankles by evening. Right now
    """)
    answers = check_state(session)["answers"]
    assert answers["f_burning_tingling_feet"] == answers["f_ankle_swelling_evening"] == "yes"


def test_a_described_red_flag_goes_straight_to_its_advice():
    session, _ = run(OPENING + """
        I have chest pain | Got it: chest pain or trouble breathing. Please call 911 now [ends]
    """)
    assert check_state(session)["result"]["urgency"] == "emergency"


def test_words_that_match_no_symptom_are_asked_again_and_not_recorded():
    session, _ = run(OPENING + """
        my legs feel like jelly | Sorry, I didn't understand that symptom. Right now, are you short of breath
    """)
    assert check_state(session)["answers"] == {}


def test_a_named_medicine_answers_its_question():
    session, turns = run(OPENING + """
        I'm on Lasix | Got it: a water pill. Right now, are you short of breath
        I take Lipitor | Got it: a statin. Right now
    """)
    answers = check_state(session)["answers"]
    assert answers["f_takes_diuretic"] == answers["f_takes_statin"] == "yes"


def test_an_unknown_medicine_is_met_with_the_pharmacist_and_the_check_goes_on():
    session, _ = run(OPENING + """
        no  | suddenly gone cold
        I take zorbulon | I don't know that one; your pharmacist can tell you whether it can cause cramps. Has a leg or foot suddenly gone cold
    """)
    assert check_state(session)["question"] == "flags_leg_sudden"


def test_a_medicine_linked_to_cramps_leads_to_the_new_medicine_question_but_never_before_the_red_flags():
    session, _ = run(OPENING + """
        I use a Symbicort inhaler | That medicine can sometimes play a part in cramps. Right now, are you short of breath
        no  | suddenly gone cold
        no  | numbness between your legs
        I use a Symbicort inhaler | That medicine can sometimes play a part in cramps. Is there numbness between your legs
        no  | In a few words, what are your cramps like?
        I use a Symbicort inhaler | That medicine can sometimes play a part in cramps. Do your legs swell, feel heavy, or have bulging veins, or is one red, hot or tender?
        no  | Does walking bring on leg pain
        I use a Symbicort inhaler | That medicine can sometimes play a part in cramps. Did the cramps start after a new medicine
        yes | Does walking bring on leg pain
    """)
    state = check_state(session)
    assert state["answers"]["f_new_medicine_before_cramps"] == "yes"
    assert "medicines" not in state["groups"], "the group is not asked once one of its parts is known"


def test_go_back_undoes_a_description():
    session, _ = run(OPENING + """
        my calf cramps when I walk | Got it
        go back | Okay, let's take that one again. Right now, are you short of breath
    """)
    assert check_state(session)["answers"] == {} and check_state(session)["history"] == []


def test_answer_words_beyond_yes_and_no_count_as_the_bank_says():
    for word in ("a little", "only at night", "sometimes"):
        session, _ = run(OPENING + f"""
            no     | suddenly gone cold
            no     | numbness between your legs
            no     | In a few words, what are your cramps like?
            no     | Do your legs swell, feel heavy
            no     | Does walking bring on leg pain
            {word} | Does pain run down from your back, or ease when you sit or bend forward?
            no     | Does walking bring on cramp or aching in your calf, thigh or buttock?
            {word} | go away within a few minutes of standing still
        """)
        state = check_state(session)
        assert state["groups"]["walking"] == "yes" and state["answers"]["f_walk_pain"] == "yes", word


def test_every_answer_word_beyond_yes_no_and_not_sure_says_why_it_counts_as_it_does():
    raw = json.loads((Path(__file__).parents[1] / "content" / "bank.json").read_text())["answer_meanings"]
    assert all("why" in meaning for word, meaning in raw.items() if word not in ("yes", "no", "unsure"))


def play(true_features, describe_first):
    """(questions answered, turns, result) for a person with these features. Asked the open question after the
    emergency ones, with `describe_first` they answer with one sentence naming their main complaint, the first two
    symptoms of their case ("my calf cramps when I walk and..."); otherwise they say no."""
    state, turn = step(BANK, State(), Launch())
    state, turn = step(BANK, state, Answer("no"))  # no cramp right now
    questions = turns = 0
    said = tuple(f for f in true_features if BANK.features[f].kind != "risk")[:2]
    while turn.ask and turn.ask != "repeat_result":
        if turn.ask == "describe":
            state, turn = step(BANK, state, Describe(said) if describe_first and said else Answer("no"))
            turns += 1
            continue
        question = BANK.question(turn.ask)
        state, turn = step(BANK, state, Answer("yes" if set(question.features) & set(true_features) else "no"))
        questions += 1
    return questions, turns + questions, state.result


def test_describing_symptoms_up_front_shortens_the_check_and_keeps_the_result():
    plain = [play(case["true"], describe_first=False) for case in VIGNETTES]
    described = [play(case["true"], describe_first=True) for case in VIGNETTES]
    assert [r for *_, r in described] == [r for *_, r in plain]
    fewer_questions = statistics.median(a[0] - b[0] for a, b in zip(plain, described))
    fewer_turns = statistics.median(a[1] - b[1] for a, b in zip(plain, described))
    print(f"describing up front: median {fewer_questions} fewer questions, {fewer_turns} fewer turns")
    assert fewer_questions >= 2 and fewer_turns >= 1


def test_a_one_shot_description_without_launch_still_hears_the_disclaimer_first():
    _, turns = run("""
        my calf cramps when I walk | Leg Cramp Helper is not a diagnosis, and I can't call for help: in an emergency, call 911. Got it: cramps when you walk. Right now, are you short of breath
    """)
