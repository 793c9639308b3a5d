"""DropClearedPipeline: placeholder pages ("标题和内容已经清空…", "该信息已删除")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsarchive.extract.processors import matches_placeholder
from newsarchive.items import Article
from newsarchive.pipelines.base import drop
from newsarchive.seen import Store, store_for

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class DropClearedPipeline:
    """Drops an article whose title or body is a placeholder (`placeholder/<marker>`).

    Listing rows that are placeholders never get this far (the spider skips them); this
    catches the page behind a normal-looking row. The page's content fingerprint is not
    recorded, and a full pass (`crawl --full`) fetches a placeholder page again, so the real
    article is archived once the site restores it; daily incremental runs leave it alone.
    """

    def __init__(self, stats: StatsCollector | None, store: Store | None) -> None:
        self.stats = stats
        self.store = store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DropClearedPipeline:
        return cls(crawler.stats, store_for(crawler))

    def process_item(self, item: Article) -> Article:
        marker = matches_placeholder(item.title, item.body)
        if marker:
            item.content_hash = None
            drop(item, f"placeholder/{marker}", self.stats, self.store)
        return item
