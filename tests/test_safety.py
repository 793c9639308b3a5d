"""Safe on the open web: a crawler that only reads what it should, ends by itself, and writes
only its own files. Against the project's own hostile server (tests/mockserver.py: HostileSite)
on 127.0.0.1, each answer small and immediate; the whole crawls are marked `crawl`."""

from __future__ import annotations

import errno
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from newsarchive import safefiles, statkeys
from newsarchive.datadir import DataDir
from newsarchive.middlewares.failures import failure_reason
from newsarchive.middlewares.safety import FetchGuardMiddleware, FetchPolicy, Refused
from newsarchive.redact import MaskSecrets, mask_secrets
from newsarchive.seen import release_store
from newsarchive.server import LocalSite, demo_site_root
from newsarchive.spiders.archive import ArchiveSpider
from newsarchive.spiders.sites import SPIDERS
from tests.conftest import read_jsonl, run_cli
from tests.mockserver import HostileSite, hostile_sites_toml, redis_server
from tests.test_archive import make_record, write_lines
from tests.test_crawl_e2e import archive_lines, check_archive

REPO = Path(__file__).resolve().parent.parent
BASE = "http://127.0.0.1:8101"
TODAY = datetime.now(UTC).date().isoformat()


# --- 1. only the web, only the site ---------------------------------------------------------------


def test_the_policy_allows_the_site_and_refuses_the_rest_by_name() -> None:
    policy = FetchPolicy.for_site(["127.0.0.1", "localhost"], [f"{BASE}/dongtai/index.html"])
    verdicts = {
        f"{BASE}/a.html": None,
        "https://127.0.0.1/a.html": "offsite",  # another port (443): another service
        "file:///etc/passwd": "scheme",
        "data:text/html,<h1>x</h1>": "scheme",
        "ftp://127.0.0.1/x": "scheme",
        "s3://bucket/key": "scheme",
        "http://169.254.169.254/latest/meta-data/": "offsite",
        "http://127.0.0.1:6379/": "offsite",
        "http://[::1]:8101/": "offsite",
        "http://localhost:8101/a.html": "private_address",
        "http://[::1/x.html": "bad_link",
        "http:///nohost": "bad_link",
        "http://127.0.0.1:99999/": "bad_link",
    }
    assert {url: policy.check(url) for url in verdicts} == verdicts


def test_a_public_site_keeps_to_its_domains_and_off_private_addresses() -> None:
    policy = FetchPolicy.for_site([], ["https://www.jiading.gov.cn/xwzx/index.html"])
    assert policy.check("https://www.jiading.gov.cn/a.html") is None
    # the start URL's www. stands for the domain: its bare name and subdomains are the site
    assert policy.check("http://jiading.gov.cn/a.html") is None
    assert policy.check("https://xxgk.jiading.gov.cn/a.html") is None
    assert policy.check("https://www.gov.cn/a.html") == "offsite"
    assert policy.check("https://evil.example/jiading.gov.cn") == "offsite"
    assert policy.check("http://10.0.0.5/") == "offsite"
    listed = FetchPolicy.for_site(["jiading.gov.cn", "10.0.0.5"], ["https://www.jiading.gov.cn/"])
    # a private address is refused even where the profile lists it: the site does not live there
    assert listed.check("http://10.0.0.5/a.html") == "private_address"
    # www.gov.cn is a site; gov.cn is every government office
    assert FetchPolicy.for_site([], ["http://www.gov.cn/"]).check("http://mps.gov.cn/") == (
        "offsite"
    )


def test_the_handlers_that_reach_past_the_web_are_off() -> None:
    from newsarchive import settings

    assert settings.DOWNLOAD_HANDLERS == {"file": None, "data": None, "ftp": None, "s3": None}
    middlewares = settings.DOWNLOADER_MIDDLEWARES
    assert middlewares["newsarchive.middlewares.safety.FetchGuardMiddleware"] < 100  # robots.txt
    assert middlewares["scrapy.downloadermiddlewares.offsite.OffsiteMiddleware"] is None


class Middleware:
    """The FetchGuardMiddleware of a demo crawl served at BASE, with a stand-in resolver."""

    def __init__(self, tmp_path: Path, addresses: dict[str, str] | None = None) -> None:
        crawler = get_crawler(SPIDERS["demo"], {"NEWSARCHIVE_DATA_DIR": str(tmp_path)})
        crawler._apply_settings()
        crawler.spider = crawler._create_spider(base_url=BASE)
        self.crawler = crawler
        self.lookups: list[str] = []

        async def resolve(host: str) -> str | None:
            self.lookups.append(host)
            return (addresses or {}).get(host)

        self.mw = FetchGuardMiddleware(crawler, resolve)

    def check(self, request: scrapy.Request) -> str | None:
        import asyncio

        try:
            asyncio.run(self.mw.process_request(request))
        except Refused as exc:
            return exc.reason
        return None

    def skipped(self) -> dict[str, int]:
        assert self.crawler.stats is not None
        return statkeys.grouped(self.crawler.stats.get_stats(), statkeys.SKIPPED)

    def close(self) -> None:
        release_store(self.crawler)


