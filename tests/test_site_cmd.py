"""`newsarchive site add|check`: a site of a template newsarchive has never seen, served on
127.0.0.1, added in one command, crawled from cron, and checked for template drift."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from parsel import Selector

from newsarchive import settings
from newsarchive.cli import main
from newsarchive.cli.site import differences
from newsarchive.extract import listing as listing_module
from newsarchive.extract import read_listing
from newsarchive.extract.proposal import rows_selector, site_name
from newsarchive.server import LocalSite
from newsarchive.sites import load_registry
from newsarchive.sites.base import Css, Site
from tests.conftest import read_jsonl, run_cli

SITE_NAME = "青溪新闻网"
TITLES = (
    "青溪县召开春季农业生产工作会议",
    "县人民医院新门诊大楼正式启用",
    "青溪中学学生在省科技创新大赛获奖",
    "全县开展安全生产大检查行动",
    "青溪河生态修复工程完成第一期",
    "县图书馆推出周末亲子阅读活动",
    "青溪镇新建农贸市场即将开业",
    "县交通局部署春运后道路养护工作",
    "青溪茶叶节将于四月中旬举办",
    "县政务服务中心推行一网通办",
    "青溪县举行新春招聘会",
    "县文化馆开展送戏下乡演出",
    "青溪县城区新增三处公共停车场",
)
AUTHORS = ("张伟", "李娜", "王磊", "刘洋")
PLACEHOLDER = "标题和内容已经清空2022-08-29 06:33:18"
QUICK = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"]
LISTING = "/news/index.html"


def author(n: int) -> str:
    return AUTHORS[n % len(AUTHORS)]


def page(title: str, body: str) -> str:
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>
<body>
<header class="masthead"><a href="/">{SITE_NAME}</a>
<nav><a href="/news/index.html">本地要闻</a> <a href="/notice/index.html">通知公告</a></nav>
</header>
{body}
<footer class="foot">版权所有 {SITE_NAME} 联系电话：0571-12345678</footer>
</body></html>
"""


def write_site(root: Path, *, template: str = "old") -> None:
    """A county paper's channel in a template of its own: 11 rows (one of them a cleared
    placeholder) and a next page with 3 more; articles with a title, date, author and source.

    The "new" template is the same site after a redesign: the rows are a list of another
    class, the title element has another class, and the date moved under the text without
    its year."""
    (root / "news").mkdir(parents=True, exist_ok=True)
    rows = [(f"/news/a{n:02d}.html", t, f"2024-03-{n:02d}") for n, t in enumerate(TITLES, 1)]
    rows.insert(3, ("/news/a99.html", PLACEHOLDER, "2022-08-29"))
    pages = (("index.html", rows[:11], "index_2.html"), ("index_2.html", rows[11:], None))
    for name, chunk, nxt in pages:
        if template == "old":
            items = "".join(
                f'\n  <article class="entry"><h3><a href="{u}">{t}</a></h3><time>{d}</time>'
                "</article>"
                for u, t, d in chunk
            )
            block = f'<section class="stream">{items}\n</section>'
        else:
            items = "".join(
                f'\n  <li class="news-item"><a href="{u}">{t}</a><span>{d}</span></li>'
                for u, t, d in chunk
            )
            block = f'<ul class="news-list">{items}\n</ul>'
        pager = f'<a href="{nxt}">下一页</a>' if nxt else "末页"
        content = f'<h1 class="channel">本地要闻</h1>{block}<div class="pager">{pager}</div>'
        html = page(f"本地要闻 - {SITE_NAME}", f"<main>{content}</main>")
        (root / "news" / name).write_text(html, "utf-8")
    for n, title in enumerate(TITLES, 1):
        text = "".join(
            f"<p>　　{title}。这是第{k}段正文，记录了本次活动的具体情况和相关部门的工作安排。</p>"
            for k in range(1, 5)
        )
        byline = (
            f'<span class="by">作者：{author(n)}</span> <span class="from">来源：青溪日报</span>'
        )
        if template == "old":
            body = (
                f'<div class="story"><h2 class="headline">{title}</h2>'
                f'<div class="meta"><span class="when">2024-03-{n:02d} 09:30</span> {byline}</div>'
                f'<div class="story-body">{text}</div></div>'
            )
        else:
            body = (
                f'<div class="story"><h2 class="title-main">{title}</h2>'
                f'<div class="meta">{byline}</div><div class="story-body">{text}</div>'
                f'<div class="stamp">03/{n:02d}</div></div>'
            )
        (root / "news" / f"a{n:02d}.html").write_text(page(f"{title} - {SITE_NAME}", body), "utf-8")
    (root / "news" / "a99.html").write_text(
        page(PLACEHOLDER, f'<div class="story"><h2>{PLACEHOLDER}</h2></div>'), "utf-8"
    )


