"""The registry of site profiles: every module here is imported explicitly and listed once."""

from __future__ import annotations

import re

from newsarchive.sites import demo
from newsarchive.sites.base import Site


class UnknownSiteError(KeyError):
    """A slug that no profile declares; the message lists the known ones."""

    def __str__(self) -> str:
        return str(self.args[0])


def _build(*sites: Site) -> dict[str, Site]:
    registry: dict[str, Site] = {}
    for site in sites:
        if site.slug in registry:
            raise ValueError(f"duplicate site slug {site.slug!r}")
        registry[site.slug] = site
    return registry


# the one list to add a site module to
_SITE_MODULES = (demo,)
SITES: dict[str, Site] = _build(*(module.SITE for module in _SITE_MODULES))
# module name per slug, so the registry test can tell a module that was never listed
MODULES = {module.SITE.slug: module.__name__ for module in _SITE_MODULES}


def site_for_start_url(url: str) -> Site:
    """A profile made on the spot for a site nobody wrote one for: one channel (the listing
    at `url`), everything else generic. Its slug is the host, as the archive folder."""
    from urllib.parse import urlsplit

    from newsarchive.sites.base import Channel

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"--start-url needs an http(s) URL, got {url!r}")
    slug = re.sub(r"[^a-z0-9]+", "_", parts.hostname.lower()).strip("_")
    return Site(slug=slug, name=parts.netloc, domains=(parts.hostname,), channels=(Channel(url),))


def get_site(slug: str) -> Site:
    """The profile for `slug`, or UnknownSiteError naming the known sites."""
    try:
        return SITES[slug]
    except KeyError:
        known = ", ".join(sorted(SITES))
        raise UnknownSiteError(f"unknown site {slug!r}; known sites: {known}") from None
