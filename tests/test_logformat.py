"""OneLineLogFormatter: Scrapy's DEBUG lines for pages and items only when something shows them."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.logformatter import LogFormatter
from scrapy.spiders import Spider

from newsarchive.extensions.logformat import OneLineLogFormatter, _shown

URL = "http://127.0.0.1:8000/a/1.html"


@contextmanager
def scrapy_root() -> Iterator[logging.Handler]:
    """The root logger as Scrapy's root handler leaves it: NOTSET, one handler at INFO (in
    place of pytest's capturing handlers, which take every level)."""
    root = logging.getLogger()
    level, handlers = root.level, root.handlers[:]
    handler = logging.NullHandler(logging.INFO)
    root.handlers = [handler]
    root.setLevel(logging.NOTSET)
    try:
        yield handler
    finally:
        root.handlers = handlers
        root.setLevel(level)


def _page() -> tuple[Request, HtmlResponse, Spider]:
    request = Request(URL, headers={"Referer": "http://127.0.0.1:8000/"})
    return request, HtmlResponse(URL, body=b"<html></html>", request=request), Spider("x")


def test_no_debug_lines_when_every_handler_turns_them_away() -> None:
    request, response, spider = _page()
    formatter = OneLineLogFormatter()
    with scrapy_root():
        assert formatter.crawled(request, response, spider) is None
        assert formatter.scraped({"url": URL}, response, spider) is None


def test_debug_lines_as_scrapy_makes_them_when_a_handler_takes_them() -> None:
    request, response, spider = _page()
    ours, scrapys = OneLineLogFormatter(), LogFormatter()
    item = {"url": URL}
    with scrapy_root() as handler:
        handler.setLevel(logging.DEBUG)
        assert ours.crawled(request, response, spider) == scrapys.crawled(request, response, spider)
        assert ours.scraped(item, response, spider) == scrapys.scraped(item, response, spider)


def test_shown_walks_the_loggers_as_logging_does() -> None:
    with scrapy_root():
        _walk(logging.getLogger("newsarchive.test_logformat.child"))


def _walk(logger: logging.Logger) -> None:
    assert not _shown(logger, logging.DEBUG)
    assert _shown(logger, logging.INFO)
    own = logging.NullHandler(logging.DEBUG)
    logger.addHandler(own)
    try:
        assert _shown(logger, logging.DEBUG)
        logger.propagate = False
        logger.removeHandler(own)
        # no handler met at all: logging's last resort (WARNING) takes the record
        assert not _shown(logger, logging.INFO)
        assert _shown(logger, logging.WARNING)
    finally:
        logger.removeHandler(own)
        logger.propagate = True
    # a filter of the logger's own is given every record, as before
    logger.addFilter(logging.Filter())
    try:
        assert _shown(logger, logging.DEBUG)
    finally:
        logger.filters.clear()
    logger.setLevel(logging.INFO)
    try:
        assert not _shown(logger, logging.DEBUG)
    finally:
        logger.setLevel(logging.NOTSET)


def test_caplog_sees_the_debug_lines(caplog: pytest.LogCaptureFixture) -> None:
    request, response, spider = _page()
    with caplog.at_level(logging.DEBUG):
        assert OneLineLogFormatter().crawled(request, response, spider) is not None
