"""FreezeStartupObjects: the cyclic garbage collector stops re-reading what the crawl set up,
and runs less often while the crawl makes and drops its pages.

Everything alive when a crawl opens (modules, Scrapy's components, the extraction's tables and
compiled patterns, ~94,000 objects) lives until the process ends, yet every full collection
walked all of it again: 7 full collections a 2,000-page crawl, 70 ms each, most of the
crawl's garbage-collection time. `gc.freeze()` moves those objects out of the collector's
generations; they are still freed as usual when nothing refers to them, only not scanned.

The youngest generation's threshold (700 objects more made than freed) is then raised to
NEWSARCHIVE_GC_THRESHOLD: a page's work makes thousands of lists, tuples and dicts that its
end frees by reference counting, so at 700 a collection came every few pages to scan the
objects of the page at hand, all alive, and free almost nothing (3,200 objects over a
5,125-page crawl: ~1,300 young collections, 190-240 ms of CPU, and with the older generations
they drag along, 360-400 ms). At 5,000 a collection comes when that many more objects are
alive than before, which a crawl reaches every hundred pages or so: 50 collections, 80-100
ms. What is cyclic garbage waits longer to be freed, never more than those 5,000 objects.

Nothing grows with the crawl: one freeze when a crawl opens, and `gc.unfreeze()` (with the
thresholds as they were) once the process's last crawl has stopped, so whatever of them
became cyclic garbage meanwhile is collected again (a one-time amount, what was alive at the
start).
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


# the thresholds before the first crawl of the process raised them, and whether one froze
_saved_threshold: tuple[int, ...] | None = None
_froze = False


class FreezeStartupObjects:
    """Freezes the objects alive when a crawl opens and raises the youngest generation's
    threshold; undoes both when the process's last crawl stops. Settings:
    NEWSARCHIVE_GC_FREEZE (on by default), NEWSARCHIVE_GC_THRESHOLD (5,000; 0 or less
    leaves Python's)."""

    def __init__(self, crawler: Crawler) -> None:
        self.freeze = crawler.settings.getbool("NEWSARCHIVE_GC_FREEZE", True)
        # (the CLI's -s lets any number through: a fraction is cut, 0 or less is Python's)
        self.threshold = max(int(crawler.settings.getfloat("NEWSARCHIVE_GC_THRESHOLD", 0)), 0)
        if not self.freeze and not self.threshold:
            raise NotConfigured
        self.opened = False
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FreezeStartupObjects:
        return cls(crawler)

    def spider_opened(self) -> None:
        global _open_crawls, _saved_threshold, _froze
        if self.opened:
            return
        self.opened = True
        _open_crawls += 1
        if self.freeze:
            gc.freeze()
            _froze = True
        if self.threshold:
            if _saved_threshold is None:
                _saved_threshold = gc.get_threshold()
            gc.set_threshold(max(self.threshold, _saved_threshold[0]), *_saved_threshold[1:])

    def engine_stopped(self) -> None:
        global _open_crawls, _saved_threshold, _froze
        if not self.opened:
            return
        self.opened = False
        _open_crawls -= 1
        if _open_crawls == 0:
            if _froze:
                gc.unfreeze()
                _froze = False
            if _saved_threshold is not None:
                gc.set_threshold(*_saved_threshold)
                _saved_threshold = None
