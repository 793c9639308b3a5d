"""Placeholder pages and site-name tails on the generic path (no profile, `--start-url`).

A page the CMS cleared or deleted behind a normal-looking row keeps its template: the banner,
the neighbour links, a list of other articles. The generic reader must still see the notice
under the headline and hand the page on as a placeholder (dropped as `placeholder/<marker>`),
not archive the banner as its body, nor call the page a listing because of the list.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.sitegen import generate
from newsarchive.extract.article import read_article_page
from newsarchive.extract.processors import matches_placeholder
from newsarchive.server import LocalSite
from newsarchive.sites import adhoc_site, adhoc_slug
from tests.conftest import read_jsonl, run_cli
from tools.sitekit import templates as kit

SITE = adhoc_site(["http://127.0.0.1:8000/news/index.html"], "generic")
URL = "http://127.0.0.1:8000/news/a.html"
PARAS = (
    "区委宣传部今天召开专题会议，部署下一阶段的重点工作。会议要求各部门抓好落实，按时报送进展。",
    "会议指出，要坚持问题导向，聚焦群众关心的热点难点问题。各单位要切实解决实际困难。",
    "会议强调，各街道镇要压实责任，确保各项任务按时保质完成。",
)


def gov(title: str, paras: tuple[str, ...]) -> str:
    meta = kit.GovMeta(1001, "2024-01-19 16:58:00", None, title, "区文旅局", "王小明", "孙悦")
    return kit.gov_page(meta, paras, None, None)


def agg(title: str, paras: tuple[str, ...]) -> str:
    related = [(f"区体育局开展第{i}次全民健身志愿服务活动", f"/yaowen/{i}.html") for i in range(20)]
    return kit.agg_page(kit.AggMeta(2001, "2024-02-18", title), paras, related)


def test_a_deleted_page_is_a_placeholder_not_the_banner() -> None:
    page = read_article_page(gov("佘山镇启动垃圾分类专项整治", (kit.DELETED_TEXT,)), URL, SITE)
    assert page.problem is None and page.article is not None
    assert page.article.title == "佘山镇启动垃圾分类专项整治"
    assert page.article.body == kit.DELETED_TEXT
    assert matches_placeholder(page.article.title, page.article.body) == "deleted"


def test_a_cleared_page_among_related_links_is_a_placeholder_not_a_listing() -> None:
    html = agg(kit.PLACEHOLDER_TEXT, (kit.PLACEHOLDER_TEXT,))
    page = read_article_page(html, URL, SITE)
    assert page.problem is None and page.article is not None
    assert (page.article.title, page.article.body) == (kit.PLACEHOLDER_TEXT, kit.PLACEHOLDER_TEXT)
    assert matches_placeholder(page.article.title, page.article.body) == "cleared"


def test_the_same_templates_with_an_article_are_read_as_before() -> None:
    # (longer than the related list: an article beside a list of other articles)
    paras = tuple(f"第{i}项：{p}" for i in range(1, 4) for p in PARAS)
    for html in (
        gov("佘山镇启动垃圾分类专项整治", paras),
        agg("新浜镇深化河道整治经验交流会", paras),
    ):
        page = read_article_page(html, URL, SITE)
        assert page.article is not None
        assert page.article.body == "\n\n".join(paras)
        assert matches_placeholder(page.article.title, page.article.body) is None


def test_a_listing_is_still_a_listing() -> None:
    rows = "".join(
        f'<li><a href="/news/{i}.html">区体育局开展第{i}次全民健身志愿服务活动</a>'
        "<span>2024-05-01</span></li>"
        for i in range(20)
    )
    html = (
        '<html><head><meta charset="utf-8"><title>新闻动态</title></head><body>'
        f'<div class="nav"><a href="/">首页</a></div><ul class="news">{rows}</ul></body></html>'
    )
    assert read_article_page(html, URL, SITE).problem == "listing_page"


@pytest.mark.parametrize("sep", ["-", "–", "_", " - "])
@pytest.mark.parametrize("site", ["某某市新闻网", "某某区人民政府", "某某日报"])
def test_a_short_headline_loses_the_portal_name_after_it(sep: str, site: str) -> None:
    # the headline is shorter than twice the name: only the name's shape says it is a site
    headline = "我区召开工作推进会"
    html = (
        f'<html><head><meta charset="utf-8"><title>{headline}{sep}{site}</title></head><body>'
        f'<div class="main"><div class="info">发布时间：2024-01-02 来源：区融媒体中心</div>'
        + "".join(f"<p>{p}</p>" for p in PARAS)
        + "</div></body></html>"
    )
    page = read_article_page(html, URL, SITE)
    assert page.article is not None and page.article.title == headline


def test_a_hyphenated_headline_keeps_its_hyphen() -> None:
    title = "2023-2024学年区级优秀教育工作者名单公示"
    html = (
        f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
        f"<h1>{title}</h1><div>发布时间：2024-01-02</div>"
        + "".join(f"<p>{p}</p>" for p in PARAS)
        + "</body></html>"
    )
    page = read_article_page(html, URL, SITE)
    assert page.article is not None and page.article.title == title


@pytest.mark.crawl
def test_a_start_url_crawl_counts_placeholder_pages_as_placeholders(tmp_path: Path) -> None:
    root = tmp_path / "site"
    manifest = generate(root, 600, seed=3)
    deleted = manifest["breakdown"]["deleted"]
    assert deleted >= 2  # the generator's seed gives a few
    data = tmp_path / "data"
    with LocalSite(root) as served:
        starts = [f"{served.url}/{c}/index.html" for c in ("dongtai", "yaowen", "baozhi")]
        result = run_cli(
            "crawl",
            *(arg for url in starts for arg in ("--start-url", url)),
            "--data-dir",
            str(data),
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            "AUTOTHROTTLE_ENABLED=0",
            "-s",
            "CONCURRENT_REQUESTS_PER_DOMAIN=16",
            "-s",
            "NEWSARCHIVE_MAX_PAGES_DEFAULT=0",
        )
        slug = adhoc_slug(served.url)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    records = [r for f in (data / "archive" / slug).glob("*.jsonl") for r in read_jsonl(f)]
    assert len(records) == manifest["unique"]
    assert not any(matches_placeholder(r["title"], r["body"]) for r in records)
    run = read_jsonl(data / "state" / "runs.jsonl")[-1]
    assert run["dropped"].get("placeholder/deleted") == deleted
    assert "listing_page" not in run["dropped"]
