"""ArchiveWriterPipeline: append each accepted record to data/archive/<site>/<crawl-date>.jsonl.

A pipeline rather than FEEDS because the archive promises what the feed exporter does not:
each record flushed as soon as it is accepted (a kill loses at most the line being written),
the seen-state updated only after the line is out, together with the file offset that
recovery replays from after a kill, and an existing file only ever appended to.

The file is opened through no symbolic link (`newsarchive.safefiles`). A full disk stops the
crawl at the first line that cannot be written: what was written of it is cut off again, so
the file holds whole lines only, and the items still in flight are not written (their pages
are fetched again by the next run, a resume pass).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import IO, TYPE_CHECKING

from scrapy.exceptions import DropItem

from newsarchive import statkeys
from newsarchive.crawlstop import describe, stop_crawl, stop_reason
from newsarchive.datadir import DataDir
from newsarchive.items import Article
from newsarchive.pipelines.base import page_urls
from newsarchive.safefiles import open_append, open_read
from newsarchive.seen import Store, store_for

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

# Fields whose presence the run summary counts, so the health check can see a layout change.
COVERAGE_FIELDS = ("author", "source", "editor", "published_at", "section")
_COVERAGE_KEYS = tuple((name, statkeys.field(name)) for name in COVERAGE_FIELDS)
_FFFD = "\ufffd".encode()
# json.dumps(record, ensure_ascii=False) with its encoder made once, not once a record
_ENCODER = json.JSONEncoder(ensure_ascii=False)


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
        stop: Callable[[str, str], bool] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.store = store
        self.stats = stats
        self.crawl_date = crawl_date or datetime.now(UTC).date().isoformat()
        self.files: dict[str, tuple[IO[bytes], str]] = {}
        # stop(reason, message): ends the crawl (newsarchive.crawlstop)
        self.stop = stop
        self.stopped: str | None = None  # why nothing more is written

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveWriterPipeline:
        return cls(
            DataDir.of(crawler),
            store_for(crawler),
            crawler.stats,
            stop=partial(stop_crawl, crawler),
        )

    def _file(self, site: str) -> tuple[IO[bytes], str]:
        entry = self.files.get(site)
        if entry is None:
            path = self.data_dir.archive_file(site, self.crawl_date, self.store.worker)
            # unbuffered: one write per line, so a failed write leaves no bytes behind in a
            # buffer for close() to write after the line was cut off
            handle = open_append(self.data_dir.root, path, buffering=0)
            if handle.tell():
                with open_read(self.data_dir.root, path) as f:
                    f.seek(-1, os.SEEK_END)
                    if f.read(1) != b"\n":
                        # recovery sets torn lines aside before a crawl; this is the last guard
                        logger.warning("%s ends with a partial line; appending after it", path)
                        _write_all(handle, b"\n")
            entry = self.files[site] = (handle, self.data_dir.relative(path))
        return entry

    def _give_up(self, exc: OSError, where: str) -> DropItem:
        """Stop the crawl for a full disk or an unsafe path (re-raising anything else, or
        when there is no crawl to stop); the DropItem for the item that met it."""
        reason = stop_reason(exc)
        if reason is None:
            raise exc
        self.stopped = describe(exc, where)
        if self.stop is None or not self.stop(reason, self.stopped):
            raise exc
        return DropItem(self.stopped, log_level="DEBUG")

    def process_item(self, item: Article) -> Article:
        if self.stopped is not None:
            raise DropItem(f"not written ({self.stopped}): {item.url}", log_level="DEBUG")
        assert item.site and item.canonical_url and item.content_hash
        try:
            handle, rel = self._file(item.site)
        except OSError as exc:
            where = self.data_dir.archive_file(item.site, self.crawl_date, self.store.worker)
            raise self._give_up(exc, str(where)) from None
        record = item.record()
        line = (_ENCODER.encode(record) + "\n").encode("utf-8")
        before = handle.tell()
        try:
            _write_all(handle, line)
        except OSError as exc:
            _cut(handle, before)
            raise self._give_up(exc, str(self.data_dir.root / rel)) from None
        try:
            self._mark_archived(item, rel, handle.tell())
        except Exception as exc:
            # the line is out: the next run's recovery records what the seen-state missed
            reason = stop_reason(exc)
            if reason is None or self.stop is None:
                raise
            self.stopped = describe(exc, "the seen-state")
            self.stop(reason, self.stopped)
        return self._counted(item, record, line)

    def _mark_archived(self, item: Article, rel: str, synced: int) -> None:
        assert item.site and item.canonical_url and item.content_hash
        self.store.mark_archived(
            item.site,
            item.canonical_url,
            page_urls(item),
            item.content_hash,
            revision=item.revision,
            published_at=item.published_at,
            file=rel,
            synced=synced,
        )

    def _counted(self, item: Article, record: dict[str, object], line: bytes) -> Article:
        if self.stats is not None:
            self.stats.inc_value(statkeys.ARCHIVED)
            for name, key in _COVERAGE_KEYS:
                if record.get(name):
                    self.stats.inc_value(key)
            # the line holds U+FFFD as itself (ensure_ascii=False): a line without one has no
            # field with one, and most lines are told so by one byte search
            if _FFFD in line and any(isinstance(v, str) and "\ufffd" in v for v in record.values()):
                self.stats.inc_value(statkeys.FFFD)
        return item

    def close_spider(self) -> None:
        for handle, rel in self.files.values():
            try:
                os.fsync(handle.fileno())
            except OSError as exc:
                if stop_reason(exc) is None:
                    raise
                logger.warning("cannot sync %s: %s", rel, exc.strerror)
            finally:
                handle.close()
        self.files.clear()


def _write_all(handle: IO[bytes], data: bytes) -> None:
    """Write all of `data` to an unbuffered file (a write may take only part of it)."""
    written = handle.write(data)
    if written == len(data):
        return  # nearly always: one write took the whole line
    view = memoryview(data)[written or 0 :]
    while view:
        written = handle.write(view)
        view = view[written or 0 :]


def _cut(handle: IO[bytes], size: int) -> None:
    """Cut the part of a line a failed write left; a file of whole lines needs no repair."""
    try:
        os.ftruncate(handle.fileno(), size)
    except OSError:
        logger.warning("cannot cut a partial line off %s; the next run sets it aside", handle.name)
