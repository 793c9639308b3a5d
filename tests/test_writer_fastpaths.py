"""The archive writer's fast paths write and count what the plain code did."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any, cast

import pytest

from newsarchive.datadir import DataDir
from newsarchive.items import Article
from newsarchive.pipelines import writer
from newsarchive.pipelines.writer import ArchiveWriterPipeline
from newsarchive.seen.sqlite import SeenStore


class Stats:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.values[key] = self.values.get(key, start) + count


def article(n: int, **fields: Any) -> Article:
    values: dict[str, Any] = {
        "url": f"http://x.cn/{n}.html",
        "canonical_url": f"http://x.cn/{n}.html",
        "site": "demo",
        "title": f"标题{n}",
        "body": "正文。",
        "crawled_at": "2026-11-29T08:00:00+00:00",
        "content_hash": f"{n:032x}",
        **fields,
    }
    return Article(**values)


@pytest.mark.parametrize(
    ("fields", "counted"),
    [
        ({}, False),
        ({"body": "正文\ufffd。"}, True),
        ({"title": "\ufffd"}, True),
        ({"listing_title": "a\ufffd"}, True),
        # only a top-level text counts, as before: not a credit's name
        ({"credits": [("张\ufffd", "reporter")]}, False),
        ({"body": "\\ufffd written out"}, False),
    ],
)
def test_replacement_characters_are_counted_as_before(
    tmp_path: Path, fields: dict[str, Any], counted: bool
) -> None:
    stats = Stats()
    pipeline = ArchiveWriterPipeline(
        DataDir(tmp_path), SeenStore(":memory:"), cast(Any, stats), "2026-11-29"
    )
    item = article(1, **fields)
    pipeline.process_item(item)
    pipeline.close_spider()
    record = item.record()
    plain = any(isinstance(v, str) and "\ufffd" in v for v in record.values())
    assert plain is counted
    assert stats.values.get("newsarchive/defects/fffd", 0) == int(counted)
    line = (tmp_path / "archive" / "demo" / "2026-11-29.jsonl").read_bytes()
    assert line == json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"


class Trickle(io.RawIOBase):
    """A file that takes at most `most` bytes a write, and says so (as a write may)."""

    def __init__(self, most: int) -> None:
        self.most = most
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data[: self.most])
        self.data += chunk
        return len(chunk)


@pytest.mark.parametrize("most", [1, 3, 7, 1000])
def test_a_short_write_is_followed_by_the_rest(most: int) -> None:
    handle = Trickle(most)
    data = "一行记录\n".encode() * 3
    writer._write_all(cast(Any, handle), data)
    assert bytes(handle.data) == data
