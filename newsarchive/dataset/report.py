"""`report`: one self-contained HTML page about the archive (chart, coverage, drops, runs)."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from newsarchive import statkeys
from newsarchive.archive import (
    resolve_sites,
)
from newsarchive.dataset.stats import (
    COVERAGE,
    RUNS_NAME,
    SEEN_DB_NAME,
    SiteSummary,
    dash,
    dropped_summary,
    iso_day,
    read_runs,
    reason_counts,
    seen_outcomes,
    summarise,
)
from newsarchive.redact import mask_secrets

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
    # a run log written before credentials were masked may still quote a Redis URL
    return mask_secrets("; ".join(problems)) or "ok"


def _nice_max(value: int) -> int:
    """The smallest 1/2/5×10ⁿ at or above `value` (an axis top)."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if m * step >= value:
                return m * step
        step *= 10


# the chart's window: recent days are what a daily check is about, and a strip per site stays
# readable with 30 sites where one stacked chart over all time does not
WINDOW_DAYS = 90
ROW_HEIGHT = 30


def latest_health(runs: Sequence[dict[str, Any]] | None) -> dict[str, str]:
    """Each site's last run as `run_health` says it ("ok", or what went wrong)."""
    health: dict[str, str] = {}
    for run in runs or ():
        if isinstance(run.get("site"), str):
            health[run["site"]] = run_health(run)
    return health


def health_order(sites: Sequence[str], health: dict[str, str]) -> list[str]:
    """Worst first: sites whose last run went wrong, then sites never run, then healthy ones."""

    def rank(site: str) -> tuple[int, str]:
        state = health.get(site)
        return (0 if state not in (None, "ok") else 1 if state is None else 2, site)

    return sorted(sites, key=rank)


