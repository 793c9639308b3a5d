"""What every pipeline shares: `drop()`, the one way an item leaves the pipeline, and the URLs a
page was reached by."""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

from scrapy.exceptions import DropItem

from newsarchive import statkeys
from newsarchive.items import Article
from newsarchive.seen import Store

if TYPE_CHECKING:
    from scrapy.statscollectors import StatsCollector


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
        stats.inc_value(statkeys.dropped(reason))
        stats.inc_value(statkeys.DROPPED)
    if store is not None and item.site:
        store.mark(item.site, page_urls(item), outcome or f"dropped/{reason}", item.content_hash)
    raise DropItem(f"dropped ({reason}): {item.url}")
