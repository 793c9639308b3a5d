"""Canonical URLs: the dedup key of an article before and after it is fetched."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Query parameters that say how a reader arrived, never which article it is.
TRACKING_PARAM = re.compile(
    r"^(?:utm_\w+|spm|scm|from|share(?:_\w+)?|isappinstalled|wfr|ref|refer|source|"
    r"fbclid|gclid|yclid|mc_cid|mc_eid|_hsenc|_hsmi|sharer_\w+|timestamp|t)$",
    re.IGNORECASE,
)
# Mobile front ends of the same site: m.example.cn, wap.example.cn, 3g.example.cn.
MOBILE_HOST = re.compile(r"^(?:m|wap|3g|mobile)\.(?=[^.]+\.[^.]+)", re.IGNORECASE)
# A URL that is its own dedup key: http(s), a lower-case ASCII host (IDNA leaves it as is), a
# port without leading zeros, a path of characters w3lib keeps as they are and escapes of
# non-ASCII bytes in upper case (it decodes and re-escapes them to the same), no ';' params,
# no query, no fragment, no whitespace. What else w3lib would change ("/./", "/../", a mobile
# host, a port over 65535) is looked for after the match.
_OWN_KEY = re.compile(
    r"https?://(?P<host>[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::(?P<port>[1-9][0-9]{0,4}))?"
    r"(?P<path>/(?:[A-Za-z0-9._~!$&'()*+,=:@/-]|%[89A-F][0-9A-F])*)"
)


def strip_tracking(url: str) -> str:
    """The URL without tracking parameters or fragment: what the crawler actually requests.

    >>> strip_tracking("http://a.cn/t_5003.html?utm_source=wechat&utm_medium=share")
    'http://a.cn/t_5003.html'
    """
    parts = urlsplit(url.strip())
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not TRACKING_PARAM.match(k)]
    query = parts.query if len(kept) == len(pairs) else urlencode(kept)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


@lru_cache(maxsize=8192)
def canonical_url(url: str) -> str:
    """The dedup key: tracking parameters, fragment and mobile host removed, query sorted.

    >>> canonical_url("http://127.0.0.1:8000/a/1.html?utm_source=wechat&id=3#top")
    'http://127.0.0.1:8000/a/1.html?id=3'
    >>> canonical_url("https://m.example.cn/news/1.html?from=timeline")
    'https://www.example.cn/news/1.html'
    """
    # most article URLs are already canonical: w3lib's parse, quote, unquote and quote again
    # would give back the same string (tests/test_urls.py holds the two to each other)
    own = _OWN_KEY.fullmatch(url)
    if (
        own is not None
        and "/." not in own["path"]
        and (own["port"] is None or int(own["port"]) <= 65535)
        and not MOBILE_HOST.match(own["host"])
    ):
        return url
    parts = urlsplit(strip_tracking(url))
    host = parts.netloc.lower()
    if MOBILE_HOST.match(host):
        host = MOBILE_HOST.sub("www.", host)
    return canonicalize_url(urlunsplit((parts.scheme.lower(), host, parts.path, parts.query, "")))
