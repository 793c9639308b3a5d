"""Reading a listing page: article rows (link, title as shown, label, date) and the next page.

A row's `section` is, in this order: a label the site's profile lists, glued to the title; a
label the row shows beside its link (`<span>[区教育局]</span>`, a label cell, `【区体育局】`
opening the link text); a label the listing glues to its titles, learned from the page when the
profile lists none (`learned_section_labels`).

Rows come from the page's HTML, or from the data its scripts hold when that reads more as the
listing (`script_rows`: a jpage datastore, whose records are read here as HTML rows, or a JSON
array), or, for a profile that names one, from a JSON column API. `read_listing_answer` reads
whatever a listing request brought back: a page, a data proxy's records, an API's answer.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector, css2xpath

from newsarchive.extract import patterns as P
from newsarchive.extract.body import class_tokens
from newsarchive.extract.continuations import _current_page, _page_of
from newsarchive.extract.html import CHROME_TAGS, iter_lines, make_selector
from newsarchive.extract.processors import matches_placeholder, normalize_ws, split_section
from newsarchive.extract.script_rows import (
    api_listing,
    code_scripts,
    datastore_paging,
    find_datastore,
    next_datastore_request,
    rows_score,
    script_json_rows,
)
from newsarchive.items import ListingPage, ListingRow, PageRequest
from newsarchive.sites.base import Css, SelectorSpec, Site, selectors
from newsarchive.sites.base import Selector as SiteSelector

MIN_ROW_TITLE = 5
# fewer rows than this and a page is not a listing
MIN_LISTING_ROWS = 5
NOT_FOLLOWED = ("javascript:", "mailto:", "#", "tel:")
# a label is a few words (区住房保障房屋管理局 is ten); longer text beside a link is a summary
MAX_LABEL = 16
# a glued label is a body's name; what it leaves must still be a headline
MAX_GLUED_LABEL = 12
MIN_REST = 4


# browsers drop tabs and line breaks anywhere in a URL: "java\tscript:" is "javascript:"
_URL_BREAKS = str.maketrans("", "", "\t\n\r")


def _href(base: str, href: str | None) -> str | None:
    if not href:
        return None
    if not href.isprintable():  # no tab or line break in it otherwise (see `_followed`)
        href = href.translate(_URL_BREAKS)
    href = href.strip()
    if not href or href.lower().startswith(NOT_FOLLOWED):
        return None
    try:
        return urljoin(base, href)
    except ValueError:
        # "http://[::1/x.html": still a row, as written; the spider counts it as a bad link
        return href


def _followed(href: str | None) -> bool:
    """Whether `_href` makes a URL of `href` (without joining it: a join never empties one)."""
    if not href:
        return False
    # a translate with a table costs a dict lookup a character; a printable URL holds no
    # tab or line break to drop
    if not href.isprintable():
        href = href.translate(_URL_BREAKS)
    href = href.strip()
    return bool(href) and not href.lower().startswith(NOT_FOLLOWED)


def _link_title(a: etree._Element) -> str:
    # most links hold only their text: no iterator to build and join for them
    text = normalize_ws(a.text if len(a) == 0 else "".join(a.itertext()))
    full = a.get("title")
    full = normalize_ws(full) if full else ""
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


# the namespaces parsel gives an HTML selector's XPath: EXSLT's regular expressions always,
# its sets only to a query that names them (parsel.selector._get_xpath_evaluator)
_PARSEL_NAMESPACES = {"re": "http://exslt.org/regular-expressions"}


@lru_cache(maxsize=1024)  # one entry per selector of the profiles a process reads
def _compiled(spec: SiteSelector) -> etree.XPath | None:
    """The selector as parsel runs it on an HTML page, compiled; None for one parsel alone
    should run (a query naming EXSLT sets, or one that does not compile: parsel says why)."""
    try:
        query = css2xpath(spec.query) if isinstance(spec, Css) else spec.query
        if "set:" in query:
            return None
        return etree.XPath(query, namespaces=_PARSEL_NAMESPACES, smart_strings=False)
    except Exception:  # parsel raises its own error for the query
        return None


def select_values(sel: Selector, spec: SiteSelector) -> list[Any]:
    """What `run_selector` finds, as lxml gives it (elements, strings, numbers: the `root` of
    each Selector), without a Selector made for each: a profile's text fields want only their
    strings, and parsel's copies of its namespaces and its wrapping cost a third of running
    the query."""
    if sel.type == "html" and isinstance(sel.root, etree._Element):
        return values_in(sel.root, spec)
    return [found.root for found in run_selector(sel, spec)]


def values_in(root: etree._Element, spec: SiteSelector) -> list[Any]:
    """`select_values` in an element of an HTML page's tree (a listing's row)."""
    compiled = _compiled(spec)
    if compiled is not None:
        try:
            result = compiled(root)
        except etree.XPathError:
            pass  # parsel raises its error for it below
        else:
            return result if isinstance(result, list) else [result]
    return [found.root for found in run_selector(Selector(root=root, type="html"), spec)]


# compiled once: parsel's Selector.xpath compiles its expression on every call
_STRING_VALUE = etree.XPath("string(.)", smart_strings=False)


def string_value(item: Any) -> str:
    """What a selector found, as text: an element's string value, an attribute's or a text
    node's string, a number or a boolean as parsel's `get()` gives it."""
    if hasattr(item, "iter"):
        # a comment's or a processing instruction's string value is its text (XPath's
        # string() refuses them as the context node)
        return _STRING_VALUE(item) if item.tag.__class__ is str else item.text or ""
    if isinstance(item, str):
        return item
    return "1" if item is True else "0" if item is False else str(item)


def _first_values(root: etree._Element, spec: SelectorSpec) -> list[Any]:
    """`values_in` of the first of a spec's selectors that finds anything in `root`."""
    for s in selectors(spec):
        found = values_in(root, s)
        if found:
            return found
    return []


