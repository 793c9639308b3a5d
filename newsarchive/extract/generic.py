"""The generic extractor: field candidates from any news page, no selectors needed.

Signals, most trusted first: the <meta> tags Chinese CMSs emit (ArticleTitle, PubDate,
ContentSource, Author, ColumnName), Open Graph and JSON-LD, <time>, then the visible byline
next to the title (作者/记者/来源/发布时间/责任编辑/"于…发表"). The body is the block with
the most non-link text, with boilerplate paragraphs removed.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from parsel import Selector

from newsarchive import patterns as P
from newsarchive.extract.html import CHROME_TAGS, SKIP_TAGS, Line, lines
from newsarchive.processors import normalize_ws, split_names, strip_site_suffix

META_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("articletitle", "og:title", "twitter:title", "title"),
    "published_at": (
        "pubdate",
        "publishdate",
        "article:published_time",
        "og:article:published_time",
        "datepublished",
        "publish-date",
        "publish_date",
        "firstpublishedtime",
        "dc.date.issued",
        "dc.date",
        "date",
    ),
    "author": ("author", "article:author", "dc.creator", "byl"),
    "source": ("contentsource", "source", "og:article:source"),
    "section": ("columnname", "article:section", "og:article:section"),
    "site_name": ("sitename", "og:site_name", "application-name"),
}
ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "webpage"}
BYLINE_WINDOW_BEFORE = 3
BYLINE_WINDOW_AFTER = 8


@dataclass
class Candidates:
    """Values per field in the order they should be tried."""

    values: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    body: list[str] = field(default_factory=list)
    site_names: list[str] = field(default_factory=list)

    def add(self, name: str, value: Any) -> None:
        if isinstance(value, str):
            value = normalize_ws(value)
            if value and value not in self.values[name]:
                self.values[name].append(value)


def read_meta(sel: Selector) -> dict[str, str]:
    """First content of each <meta name|property|itemprop>, keys lower-cased."""
    meta: dict[str, str] = {}
    for node in sel.root.iter("meta"):
        key = node.get("name") or node.get("property") or node.get("itemprop")
        content = node.get("content")
        if key and content and content.strip():
            meta.setdefault(key.strip().lower(), content)
    return meta


def read_json_ld(sel: Selector) -> list[dict[str, Any]]:
    """The Article-like objects in the page's JSON-LD blocks."""
    found: list[dict[str, Any]] = []
    for raw in sel.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                if any(isinstance(k, str) and k.lower() in ARTICLE_TYPES for k in kinds):
                    found.append(item)
                stack.extend(v for k, v in item.items() if k == "@graph")
    return found


