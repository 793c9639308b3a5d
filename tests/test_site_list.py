"""The user's own site list (sites.toml): read into Site objects, and every mistake in it one
line naming the file, the line and the problem, exit 2."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsarchive.cli import EXIT_OK, EXIT_USAGE, main
from newsarchive.sites import (
    SiteListError,
    adhoc_site,
    adhoc_slug,
    get_site,
    load_registry,
    sites_file,
)
from newsarchive.sites.base import Css, XPath

GOOD = """\
# my county portals
[sites.jiading]
name = "嘉定区人民政府"
start_urls = ["https://www.jiading.gov.cn/xwzx/qjdt/index.html"]
download_delay = 2.5
concurrency = 2
max_pages = 4
section_labels = ["区教育局", "区体育局"]
title_suffixes = ["嘉定区人民政府"]

[sites.jiading.listing]
rows = "ul.list > li"
next_page = "xpath://a[text()='下一页']/@href"

[sites.jiading.article]
title = "h1.title"
body = ["div#zoom", "div.TRS_Editor"]
body_exclude = ["div.share"]

[sites.paper-b]
name = "B 报"
start_urls = [{url = "http://news.b.cn/local/", name = "本地"}, "http://news.b.cn/city/"]
domains = ["news.b.cn", "img.b.cn"]
timezone = "Asia/Hong_Kong"

[sites.demo]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(text, "utf-8")
    return path


def test_a_listed_site_is_the_same_site_object_a_profile_declares(tmp_path: Path) -> None:
    registry = load_registry(write(tmp_path, GOOD))
    assert registry.listed == ["jiading", "paper-b", "demo"]
    site = registry.get("jiading")
    assert site.name == "嘉定区人民政府"
    assert site.domains == ("www.jiading.gov.cn",)
    assert [c.url for c in site.channels] == ["https://www.jiading.gov.cn/xwzx/qjdt/index.html"]
    assert (site.download_delay, site.concurrency, site.listing.max_pages) == (2.5, 2, 4)
    assert site.section_labels == ("区教育局", "区体育局")
    assert site.listing.rows == Css("ul.list > li")
    assert site.listing.next_page == XPath("//a[text()='下一页']/@href")
    assert site.article.body == (Css("div#zoom"), Css("div.TRS_Editor"))
    assert site.article.body_exclude == ("div.share",)
    other = registry.get("paper-b")
    assert [(c.url, c.name) for c in other.channels] == [
        ("http://news.b.cn/local/", "本地"),
        ("http://news.b.cn/city/", None),
    ]
    assert other.domains == ("news.b.cn", "img.b.cn")
    assert other.timezone == "Asia/Hong_Kong"
    # an empty table lists the built-in as it ships
    assert registry.get("demo") is get_site("demo")
    assert registry.origins["jiading"] == f"{tmp_path / 'sites.toml'}:2"
    assert registry.origins["demo"] == "built-in"


def test_the_list_is_found_in_the_data_dir_unless_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSARCHIVE_SITES", raising=False)
    monkeypatch.setenv("NEWSARCHIVE_DATA", str(tmp_path / "env-data"))
    assert sites_file() == tmp_path / "env-data" / "sites.toml"
    assert sites_file(tmp_path / "d") == tmp_path / "d" / "sites.toml"
    monkeypatch.setenv("NEWSARCHIVE_SITES", str(tmp_path / "mine.toml"))
    assert sites_file(tmp_path / "d") == tmp_path / "mine.toml"
    assert sites_file(tmp_path / "d", tmp_path / "x.toml") == tmp_path / "x.toml"


def test_list_shows_where_each_site_comes_from(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, GOOD)
    assert main(["list", "--data-dir", str(tmp_path)]) == EXIT_OK
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert [row[0] for row in rows] == ["jiading", "paper-b", "demo"]
    assert rows[0][3] == f"{tmp_path / 'sites.toml'}:2 (listed)"
    assert rows[1][2] == "2 channels"
    assert rows[2][3] == "built-in (listed)"


