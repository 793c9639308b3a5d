"""The seen-state's interface: what a crawl has already met, behind one Protocol.

The spider asks it which listing rows are new, the pipelines which items are duplicates, the
writer records what it archived, recovery squares it with the archive after a kill. Two
backends implement it: `newsarchive.seen.sqlite.SeenStore` (one machine, the default) and
`newsarchive.seen.redis.RedisSeenStore` (workers of a shared crawl). Setting
NEWSARCHIVE_SEEN_STORE names the class, the way Scrapy's HTTPCACHE_STORAGE does.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

# URL outcomes beside `dropped/<reason>` and `gone/<status>`
ARCHIVED = "archived"
DUPLICATE = "duplicate"


# (the second, its text): a crawl writes several state rows a page within the same second,
# and formatting the time was 2.5 µs of each
_last: tuple[int, str] = (-1, "")


def now() -> str:
    """The time a state row is written: UTC, to the second."""
    global _last
    # time_ns: an exact count, floored to the second as datetime.now() floors it
    second = time.time_ns() // 1_000_000_000
    if second != _last[0]:
        _last = (second, datetime.fromtimestamp(second, UTC).isoformat(timespec="seconds"))
    return _last[1]


@dataclass(frozen=True)
class Archived:
    """The latest archived revision of an article."""

    content_hash: str
    revision: int
    published_at: str | None


class Store(Protocol):
    """What the spider, the pipelines and recovery need of a seen-state."""

    # the worker id in archive file names; None for a crawl that is the site's only writer
    worker: str | None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Store:
        """The store a crawler uses, opened from its settings."""
        ...

    def release(self) -> None:
        """The crawler is done with it: commit, and close unless others of the process share
        it."""
        ...

    def close(self) -> None: ...
    def flush(self) -> None: ...
    def url_outcome(self, site: str, url: str) -> str | None: ...
    def content_owner(self, site: str, content_hash: str) -> str | None: ...
    def article(self, site: str, canonical_url: str) -> Archived | None: ...
    def claim_request(self, site: str, canonical_url: str) -> bool: ...
    def claim_content(self, site: str, content_hash: str, canonical_url: str) -> str: ...
    def claim_version(self, site: str, canonical_url: str, revision: int) -> bool: ...
    def mark(
        self, site: str, urls: Iterable[str], outcome: str, content_hash: str | None = None
    ) -> None: ...
    def mark_archived(
        self,
        site: str,
        canonical_url: str,
        urls: Iterable[str],
        content_hash: str,
        *,
        revision: int = 1,
        published_at: str | None = None,
        file: str | None = None,
        synced: int | None = None,
    ) -> None: ...
    def recent_articles(self, site: str, since: str) -> set[str]: ...
    def counts(self, site: str) -> dict[str, int]: ...
    def synced(self, site: str, file: str) -> int: ...
    def set_synced(self, site: str, file: str, synced: int) -> None: ...
    def begin_crawl(self, site: str, worker: str | None = None) -> tuple[int, bool]: ...
    def finish_crawl(self, crawl_id: int) -> None: ...
