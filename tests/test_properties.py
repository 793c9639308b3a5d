"""Property tests: whatever text or bytes arrive, no exception escapes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsarchive.encoding import decode_page
from newsarchive.extract import extract_article, read_listing
from newsarchive.processors import (
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
from newsarchive.urls import canonical_url

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
