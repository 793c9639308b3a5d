"""The article extraction alone, offline: every article page of a generated site read as the
crawl reads it (`decode_page`, then `read_article_page`), without a profile (`generic`) and
with the benchmark's profile that gives a selector for every field (`profiled`), and with that
profile's generic fallback off (`strict`).

    python -m benchmarks.sitegen /tmp/site --articles 2000      # if there is no site yet
    python -m benchmarks.article_pages /tmp/site [--kind generic|profiled|strict|both] [--every 8]
        [--rounds 5] [--digest] [--dump OUT.jsonl]

Per round it times decode and extraction over the pages (every `--every`th article page, in
path order) and prints the median in µs a page. `--digest` prints a digest of every record
(all fields but the fetch time), which must not move when only the extraction's speed
changes; `--dump` writes the records, to compare two trees page by page. The figures of
README's third and fourth rounds of speed-ups are instruction counts of one round under
callgrind, minus the same process reading no page (`--rounds 0`), which a shared machine
cannot move:

    valgrind --tool=callgrind python -m benchmarks.article_pages SITE --every 8 --rounds 1
    valgrind --tool=callgrind python -m benchmarks.article_pages SITE --every 8 --rounds 0

(run with PYTHONHASHSEED=0: set and dict orders otherwise move the counts by ±0.5 %).
Wall times on a shared machine move by ±30 %, and they are medians of rounds over the same
pages: a cache kept per text finds every text again from the second round on, which a crawl
(each page read once) never does; callgrind's one round is the fair measure for those.

Any folder of saved pages works as SITE (every `*.htm*` file but `index*` and `_*`, read
from its bytes alone where there is no `_headers.json`), e.g. the extraction benchmark's:

    python -m benchmarks.article_pages $NEWSARCHIVE_BENCH_DIR/data/pages --kind generic --every 3
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import statistics
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.runner import profiled_site
from newsarchive.extract.article import read_article_page
from newsarchive.extract.encoding import decode_page, header_text

BASE = "http://127.0.0.1:8000"
# relative dates are read against this, so that two runs give the same records
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def load(root: Path, every: int) -> list[tuple[str, bytes, str | None]]:
    """(URL, bytes, Content-Type) of every `every`th article page (not `index*`)."""
    headers_file = root / "_headers.json"
    headers = json.loads(headers_file.read_text()) if headers_file.is_file() else {}
    paths = sorted(p for p in root.rglob("*.htm*") if not p.name.startswith(("index", "_")))[
        :: max(every, 1)
    ]
    out = []
    for path in paths:
        rel = "/" + path.relative_to(root).as_posix()
        out.append((BASE + rel, path.read_bytes(), headers.get(rel, {}).get("Content-Type")))
    return out


def read_all(pages: list[tuple[str, bytes, str | None]], site: Any) -> list[dict[str, Any]]:
    records = []
    for url, body, content_type in pages:
        text, _ = decode_page(body, header_text(content_type))
        page = read_article_page(text, url, site, now=NOW)
        record: dict[str, Any] = {"url": url, "problem": page.problem, "next": page.continuations}
        if page.article is not None:
            record.update(dataclasses.asdict(page.article))
            record.pop("fetched_at", None)
        records.append(record)
    return records


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.article_pages")
    parser.add_argument("site", type=Path, help="a site written by benchmarks.sitegen")
    parser.add_argument("--kind", choices=("generic", "profiled", "strict", "both"), default="both")
    parser.add_argument("--every", type=int, default=1, help="every Nth article page")
    parser.add_argument(
        "--rounds", type=int, default=5, help="0: load the pages and read the first only"
    )
    parser.add_argument("--digest", action="store_true", help="print a digest of the records")
    parser.add_argument("--dump", type=Path, help="write the records here (JSON lines)")
    args = parser.parse_args(argv)

    pages = load(args.site, args.every)
    kinds = ("generic", "profiled") if args.kind == "both" else (args.kind,)
    for kind in kinds:
        site = profiled_site(fallback=kind == "profiled") if kind != "generic" else None
        if args.digest or args.dump:
            records = read_all(pages, site)
            lines = [
                json.dumps(r, ensure_ascii=False, sort_keys=True, default=str) for r in records
            ]
            if args.dump:
                target = args.dump.with_suffix(f".{kind}.jsonl") if len(kinds) > 1 else args.dump
                target.write_text("\n".join(lines) + "\n", encoding="utf-8")
            if args.digest:
                digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]
                print(f"{kind}: digest {digest}, {len(records)} pages")
        if pages:
            # lazy tables and imports, outside the timings (and in a `--rounds 0` run too)
            read_all(pages[:1], site)
        timings = []
        for _ in range(args.rounds):
            started = time.process_time()
            read_all(pages, site)
            timings.append((time.process_time() - started) / max(len(pages), 1) * 1e6)
        if timings:
            print(f"{kind}: {statistics.median(timings):.0f} µs a page ({len(pages)} pages)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
