"""The archive as a dataset: `validate`, `stats`, `export` and `report`.

All four only read: `<data>/archive/<site>/*.jsonl` (through `newsarchive.archive`), the
seen-state `<data>/state/seen.sqlite3` (opened read-only) and the run history
`<data>/state/runs.jsonl` when there is one. Their outputs go anywhere but into the archive.

Where each figure comes from:

* records, published dates, months, days, field coverage: the archive files;
* placeholder pages and duplicates dropped, over all runs: the seen-state, which keeps the
  outcome of every URL ever fetched (`dropped/placeholder/<marker>`, `duplicate`) — a page is
  fetched once, so each counts once, however many runs there were;
* placeholder listing rows skipped (never fetched, so never in the seen-state) and run health:
  the run history, summed over its lines; absent (null, "–") without `state/runs.jsonl`.

Exit codes: 0 ok; 1 `validate` found a problem; 2 bad input (missing data dir, no archive for
a site, a corrupt archive line, an output path that cannot be written).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import sqlite3
import sys
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from newsarchive.archive import (
    ArchiveError,
    ArchiveWarning,
    LineError,
    archive_root,
    iter_lines,
    parse_crawled,
    parse_line,
    parse_published,
    published_day,
    read_located,
    resolve_sites,
    site_files,
    site_timezone,
    to_arrow,
)

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

SEEN_DB = Path("state") / "seen.sqlite3"
RUNS_FILE = Path("state") / "runs.jsonl"

# field coverage: label → record field
COVERAGE = {
    "author": "author",
    "source": "source",
    "date": "published_at",
    "section": "section",
    "editor": "editor",
}

FORMATS = ("parquet", "csv", "jsonl")


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
    """URL outcomes per site from the seen-state, or None when there is none.

    Opened read-only (`mode=ro`), so a running crawl is never disturbed and nothing is written.
    """
    path = Path(data_dir) / SEEN_DB
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = db.execute(
                "SELECT site, outcome, COUNT(*) FROM urls GROUP BY site, outcome"
            ).fetchall()
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise ArchiveError(f"cannot read the seen-state {path}: {exc}") from None
    outcomes: dict[str, dict[str, int]] = {}
    for site, outcome, count in rows:
        outcomes.setdefault(site, {})[outcome] = count
    return outcomes


def read_runs(data_dir: str | Path) -> list[dict[str, Any]] | None:
    """The run history, oldest first, or None when `state/runs.jsonl` does not exist.

    Written by the crawl, one JSON object per run and site. Read leniently: a line that is not
    a JSON object (a run killed while writing it) is skipped with an ArchiveWarning.
    """
    path = Path(data_dir) / RUNS_FILE
    if not path.is_file():
        return None
    runs = []
    for number, raw, terminated in iter_lines(path):
        try:
            runs.append(parse_line(raw, terminated=terminated))
        except LineError as exc:
            warnings.warn(f"{path}:{number}: skipped, {exc}", ArchiveWarning, stacklevel=2)
    return runs


def _reason_counts(value: Any, prefix: str) -> dict[str, int]:
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
        skipped.update(_reason_counts(run.get("skipped"), "newsarchive/skipped/"))
        dropped.update(_reason_counts(run.get("dropped"), "newsarchive/dropped/"))
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


def _iso(day: date | None) -> str | None:
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
            "first_published": _iso(min(summary.per_day, default=None)),
            "last_published": _iso(max(summary.per_day, default=None)),
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
            "dropped.placeholder_pages, dropped.duplicates": f"{SEEN_DB} (null: none)",
            "dropped.placeholder_rows, dropped.runs": f"{RUNS_FILE} (null: none)",
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


def _dash(value: Any) -> str:
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
                _dash(s["first_published"]),
                _dash(s["last_published"]),
                str(s["undated"]),
                *(f"{s['coverage'][label]:.0%}" for label in COVERAGE),
                _dash(d["placeholder_pages"]),
                _dash(d["placeholder_rows"]),
                _dash(d["duplicates"]),
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
            f"(–: not known. Placeholder pages and duplicates come from {SEEN_DB}, placeholder "
            f"listing rows from {RUNS_FILE}; – where that file is missing or lacks the site.)"
        )
    return "\n".join(out)


# --- export -------------------------------------------------------------------------------------


def export(
    data_dir: str | Path,
    out: Path,
    fmt: str,
    site: str | Iterable[str] | None = None,
    since: date | None = None,
) -> int:
    """Write the selected records as one table to `out`; returns the number of rows.

    The file appears whole or not at all (written beside `out`, then renamed).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    table = to_arrow(data_dir, site, since=since)
    with _atomic(out) as tmp:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            # zstd: news text compresses about twice as well as with snappy, read everywhere
            pq.write_table(table, tmp, compression="zstd")
        elif fmt == "csv":
            import pyarrow.csv as pacsv

            pacsv.write_csv(table, tmp)
        else:
            with tmp.open("w", encoding="utf-8", newline="\n") as handle:
                for batch in table.to_batches():
                    for row in batch.to_pylist():
                        line = json.dumps(row, ensure_ascii=False, default=_json_value)
                        handle.write(line + "\n")
    return int(table.num_rows)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


