"""The JSON Schema of an archive record, shipped with the package."""

from __future__ import annotations

import json
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
    """A validator for one record, format checks (date-time, uri) on."""
    return Draft202012Validator(record_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
