"""Cron-grade operation against the demo site: revisions, locks, kills, summaries, health."""

from __future__ import annotations

import json
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from newsarchive.datadir import DataDir
from newsarchive.extensions.guard import SiteLock
from newsarchive.server import LocalSite, demo_site_root
from tests.conftest import demo_truth, read_jsonl, run_cli
from tests.test_crawl_e2e import archive_lines, check_archive

pytestmark = pytest.mark.crawl

SLOW = ["-s", "DOWNLOAD_DELAY=0.03", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]


def crawl(site: LocalSite, data: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_cli("crawl", "demo", "--base-url", site.url, "--data-dir", str(data), *extra)


def runs(data: Path) -> list[dict[str, Any]]:
    return read_jsonl(data / "state" / "runs.jsonl")


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(demo_site_root(), root)
    return root


def first_yaowen_article(root: Path) -> Path:
    """A page on the first 要闻 listing page with no duplicate elsewhere on the site."""
    [truth, *_] = [
        t for t in demo_truth() if t["listing_url"] == "/yaowen/index.html" and not t["dup_group"]
    ]
    return root / truth["url"].lstrip("/")


def test_a_recent_article_that_changed_gets_a_new_revision(site_copy: Path, tmp_path: Path) -> None:
    page = first_yaowen_article(site_copy)
    today = datetime.now(UTC)
    html = re.sub(
        r"于\d{4}年\d{2}月\d{2}日发表",
        today.strftime("于%Y年%m月%d日发表"),
        page.read_text("utf-8"),
    )
    page.write_text(html, "utf-8")
    data = tmp_path / "data"
    with LocalSite(site_copy) as site:
        assert crawl(site, data).returncode == 0
        [before] = [r for r in archive_lines(data) if r["url"].endswith(page.name)]
        page.write_text(html.replace("</p>", "（更新）</p>", 1), "utf-8")
        second = crawl(site, data)
        assert second.returncode == 0, second.stderr[-3000:]
        third = crawl(site, data)
    after = [r for r in archive_lines(data) if r["canonical_url"] == before["canonical_url"]]
    assert [r["revision"] for r in after] == [1, 2]
    assert after[1]["content_hash"] != before["content_hash"]
    assert "（更新）" in after[1]["body"] and after[0] == before
    assert runs(data)[1]["records_written"] == 1
    # rechecked again the day after, unchanged: dropped with a reason, nothing written
    assert runs(data)[2]["dropped"] == {"revision/unchanged": 1}
    assert third.returncode == 0


def test_second_crawl_of_a_locked_site_exits_3_at_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    lock = SiteLock(DataDir(data), "demo")
    assert lock.acquire()
    try:
        with LocalSite(demo_site_root()) as site:
            result = crawl(site, data)
            assert result.returncode == 3
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and "already being crawled" in lines[0], result.stderr
            assert site.requests == [], "a locked crawl fetched something"
    finally:
        lock.release()
    assert not (data / "archive").exists()


def test_a_stale_lock_file_does_not_block(tmp_path: Path) -> None:
    data = tmp_path / "data"
    stale = data / "state" / "locks" / "demo.lock"
    stale.parent.mkdir(parents=True)
    stale.write_text('{"pid": 999999, "since": "2020-01-01T00:00:00+00:00"}\n')
    with LocalSite(demo_site_root()) as site:
        assert crawl(site, data).returncode == 0


def kill_after(cmd: list[str], archive: Path, lines: int) -> None:
    """Start a crawl and SIGKILL it once the archive holds at least `lines` lines."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            files = list(archive.glob("*.jsonl"))
            if files and sum(f.read_bytes().count(b"\n") for f in files) >= lines:
                break
            time.sleep(0.005)
        assert proc.poll() is None, "the crawl ended before it could be killed"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


@pytest.mark.parametrize("lines", [1, 12, 30])
def test_sigkill_part_way_then_the_next_run_archives_exactly_what_was_missing(
    tmp_path: Path, lines: int
) -> None:
    data = tmp_path / "data"
    with LocalSite(demo_site_root()) as site:
        cmd = [
            sys.executable,
            "-m",
            "newsarchive",
            "crawl",
            "demo",
            "--base-url",
            site.url,
            "--data-dir",
            str(data),
            *SLOW,
        ]
        kill_after(cmd, data / "archive" / "demo", lines)
        killed = archive_lines(data)
        assert len(killed) >= lines
        assert runs(data) == [] if (data / "state" / "runs.jsonl").exists() else True
        after = crawl(site, data)
        assert after.returncode == 0, after.stderr[-3000:]
        assert runs(data)[-1]["mode"] == "resume"
        records = archive_lines(data)
        assert records[: len(killed)] == killed, "the killed run's lines were changed"
        check_archive(records, site.url)
    db = sqlite3.connect(data / "state" / "seen.sqlite3")
    [(archived,)] = db.execute("SELECT COUNT(*) FROM articles WHERE site='demo'").fetchall()
    assert archived == len(records), "the seen-state and the archive disagree"


def test_a_torn_last_line_is_set_aside_and_the_archive_is_whole_lines(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with LocalSite(demo_site_root()) as site:
        assert crawl(site, data).returncode == 0
        [path] = (data / "archive" / "demo").glob("*.jsonl")
        whole = path.read_bytes()
        torn = whole.splitlines(keepends=True)[0][:57]
        path.write_bytes(whole + torn)
        result = crawl(site, data)
    assert result.returncode == 0, result.stderr[-3000:]
    assert path.read_bytes() == whole
    [aside] = (data / "state" / "torn" / "demo").iterdir()
    assert aside.read_bytes() == torn
    assert runs(data)[-1]["recovered"]["torn"] == [str(aside)]
    assert "torn lines set aside" in result.stdout


def test_lines_the_seen_state_missed_are_recorded_not_fetched_again(tmp_path: Path) -> None:
    """A kill between writing a line and recording it: the archive is the truth."""
    first, second = tmp_path / "a", tmp_path / "b"
    with LocalSite(demo_site_root()) as site:
        assert crawl(site, first).returncode == 0
        shutil.copytree(first / "archive", second / "archive")  # archive without its state
        count = len(site.requests)
        result = crawl(site, second, "--full")
        fetched = site.requests[count:]
    assert result.returncode == 0
    assert runs(second)[-1]["recovered"]["lines"] == len(archive_lines(first))
    assert archive_lines(second) == archive_lines(first)
    archived = {urlsplit(r["url"]).path for r in archive_lines(first)}
    assert not archived & set(fetched), "archived articles were fetched again"


def test_run_summary_line_and_log_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with LocalSite(demo_site_root()) as site:
        result = crawl(site, data)
    [run] = runs(data)
    for key in (
        "site",
        "start",
        "end",
        "pages_fetched",
        "records_written",
        "dropped",
        "errors",
        "finish_reason",
        "health",
        "mode",
    ):
        assert key in run
    assert run["site"] == "demo" and run["finish_reason"] == "finished"
    assert run["pages_fetched"] == 58 and run["errors"] == 0
    assert result.stdout.startswith("demo: finished (incremental pass)")
    assert "\r" not in result.stderr, "no progress line without a terminal"
    [log] = (data / "logs" / "demo").glob("*.log")
    text = log.read_text("utf-8")
    assert "crawling demo (incremental pass)" in text and "Spider closed (finished)" in text


def test_a_layout_change_fails_the_health_check_with_exit_4(tmp_path: Path) -> None:
    data = tmp_path / "data"
    history = {
        "site": "demo",
        "finish_reason": "finished",
        "listing_rows": 50,
        "articles_fetched": 47,
        "records_written": 43,
        "fields": {"author": 43, "editor": 43, "published_at": 43, "section": 43},
        "placeholders": 3,
        "fffd": 0,
    }
    (data / "state").mkdir(parents=True)
    (data / "state" / "runs.jsonl").write_text((json.dumps(history) + "\n") * 3)
    with LocalSite(demo_site_root()) as site:
        result = crawl(site, data)
    assert result.returncode == 4, result.stdout
    assert "field_missing: editor" in result.stdout
    assert any(h.startswith("field_missing: editor") for h in runs(data)[-1]["health"])


def test_a_crawl_that_cannot_reach_its_site_exits_1(tmp_path: Path) -> None:
    with LocalSite(demo_site_root()) as site:
        url = site.url
    result = run_cli(
        "crawl", "demo", "--base-url", url, "--data-dir", str(tmp_path), "-s", "RETRY_TIMES=0"
    )
    assert result.returncode == 1, result.stdout + result.stderr[-2000:]


def test_a_terminal_gets_a_live_progress_line(tmp_path: Path) -> None:
    import os
    import pty

    primary, secondary = pty.openpty()
    # the cron line's `--all`: the sites the data dir's list names
    (tmp_path / "sites.toml").write_text("[sites.demo]\n", "utf-8")
    with LocalSite(demo_site_root()) as site:
        cmd = [
            sys.executable,
            "-m",
            "newsarchive",
            "crawl",
            "--all",
            "--base-url",
            site.url,
            "--data-dir",
            str(tmp_path),
            *SLOW,
            "-s",
            "NEWSARCHIVE_PROGRESS_INTERVAL=0.1",
        ]
        proc = subprocess.run(
            cmd, stderr=secondary, stdout=subprocess.PIPE, timeout=120, check=False
        )
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(primary)
    assert proc.returncode == 0
    assert re.search(rb"\r\x1b\[Kdemo: \d+ pages, \d+ records, [\d.]+ pages/s", seen), seen[-300:]


def test_a_bad_line_past_the_recorded_offset_does_not_stop_recovery(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with LocalSite(demo_site_root()) as site:
        assert crawl(site, data).returncode == 0
        [path] = (data / "archive" / "demo").glob("*.jsonl")
        lines = path.read_bytes().splitlines(keepends=True)
        # as if the last three lines had been written and not recorded before a kill, with a
        # line that is JSON but no record in front of them
        db = sqlite3.connect(data / "state" / "seen.sqlite3")
        keep = sum(len(x) for x in lines[:-3])
        for line in lines[-3:]:
            canon = json.loads(line)["canonical_url"]
            db.execute("DELETE FROM articles WHERE canonical_url=?", (canon,))
            db.execute("DELETE FROM urls WHERE url=?", (canon,))
        db.execute("UPDATE archive_files SET synced=?", (keep,))
        db.commit()
        db.close()
        bad = b'{"canonical_url": null, "content_hash": "abc", "revision": "2a"}\n'
        path.write_bytes(b"".join(lines[:-3]) + bad + b"".join(lines[-3:]))
        count = len(site.requests)
        result = crawl(site, data)
        fetched = site.requests[count:]
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert runs(data)[-1]["recovered"]["lines"] == 3
    assert runs(data)[-1]["records_written"] == 0
    assert set(fetched) <= {
        "/robots.txt",
        "/dongtai/index.html",
        "/yaowen/index.html",
        "/baozhi/index.html",
    }


def test_a_restored_placeholder_is_archived_by_the_next_full_pass(
    site_copy: Path, tmp_path: Path
) -> None:
    page = site_copy / "dongtai/202208/t20220822_5009.html"
    data = tmp_path / "data"
    with LocalSite(site_copy) as site:
        assert crawl(site, data).returncode == 0
        html = page.read_text("utf-8")
        restored = "区民防办完成松江商城民防工程人防门维修养护及调试项目的采购工作，项目已开工。"
        page.write_text(html.replace("该信息已删除", restored), "utf-8")
        assert crawl(site, data).returncode == 0  # incremental: left alone
        assert not [r for r in archive_lines(data) if r["url"].endswith(page.name)]
        assert crawl(site, data, "--full").returncode == 0
    [record] = [r for r in archive_lines(data) if r["url"].endswith(page.name)]
    assert record["body"] == restored
