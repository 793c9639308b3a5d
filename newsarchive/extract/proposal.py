"""What `newsarchive site add` proposes for a new site, read from its pages alone: a rows
selector that picks exactly the rows the generic listing reader found, and the site's name.

Only what the pages confirm is proposed. A rows selector is kept when, applied to the same
page, it selects the very row elements the generic reader settled on and the listing then
reads to the same rows (link, title, label); otherwise there is none, and the crawl keeps using
the generic reader. Pure, like the rest of `extract/`: pages in, data out.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from urllib.parse import urljoin

from lxml import etree
from parsel import Selector

from newsarchive.extract import listing
from newsarchive.extract import patterns as P
from newsarchive.extract.generic import GenericPage
from newsarchive.extract.listing import parse_listing
from newsarchive.extract.title import title_segments
from newsarchive.items import ListingRow
from newsarchive.sites.base import Css, Site

# a class or id that a CSS selector can name without escapes
CSS_NAME = re.compile(r"^-?[A-Za-z_][A-Za-z0-9_-]*$")
# ids a CMS numbers per page or per build (ctl00_x1234, item-83422) name nothing stable
GENERATED_ID = re.compile(r"\d{3,}")


def _key(row: ListingRow) -> tuple[str, str, str | None]:
    # the row's date is left out: the crawl reads no date from a row
    return row.url, row.title, row.section


def rows_selector(sel: Selector, url: str, site: Site) -> str | None:
    """A CSS selector for the listing rows the generic reader finds on this page, or None.

    `site` is the profile being proposed, without rows (its section labels take part).
    The selector is built from the rows' own elements (their tag and shared classes, under
    their container) and kept only when it selects exactly those elements and the listing
    reads to the same rows with it.

    >>> html = '''<html><body><div id="nav"><a href="/">首页</a></div><ul class="news">'''
    >>> html += "".join(f'<li><a href="/a/{n}.html">第{n}条新闻的标题</a> 2024-03-0{n}</li>'
    ...                 for n in range(1, 7))
    >>> html += "</ul></body></html>"
    >>> site = Site(slug="x", name="x", domains=(), channels=())
    >>> rows_selector(Selector(text=html), "http://x.cn/", site)
    'ul.news > li'
    """
    if site.listing.rows is not None:
        site = replace(site, listing=replace(site.listing, rows=None))
    found = parse_listing(sel, url, site).rows
    if not found or not isinstance(sel.root, etree._Element):
        return None
    base = urljoin(url, (sel.xpath("//base/@href").get() or "").strip())
    elements = _row_elements(sel.root, base, [r.url for r in found])
    if elements is None:
        return None
    wanted = [_key(r) for r in found]
    for query in _candidates(elements):
        try:
            picked = [s.root for s in sel.css(query)]
        except Exception:  # cssselect's own errors: a candidate it cannot read is no candidate
            continue
        if len(picked) != len(elements) or set(picked) != set(elements):
            continue
        trial = replace(site, listing=replace(site.listing, rows=Css(query)))
        if [_key(r) for r in parse_listing(sel, url, trial).rows] == wanted:
            return query
    return None


def _row_elements(root: etree._Element, base: str, urls: list[str]) -> list[etree._Element] | None:
    """The element of each row: the highest ancestor of its link that holds no other row's
    link. A URL linked from two places (a slider and the list) keeps the place shaped like
    the other rows. None when the rows cannot be told apart."""
    wanted = set(urls)
    links: dict[str, list[etree._Element]] = defaultdict(list)
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if href and urljoin(base, href) in wanted:
            links[urljoin(base, href)].append(a)
    if set(links) != wanted:
        return None
    holds: dict[etree._Element, set[str]] = defaultdict(set)
    for target, anchors in links.items():
        for a in anchors:
            for anc in a.iterancestors():
                holds[anc].add(target)
    places: dict[str, list[etree._Element]] = {}
    for target, anchors in links.items():
        rows = []
        for a in anchors:
            row = a
            for anc in a.iterancestors():
                if len(holds[anc]) > 1:
                    break
                row = anc
            if row not in rows:
                rows.append(row)
        places[target] = rows
    shapes = Counter(_shape(e) for rows in places.values() for e in rows)
    chosen = [max(places[u], key=lambda e: shapes[_shape(e)]) for u in urls]
    return chosen if len(set(chosen)) == len(chosen) else None


def _shape(el: etree._Element) -> tuple[str, int]:
    parent = el.getparent()
    return str(el.tag), id(parent)


def _classes(el: etree._Element) -> list[str]:
    """Class names a selector may rely on: no row variants (odd, first, item3), no escapes."""
    return [
        c
        for c in (el.get("class") or "").split()
        if CSS_NAME.match(c) and not P.ROW_VARIANT_CLASS.fullmatch(c)
    ]


def _names(el: etree._Element, *, bare: bool = True) -> list[str]:
    """Ways to name one element: by id, by each class, by all its classes, by tag (`bare`)."""
    tag = str(el.tag)
    out = []
    ident = (el.get("id") or "").strip()
    if CSS_NAME.match(ident) and not GENERATED_ID.search(ident):
        out.append(f"{tag}#{ident}")
    classes = _classes(el)
    out += [f"{tag}.{c}" for c in classes]
    if len(classes) > 1:
        out.append(f"{tag}.{'.'.join(classes)}")
    if bare:
        out.append(tag)
    return out


def _candidates(rows: Sequence[etree._Element]) -> Iterator[str]:
    """Selectors for `rows`, the simplest and most anchored first: the container named by id
    or class with the rows as its children, the rows' own class, a named grandparent, a named
    ancestor further up, and last a container named by its tag alone."""
    tags = {str(r.tag) for r in rows}
    if len(tags) != 1 or not all(isinstance(r.tag, str) for r in rows):
        return
    tag = tags.pop()
    shared = [c for c in _classes(rows[0]) if all(c in _classes(r) for r in rows[1:])]
    row_names = [tag, *(f"{tag}.{c}" for c in shared)]
    parents = {r.getparent() for r in rows}
    parent = parents.pop() if len(parents) == 1 else None
    seen: set[str] = set()

    def fresh(query: str) -> bool:
        if query in seen:
            return False
        seen.add(query)
        return True

    if parent is not None:
        for name in _names(parent, bare=False):
            yield from filter(fresh, (f"{name} > {r}" for r in row_names))
    yield from filter(fresh, row_names[1:])
    if parent is not None and (grand := parent.getparent()) is not None:
        for outer in _names(grand, bare=False):
            for name in _names(parent):
                yield from filter(fresh, (f"{outer} > {name} > {r}" for r in row_names))
    ancestor = _common_ancestor(rows)
    while ancestor is not None and ancestor.tag not in ("body", "html"):
        for name in _names(ancestor, bare=False):
            yield from filter(fresh, (f"{name} {r}" for r in row_names))
        ancestor = ancestor.getparent()
    if parent is not None and parent.tag not in ("body", "html"):
        yield from filter(fresh, (f"{parent.tag} > {r}" for r in row_names))


def _common_ancestor(rows: Sequence[etree._Element]) -> etree._Element | None:
    first = [rows[0], *rows[0].iterancestors()]
    common = set(first)
    for row in rows[1:]:
        common &= {row, *row.iterancestors()}
    return next((e for e in first if e in common and e not in rows), None)


def section_labels(rows: Sequence[ListingRow]) -> tuple[str, ...]:
    """The department labels the listing glues to its titles, when the listing reader can learn
    them (`listing.learned_section_labels`); () otherwise."""
    learn = getattr(listing, "learned_section_labels", None)
    return tuple(learn(rows)) if learn is not None else ()


def site_name(listing: Selector, url: str, articles: Sequence[tuple[Selector, str]]) -> str | None:
    """The site's name as its pages state it, or None: the name the listing's or an article's
    head declares (og:site_name, SiteName, JSON-LD publisher), else the last part of the
    articles' <title> ("标题_青溪新闻网") when the listing's <title> names it too."""
    pages = [(listing, url), *articles]
    for page_sel, page_url in pages:
        names = GenericPage(page_sel, page_url).site_names
        if names:
            return names[0]
    listed = set(title_segments(GenericPage(listing, url).page_title))
    tails = Counter(
        tail
        for page_sel, page_url in articles
        for tail in GenericPage(page_sel, page_url).title_site
        if tail in listed
    )
    return tails.most_common(1)[0][0] if tails else None
