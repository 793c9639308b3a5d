"""The spider's fast path for links: the requests it makes are the ones response.follow made."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.utils.test import get_crawler

from newsarchive.extract.urls import strip_tracking
from newsarchive.spiders.archive import _AS_IS, ArchiveSpider

BASES = (
    "http://127.0.0.1:8000/dongtai/index.html",
    "https://www.example.cn/a/b/list.shtml?page=2#top",
    "http://example.cn",
    "ftp://example.cn/x/",
)
URLS = (
    "http://127.0.0.1:8000/dongtai/202406/t20240624_1000050.html",
    "https://www.example.cn/news/1.html",
    "http://Example.CN:8080/a//b/./c/../d.html",
    "http://example.cn",
    "http://example.cn/",
    "http://example.cn/路径/文章.html",
    "http://example.cn/a%20b.html",
    "http://example.cn/a.html?",
    "http://example.cn/a.html#",
    "http://example.cn/a.html?id=3",
    "http://example.cn/a.html?utm_source=x",
    "http://example.cn/a.html#top",
    "http://example.cn/a;b.html",
    "http://example.cn/a;",
    "http://example.cn/a\tb.html",
    "http://example.cn/a b.html",
    " http://example.cn/a.html",
    "http://example.cn/a.html ",
    "HTTP://example.cn/a.html",
    "http://user@example.cn/a.html",
    "http://[::1]:8000/a.html",
    "http://例子.中国/a.html",
    "http:/example.cn/a.html",
    "http:///a.html",
    "//example.cn/a.html",
    "/dongtai/a.html",
    "a.html",
    "javascript:void(0)",
)


def _random_urls(count: int) -> Iterator[str]:
    """URLs built from the pieces urlsplit and urlparse treat specially."""
    plain = ["a", "Z", "0", ".", "-", "/", "//", ":", "=", "&", "%2F", "@", "中", "~", "+"]
    pieces = [*plain, "8", ";", "?", "#", " ", "\t", "\n", "\x00", "\x7f", "[", "]", "\\", "\u3000"]
    rng = random.Random(17)
    for n in range(count):
        scheme = rng.choice(["http://", "https://", "HTTP://", "http:", ""])
        host = rng.choice(["example.cn", "127.0.0.1:8000", "a-b.cn:0", "EX.cn", ""])
        # every other URL has only the path pieces nothing drops or splits off
        chosen = plain if n % 2 else pieces
        yield scheme + host + "".join(rng.choice(chosen) for _ in range(rng.randint(0, 12)))


def test_as_is_urls_are_given_back_by_urljoin_and_strip_tracking() -> None:
    matched = 0
    for url in (*URLS, *_random_urls(20_000)):
        if not _AS_IS.fullmatch(url):
            continue
        matched += 1
        assert strip_tracking(url) == url
        for base in BASES:
            assert urljoin(base, url) == url
    assert matched > 1000


@pytest.fixture
def spider(tmp_path: Path) -> Iterator[ArchiveSpider]:
    crawler = get_crawler(ArchiveSpider, settings_dict={"NEWSARCHIVE_DATA_DIR": str(tmp_path)})
    crawler._apply_settings()
    spider = crawler._create_spider(start_url=BASES[0])
    assert isinstance(spider, ArchiveSpider)
    yield spider
    spider.store.close()


FIELDS = "url method body meta cb_kwargs callback errback dont_filter priority flags cookies"


def _fields(request: Request) -> dict[str, Any]:
    return {name: getattr(request, name) for name in FIELDS.split()} | {
        "encoding": request.encoding,
        "headers": request.headers.to_unicode_dict(),
    }


def _responses() -> Iterator[Response]:
    page = "<html><head>{}</head><body>文章列表</body></html>"
    yield HtmlResponse(BASES[0], body=page.format("").encode("utf-8"))
    gbk = {"Content-Type": "text/html; charset=gbk"}
    yield HtmlResponse(BASES[0], body=page.format("").encode("gbk"), headers=gbk)
    yield HtmlResponse(BASES[0], body=page.format('<meta charset="gb2312">').encode("gb2312"))
    yield HtmlResponse(BASES[1], body=page.format('<base href="/other/">').encode("utf-8"))
    yield TextResponse(BASES[0], body=b"plain", encoding="latin-1")
    yield Response(BASES[0], body=b"\x00\x01")


def test_follow_makes_the_requests_response_follow_made(spider: ArchiveSpider) -> None:
    for response in _responses():
        for url in (*URLS, *_random_urls(300)):
            kwargs: dict[str, Any] = {
                "callback": spider.parse_article,
                "errback": spider.article_failed,
                "cb_kwargs": {"channel": None},
                "meta": {"recheck": False},
                "dont_filter": True,
            }
            try:
                expected: dict[str, Any] | None = _fields(response.follow(url, **kwargs))
            except ValueError:
                expected = None
            made = spider._follow(response, url, **kwargs)
            assert (None if made is None else _fields(made)) == expected, (response, url)


def test_a_page_whose_base_cannot_be_read_fails_every_link_as_before(
    spider: ArchiveSpider,
) -> None:
    response = HtmlResponse(BASES[0], body=b'<html><head><base href="http://[x/"></head></html>')
    links = [URLS[0], URLS[1], URLS[0]]
    assert [spider._follow(response, url, callback=spider.parse_article) for url in links] == [
        None,
        None,
        None,
    ]
    assert spider.crawler.stats is not None
    assert spider.crawler.stats.get_value("newsarchive/skipped/bad_link") == 3
