"""Whole checks as dialog scripts (support.dialog), for the tests that need to reach a result first."""

OPENING = """
    open leg cramp helper | not a diagnosis, and I can't call for help: in an emergency, call 911. Are you having a cramp right now?
    no                    | First, some safety questions. Right now, are you short of breath
"""
# The three emergency questions, then the one open question.
EMERGENCY_ALL_CLEAR = OPENING + """
    no  | suddenly gone cold, pale, numb
    no  | numbness between your legs
    no  | In a few words, what are your cramps like? Or say no, and I'll just ask.
"""
# "No" to the open question, and the grouped screening questions begin with the legs.
SAFETY_ALL_CLEAR = EMERGENCY_ALL_CLEAR + """
    no  | Do your legs swell, feel heavy, or have bulging veins, or is one red, hot or tender?
"""

# Walking pain that eases on standing still, with numb feet: narrowed leg arteries (pad) first, a doctor in
# the next day or two (routine).
WALKING_PAIN = SAFETY_ALL_CLEAR + """
    no  | Does walking bring on leg pain, or does pain shoot down your leg from your back?
    yes | Does pain run down from your back, or ease when you sit or bend forward?
    no  | Does walking bring on cramp or aching in your calf, thigh or buttock?
    yes | go away within a few minutes of standing still
    yes | Do your feet burn, tingle, go numb or feel cold, or hurt at night, or heal slowly?
    yes | Is it burning, tingling or numbness in your feet or legs?
    yes | feet often cold or pale
    no  | water pill or a statin
    no  | Has a doctor found thyroid, kidney or vitamin D trouble
    no  | Lately, any sickness
    no  | hard work, long hours standing
    no  | Narrowed leg arteries, which cut the blood flow, may fit
"""

# One leg more swollen, after a tight bandage: a possible clot, a doctor the same day (urgent).
SWOLLEN_LEG = SAFETY_ALL_CLEAR + """
    yes | Is one leg more swollen
    yes | tight bandage
    no  | red, hot and painful
    no  | legs feeling heavy, ankles puffy by evening, or bulging veins
    no  | Lately, any sickness
    no  | blood clot or an infection
"""
