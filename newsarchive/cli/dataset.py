"""`newsarchive validate | stats | export | report`: the archive as a dataset, read only."""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from newsarchive.archive import ArchiveError, ArchiveWarning, archive_root
from newsarchive.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    Commands,
    Subparsers,
    add_data_dir_option,
    data_dir_arg,
    error,
    plural,
)
from newsarchive.datadir import DataDir
from newsarchive.dataset import FORMATS, Tally, export, format_stats, report_html, stats, validate
from newsarchive.dataset.export import atomic


@contextmanager
def _warnings_on_stderr() -> Iterator[None]:
    """ArchiveWarnings (skipped lines) as one `newsarchive: warning:` line each."""
    with warnings.catch_warnings():
        warnings.simplefilter("always", ArchiveWarning)
        shown = warnings.showwarning

        def show(
            message: Warning | str,
            category: type[Warning],
            filename: str,
            lineno: int,
            file: Any = None,
            line: str | None = None,
        ) -> None:
            if issubclass(category, ArchiveWarning):
                print(f"newsarchive: warning: {message}", file=sys.stderr)
            else:
                shown(message, category, filename, lineno, file, line)

        warnings.showwarning = show
        yield


def _output_path(text: str, data_dir: Path) -> Path:
    """Where to write, checked: its folder exists, and it is not inside the archive."""
    out = Path(text)
    if out.is_dir():
        raise ArchiveError(f"output {out} is a directory")
    if not out.parent.is_dir():
        raise ArchiveError(f"cannot write {out}: folder {out.parent} does not exist")
    root = DataDir(data_dir).archive_root.resolve()
    if out.resolve().is_relative_to(root):
        raise ArchiveError(f"refusing to write {out} inside the archive {root}")
    return out


def _since(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ArchiveError(f"--since expects a date YYYY-MM-DD, got {text!r}") from None


def cmd_validate(args: argparse.Namespace) -> int:
    data_dir = data_dir_arg(args).root
    tally = Tally()
    problems = 0
    try:
        for problem in validate(data_dir, args.sites or None, tally):
            problems += 1
            print(problem)
    except ArchiveError as exc:
        return error(str(exc))
    where = f"{plural(tally.files, 'file')} of {plural(tally.sites, 'site')}"
    if problems:
        print(
            f"validate: {plural(problems, 'problem')} in {plural(tally.lines, 'line')} of {where}",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    print(f"validate: ok, {plural(tally.records, 'record')} in {where}", file=sys.stderr)
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    try:
        with _warnings_on_stderr():
            result = stats(data_dir_arg(args).root, args.sites or None)
    except ArchiveError as exc:
        return error(str(exc))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(format_stats(result))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    data_dir = data_dir_arg(args).root
    fmt = args.format or Path(args.out).suffix.removeprefix(".")
    if fmt not in FORMATS:
        return error(f"cannot tell the format of {args.out}: give --format {'|'.join(FORMATS)}")
    if fmt != "csv" and (args.excel or args.keep_formulas):
        flag = "--excel" if args.excel else "--keep-formulas"
        return error(f"{flag} is for CSV exports; {args.out} is {fmt}")
    try:
        archive_root(data_dir)
        out = _output_path(args.out, data_dir)
        with _warnings_on_stderr():
            rows = export(
                data_dir,
                out,
                fmt,
                args.site or None,
                _since(args.since),
                formulas=args.keep_formulas,
                excel=args.excel,
            )
    except ArchiveError as exc:
        return error(str(exc))
    except OSError as exc:
        return error(f"cannot write {args.out}: {exc.strerror or exc}")
    print(f"export: {rows} records to {out} ({fmt})", file=sys.stderr)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    data_dir = data_dir_arg(args).root
    try:
        archive_root(data_dir)
        out = _output_path(args.out, data_dir)
        with _warnings_on_stderr():
            page = report_html(data_dir, args.sites or None)
        with atomic(out) as tmp:
            tmp.write_text(page, encoding="utf-8")
    except ArchiveError as exc:
        return error(str(exc))
    except OSError as exc:
        return error(f"cannot write {args.out}: {exc.strerror or exc}")
    print(f"report: {out}", file=sys.stderr)
    return EXIT_OK


def register(sub: Subparsers) -> Commands:
    """Register validate, stats, export and report on `sub`; returns command → handler."""
    p = sub.add_parser("validate", help="check every archive line against the record schema")
    p.add_argument("sites", nargs="*", metavar="SITE", help="sites (default: all archived)")
    add_data_dir_option(p)

    p = sub.add_parser("stats", help="records, dates, months, field coverage, drops per site")
    p.add_argument("sites", nargs="*", metavar="SITE", help="sites (default: all archived)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    add_data_dir_option(p)

    p = sub.add_parser("export", help="the archive as one typed table: parquet, csv or jsonl")
    p.add_argument("out", metavar="OUT", help="output file")
    p.add_argument("--format", choices=FORMATS, help="default: from OUT's extension")
    p.add_argument("--site", action="append", metavar="SITE", help="only this site (repeatable)")
    p.add_argument("--since", metavar="DATE", help="only records published on or after YYYY-MM-DD")
    p.add_argument(
        "--excel",
        action="store_true",
        help="CSV: start with a UTF-8 BOM, so Excel and WPS show the Chinese text right",
    )
    p.add_argument(
        "--keep-formulas",
        action="store_true",
        help="CSV: write cells as they are (by default a text cell starting with = + - @, a "
        "tab or a carriage return gets a leading ' so a spreadsheet does not evaluate it)",
    )
    add_data_dir_option(p)

    p = sub.add_parser("report", help="one self-contained HTML page about the archive")
    p.add_argument("sites", nargs="*", metavar="SITE", help="sites (default: all archived)")
    p.add_argument("--out", required=True, help="HTML file to write")
    add_data_dir_option(p)

    return {
        "validate": cmd_validate,
        "stats": cmd_stats,
        "export": cmd_export,
        "report": cmd_report,
    }
