"""Real crawls of the demo site in a subprocess, over HTTP on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsarchive.extract.processors import content_hash, matches_placeholder
from newsarchive.schema import record_validator
from newsarchive.server import LocalSite
from tests.conftest import demo_truth, demo_unarchived, read_jsonl, run_cli

pytestmark = pytest.mark.crawl

ORIGIN = "http://demo.localhost"
REPO = Path(__file__).resolve().parent.parent
FIRST_LISTINGS = {"/dongtai/index.html", "/yaowen/index.html", "/baozhi/index.html"}
LISTING_PATHS = {
    f"/{channel}/{page}"
    for channel in ("dongtai", "yaowen", "baozhi")
    for page in ("index.html", "index_1.html", "index_2.html")
}


def archive_lines(data: Path) -> list[dict[str, Any]]:
    files = sorted((data / "archive" / "demo").glob("*.jsonl"))
    return [record for f in files for record in read_jsonl(f)]


def as_expected(record: dict[str, Any], base: str) -> dict[str, Any]:
    """A crawled record in the form of tests/data/demo_expected.jsonl (paths, no crawled_at)."""
    out = {k: v for k, v in record.items() if k != "crawled_at"}
    for key in ("url", "listing_url"):
        assert out[key].startswith(base + "/"), out[key]
        out[key] = out[key][len(base) :]
    assert out["canonical_url"].startswith(ORIGIN + "/")
    out["canonical_url"] = out["canonical_url"][len(ORIGIN) :]
    return out


def expected_record(truth: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in truth.items() if k != "dup_group"}
    out["content_hash"] = content_hash(truth["title"], truth["body"])
    out["revision"] = 1
    out["warc_file"] = out["warc_record_id"] = None
    out["schema_version"] = 1
    return out


def check_archive(records: list[dict[str, Any]], base: str) -> None:
    validator = record_validator()
    for record in records:
        errors = [e.message for e in validator.iter_errors(record)]
        assert not errors, (record["url"], errors)
    got = {r["canonical_url"][len(ORIGIN) :]: as_expected(r, base) for r in records}
    assert len(got) == len(records), "a canonical URL was archived twice"
    hashes = [r["content_hash"] for r in records]
    assert len(set(hashes)) == len(hashes), "the same text was archived twice"

    groups: dict[str, list[dict[str, Any]]] = {}
    for truth in demo_truth():
        if truth["dup_group"]:
            groups.setdefault(truth["dup_group"], []).append(truth)
            continue
        assert got.pop(truth["canonical_url"], None) == expected_record(truth), truth["url"]
    for name, members in groups.items():
        present = [m for m in members if m["canonical_url"] in got]
        assert len(present) == 1, f"duplicate group {name}: archived {len(present)} times"
        record = got.pop(present[0]["canonical_url"])
        expected = expected_record(present[0])
        # the same page may be linked from several rows; any of them is where it was found
        for key in ("listing_url", "listing_title"):
            record.pop(key)
            expected.pop(key)
        assert record == expected
    assert not got, f"records nobody expected: {sorted(got)}"
    for record in records:
        assert matches_placeholder(record["title"], record["body"]) is None


def test_demo_crawl_end_to_end_and_incremental(tmp_path: Path) -> None:
    data = tmp_path / "data"
    unarchived = demo_unarchived()
    with LocalSite(REPO / "data" / "demo_site") as site:
        first = run_cli("crawl", "demo", "--base-url", site.url, "--data-dir", str(data))
        assert first.returncode == 0, first.stderr[-4000:]
        check_archive(archive_lines(data), site.url)
        fetched = set(site.requests)
        for path in unarchived["placeholder_rows"]:
            assert path not in fetched, f"placeholder row {path} was requested"
        for path in unarchived["dead"] + unarchived["truncated"] + unarchived["placeholder_pages"]:
            assert path in fetched
        [run] = read_jsonl(data / "state" / "runs.jsonl")
        assert run["dropped"] == {
            "duplicate/content": 2,
            "invalid/truncated": 1,
            "placeholder/deleted": 1,
        }
        assert run["skipped"]["placeholder/cleared"] == 3
        assert run["records_written"] == len(archive_lines(data))
        assert run["failed"] == {"http_404": 1}
        assert "records written 43" in first.stdout

        files = sorted((data / "archive" / "demo").glob("*.jsonl"))
        before = {f: f.read_bytes() for f in files}
        count = len(site.requests)
        second = run_cli("crawl", "demo", "--base-url", site.url, "--data-dir", str(data))
        assert second.returncode == 0, second.stderr[-4000:]
        again = site.requests[count:]
        # incremental: every first listing page holds only known rows, so nothing further
        assert sorted(again) == sorted(FIRST_LISTINGS | {"/robots.txt"})
        assert "records written 0" in second.stdout

        count = len(site.requests)
        full = run_cli("crawl", "demo", "--full", "--base-url", site.url, "--data-dir", str(data))
        assert full.returncode == 0, full.stderr[-4000:]
        # a full pass also tries again what may have been mended: placeholders, cut-off pages
        retried = set(unarchived["placeholder_pages"] + unarchived["truncated"])
        assert set(site.requests[count:]) == LISTING_PATHS | {"/robots.txt"} | retried
    after = sorted((data / "archive" / "demo").glob("*.jsonl"))
    # a second run on another day would open a new file: it must be empty or absent
    for f in after:
        assert f.read_bytes() == before.get(f, b"")


def test_demo_crawl_starts_its_own_server_and_honours_newsarchive_data(tmp_path: Path) -> None:
    data = tmp_path / "elsewhere"
    result = run_cli("crawl", "demo", env={"NEWSARCHIVE_DATA": str(data)})
    assert result.returncode == 0, result.stderr[-4000:]
    records = archive_lines(data)
    assert len(records) == len([t for t in demo_truth() if not t["dup_group"]]) + 1
    assert (data / "state" / "seen.sqlite3").exists()


def test_scrapy_list_and_scrapy_crawl_use_the_same_spiders(tmp_path: Path) -> None:
    listed = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr[-2000:]
    assert "demo" in listed.stdout.split()
    data = tmp_path / "data"
    crawled = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "demo", "-s", f"NEWSARCHIVE_DATA_DIR={data}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert crawled.returncode == 0, crawled.stderr[-2000:]
    assert len(archive_lines(data)) == len([t for t in demo_truth() if not t["dup_group"]]) + 1
