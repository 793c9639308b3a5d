"""The crawl's stat keys, in one place: every `newsarchive/…` counter the spider, pipelines and
extensions write, and the run summary and health checks read.

The names are a contract: the run summary, `stats`, `report` and users' log greps read them.
Reasons go after a slash (`dropped/placeholder/cleared`), so that a group can be summed by
its prefix.

>>> dropped("duplicate/url")
'newsarchive/dropped/duplicate/url'
>>> grouped({"newsarchive/failed/timeout": 2, "newsarchive/archived": 5}, FAILED)
{'timeout': 2}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

PREFIX = "newsarchive"

# totals
ARCHIVED = f"{PREFIX}/archived"  # records written
DROPPED = f"{PREFIX}/dropped"  # items and pages dropped, whatever the reason
LOCKED = f"{PREFIX}/locked"  # the message of a crawl that found its site locked
STOPPED = f"{PREFIX}/stopped"  # why a crawl was stopped early (a full disk, an unsafe path)
FFFD = f"{PREFIX}/defects/fffd"  # records with a U+FFFD in a field

# listings
LISTING_PAGES = f"{PREFIX}/listing/pages"
LISTING_ROWS = f"{PREFIX}/listing/rows"
# the rows by where they came from: the page's HTML, its scripts (a jpage datastore, a data
# proxy's records, JSON in a script), a JSON column API
LISTING_ROWS_HTML = f"{PREFIX}/listing/rows_html"
LISTING_ROWS_SCRIPT = f"{PREFIX}/listing/rows_script"
LISTING_ROWS_API = f"{PREFIX}/listing/rows_api"
LISTING_NOT_HTML = f"{PREFIX}/listing/not_html"
LISTING_STOPPED = f"{PREFIX}/listing/stopped_at_known"
# a listing page that brought no row new to this run (a calendar or an endless-page trap)
LISTING_STOPPED_NO_NEW = f"{PREFIX}/listing/stopped_no_new_rows"
LISTING_STOPPED_CAP = f"{PREFIX}/listing/stopped_at_page_cap"

# articles
ARTICLES_REQUESTED = f"{PREFIX}/articles/requested"
ARTICLES_FETCHED = f"{PREFIX}/articles/fetched"
CONTINUATION_PAGES = f"{PREFIX}/articles/continuation_pages"
RECHECK_REQUESTED = f"{PREFIX}/recheck/requested"
RETRIED_DROPPED = f"{PREFIX}/retried/dropped"

# groups: a reason follows the prefix
DROPPED_GROUP = f"{DROPPED}/"
SKIPPED = f"{PREFIX}/skipped/"
FAILED = f"{PREFIX}/failed/"
FIELDS = f"{PREFIX}/fields/"

SKIPPED_SEEN = f"{SKIPPED}seen"
SKIPPED_REPEATED = f"{SKIPPED}repeated_link"
# refused before any fetch (newsarchive.middlewares.safety): not http(s), not the site's
# domains, a loopback/private/link-local address the site does not live on, or no URL at all
SKIPPED_SCHEME = f"{SKIPPED}scheme"
SKIPPED_OFFSITE = f"{SKIPPED}offsite"
SKIPPED_PRIVATE = f"{SKIPPED}private_address"
SKIPPED_BAD_LINK = f"{SKIPPED}bad_link"


def listing_rows(kind: str) -> str:
    """The counter of listing rows of one kind (`ListingPage.kind`: html, datastore, json, api).

    >>> listing_rows("datastore"), listing_rows("api")
    ('newsarchive/listing/rows_script', 'newsarchive/listing/rows_api')
    """
    if kind == "api":
        return LISTING_ROWS_API
    return LISTING_ROWS_HTML if kind == "html" else LISTING_ROWS_SCRIPT


def dropped(reason: str) -> str:
    """The counter of one drop reason (`invalid/truncated`, `placeholder/cleared` …)."""
    return f"{DROPPED_GROUP}{reason}"


def skipped(reason: str) -> str:
    """A listing row not requested (`seen`, `placeholder/<marker>` …)."""
    return f"{SKIPPED}{reason}"


def failed(reason: str) -> str:
    """A fetch that failed for good (`http_404`, `timeout`, `listing/<reason>` …)."""
    return f"{FAILED}{reason}"


def field(name: str) -> str:
    """Records that have a value for `name` (the health check's coverage)."""
    return f"{FIELDS}{name}"


def grouped(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    """The counters under `prefix`, keyed by what follows it, sorted."""
    return {k[len(prefix) :]: int(v) for k, v in sorted(stats.items()) if k.startswith(prefix)}


def placeholders(stats: Mapping[str, Any]) -> int:
    """Placeholder rows skipped on listings plus placeholder pages dropped."""
    starts = (skipped("placeholder/"), dropped("placeholder/"))
    return sum(int(v) for k, v in stats.items() if k.startswith(starts))
