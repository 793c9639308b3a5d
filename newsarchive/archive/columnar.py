"""The archive as one typed table: pyarrow (what `newsarchive export` writes) or pandas.

`published_at` becomes a timestamp with time zone (a date-only value is midnight in the site's
timezone, marked by `published_date_only`), `crawled_at` a UTC timestamp, integer fields int64,
`credits` a list of {name, role} structs (null for lines written before the record had it).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta, tzinfo
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsarchive.archive.reader import Located, read_located, resolve_sites
from newsarchive.items import RECORD_FIELDS
from newsarchive.jsonl import ArchiveError

if TYPE_CHECKING:
    import pandas
    import pyarrow

# The typed columns of `to_arrow`, beside the record's own string fields.
TIMESTAMP_FIELDS = ("published_at", "crawled_at")
DATE_ONLY_COLUMN = "published_date_only"
# Record fields that hold a list of {name, role} objects.
CREDIT_FIELDS = ("credits",)


# --- typed values -------------------------------------------------------------------------------


def _default_timezone() -> str:
    from newsarchive.sites.base import Site

    default = {f.name: f.default for f in dataclasses.fields(Site)}["timezone"]
    assert isinstance(default, str)
    return default


@cache
def site_timezone_name(site: str) -> str:
    """The registered profile's timezone; the profile default for a site no longer registered."""
    from newsarchive.sites import SiteListError, UnknownSiteError, get_site

    try:
        # the user's sites as the default data dir lists them, besides the registered ones
        return get_site(site).timezone
    except (UnknownSiteError, SiteListError):
        return _default_timezone()


@cache
def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ArchiveError(f"unknown timezone {name!r} (is tzdata installed?)") from None


def site_timezone(site: str) -> tzinfo:
    return _zone(site_timezone_name(site))


def parse_published(value: str, tz: tzinfo) -> datetime:
    """`published_at` as an aware datetime. A date alone means midnight in the site's timezone.

    >>> parse_published("2022-01-03", ZoneInfo("Asia/Shanghai")).isoformat()
    '2022-01-03T00:00:00+08:00'
    >>> parse_published("2022-08-29T06:33:18+08:00", ZoneInfo("UTC")).isoformat()
    '2022-08-29T06:33:18+08:00'
    """
    if len(value) == 10:
        day = date.fromisoformat(value)
        return datetime(day.year, day.month, day.day, tzinfo=tz)
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"{value!r} has a time but no UTC offset")
    return moment


def parse_crawled(value: str) -> datetime:
    """`crawled_at` as an aware datetime; it must be UTC.

    >>> parse_crawled("2026-11-29T23:36:27+00:00").isoformat()
    '2026-11-29T23:36:27+00:00'
    """
    moment = datetime.fromisoformat(value)
    if moment.utcoffset() != timedelta(0):
        raise ValueError(f"{value!r} is not UTC")
    return moment


def published_day(record: dict[str, Any]) -> date | None:
    """The day a record was published, in its site's timezone; None when undated or unparseable."""
    value = record.get("published_at")
    site = record.get("site")
    if not isinstance(value, str) or not isinstance(site, str):
        return None
    try:
        tz = site_timezone(site)
        return parse_published(value, tz).astimezone(tz).date()
    except ValueError:
        return None


# --- tables -------------------------------------------------------------------------------------


def to_arrow(
    data_dir: str | Path,
    site: str | Iterable[str] | None = None,
    *,
    since: date | None = None,
) -> pyarrow.Table:
    """The records as one pyarrow Table with typed columns (see `records_table`).

    `since`: only records published on or after that day (in the site's timezone); records
    without a published date are left out then.
    """
    sites = resolve_sites(data_dir, site)
    selected = (
        located
        for located in read_located(data_dir, sites)
        if since is None or ((day := published_day(located.record)) is not None and day >= since)
    )
    return records_table(selected, timezone=common_timezone(sites))


def common_timezone(sites: Sequence[str]) -> str:
    """The timezone of the `published_at` column: the sites' own when they share one, else UTC.

    A timestamp column holds instants and shows them in one zone, so the choice changes only
    how values print, never which moment they are.
    """
    names = {site_timezone_name(s) for s in sites}
    return names.pop() if len(names) == 1 else "UTC"


# Rows converted to Arrow at a time: the Python values of one chunk are freed once it is
# converted, so memory holds the Arrow table and one chunk rather than every record twice.
CHUNK_ROWS = 8192


