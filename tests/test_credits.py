"""The record's `credits`: what the schema admits (older lines without it included), how it
reads back as a typed column, how it exports, and where it comes from besides the generic
byline (a site's author selector, an article split over pages)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from parsel import Selector

from newsarchive import archive, cli
from newsarchive.archive import ArchiveError
from newsarchive.extract import merge_article_pages, parse_article
from newsarchive.items import Article
from newsarchive.schema import fast_record_check, record_problems, record_validator
from newsarchive.sites.base import ArticleRules, Channel, Css, Site
from tests.conftest import read_jsonl
from tests.test_archive import make_record, write_lines

CREDITS = [{"name": "张丽", "role": "reporter"}, {"name": "孙悦", "role": "correspondent"}]


def test_a_line_written_before_credits_existed_still_validates() -> None:
    old = make_record(1)
    del old["credits"]
    assert record_validator().is_valid(old)
    assert record_problems(old) == []


@pytest.mark.parametrize(
    ("credits", "valid"),
    [
        ([], True),
        (CREDITS, True),
        ([{"name": "张丽"}], False),
        ([{"name": "", "role": "reporter"}], False),
        ([{"name": "张丽", "role": "Reporter"}], False),
        ([{"name": "张丽", "role": "reporter", "note": "x"}], False),
        (["张丽"], False),
        ("张丽", False),
        (None, False),
    ],
)
def test_what_the_schema_admits_as_credits(credits: object, valid: bool) -> None:
    record = make_record(1, credits=credits)
    assert record_validator().is_valid(record) is valid
    fast = fast_record_check()
    assert fast is not None, "the fast check must know every keyword the schema uses"
    assert fast(record) is valid


def test_credits_read_back_as_a_list_column_null_for_older_lines(tmp_path: Path) -> None:
    old = make_record(2)
    del old["credits"]
    write_lines(
        tmp_path / "archive" / "demo" / "d.jsonl",
        [make_record(1, credits=CREDITS), old, make_record(3, credits=[])],
    )
    table = archive.to_arrow(tmp_path)
    assert table.schema.field("credits").type == pa.list_(
        pa.struct([("name", pa.string()), ("role", pa.string())])
    )
    assert table.column("credits").to_pylist() == [CREDITS, None, []]


def test_credits_of_the_wrong_shape_name_their_line(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "archive" / "demo" / "d.jsonl",
        [make_record(1), make_record(2, credits="张丽")],
    )
    with pytest.raises(ArchiveError, match=rf"{path}:2: credits is not a list"):
        archive.to_arrow(tmp_path)


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_export_carries_the_credits(
    tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    old = make_record(2)
    del old["credits"]
    write_lines(tmp_path / "archive" / "demo" / "d.jsonl", [make_record(1, credits=CREDITS), old])
    out = tmp_path / f"out.{fmt}"
    assert cli.main(["export", "--format", fmt, "--data-dir", str(tmp_path), str(out)]) == 0
    capsys.readouterr()
    if fmt == "parquet":
        assert pq.read_table(out).column("credits").to_pylist() == [CREDITS, None]
    elif fmt == "csv":
        # a CSV cell holds text: the list as JSON (and an older line's, nothing)
        cells = pacsv.read_csv(out).column("credits").to_pylist()
        assert json.loads(cells[0]) == CREDITS and not cells[1]
    else:
        assert [r["credits"] for r in read_jsonl(out)] == [CREDITS, None]


def test_a_sites_author_selector_gives_the_credits_its_text_names() -> None:
    site = Site(
        slug="paper",
        name="某报",
        domains=("example.cn",),
        channels=(Channel("http://example.cn/"),),
        article=ArticleRules(title=Css("h1"), author=Css(".byline"), body=Css(".text")),
    )
    html = (
        "<html><body><h1>标题</h1><div class='byline'>记者 张丽 通讯员 孙悦</div>"
        "<div class='text'><p>正文。</p></div></body></html>"
    )
    article = parse_article(Selector(text=html), "http://example.cn/a/1.html", site)
    assert article.author == "张丽"
    assert article.record()["credits"] == CREDITS


def test_an_article_split_over_pages_keeps_the_credits_of_its_last_page() -> None:
    first = Article(title="标题", body="第一页。", credits=[("张丽", "reporter")])
    last = Article(
        title="标题", body="第二页。", credits=[("王芳", "editor"), ("张丽", "reporter")]
    )
    merged = merge_article_pages(first, [last])
    assert merged.credits == [("张丽", "reporter"), ("王芳", "editor")]
