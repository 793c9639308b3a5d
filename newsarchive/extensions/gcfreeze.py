"""FreezeStartupObjects: the cyclic garbage collector stops re-reading what the crawl set up.

Everything alive when a crawl opens (modules, Scrapy's components, the extraction's tables and
compiled patterns, ~94,000 objects) lives until the process ends, yet every full collection
walked all of it again: 7 full collections a 2,000-page crawl, 70 ms each, most of the
crawl's garbage-collection time. `gc.freeze()` moves those objects out of the collector's
generations; they are still freed as usual when nothing refers to them, only not scanned.

Nothing grows with the crawl: one freeze when a crawl opens, and `gc.unfreeze()` once the
process's last crawl has stopped, so whatever of them became cyclic garbage meanwhile is
collected again (a one-time amount, what was alive at the start).
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

# crawls of this process between their spider_opened and engine_stopped (`crawl --all` runs
# several in one reactor): the objects stay frozen until the last of them stops
_open_crawls = 0


class FreezeStartupObjects:
    """Freezes the objects alive when a crawl opens; unfreezes them when the process's last
    crawl stops. Setting: NEWSARCHIVE_GC_FREEZE (on by default)."""

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("NEWSARCHIVE_GC_FREEZE", True):
            raise NotConfigured
        self.frozen = False
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FreezeStartupObjects:
        return cls(crawler)

    def spider_opened(self) -> None:
        global _open_crawls
        if self.frozen:
            return
        self.frozen = True
        _open_crawls += 1
        gc.freeze()

    def engine_stopped(self) -> None:
        global _open_crawls
        if not self.frozen:
            return
        self.frozen = False
        _open_crawls -= 1
        if _open_crawls == 0:
            gc.unfreeze()
