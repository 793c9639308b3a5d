"""Log lines that stay one line: a dropped item is named by its reason and URL, not dumped;
an error that stops the crawl (a full disk) is said once, not once per item. The DEBUG lines
Scrapy asks for on every page and item are not made when nothing would show them."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.http import Request, Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from scrapy.spiders import Spider
from twisted.python.failure import Failure

from newsarchive.crawlstop import stop_reason

# where Scrapy logs what `crawled` and `scraped` say (scrapy.core.engine, scrapy.core.scraper)
_ENGINE = logging.getLogger("scrapy.core.engine")
_SCRAPER = logging.getLogger("scrapy.core.scraper")


def _shown(logger: logging.Logger, level: int) -> bool:
    """Whether a record of `level` on `logger` would reach a handler that takes it: the walk
    Logger.callHandlers makes, without making the record.

    Scrapy's root handler sets the root logger to NOTSET, so a DEBUG line is made (the caller
    found, a LogRecord built) on every page and item even at LOG_LEVEL INFO, only for each
    handler to turn it away: ~20 µs a page and ~17 an item. A filter of the logger's own sees
    every record it is given, so with one the record is made as before.
    """
    if not logger.isEnabledFor(level):
        return False
    if logger.filters:
        return True
    current: logging.Logger | None = logger
    found = False
    while current is not None:
        for handler in current.handlers:
            found = True
            if level >= handler.level:
                return True
        if not current.propagate:
            break
        current = current.parent
    if found:
        return False
    last = logging.lastResort  # what logging falls back on when no handler was met
    return last is not None and level >= last.level


class OneLineLogFormatter(LogFormatter):
    """Scrapy's formatter, except that a drop logs the DropItem message alone (it already
    names the reason and the URL); the whole article body on every drop drowns the log. The
    DEBUG lines of every page (`crawled`) and item (`scraped`) are skipped (None, which Scrapy
    takes for "not logged") when no handler would show them."""

    def crawled(  # type: ignore[override]
        self, request: Request, response: Response, spider: Spider
    ) -> LogFormatterResult | None:
        if not _shown(_ENGINE, logging.DEBUG):
            return None
        return super().crawled(request, response, spider)

    def scraped(  # type: ignore[override]
        self, item: Any, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult | None:
        if not _shown(_SCRAPER, logging.DEBUG):
            return None
        return super().scraped(item, response, spider)

    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        result["msg"] = "%(exception)s"
        result["args"] = {"exception": exception}
        return result

    def item_error(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        result = super().item_error(item, exception, response, spider)
        return _quiet_if_stopping(result, exception)

    def spider_error(
        self,
        failure: Failure,
        request: Request,
        response: Response | Failure,
        spider: Spider,
    ) -> LogFormatterResult:
        result = super().spider_error(failure, request, response, spider)
        return _quiet_if_stopping(result, failure.value)


def _quiet_if_stopping(
    result: LogFormatterResult, error: BaseException | None
) -> LogFormatterResult:
    # StopOnDiskFull says it in one line and stops the crawl; the items and pages still in
    # flight meet the same full disk, and a traceback each would bury that line
    if error is not None and stop_reason(error) is not None:
        result["level"] = logging.DEBUG
        result["msg"] = "not processed (%(error)s): %(what)s"
        result["args"] = {"error": error, "what": result.get("args")}
    return result