@pytest.fixture
def served(tmp_path: Path) -> Iterator[LocalSite]:
    """The old template served from `tmp_path / "site"` (a test rewrites it there)."""
    root = tmp_path / "site"
    write_site(root)
    with LocalSite(root) as site:
        yield site


@pytest.fixture
def no_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process runs fetch without the crawl's politeness delay."""
    monkeypatch.setattr(settings, "DOWNLOAD_DELAY", 0)


HAND_WRITTEN = """\
# county portals, kept by hand
# (one table per site)

[sites.jiading]                     # 嘉定: the district portal
name = "嘉定区人民政府"
start_urls = ["https://www.jiading.gov.cn/xwzx/qjdt/index.html"]

# the demo, as it ships
[sites.demo]
"""


def add(data: Path, url: str, *more: str) -> tuple[int, str, str]:
    result = run_cli("site", "add", url, "--data-dir", str(data), *more)
    return result.returncode, result.stdout, result.stderr


# --- site add ---------------------------------------------------------------------------------


def test_site_add_writes_a_loadable_entry_keeps_the_list_and_stores_fixtures(
    served: LocalSite, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "sites.toml").write_text(HAND_WRITTEN, "utf-8")
    code, out, err = add(data, served.url + LISTING, "--slug", "qingxi")
    assert code == 0, out + err
    assert err == ""
    # what it found: rows, the next page, each sample's fields
    assert "rows       11 (1 placeholder, skipped)" in out
    assert f"next page  link found: {served.url}/news/index_2.html" in out
    assert "looks wrong: nothing" in out
    for n in (1, 2, 3):
        assert f"title      {TITLES[n - 1]}" in out
        assert f"date       2024-03-{n:02d}T09:30:00+08:00" in out
        assert f"author     {author(n)}" in out
    assert out.count("source     青溪日报") == 3
    # the list keeps every comment and table it had, and gains one entry that loads
    text = (data / "sites.toml").read_text("utf-8")
    assert text.startswith(HAND_WRITTEN)
    registry = load_registry(data / "sites.toml")
    assert registry.listed == ["jiading", "demo", "qingxi"]
    site = registry.sites["qingxi"]
    assert site.name == SITE_NAME
    assert [c.url for c in site.channels] == [served.url + LISTING]
    assert site.domains == ("127.0.0.1",)
    # the rows selector selects exactly the rows the generic reader finds
    assert isinstance(site.listing.rows, Css)
    body = (tmp_path / "site" / "news" / "index.html").read_bytes()
    generic = read_listing(body, served.url + LISTING)
    picked = Selector(body.decode("utf-8")).css(site.listing.rows.query)
    assert len(picked) == len(generic.rows) == 11
    assert [served.url + s.css("a::attr(href)").get() for s in picked] == [
        r.url for r in generic.rows
    ]
    # the listing and three articles, placeholder skipped, each with its record
    folder = data / "fixtures" / "qingxi"
    assert sorted(p.name for p in folder.iterdir()) == [
        "article-1", "article-2", "article-3", "listing-1",
    ]  # fmt: skip
    for n in (1, 2, 3):
        case = folder / f"article-{n}"
        meta = json.loads((case / "meta.json").read_text("utf-8"))
        expected = json.loads((case / "expected.json").read_text("utf-8"))
        assert meta["url"] == f"{served.url}/news/a{n:02d}.html"
        assert meta["fetched_at"]
        assert (case / "body.html").read_bytes() == (
            tmp_path / "site" / "news" / f"a{n:02d}.html"
        ).read_bytes()
        assert (expected["title"], expected["author"], expected["source"]) == (
            TITLES[n - 1], author(n), "青溪日报",
        )  # fmt: skip
        assert expected["site"] == "qingxi"
    listing = json.loads((folder / "listing-1" / "expected.json").read_text("utf-8"))
    assert len(listing["rows"]) == 11 and listing["next_page"].endswith("/news/index_2.html")
    assert "/news/a99.html" not in served.requests  # the placeholder row was not fetched
    # and checking right away passes
    check = run_cli("site", "check", "--data-dir", str(data))
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.splitlines() == [
        "qingxi: ok (4 stored pages)",
        "not checked (no stored pages): jiading, demo",
    ]


