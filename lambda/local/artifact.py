"""The Lambda artifact: the folder template.yaml's CodeUri names, which `sam deploy` zips as it is.

Layout: lambda/'s code at the top (so the handler is `lambda_function.lambda_handler`), content/
beside it (where triage.content_files looks first), and the runtime packages installed flat.

The skill's own code ships compiled: Lambda's /var/task is read-only, so without bytecode in the
artifact every cold start compiles every module again (about 12 ms, issue 7). The bytecode is
"unchecked-hash" (PEP 552): used as it is, whatever the files' times after zipping and unzipping,
which is right for a folder nobody edits after the build.
"""
from __future__ import annotations

import compileall
import py_compile
import shutil
import subprocess
import sys
from pathlib import Path

from triage.content_files import CHECKED_LIST, write_checked_list
from triage.errors import ContentError

REPO = Path(__file__).resolve().parents[2]
CODE = REPO / "lambda"
CONTENT = REPO / "content"
REQUIREMENTS = CODE / "requirements.txt"
DEFAULT_OUT = REPO / ".build" / "lambda"
# A folder holding this file was made by build(); only such a folder, or an empty one, is ever wiped.
MARKER = ".leg-cramp-helper-artifact"

# The runtime template.yaml declares; bytecode compiled by another Python would never be used there.
LAMBDA_PYTHON = (3, 11)
# Wheels for Lambda's python3.11 on Graviton, whatever machine builds them.
ARM64_PIP_ARGS = ("--platform", "manylinux2014_aarch64", "--only-binary=:all:", "--python-version", "3.11", "--implementation", "cp")
PLATFORMS = ("arm64", "host")


class ArtifactError(Exception):
    """The artifact could not be built; the message says why."""


def build(out: Path, platform: str) -> Path:
    """Replace `out` with a fresh artifact for `platform` ("arm64" for Lambda, "host" to run it here)."""
    if platform not in PLATFORMS:
        raise ArtifactError(f"unknown platform {platform!r} (choose from {', '.join(PLATFORMS)})")
    out = out.resolve()
    _wipe(out)
    print(f"Copying the skill's code and content into {out}", flush=True)
    assemble(out)
    if sys.version_info[:2] != LAMBDA_PYTHON:
        print(f"Note: this is Python {sys.version_info[0]}.{sys.version_info[1]}; Lambda runs "
              f"{LAMBDA_PYTHON[0]}.{LAMBDA_PYTHON[1]}, so it will compile the skill's code at every cold start", flush=True)
    print(f"Installing {REQUIREMENTS.relative_to(REPO)} for {platform}", flush=True)
    _pip_install(out, platform)
    print(f"Done: {out} ({_size_mb(out):.1f} MB)", flush=True)
    return out


def assemble(out: Path) -> Path:
    """The skill's part of the artifact in `out` (a new folder): code compiled for this Python, content with the
    list of what was checked in it, marker.

    Everything but the packages, which is what the benchmark runs (with the packages of this venv).
    """
    shutil.copytree(CODE, out, ignore=_not_shipped)
    shutil.copytree(CONTENT, out / "content", ignore=shutil.ignore_patterns("__pycache__", CHECKED_LIST))
    try:
        write_checked_list(out / "content")  # checked once here, not at every cold start (triage.content_files)
    except ContentError as err:
        raise ArtifactError(f"content/ does not pass its schemas: {err}") from err
    compile_code(out)
    (out / MARKER).touch()
    return out


def compile_code(folder: Path) -> None:
    """Unchecked-hash bytecode, for this Python, of every module in `folder`."""
    mode = py_compile.PycInvalidationMode.UNCHECKED_HASH
    if not compileall.compile_dir(folder, quiet=2, invalidation_mode=mode, ddir="/var/task"):
        raise ArtifactError(f"the code in {folder} does not compile")


def _wipe(out: Path) -> None:
    if {CODE, CONTENT} & {out, *out.parents}:
        raise ArtifactError(f"refusing to build into {out}: it is inside the sources it would copy")
    if not out.exists():
        return
    if not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists()):
        raise ArtifactError(f"refusing to replace {out}: it is not an earlier artifact (no {MARKER} in it)")
    shutil.rmtree(out)


def _not_shipped(folder: str, names: list[str]) -> set[str]:
    """The local tools, the requirements list, build metadata and the working tree's bytecode stay out of the artifact
    (`compile_code` writes fresh bytecode once the code is copied)."""
    top_level = {"local", "requirements.txt"} if Path(folder) == CODE else set()
    return {n for n in names if n in top_level or n == "__pycache__" or n.endswith((".pyc", ".egg-info"))}


def _pip_install(out: Path, platform: str) -> None:
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-input", "--disable-pip-version-check"]
    # pip would compare the target with this venv's packages (boto3 and the like) and warn of false conflicts.
    command += ["--no-warn-conflicts", "--requirement", str(REQUIREMENTS), "--target", str(out)]
    if platform == "arm64":
        command += ARM64_PIP_ARGS
    if subprocess.run(command, check=False).returncode != 0:
        raise ArtifactError("pip could not install the runtime packages (see its messages above)")


def _size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1_000_000
