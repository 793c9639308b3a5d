"""`newsarchive site add|check`: a new site in one command, and template drift after.

`site add URL` fetches the listing page, reads it with the generic listing reader, fetches a
few sample articles (placeholder rows skipped) and shows what it found and what looks wrong.
It then adds a `[sites.<slug>]` entry to the site list (tomlkit: the file's comments and order
stay as they were) with only the selectors the pages confirm, and stores the listing and the
samples with their records as the site's fixtures (`<data>/fixtures/<slug>/`, the format of
`newsarchive.extract.fixtures`). The entry is loaded back before anything is written.

`site check [SLUG…]` re-extracts those stored pages with the site's current profile and names
every field that changed (exit 1); `--live` also fetches each stored article again (fields that
changed there are template drift) and each start URL (the rows the listing reader finds).

Pages are fetched one at a time, the site's `download_delay` apart (the crawl's default delay
when it declares none), with the crawl's User-Agent.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from newsarchive.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    Commands,
    Fetched,
    FetchError,
    Subparsers,
    add_data_dir_option,
    add_sites_option,
    data_dir_arg,
    error,
    fetch,
    is_http_url,
    plural,
    registry_arg,
)

if TYPE_CHECKING:
    from parsel import Selector

    from newsarchive.items import ListingPage
    from newsarchive.sites import Registry
    from newsarchive.sites.base import Site

DEFAULT_SAMPLES = 3
# a value in a report line is cut to this many characters
SHOWN = 60
# differences shown per stored page; the rest are counted
MAX_DIFFERENCES = 8
# what a fixed article keeps while its template stays: a live page differing here has drifted
LIVE_FIELDS = ("title", "published_at", "author", "source", "section", "body")
REPLACEMENT = "\ufffd"


def register(sub: Subparsers) -> Commands:
    site = sub.add_parser("site", help="add a site to your list from its listing page; check it")
    ssub = site.add_subparsers(dest="site_command", required=True, metavar="ACTION")
    add = ssub.add_parser(
        "add",
        help="propose a sites.toml entry from a listing page, and store sample pages",
        description="Fetch a listing page and a few of its articles, show what the generic "
        "extractor finds, then add the site to your list and store the pages as its fixtures.",
    )
    add.add_argument("url", help="the listing page: a news channel's first page")
    add.add_argument("--slug", help="the site's name in commands and folders (default: its host)")
    add.add_argument("--name", help="the site's display name (default: as its pages state it)")
    add.add_argument(
        "--samples",
        type=int,
        default=DEFAULT_SAMPLES,
        metavar="K",
        help=f"sample articles to fetch (default {DEFAULT_SAMPLES})",
    )
    add.add_argument("--dry-run", action="store_true", help="show what it finds; write nothing")
    add_data_dir_option(add)
    add_sites_option(add)
    check = ssub.add_parser(
        "check",
        help="re-extract the stored pages of your sites and name the fields that changed",
    )
    check.add_argument("slugs", nargs="*", metavar="SLUG", help="default: every listed site")
    check.add_argument(
        "--live",
        action="store_true",
        help="also fetch the stored pages and the start URLs again (template drift, rows)",
    )
    add_data_dir_option(check)
    add_sites_option(check)
    return {"site": cmd_site}


def cmd_site(args: argparse.Namespace) -> int:
    if args.site_command == "add":
        return cmd_add(args)
    return cmd_check(args)


class _Polite:
    """Fetches one page at a time, `delay` seconds apart."""

    def __init__(self, delay: float | None) -> None:
        from newsarchive.settings import DOWNLOAD_DELAY

        self.delay = float(DOWNLOAD_DELAY if delay is None else delay)
        self.last: float | None = None

    def get(self, url: str) -> Fetched:
        if self.last is not None:
            wait = self.last + self.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        try:
            return fetch(url)
        finally:
            self.last = time.monotonic()


def shorten(value: Any) -> str:
    """A value as JSON, cut to `SHOWN` characters.

    >>> shorten("短"), shorten(None), shorten("x" * 80)[-3:]
    ('"短"', 'null', 'xx…')
    """
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


# --- site add -------------------------------------------------------------------------------


@dataclass
class Sample:
    """One sample article: the page and what it extracts to (or why there is none)."""

    row_url: str
    page: Fetched | None = None
    record: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None


def cmd_add(args: argparse.Namespace) -> int:
    from newsarchive.sites import SiteListError, adhoc_slug
    from newsarchive.sites.toml import SLUG

    url = args.url.strip()
    if not is_http_url(url):
        return error(f"site add: {url!r} is not an http(s) URL")
    if not 0 <= args.samples <= 50:
        return error(f"site add: --samples {args.samples}: give 0 to 50")
    try:
        registry = registry_arg(args)
    except SiteListError as exc:
        return error(str(exc))
    try:
        slug = args.slug or adhoc_slug(url)
    except ValueError:
        return error(f"site add: {url!r} gives no usable name; give --slug")
    if not SLUG.match(slug):
        return error(
            f"site add: --slug {slug!r}: use a-z, 0-9, _ and - (starting with a letter or digit)"
        )
    taken = _taken(registry, slug)
    if taken:
        return error(f"site add: {slug!r} is {taken}; give your site another name with --slug")
    data = data_dir_arg(args)
    folder = data.fixtures(slug)
    if any(p.is_symlink() for p in (folder, folder.parent)):
        return error(f"site add: {folder} is reached through a symbolic link; not written")
    if folder.exists() and any(folder.iterdir()):
        return error(
            f"site add: {folder} already holds stored pages; remove it, or give another --slug"
        )
    fetcher = _Polite(None)
    try:
        listing = fetcher.get(url)
    except FetchError as exc:
        return error(f"site add: {exc}")
    return _add(args, registry, slug, url, listing, fetcher, folder)


def _taken(registry: Registry, slug: str) -> str | None:
    from newsarchive.sites import BUILTIN

    if slug not in registry.sites and slug not in registry.listed:
        return None
    where = registry.origins.get(slug, "")
    if slug in registry.listed:
        return f"already listed ({where})" if where != BUILTIN else "already listed (built-in)"
    return "a built-in site" if where == BUILTIN else f"already a site ({where})"


def _add(
    args: argparse.Namespace,
    registry: Registry,
    slug: str,
    url: str,
    listing: Fetched,
    fetcher: _Polite,
    folder: Path,
) -> int:
    from newsarchive.extract import is_listing_page, make_selector, parse_listing
    from newsarchive.extract.article import page_problem
    from newsarchive.extract.listing import NO_ROWS_ADVICE
    from newsarchive.extract.processors import matches_placeholder
    from newsarchive.extract.proposal import rows_selector, section_labels
    from newsarchive.sites.base import Channel, Css, ListingRules, Site

    start = listing.url  # where the listing answers, after redirects: what the crawl fetches
    host = urlsplit(start).hostname or ""
    netloc = host + (f":{urlsplit(start).port}" if urlsplit(start).port else "")
    sel = make_selector(listing.body, listing.headers)
    base = Site(slug=slug, name=args.name or netloc, domains=(host,), channels=(Channel(start),))
    generic = parse_listing(sel, start, base)
    labels = section_labels(generic.rows)
    base = replace(base, section_labels=labels)
    # rows a script holds have no selector in the HTML to confirm
    query = rows_selector(sel, start, base) if generic.rows and generic.kind == "html" else None
    proposed = replace(base, listing=ListingRules(rows=Css(query))) if query else base
    page = parse_listing(sel, start, proposed)
    wrong: list[str] = []
    kind = listing.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if page_problem(listing.body) or (kind and "html" not in kind and "xml" not in kind):
        wrong.append(f"listing: the answer is no web page ({kind or 'no Content-Type'})")
    elif generic.kind == "html" and not is_listing_page(sel, start):
        wrong.append("listing: the page looks like an article (or no list of news), not a listing")
    if any(REPLACEMENT in r.title for r in page.rows):
        wrong.append("listing: row titles hold U+FFFD (the page was decoded wrongly)")
    on_site = [r for r in page.rows if _on_site(r.url, proposed.domains)]
    if len(on_site) < len(page.rows):
        off = len(page.rows) - len(on_site)
        wrong.append(f"listing: {plural(off, 'row')} link to other hosts; the crawl skips them")
    placeholders = [r for r in page.rows if matches_placeholder(r.title)]
    samples = _samples(
        [r.url for r in on_site if not matches_placeholder(r.title)], args.samples, fetcher
    )
    name = args.name or _page_name(sel, start, samples) or netloc
    entry = _entry(proposed, name, page, query)
    site, problem = _loaded(registry, slug, entry)
    if site is None:
        print(f"newsarchive: site add: {problem}", file=sys.stderr)
        return EXIT_FAILED
    listing_page = parse_listing(sel, start, site)
    _print_listing(start, url, listing_page, placeholders, query, labels, name, args.name)
    fetched = (s for s in samples if s.page is not None)
    for n, sample in enumerate(fetched, 1):
        wrong += _print_sample(f"article-{n}", sample, site)
    for sample in samples:
        if sample.page is None:
            print(f"{'not fetched':<10} {sample.row_url}")
            wrong.append(str(sample.problem))
    # rows that all lead to other hosts (a footer's friendly links) are no listing either
    useful = [r for r in listing_page.rows if _on_site(r.url, site.domains)]
    if not useful:
        elsewhere = " (its only links lead to other hosts)" if listing_page.rows else ""
        wrong.insert(0, f"listing: no article rows on {start}{elsewhere}")
        wrong.insert(1, f"listing: {NO_ROWS_ADVICE}")
    print("looks wrong:" if wrong else "looks wrong: nothing")
    for line in wrong:
        print(f"  {line}")
    text = _entry_text(slug, entry)
    if not useful:
        print(
            "nothing written: a crawl would find no articles here (is it a channel's listing "
            "page?). To list it anyway, add this by hand with a [listing] rows selector:"
        )
        print(_indent(text))
        return EXIT_FAILED
    file = registry.file
    assert file is not None  # registry_arg always names the list, existing or not
    if args.dry_run:
        print(f"would add to {file}:")
        print(_indent(text))
        print("dry run: nothing written")
        return EXIT_OK
    try:
        stored = _store(folder, site, listing, start, samples)
        _write_list(file, slug, entry, site)
    except OSError as exc:
        _remove_cases(folder)
        where = f": {exc.filename}" if exc.filename else ""
        return error(f"site add: cannot write{where}: {exc.strerror or exc}")
    except _NotLoaded as exc:
        _remove_cases(folder)
        print(f"newsarchive: site add: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"added to {file}:")
    print(_indent(text))
    print(f"stored {plural(len(stored), 'page')} in {folder}: {', '.join(stored)}")
    print(f"next: newsarchive crawl {slug}   (later: newsarchive site check {slug} --live)")
    return EXIT_OK


def _on_site(url: str, domains: tuple[str, ...]) -> bool:
    host = urlsplit(url).hostname or ""
    return any(host == d or host.endswith("." + d) for d in domains)


def _samples(urls: list[str], wanted: int, fetcher: _Polite) -> list[Sample]:
    """Up to `wanted` fetched articles; a row that cannot be fetched is noted and the next one
    tried, up to twice as many rows as wanted."""
    out: list[Sample] = []
    fetched = 0
    for row_url in urls[: 2 * wanted]:
        if fetched == wanted:
            break
        try:
            out.append(Sample(row_url, fetcher.get(row_url)))
            fetched += 1
        except FetchError as exc:
            out.append(Sample(row_url, problem=str(exc)))
    return out


def _page_name(listing: Selector, url: str, samples: list[Sample]) -> str | None:
    from newsarchive.extract import make_selector
    from newsarchive.extract.proposal import site_name

    pages = [(make_selector(s.page.body, s.page.headers), s.page.url) for s in samples if s.page]
    return site_name(listing, url, pages)


def _entry(site: Site, name: str, page: ListingPage, query: str | None) -> Any:
    """The `[sites.<slug>]` table: name, start URL, and what the pages confirmed."""
    import tomlkit

    from newsarchive.extract.listing import listing_kind

    table = tomlkit.table()
    kind = "a next-page link" if page.next_page else "no next page"
    if page.next_request is not None:
        kind = "the data proxy's next records"
    day = datetime.now(UTC).date().isoformat()
    found = f"{len(page.rows)} rows ({listing_kind(page)}), {kind}"
    table.add(tomlkit.comment(f"added by `newsarchive site add` on {day}: {found}"))
    table["name"] = name
    table["start_urls"] = [c.url for c in site.channels]
    if site.section_labels:
        table["section_labels"] = list(site.section_labels)
    if query:
        listing = tomlkit.table()
        listing["rows"] = query
        table["listing"] = listing
    return table


def _entry_text(slug: str, entry: Any) -> str:
    import tomlkit

    doc = tomlkit.document()
    sites = tomlkit.table(is_super_table=True)
    sites[slug] = entry
    doc["sites"] = sites
    return tomlkit.dumps(doc).strip("\n")


class _NotLoaded(Exception):
    """The entry site add made does not load: a bug, reported in one line."""


def _with_entry(file: Path, slug: str, entry: Any) -> str:
    """The site list's text with the entry added after its last site; comments, order and
    spacing of everything already there stay."""
    import tomlkit
    from tomlkit.items import Table

    text = file.read_text("utf-8") if file.exists() else ""
    doc = tomlkit.parse(text) if text.strip() else tomlkit.document()
    if not text.strip():
        doc.add(tomlkit.comment("your sites: one [sites.<slug>] table each (newsarchive list)"))
    sites = doc.get("sites")
    if sites is None:
        sites = tomlkit.table(is_super_table=True)
        doc["sites"] = sites
    if not isinstance(sites, Table):
        raise _NotLoaded(f"{file}: `sites` is not a table of tables; add the entry by hand")
    sites[slug] = entry
    return tomlkit.dumps(doc)


def _loaded(registry: Registry, slug: str, entry: Any) -> tuple[Site | None, str]:
    """The Site the entry becomes once in the list (read by the same loader as every command),
    or None and why not."""
    from newsarchive.sites import SiteListError, load_registry

    file = registry.file
    assert file is not None
    try:
        text = _with_entry(file, slug, entry)
    except _NotLoaded as exc:
        return None, str(exc)
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / "sites.toml"
        trial.write_text(text, "utf-8")
        try:
            loaded = load_registry(trial)
        except SiteListError as exc:
            return None, f"the entry it made does not load (a bug): {exc}"
    if slug not in loaded.listed:
        return None, f"the entry it made does not list {slug!r} (a bug)"
    return loaded.sites[slug], ""


def _write_list(file: Path, slug: str, entry: Any, site: Site) -> None:
    """Add the entry to the site list (a new file beside it, then renamed over it), then load
    the list back: the same site must come out, else the old list is put back."""
    from newsarchive.sites import SiteListError, load_registry

    target = file.resolve() if file.is_symlink() else file  # the user's link stays a link
    before = target.read_bytes() if target.exists() else None
    text = _with_entry(target, slug, entry)
    target.parent.mkdir(parents=True, exist_ok=True)
    _replace(target, text.encode("utf-8"))
    try:
        again = load_registry(file).sites.get(slug)
    except SiteListError as exc:
        again, why = None, str(exc)
    else:
        why = f"it loads as {again!r}"
    if again != site:
        if before is None:
            target.unlink()
        else:
            _replace(target, before)
        raise _NotLoaded(f"the written list did not load back the same site (a bug): {why}")


def _replace(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if target.exists():
            Path(tmp).chmod(target.stat().st_mode & 0o7777)
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _store(
    folder: Path, site: Site, listing: Fetched, start: str, samples: list[Sample]
) -> list[str]:
    """The listing and each fetched sample as the site's fixtures; the names written."""
    from newsarchive.extract.fixtures import Case

    names = []
    case = Case(folder / "listing-1", site.slug, site)
    case.write(listing.body, start, listing.headers, fetched_at=listing.fetched_at)
    names.append(case.name)
    for n, sample in enumerate((s for s in samples if s.page), 1):
        assert sample.page is not None
        case = Case(folder / f"article-{n}", site.slug, site)
        page = sample.page
        case.write(page.body, page.url, page.headers, fetched_at=page.fetched_at)
        names.append(case.name)
    return names


