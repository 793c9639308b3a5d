"""Reading JSONL files line by line, as the archive and the run log are written.

Both files are appended to by a writer that writes a record and its newline in one call and
flushes, so a killed writer leaves at most a torn last line. `parse_line` tells such a line
(skippable) from corruption (not), and `iter_lines` gives each raw line with whether it ended.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class ArchiveError(Exception):
    """The archive cannot be read as asked; the message names the path and what is wrong."""


class ArchiveWarning(UserWarning):
    """A line was skipped: cut short by a killed writer, being written right now, or blank."""


class LineError(ValueError):
    """Why one archive line is not a record. `skippable`: a torn write or a blank line, which
    readers pass over with a warning; anything else is corruption."""

    def __init__(self, message: str, *, skippable: bool) -> None:
        super().__init__(message)
        self.skippable = skippable


def parse_line(raw: bytes, *, terminated: bool) -> dict[str, Any]:
    """One archive line (bytes, without its newline) as a record, or LineError saying why not.

    `terminated`: the line ended with a newline. The writer writes a record and its newline in
    one call and flushes, so only an unterminated last line can be a write in progress.

    >>> parse_line(b'{"title": "x"}', terminated=True)
    {'title': 'x'}
    >>> parse_line(b'{"title": "x', terminated=False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    newsarchive.jsonl.LineError: torn last line: a record cut short (Unterminated string ...)
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if not terminated:
            message = "torn last line: cut inside a UTF-8 character"
            raise LineError(message, skippable=True) from None
        raise LineError(
            f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})", skippable=False
        ) from None
    stripped = text.strip()
    if not stripped:
        raise LineError("blank line", skippable=True)
    try:
        value = json.loads(stripped)
    except RecursionError:
        raise LineError("not JSON: nested deeper than Python can read", skippable=False) from None
    except json.JSONDecodeError as exc:
        reason = f"{exc.msg}: column {exc.colno}"
        if not terminated:
            message = f"torn last line: a record cut short ({reason})"
            raise LineError(message, skippable=True) from None
        # The writer's guard after a kill ends a fragment with a newline and appends after it.
        # A fragment is the start of a JSON object that ran out; "Extra data" is a whole value
        # followed by junk, which no writer leaves.
        if stripped.startswith("{") and not stripped.endswith("}") and exc.msg != "Extra data":
            raise LineError(
                f"torn line: a record cut short by a killed writer ({reason})", skippable=True
            ) from None
        raise LineError(f"not JSON: {reason}", skippable=False) from None
    except ValueError:
        # int() refuses a number of more than sys.get_int_max_str_digits() digits
        raise LineError(
            f"not a record: a number of more than {sys.get_int_max_str_digits()} digits",
            skippable=False,
        ) from None
    if not isinstance(value, dict):
        raise LineError(f"not a JSON object but a JSON {type(value).__name__}", skippable=False)
    return value


def iter_lines(path: Path) -> Iterator[tuple[int, bytes, bool]]:
    """(line number, raw bytes without the newline, ended with a newline) for each line."""
    try:
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, 1):
                terminated = raw.endswith(b"\n")
                yield number, raw[:-1] if terminated else raw, terminated
    except OSError as exc:
        raise ArchiveError(f"cannot read {path}: {exc.strerror or exc}") from None