def _select(sel: Selector, spec: SelectorSpec) -> list[Selector]:
    """What the first of a spec's selectors that finds anything finds."""
    for s in selectors(spec):
        found = run_selector(sel, s)
        if found:
            return found
    return []


def rows_from_rules(sel: Selector, site: Site, base: str) -> list[ListingRow]:
    """The rows a profile's `rows` selector finds (the elements among what it finds), each
    with its first followable link, that link's title and the row's date: what `row_date`
    finds in the row as text (an element's, an attribute's or a text node's), else the first
    date-time the row's text shows."""
    found: list[tuple[etree._Element, etree._Element, str, str | None]] = []
    root = sel.root
    if not isinstance(root, etree._Element):
        return []
    # (a listing is always parsed as HTML: make_selector, or the datastore's records)
    for row in _first_values(root, site.listing.rows):
        if not isinstance(row, etree._Element) or row.tag.__class__ is not str:
            continue  # a string, an attribute or a comment is no row
        # (a row that is a link is its own first: iter() starts at the row)
        link = next((a for a in row.iter("a") if _href(base, a.get("href"))), None)
        if link is None:
            continue
        title = _link_title(link)
        dated = _first_values(row, site.listing.row_date) if site.listing.row_date else []
        date_text = normalize_ws(string_value(dated[0])) if dated else ""
        if not date_text:
            m = P.CN_DATETIME.search(normalize_ws("".join(row.itertext())))
            date_text = m.group(0) if m else ""
        found.append((link, row, title, date_text or None))
    return _labelled_rows(found, base, site)


def _labelled_rows(
    found: list[tuple[etree._Element, etree._Element, str, str | None]],
    base: str,
    site: Site | None,
) -> list[ListingRow]:
    """ListingRows for (link, row element, title, date), each with its section: a profile's
    label glued to the title first, then the label the row shows beside or opening its link."""
    labels = site.section_labels if site else ()
    beside = _labels_beside_links([(link, row) for link, row, _, _ in found])
    out = []
    for (link, _row, title, date), label in zip(found, beside, strict=True):
        url = _href(base, link.get("href"))
        assert url is not None
        section, _ = split_section(title, labels)
        section = section or label or _bracket_head(title)
        out.append(ListingRow(url=url, title=title, section=section, date=date))
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
    return _dominant_group(sel)[0]


# a group of row links: each link with its title, in page order
_Links = list[tuple[etree._Element, str]]
# (position among the page's groups, the group, its titles' total length)
_Group = tuple[int, _Links, int]


def _dominant_group(sel: Selector) -> tuple[list[etree._Element], int]:
    """`dominant_links`, and the total length of their titles."""
    body = sel.root.find("body") if isinstance(sel.root, etree._Element) else None
    if body is None:
        return [], 0
    best = _best_group(_link_groups(body))
    if best is None:
        return [], 0
    return [a for a, _ in best[1]], best[2]


def _link_groups(body: etree._Element) -> list[_Group]:
    """The page's groups of two row links or more, by `_signature`, in the order found."""
    groups: dict[str, _Links] = {}
    # one page's memo: links under one parent share a signature, rows share ancestors
    of_parent: dict[etree._Element | None, str] = {}
    of_grand: dict[etree._Element, str] = {}
    for a in body.iter("a"):
        # `_followed`, inline: it runs for every link of every page
        href = a.get("href")
        if not href:
            continue
        if not href.isprintable():
            href = href.translate(_URL_BREAKS)
        href = href.strip()
        # only these characters lower-case to what a NOT_FOLLOWED prefix starts with
        if not href or (href[0] in "#jJmMtT" and href.lower().startswith(NOT_FOLLOWED)):
            continue
        title = _link_title(a)
        # a pager's link ("下一页", "12"), or "[区教育局]" linking to the column it names
        if len(title) < MIN_ROW_TITLE or _NOT_A_ROW_TITLE.match(title):
            continue
        parent = a.getparent()
        signature = of_parent.get(parent)
        if signature is None:
            # the parent's shape, then the grandparent's and its parent's: those two are the
            # same for every row of a list, so they are read once per grandparent
            signature = "" if parent is None else _shape(parent)
            grand = parent.getparent() if parent is not None else None
            if grand is not None:
                above = of_grand.get(grand)
                if above is None:
                    great = grand.getparent()
                    above = _shape(grand) if great is None else f"{_shape(grand)}/{_shape(great)}"
                    of_grand[grand] = above
                signature = f"{signature}/{above}"
            of_parent[parent] = signature
        group = groups.get(signature)
        if group is None:
            group = groups[signature] = []
        group.append((a, title))
    return [
        (at, links, sum(len(title) for _, title in links))
        for at, links in enumerate(groups.values())
        if len(links) >= 2  # a single link scores nothing
    ]


