"""One spider class per site, named by its slug (`scrapy crawl demo`, `scrapy crawl jiading`):
the registered profiles and the sites listed in the default data dir's `sites.toml`."""

from __future__ import annotations

from typing import Any

from newsarchive.sites import SiteListError, load_registry, sites_file
from newsarchive.sites.base import Site
from newsarchive.spiders.archive import ArchiveSpider
from newsarchive.spiders.browser import browser_settings


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
            # the profile itself: a listed site is found without reading the list again
            "profile": site,
            # a site that renders gets the browser; no other crawler loads it
            "custom_settings": politeness(site) | browser_settings(site),
            "__module__": __name__,
            "__doc__": f"Archive spider for {site.name} ({site.slug}).",
        },
    )


def _spiders() -> dict[str, type[ArchiveSpider]]:
    try:
        registry = load_registry(sites_file())
    except SiteListError:
        # `scrapy list` must not die of a bad list; the newsarchive CLI reports it in one line
        registry = load_registry(None)
    return {slug: spider_class(site) for slug, site in registry.sites.items()}


SPIDERS: dict[str, type[ArchiveSpider]] = _spiders()
globals().update({cls.__name__: cls for cls in SPIDERS.values()})
