"""Only the web, only the site: what a crawl may fetch, checked for every request.

`FetchPolicy` says it for one site: http(s) only; a host on the site's domains (the ones its
profile lists, and the hosts of its own start URLs and base URL, each with its subdomains);
and a loopback, private or link-local address only at a host and port the site's own start
URLs or base URL name, since that is where the site itself lives (the demo and the tests on
127.0.0.1). The same host on another port is another service: offsite.

`FetchGuardMiddleware` applies it to every request the downloader is asked for: listing
pages, article links, continuation pages, robots.txt, and each hop of a redirect
(RedirectMiddleware sends a new request through the downloader middlewares again, carrying
the `dont_filter` of the first, which is why Scrapy's OffsiteMiddleware, which lets
`dont_filter` requests pass, is not enough). A host name is looked up through Scrapy's own
caching resolver, the one the connection then uses, and its address is checked too. A
refusal is counted as `newsarchive/skipped/<reason>` and reaches the request's errback as
`Refused`.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from scrapy.exceptions import IgnoreRequest

from newsarchive import statkeys

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

logger = logging.getLogger(__name__)

SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}
# the second level under a country code that a registry runs, not a site: www.gov.cn is one
# site, gov.cn every government office in China
REGISTRY_LABELS = frozenset({"ac", "co", "com", "edu", "gov", "int", "mil", "net", "org"})

# the reasons, as the stat keys name them (skipped/<reason>)
SCHEME = "scheme"
OFFSITE = "offsite"
PRIVATE = "private_address"
BAD_LINK = "bad_link"

Resolver = Callable[[str], Awaitable[str | None]]


class Refused(IgnoreRequest):
    """A request the site's fetch policy refuses; `reason` is its `skipped/<reason>` stat."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"refused ({reason}): {url}")
        self.url = url
        self.reason = reason


@lru_cache(maxsize=4096)
def is_public(address: str) -> bool:
    """Whether an IP address is on the public internet: not loopback, private, link-local,
    shared (CGNAT), reserved, unspecified or multicast.

    >>> is_public("93.184.216.34"), is_public("169.254.169.254"), is_public("10.1.2.3")
    (True, False, False)
    >>> is_public("::1"), is_public("::ffff:127.0.0.1"), is_public("0.0.0.0")
    (False, False, False)
    """
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


