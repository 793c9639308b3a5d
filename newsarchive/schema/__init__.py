"""The JSON Schema of an archive record, shipped with the package."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator


@lru_cache(maxsize=1)
def record_schema() -> dict[str, Any]:
    """The schema as a dict (`record.schema.json` beside this module)."""
    text = resources.files(__package__).joinpath("record.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def record_validator() -> Draft202012Validator:
    """A validator for one record's structure and patterns (`record_problems` adds dates)."""
    return Draft202012Validator(record_schema())


Check = Callable[[Any], bool]
_TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    "null": lambda v: v is None,
    # JSON Schema counts 1.0 as an integer (draft 2020-12), and so must this check
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer())
    ),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}
_ANNOTATIONS = {"description", "title", "$schema", "$id"}
_KEYWORDS = {
    "type",
    "pattern",
    "minLength",
    "minimum",
    "const",
    "oneOf",
    "items",
    "properties",
    "required",
    "additionalProperties",
}


def _compile(schema: dict[str, Any]) -> Check | None:
    """A plain-Python check equivalent to `schema`, for the few keywords the record schema
    uses (type, pattern, minLength, minimum, const, oneOf; items of an array; properties,
    required and no additional properties of an object); None if it uses any other."""
    if set(schema) - _ANNOTATIONS - _KEYWORDS:
        return None
    if schema.get("additionalProperties", False) is not False:
        return None
    checks: list[Check] = []
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if any(n not in _TYPES for n in names):
            return None
        kinds = [_TYPES[n] for n in names]
        checks.append(lambda v: any(k(v) for k in kinds))
    if "pattern" in schema:
        pattern = re.compile(schema["pattern"])
        checks.append(lambda v: not isinstance(v, str) or pattern.search(v) is not None)
    if "minLength" in schema:
        least = int(schema["minLength"])
        checks.append(lambda v: not isinstance(v, str) or len(v) >= least)
    if "minimum" in schema:
        floor = schema["minimum"]
        checks.append(lambda v: not isinstance(v, int | float) or isinstance(v, bool) or v >= floor)
    if "const" in schema:
        const = schema["const"]
        # numbers are equal by value (1 == 1.0), a boolean is no number (true != 1)
        checks.append(
            lambda v: (
                v == const
                and isinstance(v, bool) == isinstance(const, bool)
                and (isinstance(v, int | float) or type(v) is type(const))
            )
        )
    if "oneOf" in schema:
        options = [_compile(s) for s in schema["oneOf"]]
        if any(o is None for o in options):
            return None
        alternatives = [o for o in options if o is not None]
        checks.append(lambda v: sum(o(v) for o in alternatives) == 1)
    if "items" in schema:
        item = _compile(schema["items"])
        if item is None:
            return None
        each = item
        checks.append(lambda v: not isinstance(v, list) or all(each(x) for x in v))
    if "properties" in schema or "required" in schema:
        members: dict[str, Check] = {}
        for name, sub in schema.get("properties", {}).items():
            member = _compile(sub)
            if member is None:
                return None
            members[name] = member
        needed = set(schema.get("required", ()))
        closed = "additionalProperties" in schema
        checks.append(
            lambda v: (
                not isinstance(v, dict)
                or (
                    needed <= v.keys()
                    and (not closed or v.keys() <= members.keys())
                    and all(members[k](x) for k, x in v.items() if k in members)
                )
            )
        )
    return lambda v: all(c(v) for c in checks)


@lru_cache(maxsize=1)
def fast_record_check() -> Callable[[dict[str, Any]], bool] | None:
    """True/False for a record as the schema would judge it, ~50x faster than jsonschema on
    the crawl's hot path; None when the schema uses a keyword it does not know."""
    schema = record_schema()
    if set(schema) - _ANNOTATIONS - {"type", "additionalProperties", "required", "properties"}:
        return None
    if schema.get("type") != "object" or schema.get("additionalProperties") is not False:
        return None
    fields: dict[str, Check] = {}
    for name, sub in schema["properties"].items():
        check = _compile(sub)
        if check is None:
            return None
        fields[name] = check
    required = set(schema.get("required", ()))

    def check_record(record: dict[str, Any]) -> bool:
        if not isinstance(record, dict) or not required <= record.keys() <= fields.keys():
            return False
        return all(fields[k](v) for k, v in record.items())

    return check_record


def record_problems(
    record: dict[str, Any], validator: Draft202012Validator | None = None
) -> list[str]:
    """Everything wrong with one record: schema errors, then dates that do not exist.

    The schema's patterns admit 2022-13-45; a calendar check here is cheaper and surer than
    a format checker whose date-time support depends on optional packages.

    >>> record_problems({"published_at": "2022-13-45"})[-1]
    "published_at: '2022-13-45' is not a real date"
    """
    fast = fast_record_check()
    problems = []
    if fast is None or not fast(record):
        # the full validator only for a record the fast check rejects: it says why
        validator = validator or record_validator()
        problems = [
            f"{'/'.join(map(str, e.path)) or 'record'}: {e.message}"
            for e in validator.iter_errors(record)
        ]
    for key in ("published_at", "crawled_at"):
        value = record.get(key)
        if isinstance(value, str):
            try:
                datetime.fromisoformat(value)
            except ValueError:
                problems.append(f"{key}: {value!r} is not a real date")
    return problems