def _any_of(*patterns: re.Pattern[str]) -> re.Pattern[str]:
    """One pattern whose `match` finds a match where any of `patterns`' would, each keeping
    its own flags."""
    letters = {re.IGNORECASE: "i", re.MULTILINE: "m", re.DOTALL: "s", re.VERBOSE: "x"}
    parts = []
    for p in patterns:
        flags = p.flags & ~re.UNICODE
        scoped = "".join(letter for flag, letter in letters.items() if flags & flag)
        if flags & ~sum(letters):
            raise ValueError(f"a flag that cannot be scoped: {p.pattern!r}")
        parts.append(f"(?{scoped}:{p.pattern})" if scoped else f"(?:{p.pattern})")
    return re.compile("|".join(parts))


# Link text that is no row's title: one regex, not three tried in turn on every link.
_NOT_A_ROW_TITLE = _any_of(P.NEXT_PAGE_TEXT, P.PAGE_LINK_TEXT, P.ROW_LABEL_BRACKETED)


def _shape(node: etree._Element) -> str:
    """One ancestor's part of `_signature`: its tag and its classes but the row-variant ones."""
    names = node.get("class")
    if not names:
        return f"{node.tag}."
    classes = [c for c in names.split() if not P.ROW_VARIANT_CLASS.fullmatch(c)]
    return f"{node.tag}.{'.'.join(sorted(classes))}"


def _group_score(
    links: _Links, total: int, dates: dict[etree._Element, str | None] | None = None
) -> float:
    """A group's titles' length, up to twice that when every row is dated, a fifth of it in
    navigation, headers and footers. Each link's `_row_date` goes into `dates` if given."""
    dated = 0
    for a, title in links:
        date = _row_date(a, title)
        if dates is not None:
            dates[a] = date
        if date:
            dated += 1
    chrome = sum(1 for a, _ in links[:5] if _in_chrome(a))
    value = total * (1 + dated / len(links))
    return value * (0.2 if chrome >= min(3, len(links)) else 1.0)


def _best_group(
    candidates: list[_Group], dates: dict[etree._Element, str | None] | None = None
) -> _Group | None:
    """The group that scores best, the one found first on the page of those that tie (with
    the `_row_date` of each link of the groups scored in `dates`, if given).

    A group's score is at most twice its titles' length (every row dated, no chrome), so the
    groups are scored longest first and only while one could still reach the best score; a
    tie goes to the group found first on the page, as a plain `max` over all of them would.
    """
    best: _Group | None = None
    best_score = 0.0
    for group in sorted(candidates, key=lambda c: -c[2]):
        at, links, total = group
        if 2 * total < best_score:
            break
        value = _group_score(links, total, dates)
        if value > best_score or (best is not None and value == best_score and at < best[0]):
            best, best_score = group, value
    return best


def _row_date(a: etree._Element, title: str) -> str | None:
    parent = a.getparent()
    row_text = normalize_ws("".join(parent.itertext())) if parent is not None else title
    rest = row_text.replace(title, "")
    m = P.CN_DATETIME.search(rest) or P.MONTH_DAY_IN_ROW.search(rest)
    return m.group(0) if m else None


def generic_rows(sel: Selector, base: str, site: Site | None) -> list[ListingRow]:
    """Rows from the dominant repeated group of links, with the date shown beside each."""
    body = sel.root.find("body") if isinstance(sel.root, etree._Element) else None
    dates: dict[etree._Element, str | None] = {}
    best = _best_group(_link_groups(body), dates) if body is not None else None
    # each link's title, as the grouping read it (the tree has not changed since)
    titles = dict(best[1]) if best is not None else {}
    links = _without_label_links(list(titles), titles)
    row_of = _row_of(links)
    found = []
    for a in links:
        title = titles[a]
        row = row_of[a]
        # the winning group was scored: its rows' dates are known
        date = dates[a] if a in dates else _row_date(a, title)
        if date is None and row is not a and row is not a.getparent():
            # a table row keeps its date in a cell of its own, beside the link's cell
            link_text = normalize_ws("".join(a.itertext()))
            rest = normalize_ws(" ".join(row.itertext())).replace(link_text, " ")
            m = P.CN_DATETIME.search(rest)
            date = m.group(0).strip() if m else None
        found.append((a, row, title, date))
    return _labelled_rows(found, base, site)


