"""Reading a listing page: article rows (link, title as shown, label, date) and the next page."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urljoin

from lxml import etree
from parsel import Selector

from newsarchive.extract import patterns as P
from newsarchive.extract.body import class_tokens
from newsarchive.extract.continuations import _current_page, _page_of
from newsarchive.extract.html import CHROME_TAGS, lines
from newsarchive.extract.processors import normalize_ws, split_section
from newsarchive.items import ListingPage, ListingRow
from newsarchive.sites.base import Css, SelectorSpec, Site, selectors
from newsarchive.sites.base import Selector as SiteSelector

MIN_ROW_TITLE = 5
# fewer rows than this and a page is not a listing
MIN_LISTING_ROWS = 5
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


def run_selector(sel: Selector, spec: SiteSelector) -> list[Selector]:
    """What one of a site profile's selectors (Css or XPath) finds in `sel`."""
    return list(sel.css(spec.query) if isinstance(spec, Css) else sel.xpath(spec.query))


def _select(sel: Selector, spec: SelectorSpec) -> list[Selector]:
    """What the first of a spec's selectors that finds anything finds."""
    for s in selectors(spec):
        found = run_selector(sel, s)
        if found:
            return found
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
    """The shape of a link's surroundings: three ancestors' tags and classes.

    Row-alternating classes (odd/even, first/last, numbered) are ignored, so zebra-striped
    rows stay one group.
    """
    parts = []
    node = a.getparent()
    for _ in range(3):
        if node is None:
            break
        classes = [
            c for c in (node.get("class") or "").split() if not P.ROW_VARIANT_CLASS.fullmatch(c)
        ]
        parts.append(f"{node.tag}.{'.'.join(sorted(classes))}")
        node = node.getparent()
    return "/".join(parts)


def _in_chrome(a: etree._Element) -> bool:
    for anc in a.iterancestors():
        if anc.tag in CHROME_TAGS:
            return True
        if (anc.get("class") or anc.get("id")) and any(
            P.CHROME_CLASS.fullmatch(t) for t in class_tokens(anc)
        ):
            return True
    return False


def dominant_links(sel: Selector, base: str) -> list[etree._Element]:
    """The links of the dominant repeated group: same ancestor shape, titles of some length.

    A group scores by its titles' total length, more when its rows carry dates; groups in
    navigation, headers and footers count for little.
    """
    groups: dict[str, list[etree._Element]] = defaultdict(list)
    body = sel.root.find("body") if isinstance(sel.root, etree._Element) else None
    if body is None:
        return []
    for a in body.iter("a"):
        if not _href(base, a.get("href")):
            continue
        title = _link_title(a)
        if len(title) < MIN_ROW_TITLE or P.NEXT_PAGE_TEXT.match(title):
            continue
        if P.PAGE_LINK_TEXT.match(title):
            continue
        groups[_signature(a)].append(a)
    if not groups:
        return []

    def score(links: list[etree._Element]) -> float:
        total = sum(len(_link_title(a)) for a in links)
        dated = sum(1 for a in links if _row_date(a, _link_title(a)))
        chrome = sum(1 for a in links[:5] if _in_chrome(a))
        value = total * (1 + dated / len(links))
        return value * (0.2 if chrome >= min(3, len(links)) else 1.0) * (len(links) >= 2)

    best = max(groups.values(), key=score)
    return best if score(best) > 0 else []


def _row_date(a: etree._Element, title: str) -> str | None:
    parent = a.getparent()
    row_text = normalize_ws("".join(parent.itertext())) if parent is not None else title
    rest = row_text.replace(title, "")
    m = P.CN_DATETIME.search(rest) or P.MONTH_DAY_IN_ROW.search(rest)
    return m.group(0) if m else None


