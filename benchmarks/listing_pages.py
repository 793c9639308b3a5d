"""The listing reader alone, offline: the listing check on every article page of a generated
site, and every listing page read as the generic crawl reads it.

    python -m benchmarks.sitegen /tmp/site --articles 2000      # if there is no site yet
    python -m benchmarks.listing_pages /tmp/site [--rounds 5] [--digest] [--dump OUT.json]
        [--profile]

Pages are decoded as the spider decodes them (`decode_page` with the Content-Type of
`_headers.json`) and parsed once, outside the timings. Per round it times `is_listing_page`
over the article pages and `read_listing_answer` over the listing pages (`index*.html`), with
the site the generic crawl makes of the channel URLs (with `--profile`, the demo profile, whose
`rows` and `row_date` selectors read the rows), and prints the medians in µs a page.
`--digest` prints a digest of every answer (each page's listing verdict, each listing page's
rows: URL, title, section, date, source, and its next page), which must not move when only
the reader's speed changes; `--dump` writes the answers themselves, to compare two trees
page by page. A run under `valgrind --tool=callgrind` (`--rounds 1`) counts instructions;
wall times on a shared machine move by ±30 %.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsarchive.extract.encoding import decode_page, header_text
from newsarchive.extract.html import make_selector
from newsarchive.extract.listing import is_listing_page, read_listing_answer
from newsarchive.sites import adhoc_site, get_site
from newsarchive.sites.base import Site

BASE = "http://127.0.0.1:8000"
CHANNELS = ("/dongtai/index.html", "/yaowen/index.html", "/baozhi/index.html")


def load(root: Path) -> list[tuple[str, str, bool]]:
    """(URL, decoded text, is a listing page) for every page of the site."""
    headers_file = root / "_headers.json"
    headers = json.loads(headers_file.read_text()) if headers_file.is_file() else {}
    pages = []
    for path in sorted(root.rglob("*.htm*")):
        rel = "/" + path.relative_to(root).as_posix()
        content_type = headers.get(rel, {}).get("Content-Type")
        text, _ = decode_page(path.read_bytes(), header_text(content_type))
        pages.append((BASE + rel, text, path.name.startswith("index")))
    return pages


def listing_site(profile: bool) -> Site:
    """The site the listings are read with: the generic crawl's, or the demo profile."""
    return get_site("demo") if profile else adhoc_site([BASE + c for c in CHANNELS], "bench")


def answers(pages: list[tuple[str, str, bool]], site: Site) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for url, text, listing in pages:
        entry: dict[str, Any] = {"is_listing": is_listing_page(make_selector(text), url)}
        if listing:
            page = read_listing_answer(text, url, site)
            entry["rows"] = [[r.url, r.title, r.section, r.date, r.source] for r in page.rows]
            entry["next"] = page.next_page
        out[url] = entry
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.listing_pages")
    parser.add_argument("site", type=Path, help="a site written by benchmarks.sitegen")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--digest", action="store_true", help="print a digest of every answer")
    parser.add_argument("--dump", type=Path, help="write every answer here (JSON)")
    parser.add_argument(
        "--profile", action="store_true", help="read the listings with the demo profile's rules"
    )
    args = parser.parse_args(argv)

    pages = load(args.site)
    site = listing_site(args.profile)
    if args.digest or args.dump:
        found = answers(pages, site)
        text = json.dumps(found, ensure_ascii=False, sort_keys=True, indent=0)
        if args.dump:
            args.dump.write_text(text, encoding="utf-8")
        if args.digest:
            print(hashlib.sha256(text.encode()).hexdigest()[:16], len(found), "pages")
    articles = [(url, make_selector(text)) for url, text, listing in pages if not listing]
    listings = [(url, text) for url, text, listing in pages if listing]
    check: list[float] = []
    read: list[float] = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        for url, sel in articles:
            is_listing_page(sel, url)
        check.append((time.perf_counter() - started) / max(len(articles), 1) * 1e6)
        started = time.perf_counter()
        for url, text in listings:
            read_listing_answer(text, url, site)
        read.append((time.perf_counter() - started) / max(len(listings), 1) * 1e6)
    print(
        f"is_listing_page {statistics.median(check):.0f} µs an article page ({len(articles)}), "
        f"read_listing_answer {statistics.median(read):.0f} µs a listing page ({len(listings)})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
