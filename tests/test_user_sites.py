"""The user's own sites end to end: ten listed sites in one `crawl --all`, each with its own
politeness; a `--start-url` crawl re-extracted from its WARC. All served on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from benchmarks.sitegen import generate
from newsarchive.server import LocalSite
from newsarchive.sites import adhoc_slug
from tests.conftest import read_jsonl, run_cli

pytestmark = pytest.mark.crawl

SITES = 10
POLITE_DELAY = 0.3
QUICK = ["-s", "RETRY_TIMES=0", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"]


class Clocked(LocalSite):
    """A LocalSite that notes when each request arrived."""

    def __init__(self, root: Path) -> None:
        self.arrivals: list[float] = []
        self._lock = threading.Lock()
        super().__init__(root, intercept=self._note)

    def _note(self, handler: BaseHTTPRequestHandler, path: str) -> bool:
        if path != "/robots.txt":
            with self._lock:
                self.arrivals.append(time.monotonic())
        return False  # served as usual


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Clocked]]:
    sites = []
    for n in range(SITES):
        root = tmp_path_factory.mktemp(f"site{n}")
        generate(root, 100, seed=n)
        sites.append(Clocked(root).start())
    try:
        yield sites
    finally:
        for site in sites:
            site.stop()


def site_table(n: int, site: LocalSite) -> str:
    """Site 0 is the polite one (one request at a time, a delay); odd sites give the demo
    template's selectors, even ones leave everything to the generic extractor."""
    lines = [
        f"[sites.county-{n}]",
        f'name = "第{n}县人民政府"',
        f'start_urls = [{{url = "{site.url}/dongtai/index.html", name = "区县动态"}}]'
        if n == 0
        else f'start_urls = ["{site.url}/dongtai/index.html", "{site.url}/yaowen/index.html"]',
        "max_pages = 1",
        "autothrottle = false",
        f"download_delay = {POLITE_DELAY}" if n == 0 else "download_delay = 0",
        "concurrency = 1" if n == 0 else "concurrency = 4",
    ]
    if n % 2:
        lines += [
            f"[sites.county-{n}.listing]",
            'rows = "ul.list > li"',
            'row_date = "span.date"',
            f"[sites.county-{n}.article]",
            'title = ["div.article h1.title", "h2.art-title", "div.text_c h1"]',
            'body = ["div.article div.content", "div#zoom", "div#ozoom"]',
        ]
    return "\n".join(lines) + "\n"


def test_ten_listed_sites_are_crawled_by_one_quiet_crawl_all(
    served: list[Clocked], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "sites.toml").write_text(
        "# ten county portals\n\n" + "\n".join(site_table(n, s) for n, s in enumerate(served)),
        "utf-8",
    )
    result = run_cli("crawl", "--all", "-q", "--data-dir", str(data), timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert result.stdout == ""  # quiet, and every site healthy
    runs = read_jsonl(data / "state" / "runs.jsonl")
    assert sorted(r["site"] for r in runs) == sorted(f"county-{n}" for n in range(SITES))
    for run in runs:
        assert run["finish_reason"] == "finished" and run["health"] == [], run
        records = read_jsonl(next((data / "archive" / run["site"]).glob("*.jsonl")))
        assert len(records) == run["records_written"] > 0
        assert all(r["site"] == run["site"] and r["title"] and r["body"] for r in records)
    # the polite site's own delay held between its requests, while the others were fetched
    # without one. Scrapy spreads a delay over 0.5-1.5 times its value, counted from when it
    # sent the last request, so a single gap seen by the server can be shorter; the typical
    # gap cannot (a slow machine only makes gaps longer)
    gaps = sorted(b - a for a, b in zip(served[0].arrivals, served[0].arrivals[1:], strict=False))
    assert len(gaps) >= 15
    assert gaps[len(gaps) // 2] >= 0.5 * POLITE_DELAY, gaps
    assert sum(gaps) / len(gaps) >= 0.5 * POLITE_DELAY, gaps
    others = [b - a for s in served[1:] for a, b in zip(s.arrivals, s.arrivals[1:], strict=False)]
    assert min(others) < 0.5 * POLITE_DELAY


def test_a_start_url_crawl_is_reextracted_from_its_warc(
    served: list[Clocked], tmp_path: Path
) -> None:
    site = served[1]
    data, again = tmp_path / "data", tmp_path / "again"
    start = f"{site.url}/yaowen/index.html"
    crawled = run_cli(
        "crawl", "--start-url", start, "--max-pages", "1", "--warc", "--data-dir", str(data),
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0",
    )  # fmt: skip
    assert crawled.returncode == 0, crawled.stdout + crawled.stderr[-3000:]
    slug = adhoc_slug(start)
    warcs = sorted((data / "warc" / slug).glob("*.warc.gz"))
    result = run_cli("reextract", *map(str, warcs), "--out", str(again))
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]

    def records(root: Path) -> list[dict[str, Any]]:
        rows = read_jsonl(next((root / "archive" / slug).glob("*.jsonl")))
        return sorted(({k: v for k, v in r.items() if k != "crawled_at"} for r in rows), key=str)

    assert records(again) == records(data)
    assert records(data)


def test_a_first_run_that_finds_nothing_is_not_healthy(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "news").mkdir(parents=True)
    rows = "".join(
        f'<li><a href="/news/gone{n}.html">某区第{n}项重点工程顺利推进并取得阶段性成果</a>'
        f"<span>2022-08-{n + 10:02d}</span></li>"
        for n in range(8)
    )
    page = "<html><head><title>{t}</title></head><body><h1>{t}</h1>{b}</body></html>"
    (root / "news" / "empty.html").write_text(
        page.format(t="通知公告", b="<p>本栏目暂无信息。</p>"), "utf-8"
    )
    (root / "news" / "dead.html").write_text(
        page.format(t="区级动态", b=f'<ul class="list">{rows}</ul>'), "utf-8"
    )
    with LocalSite(root) as site:
        empty = run_cli("crawl", "--start-url", f"{site.url}/news/empty.html",
                        "--data-dir", str(tmp_path / "a"), *QUICK)  # fmt: skip
        dead = run_cli("crawl", "--start-url", f"{site.url}/news/dead.html", "--slug", "dead",
                       "--data-dir", str(tmp_path / "b"), *QUICK)  # fmt: skip
    assert empty.returncode == 4, empty.stdout + empty.stderr[-2000:]
    assert f"no article rows on {site.url}/news/empty.html" in empty.stdout
    assert dead.returncode == 4, dead.stdout + dead.stderr[-2000:]
    assert "all_articles_failed: every article request failed (http_404 8)" in dead.stdout
