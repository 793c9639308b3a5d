"""ArchiveWriterPipeline: append each accepted record to data/archive/<site>/<crawl-date>.jsonl.

A pipeline rather than FEEDS because the archive promises what the feed exporter does not:
each record flushed as soon as it is accepted (a kill loses at most the line being written),
the seen-state updated only after the line is out, and an existing file only ever appended to.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from newsarchive.items import Article
from newsarchive.pipelines import page_urls
from newsarchive.state import SeenStore, data_dir_of, store_for

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


def archive_path(data_dir: Path, site: str, crawl_date: str) -> Path:
    """Where a crawl of `site` started on `crawl_date` (UTC, YYYY-MM-DD) writes."""
    return data_dir / "archive" / site / f"{crawl_date}.jsonl"


class ArchiveWriterPipeline:
    """Writes records as UTF-8 JSON lines, one per record, flushed per record.

    Settings: NEWSARCHIVE_DATA_DIR (the data dir). The crawl date is the UTC date the crawl
    started, so one run writes one file per site even across midnight.
    """

    def __init__(
        self,
        data_dir: Path,
        store: SeenStore,
        stats: StatsCollector | None,
        crawl_date: str | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.store = store
        self.stats = stats
        self.crawl_date = crawl_date or datetime.now(UTC).date().isoformat()
        self.files: dict[str, IO[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveWriterPipeline:
        return cls(data_dir_of(crawler), store_for(crawler), crawler.stats)

    def _file(self, site: str) -> IO[str]:
        handle = self.files.get(site)
        if handle is None:
            path = archive_path(self.data_dir, site, self.crawl_date)
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists() and path.stat().st_size:
                with path.open("rb") as f:
                    f.seek(-1, os.SEEK_END)
                    if f.read(1) != b"\n":
                        # a killed writer left half a line; start ours on a line of its own
                        logger.warning("%s ends with a partial line; appending after it", path)
                        with path.open("a", encoding="utf-8") as g:
                            g.write("\n")
            handle = self.files[site] = path.open("a", encoding="utf-8", newline="\n")
        return handle

    def process_item(self, item: Article) -> Article:
        assert item.site and item.canonical_url and item.content_hash
        handle = self._file(item.site)
        handle.write(json.dumps(item.record(), ensure_ascii=False) + "\n")
        handle.flush()
        self.store.mark_archived(item.site, item.canonical_url, page_urls(item), item.content_hash)
        if self.stats is not None:
            self.stats.inc_value("newsarchive/archived")
        return item

    def close_spider(self) -> None:
        for handle in self.files.values():
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        self.files.clear()
