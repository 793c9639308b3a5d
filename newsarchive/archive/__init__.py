"""Reading the archive back: records as dicts (`read`), the typed table (`to_arrow`,
`to_pandas`), and the recovery that squares the seen-state with the archive after a kill.

    >>> from newsarchive import archive
    >>> records = list(archive.read("data", site="demo"))        # doctest: +SKIP
    >>> frame = archive.to_pandas("data")                         # doctest: +SKIP

Nothing here writes a record: the writer is `newsarchive.pipelines.writer`.
"""

from __future__ import annotations

from newsarchive.archive.columnar import (
    DATE_ONLY_COLUMN,
    TIMESTAMP_FIELDS,
    common_timezone,
    integer_fields,
    parse_crawled,
    parse_published,
    published_day,
    records_table,
    site_timezone,
    site_timezone_name,
    to_arrow,
    to_pandas,
)
from newsarchive.archive.reader import (
    Located,
    archive_root,
    archived_sites,
    read,
    read_located,
    resolve_sites,
    site_files,
)
from newsarchive.jsonl import ArchiveError, ArchiveWarning, LineError, iter_lines, parse_line

__all__ = [
    "DATE_ONLY_COLUMN",
    "TIMESTAMP_FIELDS",
    "ArchiveError",
    "ArchiveWarning",
    "LineError",
    "Located",
    "archive_root",
    "archived_sites",
    "common_timezone",
    "integer_fields",
    "iter_lines",
    "parse_crawled",
    "parse_line",
    "parse_published",
    "published_day",
    "read",
    "read_located",
    "records_table",
    "resolve_sites",
    "site_files",
    "site_timezone",
    "site_timezone_name",
    "to_arrow",
    "to_pandas",
]
