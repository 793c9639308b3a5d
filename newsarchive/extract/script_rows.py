"""Listing rows that a page's scripts hold, and the JSON column APIs that profiles name.

Many government portals write no article link into their listing's HTML; a script draws the
list from data. Three shapes of that data are read here, without a browser:

- **XML datastores** (Hanweb's jpage and its copies): `<script type="text/xml"><datastore>
  <nextgroup>…</nextgroup><recordset><record><![CDATA[<li>…</li>]]></record>…`. Each record
  is an HTML fragment (the listing reader turns it into a row). Later records come from the
  page's data proxy (`dataproxy.jsp?startrecord=…&endrecord=…&perpage=…`), POSTed with the
  parameters the page's own script passes (`datastore_paging`, `next_datastore_request`).
- **JSON in scripts**: `var list = [...]`, `articleList: [...]`, `window.__INITIAL_STATE__ =
  {...}`, `JSON.parse('…')`, in JSON or in JavaScript's looser literal syntax. An array of
  objects with a title-like and a URL-like field is a listing (`json_rows`); dates, sources and
  sections are taken when a field is named like one. A URL may itself be a JSON string
  (`"urls": "{\\"pc\\":\\"/…/content_1.html\\"}"`).
- **JSON column APIs** a profile names (`ApiListing`): `api_listing` reads one page of the
  answer, `api_page_url` says where page N is.

No Scrapy here: text in, rows and requests out.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from json.scanner import make_scanner
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from newsarchive.extract.processors import normalize_ws
from newsarchive.items import ListingPage, ListingRow, PageRequest
from newsarchive.sites.base import ApiListing

# as the HTML reader's MIN_ROW_TITLE: shorter text is a menu entry, not a headline
MIN_TITLE = 5
# fewer rows than this in an array (or in a datastore) and it is no listing
MIN_ARRAY_ROWS = 2
# how deep into a JSON value arrays are looked for (`window.__INITIAL_STATE__` nests)
MAX_DEPTH = 12
# characters the loose (JavaScript literal) reader may spend on one page: a page of minified
# code is many failed starts, and they must not cost more than reading the page once or twice
LOOSE_BUDGET = 2_000_000

# ------------------------------------------------------------------ field names, as data ---
# A field's name is compared lower-cased without "_" and "-"; the first name in each tuple that
# an object has wins, then any name containing one of the `*_PARTS`.
TITLE_KEYS = (
    "title",
    "doctitle",
    "articletitle",
    "newstitle",
    "infotitle",
    "showtitle",
    "maintitle",
    "fulltitle",
    "headline",
    "subject",
    "biaoti",
    "bt",
    "name",
)
TITLE_PARTS = ("title",)
URL_KEYS = (
    "urls",
    "url",
    "href",
    "link",
    "docurl",
    "pcurl",
    "articleurl",
    "linkurl",
    "detailurl",
    "infourl",
    "htmlurl",
    "weburl",
    "pageurl",
    "visiturl",
    "redirecturl",
    "path",
)
URL_PARTS = ("url", "href", "link")
# the member of a URL object (`{"pc": …, "h5": …}`) a desktop crawl follows, in order
URL_VARIANTS = ("pc", "web", "www", "url", "href", "link", "common", "default", "h5", "mobile", "m")
DATE_KEYS = (
    "pubdate",
    "publishdate",
    "publishtime",
    "pubtime",
    "publishedat",
    "releasedate",
    "releasetime",
    "docreltime",
    "docpubtime",
    "pubdatestr",
    "fbsj",
    "fbrq",
    "date",
    "time",
    "showtime",
    "createtime",
    "createdate",
    "ctime",
    "inputtime",
)
DATE_PARTS = ("date", "time")
SOURCE_KEYS = (
    "source",
    "contentsource",
    "docsource",
    "sourcename",
    "infosource",
    "comefrom",
    "origin",
    "ly",
)
SOURCE_PARTS = ("source",)
SECTION_KEYS = (
    "section",
    "channelname",
    "chnlname",
    "columnname",
    "colname",
    "catalogname",
    "categoryname",
    "deptname",
    "department",
    "unitname",
    "lmmc",
    "channel",
    "column",
    "category",
)
SECTION_PARTS = ("channelname", "columnname", "deptname")

# second-level names many unrelated sites share: hosts under them are not one site's
SHARED_SUFFIXES = frozenset(
    {"gov.cn", "com.cn", "org.cn", "net.cn", "edu.cn", "ac.cn", "co.uk", "com.hk", "gov.hk"}
)
NOT_ARTICLE_EXT = re.compile(r"\.(?:jpe?g|png|gif|webp|bmp|svg|ico|css|js|mp4|mp3)(?:[?#]|$)", re.I)
# the types of <script> whose text is code or JSON (templates and datastores are neither)
CODE_TYPES = ("", "text/javascript", "application/javascript", "module", "application/json")

# --------------------------------------------------------------------- XML datastores ---
DATASTORE = re.compile(r"<datastore\b[^>]*>(?P<body>.*?)</datastore\s*>", re.S | re.I)
RECORD = re.compile(
    r"<record\b[^>]*>\s*(?:<!\[CDATA\[(?P<cdata>.*?)\]\]>|(?P<plain>.*?))\s*</record\s*>",
    re.S | re.I,
)
NEXTGROUP = re.compile(
    r"<nextgroup\b[^>]*>\s*(?:<!\[CDATA\[(?P<cdata>.*?)\]\]>|(?P<plain>.*?))\s*</nextgroup\s*>",
    re.S | re.I,
)
HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.I)
TOTAL_IN_STORE = re.compile(r"<total(?:record|records|count)\b[^>]*>\s*(\d+)\s*<", re.I)
# jpage's options, wherever the page's script writes them (`perPage: 15`, `var totalRecord = 52`)
PAGING_NUMBER = {
    "perpage": re.compile(r"""\bper_?page\s*[:=]\s*["']?(\d+)""", re.I),
    "total": re.compile(r"""\btotal_?record(?:s)?\s*[:=]\s*["']?(\d+)""", re.I),
    "group": re.compile(r"""\bgroup_?size\s*[:=]\s*["']?(\d+)""", re.I),
}
PROXY_URL = re.compile(r"""\bproxy_?url\s*[:=]\s*["']([^"']+)["']""", re.I)
PARAMS_START = re.compile(
    r"""\b(?:ajax_?params?|params|param|data_?params?)\s*[:=]\s*(?=\{)""", re.I
)
DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp"
# what jpage asks for in one request when the page does not say: 3 pages of 15
DEFAULT_PER_PAGE = 15
DEFAULT_GROUP = 3
# the data proxy's own paging parameters, which travel in the query string, not the form
PAGING_PARAMS = ("startrecord", "endrecord", "perpage", "page")