@pytest.fixture
def middleware(tmp_path: Path) -> Iterator[Middleware]:
    mw = Middleware(tmp_path, {"localhost": "127.0.0.1", "news.example.cn": "10.1.2.3"})
    yield mw
    mw.close()


def test_every_redirect_hop_is_checked_whatever_dont_filter_says(middleware: Middleware) -> None:
    # RedirectMiddleware's next hop: a new request carrying the first one's dont_filter
    hop = scrapy.Request(
        "http://127.0.0.1:6379/",
        dont_filter=True,
        meta={"redirect_urls": [f"{BASE}/a.html"]},
    )
    assert middleware.check(hop) == "offsite"
    assert middleware.check(scrapy.Request(f"{BASE}/a.html", dont_filter=True)) is None
    assert middleware.check(scrapy.Request("file:///dev/zero", dont_filter=True)) == "scheme"
    assert middleware.skipped() == {"offsite": 1, "scheme": 1}


def test_a_name_is_checked_by_the_address_it_resolves_to(tmp_path: Path) -> None:
    mw = Middleware(tmp_path, {"intranet.127.0.0.1": "10.1.2.3"})
    try:
        policy = FetchPolicy.for_site(["example.cn"], [f"{BASE}/"])
        mw.mw.policy = policy
        addresses = {"www.example.cn": "93.184.216.34", "intranet.example.cn": "10.1.2.3"}

        async def resolve(host: str) -> str | None:
            return addresses.get(host)

        mw.mw.resolve = resolve
        assert mw.check(scrapy.Request("http://www.example.cn/a.html")) is None
        assert mw.check(scrapy.Request("http://intranet.example.cn/a.html")) == "private_address"
        # an address that cannot be looked up fails as a DNS error of its own, later
        assert mw.check(scrapy.Request("http://gone.example.cn/a.html")) is None
    finally:
        mw.close()


