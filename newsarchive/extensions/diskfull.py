"""StopOnDiskFull: a full disk that surfaces as an error in a pipeline or a spider callback
(the seen-state's SQLite writes) stops the crawl in one line. Scrapy would log a traceback per
item and per page while the crawl went on fetching; the log formatter keeps the ones still in
flight to a DEBUG line each (`newsarchive.extensions.logformat`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy import signals

from newsarchive.crawlstop import describe, stop_crawl, stop_reason

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure


class StopOnDiskFull:
    """Stops the crawl at the first full-disk error that reaches Scrapy from a pipeline or a
    spider callback. No settings."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        crawler.signals.connect(self.item_error, signal=signals.item_error)
        crawler.signals.connect(self.spider_error, signal=signals.spider_error)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StopOnDiskFull:
        return cls(crawler)

    def _check(self, failure: Failure) -> None:
        error = failure.value
        reason = stop_reason(error) if error is not None else None
        if error is not None and reason is not None:
            stop_crawl(self.crawler, reason, describe(error, "the seen-state"))

    def item_error(self, failure: Failure, **kwargs: Any) -> None:
        self._check(failure)

    def spider_error(self, failure: Failure, **kwargs: Any) -> None:
        self._check(failure)
