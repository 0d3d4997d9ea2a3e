"""Where `content/` lives and how its JSON files are read: always checked against their schema.

Two validators read the same schemas in content/schemas:

- `checker(name)`: what the skill runs, on every content file it loads and on the state of every request.
  A small compiled validator for exactly the JSON Schema keywords our schemas use; a schema with any other
  keyword is refused (ContentError), so it can never silently check less than the schema says. It costs
  about a millisecond at cold start, where importing `jsonschema` costs about 45 ms (issue 7).
- `validator(name)`: the `jsonschema` reference implementation, for tests and tools only (imported on
  first use). tests/test_schema_checker.py checks that both give the same verdict on every content file,
  on states from real check-ups, and on mutations of each.

The Lambda build checks every content file once and writes what it checked, with hashes, beside them
(`write_checked_list`, content/.checked.json in the artifact). A file whose bytes and schema still hash
the same is not checked again at cold start (about 1.5 ms saved); any other file, or any file where
there is no such list (the repository: tests, chat, serve), is checked as it is read.
"""
from __future__ import annotations

import json
import os
import re
from functools import cache
from typing import TYPE_CHECKING, Any, Callable, Sequence

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
        errors = checker(schema_name).errors(data, limit=5)
        if errors:
            raise ContentError(f"{file_name} does not match {schema_name}: {'; '.join(errors)}")
    return data


CHECKED_LIST = ".checked.json"


def schema_of(file_name: str) -> str:
    """The schema a content file is read with: bank.json has its own, every other one is a locale's texts."""
    return "bank.schema.json" if file_name == "bank.json" else "texts.schema.json"


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
        errors = SchemaChecker(read_json(schema_path), schema_name).errors(json.loads(raw), limit=5)
        if errors:
            raise ContentError(f"{name} does not match {schema_name}: {'; '.join(errors)}")
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
def checker(schema_name: str) -> SchemaChecker:
    """The skill's validator for one schema in content/schemas, compiled once per process."""
    return SchemaChecker(read_json(os.path.join(content_folder(), "schemas", schema_name)), schema_name)


@cache
def validator(schema_name: str) -> Draft202012Validator:
    """The reference validator (jsonschema) for one schema in content/schemas: for tests and tools, not the skill."""
    from jsonschema import Draft202012Validator  # about 45 ms to import: never on the skill's path

    schema = read_json(os.path.join(content_folder(), "schemas", schema_name))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


# -- the skill's validator --------------------------------------------------------------------------
#
# Each schema node compiles into one function `check(value, path) -> errors`: an empty tuple when the
# value is valid (the common case, so it allocates nothing), else a list of "where: what" strings.

Where = tuple[str | int, ...]
Errors = Sequence[str]
Check = Callable[[Any, Where], Errors]

VALID: Errors = ()
# Keywords that only annotate: they never make an instance invalid.
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default"})
_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    # JSON Schema: 1.0 is an integer too.
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
}
_KNOWN_STRINGS = 4096  # strings remembered per pattern as matching (ids repeat on every request); bounded


class SchemaChecker:
    """A draft 2020-12 schema compiled into plain checks, for the keywords our schemas use and no others."""

    def __init__(self, schema: Any, name: str = "schema") -> None:
        self.name = name
        self._root = schema
        self._refs: dict[str, Check] = {}
        self._check = self._compile(schema, "#")

    def errors(self, instance: Any, limit: int | None = None) -> list[str]:
        """Up to `limit` problems, each as 'where: what' ('(top)' for the document itself); [] when valid."""
        return list(self._check(instance, ()))[:limit]

    def first_error(self, instance: Any) -> str | None:
        errors = self._check(instance, ())
        return errors[0] if errors else None

    def is_valid(self, instance: Any) -> bool:
        return not self._check(instance, ())

    # -- compiling ----------------------------------------------------------------------------------

    def _compile(self, schema: Any, where: str) -> Check:
        if schema is True:
            return _nothing
        if schema is False:
            return lambda value, path: [_at(path, "nothing is allowed here")]
        if not isinstance(schema, dict):
            raise ContentError(f"{self.name}: {where} is not a schema")
        unknown = set(schema) - _ANNOTATIONS - set(_KEYWORDS) - {"properties", "additionalProperties"}
        if unknown:
            raise ContentError(f"{self.name}: {where} uses {', '.join(sorted(unknown))}, which the skill's validator "
                               "does not implement (add it to triage/content_files.py, with a test)")
        checks = [_KEYWORDS[k](self, schema[k], schema, f"{where}/{k}") for k in schema if k in _KEYWORDS]
        if "properties" in schema or "additionalProperties" in schema:
            checks.append(self._object(schema, where))
        checks = [c for c in checks if c is not None]
        if not checks:
            return _nothing
        if len(checks) == 1:
            return checks[0]

        def check(value: Any, path: Where) -> Errors:
            found: Errors = VALID
            for one in checks:
                errors = one(value, path)
                if errors:
                    found = [*found, *errors]
            return found

        return check

    def _object(self, schema: dict, where: str) -> Check:
        properties = {k: self._compile(s, f"{where}/properties/{k}") for k, s in schema.get("properties", {}).items()}
        extra = schema.get("additionalProperties", True)
        extra_check = None if extra is True or extra is False else self._compile(extra, f"{where}/additionalProperties")

        def check(value: Any, path: Where) -> Errors:
            if not isinstance(value, dict):
                return VALID
            found: Errors = VALID
            for key, item in value.items():
                known = properties.get(key)
                if known is not None:
                    errors = known(item, path + (key,))
                elif extra is False:
                    errors = [_at(path, f"unexpected property {key!r}")]
                elif extra_check is not None:
                    errors = extra_check(item, path + (key,))
                else:
                    continue
                if errors:
                    found = [*found, *errors]
            return found

        return check

    def _ref(self, ref: str) -> Check:
        if not ref.startswith("#/"):
            raise ContentError(f"{self.name}: only references inside the schema are supported, not {ref!r}")
        if ref not in self._refs:
            target: Any = self._root
            for part in ref[2:].split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                if not isinstance(target, dict) or part not in target:
                    raise ContentError(f"{self.name}: {ref} points at nothing")
                target = target[part]
            self._refs[ref] = _nothing  # a reference to itself stays finite while it compiles
            self._refs[ref] = self._compile(target, ref)
        refs = self._refs
        return lambda value, path: refs[ref](value, path)


