"""FreezeStartupObjects: frozen while a crawl runs, unfrozen once the last one has stopped."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any, cast

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings
from scrapy.signalmanager import SignalManager

from newsarchive.extensions.gcfreeze import FreezeStartupObjects


class FakeCrawler:
    def __init__(self, **settings: Any) -> None:
        self.settings = Settings(settings)
        self.signals = SignalManager()


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_frozen_from_the_first_open_to_the_last_stop() -> None:
    a = FreezeStartupObjects.from_crawler(cast(Any, FakeCrawler()))
    b = FreezeStartupObjects.from_crawler(cast(Any, FakeCrawler()))
    assert gc.get_freeze_count() == 0
    a.spider_opened()
    assert gc.get_freeze_count() > 0
    b.spider_opened()
    a.engine_stopped()
    assert gc.get_freeze_count() > 0, "another crawl is still running"
    b.engine_stopped()
    assert gc.get_freeze_count() == 0
    # a stop without an open (a crawl that never opened its spider) unfreezes nothing twice
    a.engine_stopped()
    assert gc.get_freeze_count() == 0


def test_a_cycle_made_during_the_crawl_is_still_collected() -> None:
    ext = FreezeStartupObjects.from_crawler(cast(Any, FakeCrawler()))
    ext.spider_opened()
    cycle: list[Any] = []
    cycle.append(cycle)
    del cycle
    assert gc.collect() >= 1
    ext.engine_stopped()


def test_it_can_be_switched_off() -> None:
    with pytest.raises(NotConfigured):
        FreezeStartupObjects(cast(Any, FakeCrawler(NEWSARCHIVE_GC_FREEZE=False)))


def test_the_young_generation_is_collected_less_often_while_crawls_run() -> None:
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        a = FreezeStartupObjects.from_crawler(cast(Any, FakeCrawler(NEWSARCHIVE_GC_THRESHOLD=5000)))
        b = FreezeStartupObjects.from_crawler(cast(Any, FakeCrawler(NEWSARCHIVE_GC_THRESHOLD=2000)))
        a.spider_opened()
        assert gc.get_threshold() == (5000, 10, 10)
        b.spider_opened()
        assert gc.get_threshold() == (2000, 10, 10)
        a.engine_stopped()
        assert gc.get_threshold() == (2000, 10, 10), "another crawl is still running"
        b.engine_stopped()
        assert gc.get_threshold() == (700, 10, 10)
        # never lower than the process had it
        gc.set_threshold(9000, 10, 10)
        a.spider_opened()
        assert gc.get_threshold() == (9000, 10, 10)
        a.engine_stopped()
        assert gc.get_threshold() == (9000, 10, 10)
    finally:
        gc.set_threshold(*before)


def test_the_threshold_without_the_freeze_and_neither() -> None:
    ext = FreezeStartupObjects(
        cast(Any, FakeCrawler(NEWSARCHIVE_GC_FREEZE=False, NEWSARCHIVE_GC_THRESHOLD=5000))
    )
    before = gc.get_threshold()
    ext.spider_opened()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold()[0] == max(5000, before[0])
    ext.engine_stopped()
    assert gc.get_threshold() == before
    with pytest.raises(NotConfigured):
        FreezeStartupObjects(
            cast(Any, FakeCrawler(NEWSARCHIVE_GC_FREEZE=False, NEWSARCHIVE_GC_THRESHOLD=0))
        )
    # what `-s` lets through: a negative number is Python's thresholds, a fraction is cut
    for given, threshold in (("-1", 0), ("2500.5", 2500)):
        crawler = FakeCrawler(NEWSARCHIVE_GC_THRESHOLD=given)
        assert FreezeStartupObjects(cast(Any, crawler)).threshold == threshold
