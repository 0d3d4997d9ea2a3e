"""Write a test-only copy of the interaction model for virtual-alexa.

The real model (interaction_model/en-US.json) is what gets uploaded to Alexa: it is never
modified here. Real Alexa trains every built-in intent on thousands of phrasings; virtual-alexa
0.7.8 only matches exact samples, and for built-ins knows a short list hard-coded in
node_modules/virtual-alexa/lib/src/model/BuiltinUtterances.js (for example "help", "help me",
"go back", "repeat", "say that again", "start over", "stop", "cancel", "never mind"), and has no
FallbackIntent at all (an unmatched utterance is an error, not a FallbackIntent).

So the copy adds, to built-in intents only, phrases that real Alexa already routes to that
built-in through its own training. Nothing here changes which intent a phrase reaches on real
Alexa; it only lets the tests say those phrases.

The additions never contain a phrase that the real model already has as a sample of another
intent, nor one that the AnswerIntent slot type lists as a value or synonym (either would make
the tests route a phrase differently from the real model); `write_test_model` checks this and
raises ValueError if the real model changes so that an addition would collide.
"""

from __future__ import annotations

import json
from pathlib import Path

# intent name -> [(sample, why it is here)]
TEST_ONLY_SAMPLES: dict[str, list[tuple[str, str]]] = {
    # The canonical phrase of each built-in. virtual-alexa 0.7.8 happens to know these already
    # (BuiltinUtterances.js adds them to every built-in the model declares); they are listed here
    # so the tests do not depend on that private list. Real Alexa: each is the documented, most
    # common utterance of its intent.
    "AMAZON.HelpIntent": [
        ("help", "canonical HelpIntent phrase"),
        ("help me", "canonical HelpIntent phrase"),
        # virtual-alexa lacks this one; a common request Alexa's HelpIntent training covers.
        ("can you help me", "common HelpIntent phrasing; virtual-alexa lacks it"),
    ],
    "AMAZON.RepeatIntent": [
        ("repeat", "canonical RepeatIntent phrase"),
        ("repeat that", "canonical RepeatIntent phrase"),
        ("say that again", "canonical RepeatIntent phrase (the real model has it too: no-op then)"),
    ],
    "AMAZON.StartOverIntent": [
        ("start over", "canonical StartOverIntent phrase (the real model has it too: no-op then)"),
        ("restart", "canonical StartOverIntent phrase"),
    ],
    "AMAZON.PreviousIntent": [
        ("go back", "canonical PreviousIntent phrase (the real model has it too: no-op then)"),
        ("previous", "canonical PreviousIntent phrase"),
    ],
    "AMAZON.StopIntent": [
        ("stop", "canonical StopIntent phrase"),
    ],
    "AMAZON.CancelIntent": [
        ("cancel", "canonical CancelIntent phrase"),
        ("never mind", "canonical CancelIntent phrase (the real model has it too: no-op then)"),
    ],
    "AMAZON.NavigateHomeIntent": [
        # The real model gives NavigateHomeIntent no samples (Alexa handles "go home" itself).
        ("go home", "canonical NavigateHomeIntent phrase"),
    ],
    # AMAZON.YesIntent / AMAZON.NoIntent: nothing added. "yes" and "no" are also ANSWER_VALUE
    # values, so adding them here would trip the collision check below; virtual-alexa already
    # routes "yes", "yes please", "sure" to YesIntent and "no", "no thanks" to NoIntent because an
    # exact literal sample outscores the slot-only sample "{answer}" (virtual-core's score is the
    # matched length minus the slot text length). Every other yes/no word ("yeah", "nope", ...)
    # reaches AnswerIntent with its resolution id, which the skill handles the same way.
    #
    # virtual-alexa has no FallbackIntent: an utterance it cannot match makes utter() throw. Real
    # Alexa sends FallbackIntent for out-of-domain requests in session; these stand-ins let the
    # tests drive the skill's fallback handler. They are clearly outside this skill's domain.
    # (Avoid the words ask/open/launch/tell/talk to: virtual-alexa would treat the utterance as
    # a launch; the driver anchors that check, but keep the stand-ins safe for plain utter() too.)
    "AMAZON.FallbackIntent": [
        ("what's the weather like", "out-of-domain stand-in: real Alexa sends FallbackIntent"),
        ("play some music", "out-of-domain stand-in: real Alexa sends FallbackIntent"),
        ("order a pizza", "out-of-domain stand-in: real Alexa sends FallbackIntent"),
        ("purple elephant banana", "nonsense stand-in: real Alexa sends FallbackIntent"),
    ],
}


def _language_model(model: dict) -> dict:
    try:
        return model["interactionModel"]["languageModel"]
    except (KeyError, TypeError) as exc:
        raise ValueError("not an ASK interaction model: no interactionModel.languageModel") from exc


def write_test_model(src: Path, dest: Path) -> Path:
    """Copy the interaction model at `src` to `dest`, adding TEST_ONLY_SAMPLES to built-ins.

    Only built-in intents already present in the real model get samples (the copy never adds
    intents). Returns `dest`. Raises ValueError if `dest` is `src`, or if an addition would
    collide with a sample of another intent or with an AnswerIntent slot value/synonym.
    """
    src, dest = Path(src), Path(dest)
    if dest.resolve() == src.resolve():
        raise ValueError("refusing to overwrite the real interaction model")
    model = json.loads(src.read_text(encoding="utf-8"))
    language_model = _language_model(model)

    owner: dict[str, str] = {}
    for intent in language_model.get("intents", []):
        for sample in intent.get("samples", []):
            owner[sample.lower()] = intent["name"]
    slot_words: set[str] = set()
    for slot_type in language_model.get("types", []):
        for value in slot_type.get("values", []):
            name = value.get("name", {})
            slot_words.add(name.get("value", "").lower())
            slot_words.update(s.lower() for s in name.get("synonyms", []))

    for intent in language_model.get("intents", []):
        additions = TEST_ONLY_SAMPLES.get(intent["name"])
        if not additions:
            continue
        samples = intent.setdefault("samples", [])
        for sample, _why in additions:
            key = sample.lower()
            if key in owner and owner[key] != intent["name"]:
                raise ValueError(
                    f"test-only sample {sample!r} for {intent['name']} is already a sample of {owner[key]}"
                )
            if key in slot_words:
                raise ValueError(
                    f"test-only sample {sample!r} for {intent['name']} is an answer slot value or synonym"
                )
            if key not in owner:
                samples.append(sample)
                owner[key] = intent["name"]

    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(model, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return dest
