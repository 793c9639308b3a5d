"""The shape of a site profile: frozen dataclasses of data, no behaviour.

A site module declares `SITE = Site(...)`; everything it leaves out falls back to the
generic extractor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Css:
    """A CSS query (parsel dialect: `::text`, `::attr(name)` allowed)."""

    query: str


@dataclass(frozen=True)
class XPath:
    """An XPath 1.0 query."""

    query: str


Selector = Css | XPath
# One selector, or several tried in order (old and new templates side by side).
SelectorSpec = Selector | tuple[Selector, ...] | None
Processor = Callable[[str], str]


def selectors(spec: SelectorSpec) -> tuple[Selector, ...]:
    """The selectors of a spec, in the order they are tried."""
    if spec is None:
        return ()
    if isinstance(spec, tuple):
        return spec
    return (spec,)


@dataclass(frozen=True)
class Channel:
    """A listing to start from, and the channel name it stands for (a fallback `section`)."""

    url: str
    name: str | None = None


@dataclass(frozen=True)
class ApiListing:
    """A JSON column endpoint that holds a listing its HTML does not (a "加载更多" button's).

    `endpoint` has `{page}` (the page number, from `first_page`) or `{offset}` (the rows before
    this page: `page_size` per page); without it, each channel's URL is the template.
    The other fields are paths into the answer: dotted keys and list indexes (`data.list`,
    `urls.pc`, `items.0.title`); a value that is a JSON string is read as JSON on the way.
    `rows` leads to the array of rows (without it, the answer's array of objects that reads
    as a listing), the rest are read inside each row (without them, the fields named like a
    title, a link, a date, a source, a section). `total` leads to the number of rows the
    column holds, so the last page is known without asking for one more.
    """

    endpoint: str | None = None
    rows: str | None = None
    title: str | None = None
    url: str | None = None
    date: str | None = None
    section: str | None = None
    source: str | None = None
    total: str | None = None
    first_page: int = 1
    # rows a page holds: needed for `{offset}`, and with `total` it tells the last page
    page_size: int | None = None


@dataclass(frozen=True)
class ListingRules:
    """How to read a listing page.

    `rows` selects one element per article row; its first `a[href]` is the link and its text
    the row title (`row_date` is read inside the row: an element's text, an attribute or a
    text node, `span.date::text`; else the row's first date-time). Without `rows`, the
    generic listing reader finds the dominant repeated group of links, and the rows a page's
    scripts hold (a jpage datastore, a JSON array) when its HTML holds fewer. `api`: the
    listing is read from a JSON endpoint instead of the channel's page.
    """

    rows: SelectorSpec = None
    row_date: SelectorSpec = None
    next_page: SelectorSpec = None
    max_pages: int | None = None
    api: ApiListing | None = None


@dataclass(frozen=True)
class ArticleRules:
    """Selectors per field; a field without one falls back to the generic extractor.

    `body` selects the article container(s); `body_exclude` removes elements inside it
    (share bars, captions) before paragraphs are read.

    `fallback`: whether the generic extractor also fills a field whose selectors find nothing
    on a page (and refines a selector's date to the minute or the day with a time the page
    shows). False makes a field with selectors what they find and nothing else: a template
    without an editor line costs no search for one, and a selector a redesign broke shows as
    a field gone empty instead of a generic guess. A placeholder notice is still told as one.
    """

    title: SelectorSpec = None
    author: SelectorSpec = None
    source: SelectorSpec = None
    editor: SelectorSpec = None
    published_at: SelectorSpec = None
    section: SelectorSpec = None
    body: SelectorSpec = None
    body_exclude: tuple[str, ...] = ()
    author_processors: tuple[Processor, ...] = ()
    fallback: bool = True


@dataclass(frozen=True)
class Site:
    """One site: where its listings are, how to read them, and how politely to fetch."""

    slug: str
    name: str
    domains: tuple[str, ...]
    channels: tuple[Channel, ...]
    listing: ListingRules = field(default_factory=ListingRules)
    article: ArticleRules = field(default_factory=ArticleRules)
    # department labels that listings glue in front of titles ("区体育局我区…")
    section_labels: tuple[str, ...] = ()
    # names the site appends to <title> ("_示例区县新闻网"); `name` is always one of them
    title_suffixes: tuple[str, ...] = ()
    timezone: str = "Asia/Shanghai"
    download_delay: float | None = None
    concurrency: int | None = None
    # AutoThrottle on top of the delay; off for a site served locally (the demo)
    autothrottle: bool = True
    # a static copy of the site bundled with the package, served on 127.0.0.1 when no base URL
    # is given (the demo site); channel URLs are then paths relative to that server
    local_root: str | None = None
    # the site's own address when its channels are paths: canonical URLs are keyed under it
    # wherever a copy is served (a random local port must not make every article new)
    origin: str | None = None
    # listing pages drawn by a browser (scrapy-playwright over the system's chromium), for the
    # few sites whose lists neither the HTML, the scripts nor an API give; `render_articles`
    # also has the browser fetch the article pages
    render: bool = False
    render_articles: bool = False

    @property
    def site_names(self) -> tuple[str, ...]:
        return (*self.title_suffixes, self.name)