# ------------------------------------------------------------ labels beside the link ---


def _label_text(text: str | None, *, bare: bool = False) -> str | None:
    """The department or column a piece of row text names: "[区教育局]" -> "区教育局".

    Dates, counters, hit counts, badges (置顶, NEW, 视频) and people are no labels. `bare` text
    (not an element of its own) counts only when brackets or a closing "：" set it apart.
    """
    value = normalize_ws(text).strip(" ·•|｜>»-—")
    m = P.ROW_LABEL_BRACKETED.match(value)
    if m:
        value = m["label"]
    elif bare and not P.ROW_LABEL_SEPARATOR_END.search(value):
        return None
    value = P.LABEL_VALUE_PREFIX.sub("", value.strip(" ·•|｜:：-—>»")).strip()
    if not 2 <= len(value) <= MAX_LABEL or P.NOT_LABEL_PREFIX.match(value):
        return None
    if any(c.isdigit() for c in value) or P.SENTENCE_PUNCT.search(value):
        return None
    if not any(c.isalpha() for c in value) or P.ROW_BADGE.fullmatch(value):
        return None
    return value


def _bracket_head(title: str) -> str | None:
    """The label a link's text opens with in brackets: "【区体育局】我区…" -> "区体育局"."""
    m = P.ROW_LABEL_HEAD.match(title)
    return _label_text(m["label"]) if m else None


def _classes(el: etree._Element) -> list[str]:
    return [c for c in (el.get("class") or "").split() if not P.ROW_VARIANT_CLASS.fullmatch(c)]


def _element_label(el: etree._Element, after: bool) -> str | None:
    """The label an element of a row (not the link) shows, if it shows one."""
    if not isinstance(el.tag, str) or el.tag in ("script", "style", "img", "br", "input"):
        return None
    tokens = class_tokens(el)
    if any(P.NOT_LABEL_CLASS.fullmatch(t) for t in tokens):
        return None
    text = "".join(el.itertext())
    # after the title, a short span is as often the author or a note: only a table's label
    # cell, an element classed as a label, or brackets say it is the row's department
    if (
        after
        and el.tag not in ("td", "th")
        and not any(P.LABEL_CLASS.fullmatch(t) for t in tokens)
        and not P.ROW_LABEL_BRACKETED.match(normalize_ws(text).strip(" ·•|｜>»-—"))
    ):
        return None
    return _label_text(text)


def _pieces_beside(row: etree._Element, link: etree._Element) -> Iterator[tuple[str, str]]:
    """(slot, label) for what the row shows outside its link, nearest the link first: the
    elements and text beside each ancestor of the link up to the row. `slot` names the place
    (before or after the link, tag, classes), so a listing can ask which places recur."""
    if row is link:
        # rows that share one container: only what stands right before the link is its own
        prev, parent = link.getprevious(), link.getparent()
        text = prev.tail if prev is not None else (parent.text if parent is not None else None)
        label = _label_text(text, bare=True) if text and text.strip() else None
        if label:
            yield "before:text", label
        elif prev is not None and prev.tag != "a":
            label = _element_label(prev, after=False)
            if label:
                yield f"before:{prev.tag}.{'.'.join(_classes(prev))}", label
        return
    node = link
    while node is not row:
        parent = node.getparent()
        if parent is None:
            return
        side = "before"
        if parent.text:
            label = _label_text(parent.text, bare=True)
            if label:
                yield "before:text", label
        for child in parent:
            if child is node:
                side = "after"
            else:
                label = _element_label(child, after=side == "after")
                if label:
                    yield f"{side}:{child.tag}.{'.'.join(_classes(child))}", label
            if child.tail:
                label = _label_text(child.tail, bare=True)
                if label:
                    yield f"{'after' if child is node else side}:text", label
        node = parent


def _labels_beside_links(pairs: list[tuple[etree._Element, etree._Element]]) -> list[str | None]:
    """Each row's label beside its link: the first before the link, else the first after it.

    A place that holds a label in one row only (a stray <em>, one note) is no label column:
    it must recur in two rows of the listing.
    """
    chosen: list[tuple[str, str] | None] = []
    for link, row in pairs:
        pieces = list(_pieces_beside(row, link))
        first = next((p for p in pieces if p[0].startswith("before")), None)
        chosen.append(first or (pieces[0] if pieces else None))
    slots = Counter(c[0] for c in chosen if c)
    need = min(2, len(pairs))
    return [c[1] if c and slots[c[0]] >= need else None for c in chosen]


def _without_label_links(
    links: list[etree._Element], titles: dict[etree._Element, str]
) -> list[etree._Element]:
    """The row links without the department links some rows open with
    (`<li><a href="/col/jyj/">区住房保障房屋管理局</a><a href="…">标题</a></li>`): of the two
    links a row element holds, the first is the row's label when its text is a body's name.
    `titles` holds each link's `_link_title`."""
    per_parent = Counter(a.getparent() for a in links)
    out = []
    for a in links:
        nxt = a.getnext()
        while nxt is not None and nxt.tag != "a":
            nxt = nxt.getnext()
        text = titles[a]
        if (
            nxt is not None
            and nxt in titles
            # a flat run of links (no element per row) holds many: each is a row
            and per_parent[a.getparent()] == 2
            and len(text) <= MAX_GLUED_LABEL
            and P.GLUED_LABEL.fullmatch(text)
            and len(titles[nxt]) > len(text)
        ):
            continue
        out.append(a)
    return out


