"""newsarchive.archive: reading a site's archive files back as records and as typed tables."""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from newsarchive import archive
from newsarchive.archive import ArchiveError, ArchiveWarning, LineError, columnar, parse_line
from newsarchive.items import RECORD_FIELDS
from newsarchive.schema import record_validator

SHANGHAI = ZoneInfo("Asia/Shanghai")


def make_record(n: int = 1, site: str = "demo", **fields: Any) -> dict[str, Any]:
    """A schema-valid record (whatever fields the shipped schema requires), with overrides."""
    base: dict[str, Any] = {
        "url": f"http://127.0.0.1:8000/a/{n}.html",
        "canonical_url": f"http://demo.localhost/a/{n}.html",
        "site": site,
        "section": "要闻",
        "title": f"标题{n}",
        "author": "admin",
        "credits": [{"name": "admin", "role": "poster"}],
        "source": None,
        "editor": None,
        "published_at": "2022-01-03",
        "body": f"第一段{n}。\n\n第二段。",
        "listing_url": "http://127.0.0.1:8000/index.html",
        "listing_title": f"标题{n}",
        "crawled_at": "2026-11-29T08:00:00+00:00",
        "content_hash": f"{n:032x}",
        "revision": 1,
        "warc_file": None,
        "warc_record_id": None,
        "schema_version": 1,
    }
    record = {name: base[name] for name in RECORD_FIELDS}
    record.update(fields)
    return record