def _remove_cases(folder: Path) -> None:
    """Undo `_store` (the folder held nothing before)."""
    import shutil

    if folder.is_dir():
        shutil.rmtree(folder, ignore_errors=True)


def _print_listing(
    start: str,
    asked: str,
    page: ListingPage,
    placeholders: list[Any],
    query: str | None,
    labels: tuple[str, ...],
    name: str,
    named: str | None,
) -> None:
    from newsarchive.extract.listing import listing_kind

    print(f"listing    {start}" + (f"  (asked for {asked})" if asked != start else ""))
    skipped = f" ({len(placeholders)} placeholder, skipped)" if placeholders else ""
    print(f"  rows       {len(page.rows)}{skipped}")
    print(f"  kind       {listing_kind(page)}")
    print(f"  selector   {query}" if query else "  selector   none the page confirms (generic)")
    if page.next_request is not None:
        print(f"  next page  the data proxy's next records: POST {page.next_request.url}")
    else:
        print(
            f"  next page  link found: {page.next_page}" if page.next_page else "  next page  none"
        )
    if labels:
        print(f"  labels     {', '.join(labels)}")
    print(f"  name       {name}" + ("" if named else "  (--name to change)"))


def _print_sample(where: str, sample: Sample, site: Site) -> list[str]:
    """Show one fetched sample article (stored as `where`); what looks wrong with it."""
    from newsarchive.extract import extract_article, is_listing_page, make_selector

    print(f"{where:<10} {sample.row_url}")
    page = sample.page
    assert page is not None
    record = extract_article(page.body, page.url, site, headers=page.headers, now=page.fetched_at)
    sample.record = record
    for label, key in (
        ("title", "title"),
        ("date", "published_at"),
        ("author", "author"),
        ("source", "source"),
    ):
        print(f"  {label:<10} {record.get(key) or '-'}")
    body = record.get("body") or ""
    paragraphs = len([p for p in body.split("\n\n") if p.strip()])
    print(f"  {'body':<10} {plural(paragraphs, 'paragraph')}, {len(body)} characters")
    wrong = []
    for key, words in (("title", "no title"), ("published_at", "no date"), ("body", "no body")):
        if not record.get(key):
            wrong.append(f"{where}: {words}")
    if record.get("defects"):
        wrong.append(f"{where}: defects: {', '.join(record['defects'])}")
    if any(REPLACEMENT in v for v in _strings(record)):
        wrong.append(f"{where}: U+FFFD in the record (the page was decoded wrongly)")
    if page.url != sample.row_url:
        print(f"  {'moved to':<10} {page.url}")
    if is_listing_page(make_selector(page.body, page.headers), page.url):
        wrong.append(f"{where}: looks like a listing, not an article (the crawl skips it)")
    return wrong


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" if line else "" for line in text.splitlines())


