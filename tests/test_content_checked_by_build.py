"""Content is checked against its schema once, by the Lambda build, and not again at every cold start
unless a file or its schema changed since (triage.content_files; issue 7)."""
import json

import pytest

from triage.content_files import content_dir, read_json
from triage.errors import ContentError


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
    assert set(listed) == {p.name for p in content_dir().glob("*.json") if not p.name.startswith(".")}
    assert listed["bank.json"]["schema"] == "bank.schema.json" and listed["relief.json"]["schema"] == "relief.schema.json"
    monkeypatch.setattr(content_files, "validator", lambda *args: pytest.fail(f"{args} checked again"))
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
    real = content_files.validator
    monkeypatch.setattr(content_files, "validator", lambda name, folder=None: checked.append(name) or real(name, folder))
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
