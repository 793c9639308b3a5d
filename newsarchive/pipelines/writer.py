"""ArchiveWriterPipeline: append each accepted record to data/archive/<site>/<crawl-date>.jsonl.

A pipeline rather than FEEDS because the archive promises what the feed exporter does not:
each record flushed as soon as it is accepted (a kill loses at most the line being written),
the seen-state updated only after the line is out, together with the file offset that
recovery replays from after a kill, and an existing file only ever appended to.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING

from newsarchive import statkeys
from newsarchive.datadir import DataDir
from newsarchive.items import Article
from newsarchive.pipelines.base import page_urls
from newsarchive.seen import Store, store_for

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

# Fields whose presence the run summary counts, so the health check can see a layout change.
COVERAGE_FIELDS = ("author", "source", "editor", "published_at", "section")


class ArchiveWriterPipeline:
    """Writes records as UTF-8 JSON lines, one per record, flushed per record.

    Settings: NEWSARCHIVE_DATA_DIR (the data dir). The crawl date is the UTC date the crawl
    started, so one run writes one file per site even across midnight.
    """

    def __init__(
        self,
        data_dir: DataDir,
        store: Store,
        stats: StatsCollector | None,
        crawl_date: str | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.store = store
        self.stats = stats
        self.crawl_date = crawl_date or datetime.now(UTC).date().isoformat()
        self.files: dict[str, tuple[IO[bytes], str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveWriterPipeline:
        return cls(DataDir.of(crawler), store_for(crawler), crawler.stats)

    def _file(self, site: str) -> tuple[IO[bytes], str]:
        entry = self.files.get(site)
        if entry is None:
            path = self.data_dir.archive_file(site, self.crawl_date, self.store.worker)
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = path.open("ab")
            if handle.tell():
                with path.open("rb") as f:
                    f.seek(-1, os.SEEK_END)
                    if f.read(1) != b"\n":
                        # recovery sets torn lines aside before a crawl; this is the last guard
                        logger.warning("%s ends with a partial line; appending after it", path)
                        handle.write(b"\n")
            entry = self.files[site] = (handle, self.data_dir.relative(path))
        return entry

    def process_item(self, item: Article) -> Article:
        assert item.site and item.canonical_url and item.content_hash
        handle, rel = self._file(item.site)
        record = item.record()
        handle.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
        handle.flush()
        self.store.mark_archived(
            item.site,
            item.canonical_url,
            page_urls(item),
            item.content_hash,
            revision=item.revision,
            published_at=item.published_at,
            file=rel,
            synced=handle.tell(),
        )
        if self.stats is not None:
            self.stats.inc_value(statkeys.ARCHIVED)
            for name in COVERAGE_FIELDS:
                if record.get(name):
                    self.stats.inc_value(statkeys.field(name))
            if any(isinstance(v, str) and "\ufffd" in v for v in record.values()):
                self.stats.inc_value(statkeys.FFFD)
        return item

    def close_spider(self) -> None:
        for handle, _ in self.files.values():
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        self.files.clear()
