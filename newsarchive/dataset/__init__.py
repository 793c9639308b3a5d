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

Bad input (a missing data dir, no archive for a site, a corrupt archive line) raises
`newsarchive.archive.ArchiveError` naming the path; the commands (`newsarchive.cli.dataset`)
turn it into one line and exit 2.
"""

from __future__ import annotations

from newsarchive.dataset.export import FORMATS, export
from newsarchive.dataset.report import CHART_ID, chart_svg, report_html, run_health
from newsarchive.dataset.stats import COVERAGE, dropped_summary, format_stats, stats, summarise
from newsarchive.dataset.validate import Problem, Tally, validate

__all__ = [
    "CHART_ID",
    "COVERAGE",
    "FORMATS",
    "Problem",
    "Tally",
    "chart_svg",
    "dropped_summary",
    "export",
    "format_stats",
    "report_html",
    "run_health",
    "stats",
    "summarise",
    "validate",
]
