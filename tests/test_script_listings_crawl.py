"""Whole crawls of listings drawn by script (issue 15), on the project's own portal
(`tools/sitekit/platforms.py`) served on 127.0.0.1 with its data proxy answering POSTs
(`tests.mockserver.DataProxy`): jpage columns paged by POST, columns whose lists are JSON in
scripts, a JSON API a profile names, and a page that needs a real browser (`render = true`,
scrapy-playwright over the system's chromium; skipped, saying why, where either is missing).
Every row, whatever its origin, goes through the same placeholder and dedup rules, and the
crawl counts rows by kind (`newsarchive/listing/rows_html|rows_script|rows_api`).
"""

from __future__ import annotations

import ast
import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsarchive import statkeys
from newsarchive.server import LocalSite
from newsarchive.spiders.browser import browser_problem
from tests.conftest import read_jsonl, run_cli
from tests.mockserver import DataProxy
from tools.sitekit import platforms as pf

pytestmark = pytest.mark.crawl

COMMON = "download_delay = 0\nconcurrency = 8\nautothrottle = false\nmax_pages = 20\n"


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalSite, DataProxy]]:
    root = tmp_path_factory.mktemp("portal")
    pf.build(root)
    proxy = DataProxy(root)
    with LocalSite(root, intercept=proxy) as site:
        yield site, proxy


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> pf.Manifest:
    return pf.build(tmp_path_factory.mktemp("truth"))


def sites_toml(base: str) -> str:
    def urls(*paths: str) -> str:
        return "[" + ", ".join(f'"{base}{p}"' for p in paths) + "]"

    api = "".join(
        f"{k} = {v}\n" if isinstance(v, int) else f'{k} = "{v}"\n'
        for k, v in pf.API_PROFILE.items()
    )
    return (
        f'[sites.jpage]\nname = "某县人民政府"\n'
        f"start_urls = {urls('/col/col321/index.html', '/col/col322/index.html')}\n{COMMON}\n"
        f'[sites.scripts]\nname = "某县人民政府"\nstart_urls = '
        + urls(
            "/zfxxgk/bmdt/index.html",
            "/xwzx/index.html",
            "/spa/news/index.html",
            "/zwgk/tzgg/index.html",
            "/html/list/index.html",
            "/html/yw/index.html",
        )
        + f"\n{COMMON}\n"
        f'[sites.api]\nname = "某县人民政府"\nstart_urls = {urls("/api-col/index.html")}\n'
        f"{COMMON}\n"
        f"[sites.api.listing.api]\n{api}\n"
        f'[sites.rendered]\nname = "某县人民政府"\nstart_urls = {urls("/render/index.html")}\n'
        f"render = true\n{COMMON}"
    )


def crawl(portal: tuple[LocalSite, DataProxy], tmp_path: Path, slug: str) -> Path:
    site, _ = portal
    data = tmp_path / "data"
    sites = tmp_path / "sites.toml"
    sites.write_text(sites_toml(site.url), "utf-8")
    result = run_cli("crawl", slug, "--sites", str(sites), "--data-dir", str(data))
    assert result.returncode == 0, result.stdout + result.stderr
    return data


def archived(data: Path, slug: str) -> list[dict[str, Any]]:
    return [r for f in sorted((data / "archive" / slug).glob("*.jsonl")) for r in read_jsonl(f)]


def stats(data: Path, slug: str) -> dict[str, Any]:
    """The crawl's stats as Scrapy dumps them at the end of the site's log."""
    text = "\n".join(p.read_text("utf-8") for p in sorted((data / "logs" / slug).glob("*.log")))
    dump = text.rsplit("Dumping Scrapy stats:", 1)[1]
    body = dump[dump.index("{") : dump.index("}", dump.index("{")) + 1]
    # datetimes are no literals; the counters are what the tests read
    lines = [line for line in body.splitlines() if "datetime" not in line]
    found: dict[str, Any] = ast.literal_eval("\n".join(lines).rstrip(",}") + "}")
    return found


def paths(records: list[dict[str, Any]], base: str) -> set[str]:
    return {r["url"].removeprefix(base) for r in records}