def write_lines(path: Path, lines: list[str | dict[str, Any]], end: str = "\n") -> Path:
    """Archive lines as the writer leaves them: JSON objects as is, strings verbatim."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(
        line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines
    )
    path.write_bytes((text + end).encode("utf-8"))
    return path


def snapshot(root: Path) -> dict[Path, tuple[bytes, int]]:
    """Every file under root with its bytes and modification time."""
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


def test_make_record_is_valid() -> None:
    # the helper every test here builds on must agree with the shipped schema
    assert record_validator().is_valid(make_record())


def test_read_unions_a_sites_files_in_name_order(tmp_path: Path) -> None:
    folder = tmp_path / "archive" / "demo"
    # written out of order: read() must not depend on creation order
    write_lines(folder / "2026-11-30.jsonl", [make_record(4)])
    write_lines(folder / "2026-11-29.w2.jsonl", [make_record(3)])
    write_lines(folder / "2026-11-29.jsonl", [make_record(1), make_record(2)])
    (folder / "notes.txt").write_text("not an archive file")
    assert [r["title"] for r in archive.read(tmp_path, "demo")] == [
        "标题1",
        "标题2",
        "标题3",
        "标题4",
    ]
    located = list(archive.read_located(tmp_path, "demo"))
    assert [(p.name, line) for p, line, _ in located] == [
        ("2026-11-29.jsonl", 1),
        ("2026-11-29.jsonl", 2),
        ("2026-11-29.w2.jsonl", 1),
        ("2026-11-30.jsonl", 1),
    ]


def test_read_all_sites_in_name_order(tmp_path: Path) -> None:
    write_lines(tmp_path / "archive" / "zz" / "2026-11-29.jsonl", [make_record(2, site="zz")])
    write_lines(tmp_path / "archive" / "aa" / "2026-11-29.jsonl", [make_record(1, site="aa")])
    assert [r["site"] for r in archive.read(tmp_path)] == ["aa", "zz"]
    assert [r["site"] for r in archive.read(tmp_path, ["zz"])] == ["zz"]


def test_torn_last_line_is_skipped_with_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "archive" / "demo"
    torn = json.dumps(make_record(2), ensure_ascii=False)[:57]
    write_lines(folder / "2026-11-29.jsonl", [make_record(1), torn], end="")
    write_lines(folder / "2026-11-30.jsonl", [make_record(3)])
    with pytest.warns(ArchiveWarning, match=r"2026-11-29\.jsonl:2: skipped, torn last line"):
        titles = [r["title"] for r in archive.read(tmp_path, "demo")]
    assert titles == ["标题1", "标题3"]


def test_torn_last_line_cut_inside_a_character(tmp_path: Path) -> None:
    path = tmp_path / "archive" / "demo" / "2026-11-29.jsonl"
    write_lines(path, [make_record(1)])
    whole = json.dumps(make_record(2), ensure_ascii=False).encode("utf-8")
    cut = whole.index("标".encode()) + 1  # inside the three bytes of 标
    with path.open("ab") as f:
        f.write(whole[:cut])
    with pytest.warns(ArchiveWarning, match="inside a UTF-8 character"):
        assert len(list(archive.read(tmp_path))) == 1


def test_torn_fragment_left_mid_file_by_a_killed_writer_is_skipped(tmp_path: Path) -> None:
    # the writer's guard after a kill: it ends the fragment with a newline and appends after it
    fragment = json.dumps(make_record(2), ensure_ascii=False)[:40]
    write_lines(
        tmp_path / "archive" / "demo" / "d.jsonl", [make_record(1), fragment, make_record(3)]
    )
    with pytest.warns(ArchiveWarning, match=r"d\.jsonl:2: skipped, torn line"):
        assert [r["title"] for r in archive.read(tmp_path)] == ["标题1", "标题3"]


def test_corrupt_line_raises_naming_file_and_line(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "archive" / "demo" / "d.jsonl", [make_record(1), "garbage}", make_record(3)]
    )
    with pytest.raises(ArchiveError, match=rf"^{path}:2: not JSON: Expecting value"):
        list(archive.read(tmp_path))


@pytest.mark.parametrize(
    ("raw", "terminated", "message", "skippable"),
    [
        (b"[1, 2]", True, "not a JSON object but a JSON list", False),
        (b'{"a": "\xff"}', True, "not UTF-8 (byte 0xff at column 8)", False),
        (b'{"a": "\xe6\xa0', False, "torn last line: cut inside a UTF-8 character", True),
        (b"  ", True, "blank line", True),
        (b'{"a": 1', True, "torn line: a record cut short", True),
        (b'{"a": 1} x', True, "not JSON: Extra data", False),
    ],
)
def test_parse_line_says_why(raw: bytes, terminated: bool, message: str, skippable: bool) -> None:
    with pytest.raises(LineError) as info:
        parse_line(raw, terminated=terminated)
    assert str(info.value).startswith(message)
    assert info.value.skippable is skippable


def test_a_whole_record_without_its_newline_is_read(tmp_path: Path) -> None:
    write_lines(tmp_path / "archive" / "demo" / "d.jsonl", [make_record(1)], end="")
    assert len(list(archive.read(tmp_path))) == 1


def test_bad_data_dir_and_unknown_site(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match=r"data dir .*nowhere does not exist"):
        list(archive.read(tmp_path / "nowhere"))
    with pytest.raises(ArchiveError, match=r"no archive in .*archive is missing"):
        list(archive.read(tmp_path))
    write_lines(tmp_path / "archive" / "demo" / "d.jsonl", [make_record(1)])
    with pytest.raises(ArchiveError, match=r"no archive for site 'nope' .*: demo\)"):
        list(archive.read(tmp_path, "nope"))


def test_to_arrow_types(tmp_path: Path) -> None:
    import pyarrow as pa

    write_lines(
        tmp_path / "archive" / "demo" / "d.jsonl",
        [
            make_record(1, published_at="2022-01-03"),
            make_record(2, published_at="2022-08-29T06:33:18+08:00"),
            make_record(3, published_at=None, crawled_at="2026-11-29T08:00:00.250000Z"),
        ],
    )
    table = archive.to_arrow(tmp_path)
    assert table.num_rows == 3
    schema = table.schema
    assert schema.field("published_at").type == pa.timestamp("s", tz="Asia/Shanghai")
    assert schema.field("crawled_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("schema_version").type == pa.int64()
    assert schema.field("title").type == pa.string()
    rows = table.to_pylist()
    # a date alone is midnight in the site's timezone
    assert rows[0]["published_at"] == datetime(2022, 1, 3, tzinfo=SHANGHAI)
    assert rows[0]["published_date_only"] is True
    assert rows[1]["published_at"] == datetime(2022, 8, 28, 22, 33, 18, tzinfo=UTC)
    assert rows[1]["published_date_only"] is False
    assert rows[2]["published_at"] is None and rows[2]["published_date_only"] is None
    assert rows[2]["crawled_at"] == datetime(2026, 11, 29, 8, 0, 0, 250000, tzinfo=UTC)
    assert table.column_names[: len(RECORD_FIELDS) + 1] == [
        *RECORD_FIELDS[: RECORD_FIELDS.index("published_at") + 1],
        "published_date_only",
        *RECORD_FIELDS[RECORD_FIELDS.index("published_at") + 1 :],
    ]


def test_to_arrow_keeps_fields_it_does_not_know(tmp_path: Path) -> None:
    write_lines(
        tmp_path / "archive" / "demo" / "d.jsonl",
        [make_record(1), make_record(2, lang="zh", extra=[1]), make_record(3, extra="x")],
    )
    rows = archive.to_arrow(tmp_path).to_pylist()
    assert [r["lang"] for r in rows] == [None, "zh", None]
    # mixed types cannot share a typed column: kept as JSON text
    assert [r["extra"] for r in rows] == [None, "[1]", '"x"']


def test_to_arrow_names_the_line_of_a_value_that_does_not_fit(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "archive" / "demo" / "d.jsonl",
        [make_record(1), make_record(2, published_at="2022-13-01")],
    )
    with pytest.raises(ArchiveError, match=rf"{path}:2: published_at '2022-13-01' does not parse"):
        archive.to_arrow(tmp_path)


def test_to_arrow_since_keeps_records_published_that_day_or_later(tmp_path: Path) -> None:
    write_lines(
        tmp_path / "archive" / "demo" / "d.jsonl",
        [
            make_record(1, published_at="2022-01-02"),
            # 00:30 on the 3rd in Shanghai is still the 2nd in UTC: the site's day counts
            make_record(2, published_at="2022-01-03T00:30:00+08:00"),
            make_record(3, published_at=None),
            make_record(4, published_at="2022-02-01"),
        ],
    )
    table = archive.to_arrow(tmp_path, since=date(2022, 1, 3))
    assert table.column("title").to_pylist() == ["标题2", "标题4"]


def test_published_at_column_is_utc_when_sites_disagree(monkeypatch: pytest.MonkeyPatch) -> None:
    zones = {"a": "Asia/Shanghai", "b": "Asia/Hong_Kong"}
    monkeypatch.setattr(columnar, "site_timezone_name", zones.__getitem__)
    assert archive.common_timezone(["a"]) == "Asia/Shanghai"
    assert archive.common_timezone(["a", "b"]) == "UTC"


def test_to_pandas(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    write_lines(tmp_path / "archive" / "demo" / "d.jsonl", [make_record(1), make_record(2)])
    frame = archive.to_pandas(tmp_path, "demo")
    assert len(frame) == 2
    assert str(frame["published_at"].dtype) == "datetime64[s, Asia/Shanghai]"
    assert frame["title"].tolist() == ["标题1", "标题2"]


def test_to_pandas_without_pandas_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(ImportError, match=r"pip install 'newsarchive\[pandas\]'"):
        archive.to_pandas(tmp_path)


def test_reading_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "archive" / "demo"
    torn = json.dumps(make_record(2))[:30]
    write_lines(folder / "d.jsonl", [make_record(1), torn], end="")
    before = snapshot(tmp_path)
    with pytest.warns(ArchiveWarning):
        list(archive.read(tmp_path))
    with pytest.warns(ArchiveWarning):
        archive.to_arrow(tmp_path)
    assert snapshot(tmp_path) == before


def test_docs_record_md_documents_every_field_with_a_valid_example() -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "record.md").read_text("utf-8")
    headings = re.findall(r"^### `(\w+)`$", doc, re.M)
    assert headings == list(RECORD_FIELDS)
    example = re.search(r"## Example line\n.*?```json\n(.*?)\n```", doc, re.S)
    assert example
    record = json.loads(example.group(1))
    assert list(record) == list(RECORD_FIELDS)
    assert record_validator().is_valid(record)


def test_to_arrow_across_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(columnar, "CHUNK_ROWS", 2)
    records = [make_record(n) for n in range(1, 6)]
    records[3]["lang"] = "zh"  # a field the schema does not know, first seen in a later chunk
    write_lines(tmp_path / "archive" / "demo" / "d.jsonl", records)
    table = archive.to_arrow(tmp_path)
    assert table.num_rows == 5
    assert table.column("title").num_chunks == 3
    assert table.column("title").to_pylist() == [f"标题{n}" for n in range(1, 6)]
    assert table.column("lang").to_pylist() == [None, None, None, "zh", None]