def generic_rows(sel: Selector, base: str, site: Site | None) -> list[ListingRow]:
    """Rows from the dominant repeated group of links, with the date shown beside each."""
    labels = site.section_labels if site else ()
    out = []
    for a in dominant_links(sel, base):
        url = _href(base, a.get("href"))
        assert url is not None
        title = _link_title(a)
        section, _ = split_section(title, labels)
        out.append(ListingRow(url=url, title=title, section=section, date=_row_date(a, title)))
    return out


def next_page(sel: Selector, site: Site | None, base: str, url: str) -> str | None:
    """The next listing page: the site's selector, else a 下一页/next/› link, else the link
    numbered one past this page (`index_2.html`, `?page=3`), else TRS's createPageHTML()."""
    if site is not None and site.listing.next_page is not None:
        for s in _select(sel, site.listing.next_page):
            href = s.root.get("href") if isinstance(s.root, etree._Element) else s.get()
            nxt = _href(base, href)
            if nxt and nxt != url:
                return nxt
        return None
    if not isinstance(sel.root, etree._Element):
        return None
    numbered: list[tuple[int, str]] = []
    current = _current_page(url)
    for a in sel.root.iter("a"):
        text = normalize_ws("".join(a.itertext())) or normalize_ws(a.get("title"))
        nxt = _href(base, a.get("href"))
        if not nxt or nxt == url:
            continue
        if P.NEXT_PAGE_TEXT.match(text):
            return nxt
        if P.PAGE_LINK_TEXT.match(text):
            n = _page_of(nxt.split("#")[0], url)
            if n is not None and n > current:
                numbered.append((n, nxt))
    if numbered:
        return min(numbered)[1]
    for script in sel.xpath("//script/text()").getall():
        m = P.CREATE_PAGE_HTML.search(script)
        if m:
            total, cur = int(m["total"]), int(m["current"])
            if cur + 1 < total:
                return urljoin(base, f"{m['name']}_{cur + 1}.{m['ext']}")
            return None
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


def is_listing_page(sel: Selector, url: str) -> bool:
    """Whether a page is a listing (rows of links to articles) rather than an article.

    A page that declares itself an article (og:type article, JSON-LD NewsArticle, the CMS's
    ArticleTitle) is one. Otherwise it is a listing when it has a dominant group of at least
    `MIN_LISTING_ROWS` row links and, outside those rows, less prose than the rows' titles
    (an article's "related news" list is short beside its text).
    """
    root = sel.root
    if not isinstance(root, etree._Element) or root.find("body") is None:
        return False
    if _declares_article(sel):
        return False
    base = _base_url(sel, url)
    links = dominant_links(sel, base)
    if len(links) < MIN_LISTING_ROWS:
        return False
    row_chars = sum(len(_link_title(a)) for a in links)
    rows = _rows_of(links)
    prose = 0
    for line in lines(root.find("body"), skip=lambda n: n in rows):
        if line.link_density < 0.3 and (
            len(line.text) >= 60 or len(P.SENTENCE_PUNCT.findall(line.text)) >= 2
        ):
            prose += len(line.text)
    return prose < max(row_chars, 200)


def _declares_article(sel: Selector) -> bool:
    og_type = sel.xpath('//meta[@property="og:type"]/@content').get("").strip().lower()
    if og_type == "article":
        return True
    names = {n.lower() for n in sel.xpath("//meta/@name").getall()}
    if "articletitle" in names:
        return True
    for raw in sel.xpath('//script[@type="application/ld+json"]/text()').getall():
        if P.LD_ARTICLE_TYPE.search(raw):
            return True
    return False


def _rows_of(links: list[etree._Element]) -> set[etree._Element]:
    """The element that holds each listing row: the highest ancestor of its link that holds no
    other row's link (so a row's summary and date belong to the row)."""
    counts: dict[etree._Element, int] = defaultdict(int)
    for a in links:
        for anc in a.iterancestors():
            counts[anc] += 1
    rows = set()
    for a in links:
        row = a
        for anc in a.iterancestors():
            if counts[anc] > 1:
                break
            row = anc
        rows.add(row)
    return rows