def _nothing(value: Any, path: Where) -> Errors:
    return VALID


def _at(path: Where, message: str) -> str:
    return f"{'/'.join(map(str, path)) or '(top)'}: {message}"


def _equal(one: Any, two: Any) -> bool:
    """JSON equality: true and 1 differ (Python says they are equal), 1 and 1.0 do not."""
    if isinstance(one, bool) or isinstance(two, bool):
        return type(one) is type(two) and one == two
    if isinstance(one, (list, tuple)) and isinstance(two, (list, tuple)):
        return len(one) == len(two) and all(map(_equal, one, two))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(_equal(one[k], two[k]) for k in one)
    if isinstance(one, (dict, list, tuple)) or isinstance(two, (dict, list, tuple)):
        return False
    return one == two


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _kw_type(checker: SchemaChecker, wanted: Any, schema: dict, where: str) -> Check:
    names = [wanted] if isinstance(wanted, str) else list(wanted)
    if any(n not in _TYPES for n in names):
        raise ContentError(f"{checker.name}: {where}: unknown type in {wanted!r}")
    message = " or ".join(names)
    simple = {"object": dict, "array": list, "string": str}
    if len(names) == 1 and names[0] in simple:
        kind = simple[names[0]]
        return lambda value, path: VALID if isinstance(value, kind) else [_at(path, f"{value!r} is not of type {message}")]
    tests = [_TYPES[n] for n in names]

    def check(value: Any, path: Where) -> Errors:
        if any(test(value) for test in tests):
            return VALID
        return [_at(path, f"{value!r} is not of type {message}")]

    return check


def _kw_enum(checker: SchemaChecker, allowed: list, schema: dict, where: str) -> Check:
    strings = frozenset(a for a in allowed if isinstance(a, str))  # a string equals only a string

    def check(value: Any, path: Where) -> Errors:
        if value in strings if isinstance(value, str) else any(_equal(value, a) for a in allowed):
            return VALID
        return [_at(path, f"{value!r} is not one of {allowed!r}")]

    return check


def _kw_const(checker: SchemaChecker, const: Any, schema: dict, where: str) -> Check:
    return lambda value, path: VALID if _equal(value, const) else [_at(path, f"{const!r} was expected")]


def _kw_pattern(checker: SchemaChecker, pattern: str, schema: dict, where: str) -> Check:
    search = re.compile(pattern).search  # unanchored, as JSON Schema says
    known: set[str] = set()

    def check(value: Any, path: Where) -> Errors:
        if isinstance(value, str) and value not in known:
            if not search(value):
                return [_at(path, f"{value!r} does not match {pattern!r}")]
            if len(known) < _KNOWN_STRINGS:
                known.add(value)
        return VALID

    return check


def _kw_required(checker: SchemaChecker, names: list[str], schema: dict, where: str) -> Check:
    def check(value: Any, path: Where) -> Errors:
        if not isinstance(value, dict):
            return VALID
        return [_at(path, f"{name!r} is a required property") for name in names if name not in value] or VALID

    return check


def _kw_property_names(checker: SchemaChecker, subschema: Any, schema: dict, where: str) -> Check:
    names = checker._compile(subschema, where)

    def check(value: Any, path: Where) -> Errors:
        if not isinstance(value, dict):
            return VALID
        found: Errors = VALID
        for key in value:
            errors = names(key, path)
            if errors:
                found = [*found, *(f"property name {key!r}: {e}" for e in errors)]
        return found

    return check


