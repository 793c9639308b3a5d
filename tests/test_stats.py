"""QuickStatsCollector keeps the stats Scrapy's MemoryStatsCollector keeps."""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector, StatsCollector
from scrapy.utils.misc import load_object
from scrapy.utils.test import get_crawler

from newsarchive import settings as project_settings
from newsarchive.extensions.stats import QuickStatsCollector


def _run(stats: StatsCollector) -> dict[str, Any]:
    stats.open_spider()
    stats.set_value("start", "a")
    for key in ("x", "y", "x"):
        stats.inc_value(key)
    stats.inc_value("x", 5)
    stats.inc_value("z", 2, start=10)
    stats.max_value("max", 3)
    stats.max_value("max", 1)
    stats.min_value("min", 3)
    stats.min_value("min", 1)
    before = dict(stats.get_stats())
    assert stats.get_value("x") == 7 and stats.get_value("none", "d") == "d"
    stats.set_stats({**before, "replaced": True})
    stats.clear_stats()
    stats.inc_value("after")
    return {"before": before, "after": dict(stats.get_stats())}


def test_the_same_stats_as_scrapys_collector() -> None:
    crawler = get_crawler(Spider)
    assert _run(QuickStatsCollector(crawler)) == _run(MemoryStatsCollector(crawler))


def test_spider_stats_kept_at_close() -> None:
    crawler = get_crawler(Spider)
    spider = Spider("quick")
    crawler.spider = spider
    stats = QuickStatsCollector(crawler)
    stats.inc_value("pages")
    stats.close_spider(spider, reason="finished")
    assert stats.spider_stats == {"quick": {"pages": 1}}


def test_methods_are_scrapys_own_unwrapped() -> None:
    stats = QuickStatsCollector(get_crawler(Spider))
    assert stats.inc_value.__func__ is StatsCollector.inc_value  # type: ignore[attr-defined]
    assert stats.get_stats() is stats._stats


def test_the_project_crawls_with_it() -> None:
    settings = Settings()
    settings.setmodule(project_settings)
    assert load_object(settings["STATS_CLASS"]) is QuickStatsCollector