# a crawl meets a handful of hosts a million times: IDNA and address parsing once per host
@lru_cache(maxsize=4096)
def _ip(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def normalize_host(host: str) -> str:
    """A host as the policy compares it: lower case, IDNA, no trailing dot, no brackets.

    >>> normalize_host("WWW.Example.CN."), normalize_host("[::1]"), normalize_host("例子.中国")
    ('www.example.cn', '::1', 'xn--fsqu00a.xn--fiqs8s')
    """
    host = host.strip().strip("[]").rstrip(".").lower()
    if _ip(host):
        return host
    return host.encode("idna").decode("ascii")


def site_domain(host: str) -> str:
    """The domain a start URL's host stands for: without a leading `www.`, unless what is
    left is a registry's (`www.gov.cn` stays itself).

    >>> site_domain("www.jiading.gov.cn"), site_domain("www.gov.cn"), site_domain("www.a.com")
    ('jiading.gov.cn', 'www.gov.cn', 'a.com')
    >>> site_domain("news.a.cn")
    'news.a.cn'
    """
    rest = host.removeprefix("www.")
    labels = rest.split(".")
    if rest == host or len(labels) < 2 or (len(labels) == 2 and labels[0] in REGISTRY_LABELS):
        return host
    return rest


def _local_name(host: str) -> bool:
    return host == "localhost" or host.endswith(".localhost")


# origins whose verdicts a policy keeps; a crawl meets a few, its pages link to many more
ORIGIN_CACHE_SIZE = 1024
_UNKNOWN = ("", None)  # no verdict kept yet


def _origin(url: str) -> str | None:
    """The text of a URL up to the `/` after its `://` (`http://host:port`), or None.

    Everything urlsplit reads to find the scheme, the host and the port lies within it: the
    leading blanks it drops, the scheme up to the first colon, the host after `//` up to the
    first `/`, `?` or `#`; the tabs and line breaks it drops anywhere only shorten it. URLs
    that share this text get the same scheme, host and port, so the same verdict (an error
    in their parse included), whatever their paths.
    """
    start = url.find("://")
    if start < 0:
        return None
    end = url.find("/", start + 3)
    return url[:end] if end >= 0 else None


@dataclass(frozen=True)
class FetchPolicy:
    """What one crawl may fetch. `domains` None: any host (a spider that names none);
    `endpoints`: the (host, port) pairs the site itself is at, the only ones a loopback or
    private address is allowed on."""

    domains: tuple[str, ...] | None
    endpoints: frozenset[tuple[str, int]]
    # origin -> (check's verdict, needs_lookup's answer), the same for every URL of it;
    # every request and every link is checked, ~9 µs each through urlsplit
    _verdicts: dict[str, tuple[str | None, tuple[str, int] | None]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def for_site(cls, domains: Iterable[str] | None, own_urls: Iterable[str]) -> FetchPolicy:
        """The policy of a site with these domains whose start URLs and base URL are
        `own_urls`: their hosts join the domains, and they are the site's endpoints."""
        endpoints = set()
        for url in own_urls:
            where = _endpoint(url)
            if where is not None:
                endpoints.add(where)
        if domains is None:
            return cls(None, frozenset(endpoints))
        names = [normalize_host(d) for d in domains if d and d.strip()]
        names += [site_domain(host) for host, _ in endpoints if not _ip(host)]
        names += [host for host, _ in endpoints]
        return cls(tuple(dict.fromkeys(n for n in names if n)), frozenset(endpoints))

    def on_domains(self, host: str) -> bool:
        if self.domains is None:
            return True
        if _ip(host):
            return host in self.domains
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def check(self, url: str) -> str | None:
        """Why `url` may not be fetched (`scheme`, `bad_link`, `offsite`, `private_address`),
        judged on the URL alone; None when it may (a host name's address is checked apart).

        >>> p = FetchPolicy.for_site(["127.0.0.1", "localhost"], ["http://127.0.0.1:8101/"])
        >>> [p.check(u) for u in ("http://127.0.0.1:8101/a.html", "file:///etc/passwd",
        ...  "http://127.0.0.1:9/", "http://localhost:8101/", "http://169.254.169.254/",
        ...  "http://[::1/x.html", "data:text/html,x")]
        [None, 'scheme', 'offsite', 'private_address', 'offsite', 'bad_link', 'scheme']
        """
        return self._judged(url)[0]

    def _judged(self, url: str) -> tuple[str | None, tuple[str, int] | None]:
        """(check's verdict, needs_lookup's answer when the verdict is None), kept per origin."""
        origin = _origin(url)
        if origin is None:
            return self._judge(url)
        known = self._verdicts.get(origin, _UNKNOWN)
        if known is _UNKNOWN:
            if len(self._verdicts) >= ORIGIN_CACHE_SIZE:
                self._verdicts.clear()
            known = self._verdicts[origin] = self._judge(url)
        return known

    def _judge(self, url: str) -> tuple[str | None, tuple[str, int] | None]:
        reason = self._check(url)
        return reason, (self._needs_lookup(url) if reason is None else None)

    def _check(self, url: str) -> str | None:
        try:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme not in SCHEMES:
                return SCHEME
            if not parts.hostname:
                return BAD_LINK
            host = normalize_host(parts.hostname)
            port = parts.port or DEFAULT_PORTS[scheme]
        except (ValueError, UnicodeError):
            return BAD_LINK
        if not self.on_domains(host):
            return OFFSITE
        ip = _ip(host)
        if (ip is not None and not is_public(ip)) or _local_name(host):
            return self.at_private(host, port)
        return None

    def at_private(self, host: str, port: int) -> str | None:
        """The verdict on a host whose address is not public: allowed only where the site
        itself is; the site's own host on another port is another service (offsite)."""
        if (host, port) in self.endpoints:
            return None
        if any(own == host for own, _ in self.endpoints):
            return OFFSITE
        return PRIVATE

    def needs_lookup(self, url: str) -> tuple[str, int] | None:
        """(host, port) when the URL names a host whose address must be looked up and checked
        (not an IP literal, not one of the site's own endpoints); for a URL `check` allows."""
        reason, lookup = self._judged(url)
        return lookup if reason is None else self._needs_lookup(url)

    def _needs_lookup(self, url: str) -> tuple[str, int] | None:
        parts = urlsplit(url)
        if not parts.hostname:
            return None
        host = normalize_host(parts.hostname)
        port = parts.port or DEFAULT_PORTS.get(parts.scheme.lower(), 0)
        if _ip(host) or (host, port) in self.endpoints:
            return None
        return host, port


def _endpoint(url: str) -> tuple[str, int] | None:
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in SCHEMES or not parts.hostname:
            return None
        return normalize_host(parts.hostname), parts.port or DEFAULT_PORTS[scheme]
    except (ValueError, UnicodeError):
        return None


async def _twisted_resolve(host: str) -> str | None:
    """The address Scrapy's resolver gives `host` (the one the connection uses: Scrapy caches
    each lookup for the crawl), or None when it cannot be looked up (the download then fails
    as a DNS error of its own)."""
    from scrapy.utils.defer import maybe_deferred_to_future
    from twisted.internet import reactor

    core: Any = reactor  # zope interfaces: mypy reads IReactorCore.resolve's first arg as self
    try:
        address: str = await maybe_deferred_to_future(core.resolve(host))
    except Exception:
        return None
    return address


class FetchGuardMiddleware:
    """Refuses every request the crawl's FetchPolicy does not allow, before robots.txt is
    asked for it. The policy is the spider's `fetch_policy()` (ArchiveSpider's: the site's);
    a spider without one gets its `allowed_domains` and `start_urls`. No settings of its own;
    DOWNLOAD_HANDLERS (settings.py) switches the file, data, ftp and s3 handlers off."""

    def __init__(self, crawler: Crawler, resolve: Resolver | None = None) -> None:
        self.crawler = crawler
        self.resolve = resolve or _twisted_resolve
        self.policy: FetchPolicy | None = None
        self.logged: set[tuple[str, str, str]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FetchGuardMiddleware:
        return cls(crawler)

    def _policy(self) -> FetchPolicy:
        if self.policy is None:
            spider = self.crawler.spider
            own = getattr(spider, "fetch_policy", None)
            if callable(own):
                self.policy = own()
            else:
                domains = getattr(spider, "allowed_domains", None) or None
                starts = getattr(spider, "start_urls", None) or []
                self.policy = FetchPolicy.for_site(domains, starts)
        assert self.policy is not None
        return self.policy

    async def process_request(self, request: Request) -> None:
        policy = self._policy()
        reason = policy.check(request.url)
        if reason is None:
            lookup = policy.needs_lookup(request.url)
            if lookup is not None:
                address = await self.resolve(lookup[0])
                if address is not None and not is_public(address):
                    reason = policy.at_private(*lookup)
        if reason is not None:
            self.refuse(request, reason)

    def process_response(self, request: Request, response: Response) -> Response:
        # a redirect RedirectMiddleware would not follow (to file:, ftp:, data:) ends here as
        # a 3xx answer: it is a hop out of the web like any other, refused by name
        location = response.headers.get(b"Location")
        if 300 <= response.status < 400 and location:
            target = urljoin(request.url, location.decode("latin-1"))
            reason = self._policy().check(target)
            if reason is not None:
                self.refuse(request, reason, target)
        return response

    def refuse(self, request: Request, reason: str, url: str | None = None) -> None:
        """Count and log the refusal of `url` (the request's own, or where it redirects)."""
        url = url or request.url
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(statkeys.skipped(reason))
        scheme, host = urlsplit(url)[:2] if reason != BAD_LINK else ("", url)
        # the first refusal per reason and host at INFO; a page of offsite links is one line
        level = logging.DEBUG if (reason, scheme, host) in self.logged else logging.INFO
        self.logged.add((reason, scheme, host))
        first = (request.meta.get("redirect_urls") or [request.url])[0]
        via = f" (redirected from {first})" if first != url else ""
        logger.log(level, "refused %s: %s%s", reason, url, via)
        raise Refused(url, reason)
