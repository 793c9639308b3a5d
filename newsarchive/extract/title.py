"""Titles: the headline the page shows, confirmed by its head titles (<title>, og:title,
ArticleTitle, JSON-LD), without the site's name, channel segments or a portal's tail."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from lxml import etree

from newsarchive.extract import patterns as P
from newsarchive.extract.body import name_words
from newsarchive.extract.html import text_of
from newsarchive.extract.processors import normalize_ws, strip_site_suffix

if TYPE_CHECKING:
    from newsarchive.extract.generic import GenericPage


TITLE_CLASS = re.compile(r"(?:title|headline|biaoti|bt|tit)\w*", re.IGNORECASE)


def title_segments(title: str) -> list[str]:
    """A <title> cut at its separators ("标题_栏目_网站" -> the three parts)."""
    return [s for s in (normalize_ws(p) for p in P.TITLE_SPLIT.split(title)) if s]


def _is_prefix_title(short: str, full: str) -> bool:
    """`full` is `short` with something appended after a separator (" - Site", "：Web", " -")."""
    if not full.startswith(short) or len(short) < 4:
        return False
    rest = full[len(short) :]
    return rest == "" or bool(P.TITLE_TAIL_START.match(rest))


def _similar(a: str, b: str) -> float:
    """Share of b's tokens found in a (CJK characters and words)."""
    ta, tb = P.TITLE_TOKEN.findall(a.lower()), P.TITLE_TOKEN.findall(b.lower())
    if not tb:
        return 0.0
    pool = set(ta)
    return sum(1 for t in tb if t in pool) / len(tb)


def choose_title(page: GenericPage) -> list[str]:
    """The visible headline when the page's own title tags confirm it, else those tags.

    The <h1> wins when a head title (ArticleTitle, og:title, JSON-LD, <title>) equals it, starts
    with it and goes on after a separator (" - Site", " : date"), or shares most of its words;
    a head title that sits inside the <h1> (a kicker glued in front) wins over the <h1>.
    Without an <h1>, an element whose class says title and whose text is a head title wins.
    """
    heads = [*page.head_titles]
    page_title = page.page_title
    if page_title:
        heads.append(page_title)
    whole = [_strip_all(h, page.site_names) for h in heads]
    # many portals title every page with the site's name alone: that names no article
    site_only = [s for s in whole if _site_like(s, page)]
    named = [(s, h) for s, h in zip(whole, heads, strict=True) if not _site_like(s, page)]
    stripped, heads = [_drop_site_tail(s) for s, _ in named], [h for _, h in named]
    # "工作动态_某区人民政府": with the portal's name cut, a channel is left, not a headline
    channels = {t for t, (s, _) in zip(stripped, named, strict=True) if t != s}
    out: list[str] = []
    for h in page.headings:
        if any(
            h == s
            or _is_prefix_title(h, raw)
            or (_is_longest_part(h, raw) and not _site_like(h, page) and page.has_byline_after(h))
            for s, raw in zip(stripped, heads, strict=True)
        ):
            out.append(h)
    # a <title> that shares nothing with an <h1> followed by its own date or source line is
    # a template's ("长丰县融媒体中心", "文章详情"): the headline is the <h1>
    for h in page.headings[:1]:
        if (
            not out
            and not _site_like(h, page)
            and all(_similar(h, s) < 0.3 for s in stripped)
            and page.has_byline_after(h)
            # the <title>'s headline shown on the page itself (under a column <h1>) wins
            and not any(line.text in stripped for line in page.doc_prefix(80))
            # a blog's <h1> is its name, and the <title> the post's, shown in an <h2>
            and not any(text_of(n) in stripped for n in page.root.iter("h2", "h3", "h4"))
        ):
            out.append(h)
    for h in page.headings:
        for s in stripped:
            if len(s) >= 8 and s in h and len(s) >= 0.4 * len(h):
                out.append(s)
    for h in page.headings:
        if len(h) >= 4 and any(_similar(h, s) >= 0.75 for s in stripped):
            out.append(h)
    if not page.headings and page.body is not None and stripped:
        for node in _title_elements(page):
            text = text_of(node)
            if (
                text
                and len(text) <= 120
                and any(
                    text == s or _is_prefix_title(text, raw) or text in title_segments(raw)
                    for s, raw in zip(stripped, heads, strict=True)
                )
            ):
                out.append(text)
                break
    if not page.headings and not out and stripped:
        # "人民网--标题": without an <h1>, the part of a head title that the page shows as a
        # line of its own is the headline
        shown = {line.text for line in page.doc_prefix(80)}
        parts = [
            part
            for raw in heads
            for part in title_segments(raw)
            if len(part) >= 4 and part in shown and not _site_like(part, page)
        ]
        if parts:
            out.append(max(parts, key=len))
    # an <h1> no head title confirms is the headline unless it is the site's name (a logo); it
    # goes before a head title that is only a channel name
    h1 = [h for h in page.headings[:1] if not _site_like(h, page)]
    out.extend(
        h1
        if h1 and stripped and all(t in channels and len(t) < len(h1[0]) for t in stripped)
        else []
    )
    out.extend(stripped)
    out.extend(h1)
    if not out and site_only and page.body is not None:
        out.extend(page.table_title or _title_element(page))
    out.extend(site_only)  # the last resort: a page with nothing else to call it
    return list(dict.fromkeys(t for t in out if t))


