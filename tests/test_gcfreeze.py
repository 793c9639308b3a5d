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