# --- site check -----------------------------------------------------------------------------

_ABSENT = object()


def differences(expected: Any, got: Any, path: str = "") -> list[str]:
    """`field: expected … got …` for each value that differs, fields named by their path
    (`rows[3].title`); lists of records that differ in length by their counts.

    >>> differences({"title": "a", "rows": [{"url": "u"}]}, {"title": "b", "rows": []})
    ['rows: expected 1 item got 0 items', 'title: expected "a" got "b"']
    """
    if isinstance(expected, dict) and isinstance(got, dict):
        out = []
        for key in sorted(set(expected) | set(got)):
            here = f"{path}.{key}" if path else str(key)
            out += differences(expected.get(key, _ABSENT), got.get(key, _ABSENT), here)
        return out
    if isinstance(expected, list) and isinstance(got, list):
        records = any(isinstance(v, dict) for v in (*expected, *got))
        if records and len(expected) != len(got):
            return [
                f"{path}: expected {plural(len(expected), 'item')} got {plural(len(got), 'item')}"
            ]
        if records:
            out = []
            for i, (a, b) in enumerate(zip(expected, got, strict=True)):
                out += differences(a, b, f"{path}[{i}]")
            return out
    if expected == got:
        return []

    def shown(value: Any) -> str:
        return "(absent)" if value is _ABSENT else shorten(value)

    return [f"{path}: expected {shown(expected)} got {shown(got)}"]


