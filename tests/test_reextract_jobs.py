"""`reextract --jobs N`: worker processes read the pages ahead; the archive is the one job's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from benchmarks.sitegen import generate
from newsarchive.cli.reextract import default_jobs
from newsarchive.extract.article import read_article_page
from newsarchive.items import Article, ListingRow
from newsarchive.server import LocalSite
from newsarchive.sites import adhoc_slug
from newsarchive.spiders.archive import REPLAY_NOW, REPLAY_PAGE, ArchiveSpider
from newsarchive.spiders.sites import SPIDERS
from tests.conftest import read_jsonl, run_cli

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"]


def test_the_default_is_every_core_this_process_may_use() -> None:
    assert default_jobs() >= 1


def test_jobs_must_be_at_least_one(tmp_path: Path) -> None:
    warc = tmp_path / "x.warc"
    warc.write_bytes(b"WARC/1.1\r\n")
    result = run_cli("reextract", str(warc), "--out", str(tmp_path / "o"), "--jobs", "0")
    assert result.returncode == 2 and "--jobs 0" in result.stderr


@pytest.mark.crawl
def test_two_jobs_write_the_one_jobs_archive_line_for_line(tmp_path: Path) -> None:
    root, data = tmp_path / "site", tmp_path / "data"
    manifest = generate(root, 400, seed=2)
    with LocalSite(root) as served:
        starts = [f"{served.url}/{c}/index.html" for c in ("dongtai", "yaowen", "baozhi")]
        crawl = run_cli(
            "crawl",
            *(arg for url in starts for arg in ("--start-url", url)),
            "--warc",
            "--data-dir",
            str(data),
            "-s",
            "NEWSARCHIVE_MAX_PAGES_DEFAULT=0",
            *FAST,
        )
        slug = adhoc_slug(served.url)
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    warcs = sorted(str(p) for p in (data / "warc" / slug).glob("*.warc.gz"))
    assert warcs
    written = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs-{jobs}"
        result = run_cli("reextract", *warcs, "--out", str(out), "--jobs", jobs)  # offline
        assert result.returncode == 0, result.stderr[-3000:]
        [path] = (out / "archive" / slug).glob("*.jsonl")
        written[jobs] = path.read_bytes()
    # the same lines in the same order, byte for byte
    assert written["2"] == written["1"]
    records = read_jsonl(tmp_path / "jobs-2" / "archive" / slug / path.name)
    assert len(records) == manifest["unique"]
    # and what the crawl itself archived, but for the time of archiving
    crawled = [r for f in (data / "archive" / slug).glob("*.jsonl") for r in read_jsonl(f)]

    def by_url(rs: list[dict[str, object]]) -> dict[object, dict[str, object]]:
        return {r["canonical_url"]: {k: v for k, v in r.items() if k != "crawled_at"} for r in rs}

    assert by_url(records) == by_url(crawled)


@pytest.fixture
def spider(tmp_path: Path) -> Iterator[ArchiveSpider]:
    crawler = get_crawler(SPIDERS["demo"], settings_dict={"NEWSARCHIVE_DATA_DIR": str(tmp_path)})
    crawler._apply_settings()
    made: ArchiveSpider = crawler._create_spider(base_url="http://127.0.0.1")
    yield made
    made.store.close()


PAGE = (
    '<html><head><meta charset="utf-8"><title>区体育局举办全民健身活动</title></head><body>'
    '<div class="article"><h1 class="title">区体育局举办全民健身活动</h1>'
    '<div>发布时间：昨天 10:05</div><div class="content"><p>'
    + "全区各街道镇的居民踊跃参加了这次全民健身活动，现场气氛热烈。" * 3
    + "</p></div></div></body></html>"
)


def _article(spider: ArchiveSpider, meta: dict[str, object]) -> Article:
    request = Request("http://127.0.0.1/dongtai/a.html", meta=meta)
    response = HtmlResponse(request.url, body=PAGE.encode(), request=request)
    row = ListingRow(url=request.url, title="区体育局举办全民健身活动")
    [out] = spider.parse_article(response, row, "http://127.0.0.1/dongtai/index.html", None)
    assert isinstance(out, Article)
    return out


def test_a_replay_reads_relative_dates_against_the_fetch_time(spider: ArchiveSpider) -> None:
    fetched = datetime(2020, 3, 5, 8, 0, tzinfo=UTC)
    article = _article(spider, {REPLAY_NOW: fetched})
    assert article.published_at == "2020-03-04T10:05:00+08:00"
    assert article.crawled_at == "2020-03-05T08:00:00+00:00"


def test_a_replay_takes_the_page_a_worker_read(spider: ArchiveSpider) -> None:
    read = read_article_page(PAGE, "http://127.0.0.1/dongtai/a.html", spider.site)
    assert read.article is not None
    read.article.body = "read in a worker"
    assert _article(spider, {REPLAY_PAGE: read}).body == "read in a worker"
