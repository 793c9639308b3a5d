"""The registry of site profiles: where every site a crawl can be asked for comes from.

- built-in: the profile modules in this package, each imported explicitly and listed once
  (`_SITE_MODULES`);
- installed: packages of profiles registered under the entry point group `newsarchive.sites`
  (a `Site`, a module with `SITE`, or an iterable of `Site`s), as fundus-style collections do;
- the user's own: `sites.toml` (`newsarchive.sites.toml`), found at `--sites FILE`,
  `$NEWSARCHIVE_SITES`, or `<data dir>/sites.toml`. These are the sites `crawl --all` crawls.

`SITES` holds the built-in and installed profiles; `load_registry(file)` adds a user's list.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsarchive.datadir import DataDir
from newsarchive.sites import demo
from newsarchive.sites.base import Channel, Site
from newsarchive.sites.toml import SLUG, SiteListError, load

__all__ = [
    "MODULES",
    "SITES",
    "Registry",
    "SiteListError",
    "UnknownSiteError",
    "adhoc_site",
    "adhoc_slug",
    "get_site",
    "load_registry",
    "site_for_start_url",
    "sites_file",
]

ENTRY_POINT_GROUP = "newsarchive.sites"
SITES_ENV = "NEWSARCHIVE_SITES"
BUILTIN = "built-in"


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
# module name per slug, so the registry test can tell a module that was never listed
MODULES = {module.SITE.slug: module.__name__ for module in _SITE_MODULES}


def _installed() -> Iterator[tuple[Site, str]]:
    """Profiles other packages register under the `newsarchive.sites` entry point group."""
    from importlib.metadata import entry_points

    for point in entry_points(group=ENTRY_POINT_GROUP):
        where = f"entry point {point.name} ({point.value})"
        try:
            loaded: Any = point.load()
        except Exception as exc:  # one broken plugin must not take every command down
            raise SiteListError(f"{where}: cannot load: {type(exc).__name__}: {exc}") from None
        found = getattr(loaded, "SITE", loaded)
        sites = [found] if isinstance(found, Site) else found
        if not isinstance(sites, Iterable) or not all(isinstance(s, Site) for s in sites):
            raise SiteListError(f"{where}: gives neither a Site nor Sites")
        for site in sites:
            yield site, where


def _registered() -> tuple[dict[str, Site], dict[str, str]]:
    sites, origins = _builtin()
    for site, where in _installed():
        if site.slug in sites:
            raise SiteListError(f"{where}: site {site.slug!r} is already {origins[site.slug]}")
        sites[site.slug] = site
        origins[site.slug] = where
    return sites, origins


def _builtin() -> tuple[dict[str, Site], dict[str, str]]:
    sites = _build(*(module.SITE for module in _SITE_MODULES))
    return sites, dict.fromkeys(sites, BUILTIN)


try:
    SITES, ORIGINS = _registered()
    _PLUGIN_ERROR: SiteListError | None = None
except SiteListError as exc:
    # a broken plugin must not make `import newsarchive` fail: the built-in sites stay
    # usable, and every command that loads the registry reports the plugin in one line
    SITES, ORIGINS = _builtin()
    _PLUGIN_ERROR = exc


@dataclass
class Registry:
    """Every site one command can be asked for: the registered profiles and a user's list."""

    sites: dict[str, Site] = field(default_factory=dict)
    # slug -> "built-in", "entry point …", or "<file>:<line>"
    origins: dict[str, str] = field(default_factory=dict)
    # the slugs the user's list names, in its order (what `crawl --all` crawls)
    listed: list[str] = field(default_factory=list)
    file: Path | None = None

    def get(self, slug: str) -> Site:
        """The profile for `slug`, or UnknownSiteError naming the known sites."""
        try:
            return self.sites[slug]
        except KeyError:
            known = ", ".join(sorted(self.sites)) or "none"
            where = f" (sites listed in {self.file})" if self.file and self.file.exists() else ""
            raise UnknownSiteError(f"unknown site {slug!r}; known sites: {known}{where}") from None


