"""The `newsarchive` command: one module per command group, one parser.

    crawl                            newsarchive.cli.crawl
    list / sites                     newsarchive.cli.sites
    extract / reextract              newsarchive.cli.extract (replay: newsarchive.cli.reextract)
    serve                            newsarchive.cli.serve
    fixture save / update            newsarchive.cli.fixture
    site add / check                 newsarchive.cli.site
    validate / stats / export / report   newsarchive.cli.dataset

Exit codes and the one-line error live in `newsarchive.cli.common`. Only this package (and the
benchmarks) start a crawl process.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from newsarchive.cli import crawl, dataset, extract, fixture, serve, site, sites
from newsarchive.cli.common import (
    EXIT_FAILED,
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_UNHEALTHY,
    EXIT_USAGE,
    Commands,
)

__all__ = [
    "EXIT_FAILED",
    "EXIT_LOCKED",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_UNHEALTHY",
    "EXIT_USAGE",
    "build_parser",
    "main",
    "parse_args",
]

# in the order `newsarchive --help` lists them
GROUPS = (crawl, sites, site, extract, serve, fixture, dataset)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsarchive",
        description="Crawl regional news sites into an append-only JSONL archive.",
    )
    from newsarchive import __version__

    parser.add_argument("--version", action="version", version=f"newsarchive {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    handlers: Commands = {}
    for group in GROUPS:
        handlers.update(group.register(sub))
    parser.set_defaults(handlers=handlers)
    return parser


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parse_args(argv)
    except SystemExit as exc:  # argparse has printed its one-line usage error
        return int(exc.code or 0)
    try:
        return int(args.handlers[args.command](args))
    except KeyboardInterrupt:
        return EXIT_FAILED
