"""Where `content/` lives and how its JSON files are read: always validated against their schema."""
from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from .errors import ContentError

_HERE = Path(__file__).resolve().parent


def content_dir() -> Path:
    """The content folder: $LEG_CRAMP_CONTENT, else beside the code (the Lambda artifact), else the repo's top level."""
    override = os.environ.get("LEG_CRAMP_CONTENT")
    candidates = [Path(override)] if override else [_HERE.parent / "content", _HERE.parents[1] / "content"]
    for candidate in candidates:
        if (candidate / "bank.json").is_file():
            return candidate
    raise ContentError(f"content folder not found (looked in {', '.join(map(str, candidates))})")


@cache
def validator(schema_name: str) -> Draft202012Validator:
    """A compiled validator for one schema in content/schemas, built once per process."""
    schema = read_json(content_dir() / "schemas" / schema_name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ContentError(f"{path}: {err}") from err


def load_validated(file_name: str, schema_name: str) -> Any:
    """Read content/<file_name> and check it against content/schemas/<schema_name>."""
    data = read_json(content_dir() / file_name)
    errors = sorted(validator(schema_name).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        details = "; ".join(f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in errors[:5])
        raise ContentError(f"{file_name} does not match {schema_name}: {details}")
    return data
