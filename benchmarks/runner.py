"""One benchmark crawl, run in its own process by `benchmarks.crawl`; prints one JSON line.

    python -m benchmarks.runner KIND --base-url URL --data-dir DIR

Every kind runs under exactly the same Scrapy settings (`shared_settings`): the project's own
settings module, politeness off, concurrency and CONCURRENT_ITEMS as the project sets them,
Scrapy's log at INFO to a file; the spiders that are not newsarchive's get Scrapy's own
components instead of the project's (pipelines, extensions, middlewares). What differs is the
spider, and for newsarchive its pipelines and CrawlGuard: that difference is what is measured.

The kinds (`KINDS`): `bare` follows the listing and article links and extracts nothing;
`bare_items` yields one small item per article; `parsel` is a hand-written spider with a CSS
selector per field and template; `trafilatura` and `gne` call those extractors on every article
(the `bench` extra); `generic` is newsarchive crawling the site from its listing URLs alone
(`--start-url`: generic listing rows, generic extraction), `profiled` newsarchive with a profile
that gives a selector for every field the pages hold (`profiled_site`), `strict` the same
profile with `fallback = false` (the generic extractor only for the fields without selectors),
`warc` the generic crawl keeping the raw responses too (`--warc`), and `newsarchive` the demo
profile with WARC (the older benchmark's crawl).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import resource
import sys
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import replace
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
    # raw responses are kept by the kinds that say so (`WARC_KINDS`)
    "NEWSARCHIVE_WARC": False,
    # every listing page, as the bare crawl reads them (a 100,000-article site has ~1,700 a
    # channel, past the default page cap of a first run)
    "NEWSARCHIVE_MAX_PAGES_DEFAULT": 0,
}
# newsarchive's own components: on for its crawl; the others get Scrapy's defaults
PROJECT_COMPONENTS = ("ITEM_PIPELINES", "EXTENSIONS", "DOWNLOADER_MIDDLEWARES")
# Scrapy spiders that are not newsarchive (no project components), and newsarchive's crawls
OTHER_KINDS = ("bare", "bare_items", "parsel", "trafilatura", "gne")
NEWSARCHIVE_KINDS = ("generic", "profiled", "strict", "warc", "newsarchive")
KINDS = OTHER_KINDS + NEWSARCHIVE_KINDS
WARC_KINDS = ("warc", "newsarchive")
# the generated site's channels, as a `--start-url` crawl is given them
CHANNEL_PATHS = ("/dongtai/index.html", "/yaowen/index.html", "/baozhi/index.html")


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


def _text(values: list[str]) -> str:
    return " ".join(" ".join(v.split()) for v in values if v.strip())


class ParselSpider(BareSpider):
    """What one writes by hand for these three templates: a CSS selector per field and
    template, whitespace collapsed, and nothing else (no placeholder check, no dedup)."""

    name = "parsel"

    def parse_article(self, response: Response) -> Iterator[dict[str, Any]]:  # type: ignore[override]
        assert isinstance(response, TextResponse)
        css = response.css
        if css("h2.art-title"):  # the government portal
            title = css("h2.art-title::text").get()
            date = css("meta[name=PubDate]::attr(content)").get()
            author = css("meta[name=Author]::attr(content)").get()
            body = css("div#zoom p::text").getall()
        elif css("div.text_c"):  # the local paper
            title = css("div.text_c h1::text").get()
            date = css("div.sha_left span::text").get()
            author = css("div.byline::text").get()
            body = css("div#ozoom p::text").getall()
        else:  # the aggregator
            title = css("div.article h1.title::text").get()
            date = css("div.article div.info::text").get()
            author = "admin"
            body = css("div.article div.content p::text").getall()
        yield {
            "url": response.url,
            "title": title,
            "published_at": date,
            "author": author,
            "body": "\n\n".join(" ".join(p.split()) for p in body if p.strip()),
        }


class TrafilaturaSpider(BareSpider):
    """A Scrapy spider that hands every article page to trafilatura (metadata included)."""

    name = "trafilatura"

    def parse_article(self, response: Response) -> Iterator[dict[str, Any]]:  # type: ignore[override]
        import trafilatura

        assert isinstance(response, TextResponse)
        doc = trafilatura.bare_extraction(response.text, url=response.url, with_metadata=True)
        if doc is not None:
            found = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
            yield {
                "url": response.url,
                **{k: found.get(k) for k in ("title", "date", "author", "text")},
            }


class GneSpider(BareSpider):
    """A Scrapy spider that hands every article page to GNE (GeneralNewsExtractor)."""

    name = "gne"

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(base_url, **kwargs)
        from gne import GeneralNewsExtractor

        self.extractor = GeneralNewsExtractor()

    def parse_article(self, response: Response) -> Iterator[dict[str, Any]]:  # type: ignore[override]
        assert isinstance(response, TextResponse)
        try:
            found = self.extractor.extract(response.text)
        except Exception:  # GNE raises on pages it cannot read; a crawl goes on
            return
        yield {"url": response.url, **found}


def _after_dash(value: str) -> str:
    """ "Admin - admin 于2024年02月18日发表" -> "admin" (the aggregator's posting account)."""
    return value.split(" - ", 1)[-1].split("于", 1)[0].strip()


def profiled_site(*, fallback: bool = True) -> Any:
    """The demo profile with a selector for every field the generated pages hold, template
    by template (the first selector that finds something wins): the crawl that never needs
    the generic extractor for a field the page has. Without `fallback` the generic extractor
    does not look for a field whose selectors found nothing either (`ArticleRules.fallback`):
    on these pages the records are the same."""
    from newsarchive.sites import get_site
    from newsarchive.sites.base import ArticleRules, Css, XPath

    demo = get_site("demo")
    return replace(
        demo,
        slug="bench_profiled",
        article=ArticleRules(
            title=(Css("div.article h1.title"), Css("h2.art-title"), Css("div.text_c h1")),
            published_at=(
                Css("meta[name=PubDate]::attr(content)"),
                Css("div.article div.info"),
                Css("div.sha_left > span:first-child"),
            ),
            author=(
                Css("meta[name=Author]::attr(content)"),
                Css("div.text_c div.byline"),
                Css("div.article div.info"),
            ),
            author_processors=(_after_dash,),
            source=(
                Css("meta[name=ContentSource]::attr(content)"),
                XPath('substring-after(//div[@class="sha_left"]/span[2], "：")'),
            ),
            editor=XPath(
                'substring-after(//div[@class="art-info"]/span[starts-with(., "责任编辑")], "：")'
            ),
            section=(
                Css("meta[name=ColumnName]::attr(content)"),
                Css("div.position > a:last-child::text"),
            ),
            body=(Css("div.article div.content"), Css("div#zoom"), Css("div#ozoom")),
            fallback=fallback,
        ),
    )


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
    settings.set("NEWSARCHIVE_WARC", kind in WARC_KINDS, priority="cmdline")
    spider: type[scrapy.Spider]
    arguments: dict[str, Any] = {"base_url": base_url}
    if kind in OTHER_KINDS:
        for name in PROJECT_COMPONENTS:
            settings.set(name, {}, priority="cmdline")
        spider = {
            "bare": BareSpider,
            "bare_items": BareItemsSpider,
            "parsel": ParselSpider,
            "trafilatura": TrafilaturaSpider,
            "gne": GneSpider,
        }[kind]
    elif kind in ("generic", "warc"):
        from newsarchive.spiders.archive import ArchiveSpider

        spider = ArchiveSpider
        starts = " ".join(urljoin(base_url, path) for path in CHANNEL_PATHS)
        arguments = {"start_url": starts, "slug": "bench"}
    elif kind in ("profiled", "strict"):
        from newsarchive.spiders.archive import ArchiveSpider

        spider = ArchiveSpider
        arguments["site"] = profiled_site(fallback=kind == "profiled")
    else:
        from newsarchive.spiders.sites import SPIDERS

        spider = SPIDERS["demo"]
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider)
    process.crawl(crawler, **arguments)
    profiler = cProfile.Profile() if profile else None
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    process.start()
    if profiler is not None:
        profiler.disable()
        assert profile is not None
        profiler.dump_stats(str(profile))
    took = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    stats = crawler.stats.get_stats() if crawler.stats else {}
    keep = ("newsarchive/", "response_received_count", "downloader/response_status_count/")
    return {
        "kind": kind,
        "pages": int(stats.get("response_received_count", 0)),
        "elapsed": float(stats.get("elapsed_time_seconds", took)),
        "run_seconds": took,
        # the crawl's own CPU time (user + system), start to finish: what a page costs whatever
        # else the machine is doing
        "cpu_seconds": cpu,
        "finish_reason": stats.get("finish_reason"),
        "archived": int(stats.get("newsarchive/archived", 0)),
        "items": int(stats.get("item_scraped_count", 0)),
        "errors": int(stats.get("log_count/ERROR", 0)),
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "stats": {k: v for k, v in stats.items() if isinstance(k, str) and k.startswith(keep)},
        "stages": stages.report(timers),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.runner")
    parser.add_argument("kind", choices=KINDS)
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