def test_jpage_columns_are_crawled_through_their_data_proxy(
    portal: tuple[LocalSite, DataProxy], manifest: pf.Manifest, tmp_path: Path
) -> None:
    site, proxy = portal
    data = crawl(portal, tmp_path, "jpage")
    records = archived(data, "jpage")
    every = [
        p
        for start in ("/col/col321/index.html", "/col/col322/index.html")
        for p in manifest.columns[start]["rows"]
    ]
    placeholder = manifest.columns["/col/col321/index.html"]["rows"][pf.JPAGE_PLACEHOLDER - 1]
    # every record of both columns, the cleared one skipped on the listing already
    assert paths(records, site.url) == set(every) - {placeholder}
    assert len(records) == len(every) - 1
    # the data proxy was asked as the pages' own scripts ask: POST, paging in the query, the
    # jpage call's parameters (or the nextgroup link's) as the form
    sent = [s for s in proxy.sent if s.get("columnid") == "321"]
    assert [(s["startrecord"], s["endrecord"], s["perpage"]) for s in sent] == [
        ("46", "90", "15"),
        ("91", "135", "15"),
    ]
    assert sent[0]["webname"] == pf.SITE_NAME and sent[0]["sourceContentType"] == "1"
    copy = [s for s in proxy.sent if s.get("columnid") == "322"]
    assert [(s["startrecord"], s["endrecord"]) for s in copy] == [("11", "20"), ("21", "30")]
    counted = stats(data, "jpage")
    assert counted[statkeys.LISTING_ROWS_SCRIPT] == len(every)
    assert statkeys.LISTING_ROWS_HTML not in counted
    assert counted[statkeys.skipped("placeholder/cleared")] == 1
    # a second run finds everything known on the first page and asks the proxy nothing
    before = len(proxy.sent)
    again = run_cli(
        "crawl", "jpage", "--sites", str(tmp_path / "sites.toml"), "--data-dir", str(data)
    )
    assert again.returncode == 0, again.stdout + again.stderr
    assert len(proxy.sent) == before
    assert len(archived(data, "jpage")) == len(records)


def test_lists_in_scripts_are_crawled_beside_html_lists(
    portal: tuple[LocalSite, DataProxy], manifest: pf.Manifest, tmp_path: Path
) -> None:
    site, _ = portal
    data = crawl(portal, tmp_path, "scripts")
    records = archived(data, "scripts")
    script = [
        "/zfxxgk/bmdt/index.html",
        "/xwzx/index.html",
        "/spa/news/index.html",
        "/zwgk/tzgg/index.html",
    ]
    html = ["/html/list/index.html", "/html/yw/index.html"]
    want = {p for start in script + html for p in manifest.columns[start]["rows"]}
    assert paths(records, site.url) == want and len(records) == len(want)
    counted = stats(data, "scripts")
    assert counted[statkeys.LISTING_ROWS_SCRIPT] == sum(
        len(manifest.columns[s]["rows"]) for s in script
    )
    in_html = sum(len(manifest.columns[s]["rows"]) for s in html)
    assert counted[statkeys.LISTING_ROWS_HTML] == in_html
    # the section a script's row names is the record's section
    by_url = {r["url"].removeprefix(site.url): r for r in records}
    assert by_url[manifest.columns["/spa/news/index.html"]["rows"][0]]["section"] == "本地新闻"


def test_a_json_api_named_by_a_profile_is_crawled(
    portal: tuple[LocalSite, DataProxy], manifest: pf.Manifest, tmp_path: Path
) -> None:
    site, _ = portal
    data = crawl(portal, tmp_path, "api")
    records = archived(data, "api")
    assert paths(records, site.url) == set(manifest.columns["/api-col/index.html"]["rows"])
    assert {r["section"] for r in records} == {"政务要闻"}
    counted = stats(data, "api")
    assert counted[statkeys.LISTING_ROWS_API] == pf.API_ROWS
    assert counted[statkeys.LISTING_PAGES] == 3  # the page size and the total: no fourth ask


def test_a_page_only_a_browser_draws_is_crawled_with_render(
    portal: tuple[LocalSite, DataProxy], manifest: pf.Manifest, tmp_path: Path
) -> None:
    problem = browser_problem()
    if problem is not None:
        pytest.skip(f"render = true needs a browser here: {problem}")
    site, _ = portal
    data = crawl(portal, tmp_path, "rendered")
    records = archived(data, "rendered")
    assert paths(records, site.url) == set(manifest.columns["/render/index.html"]["rows"])
    counted = stats(data, "rendered")
    assert counted[statkeys.LISTING_ROWS_HTML] == len(records)
    # the browser drew the listing, and nothing else: the articles were fetched plainly
    assert counted["playwright/request_count/resource_type/document"] == 1
    assert counted[statkeys.ARTICLES_FETCHED] == len(records)


def test_render_without_the_browser_says_what_to_install(
    portal: tuple[LocalSite, DataProxy], tmp_path: Path
) -> None:
    if importlib.util.find_spec("scrapy_playwright") is None:
        pytest.skip("scrapy-playwright is missing here: the crawl refuses, as tested by hand")
    site, _ = portal
    sites = tmp_path / "sites.toml"
    sites.write_text(sites_toml(site.url), "utf-8")
    result = run_cli(
        "crawl",
        "rendered",
        "--sites",
        str(sites),
        "--data-dir",
        str(tmp_path / "data"),
        env={"NEWSARCHIVE_CHROMIUM": str(tmp_path / "no-such-chromium")},
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "NEWSARCHIVE_CHROMIUM=" in result.stderr and "is not an executable" in result.stderr
