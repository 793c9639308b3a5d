"""One benchmark crawl, run in its own process by `benchmarks.crawl`; prints one JSON line.

    python -m benchmarks.runner {bare,bare_items,newsarchive} --base-url URL --data-dir DIR

Both kinds run under exactly the same Scrapy settings (`shared_settings`): the project's own
settings module minus its components (pipelines, extensions), politeness off, concurrency and
CONCURRENT_ITEMS as the project sets them, Scrapy's log at INFO to a file. What differs is the
spider, and for newsarchive its pipelines and CrawlGuard: that difference is what is measured.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import resource
import sys
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.settings import Settings

PLACEHOLDER_PREFIX = "标题和内容已经清空"
# the same knobs for both crawls; cmdline priority beats the site profile's politeness
BENCH_SETTINGS: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "AUTOTHROTTLE_ENABLED": False,
    "HTTPCACHE_ENABLED": False,
    "ROBOTSTXT_OBEY": True,
    "LOG_LEVEL": "INFO",
    "LOG_STDOUT": False,
    # a crawl that runs away is cut off rather than left running
    "CLOSESPIDER_TIMEOUT": 1800,
    "NEWSARCHIVE_PROGRESS": False,
    # the run's log goes through Scrapy's LOG_FILE handler, as the bare crawl's does
    "NEWSARCHIVE_SITE_LOG": False,
    # the full crawl keeps the raw responses too (the bare one has no middleware to do it)
    "NEWSARCHIVE_WARC": True,
}
# newsarchive's own components: on for its crawl; the bare one gets Scrapy's defaults
PROJECT_COMPONENTS = ("ITEM_PIPELINES", "EXTENSIONS", "DOWNLOADER_MIDDLEWARES")


def shared_settings(data_dir: Path, overrides: dict[str, Any] | None = None) -> Settings:
    """The project's settings with the benchmark's on top (`overrides` after those)."""
    settings = Settings()
    settings.setmodule("newsarchive.settings", priority="project")
    settings.set("NEWSARCHIVE_DATA_DIR", str(data_dir), priority="cmdline")
    settings.set("LOG_FILE", str(data_dir / "scrapy.log"), priority="cmdline")
    for name, value in {**BENCH_SETTINGS, **(overrides or {})}.items():
        settings.set(name, value, priority="cmdline")
    return settings


class BareSpider(scrapy.Spider):
    """The ceiling: the demo profile's channels, its listing rows and 下一页 links, the same
    request per article as newsarchive makes (tracking parameters dropped, placeholder rows
    skipped), and nothing extracted from the article pages."""

    name = "bare"

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        from newsarchive.sites import get_site

        self.base_url = base_url
        self.channels = [c.url for c in get_site("demo").channels]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for path in self.channels:
            yield scrapy.Request(urljoin(self.base_url, path), callback=self.parse_listing)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        assert isinstance(response, TextResponse)
        for row in response.css("ul.list > li"):
            href = row.css("a::attr(href)").get()
            title = row.css("a::text").get() or ""
            if not href or title.startswith(PLACEHOLDER_PREFIX):
                continue
            # Scrapy's duplicate filter then drops a second link to the same article
            yield response.follow(href.split("?", 1)[0], callback=self.parse_article)
        next_page = response.css("a.next::attr(href)").get()
        if next_page:
            yield response.follow(next_page, callback=self.parse_listing)

    def parse_article(self, response: Response) -> None:
        return None


class BareItemsSpider(BareSpider):
    """The bare spider yielding one small item per article page, through no pipeline: what
    Scrapy itself costs to carry an item, the floor under any crawl that archives."""

    name = "bare_items"

    def parse_article(self, response: Response) -> Iterator[dict[str, str]]:  # type: ignore[override]
        yield {"url": response.url}


def run(
    kind: str,
    base_url: str,
    data_dir: Path,
    profile: Path | None,
    timed: bool = False,
    overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    from scrapy.crawler import CrawlerProcess

    from benchmarks import stages

    timers = stages.install() if timed else {}

    data_dir.mkdir(parents=True, exist_ok=True)
    settings = shared_settings(data_dir, overrides)
    spider: type[scrapy.Spider]
    if kind in ("bare", "bare_items"):
        for name in PROJECT_COMPONENTS:
            settings.set(name, {}, priority="cmdline")
        spider = BareSpider if kind == "bare" else BareItemsSpider
    else:
        from newsarchive.spiders.sites import SPIDERS

        spider = SPIDERS["demo"]
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider)
    process.crawl(crawler, base_url=base_url)
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    process.start()
    if profiler is not None:
        profiler.disable()
        assert profile is not None
        profiler.dump_stats(str(profile))
    took = time.perf_counter() - started
    stats = crawler.stats.get_stats() if crawler.stats else {}
    keep = ("newsarchive/", "response_received_count", "downloader/response_status_count/")
    return {
        "kind": kind,
        "pages": int(stats.get("response_received_count", 0)),
        "elapsed": float(stats.get("elapsed_time_seconds", took)),
        "run_seconds": took,
        "finish_reason": stats.get("finish_reason"),
        "archived": int(stats.get("newsarchive/archived", 0)),
        "errors": int(stats.get("log_count/ERROR", 0)),
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "stats": {k: v for k, v in stats.items() if isinstance(k, str) and k.startswith(keep)},
        "stages": stages.report(timers),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.runner")
    parser.add_argument("kind", choices=("bare", "bare_items", "newsarchive"))
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--profile", type=Path, help="write cProfile stats of the crawl here")
    parser.add_argument("--stages", action="store_true", help="time newsarchive's stages")
    parser.add_argument(
        "-s", dest="set", action="append", default=[], metavar="NAME=JSON", help="a setting"
    )
    args = parser.parse_args(argv)
    if not args.base_url.startswith(("http://127.0.0.1:", "http://localhost:")):
        parser.error("benchmarks crawl 127.0.0.1 only")
    overrides = {}
    for pair in args.set:
        name, _, value = pair.partition("=")
        overrides[name] = json.loads(value)
    result = run(args.kind, args.base_url, args.data_dir, args.profile, args.stages, overrides)
    sys.stdout.write(json.dumps(result, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
