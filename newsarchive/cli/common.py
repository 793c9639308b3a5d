"""What every command shares: exit codes, the one-line error, the data dir option.

Exit codes: 0 ok; 1 a crawl failed (finish reason not "finished", or errors logged), or
`validate` found a problem; 2 usage error (bad flag, unknown site, unreadable input);
3 a site was already being crawled (locked); 4 a health check failed. With several sites,
the most severe wins: 1, then 4, then 3.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

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
