"""`stats`: per site, records, dates, months, field coverage, and drops over all runs."""

from __future__ import annotations

import sqlite3
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from newsarchive import runlog, statkeys
from newsarchive.archive import (
    ArchiveError,
    ArchiveWarning,
    LineError,
    published_day,
    read_located,
    resolve_sites,
    site_files,
)
from newsarchive.datadir import DataDir
from newsarchive.seen.sqlite import read_outcomes

SEEN_DB_NAME = DataDir.SEEN_DB_NAME
RUNS_NAME = DataDir.RUNS_NAME


# field coverage: label → record field
COVERAGE = {
    "author": "author",
    "source": "source",
    "date": "published_at",
    "section": "section",
    "editor": "editor",
}

FORMATS = ("parquet", "csv", "jsonl")


# --- stats --------------------------------------------------------------------------------------


@dataclass
class SiteSummary:
    """One pass over a site's records: counts by day and month, field coverage."""

    site: str
    files: int = 0
    records: int = 0
    undated: int = 0
    per_day: Counter[date] = field(default_factory=Counter)
    present: Counter[str] = field(default_factory=Counter)
    # canonical URLs: an article revised later has one record per revision
    urls: set[str] = field(default_factory=set)

    def add(self, record: dict[str, Any]) -> None:
        self.records += 1
        if isinstance(record.get("canonical_url"), str):
            self.urls.add(record["canonical_url"])
        day = published_day(record)
        if day is None:
            self.undated += 1
        else:
            self.per_day[day] += 1
        for label, name in COVERAGE.items():
            if record.get(name) not in (None, ""):
                self.present[label] += 1

    @property
    def per_month(self) -> dict[str, int]:
        months: Counter[str] = Counter()
        for day, count in self.per_day.items():
            months[f"{day:%Y-%m}"] += count
        return dict(sorted(months.items()))

    def coverage(self) -> dict[str, float]:
        return {
            label: round(self.present[label] / self.records, 4) if self.records else 0.0
            for label in COVERAGE
        }


def summarise(data_dir: str | Path, sites: Sequence[str]) -> list[SiteSummary]:
    """One SiteSummary per site, reading each site's archive once."""
    summaries = []
    for slug in sites:
        summary = SiteSummary(slug, files=len(site_files(data_dir, slug)))
        for located in read_located(data_dir, slug):
            summary.add(located.record)
        summaries.append(summary)
    return summaries


def seen_outcomes(data_dir: str | Path) -> dict[str, dict[str, int]] | None:
    """URL outcomes per site from the seen-state (opened read-only), or None when there is none."""
    path = DataDir(data_dir).seen_db
    try:
        return read_outcomes(path)
    except sqlite3.Error as exc:
        raise ArchiveError(f"cannot read the seen-state {path}: {exc}") from None


def read_runs(data_dir: str | Path) -> list[dict[str, Any]] | None:
    """The run history, oldest first, or None when `state/runs.jsonl` does not exist.

    Read leniently: a line that is not a JSON object (a run killed while writing it) is
    skipped with an ArchiveWarning.
    """
    path = DataDir(data_dir).runs
    if not path.is_file():
        return None

    def skipped(number: int, why: LineError) -> None:
        warnings.warn(f"{path}:{number}: skipped, {why}", ArchiveWarning, stacklevel=4)

    return runlog.read_runs(path, on_skip=skipped)


def reason_counts(value: Any, prefix: str) -> dict[str, int]:
    if not isinstance(value, dict):
        return {}
    return {
        str(k).removeprefix(prefix): int(v)
        for k, v in value.items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    }


