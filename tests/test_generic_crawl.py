"""`newsarchive crawl --start-url`: a site with no profile and no code, end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsarchive.server import LocalSite
from newsarchive.sites import adhoc_slug
from tests.conftest import read_jsonl, run_cli

pytestmark = pytest.mark.crawl

NAMES = [
    "王明",
    "李华",
    "张强",
    "赵敏",
    "陈静",
    "刘洋",
    "杨帆",
    "黄磊",
    "周杰",
    "吴刚",
    "郑爽",
    "孙丽",
]


def article(i: int, title: str, paras: list[str], pager: str = "") -> str:
    body = "".join(f"<p>　　{p}</p>" for p in paras)
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_某县新闻网</title>'
        '</head><body><div class="nav"><a href="/">首页</a> <a href="/news/list.html">新闻</a>'
        f'</div><div class="main"><h1>{title}</h1><div class="info">来源：某县融媒体中心 '
        f"作者：{NAMES[i - 1]} 发布时间：2024-05-{i:02d} 09:30</div>"
        f'<div class="content">{body}</div>{pager}</div>'
        '<div class="footer">版权所有 某县人民政府</div></body></html>'
    )


def listing(rows: list[tuple[str, str]], more: str = "") -> str:
    items = "".join(f'<li><a href="{h}">{t}</a><span>2024-05-01</span></li>' for h, t in rows)
    return (
        '<html><head><meta charset="utf-8"><title>新闻</title></head><body>'
        f'<div class="nav"><a href="/">首页</a></div><ul class="news">{items}</ul>{more}'
        "</body></html>"
    )


@pytest.fixture
def unknown_site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "news").mkdir(parents=True)
    rows = []
    for i in range(1, 12):
        title = f"某县第{i}项重点工程顺利推进并取得阶段性成果"
        paras = [
            f"第{i}项工程今日完成主体结构施工，现场数百名工人加紧作业。",
            f"负责人表示，工程将于年底前全面完工，投入使用后将惠及周边{i}万居民。",
        ]
        (root / f"news/a{i}.html").write_text(article(i, title, paras), "utf-8")
        rows.append((f"a{i}.html", title))
    title = "某县召开全县经济工作会议部署明年重点任务"
    (root / "news/a12.html").write_text(
        article(
            12,
            title,
            ["会议总结了今年全县经济工作，这是第一页的正文。"],
            '<div class="pages">第1页 <a href="a12_2.html">2</a> '
            '<a href="a12_2.html">下一页</a></div>',
        ),
        "utf-8",
    )
    (root / "news/a12_2.html").write_text(
        article(
            12,
            title,
            ["会议部署了明年重点任务，这是第二页的正文。"],
            '<div class="pages"><a href="a12.html">上一页</a> <a href="a12.html">1</a> 第2页</div>',
        ),
        "utf-8",
    )
    rows += [
        ("a12.html", title),
        ("list_3.html", "更多新闻列表请点击进入栏目页面查看"),
        ("cleared.html", "标题和内容已经清空2022-08-29 06:33:18"),
    ]
    (root / "news/list.html").write_text(
        listing(rows[:8], '<div class="page"><a href="list_2.html">下一页</a></div>'), "utf-8"
    )
    (root / "news/list_2.html").write_text(listing(rows[8:]), "utf-8")
    other = [(f"x{i}.html", f"另一个栏目的第{i}条新闻标题足够长") for i in range(1, 15)]
    (root / "news/list_3.html").write_text(listing(other), "utf-8")
    (root / "robots.txt").write_text("User-agent: *\nDisallow:\n", "utf-8")
    return root


def crawl(site: LocalSite, data: Path, *extra: str) -> Any:
    return run_cli(
        "crawl",
        "--start-url",
        f"{site.url}/news/list.html",
        "--data-dir",
        str(data),
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "AUTOTHROTTLE_ENABLED=0",
        *extra,
    )


def test_an_unknown_site_is_archived_with_no_profile(unknown_site: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    with LocalSite(unknown_site) as site:
        result = crawl(site, data)
        assert "/news/cleared.html" not in site.requests
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    # the default slug keeps the port: two local servers are two sites
    [path] = (data / "archive" / adhoc_slug(site.url)).glob("*.jsonl")
    records = {r["title"]: r for r in read_jsonl(path)}
    assert len(records) == 12, sorted(records)
    first = records["某县第1项重点工程顺利推进并取得阶段性成果"]
    assert (first["author"], first["source"], first["published_at"]) == (
        "王明",
        "某县融媒体中心",
        "2024-05-01T09:30:00+08:00",
    )
    assert first["body"] == (
        "第1项工程今日完成主体结构施工，现场数百名工人加紧作业。\n\n"
        "负责人表示，工程将于年底前全面完工，投入使用后将惠及周边1万居民。"
    )
    # the article split over two pages is one record with the whole body
    split = records["某县召开全县经济工作会议部署明年重点任务"]
    assert (
        split["body"] == "会议总结了今年全县经济工作，这是第一页的正文。\n\n"
        "会议部署了明年重点任务，这是第二页的正文。"
    )
    # the listing a row led to is never archived as an article
    run = read_jsonl(data / "state" / "runs.jsonl")[-1]
    assert run["dropped"] == {"listing_page": 1}
    assert run["skipped"]["placeholder/cleared"] == 1


def test_max_pages_limits_the_listing_pages(unknown_site: Path, tmp_path: Path) -> None:
    with LocalSite(unknown_site) as site:
        result = crawl(site, tmp_path, "--max-pages", "1")
        assert "/news/list_2.html" not in site.requests
    assert result.returncode == 0
    [path] = (tmp_path / "archive" / adhoc_slug(site.url)).glob("*.jsonl")
    assert len(read_jsonl(path)) == 8


def test_start_url_is_checked(tmp_path: Path) -> None:
    bad = run_cli("crawl", "--start-url", "ftp://x/list.html", "--data-dir", str(tmp_path))
    assert bad.returncode == 2 and "http(s) URL" in bad.stderr
    both = run_cli("crawl", "demo", "--start-url", "http://x.cn/", "--data-dir", str(tmp_path))
    assert both.returncode == 2 and "only one of them" in both.stderr