@dataclass(frozen=True)
class Datastore:
    """One XML datastore: its records (HTML fragments, in order), the `nextgroup` link, and
    the number of records the column holds when the store says."""

    records: tuple[str, ...]
    nextgroup: str | None = None
    total: int | None = None


def find_datastore(texts: Iterable[str]) -> Datastore | None:
    """The first datastore with records in `texts` (script texts, or a data proxy's answer).

    >>> store = find_datastore(['<datastore><recordset><record><![CDATA[<li><a href="/a/1.html">'
    ...     '一则新闻标题</a></li>]]></record></recordset></datastore>'])
    >>> store.records
    ('<li><a href="/a/1.html">一则新闻标题</a></li>',)
    """
    for text in texts:
        if "datastore" not in text.lower():
            continue
        for m in DATASTORE.finditer(text):
            body = m["body"]
            records = tuple(
                (r["cdata"] if r["cdata"] is not None else html.unescape(r["plain"])).strip()
                for r in RECORD.finditer(body)
            )
            records = tuple(r for r in records if r)
            if not records:
                continue
            nextgroup = None
            g = NEXTGROUP.search(body)
            if g:
                inner = g["cdata"] if g["cdata"] is not None else html.unescape(g["plain"])
                h = HREF.search(inner)
                nextgroup = html.unescape(h[1]).strip() if h else None
            total = TOTAL_IN_STORE.search(body)
            return Datastore(records, nextgroup, int(total[1]) if total else None)
    return None