def _ld_names(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else None
    if isinstance(value, list):
        names = [n for n in (_ld_names(v) for v in value) if n]
        return "、".join(names) or None
    return None


def find_title_index(doc_lines: list[Line], title: str | None) -> int | None:
    """Where the title stands in the page text (exact line first, then a line containing it)."""
    if not title:
        return None
    for i, line in enumerate(doc_lines):
        if line.text == title:
            return i
    for i, line in enumerate(doc_lines):
        if title in line.text and len(line.text) <= len(title) + 40:
            return i
    return None


def byline_fields(window: list[str], cands: Candidates) -> None:
    """Labelled values (来源：, 作者：, 发布时间：, 责任编辑：) and "X 于DATE发表" in the lines."""
    for text in window:
        if len(text) > 200:
            continue
        posted = P.POSTED_BY.search(text)
        if posted:
            cands.add("author", posted["name"])
            cands.add("published_at", posted["date"])
        labels = list(P.BYLINE_LABEL.finditer(text))
        for i, m in enumerate(labels):
            end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
            value = text[m.end() : end].strip()
            label = m["label"]
            if label in ("发布时间", "发布日期", "更新时间", "时间", "日期"):
                date = P.CN_DATETIME.search(value)
                if date and label != "更新时间":
                    cands.add("published_at", date.group(0))
            elif label == "来源":
                cands.add("source", _first_word(value))
            elif label in ("作者", "记者", "通讯员"):
                cands.add("author", _name_value(value))
            elif label in ("责任编辑", "编辑"):
                cands.add("editor", _first_word(value))
        if not labels and len(text) <= 60 and P.AUTHOR_ROLES.match(text):
            cands.add("author", split_names(text))
        if not posted:
            date = P.CN_DATETIME.search(text)
            if date and len(text) <= 80:
                cands.add("published_at", date.group(0))


def _first_word(value: str) -> str:
    return value.split(" ")[0].strip("【】[]()（）|,，;；")


def _name_value(value: str) -> str:
    # a name list stops where the byline moves on to something that is not a name
    names = []
    for token in P.NAME_SPLIT.split(value):
        token = token.strip("【】[]()（）")
        if not token or not P.NAME_TOKEN.match(token) or P.AUTHOR_ROLES.match(token):
            break
        names.append(token)
    return "、".join(names)


def _hint(node: etree._Element) -> float:
    """How much an element's class and id say it is (or is not) the article text."""
    names = f"{node.get('class', '')} {node.get('id', '')}"
    if not names.strip():
        return 1.0
    if P.NEGATIVE_HINT.search(names):
        return 0.2
    if P.POSITIVE_HINT.search(names):
        return 1.5
    return 1.0


def best_body_element(sel: Selector) -> etree._Element | None:
    """The element whose paragraphs hold the most non-link text (ancestors get a share),
    weighted by what its class and id say (content/zoom/article vs footer/share/nav)."""
    scores: dict[etree._Element, float] = defaultdict(float)
    body = sel.root.find("body")
    if body is None:
        return None
    for node in body.iter("p", "div", "td", "section", "article", "li", "span", "font"):
        if _inside_chrome(node):
            continue
        if node.tag == "p":
            text = normalize_ws("".join(node.itertext()))
            link = sum(len(normalize_ws(a.text_content())) for a in node.iter("a"))
            target = node.getparent()
        else:
            text = normalize_ws("".join(t for t in (node.text, *(c.tail for c in node)) if t))
            link = 0
            # inline text counts for the block around it, never as a candidate of its own
            target = node.getparent() if node.tag in ("span", "font") else node
        length = len(text) - 2 * link
        if length <= 0 or P.BOILERPLATE_LINE.match(text) or _is_byline(text):
            continue
        weight = 1.0
        while target is not None and weight > 0.2:
            scores[target] += length * weight
            target = target.getparent()
            weight /= 2
    if not scores:
        return body
    return max(scores, key=lambda el: scores[el] * _hint(el))


def _is_byline(text: str) -> bool:
    return len(text) <= 120 and (
        P.POSTED_BY.search(text) is not None
        or len(P.BYLINE_LABEL.findall(text)) >= 2
        or (P.BYLINE_LABEL.match(text) is not None and len(text) <= 40)
    )


def _inside_chrome(node: etree._Element) -> bool:
    return any(a.tag in CHROME_TAGS or a.tag in SKIP_TAGS for a in node.iterancestors())


def clean_body(paragraphs: list[Line], title: str | None) -> list[str]:
    """Paragraphs without boilerplate, link lists, the title or the byline repeated in the body."""
    out: list[str] = []
    for line in paragraphs:
        text = line.text
        if line.link_density > 0.5 and len(text) < 200:
            continue
        if P.BOILERPLATE_LINE.match(text):
            continue
        if title and text == title and not out:
            continue
        if _is_byline(text):
            continue
        out.append(text)
    return out


def generic_candidates(sel: Selector, site_names: tuple[str, ...] = ()) -> Candidates:
    """Every field's candidates from meta, JSON-LD, <time> and the visible byline; and a body."""
    cands = Candidates()
    meta = read_meta(sel)
    for name, keys in META_KEYS.items():
        for key in keys:
            if key in meta and not meta[key].lower().startswith("http"):
                cands.add(name, meta[key])
    for item in read_json_ld(sel):
        cands.add("title", item.get("headline"))
        cands.add("published_at", item.get("datePublished"))
        cands.add("author", _ld_names(item.get("author")))
        cands.add("section", item.get("articleSection"))
        cands.add("site_name", _ld_names(item.get("publisher")))
    cands.add("published_at", sel.xpath("//time/@datetime").get())

    names = tuple(site_names) + tuple(cands.values.get("site_name", ()))
    cands.site_names = list(names)
    page_title = normalize_ws(sel.xpath("//title/text()").get())
    heading_texts = [normalize_ws("".join(h.itertext())) for h in sel.root.iter("h1", "h2", "h3")]
    # a heading that the <title> starts with is the article title; else the first h1
    for heading in heading_texts:
        if heading and len(heading) >= 4 and page_title.startswith(heading):
            cands.add("title", heading)
    for h1 in sel.root.iter("h1"):
        cands.add("title", "".join(h1.itertext()))
    if page_title:
        cands.add("title", strip_site_suffix(page_title, names))
    return cands


def byline_candidates(sel: Selector, title: str | None, cands: Candidates) -> None:
    """Add what the visible byline around the title says."""
    body = sel.root.find("body")
    if body is None:
        return
    doc = lines(body, gaps=True)
    idx = find_title_index(doc, title)
    if idx is None:
        window = [line.text for line in doc[:40]]
    else:
        before = doc[max(0, idx - BYLINE_WINDOW_BEFORE) : idx]
        after = doc[idx + 1 : idx + 1 + BYLINE_WINDOW_AFTER]
        window = [line.text for line in after] + [line.text for line in before]
    byline_fields(window, cands)


def generic_body(sel: Selector) -> list[Line]:
    """The paragraphs of the page's main text block."""
    element = best_body_element(sel)
    if element is None:
        return []
    return lines(element)
