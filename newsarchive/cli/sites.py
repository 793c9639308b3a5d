"""`newsarchive list`: the sites a crawl can be asked for."""

from __future__ import annotations

import argparse

from newsarchive.cli.common import EXIT_OK, Commands, Subparsers


def register(sub: Subparsers) -> Commands:
    sub.add_parser("list", help="list the registered sites")
    sub.add_parser("sites", help="same as list")

    return {"list": cmd_list, "sites": cmd_list}


def cmd_list(args: argparse.Namespace) -> int:
    from newsarchive.sites import SITES

    for slug, site in sorted(SITES.items()):
        print(f"{slug}\t{site.name}\t{len(site.channels)} channels")
    return EXIT_OK
