"""The `newsarchive` command: crawl, list, extract, serve, fixture, and the dataset tools
(validate, stats, export, report: `newsarchive.dataset`).

Exit codes: 0 ok; 1 a crawl failed (finish reason not "finished", or errors logged);
2 usage error (bad flag, unknown site, unreadable input); 3 a site was already being
crawled (locked); 4 a health check failed. With several sites, the most severe wins:
1, then 4, then 3.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.request
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_UNHEALTHY = 4


def _error(message: str) -> int:
    print(f"newsarchive: {message}", file=sys.stderr)
    return EXIT_USAGE


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsarchive",
        description="Crawl regional news sites into an append-only JSONL archive.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    crawl = sub.add_parser("crawl", help="crawl sites into data/archive/<site>/<date>.jsonl")
    crawl.add_argument("sites", nargs="*", metavar="SITE", help="site slugs (see `list`)")
    crawl.add_argument("--all", action="store_true", help="crawl every registered site")
    crawl.add_argument(
        "--data-dir",
        help="where archive/ and state/ live (default: $NEWSARCHIVE_DATA or ./data)",
    )
    crawl.add_argument(
        "--base-url",
        help="where a site with relative channel URLs is served (default for the demo: "
        "a local server started for the crawl)",
    )
    crawl.add_argument(
        "--start-url",
        metavar="URL",
        help="crawl a site nobody wrote a profile for, from this listing page (generic "
        "extraction; archived as archive/<host>/)",
    )
    crawl.add_argument("--max-pages", type=int, help="listing pages per channel")
    crawl.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a Scrapy setting (repeatable)",
    )
    crawl.add_argument(
        "--full",
        action="store_true",
        help="paginate every listing to its end this time (no incremental stop)",
    )
    crawl.add_argument(
        "--redis",
        metavar="URL",
        help="run as a worker of a shared crawl: redis://HOST:PORT/DB holds the queue, the "
        "duplicate filter and the seen-state (default: $NEWSARCHIVE_REDIS_URL)",
    )
    crawl.add_argument(
        "--warc",
        action="store_true",
        help="also keep every raw response in data/warc/<site>/<crawl-date>.warc.gz",
    )
    crawl.add_argument("-L", "--loglevel", default=None, help="log level (default INFO)")
    crawl.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also print Scrapy's log on stderr (it always goes to logs/<site>/<day>.log)",
    )

    sub.add_parser("list", help="list the registered sites")
    sub.add_parser("sites", help="same as list")

    extract = sub.add_parser("extract", help="extract one stored page and print its record")
    extract.add_argument("file", help="HTML file as served (bytes), or - for stdin")
    extract.add_argument("--url", required=True, help="the URL the page was served from")
    extract.add_argument("--site", help="site slug whose selectors to use (default: generic)")
    extract.add_argument(
        "--content-type", help="the Content-Type header it was served with (for its charset)"
    )

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

    serve = sub.add_parser("serve", help="serve a static site folder on 127.0.0.1")
    serve.add_argument("root", nargs="?", help="folder to serve (default: the demo site)")
    serve.add_argument("--port", type=int, default=0, help="port (default: any free one)")

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
    from newsarchive.dataset import add_commands

    parser.set_defaults(dataset_handlers=add_commands(sub))  # validate, stats, export, report
    return parser


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parse_args(argv)
    except SystemExit as exc:  # argparse has printed its one-line usage error
        return int(exc.code or 0)
    handler: Callable[[argparse.Namespace], int] = {
        "crawl": cmd_crawl,
        "list": cmd_list,
        "sites": cmd_list,
        "extract": cmd_extract,
        "serve": cmd_serve,
        "reextract": cmd_reextract,
        "fixture": cmd_fixture,
        **args.dataset_handlers,
    }[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        return EXIT_FAILED


def cmd_list(args: argparse.Namespace) -> int:
    from newsarchive.sites import SITES

    for slug, site in sorted(SITES.items()):
        print(f"{slug}\t{site.name}\t{len(site.channels)} channels")
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    from newsarchive.extract import extract_article
    from newsarchive.sites import UnknownSiteError, get_site

    try:
        site = get_site(args.site) if args.site else None
    except UnknownSiteError as exc:
        return _error(str(exc))
    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as exc:
        return _error(f"cannot read {args.file}: {exc.strerror or exc}")
    headers = {"Content-Type": args.content_type} if args.content_type else None
    record = extract_article(data, args.url, site, headers=headers)
    print(json.dumps(record, ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_reextract(args: argparse.Namespace) -> int:
    from warcio.exceptions import ArchiveLoadFailed

    from newsarchive.reextract import reextract
    from newsarchive.sites import UnknownSiteError

    paths = [Path(p) for p in args.warc]
    for path in paths:
        if not path.is_file():
            return _error(f"no such WARC file: {path}")
        with path.open("rb") as f:
            head = f.read(4)
        if not (head.startswith(b"\x1f\x8b") or head.startswith(b"WARC")):
            return _error(f"{path} is not a WARC file (neither gzip nor a WARC/1.x header)")
    out = Path(args.out)
    try:
        summary = reextract(paths, out, args.site)
    except UnknownSiteError as exc:
        return _error(str(exc))
    except (ValueError, OSError, ArchiveLoadFailed, EOFError, zlib.error) as exc:
        return _error(f"cannot re-extract {', '.join(args.warc)}: {exc}")
    print(
        f"{summary['site']}: {summary['records_written']} records written to {out / 'archive'}, "
        f"{summary['responses_replayed']} responses replayed, "
        f"dropped: {_counts(summary['dropped'])}"
    )
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from newsarchive.server import LocalSite, demo_site_root

    root = Path(args.root) if args.root else demo_site_root()
    try:
        site = LocalSite(root, port=args.port).start()
    except (FileNotFoundError, OSError) as exc:
        return _error(str(exc))
    print(f"serving {root} on {site.url}/ (Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        site.stop()


def _settings(args: argparse.Namespace) -> Any:
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("newsarchive.settings", priority="project")
    data_dir = args.data_dir or os.environ.get("NEWSARCHIVE_DATA") or "data"
    settings.set("NEWSARCHIVE_DATA_DIR", data_dir, priority="cmdline")
    if args.loglevel:
        settings.set("LOG_LEVEL", args.loglevel.upper(), priority="cmdline")
    if args.full:
        settings.set("NEWSARCHIVE_FULL", True, priority="cmdline")
    if getattr(args, "warc", False):
        settings.set("NEWSARCHIVE_WARC", True, priority="cmdline")
    # a terminal gets a live progress line; cron (no terminal) gets the summary alone
    settings.set("NEWSARCHIVE_PROGRESS", sys.stderr.isatty() and not args.verbose, "cmdline")
    for pair in args.set:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise ValueError(f"-s expects NAME=VALUE, got {pair!r}")
        _check_setting(name, value, settings.get(name))
        settings.set(name, value, priority="cmdline")
    return settings


def _check_setting(name: str, value: str, default: Any) -> None:
    """A value of the kind the setting's default is, or ValueError saying so (Scrapy would
    only fail deep inside the crawl, with a traceback)."""
    kinds: list[tuple[type, str, Any]] = [
        (bool, "true or false", lambda v: v.lower() in ("0", "1", "true", "false") or None),
        # an integer default does not make a setting integer-only (DOWNLOAD_DELAY = 1)
        (int, "a number", float),
        (float, "a number", float),
    ]
    for kind, words, parse in kinds:
        if isinstance(default, kind):
            try:
                ok = parse(value) is not None
            except ValueError:
                ok = False
            if not ok:
                raise ValueError(f"-s {name}={value}: {name} takes {words} (default {default!r})")
            return


def cmd_crawl(args: argparse.Namespace) -> int:
    from newsarchive.sites import SITES, UnknownSiteError, get_site

    if sum(map(bool, (args.all, args.sites, args.start_url))) > 1:
        return _error("give site names, --all or --start-url, only one of them")
    if not (args.all or args.sites or args.start_url):
        return _error(
            "crawl needs a site name, --all or --start-url URL; "
            f"known sites: {', '.join(sorted(SITES))}"
        )
    if args.start_url:
        from newsarchive.sites import site_for_start_url

        try:
            slugs = [site_for_start_url(args.start_url).slug]
        except ValueError as exc:
            return _error(str(exc))
        if args.redis or os.environ.get("NEWSARCHIVE_REDIS_URL"):
            return _error("--start-url crawls run on one machine; --redis needs a site profile")
    else:
        slugs = sorted(SITES) if args.all else list(dict.fromkeys(args.sites))
    try:
        for slug in slugs:
            if not args.start_url:
                get_site(slug)
    except UnknownSiteError as exc:
        return _error(str(exc))
    if args.max_pages is not None and args.max_pages < 1:
        return _error(f"--max-pages must be at least 1, got {args.max_pages}")
    try:
        settings = _settings(args)
    except ValueError as exc:
        return _error(str(exc))
    problem = _check_data_dir(Path(settings["NEWSARCHIVE_DATA_DIR"]))
    if problem:
        return _error(problem)

    from scrapy.crawler import CrawlerProcess

    from newsarchive.extensions import LOCKED, CrawlGuard
    from newsarchive.spiders.archive import ArchiveSpider
    from newsarchive.spiders.sites import SPIDERS

    redis_url = args.redis or os.environ.get("NEWSARCHIVE_REDIS_URL")
    if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
        return _error(f"--redis expects redis://HOST:PORT/DB, got {redis_url!r}")

    # the log goes to logs/<site>/<day>.log; stderr carries it only when asked to
    settings.set("LOG_INSTALL_ROOT_HANDLER", args.verbose, priority="cmdline")
    process = CrawlerProcess(settings)
    crawlers = []
    for slug in slugs:
        crawler = process.create_crawler(ArchiveSpider if args.start_url else SPIDERS[slug])
        if redis_url:
            from redis.exceptions import RedisError

            try:
                _as_redis_worker(crawler.settings, redis_url, slug)
            except ValueError as exc:  # redis-py's verdict on a malformed URL
                return _error(f"--redis {redis_url}: {exc}")
            except RedisError as exc:
                print(f"newsarchive: cannot reach Redis at {redis_url}: {exc}", file=sys.stderr)
                return EXIT_FAILED
        kwargs = {
            "base_url": args.base_url,
            "max_pages": args.max_pages,
            "start_url": args.start_url,
        }
        process.crawl(crawler, **{k: v for k, v in kwargs.items() if v is not None})
        crawlers.append(crawler)
    process.start()
    codes = set()
    for slug, crawler in zip(slugs, crawlers, strict=True):
        guard = next((e for e in crawler.extensions.middlewares if isinstance(e, CrawlGuard)), None)
        summary = guard.summary if guard is not None else None
        if summary is None:
            stats = crawler.stats.get_stats() if crawler.stats else {}
            summary = {"site": slug, "finish_reason": stats.get("finish_reason", "not started")}
        if summary["finish_reason"] == LOCKED:
            print(f"newsarchive: {summary.get('message') or slug + ' is locked'}", file=sys.stderr)
            codes.add(EXIT_LOCKED)
            continue
        print(format_summary(summary))
        if summary["finish_reason"] != "finished" or summary.get("errors"):
            codes.add(EXIT_FAILED)
        elif summary.get("health"):
            codes.add(EXIT_UNHEALTHY)
    for code in (EXIT_FAILED, EXIT_UNHEALTHY, EXIT_LOCKED):
        if code in codes:
            return code
    return EXIT_OK


def _check_data_dir(data_dir: Path) -> str | None:
    """What stops a crawl from using `data_dir`, in one line (None when it is usable)."""
    import sqlite3

    from newsarchive.state import SeenStore

    try:
        (data_dir / "state").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"cannot use data dir {data_dir}: {exc.strerror or exc}"
    path = data_dir / "state" / "seen.sqlite3"
    try:
        SeenStore(path).close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            # a sound file another process holds: moving it aside would be the wrong advice
            return f"the seen-state {path} stayed locked by another process ({exc}); try again"
        return f"the seen-state {path} is unusable ({exc})"
    except sqlite3.DatabaseError as exc:
        return (
            f"the seen-state {path} is unreadable ({exc}); move it aside and crawl again: "
            "it is rebuilt from the archive"
        )
    return None


def _as_redis_worker(settings: Any, url: str, site: str) -> None:
    """Make one crawler a scrapy-redis worker of the site's shared run."""
    from newsarchive.redisstate import RedisRun

    run = RedisRun.join(url, site, 6 * settings.getfloat("NEWSARCHIVE_REDIS_HEARTBEAT", 5.0))
    for name, value in {
        "NEWSARCHIVE_REDIS_URL": url,
        "NEWSARCHIVE_REDIS_RUN": run.id,
        "REDIS_URL": url,
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        # the queue outlives any one worker; the last worker out deletes it
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_QUEUE_KEY": run.queue_key,
        "SCHEDULER_DUPEFILTER_KEY": run.dupefilter_key,
    }.items():
        settings.set(name, value, priority="cmdline")


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"


