"""Crawl throughput and memory of newsarchive against bare Scrapy's own ceiling, in one run.

    python -m benchmarks.crawl                    # 10,000 articles, 5 pairs, everything
    python -m benchmarks.crawl --quick            # 2,000 articles, 3 pairs, no profile: a check
    python -m benchmarks.crawl --articles 20000 --pairs 7 --work /tmp/bench
    python -m benchmarks.crawl --variants --articles 5000 --rounds 5   # the comparison alone

Over one generated site (`benchmarks.sitegen`) served on 127.0.0.1 by `benchmarks.fastserver`
(whose own ceiling, and that of the project's LocalSite, is measured first), it runs:

1. pairs of crawls, each in its own process, alternating (a) a bare Scrapy spider that follows
   the same links and extracts nothing and (b) newsarchive's demo spider with a fresh data dir
   (extraction, placeholders, dedup, JSONL), both under the same Scrapy settings
   (`benchmarks.runner.shared_settings`); the ratio b/a is the median over the pairs;
2. a second, incremental run of (b) over the unchanged site, against its first run's time;
3. peak RSS of (b) crawling the site on top of a seen-state that already holds 10,000 and
   100,000 archived articles (bulk-inserted through `SeenStore.mark_archived`);
4. one (b) crawl under cProfile: the cost per page of each stage and the hottest functions.

With `--variants`, step 1 is instead the comparison of every kind `benchmarks.runner` knows
(`VARIANTS`, or `--kinds`): bare Scrapy, a hand-written parsel spider, Scrapy spiders calling
trafilatura and GNE, newsarchive generic (`--start-url`), profiled (with and without the
generic fallback: `profiled`, `strict`) and with WARC, in alternated
rounds, each round every kind once in a new order; it prints pages/s, CPU µs/page, peak RSS
and records per kind, the median ratios to bare and to the GNE spider (each ratio taken
within a round, then the median), and the stage breakdown of the generic crawl.

Targets (PASS/FAIL): b/a >= 0.8; peak RSS growth from the 10k to the 100k state < 100 MB;
the incremental run < 5% of the first run's time. Everything runs on 127.0.0.1, every
subprocess has a deadline, and the servers stop with the benchmark.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pstats
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import fastserver, sitegen
from benchmarks.stages import GC_LABEL, UNITS

REPO = Path(__file__).resolve().parent.parent
TARGET_RATIO = 0.8
TARGET_RSS_GROWTH_MB = 100.0
TARGET_INCREMENTAL = 0.05
STATE_SIZES = (10_000, 100_000)
CHILD_TIMEOUT = 1800.0
# settings every crawl of this run gets on top of the runner's (the command line's --no-warc)
CHILD_SETTINGS: dict[str, Any] = {}
SERVER_SECONDS = 3 * 3600.0


@dataclass
class Run:
    kind: str
    pages: int
    elapsed: float  # the crawl, engine start to finish (Scrapy's elapsed_time_seconds)
    wall: float  # the whole process, interpreter start to exit
    maxrss_mb: float
    archived: int
    finish_reason: str
    stats: dict[str, Any]
    stages: dict[str, list[float] | None]
    cpu: float = 0.0  # the crawl's CPU seconds (user + system)
    items: int = 0  # items the spider yielded (item_scraped_count)

    @property
    def rate(self) -> float:
        return self.pages / self.elapsed if self.elapsed else 0.0

    @property
    def cpu_per_page(self) -> float:
        return self.cpu / self.pages * 1e6 if self.pages else 0.0

    @property
    def records(self) -> int:
        """What the crawl kept: newsarchive's archived records, the others' items."""
        return self.archived or self.items


def crawl(
    kind: str, base_url: str, data_dir: Path, profile: Path | None = None, timed: bool = False
) -> Run:
    """One crawl in its own process (`benchmarks.runner`)."""
    cmd = [sys.executable, "-m", "benchmarks.runner", kind, "--base-url", base_url]
    cmd += ["--data-dir", str(data_dir)]
    if profile is not None:
        cmd += ["--profile", str(profile)]
    if timed:
        cmd.append("--stages")
    for name, value in CHILD_SETTINGS.items():
        cmd += ["-s", f"{name}={json.dumps(value)}"]
    started = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=REPO, capture_output=True, text=True, timeout=CHILD_TIMEOUT, check=False
    )
    wall = time.perf_counter() - started
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"{kind} crawl failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return Run(
        kind=kind,
        pages=data["pages"],
        elapsed=data["elapsed"],
        wall=wall,
        maxrss_mb=data["maxrss_kb"] / 1024,
        archived=data["archived"],
        finish_reason=str(data["finish_reason"]),
        stats=data["stats"],
        stages=data.get("stages") or {},
        cpu=float(data.get("cpu_seconds", 0.0)),
        items=int(data.get("items", 0)),
    )


# -- the servers' own ceiling ------------------------------------------------------------


def _article_paths(root: Path, limit: int) -> list[str]:
    paths = []
    for folder in ("dongtai", "yaowen", "baozhi"):
        for path in sorted((root / folder).rglob("*.htm*")):
            paths.append("/" + path.relative_to(root).as_posix())
    random.Random(0).shuffle(paths)
    return paths[:limit]


def server_ceiling(base_url: str, paths: list[str], seconds: float, work: Path) -> float:
    """Requests per second a server answers over 16 keep-alive connections: wrk when it is
    installed, else a small asyncio client (which may then be the limit, so a lower bound)."""
    if shutil.which("wrk"):
        listing = work / "paths.txt"
        listing.write_text("\n".join(paths) + "\n", "utf-8")
        script = work / "paths.lua"
        script.write_text(
            "local paths = {}\n"
            f'for line in io.lines("{listing}") do paths[#paths + 1] = line end\n'
            "local i = 0\n"
            "request = function()\n  i = i + 1\n"
            '  return wrk.format("GET", paths[(i % #paths) + 1])\nend\n',
            "utf-8",
        )
        out = subprocess.run(
            ["wrk", "-t1", "-c16", f"-d{max(1, round(seconds))}s", "-s", str(script), base_url],
            capture_output=True,
            text=True,
            timeout=seconds + 30,
            check=True,
        ).stdout
        for line in out.splitlines():
            if line.startswith("Requests/sec:"):
                return float(line.split()[1])
        raise RuntimeError(f"unexpected wrk output:\n{out}")
    from benchmarks.loadclient import requests_per_second

    return requests_per_second(base_url, paths, seconds=seconds, connections=16)


@contextmanager
def local_site(root: Path) -> Iterator[str]:
    """The project's own server (`newsarchive serve`), in its own process."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsarchive", "serve", str(root)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        url = line.split(" on ", 1)[1].split()[0].rstrip("/")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# -- a seen-state of a given size ----------------------------------------------------------


