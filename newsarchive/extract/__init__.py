"""Extraction: pure functions from (page, URL, site profile) to fields. No Scrapy in here.

>>> from newsarchive.extract import extract_article
>>> html = '''<html><head><title>我区召开大会_示例网</title></head><body>
... <h1>我区召开大会</h1><div class="info">来源：区政府办 发布时间：2022-08-29 06:33:18</div>
... <div class="text"><p>　　12月25日，我区召开大会，部署明年重点工作。</p></div></body></html>'''
>>> record = extract_article(html, "http://example.cn/a/1.html")
>>> record["title"], record["source"], record["published_at"]
('我区召开大会', '区政府办', '2022-08-29T06:33:18+08:00')
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from parsel import Selector

from newsarchive.extract.generic import (
    byline_candidates,
    clean_body,
    generic_body,
    generic_candidates,
)
from newsarchive.extract.html import decode, is_truncated, lines, make_selector
from newsarchive.extract.listing import parse_listing
from newsarchive.items import Article, ListingPage
from newsarchive.loaders import ArticleLoader, split_bracket_label
from newsarchive.processors import content_hash, normalize_ws
from newsarchive.sites.base import Css, Site, selectors
from newsarchive.sites.base import Selector as SiteSelector
from newsarchive.urls import canonical_url

__all__ = ["extract_article", "parse_article", "parse_listing", "read_listing"]

TEXT_FIELDS = ("title", "author", "source", "editor", "published_at", "section")


def _select(sel: Selector, spec: SiteSelector) -> list[Selector]:
    return list(sel.css(spec.query) if isinstance(spec, Css) else sel.xpath(spec.query))


def _strings(found: list[Selector]) -> list[str]:
    out = []
    for item in found:
        value = item.get() if not hasattr(item.root, "iter") else item.xpath("string(.)").get()
        if value and value.strip():
            out.append(value)
    return out


def _is_binary(raw: bytes) -> bool:
    head = raw[:4096]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return len(head) > 0 and controls / len(head) > 0.05


def parse_article(
    sel: Selector,
    url: str,
    site: Site | None = None,
    *,
    text: str | None = None,
    now: datetime | None = None,
) -> Article:
    """An Article from a parsed page: the site's selectors first, the generic extractor after.

    `text` is the page source, used to notice a truncated document.
    """
    rules = site.article if site is not None else None
    site_names = site.site_names if site is not None else ()
    cands = generic_candidates(sel, site_names)
    loader = ArticleLoader(
        selector=sel,
        timezone=site.timezone if site else "Asia/Shanghai",
        site_names=tuple(cands.site_names),
        now=now,
    )
    if rules is not None:
        for name in TEXT_FIELDS:
            for spec in selectors(getattr(rules, name)):
                values = _strings(_select(sel, spec))
                if name == "author":
                    for proc in rules.author_processors:
                        values = [proc(v) for v in values]
                if values:
                    loader.add_value(name, values)
                    break
    # the title decides where the byline is, so it is settled before the byline is read
    if not loader.get_collected_values("title"):
        loader.add_value("title", cands.values.get("title", []))
    title = loader.get_output_value("title")
    byline_candidates(sel, title, cands)
    for name in TEXT_FIELDS[1:]:
        if not loader.get_collected_values(name):
            loader.add_value(name, cands.values.get(name, []))
        elif name == "published_at":
            # later candidates may only refine the same day (see loaders._date_out)
            loader.add_value(name, cands.values.get(name, []))

    body_lines = []
    if rules is not None:
        for spec in selectors(rules.body):
            found = _select(sel, spec)
            if found:
                for item in found:
                    for css in rules.body_exclude:
                        for bad in item.css(css):
                            bad.drop()
                    body_lines.extend(lines(item.root))
                break
    if not body_lines:
        body_lines = generic_body(sel)
    loader.add_value("body", clean_body(body_lines, title))

    article: Article = loader.load_item()
    section, bare = split_bracket_label(article.title)
    if section:
        article.title = bare
        article.section = article.section or section
    article.url = url
    article.canonical_url = canonical_url(_canonical_link(sel, url) or url)
    article.site = site.slug if site else None
    if article.title and article.body:
        article.content_hash = content_hash(article.title, article.body)
    defects = []
    if text is not None and is_truncated(text):
        defects.append("truncated")
    if not normalize_ws("".join(sel.xpath("//body//text()").getall())):
        defects.append("empty")
    article.defects = defects
    return article


def _canonical_link(sel: Selector, url: str) -> str | None:
    """<link rel="canonical">, when it points into the same host (a CMS sometimes points home)."""
    from urllib.parse import urljoin, urlsplit

    href = sel.xpath('//link[@rel="canonical"]/@href').get()
    if not href:
        return None
    absolute = urljoin(url, href.strip())
    page, canon = urlsplit(url), urlsplit(absolute)
    if canon.netloc != page.netloc or canon.path in ("", "/"):
        return None
    return absolute


def extract_article(
    html: str | bytes,
    url: str,
    site: Site | str | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The record's fields for one page, as a dict (`defects` says what is wrong with it).

    `html` may be text or the raw bytes as served (decoded like Scrapy does, with `headers`).
    `site` is a profile or a registered slug; without one, the generic extractor does it all.
    Never raises on bad input: an empty, binary or truncated page gives empty fields and
    a reason in `defects`.
    """
    if isinstance(site, str):
        from newsarchive.sites import get_site

        site = get_site(site)
    defects: list[str] = []
    if isinstance(html, bytes):
        if _is_binary(html):
            article = Article(url=url, canonical_url=canonical_url(url), defects=["binary"])
            return {**article.record(), "defects": article.defects}
        text = decode(html, headers)
    else:
        text = html
    try:
        article = parse_article(make_selector(text), url, site, text=text, now=now)
    except Exception as exc:  # a page must never take the caller down; say why instead
        article = Article(url=url, defects=[f"unparseable: {type(exc).__name__}: {exc}"])
    defects.extend(article.defects)
    return {**article.record(), "defects": defects}


def read_listing(
    html: str | bytes,
    url: str,
    site: Site | str | None = None,
    *,
    headers: Mapping[str, str] | None = None,
) -> ListingPage:
    """`parse_listing` for page text or bytes (the fixture tests and the CLI use it)."""
    if isinstance(site, str):
        from newsarchive.sites import get_site

        site = get_site(site)
    return parse_listing(make_selector(html, headers), url, site)