# ---------------------------------------------------- labels glued to titles, learned ---

# what follows a glued label, as evidence for (or against) it being one
_SAME = "same"  # the label again, its short name, another body, 我区: a headline of its own
_STEM = "stem"  # the label's short name and a noun: 岳阳街道岳阳市场监管所…
_CLAUSE = "clause"  # a noun phrase, then a verb: 中山街道蓝天五村居民区开展…
_SUBJECT = "subject"  # a verb or a particle: 江桥镇召开… (the body is the subject)
_NEUTRAL = "neutral"


def _stem(label: str) -> str:
    """A body's short name: 岳阳街道 -> 岳阳, 区文化旅游局 -> 文化旅游, 九亭镇 -> 九亭."""
    m = P.GLUED_LABEL.fullmatch(label)
    core = m["core"] if m else label
    return core[1:] if core[:1] in ("区", "市", "县", "省") and len(core) > 2 else core


def _rest_kind(label: str, rest: str) -> str:
    """What the title left after `label` says about the label: see `_SAME` … `_NEUTRAL`."""
    rest = rest.lstrip(" :：-|｜")
    if len(rest) < MIN_REST:
        return _SUBJECT
    if rest.startswith(label):
        return _SAME
    me = P.SELF_REFERENCE_START.match(rest)
    # "区体育局我区…", "区教育局全区…"; but "新河镇全镇…" may be the town itself
    if me and (me.group(0)[0] == "我" or not label.endswith(me.group(0)[1:])):
        return _SAME
    if P.OWN_ORGAN_START.match(rest) or P.HEADLINE_PREDICATE_START.match(rest):
        return _SUBJECT
    stem = _stem(label)
    if len(stem) >= 2 and rest.startswith(stem):
        after = rest[len(stem) :]
        # "岳阳召开…", "九亭九亭镇…": the short name as the subject of a headline of its own
        if after.startswith(label) or P.HEADLINE_PREDICATE_START.match(after):
            return _SAME
        return _STEM
    other = P.OTHER_BODY_START.match(rest)
    # a body's name holds no verb and no particle: "区属学校开展…中心" is a clause
    if other and not _reads_as_clause(other.group(0)):
        return _SAME
    if P.HEADLINE_VERB.search(rest, 2, 16):
        return _CLAUSE
    return _NEUTRAL


def _reads_as_clause(name: str) -> bool:
    """Whether what looks like a body's name holds a verb or a particle (举办, 的, 与 …)."""
    return bool(P.HEADLINE_VERB.search(name)) or any(
        c in P.HEADLINE_FUNCTION_CHARS + "这那" for c in name
    )


def _suffix_ends() -> frozenset[str] | None:
    """The last characters of the body suffixes `GLUED_LABEL` ends with: a prefix ending in
    none of them cannot match it. None when the pattern is not a plain list of words (then
    every prefix is tried)."""
    suffixes = P._BODY_SUFFIX.split("|")
    if not P.GLUED_LABEL.pattern.endswith(f"(?P<suffix>{P._BODY_SUFFIX})") or not all(
        s and re.escape(s) == s for s in suffixes
    ):
        return None
    return frozenset(s[-1] for s in suffixes)


_SUFFIX_ENDS = _suffix_ends()


def _glued_candidates(title: str) -> Iterator[str]:
    """Each prefix of a title shaped like a body's name, shortest first."""
    ends = _SUFFIX_ENDS
    for end in range(3, min(MAX_GLUED_LABEL, len(title) - MIN_REST) + 1):
        if ends is not None and title[end - 1] not in ends:
            continue
        prefix = title[:end]
        if (
            P.GLUED_LABEL.fullmatch(prefix)
            and not P.NOT_GLUED_LABEL_END.search(prefix)
            and not _reads_as_clause(prefix)
        ):
            yield prefix