def chart_svg(
    summaries: Sequence[SiteSummary],
    runs: Sequence[dict[str, Any]] | None = None,
    window: int = WINDOW_DAYS,
) -> str:
    """Records per published day over the last `window` days with records, one strip per site
    (each on its own scale, its peak written beside it), worst health first: an inline SVG
    with no script."""
    days = [d for s in summaries for d in s.per_day]
    if not days:
        return f'<p id="{CHART_ID}" class="empty">No dated records.</p>'
    last = max(days)
    first = max(min(days), last - timedelta(days=window - 1))
    span = (last - first).days + 1
    health = latest_health(runs)
    by_site = {s.site: s for s in summaries}
    order = health_order(list(by_site), health)
    label_w, peak_w, top, axis = 150, 70, 6, 22
    width = 960
    plot_w = width - label_w - peak_w
    height = top + ROW_HEIGHT * len(order) + axis
    bar_w = plot_w / span

    def x(day: date) -> float:
        return label_w + (day - first).days * bar_w

    parts = [
        f'<svg id="{CHART_ID}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" overflow="visible" '
        f'aria-labelledby="{CHART_ID}-title">',
        f'<title id="{CHART_ID}-title">Records per day published, {first} to {last}, '
        "one row per site, worst health first</title>",
    ]
    for row, site in enumerate(order):
        summary = by_site[site]
        state = health.get(site)
        colour = PALETTE[0] if state in (None, "ok") else "#b00020"
        base = top + ROW_HEIGHT * (row + 1) - 4
        in_window = {d: n for d, n in summary.per_day.items() if first <= d <= last}
        peak = max(in_window.values(), default=0)
        name = html.escape(site)
        mark = "" if state in (None, "ok") else " ⚠"
        parts.append(
            f'<text class="site" x="{label_w - 8}" y="{base - 6}" text-anchor="end">'
            f"{name}{mark}<title>{name}: last run {html.escape(state or 'not known')}</title>"
            "</text>"
            f'<line class="grid" x1="{label_w}" x2="{width - peak_w}" y1="{base}" y2="{base}"/>'
        )
        for day, count in sorted(in_window.items()):
            h = (ROW_HEIGHT - 8) * count / peak if peak else 0
            parts.append(
                f'<rect class="bar" data-site="{name}" x="{x(day):.2f}" y="{base - h:.2f}" '
                f'width="{max(bar_w - 0.5, 1):.2f}" height="{h:.2f}" fill="{colour}">'
                f"<title>{day} {name}: {count}</title></rect>"
            )
        parts.append(
            f'<text class="axis" x="{width - peak_w + 6}" y="{base - 6}">max {peak}/day</text>'
        )
    parts.extend(_x_ticks(first, last, x, height - 6))
    parts.append("</svg>")
    return "\n".join(parts)


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
.site { font-size: 12px; fill: #222; }
.cov { display: inline-block; height: .7em; background: #0072b2; margin-left: .4em; }
.note, .empty { color: #666; }
"""


def report_html(data_dir: str | Path, site: str | Iterable[str] | None = None) -> str:
    """The `report` page: one HTML document with everything inline, no scripts."""
    runs = read_runs(data_dir)
    # with 30 sites the ones that need a look come first, in every table
    sites = health_order(resolve_sites(data_dir, site), latest_health(runs))
    summaries = summarise(data_dir, sites)
    outcomes = seen_outcomes(data_dir)
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
        f'<p class="note">By publication day in each site\'s timezone, the last {WINDOW_DAYS} '
        "days with records; one row per site on its own scale, sites whose last run went wrong "
        "first (⚠, in red). Undated and older records are counted in the table below.</p>",
        chart_svg(summaries, runs),
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
            f"<td>{dash(iso_day(min(s.per_day, default=None)))}</td>"
            f"<td>{dash(iso_day(max(s.per_day, default=None)))}</td><td>{s.undated}</td>"
            f"<td>{dash(d['placeholder_pages'])}</td><td>{dash(d['placeholder_rows'])}</td>"
            f"<td>{dash(d['duplicates'])}</td></tr>"
        )
    out.append("</table>")
    out.append(
        f'<p class="note">Placeholder pages and duplicates: every run, from {SEEN_DB_NAME}. '
        f"Placeholder listing rows (never fetched): from {RUNS_NAME}, summed over runs. "
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
        return dash(value)
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
        return [f'<p class="empty">No run history ({RUNS_NAME}) in this data dir.</p>']
    chosen = [r for r in runs if r.get("site") in sites][-limit:]
    if not chosen:
        return ['<p class="empty">No runs of these sites in the run history.</p>']
    esc = html.escape
    rows = [
        f'<p class="note">The last {plural(len(chosen), "run")}, newest first, '
        f"from {RUNS_NAME}.</p>",
        '<table id="runs"><tr><th>site</th><th>started (UTC)</th><th>took</th><th>mode</th>'
        "<th>pages</th><th>records</th><th>errors</th><th>dropped</th><th>health</th></tr>",
    ]
    for run in reversed(chosen):
        dropped = reason_counts(run.get("dropped"), statkeys.DROPPED_GROUP)
        dropped_text = ", ".join(f"{k} {v}" for k, v in sorted(dropped.items())) or "none"
        health = run_health(run)
        rows.append(
            f"<tr><td>{esc(str(run.get('site')))}</td>"
            f"<td>{esc(_when(_run_value(run, 'started')))}</td>"
            f"<td>{esc(_took(run))}</td>"
            f"<td>{esc(dash(run.get('mode')))}</td>"
            f"<td>{esc(dash(_run_value(run, 'pages')))}</td>"
            f"<td>{esc(dash(_run_value(run, 'records')))}</td>"
            f"<td>{esc(dash(_run_value(run, 'errors')))}</td>"
            f'<td class="text">{esc(dropped_text)}</td>'
            f'<td class="{"ok" if health == "ok" else "bad"}">{esc(health)}</td></tr>'
        )
    rows.append("</table>")
    return rows


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