@contextmanager
def _atomic(out: Path) -> Iterator[Path]:
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)


# --- report -------------------------------------------------------------------------------------

# Okabe–Ito: distinguishable with the common colour-vision deficiencies
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000")

CHART_ID = "records-per-day"

RUN_KEYS = {
    "started": ("start", "started_at", "started"),
    "finished": ("end", "finished_at", "finished"),
    "records": ("records_written", "records", "archived"),
    "pages": ("pages_fetched", "pages"),
    "errors": ("errors", "error_count"),
    "health": ("health", "health_problems", "problems"),
}


def _run_value(run: dict[str, Any], name: str) -> Any:
    for key in RUN_KEYS[name]:
        if run.get(key) is not None:
            return run[key]
    return None


def run_health(run: dict[str, Any]) -> str:
    """ "ok", or what went wrong in a run: finish reason, errors, exit code, health problems."""
    problems = []
    reason = run.get("finish_reason")
    if reason not in (None, "finished"):
        problems.append(f"finish reason {reason}")
    errors = _run_value(run, "errors")
    if isinstance(errors, int) and errors:
        problems.append(f"{errors} errors")
    code = run.get("exit_code")
    if code not in (None, 0):
        problems.append(f"exit code {code}")
    health = _run_value(run, "health")
    if isinstance(health, list | tuple) and health:
        problems.extend(str(h) for h in health)
    elif isinstance(health, dict):
        problems.extend(f"{k}: {v}" for k, v in health.items() if v not in (None, True, "ok"))
    elif isinstance(health, str) and health != "ok":
        problems.append(health)
    return "; ".join(problems) or "ok"