def datastore_paging(scripts: Iterable[str], store: Datastore, url: str) -> PageRequest | None:
    """The request for the records after a page's own datastore, as jpage makes it: a POST to
    the data proxy with `startrecord`/`endrecord`/`perpage` in the query and the parameters
    the page's script passes (else those of the `nextgroup` link) as the form. None when the
    store already holds the whole column.

    >>> page = "$('#c').jpage({perPage: 2, totalRecord: 5, groupSize: 1, "
    >>> page += "proxyUrl: '/module/web/jpage/dataproxy.jsp', "
    >>> page += "ajaxParam: {col: 1, columnid: 321, webname: '某县'}})"
    >>> request = datastore_paging([page], Datastore(("<li/>", "<li/>")), "http://a.cn/col/c.html")
    >>> request.url
    'http://a.cn/module/web/jpage/dataproxy.jsp?startrecord=3&endrecord=4&perpage=2'
    >>> request.formdata, request.total
    ((('col', '1'), ('columnid', '321'), ('webname', '某县')), 5)
    """
    texts = list(scripts)
    numbers: dict[str, int] = {}
    proxy: str | None = None
    params: dict[str, Any] | None = None
    for text in texts:
        for name, pattern in PAGING_NUMBER.items():
            m = pattern.search(text)
            if m and name not in numbers:
                numbers[name] = int(m[1])
        m = PROXY_URL.search(text)
        if m and proxy is None:
            proxy = m[1]
        if params is None:
            for start in PARAMS_START.finditer(text):
                value = read_literal(text, start.end(), _Budget(LOOSE_BUDGET))
                if isinstance(value, dict) and value:
                    params = value
                    break
    form: list[tuple[str, str]] = []
    if params is not None:
        form = [(str(k), _form_value(v)) for k, v in params.items() if k not in PAGING_PARAMS]
    if store.nextgroup:
        parts = urlsplit(store.nextgroup)
        if proxy is None and parts.path:
            proxy = parts.path
        if not form:
            form = [(k, v) for k, v in parse_qsl(parts.query) if k not in PAGING_PARAMS]
    if proxy is None and not form:
        return None  # a datastore with no data proxy: the page holds all there is
    per_page = numbers.get("perpage") or DEFAULT_PER_PAGE
    group = numbers.get("group") or (1 if "perpage" in numbers else DEFAULT_GROUP)
    total = numbers.get("total") or store.total
    have = len(store.records)
    if total is not None and have >= total:
        return None
    return _proxy_request(
        urljoin(url, proxy or DEFAULT_PROXY),
        tuple(form),
        start=have + 1,
        count=max(per_page * group, have),
        per_page=per_page,
        total=total,
        page_url=url,
    )


def next_datastore_request(sent: PageRequest, store: Datastore | None) -> PageRequest | None:
    """The data proxy request after `sent`, whose answer held `store`: the next records, until
    the column's total or a short answer says there are no more.

    >>> sent = PageRequest("http://a.cn/p.jsp?startrecord=3&endrecord=4&perpage=2", total=5)
    >>> next_datastore_request(sent, Datastore(("<li/>", "<li/>"))).url
    'http://a.cn/p.jsp?startrecord=5&endrecord=6&perpage=2'
    >>> next_datastore_request(sent, Datastore(("<li/>",))) is None
    True
    """
    if store is None or not store.records:
        return None
    query = dict(parse_qsl(urlsplit(sent.url).query))
    try:
        start, end = int(query["startrecord"]), int(query["endrecord"])
        per_page = int(query.get("perpage") or end - start + 1)
    except (KeyError, ValueError):
        return None
    asked = end - start + 1
    total = sent.total or store.total
    if len(store.records) < asked or (total is not None and end >= total):
        return None
    base = urlunsplit(urlsplit(sent.url)._replace(query="", fragment=""))
    return _proxy_request(
        base,
        sent.formdata,
        start=end + 1,
        count=asked,
        per_page=per_page,
        total=total,
        page_url=sent.page_url,
    )


def _proxy_request(
    proxy: str,
    form: tuple[tuple[str, str], ...],
    *,
    start: int,
    count: int,
    per_page: int,
    total: int | None,
    page_url: str | None,
) -> PageRequest:
    parts = urlsplit(proxy)
    kept = [(k, v) for k, v in parse_qsl(parts.query) if k not in PAGING_PARAMS]
    paging = [("startrecord", start), ("endrecord", start + count - 1), ("perpage", per_page)]
    query = urlencode([*paging, *kept])
    return PageRequest(
        urlunsplit(parts._replace(query=query, fragment="")), form, total=total, page_url=page_url
    )


