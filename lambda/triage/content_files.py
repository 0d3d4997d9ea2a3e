"""Where `content/` lives and how its JSON files are read: always checked against their schema (jsonschema).

jsonschema costs about 45 ms to import, so it is imported on first use, never at cold start (issue 7):
- the Lambda build checks every content file once and writes what it checked, with hashes, beside them
  (`write_checked_list`, content/.checked.json in the artifact). A file whose bytes and schema still hash
  the same is not checked again at cold start; any other file, or any file where there is no such list
  (the repository: tests, chat, serve), is checked as it is read;
- the conversation state is checked on every request that carries one (triage.state), which a launch
  or the first turn of a one-shot request does not.
"""
from __future__ import annotations

import json
import os
from functools import cache
from typing import TYPE_CHECKING, Any

from .errors import ContentError

if TYPE_CHECKING:
    from pathlib import Path

    from jsonschema import Draft202012Validator

# os.path, not pathlib, on the skill's path: pathlib is about 1 ms of cold start that nothing else needs.
_CODE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # lambda/, or the artifact's top


def content_folder() -> str:
    """The content folder: $LEG_CRAMP_CONTENT, else beside the code (the Lambda artifact), else the repo's top level."""
    override = os.environ.get("LEG_CRAMP_CONTENT")
    candidates = [override] if override else [os.path.join(_CODE, "content"), os.path.join(os.path.dirname(_CODE), "content")]
    for candidate in candidates:
        if os.path.isfile(os.path.join(candidate, "bank.json")):
            return candidate
    raise ContentError(f"content folder not found (looked in {', '.join(candidates)})")


def content_dir() -> Path:
    """content_folder() as a Path, for tests and tools."""
    from pathlib import Path

    return Path(content_folder())


def read_json(path: str | os.PathLike[str]) -> Any:
    try:
        with open(path, encoding="utf-8") as file:
            return json.loads(file.read())
    except (OSError, ValueError) as err:
        raise ContentError(f"{path}: {err}") from err


def load_validated(file_name: str, schema_name: str) -> Any:
    """Read content/<file_name> and check it against content/schemas/<schema_name> (unless the build did)."""
    folder = content_folder()
    path = os.path.join(folder, file_name)
    try:
        with open(path, "rb") as file:
            raw = file.read()
        data = json.loads(raw)
    except (OSError, ValueError) as err:
        raise ContentError(f"{path}: {err}") from err
    if not _checked_by_build(folder, file_name, schema_name, raw):
        _check(data, file_name, schema_name)
    return data


def _check(data: Any, file_name: str, schema_name: str, folder: str | None = None) -> None:
    errors = sorted(validator(schema_name, folder).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        details = "; ".join(f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in errors[:5])
        raise ContentError(f"{file_name} does not match {schema_name}: {details}")


CHECKED_LIST = ".checked.json"


OWN_SCHEMAS = {"bank.json": "bank.schema.json", "relief.json": "relief.schema.json"}


def schema_of(file_name: str) -> str:
    """The schema a content file is read with: the bank and the relief script have their own, every other
    file is a locale's texts."""
    return OWN_SCHEMAS.get(file_name, "texts.schema.json")


def write_checked_list(folder: str | os.PathLike[str]) -> None:
    """Check every content file in `folder` against its schema and record each with its schema and hashes.

    Run by the Lambda build on the artifact's own copy of content/; raises ContentError on the first file
    that does not match, so no artifact is built with broken content.
    """
    import hashlib

    folder = os.fspath(folder)
    entries = {}
    for name in sorted(n for n in os.listdir(folder) if n.endswith(".json") and not n.startswith(".")):
        schema_name = schema_of(name)
        schema_path = os.path.join(folder, "schemas", schema_name)
        with open(os.path.join(folder, name), "rb") as file:
            raw = file.read()
        _check(json.loads(raw), name, schema_name, folder)
        with open(schema_path, "rb") as file:
            schema_hash = hashlib.sha256(file.read()).hexdigest()
        entries[name] = {"schema": schema_name, "sha256": hashlib.sha256(raw).hexdigest(), "schema_sha256": schema_hash}
    with open(os.path.join(folder, CHECKED_LIST), "w", encoding="utf-8") as file:
        json.dump({"checked_by": "local.artifact (the Lambda build)", "files": entries}, file, indent=1, sort_keys=True)


def _checked_by_build(folder: str, file_name: str, schema_name: str, raw: bytes) -> bool:
    entry = _checked_list(folder).get(file_name)
    if not isinstance(entry, dict) or entry.get("schema") != schema_name:
        return False
    import hashlib  # already loaded on the skill's path (the store's user keys are HMACs)

    return entry.get("sha256") == hashlib.sha256(raw).hexdigest() and entry.get("schema_sha256") == _file_hash(
        os.path.join(folder, "schemas", schema_name))


@cache
def _checked_list(folder: str) -> dict[str, Any]:
    """What the build checked in `folder`, or nothing when no build wrote a list there."""
    try:
        with open(os.path.join(folder, CHECKED_LIST), encoding="utf-8") as file:
            files = json.load(file).get("files")
    except (OSError, ValueError, AttributeError):
        return {}
    return files if isinstance(files, dict) else {}


@cache
def _file_hash(path: str) -> str | None:
    import hashlib

    try:
        with open(path, "rb") as file:
            return hashlib.sha256(file.read()).hexdigest()
    except OSError:
        return None


@cache
def validator(schema_name: str, folder: str | None = None) -> Draft202012Validator:
    """A compiled validator for one schema in <folder or the content folder>/schemas, built once per process."""
    from jsonschema import Draft202012Validator  # about 45 ms to import: not at cold start

    schema = read_json(os.path.join(folder or content_folder(), "schemas", schema_name))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)
