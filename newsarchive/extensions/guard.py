"""CrawlGuard: what makes a crawl safe to run from cron.

One per crawler: takes the site's lock, brings the seen-state in line with the archive after a
kill, decides between an incremental and a full pass, and at the end appends the run summary
(with its health check) to the run log, `state/runs.jsonl`.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import socket
from collections.abc import Callable
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import CloseSpider

from newsarchive import statkeys
from newsarchive.archive.recovery import recover_site
from newsarchive.crawlstop import (
    DISK_FULL,
    STOP_REASONS,
    describe,
    record_stop,
    stop_crawl,
    stop_reason,
    stopped,
)
from newsarchive.datadir import DataDir
from newsarchive.extensions import health
from newsarchive.runlog import append_run, combine_summaries, read_runs
from newsarchive.safefiles import open_lock, open_read
from newsarchive.seen import Store, release_store, store_for
from newsarchive.seen.redis import RedisSeenStore
from newsarchive.warc.repair import repair_open_files

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider

logger = logging.getLogger(__name__)

LOCKED = "locked"  # the finish reason of a crawl that found its site already being crawled


class SiteLock:
    """An exclusive lock on one site: `state/locks/<site>.lock`, held with flock.

    The kernel drops the lock when its holder dies, so a lock left by a killed crawl never
    blocks the next one; the file only says who held it last.
    """

    def __init__(self, data_dir: DataDir, site: str, worker: str | None = None) -> None:
        self.root = data_dir.root
        self.path = data_dir.lock(site, worker)
        self.handle: IO[str] | None = None

    def acquire(self) -> bool:
        """True once the lock is held; False when another process holds it. Raises
        UnsafePathError when the lock file is a symbolic link (it would be rewritten)."""
        handle = open_lock(self.root, self.path)
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "since": _now()}) + "\n")
        handle.flush()
        self.handle = handle
        return True

    def holder(self) -> str:
        try:
            with open_read(self.root, self.path) as f:
                info = json.loads(f.read().decode("utf-8") or "{}")
        except (OSError, ValueError):
            return "another process"
        return f"pid {info.get('pid', '?')} since {info.get('since', '?')}"

    def release(self) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle.fileno(), fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


MAX_WORKER_SLOTS = 256


class CrawlGuard:
    """Lock, recover, choose the pass, summarise. Settings: NEWSARCHIVE_DATA_DIR,
    NEWSARCHIVE_FULL (ignore incremental stops for this run), NEWSARCHIVE_REDIS_URL (a
    worker of a shared crawl: a worker slot instead of the site lock, and the last worker
    out writes the combined run summary)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.data_dir = DataDir.of(crawler)
        self.lock: SiteLock | None = None
        self.crawl_id: int | None = None
        self.started = _now()
        self.mode = "incremental"
        self.recovered: dict[str, Any] = {}
        self.summary: dict[str, Any] | None = None
        self.flusher: Any = None  # a twisted LoopingCall, imported once the reactor is chosen
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        # the lock outlives spider_closed: WARC and archive files close in their own handlers
        crawler.signals.connect(self.release, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlGuard:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        site = getattr(spider, "site", None)
        if site is None:
            return
        store = store_for(self.crawler)
        try:
            self._open(spider, site.slug, store)
        except CloseSpider:
            raise
        except Exception as exc:
            reason = stop_reason(exc)
            if reason is None:
                raise
            record_stop(self.crawler, describe(exc, "the seen-state"))
            raise CloseSpider(reason) from exc

    def _open(self, spider: Spider, slug: str, store: Store) -> None:
        if isinstance(store, RedisSeenStore):
            lock, worker = self._worker_slot(slug)
            store.worker = worker
        else:
            lock, worker = SiteLock(self.data_dir, slug), None
            if not lock.acquire():
                message = f"site {slug!r} is already being crawled ({lock.holder()})"
                logger.error(message)
                assert self.crawler.stats is not None
                self.crawler.stats.set_value(statkeys.LOCKED, message)
                raise CloseSpider(LOCKED)
        self.lock = lock
        try:
            recovered = recover_site(self.data_dir, slug, store, worker)
            # WARC files carry no worker name: a shared crawl leaves their repair to a lone run
            warc = [] if worker else repair_open_files(self.data_dir, slug)
        except Exception as exc:  # crawling on top of a state we could not repair is worse
            if stop_reason(exc) is not None:
                raise
            logger.error("cannot recover %s before crawling: %s: %s", slug, type(exc).__name__, exc)
            raise CloseSpider("recovery_failed") from exc
        self.recovered = {"lines": recovered.lines, "torn": recovered.torn, "warc": warc}
        self.crawl_id, interrupted = store.begin_crawl(slug, worker)
        if self.crawler.settings.getbool("NEWSARCHIVE_FULL"):
            self.mode = "full"
        elif interrupted:
            # the last crawl was cut short: pages past the first known rows may be missing
            self.mode = "resume"
        spider.full_pass = self.mode != "incremental"  # type: ignore[attr-defined]
        logger.info("crawling %s (%s pass)", slug, self.mode)
        # a group of writes commits on the next write after a second; while the crawl waits
        # on the network there is no next write, and the group would hold the file's write
        # lock against every other process (another site's crawl, a worker, `stats`)
        from twisted.internet import task

        self.flusher = task.LoopingCall(self._flush, store, self._commit_failed)
        self.flusher.start(1.0, now=False)

    @staticmethod
    def _flush(store: Store, on_full: Callable[[BaseException], None] | None = None) -> None:
        # a failed commit (an I/O error) is logged and tried again a second later; an
        # exception would end the LoopingCall for the rest of the crawl. A full disk stops
        # the crawl (on_full): a warning a second while it fetched on would say nothing new
        try:
            store.flush()
        except Exception as exc:
            if on_full is not None and stop_reason(exc) is not None:
                on_full(exc)
                return
            logger.warning("seen-state commit failed, retrying: %s: %s", type(exc).__name__, exc)

    def _commit_failed(self, exc: BaseException) -> None:
        if not stopped(self.crawler):
            stop_crawl(self.crawler, stop_reason(exc) or DISK_FULL, describe(exc, "the seen-state"))

    def _worker_slot(self, site: str) -> tuple[SiteLock, str]:
        """The lowest free `<host>-<n>` slot on this data dir: a restarted worker takes the
        slot (and the archive file) of one that died, and recovers it."""
        explicit = self.crawler.settings.get("NEWSARCHIVE_WORKER_ID")
        names = (
            [explicit]
            if explicit
            else [f"{socket.gethostname()}-{n}" for n in range(1, MAX_WORKER_SLOTS + 1)]
        )
        for name in names:
            lock = SiteLock(self.data_dir, site, name)
            if lock.acquire():
                return lock, name
        raise CloseSpider(LOCKED)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        site = getattr(spider, "site", None)
        if site is None:
            return
        if reason == LOCKED:
            stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
            self.summary = {
                "site": site.slug,
                "finish_reason": LOCKED,
                "message": stats.get(statkeys.LOCKED, "") or "no free worker slot",
            }
            return
        store = store_for(self.crawler)
        own = self._summarise(spider, site.slug, reason)
        if not isinstance(store, RedisSeenStore):
            self.summary = own
            self._append_run(own)
            if reason == "finished" and self.crawl_id is not None:
                store.finish_crawl(self.crawl_id)
            return
        assert store.worker is not None
        own["worker"] = store.worker
        own["health"] = []  # one worker's share says nothing; the combined summary is checked
        parts = store.run.leave(store.worker, own, clean=reason == "finished")
        if parts is None:
            own["note"] = "one worker's part; the last worker out writes the combined summary"
            self.summary = own
            return
        combined = combine_summaries(parts)
        combined["health"] = health.check(combined, read_runs(self.data_dir.runs, site.slug))
        self.summary = combined
        self._append_run(combined)

    def _append_run(self, summary: dict[str, Any]) -> None:
        """Append the summary to the run log; when the disk is full (or the log a link), the
        summary says so instead (`run_log_error`, printed by the CLI in one line)."""
        try:
            append_run(self.data_dir.runs, summary, self.data_dir.root)
        except OSError as exc:
            if stop_reason(exc) is None:
                raise
            problem = f"cannot write the run summary to {self.data_dir.runs}: {exc.strerror or exc}"
            summary["run_log_error"] = str(exc) if stop_reason(exc) == "unsafe_path" else problem
            logger.error("%s", summary["run_log_error"])

    def release(self) -> None:
        if self.flusher is not None and self.flusher.running:
            self.flusher.stop()
        try:
            # the seen-state's last group of writes is committed before another crawl starts
            release_store(self.crawler)
        except Exception as exc:
            # a full disk: what was not committed is replayed from the archive next run
            if stop_reason(exc) is None:
                raise
            # after a stop for a full disk, this is that disk again: said once already
            level = logging.DEBUG if stopped(self.crawler) else logging.WARNING
            logger.log(level, "seen-state: last commit failed (%s); the next run recovers it", exc)
        finally:
            if self.lock is not None:
                self.lock.release()
                self.lock = None

    def _summarise(self, spider: Spider, site: str, reason: str) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        summary: dict[str, Any] = {
            "site": site,
            "start": self.started,
            "end": _now(),
            "mode": self.mode,
            "finish_reason": reason,
            "pages_fetched": int(stats.get("response_received_count", 0)),
            "listing_pages": int(stats.get(statkeys.LISTING_PAGES, 0)),
            "listing_rows": int(stats.get(statkeys.LISTING_ROWS, 0)),
            "empty_listings": list(getattr(spider, "empty_listings", ())),
            # channels whose pagination a page cap or a trap ended: not crawled to their end
            "stopped_channels": list(getattr(spider, "stopped_channels", ())),
            "articles_requested": int(stats.get(statkeys.ARTICLES_REQUESTED, 0)),
            "articles_fetched": int(stats.get(statkeys.ARTICLES_FETCHED, 0)),
            "rechecked": int(stats.get(statkeys.RECHECK_REQUESTED, 0)),
            "records_written": int(stats.get(statkeys.ARCHIVED, 0)),
            "dropped": statkeys.grouped(stats, statkeys.DROPPED_GROUP),
            "skipped": statkeys.grouped(stats, statkeys.SKIPPED),
            "failed": statkeys.grouped(stats, statkeys.FAILED),
            "failed_urls": sorted(getattr(spider, "failed_urls", ())),
            "errors": int(stats.get("log_count/ERROR", 0)),
            # why a crawl stopped early (a full disk, a link under the data dir), in one line
            **({"message": stats.get(statkeys.STOPPED, reason)} if reason in STOP_REASONS else {}),
            "fields": statkeys.grouped(stats, statkeys.FIELDS),
            "placeholders": statkeys.placeholders(stats),
            "fffd": int(stats.get(statkeys.FFFD, 0)),
            "recovered": self.recovered,
            "pid": os.getpid(),
        }
        summary["health"] = health.check(summary, read_runs(self.data_dir.runs, site))
        return summary
