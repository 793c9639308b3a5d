"""Reading a listing page: article rows (link, title as shown, label, date) and the next page."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urljoin

from lxml import etree
from parsel import Selector

from newsarchive import patterns as P
from newsarchive.items import ListingPage, ListingRow
from newsarchive.processors import normalize_ws, split_section
from newsarchive.sites.base import Css, Site, selectors

MIN_ROW_TITLE = 5
NOT_FOLLOWED = ("javascript:", "mailto:", "#", "tel:")


def _href(base: str, href: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if not href or href.lower().startswith(NOT_FOLLOWED):
        return None
    return urljoin(base, href)


def _link_title(a: etree._Element) -> str:
    text = normalize_ws("".join(a.itertext()))
    full = normalize_ws(a.get("title"))
    # listings cut long titles ("…", "...") and keep the whole one in @title
    if full and (not text or (text.endswith(("…", "...")) and full.startswith(text.rstrip(".…")))):
        return full
    return text


def _base_url(sel: Selector, url: str) -> str:
    base = sel.xpath("//base/@href").get()
    return urljoin(url, base.strip()) if base else url


def _select(sel: Selector, spec: Css | object) -> list[Selector]:
    for s in selectors(spec):  # type: ignore[arg-type]
        found = sel.css(s.query) if isinstance(s, Css) else sel.xpath(s.query)
        if found:
            return list(found)
    return []


def rows_from_rules(sel: Selector, site: Site, base: str) -> list[ListingRow]:
    out = []
    for row in _select(sel, site.listing.rows):
        link = next((a for a in row.root.iter("a") if _href(base, a.get("href"))), None)
        if row.root.tag == "a":
            link = row.root
        if link is None:
            continue
        url = _href(base, link.get("href"))
        assert url is not None
        title = _link_title(link)
        date_sel = _select(row, site.listing.row_date) if site.listing.row_date else []
        date_text = (
            normalize_ws(" ".join(date_sel[0].xpath("string(.)").getall())) if date_sel else ""
        )
        if not date_text:
            m = P.CN_DATETIME.search(normalize_ws("".join(row.root.itertext())))
            date_text = m.group(0) if m else ""
        section, _ = split_section(title, site.section_labels)
        out.append(ListingRow(url=url, title=title, section=section, date=date_text or None))
    return out


def _signature(a: etree._Element) -> str:
    parts = []
    node = a.getparent()
    for _ in range(3):
        if node is None:
            break
        parts.append(f"{node.tag}.{node.get('class', '')}")
        node = node.getparent()
    return "/".join(parts)


def generic_rows(sel: Selector, base: str, site: Site | None) -> list[ListingRow]:
    """The dominant repeated group of links: same ancestor shape, titles of some length."""
    groups: dict[str, list[etree._Element]] = defaultdict(list)
    body = sel.root.find("body")
    if body is None:
        return []
    for a in body.iter("a"):
        if not _href(base, a.get("href")):
            continue
        title = _link_title(a)
        if len(title) < MIN_ROW_TITLE or P.NEXT_PAGE_TEXT.match(title):
            continue
        groups[_signature(a)].append(a)
    if not groups:
        return []
    best = max(groups.values(), key=lambda links: sum(len(_link_title(a)) for a in links))
    labels = site.section_labels if site else ()
    out = []
    for a in best:
        url = _href(base, a.get("href"))
        assert url is not None
        title = _link_title(a)
        parent = a.getparent()
        row_text = normalize_ws("".join(parent.itertext())) if parent is not None else title
        m = P.CN_DATETIME.search(row_text.replace(title, ""))
        section, _ = split_section(title, labels)
        out.append(
            ListingRow(url=url, title=title, section=section, date=m.group(0) if m else None)
        )
    return out


def next_page(sel: Selector, site: Site | None, base: str, url: str) -> str | None:
    if site is not None and site.listing.next_page is not None:
        for s in _select(sel, site.listing.next_page):
            href = s.root.get("href") if isinstance(s.root, etree._Element) else s.get()
            nxt = _href(base, href)
            if nxt and nxt != url:
                return nxt
        return None
    for a in sel.root.iter("a"):
        text = normalize_ws("".join(a.itertext())) or normalize_ws(a.get("title"))
        if P.NEXT_PAGE_TEXT.match(text):
            nxt = _href(base, a.get("href"))
            if nxt and nxt != url:
                return nxt
    return None


def parse_listing(sel: Selector, url: str, site: Site | None = None) -> ListingPage:
    """The rows and next page of a listing page (pure: no fetching, no state)."""
    base = _base_url(sel, url)
    if site is not None and site.listing.rows is not None:
        rows = rows_from_rules(sel, site, base)
    else:
        rows = generic_rows(sel, base, site)
    seen: set[str] = set()
    unique = []
    for row in rows:
        if row.url not in seen:
            seen.add(row.url)
            unique.append(row)
    return ListingPage(url=url, rows=tuple(unique), next_page=next_page(sel, site, base, url))
