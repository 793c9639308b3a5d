"""Scrapy extensions that make a crawl safe to run from cron.

CrawlGuard (one per crawler): takes the site's lock, brings the seen-state in line with the
archive after a kill, decides between an incremental and a full pass, and at the end
appends the run summary (with its health check) to `state/runs.jsonl`.
SiteLog: a log file per site and day under `logs/`. Progress: a live line on a terminal.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import socket
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import CloseSpider, DontCloseSpider, NotConfigured

from newsarchive import health
from newsarchive.recovery import recover_site
from newsarchive.state import data_dir_of, release_store, store_for
from newsarchive.warc import repair_open_files

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

    def __init__(self, data_dir: Path, site: str, worker: str | None = None) -> None:
        name = f"{site}.{worker}.lock" if worker else f"{site}.lock"
        self.path = data_dir / "state" / "locks" / name
        self.handle: IO[str] | None = None

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
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
            info = json.loads(self.path.read_text("utf-8") or "{}")
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


def read_runs(data_dir: Path, site: str | None = None) -> list[dict[str, Any]]:
    """The run history, oldest first (lines that are not JSON are skipped)."""
    path = data_dir / "state" / "runs.jsonl"
    if not path.exists():
        return []
    runs = []
    for line in path.read_text("utf-8").splitlines():
        try:
            run = json.loads(line)
        except ValueError:
            continue
        if isinstance(run, dict) and (site is None or run.get("site") == site):
            runs.append(run)
    return runs


def _grouped(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    return {k[len(prefix) :]: int(v) for k, v in sorted(stats.items()) if k.startswith(prefix)}


MAX_WORKER_SLOTS = 256


def _sum_into(total: dict[str, Any], part: dict[str, Any]) -> None:
    for key, value in part.items():
        if isinstance(value, bool) or key == "pid":
            continue
        if isinstance(value, int):
            total[key] = total.get(key, 0) + value
        elif isinstance(value, dict) and key != "recovered":
            _sum_into(total.setdefault(key, {}), value)


def combine_summaries(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """One run summary from the workers' own: counts added up, the earliest start, the latest
    end, failed URLs together; finished only if every worker finished."""
    combined: dict[str, Any] = {"site": parts[0]["site"]}
    for part in parts:
        _sum_into(combined, part)
    combined["start"] = min(p["start"] for p in parts)
    combined["end"] = max(p["end"] for p in parts)
    reasons = {p["finish_reason"] for p in parts}
    combined["finish_reason"] = "finished" if reasons == {"finished"} else "incomplete"
    modes = {p.get("mode") for p in parts}
    combined["mode"] = modes.pop() if len(modes) == 1 else "mixed"
    combined["failed_urls"] = sorted({u for p in parts for u in p.get("failed_urls", ())})
    combined["workers"] = sorted(p.get("worker", "?") for p in parts)
    combined["recovered"] = {
        "lines": sum(p.get("recovered", {}).get("lines", 0) for p in parts),
        "torn": [t for p in parts for t in p.get("recovered", {}).get("torn", [])],
        "warc": [w for p in parts for w in p.get("recovered", {}).get("warc", [])],
    }
    return combined


class CrawlGuard:
    """Lock, recover, choose the pass, summarise. Settings: NEWSARCHIVE_DATA_DIR,
    NEWSARCHIVE_FULL (ignore incremental stops for this run), NEWSARCHIVE_REDIS_URL (a
    worker of a shared crawl: a worker slot instead of the site lock, and the last worker
    out writes the combined run summary)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.data_dir = data_dir_of(crawler)
        self.lock: SiteLock | None = None
        self.crawl_id: int | None = None
        self.started = _now()
        self.mode = "incremental"
        self.recovered: dict[str, Any] = {}
        self.summary: dict[str, Any] | None = None
        self.flusher: Any = None
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
        if self.crawler.settings.get("NEWSARCHIVE_REDIS_URL"):
            lock, worker = self._worker_slot(site.slug)
            store.worker = worker
        else:
            lock, worker = SiteLock(self.data_dir, site.slug), None
            if not lock.acquire():
                message = f"site {site.slug!r} is already being crawled ({lock.holder()})"
                logger.error(message)
                assert self.crawler.stats is not None
                self.crawler.stats.set_value("newsarchive/locked", message)
                raise CloseSpider(LOCKED)
        self.lock = lock
        try:
            recovered = recover_site(self.data_dir, site.slug, store, worker)
            # WARC files carry no worker name: a shared crawl leaves their repair to a lone run
            warc = [] if worker else repair_open_files(self.data_dir, site.slug)
        except Exception as exc:  # crawling on top of a state we could not repair is worse
            logger.error(
                "cannot recover %s before crawling: %s: %s", site.slug, type(exc).__name__, exc
            )
            raise CloseSpider("recovery_failed") from exc
        self.recovered = {"lines": recovered.lines, "torn": recovered.torn, "warc": warc}
        self.crawl_id, interrupted = store.begin_crawl(site.slug, worker)
        if self.crawler.settings.getbool("NEWSARCHIVE_FULL"):
            self.mode = "full"
        elif interrupted:
            # the last crawl was cut short: pages past the first known rows may be missing
            self.mode = "resume"
        spider.full_pass = self.mode != "incremental"  # type: ignore[attr-defined]
        logger.info("crawling %s (%s pass)", site.slug, self.mode)
        # a group of writes commits on the next write after a second; while the crawl waits
        # on the network there is no next write, and the group would hold the file's write
        # lock against every other process (another site's crawl, a worker, `stats`)
        from twisted.internet import task

        self.flusher = task.LoopingCall(self._flush, store)
        self.flusher.start(1.0, now=False)

    @staticmethod
    def _flush(store: Any) -> None:
        # a failed commit (disk full, I/O error) is logged and tried again a second later;
        # an exception would end the LoopingCall for the rest of the crawl
        try:
            store.flush()
        except Exception as exc:
            logger.warning("seen-state commit failed, retrying: %s: %s", type(exc).__name__, exc)

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
                "message": stats.get("newsarchive/locked", "") or "no free worker slot",
            }
            return
        store = store_for(self.crawler)
        own = self._summarise(spider, site.slug, reason)
        run = getattr(store, "run", None)
        if run is None:
            self.summary = own
            self._append_run(own)
            if reason == "finished" and self.crawl_id is not None:
                store.finish_crawl(self.crawl_id)
            return
        own["worker"] = store.worker
        own["health"] = []  # one worker's share says nothing; the combined summary is checked
        parts = run.leave(store.worker, own, clean=reason == "finished")
        if parts is None:
            own["note"] = "one worker's part; the last worker out writes the combined summary"
            self.summary = own
            return
        combined = combine_summaries(parts)
        combined["health"] = health.check(combined, read_runs(self.data_dir, site.slug))
        self.summary = combined
        self._append_run(combined)

    def release(self) -> None:
        if self.flusher is not None and self.flusher.running:
            self.flusher.stop()
        try:
            # the seen-state's last group of writes is committed before another crawl starts
            release_store(self.crawler)
        finally:
            if self.lock is not None:
                self.lock.release()
                self.lock = None

    def _summarise(self, spider: Spider, site: str, reason: str) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        listing_pages = int(stats.get("newsarchive/listing/pages", 0))
        summary: dict[str, Any] = {
            "site": site,
            "start": self.started,
            "end": _now(),
            "mode": self.mode,
            "finish_reason": reason,
            "pages_fetched": int(stats.get("response_received_count", 0)),
            "listing_pages": listing_pages,
            "listing_rows": int(stats.get("newsarchive/listing/rows", 0)),
            "articles_fetched": int(stats.get("newsarchive/articles/fetched", 0)),
            "rechecked": int(stats.get("newsarchive/recheck/requested", 0)),
            "records_written": int(stats.get("newsarchive/archived", 0)),
            "dropped": _grouped(stats, "newsarchive/dropped/"),
            "skipped": _grouped(stats, "newsarchive/skipped/"),
            "failed": _grouped(stats, "newsarchive/failed/"),
            "failed_urls": sorted(getattr(spider, "failed_urls", ())),
            "errors": int(stats.get("log_count/ERROR", 0)),
            "fields": _grouped(stats, "newsarchive/fields/"),
            "placeholders": sum(
                int(v)
                for k, v in stats.items()
                if k.startswith(
                    ("newsarchive/skipped/placeholder/", "newsarchive/dropped/placeholder/")
                )
            ),
            "fffd": int(stats.get("newsarchive/defects/fffd", 0)),
            "recovered": self.recovered,
            "pid": os.getpid(),
        }
        summary["health"] = health.check(summary, read_runs(self.data_dir, site))
        return summary

    def _append_run(self, summary: dict[str, Any]) -> None:
        path = self.data_dir / "state" / "runs.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(summary, ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())


