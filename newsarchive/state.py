"""SeenStore: the crawl state in SQLite (URLs met and their outcome, content fingerprints).

One database per data dir (`<data>/state/seen.sqlite3`), keyed by site. Indexed lookups on
disk, so a large archive's seen-set never has to fit in memory. WAL mode: readers never
block the writer, and a killed process leaves the last committed state intact.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    site TEXT NOT NULL,
    url TEXT NOT NULL,          -- canonical URL
    outcome TEXT NOT NULL,      -- archived | duplicate | dropped/<reason> | gone/<status>
    content_hash TEXT,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (site, url)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS contents (
    site TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    canonical_url TEXT NOT NULL,
    archived_at TEXT NOT NULL,
    PRIMARY KEY (site, content_hash)
) WITHOUT ROWID;
"""

ARCHIVED = "archived"
DUPLICATE = "duplicate"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SeenStore:
    """What a site's crawls have already met. `path=":memory:"` for tests."""

    def __init__(self, path: str | Path) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        # autocommit: every call is its own short transaction, durable once it returns
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    @classmethod
    def in_data_dir(cls, data_dir: str | Path) -> SeenStore:
        return cls(Path(data_dir) / "state" / "seen.sqlite3")

    def close(self) -> None:
        self.db.close()

    def url_outcome(self, site: str, url: str) -> str | None:
        row = self.db.execute(
            "SELECT outcome FROM urls WHERE site=? AND url=?", (site, url)
        ).fetchone()
        return row[0] if row else None

    def content_owner(self, site: str, content_hash: str) -> str | None:
        """The canonical URL archived with this fingerprint, if any."""
        row = self.db.execute(
            "SELECT canonical_url FROM contents WHERE site=? AND content_hash=?",
            (site, content_hash),
        ).fetchone()
        return row[0] if row else None

    def mark(
        self, site: str, urls: Iterable[str], outcome: str, content_hash: str | None = None
    ) -> None:
        """Record the outcome of fetching these (canonical) URLs; the latest outcome wins."""
        now = _now()
        self.db.executemany(
            "INSERT INTO urls VALUES (?,?,?,?,?) ON CONFLICT(site, url) DO UPDATE SET "
            "outcome=excluded.outcome, content_hash=excluded.content_hash, "
            # an archived URL stays archived: a later alias or duplicate never demotes it
            "seen_at=excluded.seen_at WHERE urls.outcome != 'archived'",
            [(site, url, outcome, content_hash, now) for url in dict.fromkeys(urls)],
        )

    def mark_archived(
        self, site: str, canonical_url: str, urls: Iterable[str], content_hash: str
    ) -> None:
        """An article is in the archive: record its URLs and fingerprint in one transaction."""
        now = _now()
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute(
                "INSERT OR REPLACE INTO contents VALUES (?,?,?,?)",
                (site, content_hash, canonical_url, now),
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO urls VALUES (?,?,?,?,?)",
                [
                    (site, u, ARCHIVED, content_hash, now)
                    for u in dict.fromkeys([canonical_url, *urls])
                ],
            )

    def counts(self, site: str) -> dict[str, int]:
        """How many URLs of the site ended in each outcome."""
        return dict(
            self.db.execute(
                "SELECT outcome, COUNT(*) FROM urls WHERE site=? GROUP BY outcome", (site,)
            ).fetchall()
        )


_STORES: WeakKeyDictionary[Crawler, SeenStore] = WeakKeyDictionary()


def data_dir_of(crawler: Crawler) -> Path:
    """The crawl's data dir: setting NEWSARCHIVE_DATA_DIR (the CLI's --data-dir)."""
    return Path(crawler.settings.get("NEWSARCHIVE_DATA_DIR") or "data")


def store_for(crawler: Crawler) -> SeenStore:
    """The one SeenStore a crawler's spider and pipelines share, opened on first use."""
    store = _STORES.get(crawler)
    if store is None:
        store = _STORES[crawler] = SeenStore.in_data_dir(data_dir_of(crawler))
    return store