def _nice_max(value: int) -> int:
    """The smallest 1/2/5×10ⁿ at or above `value` (an axis top)."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if m * step >= value:
                return m * step
        step *= 10


def chart_svg(summaries: Sequence[SiteSummary]) -> str:
    """Records per published day, stacked by site, as an inline SVG (no script)."""
    days = [d for s in summaries for d in s.per_day]
    if not days:
        return f'<p id="{CHART_ID}" class="empty">No dated records.</p>'
    first, last = min(days), max(days)
    span = (last - first).days + 1
    width, height, left, bottom, top, right = 960, 260, 44, 28, 12, 12
    plot_w, plot_h = width - left - right, height - top - bottom
    totals: Counter[date] = Counter()
    for s in summaries:
        totals.update(s.per_day)
    y_max = _nice_max(max(totals.values()))
    bar_w = plot_w / span

    def x(day: date) -> float:
        return left + (day - first).days * bar_w

    def y(count: float) -> float:
        return top + plot_h - count / y_max * plot_h

    parts = [
        f'<svg id="{CHART_ID}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" overflow="visible" '
        f'aria-labelledby="{CHART_ID}-title">',
        f'<title id="{CHART_ID}-title">Records per day published, {first} to {last}</title>',
    ]
    for tick in (0, y_max // 2, y_max) if y_max % 2 == 0 else (0, y_max):
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" '
            f'y2="{y(tick):.1f}"/><text class="axis" x="{left - 6}" y="{y(tick) + 4:.1f}" '
            f'text-anchor="end">{tick}</text>'
        )
    parts.extend(_x_ticks(first, last, x, height - bottom + 16))
    stacked: Counter[date] = Counter()
    for index, s in enumerate(summaries):
        colour = PALETTE[index % len(PALETTE)]
        for day, count in sorted(s.per_day.items()):
            base = stacked[day]
            stacked[day] += count
            parts.append(
                f'<rect class="bar" data-site="{html.escape(s.site)}" x="{x(day):.2f}" '
                f'y="{y(base + count):.2f}" width="{max(bar_w - 0.5, 1):.2f}" '
                f'height="{y(base) - y(base + count):.2f}" fill="{colour}">'
                f"<title>{day} {html.escape(s.site)}: {count}</title></rect>"
            )
    parts.append("</svg>")
    legend = " ".join(
        f'<span class="key"><i style="background:{PALETTE[i % len(PALETTE)]}"></i>'
        f"{html.escape(s.site)}</span>"
        for i, s in enumerate(summaries)
    )
    return "\n".join(parts) + f'\n<p class="legend">{legend}</p>'


def _x_ticks(first: date, last: date, x: Callable[[date], float], baseline: float) -> list[str]:
    """Date labels under the chart: days for a short span, else month or year starts, at most
    about a dozen so they never overlap."""
    span = (last - first).days
    if span < 62:
        step = -(-(span + 1) // 10)
        ticks = [first + timedelta(days=i) for i in range(0, span + 1, step)]
        fmt = "%Y-%m-%d"
    else:
        months = []
        cursor = date(first.year, first.month, 1)
        while cursor <= last:
            if cursor >= first:
                months.append(cursor)
            cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
        for step in (1, 2, 3, 6, 12):
            ticks = [m for m in months if (m.month - 1) % step == 0]
            if len(ticks) <= 12:
                break
        else:
            ticks = ticks[:: -(-len(ticks) // 12)]
        fmt = "%Y" if step == 12 else "%Y-%m"
    return [
        f'<text class="axis" x="{x(d):.1f}" y="{baseline:.1f}">{d.strftime(fmt)}</text>'
        for d in ticks
    ]


STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1000px;
       color: #222; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { padding: .25em .7em; border-bottom: 1px solid #ddd; text-align: right; }
th:first-child, td:first-child { text-align: left; }
td.text { text-align: left; }
td.bad { color: #b00020; text-align: left; font-weight: 600; }
td.ok { color: #1b7f3b; text-align: left; }
.grid { stroke: #e3e3e3; } .axis { font-size: 11px; fill: #555; }
.legend .key { margin-right: 1.2em; } .legend i { display: inline-block; width: .9em;
       height: .9em; margin-right: .3em; vertical-align: -.1em; }
.cov { display: inline-block; height: .7em; background: #0072b2; margin-left: .4em; }
.note, .empty { color: #666; }
"""


