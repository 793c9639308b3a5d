"""Log lines that stay one line: a dropped item is named by its reason and URL, not dumped;
an error that stops the crawl (a full disk) is said once, not once per item."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.http import Request, Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from scrapy.spiders import Spider
from twisted.python.failure import Failure

from newsarchive.crawlstop import stop_reason


class OneLineLogFormatter(LogFormatter):
    """Scrapy's formatter, except that a drop logs the DropItem message alone (it already
    names the reason and the URL); the whole article body on every drop drowns the log."""

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
