"""`newsarchive reextract`: replay a crawl from its WARC files, offline, into a new archive.

The spider's own callbacks and the same pipelines run over the stored responses in the order
they were received, so the result is what the crawl would have archived with today's
extractor; nothing is fetched. Redirects are followed through their stored 3xx records; an
error response followed by a stored retry is skipped like the crawl skipped it. Relative dates
("3小时前", "昨天") are read against each response's WARC-Date, the time it was fetched.

With `jobs` > 1, worker processes read the article pages ahead (`read_article_page`, the pure
part and most of the time) for the responses coming next, each worker given the site once; the
replay itself stays in this process and in order (which request a response answers, the
spider's bookkeeping, the pipelines), and the spider takes the page read ahead for the
response it was read from. The archive is the same as with one job, line for line.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from scrapy.settings import Settings
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import load_object

from newsarchive import statkeys
from newsarchive.datadir import SETTING as DATA_DIR_SETTING
from newsarchive.extract.article import ArticlePage, read_article_page
from newsarchive.extract.encoding import decode_page, header_text
from newsarchive.items import Article
from newsarchive.seen import release_store
from newsarchive.sites import Registry, adhoc_site, load_registry
from newsarchive.sites.base import Site
from newsarchive.spiders.archive import REPLAY_NOW, REPLAY_PAGE
from newsarchive.spiders.sites import spider_class
from newsarchive.warc.reader import StoredResponse, iter_responses, read_info

logger = logging.getLogger(__name__)

# responses a worker reads per task (the pool's own cost per task is paid in this process),
# and tasks read ahead per worker: enough to keep every worker busy, few enough that memory
# stays flat whatever the size of the WARC
BATCH = 16
READ_AHEAD = 4


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _settings(out_dir: Path) -> Settings:
    settings = Settings()
    settings.setmodule("newsarchive.settings", priority="project")
    settings.set(DATA_DIR_SETTING, str(out_dir), priority="cmdline")
    settings.set("NEWSARCHIVE_RECHECK_DAYS", 0, priority="cmdline")
    # nothing is downloaded: no reactor, no WARC writing, no site log of a crawl
    settings.set("TWISTED_REACTOR_ENABLED", False, priority="cmdline")
    settings.set("NEWSARCHIVE_WARC", False, priority="cmdline")
    settings.set("NEWSARCHIVE_SITE_LOG", False, priority="cmdline")
    return settings


def _fetched(warc_date: str) -> datetime:
    return datetime.fromisoformat(warc_date.replace("Z", "+00:00"))


def _crawled_at(warc_date: str) -> str:
    return _fetched(warc_date).isoformat(timespec="seconds")


# -- reading ahead in worker processes ---------------------------------------------------------

_worker_site: Site | None = None


def _start_worker(site: Site) -> None:
    global _worker_site
    _worker_site = site


def _read_ahead(url: str, body: bytes, content_type: bytes | None, date: str) -> ArticlePage:
    """In a worker: the page as the spider's `parse_article` reads it (`page_text`, then
    `read_article_page` against the fetch's time)."""
    text, _ = decode_page(body, header_text(content_type))
    return read_article_page(text, url, _worker_site, now=_fetched(date))


Task = tuple[str, bytes, bytes | None, str] | None


def _read_batch(tasks: list[Task]) -> list[ArticlePage | None]:
    return [_read_ahead(*task) if task is not None else None for task in tasks]


def _task(response: StoredResponse) -> Task:
    """What a worker needs to read a response (None: a redirect or an error, nothing to read)."""
    if not (200 <= response.status < 300 and response.body):
        return None
    content_type = Headers(response.headers).get(b"Content-Type")
    return (response.url, response.body, content_type, response.date)


Ahead = Iterator[tuple[StoredResponse, ArticlePage | None]]
# responses in order, and the task reading their pages
Batch = tuple[list[StoredResponse], AsyncResult[list[ArticlePage | None]]]


@contextmanager
def _responses(paths: list[Path], slug: str, site: Site, jobs: int) -> Iterator[Ahead]:
    """The stored responses in order, each with its article page when a worker read it."""
    stored = iter_responses(paths, slug)
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield ((s, None) for s in stored)
        return
    # fork: the workers start with this process's modules and the site, nothing to import;
    # what exists now is frozen out of the collector, whose passes would otherwise copy the
    # parent's pages into every worker (and this process scans less from now on)
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs, initializer=_start_worker, initargs=(site,)) as pool:

            def submit(batch: list[StoredResponse]) -> Batch:
                return batch, pool.apply_async(_read_batch, ([_task(r) for r in batch],))

            def ahead() -> Ahead:
                window: deque[Batch] = deque()
                batch: list[StoredResponse] = []
                for response in stored:
                    batch.append(response)
                    if len(batch) == BATCH:
                        window.append(submit(batch))
                        batch = []
                    if len(window) > READ_AHEAD * jobs:
                        done, task = window.popleft()
                        yield from zip(done, task.get(), strict=True)
                if batch:
                    window.append(submit(batch))
                while window:
                    done, task = window.popleft()
                    yield from zip(done, task.get(), strict=True)

            yield ahead()
    finally:
        gc.unfreeze()


