"""`fallback = false` in a profile's article rules: a field with selectors is what they find,
the generic extractor fills only the fields without one; by default it fills every gap."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from newsarchive.extract.article import parse_article
from newsarchive.extract.html import make_selector
from newsarchive.items import Article
from newsarchive.sites import SiteListError, get_site, load_registry
from newsarchive.sites.base import ArticleRules, Css, Site

URL = "http://127.0.0.1/a/20240505/1.html"
PAGE = """<html><head><title>区体育局举办全民健身活动_示例区</title></head><body>
<div class="main"><h1 class="title">区体育局举办全民健身活动</h1>
<div class="info"><span class="time">2024-05-05 10:22:33</span>
<span>来源：区体育局</span></div><div class="byline">记者 张三</div>
<div class="content"><p>第一段，区体育局在体育中心举办全民健身活动，市民踊跃参加，现场气氛热烈。</p>
<p>第二段，活动设置了跑步、跳绳、太极拳等项目，吸引了各年龄段的居民前来参与。</p>
<p>（责任编辑：王芳）</p></div></div></body></html>"""


def site(fallback: bool) -> Site:
    rules = ArticleRules(
        title=Css("h1.title"),
        # the minute only: the page shows the seconds elsewhere
        published_at=Css("meta[name=PubDate]::attr(content)"),
        author=Css("span.author"),  # no such element on this template
        editor=Css("div.editor"),
        body=Css("div.content"),
        fallback=fallback,
    )
    return replace(get_site("demo"), article=rules)


def read(html: str, profile: Site) -> Article:
    return parse_article(make_selector(html), URL, profile)


def with_pubdate(html: str) -> str:
    return html.replace("<head>", '<head><meta name="PubDate" content="2024-05-05 10:22">')


def test_by_default_the_generic_extractor_fills_what_the_selectors_miss() -> None:
    article = read(with_pubdate(PAGE), site(True))
    assert article.author == "张三"
    assert article.editor == "王芳"
    assert article.published_at == "2024-05-05T10:22:33+08:00"  # refined by the byline
    assert article.source == "区体育局"


def test_without_fallback_a_field_with_selectors_is_what_they_find() -> None:
    article = read(with_pubdate(PAGE), site(False))
    assert article.author is None
    assert article.editor is None
    assert article.published_at == "2024-05-05T10:22:00+08:00"
    # no selector for the source: the generic extractor still reads it
    assert article.source == "区体育局"
    assert article.title == "区体育局举办全民健身活动"
    assert article.body is not None and article.body.startswith("第一段")
    # what the selectors find is kept as before
    found = read(PAGE.replace("记者 张三", '<span class="author">张三</span>'), site(False))
    assert found.author == "张三"
    assert [c for c in found.credits if c[1] == "writer"] == [("张三", "writer")]


def test_without_fallback_a_body_selector_that_finds_nothing_leaves_no_body() -> None:
    broken = PAGE.replace('class="content"', 'class="article-text"')
    assert read(broken, site(True)).body is not None
    assert read(broken, site(False)).body is None
    # a title selector a redesign broke leaves the title empty, not guessed from <title>
    assert read(broken.replace('class="title"', ""), site(False)).title is None
    assert read(broken.replace('class="title"', ""), site(True)).title == "区体育局举办全民健身活动"


def test_without_fallback_a_placeholder_notice_is_still_the_body() -> None:
    cleared = (
        "<html><body><h1 class='title'>区体育局举办全民健身活动</h1>"
        "<p>标题和内容已经清空，该信息已删除</p><div class='nav'>首页 | 新闻 | 政务</div>"
        "</body></html>"
    )
    article = read(cleared, site(False))
    assert article.body == "标题和内容已经清空，该信息已删除"


def test_fallback_is_read_from_the_site_list(tmp_path: Path) -> None:
    path = tmp_path / "sites.toml"
    path.write_text(
        '[sites.a]\nname = "A"\nstart_urls = ["http://a.cn/"]\n\n'
        '[sites.a.article]\nbody = "div#zoom"\nfallback = false\n',
        "utf-8",
    )
    assert load_registry(path).get("a").article.fallback is False
    path.write_text(path.read_text("utf-8").replace("fallback = false", 'fallback = "no"'), "utf-8")
    with pytest.raises(SiteListError, match=r"sites\.toml:7: \[sites\.a\] fallback must be"):
        load_registry(path)
    path.write_text(
        '[sites.a]\nname = "A"\nstart_urls = ["http://a.cn/"]\n\n'
        "[sites.a.listing]\nfallback = false\n",
        "utf-8",
    )
    with pytest.raises(SiteListError, match="unknown key 'fallback'"):
        load_registry(path)
