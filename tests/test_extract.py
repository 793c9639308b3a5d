"""Extraction on small hand-written pages: one signal per test, and bad input."""

from __future__ import annotations

import pytest

from newsarchive.extract import extract_article, read_listing
from newsarchive.sites import get_site

URL = "http://news.example.cn/a/2022/0829/1.html"


def page(head: str = "", body: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


ARTICLE_BODY = (
    '<div class="text"><p>　　8月28日，区体育局举办全民健身日活动，各街镇代表队参加比赛。</p>'
    "<p>　　活动持续一整天，吸引了近千名市民参与，现场气氛热烈。</p></div>"
)


def test_cms_meta_tags() -> None:
    head = (
        '<meta name="ArticleTitle" content="全民健身日活动举行">'
        '<meta name="PubDate" content="2022-08-29 06:33">'
        '<meta name="ContentSource" content="区体育局">'
        '<meta name="Author" content="张三">'
        '<meta name="ColumnName" content="区县动态">'
        '<meta name="SiteName" content="某区政府网"><title>全民健身日活动举行_某区政府网</title>'
    )
    record = extract_article(page(head, ARTICLE_BODY), URL)
    assert record["title"] == "全民健身日活动举行"
    assert record["published_at"] == "2022-08-29T06:33:00+08:00"
    assert record["source"] == "区体育局"
    assert record["author"] == "张三"
    assert record["section"] == "区县动态"
    assert record["body"].startswith("8月28日，区体育局")
    assert record["defects"] == []


def test_open_graph_and_json_ld() -> None:
    head = (
        '<meta property="og:title" content="Harbour reopens after storm">'
        '<meta property="article:section" content="Local">'
        '<script type="application/ld+json">{"@context":"https://schema.org",'
        '"@type":"NewsArticle","headline":"Harbour reopens after storm",'
        '"datePublished":"2024-04-24T02:30:00Z","author":[{"@type":"Person","name":"Ann Lee"}]}'
        "</script>"
    )
    body = (
        "<article><h1>Harbour reopens after storm</h1>"
        + "<p>The harbour reopened on Tuesday after the storm damaged two piers "
        "and a breakwater.</p>" * 3 + "</article>"
    )
    record = extract_article(page(head, body), URL)
    assert record["title"] == "Harbour reopens after storm"
    assert record["published_at"] == "2024-04-24T10:30:00+08:00"
    assert record["author"] == "Ann Lee"
    assert record["section"] == "Local"


def test_visible_byline_keeps_author_source_and_editor_apart() -> None:
    body = (
        "<h1>全民健身日活动举行</h1>"
        '<div class="info"><span>来源：区体育局</span><span>发布时间：2022-08-29 06:33:18</span>'
        "<span>作者：张三</span><span>责任编辑：王芳</span><span>【字号：大 中 小】</span></div>"
        + ARTICLE_BODY
    )
    record = extract_article(page("<title>全民健身日活动举行</title>", body), URL)
    assert (record["author"], record["source"], record["editor"]) == ("张三", "区体育局", "王芳")
    assert record["published_at"] == "2022-08-29T06:33:18+08:00"
    assert "责任编辑" not in record["body"]


def test_posted_by_byline_as_in_the_seed() -> None:
    body = (
        "<h1>常州召开职业教育大会</h1>"
        "<div>Admin - admin&nbsp;于2022年01月03日发表&nbsp;&nbsp;</div>"
        + ARTICLE_BODY
        + "<div>本文章内容来源于网络公开内容,仅供参考!不对文章内容时效、真实性负责</div>"
    )
    record = extract_article(page("<title>常州召开职业教育大会</title>", body), URL)
    assert record["author"] == "admin"
    assert record["published_at"] == "2022-01-03"
    assert "本文章内容来源于网络" not in record["body"]


def test_reporter_byline_and_unlabelled_date() -> None:
    body = (
        "<h3>引题</h3><h1>老街焕新颜</h1><div>2022年01月03日 10:05</div>"
        "<div>记者 王小明 通讯员 李强</div>" + ARTICLE_BODY
    )
    record = extract_article(page("<title>老街焕新颜--示例日报</title>", body), URL)
    assert record["title"] == "老街焕新颜"
    assert record["author"] == "王小明"
    assert record["credits"] == [
        {"name": "王小明", "role": "reporter"},
        {"name": "李强", "role": "correspondent"},
    ]
    assert record["published_at"] == "2022-01-03T10:05:00+08:00"


def test_meta_date_is_refined_by_the_visible_seconds_on_the_same_minute() -> None:
    head = '<meta name="PubDate" content="2022-08-29 06:33"><title>活动举行</title>'
    body = "<h1>活动举行</h1><div>发布时间：2022-08-29 06:33:18</div>" + ARTICLE_BODY
    assert extract_article(page(head, body), URL)["published_at"] == "2022-08-29T06:33:18+08:00"


def test_body_drops_share_bar_and_prev_next_links() -> None:
    body = (
        "<h1>活动举行</h1>"
        + ARTICLE_BODY
        + '<div class="share">分享到：微信 微博</div>'
        + '<div><p>上一篇：<a href="/a/0.html">前一条新闻</a></p>'
        + '<p>下一篇：<a href="/a/2.html">后一条</a></p></div>'
        + "<div>扫一扫在手机打开当前页</div>"
    )
    record = extract_article(page("<title>活动举行</title>", body), URL)
    assert record["body"] == (
        "8月28日，区体育局举办全民健身日活动，各街镇代表队参加比赛。\n\n"
        "活动持续一整天，吸引了近千名市民参与，现场气氛热烈。"
    )


def test_bracket_label_goes_to_section() -> None:
    body = "<h1>【区体育局】全民健身日活动举行</h1>" + ARTICLE_BODY
    record = extract_article(page("", body), URL)
    assert (record["section"], record["title"]) == ("区体育局", "全民健身日活动举行")


def test_bytes_are_decoded_by_header_then_meta() -> None:
    html = page(
        '<meta charset="gbk"><title>老街焕新颜</title>', "<h1>老街焕新颜</h1>" + ARTICLE_BODY
    )
    as_gbk = html.encode("gbk")
    assert extract_article(as_gbk, URL)["title"] == "老街焕新颜"
    assert (
        extract_article(as_gbk, URL, headers={"Content-Type": "text/html; charset=gbk"})["title"]
        == "老街焕新颜"
    )
    assert "\ufffd" not in extract_article(as_gbk, URL)["body"]


@pytest.mark.parametrize(
    ("data", "defect"),
    [
        (b"", "empty"),
        ("", "empty"),
        (b"\x00\x01\x02\xff\xfe" * 100, "binary"),
        (
            "<html><body><h1>活动举行</h1><p>　　8月28日，区体育局举办全民健身日活动，各街",
            "truncated",
        ),
        # deeper than libxml2 builds: no text survives, and the record says so
        ("<html><body>" + "<div>" * 5000 + "深" + "</div>" * 5000 + "</body></html>", "empty"),
    ],
)
def test_bad_input_gives_a_reason_not_a_traceback(data: str | bytes, defect: str | None) -> None:
    record = extract_article(data, URL)
    if defect is None:
        assert record["defects"] == []
    else:
        assert defect in record["defects"]


def test_gigantic_page_is_handled() -> None:
    paras = "".join(f"<p>　　第{i}段。" + "这是一段很长的正文。" * 50 + "</p>" for i in range(2000))
    record = extract_article(
        page("<title>大页面</title>", "<h1>大页面</h1><div>" + paras + "</div>"), URL
    )
    assert record["title"] == "大页面"
    assert len(record["body"]) > 1_000_000


def test_site_selectors_win_and_generic_fills_the_rest() -> None:
    site = get_site("demo")
    body = (
        '<div class="article"><h1 class="title">站点标题</h1>'
        '<div class="info">Admin - admin 于2022年01月03日发表</div>'
        '<div class="content"><p>正文第一段，内容足够长，可以作为正文。</p></div></div>'
        "<h1>别的标题</h1>"
    )
    record = extract_article(page("<title>别的标题</title>", body), URL, site)
    assert record["title"] == "站点标题"
    assert record["author"] == "admin"
    assert record["site"] == "demo"
    assert record["body"] == "正文第一段，内容足够长，可以作为正文。"


def test_generic_listing_finds_rows_and_next_page() -> None:
    rows = "".join(
        f'<li><a href="/a/{i}.html">第{i}条新闻标题足够长</a><span>2022-08-{i:02d}</span></li>'
        for i in range(1, 11)
    )
    html = page(
        "",
        '<ul class="nav"><li><a href="/">首页</a></li><li><a href="/x">区县动态</a></li></ul>'
        f'<ul class="list">{rows}</ul><div class="pages"><a href="index_1.html">下一页</a></div>',
    )
    listing = read_listing(html, "http://news.example.cn/list/index.html")
    assert len(listing.rows) == 10
    assert listing.rows[0].url == "http://news.example.cn/a/1.html"
    assert listing.rows[0].date == "2022-08-01"
    assert listing.next_page == "http://news.example.cn/list/index_1.html"


def test_text_after_a_comment_is_kept() -> None:
    # lxml's iterwalk reports comments and processing instructions with events of their own:
    # the text after one ("<!--enpcontent-->", an ad slot) is part of the paragraph
    body = (
        '<h1>全民健身日活动举行</h1><div class="text"><p>　　8月28日，区体育局<!-- ad -->'
        "举办全民健身日活动，各街镇代表队参加比赛。</p><!--enpcontent--><p>　　活动持续一整天，"
        "<?php echo 1 ?>吸引了近千名市民参与，<script>var x = 1;</script>现场气氛热烈。</p></div>"
    )
    record = extract_article(page("<title>全民健身日活动举行</title>", body), URL)
    assert record["body"] == (
        "8月28日，区体育局举办全民健身日活动，各街镇代表队参加比赛。\n\n"
        "活动持续一整天，吸引了近千名市民参与，现场气氛热烈。"
    )
    assert "ad" not in record["body"] and "php" not in record["body"]


@pytest.mark.parametrize(
    ("head", "url"),
    [
        ("", "http://news.example.cn/a/1.html?page=²"),  # a digit int() refuses
        ('<base href="http://[::1">', URL),  # a <base> no URL can be made of
    ],
)
def test_an_odd_url_or_base_costs_no_article(head: str, url: str) -> None:
    from newsarchive.extract.article import read_article_page

    pager = '<p><a href="1_2.html">2</a> <a href="http://[::1/x">下一页</a></p>'
    read = read_article_page(page(head, ARTICLE_BODY + pager), url)
    assert read.problem is None and read.article is not None, read.detail
    assert (read.article.body or "").startswith("8月28日")
