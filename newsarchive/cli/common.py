"""What every command shares: exit codes, the one-line error, the data dir option, and one
page fetched with the project's User-Agent outside a crawl (`fixture save`, `site add|check`).

Exit codes: 0 ok; 1 a crawl failed (finish reason not "finished", or errors logged), or
`validate` found a problem; 2 usage error (bad flag, unknown site, unreadable input);
3 a site was already being crawled (locked); 4 a health check failed. With several sites,
the most severe wins: 1, then 4, then 3.
"""

from __future__ import annotations

import argparse
import http.client
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING, TypeAlias
from urllib.parse import urlsplit

from newsarchive.datadir import DataDir

if TYPE_CHECKING:
    from newsarchive.sites import Registry

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_PROBLEMS = 1  # `validate` found something wrong
EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_UNHEALTHY = 4

Handler = Callable[[argparse.Namespace], int]
Commands = dict[str, Handler]
if TYPE_CHECKING:
    # typeshed makes it generic; at run time the class is not subscriptable
    Subparsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    Subparsers = argparse._SubParsersAction


def error(message: str) -> int:
    """Say what is wrong in one line on stderr; the usage exit code."""
    print(f"newsarchive: {message}", file=sys.stderr)
    return EXIT_USAGE


def add_data_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir", help="where archive/ and state/ live (default: $NEWSARCHIVE_DATA or ./data)"
    )


def data_dir_arg(args: argparse.Namespace) -> DataDir:
    """--data-dir, else $NEWSARCHIVE_DATA, else ./data."""
    return DataDir(args.data_dir) if getattr(args, "data_dir", None) else DataDir.default()


def add_sites_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sites",
        dest="sites_file",
        metavar="FILE",
        help="your site list (default: $NEWSARCHIVE_SITES, else sites.toml in the data dir)",
    )


def registry_arg(args: argparse.Namespace) -> Registry:
    """The registered sites and the user's list that --sites / the data dir point at; a bad
    list raises SiteListError (one line naming the file and line)."""
    from newsarchive.sites import load_registry, sites_file

    data = getattr(args, "data_dir", None)
    return load_registry(sites_file(data, getattr(args, "sites_file", None)))


def counts(values: dict[str, int]) -> str:
    """`a 1, b 2`, or `none`."""
    return ", ".join(f"{k} {v}" for k, v in values.items()) or "none"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# --- one page, fetched outside a crawl ----------------------------------------------------------

# no page is this large; a bigger answer is not one to store
MAX_PAGE_BYTES = 32 * 1024 * 1024
FETCH_TIMEOUT = 30.0


class FetchError(Exception):
    """A page that could not be fetched; the message is one line naming the URL."""


@dataclass(frozen=True)
class Fetched:
    """One page as the server sent it."""

    url: str  # where it was found, after redirects
    body: bytes
    headers: dict[str, str]
    fetched_at: datetime  # UTC; relative dates on the page are read against it


def user_agent() -> str:
    """The crawl's User-Agent: `newsarchive/<version> (+NEWSARCHIVE_CONTACT_URL)`."""
    from newsarchive import __version__
    from newsarchive.settings import NEWSARCHIVE_CONTACT_URL

    return f"newsarchive/{__version__} (+{NEWSARCHIVE_CONTACT_URL})"


def is_http_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


class _HttpRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are followed to http(s) URLs only (urllib would also go to ftp:)."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if not is_http_url(newurl):
            raise urllib.error.URLError(f"redirected to {newurl!r}, not an http(s) URL")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, timeout: float = FETCH_TIMEOUT) -> Fetched:
    """GET one http(s) page with the project's User-Agent; FetchError says why not, in a line
    that names the URL."""
    if not is_http_url(url):
        raise FetchError(f"cannot fetch {url}: not an http(s) URL")
    request = urllib.request.Request(url, headers={"User-Agent": user_agent()})
    opener = urllib.request.build_opener(_HttpRedirects())
    try:
        with opener.open(request, timeout=timeout) as response:
            body = response.read(MAX_PAGE_BYTES + 1)
            final = response.geturl()
            content_type = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        raise FetchError(f"cannot fetch {url}: HTTP {exc.code} {exc.reason}".rstrip()) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        words = reason.strerror if isinstance(reason, OSError) and reason.strerror else reason
        raise FetchError(f"cannot fetch {url}: {words}") from None
    except TimeoutError:
        raise FetchError(f"cannot fetch {url}: no answer in {timeout:g} s") from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise FetchError(f"cannot fetch {url}: {type(exc).__name__}: {exc}") from None
    if len(body) > MAX_PAGE_BYTES:
        raise FetchError(f"cannot fetch {url}: larger than {MAX_PAGE_BYTES // 2**20} MB")
    return Fetched(final, body, {"Content-Type": content_type}, datetime.now(UTC))