def test_a_redirect_scrapy_will_not_follow_is_refused_by_name(middleware: Middleware) -> None:
    request = scrapy.Request(f"{BASE}/redir.html")
    response = Response(request.url, status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(Refused) as refused:
        middleware.mw.process_response(request, response)
    assert refused.value.reason == "scheme"
    ok = Response(request.url, status=302, headers={"Location": "/b.html"})
    assert middleware.mw.process_response(request, ok) is ok


def test_a_decompression_bomb_fails_as_too_large() -> None:
    # HttpCompressionMiddleware's words when a body inflates past DOWNLOAD_MAXSIZE
    message = (
        "Ignored response <200 http://127.0.0.1/bomb.html> because its body (65250 B "
        "compressed, 16777216 B decompressed so far) exceeded DOWNLOAD_MAXSIZE (16777216 B) "
        "during decompression."
    )
    assert failure_reason(Failure(IgnoreRequest(message))) == "too_large"
    assert failure_reason(Failure(Refused("http://x/", "offsite"))) == "offsite"


# --- 2. a bad link is one skipped row; 3. every crawl ends by itself (crawl policy) ---------------


@pytest.fixture
def spider(tmp_path: Path) -> Iterator[ArchiveSpider]:
    crawler = get_crawler(SPIDERS["demo"], settings_dict={"NEWSARCHIVE_DATA_DIR": str(tmp_path)})
    crawler._apply_settings()
    spider: ArchiveSpider = crawler._create_spider(base_url=BASE)
    crawler.spider = spider
    yield spider
    release_store(crawler)


def listing(url: str, rows: list[tuple[str, str]], next_page: str | None) -> HtmlResponse:
    items = "".join(
        f'<li><a href="{h}">{t}</a><span class="date">2024-01-01</span></li>' for h, t in rows
    )
    nxt = f'<a class="next" href="{next_page}">下一页</a>' if next_page else ""
    html = f'<html><body><ul class="list">{items}</ul>{nxt}</body></html>'
    return HtmlResponse(url, body=html.encode(), encoding="utf-8")


def followed(
    spider: ArchiveSpider, response: HtmlResponse, page: int = 1
) -> tuple[list[str], list[str]]:
    out = list(spider.parse_listing(response, "区县动态", page))
    articles = [r.url for r in out if r.callback == spider.parse_article]
    listings = [r.url for r in out if r.callback == spider.parse_listing]
    return articles, listings


def skipped(spider: ArchiveSpider) -> dict[str, int]:
    assert spider.crawler.stats is not None
    return statkeys.grouped(spider.crawler.stats.get_stats(), statkeys.SKIPPED)


def test_a_bad_link_is_one_skipped_row_and_the_page_goes_on(spider: ArchiveSpider) -> None:
    rows = [
        ("/a/1.html", "第一条正常新闻的标题"),
        ("http://[::1/x.html", "坏掉的链接的新闻标题"),
        ("java\tscript:alert(1)", "脚本链接的新闻标题"),
        ("javascript:void(0)", "脚本链接的新闻标题二"),
        ("file:///etc/passwd", "本地文件链接的新闻标题"),
        ("//127.0.0.1:6379/x.html", "协议相对链接的新闻标题"),
        ("/a/2.html", "第二条正常新闻的标题"),
    ]
    response = listing(f"{BASE}/dongtai/index.html", rows, "/dongtai/index_1.html")
    articles, listings = followed(spider, response)
    assert articles == [f"{BASE}/a/1.html", f"{BASE}/a/2.html"]
    assert listings == [f"{BASE}/dongtai/index_1.html"]
    assert skipped(spider) == {"bad_link": 1, "scheme": 1, "offsite": 1}


def test_a_bad_next_page_link_is_counted_not_raised(spider: ArchiveSpider) -> None:
    response = listing(
        f"{BASE}/dongtai/index.html", [("/a/1.html", "一条正常新闻的标题")], "http://[::1/2"
    )
    articles, listings = followed(spider, response)
    assert (articles, listings) == ([f"{BASE}/a/1.html"], [])
    assert skipped(spider) == {"bad_link": 1}


def test_a_page_with_no_row_new_to_this_run_ends_its_channel(spider: ArchiveSpider) -> None:
    rows = [(f"/cal/{k}.html", f"日历上的第{k}条新闻标题") for k in range(6)]
    spider.full_pass = True  # a trap is a trap in a --full pass too
    first = listing(f"{BASE}/cal/2024-01-01.html", rows, "/cal/2024-01-02.html")
    assert followed(spider, first)[1] == [f"{BASE}/cal/2024-01-02.html"]
    again = listing(f"{BASE}/cal/2024-01-02.html", rows, "/cal/2024-01-03.html")
    assert followed(spider, again, 2) == ([], [])
    assert spider.stopped_channels == [
        {"channel": "区县动态", "url": again.url, "page": 2, "reason": "no_new_rows"}
    ]
    assert spider.crawler.stats.get_value(statkeys.LISTING_STOPPED_NO_NEW) == 1  # type: ignore[union-attr]


def test_a_first_run_has_a_page_cap_that_a_site_or_the_flag_raises(tmp_path: Path) -> None:
    from dataclasses import replace

    from newsarchive.sites.base import ListingRules
    from newsarchive.spiders.sites import spider_class

    def cap(site_pages: int | None = None, flag: int | None = None, **settings: Any) -> Any:
        site = SPIDERS["demo"].profile
        assert site is not None
        site = replace(site, listing=replace(site.listing, max_pages=site_pages))
        cls = spider_class(site)
        crawler = get_crawler(cls, {"NEWSARCHIVE_DATA_DIR": str(tmp_path), **settings})
        crawler._apply_settings()
        kwargs = {"max_pages": flag} if flag else {}
        made = cls.from_crawler(crawler, base_url=BASE, **kwargs)
        release_store(crawler)
        return made.max_pages

    from newsarchive import settings

    assert ListingRules().max_pages is None
    assert settings.NEWSARCHIVE_MAX_PAGES_DEFAULT == 100
    assert cap() == 100
    assert cap(site_pages=400) == 400
    assert cap(site_pages=400, flag=1000) == 1000
    assert cap(NEWSARCHIVE_MAX_PAGES_DEFAULT=0) is None


def test_the_page_cap_is_reported(spider: ArchiveSpider) -> None:
    spider.max_pages = 2
    rows = [(f"/e/{k}.html", f"无尽列表的第{k}条新闻") for k in range(6)]
    response = listing(f"{BASE}/e/2.html", rows, "/e/3.html")
    assert followed(spider, response, 2)[1] == []
    assert spider.stopped_channels == [
        {"channel": "区县动态", "url": response.url, "page": 2, "reason": "page_cap"}
    ]
    assert spider.crawler.stats.get_value(statkeys.LISTING_STOPPED_CAP) == 1  # type: ignore[union-attr]


def test_the_printed_summary_names_each_channel_a_cap_or_a_trap_stopped() -> None:
    from newsarchive.cli.crawl import format_summary

    stops = [
        {"channel": "区县动态", "url": f"{BASE}/e/2.html", "page": 2, "reason": "page_cap"},
        {"channel": None, "url": f"{BASE}/cal/2.html", "page": 2, "reason": "no_new_rows"},
    ]
    text = format_summary({"site": "demo", "stopped_channels": stops})
    assert (
        f"  stopped: 区县动态 at page 2 ({BASE}/e/2.html): the page cap (--max-pages N or the "
        "site's max_pages raises it)\n"
    ) in text
    assert (
        f"  stopped: at page 2 ({BASE}/cal/2.html): it brought no row new to this run (a "
        "pagination trap?)\n"
    ) in text


# --- 1, 2, 3, 8 against the hostile server --------------------------------------------------------


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[tuple[HostileSite, LocalSite, Path]]:
    """The hostile server, an innocent neighbour on another port of 127.0.0.1 (the victim),
    and the user's site list naming the hostile server's listings."""
    (tmp_path / "site").mkdir()
    (tmp_path / "victim").mkdir()
    with LocalSite(tmp_path / "victim") as victim:
        port = int(victim.url.rsplit(":", 1)[1])
        with HostileSite(tmp_path / "site", port) as site:
            sites = tmp_path / "sites.toml"
            sites.write_text(hostile_sites_toml(site.url), "utf-8")
            yield site, victim, sites


def crawl_sites(sites: Path, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(
        "crawl",
        *args,
        "--sites",
        str(sites),
        "--data-dir",
        str(data),
        "-s",
        "DOWNLOAD_TIMEOUT=5",
        timeout=120,
    )


def runs(data: Path) -> dict[str, dict[str, Any]]:
    return {run["site"]: run for run in read_jsonl(data / "state" / "runs.jsonl")}


@pytest.mark.crawl
def test_a_hostile_listing_fetches_only_the_site(
    hostile: tuple[HostileSite, LocalSite, Path], tmp_path: Path
) -> None:
    site, victim, sites = hostile
    data = tmp_path / "data"
    started = time.monotonic()
    result = crawl_sites(sites, data, "hostile", "--warc")
    took = time.monotonic() - started
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert took < 60
    # nothing reached another port, nor this server under another name
    assert victim.requests == []
    requested = set(site.requests)
    assert requested == {
        "/robots.txt",
        "/hostile/index.html",
        "/hostile/index_2.html",
        *(f"/art/h{n}.html" for n in range(1, 7)),
        *(f"/redir/{n}.html" for n in ("file", "victim", "chain", "metadata", "localhost", "ok")),
        "/bomb.html",
    }
    run = runs(data)["hostile"]
    # file, dev/zero, data:, ftp: and the redirect to file:; 169.254.169.254, the victim
    # twice, ::1, and the victim and metadata redirects (one of them in two hops); localhost
    # as a row and as a redirect; a malformed row and a malformed next page
    assert run["skipped"] == {"scheme": 5, "offsite": 7, "private_address": 2, "bad_link": 2}
    assert run["failed"] == {"too_large": 1}
    assert run["failed_urls"] == [f"{site.url}/bomb.html"]
    records = archive_lines_of(data, "hostile")
    # every article of both pages, the one reached by a redirect inside the site included
    assert sorted(r["url"] for r in records) == sorted(
        f"{site.url}/art/h{n}.html" for n in range(1, 7)
    )
    # the raw archive holds this server's answers only, and no file from this machine
    from warcio.archiveiterator import ArchiveIterator

    targets = set()
    for path in (data / "warc" / "hostile").glob("*.warc.gz"):
        with path.open("rb") as f:
            for record in ArchiveIterator(f):
                if record.rec_type in ("request", "response"):
                    targets.add(record.rec_headers.get_header("WARC-Target-URI"))
                    assert b"root:x:0:0" not in record.content_stream().read()
    assert targets and all(t.startswith(site.url + "/") for t in targets), targets


def archive_lines_of(data: Path, slug: str) -> list[dict[str, Any]]:
    return [r for f in sorted((data / "archive" / slug).glob("*.jsonl")) for r in read_jsonl(f)]


@pytest.mark.crawl
def test_pagination_traps_end_by_themselves_and_the_summary_says_so(
    hostile: tuple[HostileSite, LocalSite, Path], tmp_path: Path
) -> None:
    site, _, sites = hostile
    data = tmp_path / "data"
    cap = ["-s", "NEWSARCHIVE_MAX_PAGES_DEFAULT=4"]
    result = crawl_sites(sites, data, "calendar", "endless", *cap)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    by_site = runs(data)
    assert by_site["calendar"]["stopped_channels"] == [
        {
            "channel": None,
            "url": f"{site.url}/calendar/2024-01-02.html",
            "page": 2,
            "reason": "no_new_rows",
        }
    ]
    assert by_site["endless"]["stopped_channels"] == [
        {"channel": None, "url": f"{site.url}/endless/4.html", "page": 4, "reason": "page_cap"}
    ]
    assert by_site["endless"]["records_written"] == 4 * 6
    # the flag raises the cap; a --full pass ends at a trap all the same
    again = crawl_sites(sites, data, "calendar", "endless", *cap, "--full", "--max-pages", "6")
    assert again.returncode == 0, again.stderr[-3000:]
    last = {r["site"]: r for r in read_jsonl(data / "state" / "runs.jsonl")[-2:]}
    assert last["endless"]["stopped_channels"][0]["page"] == 6
    assert last["endless"]["records_written"] == 2 * 6
    assert last["calendar"]["stopped_channels"][0]["reason"] == "no_new_rows"
    assert not [p for p in site.requests if p.startswith("/calendar/2024-01-03")]


# --- 4. writes stay inside the data dir -----------------------------------------------------------


def test_a_link_anywhere_below_the_data_dir_is_refused(tmp_path: Path) -> None:
    root, outside = tmp_path / "data", tmp_path / "elsewhere"
    outside.mkdir()
    target = outside / "important.txt"
    target.write_bytes(b"keep me\n")
    (root / "archive" / "demo").mkdir(parents=True)
    link = root / "archive" / "demo" / "today.jsonl"
    link.symlink_to(target)
    with pytest.raises(safefiles.UnsafePathError) as refused:
        safefiles.open_append(root, link)
    assert str(refused.value) == (
        f"refusing to write through {link}: it is a symbolic link (the data dir's own files "
        "never are; remove it)"
    )
    (root / "warc").symlink_to(outside, target_is_directory=True)
    with pytest.raises(safefiles.UnsafePathError, match="warc: it is a symbolic link"):
        safefiles.open_new(root, root / "warc" / "demo" / "x.warc.gz.open")
    dangling = root / "archive" / "demo" / "dangling.jsonl"
    dangling.symlink_to(outside / "not-yet")
    with pytest.raises(safefiles.UnsafePathError):
        safefiles.open_append(root, dangling)
    fifo = root / "archive" / "demo" / "fifo.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(safefiles.UnsafePathError, match="not a regular file"):
        safefiles.open_append(root, fifo)  # a FIFO would block forever
    with pytest.raises(safefiles.UnsafePathError):
        safefiles.check_tree(root, root / "warc" / "demo" / "x")
    assert target.read_bytes() == b"keep me\n" and sorted(outside.iterdir()) == [target]
    # the data dir itself may be a link: where the data lives is its owner's choice
    alias = tmp_path / "alias"
    alias.symlink_to(root, target_is_directory=True)
    with safefiles.open_append(alias, alias / "state" / "runs.jsonl") as f:
        f.write(b"{}\n")
    assert (root / "state" / "runs.jsonl").read_bytes() == b"{}\n"


def test_the_seen_state_and_repair_refuse_a_link(tmp_path: Path) -> None:
    from newsarchive.seen.sqlite import SeenStore
    from newsarchive.warc.repair import repair_open_files

    data, outside = DataDir(tmp_path / "data"), tmp_path / "db.bin"
    outside.write_bytes(b"precious" * 100)
    data.state.mkdir(parents=True)
    data.seen_db.symlink_to(outside)
    with pytest.raises(safefiles.UnsafePathError):
        SeenStore(data.seen_db, root=data.root)
    data.seen_db.unlink()
    (data.state / "seen.sqlite3-wal").symlink_to(outside)
    with pytest.raises(safefiles.UnsafePathError):
        SeenStore(data.seen_db, root=data.root)
    data.warc("demo").mkdir(parents=True)
    (data.warc("demo") / "x.warc.gz.open").symlink_to(outside)
    with pytest.raises(safefiles.UnsafePathError):
        repair_open_files(data, "demo")
    assert outside.read_bytes() == b"precious" * 100


PLANTED = {
    # what is planted (relative to the data dir), as a link to a file outside it
    "archive file": f"archive/demo/{TODAY}.jsonl",
    "archive folder": "archive/demo",
    "open WARC file": "warc/demo/x.warc.gz.open",
    "lock": "state/locks/demo.lock",
    "site log": f"logs/demo/{TODAY}.log",
    "run log": "state/runs.jsonl",
    "seen-state": "state/seen.sqlite3",
    "torn folder": "state/torn/demo",
}


def crawl_with_a_planted_link(
    tmp_path: Path, what: str
) -> tuple[subprocess.CompletedProcess[str], Path, Path, dict[Path, bytes]]:
    """A demo crawl with PLANTED[what] a link out of the data dir: (the result, the data dir,
    the link, what the files outside held before)."""
    data, outside = tmp_path / "data", tmp_path / "elsewhere"
    outside.mkdir()
    target = outside / "important.bin"
    target.write_bytes(b"line one\nline two\n")
    (outside / "folder").mkdir()
    link = data / PLANTED[what]
    link.parent.mkdir(parents=True)
    folder = what.endswith("folder")
    link.symlink_to(outside / "folder" if folder else target, target_is_directory=folder)
    if what == "torn folder":
        # a torn last line for recovery to set aside into the linked folder
        write_lines(data / "archive" / "demo" / "2026-01-01.jsonl", [make_record(1)])
        with (data / "archive" / "demo" / "2026-01-01.jsonl").open("ab") as f:
            f.write(b'{"url": "cut')
    before = {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    with LocalSite(demo_site_root()) as site:
        result = run_cli("crawl", "demo", "--base-url", site.url, "--data-dir", str(data))
    return result, data, link, before


@pytest.mark.crawl
@pytest.mark.parametrize("what", list(PLANTED))
def test_a_planted_link_is_refused_and_its_target_untouched(tmp_path: Path, what: str) -> None:
    result, data, link, before = crawl_with_a_planted_link(tmp_path, what)
    if what != "run log":  # that crawl itself finishes; only its summary has nowhere to go
        assert result.returncode in (1, 2), result.stdout + result.stderr
    outside = tmp_path / "elsewhere"
    after = {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    assert after == before, "a file outside the data dir was written through a link"
    assert link.is_symlink()
    runs_file = data / "state" / "runs.jsonl"
    if what not in ("run log", "seen-state"):
        assert read_jsonl(runs_file)[-1]["finish_reason"] == "unsafe_path"
        assert str(link) in read_jsonl(runs_file)[-1]["message"]


@pytest.mark.crawl
@pytest.mark.parametrize("what", ["archive file", "run log", "seen-state"])
def test_a_planted_link_is_one_line_on_stderr(tmp_path: Path, what: str) -> None:
    result, _, link, _ = crawl_with_a_planted_link(tmp_path, what)
    assert result.returncode in (1, 2)
    [line] = result.stderr.splitlines()
    assert "symbolic link" in line and str(link) in line
    assert "Traceback" not in result.stderr + result.stdout


# --- 5. exports are safe to open ------------------------------------------------------------------


def test_csv_cells_a_spreadsheet_would_evaluate_are_neutralised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsarchive import cli

    titles = ['=HYPERLINK("http://evil.example","点我")', "+1", "-1", "@SUM(A1)", "\t=1", "平常"]
    write_lines(
        tmp_path / "archive" / "demo" / "2026-01-01.jsonl",
        [make_record(n, title=t, author="=cmd|' /C calc'!A0") for n, t in enumerate(titles, 1)],
    )
    out = tmp_path / "out.csv"
    assert cli.main(["export", str(out), "--data-dir", str(tmp_path)]) == 0
    text = out.read_bytes()
    assert not text.startswith(b"\xef\xbb\xbf")
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(text.decode("utf-8"))))
    assert [r["title"] for r in rows] == [
        '\'=HYPERLINK("http://evil.example","点我")',
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\t=1",
        "平常",
    ]
    assert {r["author"] for r in rows} == {"'=cmd|' /C calc'!A0"}
    excel = tmp_path / "excel.csv"
    assert cli.main(["export", str(excel), "--excel", "--data-dir", str(tmp_path)]) == 0
    assert excel.read_bytes() == b"\xef\xbb\xbf" + text
    raw = tmp_path / "raw.csv"
    assert cli.main(["export", str(raw), "--keep-formulas", "--data-dir", str(tmp_path)]) == 0
    assert [r["title"] for r in csv.DictReader(io.StringIO(raw.read_text("utf-8")))] == titles
    capsys.readouterr()
    assert (
        cli.main(["export", str(tmp_path / "x.parquet"), "--excel", "--data-dir", str(tmp_path)])
        == 2
    )
    assert capsys.readouterr().err == (
        f"newsarchive: --excel is for CSV exports; {tmp_path / 'x.parquet'} is parquet\n"
    )


# --- 6. secrets never printed ---------------------------------------------------------------------


def test_credentials_in_urls_are_masked_in_text_and_log_records() -> None:
    assert mask_secrets("redis://:s3cretPW@10.0.0.5:6379/0") == "redis://:***@10.0.0.5:6379/0"
    assert mask_secrets("redis://default:s3cretPW@h/0") == "redis://default:***@h/0"
    assert mask_secrets("unix://:pw@/run/redis.sock?db=0") == "unix://:***@/run/redis.sock?db=0"
    import logging

    record = logging.LogRecord(
        "scrapy.crawler",
        logging.INFO,
        __file__,
        1,
        "Overridden settings:\n%(settings)s",
        ({"settings": {"REDIS_URL": "redis://:s3cretPW@10.0.0.5:6379/0"}},),
        None,
    )
    assert MaskSecrets().filter(record)
    assert "s3cretPW" not in record.getMessage() and ":***@10.0.0.5" in record.getMessage()


@pytest.mark.crawl
def test_a_redis_password_is_never_printed_when_redis_cannot_be_reached(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"redis://:s3cretPW@127.0.0.1:{port}/0"
    result = run_cli("crawl", "demo", "--redis", url, "--data-dir", str(tmp_path))
    assert result.returncode == 1
    assert "s3cretPW" not in result.stdout + result.stderr
    assert f"redis://:***@127.0.0.1:{port}/0" in result.stderr
    bad = run_cli("crawl", "demo", "--redis", "http://:s3cretPW@h/0", "--data-dir", str(tmp_path))
    assert bad.returncode == 2 and "s3cretPW" not in bad.stderr


@pytest.fixture
def redis_with_password(tmp_path: Path) -> Iterator[str]:
    if shutil.which("redis-server") is None:
        pytest.skip("no Redis: install Debian's redis-server")
    with redis_server(tmp_path, password="s3cretPW") as url:
        yield f"{url}/0"


@pytest.mark.crawl
def test_a_redis_password_is_in_no_log_summary_or_report(
    redis_with_password: str, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    with LocalSite(demo_site_root()) as site:
        result = run_cli(
            "crawl",
            "demo",
            "--base-url",
            site.url,
            "--data-dir",
            str(data),
            "-v",
            "--redis",
            redis_with_password,
            "-s",
            "NEWSARCHIVE_REDIS_IDLE=1",
            "-s",
            "NEWSARCHIVE_REDIS_HEARTBEAT=0.5",
        )
    assert result.returncode == 0, result.stderr[-3000:]
    report = run_cli("report", "--out", str(tmp_path / "report.html"), "--data-dir", str(data))
    assert report.returncode == 0, report.stderr
    written = [p.read_text("utf-8") for p in data.rglob("*") if p.suffix in (".log", ".jsonl")]
    everything = "".join([result.stdout, result.stderr, report.stderr, *written])
    everything += (tmp_path / "report.html").read_text("utf-8")
    assert "s3cretPW" not in everything
    assert "INFO: Spider closed (finished)" in result.stderr  # the log was on stderr (-v)


# --- 7. disk full is one line ---------------------------------------------------------------------


class FullDisk:
    """A file object on a disk with room for `room` more bytes."""

    def __init__(self, inner: Any, room: int) -> None:
        self.inner, self.room = inner, room

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        if len(chunk) > self.room:
            written = self.inner.write(chunk[: self.room])
            self.room = 0
            if written:
                return int(written)
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(chunk)
        return int(self.inner.write(chunk))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_the_writer_stops_at_the_first_full_disk_error_and_leaves_whole_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scrapy.exceptions import DropItem
    from scrapy.statscollectors import MemoryStatsCollector

    from newsarchive.items import Article
    from newsarchive.pipelines.writer import ArchiveWriterPipeline
    from newsarchive.seen.sqlite import SeenStore

    opened = safefiles._file
    monkeypatch.setattr(
        safefiles, "_file", lambda fd, mode, path, **kw: FullDisk(opened(fd, mode, path, **kw), 900)
    )
    stops: list[tuple[str, str]] = []
    store = SeenStore(tmp_path / "state" / "seen.sqlite3")
    stats = MemoryStatsCollector(get_crawler(scrapy.Spider))
    writer = ArchiveWriterPipeline(
        DataDir(tmp_path),
        store,
        stats,
        "2026-01-01",
        stop=lambda r, m: stops.append((r, m)) or True,
    )

    def item(n: int) -> Article:
        return Article(
            url=f"http://127.0.0.1/a/{n}.html",
            canonical_url=f"http://demo.localhost/a/{n}.html",
            site="demo",
            title=f"第{n}条",
            body="正文。" * 40,
            content_hash=f"{n:032x}",
        )

    written = []
    for n in range(1, 6):
        try:
            written.append(writer.process_item(item(n)))
        except DropItem as drop:
            assert drop.log_level == "DEBUG"
    writer.close_spider()
    store.close()
    path = tmp_path / "archive" / "demo" / "2026-01-01.jsonl"
    body = path.read_bytes()
    assert body.endswith(b"\n") and len(body.splitlines()) == len(written) >= 1
    assert [r for r, _ in stops] == ["disk_full"]
    assert stops[0][1].startswith(f"disk full: cannot write {path} (No space left on device)")
    assert stats.get_value(statkeys.ARCHIVED) == len(written)


def disk_full_crawl(
    site: LocalSite, data: Path, scope: str, *extra: str
) -> subprocess.CompletedProcess[str]:
    args = ["crawl", "demo", "--base-url", site.url, "--data-dir", str(data), *extra]
    return subprocess.run(
        [sys.executable, str(REPO / "tests" / "diskfull.py"), "8", scope, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=REPO,
        env={k: v for k, v in os.environ.items() if k != "NEWSARCHIVE_DATA"},
    )


@pytest.mark.crawl
@pytest.mark.parametrize("scope", ["archive", "data"])
def test_a_full_disk_stops_the_crawl_in_one_line_and_the_next_run_completes_it(
    tmp_path: Path, scope: str
) -> None:
    data = tmp_path / "data"
    with LocalSite(demo_site_root()) as site:
        full = disk_full_crawl(site, data, scope, "--warc")
        assert full.returncode == 1, full.stdout + full.stderr[-3000:]
        assert "Traceback" not in full.stdout + full.stderr
        assert "demo: disk_full" in full.stdout
        run_log = data / "state" / "runs.jsonl"
        if scope == "archive":
            [run] = read_jsonl(run_log)
            assert run["finish_reason"] == "disk_full"
            assert run["message"].startswith("disk full: cannot write ")
        else:  # no room for the run log either
            assert not run_log.exists() or not run_log.read_text().strip()
        log = next((data / "logs" / "demo").glob("*.log")).read_text("utf-8")
        assert "Traceback" not in log and log.count(" ERROR: ") <= 1
        [archive_file] = (data / "archive" / "demo").glob("*.jsonl")
        assert archive_file.read_bytes().endswith(b"\n"), "a partial line was left"
        killed = archive_lines(data)
        again = run_cli("crawl", "demo", "--base-url", site.url, "--data-dir", str(data), "--warc")
        assert again.returncode == 0, again.stdout + again.stderr[-3000:]
        assert read_jsonl(run_log)[-1]["mode"] == "resume"
        records = archive_lines(data)
        assert records[: len(killed)] == killed
        check_archive([dict(r, warc_file=None, warc_record_id=None) for r in records], site.url)
    from newsarchive.warc.reader import iter_responses

    stored = sorted((data / "warc" / "demo").glob("*.warc.gz"))
    assert stored and not list((data / "warc" / "demo").glob("*.open"))
    assert sum(1 for _ in iter_responses(stored, "demo")) > 0


@pytest.mark.crawl
@pytest.mark.parametrize("scope", ["archive", "data"])
def test_a_full_disk_is_one_line_on_stderr(tmp_path: Path, scope: str) -> None:
    with LocalSite(demo_site_root()) as site:
        full = disk_full_crawl(site, tmp_path / "data", scope)
    assert full.returncode == 1
    [line] = full.stderr.splitlines()
    assert line.startswith("newsarchive: demo: disk full: cannot write ")
    assert "(No space left on device); the crawl stops, the next run completes it" in line
    # the run log could not be written either: the same line says so
    assert ("cannot write the run summary to" in line) == (scope == "data")
    assert "  stopped early: disk full: cannot write " in full.stdout
    assert "health: not judged (the run did not finish)" in full.stdout


# --- 8. dataset tools: one line and exit 2 for any unreadable line --------------------------------


HOSTILE_LINES = {
    "deep nesting": "[" * 100_000 + "]" * 100_000,
    "a huge number": '{"a": ' + "1" * 100_001 + "}",
    "deep in an object": '{"url": ' + "[" * 50_000 + "]" * 50_000 + "}",
}


@pytest.mark.parametrize("kind", list(HOSTILE_LINES))
@pytest.mark.parametrize("command", ["stats", "export", "report"])
def test_an_unreadable_line_is_one_line_and_exit_2(tmp_path: Path, kind: str, command: str) -> None:
    path = write_lines(
        tmp_path / "archive" / "demo" / "2026-01-01.jsonl", [make_record(1), HOSTILE_LINES[kind]]
    )
    args = {
        "stats": [],
        "export": [str(tmp_path / "out.csv")],
        "report": ["--out", str(tmp_path / "r.html")],
    }
    result = run_cli(command, *args[command], "--data-dir", str(tmp_path))
    assert result.returncode == 2, result.stderr[-2000:]
    [line] = result.stderr.splitlines()
    assert line.startswith(f"newsarchive: {path}:2: ") and len(line) < 300
    validate = run_cli("validate", "--data-dir", str(tmp_path))
    assert validate.returncode == 1 and "Traceback" not in validate.stderr
    assert f"{path}:2: not" in validate.stdout
