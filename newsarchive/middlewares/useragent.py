"""ContactUserAgentMiddleware: a User-Agent that names newsarchive and how to reach its operator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsarchive import __version__

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request


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
