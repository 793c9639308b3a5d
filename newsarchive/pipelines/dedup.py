"""DedupPipeline: one record per article, across runs (canonical URL, then content)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsarchive.items import Article
from newsarchive.pipelines import drop
from newsarchive.state import ARCHIVED, DUPLICATE, SeenStore, store_for

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class DedupPipeline:
    """Drops an article already archived under the same canonical URL (`duplicate/url`) or
    with the same fingerprint of normalised title + body (`duplicate/content`: the same text
    under a second path, or republished elsewhere on the site).

    Reads the seen-state kept by ArchiveWriterPipeline (setting `NEWSARCHIVE_DATA_DIR`).
    """

    def __init__(self, store: SeenStore, stats: StatsCollector | None) -> None:
        self.store = store
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        return cls(store_for(crawler), crawler.stats)

    def process_item(self, item: Article) -> Article:
        assert item.site and item.canonical_url and item.content_hash
        if self.store.url_outcome(item.site, item.canonical_url) == ARCHIVED:
            drop(item, "duplicate/url", self.stats, self.store, outcome=DUPLICATE)
        if self.store.content_owner(item.site, item.content_hash) is not None:
            drop(item, "duplicate/content", self.stats, self.store, outcome=DUPLICATE)
        return item