class RedisWorker:
    """A worker of a shared crawl: heartbeats (so the others can tell it died), and an end
    once the shared queue has stayed empty for NEWSARCHIVE_REDIS_IDLE seconds (Scrapy would
    close a worker the moment its own engine idles, while another worker's listing page is
    about to fill the queue again). Setting: NEWSARCHIVE_REDIS_URL (on when set)."""

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.get("NEWSARCHIVE_REDIS_URL"):
            raise NotConfigured
        self.crawler = crawler
        self.idle_for = crawler.settings.getfloat("NEWSARCHIVE_REDIS_IDLE", 15.0)
        self.idle_since: float | None = None
        self.task: Any = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisWorker:
        return cls(crawler)

    def _store(self) -> Any:
        return store_for(self.crawler)

    def beat(self) -> None:
        store = self._store()
        if store.worker:
            store.run.heartbeat(store.worker)

    def spider_opened(self, spider: Spider) -> None:
        from twisted.internet import task

        self.task = task.LoopingCall(self.beat)
        every = self.crawler.settings.getfloat("NEWSARCHIVE_REDIS_HEARTBEAT", 5.0)
        self.task.start(every, now=True)

    def spider_idle(self, spider: Spider) -> None:
        if self._store().run.queue_length() > 0:
            self.idle_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.idle_for:
            raise DontCloseSpider

    def spider_closed(self, spider: Spider) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()


