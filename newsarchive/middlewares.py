"""Downloader middlewares: retries with backoff, and a User-Agent that names its operator."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future

from newsarchive import __version__

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


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


class ContactUserAgentMiddleware:
    """Sets `newsarchive/<version> (+NEWSARCHIVE_CONTACT_URL)` as the User-Agent, so a site's
    operator can see who crawls them and how to reach them. An explicit USER_AGENT wins."""

    def __init__(self, user_agent: str) -> None:
        self.user_agent = user_agent

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ContactUserAgentMiddleware:
        settings = crawler.settings
        if settings.getpriority("USER_AGENT"):  # set by the project or the user, not Scrapy
            return cls(settings["USER_AGENT"])
        contact = settings.get("NEWSARCHIVE_CONTACT_URL")
        return cls(f"newsarchive/{__version__}" + (f" (+{contact})" if contact else ""))

    def process_request(self, request: Request) -> None:
        request.headers.setdefault(b"User-Agent", self.user_agent)
