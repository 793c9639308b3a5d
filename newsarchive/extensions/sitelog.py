"""SiteLog: a log file per site and day under `logs/`, opened through no symbolic link."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import CloseSpider, NotConfigured

from newsarchive.crawlstop import describe, record_stop, stop_crawl, stop_reason
from newsarchive.datadir import DataDir
from newsarchive.redact import MaskSecrets, mask_log_handlers
from newsarchive.safefiles import open_append_text

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider


class _SpiderFilter(logging.Filter):
    """Passes records about one spider, and records about no spider in particular."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.spider_name = name

    def filter(self, record: logging.LogRecord) -> bool:
        spider = getattr(record, "spider", None)
        return spider is None or getattr(spider, "name", None) == self.spider_name


class _LogFile(logging.StreamHandler):  # type: ignore[type-arg]
    """A log file opened by `open_append_text`. A full disk is told once (`on_full`) and
    the records after it are let go: logging's own handler would print a traceback for each
    on stderr, thousands in a crawl that goes on fetching."""

    def __init__(self, stream: IO[str], on_full: Callable[[BaseException], None]) -> None:
        super().__init__(stream)
        self.on_full = on_full
        self.full = False

    def emit(self, record: logging.LogRecord) -> None:
        if not self.full:
            super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        error = sys.exc_info()[1]
        if error is not None and stop_reason(error) is not None:
            self.full = True
            self.on_full(error)
            return
        super().handleError(record)

    def close(self) -> None:
        # a full disk: what the buffer held is lost with it
        with contextlib.suppress(OSError):
            self.stream.close()
        super().close()


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
        data = DataDir.of(self.crawler)
        path = data.log_file(folder, day)
        try:
            stream = open_append_text(data.root, path)
        except OSError as exc:
            reason = stop_reason(exc)
            if reason is None:
                raise
            record_stop(self.crawler, describe(exc, str(path)))
            raise CloseSpider(reason) from exc
        handler = _LogFile(stream, lambda exc: self._full(exc, path))
        handler.setLevel(self.crawler.settings.get("LOG_LEVEL", "INFO"))
        handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
        handler.addFilter(_SpiderFilter(spider.name))
        handler.addFilter(MaskSecrets())
        # Scrapy's own handler on stderr (`scrapy crawl`, `crawl -v`) too
        mask_log_handlers()
        root = logging.getLogger()
        if root.level == logging.NOTSET or root.level > handler.level:
            root.setLevel(handler.level)
        root.addHandler(handler)
        self.handler = handler

    def _full(self, exc: BaseException, path: Path) -> None:
        stop_crawl(self.crawler, stop_reason(exc) or "disk_full", describe(exc, str(path)))

    def engine_stopped(self) -> None:
        if self.handler is not None:
            logging.getLogger().removeHandler(self.handler)
            self.handler.close()
            self.handler = None
