"""Progress: a live line on a terminal (pages, records, rate); nothing under cron."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newsarchive import statkeys

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider


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
        records = int(stats.get(statkeys.ARCHIVED, 0))
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
