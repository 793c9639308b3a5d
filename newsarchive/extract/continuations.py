"""Articles split over several pages: finding the following pages and joining their bodies.

A CMS that splits an article links its pages from inside it: numbers, 下一页, 第2页, under URLs
made from the first page's (`5091.html` -> `5091_2.html`, TRS's `t…_5091.html` ->
`t…_5091_1.html`, or `?page=2`). Both functions are pure: the caller fetches.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import parse_qsl, urljoin, urlsplit

from parsel import Selector

from newsarchive.extract import patterns as P
from newsarchive.extract.html import first_attribute
from newsarchive.extract.processors import content_hash, normalize_ws
from newsarchive.items import Article

_PATH_PAGE = re.compile(r"^(?P<base>.+?)(?:_(?P<n>\d{1,3}))?(?P<ext>\.[a-z]{2,5})?$", re.I)
PAGE_PARAMS = ("page", "p", "pn", "pg", "pageno", "pagenum", "curpage")


def _page_of(link: str, url: str) -> int | None:
    """The page number `link` stands for, if it is another page of the article at `url`."""
    a, b = urlsplit(link), urlsplit(url)
    if (a.scheme, a.netloc) != (b.scheme, b.netloc):
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
            and qa[key].isdigit()
            and {k: v for k, v in qa.items() if k != key}
            == {k: v for k, v in qb.items() if k != key}
        ):
            return int(qa[key])
    return None


def _current_page(url: str) -> int:
    path = urlsplit(url).path
    m = _PATH_PAGE.match(path)
    query = dict(parse_qsl(urlsplit(url).query))
    for key in PAGE_PARAMS:
        if query.get(key, "").isdigit():
            return int(query[key])
    return int(m["n"]) if m and m["n"] and len(m["n"]) <= 2 else 0


def article_continuations(sel: Selector, url: str) -> list[str]:
    """URLs of the pages after this one of the same article, in page order.

    Only links whose text reads as pagination (2, [3], 第2页, 下一页, ›) and whose URL is this
    page's with a page number count; a page that shows only some page numbers gives those, and
    the caller asks again on the last one it fetched.
    """
    base = first_attribute(sel, "base", "href")
    root_url = urljoin(url, base.strip()) if base else url
    current = _current_page(url)
    found: dict[str, int] = {}
    for a in sel.root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:")):
            continue
        text = normalize_ws("".join(a.itertext())) or normalize_ws(a.get("title"))
        if not P.PAGE_LINK_TEXT.match(text):
            continue
        link = urljoin(root_url, href).split("#")[0]
        if link == url:
            continue
        n = _page_of(link, url)
        if n is not None and n > current and link not in found:
            found[link] = n
    return sorted(found, key=lambda link: found[link])


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