def learned_section_labels(rows: Iterable[ListingRow]) -> tuple[str, ...]:
    """The department labels a listing glues in front of its titles, learned from its rows
    alone (what `site add` proposes as a profile's `section_labels`); most rows first.

    A prefix is a label when it names a body (…局, …委, …办, …中心, …街道, …镇), starts two
    rows or more, and what follows it reads as a headline of its own rather than as the body's
    predicate. Proof is a row that restarts with its own subject: the label again
    (新浜镇新浜镇小剧场…), its short name (岳阳街道岳阳召开…), another body (区体育局车墩镇举行…)
    or 我区/全区 (区体育局我区网球队员…); against it count rows where a verb or particle follows
    (江桥镇召开…, 外冈镇举办…). A label is proven by two such rows, or by one where no row
    counts against it, and never with more rows against it than for it. Once
    the listing has proven labels, it is known to glue them, and a body that other rows follow
    with noun phrases of their own (中山街道蓝天五村居民区开展…) is one too, unless a verb
    follows it in more than a quarter of them. Nothing proven, nothing learned: a town that is
    simply the subject of a listing's headlines stays in them.
    """
    titles = list(
        dict.fromkeys(
            normalize_ws(r.title) for r in rows if r.title and not matches_placeholder(r.title)
        )
    )
    rests: dict[str, list[str]] = defaultdict(list)
    # where each prefix first opens a title (the titles are distinct: the index of the title
    # its first rest came from, found without searching the titles for it)
    first: dict[str, int] = {}
    for at, title in enumerate(titles):
        for prefix in _glued_candidates(title):
            rests[prefix].append(title[len(prefix) :])
            first.setdefault(prefix, at)
    kinds = {
        label: Counter(_rest_kind(label, rest) for rest in found)
        for label, found in rests.items()
        if len(found) >= 2
    }

    def support(k: Counter[str]) -> int:
        return k[_SAME] + k[_STEM] + k[_CLAUSE]

    # one restart is proof only where no row reads the body as the subject
    proven = {
        label
        for label, k in kinds.items()
        if (k[_SAME] >= 2 or (k[_SAME] and not k[_SUBJECT])) and k[_SUBJECT] <= support(k)
    }
    learned = set(proven)
    if proven:
        # the listing glues labels: a body no verb follows is one of them
        learned |= {
            label
            for label, k in kinds.items()
            if 3 * k[_SUBJECT] <= support(k) + k[_NEUTRAL] and support(k) + k[_NEUTRAL] >= 2
        }
    # of two labels one of which opens the other (中山街道, 中山街道中山街道), the longer holds the
    # start of a title or a unit of the shorter's body: the department is the shorter
    learned = {x for x in learned if not any(x != y and x.startswith(y) for y in learned)}
    return tuple(sorted(learned, key=lambda x: (-len(rests[x]), first[x])))


def glued_label(title: str, labels: Iterable[str]) -> str | None:
    """The learned label glued in front of one listing title, unless a verb follows it there.

    "江桥镇召开…" keeps its subject even where 江桥镇 is a label on other rows: the listing may
    glue it to a headline without a subject, or the town may be the subject of an unlabelled
    row, and only the article's own title can tell (the spider compares the two).
    """
    label, rest = split_section(title, labels)
    return label if label and _rest_kind(label, rest) != _SUBJECT else None


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
        # only a pager's link can be the next page: the URLs of the rest are never joined
        says_next = P.NEXT_PAGE_TEXT.match(text)
        if not says_next and not P.PAGE_LINK_TEXT.match(text):
            continue
        nxt = _href(base, a.get("href"))
        if not nxt or nxt == url:
            continue
        if says_next:
            return nxt
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
    """The rows and next page of a listing page (pure: no fetching, no state).

    The rows its scripts hold (a datastore, a JSON array) replace those its HTML shows when
    they read more as a listing (`rows_score`) and are not the same rows drawn twice.
    """
    base = _base_url(sel, url)
    if site is not None and site.listing.rows is not None:
        rows = rows_from_rules(sel, site, base)
    else:
        rows = generic_rows(sel, base, site)
    kind, request = "html", None
    scripts = _scripts(sel)
    if scripts:
        found, found_kind, found_request = _script_listing(scripts, base, url, site)
        if found and _prefer_script(rows, found):
            rows, kind, request = found, found_kind, found_request
    nxt = request.url if request is not None else next_page(sel, site, base, url)
    return _finished(url, rows, site, next_page=nxt, kind=kind, next_request=request)


def _finished(
    url: str,
    rows: Iterable[ListingRow],
    site: Site | None,
    *,
    next_page: str | None,
    kind: str,
    next_request: PageRequest | None = None,
) -> ListingPage:
    """The page with each row once, and glued labels learned when the profile lists none."""
    seen: set[str] = set()
    unique = []
    for row in rows:
        if row.url not in seen:
            seen.add(row.url)
            unique.append(row)
    # a profile that lists its labels has said which they are; without it, the page says
    if site is None or not site.section_labels:
        learned = learned_section_labels(unique)
        if learned:
            unique = [
                row if row.section else replace(row, section=glued_label(row.title, learned))
                for row in unique
            ]
    return ListingPage(
        url=url, rows=tuple(unique), next_page=next_page, kind=kind, next_request=next_request
    )


def _scripts(sel: Selector) -> list[tuple[str, str]]:
    """(type, text) of each inline script of the page."""
    root = sel.root
    if not isinstance(root, etree._Element):
        return []
    return [(s.get("type") or "", s.text) for s in root.iter("script") if s.text and s.text.strip()]


