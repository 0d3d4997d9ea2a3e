"""The skill's own schema validator agrees with jsonschema, the reference, wherever the skill uses it.

The skill validates content at cold start and the conversation state on every request with
`triage.content_files.checker` (jsonschema costs about 45 ms of cold start to import; issue 7).
Here both validators judge the same documents: every content file, states from whole check-ups,
and mutations of each (a key dropped or added, a value of every JSON type, an item repeated, a
list emptied), so a difference in any keyword the schemas use shows up as a failing case.
"""
import copy
import json
import random

import pytest

from triage.bank import load_bank
from triage.content_files import SchemaChecker, checker, content_dir, read_json, validator
from triage.engine import step
from triage.errors import ContentError, InvalidState
from triage.model import Answer, Launch, Prompt
from triage.state import SCHEMA, State, from_json, to_json

BANK = load_bank()
SCHEMAS = sorted(p.name for p in (content_dir() / "schemas").glob("*.schema.json"))
CONTENT = {"bank.json": "bank.schema.json", **{p.name: "texts.schema.json" for p in content_dir().glob("*.json") if p.name != "bank.json"}}
REPLACEMENTS = [None, True, False, 0, 1, 1.0, -1, 2.5, 10**6, "", "x", "yes", "f_walk_pain", "A b", "<b>", [], ["x"], {}, {"x": 1}]
WORDS = ("yes", "no", "unsure", "sometimes", "no", "a_little")


def played_states() -> list[dict]:
    """The state after every turn of several whole check-ups, with every answer word."""
    states = []
    for offset in range(len(WORDS)):
        state, turn = step(BANK, State(), Launch())
        states.append(to_json(BANK, state))
        turns = 0
        while turn.ask and turn.ask != Prompt.REPEAT_RESULT.value and turns < 60:
            word = "yes" if turn.ask in {p.value for p in Prompt} else WORDS[(turns + offset) % len(WORDS)]
            if turn.ask.startswith("flags_") or turn.ask.startswith("rf_"):
                word = "no"  # so the check goes on to the causes
            state, turn = step(BANK, state, Answer(word))
            states.append(json.loads(json.dumps(to_json(BANK, state))))
            turns += 1
    return states


def paths(document, prefix=()):
    yield prefix
    if isinstance(document, dict):
        for key, value in document.items():
            yield from paths(value, prefix + (key,))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from paths(value, prefix + (index,))


def mutations(document, path):
    """Documents that differ from `document` at `path` in one way each."""
    def at(doc):
        for step_ in path[:-1]:
            doc = doc[step_]
        return doc

    for value in REPLACEMENTS:
        if path:
            changed = copy.deepcopy(document)
            at(changed)[path[-1]] = copy.deepcopy(value)
            yield changed
        else:
            yield copy.deepcopy(value)
    if path:
        changed = copy.deepcopy(document)
        del at(changed)[path[-1]]
        yield changed
    target = at(document)[path[-1]] if path else document
    if isinstance(target, dict):
        for key in ("unexpected", "f_made_up", "texts.x"):
            changed = copy.deepcopy(document)
            (at(changed)[path[-1]] if path else changed)[key] = "x"
            yield changed
    if isinstance(target, list) and target:
        changed = copy.deepcopy(document)
        (at(changed)[path[-1]] if path else changed).append(copy.deepcopy(target[0]))
        yield changed


def assert_same_verdicts(schema_name, documents):
    ours, reference = checker(schema_name), validator(schema_name)
    checked = 0
    for document in documents:
        expected = reference.is_valid(document)
        assert ours.is_valid(document) is expected, (schema_name, json.dumps(document)[:300])
        assert (ours.first_error(document) is None) is expected
        checked += 1
    return checked


@pytest.mark.parametrize("schema_name", SCHEMAS)
def test_every_schema_compiles_and_is_a_valid_schema(schema_name):
    validator(schema_name)  # jsonschema's check_schema against the 2020-12 meta-schema
    assert isinstance(checker(schema_name), SchemaChecker)


@pytest.mark.parametrize("file_name", sorted(CONTENT))
def test_both_validators_accept_every_content_file(file_name):
    document = read_json(content_dir() / file_name)
    assert checker(CONTENT[file_name]).errors(document) == []
    assert validator(CONTENT[file_name]).is_valid(document)


@pytest.mark.parametrize("file_name", ["bank.json", "en.json", "en-GB.json"])
def test_both_validators_agree_on_mutated_content(file_name):
    document = read_json(content_dir() / file_name)
    every_path = list(paths(document))
    chosen = random.Random(file_name).sample(every_path, min(10, len(every_path)))
    checked = assert_same_verdicts(CONTENT[file_name], (m for p in chosen for m in mutations(document, p)))
    assert checked > 150


def test_both_validators_agree_on_states_from_whole_check_ups_and_their_mutations():
    states = played_states()
    assert len(states) > 50 and any("result" in s for s in states) and any("question_features" in s for s in states)
    assert_same_verdicts(SCHEMA, states)
    rng = random.Random(1)
    for state in [states[1], *rng.sample(states, 3), next(s for s in states if "result" in s)]:
        assert_same_verdicts(SCHEMA, (m for p in paths(state) for m in mutations(state, p)))