class _SpiderFilter(logging.Filter):
    """Passes records about one spider, and records about no spider in particular."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.spider_name = name

    def filter(self, record: logging.LogRecord) -> bool:
        spider = getattr(record, "spider", None)
        return spider is None or getattr(spider, "name", None) == self.spider_name


class SiteLog:
    """Logs each site's crawl to `logs/<site>/<YYYY-MM-DD>.log` (UTC day the crawl started).
    Settings: NEWSARCHIVE_DATA_DIR, LOG_LEVEL, NEWSARCHIVE_SITE_LOG (on by default)."""

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("NEWSARCHIVE_SITE_LOG", True):
            raise NotConfigured
        self.crawler = crawler
        self.handler: logging.Handler | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        # after spider_closed: the final stats dump belongs in the file too
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteLog:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        day = datetime.now(UTC).date().isoformat()
        site = getattr(spider, "site", None)
        folder = site.slug if site is not None else spider.name
        path = data_dir_of(self.crawler) / "logs" / folder / f"{day}.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setLevel(self.crawler.settings.get("LOG_LEVEL", "INFO"))
        handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
        handler.addFilter(_SpiderFilter(spider.name))
        root = logging.getLogger()
        if root.level == logging.NOTSET or root.level > handler.level:
            root.setLevel(handler.level)
        root.addHandler(handler)
        self.handler = handler

    def engine_stopped(self) -> None:
        if self.handler is not None:
            logging.getLogger().removeHandler(self.handler)
            self.handler.close()
            self.handler = None


class Progress:
    """A live progress line on stderr (pages, records, rate). Setting NEWSARCHIVE_PROGRESS:
    the CLI turns it on only when stderr is a terminal, so cron mail holds the summary alone."""

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("NEWSARCHIVE_PROGRESS"):
            raise NotConfigured
        self.crawler = crawler
        self.interval = crawler.settings.getfloat("NEWSARCHIVE_PROGRESS_INTERVAL", 1.0)
        self.started = time.monotonic()
        self.task: Any = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        from twisted.internet import task

        self.started = time.monotonic()
        self.task = task.LoopingCall(self.show, spider.name)
        self.task.start(self.interval, now=False)

    def line(self, name: str) -> str:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        pages = int(stats.get("response_received_count", 0))
        records = int(stats.get("newsarchive/archived", 0))
        rate = pages / max(time.monotonic() - self.started, 1e-6)
        return f"{name}: {pages} pages, {records} records, {rate:.1f} pages/s"

    def show(self, name: str) -> None:
        sys.stderr.write("\r\x1b[K" + self.line(name))
        sys.stderr.flush()

    def spider_closed(self, spider: Spider) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
