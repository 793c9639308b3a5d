"""`newsarchive extract` (one stored page) and `newsarchive reextract` (a crawl's WARC files)."""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from pathlib import Path

from newsarchive.cli.common import (
    EXIT_OK,
    Commands,
    Subparsers,
    add_data_dir_option,
    add_sites_option,
    counts,
    error,
    registry_arg,
)


def register(sub: Subparsers) -> Commands:
    extract = sub.add_parser("extract", help="extract one stored page and print its record")
    extract.add_argument("file", help="HTML file as served (bytes), or - for stdin")
    extract.add_argument("--url", required=True, help="the URL the page was served from")
    extract.add_argument("--site", help="site slug whose selectors to use (default: generic)")
    extract.add_argument(
        "--content-type", help="the Content-Type header it was served with (for its charset)"
    )
    add_data_dir_option(extract)
    add_sites_option(extract)

    reextract = sub.add_parser(
        "reextract", help="extract again, offline, from a crawl's WARC files into a new archive"
    )
    reextract.add_argument("warc", nargs="+", help="WARC files of one site, in crawl order")
    reextract.add_argument("--site", help="site slug (default: the one the WARC names)")
    reextract.add_argument(
        "--out",
        required=True,
        help="data dir for the new archive (archive/<site>/<date>.jsonl and its state)",
    )
    reextract.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="processes reading the pages (default: the machine's cores; 1: this one only); "
        "the archive is the same whatever N",
    )
    add_data_dir_option(reextract)
    add_sites_option(reextract)

    return {"extract": cmd_extract, "reextract": cmd_reextract}


def cmd_extract(args: argparse.Namespace) -> int:
    from newsarchive.extract import extract_article
    from newsarchive.sites import SiteListError, UnknownSiteError

    try:
        site = registry_arg(args).get(args.site) if args.site else None
    except (SiteListError, UnknownSiteError) as exc:
        return error(str(exc))
    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as exc:
        return error(f"cannot read {args.file}: {exc.strerror or exc}")
    headers = {"Content-Type": args.content_type} if args.content_type else None
    record = extract_article(data, args.url, site, headers=headers)
    print(json.dumps(record, ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_reextract(args: argparse.Namespace) -> int:
    from warcio.exceptions import ArchiveLoadFailed

    from newsarchive.cli.reextract import default_jobs, reextract
    from newsarchive.sites import SiteListError, UnknownSiteError

    paths = [Path(p) for p in args.warc]
    for path in paths:
        if not path.is_file():
            return error(f"no such WARC file: {path}")
        with path.open("rb") as f:
            head = f.read(4)
        if not (head.startswith(b"\x1f\x8b") or head.startswith(b"WARC")):
            return error(f"{path} is not a WARC file (neither gzip nor a WARC/1.x header)")
    out = Path(args.out)
    if args.jobs is not None and args.jobs < 1:
        return error(f"--jobs {args.jobs}: give 1 or more")
    jobs = args.jobs or default_jobs()
    try:
        summary = reextract(paths, out, args.site, registry_arg(args), jobs=jobs)
    except (SiteListError, UnknownSiteError) as exc:
        return error(str(exc))
    except (ValueError, OSError, ArchiveLoadFailed, EOFError, zlib.error) as exc:
        return error(f"cannot re-extract {', '.join(args.warc)}: {exc}")
    print(
        f"{summary['site']}: {summary['records_written']} records written to {out / 'archive'}, "
        f"{summary['responses_replayed']} responses replayed, "
        f"dropped: {counts(summary['dropped'])}"
    )
    return EXIT_OK
