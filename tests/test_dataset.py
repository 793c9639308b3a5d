"""validate, stats, export and report: on a real crawl of the demo site and on archives built
line by line to hold each kind of problem."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from newsarchive import archive, cli, dataset
from newsarchive.dataset import CHART_ID, report
from tests.conftest import read_jsonl, run_cli
from tests.test_archive import make_record, snapshot, write_lines

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir holding one real crawl of the demo site (archive, seen-state, run history)."""
    data = tmp_path_factory.mktemp("crawled")
    result = run_cli("crawl", "demo", "--data-dir", str(data), "-L", "WARNING")
    assert result.returncode == 0, result.stderr
    return data


@pytest.fixture
def data(crawled: Path, tmp_path: Path) -> Path:
    """A private copy of the crawl, so a test may add to it."""
    copy = tmp_path / "data"
    shutil.copytree(crawled, copy)
    return copy


def archive_records(data_dir: Path) -> list[dict[str, Any]]:
    return [r for p in sorted((data_dir / "archive").rglob("*.jsonl")) for r in read_jsonl(p)]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- validate -----------------------------------------------------------------------------------


@pytest.mark.crawl
def test_validate_a_real_crawl_is_clean(crawled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", "--data-dir", str(crawled))
    assert (code, out) == (0, "")
    n = len(archive_records(crawled))
    assert err == f"validate: ok, {n} records in 1 file of 1 site\n"


def test_validate_names_file_and_line_of_each_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "archive" / "demo"
    first = write_lines(
        folder / "2026-11-29.jsonl",
        [
            make_record(1),
            "this is not json",
            make_record(3, title=""),
            make_record(4, published_at="2022-02-30"),
            make_record(5, body="乱码\ufffd"),
            make_record(6, site="other"),
            make_record(1),  # the same canonical_url and content_hash as line 1
            make_record(8, crawled_at="2026-11-29T08:00:00+08:00"),
            '{"not": "finished',
        ],
        end="",
    )
    second = write_lines(folder / "2026-11-29.w2.jsonl", [make_record(1), "[1]"])
    code, out, err = run(capsys, "validate", "demo", "--data-dir", str(tmp_path))
    assert code == 1
    lines = out.splitlines()
    assert lines == [
        f"{first}:2: not JSON: Expecting value: column 1",
        f"{first}:3: schema: title: '' should be non-empty",
        f"{first}:4: published_at '2022-02-30' is not a real date: day is out of range for month",
        f"{first}:5: body contains U+FFFD (text decoded with the wrong charset upstream)",
        f"{first}:6: site 'other' in the folder of site 'demo'",
        f"{first}:7: duplicate: same canonical_url and content_hash as 2026-11-29.jsonl:1",
        f"{first}:8: schema: crawled_at: '2026-11-29T08:00:00+08:00' does not match "
        "'^\\\\d{4}-\\\\d{2}-\\\\d{2}T\\\\d{2}:\\\\d{2}:\\\\d{2}(\\\\.\\\\d+)?(Z|\\\\+00:00)$'",
        f"{first}:8: crawled_at '2026-11-29T08:00:00+08:00' is not a UTC date-time: "
        "'2026-11-29T08:00:00+08:00' is not UTC",
        f"{first}:9: torn last line: a record cut short "
        "(Unterminated string starting at: column 9)",
        f"{second}:1: duplicate: same canonical_url and content_hash as 2026-11-29.jsonl:1",
        f"{second}:2: not a JSON object but a JSON list",
    ]
    assert err == "validate: 11 problems in 11 lines of 2 files of 1 site\n"


def test_validate_reads_every_site_when_none_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_lines(tmp_path / "archive" / "aa" / "d.jsonl", [make_record(1, site="aa")])
    write_lines(tmp_path / "archive" / "bb" / "d.jsonl", [make_record(1, site="bb"), "{"])
    code, out, _ = run(capsys, "validate", "--data-dir", str(tmp_path))
    assert code == 1
    assert out.startswith(f"{tmp_path / 'archive' / 'bb' / 'd.jsonl'}:2: torn line")


# --- stats --------------------------------------------------------------------------------------


@pytest.mark.crawl
def test_stats_json_on_a_real_crawl(crawled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "stats", "--json", "--data-dir", str(crawled))
    assert (code, err) == (0, "")
    result = json.loads(out)
    site = result["sites"]["demo"]
    records = archive_records(crawled)
    assert site["records"] == len(records)
    assert site["articles"] == len({r["canonical_url"] for r in records})
    dated = sorted(r["published_at"][:10] for r in records if r["published_at"])
    assert (site["first_published"], site["last_published"]) == (dated[0], dated[-1])
    assert site["undated"] == len(records) - len(dated)
    assert site["per_month"] == dict(sorted(Counter(d[:7] for d in dated).items()))
    for label, name in dataset.COVERAGE.items():
        present = sum(1 for r in records if r[name])
        assert site["present"][label] == present
        assert site["coverage"][label] == round(present / len(records), 4)
    # over all runs, from the seen-state: the demo site has one deleted-notice page and one
    # article served under a second URL and republished once more
    db = sqlite3.connect(crawled / "state" / "seen.sqlite3")
    outcomes = dict(
        db.execute("SELECT outcome, COUNT(*) FROM urls WHERE site='demo' GROUP BY 1").fetchall()
    )
    db.close()
    dropped = site["dropped"]
    assert dropped["seen_state_outcomes"] == outcomes
    assert dropped["placeholder_pages"] == outcomes.get("dropped/placeholder/deleted") == 1
    assert dropped["duplicates"] == outcomes.get("duplicate") == 2
    runs_file = crawled / "state" / "runs.jsonl"
    if runs_file.exists():
        runs = read_jsonl(runs_file)
        skipped = sum(
            v for r in runs for k, v in r["skipped"].items() if k.startswith("placeholder")
        )
        assert (dropped["runs"], dropped["placeholder_rows"]) == (len(runs), skipped)
    else:
        assert dropped["runs"] is dropped["placeholder_rows"] is None


def test_stats_sums_placeholder_rows_over_the_run_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_lines(tmp_path / "archive" / "demo" / "d.jsonl", [make_record(1)])
    write_lines(tmp_path / "archive" / "zz" / "d.jsonl", [make_record(1, site="zz")])
    runs = [
        {"site": "demo", "skipped": {"placeholder/cleared": 3, "seen": 40}, "dropped": {}},
        "{torn",
        {"site": "other", "skipped": {"placeholder/cleared": 100}},
        {"site": "demo", "skipped": {"placeholder/cleared": 2}, "dropped": {"duplicate/url": 1}},
    ]
    write_lines(tmp_path / "state" / "runs.jsonl", runs)
    code, out, err = run(capsys, "stats", "--json", "--data-dir", str(tmp_path))
    assert code == 0
    assert "runs.jsonl:2: skipped, torn line" in err
    dropped = json.loads(out)["sites"]["demo"]["dropped"]
    assert dropped["runs"] == 2
    assert dropped["placeholder_rows"] == 5
    assert dropped["runs_dropped"] == {"duplicate/url": 1}
    # no seen-state here: unknown, not zero
    assert dropped["placeholder_pages"] is dropped["duplicates"] is None
    # a site the run history never mentions: no runs, and its skipped rows are not known
    never_ran = json.loads(out)["sites"]["zz"]["dropped"]
    assert (never_ran["runs"], never_ran["placeholder_rows"]) == (0, None)


def test_stats_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_lines(
        tmp_path / "archive" / "demo" / "d.jsonl",
        [
            make_record(1, published_at="2022-01-03", author=None),
            make_record(2, published_at="2022-03-01T08:00:00+08:00"),
            make_record(3, published_at=None),
        ],
    )
    code, out, _ = run(capsys, "stats", "--data-dir", str(tmp_path))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "site", "files", "records", "articles", "first", "last", "undated",
        "author", "source", "date", "section", "editor",
        "placeholder", "pages", "placeholder", "rows", "duplicates",
    ]  # fmt: skip
    assert lines[1].split() == [
        "demo", "1", "3", "3", "2022-01-03", "2022-03-01", "1",
        "67%", "0%", "67%", "100%", "0%", "–", "–", "–",
    ]  # fmt: skip
    assert "records per month (published, site time)" in out
    assert re.search(r"^2022-01\s+1$", out, re.M) and re.search(r"^2022-03\s+1$", out, re.M)
    assert "(–: not known. Placeholder pages and duplicates come from state/seen.sqlite3" in out