def test_site_add_creates_the_list_and_names_the_site_by_its_host(
    served: LocalSite, tmp_path: Path, no_delay: None, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    code = main(["site", "add", served.url + LISTING, "--data-dir", str(data), "--samples", "1"])
    out = capsys.readouterr().out
    assert code == 0, out
    slug = "127_0_0_1__" + served.url.rsplit(":", 1)[1]
    text = (data / "sites.toml").read_text("utf-8")
    assert text.startswith("# your sites")
    site = load_registry(data / "sites.toml").sites[slug]
    assert site.name == SITE_NAME  # the part every page's <title> ends with
    assert sorted(p.name for p in (data / "fixtures" / slug).iterdir()) == [
        "article-1",
        "listing-1",
    ]


def test_site_add_dry_run_prints_and_writes_nothing(
    served: LocalSite, tmp_path: Path, no_delay: None, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    code = main(["site", "add", served.url + LISTING, "--slug", "qingxi", "--name", "青溪",
                 "--dry-run", "--data-dir", str(data)])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "[sites.qingxi]" in out and 'name = "青溪"' in out and "rows = " in out
    assert out.rstrip().endswith("dry run: nothing written")
    assert not data.exists()


def test_site_add_writes_the_labels_the_listing_glues(
    served: LocalSite,
    tmp_path: Path,
    no_delay: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """section_labels come from the listing reader's learned labels, when it learns any."""
    monkeypatch.setattr(
        listing_module,
        "learned_section_labels",
        lambda rows: ("县交通局", "县文化馆"),
        raising=False,
    )
    data = tmp_path / "data"
    code = main(["site", "add", served.url + LISTING, "--slug", "qingxi", "--samples", "0",
                 "--data-dir", str(data)])  # fmt: skip
    assert code == 0, capsys.readouterr().out
    site = load_registry(data / "sites.toml").sites["qingxi"]
    assert site.section_labels == ("县交通局", "县文化馆")


def test_site_add_says_what_looks_wrong_and_writes_nothing_without_rows(
    served: LocalSite, tmp_path: Path, no_delay: None, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    code = main(["site", "add", served.url + "/news/a01.html", "--slug", "x", "--data-dir",
                 str(data)])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 1
    assert f"listing: no article rows on {served.url}/news/a01.html" in out
    assert "the page looks like an article" in out
    assert "nothing written" in out
    assert not data.exists()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://127.0.0.1/news/", "'ftp://127.0.0.1/news/' is not an http(s) URL"),
        ("file:///etc/passwd", "'file:///etc/passwd' is not an http(s) URL"),
        ("news/index.html", "'news/index.html' is not an http(s) URL"),
    ],
)
def test_site_add_refuses_what_is_no_web_address(url: str, words: str, tmp_path: Path) -> None:
    code, out, err = add(tmp_path / "data", url)
    assert (code, out, err) == (2, "", f"newsarchive: site add: {words}\n")
    assert not (tmp_path / "data").exists()


def test_site_add_on_an_unreachable_host_is_one_line(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/news/index.html"
    code, out, err = add(tmp_path / "data", url)
    assert code == 2 and out == ""
    assert err.startswith(f"newsarchive: site add: cannot fetch {url}: ")
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(
    ("slug", "words"),
    [
        ("jiading", "'jiading' is already listed ({file}:4)"),
        ("demo", "'demo' is already listed (built-in)"),
    ],
)
def test_site_add_refuses_a_slug_in_use(
    served: LocalSite, tmp_path: Path, slug: str, words: str
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "sites.toml").write_text(HAND_WRITTEN, "utf-8")
    code, out, err = add(data, served.url + LISTING, "--slug", slug)
    message = words.format(file=data / "sites.toml")
    assert (code, out) == (2, "")
    assert err == f"newsarchive: site add: {message}; give your site another name with --slug\n"
    assert (data / "sites.toml").read_text("utf-8") == HAND_WRITTEN
    assert served.requests == []  # refused before fetching anything


def test_site_add_refuses_a_built_in_slug_not_listed(served: LocalSite, tmp_path: Path) -> None:
    code, out, err = add(tmp_path / "data", served.url + LISTING, "--slug", "demo")
    assert (code, out) == (2, "")
    assert err == (
        "newsarchive: site add: 'demo' is a built-in site; "
        "give your site another name with --slug\n"
    )


# --- site check -------------------------------------------------------------------------------


@pytest.fixture
def added(
    served: LocalSite, tmp_path: Path, no_delay: None, capsys: pytest.CaptureFixture[str]
) -> Path:
    """A data dir where `site add` has just added the served site as `qingxi`."""
    data = tmp_path / "data"
    code = main(["site", "add", served.url + LISTING, "--slug", "qingxi", "--data-dir", str(data)])
    assert code == 0, capsys.readouterr()
    capsys.readouterr()
    return data


def test_site_check_names_the_fields_a_changed_profile_changes(
    added: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with (added / "sites.toml").open("a", encoding="utf-8") as f:
        f.write('\n[sites.qingxi.article]\ntitle = "div.meta span.from"\n')
    code = main(["site", "check", "qingxi", "--data-dir", str(added)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert (
        'qingxi/article-1: title: expected "青溪县召开春季农业生产工作会议" got "来源：青溪日报"'
        in lines
    )
    assert any(line.startswith("qingxi/article-3: content_hash: expected ") for line in lines)
    assert not any(line.startswith("qingxi/listing-1") for line in lines)


def test_site_check_live_names_the_drifted_fields_and_the_empty_listing(
    served: LocalSite, added: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["site", "check", "--live", "--data-dir", str(added)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"qingxi: {served.url}{LISTING}: 11 rows",
        "qingxi: ok (4 stored pages; live: 3 pages and 1 start URL)",
    ]
    write_site(tmp_path / "site", template="new")
    # the stored pages have not changed: without --live nothing differs
    assert main(["site", "check", "--data-dir", str(added)]) == 0
    capsys.readouterr()
    assert main(["site", "check", "--live", "--data-dir", str(added)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        'qingxi/article-1: live: published_at: expected "2024-03-01T09:30:00+08:00" got null',
        'qingxi/article-2: live: published_at: expected "2024-03-02T09:30:00+08:00" got null',
        'qingxi/article-3: live: published_at: expected "2024-03-03T09:30:00+08:00" got null',
        f"qingxi: {served.url}{LISTING}: 0 rows (the listing reader finds no article rows)",
    ]


def test_site_check_live_reports_a_page_it_cannot_fetch(
    served: LocalSite, added: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "site" / "news" / "a02.html").unlink()
    served.stop()
    code = main(["site", "check", "qingxi", "--live", "--data-dir", str(added)])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert [line.split(": cannot fetch ")[0] for line in out] == [
        "qingxi/article-1: live",
        "qingxi/article-2: live",
        "qingxi/article-3: live",
        "qingxi: live",
    ]


def test_site_check_of_an_unknown_slug_is_one_line(tmp_path: Path) -> None:
    result = run_cli("site", "check", "nope", "--data-dir", str(tmp_path))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("newsarchive: site check: unknown site 'nope'; known sites: ")
    assert len(result.stderr.splitlines()) == 1


def test_site_check_with_nothing_stored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["site", "check", "--data-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("site check: no listed site has stored pages")
    assert main(["site", "check", "demo", "--data-dir", str(tmp_path)]) == 2


# --- the whole way: add, a cron crawl, check, a redesign ----------------------------------------


@pytest.mark.crawl
def test_an_added_site_is_crawled_from_cron_and_its_redesign_is_caught(
    served: LocalSite, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "sites.toml").write_text("# my sites\n", "utf-8")
    code, out, err = add(data, served.url + LISTING, "--slug", "qingxi")
    assert code == 0, out + err
    crawl = run_cli("crawl", "--all", "-q", "--data-dir", str(data), *QUICK)
    assert crawl.returncode == 0, crawl.stdout + crawl.stderr[-3000:]
    assert crawl.stdout == ""
    records = read_jsonl(next((data / "archive" / "qingxi").glob("*.jsonl")))
    assert sorted(r["title"] for r in records) == sorted(TITLES)
    assert all(r["site"] == "qingxi" and r["published_at"] and r["body"] for r in records)
    check = run_cli("site", "check", "--data-dir", str(data))
    assert (check.returncode, check.stdout) == (0, "qingxi: ok (4 stored pages)\n")
    write_site(tmp_path / "site", template="new")
    check = run_cli("site", "check", "--live", "--data-dir", str(data))
    assert check.returncode == 1, check.stdout + check.stderr
    assert check.stderr == ""
    lines = check.stdout.splitlines()
    assert sum(": live: published_at: expected " in line for line in lines) == 3
    assert (
        f"qingxi: {served.url}{LISTING}: 0 rows (the listing reader finds no article rows)" in lines
    )


# --- the pieces -------------------------------------------------------------------------------


BARE = Site(slug="x", name="x", domains=(), channels=())


def listing_html(rows: str) -> str:
    return f'<html><body><div class="nav"><a href="/">首页</a></div>{rows}</body></html>'


def test_rows_selector_is_only_one_that_picks_exactly_the_rows() -> None:
    lis = "".join(f'<li><a href="/a/{n}.html">第{n}条本地新闻的标题</a></li>' for n in range(6))
    # a second list of the same shape elsewhere: "ul > li" would pick it too
    other = "".join(f'<li><a href="/b/{n}.html">链接{n}</a></li>' for n in range(3))
    html = listing_html(f'<ul class="news">{lis}</ul><ul>{other}</ul>')
    assert rows_selector(Selector(text=html), "http://x.cn/", BARE) == "ul.news > li"
    # rows in an unnamed container beside one of another shape: named by their own class
    items = "".join(
        f'<div class="item"><a href="/a/{n}.html">第{n}条本地新闻的标题</a></div>' for n in range(6)
    )
    html = listing_html(f"<div>{items}</div>")
    assert rows_selector(Selector(text=html), "http://x.cn/", BARE) == "div.item"


def test_rows_selector_proposes_nothing_it_cannot_confirm() -> None:
    # each row opens with a link to its department's column: read through a rows selector,
    # the first link of a row is the row's link, so the crawl would follow the columns
    lis = "".join(
        f'<li><a href="/col/{n}/">[区教育局]</a>'
        f'<a href="/a/{n}.html">第{n}条本地新闻的标题</a></li>'
        for n in range(6)
    )
    html = listing_html(f'<ul class="news">{lis}</ul>')
    rows = read_listing(html, "http://x.cn/").rows
    assert [r.url for r in rows] == [f"http://x.cn/a/{n}.html" for n in range(6)]
    assert rows_selector(Selector(text=html), "http://x.cn/", BARE) is None
    assert rows_selector(Selector(text=listing_html("")), "http://x.cn/", BARE) is None


def test_site_name_is_what_the_pages_agree_on() -> None:
    listing = Selector(text="<html><head><title>本地要闻_青溪新闻网</title></head><body/></html>")
    article = Selector(text="<html><head><title>某条新闻_青溪新闻网</title></head><body/></html>")
    assert site_name(listing, "http://x.cn/", [(article, "http://x.cn/a.html")]) == SITE_NAME
    declared = Selector(
        text='<html><head><meta property="og:site_name" content="青溪网"></head><body/></html>'
    )
    assert site_name(declared, "http://x.cn/", []) == "青溪网"
    assert site_name(listing, "http://x.cn/", []) is None  # a title alone does not say


def test_differences_name_each_field_and_shorten_values() -> None:
    long = "很长的正文" * 30
    found = differences(
        {"title": "a", "body": long, "rows": [{"url": "u", "title": "t"}], "defects": []},
        {"title": "a", "body": long + "。", "rows": [{"url": "u", "title": "T"}], "defects": ["x"]},
    )
    assert found[0].startswith('body: expected "很长的正文') and found[0].count("…") == 2
    assert len(found[0]) < 160
    assert found[1:] == ['defects: expected [] got ["x"]', 'rows[0].title: expected "t" got "T"']
    assert differences({"a": 1}, {"b": 1}) == [
        "a: expected 1 got (absent)",
        "b: expected (absent) got 1",
    ]