def cmd_check(args: argparse.Namespace) -> int:
    from newsarchive.extract.fixtures import site_cases
    from newsarchive.sites import SiteListError, UnknownSiteError

    try:
        registry = registry_arg(args)
    except SiteListError as exc:
        return error(str(exc))
    data = data_dir_arg(args)
    if args.slugs:
        slugs = list(dict.fromkeys(args.slugs))
        for slug in slugs:
            try:
                site = registry.get(slug)
            except UnknownSiteError as exc:
                return error(f"site check: {exc}")
            if not args.live and not site_cases(data.fixtures(slug), site):
                return error(
                    f"site check: no stored pages for {slug!r} in {data.fixtures(slug)} "
                    "(`newsarchive site add` stores them; --live checks its start URLs)"
                )
        skipped: list[str] = []
    else:
        stored = [s for s in registry.listed if site_cases(data.fixtures(s), registry.sites[s])]
        slugs = registry.listed if args.live else stored
        skipped = [s for s in registry.listed if s not in slugs]
        if not slugs:
            where = registry.file if registry.listed else f"{registry.file} (no sites listed)"
            print(f"site check: no listed site has stored pages; {where}")
            return EXIT_OK
    failed = False
    for slug in slugs:
        lines, ok = _check_site(registry.sites[slug], data.fixtures(slug), live=args.live)
        for line in lines:
            print(line)
        failed |= not ok
    if skipped:
        print(f"not checked (no stored pages): {', '.join(skipped)}")
    return EXIT_FAILED if failed else EXIT_OK