def records_table(records: Iterable[Located], *, timezone: str = "UTC") -> pyarrow.Table:
    """Records as a table: the record fields in order, strings as strings, `published_at` a
    timestamp with time zone (`timezone`), `published_date_only` true where the page gave only
    a day (the value is then midnight in the site's timezone), `crawled_at` a UTC timestamp,
    the schema's integer fields (`schema_version` …) int64. Fields the schema does not know
    (a newer writer) follow as extra columns.
    """
    import pyarrow as pa

    integers = integer_fields()
    types: dict[str, Any] = {}
    for name in RECORD_FIELDS:
        if name == "published_at":
            types[name] = pa.timestamp("s", tz=timezone)
            types[DATE_ONLY_COLUMN] = pa.bool_()
        elif name == "crawled_at":
            types[name] = pa.timestamp("us", tz="UTC")
        elif name in CREDIT_FIELDS:
            types[name] = credits_type()
        else:
            types[name] = pa.int64() if name in integers else pa.string()
    columns: dict[str, list[Any]] = {name: [] for name in types}
    chunks: dict[str, list[Any]] = {name: [] for name in types}
    extras: dict[str, list[Any]] = {}

    def flush() -> None:
        for name, values in columns.items():
            chunks[name].append(pa.array(values, type=types[name]))
            values.clear()

    for rows, (path, number, record) in enumerate(records, 1):
        where = f"{path}:{number}"
        for name in RECORD_FIELDS:
            value = record.get(name)
            if name == "published_at":
                value, only_day = _published_value(value, record.get("site"), where)
                columns[DATE_ONLY_COLUMN].append(only_day)
            elif name == "crawled_at":
                value = _crawled_value(value, where)
            elif name in CREDIT_FIELDS:
                value = _credits_value(name, value, where)
            elif name in integers:
                if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                    raise ArchiveError(f"{where}: {name} {value!r} is not an integer")
            elif value is not None and not isinstance(value, str):
                kind = type(value).__name__
                raise ArchiveError(f"{where}: {name} is a JSON {kind}, not a string")
            columns[name].append(value)
        for name in record.keys() - types.keys():
            extras.setdefault(name, [None] * (rows - 1))
        for name, values in extras.items():
            values.append(record.get(name))
        if rows % CHUNK_ROWS == 0:
            flush()
    flush()

    arrays: dict[str, Any] = {
        name: pa.chunked_array(chunks[name], type=types[name]) for name in types
    }
    for name in sorted(extras):
        try:
            arrays[name] = pa.array(extras[name])
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            # mixed types in a field this version does not know: keep the values, as JSON text
            arrays[name] = pa.array(
                [None if v is None else json.dumps(v, ensure_ascii=False) for v in extras[name]],
                type=pa.string(),
            )
    return pa.table(arrays)


def credits_type() -> pyarrow.DataType:
    """The Arrow type of `credits`: a list of {name, role} structs, in page order."""
    import pyarrow as pa

    return pa.list_(pa.struct([("name", pa.string()), ("role", pa.string())]))


def _credits_value(name: str, value: Any, where: str) -> list[dict[str, str]] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(
        isinstance(c, dict) and isinstance(c.get("name"), str) and isinstance(c.get("role"), str)
        for c in value
    ):
        raise ArchiveError(f"{where}: {name} is not a list of {{name, role}} objects")
    return [{"name": c["name"], "role": c["role"]} for c in value]


def integer_fields() -> frozenset[str]:
    """The record fields the shipped JSON Schema declares as integers (schema_version …)."""
    from newsarchive.schema import record_schema

    properties: dict[str, Any] = record_schema()["properties"]
    return frozenset(
        name
        for name, spec in properties.items()
        if "integer" in _as_list(spec.get("type"))
        or (isinstance(spec.get("const"), int) and not isinstance(spec.get("const"), bool))
    )


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _published_value(value: Any, site: Any, where: str) -> tuple[datetime | None, bool | None]:
    if value is None:
        return None, None
    if not isinstance(value, str) or not isinstance(site, str):
        raise ArchiveError(f"{where}: published_at {value!r} is not a date string")
    try:
        return parse_published(value, site_timezone(site)), len(value) == 10
    except ValueError as exc:
        raise ArchiveError(f"{where}: published_at {value!r} does not parse: {exc}") from None


def _crawled_value(value: Any, where: str) -> datetime | None:
    if value is None:
        return None
    try:
        if not isinstance(value, str):
            raise ValueError("not a string")
        return parse_crawled(value)
    except ValueError as exc:
        raise ArchiveError(f"{where}: crawled_at {value!r} does not parse: {exc}") from None


def to_pandas(
    data_dir: str | Path,
    site: str | Iterable[str] | None = None,
    *,
    since: date | None = None,
) -> pandas.DataFrame:
    """The records as a pandas DataFrame, with the typed columns of `to_arrow`.

    pandas is an optional extra: `pip install 'newsarchive[pandas]'`.
    """
    try:
        import pandas  # noqa: F401  (pyarrow's to_pandas imports it; fail here, clearly)
    except ImportError:
        raise ImportError(
            "newsarchive.archive.to_pandas needs pandas, an optional extra: "
            "pip install 'newsarchive[pandas]'"
        ) from None
    return to_arrow(data_dir, site, since=since).to_pandas()
