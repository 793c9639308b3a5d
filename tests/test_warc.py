"""Raw WARC beside the JSONL: valid files, rotation, kills, and offline re-extraction."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from newsarchive.datadir import DataDir
from newsarchive.server import LocalSite, demo_site_root
from newsarchive.warc.reader import iter_responses
from tests.conftest import read_jsonl, run_cli
from tests.test_crawl_e2e import archive_lines
from tests.test_cron import kill_after

SLOW = ["-s", "DOWNLOAD_DELAY=0.03", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]


def warcs(data: Path) -> list[Path]:
    return sorted((data / "warc" / "demo").glob("*"))


def full_read(path: Path) -> dict[str, tuple[str, str]]:
    """Every record read to its end (warcio check alone misses a cut gzip member)."""
    records = {}
    with path.open("rb") as f:
        for record in ArchiveIterator(f):
            record.content_stream().read()
            records[record.rec_headers.get_header("WARC-Record-ID")] = (
                record.rec_type,
                record.rec_headers.get_header("WARC-Target-URI"),
            )
    return records


def check_warcs(data: Path) -> dict[str, tuple[str, str]]:
    files = warcs(data)
    assert files and all(f.name.endswith(".warc.gz") for f in files), files
    for path in files:
        check = subprocess.run(
            [sys.executable, "-m", "warcio.cli", "check", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert check.returncode == 0, check.stdout + check.stderr
        index = subprocess.run(
            [sys.executable, "-m", "warcio.cli", "index", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert index.returncode == 0, index.stderr
    records: dict[str, tuple[str, str]] = {}
    for path in files:
        for record_id, value in full_read(path).items():
            records[record_id] = (path.name, *value)  # type: ignore[assignment]
    return records


def check_references(data: Path, records: dict[str, Any]) -> None:
    lines = archive_lines(data)
    assert lines
    for line in lines:
        name, kind, url = records[line["warc_record_id"]]
        assert line["warc_file"] == f"warc/demo/{name}"
        assert kind == "response" and url == line["url"]


@pytest.mark.crawl
def test_crawl_with_warc_writes_valid_files_that_records_point_into(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with LocalSite(demo_site_root()) as site:
        result = run_cli("crawl", "demo", "--warc", "--base-url", site.url, "--data-dir", str(data))
        requests = len(site.requests)
    assert result.returncode == 0, result.stderr[-3000:]
    records = check_warcs(data)
    kinds = [kind for _, kind, _ in records.values()]
    assert kinds.count("response") == kinds.count("request") == requests
    assert kinds.count("warcinfo") == 1
    check_references(data, records)


@pytest.mark.crawl
def test_warc_files_rotate_by_size(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with LocalSite(demo_site_root()) as site:
        result = run_cli(
            "crawl",
            "demo",
            "--warc",
            "--base-url",
            site.url,
            "--data-dir",
            str(data),
            "-s",
            "NEWSARCHIVE_WARC_MAX_SIZE=40000",
        )
    assert result.returncode == 0
    assert len(warcs(data)) >= 4
    check_references(data, check_warcs(data))


@pytest.mark.crawl
def test_a_killed_warc_crawl_leaves_files_the_next_run_repairs(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with LocalSite(demo_site_root()) as site:
        cmd = [
            sys.executable,
            "-m",
            "newsarchive",
            "crawl",
            "demo",
            "--warc",
            "--base-url",
            site.url,
            "--data-dir",
            str(data),
            *SLOW,
        ]
        kill_after(cmd, data / "archive" / "demo", 10)
        [left] = warcs(data)
        assert left.name.endswith(".warc.gz.open")
        with left.open("ab") as f:
            f.write(b"\x1f\x8b\x08\x00half a gzip member")  # a record cut mid-write
        again = run_cli("crawl", "demo", "--warc", "--base-url", site.url, "--data-dir", str(data))
    assert again.returncode == 0, again.stderr[-3000:]
    assert not [f for f in warcs(data) if f.name.endswith(".open")]
    check_references(data, check_warcs(data))
    [run] = [r for r in read_jsonl(data / "state" / "runs.jsonl") if r["recovered"].get("warc")]
    assert run["recovered"]["warc"] == [str(data / "warc" / "demo" / left.name[: -len(".open")])]
    assert list((data / "state" / "torn" / "demo").glob("*.warc.gz.open.*"))


@pytest.mark.crawl
def test_reextract_gives_back_the_crawls_own_archive(tmp_path: Path) -> None:
    data, again = tmp_path / "data", tmp_path / "again"
    with LocalSite(demo_site_root()) as site:
        assert (
            run_cli(
                "crawl", "demo", "--warc", "--base-url", site.url, "--data-dir", str(data)
            ).returncode
            == 0
        )
    # offline: the server is gone
    result = run_cli("reextract", *map(str, warcs(data)), "--out", str(again))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "43 records written" in result.stdout

    def strip(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {
            r["canonical_url"]: {k: v for k, v in r.items() if k != "crawled_at"} for r in records
        }

    assert strip(archive_lines(again)) == strip(archive_lines(data))


def test_reextract_refuses_what_is_not_a_warc(tmp_path: Path) -> None:
    bogus = tmp_path / "x.warc.gz"
    bogus.write_text("not a warc")
    result = run_cli("reextract", str(bogus), "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "x.warc.gz" in result.stderr
    missing = run_cli("reextract", str(tmp_path / "nope.warc.gz"), "--out", str(tmp_path / "o"))
    assert missing.returncode == 2 and "no such WARC file" in missing.stderr


@pytest.mark.crawl
def test_reextract_names_a_corrupt_warc_instead_of_stopping_quietly(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with LocalSite(demo_site_root()) as site:
        assert (
            run_cli(
                "crawl", "demo", "--warc", "--base-url", site.url, "--data-dir", str(data)
            ).returncode
            == 0
        )
    [path] = warcs(data)
    raw = path.read_bytes()
    middle = len(raw) // 2
    path.write_bytes(raw[:middle] + b"\x00" * 200 + raw[middle + 200 :])
    result = run_cli("reextract", str(path), "--out", str(tmp_path / "again"))
    assert result.returncode == 2, result.stdout + result.stderr[-2000:]
    assert path.name in result.stderr and result.stderr.strip().count("\n") == 0
    assert not list((tmp_path / "again").rglob("*.jsonl")), "part of a corrupt WARC was replayed"
    # warcio only prints a bad member's zlib error and reads on, so wherever the damage falls
    # (headers, payload, a CRC) the file must be refused before a single response comes out
    for step in range(1, 40):
        at = len(raw) * step // 40
        path.write_bytes(raw[:at] + b"\x00" * 200 + raw[at + 200 :])
        with pytest.raises(ValueError, match="corrupt or cut gzip member"):
            next(iter_responses([path], "demo"))
    path.write_bytes(raw[: len(raw) - 7])
    with pytest.raises(ValueError, match="corrupt or cut gzip member"):
        next(iter_responses([path], "demo"))
    path.write_bytes(raw)
    assert sum(1 for _ in iter_responses([path], "demo")) > 0


def _write_warc(path: Path, n: int) -> list[int]:
    """A gzipped WARC of `n` response records; the offset where each record starts."""
    import io
    import random

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(7)
    starts = []
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        for i in range(n):
            starts.append(f.tell())
            payload = "".join(rng.choice("abcdefgh ") for _ in range(3000)).encode()
            # with its length given, warcio digests without a temporary file
            fields = [("Content-Type", "text/html"), ("Content-Length", str(len(payload)))]
            headers = StatusAndHeaders("200 OK", fields, "HTTP/1.1")
            record = writer.create_warc_record(
                f"http://a.example/{i}",
                "response",
                payload=io.BytesIO(payload),
                http_headers=headers,
            )
            writer.write_record(record)
            record.raw_stream.close()  # warcio's digest buffer, a temporary file
    return starts


def test_repair_sets_aside_a_cut_tail_but_never_whole_records_after_damage(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from newsarchive.warc.repair import repair_open_files

    folder = tmp_path / "warc" / "demo"
    folder.mkdir(parents=True)
    # a kill: the last record cut short is set aside, the whole ones stay
    cut = folder / "2026-11-30.warc.gz.open"
    starts = _write_warc(cut, 20)
    raw = cut.read_bytes()
    cut.write_bytes(raw[: starts[-1] + 200])
    repair_open_files(DataDir(tmp_path), "demo")
    repaired = folder / "2026-11-30.warc.gz"
    assert repaired.read_bytes() == raw[: starts[-1]]
    assert sum(1 for _ in iter_responses([repaired], "demo")) == 19
    # damage inside the file is no kill: the whole records after it are not set aside
    repaired.unlink()
    damaged = folder / "2026-12-01.warc.gz.open"
    starts = _write_warc(damaged, 20)
    raw = damaged.read_bytes()
    at = starts[5] + 300
    damaged.write_bytes(raw[:at] + b"\x00" * 50 + raw[at + 50 :])
    repair_open_files(DataDir(tmp_path), "demo")
    kept = folder / "2026-12-01.warc.gz"
    assert kept.stat().st_size == len(raw)
    assert f"corrupt gzip member at byte {starts[5]}" in caplog.text
    with pytest.raises(ValueError, match=f"at byte {starts[5]} "):
        next(iter_responses([kept], "demo"))
