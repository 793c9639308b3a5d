"""LocalSiteServer: serves a site bundled with the package (the demo) for the crawl of it.

A profile with `local_root` and relative channel URLs names a static copy shipped inside the
package. When the crawl is given no `base_url`, this extension serves that copy on 127.0.0.1
(port 0) from the moment the spider opens until it closes, and points the spider at it; so
`newsarchive crawl demo` and `scrapy crawl demo` work with nothing else running.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals

from newsarchive.server import LocalSite, bundled_site_root

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider

logger = logging.getLogger(__name__)


class LocalSiteServer:
    """Starts and stops the local copy of a bundled site. No settings: it acts only for a
    spider whose site has `local_root` and relative channels, and no `base_url`."""

    def __init__(self, crawler: Crawler) -> None:
        self.local: LocalSite | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LocalSiteServer:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        site = getattr(spider, "site", None)
        if site is None or not site.local_root or getattr(spider, "base_url", None):
            return
        if not getattr(spider, "relative_channels", False):
            return
        root = bundled_site_root(site.local_root)
        self.local = LocalSite(root).start()
        # the spider's start() has not run yet: it reads base_url when it does
        spider.base_url = self.local.url  # type: ignore[attr-defined]
        logger.info("serving %s on %s", root, self.local.url, extra={"spider": spider})

    def spider_closed(self) -> None:
        if self.local is not None:
            self.local.stop()
            self.local = None
