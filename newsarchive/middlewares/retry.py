"""BackoffRetryMiddleware: Scrapy's retries, spaced out."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future

if TYPE_CHECKING:
    pass


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries (same settings: RETRY_TIMES, RETRY_HTTP_CODES, RETRY_EXCEPTIONS),
    spaced out instead of immediate: NEWSARCHIVE_RETRY_BACKOFF × 2^n seconds, jittered, at
    most NEWSARCHIVE_RETRY_BACKOFF_MAX, or what a 503/429 says in Retry-After. A server that
    is down for a minute is not helped by three requests in the same second."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = float(settings.getfloat("NEWSARCHIVE_RETRY_BACKOFF", 1.0))
        self.cap = float(settings.getfloat("NEWSARCHIVE_RETRY_BACKOFF_MAX", 60.0))

    def delay(self, request: Request, response: Response | None) -> float:
        attempt: int = int(request.meta.get("retry_times", 0))
        if response is not None:
            after = response.headers.get(b"Retry-After")
            if after and after.strip().isdigit():
                return min(float(after), self.cap)
        backoff: float = self.base * 2.0**attempt * random.uniform(0.5, 1.5)
        return min(backoff, self.cap)

    async def _wait(self, seconds: float) -> None:
        if seconds > 0:
            # imported here: importing the reactor at module level would install the default
            # one before Scrapy installs the asyncio reactor it is configured for
            from twisted.internet import reactor, task

            await maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._wait(self.delay(request, response))
        return result

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(self.delay(request, None))
        return result
