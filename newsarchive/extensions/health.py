"""Health checks: does this run look like the site's recent runs, or did something break?

A layout change rarely makes a crawl fail; it makes it quietly archive less. Most checks
compare one figure of this run with the same figure over the site's recent finished runs
(`state/runs.jsonl`) and name what looks wrong. Two need no history, so a first run is judged
too: a start URL whose first page lists no article, and a run whose every article failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import mean, median
from typing import Any

HISTORY = 10  # recent runs compared against
MIN_RECORDS = 5  # fewer records say too little about field coverage
FIELD_DROP = 0.5  # a field on less than half its usual share of records
COMPARABLE = 0.25  # coverage is compared only for runs writing this share of the usual count
SPIKE_FLOOR = 0.2  # placeholder share that is a spike whatever the history


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def check(run: dict[str, Any], history: Sequence[dict[str, Any]]) -> list[str]:
    """Problems with `run` given the site's earlier runs (oldest first); [] when healthy."""
    recent = [
        r
        for r in history
        if r.get("site") == run.get("site") and r.get("finish_reason") == "finished"
    ][-HISTORY:]
    problems: list[str] = []
    # judged on the run alone, a first run included: a start URL that lists nothing (a wrong
    # URL, a list drawn by script) or articles that all failed is no healthy crawl
    empty = run.get("empty_listings") or []
    problems.extend(f"no_article_rows: no article rows on {url}" for url in empty)
    failed = {k: v for k, v in (run.get("failed") or {}).items() if not k.startswith("listing/")}
    requested = run.get("articles_requested", 0)
    if requested and sum(failed.values()) and not run.get("articles_fetched", 0):
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(failed.items(), key=lambda kv: -kv[1]))
        problems.append(f"all_articles_failed: every article request failed ({reasons})")
    rows = run.get("listing_rows", 0)
    if rows == 0 and not empty and recent and median(r.get("listing_rows", 0) for r in recent) > 0:
        problems.append("no_listing_rows: listings gave no rows; recent runs found some")
    # re-checks of known articles usually find nothing new; only new pages say something
    fetched = run.get("articles_fetched", 0) - run.get("rechecked", 0)
    written = run.get("records_written", 0)
    usual_written = [r.get("records_written", 0) for r in recent if r.get("articles_fetched")]
    # pages that were read and thrown away as broken, not as duplicates or placeholders
    broken = {
        k: v
        for k, v in (run.get("dropped") or {}).items()
        if not k.startswith(("duplicate/", "revision/", "placeholder/"))
    }
    if fetched >= MIN_RECORDS and not written and usual_written and max(usual_written) > 0:
        problems.append(
            f"no_records: {fetched} new article pages fetched, none archived; "
            "recent runs archived some"
        )
    elif fetched >= MIN_RECORDS and not written and sum(broken.values()) * 2 > fetched:
        top = ", ".join(f"{k} {v}" for k, v in sorted(broken.items(), key=lambda kv: -kv[1])[:3])
        problems.append(f"no_records: {fetched} new article pages fetched, none archived ({top})")
    usual_count = median(usual_written) if usual_written else 0
    # a biased sample says nothing about the layout: a run that wrote a small share of the
    # usual number (one busy channel), or a resume pass (what a killed run left, which is
    # whatever that run had claimed)
    comparable = written >= COMPARABLE * usual_count and run.get("mode") != "resume"
    if written >= MIN_RECORDS and comparable:
        fields: dict[str, int] = run.get("fields", {})
        for name in sorted({k for r in recent for k in r.get("fields", {})} | set(fields)):
            shares = [
                _share(r.get("fields", {}).get(name, 0), r["records_written"])
                for r in recent
                if r.get("records_written", 0) >= MIN_RECORDS
            ]
            if not shares:
                continue
            now, before = _share(fields.get(name, 0), written), mean(shares)
            if before >= 0.5 and now < FIELD_DROP * before:
                problems.append(
                    f"field_missing: {name} on {now:.0%} of records, usually {before:.0%}"
                )
    for key, label in (("placeholders", "placeholder"), ("fffd", "U+FFFD")):
        rate = _share(run.get(key, 0), run.get("articles_fetched", 0) + run.get("listing_rows", 0))
        rates = [
            _share(r.get(key, 0), r.get("articles_fetched", 0) + r.get("listing_rows", 0))
            for r in recent
        ]
        usual = mean(rates) if rates else 0.0
        floor = SPIKE_FLOOR if key == "placeholders" else 0.0
        if run.get(key, 0) and rate > max(floor, 3 * usual):
            problems.append(f"{key}_spike: {label} rate {rate:.1%}, usually {usual:.1%}")
    return problems
