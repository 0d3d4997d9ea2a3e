"""Where `content/` lives and how its JSON files are read: always checked against their schema.

Two validators read the same schemas in content/schemas:

- `checker(name)`: what the skill runs, on every content file it loads and on the state of every request.
  A small compiled validator for exactly the JSON Schema keywords our schemas use; a schema with any other
  keyword is refused (ContentError), so it can never silently check less than the schema says. It costs
  about a millisecond at cold start, where importing `jsonschema` costs about 45 ms (issue 7).
- `validator(name)`: the `jsonschema` reference implementation, for tests and tools only (imported on
  first use). tests/test_schema_checker.py checks that both give the same verdict on every content file,
  on states from real check-ups, and on mutations of each.
"""
from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from .errors import ContentError

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

_HERE = Path(__file__).resolve().parent


def content_dir() -> Path:
    """The content folder: $LEG_CRAMP_CONTENT, else beside the code (the Lambda artifact), else the repo's top level."""
    override = os.environ.get("LEG_CRAMP_CONTENT")
    candidates = [Path(override)] if override else [_HERE.parent / "content", _HERE.parents[1] / "content"]
    for candidate in candidates:
        if (candidate / "bank.json").is_file():
            return candidate
    raise ContentError(f"content folder not found (looked in {', '.join(map(str, candidates))})")


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ContentError(f"{path}: {err}") from err


def load_validated(file_name: str, schema_name: str) -> Any:
    """Read content/<file_name> and check it against content/schemas/<schema_name>."""
    data = read_json(content_dir() / file_name)
    errors = checker(schema_name).errors(data, limit=5)
    if errors:
        raise ContentError(f"{file_name} does not match {schema_name}: {'; '.join(errors)}")
    return data


@cache
def checker(schema_name: str) -> SchemaChecker:
    """The skill's validator for one schema in content/schemas, compiled once per process."""
    return SchemaChecker(read_json(content_dir() / "schemas" / schema_name), schema_name)


