"""The Lambda artifact holds everything the skill needs: run it where nothing else is installed."""
import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from local import artifact, envelopes
from support.alexa_checks import check_response

# Runs in a bare interpreter: -I ignores PYTHON* variables and the user's site, -S every site-packages.
RUN_IN_ARTIFACT = """
import gc, json, sys
sys.path.insert(0, sys.argv[1])
import ask_sdk_core, jsonschema, lambda_function, skill, triage
response = lambda_function.lambda_handler(json.load(sys.stdin), None)
modules = {m.__name__: m.__file__ for m in (ask_sdk_core, jsonschema, lambda_function, skill, triage)}
print(json.dumps({"response": response, "modules": modules, "collecting": gc.isenabled()}))
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return artifact.build(tmp_path_factory.mktemp("build") / "lambda", "host")


def test_it_holds_the_code_and_content_but_not_the_local_tools(built):
    assert (built / "lambda_function.py").is_file()
    assert (built / "skill" / "app.py").is_file() and (built / "triage" / "engine.py").is_file()
    assert (built / "content" / "bank.json").is_file() and (built / "content" / "schemas").is_dir()
    assert (built / "content" / ".checked.json").is_file()  # content checked by the build, not at each cold start
    assert not (built / "local").exists()
    assert not (built / "requirements.txt").exists()
    assert not list(built.glob("*.egg-info"))


def test_its_code_ships_compiled_for_lambdas_read_only_folder(built):
    """Fresh unchecked-hash bytecode for every module (none copied from the working tree), so no cold start compiles."""
    modules = [built / "lambda_function.py", *(built / "skill").rglob("*.py"), *(built / "triage").rglob("*.py")]
    assert len(modules) > 20
    for module in modules:
        pyc = Path(importlib.util.cache_from_source(str(module)))
        assert pyc.is_file(), module
        flags = int.from_bytes(pyc.read_bytes()[4:8], "little")
        assert flags == 0b01, f"{pyc}: not unchecked-hash bytecode"  # hash-based, source not checked (PEP 552)
    compiled = {p.stem.split(".")[0] for p in (built / "skill").rglob("*.pyc")}
    assert compiled == {p.stem for p in (built / "skill").rglob("*.py")}


def test_it_answers_a_launch_with_nothing_but_itself(built, tmp_path):
    """Zipped as `sam package` does, unpacked into an empty folder, run in a fresh bare interpreter."""
    unpacked = tmp_path / "unpacked"
    shutil.unpack_archive(shutil.make_archive(str(tmp_path / "lambda"), "zip", built), unpacked)
    envelope = envelopes.Session().envelope(envelopes.launch())
    result = subprocess.run(
        [sys._base_executable, "-I", "-S", "-c", RUN_IN_ARTIFACT, str(unpacked)],
        input=json.dumps(envelope), capture_output=True, text=True, cwd=tmp_path, env={"LEG_CRAMP_STORE": "memory"}, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    for name, path in output["modules"].items():
        assert path.startswith(str(unpacked)), f"{name} came from {path}, not the artifact"
    check_response(output["response"])
    assert "Leg Cramp Helper" in output["response"]["response"]["outputSpeech"]["ssml"]
    assert output["collecting"]  # paused only while the handler is imported: a warm container collects as usual


def test_it_never_wipes_a_folder_it_did_not_build(tmp_path):
    keep = tmp_path / "notes.txt"
    keep.write_text("mine")
    with pytest.raises(artifact.ArtifactError, match="not an earlier artifact"):
        artifact.build(tmp_path, "host")
    with pytest.raises(artifact.ArtifactError, match="inside the sources"):
        artifact.build(artifact.CODE / "build", "host")
    assert keep.read_text() == "mine"
