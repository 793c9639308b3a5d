"""`newsarchive list`: the sites a crawl can be asked for, and where each comes from."""

from __future__ import annotations

import argparse

from newsarchive.cli.common import (
    EXIT_OK,
    Commands,
    Subparsers,
    add_data_dir_option,
    add_sites_option,
    error,
    registry_arg,
)


def register(sub: Subparsers) -> Commands:
    for name, words in (
        ("list", "list the sites: yours, built-in, installed"),
        ("sites", "same as list"),
    ):
        parser = sub.add_parser(name, help=words)
        add_data_dir_option(parser)
        add_sites_option(parser)
    return {"list": cmd_list, "sites": cmd_list}


def cmd_list(args: argparse.Namespace) -> int:
    from newsarchive.sites import SiteListError

    try:
        registry = registry_arg(args)
    except SiteListError as exc:
        return error(str(exc))
    # the user's own first, in their list's order (what `crawl --all` crawls), then the rest
    slugs = [*registry.listed, *sorted(set(registry.sites) - set(registry.listed))]
    for slug in slugs:
        site = registry.sites[slug]
        where = registry.origins[slug]
        mark = "listed" if slug in registry.listed else "not listed"
        channels = f"{len(site.channels)} channel{'s' if len(site.channels) != 1 else ''}"
        print(f"{slug}\t{site.name}\t{channels}\t{where} ({mark})")
    return EXIT_OK