@cache
def validator(schema_name: str) -> Draft202012Validator:
    """The reference validator (jsonschema) for one schema in content/schemas: for tests and tools, not the skill."""
    from jsonschema import Draft202012Validator  # about 45 ms to import: never on the skill's path

    schema = read_json(content_dir() / "schemas" / schema_name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


# -- the skill's validator --------------------------------------------------------------------------

Where = tuple[str | int, ...]
Check = Callable[[Any, Where], Iterator[str]]

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


class SchemaChecker:
    """A draft 2020-12 schema compiled into plain checks, for the keywords our schemas use and no others."""

    def __init__(self, schema: Any, name: str = "schema") -> None:
        self.name = name
        self._root = schema
        self._refs: dict[str, Check] = {}
        self._check = self._compile(schema, "#")

    def errors(self, instance: Any, limit: int | None = None) -> list[str]:
        """Up to `limit` problems, each as 'where: what' ('(top)' for the document itself); [] when valid."""
        found = []
        for error in self._check(instance, ()):
            found.append(error)
            if limit is not None and len(found) >= limit:
                break
        return found

    def first_error(self, instance: Any) -> str | None:
        return next(self._check(instance, ()), None)

    def is_valid(self, instance: Any) -> bool:
        return self.first_error(instance) is None

    # -- compiling ----------------------------------------------------------------------------------

    def _compile(self, schema: Any, where: str) -> Check:
        if schema is True:
            return _nothing
        if schema is False:
            return lambda value, path: iter((_at(path, "nothing is allowed here"),))
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
        if len(checks) == 1:
            return checks[0]

        def check(value: Any, path: Where) -> Iterator[str]:
            for one in checks:
                yield from one(value, path)

        return check

    def _object(self, schema: dict, where: str) -> Check:
        properties = {k: self._compile(s, f"{where}/properties/{k}") for k, s in schema.get("properties", {}).items()}
        extra = schema.get("additionalProperties", True)
        extra_check = None if extra is True or extra is False else self._compile(extra, f"{where}/additionalProperties")

        def check(value: Any, path: Where) -> Iterator[str]:
            if not isinstance(value, dict):
                return
            for key, item in value.items():
                known = properties.get(key)
                if known is not None:
                    yield from known(item, path + (key,))
                elif extra is False:
                    yield _at(path, f"unexpected property {key!r}")
                elif extra_check is not None:
                    yield from extra_check(item, path + (key,))

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
            compiled = self._compile(target, ref)
            self._refs[ref] = compiled
        return lambda value, path: self._refs[ref](value, path)


def _nothing(value: Any, path: Where) -> Iterator[str]:
    return iter(())


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
    tests = [_TYPES[n] for n in names]

    def check(value: Any, path: Where) -> Iterator[str]:
        if not any(test(value) for test in tests):
            yield _at(path, f"{value!r} is not of type {' or '.join(names)}")

    return check


def _kw_enum(checker: SchemaChecker, allowed: list, schema: dict, where: str) -> Check:
    def check(value: Any, path: Where) -> Iterator[str]:
        if not any(_equal(value, a) for a in allowed):
            yield _at(path, f"{value!r} is not one of {allowed!r}")

    return check


def _kw_const(checker: SchemaChecker, const: Any, schema: dict, where: str) -> Check:
    def check(value: Any, path: Where) -> Iterator[str]:
        if not _equal(value, const):
            yield _at(path, f"{const!r} was expected")

    return check


def _kw_pattern(checker: SchemaChecker, pattern: str, schema: dict, where: str) -> Check:
    search = re.compile(pattern).search  # unanchored, as JSON Schema says

    def check(value: Any, path: Where) -> Iterator[str]:
        if isinstance(value, str) and not search(value):
            yield _at(path, f"{value!r} does not match {pattern!r}")

    return check


def _kw_required(checker: SchemaChecker, names: list[str], schema: dict, where: str) -> Check:
    def check(value: Any, path: Where) -> Iterator[str]:
        if isinstance(value, dict):
            for name in names:
                if name not in value:
                    yield _at(path, f"{name!r} is a required property")

    return check


def _kw_property_names(checker: SchemaChecker, subschema: Any, schema: dict, where: str) -> Check:
    names = checker._compile(subschema, where)

    def check(value: Any, path: Where) -> Iterator[str]:
        if isinstance(value, dict):
            for key in value:
                for error in names(key, path):
                    yield f"property name {key!r}: {error}"

    return check


def _kw_items(checker: SchemaChecker, subschema: Any, schema: dict, where: str) -> Check:
    if "prefixItems" in schema or not isinstance(subschema, (dict, bool)):
        raise ContentError(f"{checker.name}: {where}: only a single `items` schema is supported")
    each = checker._compile(subschema, where)

    def check(value: Any, path: Where) -> Iterator[str]:
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from each(item, path + (index,))

    return check


def _kw_unique_items(checker: SchemaChecker, unique: bool, schema: dict, where: str) -> Check | None:
    if not unique:
        return None

    def check(value: Any, path: Where) -> Iterator[str]:
        if isinstance(value, list) and any(_equal(a, b) for i, a in enumerate(value) for b in value[i + 1:]):
            yield _at(path, f"{value!r} has non-unique elements")

    return check


def _size(kind: type, measure: Callable[[Any], int], compare: Callable[[int, int], bool], message: str):
    def keyword(checker: SchemaChecker, limit: int, schema: dict, where: str) -> Check:
        def check(value: Any, path: Where) -> Iterator[str]:
            if isinstance(value, kind) and not compare(measure(value), limit):
                yield _at(path, f"{message} {limit}")

        return check

    return keyword


def _bound(compare: Callable[[Any, Any], bool], message: str):
    def keyword(checker: SchemaChecker, limit: Any, schema: dict, where: str) -> Check:
        def check(value: Any, path: Where) -> Iterator[str]:
            if _number(value) and not compare(value, limit):
                yield _at(path, f"{value!r} is {message} {limit!r}")

        return check

    return keyword


def _kw_ref(checker: SchemaChecker, ref: str, schema: dict, where: str) -> Check:
    return checker._ref(ref)


def _kw_not(checker: SchemaChecker, subschema: Any, schema: dict, where: str) -> Check:
    inner = checker._compile(subschema, where)

    def check(value: Any, path: Where) -> Iterator[str]:
        if next(inner(value, path), None) is None:
            yield _at(path, f"{value!r} should not be valid under {subschema!r}")

    return check


def _kw_one_of(checker: SchemaChecker, subschemas: list, schema: dict, where: str) -> Check:
    options = [checker._compile(s, f"{where}/{i}") for i, s in enumerate(subschemas)]

    def check(value: Any, path: Where) -> Iterator[str]:
        matches = sum(next(option(value, path), None) is None for option in options)
        if matches != 1:
            yield _at(path, f"{value!r} is valid under {matches} of the oneOf schemas, not exactly one")

    return check


def _kw_any_of(checker: SchemaChecker, subschemas: list, schema: dict, where: str) -> Check:
    options = [checker._compile(s, f"{where}/{i}") for i, s in enumerate(subschemas)]

    def check(value: Any, path: Where) -> Iterator[str]:
        if all(next(option(value, path), None) is not None for option in options):
            yield _at(path, f"{value!r} is not valid under any of the anyOf schemas")

    return check


def _kw_all_of(checker: SchemaChecker, subschemas: list, schema: dict, where: str) -> Check:
    options = [checker._compile(s, f"{where}/{i}") for i, s in enumerate(subschemas)]

    def check(value: Any, path: Where) -> Iterator[str]:
        for option in options:
            yield from option(value, path)

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
    "minItems": _size(list, len, lambda n, limit: n >= limit, "should have at least this many items:"),
    "maxItems": _size(list, len, lambda n, limit: n <= limit, "should have at most this many items:"),
    "minLength": _size(str, len, lambda n, limit: n >= limit, "should have at least this many characters:"),
    "maxLength": _size(str, len, lambda n, limit: n <= limit, "should have at most this many characters:"),
    "minProperties": _size(dict, len, lambda n, limit: n >= limit, "should have at least this many properties:"),
    "maxProperties": _size(dict, len, lambda n, limit: n <= limit, "should have at most this many properties:"),
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