def populated_state(folder: Path, articles: int) -> tuple[Path, float]:
    """A data dir whose seen-state holds `articles` archived articles of the demo site, none of
    them on the benchmark site, recorded one by one as the archive writer records them.
    Returns the folder and the seconds per article the inserts took."""
    from newsarchive.extract.processors import content_hash
    from newsarchive.seen.sqlite import SeenStore

    db = folder / "state" / "seen.sqlite3"
    marker = folder / "state" / f"populated-{articles}"
    if marker.exists():
        return folder, float(marker.read_text())
    if folder.exists():
        shutil.rmtree(folder)
    store = SeenStore(db)
    rng = random.Random(articles)
    origin = "http://demo.localhost"
    started = time.perf_counter()
    for i in range(articles):
        day = f"20{10 + i % 12:02d}{1 + i % 12:02d}{1 + i % 28:02d}"
        url = f"{origin}/dongtai/{day[:6]}/t{day}_{9_000_000 + i}.html"
        digest = content_hash(f"标题{i}", f"正文{rng.random()}")
        store.mark_archived(
            "demo",
            url,
            [url.replace(origin, "http://127.0.0.1:8000")],
            digest,
            published_at=f"{day[:4]}-{day[4:6]}-{day[6:]}",
        )
    took = (time.perf_counter() - started) / max(articles, 1)
    store.close()
    marker.write_text(f"{took:.9f}")
    return folder, took


