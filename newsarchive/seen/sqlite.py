"""SeenStore: the crawl state in SQLite (URLs met and their outcome, archived articles,
content fingerprints, how far each archive file is accounted for, crawls begun and ended).

One database per data dir (`<data>/state/seen.sqlite3`), keyed by site. Indexed lookups on
disk, so a large archive's seen-set never has to fit in memory. WAL mode: readers never
block the writer, and a killed process leaves the last committed state intact.

The archive file is the truth and this store follows it: a record is written and flushed
first, then recorded here together with the file offset after its line. After a kill
between the two, `newsarchive.archive.recovery` replays the lines past that offset.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from newsarchive.datadir import DataDir
from newsarchive.safefiles import check_tree
from newsarchive.seen.base import ARCHIVED, Archived
from newsarchive.seen.base import now as _now

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
CREATE TABLE IF NOT EXISTS articles (
    site TEXT NOT NULL,
    canonical_url TEXT NOT NULL,
    content_hash TEXT NOT NULL, -- of the latest revision
    revision INTEGER NOT NULL,
    published_at TEXT,
    archived_at TEXT NOT NULL,
    PRIMARY KEY (site, canonical_url)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS articles_published ON articles (site, published_at);
CREATE TABLE IF NOT EXISTS archive_files (
    site TEXT NOT NULL,
    path TEXT NOT NULL,         -- relative to the data dir
    synced INTEGER NOT NULL,    -- bytes of the file whose records are recorded here
    PRIMARY KEY (site, path)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS crawls (
    id INTEGER PRIMARY KEY,
    site TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,           -- NULL: killed, cancelled or still running
    pid INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS crawls_site ON crawls (site, id);
"""

# One SQLite seen-state per file in a process, however many crawlers use it (from_crawler).
_SHARED: dict[str, tuple[SeenStore, int]] = {}

# seconds a statement waits for another process's lock before "database is locked"
BUSY_TIMEOUT = 60.0


