"""Item pipelines, in order: validate → drop placeholders → dedup → write.

Every drop goes through `drop()`: a `newsarchive/dropped/<reason>` stat, the outcome in the
seen-state, and a DropItem whose message names the reason and the URL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

from scrapy.exceptions import DropItem

from newsarchive.items import Article
from newsarchive.state import Store

if TYPE_CHECKING:
    from scrapy.statscollectors import StatsCollector

DROP_STAT = "newsarchive/dropped"


def page_urls(item: Article) -> list[str]:
    """Every canonical URL the page was reached by: its canonical URL and the spider's aliases
    (the listing link, the final URL, redirects)."""
    first = [item.canonical_url] if item.canonical_url else []
    return list(dict.fromkeys([*first, *item.aliases]))


def drop(
    item: Article,
    reason: str,
    stats: StatsCollector | None,
    store: Store | None,
    *,
    outcome: str | None = None,
) -> NoReturn:
    """Count the drop, remember the outcome for the page's URLs, and raise DropItem."""
    if stats is not None:
        stats.inc_value(f"{DROP_STAT}/{reason}")
        stats.inc_value(DROP_STAT)
    if store is not None and item.site:
        store.mark(item.site, page_urls(item), outcome or f"dropped/{reason}", item.content_hash)
    raise DropItem(f"dropped ({reason}): {item.url}")
