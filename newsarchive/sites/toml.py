"""The user's own sites: `sites.toml`, read into the same `Site` objects a profile module declares.

```toml
[sites.jiading]                     # the slug: a-z, 0-9, _ and -
name = "嘉定区人民政府"
start_urls = ["https://www.jiading.gov.cn/xwzx/qjdt/index.html"]  # or [{url = …, name = …}]
download_delay = 2                  # optional: domains, timezone, concurrency, max_pages, …

[sites.jiading.listing]             # optional selectors: CSS, or "xpath:" and an XPath
rows = "ul.list > li"

[sites.jiading.article]
body = ["div#zoom", "div.TRS_Editor"]   # several: the first that matches wins

[sites.bureau]                      # a column whose list only a JSON API gives
name = "某局"
start_urls = ["https://www.bureau.gov.cn/col/col77/index.html"]
render = false                      # true: a browser draws the listing pages (render_articles too)

[sites.bureau.listing.api]          # the endpoint ({page}, {offset}) and paths into its answer
endpoint = "/api/column/77/page_{page}.json"
rows = "data.list"
title = "docTitle"
url = "docUrl"
date = "pubTime"
total = "data.total"
```

A table named after a built-in site and holding nothing else (`[sites.demo]`) lists that site as
it ships. Every problem is a `SiteListError` whose message names the file and line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsarchive.sites.base import (
    ApiListing,
    ArticleRules,
    Channel,
    Css,
    ListingRules,
    Selector,
    SelectorSpec,
    Site,
    XPath,
)

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
XPATH_PREFIX = "xpath:"


class SiteListError(ValueError):
    """A site list that cannot be used; the message is one line: `FILE:LINE: problem`."""


@dataclass(frozen=True)
class Listed:
    """One `[sites.<slug>]` table: the site it declares (None: a built-in named by slug alone)
    and the line of its header."""

    slug: str
    site: Site | None
    line: int


def selector(text: str) -> Selector:
    """A selector string as the profile says it: CSS, or XPath after "xpath:".

    >>> selector("ul.list > li"), selector("xpath://a[@class='next']/@href")
    (Css(query='ul.list > li'), XPath(query="//a[@class='next']/@href"))
    """
    if text.startswith(XPATH_PREFIX):
        return XPath(text[len(XPATH_PREFIX) :].strip())
    return Css(text.strip())


def check_selector(spec: Selector) -> str | None:
    """Why a selector does not parse, or None (a typo fails here, not in the middle of a crawl)."""
    from lxml import etree
    from parsel.csstranslator import HTMLTranslator

    try:
        if isinstance(spec, XPath):
            etree.XPath(spec.query)
        else:
            # parsel's pseudo-elements (::text, ::attr(x)) are part of its dialect
            HTMLTranslator().css_to_xpath(spec.query)
    except Exception as exc:  # cssselect and lxml raise several kinds; all mean "does not parse"
        return f"{type(exc).__name__}: {exc}"
    return None


class _Lines:
    """Where tables and keys sit in the file, for messages (tomllib gives no positions)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.tables: dict[str, int] = {}
        current = ""
        self.keys: dict[tuple[str, str], int] = {}
        for number, raw in enumerate(self.lines, 1):
            line = raw.strip()
            header = re.match(r"^\[\s*([^\[\]]+?)\s*\]", line)
            if header:
                current = re.sub(r"\s*\.\s*", ".", header[1]).replace('"', "")
                self.tables.setdefault(current, number)
                continue
            key = re.match(r"^([A-Za-z0-9_\-\"]+)\s*=", line)
            if key:
                self.keys.setdefault((current, key[1].strip('"')), number)

    def of(self, table: str, key: str | None = None) -> int:
        if key is not None and (table, key) in self.keys:
            return self.keys[(table, key)]
        return self.tables.get(table, 1)


LISTING_KEYS = {f.name for f in fields(ListingRules)}
API_KEYS = {f.name for f in fields(ApiListing)}
API_NUMBERS = {"first_page": 0, "page_size": 1}
PAGE_FIELDS = ("{page}", "{offset}")
ARTICLE_KEYS = {f.name for f in fields(ArticleRules)} - {"author_processors"}
SITE_KEYS = {
    "name",
    "start_urls",
    "domains",
    "timezone",
    "download_delay",
    "concurrency",
    "max_pages",
    "section_labels",
    "title_suffixes",
    "autothrottle",
    "origin",
    "render",
    "render_articles",
    "listing",
    "article",
}