def _wal(db: sqlite3.Connection) -> None:
    """Switch to WAL. Two processes opening a new file at once can meet SQLITE_BUSY here
    without SQLite's busy handler being asked, so the wait is ours."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class SeenStore:
    """What a site's crawls have already met. `path=":memory:"` for tests."""

    # the worker id in archive file names; None for a crawl that is the site's only writer
    worker: str | None = None

    def __init__(
        self,
        path: str | Path,
        commit_every: int = 200,
        commit_seconds: float = 1.0,
        root: Path | None = None,
    ) -> None:
        if str(path) != ":memory:":
            _check_files(Path(path), root)
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        # Writes are grouped: one commit per `commit_every` writes or `commit_seconds`, and
        # at flush(). A commit per record cost 106 µs a page. Losing an uncommitted group
        # to a kill loses nothing: recovery replays the archive past the committed offset,
        # and an unrecorded duplicate or failure is only met again. The connection sees its
        # own uncommitted writes, so dedup within the group is exact.
        # Several processes share one seen-state (a crawl per site from cron, Redis workers
        # starting together, `stats` beside a crawl): a lock held by another is waited for.
        self.db = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT
        )
        self.commit_every = commit_every
        self.commit_seconds = commit_seconds
        self._pending = 0
        self._since = time.monotonic()
        _wal(self.db)
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        # canonical URLs requested in this process's crawl (one crawl process, one set)
        self.requested: set[tuple[str, str]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeenStore:
        """The data dir's store, shared with the process's other crawlers of that data dir
        (`crawl --all`): two connections in one thread would wait on each other's open write
        group until the busy timeout."""
        data = DataDir.of(crawler)
        # the data dir resolved, not the file: a link at the file is refused, not followed
        root = data.root.resolve()
        path = str(root / data.seen_db.relative_to(data.root))
        shared, users = _SHARED.get(path, (None, 0))
        if shared is None:
            shared = cls(path, root=root)
        _SHARED[path] = (shared, users + 1)
        return shared

    def release(self) -> None:
        """One crawler less uses this store: commit its writes; close once nobody does."""
        shared, users = _SHARED.get(self.path, (None, 0))
        if shared is self:
            if users > 1:
                _SHARED[self.path] = (self, users - 1)
                self.flush()
                return
            del _SHARED[self.path]
        self.close()

    def _wrote(self, count: int = 1) -> None:
        """Count a write into the open group; commit the group when it is due."""
        self._pending += count
        if (
            self._pending >= self.commit_every
            or time.monotonic() - self._since >= self.commit_seconds
        ):
            self.flush()

    def _begin(self) -> None:
        if not self.db.in_transaction:
            # IMMEDIATE takes the write lock now, waiting for it: a deferred transaction that
            # reads and then writes fails at once if another process wrote in between
            self.db.execute("BEGIN IMMEDIATE")
            self._since = time.monotonic()

    def flush(self) -> None:
        """Commit what is written so far."""
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self._pending = 0
        self._since = time.monotonic()

    def close(self) -> None:
        # a failed commit must still let go of the file: an open write group would hold its
        # lock against the next crawl
        try:
            self.flush()
        finally:
            self.db.close()

    # -- URLs and content -------------------------------------------------------------

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

    def claim_request(self, site: str, canonical_url: str) -> bool:
        """True the first time this crawl asks for a canonical URL (so it is fetched once)."""
        key = (site, canonical_url)
        if key in self.requested:
            return False
        self.requested.add(key)
        return True

    def claim_content(self, site: str, content_hash: str, canonical_url: str) -> str:
        """Claim a fingerprint for an article about to be written; returns its owner.

        The owner is `canonical_url` unless another article already has this text. A claim
        whose line never got written (a kill in between) is harmless: the same URL passes
        again next time, since only its own claim stands in its way.
        """
        self._begin()
        inserted = self.db.execute(
            "INSERT OR IGNORE INTO contents VALUES (?,?,?,?)",
            (site, content_hash, canonical_url, _now()),
        ).rowcount
        self._wrote()
        if inserted == 1:
            return canonical_url  # the row just written is the claim: no need to read it back
        owner = self.content_owner(site, content_hash)
        assert owner is not None
        return owner

    def claim_version(self, site: str, canonical_url: str, revision: int) -> bool:
        """True: this process may write this revision. Always, here: the site lock makes a
        SQLite crawl the site's only writer, and items pass the pipelines one at a time."""
        return True

    def article(self, site: str, canonical_url: str) -> Archived | None:
        """The latest archived revision of the article at this canonical URL."""
        row = self.db.execute(
            "SELECT content_hash, revision, published_at FROM articles "
            "WHERE site=? AND canonical_url=?",
            (site, canonical_url),
        ).fetchone()
        return Archived(*row) if row else None

    def mark(
        self, site: str, urls: Iterable[str], outcome: str, content_hash: str | None = None
    ) -> None:
        """Record the outcome of fetching these (canonical) URLs; the latest outcome wins."""
        now = _now()
        self._begin()
        self.db.executemany(
            "INSERT INTO urls VALUES (?,?,?,?,?) ON CONFLICT(site, url) DO UPDATE SET "
            "outcome=excluded.outcome, content_hash=excluded.content_hash, "
            # an archived URL stays archived: a later alias or duplicate never demotes it
            "seen_at=excluded.seen_at WHERE urls.outcome != 'archived'",
            [(site, url, outcome, content_hash, now) for url in dict.fromkeys(urls)],
        )
        self._wrote()

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
    ) -> None:
        """An article is in the archive: its URLs, fingerprint and revision, and how far its
        archive file is now accounted for, in one transaction (with the group around it)."""
        now = _now()
        self._begin()
        self.db.execute(
            "INSERT OR REPLACE INTO contents VALUES (?,?,?,?)",
            (site, content_hash, canonical_url, now),
        )
        self.db.execute(
            "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?)",
            (site, canonical_url, content_hash, revision, published_at, now),
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO urls VALUES (?,?,?,?,?)",
            [(site, u, ARCHIVED, content_hash, now) for u in dict.fromkeys([canonical_url, *urls])],
        )
        if file is not None and synced is not None:
            self._set_synced(site, file, synced)
        self._wrote()

    def recent_articles(self, site: str, since: str) -> set[str]:
        """Canonical URLs of articles published on or after `since` (ISO date)."""
        rows = self.db.execute(
            "SELECT canonical_url FROM articles WHERE site=? AND published_at >= ?",
            (site, since),
        )
        return {row[0] for row in rows}

    def counts(self, site: str) -> dict[str, int]:
        """How many URLs of the site ended in each outcome."""
        return dict(
            self.db.execute(
                "SELECT outcome, COUNT(*) FROM urls WHERE site=? GROUP BY outcome", (site,)
            ).fetchall()
        )

    # -- archive files ----------------------------------------------------------------

    def synced(self, site: str, file: str) -> int:
        """Bytes of `file` (relative to the data dir) whose records are in this store."""
        row = self.db.execute(
            "SELECT synced FROM archive_files WHERE site=? AND path=?", (site, file)
        ).fetchone()
        return int(row[0]) if row else 0

    def set_synced(self, site: str, file: str, synced: int) -> None:
        self._begin()
        self._set_synced(site, file, synced)
        self._wrote()

    def _set_synced(self, site: str, file: str, synced: int) -> None:
        self.db.execute(
            "INSERT INTO archive_files VALUES (?,?,?) ON CONFLICT(site, path) "
            "DO UPDATE SET synced=excluded.synced",
            (site, file, synced),
        )

    # -- crawls -----------------------------------------------------------------------

    def begin_crawl(self, site: str, worker: str | None = None) -> tuple[int, bool]:
        """Record a crawl's start; also say whether the site's previous crawl never finished
        (killed or cancelled), in which case this one must not trust incremental stops."""
        self.flush()  # recovery's records first; and this row must outlive a kill at once
        last = self.db.execute(
            "SELECT finished_at FROM crawls WHERE site=? ORDER BY id DESC LIMIT 1", (site,)
        ).fetchone()
        cursor = self.db.execute(
            "INSERT INTO crawls (site, started_at, pid) VALUES (?,?,?)", (site, _now(), os.getpid())
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid, last is not None and last[0] is None

    def finish_crawl(self, crawl_id: int) -> None:
        self.flush()  # everything the crawl recorded, then the mark that it finished
        self.db.execute("UPDATE crawls SET finished_at=? WHERE id=?", (_now(), crawl_id))


def _check_files(path: Path, root: Path | None) -> None:
    """SQLite opens the database, its WAL and its shared memory itself, and follows links:
    refuse (UnsafePathError) a link at any of them, or on the way from `root`."""
    base = root if root is not None else path.parent
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        check_tree(base, path.with_name(name))


def read_outcomes(path: Path) -> dict[str, dict[str, int]] | None:
    """URL outcomes per site, or None when there is no seen-state at `path`.

    Opened read-only (`mode=ro`), so a running crawl is never disturbed and nothing is
    written. Raises sqlite3.Error when the file is not a readable seen-state.
    """
    if not path.is_file():
        return None
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT site, outcome, COUNT(*) FROM urls GROUP BY site, outcome")
        outcomes: dict[str, dict[str, int]] = {}
        for site, outcome, count in rows.fetchall():
            outcomes.setdefault(site, {})[outcome] = count
        return outcomes
    finally:
        db.close()
