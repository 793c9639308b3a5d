"""How well the listing reader reads listings drawn by script, per kind of listing.

    python -m benchmarks.listings [--no-browser]

On the project's own portal (`tools/sitekit/platforms.py`: a Hanweb jpage column of 100 records
paged by its data proxy, a department's column whose `articleList` holds URLs as JSON strings
over three pages, a loose `var list`, a single-page app's `__INITIAL_STATE__`, a JSON API
column over three pages, a list only a browser draws, an HTML list beside a script's hot list),
each column is read as a crawl reads it: its first page, then every next page or data proxy
request the reader gives, until it gives none. Per kind it prints the rows the columns hold,
the rows found among them, the false rows (found, but no row of the column) and the pages
reached, for the reader as it is and for the HTML reader alone (what newsarchive read before
listings drawn by script). The page only a browser draws is read as served and, when
scrapy-playwright's Playwright and a chromium are installed, as chromium draws it.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from newsarchive.extract.html import make_selector
from newsarchive.extract.listing import generic_rows, read_listing_answer
from newsarchive.extract.script_rows import api_page_url
from newsarchive.items import ListingPage, PageRequest
from newsarchive.sites.base import ApiListing, Channel, ListingRules, Site
from tools.sitekit import platforms as pf

BASE = "http://127.0.0.1:8000"


@dataclass
class Column:
    kind: str
    start: str
    truth: list[str]
    pages: int
    site: Site | None = None


@dataclass
class Tally:
    columns: int = 0
    present: int = 0
    found: int = 0
    false: int = 0
    pages: int = 0
    reached: int = 0
    seconds: float = 0.0
    read: int = 0
    false_urls: list[str] = field(default_factory=list)


def columns(manifest: pf.Manifest) -> list[Column]:
    """The portal's columns, each with the site profile a user would give it (the API column
    needs one; the others are read without)."""
    api = ApiListing(**pf.API_PROFILE)  # type: ignore[arg-type]
    api_site = Site(
        slug="bureau",
        name="某局",
        domains=("127.0.0.1",),
        channels=(Channel(f"{BASE}/api-col/index.html"),),
        listing=ListingRules(api=api),
    )
    return [
        Column(c["kind"], start, c["rows"], c["pages"], api_site if c["kind"] == "api" else None)
        for start, c in manifest.columns.items()
    ]


Fetch = Callable[[str, PageRequest | None], str | None]


def file_fetcher(root: Path) -> Fetch:
    """The portal's answers: its files, and the data proxy's answers to a POST."""

    def fetch(url: str, sent: PageRequest | None) -> str | None:
        if sent is not None:
            query = dict(parse_qsl(urlsplit(url).query))
            column = dict(sent.formdata)["columnid"]
            records = json.loads((root / f"_jpage/col{column}.json").read_text("utf-8"))
            return pf.dataproxy_answer(records, int(query["startrecord"]), int(query["endrecord"]))
        file = root / urlsplit(url).path.lstrip("/")
        return file.read_text("utf-8") if file.is_file() else None

    return fetch


def walk(column: Column, fetch: Fetch, *, html_only: bool, tally: Tally) -> None:
    """Read a column as a crawl does, from its first page to the last the reader gives."""
    site = column.site
    start = BASE + column.start
    url: str | None = start
    if site is not None and site.listing.api is not None and not html_only:
        url = api_page_url(site.listing.api, start, 1)
    sent: PageRequest | None = None
    page = 1
    found: list[str] = []
    while url is not None and page <= 20:
        text = fetch(url, sent)
        if text is None:
            break
        started = time.perf_counter()
        if html_only:
            sel = make_selector(text)
            listing = ListingPage(url, tuple(generic_rows(sel, url, None)))
        else:
            listing = read_listing_answer(text, url, site, page=page, sent=sent, channel_url=start)
        tally.seconds += time.perf_counter() - started
        tally.read += 1
        if listing.rows or page == 1:
            tally.reached += 1
        found += [r.url.removeprefix(BASE) for r in listing.rows]
        sent = listing.next_request
        url = listing.next_page
        page += 1
    truth = set(column.truth)
    got = set(found)
    tally.columns += 1
    tally.present += len(truth)
    tally.found += len(truth & got)
    tally.false += len(got - truth)
    tally.false_urls += sorted(got - truth)
    tally.pages += column.pages


def rendered(root: Path, path: str) -> str | None:
    """The page as chromium draws it (Playwright over the system's chromium), or None."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    from newsarchive.server import LocalSite
    from newsarchive.spiders.browser import CHROMIUM_FLAGS, chromium_path

    executable = chromium_path()
    if executable is None:
        return None
    with LocalSite(root) as site, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable, headless=True, args=list(CHROMIUM_FLAGS)
        )
        try:
            page = browser.new_page()
            page.goto(site.url + path, wait_until="networkidle")
            return page.content()
        finally:
            browser.close()


def measure(browser: bool) -> dict[str, dict[str, Tally]]:
    out: dict[str, dict[str, Tally]] = {"now": defaultdict(Tally), "html": defaultdict(Tally)}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        manifest = pf.build(root)
        fetch = file_fetcher(root)
        for column in columns(manifest):
            walk(column, fetch, html_only=False, tally=out["now"][column.kind])
            walk(column, fetch, html_only=True, tally=out["html"][column.kind])
            if column.kind == "render" and browser:
                drawn = rendered(root, column.start)
                if drawn is not None:

                    def fetch_drawn(url: str, sent: PageRequest | None, text: str = drawn) -> str:
                        return text

                    walk(column, fetch_drawn, html_only=False, tally=out["now"]["rendered"])
                    walk(column, fetch_drawn, html_only=True, tally=out["html"]["rendered"])
    return out


def table(results: dict[str, dict[str, Tally]]) -> str:
    lines = [
        "| kind | columns | rows present | found | false rows | pages reached | ms/page "
        "| HTML reader alone: found / false |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    kinds = ["datastore", "json", "api", "html", "render", "rendered"]
    names = {
        "datastore": "script datastore (jpage + data proxy)",
        "json": "embedded JSON",
        "api": "JSON API (profile)",
        "html": "HTML rows",
        "render": "drawn by script, read as served",
        "rendered": "drawn by script, rendered (render = true)",
    }
    for kind in kinds:
        now = results["now"].get(kind)
        if now is None:
            continue
        before = results["html"][kind]
        ms = 1000 * now.seconds / max(now.read, 1)
        lines.append(
            f"| {names[kind]} | {now.columns} | {now.present} | {now.found} "
            f"({now.found / max(now.present, 1):.0%}) | {now.false} | {now.reached}/{now.pages} "
            f"| {ms:.1f} | {before.found} / {before.false} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--no-browser", action="store_true", help="do not render the page only a browser draws"
    )
    args = parser.parse_args(argv)
    results = measure(browser=not args.no_browser)
    print(table(results))
    if "rendered" not in results["now"]:
        print("(rendered: not measured; install the browser extra and chromium)")
    for kind, tally in results["now"].items():
        for url in tally.false_urls:
            print(f"false row ({kind}): {url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