def _script_listing(
    scripts: list[tuple[str, str]], base: str, url: str, site: Site | None
) -> tuple[list[ListingRow], str, PageRequest | None]:
    """The rows a page's scripts hold: a datastore's records (and the request for the records
    after them), else the JSON array that reads most as this site's listing."""
    store = find_datastore(text for _, text in scripts)
    if store is not None:
        rows = datastore_rows(store.records, base, site)
        if rows:
            return rows, "datastore", datastore_paging((t for _, t in scripts), store, url)
    hosts = [urlsplit(url).hostname or "", *(site.domains if site else ())]
    timezone = site.timezone if site else "Asia/Shanghai"
    rows = script_json_rows(code_scripts(scripts), base, hosts, timezone)
    return rows, "json", None


def _prefer_script(html_rows: list[ListingRow], script_rows: list[ListingRow]) -> bool:
    """Whether a script's rows are the listing rather than the rows the HTML shows: the HTML
    shows none, or other rows (a menu, a sidebar) that read less as a listing. The same rows
    in both (a page drawn on the server, or by a browser) stay HTML rows."""
    if not html_rows:
        return True
    shown = {r.url for r in html_rows}
    if 2 * sum(1 for r in script_rows if r.url in shown) >= len(script_rows):
        return False
    return rows_score(script_rows) > rows_score(html_rows)


_RECORD_CLASS = "newsarchive-record"


def datastore_rows(records: Iterable[str], base: str, site: Site | None) -> list[ListingRow]:
    """The rows of a datastore's records, each record (an HTML fragment) one row: its link with
    the longest title, the date and the label it shows. A profile's `rows` selector is read
    inside the records first."""
    parts = []
    for record in records:
        # a table row outside a table is dropped by the parser, as by a browser
        tag = "table" if record.lstrip()[:3].lower() in ("<tr", "<td", "<tb") else "div"
        parts.append(f'<{tag} class="{_RECORD_CLASS}">{record}</{tag}>')
    sel = Selector(text=f"<html><body>{''.join(parts)}</body></html>", type="html")
    if site is not None and site.listing.rows is not None:
        ruled = rows_from_rules(sel, site, base)
        if ruled:
            return ruled
    body = sel.root.find("body") if isinstance(sel.root, etree._Element) else None
    if body is None:
        return []
    found = []
    for wrapper in body:
        if wrapper.get("class") != _RECORD_CLASS:
            continue
        links = [a for a in wrapper.iter("a") if _href(base, a.get("href"))]
        if not links:
            continue
        link = max(links, key=lambda a: len(_link_title(a)))
        title = _link_title(link)
        if len(title) < MIN_ROW_TITLE:
            continue
        children = [c for c in wrapper if isinstance(c.tag, str)]
        row = children[0] if len(children) == 1 and children[0] is not link else wrapper
        shown = normalize_ws("".join(link.itertext()))
        rest = normalize_ws(" ".join(row.itertext())).replace(title, " ")
        rest = rest.replace(shown, " ") if shown else rest
        m = P.CN_DATETIME.search(rest) or P.MONTH_DAY_IN_ROW.search(rest)
        found.append((link, row, title, m.group(0).strip() if m else None))
    return _labelled_rows(found, base, site)


def read_listing_answer(
    text: str,
    url: str,
    site: Site | None = None,
    *,
    page: int = 1,
    sent: PageRequest | None = None,
    channel_url: str | None = None,
) -> ListingPage:
    """What a listing request brought back: page `page` of the API a profile names, the
    records a data proxy answered `sent` with, or a listing page."""
    if site is not None and site.listing.api is not None:
        found = api_listing(
            text,
            url,
            site.listing.api,
            channel_url=channel_url or url,
            page=page,
            hosts=[urlsplit(url).hostname or "", *site.domains],
            timezone=site.timezone,
        )
        return _finished(url, found.rows, site, next_page=found.next_page, kind="api")
    if sent is not None:
        store = find_datastore([text])
        base = sent.page_url or url
        rows = datastore_rows(store.records, base, site) if store else []
        request = next_datastore_request(sent, store)
        nxt = request.url if request else None
        return _finished(url, rows, site, next_page=nxt, kind="datastore", next_request=request)
    return parse_listing(make_selector(text), url, site)


LISTING_KINDS = {
    "html": "HTML rows",
    "datastore": "script datastore",
    "json": "embedded JSON",
    "api": "JSON API",
}
# what to try when a listing page gives no rows at all (`site add` says it)
NO_ROWS_ADVICE = (
    "no article rows in the page's HTML or in its scripts. If a browser shows the list, the "
    "page fetches it: name that JSON endpoint in the profile ([sites.<slug>.listing.api]: "
    "endpoint with {page}, and the paths of rows, title, url, date), or, when nothing else "
    "gives the list, set render = true to have a browser draw it"
)


def listing_kind(page: ListingPage) -> str:
    """Which kind of listing a page is, in words: HTML rows, script datastore, embedded JSON,
    JSON API, or none (no rows at all).

    >>> listing_kind(ListingPage("http://a.cn/", (), kind="json"))
    'none'
    >>> listing_kind(ListingPage("http://a.cn/", (ListingRow("http://a.cn/1", "标题"),)))
    'HTML rows'
    """
    if not page.rows:
        return "none"
    return LISTING_KINDS.get(page.kind, page.kind)


