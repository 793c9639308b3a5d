"""The run log, `state/runs.jsonl`: one JSON line per crawl of a site, appended when it ends.

The crawl appends its summary here (`append_run`), the health check reads the site's recent
runs back (`read_runs`), the last worker of a shared crawl combines the workers' summaries
into one (`combine_summaries`), and `stats` / `report` read the whole history.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsarchive.jsonl import LineError, iter_lines, parse_line
from newsarchive.redact import mask_secrets
from newsarchive.safefiles import open_append_text


def read_runs(
    path: Path,
    site: str | None = None,
    *,
    on_skip: Callable[[int, LineError], None] | None = None,
) -> list[dict[str, Any]]:
    """The run history, oldest first ([] when there is none), of one site or of all.

    A line that is not a JSON object (a run killed while writing it) is passed over;
    `on_skip(line number, why)` hears of each one.
    """
    if not path.is_file():
        return []
    runs = []
    for number, raw, terminated in iter_lines(path):
        try:
            run = parse_line(raw, terminated=terminated)
        except LineError as exc:
            if on_skip is not None:
                on_skip(number, exc)
            continue
        if site is None or run.get("site") == site:
            runs.append(run)
    return runs


def append_run(path: Path, summary: dict[str, Any], root: Path | None = None) -> None:
    """Append one run's summary, synced to disk before the crawl reports its exit code.

    `root`: the data dir; no folder between it and `path`, nor `path`, may be a symbolic link
    (UnsafePathError). Without it, only `path` itself is checked. Credentials in any URL
    the summary quotes are masked: the run log is read by people and mailed in reports.
    """
    with open_append_text(root or path.parent, path) as f:
        f.write(mask_secrets(json.dumps(summary, ensure_ascii=False)) + "\n")
        f.flush()
        os.fsync(f.fileno())


def _sum_into(total: dict[str, Any], part: dict[str, Any]) -> None:
    for key, value in part.items():
        if isinstance(value, bool) or key == "pid":
            continue
        if isinstance(value, int):
            total[key] = total.get(key, 0) + value
        elif isinstance(value, dict) and key != "recovered":
            _sum_into(total.setdefault(key, {}), value)


def combine_summaries(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """One run summary from the workers' own: counts added up, the earliest start, the latest
    end, failed URLs together; finished only if every worker finished."""
    combined: dict[str, Any] = {"site": parts[0]["site"]}
    for part in parts:
        _sum_into(combined, part)
    combined["start"] = min(p["start"] for p in parts)
    combined["end"] = max(p["end"] for p in parts)
    reasons = {p["finish_reason"] for p in parts}
    combined["finish_reason"] = "finished" if reasons == {"finished"} else "incomplete"
    modes = {p.get("mode") for p in parts}
    combined["mode"] = modes.pop() if len(modes) == 1 else "mixed"
    combined["failed_urls"] = sorted({u for p in parts for u in p.get("failed_urls", ())})
    # a channel is empty for the run if the worker that read its first page found no rows
    combined["empty_listings"] = sorted({u for p in parts for u in p.get("empty_listings", ())})
    combined["stopped_channels"] = [c for p in parts for c in p.get("stopped_channels", ())]
    combined["workers"] = sorted(p.get("worker", "?") for p in parts)
    combined["recovered"] = {
        "lines": sum(p.get("recovered", {}).get("lines", 0) for p in parts),
        "torn": [t for p in parts for t in p.get("recovered", {}).get("torn", [])],
        "warc": [w for p in parts for w in p.get("recovered", {}).get("warc", [])],
    }
    return combined
