"""Shared crawls: scrapy-redis workers over one frontier and one seen-state in Redis."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from benchmarks.sitegen import generate
from newsarchive.server import LocalSite
from tests.conftest import read_jsonl, run_cli
from tests.mockserver import redis_server

ARTICLES = 2000
FAST = ["-s", "NEWSARCHIVE_REDIS_IDLE=2", "-s", "NEWSARCHIVE_REDIS_HEARTBEAT=0.5"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """NEWSARCHIVE_TEST_REDIS_URL (CI starts one), else a redis-server of our own."""
    given = os.environ.get("NEWSARCHIVE_TEST_REDIS_URL")
    if given:
        yield given.rstrip("/")
        return
    if shutil.which("redis-server") is None:
        pytest.skip("no Redis: install Debian's redis-server or set NEWSARCHIVE_TEST_REDIS_URL")
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalSite, dict[str, Any]]]:
    root = tmp_path_factory.mktemp("site")
    manifest = generate(root, ARTICLES, seed=11)
    with LocalSite(root) as served:
        yield served, manifest


def db(url: str, n: int) -> str:
    redis.Redis.from_url(f"{url}/{n}").flushdb()
    return f"{url}/{n}"


def worker(served: LocalSite, data: Path, url: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "newsarchive",
        "crawl",
        "demo",
        "--redis",
        url,
        "--base-url",
        served.url,
        "--data-dir",
        str(data),
        *FAST,
    ]


def records(data: Path) -> list[dict[str, Any]]:
    return [r for f in sorted((data / "archive" / "demo").glob("*.jsonl")) for r in read_jsonl(f)]


def texts(rows: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    return {r["content_hash"]: (r["title"], r["body"]) for r in rows}


@pytest.fixture(scope="module")
def alone(
    site: tuple[LocalSite, dict[str, Any]], redis_url: str, tmp_path_factory: pytest.TempPathFactory
) -> list[dict[str, Any]]:
    served, manifest = site
    data = tmp_path_factory.mktemp("alone")
    result = subprocess.run(
        worker(served, data, db(redis_url, 1)),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    rows = records(data)
    assert len(rows) == manifest["unique"]
    return rows


@pytest.mark.crawl
def test_one_worker_archives_the_whole_site(alone: list[dict[str, Any]]) -> None:
    canon = [r["canonical_url"] for r in alone]
    assert len(canon) == len(set(canon))


@pytest.mark.crawl
def test_two_workers_write_together_exactly_what_one_writes_alone(
    site: tuple[LocalSite, dict[str, Any]],
    redis_url: str,
    tmp_path: Path,
    alone: list[dict[str, Any]],
) -> None:
    served, _ = site
    url = db(redis_url, 2)
    procs = [
        subprocess.Popen(
            worker(served, tmp_path, url), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    files = sorted((tmp_path / "archive" / "demo").glob("*.jsonl"))
    assert len(files) == 2, files  # one file per worker
    assert all(read_jsonl(f) for f in files), "a worker did no work"
    together = records(tmp_path)
    assert len(together) == len(alone)
    assert texts(together) == texts(alone)
    canon = [r["canonical_url"] for r in together]
    assert len(canon) == len(set(canon)), "an article was archived twice"
    [combined] = read_jsonl(tmp_path / "state" / "runs.jsonl")  # one summary for the crawl
    assert combined["records_written"] == len(together)
    assert len(combined["workers"]) == 2 and combined["finish_reason"] == "finished"


@pytest.mark.crawl
def test_a_worker_killed_part_way_loses_nothing(
    site: tuple[LocalSite, dict[str, Any]],
    redis_url: str,
    tmp_path: Path,
    alone: list[dict[str, Any]],
) -> None:
    served, _ = site
    url = db(redis_url, 3)
    slow = ["-s", "DOWNLOAD_DELAY=0.01", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"]
    victim = subprocess.Popen(
        [*worker(served, tmp_path, url), *slow],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)
    survivor = subprocess.Popen(
        worker(served, tmp_path, url), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 120
    mine = tmp_path / "archive" / "demo"
    while time.monotonic() < deadline and victim.poll() is None:
        lines = sum(f.read_bytes().count(b"\n") for f in mine.glob("*-1.jsonl"))
        if lines >= 100:
            break
        time.sleep(0.01)
    assert victim.poll() is None, "the worker finished before it could be killed"
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    _, err = survivor.communicate(timeout=600)
    assert survivor.returncode == 0, err[-3000:]
    # once the dead worker's heartbeat has lapsed (6 beats), the next run (one worker) finds
    # the last one incomplete (or abandoned) and paginates everything
    time.sleep(6 * 0.5 + 1)
    after = run_cli(
        "crawl",
        "demo",
        "--redis",
        url,
        "--base-url",
        served.url,
        "--data-dir",
        str(tmp_path),
        *FAST,
    )
    assert after.returncode == 0, after.stderr[-3000:]
    assert (
        json.loads((tmp_path / "state" / "runs.jsonl").read_text().splitlines()[-1])["mode"]
        == "resume"
    )
    together = records(tmp_path)
    assert texts(together) == texts(alone)
    canon = [r["canonical_url"] for r in together]
    assert len(canon) == len(set(canon)), "an article was archived twice"


@pytest.mark.crawl
def test_a_bad_redis_url_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("crawl", "demo", "--redis", "http://nope", "--data-dir", str(tmp_path))
    assert result.returncode == 2 and "redis://" in result.stderr
    down = run_cli(
        "crawl",
        "demo",
        "--redis",
        f"redis://127.0.0.1:{_free_port()}/0",
        "--data-dir",
        str(tmp_path),
    )
    assert down.returncode == 1 and "cannot reach Redis" in down.stderr
    assert down.stderr.count("\n") == 1


def test_two_workers_holding_one_article_write_it_once(redis_url: str) -> None:
    from newsarchive.seen.redis import RedisRun, RedisSeenStore

    url = db(redis_url, 4)
    run = RedisRun.join(url, "demo")
    first, second = RedisSeenStore(run), RedisSeenStore(RedisRun.open(url, "demo", run.id))
    first.worker, second.worker = "w-1", "w-2"
    canon = "http://demo.localhost/a/1.html"
    # same canonical URL, same text: both own the fingerprint, only one may write
    assert first.claim_content("demo", "h1", canon) == canon
    assert second.claim_content("demo", "h1", canon) == canon
    assert first.claim_version("demo", canon, 1) is True
    assert second.claim_version("demo", canon, 1) is False
    # a claim does not outlive its run: the next run may write what a dead worker claimed
    run.end(complete=False)
    later = RedisSeenStore(RedisRun.join(url, "demo"))
    assert later.claim_version("demo", canon, 1) is True


@pytest.mark.crawl
def test_two_workers_crawl_a_site_from_the_users_list(
    redis_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A site listed in sites.toml (full URLs, no base URL) is shared by workers like a
    built-in one: one file each, every article once, one combined run summary."""
    root = tmp_path_factory.mktemp("listed")
    manifest = generate(root, 100, seed=5)
    data = tmp_path_factory.mktemp("listed-data")
    url = db(redis_url, 5)
    client = redis.Redis.from_url(url, decode_responses=True)

    def both_in(handler: object, path: str) -> bool:
        # no page is served until both workers have entered the run: on a loaded machine
        # the first could otherwise crawl this small site alone before the second starts
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            run = client.get("newsarchive:county-a:run")
            if run and client.scard(f"newsarchive:county-a:run:{run}:workers") >= 2:
                break
            time.sleep(0.05)
        # a page takes a moment to serve, as on any real server: otherwise the worker that
        # pops first can fetch and archive this small site before the other's first request
        # is answered, and then only one file is written (seen once the extraction got faster)
        time.sleep(0.02)
        return False

    with LocalSite(root, intercept=both_in) as served:
        (data / "sites.toml").write_text(
            "[sites.county-a]\n"
            'name = "甲县人民政府"\n'
            f'start_urls = ["{served.url}/dongtai/index.html", "{served.url}/yaowen/index.html",'
            f' "{served.url}/baozhi/index.html"]\n',
            "utf-8",
        )
        # two requests at a time a worker: the first to start cannot take all three listing
        # pages, so the queue still holds work when the second one's engine first asks for
        # some. A worker that finds it empty then asks again only at its engine's 5-second
        # heartbeat, by when the first can have crawled this small site alone (seen once the
        # extraction got faster still)
        cmd = [sys.executable, "-m", "newsarchive", "crawl", "county-a", "--redis", url,
               "--data-dir", str(data), *FAST, "-s", "DOWNLOAD_DELAY=0",
               "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS=2"]  # fmt: skip
        procs = [
            subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    files = sorted((data / "archive" / "county-a").glob("*.jsonl"))
    assert len(files) == 2, files
    together = [r for f in files for r in read_jsonl(f)]
    canon = [r["canonical_url"] for r in together]
    assert len(canon) == len(set(canon)) == manifest["unique"]
    assert {r["site"] for r in together} == {"county-a"}
    [combined] = read_jsonl(data / "state" / "runs.jsonl")
    assert combined["records_written"] == len(together)
    assert len(combined["workers"]) == 2 and combined["health"] == []