BAD = {
    "toml syntax": ('[sites.a]\nname = "A"\nstart_urls = ["http://a.cn/"\n', 3, "TOML syntax"),
    "duplicate slug": (
        '[sites.a]\nname = "A"\nstart_urls = ["http://a.cn/"]\n\n'
        '[sites.a]\nname = "B"\nstart_urls = ["http://b.cn/"]\n',
        5,
        "TOML syntax: Cannot declare ('sites', 'a') twice",
    ),
    "unknown key": (
        '[sites.a]\nname = "A"\nstart_urls = ["http://a.cn/"]\ndownload_dely = 2\n',
        4,
        "unknown key 'download_dely'",
    ),
    "unknown selector key": (
        '[sites.a]\nname = "A"\nstart_urls = ["http://a.cn/"]\n\n[sites.a.article]\ntitel = "h1"\n',
        6,
        "unknown key 'titel' in [sites.a.article]",
    ),
    "bad slug": ('[sites.Jia_Ding]\nname = "A"\nstart_urls = ["http://a.cn/"]\n', 1, "bad slug"),
    "start url not http": (
        '[sites.a]\nname = "A"\nstart_urls = ["ftp://a.cn/list"]\n',
        3,
        "start URL 'ftp://a.cn/list' is not an http(s) URL",
    ),
    "file url": (
        '[sites.a]\nname = "A"\nstart_urls = ["file:///etc/passwd"]\n',
        3,
        "is not an http(s) URL",
    ),
    "selector does not parse": (
        '[sites.a]\nname = "A"\nstart_urls = ["http://a.cn/"]\n\n[sites.a.listing]\n'
        'rows = "ul > > li"\n',
        6,
        "selector 'ul > > li' does not parse",
    ),
    "xpath does not parse": (
        '[sites.a]\nname = "A"\nstart_urls = ["http://a.cn/"]\n\n[sites.a.article]\n'
        "body = \"xpath://div[@id='x'\"\n",
        6,
        "does not parse",
    ),
    "a table that is no site": (
        '[sites.a]\nname = "A"\nstart_urls = ["http://a.cn/"]\n\n[site.b]\nname = "B"\n',
        5,
        "unknown key 'site' (a site list holds [sites.<slug>] tables)",
    ),
    "missing name": ('[sites.a]\nstart_urls = ["http://a.cn/"]\n', 1, "needs 'name'"),
    "wrong type": (
        '[sites.a]\nname = "A"\nstart_urls = ["http://a.cn/"]\nconcurrency = "two"\n',
        4,
        "concurrency must be a whole number",
    ),
    "a built-in given fields": (
        '[sites.demo]\nname = "mine"\nstart_urls = ["http://a.cn/"]\n',
        1,
        "'demo' is a built-in site",
    ),
    "unknown time zone": (
        '[sites.a]\nname = "A"\nstart_urls = ["http://a.cn/"]\ntimezone = "Mars/Olympus"\n',
        4,
        "unknown timezone 'Mars/Olympus'",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_list_is_one_line_naming_file_line_and_problem(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, line, problem = BAD[case]
    path = write(tmp_path, text)
    with pytest.raises(SiteListError, match=re.escape(problem)):
        load_registry(path)
    for argv in (["list"], ["crawl", "--all"], ["crawl", "a"]):
        assert main([*argv, "--sites", str(path), "--data-dir", str(tmp_path / "d")]) == EXIT_USAGE
        err = capsys.readouterr().err
        assert err.count("\n") == 1, err
        assert err.startswith(f"newsarchive: {path}:{line}: "), err
        assert problem in err


def test_crawl_all_with_no_list_says_how_to_make_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["crawl", "--all", "--data-dir", str(tmp_path)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "lists none" in err and "newsarchive site add URL" in err


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("http://127.0.0.1:8101/list.html", "127_0_0_1__8101"),
        ("http://127.0.0.1:8102/list.html", "127_0_0_1__8102"),
        ("https://news-a.cn/x/", "news-a_cn"),
        ("https://news.a.cn/x/", "news_a_cn"),
        ("http://例子.中国/新闻/", "xn--fsqu00a_xn--fiqs8s"),
        ("http://WWW.Example.CN./a", "www_example_cn"),
    ],
)
def test_the_default_slug_keeps_hosts_and_ports_apart(url: str, slug: str) -> None:
    assert adhoc_slug(url) == slug


@pytest.mark.parametrize("url", ["ftp://a.cn/", "file:///etc/passwd", "http:///x", "a.cn/x"])
def test_a_start_url_that_is_no_web_address_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="http"):
        adhoc_slug(url)


def test_start_urls_on_one_host_are_one_sites_channels() -> None:
    site = adhoc_site(["http://a.cn/1/", "http://a.cn/2/"])
    assert site.slug == "a_cn"
    assert [c.url for c in site.channels] == ["http://a.cn/1/", "http://a.cn/2/"]
    assert adhoc_site(["http://a.cn/1/", "http://b.cn/"], "both").domains == ("a.cn", "b.cn")


def test_crawl_refuses_a_default_slug_that_names_a_registered_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, '[sites.a_cn]\nname = "A"\nstart_urls = ["http://a.cn/x/"]\n')
    argv = ["crawl", "--start-url", "http://a.cn/y/", "--data-dir", str(tmp_path)]
    assert main(argv) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "'a_cn'" in err and "--slug" in err
    for bad in ("", "Bad Slug", "a/../b"):
        assert main([*argv[:3], "--slug", bad, "--data-dir", str(tmp_path)]) == EXIT_USAGE
        assert "--slug" in capsys.readouterr().err