def is_listing_page(sel: Selector, url: str) -> bool:
    """Whether a page is a listing (rows of links to articles) rather than an article.

    A page that declares itself an article (og:type article, JSON-LD NewsArticle, the CMS's
    ArticleTitle) is one. Otherwise it is a listing when it has a dominant group of at least
    `MIN_LISTING_ROWS` row links and, outside those rows, less prose than the rows' titles
    (an article's "related news" list is short beside its text).
    """
    root = sel.root
    if not isinstance(root, etree._Element):
        return False
    body = root.find("body")
    if body is None or _declares_article(sel):
        return False
    candidates = _link_groups(body)
    # Whichever group dominates, the page is a listing only if that group has enough rows and
    # less prose outside them than its titles hold. An article page's few long groups (its
    # related list) each have more prose beside them than that: asking each of them settles
    # the page without scoring any group (dates and chrome of every row).
    reached: list[_Group] = []
    for group in sorted(candidates, key=lambda c: -c[2]):
        if len(group[1]) < MIN_LISTING_ROWS:
            continue
        if not _prose_reaches(body, group):
            short = group  # a listing if it wins
            break
        reached.append(group)
    else:
        return False
    best = _best_group(candidates)
    if best is short:
        return True
    if best is None or len(best[1]) < MIN_LISTING_ROWS or any(g is best for g in reached):
        return False
    return not _prose_reaches(body, best)


def _prose_reaches(body: etree._Element, group: _Group) -> bool:
    """Whether the page's prose outside the group's rows holds as many characters as the
    group's titles (200 at least): if so, the group is no listing's rows."""
    rows = _rows_of([a for a, _ in group[1]])
    enough = max(group[2], 200)
    prose = 0
    # an article's text passes the rows' length early: the rest of the page need not be read
    for line in iter_lines(body, skip=lambda n: n in rows):
        if line.link_density < 0.3 and (
            len(line.text) >= 60 or len(P.SENTENCE_PUNCT.findall(line.text)) >= 2
        ):
            prose += len(line.text)
            if prose >= enough:
                return True
    return False


def _declares_article(sel: Selector) -> bool:
    """og:type article (the first og:type with a content), a meta named ArticleTitle, or a
    JSON-LD script of an article type: what `//meta[@property="og:type"]/@content`,
    `//meta/@name` and `//script[@type="application/ld+json"]/text()` find, read in one pass
    over the tree's meta and script elements (three parsel queries cost more than the walk)."""
    root = sel.root
    if not isinstance(root, etree._Element):
        return False
    og_read = False
    for el in _document_iter(root, "meta", "script"):
        if el.tag == "meta":
            if not og_read and el.get("property") == "og:type":
                content = el.get("content")
                if content is not None:
                    og_read = True
                    if content.strip().lower() == "article":
                        return True
            name = el.get("name")
            if name is not None and name.lower() == "articletitle":
                return True
        elif el.get("type") == "application/ld+json":
            # text() is every text node of the script: its text and its children's tails
            for raw in (el.text, *(child.tail for child in el)):
                if raw and P.LD_ARTICLE_TYPE.search(raw):
                    return True
    return False


def _document_iter(root: etree._Element, *tags: str) -> Iterator[etree._Element]:
    """The elements of these tags in the whole document, in order, as `//tag` finds them:
    libxml2 can leave an element outside <html> (after a stray </html>), beside the root."""
    top = root.getroottree().getroot()
    for node in (*reversed(list(top.itersiblings(preceding=True))), top, *top.itersiblings()):
        if isinstance(node.tag, str):
            yield from node.iter(*tags)


def _row_of(links: list[etree._Element]) -> dict[etree._Element, etree._Element]:
    """The element that holds each listing row: the highest ancestor of its link that holds no
    other row's link (so a row's summary, date and label belong to the row)."""
    # Only whether an ancestor holds one link or more matters, so a link's walk up stops at
    # the first ancestor an earlier walk reached, marking it shared. Every lowest common
    # ancestor still gets marked: of the links under it, the first walk to arrive goes on,
    # and the next one arrives as well (an ancestor it met below would mean a link under it
    # that arrived even earlier). The walks back up stop where full counts would.
    shared: dict[etree._Element, bool] = {}
    # each link's walk, kept: the way back up is the same ancestors, and every one of them
    # was met by some walk (the last one a walk stopped at, or the top)
    walks = []
    for a in links:
        walk = []
        for anc in a.iterancestors():
            walk.append(anc)
            if anc in shared:
                shared[anc] = True
                break
            shared[anc] = False
        walks.append(walk)
    rows = {}
    for a, walk in zip(links, walks, strict=True):
        row = a
        for anc in walk:
            if shared[anc]:
                break
            row = anc
        rows[a] = row
    return rows


def _rows_of(links: list[etree._Element]) -> set[etree._Element]:
    return set(_row_of(links).values())