def _check_site(site: Site, folder: Path, *, live: bool) -> tuple[list[str], bool]:
    """The report lines for one site, and whether it passed."""
    from newsarchive.extract import extract_article
    from newsarchive.extract.fixtures import site_cases
    from newsarchive.extract.html import decode
    from newsarchive.extract.listing import read_listing_answer
    from newsarchive.extract.script_rows import api_page_url

    slug = site.slug
    problems: list[str] = []
    notes: list[str] = []
    cases = site_cases(folder, site)
    for case in cases:
        try:
            found = differences(case.expected, case.extract())
        except (OSError, ValueError, KeyError) as exc:
            problems.append(f"{slug}/{case.name}: cannot read the stored page: {exc}")
            continue
        problems += _capped(f"{slug}/{case.name}", found)
    fetched = 0
    if live:
        fetcher = _Polite(site.download_delay)
        for case in cases:
            if case.kind != "article":
                continue  # a listing's rows change every day; its start URL is checked below
            try:
                stored, url = case.expected, case.meta["url"]
                page = fetcher.get(url)
            except FetchError as exc:
                problems.append(f"{slug}/{case.name}: live: {exc}")
                continue
            except (OSError, ValueError, KeyError) as exc:
                problems.append(f"{slug}/{case.name}: cannot read the stored page: {exc}")
                continue
            fetched += 1
            now = extract_article(
                page.body, page.url, site, headers=page.headers, now=page.fetched_at
            )
            drift = differences(
                {k: stored.get(k) for k in LIVE_FIELDS}, {k: now.get(k) for k in LIVE_FIELDS}
            )
            problems += _capped(f"{slug}/{case.name}: live", drift)
        for channel in site.channels:
            if not is_http_url(channel.url):
                notes.append(f"{slug}: {channel.url}: a path of a bundled site, not fetched")
                continue
            # a column an API holds is checked at the API's first page
            api = site.listing.api
            url = api_page_url(api, channel.url, 1) if api is not None else channel.url
            try:
                page = fetcher.get(url)
            except FetchError as exc:
                problems.append(f"{slug}: live: {exc}")
                continue
            text = decode(page.body, page.headers)
            rows = read_listing_answer(text, page.url, site, channel_url=channel.url).rows
            line = f"{slug}: {channel.url}: {plural(len(rows), 'row')}"
            if rows:
                notes.append(line)
            else:
                problems.append(f"{line} (the listing reader finds no article rows)")
    if problems:
        return [*notes, *problems], False
    checked = [plural(len(cases), "stored page")]
    if live:
        checked.append(
            f"live: {plural(fetched, 'page')} and {plural(len(site.channels), 'start URL')}"
        )
    return [*notes, f"{slug}: ok ({'; '.join(checked)})"], True


def _capped(where: str, found: list[str]) -> list[str]:
    shown = [f"{where}: {line}" for line in found[:MAX_DIFFERENCES]]
    if len(found) > MAX_DIFFERENCES:
        shown.append(f"{where}: … and {len(found) - MAX_DIFFERENCES} more")
    return shown
