"""RequireFieldsPipeline: an item that is not a whole, valid record goes no further."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsarchive.items import Article
from newsarchive.pipelines.base import drop
from newsarchive.schema import record_problems
from newsarchive.seen import Store, store_for

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

REQUIRED = ("url", "title", "body")


class RequireFieldsPipeline:
    """Drops pages with a defect (`invalid/truncated` …), a missing title or body
    (`invalid/missing_title` …) or a record the JSON Schema rejects (`invalid/schema`)."""

    def __init__(self, stats: StatsCollector | None, store: Store | None) -> None:
        self.stats = stats
        self.store = store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RequireFieldsPipeline:
        return cls(crawler.stats, store_for(crawler))

    def process_item(self, item: Article) -> Article:
        for defect in item.defects:
            drop(item, f"invalid/{defect.split(':')[0]}", self.stats, self.store)
        for name in REQUIRED:
            if not getattr(item, name):
                drop(item, f"invalid/missing_{name}", self.stats, self.store)
        if record_problems(item.record()):
            drop(item, "invalid/schema", self.stats, self.store)
        return item
