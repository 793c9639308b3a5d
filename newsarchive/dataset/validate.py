"""`validate`: every archive line against the shipped JSON Schema, and what a schema cannot
say (dates that exist, UTC crawl times, no U+FFFD, one line per article version).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Any

from newsarchive.archive import (
    ArchiveError,
    LineError,
    iter_lines,
    parse_crawled,
    parse_line,
    parse_published,
    resolve_sites,
    site_files,
    site_timezone,
)

# --- validate -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the archive, at a file and line (None: the file as a whole)."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        return f"{where}: {self.message}"


@dataclass
class Tally:
    """What `validate` looked at."""

    sites: int = 0
    files: int = 0
    lines: int = 0
    records: int = 0


def _short(text: str, limit: int = 160) -> str:
    # schema messages quote the offending value, which can be a whole article body
    return text if len(text) <= limit else text[: limit - 1] + "…"


def validate(
    data_dir: str | Path, site: str | Iterable[str] | None = None, tally: Tally | None = None
) -> Iterator[Problem]:
    """Every problem in the archive of the given sites (all when None), in file/line order.

    Checks each line: whole UTF-8 JSON object, valid against the shipped JSON Schema, dates
    that exist, crawled_at in UTC, no U+FFFD in any value, the `site` field matching its
    folder, and no second record with the same canonical_url and content_hash in the site.
    """
    from newsarchive.schema import record_validator

    validator = record_validator()
    tally = tally if tally is not None else Tally()
    for slug in resolve_sites(data_dir, site):
        tally.sites += 1
        tz = site_timezone(slug)
        first_seen: dict[tuple[str, str], tuple[Path, int]] = {}
        for path in site_files(data_dir, slug):
            tally.files += 1
            try:
                for number, raw, terminated in iter_lines(path):
                    tally.lines += 1
                    try:
                        record = parse_line(raw, terminated=terminated)
                    except LineError as exc:
                        yield Problem(path, number, str(exc))
                        continue
                    tally.records += 1
                    for message in _record_problems(record, slug, tz, validator):
                        yield Problem(path, number, message)
                    key = (record.get("canonical_url"), record.get("content_hash"))
                    if isinstance(key[0], str) and isinstance(key[1], str):
                        pair = (key[0], key[1])
                        if pair in first_seen:
                            earlier, line = first_seen[pair]
                            yield Problem(
                                path,
                                number,
                                "duplicate: same canonical_url and content_hash as "
                                f"{earlier.name}:{line}",
                            )
                        else:
                            first_seen[pair] = (path, number)
            except ArchiveError as exc:
                reason = str(exc).removeprefix(f"cannot read {path}: ")
                yield Problem(path, None, f"cannot read: {reason}")


def _record_problems(
    record: dict[str, Any], slug: str, tz: tzinfo, validator: Any
) -> Iterator[str]:
    errors = sorted(validator.iter_errors(record), key=lambda e: [str(p) for p in e.path])
    for error in errors:
        where = ".".join(str(p) for p in error.path) or "record"
        yield _short(f"schema: {where}: {error.message}")
    published = record.get("published_at")
    if isinstance(published, str):
        try:
            parse_published(published, tz)
        except ValueError as exc:
            yield _short(f"published_at {published!r} is not a real date: {exc}")
    crawled = record.get("crawled_at")
    if isinstance(crawled, str):
        try:
            parse_crawled(crawled)
        except ValueError as exc:
            yield _short(f"crawled_at {crawled!r} is not a UTC date-time: {exc}")
    for name, value in record.items():
        if isinstance(value, str) and "\ufffd" in value:
            yield f"{name} contains U+FFFD (text decoded with the wrong charset upstream)"
    if isinstance(record.get("site"), str) and record["site"] != slug:
        yield f"site {record['site']!r} in the folder of site {slug!r}"