def _kw_items(checker: SchemaChecker, subschema: Any, schema: dict, where: str) -> Check:
    if "prefixItems" in schema or not isinstance(subschema, (dict, bool)):
        raise ContentError(f"{checker.name}: {where}: only a single `items` schema is supported")
    each = checker._compile(subschema, where)

    def check(value: Any, path: Where) -> Errors:
        if not isinstance(value, list):
            return VALID
        found: Errors = VALID
        for index, item in enumerate(value):
            errors = each(item, path + (index,))
            if errors:
                found = [*found, *errors]
        return found

    return check


def _kw_unique_items(checker: SchemaChecker, unique: bool, schema: dict, where: str) -> Check | None:
    if not unique:
        return None

    def check(value: Any, path: Where) -> Errors:
        if not isinstance(value, list):
            return VALID
        if all(isinstance(v, str) for v in value):
            repeated = len(set(value)) != len(value)
        else:  # true and 1 are different JSON values, though Python's set takes them for one
            repeated = any(_equal(a, b) for i, a in enumerate(value) for b in value[i + 1:])
        return [_at(path, f"{value!r} has non-unique elements")] if repeated else VALID

    return check


def _size(kind: type, compare: Callable[[int, int], bool], message: str) -> Callable[..., Check]:
    def keyword(checker: SchemaChecker, limit: int, schema: dict, where: str) -> Check:
        def check(value: Any, path: Where) -> Errors:
            if isinstance(value, kind) and not compare(len(value), limit):
                return [_at(path, f"{message} {limit}")]
            return VALID

        return check

    return keyword


def _bound(compare: Callable[[Any, Any], bool], message: str) -> Callable[..., Check]:
    def keyword(checker: SchemaChecker, limit: Any, schema: dict, where: str) -> Check:
        def check(value: Any, path: Where) -> Errors:
            if _number(value) and not compare(value, limit):
                return [_at(path, f"{value!r} is {message} {limit!r}")]
            return VALID

        return check

    return keyword


def _kw_ref(checker: SchemaChecker, ref: str, schema: dict, where: str) -> Check:
    return checker._ref(ref)


def _kw_not(checker: SchemaChecker, subschema: Any, schema: dict, where: str) -> Check:
    inner = checker._compile(subschema, where)
    return lambda value, path: [_at(path, f"{value!r} should not be valid under {subschema!r}")] if not inner(value, path) else VALID


def _kw_one_of(checker: SchemaChecker, subschemas: list, schema: dict, where: str) -> Check:
    options = [checker._compile(s, f"{where}/{i}") for i, s in enumerate(subschemas)]

    def check(value: Any, path: Where) -> Errors:
        matches = sum(not option(value, path) for option in options)
        return VALID if matches == 1 else [_at(path, f"{value!r} is valid under {matches} of the oneOf schemas, not exactly one")]

    return check


def _kw_any_of(checker: SchemaChecker, subschemas: list, schema: dict, where: str) -> Check:
    options = [checker._compile(s, f"{where}/{i}") for i, s in enumerate(subschemas)]

    def check(value: Any, path: Where) -> Errors:
        if any(not option(value, path) for option in options):
            return VALID
        return [_at(path, f"{value!r} is not valid under any of the anyOf schemas")]

    return check


def _kw_all_of(checker: SchemaChecker, subschemas: list, schema: dict, where: str) -> Check:
    options = [checker._compile(s, f"{where}/{i}") for i, s in enumerate(subschemas)]

    def check(value: Any, path: Where) -> Errors:
        found: Errors = VALID
        for option in options:
            errors = option(value, path)
            if errors:
                found = [*found, *errors]
        return found

    return check


_KEYWORDS: dict[str, Callable[..., Check | None]] = {
    "type": _kw_type,
    "enum": _kw_enum,
    "const": _kw_const,
    "pattern": _kw_pattern,
    "required": _kw_required,
    "propertyNames": _kw_property_names,
    "items": _kw_items,
    "uniqueItems": _kw_unique_items,
    "minItems": _size(list, lambda n, limit: n >= limit, "should have at least this many items:"),
    "maxItems": _size(list, lambda n, limit: n <= limit, "should have at most this many items:"),
    "minLength": _size(str, lambda n, limit: n >= limit, "should have at least this many characters:"),
    "maxLength": _size(str, lambda n, limit: n <= limit, "should have at most this many characters:"),
    "minProperties": _size(dict, lambda n, limit: n >= limit, "should have at least this many properties:"),
    "maxProperties": _size(dict, lambda n, limit: n <= limit, "should have at most this many properties:"),
    "minimum": _bound(lambda v, limit: v >= limit, "less than the minimum of"),
    "maximum": _bound(lambda v, limit: v <= limit, "more than the maximum of"),
    "exclusiveMinimum": _bound(lambda v, limit: v > limit, "less than or equal to the exclusive minimum of"),
    "exclusiveMaximum": _bound(lambda v, limit: v < limit, "more than or equal to the exclusive maximum of"),
    "$ref": _kw_ref,
    "not": _kw_not,
    "oneOf": _kw_one_of,
    "anyOf": _kw_any_of,
    "allOf": _kw_all_of,
}