def sites_file(data_dir: str | Path | None = None, explicit: str | Path | None = None) -> Path:
    """The user's site list: `explicit` (--sites), else $NEWSARCHIVE_SITES, else
    `<data dir>/sites.toml` (the data dir: given, else $NEWSARCHIVE_DATA, else ./data)."""
    if explicit:
        return Path(explicit)
    if os.environ.get(SITES_ENV):
        return Path(os.environ[SITES_ENV])
    data = DataDir(data_dir) if data_dir is not None else DataDir.default()
    return data.sites_file


def load_registry(file: Path | None) -> Registry:
    """The registered profiles plus the sites `file` lists (nothing more when it is absent).
    A bad list raises SiteListError naming the file and line."""
    if _PLUGIN_ERROR is not None:
        raise _PLUGIN_ERROR
    registry = Registry(dict(SITES), dict(ORIGINS), [], file)
    if file is None or not file.exists():
        return registry
    for entry in load(file, SITES):
        if entry.slug in registry.listed:
            raise SiteListError(f"{file}:{entry.line}: [sites.{entry.slug}] is listed twice")
        if entry.site is not None:
            registry.sites[entry.slug] = entry.site
            registry.origins[entry.slug] = f"{file}:{entry.line}"
        registry.listed.append(entry.slug)
    return registry


@cache
def _default_registry(file: Path) -> Registry:
    return load_registry(file)


def get_site(slug: str, registry: Registry | None = None) -> Site:
    """The profile for `slug`: from `registry`, else the registered profiles and the site list
    of the default data dir (`scrapy crawl SLUG`, `extract --site`); UnknownSiteError names the
    known sites."""
    if registry is None:
        if slug in SITES:
            return SITES[slug]
        registry = _default_registry(sites_file())
    return registry.get(slug)


# --- sites nobody wrote a profile for -----------------------------------------------------------


def adhoc_slug(url: str) -> str:
    """The archive folder of a site crawled from `url` alone: its host (punycode for an IDN,
    dots as `_`) and its port after `__` when it has one.

    Two hosts never share a slug: a host has no `_` of its own and no `..`, so the mapping can
    be read back (`news-a.cn` -> `news-a_cn`, `news.a.cn` -> `news_a_cn`, `127.0.0.1:8101` ->
    `127_0_0_1__8101`).

    >>> adhoc_slug("http://news.a.cn/x/"), adhoc_slug("http://News-A.cn:8080/")
    ('news_a_cn', 'news-a_cn__8080')
    >>> adhoc_slug("http://例子.中国/")
    'xn--fsqu00a_xn--fiqs8s'
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"--start-url needs an http(s) URL, got {url!r}")
    try:
        host = parts.hostname.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise ValueError(f"--start-url {url!r}: the host is not a valid domain name") from None
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"--start-url {url!r}: the port is not a number") from None
    slug = re.sub(r"[^a-z0-9-]", "_", host.strip("."))
    if port is not None:
        slug += f"__{port}"
    if not SLUG.match(slug):
        raise ValueError(f"--start-url {url!r} gives no usable name; give --slug")
    return slug


def adhoc_site(urls: list[str], slug: str | None = None) -> Site:
    """A profile made on the spot for a site nobody wrote one for: a channel per listing URL,
    everything else generic. Its slug is `slug`, else `adhoc_slug` of the first URL."""
    for url in urls:
        adhoc_slug(url)  # each one an http(s) URL with a host
    name = adhoc_slug(urls[0]) if slug is None else slug
    if not SLUG.match(name):
        raise ValueError(
            f"--slug {name!r}: use a-z, 0-9, _ and - (starting with a letter or digit)"
        )
    hosts = tuple(dict.fromkeys(urlsplit(u).hostname or "" for u in urls))
    netlocs = ", ".join(dict.fromkeys(urlsplit(u).netloc for u in urls))
    return Site(slug=name, name=netlocs, domains=hosts, channels=tuple(Channel(u) for u in urls))


def site_for_start_url(url: str, slug: str | None = None) -> Site:
    """`adhoc_site` for one listing URL."""
    return adhoc_site([url], slug)
