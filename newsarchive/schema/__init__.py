"""The JSON Schema of an archive record, shipped with the package."""

from __future__ import annotations

import json
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


def record_problems(
    record: dict[str, Any], validator: Draft202012Validator | None = None
) -> list[str]:
    """Everything wrong with one record: schema errors, then dates that do not exist.

    The schema's patterns admit 2022-13-45; a calendar check here is cheaper and surer than
    a format checker whose date-time support depends on optional packages.

    >>> record_problems({"published_at": "2022-13-45"})[-1]
    "published_at: '2022-13-45' is not a real date"
    """
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
