"""Field candidates from a page's metadata: the <meta> tags Chinese CMSs emit (ArticleTitle,
PubDate, ContentSource, Author, ColumnName, SiteName), Open Graph, and JSON-LD articles."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from newsarchive.extract.processors import normalize_ws

META_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("articletitle", "og:title", "twitter:title", "headline", "title"),
    "published_at": (
        "pubdate",
        "publishdate",
        "article:published_time",
        "og:article:published_time",
        "og:release_date",
        "datepublished",
        "publish-date",
        "publish_date",
        "publishtime",
        "pubtime",
        "firstpublishedtime",
        "parsely-pub-date",
        "sailthru.date",
        "article.published",
        "dc.date.issued",
        "dc.date.created",
        "dc.date",
        "date",
    ),
    "author": (
        "author",
        "article:author",
        "dc.creator",
        "byl",
        "parsely-author",
        "sailthru.author",
    ),
    "source": ("contentsource", "source", "og:article:source"),
    "section": ("columnname", "article:section", "og:article:section"),
    "site_name": ("sitename", "og:site_name", "application-name"),
}


ARTICLE_TYPES = (
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "article",
    "blogposting",
    "liveblogposting",
    "report",
    "webpage",
)


@dataclass
class Candidates:
    """Values per field in the order they should be tried."""

    values: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # (line, name, role): everyone the lines credit, with the line each credit stands on
    credits: list[tuple[int, str, str]] = field(default_factory=list)

    def add(self, name: str, value: Any) -> None:
        if isinstance(value, str):
            value = normalize_ws(value)
            if value and value not in self.values[name]:
                self.values[name].append(value)

    def get(self, name: str) -> list[str]:
        return self.values.get(name, [])


def read_meta(root: etree._Element) -> dict[str, str]:
    """First content of each <meta name|property|itemprop|http-equiv>, keys lower-cased."""
    meta: dict[str, str] = {}
    for node in root.iter("meta"):
        key = (
            node.get("name")
            or node.get("property")
            or node.get("itemprop")
            or node.get("http-equiv")
        )
        content = node.get("content")
        if key and content and content.strip():
            meta.setdefault(key.strip().lower(), content)
    return meta


def _json_objects(raw: str) -> Any:
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        # a CMS template often leaves a trailing comma or a stray control character
        cleaned = re.sub(r",\s*([}\]])", r"\1", raw.strip().rstrip(";"))
        try:
            return json.loads(cleaned, strict=False)
        except ValueError:
            return None


def read_json_ld(root: etree._Element) -> list[dict[str, Any]]:
    """The Article-like objects in the page's JSON-LD, most specific type first; a reference
    to a person in the same graph ({"@id": …}) is replaced by that person."""
    found: list[tuple[int, dict[str, Any]]] = []
    by_id: dict[str, dict[str, Any]] = {}
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        stack = [_json_objects(script.text)]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if isinstance(item.get("@id"), str):
                    by_id.setdefault(item["@id"], item)
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                ranks = [
                    ARTICLE_TYPES.index(k.lower())
                    for k in kinds
                    if isinstance(k, str) and k.lower() in ARTICLE_TYPES
                ]
                if ranks:
                    found.append((min(ranks), item))
                stack.extend(v for k, v in item.items() if k in ("@graph", "mainEntity"))
    found.sort(key=lambda pair: pair[0])
    out = []
    for _, item in found:
        author = item.get("author")
        if author is not None:
            item = {**item, "author": _resolve(author, by_id)}
        out.append(item)
    return out


def _resolve(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, list):
        return [_resolve(v, by_id) for v in value]
    if isinstance(value, dict) and "name" not in value and isinstance(value.get("@id"), str):
        return by_id.get(value["@id"], value)
    return value


def ld_names(value: Any) -> str | None:
    """The names in a JSON-LD author/publisher value, joined with 、."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else None
    if isinstance(value, list):
        names = [n for n in (ld_names(v) for v in value) if n]
        return "、".join(names) or None
    return None


ORG_TYPES = frozenset(
    {"organization", "newsmediaorganization", "corporation", "governmentorganization", "ngo"}
)


def ld_orgs(value: Any) -> list[str]:
    """The names in a JSON-LD author value typed as an organisation."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            continue
        kinds = item.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(isinstance(k, str) and k.lower() in ORG_TYPES for k in kinds):
            out.append(normalize_ws(item["name"]))
    return out
