"""article_continuations' shortcuts (links whose text cannot read as a pager skipped unread,
<base> found in the walk over the links), held to the plain reading of every link."""

from __future__ import annotations

import random
from urllib.parse import urljoin

import pytest
from parsel import Selector

from newsarchive.extract import patterns as P
from newsarchive.extract.continuations import _current_page, _page_of, article_continuations
from newsarchive.extract.html import first_attribute
from newsarchive.extract.processors import normalize_ws


def _plainly(sel: Selector, url: str) -> list[str]:
    """article_continuations as it read every link: its whole text, normalised, then @title."""
    base = first_attribute(sel, "base", "href")
    try:
        root_url = urljoin(url, base.strip()) if base else url
    except ValueError:
        root_url = url  # a <base> no URL can be made of is no base
    current = _current_page(url)
    found: dict[str, int] = {}
    for a in sel.root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:")):
            continue
        text = normalize_ws("".join(a.itertext())) or normalize_ws(a.get("title"))
        if not P.PAGE_LINK_TEXT.match(text):
            continue
        try:
            link = urljoin(root_url, href).split("#")[0]
        except ValueError:
            continue  # one link no URL can be made of
        if link == url:
            continue
        n = _page_of(link, url)
        if n is not None and n > current and link not in found:
            found[link] = n
    return sorted(found, key=lambda link: found[link])


def _outcome(fn: object, html: str, url: str) -> object:
    try:
        return fn(Selector(text=html), url)  # type: ignore[operator]
    except ValueError as e:
        return f"{type(e).__name__}: {e}"


# texts around the shortcut's edges: short and long, with and without a pager's characters,
# with whitespace normalize_ws drops or collapses, with zero-width characters
TEXTS = [
    "2", "12", "123", "1234", "[3]", "【4】", "(5)", "（6）", " 7 ", "\n\t\t8\n\t", "\u00a09\u3000",
    "2\u200b", "\u200b", "\u00ad3", "第2页", "第 3 页", "第\n4\n页", "下一页", "下页", "下一頁",
    "next", "Next Page", "NEXT\u00a0PAGE", "next  page", "›", ">", "»", ">>", " » ", "Next page >",
    "", " ", "\n", "  \n  ", "上一页", "首页", "本地新闻", "示例区县新闻网", "nn", "n", "N",
    "２", "٣", "²", "12345678901", "1 2 3 4 5 6 7 8 9 10", "next page next page", "a" * 12,
    "第2页 ", "  下一页  ", "2\x0b", "10\x1c", "x\u200by", "<b>2</b>", "<span>下一</span>页",
    "<i></i>", "<img src='x.png'>", "<b> </b>3", "next<br>page",
]  # fmt: skip
TITLES = [None, "", "2", "下一页", "  3  ", "标题", "\u200b"]
HREFS = [
    "5091_2.html", "5091_3.html", "5091_12.html", "t2024_5091_1.html", "?page=2", "?page=3",
    "/a/5091_2.html", "#p2", "javascript:go(2)", " 5091_4.html ", "", None, "5091.html",
    "other_2.html", "5091_2.html#top", "http://b.cn/a/5091_2.html",
]  # fmt: skip


def _page(rnd: random.Random, links: int, base: str | None) -> str:
    parts = []
    for _ in range(links):
        href = rnd.choice(HREFS)
        title = rnd.choice(TITLES)
        attrs = "" if href is None else f' href="{href}"'
        attrs += "" if title is None else f' title="{title}"'
        parts.append(f"<a{attrs}>{rnd.choice(TEXTS)}</a>{rnd.choice(['', ' | ', chr(10)])}")
    head = f'<base href="{base}">' if base is not None else ""
    return f"<html><head>{head}</head><body><div>{''.join(parts)}</div></body></html>"


def test_continuations_are_the_plain_reading_of_random_pagers() -> None:
    rnd = random.Random(17)
    urls = ["http://a.cn/a/5091.html", "http://a.cn/a/5091_2.html", "http://a.cn/a/x.html?page=1"]
    bases = [None, None, "", "http://a.cn/a/", "http://c.cn/"]
    for _ in range(1500):
        html = _page(rnd, rnd.randint(0, 8), rnd.choice(bases))
        url = rnd.choice(urls)
        assert _outcome(article_continuations, html, url) == _outcome(_plainly, html, url), html


@pytest.mark.parametrize(
    ("html", "url"),
    [
        # a <base> after a stray </html> (libxml2 leaves it beside <html>, in a second one)
        (
            '<html><body><a href="5091_2.html">2</a></body></html><base href="http://c.cn/y/">',
            "http://c.cn/x/5091.html",
        ),
        (
            '<html><head><base href="http://a.cn/a/"></head><body><a href="5091_2.html">2</a>'
            '</body></html><base href="http://c.cn/x/">',
            "http://a.cn/a/5091.html",
        ),
        (
            '<!-- saved --><html><body><a href="5091_2.html"> 2 </a></body></html>',
            "http://a.cn/5091.html",
        ),
        # nothing raises: a broken <base> is no base, a page number int() refuses no number,
        # a URL urlsplit refuses no page of this one
        (
            '<html><head><base href="http://[::1"></head><body>text</body></html>',
            "http://a.cn/1.html",
        ),
        ("<html><body><a href='?page=3'>3</a></body></html>", "http://a.cn/x.html?page=²"),
        ("<html><body>no pager</body></html>", "http://a.cn/x.html?page=²"),
        ("<html><body>no pager</body></html>", "http://[::1/x.html"),
        ("<html><body><a href='2.html'>2</a></body></html>", "http://[::1/x.html"),
    ],
)
def test_continuations_are_the_plain_reading_of_odd_pages(html: str, url: str) -> None:
    outcome = _outcome(article_continuations, html, url)
    assert outcome == _outcome(_plainly, html, url)
    assert isinstance(outcome, list)


def test_continuations_of_a_part_of_a_page_read_the_pages_base() -> None:
    html = (
        '<html><head><base href="http://c.cn/y/"></head>'
        '<body><a href="5091_2.html">2</a></body></html>'
    )
    body = Selector(text=html).css("body")[0]
    assert article_continuations(body, "http://c.cn/x/5091.html") == []
    assert article_continuations(body, "http://c.cn/y/5091.html") == ["http://c.cn/y/5091_2.html"]