def format_summary(summary: dict[str, Any]) -> str:
    """The few lines a person (or cron mail) reads after a crawl."""
    lines = [
        f"{summary['site']}: {summary.get('finish_reason')} ({summary.get('mode', '?')} pass) "
        f"{summary.get('start', '?')} → {summary.get('end', '?')}",
        f"  pages {summary.get('pages_fetched', 0)} "
        f"(listings {summary.get('listing_pages', 0)}, "
        f"articles {summary.get('articles_fetched', 0)}), "
        f"records written {summary.get('records_written', 0)}, "
        f"errors {summary.get('errors', 0)}",
        f"  dropped: {_counts(summary.get('dropped', {}))}",
        f"  skipped: {_counts(summary.get('skipped', {}))}",
    ]
    if summary.get("failed"):
        lines.append(f"  failed: {_counts(summary['failed'])}")
        lines.extend(f"    {url}" for url in summary.get("failed_urls", []))
    recovered = summary.get("recovered") or {}
    if recovered.get("lines") or recovered.get("torn"):
        lines.append(
            f"  recovered after a kill: {recovered.get('lines', 0)} lines recorded, "
            f"{len(recovered.get('torn', []))} torn lines set aside"
        )
    health = summary.get("health") or []
    lines.append("  health: " + ("ok" if not health else "; ".join(health)))
    return "\n".join(lines)


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
    from newsarchive.fixtures import Case, discover
    from newsarchive.sites import UnknownSiteError, get_site

    root = Path(args.root)
    if args.fixture_command == "save":
        try:
            get_site(args.site)
            body, url, headers = _fetch(args.site, args.url)
        except UnknownSiteError as exc:
            return _error(str(exc))
        except OSError as exc:
            return _error(f"cannot fetch {args.url}: {exc}")
        if not args.name.startswith(("article-", "listing-", "cleared-")):
            return _error(
                f"case name must start with article-, listing- or cleared-, got {args.name!r}"
            )
        if args.name.startswith("cleared-"):
            case = Case(root / "cleared" / args.name, None)
        else:
            case = Case(root / "sites" / args.site / args.name, args.site)
        case.write(body, url, headers, site=args.site if case.slug is None else None)
        print(f"wrote {case.path}")
        return EXIT_OK
    for case in discover(root):
        if args.site is None or case.slug == args.site:
            case.update()
            print(f"updated {case.path / 'expected.json'}")
    return EXIT_OK