def load(path: Path, builtin: Mapping[str, Site] | None = None) -> list[Listed]:
    """The sites `path` lists, in file order. `builtin`: the slugs a bare table may name."""
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise SiteListError(f"{path}: not UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise SiteListError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # "Cannot declare ('sites', 'a') twice (at line 7, column 10)": the position to the front
        message = str(exc)
        where = re.search(r"\(at (?:line (\d+), column \d+|end of document)\)$", message)
        line = (where[1] or str(max(1, len(text.splitlines())))) if where else "1"
        reason = message[: where.start()].strip() if where else message
        raise SiteListError(f"{path}:{line}: TOML syntax: {reason}") from None
    lines = _Lines(text)
    unknown_top = sorted(set(data) - {"sites"})
    if unknown_top:
        key = unknown_top[0]
        line = lines.keys.get(("", key)) or min(
            (n for t, n in lines.tables.items() if t == key or t.startswith(key + ".")),
            default=1,
        )
        raise SiteListError(
            f"{path}:{line}: unknown key {key!r} (a site list holds [sites.<slug>] tables)"
        )
    sites = data.get("sites", {})
    if not isinstance(sites, dict):
        raise SiteListError(f"{path}:{lines.of('', 'sites')}: `sites` must be a table")
    out = []
    for slug, table in sites.items():
        line = lines.of(f"sites.{slug}")
        out.append(_listed(path, lines, slug, table, line, builtin or {}))
    return out


def _listed(
    path: Path,
    lines: _Lines,
    slug: str,
    table: Any,
    line: int,
    builtin: Mapping[str, Site],
) -> Listed:
    here = f"sites.{slug}"

    def fail(problem: str, key: str | None = None, table: str = here) -> SiteListError:
        return SiteListError(f"{path}:{lines.of(table, key)}: [{here}] {problem}")

    if not SLUG.match(slug):
        raise fail(f"bad slug {slug!r}: use a-z, 0-9, _ and - (starting with a letter or digit)")
    if not isinstance(table, dict):
        raise fail("must be a table")
    if not table and slug in builtin:
        return Listed(slug, None, line)
    if slug in builtin:
        raise fail(
            f"{slug!r} is a built-in site: leave its table empty to list it as it ships, "
            "or give your site another slug"
        )
    unknown = sorted(set(table) - SITE_KEYS)
    if unknown:
        raise fail(
            f"unknown key {unknown[0]!r} (known: {', '.join(sorted(SITE_KEYS))})", unknown[0]
        )
    for required in ("name", "start_urls"):
        if required not in table:
            raise fail(f"needs {required!r}")

    def typed(key: str, kind: type | tuple[type, ...], words: str) -> Any:
        value = table.get(key)
        # TOML's true is a Python int too: a flag is no number
        if value is not None and (isinstance(value, bool) or not isinstance(value, kind)):
            raise fail(f"{key} must be {words}, got {value!r}", key)
        return value

    def strings(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise fail(f"{key} must be a list of strings", key)
        return tuple(value)

    name = typed("name", str, "a string")
    if not name.strip():
        raise fail("name is empty", "name")
    channels = _channels(table["start_urls"], lambda p: fail(p, "start_urls"))
    hosts = tuple(dict.fromkeys(urlsplit(c.url).hostname or "" for c in channels))
    domains = strings("domains") or hosts
    timezone = typed("timezone", str, "a time zone name such as Asia/Shanghai")
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise fail(f"unknown timezone {timezone!r}", "timezone") from None
    delay = typed("download_delay", (int, float), "a number of seconds")
    if delay is not None and delay < 0:
        raise fail("download_delay must not be negative", "download_delay")
    concurrency = typed("concurrency", int, "a whole number")
    if concurrency is not None and concurrency < 1:
        raise fail("concurrency must be at least 1", "concurrency")
    max_pages = typed("max_pages", int, "a whole number")
    if max_pages is not None and max_pages < 1:
        raise fail("max_pages must be at least 1", "max_pages")
    autothrottle = table.get("autothrottle", True)
    if not isinstance(autothrottle, bool):
        raise fail("autothrottle must be true or false", "autothrottle")
    origin = typed("origin", str, "a URL")
    render = {}
    for key in ("render", "render_articles"):
        render[key] = table.get(key, False)
        if not isinstance(render[key], bool):
            raise fail(f"{key} must be true or false", key)
    listing = _rules(table.get("listing", {}), LISTING_KEYS, f"{here}.listing", fail)
    api = listing.get("api")
    if api is not None and api.endpoint is None:
        untemplated = [c.url for c in channels if not any(f in c.url for f in PAGE_FIELDS)]
        if untemplated:
            raise fail(
                f"the api has no endpoint, so each start URL must be one (with {{page}}), "
                f"and {untemplated[0]} is not",
                "endpoint",
                table=f"{here}.listing.api",
            )
    article = _rules(table.get("article", {}), ARTICLE_KEYS, f"{here}.article", fail)
    body_exclude = article.pop("body_exclude", ())
    site = Site(
        slug=slug,
        name=name,
        domains=domains,
        channels=channels,
        listing=ListingRules(**listing, max_pages=max_pages),
        article=ArticleRules(**article, body_exclude=body_exclude),
        section_labels=strings("section_labels"),
        title_suffixes=strings("title_suffixes"),
        timezone=timezone or "Asia/Shanghai",
        download_delay=float(delay) if delay is not None else None,
        concurrency=concurrency,
        autothrottle=autothrottle,
        origin=origin,
        render=render["render"],
        render_articles=render["render_articles"],
    )
    return Listed(slug, site, line)


def _channels(value: Any, fail: Callable[[str], SiteListError]) -> tuple[Channel, ...]:
    if isinstance(value, str | dict):
        value = [value]
    if not isinstance(value, list) or not value:
        raise fail("start_urls must be a list of URLs (or of {url = …, name = …})")
    channels = []
    for item in value:
        if isinstance(item, str):
            url, name = item, None
        elif isinstance(item, dict) and isinstance(item.get("url"), str):
            extra = sorted(set(item) - {"url", "name"})
            if extra:
                raise fail(f"unknown key {extra[0]!r} in a start URL (url, name)")
            url, name = item["url"], item.get("name")
            if name is not None and not isinstance(name, str):
                raise fail(f"the name of {url} must be a string")
        else:
            raise fail(f"a start URL must be a string or {{url = …, name = …}}, got {item!r}")
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise fail(f"start URL {url!r} is not an http(s) URL")
        channels.append(Channel(url.strip(), name))
    return tuple(channels)


def _rules(
    table: Any,
    known: set[str],
    where: str,
    fail: Callable[..., SiteListError],
) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise fail("must be a table", table=where)
    unknown = sorted(set(table) - known)
    if unknown:
        raise fail(
            f"unknown key {unknown[0]!r} in [{where}] (known: {', '.join(sorted(known))})",
            unknown[0],
            table=where,
        )
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key == "max_pages":
            raise fail("max_pages belongs to the site's own table", key, table=where)
        if key == "body_exclude":
            items = value if isinstance(value, list) else [value]
            if not all(isinstance(v, str) and v.strip() for v in items):
                raise fail("body_exclude is a CSS string, or a list of them", key, table=where)
            for css in items:
                problem = check_selector(Css(css))
                if problem:
                    raise fail(f"selector {css!r} does not parse ({problem})", key, table=where)
            out[key] = tuple(v.strip() for v in items)
            continue

        if key == "api":
            out[key] = _api(value, f"{where}.api", fail)
            continue
        if key == "fallback":
            if not isinstance(value, bool):
                raise fail("fallback must be true or false", key, table=where)
            out[key] = value
            continue

        def fail_here(problem: str, key: str = key) -> SiteListError:
            return fail(problem, key, table=where)

        out[key] = _spec(value, fail_here)
    return out


def _api(table: Any, where: str, fail: Callable[..., SiteListError]) -> ApiListing:
    """A listing's `[….listing.api]` table: the endpoint and the paths into its answer."""
    if not isinstance(table, dict):
        raise fail("api must be a table (endpoint, rows, title, url, date …)", table=where)
    unknown = sorted(set(table) - API_KEYS)
    if unknown:
        raise fail(
            f"unknown key {unknown[0]!r} in [{where}] (known: {', '.join(sorted(API_KEYS))})",
            unknown[0],
            table=where,
        )
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key in API_NUMBERS:
            if isinstance(value, bool) or not isinstance(value, int) or value < API_NUMBERS[key]:
                raise fail(
                    f"{key} must be a whole number of at least {API_NUMBERS[key]}, got {value!r}",
                    key,
                    table=where,
                )
        elif not isinstance(value, str) or not value.strip():
            raise fail(f"{key} must be a string, got {value!r}", key, table=where)
        out[key] = value.strip() if isinstance(value, str) else value
    endpoint = out.get("endpoint")
    if endpoint is not None:
        if not any(f in endpoint for f in PAGE_FIELDS):
            raise fail(
                f"endpoint {endpoint!r} has no {{page}} (or {{offset}}) for the page to ask for",
                "endpoint",
                table=where,
            )
        if "{offset}" in endpoint and "page_size" not in out:
            raise fail(
                "an endpoint with {offset} needs page_size (the rows a page holds)",
                "endpoint",
                table=where,
            )
        scheme = urlsplit(endpoint).scheme
        if scheme and scheme not in ("http", "https"):
            raise fail(f"endpoint {endpoint!r} is not an http(s) URL", "endpoint", table=where)
    return ApiListing(**out)


def _spec(value: Any, fail: Callable[[str], SiteListError]) -> SelectorSpec:
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(v, str) and v.strip() for v in items):
        raise fail("a selector is a string, or a list of strings tried in order")
    specs = tuple(selector(v) for v in items)
    for spec in specs:
        problem = check_selector(spec)
        if problem:
            raise fail(f"selector {spec.query!r} does not parse ({problem})")
    return specs[0] if len(specs) == 1 else specs
