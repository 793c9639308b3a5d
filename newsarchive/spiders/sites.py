"""One spider class per registered site, named by its slug (`scrapy crawl demo`)."""

from __future__ import annotations

from typing import Any

from newsarchive.sites import SITES
from newsarchive.sites.base import Site
from newsarchive.spiders.archive import ArchiveSpider


def politeness(site: Site) -> dict[str, Any]:
    """The Scrapy settings a site profile overrides."""
    settings: dict[str, Any] = {}
    if site.download_delay is not None:
        settings["DOWNLOAD_DELAY"] = site.download_delay
    if site.concurrency is not None:
        settings["CONCURRENT_REQUESTS_PER_DOMAIN"] = site.concurrency
    if not site.autothrottle:
        settings["AUTOTHROTTLE_ENABLED"] = False
    return settings


def spider_class(site: Site) -> type[ArchiveSpider]:
    """A subclass of ArchiveSpider bound to `site`."""
    name = "".join(part.title() for part in site.slug.split("_")) + "Spider"
    return type(
        name,
        (ArchiveSpider,),
        {
            "name": site.slug,
            "site_slug": site.slug,
            "custom_settings": politeness(site),
            "__module__": __name__,
            "__doc__": f"Archive spider for {site.name} ({site.slug}).",
        },
    )


SPIDERS: dict[str, type[ArchiveSpider]] = {slug: spider_class(s) for slug, s in SITES.items()}
globals().update({cls.__name__: cls for cls in SPIDERS.values()})