def _form_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ----------------------------------------------------------- JSON and JS literals ---


class _Budget:
    """Characters the loose reader may still spend."""

    def __init__(self, chars: int) -> None:
        self.left = chars


class _NotLiteral(ValueError):
    pass


# the decoder's scanner: when it fails it raises StopIteration, and builds no error object (whose
# count of the lines before it costs a page of code thousands of passes over the page)
_SCAN = make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
_IDENT = re.compile(r"[A-Za-z_$][\w$]*")
_NUMBER = re.compile(r"-?(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_SPACE = re.compile(r"(?:\s+|//[^\n]*|/\*.*?\*/)*", re.S)
_WORDS = {"true": True, "false": False, "null": None, "undefined": None}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def read_literal(text: str, pos: int, budget: _Budget | None = None) -> Any:
    """The JSON or JavaScript literal (object, array, string, number) at `pos`, or None when
    there is none: single-quoted strings, bare keys, comments and trailing commas are read as
    a browser reads them; anything computed (a call, a variable) is no literal.

    >>> read_literal("var list = [{title: '区政府召开会议', url: '/a/1.html',}];", 11)
    [{'title': '区政府召开会议', 'url': '/a/1.html'}]
    """
    found = _literal_with_end(text, pos, budget or _Budget(LOOSE_BUDGET))
    return found[0] if found is not None else None


# what JSON text starts with; anything else goes to the loose reader at once
_JSON_START = re.compile(r'\{\s*["}]|\[\s*(?:[\[{"\]\d-]|true\b|false\b|null\b)|"')
# what a failed start costs the loose reader's budget, beyond the characters it read
_ATTEMPT_COST = 32


def _literal_with_end(text: str, pos: int, budget: _Budget) -> tuple[Any, int] | None:
    if _JSON_START.match(text, pos):
        try:
            value, end = _SCAN(text, pos)
            return value, end
        except (StopIteration, ValueError):
            pass
    if budget.left <= 0:
        return None
    budget.left -= _ATTEMPT_COST
    try:
        return _Loose(text, budget).value(pos)
    except (_NotLiteral, IndexError, RecursionError):
        return None


class _Loose:
    """A reader of JavaScript literals: JSON's grammar, loosened as JS loosens it."""

    def __init__(self, text: str, budget: _Budget) -> None:
        self.text = text
        self.budget = budget

    def _space(self, pos: int) -> int:
        m = _SPACE.match(self.text, pos)
        return m.end() if m else pos

    def _spend(self, start: int, end: int) -> None:
        self.budget.left -= max(1, end - start)
        if self.budget.left < 0:
            raise _NotLiteral("budget spent")

    def value(self, pos: int, depth: int = 0) -> tuple[Any, int]:
        if depth > 64:
            raise _NotLiteral("too deep")
        pos = self._space(pos)
        c = self.text[pos]
        if c == "{":
            return self._object(pos + 1, depth)
        if c == "[":
            return self._array(pos + 1, depth)
        if c in "\"'`":
            return self._string(pos)
        m = _NUMBER.match(self.text, pos)
        if m:
            self._spend(pos, m.end())
            raw = m.group(0)
            number: Any = int(raw, 16) if raw.lower().startswith(("0x", "-0x")) else float(raw)
            if isinstance(number, float) and number.is_integer() and "." not in raw:
                number = int(number)
            return number, m.end()
        m = _IDENT.match(self.text, pos)
        if m and m.group(0) in _WORDS:
            return _WORDS[m.group(0)], m.end()
        raise _NotLiteral(f"no literal at {pos}")

    def _object(self, pos: int, depth: int) -> tuple[dict[str, Any], int]:
        out: dict[str, Any] = {}
        while True:
            pos = self._space(pos)
            if self.text[pos] == "}":
                return out, pos + 1
            c = self.text[pos]
            if c in "\"'":
                key, pos = self._string(pos)
            else:
                m = _IDENT.match(self.text, pos) or _NUMBER.match(self.text, pos)
                if not m:
                    raise _NotLiteral(f"no key at {pos}")
                key, pos = m.group(0), m.end()
            pos = self._space(pos)
            if self.text[pos] != ":":
                raise _NotLiteral(f"no colon at {pos}")
            out[key], pos = self.value(pos + 1, depth + 1)
            pos = self._space(pos)
            if self.text[pos] == ",":
                pos += 1
            elif self.text[pos] != "}":
                raise _NotLiteral(f"no comma at {pos}")

    def _array(self, pos: int, depth: int) -> tuple[list[Any], int]:
        out: list[Any] = []
        while True:
            pos = self._space(pos)
            if self.text[pos] == "]":
                return out, pos + 1
            item, pos = self.value(pos, depth + 1)
            out.append(item)
            pos = self._space(pos)
            if self.text[pos] == ",":
                pos += 1
            elif self.text[pos] != "]":
                raise _NotLiteral(f"no comma at {pos}")

    def _string(self, pos: int) -> tuple[str, int]:
        quote = self.text[pos]
        out: list[str] = []
        i = pos + 1
        text = self.text
        while True:
            j = i
            while text[j] not in (quote, "\\", "\n") and not (quote == "`" and text[j] == "$"):
                j += 1
            out.append(text[i:j])
            c = text[j]
            if c == quote:
                self._spend(pos, j)
                return "".join(out), j + 1
            if c == "\n" and quote != "`":
                raise _NotLiteral("line break in a string")
            if c == "\n" or (c == "$" and text[j + 1] != "{"):
                out.append(c)
                i = j + 1
                continue
            if c == "$":
                raise _NotLiteral("template with a substitution")
            e = text[j + 1]
            if e == "u":
                if text[j + 2] == "{":
                    end = text.index("}", j + 3)
                    out.append(chr(int(text[j + 3 : end], 16)))
                    i = end + 1
                else:
                    out.append(chr(int(text[j + 2 : j + 6], 16)))
                    i = j + 6
            elif e == "x":
                out.append(chr(int(text[j + 2 : j + 4], 16)))
                i = j + 4
            elif e == "\n":
                i = j + 2
            else:
                out.append(_ESCAPES.get(e, e))
                i = j + 2


# where a literal may start: after `=`, `:`, `(` or `,` (an assignment, a member, an argument)
_LITERAL_START = re.compile(r"(?:[=:(,]|\breturn)\s*(?=[\[{])")
_JSON_PARSE = re.compile(r"JSON\.parse\(\s*(?=[\"'`])")


def script_values(text: str, budget: _Budget | None = None) -> Iterator[Any]:
    """The data literals in one script's text, outermost first; a literal's insides are not
    read again. `JSON.parse("…")` gives what its string holds.

    >>> list(script_values("var a = 1; var list = [{t: 1}]; f({x: 'y'});"))
    [[{'t': 1}], {'x': 'y'}]
    """
    budget = budget or _Budget(LOOSE_BUDGET)
    stripped = text.strip()
    if stripped[:1] in "[{":
        found = _literal_with_end(stripped, 0, budget)
        if found is not None and not stripped[found[1] :].strip(" ;\n\r\t"):
            yield found[0]  # the whole script is data (type="application/json")
            return
    starts = sorted(
        [(m.end(), False) for m in _LITERAL_START.finditer(text)]
        + [(m.end(), True) for m in _JSON_PARSE.finditer(text)]
    )
    covered = -1
    for pos, encoded in starts:
        if pos < covered:
            continue
        if budget.left <= 0:
            return
        if encoded:
            found = _literal_with_end(text, pos, budget)
            if found is None or not isinstance(found[0], str):
                continue
            inner = _json_text(found[0])
            if inner is None:
                continue
            covered = found[1]
            yield inner
            continue
        found = _literal_with_end(text, pos, budget)
        if found is None:
            continue
        value, covered = found
        if isinstance(value, dict | list):
            yield value


def _json_text(value: str) -> Any:
    """What a string holds when it is JSON text of an object or an array, else None."""
    s = value.strip()
    if not s or s[0] not in "[{":
        return None
    try:
        return json.loads(s)
    except ValueError:
        return None


# ------------------------------------------------------------------ rows from JSON ---


def _key(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


def _keyed(obj: Mapping[str, Any]) -> dict[str, Any]:
    """An object's fields by `_key` of their names (of two names with one key, the later)."""
    return {_key(k): v for k, v in obj.items() if isinstance(k, str)}


def _field(keyed: Mapping[str, Any], names: tuple[str, ...], parts: tuple[str, ...]) -> Any:
    """The value of the first field of an object (`keyed` by `_keyed`) named in `names`, else
    of one whose name holds a `parts` word; empty values do not count."""
    for name in names:
        value = keyed.get(name)
        if value not in (None, "", [], {}):
            return value
    for key, value in keyed.items():
        if any(p in key for p in parts) and value not in (None, "", [], {}):
            return value
    return None


_TAG = re.compile(r"<[^>]+>")
_NAME_KEYS = ("name", "title", "text", "label", "value")


def clean_text(value: Any) -> str:
    """A field's text as a reader sees it: tags and entities gone, spaces normalised.

    >>> clean_text("<font color='red'>区政府&nbsp;召开会议</font>")
    '区政府 召开会议'
    """
    if isinstance(value, Mapping):
        # a section or a source given as an object: {"name": "本地新闻", "id": 7}
        keyed = {_key(k): v for k, v in value.items() if isinstance(k, str)}
        return next((t for k in _NAME_KEYS if (t := clean_text(keyed.get(k)))), "")
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return ""
    return normalize_ws(html.unescape(_TAG.sub("", str(value))))


def link_of(value: Any, base: str) -> str | None:
    """The article URL a field holds: a URL, a JSON string or object of URLs (`{"pc": …}`,
    the desktop one first), resolved against `base`.

    >>> link_of('{"pc":"/zx/content_1951206363677671424.html","h5":"/m/1.html"}', "http://a.cn/l/")
    'http://a.cn/zx/content_1951206363677671424.html'
    """
    if isinstance(value, str):
        inner = _json_text(value)
        if inner is not None:
            return link_of(inner, base)
        href = value.strip()
        if not href or href.lower().startswith(("javascript:", "mailto:", "#", "tel:", "data:")):
            return None
        if NOT_ARTICLE_EXT.search(href):
            return None
        try:
            url = urljoin(base, href)
        except ValueError:
            return None
        return url if urlsplit(url).scheme in ("http", "https") else None
    if isinstance(value, Mapping):
        keyed = {_key(k): v for k, v in value.items() if isinstance(k, str)}
        for name in URL_VARIANTS:
            if name in keyed:
                found = link_of(keyed[name], base)
                if found:
                    return found
        for v in value.values():
            found = link_of(v, base)
            if found:
                return found
        return None
    if isinstance(value, list):
        for v in value:
            found = link_of(v, base)
            if found:
                return found
    return None


def date_text(value: Any, timezone: str = "Asia/Shanghai") -> str | None:
    """A row's date as a field gives it: its text, or a Unix time (seconds or milliseconds)
    as the site's local date and time.

    >>> date_text(1753779540000), date_text("2025-07-29 16:59"), date_text("①²")
    ('2025-07-29 16:59', '2025-07-29 16:59', '①²')
    """
    if isinstance(value, bool):
        return None
    # (isdecimal, not isdigit: "²" and "①" are digits float() cannot read)
    if isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdecimal()):
        number = float(value)
        if number > 1e11:
            number /= 1000
        if not 1e8 < number < 5e9:
            return None
        local = datetime.fromtimestamp(number, ZoneInfo(timezone))
        return local.strftime("%Y-%m-%d %H:%M")
    text = clean_text(value)
    return text or None


def row_of(
    obj: Any,
    base: str,
    *,
    paths: ApiListing | None = None,
    timezone: str = "Asia/Shanghai",
) -> ListingRow | None:
    """The listing row one JSON object stands for, or None: it needs a title of some length
    and a link to a page. `paths` (a profile's) name the fields; without one, names do."""
    if not isinstance(obj, Mapping):
        return None

    keyed: dict[str, Any] | None = None  # the object's fields by key, made once for every pick

    def pick(path: str | None, names: tuple[str, ...], parts: tuple[str, ...]) -> Any:
        nonlocal keyed
        if path:
            return follow(obj, path)
        if keyed is None:
            keyed = _keyed(obj)
        return _field(keyed, names, parts)

    given = paths or ApiListing()
    title = clean_text(pick(given.title, TITLE_KEYS, TITLE_PARTS))
    if len(title) < MIN_TITLE:
        return None
    url = link_of(pick(given.url, URL_KEYS, URL_PARTS), base)
    if url is None or url.split("#")[0] == base.split("#")[0]:
        return None
    date = date_text(pick(given.date, DATE_KEYS, DATE_PARTS), timezone)
    source = clean_text(pick(given.source, SOURCE_KEYS, SOURCE_PARTS)) or None
    section = clean_text(pick(given.section, SECTION_KEYS, SECTION_PARTS)) or None
    return ListingRow(url=url, title=title, section=section, date=date, source=source)


def follow(value: Any, path: str) -> Any:
    """What a dotted path leads to in a JSON value (`data.list`, `urls.pc`, `items.0`); a JSON
    string on the way is read as JSON. None when the path leads nowhere.

    >>> follow({"data": {"list": [{"urls": '{"pc": "/a.html"}'}]}}, "data.list.0.urls.pc")
    '/a.html'
    """
    for step in (s for s in path.split(".") if s):
        if isinstance(value, str):
            inner = _json_text(value)
            if inner is None:
                return None
            value = inner
        if isinstance(value, Mapping):
            value = value.get(step)
        elif isinstance(value, list) and step.lstrip("-").isdigit():
            index = int(step)
            value = value[index] if -len(value) <= index < len(value) else None
        else:
            return None
        if value is None:
            return None
    return value


def _arrays(value: Any, depth: int = 0) -> Iterator[list[Any]]:
    """Every array of objects in a JSON value, outer ones first (JSON strings read too)."""
    if depth > MAX_DEPTH:
        return
    if isinstance(value, str):
        inner = (
            _json_text(value) if len(value) > 20 and value.lstrip()[:2] in ("[{", '{"') else None
        )
        if inner is not None:
            yield from _arrays(inner, depth + 1)
        return
    if isinstance(value, list):
        if any(isinstance(v, Mapping) for v in value):
            yield value
        for v in value:
            if isinstance(v, list | Mapping):
                yield from _arrays(v, depth + 1)
    elif isinstance(value, Mapping):
        for v in value.values():
            if isinstance(v, list | Mapping | str):
                yield from _arrays(v, depth + 1)


def _parent(host: str) -> str:
    return host.split(".", 1)[1] if host.count(".") >= 2 else host


def same_site(url: str, hosts: Iterable[str]) -> bool:
    """Whether `url` is on one of `hosts` or a host of the same site (`fgw.a.gov.cn` beside
    `www.a.gov.cn`), not merely under a suffix many sites share (`gov.cn`).

    >>> same_site("http://fgw.a.gov.cn/1.html", ["www.a.gov.cn"])
    True
    >>> same_site("http://www.b.gov.cn/1.html", ["www.a.gov.cn"])
    False
    """
    host = (urlsplit(url).hostname or "").lower()
    for other in hosts:
        other = other.lower()
        if not other:
            continue
        if host == other or host.endswith("." + other) or other.endswith("." + host):
            return True
        parent = _parent(host)
        if parent == _parent(other) and parent.count(".") >= 1 and parent not in SHARED_SUFFIXES:
            return True
    return False


def rows_score(rows: Iterable[ListingRow]) -> float:
    """How much a set of rows looks like a listing: their titles' length, more when dated
    (the same measure the HTML reader ranks its groups of links by)."""
    rows = list(rows)
    if not rows:
        return 0.0
    dated = sum(1 for r in rows if r.date)
    return sum(len(r.title) for r in rows) * (1 + dated / len(rows))


def json_rows(
    values: Iterable[Any],
    base: str,
    hosts: Iterable[str],
    *,
    timezone: str = "Asia/Shanghai",
) -> list[ListingRow]:
    """The rows of the array that reads most as this site's listing, among every array of
    objects in `values`: most of its objects are rows (a title and a link), at least
    `MIN_ARRAY_ROWS` of them, most of those on the site (`hosts`); ranked by `rows_score`."""
    hosts = list(hosts)
    best: list[ListingRow] = []
    best_score = 0.0
    for value in values:
        for array in _arrays(value):
            objects = [o for o in array if isinstance(o, Mapping)]
            rows = [r for r in (row_of(o, base, timezone=timezone) for o in objects) if r]
            if len(rows) < MIN_ARRAY_ROWS or 2 * len(rows) < len(objects):
                continue
            on_site = [r for r in rows if same_site(r.url, hosts)]
            if 2 * len(on_site) < len(rows):
                continue  # friendly links, a partner's feed
            score = rows_score(rows)
            if score > best_score:
                best, best_score = rows, score
    return _unique(best)


def _unique(rows: Iterable[ListingRow]) -> list[ListingRow]:
    seen: set[str] = set()
    out = []
    for row in rows:
        if row.url not in seen:
            seen.add(row.url)
            out.append(row)
    return out


def code_scripts(scripts: Iterable[tuple[str, str]]) -> list[str]:
    """The texts of the (type, text) scripts that hold code or JSON, not templates."""
    out = []
    for kind, text in scripts:
        kind = (kind or "").strip().lower()
        if (kind in CODE_TYPES or kind.endswith(("javascript", "json"))) and text.strip():
            out.append(text)
    return out


def script_json_rows(
    scripts: Iterable[str], base: str, hosts: Iterable[str], timezone: str = "Asia/Shanghai"
) -> list[ListingRow]:
    """The listing rows the JSON in a page's scripts holds (`json_rows` over every literal)."""
    budget = _Budget(LOOSE_BUDGET)
    values = [v for text in scripts for v in script_values(text, budget)]
    return json_rows(values, base, hosts, timezone=timezone)


# ----------------------------------------------------------------- JSON column APIs ---

# rows a page of an API holds when the profile does not say (for `{offset}` only)
DEFAULT_API_PAGE_SIZE = 20
_JSONP = re.compile(r"^\s*[\w$.]+\s*\(\s*(?P<body>[\[{].*[\]}])\s*\)\s*;?\s*$", re.S)


def api_page_url(api: ApiListing, channel_url: str, page: int) -> str:
    """Where page `page` (1 for the first) of a profile's API listing is: the endpoint (else
    the channel's URL; a path is read against the channel's URL) with `{page}` and `{offset}`
    filled in.

    >>> api = ApiListing(endpoint="http://a.cn/api/list?pageNo={page}&size=10", first_page=0)
    >>> api_page_url(api, "http://a.cn/col/1.html", 2)
    'http://a.cn/api/list?pageNo=1&size=10'
    """
    template = urljoin(channel_url, api.endpoint) if api.endpoint else channel_url
    number = api.first_page + page - 1
    size = api.page_size or DEFAULT_API_PAGE_SIZE
    return template.replace("{page}", str(number)).replace("{offset}", str((page - 1) * size))


def read_json_answer(text: str) -> Any:
    """An API's answer as JSON (JSONP's `callback({...})` unwrapped), or None."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    m = _JSONP.match(text)
    if m:
        try:
            return json.loads(m["body"])
        except ValueError:
            return None
    return None


def api_listing(
    text: str,
    url: str,
    api: ApiListing,
    *,
    channel_url: str,
    page: int,
    hosts: Iterable[str],
    timezone: str = "Asia/Shanghai",
) -> ListingPage:
    """One page of a profile's JSON column API: its rows (by the profile's paths, else by the
    fields' names), and the next page while this one has rows and the total says there are
    more."""
    data = read_json_answer(text)
    if data is None:
        arrays: list[Any] = []
    elif api.rows:
        arrays = [follow(data, api.rows)]
    else:
        arrays = list(_arrays(data))
    rows: list[ListingRow] = []
    for array in arrays:
        if not isinstance(array, list):
            continue
        found = [r for r in (row_of(o, url, paths=api, timezone=timezone) for o in array) if r]
        if rows_score(found) > rows_score(rows):
            rows = found
    rows = _unique(rows)
    next_page = None
    if rows:
        total = _int(follow(data, api.total)) if api.total else None
        # without the page size, a full page stands for it: a short last page then costs one
        # more request, which answers no rows
        if total is None or page * (api.page_size or len(rows)) < total:
            next_page = api_page_url(api, channel_url, page + 1)
    return ListingPage(url=url, rows=tuple(rows), next_page=next_page, kind="api")


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None
