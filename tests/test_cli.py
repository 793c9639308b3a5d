"""The `newsarchive` command in-process: usage errors, `list`, `extract` (no crawls here)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsarchive.cli import EXIT_OK, EXIT_USAGE, main
from newsarchive.extract.fixtures import Case
from newsarchive.sites import SITES

GBK_PAGE = """<!DOCTYPE html>
<html><head><meta charset="gbk"><title>我区网球队员征战总决赛_示例区县新闻网</title></head>
<body>
<div class="banner">示例区县新闻网 首页 | 要闻 | 区县动态</div>
<h1>我区网球队员征战总决赛</h1>
<div class="info">来源：区体育局 发布时间：2022-08-29 06:33:18</div>
<div class="content">
<p>　　8月28日，我区网球队员在市级总决赛中夺得两枚金牌、一枚银牌。</p>
<p>　　区体育局表示，将继续支持青少年网球运动发展，办好“全民健身”系列赛事。</p>
</div>
</body></html>
"""


def stderr_lines(capsys: pytest.CaptureFixture[str]) -> tuple[str, list[str]]:
    out, err = capsys.readouterr()
    return out, err.splitlines()


def test_list_prints_the_demo_site(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == EXIT_OK
    out, err = stderr_lines(capsys)
    assert err == []
    rows = [line.split("\t") for line in out.splitlines()]
    assert [row[0] for row in rows] == sorted(SITES)
    assert "demo" in [row[0] for row in rows]
    assert ["demo", "示例区县新闻网", "3 channels", "built-in (not listed)"] in rows


def test_sites_is_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == EXIT_OK
    listed = capsys.readouterr().out
    assert main(["sites"]) == EXIT_OK
    assert capsys.readouterr().out == listed


def test_crawl_unknown_site(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crawl", "nosuchsite"]) == EXIT_USAGE
    out, err = stderr_lines(capsys)
    assert out == ""
    assert len(err) == 1
    assert "nosuchsite" in err[0]
    assert "known sites: demo" in err[0]
    assert err[0] == "newsarchive: unknown site 'nosuchsite'; known sites: demo"


def test_crawl_unknown_site_among_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crawl", "demo", "nosuchsite"]) == EXIT_USAGE
    _, err = stderr_lines(capsys)
    assert len(err) == 1
    assert "'nosuchsite'" in err[0]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["crawl"], "crawl needs a site name, --all or --start-url URL; known sites: demo"),
        (["crawl", "demo", "--all"], "give site names, --all or --start-url, only one of them"),
        (["crawl", "demo", "--max-pages", "0"], "--max-pages must be at least 1, got 0"),
        (["crawl", "demo", "--max-pages", "-3"], "--max-pages must be at least 1, got -3"),
        (["crawl", "demo", "-s", "BROKEN"], "-s expects NAME=VALUE, got 'BROKEN'"),
        (["crawl", "demo", "-s", "=1"], "-s expects NAME=VALUE, got '=1'"),
    ],
)
def test_crawl_usage_errors(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(argv) == EXIT_USAGE
    out, err = stderr_lines(capsys)
    assert out == ""
    assert err == [f"newsarchive: {message}"]


@pytest.mark.parametrize(
    "argv",
    [
        ["crawl", "demo", "--nope"],
        ["crawl", "demo", "--max-pages", "many"],
        ["nosuchcommand"],
        [],
        ["extract", "page.html"],  # --url is required
    ],
)
def test_argparse_errors(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert main(argv) == EXIT_USAGE
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("usage: newsarchive")
    assert "error:" in err


def test_unknown_flag_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crawl", "demo", "--nope"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "unrecognized arguments: --nope" in err


def test_help_exits_zero_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == EXIT_OK
    assert capsys.readouterr().out.startswith("usage: newsarchive")


def test_extract_gbk_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(GBK_PAGE.encode("gbk"))
    assert main(["extract", str(page), "--url", "http://x.cn/a.html"]) == EXIT_OK
    out, err = capsys.readouterr()
    assert err == ""
    record = json.loads(out)
    assert record["url"] == "http://x.cn/a.html"
    assert record["canonical_url"] == "http://x.cn/a.html"
    assert record["site"] is None
    assert record["title"] == "我区网球队员征战总决赛"
    assert record["source"] == "区体育局"
    assert record["published_at"] == "2022-08-29T06:33:18+08:00"
    assert record["body"] == (
        "8月28日，我区网球队员在市级总决赛中夺得两枚金牌、一枚银牌。\n\n"
        "区体育局表示，将继续支持青少年网球运动发展，办好“全民健身”系列赛事。"
    )
    assert record["defects"] == []
    assert "\ufffd" not in out
    # printed as UTF-8 text, not \u escapes
    assert "我区网球队员" in out


def test_extract_gbk_page_from_stdin(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(GBK_PAGE.encode("gbk"))
    result = subprocess.run(
        [sys.executable, "-m", "newsarchive", "extract", "-", "--url", "http://x.cn/a.html"],
        input=page.read_bytes(),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    record = json.loads(result.stdout.decode("utf-8"))
    assert record["title"] == "我区网球队员征战总决赛"
    assert "\ufffd" not in record["body"]


def test_extract_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.html"
    assert main(["extract", str(missing), "--url", "http://x.cn/a.html"]) == EXIT_USAGE
    out, err = stderr_lines(capsys)
    assert out == ""
    assert len(err) == 1
    assert str(missing) in err[0]
    assert err[0] == f"newsarchive: cannot read {missing}: No such file or directory"


def test_extract_unknown_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(GBK_PAGE.encode("gbk"))
    argv = ["extract", str(page), "--url", "http://x.cn/a.html", "--site", "nosuchsite"]
    assert main(argv) == EXIT_USAGE
    out, err = stderr_lines(capsys)
    assert out == ""
    assert err == ["newsarchive: unknown site 'nosuchsite'; known sites: demo"]


def test_extract_with_the_demo_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(GBK_PAGE.encode("gbk"))
    argv = ["extract", str(page), "--url", "http://127.0.0.1/a.html", "--site", "demo"]
    assert main(argv) == EXIT_OK
    record = json.loads(capsys.readouterr().out)
    assert record["site"] == "demo"
    assert record["title"] == "我区网球队员征战总决赛"


def test_module_help_via_subprocess() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "newsarchive", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("usage: newsarchive")
    for command in ("crawl", "list", "extract", "serve", "fixture"):
        assert command in result.stdout
    assert result.stderr == ""


def test_crawl_into_a_data_dir_that_is_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["crawl", "demo", "--data-dir", str(blocker)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot use data dir" in err and str(blocker) in err


def test_crawl_with_a_corrupt_seen_state(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "state" / "seen.sqlite3"
    state.parent.mkdir(parents=True)
    state.write_bytes(b"not a database at all" * 100)
    assert main(["crawl", "demo", "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(state) in err and "move it aside" in err
    assert state.read_bytes() == b"not a database at all" * 100  # nothing touched


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["-s", "CONCURRENT_REQUESTS=abc"], "CONCURRENT_REQUESTS takes a number"),
        (["-s", "ROBOTSTXT_OBEY=maybe"], "ROBOTSTXT_OBEY takes true or false"),
        (["--redis", "redis://x:abc/0"], "--redis redis://x:abc/0"),
    ],
)
def test_setting_values_of_the_wrong_kind_are_usage_errors(
    argv: list[str], needle: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["crawl", "demo", "--data-dir", str(tmp_path), *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and needle in err


def test_fixture_save_records_when_the_page_was_fetched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The stored case's relative dates are read against its fetch time, on any later day."""
    before = datetime.now(UTC).replace(microsecond=0)
    argv = ["fixture", "save", "demo", "/yaowen/2022/0103/1001.html", "--name", "article-x"]
    assert main([*argv, "--root", str(tmp_path)]) == EXIT_OK
    after = datetime.now(UTC)
    case = Case(tmp_path / "sites" / "demo" / "article-x", "demo")
    assert capsys.readouterr().out == f"wrote {case.path}\n"
    assert case.meta["url"] == "http://127.0.0.1/yaowen/2022/0103/1001.html"
    assert before <= case.fetched_at <= after
    assert case.fetched_at.utcoffset() == timedelta(0)
    assert case.extract() == case.expected
