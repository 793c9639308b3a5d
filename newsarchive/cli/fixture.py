"""`newsarchive fixture save|update`: stored pages as test cases, and their expected records."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from newsarchive.cli.common import (
    EXIT_OK,
    Commands,
    Fetched,
    FetchError,
    Subparsers,
    add_data_dir_option,
    add_sites_option,
    error,
    fetch,
    registry_arg,
)

if TYPE_CHECKING:
    from newsarchive.sites.base import Site


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
    add_data_dir_option(save)
    add_sites_option(save)
    update = fsub.add_parser("update", help="re-pin expected.json from the stored pages")
    update.add_argument("site", nargs="?", help="only this site's cases")
    update.add_argument("--root", default="tests/fixtures", help="fixtures folder")
    return {"fixture": cmd_fixture}


def _fetch(site: Site, url: str) -> tuple[Fetched, str]:
    """The page, and the URL to store it under."""
    from newsarchive.server import LocalSite, bundled_site_root

    if url.startswith("/") and site.local_root:
        with LocalSite(bundled_site_root(site.local_root)) as local:
            page = fetch(local.url + url)
        # stored without the port, which changes on every run
        return page, "http://127.0.0.1" + url
    return fetch(url), url


def cmd_fixture(args: argparse.Namespace) -> int:
    from newsarchive.extract.fixtures import Case, discover
    from newsarchive.sites import SiteListError, UnknownSiteError

    root = Path(args.root)
    if args.fixture_command == "save":
        try:
            # a site of the user's list as much as a built-in one
            site = registry_arg(args).get(args.site)
            page, url = _fetch(site, args.url)
        except (SiteListError, UnknownSiteError, FetchError) as exc:
            return error(str(exc))
        if not args.name.startswith(("article-", "listing-", "cleared-")):
            return error(
                f"case name must start with article-, listing- or cleared-, got {args.name!r}"
            )
        if args.name.startswith("cleared-"):
            case = Case(root / "cleared" / args.name, None)
        else:
            case = Case(root / "sites" / args.site / args.name, args.site, site)
        case.write(
            page.body,
            url,
            page.headers,
            site=args.site if case.slug is None else None,
            # relative dates on the page are read against it
            fetched_at=page.fetched_at,
        )
        print(f"wrote {case.path}")
        return EXIT_OK
    for case in discover(root):
        if args.site is None or case.slug == args.site:
            case.update()
            print(f"updated {case.path / 'expected.json'}")
    return EXIT_OK
