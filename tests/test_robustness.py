"""The real web: faults, bad pages, lying charsets, politeness. All on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import Request, Response
from scrapy.settings import Settings

from newsarchive.middlewares.retry import BackoffRetryMiddleware
from newsarchive.server import LocalSite, demo_site_root
from tests.conftest import demo_truth, read_jsonl, run_cli
from tests.mockserver import FaultPlan, FaultySite
from tests.test_crawl_e2e import archive_lines, check_archive

FAST_RETRIES = [
    "-s",
    "DOWNLOAD_TIMEOUT=1",
    "-s",
    "RETRY_TIMES=4",
    "-s",
    "NEWSARCHIVE_RETRY_BACKOFF=0.05",
]


def crawl(site: LocalSite, data: Path, *extra: str) -> Any:
    return run_cli("crawl", "demo", "--base-url", site.url, "--data-dir", str(data), *extra)


def last_run(data: Path) -> dict[str, Any]:
    return read_jsonl(data / "state" / "runs.jsonl")[-1]


@pytest.mark.crawl
def test_every_article_is_archived_through_transient_faults(tmp_path: Path) -> None:
    plan = FaultPlan(rate=0.25, seed=7, stall_seconds=1.5)
    with FaultySite(demo_site_root(), plan) as site:
        result = crawl(site, tmp_path, *FAST_RETRIES)
        share = site.faults_injected / len(site.requests)
        kinds = {k for p in set(site.requests) for k in plan.schedule(p)}
        check_archive(archive_lines(tmp_path), site.url)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert share >= 0.15, f"only {share:.0%} of requests failed: the test proves little"
    assert kinds == {"500", "503", "reset", "stall"}
    assert last_run(tmp_path)["failed"] == {"http_404": 1}


@pytest.mark.crawl
def test_an_article_that_fails_for_good_is_listed_then_archived_next_time(
    tmp_path: Path,
) -> None:
    [victim] = [t["url"] for t in demo_truth() if t["url"].startswith("/baozhi/")][:1]
    plan = FaultPlan(rate=0, permanent=frozenset({victim}))
    with FaultySite(demo_site_root(), plan) as site:
        first = crawl(site, tmp_path, *FAST_RETRIES)
        base = site.url
    assert first.returncode == 0, first.stderr[-3000:]
    run = last_run(tmp_path)
    assert run["failed"] == {"http_404": 1, "http_503": 1}
    assert base + victim in run["failed_urls"]
    assert base + victim in first.stdout
    assert not [r for r in archive_lines(tmp_path) if r["url"] == base + victim]
    with LocalSite(demo_site_root()) as site:
        again = crawl(site, tmp_path, "--full")
        assert again.returncode == 0
        records = archive_lines(tmp_path)
    assert [r["url"].endswith(victim) for r in records].count(True) == 1


def add_rows(root: Path, rows: dict[str, str]) -> None:
    listing = root / "dongtai" / "index.html"
    html = listing.read_text("utf-8")
    extra = "".join(
        f'<li><a href="{href}">{title}</a><span class="date">2022-09-01</span></li>'
        for href, title in rows.items()
    )
    listing.write_text(html.replace('<ul class="list">', '<ul class="list">' + extra, 1), "utf-8")


def declare(root: Path, headers: dict[str, dict[str, Any]]) -> None:
    path = root / "_headers.json"
    data = json.loads(path.read_text("utf-8"))
    data.update(headers)
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


@pytest.mark.crawl
def test_bad_pages_and_lying_charsets_are_counted_and_the_crawl_goes_on(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(demo_site_root(), root)
    bad = root / "bad"
    bad.mkdir()
    (bad / "empty.html").write_bytes(b"")
    (bad / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    (bad / "huge.html").write_bytes(b"<html><body>" + b"<p>x</p>" * 20_000 + b"</body></html>")
    template = (root / "dongtai/202208/t20220829_5003.html").read_text("utf-8")
    original_title = "空调外机惹了祸洞泾城管来调和"
    # GBK bytes under a header and a <meta> that both say UTF-8
    (bad / "gbk-says-utf8.html").write_bytes(
        template.replace(original_title, "区政府召开防汛工作会议")
        .replace("城管", "防汛")
        .encode("gbk", "replace")
    )
    # traditional Chinese in Big5 with no declaration at all
    (bad / "big5-undeclared.html").write_bytes(
        template.replace('<meta charset="utf-8">', "")
        .replace(original_title, "臺北市舉辦運動會")
        .replace("城管", "體育")
        .encode("big5", "replace")
    )
    add_rows(
        root,
        {
            "/bad/empty.html": "区体育局空页面的新闻标题",
            "/bad/binary.html": "区体育局二进制页面的新闻标题",
            "/bad/huge.html": "区体育局超大页面的新闻标题",
            "/bad/loop-a.html": "区体育局重定向循环的新闻标题",
            "/bad/gone.html": "区体育局已下线页面的新闻标题",
            "/admin/secret.html": "区体育局禁止抓取页面的新闻标题",
            "/bad/gbk-says-utf8.html": "区政府召开防汛工作会议",
            "/bad/big5-undeclared.html": "臺北市舉辦運動會",
        },
    )
    declare(
        root,
        {
            "/bad/loop-a.html": {"Status": 302, "Location": "/bad/loop-b.html"},
            "/bad/loop-b.html": {"Status": 302, "Location": "/bad/loop-a.html"},
            "/bad/gone.html": {"Status": 410},
            "/bad/binary.html": {"Content-Type": "text/html; charset=utf-8"},
            "/bad/big5-undeclared.html": {"Content-Type": "text/html"},
        },
    )
    data = tmp_path / "data"
    with LocalSite(root) as site:
        result = crawl(site, data, "-s", "DOWNLOAD_MAXSIZE=100000", *FAST_RETRIES)
        assert "/admin/secret.html" not in site.requests
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    run = last_run(data)
    assert run["dropped"]["empty"] == 1
    assert run["dropped"]["binary"] == 1
    assert run["failed"] == {
        "http_404": 1,
        "http_410": 1,
        "too_large": 1,
        "redirect_loop": 1,
        "robots_disallowed": 1,
    }
    titles = {r["title"]: r for r in archive_lines(data)}
    assert "区政府召开防汛工作会议" in titles and "臺北市舉辦運動會" in titles
    assert "防汛" in titles["区政府召开防汛工作会议"]["body"]
    assert "體育" in titles["臺北市舉辦運動會"]["body"]
    for record in titles.values():
        assert not any("\ufffd" in str(v) for v in record.values()), record["url"]


@pytest.mark.crawl
def test_the_user_agent_names_the_project_and_a_contact(tmp_path: Path) -> None:
    with LocalSite(demo_site_root()) as site:
        result = crawl(
            site,
            tmp_path,
            "-s",
            "NEWSARCHIVE_CONTACT_URL=https://example.org/ops",
            "--max-pages",
            "1",
        )
        agents = set(site.user_agents)
    assert result.returncode == 0
    assert len(agents) == 1
    [agent] = agents
    assert agent.startswith("newsarchive/") and "(+https://example.org/ops)" in agent


def test_backoff_grows_and_honours_retry_after() -> None:
    settings = Settings(
        {
            "RETRY_ENABLED": True,
            "RETRY_TIMES": 3,
            "RETRY_HTTP_CODES": [503],
            "RETRY_EXCEPTIONS": [],
            "RETRY_PRIORITY_ADJUST": -1,
            "RETRY_GIVE_UP_LOG_LEVEL": "WARNING",
            "NEWSARCHIVE_RETRY_BACKOFF": 1.0,
            "NEWSARCHIVE_RETRY_BACKOFF_MAX": 10.0,
        }
    )
    mw = BackoffRetryMiddleware(settings)
    delays = [mw.delay(Request("http://a.cn/", meta={"retry_times": n}), None) for n in range(6)]
    assert 0.5 <= delays[0] <= 1.5 and 2 <= delays[2] <= 6 and delays[5] == 10.0
    busy = Response("http://a.cn/", status=503, headers={"Retry-After": "7"})
    assert mw.delay(Request("http://a.cn/"), busy) == 7.0
    assert (
        mw.delay(
            Request("http://a.cn/"),
            Response("http://a.cn/", status=503, headers={"Retry-After": "3600"}),
        )
        == 10.0
    )


@pytest.mark.parametrize("site_setting", [{"download_delay": 0, "autothrottle": False}])
def test_the_site_profile_sets_politeness(site_setting: dict[str, Any]) -> None:
    from newsarchive.sites import get_site
    from newsarchive.spiders.sites import SPIDERS

    demo = get_site("demo")
    assert demo.download_delay == site_setting["download_delay"]
    assert SPIDERS["demo"].custom_settings == {
        "DOWNLOAD_DELAY": 0,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "AUTOTHROTTLE_ENABLED": False,
    }