@pytest.mark.parametrize("document", [
    {"version": True, "question": None, "answers": {}, "history": [], "fallbacks": 0},
    {"version": 1.0, "question": None, "answers": {}, "history": [], "fallbacks": 0},
    {"version": 1, "question": None, "answers": {}, "history": [], "fallbacks": True},
    {"version": 1, "question": None, "answers": {}, "history": [], "fallbacks": 2.0},
    {"version": 1, "question": None, "answers": {}, "history": [], "fallbacks": 2.5},
    {"version": 1, "question": None, "answers": {}, "history": [], "fallbacks": float("nan")},
    {"version": 1, "question": "f_walk_pain", "answers": {}, "history": [], "fallbacks": 0, "question_features": ["f_a", "f_a"]},
    {"version": 1, "question": "xf_walk_pain", "answers": {}, "history": ["Bad"], "fallbacks": 0},
    {"version": 1, "question": None, "answers": {"f_a": "yes"}, "history": [], "fallbacks": 0, "result": {"urgency": "routine", "causes": ["pad", "pad"]}},
])
def test_both_validators_agree_on_edge_cases(document):
    assert_same_verdicts(SCHEMA, [document])


def test_tampered_state_is_still_refused_with_a_reason():
    state = to_json(BANK, step(BANK, State(), Launch())[0])
    state["answers"]["f_walk_pain"] = "maybe"
    with pytest.raises(InvalidState, match="answers/f_walk_pain: 'maybe' is not one of"):
        from_json(BANK, state)


def test_a_schema_keyword_the_checker_does_not_implement_is_refused():
    with pytest.raises(ContentError, match="patternProperties"):
        SchemaChecker({"type": "object", "patternProperties": {"^x": {"type": "string"}}}, "test")
    with pytest.raises(ContentError, match="points at nothing"):
        SchemaChecker({"$ref": "#/$defs/missing"}, "test")
    with pytest.raises(ContentError, match="inside the schema"):
        SchemaChecker({"$ref": "https://example.com/other.json"}, "test")


def test_errors_say_where_and_stop_at_the_limit():
    texts = read_json(content_dir() / "en.json")
    for key in list(texts["texts"])[:8]:
        texts["texts"][key] = "<speak>"
    errors = checker("texts.schema.json").errors(texts, limit=5)
    assert len(errors) == 5 and all(e.startswith("texts/") for e in errors)


# --- content checked once by the build --------------------------------------------------------------

def built_content(tmp_path, monkeypatch):
    """A copy of content/ with the build's list of what it checked, used as the skill's content folder."""
    import shutil

    from triage import content_files

    folder = tmp_path / "content"
    shutil.copytree(content_dir(), folder)
    content_files.write_checked_list(folder)
    monkeypatch.setenv("LEG_CRAMP_CONTENT", str(folder))
    return folder


def test_content_the_build_checked_is_not_checked_again(tmp_path, monkeypatch):
    from triage import content_files

    folder = built_content(tmp_path, monkeypatch)
    listed = json.loads((folder / content_files.CHECKED_LIST).read_text())["files"]
    assert set(listed) == set(CONTENT) and listed["bank.json"]["schema"] == "bank.schema.json"
    monkeypatch.setattr(content_files, "checker", lambda name: pytest.fail(f"{name} checked again"))
    assert content_files.load_validated("bank.json", "bank.schema.json") == read_json(folder / "bank.json")
    assert content_files.load_validated("en.json", "texts.schema.json")["locale"] == "en"


def test_content_changed_after_the_build_is_checked_again(tmp_path, monkeypatch):
    from triage import content_files

    folder = built_content(tmp_path, monkeypatch)
    texts = read_json(folder / "en.json")
    texts["texts"]["welcome"] = "<speak>raw markup</speak>"
    (folder / "en.json").write_text(json.dumps(texts))
    with pytest.raises(ContentError, match="en.json does not match texts.schema.json"):
        content_files.load_validated("en.json", "texts.schema.json")
    # Read with another schema than the one the build checked it against: checked too.
    with pytest.raises(ContentError, match="does not match bank.schema.json"):
        content_files.load_validated("en-GB.json", "bank.schema.json")


def test_a_changed_schema_means_checking_again(tmp_path, monkeypatch):
    from triage import content_files

    folder = built_content(tmp_path, monkeypatch)
    schema = read_json(folder / "schemas" / "texts.schema.json")
    schema["description"] = "edited after the build"
    (folder / "schemas" / "texts.schema.json").write_text(json.dumps(schema))
    checked = []
    real = content_files.checker
    monkeypatch.setattr(content_files, "checker", lambda name: checked.append(name) or real(name))
    content_files.load_validated("en.json", "texts.schema.json")
    assert checked == ["texts.schema.json"]


def test_the_build_refuses_content_that_does_not_match(tmp_path):
    import shutil

    from triage import content_files

    folder = tmp_path / "content"
    shutil.copytree(content_dir(), folder)
    bank = read_json(folder / "bank.json")
    bank["questions"][0]["ask_iff"] = ["f_walk_pain"]
    (folder / "bank.json").write_text(json.dumps(bank))
    with pytest.raises(ContentError, match="bank.json does not match"):
        content_files.write_checked_list(folder)
    assert not (folder / content_files.CHECKED_LIST).exists()
