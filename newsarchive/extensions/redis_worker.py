"""RedisWorker: heartbeats and the shared end of a worker of a Redis crawl."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured

from newsarchive.seen import store_for
from newsarchive.seen.redis import RedisSeenStore

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider


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

    def _store(self) -> RedisSeenStore:
        store = store_for(self.crawler)
        # --redis sets both NEWSARCHIVE_REDIS_URL and the Redis seen-state; a hand-made
        # settings file that sets only one would have workers that never meet
        if not isinstance(store, RedisSeenStore):
            raise RuntimeError(
                "NEWSARCHIVE_REDIS_URL is set but NEWSARCHIVE_SEEN_STORE is not the Redis store"
            )
        return store

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
