"""DedupPipeline: one record per article and version, across runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsarchive.items import Article
from newsarchive.pipelines.base import drop
from newsarchive.seen import DUPLICATE, Store, store_for

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class DedupPipeline:
    """Drops an article already archived under the same canonical URL with the same content
    (`duplicate/url`, or `revision/unchanged` when it was fetched again on purpose), or with
    the same fingerprint of normalised title + body under another URL (`duplicate/content`:
    the same text under a second path, or republished elsewhere on the site).

    An archived article whose content changed passes as its next revision. Reads the
    seen-state that ArchiveWriterPipeline keeps (setting `NEWSARCHIVE_DATA_DIR`).
    """

    def __init__(self, store: Store, stats: StatsCollector | None) -> None:
        self.store = store
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        return cls(store_for(crawler), crawler.stats)

    def process_item(self, item: Article) -> Article:
        assert item.site and item.canonical_url and item.content_hash
        previous = self.store.article(item.site, item.canonical_url)
        if previous is not None:
            if previous.content_hash == item.content_hash:
                reason = "revision/unchanged" if item.recheck else "duplicate/url"
                drop(item, reason, self.stats, self.store, outcome=DUPLICATE)
            item.revision = previous.revision + 1
        # claimed, not just looked up: with several workers on one seen-state (Redis), two
        # copies of one text must not both pass between a check and a write
        owner = self.store.claim_content(item.site, item.content_hash, item.canonical_url)
        if owner != item.canonical_url:
            drop(item, "duplicate/content", self.stats, self.store, outcome=DUPLICATE)
        if not self.store.claim_version(item.site, item.canonical_url, item.revision):
            # another worker is writing this very version (Redis)
            drop(item, "duplicate/url", self.stats, self.store, outcome=DUPLICATE)
        return item
