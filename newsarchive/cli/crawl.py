"""`newsarchive crawl`: one CrawlerProcess for the sites asked for, and the exit code cron reads.

The crawl itself is the Scrapy components' business (spiders, pipelines, extensions); this
module only turns flags into settings, schedules one crawler per site, and maps how each one
ended to an exit code and a short summary.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from newsarchive import datadir
from newsarchive.cli.common import (
    EXIT_FAILED,
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_UNHEALTHY,
    Commands,
    Subparsers,
    add_sites_option,
    counts,
    data_dir_arg,
    error,
    registry_arg,
)
from newsarchive.datadir import DataDir

if TYPE_CHECKING:
    from newsarchive.sites import Registry
    from newsarchive.sites.base import Site


def register(sub: Subparsers) -> Commands:
    crawl = sub.add_parser("crawl", help="crawl sites into data/archive/<site>/<date>.jsonl")
    crawl.add_argument("sites", nargs="*", metavar="SITE", help="site slugs (see `list`)")
    crawl.add_argument(
        "--all", action="store_true", help="crawl every site your site list (sites.toml) names"
    )
    crawl.add_argument(
        "--data-dir",
        help="where archive/ and state/ live (default: $NEWSARCHIVE_DATA or ./data)",
    )
    add_sites_option(crawl)
    crawl.add_argument(
        "--base-url",
        help="where a site with relative channel URLs is served (default for the demo: "
        "a local server started for the crawl)",
    )
    crawl.add_argument(
        "--start-url",
        metavar="URL",
        action="append",
        help="crawl a site nobody wrote a profile for, from this listing page (repeatable: "
        "URLs on one host and port are one site; generic extraction; archived as "
        "archive/<host>[__<port>]/)",
    )
    crawl.add_argument(
        "--slug",
        help="with --start-url: the name to archive under (every URL one site's channel)",
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
    crawl.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="for cron: print nothing when every site is healthy, else the failing sites' "
        "summaries only",
    )

    return {"crawl": cmd_crawl}


def _settings(args: argparse.Namespace) -> Any:
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("newsarchive.settings", priority="project")
    settings.set(datadir.SETTING, str(data_dir_arg(args).root), priority="cmdline")
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


def _chosen_sites(args: argparse.Namespace, registry: Registry) -> list[Site]:
    """The sites this crawl is asked for, or ValueError saying in one line what is wrong."""
    from newsarchive.sites import adhoc_site, adhoc_slug

    if sum(map(bool, (args.all, args.sites, args.start_url))) > 1:
        raise ValueError("give site names, --all or --start-url, only one of them")
    if args.slug is not None and not args.start_url:
        raise ValueError("--slug names a --start-url crawl; give --start-url too")
    if args.start_url:
        urls = list(dict.fromkeys(args.start_url))
        groups: dict[str, list[str]] = {}
        for url in urls:
            # an empty --slug is a mistake to report, not a reason to fall back to the host
            groups.setdefault(adhoc_slug(url) if args.slug is None else args.slug, []).append(url)
        sites = [adhoc_site(group, slug) for slug, group in groups.items()]
        for site in sites:
            if site.slug in registry.sites:
                raise ValueError(
                    f"--start-url would archive under {site.slug!r}, the name of a "
                    f"{registry.origins[site.slug]} site; crawl it by name or give --slug"
                )
        return sites
    if args.all:
        if not registry.listed:
            where = registry.file or "sites.toml"
            raise ValueError(
                f"--all crawls the sites your list names, and {where} lists none; add one "
                "with `newsarchive site add URL` (known sites: "
                f"{', '.join(sorted(registry.sites))})"
            )
        return [registry.get(slug) for slug in registry.listed]
    if not args.sites:
        raise ValueError(
            "crawl needs a site name, --all or --start-url URL; "
            f"known sites: {', '.join(sorted(registry.sites))}"
        )
    return [registry.get(slug) for slug in dict.fromkeys(args.sites)]


def cmd_crawl(args: argparse.Namespace) -> int:
    from newsarchive.sites import SiteListError, UnknownSiteError

    try:
        registry = registry_arg(args)
        sites = _chosen_sites(args, registry)
    except (SiteListError, UnknownSiteError, ValueError) as exc:
        return error(str(exc))
    if args.max_pages is not None and args.max_pages < 1:
        return error(f"--max-pages must be at least 1, got {args.max_pages}")
    drawn = [s.slug for s in sites if s.render or s.render_articles]
    if drawn:
        from newsarchive.spiders.browser import browser_problem

        problem = browser_problem()
        if problem:
            return error(f"{', '.join(drawn)}: render = true needs a browser: {problem}")
    try:
        settings = _settings(args)
    except ValueError as exc:
        return error(str(exc))
    problem = _check_data_dir(DataDir.from_settings(settings))
    if problem:
        return error(problem)

    from scrapy.crawler import CrawlerProcess

    from newsarchive.extensions.guard import LOCKED, CrawlGuard
    from newsarchive.redact import mask_log_handlers, mask_secrets
    from newsarchive.spiders.sites import spider_class

    redis_url = args.redis or os.environ.get("NEWSARCHIVE_REDIS_URL")
    if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
        return error(f"--redis expects redis://HOST:PORT/DB, got {mask_secrets(redis_url)!r}")

    # the log goes to logs/<site>/<day>.log; stderr carries it only when asked to
    settings.set("LOG_INSTALL_ROOT_HANDLER", args.verbose, priority="cmdline")
    process = CrawlerProcess(settings)
    # the log on stderr too (-v): a Redis URL an error message quotes is masked there
    mask_log_handlers()
    crawlers = []
    for site in sites:
        crawler = process.create_crawler(spider_class(site))
        if redis_url:
            from redis.exceptions import RedisError

            try:
                _as_redis_worker(crawler.settings, redis_url, site.slug)
            except ValueError as exc:  # redis-py's verdict on a malformed URL
                return error(mask_secrets(f"--redis {redis_url}: {exc}"))
            except RedisError as exc:
                message = f"newsarchive: cannot reach Redis at {redis_url}: {exc}"
                print(mask_secrets(message), file=sys.stderr)
                return EXIT_FAILED
        kwargs = {
            "base_url": args.base_url,
            "max_pages": args.max_pages,
            # recorded in the WARC, so reextract can make the same site again
            "start_url": " ".join(c.url for c in site.channels) if args.start_url else None,
        }
        process.crawl(crawler, **{k: v for k, v in kwargs.items() if v is not None})
        crawlers.append(crawler)
    process.start()
    codes = set()
    for site, crawler in zip(sites, crawlers, strict=True):
        guard = next((e for e in crawler.extensions.middlewares if isinstance(e, CrawlGuard)), None)
        summary = guard.summary if guard is not None else None
        if summary is None:
            stats = crawler.stats.get_stats() if crawler.stats else {}
            summary = {
                "site": site.slug,
                "finish_reason": stats.get("finish_reason", "not started"),
            }
        if summary["finish_reason"] == LOCKED:
            print(
                f"newsarchive: {summary.get('message') or site.slug + ' is locked'}",
                file=sys.stderr,
            )
            codes.add(EXIT_LOCKED)
            continue
        failed = (
            summary["finish_reason"] != "finished"
            or bool(summary.get("errors"))
            # the run log holds no word of this run: the next health check cannot see it
            or bool(summary.get("run_log_error"))
        )
        if failed:
            codes.add(EXIT_FAILED)
        elif summary.get("health"):
            codes.add(EXIT_UNHEALTHY)
        # a crawl stopped for a full disk or a link under the data dir, and a run log that
        # could not be written: one line on stderr, whatever -q says
        problems = [p for p in (summary.get("message"), summary.get("run_log_error")) if p]
        if problems:
            line = f"newsarchive: {site.slug}: {'; '.join(problems)}"
            print(mask_secrets(line), file=sys.stderr)
        if not args.quiet or failed or summary.get("health"):
            print(format_summary(summary))
    for code in (EXIT_FAILED, EXIT_UNHEALTHY, EXIT_LOCKED):
        if code in codes:
            return code
    return EXIT_OK


def _check_data_dir(data: DataDir) -> str | None:
    """What stops a crawl from using `data`, in one line (None when it is usable)."""
    import sqlite3

    from newsarchive.safefiles import UnsafePathError
    from newsarchive.seen.sqlite import SeenStore

    path = data.seen_db
    try:
        SeenStore(path, root=data.root).close()
    except UnsafePathError as exc:
        return str(exc)
    except OSError as exc:
        return f"cannot use data dir {data.root}: {exc.strerror or exc}"
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
    from newsarchive.seen import SETTING
    from newsarchive.seen.redis import RedisRun, RedisSeenStore

    run = RedisRun.join(url, site, 6 * settings.getfloat("NEWSARCHIVE_REDIS_HEARTBEAT", 5.0))
    for name, value in {
        "NEWSARCHIVE_REDIS_URL": url,
        "NEWSARCHIVE_REDIS_RUN": run.id,
        SETTING: f"{RedisSeenStore.__module__}.{RedisSeenStore.__qualname__}",
        "REDIS_URL": url,
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        # the queue outlives any one worker; the last worker out deletes it
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_QUEUE_KEY": run.queue_key,
        "SCHEDULER_DUPEFILTER_KEY": run.dupefilter_key,
    }.items():
        settings.set(name, value, priority="cmdline")


def format_summary(summary: dict[str, Any]) -> str:
    """The few lines a person (or cron mail) reads after a crawl, credentials in URLs masked."""
    from newsarchive.redact import mask_secrets

    return mask_secrets(_summary_lines(summary))


def _summary_lines(summary: dict[str, Any]) -> str:
    lines = [
        f"{summary['site']}: {summary.get('finish_reason')} ({summary.get('mode', '?')} pass) "
        f"{summary.get('start', '?')} → {summary.get('end', '?')}",
        f"  pages {summary.get('pages_fetched', 0)} "
        f"(listings {summary.get('listing_pages', 0)}, "
        f"articles {summary.get('articles_fetched', 0)}), "
        f"records written {summary.get('records_written', 0)}, "
        f"errors {summary.get('errors', 0)}",
        f"  dropped: {counts(summary.get('dropped', {}))}",
        f"  skipped: {counts(summary.get('skipped', {}))}",
    ]
    if summary.get("failed"):
        lines.append(f"  failed: {counts(summary['failed'])}")
        lines.extend(f"    {url}" for url in summary.get("failed_urls", []))
    for stop in summary.get("stopped_channels") or ():
        lines.append("  " + _stop_line(stop))
    recovered = summary.get("recovered") or {}
    if recovered.get("lines") or recovered.get("torn"):
        lines.append(
            f"  recovered after a kill: {recovered.get('lines', 0)} lines recorded, "
            f"{len(recovered.get('torn', []))} torn lines set aside"
        )
    health = summary.get("health") or []
    if summary.get("message"):
        lines.append(f"  stopped early: {summary['message']}")
    if not health and summary.get("finish_reason") != "finished":
        # "ok" would read as all well, and the run did not end as it should
        lines.append("  health: not judged (the run did not finish)")
    else:
        lines.append("  health: " + ("ok" if not health else "; ".join(health)))
    return "\n".join(lines)


def _stop_line(stop: dict[str, Any]) -> str:
    """Why a channel's pagination ended before its last page, in one line."""
    channel = f"{stop['channel']} " if stop.get("channel") else ""
    where = f"{channel}at page {stop.get('page')} ({stop.get('url')})"
    if stop.get("reason") == "page_cap":
        return f"stopped: {where}: the page cap (--max-pages N or the site's max_pages raises it)"
    return f"stopped: {where}: it brought no row new to this run (a pagination trap?)"
