"""`newsarchive reextract`: replay a crawl from its WARC files, offline, into a new archive.

The spider's own callbacks and the same pipelines run over the stored responses in the order
they were received, so the result is what the crawl would have archived with today's
extractor; nothing is fetched. Redirects are followed through their stored 3xx records; an
error response followed by a stored retry is skipped like the crawl skipped it.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime
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
from newsarchive.items import Article
from newsarchive.seen import release_store
from newsarchive.sites import Registry, adhoc_site, load_registry
from newsarchive.sites.base import Site
from newsarchive.spiders.sites import spider_class
from newsarchive.warc.reader import StoredResponse, iter_responses, read_info

logger = logging.getLogger(__name__)


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


def _crawled_at(warc_date: str) -> str:
    return datetime.fromisoformat(warc_date.replace("Z", "+00:00")).isoformat(timespec="seconds")


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
    paths: list[Path], out_dir: Path, site: str | None = None, registry: Registry | None = None
) -> dict[str, Any]:
    """Replay `paths` (WARC files of one site, in crawl order) into `out_dir`'s archive.

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
        for stored in iter_responses(paths, slug):
            request = pending.pop(stored.url, None)
            if request is None:
                counts["unused"] += 1
                continue
            counts["replayed"] += 1
            _replay(stored, request, pending, pipelines, counts)
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
