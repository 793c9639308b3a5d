"""Crawl policy, on stored listing pages and hand-built responses: what gets fetched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from newsarchive.extract.fixtures import Case
from newsarchive.items import Article, ListingRow
from newsarchive.spiders.archive import ArchiveSpider
from newsarchive.spiders.sites import SPIDERS
from tests.conftest import FIXTURES

BASE = "http://127.0.0.1"


@pytest.fixture
def spider(tmp_path: Path) -> Iterator[ArchiveSpider]:
    crawler = get_crawler(SPIDERS["demo"], settings_dict={"NEWSARCHIVE_DATA_DIR": str(tmp_path)})
    crawler._apply_settings()
    spider: ArchiveSpider = crawler._create_spider(base_url=BASE)
    spider.serving_base = BASE
    yield spider
    spider.store.close()


def stats(spider: ArchiveSpider) -> dict[str, Any]:
    assert spider.crawler.stats is not None
    return spider.crawler.stats.get_stats()


def listing_response(name: str) -> HtmlResponse:
    case = Case(FIXTURES / "sites" / "demo" / name, "demo")
    meta = case.meta
    return HtmlResponse(meta["url"], body=case.body, headers=meta["headers"])


def test_listing_skips_placeholder_rows_and_follows_next_page(spider: ArchiveSpider) -> None:
    out = list(spider.parse_listing(listing_response("listing-dongtai"), "区县动态", 1))
    articles = [r for r in out if r.callback == spider.parse_article]
    listings = [r for r in out if r.callback == spider.parse_listing]
    assert [r.url for r in listings] == [f"{BASE}/dongtai/index_1.html"]
    assert all("utm_" not in r.url for r in articles), "tracking parameters are not fetched"
    assert not any("清空" in r.cb_kwargs["row"].title for r in articles)
    assert stats(spider)["newsarchive/skipped/placeholder/cleared"] >= 1
    assert (
        len(articles)
        == stats(spider)["newsarchive/listing/rows"]
        - stats(spider)["newsarchive/skipped/placeholder/cleared"]
    )


def test_listing_skips_rows_the_seen_state_knows(spider: ArchiveSpider) -> None:
    first = [
        r
        for r in spider.parse_listing(listing_response("listing-yaowen"), "要闻", 1)
        if r.callback == spider.parse_article
    ]
    known = first[0].url
    spider.store.mark("demo", [spider.key(known)], "archived")
    spider.store.requested.clear()
    again = [
        r.url
        for r in spider.parse_listing(listing_response("listing-yaowen"), "要闻", 1)
        if r.callback == spider.parse_article
    ]
    assert known not in again and len(again) == len(first) - 1
    assert stats(spider)["newsarchive/skipped/seen"] == 1


def test_max_pages_stops_pagination(spider: ArchiveSpider) -> None:
    spider.max_pages = 1
    out = list(spider.parse_listing(listing_response("listing-dongtai"), "区县动态", 1))
    assert not [r for r in out if r.callback == spider.parse_listing]


def test_key_puts_a_served_copy_under_the_site_origin(spider: ArchiveSpider) -> None:
    assert spider.key(f"{BASE}/a/1.html?utm_source=x") == "http://demo.localhost/a/1.html"
    assert spider.key("http://other.example/a/1.html") == "http://other.example/a/1.html"
    spider.serving_base = "http://127.0.0.1:800"
    assert spider.key("http://127.0.0.1:8001/a.html") == "http://127.0.0.1:8001/a.html"


def article_request(url: str) -> scrapy.Request:
    row = ListingRow(url=url, title="区体育局全民健身日活动举行", section="区体育局")
    return scrapy.Request(url, cb_kwargs={"row": row, "listing_url": f"{BASE}/dongtai/index.html"})


def call_article(spider: ArchiveSpider, response: Response) -> list[Article]:
    request = response.request
    assert request is not None
    return list(spider.parse_article(response, **request.cb_kwargs, channel="区县动态"))


def test_article_gets_listing_context(spider: ArchiveSpider) -> None:
    url = f"{BASE}/dongtai/1.html"
    html = (
        "<html><head><title>全民健身日活动举行</title></head><body><h2 class='art-title'>"
        "全民健身日活动举行</h2><div id='zoom'><p>　　8月28日，全民健身日活动举行。</p></div>"
        "</body></html>"
    ).encode()
    response = HtmlResponse(url, body=html, encoding="utf-8", request=article_request(url))
    [article] = call_article(spider, response)
    assert article.section == "区体育局"
    assert article.listing_title == "区体育局全民健身日活动举行"
    assert article.canonical_url == "http://demo.localhost/dongtai/1.html"
    assert article.crawled_at and article.crawled_at.endswith("+00:00")


def test_a_page_that_is_not_html_is_dropped_with_a_reason(spider: ArchiveSpider) -> None:
    url = f"{BASE}/dongtai/2.html"
    response = Response(url, body=b"\x89PNG\r\n\x1a\n", request=article_request(url))
    assert call_article(spider, response) == []
    assert stats(spider)["newsarchive/dropped/not_html"] == 1
    assert spider.store.url_outcome("demo", "http://demo.localhost/dongtai/2.html") == (
        "dropped/not_html"
    )


def test_a_page_that_breaks_the_extractor_is_dropped_and_the_crawl_goes_on(
    spider: ArchiveSpider, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: Any, **kwargs: Any) -> Article:
        raise ValueError("no tree")

    monkeypatch.setattr("newsarchive.extract.article.parse_article", boom)
    url = f"{BASE}/dongtai/3.html"
    response = HtmlResponse(url, body=b"<html></html>", request=article_request(url))
    assert call_article(spider, response) == []
    assert stats(spider)["newsarchive/dropped/unparseable"] == 1
