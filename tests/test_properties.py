"""Property tests: whatever text or bytes arrive, no exception escapes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsarchive.extract import extract_article, read_listing
from newsarchive.extract.encoding import decode_page
from newsarchive.extract.processors import (
    content_hash,
    join_paragraphs,
    matches_placeholder,
    normalize_ws,
    parse_date,
    section_from_titles,
    split_names,
    split_section,
    strip_site_suffix,
)
from newsarchive.extract.urls import canonical_url

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
# text that looks like what the processors meet: CJK, digits, date words, punctuation
CJK_CHARS = (
    "0123456789年月日时分秒前天昨刚:-/ .：记者通讯员作者来源于发表区体育局标题和内容已经清空"
)
cjkish = st.text(
    alphabet=st.sampled_from([*CJK_CHARS, "\u00a0", "\u3000", "\u200b", "\n", "\ufffd", "\x00"]),
    max_size=60,
)
anytext = st.one_of(st.text(max_size=200), cjkish)
QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@QUICK
@given(anytext)
def test_text_processors_never_raise(text: str) -> None:
    normalize_ws(text)
    join_paragraphs([text, text])
    split_names(text)
    matches_placeholder(text)
    strip_site_suffix(text, ["示例区县新闻网"])
    split_section(text, ["区体育局", "新浜镇"])
    section_from_titles(text, text[3:])
    content_hash(text, text)


@QUICK
@given(anytext)
def test_parse_date_is_iso_or_none(text: str) -> None:
    value = parse_date(text, "Asia/Shanghai", NOW)
    if value is not None:
        datetime.fromisoformat(value)


@QUICK
@given(st.text(max_size=100))
def test_canonical_url_never_raises_on_url_like_text(tail: str) -> None:
    canonical_url("http://example.cn/" + tail)


html_parts = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "<html>",
                "<body>",
                "<h1>",
                "</h1>",
                "<p>",
                "</p>",
                "<div class='content'>",
                "</div>",
                "<meta name='PubDate' content='",
                "'>",
                "<title>",
                "</title>",
                "<!--",
                "-->",
                "<script>",
                "</script>",
                "<br>",
                "<a href='/x'>",
                "</a>",
                "来源：",
                "发布时间：",
                "记者 ",
                "于2022年01月03日发表",
                "&nbsp;",
                "&#0;",
            ]
        ),
        anytext,
    ),
    max_size=40,
).map("".join)


@QUICK
@given(html_parts)
def test_extract_article_never_raises_on_html_like_text(html: str) -> None:
    record = extract_article(html, "http://example.cn/a/1.html")
    assert isinstance(record["defects"], list)
    read_listing(html, "http://example.cn/list/index.html")


@QUICK
@given(
    st.binary(max_size=2000),
    st.sampled_from(
        [None, "text/html", "text/html; charset=gbk", "text/html; charset=nonsense", "big5"]
    ),
)
def test_bytes_never_raise(data: bytes, content_type: str | None) -> None:
    text, _ = decode_page(data, content_type)
    assert isinstance(text, str)
    headers = {"Content-Type": content_type} if content_type else None
    extract_article(data, "http://example.cn/a/1.html", "demo", headers=headers)


VALID_RECORD = {
    "url": "http://127.0.0.1:8000/a/1.html",
    "canonical_url": "http://demo.localhost/a/1.html",
    "site": "demo",
    "section": "要闻",
    "title": "标题",
    "author": "admin",
    "source": None,
    "editor": None,
    "published_at": "2022-01-03",
    "body": "正文。",
    "listing_url": "http://127.0.0.1:8000/index.html",
    "listing_title": "标题",
    "crawled_at": "2026-11-29T08:00:00+00:00",
    "content_hash": "0" * 32,
    "revision": 1,
    "warc_file": None,
    "warc_record_id": None,
    "schema_version": 1,
}
field_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 3),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.sampled_from(
        [
            "",
            "2022-01-03",
            "2022-01-03T10:05:00+08:00",
            "2022-01-03 10:05",
            "http://x.cn/a",
            "ftp://x",
            "a" * 32,
            "0123456789abcdef0123456789abcdef",
            "demo",
            "Demo",
            "2026-11-29T08:00:00Z",
            "warc/demo/2026-11-29.warc.gz",
            "<urn:uuid:12345678-1234-1234-1234-123456789abc>",
        ]
    ),
)


@QUICK
@given(
    st.dictionaries(st.sampled_from(sorted(VALID_RECORD)), field_values, max_size=4),
    st.sets(st.sampled_from(sorted(VALID_RECORD)), max_size=2),
    st.booleans(),
)
def test_the_fast_record_check_agrees_with_jsonschema(
    changes: dict[str, object], removed: set[str], extra: bool
) -> None:
    from newsarchive.schema import fast_record_check, record_validator

    fast = fast_record_check()
    assert fast is not None, "the record schema uses a keyword the fast check does not know"
    record = {k: v for k, v in {**VALID_RECORD, **changes}.items() if k not in removed}
    if extra:
        record["unexpected"] = 1
    assert fast(record) == record_validator().is_valid(record), record
