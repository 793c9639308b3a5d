"""Stopping a crawl that cannot go on: a full disk, a path under the data dir it will not
write through. One line says why (the log, the run summary, stderr); the finish reason is
`disk_full` or `unsafe_path`, so the crawl exits 1 and the next one is a resume pass that
completes it.

Whoever meets the problem calls `stop_crawl` (the archive writer, the WARC writer, the site
log, the guard); `newsarchive.extensions.diskfull` catches the rest.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from newsarchive import statkeys
from newsarchive.safefiles import UnsafePathError, is_disk_full

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

DISK_FULL = "disk_full"
UNSAFE_PATH = "unsafe_path"
# finish reasons whose message the CLI prints as one line on stderr
STOP_REASONS = (DISK_FULL, UNSAFE_PATH)


def stop_reason(exc: BaseException) -> str | None:
    """`disk_full` or `unsafe_path` when `exc` is a reason to stop the crawl, else None."""
    if isinstance(exc, UnsafePathError):
        return UNSAFE_PATH
    if is_disk_full(exc):
        return DISK_FULL
    return None


def describe(exc: BaseException, where: str) -> str:
    """The one line that says why the crawl stops."""
    if isinstance(exc, UnsafePathError):
        return str(exc)
    why = getattr(exc, "strerror", None) or str(exc)
    where = getattr(exc, "filename", None) or where
    return f"disk full: cannot write {where} ({why}); the crawl stops, the next run completes it"


def record_stop(crawler: Crawler, message: str) -> None:
    """Keep `message` as why the crawl stops (the first one stands) and log it once; for a
    component that stops the crawl itself (CloseSpider while the spider opens)."""
    stats = crawler.stats
    if stats is not None and stats.get_value(statkeys.STOPPED) is None:
        stats.set_value(statkeys.STOPPED, message)
        logger.error("%s", message)


def stop_crawl(crawler: Crawler, reason: str, message: str) -> bool:
    """Close the crawl with `reason` (once; the first reason and message stand), logging
    `message` as its one error line. Returns False when no running crawl can be stopped
    (a replay without an engine), so that the caller raises instead."""
    record_stop(crawler, message)
    engine = crawler.engine
    if engine is None or engine.spider is None:
        return False
    from scrapy.utils.defer import deferred_from_coro

    deferred_from_coro(engine.close_spider_async(reason=reason))
    return True


def stopped(crawler: Crawler) -> bool:
    """Whether this crawl is being stopped by `stop_crawl`."""
    stats = crawler.stats
    return stats is not None and stats.get_value(statkeys.STOPPED) is not None
