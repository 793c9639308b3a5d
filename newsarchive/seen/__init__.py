"""The seen-state: URLs met and their outcomes, archived articles, content fingerprints.

`store_for(crawler)` opens the backend that setting NEWSARCHIVE_SEEN_STORE names (a class path,
like Scrapy's HTTPCACHE_STORAGE and DUPEFILTER_CLASS) through its `from_crawler`, once per
crawler: the spider, the pipelines and the extensions of one crawl share it.
`release_store(crawler)` lets go of it when the crawl is over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from newsarchive.seen.base import ARCHIVED, DUPLICATE, Archived, Store

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["ARCHIVED", "DUPLICATE", "SETTING", "Archived", "Store", "release_store", "store_for"]

SETTING = "NEWSARCHIVE_SEEN_STORE"
DEFAULT = "newsarchive.seen.sqlite.SeenStore"

_STORES: WeakKeyDictionary[Crawler, Store] = WeakKeyDictionary()


def store_for(crawler: Crawler) -> Store:
    """The one seen-state a crawler's components share, opened on first use."""
    store = _STORES.get(crawler)
    if store is None:
        from scrapy.utils.misc import load_object

        cls: type[Store] = load_object(crawler.settings.get(SETTING) or DEFAULT)
        store = _STORES[crawler] = cls.from_crawler(crawler)
    return store


def release_store(crawler: Crawler) -> None:
    """A crawler is done with its seen-state: its writes are committed and the store let go."""
    store = _STORES.pop(crawler, None)
    if store is not None:
        store.release()
