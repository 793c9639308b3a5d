"""`newsarchive fixture save|update`: stored pages as test cases, and their expected records."""

from __future__ import annotations

import argparse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from newsarchive.cli.common import EXIT_OK, Commands, Subparsers, error


def register(sub: Subparsers) -> Commands:
    fixture = sub.add_parser("fixture", help="save or re-pin stored-page test cases")
    fsub = fixture.add_subparsers(dest="fixture_command", required=True, metavar="ACTION")
    save = fsub.add_parser("save", help="fetch a page once and store it as a test case")
    save.add_argument("site", help="site slug")
    save.add_argument("url", help="URL, or a path of a bundled site such as /dongtai/index.html")
    save.add_argument(
        "--name",
        required=True,
        help="case name: article-…, listing-…, or cleared-… for a placeholder page",
    )
    save.add_argument("--root", default="tests/fixtures", help="fixtures folder")
    update = fsub.add_parser("update", help="re-pin expected.json from the stored pages")
    update.add_argument("site", nargs="?", help="only this site's cases")
    update.add_argument("--root", default="tests/fixtures", help="fixtures folder")
    return {"fixture": cmd_fixture}


def _fetch(site_slug: str, url: str) -> tuple[bytes, str, dict[str, str]]:
    from newsarchive.server import LocalSite, bundled_site_root
    from newsarchive.sites import get_site

    site = get_site(site_slug)
    if url.startswith("/") and site.local_root:
        with LocalSite(bundled_site_root(site.local_root)) as local:
            body, headers = _get(local.url + url)
        # stored without the port, which changes on every run
        return body, "http://127.0.0.1" + url, headers
    body, headers = _get(url)
    return body, url, headers


def _get(url: str) -> tuple[bytes, dict[str, str]]:
    from newsarchive import __version__
    from newsarchive.settings import NEWSARCHIVE_CONTACT_URL

    agent = f"newsarchive/{__version__} (+{NEWSARCHIVE_CONTACT_URL})"
    request = urllib.request.Request(url, headers={"User-Agent": agent})
    with urllib.request.urlopen(request, timeout=30) as response:
        headers = {"Content-Type": response.headers.get("Content-Type", "")}
        return response.read(), headers


def cmd_fixture(args: argparse.Namespace) -> int:
    from newsarchive.extract.fixtures import Case, discover
    from newsarchive.sites import UnknownSiteError, get_site

    root = Path(args.root)
    if args.fixture_command == "save":
        try:
            get_site(args.site)
            body, url, headers = _fetch(args.site, args.url)
            fetched_at = datetime.now(UTC)  # relative dates on the page are read against it
        except UnknownSiteError as exc:
            return error(str(exc))
        except OSError as exc:
            return error(f"cannot fetch {args.url}: {exc}")
        if not args.name.startswith(("article-", "listing-", "cleared-")):
            return error(
                f"case name must start with article-, listing- or cleared-, got {args.name!r}"
            )
        if args.name.startswith("cleared-"):
            case = Case(root / "cleared" / args.name, None)
        else:
            case = Case(root / "sites" / args.site / args.name, args.site)
        case.write(
            body,
            url,
            headers,
            site=args.site if case.slug is None else None,
            fetched_at=fetched_at,
        )
        print(f"wrote {case.path}")
        return EXIT_OK
    for case in discover(root):
        if args.site is None or case.slug == args.site:
            case.update()
            print(f"updated {case.path / 'expected.json'}")
    return EXIT_OK