# --- export -------------------------------------------------------------------------------------


@pytest.mark.crawl
@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_export_row_count_equals_the_archive(
    crawled: Path, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"demo.{fmt}"
    code, _, err = run(capsys, "export", "--format", fmt, "--data-dir", str(crawled), str(out))
    n = len(archive_records(crawled))
    assert (code, err) == (0, f"export: {n} records to {out} ({fmt})\n")
    if fmt == "parquet":
        table = pq.read_table(out)
        assert table.num_rows == n
        assert table.schema.field("published_at").type.tz == "Asia/Shanghai"
        assert table.schema.field("crawled_at").type.tz == "UTC"
        assert table.schema.field("published_date_only").type == pa.bool_()
    elif fmt == "csv":
        table = pacsv.read_csv(out)
        assert table.num_rows == n
        # pyarrow reads its own CSV back with the timestamps typed
        assert pa.types.is_timestamp(table.schema.field("published_at").type)
    else:
        rows = read_jsonl(out)
        assert len(rows) == n
        records = archive_records(crawled)
        assert [r["canonical_url"] for r in rows] == [r["canonical_url"] for r in records]
        dated = next(r for r in rows if r["published_date_only"])
        assert dated["published_at"].endswith("T00:00:00+08:00")


def test_export_filters_by_site_and_since(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_lines(
        tmp_path / "archive" / "aa" / "d.jsonl",
        [make_record(1, site="aa", published_at="2022-01-01"), make_record(2, site="aa")],
    )
    write_lines(tmp_path / "archive" / "bb" / "d.jsonl", [make_record(3, site="bb")])
    out = tmp_path / "out.parquet"
    code, _, _ = run(capsys, "export", "--site", "aa", "--data-dir", str(tmp_path), str(out))
    assert code == 0 and pq.read_table(out).column("site").to_pylist() == ["aa", "aa"]
    argv = ["export", "--site", "aa", "--site", "bb", "--since", "2022-01-02"]
    code, _, _ = run(capsys, *argv, "--data-dir", str(tmp_path), str(out))
    assert code == 0 and pq.read_table(out).column("title").to_pylist() == ["标题2", "标题3"]


# --- report -------------------------------------------------------------------------------------


@pytest.mark.crawl
def test_report_is_one_self_contained_page(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    runs_file = data / "state" / "runs.jsonl"
    failed_run = {
        "site": "demo",
        "start": "2026-11-30T06:00:00+00:00",
        "end": "2026-11-30T06:01:30+00:00",
        "finish_reason": "finished",
        "records_written": 0,
        "errors": 0,
        "health": ["no_records: 12 new article pages fetched, none archived"],
    }
    with runs_file.open("a", encoding="utf-8") as f:
        f.write(json.dumps(failed_run) + "\n")
    out = data / "report.html"
    code, _, err = run(capsys, "report", "--out", str(out), "--data-dir", str(data))
    assert (code, err) == (0, f"report: {out}\n")
    page = out.read_text("utf-8")
    # nothing to fetch: no scripts, no external stylesheets, images or fonts
    assert "<script" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    assert f'<svg id="{CHART_ID}"' in page
    summary = archive.to_arrow(data)
    days = {d.date() for d in summary.column("published_at").to_pylist() if d}
    # one bar per day with records in the chart's window (the latest WINDOW_DAYS days)
    recent = {d for d in days if d > max(days) - timedelta(days=report.WINDOW_DAYS)}
    assert page.count('class="bar"') == len(recent) > 0
    assert '<table id="coverage">' in page
    # the newest run first, with what its health check said
    runs_table = page[page.index('<table id="runs">') :]
    first_row = runs_table.split("<tr>")[2]
    assert "2026-11-30 06:00:00" in first_row and "90 s" in first_row
    assert '<td class="bad">no_records: 12 new article pages fetched' in first_row


def test_report_without_run_history(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_lines(tmp_path / "archive" / "demo" / "d.jsonl", [make_record(1, published_at=None)])
    out = tmp_path / "r.html"
    code, _, _ = run(capsys, "report", "demo", "--out", str(out), "--data-dir", str(tmp_path))
    page = out.read_text("utf-8")
    assert code == 0
    assert f'<p id="{CHART_ID}" class="empty">No dated records.</p>' in page
    assert "No run history (state/runs.jsonl)" in page


def test_report_of_thirty_sites_puts_the_failing_ones_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sites = [f"county-{n:02d}" for n in range(30)]
    runs = []
    for n, site in enumerate(sites):
        # two years of records each: the chart keeps to the recent window
        records = [
            make_record(k, site=site, canonical_url=f"http://{site}.cn/a/{k}.html",
                        published_at=f"20{21 + k % 2}-{k % 12 + 1:02d}-{k % 27 + 1:02d}")
            for k in range(24)
        ]  # fmt: skip
        write_lines(tmp_path / "archive" / site / "2026-12-01.jsonl", records)
        broken = n in (7, 23)
        runs.append(
            {
                "site": site,
                "start": "2026-12-01T05:17:00+00:00",
                "end": "2026-12-01T05:18:00+00:00",
                "finish_reason": "finished",
                "records_written": 0 if broken else 24,
                "errors": 0,
                "health": [f"no_article_rows: no article rows on http://{site}.cn/"]
                if broken
                else [],
            }
        )
    write_lines(tmp_path / "state" / "runs.jsonl", runs)
    out = tmp_path / "r.html"
    assert run(capsys, "report", "--out", str(out), "--data-dir", str(tmp_path))[0] == 0
    page = out.read_text("utf-8")
    chart = page[page.index(f'<svg id="{CHART_ID}"') : page.index("</svg>")]
    rows = re.findall(r'<text class="site"[^>]*>([^<]+)', chart)
    assert rows[:2] == ["county-07 ⚠", "county-23 ⚠"]
    assert rows[2:] == [s for s in sites if s not in ("county-07", "county-23")]
    # one strip per site, over the last WINDOW_DAYS days only: of its 24 days, those after
    # 2022-09-25 (90 days before the last, 2022-12-24) are 10-10, 10-22, 12-12 and 12-24
    assert report.WINDOW_DAYS == 90
    assert chart.count('data-site="county-00"') == 4
    sites_table = page[page.index('<table id="sites">') :]
    assert sites_table.index("county-07") < sites_table.index("county-00")


@pytest.mark.crawl
@pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium; .ci/run does)",
)
def test_report_chart_renders_in_chromium(
    crawled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    assert cli.main(["report", "--out", str(out), "--data-dir", str(crawled)]) == 0
    capsys.readouterr()
    result = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            out.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    # the DOM as Chromium built it: the chart is an SVG element in the document, with its bars
    chart = re.search(rf'<svg id="{CHART_ID}"[^>]*>(.*?)</svg>', dom, re.S)
    assert chart, dom[:2000]
    assert chart.group(1).count('<rect class="bar"') > 10
    assert '<table id="coverage">' in dom


# --- bad input and read-only --------------------------------------------------------------------


@pytest.mark.crawl
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, crawled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing"
    corrupt = tmp_path / "corrupt"
    bad = write_lines(corrupt / "archive" / "demo" / "d.jsonl", [make_record(1), "nope"])
    cases = [
        (["stats", "--data-dir", str(missing)], f"data dir {missing} does not exist"),
        (["validate", "--data-dir", str(missing)], f"data dir {missing} does not exist"),
        (
            ["stats", "nosuch", "--data-dir", str(crawled)],
            "no archive for site 'nosuch' in",
        ),
        (["stats", "--data-dir", str(corrupt)], f"{bad}:2: not JSON: Expecting value"),
        (["report", "--out", str(tmp_path / "r.html"), "--data-dir", str(corrupt)], f"{bad}:2"),
        (["export", "--data-dir", str(corrupt), str(tmp_path / "x.csv")], f"{bad}:2"),
        (
            ["export", "--data-dir", str(crawled), str(tmp_path / "x.xlsx")],
            "cannot tell the format of",
        ),
        (
            ["export", "--since", "yesterday", "--data-dir", str(crawled), str(tmp_path / "x.csv")],
            "--since expects a date YYYY-MM-DD, got 'yesterday'",
        ),
        (
            ["export", "--data-dir", str(crawled), str(tmp_path / "no" / "x.csv")],
            "folder",
        ),
        (
            [
                "export",
                "--data-dir",
                str(crawled),
                str(crawled / "archive" / "demo" / "x.jsonl"),
            ],
            "refusing to write",
        ),
    ]
    for argv, message in cases:
        code, out, err = run(capsys, *argv)
        assert code == 2, argv
        assert out == ""
        assert err.startswith("newsarchive: ") and err.count("\n") == 1, err
        assert message in err, (argv, err)


@pytest.mark.crawl
def test_these_tools_never_modify_the_archive(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a torn last line too, which readers only skip
    latest = sorted((data / "archive" / "demo").glob("*.jsonl"))[-1]
    with latest.open("a", encoding="utf-8") as f:
        f.write('{"url": "http://127.0.0.1/cut')
    before = snapshot(data / "archive")
    seen_before = snapshot(data / "state")
    for argv in (
        ["validate"],
        ["stats"],
        ["stats", "--json"],
        ["export", str(tmp_path / "a.parquet")],
        ["export", str(tmp_path / "a.csv")],
        ["export", str(tmp_path / "a.jsonl")],
        ["report", "--out", str(tmp_path / "a.html")],
    ):
        run(capsys, *argv, "--data-dir", str(data))
    assert snapshot(data / "archive") == before
    # the seen-state is opened read-only: its contents stay as they were
    after = snapshot(data / "state")
    assert after[data / "state" / "seen.sqlite3"] == seen_before[data / "state" / "seen.sqlite3"]


@pytest.mark.crawl
def test_data_dir_from_the_environment(
    crawled: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSARCHIVE_DATA", str(crawled))
    code, _, err = run(capsys, "validate")
    assert code == 0 and err.startswith("validate: ok")


@pytest.mark.crawl
def test_wired_into_the_newsarchive_command(
    crawled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsarchive import cli

    commands = next(a for a in cli.build_parser()._actions if a.dest == "command").choices  # type: ignore[union-attr]
    if "validate" not in (commands or {}):
        pytest.skip("validate/stats/export/report are not registered in newsarchive.cli yet")
    assert cli.main(["validate", "--data-dir", str(crawled)]) == 0
    assert cli.main(["stats", "--json", "--data-dir", str(crawled)]) == 0
    assert json.loads(capsys.readouterr().out)["sites"]["demo"]["records"] > 0


@pytest.mark.parametrize(
    ("first", "last", "labels"),
    [
        ("2022-01-03", "2022-01-03", ["2022-01-03"]),
        ("2022-01-03", "2022-01-24", ["2022-01-03", "2022-01-06", "2022-01-09", "2022-01-12",
                                      "2022-01-15", "2022-01-18", "2022-01-21", "2022-01-24"]),
        ("2021-01-01", "2022-08-31", ["2021-01", "2021-03", "2021-05", "2021-07", "2021-09",
                                      "2021-11", "2022-01", "2022-03", "2022-05", "2022-07"]),
        ("2001-05-01", "2022-08-31", ["2002", "2004", "2006", "2008", "2010", "2012", "2014",
                                      "2016", "2018", "2020", "2022"]),
    ],
)  # fmt: skip
def test_chart_date_labels_never_crowd(first: str, last: str, labels: list[str]) -> None:
    from datetime import date

    ticks = report._x_ticks(date.fromisoformat(first), date.fromisoformat(last), lambda d: 0, 0)
    assert [re.sub(r"<[^>]+>", "", t) for t in ticks] == labels
