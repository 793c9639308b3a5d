"""SiteLog: a log file per site and day under `logs/`."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newsarchive.datadir import DataDir

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
        path = DataDir.of(self.crawler).log_file(folder, day)
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
