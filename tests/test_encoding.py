"""Pages in every Chinese charset, declared right, wrong or not at all, come out as text."""

from __future__ import annotations

import codecs
import json

import pytest

from newsarchive.extract.encoding import decode_page, looks_binary
from newsarchive.extract.fixtures import discover
from newsarchive.server import demo_site_root
from tests.conftest import FIXTURES

SIMPLIFIED = "嘉定区体育局举办全民健身日活动，各街镇代表队参加比赛，吸引了近千名市民参与。"
TRADITIONAL = "臺北市政府今日舉辦全民運動日活動，各區代表隊參加比賽，吸引了近千名市民參與。"
ENCODINGS = ("utf-8", "gbk", "gb2312", "gb18030", "big5")
DECLARED = (None, "right", "utf-8", "gbk", "big5", "iso-8859-1")


def page(text: str, meta: str | None = None) -> str:
    head = f'<meta charset="{meta}">' if meta else ""
    return f"<html><head>{head}<title>t</title></head><body><p>{text}</p></body></html>"


def cases() -> list[tuple[str, str, str | None]]:
    out = []
    for text in (SIMPLIFIED, TRADITIONAL):
        for encoding in ENCODINGS:
            try:
                text.encode(encoding)
            except UnicodeEncodeError:
                continue  # traditional characters GB2312 does not have
            for declared in DECLARED:
                out.append((text, encoding, encoding if declared == "right" else declared))
    return out


@pytest.mark.parametrize(("text", "encoding", "declared"), cases())
def test_header_right_wrong_or_missing(text: str, encoding: str, declared: str | None) -> None:
    body = page(text).encode(encoding)
    content_type = f"text/html; charset={declared}" if declared else "text/html"
    decoded, _ = decode_page(body, content_type)
    assert text in decoded


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_charset_only_in_meta(encoding: str) -> None:
    text = TRADITIONAL if encoding == "big5" else SIMPLIFIED
    decoded, _ = decode_page(page(text, encoding).encode(encoding), "text/html")
    assert text in decoded


@pytest.mark.parametrize("bom", [codecs.BOM_UTF8, codecs.BOM_UTF16_LE])
def test_a_bom_beats_the_header(bom: bytes) -> None:
    codec = "utf-8" if bom == codecs.BOM_UTF8 else "utf-16-le"
    body = bom + page(SIMPLIFIED).encode(codec)
    decoded, _ = decode_page(body, "text/html; charset=gbk")
    assert SIMPLIFIED in decoded and not decoded.startswith("\ufeff")


def test_gb18030_four_byte_characters_survive() -> None:
    text = "𠮷野家在𡈼地开业"  # outside GBK: GB18030 four-byte sequences
    decoded, codec = decode_page(page(text).encode("gb18030"), "text/html; charset=gb2312")
    assert text in decoded and codec == "gb18030"


def test_undecodable_bytes_give_the_fewest_replacements() -> None:
    body = page(SIMPLIFIED).encode("gbk") + b"\xff\xff"
    decoded, _ = decode_page(body, "text/html; charset=gbk")
    assert SIMPLIFIED in decoded and decoded.count("\ufffd") <= 2


def test_binary_is_recognised() -> None:
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert not looks_binary(page(SIMPLIFIED).encode("gb18030"))
    assert not looks_binary(b"")


def test_every_stored_page_decodes_without_replacement_characters() -> None:
    root = demo_site_root()
    headers = json.loads((root / "_headers.json").read_text("utf-8"))
    pages = [p for p in root.rglob("*") if p.suffix in (".html", ".htm")]
    assert len(pages) > 40
    for path in pages:
        key = "/" + path.relative_to(root).as_posix()
        content_type = headers.get(key, {}).get("Content-Type", "text/html; charset=utf-8")
        decoded, _ = decode_page(path.read_bytes(), content_type)
        assert "\ufffd" not in decoded, key
    for case in discover(FIXTURES):
        decoded, _ = decode_page(case.body, case.meta["headers"].get("Content-Type"))
        assert "\ufffd" not in decoded, case.path
