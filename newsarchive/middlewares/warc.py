"""WarcMiddleware: every response a crawl receives, and its request, written as WARC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newsarchive import __version__
from newsarchive.crawlstop import describe, stop_crawl, stop_reason
from newsarchive.datadir import DataDir
from newsarchive.warc.writer import WarcFile

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response
    from scrapy.spiders import Spider


class WarcMiddleware:
    """Downloader middleware writing every response (and its request) to WARC.

    Placed next to the downloader (after it in process_response order, before HTTP
    decompression and redirects), so the payload is stored as it arrived, and each redirect
    and retried error is recorded too. The response's record id and file travel in
    `request.meta` (`warc_record_id`, `warc_file`) to the JSONL record. Settings:
    NEWSARCHIVE_WARC (on/off), NEWSARCHIVE_WARC_MAX_SIZE (bytes before rotation).
    """

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("NEWSARCHIVE_WARC"):
            raise NotConfigured
        self.crawler = crawler
        self.max_size = crawler.settings.getint("NEWSARCHIVE_WARC_MAX_SIZE", 1_000_000_000)
        self.file: WarcFile | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcMiddleware:
        return cls(crawler)

    def _file(self, spider: Spider) -> WarcFile:
        if self.file is None:
            site = getattr(spider, "site", None)
            slug = site.slug if site is not None else spider.name
            info = {
                "software": f"newsarchive/{__version__}",
                "format": "WARC File Format 1.1",
                "newsarchive-site": slug,
            }
            base = getattr(spider, "serving_url", None)
            if base:
                info["newsarchive-base-url"] = base
            # a site nobody wrote a profile for is made from these again by reextract
            starts = getattr(spider, "start_urls_given", None)
            if starts:
                info["newsarchive-start-urls"] = " ".join(starts)
            crawl_date = datetime.now(UTC).date().isoformat()
            self.file = WarcFile(DataDir.of(self.crawler), slug, crawl_date, self.max_size, info)
        return self.file

    def process_response(self, request: Request, response: Response) -> Response:
        spider = self.crawler.spider
        assert spider is not None
        warc = self._file(spider)
        if warc.broken:
            return response  # the crawl is stopping for a full disk
        try:
            name, record_id = warc.write(request, response)
        except OSError as exc:
            reason = stop_reason(exc)
            if reason is None:
                raise
            stop_crawl(self.crawler, reason, describe(exc, f"the WARC file of {response.url}"))
            warc.broken = True
            return response
        request.meta["warc_file"] = name
        request.meta["warc_record_id"] = record_id
        return response

    def spider_closed(self) -> None:
        if self.file is not None:
            self.file.close()