def test_fixture_save_stores_a_page_of_a_listed_site_with_its_selectors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsarchive.server import LocalSite

    root = tmp_path / "site"
    root.mkdir()
    (root / "a.html").write_text(
        "<html><head><title>门户首页</title></head><body><h1>栏目</h1>"
        '<div class="headline">某县召开春季农业生产工作会议</div>'
        '<div class="text"><p>3月1日，某县召开春季农业生产工作会议，部署全年重点工作。</p>'
        "</div></body></html>",
        "utf-8",
    )
    data = tmp_path / "data"
    data.mkdir()
    with LocalSite(root) as site:
        (data / "sites.toml").write_text(
            f'[sites.county]\nname = "某县"\nstart_urls = ["{site.url}/"]\n\n'
            '[sites.county.article]\ntitle = "div.headline"\n',
            "utf-8",
        )
        argv = ["fixture", "save", "county", f"{site.url}/a.html", "--name", "article-one",
                "--root", str(tmp_path / "fx"), "--data-dir", str(data)]  # fmt: skip
        assert main(argv) == EXIT_OK, capsys.readouterr().err
    expected = (tmp_path / "fx" / "sites" / "county" / "article-one" / "expected.json").read_text()
    # the listed site's own title selector, not the generic guess (the <h1> or <title>)
    assert '"title": "某县召开春季农业生产工作会议"' in expected
    assert main([*argv[:2], "nowhere", *argv[3:]]) == EXIT_USAGE
    assert "unknown site 'nowhere'" in capsys.readouterr().err


def test_a_package_of_profiles_registers_through_the_entry_point_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fundus-style collections: a distribution names its profiles under `newsarchive.sites`
    (a Site, a module with SITE, or an iterable of Sites)."""
    import sys

    from newsarchive.sites import _registered

    (tmp_path / "county_profiles.py").write_text(
        "from newsarchive.sites.base import Channel, Site\n"
        "def _site(slug):\n"
        "    return Site(slug=slug, name=slug, domains=('a.cn',),\n"
        "                channels=(Channel('http://a.cn/' + slug + '/'),))\n"
        "SITE = _site('county-one')\n"
        "MORE = [_site('county-two'), _site('county-three')]\n",
        "utf-8",
    )
    info = tmp_path / "county_profiles-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: county-profiles\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[newsarchive.sites]\none = county_profiles\nmore = county_profiles:MORE\n", "utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "county_profiles", raising=False)
    sites, origins = _registered()
    assert {"demo", "county-one", "county-two", "county-three"} <= set(sites)
    assert origins["county-one"] == "entry point one (county_profiles)"
    assert origins["county-three"] == "entry point more (county_profiles:MORE)"
    # a plugin that cannot load is one line naming it, not a traceback
    (info / "entry_points.txt").write_text("[newsarchive.sites]\nbroken = no_such_module\n")
    with pytest.raises(SiteListError, match=r"^entry point broken \(no_such_module\): cannot load"):
        _registered()
