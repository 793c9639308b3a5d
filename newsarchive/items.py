"""The archive record (one JSONL line) and the page types extraction returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1

# The fields of one archive line, in the order they are written.
RECORD_FIELDS = (
    "url",
    "canonical_url",
    "site",
    "section",
    "title",
    "author",
    "credits",
    "source",
    "editor",
    "published_at",
    "body",
    "listing_url",
    "listing_title",
    "crawled_at",
    "content_hash",
    "revision",
    "warc_file",
    "warc_record_id",
    "schema_version",
)


@dataclass
class Article:
    """An extracted article. `defects` name what is wrong with the page (never archived)."""

    url: str | None = None
    canonical_url: str | None = None
    site: str | None = None
    section: str | None = None
    title: str | None = None
    author: str | None = None
    # everyone the page credits, in page order: (name, role), role normalised (reporter,
    # correspondent, writer, photographer, editor, reviewer …); see `credits_record`
    credits: list[tuple[str, str]] = field(default_factory=list)
    source: str | None = None
    editor: str | None = None
    published_at: str | None = None
    body: str | None = None
    listing_url: str | None = None
    listing_title: str | None = None
    crawled_at: str | None = None
    content_hash: str | None = None
    # 1 for the first record of an article; +1 for each changed version archived later
    revision: int = 1
    # the raw response in the crawl's WARC, when it kept one (--warc)
    warc_file: str | None = None
    warc_record_id: str | None = None
    schema_version: int = SCHEMA_VERSION
    defects: list[str] = field(default_factory=list)
    # canonical forms of the other URLs this page was reached by (listing link, redirects)
    aliases: list[str] = field(default_factory=list)
    # fetched again to look for a revision (it was archived before)
    recheck: bool = False

    def record(self) -> dict[str, Any]:
        """The archive line: the record fields in order, without `defects`."""
        # not dataclasses.asdict: it deep-copies every value, 6x the cost, twice per item
        out = {name: getattr(self, name) for name in RECORD_FIELDS}
        out["credits"] = credits_record(self.credits)
        return out


def credits_record(credits: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Credits as the record writes them: [{"name": …, "role": …}], in order.

    >>> credits_record([("张丽", "reporter"), ("孙悦", "correspondent")])
    [{'name': '张丽', 'role': 'reporter'}, {'name': '孙悦', 'role': 'correspondent'}]
    """
    return [{"name": name, "role": role} for name, role in credits]


@dataclass(frozen=True)
class ListingRow:
    """One row of a listing: the link, the title as the listing shows it, and what it says."""

    url: str
    title: str
    section: str | None = None
    date: str | None = None
    # the source a row names (a script's or an API's `source` field); HTML rows have none
    source: str | None = None


# where a listing's rows came from: its HTML, a script's XML datastore (Hanweb's jpage), JSON
# in a script (`articleList: [...]`), or a JSON column API a profile names
ROW_KINDS = ("html", "datastore", "json", "api")


@dataclass(frozen=True)
class PageRequest:
    """A next listing page that no link leads to: a form POSTed to `url` (the `formdata`
    pairs in order), as a page's own script asks for its next records. `total`: the records
    the column holds, when the page said (the request after this one needs it)."""

    url: str
    formdata: tuple[tuple[str, str], ...] = ()
    method: str = "POST"
    total: int | None = None
    # the listing page that asked: links in the answer are relative to it
    page_url: str | None = None


@dataclass(frozen=True)
class ListingPage:
    """What a listing page holds: its rows and the next listing page, if any.

    `kind` says where the rows came from (`ROW_KINDS`); `next_request` is the next page when
    it is a request rather than a link (`next_page` is then its URL too).
    """

    url: str
    rows: tuple[ListingRow, ...]
    next_page: str | None = None
    kind: str = "html"
    next_request: PageRequest | None = None

    def record(self) -> dict[str, Any]:
        """The page as a fixture's expected.json holds it: what HTML listings have always
        said, plus the kind, the row sources and the next request where they say something.

        >>> page = ListingPage("http://a.cn/", (ListingRow("http://a.cn/1.html", "标题一"),))
        >>> page.record()["rows"]
        [{'url': 'http://a.cn/1.html', 'title': '标题一', 'section': None, 'date': None}]
        >>> sorted(page.record())
        ['next_page', 'rows', 'url']
        """
        rows = []
        for row in self.rows:
            out: dict[str, Any] = {
                "url": row.url,
                "title": row.title,
                "section": row.section,
                "date": row.date,
            }
            if row.source is not None:
                out["source"] = row.source
            rows.append(out)
        page: dict[str, Any] = {"url": self.url, "rows": rows, "next_page": self.next_page}
        if self.kind != "html":
            page["kind"] = self.kind
        if self.next_request is not None:
            page["next_request"] = {
                "url": self.next_request.url,
                "method": self.next_request.method,
                "formdata": [list(pair) for pair in self.next_request.formdata],
                "total": self.next_request.total,
            }
        return page