def replayed_site(info: dict[str, str], site: str | None, registry: Registry) -> Site:
    """The site a WARC was crawled for: `site` or the one its warcinfo names, from the
    registry; a `--start-url` crawl's site is made again from the start URLs it recorded."""
    slug = site or info.get("newsarchive-site")
    if not slug:
        raise ValueError("the WARC names no site; give --site")
    starts = info.get("newsarchive-start-urls", "").split()
    if slug not in registry.sites and starts:
        return adhoc_site(starts, slug)
    return registry.get(slug)  # UnknownSiteError names the known ones


def reextract(
    paths: list[Path],
    out_dir: Path,
    site: str | None = None,
    registry: Registry | None = None,
    jobs: int = 1,
) -> dict[str, Any]:
    """Replay `paths` (WARC files of one site, in crawl order) into `out_dir`'s archive, the
    article pages read by `jobs` processes (1: all in this one).

    Returns counts: records written, drops by reason, responses replayed and unused.
    """
    info = read_info(paths)
    profile = replayed_site(info, site, registry or load_registry(None))
    slug = profile.slug
    spidercls = spider_class(profile)
    crawler = Crawler(spidercls, _settings(out_dir))
    crawler._apply_settings()  # stats and settings without an engine (nothing is crawled)
    spider = spidercls.from_crawler(crawler, base_url=info.get("newsarchive-base-url"))
    crawler.spider = spider
    spider.full_pass = True  # replay what was stored; the stops were the crawl's business
    pipelines = [
        load_object(path).from_crawler(crawler)
        for path in build_component_list(crawler.settings.getwithbase("ITEM_PIPELINES"))
    ]
    pending: dict[str, Request] = {
        url: Request(url, callback=spider.parse_listing, cb_kwargs={"channel": name, "page": 1})
        for url, name in spider.channel_urls()
    }
    counts: Counter[str] = Counter()
    try:
        with _responses(paths, slug, spider.site, jobs) as responses:
            for stored, page in responses:
                request = pending.pop(stored.url, None)
                if request is None:
                    counts["unused"] += 1
                    continue
                counts["replayed"] += 1
                _replay(stored, request, pending, pipelines, counts, page)
        for pipeline in pipelines:
            if hasattr(pipeline, "close_spider"):
                pipeline.close_spider()
    finally:
        # a failed replay must not leave the process's shared seen-state open (nor its
        # write group holding the file's lock)
        release_store(crawler)
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return {
        "site": slug,
        "records_written": int(stats.get(statkeys.ARCHIVED, 0)),
        "dropped": statkeys.grouped(stats, statkeys.DROPPED_GROUP),
        "responses_replayed": counts["replayed"],
        "responses_unused": counts["unused"],
        # requested by the replayed pages but with no usable response stored (404s, failures)
        "unanswered": sorted(pending),
    }


def _replay(
    stored: StoredResponse,
    request: Request,
    pending: dict[str, Request],
    pipelines: list[Any],
    counts: Counter[str],
    page: ArticlePage | None = None,
) -> None:
    headers = Headers(stored.headers)
    location = headers.get(b"Location")
    if 300 <= stored.status < 400 and location:
        target = urljoin(stored.url, location.decode("latin-1"))
        redirects = [*request.meta.get("redirect_urls", ()), stored.url]
        pending[target] = request.replace(
            url=target, meta={**request.meta, "redirect_urls": redirects}
        )
        return
    if stored.status >= 400:
        pending[stored.url] = request  # a retry may follow; the crawl's errback handled the rest
        return
    request.meta["warc_file"] = stored.warc_file
    request.meta["warc_record_id"] = stored.record_id
    request.meta[REPLAY_NOW] = _fetched(stored.date)
    if page is not None:
        request.meta[REPLAY_PAGE] = page
    cls = responsetypes.from_args(headers=headers, url=stored.url, body=stored.body)
    response = cls(
        url=stored.url, status=stored.status, headers=headers, body=stored.body, request=request
    )
    assert request.callback is not None
    for out in request.callback(response, **request.cb_kwargs) or ():
        if isinstance(out, Request):
            pending.setdefault(out.url, out)
        elif isinstance(out, Article):
            out.crawled_at = _crawled_at(stored.date)
            try:
                for pipeline in pipelines:
                    out = pipeline.process_item(out)
            except DropItem as drop:
                logger.info("%s", drop)
