"""Log lines that stay one line: a dropped item is named by its reason and URL, not dumped."""

from __future__ import annotations

from typing import Any

from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from scrapy.spiders import Spider
from twisted.python.failure import Failure


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
