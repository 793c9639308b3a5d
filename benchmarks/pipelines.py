"""The item pipelines alone, offline: capture a crawl's items, replay them with no Scrapy engine.

    python -m benchmarks.pipelines capture --base-url URL --out items.pickle
    python -m benchmarks.pipelines replay items.pickle [--rounds N] [--check]

`capture` runs the generic benchmark crawl (`benchmarks.runner`) with one pipeline in front of
the project's, pickling every item as it arrives. `replay` passes those items through the
project's pipelines (validate, placeholders, dedup, write) over a fresh data dir and SQLite
seen-state, as the crawl would, and prints the time per item, the stats, and a digest of what
was written (the archive bytes and the seen-state without its timestamps): the digest must
not move when only the speed of the pipelines changes. A crawl's timings move by ±10 % on a
shared machine; a replay under `valgrind --tool=callgrind` (`--rounds 1`) counts instructions,
repeatable to a fraction of a percent.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import pickle
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scrapy.exceptions import DropItem

CAPTURE_SETTING = "BENCH_CAPTURE_FILE"
# the crawl date every replay writes under, so that the archive's path never differs
CRAWL_DATE = "2026-01-01"


class CapturePipeline:
    """Pickles each item as it enters the pipelines (before any of them changes it)."""

    def __init__(self, path: str) -> None:
        self.items: list[Any] = []
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Any) -> CapturePipeline:
        return cls(crawler.settings.get(CAPTURE_SETTING))

    def process_item(self, item: Any) -> Any:
        self.items.append(copy.deepcopy(item))
        return item

    def close_spider(self) -> None:
        with Path(self.path).open("wb") as f:
            pickle.dump(self.items, f)


class Stats:
    """The part of Scrapy's stats collector the pipelines use."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.values[key] = self.values.get(key, start) + count

    def get_value(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def set_value(self, key: str, value: Any) -> None:
        self.values[key] = value


def capture(base_url: str, out: Path) -> int:
    from benchmarks import runner
    from newsarchive import settings

    pipelines = dict(settings.ITEM_PIPELINES)
    pipelines["benchmarks.pipelines.CapturePipeline"] = 1
    with tempfile.TemporaryDirectory() as data:
        result = runner.run(
            "generic",
            base_url,
            Path(data),
            None,
            overrides={"ITEM_PIPELINES": pipelines, CAPTURE_SETTING: str(out.resolve())},
        )
    sys.stdout.write(f"{result['items']} items kept of {result['pages']} pages -> {out}\n")
    return 0


def _digest(root: Path) -> str:
    """The archive files' bytes and the seen-state's rows, timestamps left out."""
    h = hashlib.sha256()
    for path in sorted((root / "archive").rglob("*.jsonl")):
        h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    db = sqlite3.connect(root / "state" / "seen.sqlite3")
    queries = (
        "SELECT site, url, outcome, content_hash FROM urls ORDER BY 1, 2",
        "SELECT site, content_hash, canonical_url FROM contents ORDER BY 1, 2",
        "SELECT site, canonical_url, content_hash, revision, published_at FROM articles "
        "ORDER BY 1, 2",
        "SELECT site, path, synced FROM archive_files ORDER BY 1, 2",
    )
    for query in queries:
        for row in db.execute(query):
            h.update(repr(row).encode())
    db.close()
    return h.hexdigest()


def replay_once(items: list[Any], root: Path) -> tuple[float, dict[str, float], Stats]:
    """Run every item through the pipelines in a fresh data dir; (seconds, per stage, stats)."""
    from newsarchive.datadir import DataDir
    from newsarchive.pipelines.cleared import DropClearedPipeline
    from newsarchive.pipelines.dedup import DedupPipeline
    from newsarchive.pipelines.required import RequireFieldsPipeline
    from newsarchive.pipelines.writer import ArchiveWriterPipeline
    from newsarchive.seen.sqlite import SeenStore

    data = DataDir(root)
    store = SeenStore(data.seen_db, root=root)
    stats = Stats()
    chain: list[tuple[str, Any]] = [
        ("validate", RequireFieldsPipeline(stats, store)),  # type: ignore[arg-type]
        ("placeholders", DropClearedPipeline(stats, store)),  # type: ignore[arg-type]
        ("dedup", DedupPipeline(store, stats)),  # type: ignore[arg-type]
        ("write", ArchiveWriterPipeline(data, store, stats, CRAWL_DATE)),  # type: ignore[arg-type]
    ]
    spent = dict.fromkeys([name for name, _ in chain], 0.0)
    clock = time.perf_counter
    started = clock()
    for item in items:
        for name, pipeline in chain:
            t = clock()
            try:
                pipeline.process_item(item)
            except DropItem:
                spent[name] += clock() - t
                break
            spent[name] += clock() - t
    chain[-1][1].close_spider()
    store.close()
    return clock() - started, spent, stats


def replay(path: Path, rounds: int, check: bool, copies_only: bool = False) -> int:
    """`copies_only`: each round's fresh copy of the items and nothing else, the part of an
    instruction count that is not the pipelines'."""
    blob = path.read_bytes()
    captured: list[Any] = pickle.loads(blob)
    best: float | None = None
    per_stage: list[dict[str, float]] = []
    totals = []
    for _ in range(rounds):
        # the pipelines change items (revision, content_hash): every round gets fresh ones
        items = pickle.loads(blob)
        if copies_only:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            took, spent, stats = replay_once(items, Path(tmp))
            digest = _digest(Path(tmp)) if check else None
        totals.append(took)
        per_stage.append(spent)
        best = took if best is None else min(best, took)
    if copies_only:
        return 0
    n = len(captured)
    totals.sort()
    median = totals[len(totals) // 2]
    stages = {
        name: round(sorted(s[name] for s in per_stage)[len(per_stage) // 2] / n * 1e6, 1)
        for name in per_stage[0]
    }
    out = {
        "items": n,
        "us_per_item_median": round(median / n * 1e6, 1),
        "us_per_item_best": round((best or 0) / n * 1e6, 1),
        "stages_us_median": stages,
        "stats": dict(sorted(stats.values.items())),
        "digest": digest,
    }
    sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pipelines")
    sub = parser.add_subparsers(dest="command", required=True)
    cap = sub.add_parser("capture")
    cap.add_argument("--base-url", required=True)
    cap.add_argument("--out", required=True, type=Path)
    rep = sub.add_parser("replay")
    rep.add_argument("items", type=Path)
    rep.add_argument("--rounds", type=int, default=5)
    rep.add_argument("--check", action="store_true", help="digest the data dir written")
    rep.add_argument("--copies-only", action="store_true", help="no pipelines (a baseline)")
    args = parser.parse_args(argv)
    if args.command == "capture":
        if not args.base_url.startswith(("http://127.0.0.1:", "http://localhost:")):
            parser.error("benchmarks crawl 127.0.0.1 only")
        return capture(args.base_url, args.out)
    return replay(args.items, args.rounds, args.check, args.copies_only)


if __name__ == "__main__":
    raise SystemExit(main())
