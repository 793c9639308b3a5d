"""The JSON Schema of an archive record, shipped with the package."""

from __future__ import annotations

import json
import numbers
import re
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator


@lru_cache(maxsize=1)
def record_schema() -> dict[str, Any]:
    """The schema as a dict (`record.schema.json` beside this module)."""
    text = resources.files(__package__).joinpath("record.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def record_validator() -> Draft202012Validator:
    """A validator for one record's structure and patterns (`record_problems` adds dates)."""
    # imported when first needed: a crawl whose records all pass the compiled check
    # (`fast_record_check`) never is, and jsonschema with its dependencies is 1.4 MB of RSS
    from jsonschema import Draft202012Validator

    return Draft202012Validator(record_schema())


@lru_cache(maxsize=1)
def _shared_validator() -> Draft202012Validator:
    return record_validator()


Check = Callable[[Any], bool]
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
# JSON Schema's types as Python sees them; pairwise disjoint, so knowing a value's type
# settles every other type test. JSON Schema counts 1.0 as an integer (draft 2020-12).
_TYPE_TESTS = {
    "string": "isinstance({v}, str)",
    "null": "{v} is None",
    "integer": (
        "((isinstance({v}, int) and not isinstance({v}, bool))"
        " or (isinstance({v}, float) and {v}.is_integer()))"
    ),
    "boolean": "isinstance({v}, bool)",
    "array": "isinstance({v}, list)",
    "object": "isinstance({v}, dict)",
}


class _Unsupported(Exception):
    """The schema uses a keyword (or a form of one) the compiled check does not know."""


class _Compiler:
    """Turns the schema into the source of one Python function, then compiles it.

    The closures this replaced called a lambda per keyword and an all()/any() generator per
    node, ~40 µs a record; the generated code tests each field inline, in one function per
    object schema. Each keyword is written for the JSON type the value is known to have at
    that point (`kind`: after a `type` test, or None when unknown), which drops the type
    guards that would always pass and the keywords that cannot apply.
    """

    def __init__(self) -> None:
        self.env: dict[str, Any] = {"_MISSING": object(), "_Number": numbers.Number}
        self.functions: list[str] = []
        self.names = 0

    def name(self, prefix: str, value: Any = None) -> str:
        self.names += 1
        name = f"_{prefix}{self.names}"
        if value is not None:
            self.env[name] = value
        return name

    def expr(self, schema: Any, v: str, kind: str | None = None) -> str:
        """A boolean expression over the variable `v`: whether it satisfies `schema`."""
        if not isinstance(schema, dict) or set(schema) - _ANNOTATIONS - _KEYWORDS:
            raise _Unsupported
        if schema.get("additionalProperties", False) is not False:
            raise _Unsupported
        if "type" not in schema:
            return self.keywords(schema, v, kind)
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not names or any(n not in _TYPE_TESTS for n in names):
            raise _Unsupported
        options = []
        for name in dict.fromkeys(names):
            if kind is not None:
                # the type is known already: this option holds for it or for nothing
                if name == kind:
                    options.append(self.keywords(schema, v, name))
                continue
            test = _TYPE_TESTS[name].format(v=v)
            rest = self.keywords(schema, v, name)
            options.append(test if rest == "True" else f"({test} and {rest})")
        return "(" + " or ".join(options) + ")" if options else "False"

    def keywords(self, schema: dict[str, Any], v: str, kind: str | None) -> str:
        """Every keyword but `type`, for a value of JSON type `kind` (None: any type)."""
        checks: list[str] = []

        def guarded(applies_to: str, guard: str, check: str) -> None:
            # a keyword for one type passes every value of another type
            if kind == applies_to:
                checks.append(check)
            elif kind is None:
                checks.append(f"(not {guard} or {check})")

        if "pattern" in schema:
            pattern = self.name("p", re.compile(schema["pattern"]).search)
            guarded("string", f"isinstance({v}, str)", f"{pattern}({v}) is not None")
        if "minLength" in schema:
            guarded("string", f"isinstance({v}, str)", f"len({v}) >= {int(schema['minLength'])}")
        if "minimum" in schema:
            floor = self.name("n", schema["minimum"])
            # "not <", as jsonschema asks it: NaN is not below any minimum
            if kind == "integer":
                checks.append(f"not {v} < {floor}")
            elif kind is None:
                # jsonschema's "number": any numbers.Number but a boolean
                checks.append(
                    f"(not isinstance({v}, _Number) or isinstance({v}, bool) or not {v} < {floor})"
                )
        if "const" in schema:
            checks.append(self.const(schema["const"], v))
        if "oneOf" in schema:
            alternatives = [self.expr(s, v, kind) for s in schema["oneOf"]]
            if not alternatives:
                raise _Unsupported
            checks.append("(" + " + ".join(f"({a})" for a in alternatives) + " == 1)")
        if "items" in schema:
            item = self.name("i")
            each = f"all({self.expr(schema['items'], item)} for {item} in {v})"
            guarded("array", f"isinstance({v}, list)", each)
        if "properties" in schema or "required" in schema:
            guarded("object", f"isinstance({v}, dict)", f"{self.object_function(schema)}({v})")
        return "(" + " and ".join(checks) + ")" if checks else "True"

    def const(self, value: Any, v: str) -> str:
        """Equality as jsonschema has it: a string equals what == says, a boolean only
        itself, a number any number of that value (1 == 1.0) but no boolean (true != 1)."""
        if value is None or isinstance(value, bool):
            return f"{v} is {value!r}"
        if isinstance(value, str):
            return f"{v} == {self.name('c', value)}"
        if isinstance(value, int | float):
            return f"(not isinstance({v}, (str, bool)) and {v} == {self.name('c', value)})"
        raise _Unsupported  # an array or object constant

    def object_function(self, schema: dict[str, Any]) -> str:
        """A function checking a dict against properties, required and no other property."""
        name = self.name("object")
        needed = schema.get("required", [])
        lines = [f"def {name}(v):"]
        if needed:
            required = self.name("r", frozenset(needed))
            lines.append(f"    if not {required} <= v.keys(): return False")
        members = schema.get("properties", {})
        if "additionalProperties" in schema:
            allowed = self.name("a", frozenset(members))
            lines.append(f"    if not v.keys() <= {allowed}: return False")
        for key, sub in members.items():
            check = self.expr(sub, "x")
            if key in needed:
                lines.append(f"    x = v[{key!r}]")
                lines.append(f"    if not {check}: return False")
            else:
                lines.append(f"    x = v.get({key!r}, _MISSING)")
                lines.append(f"    if x is not _MISSING and not {check}: return False")
        lines.append("    return True")
        self.functions.append("\n".join(lines))
        return name

    def compile(self, schema: dict[str, Any]) -> Check:
        body = self.expr(schema, "v")
        source = "\n\n".join([*self.functions, f"def check(v):\n    return {body}"])
        namespace = dict(self.env)
        exec(compile(source, "<record schema check>", "exec"), namespace)
        check: Check = namespace["check"]
        check.source = source  # type: ignore[attr-defined]
        return check


def compile_check(schema: dict[str, Any]) -> Check | None:
    """A plain-Python check equivalent to `schema`, for the few keywords the record schema
    uses (type, pattern, minLength, minimum, const, oneOf; items of an array; properties,
    required and no additional properties of an object); None if it uses any other."""
    try:
        return _Compiler().compile(schema)
    except _Unsupported:
        return None


@lru_cache(maxsize=1)
def fast_record_check() -> Callable[[dict[str, Any]], bool] | None:
    """True/False for a record as the schema would judge it, ~50x faster than jsonschema on
    the crawl's hot path; None when the schema uses a keyword it does not know."""
    schema = record_schema()
    if schema.get("type") != "object" or schema.get("additionalProperties") is not False:
        return None
    return compile_check(schema)


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
        validator = validator or _shared_validator()
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