def with_state(template: Path, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(template / "state", target / "state", ignore=shutil.ignore_patterns("pop*"))
    return target


# -- stage costs and hotspots ---------------------------------------------------------------


def stage_report(run: Run, bare: Run) -> list[str]:
    """Wall time per page of each stage (`benchmarks.stages`), and what is left for Scrapy."""
    fetched = int(run.stats.get("newsarchive/articles/fetched", 0)) or run.pages
    listings = int(run.stats.get("newsarchive/listing/pages", 0)) or 1
    lines = [
        f"stage costs in a crawl at full speed ({run.pages} pages: {listings} listing, "
        f"{fetched} article pages), wall time:",
        f"  {'stage':<36} {'µs/page':>9} {'per':>8} {'calls/page':>10} {'of crawl':>9}",
    ]
    ours = 0.0
    for label, value in run.stages.items():
        if label == GC_LABEL:
            continue
        per_name = UNITS.get(label, "article")
        per = {"listing": listings, "response": run.pages}.get(per_name, fetched)
        if value is None:
            lines.append(f"  {label:<36} {'(not found)':>9}")
            continue
        seconds, calls = value
        if not label.startswith(" "):
            ours += seconds
        lines.append(
            f"  {label:<36} {seconds / per * 1e6:>9.1f} {per_name:>8} {calls / per:>10.2f} "
            f"{seconds / run.elapsed:>9.1%}"
        )
    rest = run.elapsed - ours
    lines.append(
        f"  {'everything else (Scrapy, Twisted …)':<36} {rest / run.pages * 1e6:>9.1f} "
        f"{'any page':>8} {'':>10} {rest / run.elapsed:>9.1%}"
    )
    lines.append(
        f"  {'bare Scrapy, whole crawl':<36} {bare.elapsed / bare.pages * 1e6:>9.1f} "
        f"{'any page':>8}"
    )
    # the collector runs inside whichever stage allocated last: a part of the rows above
    for name, r in (("newsarchive", run), ("bare Scrapy", bare)):
        gc_time = r.stages.get(GC_LABEL)
        if gc_time:
            lines.append(
                f"  {'garbage collection, ' + name:<36} {gc_time[0] / r.pages * 1e6:>9.1f} "
                f"{'any page':>8} {gc_time[1] / r.pages:>10.2f} {gc_time[0] / r.elapsed:>9.1%}"
            )
    return lines


def hotspots(prof: Path, unprofiled: Run) -> tuple[float, list[dict[str, Any]]]:
    """Functions by own time under cProfile, with ms per page scaled to the unprofiled crawl
    (rough: the profiler slows Python code more than C code)."""
    stats = pstats.Stats(str(prof))
    total: float = stats.total_tt  # type: ignore[attr-defined]
    scale = unprofiled.elapsed / total if total else 1.0
    hot = []
    for (file, line, func), (cc, _nc, tt, ct, _c) in stats.stats.items():  # type: ignore[attr-defined]
        hot.append(
            {
                "function": f"{_short(file)}:{line}({func})",
                "calls_per_page": cc / unprofiled.pages,
                "own_ms_per_page": tt * scale / unprofiled.pages * 1000,
                "own_share": tt / total,
                "cum_share": ct / total,
            }
        )
    hot.sort(key=lambda h: -float(h["own_share"]))
    return total, hot


def _short(file: str) -> str:
    for mark in ("site-packages/", "/work/main/", "lib/python3.11/"):
        if mark in file:
            return file.split(mark, 1)[1]
    return file


# -- the comparison of every kind ------------------------------------------------------------

# in the table's order; the GNE and trafilatura spiders need the `bench` extra
VARIANTS = ("bare", "parsel", "trafilatura", "gne", "generic", "profiled", "strict", "warc")
# targets of the comparison: (kind, against, at least)
VARIANT_TARGETS = (
    ("generic", "bare", 0.40),
    ("generic", "gne", 2.0),
    ("generic", "trafilatura", 3.0),
    ("profiled", "bare", 0.60),
    ("strict", "bare", 0.60),
)
TARGET_RSS_OVER_BARE = 1.10


def compare(
    kinds: Sequence[str],
    base: str,
    work: Path,
    rounds: int,
    results: dict[str, Any],
    say: Callable[[str], None],
) -> dict[str, list[Run]]:
    """Every kind once a round, in a new order each round (a fixed shuffle), each crawl in
    its own process with a fresh data dir; the ratios are taken within each round."""
    runs: dict[str, list[Run]] = {k: [] for k in kinds}
    order = list(kinds)
    shuffle = random.Random(17)
    say("")
    say(f"{'round':<6} " + " ".join(f"{k:>11}" for k in kinds) + "   (pages/s)")
    for i in range(rounds):
        if i:
            shuffle.shuffle(order)
        for kind in order:
            data = work / f"data-{kind}"
            shutil.rmtree(data, ignore_errors=True)
            runs[kind].append(crawl(kind, base, data))
            shutil.rmtree(data, ignore_errors=True)
        say(f"{i + 1:<6} " + " ".join(f"{runs[k][-1].rate:>11.1f}" for k in kinds))
    lines = variant_table(runs)
    for line in lines:
        say(line)
    results["variants"] = {
        "rounds": rounds,
        "lines": lines,
        "runs": {
            k: [
                {
                    "pages": r.pages,
                    "elapsed": r.elapsed,
                    "cpu": r.cpu,
                    "maxrss_mb": r.maxrss_mb,
                    "records": r.records,
                    "finish_reason": r.finish_reason,
                }
                for r in v
            ]
            for k, v in runs.items()
        },
    }
    return runs


def _ratio(runs: dict[str, list[Run]], kind: str, against: str) -> float | None:
    """The median over rounds of kind's pages/s over `against`'s in the same round."""
    if kind not in runs or against not in runs:
        return None
    pairs = zip(runs[kind], runs[against], strict=True)
    return statistics.median(a.rate / b.rate for a, b in pairs if b.rate)


def variant_table(runs: dict[str, list[Run]]) -> list[str]:
    lines = [
        "",
        f"{'kind':<12} {'pages/s':>9} {'CPU µs/page':>12} {'peak RSS':>9} {'records':>8} "
        f"{'÷ bare':>7} {'÷ GNE':>7}",
    ]
    for kind, rs in runs.items():
        to_bare, to_gne = _ratio(runs, kind, "bare"), _ratio(runs, kind, "gne")
        lines.append(
            f"{kind:<12} {statistics.median(r.rate for r in rs):>9.1f} "
            f"{statistics.median(r.cpu_per_page for r in rs):>12,.0f} "
            f"{max(r.maxrss_mb for r in rs):>7.0f}MB {rs[-1].records:>8} "
            f"{'' if to_bare is None else f'{to_bare:.2f}':>7} "
            f"{'' if to_gne is None else f'{to_gne:.2f}':>7}"
        )
    lines.append(f"(medians over {len(next(iter(runs.values())))} rounds; ratios of pages/s)")
    for kind, against, target in VARIANT_TARGETS:
        ratio = _ratio(runs, kind, against)
        if ratio is not None:
            lines.append(
                f"{kind} / {against}: {ratio:.2f}   target >= {target}: {verdict(ratio >= target)}"
            )
    if "bare" in runs and "generic" in runs:
        bare_rss = statistics.median(r.maxrss_mb for r in runs["bare"])
        rss = statistics.median(r.maxrss_mb for r in runs["generic"])
        lines.append(
            f"peak RSS generic / bare: {rss:.0f} / {bare_rss:.0f} MB = {rss / bare_rss:.2f}   "
            f"target <= {TARGET_RSS_OVER_BARE}: {verdict(rss <= TARGET_RSS_OVER_BARE * bare_rss)}"
        )
    return lines


def variants_body(
    kinds: Sequence[str],
    base: str,
    work: Path,
    rounds: int,
    results: dict[str, Any],
    say: Callable[[str], None],
) -> None:
    """`--variants`: the comparison, then the generic crawl's stages against bare's."""
    compare(kinds, base, work, rounds, results, say)
    say("")
    data = work / "data-stages"
    shutil.rmtree(data, ignore_errors=True)
    timed = crawl("generic", base, data, timed=True)
    shutil.rmtree(data, ignore_errors=True)
    timed_bare = crawl("bare", base, work / "data-a", timed=True)
    shutil.rmtree(work / "data-a", ignore_errors=True)
    lines = stage_report(timed, timed_bare)
    for line in lines:
        say(line)
    results["stages"] = {"lines": lines, "raw": timed.stages, "elapsed": timed.elapsed}


# -- the report ----------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import scrapy

    return (
        f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, "
        f"Scrapy {scrapy.__version__}, {platform.system()} {platform.release()}"
    )


def site_for(work: Path, articles: int, seed: int, say: Callable[[str], None]) -> Path:
    root = work / f"site-{articles}-{seed}"
    manifest = root / sitegen.MANIFEST
    if manifest.is_file():
        m = sitegen.load_manifest(root)
        if m["articles"] == articles and m["seed"] == seed:
            return root
    started = time.perf_counter()
    m = sitegen.generate(root, articles, seed)
    say(
        f"generated {articles} articles ({m['unique']} unique, {m['listing_pages']} listing "
        f"pages, {m['files']} files, {m['bytes'] / 1e6:.0f} MB) in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return root


def _terminated(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.crawl", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--articles", type=int, help="site size (default 10000; quick 2000)")
    parser.add_argument("--pairs", type=int, help="bare/newsarchive pairs (default 5; quick 3)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="a small check: no profile, no RSS")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile run")
    parser.add_argument("--no-rss", action="store_true", help="skip the seen-state RSS runs")
    parser.add_argument("--no-warc", action="store_true", help="newsarchive without WARC")
    parser.add_argument("--server-seconds", type=float, help="per server ceiling (default 5)")
    parser.add_argument(
        "--work", type=Path, help="folder for sites, states and data dirs (default: a temp dir)"
    )
    parser.add_argument("--json", type=Path, help="also write every figure here as JSON")
    parser.add_argument(
        "--variants",
        action="store_true",
        help="compare every kind (bare, parsel, trafilatura, gne, newsarchive generic, "
        "profiled, strict, warc) in alternated rounds, then the generic crawl's stages; "
        "nothing else",
    )
    parser.add_argument(
        "--kinds", help=f"with --variants, the kinds to compare (default {','.join(VARIANTS)})"
    )
    parser.add_argument("--rounds", type=int, help="with --variants, rounds (default 5)")
    args = parser.parse_args(argv)
    # a plain kill must still take the crawl in flight and the servers down with it
    signal.signal(signal.SIGTERM, _terminated)
    articles = args.articles or (2_000 if args.quick else 10_000)
    pairs = args.pairs or (3 if args.quick else 5)
    do_profile = not (args.quick or args.no_profile)
    do_rss = not (args.quick or args.no_rss)
    server_seconds = args.server_seconds or (2.0 if args.quick else 5.0)
    if args.no_warc:
        CHILD_SETTINGS["NEWSARCHIVE_WARC"] = False
    tmp = None
    if args.work is None:
        tmp = tempfile.TemporaryDirectory(prefix="newsarchive-bench-")
        work = Path(tmp.name)
    else:
        work = args.work
        work.mkdir(parents=True, exist_ok=True)

    def say(text: str = "") -> None:
        print(text, flush=True)

    results: dict[str, Any] = {
        "machine": machine(),
        "articles": articles,
        "pairs": pairs,
        "warc": not args.no_warc,
    }
    say(f"machine: {results['machine']}")
    say(f"command: python -m benchmarks.crawl {' '.join(argv or sys.argv[1:])}".rstrip())
    try:
        root = site_for(work, articles, args.seed, say)
        manifest = sitegen.load_manifest(root)
        results["manifest"] = {k: v for k, v in manifest.items() if k != "dead_links"}
        say(
            f"site: {articles} articles, {manifest['unique']} unique, "
            f"{manifest['listing_pages']} listing pages, "
            f"mean page {manifest['bytes'] / manifest['files'] / 1024:.1f} KiB"
        )
        paths = _article_paths(root, 5000)
        with local_site(root) as url:
            local_rps = server_ceiling(url, paths, server_seconds, work)
        with fastserver.serve(root, max_seconds=SERVER_SECONDS) as base:
            fast_rps = server_ceiling(base, paths, server_seconds, work)
            results["server_rps"] = {"fastserver": fast_rps, "localsite": local_rps}
            say(
                f"server ceiling (16 connections, article pages): fastserver {fast_rps:,.0f} "
                f"req/s, newsarchive LocalSite {local_rps:,.0f} req/s"
            )
            if args.variants:
                kinds = args.kinds.split(",") if args.kinds else list(VARIANTS)
                variants_body(kinds, base, work, args.rounds or 5, results, say)
            else:
                body(args, work, root, base, manifest, pairs, do_rss, do_profile, results, say)
    finally:
        if args.json:
            args.json.write_text(json.dumps(results, indent=2, default=str) + "\n", "utf-8")
        if tmp is not None:
            tmp.cleanup()
    return 0


def body(
    args: argparse.Namespace,
    work: Path,
    root: Path,
    base: str,
    manifest: dict[str, Any],
    pairs: int,
    do_rss: bool,
    do_profile: bool,
    results: dict[str, Any],
    say: Callable[[str], None],
) -> None:
    say("")
    say(
        f"{'pair':<5} {'bare pages/s':>13} {'newsarchive pages/s':>20} {'b/a':>6} "
        f"{'bare RSS':>9} {'na RSS':>8} {'archived':>9}"
    )
    ratios: list[float] = []
    bare_runs: list[Run] = []
    na_runs: list[Run] = []
    last_dir = work / "data-b-last"
    for i in range(pairs):
        a = crawl("bare", base, work / "data-a")
        shutil.rmtree(work / "data-a", ignore_errors=True)
        data = work / f"data-b-{i}"
        shutil.rmtree(data, ignore_errors=True)
        b = crawl("newsarchive", base, data)
        if b.archived != manifest["unique"] or b.finish_reason != "finished":
            say(
                f"  warning: newsarchive archived {b.archived} of {manifest['unique']} "
                f"({b.finish_reason})"
            )
        if i == pairs - 1:
            shutil.rmtree(last_dir, ignore_errors=True)
            data.rename(last_dir)
        else:
            shutil.rmtree(data, ignore_errors=True)
        ratio = b.rate / a.rate
        ratios.append(ratio)
        bare_runs.append(a)
        na_runs.append(b)
        say(
            f"{i + 1:<5} {a.rate:>13.1f} {b.rate:>20.1f} {ratio:>6.2f} "
            f"{a.maxrss_mb:>7.0f}MB {b.maxrss_mb:>6.0f}MB {b.archived:>9}"
        )
    ratio = statistics.median(ratios)
    bare_rate = statistics.median(r.rate for r in bare_runs)
    na_rate = statistics.median(r.rate for r in na_runs)
    pages_match = {r.pages for r in bare_runs} == {r.pages for r in na_runs}
    results["throughput"] = {
        "bare_pages_per_s": bare_rate,
        "newsarchive_pages_per_s": na_rate,
        "ratio_median": ratio,
        "ratios": ratios,
        "pages": [r.pages for r in na_runs],
        "bare_pages": [r.pages for r in bare_runs],
        "bare_rss_mb": max(r.maxrss_mb for r in bare_runs),
        "newsarchive_rss_mb": max(r.maxrss_mb for r in na_runs),
    }
    say("")
    say(
        f"pages per crawl: {na_runs[0].pages} (bare {bare_runs[0].pages}"
        f"{', the same' if pages_match else ', DIFFERENT'})"
    )
    say(f"bare Scrapy (a):   {bare_rate:8.1f} pages/s  (median of {pairs})")
    say(f"newsarchive (b):   {na_rate:8.1f} pages/s  (median of {pairs})")
    ms = (1 / na_rate - 1 / bare_rate) * 1000
    say(
        f"ratio b/a:         {ratio:8.2f}  (median of {pairs} pairs; "
        f"newsarchive spends {ms:.2f} ms more per page)   "
        f"target >= {TARGET_RATIO}: {verdict(ratio >= TARGET_RATIO)}"
    )
    say(
        f"peak RSS:          bare {results['throughput']['bare_rss_mb']:.0f} MB, "
        f"newsarchive {results['throughput']['newsarchive_rss_mb']:.0f} MB"
    )
    if pairs < 5:
        say(f"  (only {pairs} pairs: the target asks for the median of at least 5)")

    # 2. incremental: the unchanged site again, on the last full crawl's data dir
    first = na_runs[-1]
    second = crawl("newsarchive", base, last_dir)
    share = second.wall / first.wall
    results["incremental"] = {
        "first_wall_s": first.wall,
        "first_crawl_s": first.elapsed,
        "second_wall_s": second.wall,
        "second_crawl_s": second.elapsed,
        "second_pages": second.pages,
        "second_archived": second.archived,
        "share": share,
    }
    say("")
    say(
        f"incremental run:   {second.pages} pages, {second.archived} new records, "
        f"{second.wall:.2f} s (crawl {second.elapsed:.2f} s) vs first run {first.wall:.1f} s "
        f"(crawl {first.elapsed:.1f} s) = {share:.1%} of the first run's process time   "
        f"target < {TARGET_INCREMENTAL:.0%}: {verdict(share < TARGET_INCREMENTAL)}"
    )
    if manifest["articles"] != 10_000:
        say(
            f"  (the target is stated for a 10,000-article site; this one has "
            f"{manifest['articles']})"
        )

    # 3. RSS against a seen-state of 10k and 100k archived articles
    if do_rss:
        say("")
        rss: dict[int, float] = {}
        for size in STATE_SIZES:
            template, per_insert = populated_state(work / f"state-{size}", size)
            data = with_state(template, work / f"data-state-{size}")
            run = crawl("newsarchive", base, data)
            rss[size] = run.maxrss_mb
            results.setdefault("rss", {})[str(size)] = {
                "maxrss_mb": run.maxrss_mb,
                "pages_per_s": run.rate,
                "archived": run.archived,
                "mark_archived_ms": per_insert * 1000,
            }
            say(
                f"seen-state of {size:>7,} archived: peak RSS {run.maxrss_mb:6.1f} MB, "
                f"{run.rate:6.1f} pages/s, {run.archived} archived "
                f"(state built at {per_insert * 1e6:.0f} µs per mark_archived)"
            )
            shutil.rmtree(data, ignore_errors=True)
        growth = rss[STATE_SIZES[1]] - rss[STATE_SIZES[0]]
        results["rss_growth_mb"] = growth
        say(
            f"peak RSS growth 10k -> 100k archived: {growth:+.1f} MB   "
            f"target < {TARGET_RSS_GROWTH_MB:.0f} MB: {verdict(growth < TARGET_RSS_GROWTH_MB)}"
        )

    # 4. where the time goes: stage timers, then one crawl under cProfile
    say("")
    data = work / "data-stages"
    shutil.rmtree(data, ignore_errors=True)
    timed = crawl("newsarchive", base, data, timed=True)
    shutil.rmtree(data, ignore_errors=True)
    timed_bare = crawl("bare", base, work / "data-a", timed=True)
    items = crawl("bare_items", base, work / "data-a")
    shutil.rmtree(work / "data-a", ignore_errors=True)
    lines = stage_report(timed, timed_bare)
    # against the untimed bare crawls: the timed one carries the timers' own cost
    bare_rate = results["throughput"]["bare_pages_per_s"]
    carry = (1 / items.rate - 1 / bare_rate) * 1e6
    lines.append(
        f"  bare Scrapy yielding one item per article, no pipeline: {items.rate:.1f} pages/s "
        f"({carry:+.0f} µs per page: what carrying an item costs Scrapy itself)"
    )
    for line in lines:
        say(line)
    results["stages"] = {"lines": lines, "raw": timed.stages, "elapsed": timed.elapsed}
    if do_profile:
        say("")
        prof = work / "newsarchive.prof"
        data = work / "data-profile"
        shutil.rmtree(data, ignore_errors=True)
        run = crawl("newsarchive", base, data, profile=prof)
        shutil.rmtree(data, ignore_errors=True)
        total, hot = hotspots(prof, na_runs[-1])
        say(
            f"hottest functions under cProfile ({total:.1f} s profiled, "
            f"x{total / na_runs[-1].elapsed:.1f} the unprofiled crawl): own time"
        )
        say(f"  {'share':>6} {'~ms/page':>8} {'calls/page':>10}  function")
        for h in hot[:25]:
            say(
                f"  {h['own_share']:>6.1%} {h['own_ms_per_page']:>8.3f} "
                f"{h['calls_per_page']:>10.1f}  {h['function']}"
            )
        results["profile"] = {"seconds": total, "hotspots": hot[:40], "pages": run.pages}


if __name__ == "__main__":
    raise SystemExit(main())