def dropped_summary(
    site: str,
    outcomes: dict[str, dict[str, int]] | None,
    runs: list[dict[str, Any]] | None,
) -> dict[str, Any]:
    """Placeholders and duplicates dropped over all runs, each from its source (module doc)."""
    # a site the seen-state or the run history has never seen is unknown there, not zero
    site_outcomes = None if outcomes is None else outcomes.get(site)
    ran = None if runs is None else [r for r in runs if r.get("site") == site]
    site_runs = ran or None
    skipped: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    for run in site_runs or ():
        skipped.update(reason_counts(run.get("skipped"), statkeys.SKIPPED))
        dropped.update(reason_counts(run.get("dropped"), statkeys.DROPPED_GROUP))
    return {
        "placeholder_pages": None
        if site_outcomes is None
        else sum(v for k, v in site_outcomes.items() if k.startswith("dropped/placeholder/")),
        "duplicates": None if site_outcomes is None else site_outcomes.get("duplicate", 0),
        "placeholder_rows": None
        if site_runs is None
        else sum(v for k, v in skipped.items() if k.startswith("placeholder")),
        "runs": None if ran is None else len(ran),
        "seen_state_outcomes": site_outcomes,
        "runs_dropped": None if site_runs is None else dict(sorted(dropped.items())),
        "runs_skipped": None if site_runs is None else dict(sorted(skipped.items())),
    }


def iso_day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def stats(data_dir: str | Path, site: str | Iterable[str] | None = None) -> dict[str, Any]:
    """The figures `newsarchive stats --json` prints (see the module doc for their sources)."""
    sites = resolve_sites(data_dir, site)
    outcomes = seen_outcomes(data_dir)
    runs = read_runs(data_dir)
    result: dict[str, Any] = {}
    for summary in summarise(data_dir, sites):
        result[summary.site] = {
            "files": summary.files,
            "records": summary.records,
            "articles": len(summary.urls),
            "first_published": iso_day(min(summary.per_day, default=None)),
            "last_published": iso_day(max(summary.per_day, default=None)),
            "undated": summary.undated,
            "per_month": summary.per_month,
            "coverage": summary.coverage(),
            "present": {label: summary.present[label] for label in COVERAGE},
            "dropped": dropped_summary(summary.site, outcomes, runs),
        }
    return {
        "data_dir": str(data_dir),
        "sources": {
            "records, dates, per_month, coverage": "archive/<site>/*.jsonl",
            "dropped.placeholder_pages, dropped.duplicates": f"{SEEN_DB_NAME} (null: none)",
            "dropped.placeholder_rows, dropped.runs": f"{RUNS_NAME} (null: none)",
        },
        "sites": result,
    }


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1) -> str:
    """A plain-text table; the first `left` columns left-aligned, the rest right-aligned."""
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows, strict=False)]
    lines = []
    for row in [headers, *rows]:
        cells = [
            str(c).ljust(w) if i < left else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def dash(value: Any) -> str:
    return "–" if value is None else str(value)


def format_stats(result: dict[str, Any]) -> str:
    """The terminal form of `stats`: a table of sites, then records per month."""
    sites = result["sites"]
    headers = [
        "site", "files", "records", "articles", "first", "last", "undated",
        *COVERAGE, "placeholder pages", "placeholder rows", "duplicates",
    ]  # fmt: skip
    rows = []
    for slug, s in sites.items():
        d = s["dropped"]
        rows.append(
            [
                slug,
                str(s["files"]),
                str(s["records"]),
                str(s["articles"]),
                dash(s["first_published"]),
                dash(s["last_published"]),
                str(s["undated"]),
                *(f"{s['coverage'][label]:.0%}" for label in COVERAGE),
                dash(d["placeholder_pages"]),
                dash(d["placeholder_rows"]),
                dash(d["duplicates"]),
            ]
        )
    out = [_table(headers, rows)]
    months = sorted({m for s in sites.values() for m in s["per_month"]})
    if months:
        out.append("")
        out.append("records per month (published, site time)")
        out.append(
            _table(
                ["month", *sites],
                [[m, *(str(s["per_month"].get(m, 0)) for s in sites.values())] for m in months],
            )
        )
    if any(
        s["dropped"][k] is None
        for s in sites.values()
        for k in ("placeholder_pages", "placeholder_rows")
    ):
        out.append("")
        out.append(
            f"(–: not known. Placeholder pages and duplicates come from {SEEN_DB_NAME}, "
            f"placeholder listing rows from {RUNS_NAME}; – where that file is missing or lacks "
            "the site.)"
        )
    return "\n".join(out)
