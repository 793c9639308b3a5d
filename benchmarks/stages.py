"""Wall-clock timers around newsarchive's stages, installed into a live crawl.

A profiler's overhead falls on Python calls, so it inflates our pure-Python stages against
lxml and SQLite; these timers cost about a microsecond per call and measure the stages at full
speed instead. Each target names the module where the crawl looks the function up (a name
imported with `from … import` is patched where it is used) and an attribute path. A target
that no longer exists (the code moved on) is reported as missing, never an error.
"""

from __future__ import annotations

import functools
import gc
import importlib
import inspect
import time
from collections.abc import Callable, Iterator
from typing import Any

# (label, unit, module under newsarchive., attribute): "  " in a label marks a part of the
# stage above it; the unit is the page kind the cost is counted per (response: any page).
# The order is the report's.
TARGETS: tuple[tuple[str, str, str, str], ...] = (
    ("listing: spider callback (all)", "listing", "spiders.archive", "ArchiveSpider.parse_listing"),
    ("  read rows", "listing", "spiders.archive", "read_listing_answer"),
    ("  seen-state lookups", "listing", "seen.sqlite", "SeenStore.url_outcome"),
    ("article: spider callback (all)", "article", "spiders.archive", "ArchiveSpider.parse_article"),
    ("  decode bytes", "article", "spiders.archive", "ArchiveSpider.page_text"),
    ("  page checks", "article", "spiders.archive", "page_problem"),
    ("  parse HTML (lxml)", "article", "extract.article", "make_selector"),
    ("  is it a listing? (generic)", "article", "extract.article", "is_listing_page"),
    ("  extraction (all fields)", "article", "extract.article", "parse_article"),
    ("    date parsing", "article", "extract.loaders", "parse_date"),
    ("    dateparser", "article", "extract.processors", "_parse_with_dateparser"),
    ("  continuation links", "article", "extract.article", "article_continuations"),
    ("pipeline: validate", "article", "pipelines.required", "RequireFieldsPipeline.process_item"),
    ("pipeline: placeholders", "article", "pipelines.cleared", "DropClearedPipeline.process_item"),
    ("pipeline: dedup", "article", "pipelines.dedup", "DedupPipeline.process_item"),
    ("pipeline: write", "article", "pipelines.writer", "ArchiveWriterPipeline.process_item"),
    ("  SQLite mark_archived", "article", "seen.sqlite", "SeenStore.mark_archived"),
    ("download: WARC record", "response", "middlewares.warc", "WarcMiddleware.process_response"),
)  # fmt: skip


class Timer:
    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0
        self.depth = 0  # only the outermost of nested calls counts


def _timed(fn: Callable[..., Any], timer: Timer) -> Callable[..., Any]:
    clock = time.perf_counter
    if inspect.isgeneratorfunction(fn):
        # a Scrapy callback: the time is spent while the generator runs, between yields
        @functools.wraps(fn)
        def gen(*args: Any, **kwargs: Any) -> Iterator[Any]:
            timer.calls += 1
            started = clock()
            it = fn(*args, **kwargs)
            timer.seconds += clock() - started
            while True:
                started = clock()
                try:
                    value = next(it)
                except StopIteration:
                    timer.seconds += clock() - started
                    return
                timer.seconds += clock() - started
                yield value

        return gen

    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        if timer.depth:
            return fn(*args, **kwargs)
        timer.depth += 1
        timer.calls += 1
        started = clock()
        try:
            return fn(*args, **kwargs)
        finally:
            timer.seconds += clock() - started
            timer.depth -= 1

    return call


GC_LABEL = "python: cyclic garbage collection"


def _gc_timer() -> Timer:
    """Time spent in the cyclic garbage collector, whoever's allocation set it off."""
    timer = Timer()
    started = [0.0]

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            timer.seconds += time.perf_counter() - started[0]
            timer.calls += 1

    gc.callbacks.append(callback)
    return timer


def install() -> dict[str, Timer | None]:
    """Wrap every target that exists; returns the timers by label (None: not found)."""
    timers: dict[str, Timer | None] = {}
    for label, _unit, module_name, path in TARGETS:
        try:
            owner: Any = importlib.import_module("newsarchive." + module_name)
            *parents, name = path.split(".")
            for part in parents:
                owner = getattr(owner, part)
            fn = getattr(owner, name)
        except (ImportError, AttributeError):
            timers[label] = None
            continue
        timer = Timer()
        setattr(owner, name, _timed(fn, timer))
        timers[label] = timer
    timers[GC_LABEL] = _gc_timer()
    return timers


def report(timers: dict[str, Timer | None]) -> dict[str, list[float] | None]:
    """[seconds, calls] per label, None for a target that was not found."""
    return {k: ([t.seconds, t.calls] if t is not None else None) for k, t in timers.items()}


UNITS = {label: unit for label, unit, _m, _a in TARGETS} | {GC_LABEL: "response"}