def report_html(data_dir: str | Path, site: str | Iterable[str] | None = None) -> str:
    """The `report` page: one HTML document with everything inline, no scripts."""
    sites = resolve_sites(data_dir, site)
    summaries = summarise(data_dir, sites)
    outcomes = seen_outcomes(data_dir)
    runs = read_runs(data_dir)
    esc = html.escape
    now = datetime.now(UTC).isoformat(timespec="seconds")
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>newsarchive report — {esc(', '.join(sites) or 'no sites')}</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>newsarchive report</h1>",
        f'<p class="note">{esc(str(data_dir))} · {len(sites)} sites · '
        f"{sum(s.records for s in summaries)} records · generated {now}</p>",
        "<h2>Records per day</h2>",
        '<p class="note">By publication day in each site\'s timezone; '
        "undated records are counted in the table below.</p>",
        chart_svg(summaries),
        "<h2>Sites</h2>",
        '<table id="sites"><tr><th>site</th><th>files</th><th>records</th><th>articles</th>'
        "<th>first</th><th>last</th><th>undated</th><th>placeholder pages</th>"
        "<th>placeholder rows</th><th>duplicates</th></tr>",
    ]
    for s in summaries:
        d = dropped_summary(s.site, outcomes, runs)
        out.append(
            f"<tr><td>{esc(s.site)}</td><td>{s.files}</td><td>{s.records}</td>"
            f"<td>{len(s.urls)}</td>"
            f"<td>{_dash(_iso(min(s.per_day, default=None)))}</td>"
            f"<td>{_dash(_iso(max(s.per_day, default=None)))}</td><td>{s.undated}</td>"
            f"<td>{_dash(d['placeholder_pages'])}</td><td>{_dash(d['placeholder_rows'])}</td>"
            f"<td>{_dash(d['duplicates'])}</td></tr>"
        )
    out.append("</table>")
    out.append(
        f'<p class="note">Placeholder pages and duplicates: every run, from {SEEN_DB}. '
        f"Placeholder listing rows (never fetched): from {RUNS_FILE}, summed over runs. "
        "–: not known (that file is missing or does not mention the site).</p>"
    )
    out.append("<h2>Field coverage</h2>")
    out.append(
        '<table id="coverage"><tr><th>site</th>'
        + "".join(f"<th>{esc(label)}</th>" for label in COVERAGE)
        + "</tr>"
    )
    for s in summaries:
        cells = "".join(
            f'<td>{share:.0%}<span class="cov" style="width:{share * 4:.2f}em"></span></td>'
            for share in s.coverage().values()
        )
        out.append(f"<tr><td>{esc(s.site)}</td>{cells}</tr>")
    out.append("</table>")
    out.append("<h2>Latest runs</h2>")
    out.extend(_runs_section(runs, sites))
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _when(value: Any) -> str:
    """A run's UTC timestamp as `2026-11-29 23:42:05`, else as given."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return _dash(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _took(run: dict[str, Any]) -> str:
    try:
        start = datetime.fromisoformat(str(_run_value(run, "started")))
        end = datetime.fromisoformat(str(_run_value(run, "finished")))
        seconds = (end - start).total_seconds()
    except (TypeError, ValueError):
        return "–"
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min"


def _runs_section(
    runs: list[dict[str, Any]] | None, sites: Sequence[str], limit: int = 20
) -> list[str]:
    if runs is None:
        return [f'<p class="empty">No run history ({RUNS_FILE}) in this data dir.</p>']
    chosen = [r for r in runs if r.get("site") in sites][-limit:]
    if not chosen:
        return ['<p class="empty">No runs of these sites in the run history.</p>']
    esc = html.escape
    rows = [
        f'<p class="note">The last {_n(len(chosen), "run")}, newest first, from {RUNS_FILE}.</p>',
        '<table id="runs"><tr><th>site</th><th>started (UTC)</th><th>took</th><th>mode</th>'
        "<th>pages</th><th>records</th><th>errors</th><th>dropped</th><th>health</th></tr>",
    ]
    for run in reversed(chosen):
        dropped = _reason_counts(run.get("dropped"), "newsarchive/dropped/")
        dropped_text = ", ".join(f"{k} {v}" for k, v in sorted(dropped.items())) or "none"
        health = run_health(run)
        rows.append(
            f"<tr><td>{esc(str(run.get('site')))}</td>"
            f"<td>{esc(_when(_run_value(run, 'started')))}</td>"
            f"<td>{esc(_took(run))}</td>"
            f"<td>{esc(_dash(run.get('mode')))}</td>"
            f"<td>{esc(_dash(_run_value(run, 'pages')))}</td>"
            f"<td>{esc(_dash(_run_value(run, 'records')))}</td>"
            f"<td>{esc(_dash(_run_value(run, 'errors')))}</td>"
            f'<td class="text">{esc(dropped_text)}</td>'
            f'<td class="{"ok" if health == "ok" else "bad"}">{esc(health)}</td></tr>'
        )
    rows.append("</table>")
    return rows


# --- command line -------------------------------------------------------------------------------


def _error(message: str) -> int:
    print(f"newsarchive: {message}", file=sys.stderr)
    return EXIT_USAGE


def _data_dir(args: argparse.Namespace) -> Path:
    return Path(args.data_dir or os.environ.get("NEWSARCHIVE_DATA") or "data")


@contextmanager
def _warnings_on_stderr() -> Iterator[None]:
    """ArchiveWarnings (skipped lines) as one `newsarchive: warning:` line each."""
    with warnings.catch_warnings():
        warnings.simplefilter("always", ArchiveWarning)
        shown = warnings.showwarning

        def show(
            message: Warning | str,
            category: type[Warning],
            filename: str,
            lineno: int,
            file: Any = None,
            line: str | None = None,
        ) -> None:
            if issubclass(category, ArchiveWarning):
                print(f"newsarchive: warning: {message}", file=sys.stderr)
            else:
                shown(message, category, filename, lineno, file, line)

        warnings.showwarning = show
        yield


def _output_path(text: str, data_dir: Path) -> Path:
    """Where to write, checked: its folder exists, and it is not inside the archive."""
    out = Path(text)
    if out.is_dir():
        raise ArchiveError(f"output {out} is a directory")
    if not out.parent.is_dir():
        raise ArchiveError(f"cannot write {out}: folder {out.parent} does not exist")
    root = (data_dir / "archive").resolve()
    if out.resolve().is_relative_to(root):
        raise ArchiveError(f"refusing to write {out} inside the archive {root}")
    return out


def _since(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ArchiveError(f"--since expects a date YYYY-MM-DD, got {text!r}") from None


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def cmd_validate(args: argparse.Namespace) -> int:
    data_dir = _data_dir(args)
    tally = Tally()
    problems = 0
    try:
        for problem in validate(data_dir, args.sites or None, tally):
            problems += 1
            print(problem)
    except ArchiveError as exc:
        return _error(str(exc))
    where = f"{_n(tally.files, 'file')} of {_n(tally.sites, 'site')}"
    if problems:
        print(
            f"validate: {_n(problems, 'problem')} in {_n(tally.lines, 'line')} of {where}",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    print(f"validate: ok, {_n(tally.records, 'record')} in {where}", file=sys.stderr)
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    try:
        with _warnings_on_stderr():
            result = stats(_data_dir(args), args.sites or None)
    except ArchiveError as exc:
        return _error(str(exc))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(format_stats(result))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    data_dir = _data_dir(args)
    fmt = args.format or Path(args.out).suffix.removeprefix(".")
    if fmt not in FORMATS:
        return _error(f"cannot tell the format of {args.out}: give --format {'|'.join(FORMATS)}")
    try:
        archive_root(data_dir)
        out = _output_path(args.out, data_dir)
        with _warnings_on_stderr():
            rows = export(data_dir, out, fmt, args.site or None, _since(args.since))
    except ArchiveError as exc:
        return _error(str(exc))
    except OSError as exc:
        return _error(f"cannot write {args.out}: {exc.strerror or exc}")
    print(f"export: {rows} records to {out} ({fmt})", file=sys.stderr)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    data_dir = _data_dir(args)
    try:
        archive_root(data_dir)
        out = _output_path(args.out, data_dir)
        with _warnings_on_stderr():
            page = report_html(data_dir, args.sites or None)
        with _atomic(out) as tmp:
            tmp.write_text(page, encoding="utf-8")
    except ArchiveError as exc:
        return _error(str(exc))
    except OSError as exc:
        return _error(f"cannot write {args.out}: {exc.strerror or exc}")
    print(f"report: {out}", file=sys.stderr)
    return EXIT_OK


def _data_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir", help="where archive/ and state/ live (default: $NEWSARCHIVE_DATA or ./data)"
    )


def add_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Register validate, stats, export and report on `sub`; returns command → handler."""
    p = sub.add_parser("validate", help="check every archive line against the record schema")
    p.add_argument("sites", nargs="*", metavar="SITE", help="sites (default: all archived)")
    _data_dir_option(p)

    p = sub.add_parser("stats", help="records, dates, months, field coverage, drops per site")
    p.add_argument("sites", nargs="*", metavar="SITE", help="sites (default: all archived)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    _data_dir_option(p)

    p = sub.add_parser("export", help="the archive as one typed table: parquet, csv or jsonl")
    p.add_argument("out", metavar="OUT", help="output file")
    p.add_argument("--format", choices=FORMATS, help="default: from OUT's extension")
    p.add_argument("--site", action="append", metavar="SITE", help="only this site (repeatable)")
    p.add_argument("--since", metavar="DATE", help="only records published on or after YYYY-MM-DD")
    _data_dir_option(p)

    p = sub.add_parser("report", help="one self-contained HTML page about the archive")
    p.add_argument("sites", nargs="*", metavar="SITE", help="sites (default: all archived)")
    p.add_argument("--out", required=True, help="HTML file to write")
    _data_dir_option(p)

    return {
        "validate": cmd_validate,
        "stats": cmd_stats,
        "export": cmd_export,
        "report": cmd_report,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """These four commands on their own (`python -m newsarchive.dataset`), as the CLI runs them."""
    parser = argparse.ArgumentParser(prog="newsarchive")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    handlers = add_commands(sub)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
