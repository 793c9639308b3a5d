"""The benchmark site generator: its manifest matches its files, and a real crawl of a small
generated site archives exactly the manifest's unique count. No timings asserted here."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from benchmarks.sitegen import MANIFEST, ROWS_PER_PAGE, generate
from newsarchive.extract.html import decode
from newsarchive.server import LocalSite
from tests.conftest import read_jsonl, run_cli

HREF = re.compile(r'<a href="([^"]+)"')
ROW = re.compile(r'<li><a href="([^"]+)" target="_blank">([^<]*)</a>')
NEXT = re.compile(r'<a class="next" href="([^"]+)">下一页</a>')
CHANNELS = ("dongtai", "yaowen", "baozhi")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("site1k")
    return root, generate(root, 1000, seed=0)


def _page(root: Path, path: str, headers: dict[str, dict[str, str]]) -> str:
    ctype = headers.get(path, {}).get("Content-Type")
    return decode((root / path.lstrip("/")).read_bytes(), {"Content-Type": ctype or "text/html"})


def _listing(root: Path, channel: str, headers: dict[str, dict[str, str]]) -> list[str]:
    """Every listing page of a channel, in 下一页 order, as text."""
    pages = []
    path: str | None = f"/{channel}/index.html"
    while path is not None:
        text = _page(root, path, headers)
        pages.append(text)
        m = NEXT.search(text)
        path = urljoin(path, m.group(1)) if m else None
    return pages


def test_manifest_matches_files(site: tuple[Path, dict[str, Any]]) -> None:
    root, manifest = site
    headers = json.loads((root / "_headers.json").read_text("utf-8"))
    assert json.loads((root / MANIFEST).read_text("utf-8")) == manifest
    assert manifest["articles"] == 1000
    kinds = manifest["breakdown"]
    assert sum(kinds.values()) == 1000
    assert manifest["unique"] == kinds["real"]
    assert (
        manifest["unique"]
        + manifest["placeholders"]
        + manifest["duplicates"]
        + manifest["dead"]
        + manifest["truncated"]
        == 1000
    )
    # about 2% placeholders and 3% duplicates
    assert 15 <= manifest["placeholders"] <= 25
    assert 25 <= manifest["duplicates"] <= 35

    rows: list[tuple[str, str]] = []
    listing_pages = 0
    for channel in CHANNELS:
        pages = _listing(root, channel, headers)
        listing_pages += len(pages)
        channel_rows = [r for text in pages for r in ROW.findall(text)]
        assert len(channel_rows) == manifest["channels"][channel]["articles"]
        assert all(len(ROW.findall(text)) <= ROWS_PER_PAGE for text in pages)
        rows.extend(channel_rows)
    assert len(rows) == manifest["articles"]
    assert listing_pages == manifest["listing_pages"]
    files = [p for p in root.rglob("*") if p.is_file() and not p.name.startswith("_")]
    assert (
        len(files) == manifest["files"]
    )  # the served files: _headers.json and the manifest are not
    assert sum(p.stat().st_size for p in files) == manifest["bytes"]

    placeholders = [t for _, t in rows if t.startswith("标题和内容已经清空")]
    assert len(placeholders) == kinds["placeholder_row"]
    tracking = [h for h, _ in rows if "utm_source=" in h]
    assert len(tracking) == kinds["dup_tracking"]
    assert len([h for h, _ in rows if h.startswith("/content/")]) == kinds["dup_second_path"]

    dead = set(manifest["dead_links"])
    assert len(dead) == manifest["dead"]
    missing = set()
    for href, _ in rows:
        path = urlsplit(href.replace("&amp;", "&")).path
        if not (root / path.lstrip("/")).is_file():
            missing.add(path)
    assert missing == dead


def test_pages_decode(site: tuple[Path, dict[str, Any]]) -> None:
    root, _ = site
    headers = json.loads((root / "_headers.json").read_text("utf-8"))
    gbk = list((root / "baozhi").rglob("*.htm*"))
    assert gbk
    meta_only = 0
    for file in gbk:
        path = "/" + file.relative_to(root).as_posix()
        declared = headers[path]["Content-Type"]
        meta_only += declared == "text/html"
        raw = file.read_bytes()
        raw.decode("gbk")  # strict: every byte is GBK
        text = decode(raw, {"Content-Type": declared})
        assert "示例日报" in text and "\ufffd" not in text
    assert meta_only  # some pages name their charset only in <meta>
    for file in list((root / "dongtai").rglob("t*.html"))[:50]:
        file.read_bytes().decode("utf-8")


def test_same_seed_same_site(tmp_path: Path, site: tuple[Path, dict[str, Any]]) -> None:
    root, manifest = site
    again = generate(tmp_path / "again", 1000, seed=0)
    assert again == manifest
    some = sorted((root / "yaowen").rglob("*.html"))[:20]
    for file in some:
        twin = tmp_path / "again" / file.relative_to(root)
        assert twin.read_bytes() == file.read_bytes()
    other = generate(tmp_path / "other", 1000, seed=1)
    assert other["unique"] == manifest["unique"]
    first = sorted((tmp_path / "other" / "yaowen").rglob("*.html"))[0]
    assert first.read_bytes() != some[0].read_bytes()


@pytest.mark.crawl
def test_crawl_archives_the_unique_count(tmp_path: Path) -> None:
    root = tmp_path / "site"
    manifest = generate(root, 300, seed=3)
    data = tmp_path / "data"
    with LocalSite(root) as served:
        result = run_cli(
            "crawl",
            "demo",
            "--base-url",
            served.url,
            "--data-dir",
            str(data),
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            "CONCURRENT_REQUESTS_PER_DOMAIN=16",
        )
    assert result.returncode == 0, result.stdout + result.stderr
    records = [r for f in (data / "archive" / "demo").glob("*.jsonl") for r in read_jsonl(f)]
    assert len(records) == manifest["unique"]
    assert len({r["canonical_url"] for r in records}) == manifest["unique"]
    assert len({r["content_hash"] for r in records}) == manifest["unique"]
    assert not any(r["title"].startswith("标题和内容已经清空") for r in records)


def test_the_article_benchmark_reads_every_page_and_digests_its_records(
    site: tuple[Path, dict[str, Any]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from benchmarks.article_pages import main

    root, manifest = site
    assert main([str(root), "--rounds", "1", "--digest", "--dump", str(tmp_path / "r")]) == 0
    out = capsys.readouterr().out
    assert re.search(r"generic: digest [0-9a-f]{16}, \d+ pages", out)
    assert re.search(r"profiled: \d+ µs a page", out)
    records = [json.loads(line) for line in (tmp_path / "r.generic.jsonl").read_text().splitlines()]
    titled = [r for r in records if r.get("title")]
    files = [p for p in root.rglob("*.htm*") if not p.name.startswith(("index", "_"))]
    assert len(records) == len(files) and len(titled) >= manifest["unique"]


def test_the_profile_without_fallback_reads_the_same_records(
    site: tuple[Path, dict[str, Any]],
) -> None:
    """The benchmark's profile has a selector for every field the generated pages hold: the
    generic fallback finds nothing more on them, so `strict` measures the same records."""
    from benchmarks.article_pages import load, read_all
    from benchmarks.runner import profiled_site

    pages = load(site[0], 3)
    with_fallback = read_all(pages, profiled_site())
    assert read_all(pages, profiled_site(fallback=False)) == with_fallback
    assert sum(bool(r.get("editor")) for r in with_fallback) > len(pages) / 10
    assert all(r.get("published_at") for r in with_fallback if r.get("body"))


def test_the_listing_benchmark_reads_with_the_profile_or_without(
    site: tuple[Path, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    from benchmarks.listing_pages import main

    digests = []
    for flags in ([], ["--profile"]):
        assert main([str(site[0]), "--rounds", "1", "--digest", *flags]) == 0
        out = capsys.readouterr().out
        assert re.search(r"read_listing_answer \d+ µs a listing page \(\d+\)", out)
        digests.append(out.split()[0])
    # with --profile the demo profile's selectors read the rows, not the generic reader
    assert digests[0] != digests[1]
