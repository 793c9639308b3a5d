"""The generic extractor on small hand-written pages: one rule per test.

Every page here is written for the test; none is taken from the benchmark set.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from parsel import Selector

from newsarchive.extract import (
    article_continuations,
    extract_article,
    is_listing_page,
    merge_article_pages,
    parse_article,
    read_listing,
)
from newsarchive.extract.generic import GenericPage
from newsarchive.items import Article
from newsarchive.sites.base import ArticleRules, Channel, Css, Site

URL = "http://www.example.gov.cn/xwzx/202208/t20220829_5091.html"
NOW = datetime(2026, 11, 29, 15, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
PARA = "<p>　　8月28日，区体育局举办全民健身日活动，各街镇代表队参加了比赛，现场气氛热烈。</p>"
BODY = f'<div class="TRS_Editor">{PARA * 3}</div>'


def page(head: str = "", body: str = "", lang: str = "") -> str:
    attr = f' lang="{lang}"' if lang else ""
    return f"<!DOCTYPE html><html{attr}><head>{head}</head><body>{body}</body></html>"


def extract(html: str, url: str = URL) -> dict[str, object]:
    return extract_article(html, url, now=NOW)


# ---------------------------------------------------------------- signals ---


def test_cms_site_name_and_column_meta() -> None:
    head = (
        '<meta name="SiteName" content="某区政府网"><meta name="ColumnName" content="区县动态">'
        "<title>全民健身日活动举行_区县动态_某区政府网</title>"
    )
    record = extract(page(head, BODY))
    assert record["title"] == "全民健身日活动举行"
    assert record["section"] == "区县动态"


def test_json_ld_author_reference_in_a_graph() -> None:
    head = (
        '<script type="application/ld+json">{"@graph":[{"@type":"Article",'
        '"headline":"Harbour reopens","author":{"@id":"#p1"},"datePublished":"2024-04-24"},'
        '{"@type":"Person","@id":"#p1","name":"Ann Lee"}]}</script>'
    )
    record = extract(page(head, "<h1>Harbour reopens</h1>" + BODY, lang="en"))
    assert record["author"] == "Ann Lee"
    assert record["published_at"] == "2024-04-24"


def test_json_ld_with_a_trailing_comma_is_still_read() -> None:
    head = '<script type="application/ld+json">{"@type":"NewsArticle","author":"王小明",}</script>'
    assert extract(page(head, "<h1>活动举行</h1>" + BODY))["author"] == "王小明"


def test_marked_time_element_wins_over_the_first_time() -> None:
    body = (
        '<header><time datetime="2026-11-29">今天</time></header><h1>活动举行</h1>'
        '<time class="entry-date published" datetime="2022-08-29T06:33:00+08:00">8月29日</time>'
        + BODY
    )
    assert extract(page("", body))["published_at"] == "2022-08-29T06:33:00+08:00"


def test_author_element_marked_by_class_not_the_commenters() -> None:
    body = (
        '<h1>Harbour reopens</h1><div class="byline">By <span class="author">Ann Lee</span></div>'
        + "<article><p>The harbour reopened on Tuesday after the storm, officials said.</p>" * 3
        + '</article><div class="comments"><span class="author">troll42</span></div>'
    )
    assert extract(page("", body, lang="en"))["author"] == "Ann Lee"


def test_meta_author_that_is_a_domain_or_the_site_is_dropped() -> None:
    head = '<meta name="author" content="example.com"><meta name="SiteName" content="某网">'
    body = "<h1>活动举行</h1><div>作者：孙小明 发布时间：2022-08-29</div>" + BODY
    assert extract(page(head, body))["author"] == "孙小明"


# ---------------------------------------------------------------- bylines ---


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("新华网黑龙江频道 记者 伊小琳 李清", "伊小琳、李清"),
        ("光明日报记者 王建宏 张文", "王建宏、张文"),
        ("本报实习生 刘小国 本报记者 王燕", "刘小国、王燕"),
        ("通讯员：李强", "李强"),
        ("By Ann Lee and Bo Chen", "Ann Lee、Bo Chen"),
    ],
)
def test_reporter_bylines(byline: str, author: str) -> None:
    body = f"<h1>全民健身日活动举行</h1><div>{byline}</div>" + BODY
    assert extract(page("", body))["author"] == author


def test_reporters_over_two_byline_lines_are_one_author_list() -> None:
    body = "<h1>活动举行</h1><div>本报实习生 刘小国</div><div>本报记者 王燕 方云</div>" + BODY
    assert extract(page("", body))["author"] == "刘小国、王燕、方云"


def test_a_role_word_inside_a_sentence_is_no_byline() -> None:
    body = "<h1>活动举行</h1><div>记者采访了解，活动很成功。</div>" + BODY
    assert extract(page("", body))["author"] is None


def test_reporter_named_at_the_end_of_the_article() -> None:
    body = "<h1>活动举行</h1>" + BODY[:-6] + "<p>交汇点记者 徐小翔</p></div>"
    assert extract(page("", body))["author"] == "徐小翔"


def test_marked_author_box_gives_its_first_line_not_an_editor() -> None:
    box = (
        '<div class="author-box"><p>Anna Berg</p>'
        '<p><a href="/autor/berg">Alle Artikel</a></p></div>'
    )
    html = page(
        "",
        "<h1>Konzert</h1>"
        + box
        + "<article>"
        + "<p>Ein langer Satz, der gelesen wird.</p>" * 3
        + "</article>",
        lang="de",
    )
    assert extract(html)["author"] == "Anna Berg"
    edited = '<span class="author">某网编辑：Alice</span><div>作者：孙小明</div>'
    assert extract(page("", "<h1>活动举行</h1>" + edited + BODY))["author"] == "孙小明"


def test_editor_and_source_are_kept_apart_from_the_author() -> None:
    body = (
        "<h1>活动举行</h1><div>发布日期：2022年08月29日 来源：区体育局 编辑：王芳</div>"
        + BODY
        + "<p>（责任编辑：李华）</p>"
    )
    record = extract(page("", body))
    assert (record["author"], record["source"], record["editor"]) == (None, "区体育局", "王芳")
    assert record["published_at"] == "2022-08-29"
    assert "责任编辑" not in str(record["body"])


def test_trailing_editor_line_names_the_editor() -> None:
    body = "<h1>活动举行</h1>" + BODY[:-6] + "<p>（责任编辑：李华）</p></div>"
    record = extract(page("", body))
    assert record["editor"] == "李华"
    assert "李华" not in str(record["body"])


EN_TEXT = (
    "<article>" + "<p>The harbour reopened on Tuesday after the storm, officials said.</p>" * 3
)
EN_END = "</article>"


def ld(author: str) -> str:
    return (
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Harbour reopens",'
        f'"author":{author}}}</script>'
    )


@pytest.mark.parametrize(
    ("head", "byline", "author"),
    [
        # the publisher credited as the author, and nobody else: the page's answer
        (ld('{"@type":"Organization","name":"Harbour Times"}'), "", "Harbour Times"),
        (
            ld('{"@type":"Person","name":"Harbour Times"}')
            + '<meta property="og:site_name" content="Harbour Times">',
            "",
            "Harbour Times",
        ),
        # a person named anywhere wins over the organisation
        (
            ld('{"@type":"Organization","name":"Harbour Times"}'),
            '<div class="author">Ann Lee</div>',
            "Ann Lee",
        ),
        # desk words name nobody: the site's own credit is what is left
        (
            ld('{"@type":"Organization","name":"harbour.example"}'),
            '<div class="author">red, harbour.example/ Agenturen</div>',
            "harbour.example",
        ),
        # a handle with a few digits is a name; a phone number is not
        (ld('{"@type":"Person","name":"seabird313"}'), "", "seabird313"),
        (ld('"0341 696290"'), "", None),
    ],
)
def test_organisation_credit_only_when_no_person_is_named(
    head: str, byline: str, author: str | None
) -> None:
    body = "<h1>Harbour reopens</h1>" + byline + EN_TEXT + EN_END
    assert extract(page(head, body, lang="en"))["author"] == author


@pytest.mark.parametrize(
    ("head", "author"),
    [
        # a department in <meta name="author"> (TRS writes it article by article)
        ('<meta name="author" content="某区教育局">', "某区教育局"),
        # the site naming itself there is template, not credit
        (
            '<meta name="author" content="某区政府网"><meta name="SiteName" content="某区政府网">',
            None,
        ),
        ('<meta name="author" content="example.gov.cn">', None),
    ],
)
def test_meta_author_organisation_unless_it_is_the_site(head: str, author: str | None) -> None:
    assert extract(page(head, "<h1>活动举行</h1>" + BODY))["author"] == author


def test_visible_byline_wins_over_the_metadata_author() -> None:
    head = ld('{"@type":"Person","name":"Web Desk Account"}')
    body = "<h1>Harbour reopens</h1><p>Von Anna Berg</p>" + EN_TEXT + EN_END
    assert extract(page(head, body, lang="de"))["author"] == "Anna Berg"


def test_chinese_dateline_names_the_reporters() -> None:
    first = (
        "<p>新华社北京8月28日电（记者 王小明 李强）区体育局28日举办全民健身日活动，"
        "现场气氛热烈。</p>"
    )
    body = f'<h1>全民健身日活动举行</h1><div class="TRS_Editor">{first}{PARA * 2}</div>'
    assert extract(page("", body))["author"] == "王小明、李强"


@pytest.mark.parametrize(
    ("head", "last", "author"),
    [
        # a CMS <meta name="author"> is outranked by the reporters the text names
        ('<meta name="author" content="王编辑">', "（职工通讯员 李小雯）", "李小雯"),
        # the site the <title> ends with is no author, nor is a template left unfilled
        ('<meta name="author" content="示例">', "", None),
        ('<meta name="author" content="name, email@example.com">', "", None),
        ('<meta name="author" content="佚名">', "", None),
        # nothing better: the CMS field it is
        ('<meta name="author" content="王编辑">', "", "王编辑"),
    ],
)
def test_meta_author_is_the_last_word_on_people(head: str, last: str, author: str | None) -> None:
    head += "<title>全民健身日活动举行_区县动态_示例新闻</title>"
    # long enough that the closing line is no byline next to the title
    paras = "".join(PARA.replace("8月28日", f"8月28日第{i}场") for i in range(10))
    body = f'<h1>全民健身日活动举行</h1><div class="TRS_Editor">{paras}<p>{last}</p></div>'
    assert extract(page(head, body))["author"] == author


def test_elements_named_like_authors_that_hold_no_byline() -> None:
    # class "authorized" is a consent checkbox; "超级感悟：" heads a quoted post in a sidebar
    body = (
        '<h1>活动举行</h1><div class="pop"><span class="authorized">我已授权</span></div>'
        '<ul class="feed"><li><span class="author">超级感悟：</span>今天天气不错</li></ul>' + BODY
    )
    assert extract(page("", body))["author"] is None


def test_issuing_body_of_a_disclosure_page_is_the_author() -> None:
    table = (
        "<table><tr><td>索 引 号：</td><td>11220000/2022-00426</td></tr>"
        "<tr><td>发文机关：</td><td>某区人民政府</td><td>成文日期：</td><td>2022年01月27日</td></tr>"
        "<tr><td>标 题：</td><td>某区人民政府关于全民健身日活动的通告</td></tr>"
        "<tr><td>发布日期：</td><td>2022年01月28日</td></tr></table>"
    )
    body = table + "<h1>某区人民政府关于全民健身日活动的通告</h1>" + BODY
    record = extract(page("", body))
    assert record["author"] == "某区人民政府"
    # a reporter named in the byline still wins over the issuing body
    record = extract(
        page(
            "", table + "<h1>某区人民政府关于全民健身日活动的通告</h1><div>记者 王小明</div>" + BODY
        )
    )
    assert record["author"] == "王小明"


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("发布时间：刚刚", "2026-11-29T15:30:00+08:00"),
        ("发布时间：3小时前", "2026-11-29T12:30:00+08:00"),
        ("发布时间：25分钟前 来源：区体育局", "2026-11-29T15:05:00+08:00"),
        ("昨天 10:05", "2026-11-28T10:05:00+08:00"),
        ("前天 10:05", "2026-11-27T10:05:00+08:00"),
        ("2022/8/29 6:33", "2022-08-29T06:33:00+08:00"),
        ("2022.08.29", "2022-08-29"),
        ("Admin 于2022年08月29日发表", "2022-08-29"),
        # a slashed date is taken only where it cannot be misread
        ("29/08/2022 - 06:33 - Fonte: Agência", "2022-08-29"),
        ("08/29/2022", "2022-08-29"),
    ],
)
def test_dates_in_the_byline_absolute_and_relative(shown: str, expected: str) -> None:
    body = f"<h1>全民健身日活动举行</h1><div>{shown}</div>" + BODY
    assert extract(page("", body), "http://news.example.cn/a/1.html")["published_at"] == expected


def test_date_from_the_url_when_the_page_shows_none() -> None:
    assert extract(page("", "<h1>活动举行</h1>" + BODY))["published_at"] == "2022-08-29"


def test_htmldate_finds_a_date_our_signals_miss() -> None:
    body = (
        "<h1>Story</h1>"
        + "<p>The harbour reopened on Tuesday after the storm, officials said.</p>" * 3
        + '<div class="info"><abbr class="published" title="2022-01-28">Friday</abbr></div>'
    )
    assert extract(page("", body, lang="en"), "http://a.example/story")["published_at"] == (
        "2022-01-28"
    )


def test_a_foreign_page_keeps_its_own_offset_without_a_profile() -> None:
    head = '<meta property="article:published_time" content="2024-04-22T21:04:00+00:00">'
    html = page(head, "<h1>Harbour reopens</h1>" + BODY, lang="en")
    assert extract(html)["published_at"] == "2024-04-22T21:04:00+00:00"
    # a Chinese page (and any page with a profile) is read in the site's timezone
    html_zh = page(head, "<h1>活动举行</h1>" + BODY, lang="zh-CN")
    assert extract(html_zh)["published_at"] == "2024-04-23T05:04:00+08:00"


# ----------------------------------------------------------------- titles ---


@pytest.mark.parametrize(
    ("head", "h1", "title"),
    [
        # <title> cut at its separators, the site segment gone
        ("<title>全民健身日活动举行-区县动态-某区政府网</title>", "", "全民健身日活动举行"),
        # the <h1> is the head title with a date or a site glued on
        (
            '<meta property="og:title" content="So viel Regen gab es : 31.10.2023, 10.19 Uhr">',
            "So viel Regen gab es",
            "So viel Regen gab es",
        ),
        (
            "<title>南海トラフ、一時調査：中日Web</title>",
            "南海トラフ、一時調査",
            "南海トラフ、一時調査",
        ),
        # a kicker inside the <h1> in front of the head title
        (
            "<title>Impfen ist noch überall möglich</title>",
            "Medienmitteilung:Impfen ist noch überall möglich",
            "Impfen ist noch überall möglich",
        ),
        # a word hyphen is not a site separator
        ("<title>Forschung gegen das HIV-Virus</title>", "", "Forschung gegen das HIV-Virus"),
        # a trailing separator with nothing after it
        ('<meta property="og:title" content="Olympia 2028 dabei -">', "", "Olympia 2028 dabei"),
    ],
)
def test_title_choice(head: str, h1: str, title: str) -> None:
    heading = f"<h1>{h1}<style>.x{{color:red}}</style></h1>" if h1 else ""
    assert extract(page(head, heading + BODY))["title"] == title


@pytest.mark.parametrize(
    "head",
    [
        "<title>某区人民政府</title>",
        "<title>某区人民政府门户网站</title>",
        '<title>某区政府网</title><meta name="SiteName" content="某区政府网">',
        "<title>全民健身日活动举行_某区人民政府</title>",
    ],
)
@pytest.mark.parametrize(
    "heading",
    [
        "<h1>全民健身日活动举行</h1>",
        '<h1 class="logo">某区人民政府</h1><h2>全民健身日活动举行</h2>',
        '<div class="title">全民健身日活动举行</div>',
    ],
)
def test_a_head_title_that_only_names_the_site_gives_way(head: str, heading: str) -> None:
    # portals that title every page with their own name are common among district sites
    assert extract(page(head, heading + BODY))["title"] == "全民健身日活动举行"


def test_a_page_with_nothing_but_the_site_name_keeps_it() -> None:
    assert extract(page("<title>某区人民政府</title>", BODY))["title"] == "某区人民政府"


def test_title_element_by_class_when_there_is_no_h1() -> None:
    head = "<title>网站首页_全民健身日活动举行</title>"
    body = '<div class="nav">网站首页</div><div class="article-title">全民健身日活动举行</div>'
    assert extract(page(head, body + BODY))["title"] == "全民健身日活动举行"


# ------------------------------------------------------------------- body ---


def test_body_joins_sibling_blocks_one_per_paragraph() -> None:
    blocks = "".join(
        f'<div class="text-block"><p>Paragraph {i} of the story, with enough words in it '
        "to count as prose for the reader.</p></div>"
        for i in range(6)
    )
    body = f'<h1>Story</h1><article><div class="image">pic</div>{blocks}</article>'
    text = str(extract(page("", body, lang="en"))["body"])
    assert all(f"Paragraph {i} " in text for i in range(6))


def test_body_climbs_out_of_one_paragraph_wrappers() -> None:
    blocks = "".join(
        f'<div class="block"><div class="inner"><p>Paragraph {i} of the story, with enough '
        "words in it to count as prose for the reader.</p></div></div>"
        for i in range(8)
    )
    body = (
        f'<h1>Story</h1><nav><a href="/">Home</a><a href="/world">World</a></nav>'
        f"<article>{blocks}</article><footer><p>About us, contact, jobs.</p></footer>"
    )
    text = str(extract(page("", body, lang="en"))["body"])
    assert all(f"Paragraph {i} " in text for i in range(8))
    assert "About us" not in text


def test_a_second_copy_of_the_article_is_not_doubled() -> None:
    copy = (
        f'<div class="text">{PARA}<p>　　活动持续一整天，吸引了近千名市民参与，场面热闹。</p></div>'
    )
    text = str(extract(page("", f"<h1>活动举行</h1><div>{copy}{copy}</div>"))["body"])
    assert text.count("活动持续一整天") == 1


def test_body_inside_a_page_wide_form_is_still_found() -> None:
    body = f'<form id="aspnetForm"><div class="nav"><a href="/">首页</a></div>{BODY}</form>'
    assert "全民健身日活动" in str(extract(page("", "<h1>活动</h1>" + body))["body"])


def test_article_after_a_pasted_header_document_is_still_read() -> None:
    # a CMS include brings a whole header page, </html> and all; libxml2 alone stops there
    header = (
        '<html><head><title>活动举行_某区政府网</title></head><body><div class="header">'
        '<a href="/">首页</a></div>\n</html>\n<!--end header-->\n'
    )
    crumbs = "".join(f'<span class="c{i}"><a href="/{i}/">栏目{i}</a></span>' for i in range(30))
    html = header + f'<div class="content"><div class="nav">{crumbs}</div><h1>活动举行</h1>'
    paras = "".join(PARA.replace("8月28日", f"8月28日第{i}场") for i in range(3))
    html += f'<div class="TRS_Editor">{paras}</div></div></body></html>'
    record = extract(html)
    assert record["title"] == "活动举行"
    assert str(record["body"]).count("全民健身日活动") == 3


def test_comment_section_does_not_beat_the_article() -> None:
    comments = "".join(
        f'<div class="content"><p>评论{i}：这篇文章写得很好，我完全同意作者的看法，支持！</p></div>'
        for i in range(12)
    )
    body = f'<h1>活动举行</h1>{BODY}<div id="comments">{comments}</div>'
    text = str(extract(page("", body))["body"])
    assert text.startswith("8月28日") and "评论" not in text


def test_body_skips_captions_share_bars_and_hidden_elements() -> None:
    body = (
        '<h1>活动举行</h1><div class="article-content">'
        '<figure><img src="a.jpg"><figcaption>图为活动现场（记者 摄）</figcaption></figure>'
        + "".join(PARA.replace("8月28日", f"8月28日第{i}场") for i in range(3))
        + '<div class="share-bar">分享到：微信 微博</div><div class="sr-only">屏幕阅读提示</div>'
        + "<p>上一篇：前一条新闻</p><p>扫一扫在手机打开当前页</p><p>版权所有 某区政府</p></div>"
    )
    text = str(extract(page("", body))["body"])
    assert text.count("8月28日") == 3
    for junk in ("图为", "分享", "屏幕", "上一篇", "扫一扫", "版权"):
        assert junk not in text


def test_a_hidden_copy_of_the_article_is_left_out() -> None:
    paras = "".join(PARA.replace("8月28日", f"8月28日第{i}场") for i in range(3))
    hidden_copy = (
        '<div style="display: none" itemscope itemtype="http://schema.org/NewsArticle">'
        '<div itemprop="articleBody">' + paras.replace("<p>", "").replace("</p>", " ") + "</div>"
        '<div itemprop="width">500</div><div itemprop="name">某区政府网</div></div>'
    )
    body = f'<h1>活动举行</h1><div class="article-content">{paras}{hidden_copy}</div>'
    text = str(extract(page("", body))["body"])
    assert text.count("8月28日") == 3 and "500" not in text and "某区政府网" not in text
    # a page that shows its text only through a script still gives the text it hides
    hidden_only = f'<h1>活动举行</h1><div hidden class="article-content">{paras}</div>'
    assert str(extract(page("", hidden_only))["body"]).count("8月28日") == 3


def test_the_list_after_the_article_is_cut_at_its_heading() -> None:
    paras = "".join(PARA.replace("8月28日", f"8月28日第{i}场") for i in range(3))
    related = (
        "<p>相关新闻</p><p>区里举办运动会</p><p>8月27日</p><p>街道开展健身周</p><p>8月26日</p>"
    )
    body = f'<h1>活动举行</h1><div class="article-content">{paras}{related}</div>'
    text = str(extract(page("", body))["body"])
    assert text.count("8月28日") == 3
    assert "运动会" not in text and "健身周" not in text
    # a heading followed by more of the article is a heading of the article
    more = "<p>相关新闻</p>" + PARA.replace("8月28日", "8月29日")
    body = f'<h1>活动举行</h1><div class="article-content">{paras}{more}</div>'
    assert "8月29日" in str(extract(page("", body))["body"])


def test_lead_in_byline_and_date_lines_leave_the_body() -> None:
    body = (
        "<h1>Harbour reopens</h1><article><p>By Ann Lee</p><p>Jun 05, 2026</p>"
        + "<p>The harbour reopened on Tuesday after the storm, officials said.</p>" * 3
        + "</article>"
    )
    text = str(extract(page("", body, lang="en"))["body"])
    assert text.startswith("The harbour reopened")


# ------------------------------------------------------------- laziness ---


def test_a_site_covering_every_field_never_walks_the_byline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def forbidden(*args: object) -> object:
        raise AssertionError("generic byline computed for a fully covered page")

    monkeypatch.setattr(GenericPage, "byline", forbidden)
    monkeypatch.setattr(GenericPage, "doc_lines", property(forbidden))
    monkeypatch.setattr(GenericPage, "body_lines", property(forbidden))
    site = Site(
        slug="full",
        name="全网",
        domains=("example.cn",),
        channels=(Channel("http://example.cn/"),),
        article=ArticleRules(
            title=Css("h1"),
            author=Css(".author"),
            source=Css(".source"),
            editor=Css(".editor"),
            published_at=Css(".date"),
            section=Css(".section"),
            body=Css(".text"),
        ),
    )
    html = page(
        "",
        '<h1>标题</h1><i class="author">王小明</i><i class="source">区体育局</i>'
        '<i class="editor">李华</i><i class="date">2022-08-29 06:33:18</i>'
        '<i class="section">要闻</i><div class="text"><p>正文。</p></div>',
    )
    article = parse_article(Selector(text=html), URL, site)
    assert (article.author, article.published_at, article.body) == (
        "王小明",
        "2022-08-29T06:33:18+08:00",
        "正文。",
    )


# --------------------------------------------------------------- listings ---


def _rows(n: int, cls: bool = False) -> str:
    return "".join(
        f'<li class="{("odd", "even")[i % 2] if cls else ""}"><a href="/xw/{i}.html">'
        f"第{i}条新闻的标题足够长</a><span>2022-08-{i + 1:02d}</span></li>"
        for i in range(n)
    )


NAV = '<ul class="nav"><li><a href="/">网站首页</a></li><li><a href="/a">政务公开栏目</a></li></ul>'


def test_zebra_striped_rows_are_one_group() -> None:
    listing = read_listing(page("", NAV + f"<ul>{_rows(10, cls=True)}</ul>"), URL)
    assert len(listing.rows) == 10
    assert listing.rows[3].date == "2022-08-04"


@pytest.mark.parametrize(
    ("pager", "url", "expected"),
    [
        (
            '<a href="list_2.html">下页</a>',
            "http://a.cn/xw/list.html",
            "http://a.cn/xw/list_2.html",
        ),
        ('<a href="?page=3">&gt;</a>', "http://a.cn/xw/?page=2", "http://a.cn/xw/?page=3"),
        # page numbers only: the one after this page
        (
            '<span class="cur">1</span><a href="index_1.html">2</a><a href="index_2.html">3</a>',
            "http://a.cn/xw/index.html",
            "http://a.cn/xw/index_1.html",
        ),
        (
            '<a href="index_1.html">2</a><a href="index_3.html">4</a>',
            "http://a.cn/xw/index_2.html",
            "http://a.cn/xw/index_3.html",
        ),
        # TRS writes its pager by script
        (
            '<script>createPageHTML(5, 0, "index", "html");</script>',
            "http://a.cn/xw/index.html",
            "http://a.cn/xw/index_1.html",
        ),
        (
            '<script>createPageHTML(2, 1, "index", "html");</script>',
            "http://a.cn/xw/index_1.html",
            None,
        ),
    ],
)
def test_generic_next_page(pager: str, url: str, expected: str | None) -> None:
    listing = read_listing(page("", f"<ul>{_rows(8)}</ul><div>{pager}</div>"), url)
    assert listing.next_page == expected


def test_listing_page_is_not_an_article() -> None:
    listing = page("<title>区县动态</title>", NAV + f'<ul class="list">{_rows(20)}</ul>')
    assert is_listing_page(Selector(text=listing), "http://a.cn/xw/index.html")


def test_article_with_a_related_list_is_not_a_listing() -> None:
    related = f'<div class="related"><h3>相关新闻</h3><ul>{_rows(8)}</ul></div>'
    article = page("", "<h1>活动举行</h1>" + f'<div class="text">{PARA * 8}</div>' + related)
    assert not is_listing_page(Selector(text=article), URL)
    declared = page('<meta property="og:type" content="article">', f"<ul>{_rows(20)}</ul>")
    assert not is_listing_page(Selector(text=declared), URL)


def test_empty_page_is_not_a_listing() -> None:
    assert not is_listing_page(Selector(text="<html></html>"), URL)


# ------------------------------------------------------ split articles ---


@pytest.mark.parametrize(
    ("url", "pager", "expected"),
    [
        (
            "http://a.cn/xw/202208/t20220829_5091.html",
            '<a href="t20220829_5091_1.html">2</a><a href="t20220829_5091_2.html">3</a>'
            '<a href="t20220829_5091_1.html">下一页</a><a href="t20220829_5090.html">5</a>',
            [
                "http://a.cn/xw/202208/t20220829_5091_1.html",
                "http://a.cn/xw/202208/t20220829_5091_2.html",
            ],
        ),
        (
            "http://a.cn/a/5091_2.html",
            '<a href="5091.html">1</a><a href="5091_3.html">第3页</a>',
            ["http://a.cn/a/5091_3.html"],
        ),
        (
            "http://a.cn/a/show.php?id=7",
            '<a href="show.php?id=7&amp;page=2">[2]</a><a href="show.php?id=8">2</a>',
            ["http://a.cn/a/show.php?id=7&page=2"],
        ),
        # a pager whose links are other articles is no continuation
        ("http://a.cn/a/7.html", '<a href="8.html">下一页</a>', []),
    ],
)
def test_article_continuations(url: str, pager: str, expected: list[str]) -> None:
    html = page("", f"<h1>标题</h1>{BODY}<div class='pages'>{pager}</div>")
    assert article_continuations(Selector(text=html), url) == expected


def test_merge_article_pages_joins_bodies_once() -> None:
    first = Article(url="http://a.cn/1.html", title="标题", body="第一段。\n\n第二段。")
    second = Article(
        url="http://a.cn/1_2.html", title="标题", author="王小明", body="第二段。\n\n第三段。"
    )
    merged = merge_article_pages(first, [second])
    assert merged.body == "第一段。\n\n第二段。\n\n第三段。"
    assert merged.author == "王小明"
    assert merged.url == "http://a.cn/1.html"
    assert merged.content_hash is not None
    assert first.body == "第一段。\n\n第二段。"


# -------------------------------------------------------------- bad input ---


def test_binary_text_is_not_parsed() -> None:
    assert "binary" in extract("\x00\x01\x02\x03" * 100)["defects"]


def test_oversized_page_is_cut_and_flagged(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsarchive.extract.article as extract_module

    monkeypatch.setattr(extract_module, "MAX_PAGE_CHARS", 2000)
    html = page("<title>活动举行</title>", "<h1>活动举行</h1>" + BODY * 40)
    record = extract(html)
    assert "oversized" in record["defects"]
    assert "truncated" not in record["defects"]
    assert record["title"] == "活动举行"


def test_nonsense_markup_gives_empty_fields_not_a_traceback() -> None:
    for html in ("<<<>>>", "</html><html>", "<body><p>", "\ufeff", "<?xml version='1.0'?><a/>"):
        record = extract(html)
        assert isinstance(record["defects"], list)


# ------------------------------------------------ what must not be taken for a credit ---


@pytest.mark.parametrize(
    ("lang", "lead"),
    [
        ("en", "By Tuesday evening the harbour was open again, officials said."),
        ("en", "By Friday, the harbour will reopen, the mayor said."),
        ("de", "Von Hamburg aus starten wieder Schiffe."),
    ],
)
def test_an_opening_sentence_starting_with_by_is_no_byline(lang: str, lead: str) -> None:
    head = ld('{"@type":"Person","name":"Ann Lee"}')
    body = f"<h1>Harbour reopens</h1><p>{lead}</p>" + EN_TEXT + EN_END
    assert extract(page(head, body, lang=lang))["author"] == "Ann Lee"


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("<div>作者：佚名</div>", "张三"),
        ("<div>admin 于2022年08月29日发表</div>", "张三"),
    ],
)
def test_anonymous_and_the_posting_account_yield_to_a_named_author(
    byline: str, author: str
) -> None:
    body = f'<h1>活动举行</h1>{byline}<span class="author">张三</span>' + BODY
    assert extract(page("", body))["author"] == author
    # alone, the posting account is the author the page gives
    alone = "<h1>活动举行</h1><div>admin 于2022年08月29日发表</div>" + BODY
    assert extract(page("", alone))["author"] == "admin"


@pytest.mark.parametrize(
    ("credit", "author"),
    [
        ("本报讯（记者 王小五 摄影报道）", "王小五"),
        ("本报讯（融媒体记者 王小五）", "王小五"),
        ("本报讯（首席记者 王小五 通讯员 李小强 报道）", "王小五"),
        ("本报讯（区委宣传部 李小强 记者 王小五）", "李小强、王小五"),
    ],
)
def test_chinese_dateline_credits_without_role_words(credit: str, author: str) -> None:
    text = "8月28日，区体育局举办全民健身日活动，各街镇代表队参加了比赛，现场气氛热烈。"
    long_first = f"<p>{credit}{text}</p>"
    body = f'<h1>全民健身日活动举行</h1><div class="TRS_Editor">{long_first}{PARA * 2}</div>'
    assert extract(page("", body))["author"] == author


def test_an_empty_issuing_body_cell_is_not_filled_with_the_next_label() -> None:
    def table(value: str) -> str:
        return (
            f"<table><tr><td>发文机关：</td><td>{value}</td><td>主题分类：</td><td>通告</td></tr>"
            "</table><h1>某区人民政府关于全民健身日活动的通告</h1>" + BODY
        )

    assert extract(page("", table("")))["author"] is None
    assert extract(page("", table("某区 人民政府")))["author"] == "某区人民政府"


@pytest.mark.parametrize("name", ["J.Smith", "S.A. Khan", "刘建厅"])
def test_people_that_look_like_domains_or_bodies_are_people(name: str) -> None:
    head = f'<meta name="author" content="{name}">'
    assert extract(page(head, "<h1>活动举行</h1>" + BODY))["author"] == name


def test_a_desk_named_in_the_text_is_no_person() -> None:
    head = ld('{"@type":"Organization","name":"Harbour Times"}')
    body = "<h1>Harbour reopens</h1>" + EN_TEXT + "<p>Text: Redaktion</p>" + EN_END
    assert extract(page(head, body, lang="en"))["author"] == "Harbour Times"


def test_hidden_prose_is_kept_and_a_hidden_message_is_not() -> None:
    paras = [PARA.replace("8月28日", f"8月28日第{i}场") for i in range(6)]
    expander = (
        f'<div class="article-content">{"".join(paras[:2])}'
        f'<div id="more" style="display:none">{"".join(paras[2:])}</div>'
        '<a href="#">展开全文</a><div hidden>感谢订阅！</div></div>'
    )
    text = str(extract(page("", "<h1>活动举行</h1>" + expander))["body"])
    assert text.count("8月28日") == 6 and "感谢订阅" not in text
    app = f'<div id="app" style="visibility:hidden"><h1>活动举行</h1>{"".join(paras)}</div>'
    app += '<div class="footer">版权所有 某区政府</div>'
    assert str(extract(page("", app))["body"]).count("8月28日") == 6


def test_article_text_after_a_heading_or_a_promo_is_not_cut() -> None:
    story = "<p>The harbour reopened on Tuesday after the storm, officials said.</p>" * 4
    facts = "<h2>More on the storm</h2><p>Wind: 120 km/h</p><p>Rain: 80 mm</p>"
    html = page("", f"<h1>Harbour reopens</h1><article>{story}{facts}</article>", lang="en")
    assert "Rain: 80 mm" in str(extract(html)["body"])
    later = "<p>Ships queued outside the harbour for most of the morning, the port said.</p>"
    promo = "<p>Subscribe to continue supporting local journalism.</p>"
    html = page("", f"<h1>Harbour reopens</h1><article>{story}{promo}{later}</article>", lang="en")
    assert "Ships queued" in str(extract(html)["body"])


# ------------------------------------------------ second review: titles, credits, lists ---


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        # headlines that end like a portal's name are headlines
        (
            "<title>加快建设数字政府_某某区人民政府</title>",
            "<h2>区政府领导活动</h2><h1>加快建设数字政府</h1>",
            "加快建设数字政府",
        ),
        (
            "<title>区委书记调研区融媒体中心</title>",
            "<h1>区委书记调研区融媒体中心</h1><h3>今日要闻</h3>",
            "区委书记调研区融媒体中心",
        ),
        (
            '<meta name="ArticleTitle" content="加快建设数字政府">',
            "<h3>区政府领导活动</h3>",
            "加快建设数字政府",
        ),
        # a kicker or subtitle after —— or ｜ is no site name
        (
            "<title>让群众少跑腿——某区全力打造数字政府</title>",
            "",
            "让群众少跑腿——某区全力打造数字政府",
        ),
        (
            "<title>奋进新征程｜打造人民满意的服务型政府</title>",
            "",
            "奋进新征程｜打造人民满意的服务型政府",
        ),
        # no head title at all: no sidebar heading is made the title
        ("", "<h2>区政府领导活动</h2>", None),
        # a channel name left by the portal's name outranked by the <h1>
        (
            "<title>工作动态_某某区人民政府</title>",
            "<h1>我区召开安全生产工作会议</h1>",
            "我区召开安全生产工作会议",
        ),
        # the title element is taken, a heading of links in the navigation is not
        (
            "<title>某某区人民政府</title>",
            '<nav><h2><a href="/x">区政府领导活动</a></h2></nav>'
            '<div class="title">全民健身日活动举行</div>',
            "全民健身日活动举行",
        ),
    ],
)
def test_titles_that_only_look_like_a_site_name(head: str, body: str, title: str | None) -> None:
    assert extract(page(head, body + BODY))["title"] == title


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("By Ann Lee and agencies", "Ann Lee"),
        ("Von Anna Berg/red", "Anna Berg"),
        ("Von Anna Berg und Agenturen", "Anna Berg"),
        ("By Ahmed al-Masri", "Ahmed al-Masri"),
        ("By Jean d'Ormesson", "Jean d'Ormesson"),
        ("By Harry Connick Jr.", "Harry Connick Jr."),
        ("By Juan de la Cruz", "Juan de la Cruz"),
        ("By Ann Lee, staff writer", "Ann Lee"),
        ("By Ann Lee and Bo Chen, for the Harbour Times", "Ann Lee、Bo Chen"),
    ],
)
def test_bylines_with_particles_desk_words_and_roles(byline: str, author: str) -> None:
    body = f"<h1>Harbour reopens</h1><p>{byline}</p>" + EN_TEXT + EN_END
    assert extract(page("", body, lang="en"))["author"] == author


def test_json_ld_names_are_names_whatever_their_case() -> None:
    head = ld('[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"bell hooks"}]')
    body = "<h1>Harbour reopens</h1>" + EN_TEXT + EN_END
    assert extract(page(head, body, lang="en"))["author"] == "Ann Lee、bell hooks"


SITE_META = '<meta name="SiteName" content="{site}"><meta name="author" content="{author}">'


@pytest.mark.parametrize(
    ("head", "author"),
    [
        # the site in <meta name="author">, whichever of the two names is longer
        (SITE_META.format(site="某某区人民政府门户网站", author="某某区人民政府"), None),
        (SITE_META.format(site="某某区人民政府", author="某某区人民政府门户网站"), None),
    ],
)
def test_the_site_in_meta_author_either_way_round(head: str, author: str | None) -> None:
    assert extract(page(head, "<h1>活动举行</h1>" + BODY))["author"] == author


@pytest.mark.parametrize(
    ("credit", "author"),
    [("本报讯（记者 王小五 发自北京）", "王小五"), ("本报讯（记者 王小五 发自 北京）", "王小五")],
)
def test_the_place_a_reporter_filed_from_is_no_name(credit: str, author: str) -> None:
    text = "8月28日，区体育局举办全民健身日活动，各街镇代表队参加了比赛，现场气氛热烈。"
    body = (
        f'<h1>全民健身日活动举行</h1><div class="TRS_Editor"><p>{credit}{text}</p>{PARA * 2}</div>'
    )
    assert extract(page("", body))["author"] == author


def test_a_sentence_with_yu_and_fabiao_is_no_posting_credit() -> None:
    body = "<h1>活动举行</h1><div>该论文于2023年5月在《自然》发表</div>" + BODY
    assert extract(page("", body))["author"] is None


def test_what_the_page_hides_elsewhere_does_not_replace_a_short_article() -> None:
    short = (
        "<p>8月28日，区体育局举办全民健身日活动。</p><p>各街镇代表队参加了比赛，现场气氛热烈。</p>"
    )
    teasers = "".join(
        f"<p>第{i}条：市政府召开常务会议，研究部署稳增长工作，要求各地各部门抓好政策落实。</p>"
        for i in range(6)
    )
    hidden = f'<div class="tabs" style="display:none"><div class="tab-panel">{teasers}</div></div>'
    html = page("", f'<h1>活动举行</h1><div class="content">{short}</div>{hidden}')
    text = str(extract(html)["body"])
    assert "全民健身日" in text and "常务会议" not in text


@pytest.mark.parametrize(
    "tail",
    [
        "<p>相关新闻</p><p>我区召开2024年第一季度安全生产工作会议暨部署会</p>"
        "<p>区委书记带队调研重点项目建设推进情况和成效</p>",
        "<p>关键词</p><p>全民健身</p><p>体育局</p>",
    ],
)
def test_a_list_of_plain_titles_or_keywords_after_the_article_is_cut(tail: str) -> None:
    paras = "".join(PARA.replace("8月28日", f"8月28日第{i}场") for i in range(3))
    body = f'<h1>活动举行</h1><div class="article-content">{paras}{tail}</div>'
    text = str(extract(page("", body))["body"])
    assert text.count("8月28日") == 3
    assert "安全生产" not in text and "体育局\n" not in text and "关键词" not in text


# ------------------------------------------------------------------------ third review ---


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        # a section name in the <h1> does not beat the headline the <title> gives
        (
            "<title>我区召开安全生产工作会议_某某区人民政府</title>",
            "<h1>政务公开</h1>",
            "我区召开安全生产工作会议",
        ),
        # a page-wide ASP.NET <form> or an article's own <header> is no page chrome
        (
            "<title>某某区人民政府</title>",
            '<form id="form1"><div class="title">关于开展全民健身日活动的通知</div></form>',
            "关于开展全民健身日活动的通知",
        ),
        (
            "<title>某某区人民政府</title>",
            "<article><header><h2>关于开展全民健身日活动的通知</h2></header></article>",
            "关于开展全民健身日活动的通知",
        ),
        # the portal's name after ｜ or — is cut like after _
        ("<title>让群众少跑腿｜某某区人民政府</title>", "", "让群众少跑腿"),
        ("<title>我区召开安全生产工作会议—某某区人民政府</title>", "", "我区召开安全生产工作会议"),
        (
            "<title>我区召开安全生产工作会议_某某区融媒体中心</title>",
            "",
            "我区召开安全生产工作会议",
        ),
        (
            "<title>中华人民共和国中央人民政府</title>",
            "<h1>国务院常务会议召开</h1>",
            "国务院常务会议召开",
        ),
    ],
)
def test_titles_on_portals_third_review(head: str, body: str, title: str) -> None:
    assert extract(page(head, body + BODY))["title"] == title


def test_an_article_revealed_by_script_beats_a_small_visible_box() -> None:
    paras = "".join(PARA.replace("8月28日", f"8月28日第{i}场") for i in range(6))
    html = page(
        "<title>活动举行_某某区人民政府</title>",
        f'<h1>活动举行</h1><div id="zoom" style="display:none">{paras}</div>'
        '<div class="footer-info">主办单位：某某区人民政府办公室 承办单位：某某区大数据中心</div>',
    )
    assert str(extract(html)["body"]).count("8月28日") == 6


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("Von Anna Berg, dpa", "Anna Berg、dpa"),
        ("By Tuesday, crews had left", None),
        ("Von Hamburg und Bremen aus", None),
        ("Von Anna Berg (Text) und Jan Roth (Fotos)", "Anna Berg、Jan Roth"),
        ("By Ann Smith et al.", "Ann Smith"),
        ("By Ann Lee Updated April 24, 2024", "Ann Lee"),
        ("By Ann Lee, Ph.D.", "Ann Lee"),
    ],
)
def test_bylines_third_review(byline: str, author: str | None) -> None:
    body = f"<h1>Harbour reopens</h1><p>{byline}</p>" + EN_TEXT + EN_END
    assert extract(page("", body, lang="en"))["author"] == author


def test_where_a_reporter_filed_from_anywhere_in_the_credit() -> None:
    text = "8月28日，区体育局举办全民健身日活动，各街镇代表队参加了比赛，现场气氛热烈。"
    for credit in ("本报讯（记者 发自北京 王小五）", "本报讯（发自北京 记者 王小五）"):
        body = (
            f'<h1>全民健身日活动举行</h1><div class="TRS_Editor"><p>{credit}{text}</p>{PARA}</div>'
        )
        assert extract(page("", body))["author"] == "王小五"


def test_published_in_a_paper_is_no_posting_credit() -> None:
    body = "<h1>活动举行</h1><div>该文章于2024年4月24日发表于《人民日报》</div>" + BODY
    assert extract(page("", body))["author"] is None


# ------------------------------------------- fourth review: whole portal and paper pages ---

TXT = [
    "今年以来，我区坚持把项目建设作为推动高质量发展的重要抓手，持续优化营商环境，各项工作取得积极成效。",
    "一季度，全区共实施重点项目86个，完成投资58.6亿元，同比增长12.3%，项目建设呈现加速推进的良好态势。",
    "下一步，我区将继续围绕年度目标任务，强化要素保障，压实工作责任，推动更多项目早开工、早建成、早见效。",
]
HEADLINE = "我区一季度重点项目建设开局良好"
INFO = f"<h1>{HEADLINE}</h1><div>发布时间：2024-04-24 09:15 来源：区发改委</div>"


def portal(
    head: str = "", before: str = "", info: str = INFO, end: str = "", after: str = ""
) -> str:
    paras = "".join(f"<p>{t}</p>" for t in TXT) + end
    return page(head, f"{before}{info}<div class='content'>{paras}</div>{after}")


@pytest.mark.parametrize(
    "head",
    [
        "<title>长丰县融媒体中心</title>",
        "<title>文章详情</title>",
        f"<title>宁川日报数字报-{HEADLINE}</title>",
    ],
)
def test_a_template_title_gives_way_to_an_h1_with_its_own_byline(head: str) -> None:
    assert extract(portal(head))["title"] == HEADLINE


def test_disclosure_cells_without_colons_and_the_publication_date() -> None:
    table = (
        "<table><tr><td>发布机构</td><td>东湖区教育体育局</td></tr><tr><td>成文日期</td>"
        "<td>2024-04-10</td><td>发布日期</td><td>2024-04-16</td></tr></table>"
    )
    record = extract(portal(f"<title>{HEADLINE}</title>", table, f"<h1>{HEADLINE}</h1>"))
    assert (record["author"], record["published_at"]) == ("东湖区教育体育局", "2024-04-16")


def test_a_disclosure_page_titled_site_and_channel_takes_the_name_cell() -> None:
    table = (
        "<table><tr><td>发布日期</td><td>2024-04-16</td></tr>"
        f"<tr><td>名称</td><td>{HEADLINE}</td></tr></table>"
    )
    record = extract(portal("<title>东湖区人民政府-政府信息公开</title>", table, ""))
    assert (record["title"], record["published_at"]) == (HEADLINE, "2024-04-16")


@pytest.mark.parametrize(
    ("end", "after", "editor"),
    [
        ("<p>编辑：沈佳怡 审核：许海洋</p>", "", "沈佳怡"),
        ("", '<div class="post_author">本文来源：澎湃新闻 责任编辑：王晓宇_NN1206</div>', "王晓宇"),
    ],
)
def test_editors_closing_the_article_or_after_it(end: str, after: str, editor: str) -> None:
    assert extract(portal(f"<title>{HEADLINE}</title>", end=end, after=after))["editor"] == editor


def test_the_headline_linked_in_a_sidebar_first_does_not_anchor_the_byline() -> None:
    side = (
        f'<ul><li><a href="/1">{HEADLINE}</a></li>'
        '<li><a href="/2">江北区召开经济形势分析会</a><span>2024-04-23</span></li></ul>'
    )
    record = extract(portal(f"<title>{HEADLINE}</title>", side, INFO.replace("h1", "h2")))
    assert record["published_at"] == "2024-04-24T09:15:00+08:00"


@pytest.mark.parametrize(
    ("crumbs", "section"),
    [
        ("<div>当前位置：<a>首页</a> - <a>政务公开</a> - <a>通知公告</a></div>", "通知公告"),
        (f"<div>当前位置：<a>首页</a> &gt; <a>新闻</a> &gt; {HEADLINE}</div>", "新闻"),
        ('<div class="crumb"><a>网易新闻</a> &gt; <a>社会</a> &gt; 正文</div>', "社会"),
    ],
)
def test_breadcrumb_sections(crumbs: str, section: str) -> None:
    assert extract(portal(f"<title>{HEADLINE}</title>", crumbs))["section"] == section


@pytest.mark.parametrize(
    ("end", "author"),
    [
        ("<p>（县农业农村局 供稿：王建军）</p>", "王建军"),
        ("<p>文字：区融媒体中心 林晓 图片：冯涛</p>", "林晓"),
        ("<p>来源：县农业农村局 作者：王建军</p>", "王建军"),
    ],
)
def test_closing_credits_with_labels(end: str, author: str) -> None:
    assert extract(portal(f"<title>{HEADLINE}</title>", end=end))["author"] == author


def test_a_fuller_dateline_credit_widens_the_byline() -> None:
    info = INFO.replace("来源", "作者：蒋文博 来源")
    html = portal(f"<title>{HEADLINE}</title>", info=info).replace(
        "<div class='content'>",
        "<div class='content'><p>本报讯（记者 蒋文博 林珊珊 通讯员 王小军）"
        "今年以来，我区持续优化营商环境。</p>",
    )
    assert extract(html)["author"] == "蒋文博、林珊珊"


def test_a_commenter_is_no_author() -> None:
    comments = (
        '<div class="pinglun"><div><span class="author">山城小雨</span>'
        "<span>2024-04-24 10:12</span><p>家乡越来越好了！</p></div></div>"
    )
    assert extract(portal(f"<title>{HEADLINE}</title>", after=comments))["author"] is None


def test_attachments_stay_and_the_xinhua_correction_line_goes() -> None:
    end = '<p>附件：<a href="a.docx">申报表.docx</a></p><p>【纠错】 【责任编辑:张晓晨】</p>'
    body = str(extract(portal(f"<title>{HEADLINE}</title>", end=end))["body"])
    assert body.endswith("附件：申报表.docx")


def test_english_byline_with_its_role_run_together() -> None:
    byline = (
        '<div class="byline"><span>By <a href="/a/dw">Dana Whitfield</a></span>'
        "<span>Staff Writer</span><time>Apr 24, 2024</time></div>"
    )
    body = "<h1>Harbour reopens</h1>" + byline + EN_TEXT + EN_END
    assert extract(page("", body, lang="en"))["author"] == "Dana Whitfield"


def test_numbered_attachments_after_the_first_stay() -> None:
    end = (
        '<p>附件：1.<a href="a.docx">申报表.docx</a></p>'
        '<p>\u3000\u3000\u30002.<a href="b.pdf">区级重点项目申报指南.pdf</a></p>'
    )
    body = str(extract(portal(f"<title>{HEADLINE}</title>", end=end))["body"])
    assert "申报表.docx" in body and "申报指南.pdf" in body


def test_an_unlabelled_trail_ending_in_zhengwen_gives_the_section() -> None:
    crumbs = '<div>宁川新闻网 &gt;&gt; <a href="/news/local/">本地新闻</a> &gt;&gt; 正文</div>'
    assert extract(portal(f"<title>{HEADLINE}</title>", crumbs))["section"] == "本地新闻"


# --------------------------------------------------- fifth review: more portal shapes ---


def test_a_photo_credit_is_not_the_articles_byline() -> None:
    paras = "".join(f"<p>{t}</p>" for t in TXT)
    body = (
        f"<h1>{HEADLINE}</h1><div>2024-04-25 07:45 来源：宁川日报</div><div class='c'>"
        f"<p>记者 周明远</p>{paras}<p>4月24日，盾构机顺利接收。 记者 黄涛 摄</p>{paras}</div>"
    )
    assert extract(page(f"<title>{HEADLINE}</title>", body))["author"] == "周明远"


def test_several_editors_closing_an_article() -> None:
    end = '<div class="edit">(责编：罗昱、高红霞)</div>'
    assert extract(portal(f"<title>{HEADLINE}</title>", end=end))["editor"] == "罗昱、高红霞"


@pytest.mark.parametrize(
    ("head", "body", "source"),
    [
        ('<meta name="source" content="来源：四川日报 原创稿">', "", "四川日报"),
        (
            "",
            '<span class="source">宁川日报</span> <span class="time">2024-04-25 07:45</span>',
            "宁川日报",
        ),
    ],
)
def test_sources_from_meta_and_marked_elements(head: str, body: str, source: str) -> None:
    info = f"<h1>{HEADLINE}</h1><div>{body}</div>"
    assert extract(portal(f"<title>{HEADLINE}</title>{head}", info=info))["source"] == source


def test_a_breadcrumb_of_links_in_a_route_element() -> None:
    crumbs = (
        '<div class="route"><a href="/">人民网</a>&gt;&gt;<a href="/sc/">四川频道</a>'
        '&gt;&gt;<a href="/sc/sz/">市州</a></div>'
    )
    assert extract(portal(f"<title>{HEADLINE}</title>", crumbs))["section"] == "市州"


def test_wechat_furniture_leaves_the_body() -> None:
    end = (
        "<p>— END —</p><p>往期推荐</p><p><a href='https://mp.weixin.qq.com/s/x'>古城墙五一开放！</a></p>"
        "<p>分享、点赞、在看，给个三连吧！</p>"
    )
    html = portal(f"<title>{HEADLINE}</title>", end=end).replace(
        "<div class='content'>", "<div class='content'><p>点击上方蓝字 关注我们</p>"
    )
    body = str(extract(html)["body"])
    assert body.startswith(TXT[0]) and body.endswith(TXT[-1])


def test_english_labels_on_a_chinese_citys_english_portal() -> None:
    info = (
        "<h1>Harbour reopens</h1>"
        "<div>Updated: 2024-04-23 15:06 Source: Ningchuan Daily Font size: A+ A-</div>"
    )
    html = page("", info + EN_TEXT + EN_END + '<div class="editor">Editor: Li Na</div>', lang="en")
    record = extract(html)
    assert (record["source"], record["editor"]) == ("Ningchuan Daily", "Li Na")


def test_a_department_sites_own_name_in_the_title_gives_way() -> None:
    table = (
        '<table><tr><td class="biaoti">金河县秋季学期开学工作顺利完成</td></tr>'
        "<tr><td>信息来源：县教育局 发布时间：2021-9-3 16:20:11</td></tr>"
        f"<tr><td>{PARA * 3}</td></tr></table>"
    )
    assert (
        extract(page("<title>金河县教育局网站</title>", table))["title"]
        == "金河县秋季学期开学工作顺利完成"
    )


# ---------------------------------------------- sixth review: rules that reached too far ---


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("By Sarah Martin", "Sarah Martin"),
        ("By Anna Novak", "Anna Novak"),
        ("By Tom May", "Tom May"),
    ],
)
def test_surnames_that_start_like_months(byline: str, author: str) -> None:
    body = f"<h1>Harbour reopens</h1><p>{byline}</p>" + EN_TEXT + EN_END
    assert extract(page("", body, lang="en"))["author"] == author


def test_the_writer_who_took_the_pictures_too() -> None:
    info = f"<h1>{HEADLINE}</h1><div>记者 张小三 文/图</div>"
    assert extract(portal(f"<title>{HEADLINE}</title>", info=info))["author"] == "张小三"


def test_a_column_h1_above_the_headline_is_no_title() -> None:
    info = (
        f"<h1>工作动态</h1><div class='tit'>{HEADLINE}</div>"
        "<div>来源：区发改委 发布时间：2024-04-16</div>"
    )
    html = portal(f"<title>{HEADLINE}_宁川新闻网</title>", info=info)
    assert extract(html)["title"] == HEADLINE


def test_padding_classes_hide_no_author() -> None:
    body = (
        '<h1>Harbour reopens</h1><div class="col-md-8 pl-3"><span class="author">Jane Doe</span>'
        + EN_TEXT
        + EN_END
        + "</div>"
    )
    assert extract(page("", body, lang="en"))["author"] == "Jane Doe"


@pytest.mark.parametrize(
    ("end", "author"),
    [("<p>文/张小三 图/李小四 编辑/王小五</p>", "张小三"), ("<p>打印本文 | 关闭窗口</p>", None)],
)
def test_closing_credits_stop_at_the_staff(end: str, author: str | None) -> None:
    assert extract(portal(f"<title>{HEADLINE}</title>", end=end))["author"] == author


@pytest.mark.parametrize(
    "before",
    [
        '<div class="position-relative"><a href="/">宁川新闻网</a></div>',
        '<span class="location">北京</span>',
        "<p>位置在县城东南的万亩良田/示范区已开始春耕。</p>",
    ],
)
def test_no_section_from_things_that_only_look_like_trails(before: str) -> None:
    assert extract(portal(f"<title>{HEADLINE}</title>", before))["section"] is None


def test_marked_sources_in_widgets_and_lists_are_not_the_articles() -> None:
    after = (
        '<div class="share"><span class="from">分享到：</span></div>'
        '<ul><li><a href="/2">另一条新闻</a><span class="source">宁川发布</span></li></ul>'
    )
    info = f"<h1>{HEADLINE}</h1><div>发布时间：2024-04-24 09:15</div>"
    assert extract(portal(f"<title>{HEADLINE}</title>", info=info, after=after))["source"] is None


def test_a_logo_h1_that_is_a_part_of_the_title_is_no_headline() -> None:
    html = page(
        "<title>关于停水的通知-宁川市自来水有限公司</title>",
        "<h1>宁川市自来水有限公司</h1>" + BODY,
    )
    assert str(extract(html)["title"]).startswith("关于停水的通知")


def test_a_download_list_is_no_attachment() -> None:
    end = '<p><a href="/a.pdf">2024年部门预算公开.pdf</a></p><p><a href="/x">附件下载专区</a></p>'
    body = str(extract(portal(f"<title>{HEADLINE}</title>", end=end))["body"])
    assert "部门预算公开" not in body


def test_an_updated_date_is_never_the_publication_date() -> None:
    # not even when nothing else dates the page: an unknown day is better than a wrong one
    body = "<h1>Harbour reopens</h1><p>Updated: April 16, 2024</p>" + EN_TEXT + EN_END
    assert extract(page("", body, lang="en"), "http://a.example/story")["published_at"] is None


def test_a_closing_photo_credit_is_no_byline() -> None:
    assert (
        extract(portal(f"<title>{HEADLINE}</title>", end="<p>（记者 黄小涛 摄）</p>"))["author"]
        is None
    )


# ------------------------------------ Chinese bylines as written, and credits with roles ---


UNDATED_URL = "http://www.example.cn/xwzx/content_5091.html"


def credits_of(record: dict[str, object]) -> list[tuple[str, str]]:
    raw = record["credits"]
    assert isinstance(raw, list)
    return [(c["name"], c["role"]) for c in raw]


@pytest.mark.parametrize(
    ("end", "author", "credits"),
    [
        ("<p>（总台记者 张小倩）</p>", "张小倩", [("张小倩", "reporter")]),
        (
            "<p>（常小香 马小阳）</p>",
            "常小香、马小阳",
            [("常小香", "writer"), ("马小阳", "writer")],
        ),
        (
            "<p>（文/图 刘小东 易小楠）</p>",
            "刘小东、易小楠",
            [
                ("刘小东", "writer"),
                ("刘小东", "photographer"),
                ("易小楠", "writer"),
                ("易小楠", "photographer"),
            ],
        ),
        ("<p>撰稿：李小明</p>", "李小明", [("李小明", "writer")]),
        ("<p>供稿：区农业农村局 王小军</p>", "王小军", [("王小军", "writer")]),
    ],
)
def test_closing_credits_as_papers_write_them(
    end: str, author: str, credits: list[tuple[str, str]]
) -> None:
    record = extract(portal(f"<title>{HEADLINE}</title>", end=end))
    assert record["author"] == author
    assert credits_of(record) == credits


@pytest.mark.parametrize(
    "end",
    [
        "<p>（待续）</p>",
        "<p>（完）</p>",
        "<p>（新华社）</p>",
        "<p>（据人民网）</p>",
        # outlets named like people: a surname, then an outlet's ending
        "<p>（华商报）</p>",
        "<p>（金羊网）</p>",
    ],
)
def test_a_closing_bracket_that_names_nobody_is_no_credit(end: str) -> None:
    record = extract(portal(f"<title>{HEADLINE}</title>", end=end))
    assert (record["author"], record["credits"]) == (None, [])


@pytest.mark.parametrize(
    ("byline", "author", "credits"),
    [
        ("河南商报记者马小峰/文", "马小峰", [("马小峰", "reporter")]),
        ("文/张小三", "张小三", [("张小三", "writer")]),
        ("撰稿：李小明", "李小明", [("李小明", "writer")]),
        ("供稿：区体育局", None, []),
        (
            "本报记者 张小三 摄影 李小四",
            "张小三",
            [("张小三", "reporter"), ("李小四", "photographer")],
        ),
        (
            "作者：张小三 编辑：李小四 审核：王小五",
            "张小三",
            [("张小三", "writer"), ("李小四", "editor"), ("王小五", "reviewer")],
        ),
    ],
)
def test_bylines_under_the_headline_as_written(
    byline: str, author: str | None, credits: list[tuple[str, str]]
) -> None:
    info = f"<h1>{HEADLINE}</h1><div>{byline}</div><div>2024-04-24 09:15</div>"
    record = extract(portal(f"<title>{HEADLINE}</title>", info=info))
    assert record["author"] == author
    assert credits_of(record) == credits


def test_a_role_word_run_into_a_sentence_is_still_no_credit() -> None:
    info = f"<h1>{HEADLINE}</h1><div>记者采访了解，活动很成功。</div>"
    record = extract(portal(f"<title>{HEADLINE}</title>", info=info))
    assert (record["author"], record["credits"]) == (None, [])


def test_a_correspondent_is_credited_but_the_reporter_is_the_author() -> None:
    first = "<p>本报讯（记者 张小丽 通讯员 孙小悦）今年以来，我区持续优化营商环境，成效明显。</p>"
    html = portal(f"<title>{HEADLINE}</title>").replace(
        "<div class='content'>", "<div class='content'>" + first
    )
    record = extract(html)
    assert record["author"] == "张小丽"
    assert credits_of(record) == [("张小丽", "reporter"), ("孙小悦", "correspondent")]


def test_a_correspondent_is_the_author_only_when_no_reporter_is_named() -> None:
    info = f"<h1>{HEADLINE}</h1><div>通讯员 孙小悦</div><div>2024-04-24 09:15</div>"
    alone = extract(portal(f"<title>{HEADLINE}</title>", info=info))
    assert alone["author"] == "孙小悦"
    # the reporter the closing credit names, further down, is the author all the same
    both = extract(portal(f"<title>{HEADLINE}</title>", info=info, end="<p>（记者 张小丽）</p>"))
    assert both["author"] == "张小丽"
    assert credits_of(both) == [("孙小悦", "correspondent"), ("张小丽", "reporter")]


def test_the_editor_and_reviewer_closing_an_article_are_credited_not_authors() -> None:
    end = "<p>（记者 张小丽）</p><p>编辑：沈小怡 审核：许小洋</p>"
    record = extract(portal(f"<title>{HEADLINE}</title>", end=end))
    assert (record["author"], record["editor"]) == ("张小丽", "沈小怡")
    assert credits_of(record) == [
        ("张小丽", "reporter"),
        ("沈小怡", "editor"),
        ("许小洋", "reviewer"),
    ]


def test_a_forum_post_credits_its_poster_and_dates_the_post() -> None:
    body = (
        "<table><tr><td><b>全民健身日活动举行</b></td></tr>"
        "<tr><td>ggjjzhzz 发表于 2005-9-15 11:46</td></tr></table>" + BODY
    )
    record = extract(page("<title>全民健身日活动举行 - 某某论坛</title>", body))
    assert record["author"] == "ggjjzhzz"
    assert record["published_at"] == "2005-09-15T11:46:00+08:00"
    assert credits_of(record) == [("ggjjzhzz", "poster")]


def test_a_blog_post_dated_with_fabiaoyu_and_its_author_label() -> None:
    body = "<h1>全民健身日活动举行</h1><div>发表于：2005-09-15 | 作者：清风徐来</div>" + BODY
    record = extract(page("<title>全民健身日活动举行</title>", body))
    assert (record["author"], record["published_at"]) == ("清风徐来", "2005-09-15")


def test_the_poster_yields_to_a_reporter_the_text_names() -> None:
    first = (
        "<p>新华社北京8月28日电（记者 王小明）区体育局28日举办全民健身日活动，现场气氛热烈。</p>"
    )
    body = (
        "<h1>全民健身日活动举行</h1><div>admin 于2022年08月29日发表</div>"
        f'<div class="TRS_Editor">{first}{PARA * 2}</div>'
    )
    record = extract(page("", body))
    assert record["author"] == "王小明"
    assert credits_of(record) == [("admin", "poster"), ("王小明", "reporter")]


@pytest.mark.parametrize(
    "note",
    [
        "<p>[作者简介] 张小三，男，1970年生，某大学教授。</p>",
        "<p>【作者简介】</p><p>张小三，某大学教授。</p>",
    ],
)
def test_an_authors_note_names_the_writer(note: str) -> None:
    record = extract(portal(f"<title>{HEADLINE}</title>", end=note))
    assert record["author"] == "张小三"
    assert credits_of(record) == [("张小三", "writer")]


@pytest.mark.parametrize(
    ("cells", "author", "date"),
    [
        (
            "<td>作者：王小明</td><td>2005-9-15 11:46:00</td>",
            "王小明",
            "2005-09-15T11:46:00+08:00",
        ),
        ("<td>作者：</td><td>王小明</td><td>日期：</td><td>2005-9-15</td>", "王小明", "2005-09-15"),
        (
            "<td>发布日期</td><td>2005-09-15</td><td>记者</td><td>王小明</td>",
            "王小明",
            "2005-09-15",
        ),
    ],
)
def test_an_old_portal_byline_in_table_cells_beside_the_date(
    cells: str, author: str, date: str
) -> None:
    body = f"<table><tr><td><b>全民健身日活动举行</b></td></tr><tr>{cells}</tr></table>" + BODY
    record = extract(page("<title>全民健身日活动举行</title>", body))
    assert (record["author"], record["published_at"]) == (author, date)


def test_a_date_in_the_url_path_when_the_page_shows_none() -> None:
    body = "<h1>全民健身日活动举行</h1>" + BODY
    record = extract(page("", body), "http://www.example.cn/news/2005/09/15/123.html")
    assert record["published_at"] == "2005-09-15"


def test_a_document_date_alone_is_no_publication_date() -> None:
    body = "<h1>关于全民健身日活动的通知</h1><div>成文日期：2024-04-20</div>" + BODY
    assert extract(page("", body), UNDATED_URL)["published_at"] is None
    # beside a 发布日期, the 发布日期 it is
    body = body.replace("</div>", "</div><div>发布日期：2024-04-24</div>", 1)
    assert extract(page("", body), UNDATED_URL)["published_at"] == "2024-04-24"


def test_a_date_only_a_comment_holds_is_never_the_pages() -> None:
    stamp = "<!-- published at 2004-10-13 14:01:37 by system -->"
    html = page(stamp, "<h1>全民健身日活动举行</h1>" + BODY)
    assert extract(html, UNDATED_URL)["published_at"] is None


def test_a_page_modified_date_in_the_footer_is_no_publication_date() -> None:
    html = page(
        "",
        "<h1>Harbour reopens</h1>"
        + EN_TEXT
        + EN_END
        + "<footer><p>This page was last modified on 4 November 2020, at 19:23.</p></footer>",
        lang="en",
    )
    assert extract(html, "http://a.example/wiki/Harbour")["published_at"] is None


def test_metadata_authors_follow_the_visible_credits() -> None:
    head = '<script type="application/ld+json">{"@type":"NewsArticle","author":"王小明"}</script>'
    body = "<h1>活动举行</h1><div>责任编辑：李小华</div>" + BODY
    record = extract(page(head, body))
    assert record["author"] == "王小明"
    assert credits_of(record) == [("李小华", "editor"), ("王小明", "writer")]


# ---------------------------------------------- old portals, forums and blogs, by hand ---


def test_without_an_h1_the_head_titles_part_the_page_shows_is_the_headline() -> None:
    html = page(
        f"<title>某某网--{HEADLINE}</title>",
        f"<table><tr><td align=center><font class='fbiaoti'>{HEADLINE}</font></td></tr>"
        "<tr><td>（2005年09月15日 第五版）</td></tr></table><div class='content'>"
        + "".join(f"<p>{t}</p>" for t in TXT)
        + "</div>",
    )
    assert extract(html)["title"] == HEADLINE


def test_a_forum_posts_author_cell() -> None:
    post = (
        f"<h1>{HEADLINE}</h1><table><tr><td class='postauthor'><cite><a>ggjjzhzz</a></cite>"
        "<p>帖子 12 积分 30</p></td><td class='postcontent'><div>发表于 2005-9-15 11:46</div>"
        + "".join(f"<p>{t}</p>" for t in TXT)
        + "</td></tr></table>"
    )
    record = extract(page(f"<title>{HEADLINE} - 某某论坛</title>", post), UNDATED_URL)
    assert (record["author"], record["published_at"]) == ("ggjjzhzz", "2005-09-15T11:46:00+08:00")


@pytest.mark.parametrize(
    "head",
    [
        f"<title>{HEADLINE}_张小明的博客_某某博客</title>",
        f"<title>{HEADLINE}-张小明的博客-CSDN博客</title>",
    ],
)
def test_a_blogs_name_gives_its_writer(head: str) -> None:
    html = portal(head, info=f"<h2>{HEADLINE}</h2><div>(2006-05-12 10:23:45)</div>")
    record = extract(html)
    assert (record["title"], record["author"]) == (HEADLINE, "张小明")
    assert credits_of(record) == [("张小明", "writer")]


def test_a_body_credited_as_the_author_when_no_person_is() -> None:
    info = f"<h1>{HEADLINE}</h1><div>发布时间：2005-09-15　浏览次数：123　作者：党委宣传部</div>"
    record = extract(portal(f"<title>{HEADLINE}</title>", info=info))
    assert (record["author"], record["credits"]) == ("党委宣传部", [])


def test_a_peoples_daily_url_gives_the_day() -> None:
    url = "http://society.example.com.cn/n1/2016/0915/c1008-28716234.html"
    assert extract(page("", "<h1>活动举行</h1>" + BODY), url)["published_at"] == "2016-09-15"


@pytest.mark.parametrize(
    "header", ["今天是2026年11月29日 星期日", "2026年11月29日 星期日 欢迎访问某某网"]
)
def test_the_site_headers_today_is_no_publication_date(header: str) -> None:
    html = page("", f"<div class='top'>{header}</div><h1>活动举行</h1>" + BODY)
    assert extract(html, UNDATED_URL)["published_at"] is None


@pytest.mark.parametrize(
    ("byline", "date"),
    [
        ("作者：王小五 更新时间：2005-9-15", None),
        ("作者：王小五 发布时间：2005-9-10 更新时间：2005-9-15", "2005-09-10"),
        ("2005-9-10 | 更新于 2005-9-15", "2005-09-10"),
    ],
)
def test_a_date_after_an_update_label_is_never_the_publication(
    byline: str, date: str | None
) -> None:
    html = page("", f"<h1>活动举行</h1><div>{byline}</div>" + BODY)
    assert extract(html, UNDATED_URL)["published_at"] == date
