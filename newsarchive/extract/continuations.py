"""Articles split over several pages: finding the following pages and joining their bodies.

A CMS that splits an article links its pages from inside it: numbers, 下一页, 第2页, under URLs
made from the first page's (`5091.html` -> `5091_2.html`, TRS's `t…_5091.html` ->
`t…_5091_1.html`, or `?page=2`). Both functions are pure: the caller fetches.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import SplitResult, parse_qsl, urljoin, urlsplit

from lxml import etree
from parsel import Selector

from newsarchive.extract import patterns as P
from newsarchive.extract.html import first_attribute
from newsarchive.extract.processors import content_hash, normalize_ws
from newsarchive.items import Article

_PATH_PAGE = re.compile(r"^(?P<base>.+?)(?:_(?P<n>\d{1,3}))?(?P<ext>\.[a-z]{2,5})?$", re.I)
PAGE_PARAMS = ("page", "p", "pn", "pg", "pageno", "pagenum", "curpage")


def _split(url: str) -> SplitResult | None:
    """urlsplit, or None for a URL it refuses (an unclosed "[::1", a netloc NFKC changes):
    one odd link on a page must not cost the page."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def _join(base: str, href: str) -> str | None:
    try:
        return urljoin(base, href)
    except ValueError:
        return None


def _page_of(link: str, url: str) -> int | None:
    """The page number `link` stands for, if it is another page of the article at `url`."""
    a, b = _split(link), _split(url)
    if a is None or b is None or (a.scheme, a.netloc) != (b.scheme, b.netloc):
        return None
    if a.path != b.path:
        if a.query != b.query:
            return None
        here = _PATH_PAGE.match(b.path)
        there = _PATH_PAGE.match(a.path)
        if (
            not here
            or not there
            or there["n"] is None
            or (here["ext"] or "") != (there["ext"] or "")
        ):
            return None
        # "5091.html" -> "5091_2.html": the link extends this page's name
        if (
            a.path
            == f"{b.path[: len(b.path) - len(here['ext'] or '')]}_{there['n']}{there['ext'] or ''}"
        ):
            return int(there["n"])
        # "5091_2.html" -> "5091_3.html": both are pages of one base
        if here["n"] is not None and here["base"] == there["base"]:
            return int(there["n"])
        return None
    if not a.query:
        return None
    qa, qb = dict(parse_qsl(a.query)), dict(parse_qsl(b.query))
    for key in PAGE_PARAMS:
        if (
            key in qa
            and qa[key].isdecimal()  # ("²" is a digit int() refuses)
            and {k: v for k, v in qa.items() if k != key}
            == {k: v for k, v in qb.items() if k != key}
        ):
            return int(qa[key])
    return None


def _current_page(url: str) -> int:
    parts = _split(url)
    if parts is None:
        return 0
    m = _PATH_PAGE.match(parts.path)
    query = dict(parse_qsl(parts.query))
    for key in PAGE_PARAMS:
        if query.get(key, "").isdecimal():
            return int(query[key])
    return int(m["n"]) if m and m["n"] and len(m["n"]) <= 2 else 0


def article_continuations(sel: Selector, url: str) -> list[str]:
    """URLs of the pages after this one of the same article, in page order.

    Only links whose text reads as pagination (2, [3], 第2页, 下一页, ›) and whose URL is this
    page's with a page number count; a page that shows only some page numbers gives those, and
    the caller asks again on the last one it fetched.
    """
    root = sel.root
    # the <base> (the first in the tree, as first_attribute reads it) is looked for in the
    # walk over the links when that walk covers the tree: not when `sel` is a part of a page
    whole = isinstance(root, etree._Element) and root.getroottree().getroot() is root
    base = None if whole else first_attribute(sel, "base", "href")
    pager_links: list[str] = []
    for a in root.iter("a", "base") if whole else root.iter("a"):
        href = a.get("href")
        if a.tag != "a":
            if base is None and href is not None:
                base = href
            continue
        if not href:
            continue
        text = a.text if len(a) == 0 else "".join(a.itertext())
        # Most links' text is printable: normalize_ws then drops no character but spaces and
        # leaves it non-empty (so @title is not read), and PAGE_LINK_TEXT matches no such
        # text of more than 9 other characters, nor one without a digit, 下, n, ›, > or ».
        if (
            text
            and text.isprintable()
            and not text.isspace()
            and (len(text) - text.count(" ") > _MAX_PAGER_TEXT or _PAGER_CHAR.search(text) is None)
        ):
            continue
        text = normalize_ws(text) or normalize_ws(a.get("title"))
        if not P.PAGE_LINK_TEXT.match(text):
            continue
        href = href.strip()
        if href and not href.startswith(("#", "javascript:")):
            pager_links.append(href)
    # a <base> no URL can be made of is no base, as in a browser
    root_url = (_join(url, base.strip()) if base else None) or url
    # the page's own number matters only beside a pager's links
    current = _current_page(url) if pager_links else 0
    found: dict[str, int] = {}
    for href in pager_links:
        joined = _join(root_url, href)
        if joined is None:
            continue
        link = joined.split("#")[0]
        if link == url:
            continue
        n = _page_of(link, url)
        if n is not None and n > current and link not in found:
            found[link] = n
    return sorted(found, key=lambda link: found[link])


# A character every text PAGE_LINK_TEXT matches holds: the digit, 下, n(ext), ›, > or ».
_PAGER_CHAR = re.compile(r"\d|[下›>»]|n", re.IGNORECASE)
# the longest text PAGE_LINK_TEXT matches once whitespace is normalised: "next page"
_MAX_PAGER_TEXT = 9


def merge_article_pages(first: Article, rest: list[Article]) -> Article:
    """One article from its pages: the first page's fields, the bodies joined in order.

    Paragraphs a later page repeats (a lead, a notice printed on every page) are kept once;
    a field the first page lacks is taken from the first later page that has it.
    """
    seen: set[str] = set()
    paragraphs: list[str] = []
    for page in (first, *rest):
        for para in (page.body or "").split("\n\n"):
            if para and para not in seen:
                seen.add(para)
                paragraphs.append(para)
    merged = replace(first, body="\n\n".join(paragraphs) or None, defects=list(first.defects))
    for name in ("title", "author", "source", "editor", "published_at", "section"):
        if getattr(merged, name) is None:
            value = next((getattr(p, name) for p in rest if getattr(p, name)), None)
            setattr(merged, name, value)
    merged.credits = list(first.credits)
    for page in rest:
        merged.defects.extend(d for d in page.defects if d not in merged.defects)
        # a closing credit stands on the last page
        merged.credits.extend(c for c in page.credits if c not in merged.credits)
    if merged.title and merged.body:
        merged.content_hash = content_hash(merged.title, merged.body)
    return merged
