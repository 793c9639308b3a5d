"""The archive read back: every record of a site, as dicts with where each was read.

A site's archive is the union of all its `<data>/archive/<site>/*.jsonl` files, read in name
order (`2026-11-29.jsonl`, `2026-11-29.w2.jsonl`, `2026-11-30.jsonl`): one file per crawl date,
and one more per extra worker writing the same day. Nothing here writes to the archive.

A line cut short by a killed writer (or one being written right now) is skipped with an
`ArchiveWarning`; any other line that is not a JSON object raises `ArchiveError` naming the file
and line. `newsarchive validate` reports both.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from newsarchive.datadir import DataDir
from newsarchive.jsonl import ArchiveError, ArchiveWarning, LineError, iter_lines, parse_line

__all__ = [
    "ArchiveError",
    "ArchiveWarning",
    "Located",
    "archive_root",
    "archived_sites",
    "read",
    "read_located",
    "resolve_sites",
    "site_files",
]


class Located(NamedTuple):
    """A record with the file and (1-based) line it was read from."""

    path: Path
    line: int
    record: dict[str, Any]


def archive_root(data_dir: str | Path) -> Path:
    """`<data>/archive`, or ArchiveError when the data dir or its archive is missing."""
    data = Path(data_dir)
    if not data.exists():
        raise ArchiveError(f"data dir {data} does not exist")
    if not data.is_dir():
        raise ArchiveError(f"data dir {data} is not a directory")
    root = DataDir(data).archive_root
    if not root.is_dir():
        raise ArchiveError(f"no archive in {data}: {root} is missing (nothing crawled yet?)")
    return root


def archived_sites(data_dir: str | Path) -> list[str]:
    """The sites that have an archive folder, sorted."""
    root = archive_root(data_dir)
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def resolve_sites(data_dir: str | Path, site: str | Iterable[str] | None) -> list[str]:
    """The sites asked for (all archived sites when None), each checked to have an archive."""
    known = archived_sites(data_dir)
    if site is None:
        return known
    wanted = [site] if isinstance(site, str) else list(dict.fromkeys(site))
    for slug in wanted:
        if slug not in known:
            have = ", ".join(known) if known else "none"
            raise ArchiveError(
                f"no archive for site {slug!r} in {DataDir(data_dir).archive_root} "
                f"(sites with an archive: {have})"
            )
    return wanted


def site_files(data_dir: str | Path, site: str) -> list[Path]:
    """A site's archive files in the order they are read: sorted by name."""
    archive_root(data_dir)
    return DataDir(data_dir).archive_files(site)


def read_located(
    data_dir: str | Path, site: str | Iterable[str] | None = None
) -> Iterator[Located]:
    """Like `read`, with the file and line of each record."""
    for slug in resolve_sites(data_dir, site):
        for path in site_files(data_dir, slug):
            for number, raw, terminated in iter_lines(path):
                try:
                    record = parse_line(raw, terminated=terminated)
                except LineError as exc:
                    if not exc.skippable:
                        raise ArchiveError(f"{path}:{number}: {exc}") from None
                    warnings.warn(f"{path}:{number}: skipped, {exc}", ArchiveWarning, stacklevel=3)
                    continue
                yield Located(path, number, record)


def read(data_dir: str | Path, site: str | Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
    """Every record of a site (or of each archived site, in name order) as a dict.

    Files are read in name order and lines in file order, one at a time. A torn or blank line
    is skipped with an ArchiveWarning; a corrupt line raises ArchiveError.
    """
    for located in read_located(data_dir, site):
        yield located.record