# what follows a site name that opens a head title: a separator, then the rest
SITE_FIRST_REST = re.compile(r"\s*(?:--|——|[_|｜\-–—:：»>])\s*(.+)$")
# (after "——" or "｜" a kicker is as likely as a site: SITE_TITLE's shape decides)
SITE_TAIL = re.compile(r"\s*(?:--|——|[_|｜—]|\s[\-–]\s)\s*(?P<tail>[^_|｜—]+)$")
# "标题-某某市新闻网": a hyphen set tight between the headline and a Chinese portal's name
SITE_TAIL_TIGHT = re.compile(r"(?<=[^\s\-–])[\-–](?P<tail>[\u4e00-\u9fff]{2,})$")


def _drop_site_tail(title: str) -> str:
    """ "标题_某区人民政府", "标题-某某市新闻网" -> "标题": a last segment shaped like a
    portal's name (however short the headline before it: `strip_site_suffix` keeps a tail
    unless the headline is twice its length)."""
    for pattern in (SITE_TAIL, SITE_TAIL_TIGHT):
        m = pattern.search(title)
        tail = m["tail"].strip() if m else ""
        if m and (P.SITE_TITLE.search(tail) or P.SITE_TAIL_ONLY.search(tail)) and m.start() >= 4:
            return title[: m.start()]
    return title


def _is_longest_part(heading: str, title: str) -> bool:
    """ "宁川日报数字报-标题": the heading is the longest part of a tightly set head title (the
    shorter parts are the site's; a blog's name in its <h1> is the short one)."""
    parts = [p for p in P.TITLE_PARTS.split(title) if p]
    return len(parts) > 1 and heading in parts and len(heading) == max(map(len, parts))


def _site_like(text: str, page: GenericPage) -> bool:
    """A head title or heading that is the site's name ("某区人民政府门户网站", "金河县教育局网站"),
    not a headline, or the site's name and a channel ("东湖区人民政府-政府信息公开")."""
    if not text:
        return False
    if any(text == normalize_ws(name) for name in page.site_names):
        return True
    if len(text) <= 20 and (P.SITE_TITLE.search(text) or P.DEPT_SITE_TITLE.search(text)):
        return True
    parts = [p for p in P.TITLE_PARTS.split(text) if p]
    return len(parts) == 2 and P.SITE_TITLE.search(parts[0]) is not None and len(parts[1]) <= 10


def _title_elements(page: GenericPage) -> Iterator[etree._Element]:
    """The <h2>s and <h3>s, and the <div>, <td>, <p>, <span>, <strong> and <font> elements whose
    class or id says title, in page order."""
    assert page.body is not None
    # the class and id of the elements that have one, as the page read them once
    names = dict(page.named)
    for node in page.body.iter("h2", "h3", "div", "td", "p", "span", "strong", "font"):
        if node.tag in ("h2", "h3") or any(
            TITLE_CLASS.fullmatch(t) for t in name_words(names.get(node, ""))
        ):
            yield node


def _title_element(page: GenericPage) -> list[str]:
    """The first <h2>/<h3> or element whose class says title, outside the page's chrome and
    not a link, for a page whose head titles all name the site and which has no <h1>."""
    assert page.body is not None
    for node in _title_elements(page):
        text = text_of(node)
        if not 5 <= len(text) <= 120 or _site_like(text, page):
            continue
        if any(a.tag in ("nav", "footer", "aside") for a in node.iterancestors()):
            continue
        linked = sum(len(text_of(a)) for a in node.iter("a"))
        if linked * 2 < len(text):
            return [text]
    return []


def _strip_all(title: str, site_names: tuple[str, ...]) -> str:
    """A head title without the site name and channel segments around it."""
    title = normalize_ws(title)
    for _ in range(3):
        shorter = strip_site_suffix(title, site_names)
        if shorter == title:
            break
        title = shorter
    for name in site_names:
        # "示例网-新闻-标题": some CMSs put the site first (a prefix test, then one compiled
        # pattern: a pattern per site name cost a compile for every new one)
        m = SITE_FIRST_REST.match(title, len(name)) if title.startswith(name) else None
        if m and len(m[1]) >= 4:
            title = m[1]
    return title.rstrip(" -_|｜–—:：")
