"""The registry of site profiles: every module here is imported explicitly and listed once."""

from __future__ import annotations

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


SITES: dict[str, Site] = _build(demo.SITE)
# module name per slug, so the registry test can tell a module that was never listed
MODULES = {demo.SITE.slug: demo.__name__}


def get_site(slug: str) -> Site:
    """The profile for `slug`, or UnknownSiteError naming the known sites."""
    try:
        return SITES[slug]
    except KeyError:
        known = ", ".join(sorted(SITES))
        raise UnknownSiteError(f"unknown site {slug!r}; known sites: {known}") from None
