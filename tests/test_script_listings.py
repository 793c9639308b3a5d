"""Listings drawn by script (issue 15): the rows a page's scripts hold, a data proxy's later
records, a JSON column API a profile names, read without a browser.

The pages are the project's own (`tools/sitekit/platforms.py`, one column per portal platform,
and the small pages below): a Hanweb jpage column with its datastore and POST pagination, a
department's column whose `articleList` holds URLs as JSON strings, `var list = [...]` in
JavaScript's loose syntax, a single-page app's `__INITIAL_STATE__`, a JSON API, and ordinary
HTML listings with scripts beside them that must stay HTML rows. Whole crawls of the same site
are in tests/test_script_listings_crawl.py.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from newsarchive.extract import read_listing
from newsarchive.extract.listing import listing_kind, read_listing_answer
from newsarchive.extract.script_rows import (
    Datastore,
    api_page_url,
    datastore_paging,
    find_datastore,
    read_literal,
    script_values,
)
from newsarchive.items import ListingPage, PageRequest
from newsarchive.server import LocalSite
from newsarchive.sites.base import ApiListing, Channel, ListingRules, Site
from tools.sitekit import platforms as pf

BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pf.Manifest]:
    root = tmp_path_factory.mktemp("portal")
    return root, pf.build(root)


def read(root: Path, path: str, site: Site | None = None) -> ListingPage:
    return read_listing_answer((root / path.lstrip("/")).read_text("utf-8"), BASE + path, site)


def paths(page: ListingPage) -> list[str]:
    return [r.url.removeprefix(BASE) for r in page.rows]


# --- Hanweb jpage: a datastore in the page, later records from the data proxy by POST ---


def test_a_jpage_column_is_read_from_its_datastore(portal: tuple[Path, pf.Manifest]) -> None:
    root, manifest = portal
    page = read(root, "/col/col321/index.html")
    assert page.kind == "datastore" and listing_kind(page) == "script datastore"
    assert paths(page) == manifest.listings["/col/col321/index.html"]["rows"]
    # the whole title from @title where the record cuts it, the date the record shows
    first = page.rows[0]
    assert (first.title, first.date) == (pf.title_of(1), pf.day_of(1))
    # a bracketed label beside a record's link is its section
    assert page.rows[4].section == pf.DEPARTMENTS[5 % len(pf.DEPARTMENTS)]
    # the cleared record is a row like any other: the crawl skips it as a placeholder
    assert page.rows[pf.JPAGE_PLACEHOLDER - 1].title.startswith("标题和内容已经清空")
    assert page.rows[pf.JPAGE_PLACEHOLDER - 1].date == pf.day_of(pf.JPAGE_PLACEHOLDER)


def test_the_next_records_are_asked_for_as_the_pages_own_script_asks(
    portal: tuple[Path, pf.Manifest],
) -> None:
    root, _ = portal
    request = read(root, "/col/col321/index.html").next_request
    assert request is not None and request.method == "POST"
    assert request.url == (
        f"{BASE}/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15"
    )
    assert dict(request.formdata) == {
        "col": "1",
        "appid": "1",
        "webid": "2",
        "path": "/",
        "columnid": "321",
        "sourceContentType": "1",
        "unitid": "7788",
        "webname": "某县人民政府",
        "permissiontype": "0",
    }
    assert (request.total, request.page_url) == (100, f"{BASE}/col/col321/index.html")


def test_the_data_proxy_pages_through_the_whole_column(portal: tuple[Path, pf.Manifest]) -> None:
    root, manifest = portal
    records = json.loads((root / "_jpage/col321.json").read_text("utf-8"))
    page = read(root, "/col/col321/index.html")
    seen = paths(page)
    request = page.next_request
    asked = []
    while request is not None:
        query = dict(parse_qsl(urlsplit(request.url).query))
        start, end = int(query["startrecord"]), int(query["endrecord"])
        asked.append((start, end))
        answer = pf.dataproxy_answer(records, start, end)
        page = read_listing_answer(answer, request.url, sent=request)
        assert page.kind == "datastore"
        seen += paths(page)
        request = page.next_request
    assert asked == [(46, 90), (91, 135)]
    assert seen == manifest.columns["/col/col321/index.html"]["rows"]
    assert len(seen) == pf.JPAGE_RECORDS


JPAGE_BARE = """<html><head><meta charset="utf-8"><title>通知公告</title></head><body>
<div id="c1"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=9&path=/\
&columnid=55&unitid=66&permissiontype=0"></a>]]></nextgroup>
<recordset>{records}</recordset></datastore></script></div>
<script>var totalRecord = 7; var perpage = 3;</script></body></html>"""


def bare_jpage(count: int) -> str:
    records = "".join(
        f'<record><![CDATA[<tr><td><a href="../art/{n}.html">{pf.title_of(n)}</a></td>'
        f"<td>{pf.day_of(n)}</td></tr>]]></record>"
        for n in range(1, count + 1)
    )
    return JPAGE_BARE.format(records=records)


def test_a_jpage_without_script_parameters_takes_its_nextgroup_links() -> None:
    url = f"{BASE}/col/col55/index.html"
    page = read_listing(bare_jpage(3), url)
    # table-row records, relative links read against the column page
    assert [r.url for r in page.rows] == [f"{BASE}/col/art/{n}.html" for n in (1, 2, 3)]
    assert [r.date for r in page.rows] == [pf.day_of(n) for n in (1, 2, 3)]
    request = page.next_request
    assert request is not None
    assert request.url.endswith(
        "/module/web/jpage/dataproxy.jsp?startrecord=4&endrecord=6&perpage=3"
    )
    assert dict(request.formdata) == {
        "appid": "1",
        "webid": "9",
        "path": "/",
        "columnid": "55",
        "unitid": "66",
        "permissiontype": "0",
    }
    # the answer's links are relative to the column page, not to the proxy
    answer = "<datastore>" + bare_jpage(6).split("<recordset>")[1].split("</recordset>")[0]
    answer = "<datastore><recordset>" + answer.split("<datastore>")[1] + "</recordset></datastore>"
    following = read_listing_answer(answer, request.url, sent=request)
    assert following.rows[0].url == f"{BASE}/col/art/1.html"
    # 6 records answered where 3 were asked, and the total (7) not reached: one more request
    assert following.next_request is not None
    assert "startrecord=7&endrecord=9" in following.next_request.url


def test_a_datastore_that_holds_its_whole_column_asks_for_nothing_more() -> None:
    page = read_listing(bare_jpage(7), f"{BASE}/col/col55/index.html")
    assert len(page.rows) == 7 and page.next_request is None and page.next_page is None


def test_a_short_data_proxy_answer_is_the_last() -> None:
    sent = PageRequest(f"{BASE}/p.jsp?startrecord=4&endrecord=6&perpage=3", (("a", "1"),))
    answer = bare_jpage(2).split('<script type="text/xml">')[1].split("</script>")[0]
    page = read_listing_answer(answer, sent.url, sent=sent)
    assert len(page.rows) == 2 and page.next_request is None
    empty = read_listing_answer(
        "<datastore><recordset></recordset></datastore>", sent.url, sent=sent
    )
    assert empty.rows == () and empty.next_request is None


def test_a_datastore_is_found_without_cdata_and_with_entities() -> None:
    text = (
        "<datastore><totalrecord>2</totalrecord><recordset><record>&lt;li&gt;&lt;a "
        'href="/a/1.html"&gt;一则新闻的标题&lt;/a&gt;&lt;/li&gt;</record></recordset></datastore>'
    )
    store = find_datastore([text])
    assert store == Datastore(('<li><a href="/a/1.html">一则新闻的标题</a></li>',), None, 2)


def test_paging_needs_a_proxy_or_parameters() -> None:
    assert datastore_paging(["var x = 1;"], Datastore(("<li/>",)), BASE + "/") is None


# --- JSON in scripts ---


def test_an_article_list_in_a_script_with_urls_as_json_strings(
    portal: tuple[Path, pf.Manifest],
) -> None:
    root, manifest = portal
    page = read(root, "/zfxxgk/bmdt/index.html")
    assert page.kind == "json" and listing_kind(page) == "embedded JSON"
    # the column, not the hot list beside it nor the friendly links
    assert paths(page) == manifest.listings["/zfxxgk/bmdt/index.html"]["rows"]
    first = page.rows[0]
    assert first.url == f"{BASE}/zfxxgk/bmdt/202507/content_{1951206363677671424 + 200}.html"
    assert first.title == pf.title_of(200)
    assert first.date == f"{pf.day_of(200)} 8:10"
    assert (first.source, first.section) == (pf.SOURCES[200 % 3], "部门动态")
    # TRS's createPageHTML still numbers the pages
    assert page.next_page == f"{BASE}/zfxxgk/bmdt/index_1.html"
    last = read(root, "/zfxxgk/bmdt/index_2.html")
    assert paths(last) == manifest.listings["/zfxxgk/bmdt/index_2.html"]["rows"]
    assert last.next_page is None


def test_a_loose_javascript_list(portal: tuple[Path, pf.Manifest]) -> None:
    root, manifest = portal
    page = read(root, "/xwzx/index.html")
    assert page.kind == "json"
    assert paths(page) == manifest.listings["/xwzx/index.html"]["rows"]
    assert page.rows[0].date == pf.day_of(400)


def test_a_single_page_apps_initial_state(portal: tuple[Path, pf.Manifest]) -> None:
    root, manifest = portal
    page = read(root, "/spa/news/index.html")
    assert page.kind == "json"
    assert paths(page) == manifest.listings["/spa/news/index.html"]["rows"]
    # a section given as an object: its name
    assert {r.section for r in page.rows} == {"本地新闻"}
    assert page.rows[0].date == f"{pf.day_of(500)}T09:00:00+08:00"


def test_an_html_listing_keeps_its_html_rows_beside_a_scripts_list(
    portal: tuple[Path, pf.Manifest],
) -> None:
    root, manifest = portal
    page = read(root, "/html/list/index.html")
    assert page.kind == "html" and listing_kind(page) == "HTML rows"
    assert paths(page) == manifest.listings["/html/list/index.html"]["rows"]


def test_the_same_rows_in_the_html_and_in_a_script_stay_html_rows() -> None:
    rows = [(f"/n/{n}.html", pf.title_of(n)) for n in range(1, 9)]
    items = "".join(f'<li><a href="{h}">{t}</a><span>2025-07-01</span></li>' for h, t in rows)
    data = json.dumps([{"title": t, "url": h, "date": "2025-07-01"} for h, t in rows])
    html = (
        f"<html><body><ul class='list'>{items}</ul>"
        f"<script>window.__NUXT__ = {{data: [{{list: {data}}}]}};</script></body></html>"
    )
    page = read_listing(html, BASE + "/n/")
    assert page.kind == "html" and len(page.rows) == 8


def test_friendly_links_in_a_script_are_no_listing() -> None:
    links = json.dumps(
        [
            {"title": f"{name}人民政府门户网站", "url": f"http://www.{k}.gov.cn/"}
            for k, name in enumerate(["甲省", "乙省", "丙市", "丁市", "戊县"])
        ],
        ensure_ascii=False,
    )
    html = f"<html><body><div id='app'></div><script>var links = {links};</script></body></html>"
    page = read_listing(html, "http://www.mine.gov.cn/col/1.html")
    assert page.rows == () and listing_kind(page) == "none"


def test_no_listing_in_menus_images_or_single_objects() -> None:
    html = (
        "<html><body><script>var nav = [{name: '首页', url: '/'}, {name: '新闻', url: '/x/'}];"
        "var banners = [{title: '一张很长的横幅图片标题', url: '/img/1.jpg'},"
        " {title: '又一张很长的横幅图片', url: '/img/2.png'}];"
        "var one = [{title: '只有一条的列表标题', url: '/a/1.html'}];</script></body></html>"
    )
    assert read_listing(html, BASE + "/").rows == ()


def test_json_parse_of_a_string_is_read() -> None:
    data = json.dumps(
        [{"title": pf.title_of(n), "url": f"/j/{n}.html"} for n in range(3)], ensure_ascii=False
    )
    html = f"<html><body><script>var rows = JSON.parse({json.dumps(data)});</script></body></html>"
    page = read_listing(html, BASE + "/j/")
    assert page.kind == "json" and paths(page) == [f"/j/{n}.html" for n in range(3)]


def test_a_date_field_of_digits_float_cannot_read_is_kept_as_text() -> None:
    # "²" and "①" are str.isdigit() digits: read as a Unix time they broke the whole listing
    rows = [
        {"title": pf.title_of(n), "url": f"/j/{n}.html", "date": d}
        for n, d in enumerate(("²", "①", "1753779540"))
    ]
    html = f"<html><body><script>var rows = {json.dumps(rows)};</script></body></html>"
    page = read_listing(html, BASE + "/j/")
    assert page.kind == "json" and paths(page) == [f"/j/{n}.html" for n in range(3)]


def test_loose_literals() -> None:
    text = """x = {
      // a comment
      a: 'it\\'s', "b": [1, 2.5, -3, 0x10, true, null, undefined,],
      c: `plain`, /* another */ 'd': {e: "\\u533a\\x41"},
    };"""
    assert read_literal(text, 4) == {
        "a": "it's",
        "b": [1, 2.5, -3, 16, True, None, None],
        "c": "plain",
        "d": {"e": "区A"},
    }
    # computed values are no literals
    assert read_literal("x = {a: f(1)}", 4) is None
    assert read_literal("x = [`${y}`]", 4) is None


def test_a_large_script_of_code_is_read_in_bounded_time() -> None:
    code = "var o={a:function(){return {b:c(d,[e,{f:g}])}},h:[i,{j:k}]};" * 20000
    started = time.perf_counter()
    assert list(script_values(code)) == []
    assert time.perf_counter() - started < 5


# --- a JSON column API a profile names ---


def api_site(**paths: str | int | None) -> Site:
    api = ApiListing(endpoint=str(pf.API_PROFILE["endpoint"]), **paths)  # type: ignore[arg-type]
    return Site(
        slug="bureau",
        name="某局",
        domains=("127.0.0.1",),
        channels=(Channel(f"{BASE}/api-col/index.html"),),
        listing=ListingRules(api=api),
    )


@pytest.mark.parametrize(
    ("paths", "requests"),
    [
        ({k: v for k, v in pf.API_PROFILE.items() if k != "endpoint"}, 3),
        # the fields' names say it all; without the page size, the short last page is
        # followed by one more request, which the API answers with no rows
        ({}, 4),
    ],
    ids=["paths", "names"],
)
def test_a_json_api_named_by_a_profile(
    portal: tuple[Path, pf.Manifest], paths: dict[str, str], requests: int
) -> None:
    root, manifest = portal
    site = api_site(**paths)
    api, channel = site.listing.api, site.channels[0].url
    assert api is not None
    url = api_page_url(api, channel, 1)
    assert url == f"{BASE}{pf.api_path(1)}"
    found, page = [], 1
    while url:
        text = (root / urlsplit(url).path.lstrip("/")).read_text("utf-8")
        listing = read_listing_answer(text, url, site, page=page, channel_url=channel)
        assert listing.kind == "api"
        want = manifest.listings.get(urlsplit(url).path, {"rows": []})["rows"]
        assert [r.url.removeprefix(BASE) for r in listing.rows] == want
        assert listing_kind(listing) == ("JSON API" if want else "none")
        found += listing.rows
        url, page = listing.next_page or "", page + 1
    assert page - 1 == requests
    assert len(found) == pf.API_ROWS
    assert found[0].date == "2025-07-29 16:59"
    assert found[0].section == "政务要闻"


def test_an_api_page_with_no_rows_ends_the_column() -> None:
    site = api_site(rows="data.list")
    answer = json.dumps({"data": {"list": []}})
    listing = read_listing_answer(answer, f"{BASE}/api/x_9.json", site, page=9)
    assert listing.rows == () and listing.next_page is None
    jsonp = "cb(" + json.dumps({"data": {"list": [{"title": pf.title_of(1), "url": "/a.html"}]}})
    jsonp += ");"
    listing = read_listing_answer(jsonp, f"{BASE}/api/x_1.json", site, page=1)
    assert len(listing.rows) == 1 and listing.next_page == f"{BASE}/api/column/77/page_2.json"


# --- the listing fixtures: HTML listings unchanged ---


def test_the_html_fixtures_are_html_rows_and_say_nothing_new() -> None:
    from newsarchive.extract.fixtures import discover

    fixtures = Path(__file__).parent / "fixtures"
    cases = [c for c in discover(fixtures) if c.kind == "listing"]
    assert cases
    for case in cases:
        got = case.extract()
        assert "kind" not in got and "next_request" not in got
        assert all("source" not in row for row in got["rows"])


# --- the profile keys: render and api, in the user's sites.toml ---

LISTED = """\
[sites.bureau]
name = "某局"
start_urls = ["https://www.bureau.gov.cn/col/col77/index.html"]
render = true

[sites.bureau.listing.api]
endpoint = "/api/column/77/page_{page}.json"
rows = "data.list"
title = "docTitle"
url = "docUrl"
date = "pubTime"
total = "data.total"
page_size = 10

[sites.channels-are-endpoints]
name = "某办"
start_urls = ["https://api.office.gov.cn/list?start={offset}&rows=20"]
render_articles = true
listing = {api = {page_size = 20, first_page = 0}}
"""


def test_render_and_api_are_read_from_the_site_list(tmp_path: Path) -> None:
    from newsarchive.sites import load_registry

    path = tmp_path / "sites.toml"
    path.write_text(LISTED, "utf-8")
    registry = load_registry(path)
    bureau = registry.get("bureau")
    assert (bureau.render, bureau.render_articles) == (True, False)
    assert bureau.listing.api == ApiListing(
        endpoint="/api/column/77/page_{page}.json",
        rows="data.list",
        title="docTitle",
        url="docUrl",
        date="pubTime",
        total="data.total",
        page_size=10,
    )
    other = registry.get("channels-are-endpoints")
    assert (other.render, other.render_articles) == (False, True)
    assert other.listing.api == ApiListing(page_size=20, first_page=0)
    assert api_page_url(other.listing.api, other.channels[0].url, 3) == (
        "https://api.office.gov.cn/list?start=40&rows=20"
    )


HEAD = '[sites.a]\nname = "A"\nstart_urls = ["http://a.cn/"]\n'
BAD_KEYS = {
    "render not a flag": (HEAD + 'render = "yes"\n', 4, "render must be true or false"),
    "unknown api key": (
        HEAD + '\n[sites.a.listing.api]\nendpoint = "/x_{page}.json"\ntitel = "t"\n',
        7,
        "unknown key 'titel' in [sites.a.listing.api]",
    ),
    "endpoint without a page": (
        HEAD + '\n[sites.a.listing.api]\nendpoint = "/x.json"\n',
        6,
        "endpoint '/x.json' has no {page}",
    ),
    "offset without a page size": (
        HEAD + '\n[sites.a.listing.api]\nendpoint = "/x.json?start={offset}"\n',
        6,
        "needs page_size",
    ),
    "a path that is no string": (
        HEAD + '\n[sites.a.listing.api]\nendpoint = "/x_{page}"\nrows = 3\n',
        7,
        "rows must be a string",
    ),
    "a negative first page": (
        HEAD + '\n[sites.a.listing.api]\nendpoint = "/x_{page}"\nfirst_page = -1\n',
        7,
        "first_page must be a whole number of at least 0",
    ),
    "no endpoint and a plain start url": (
        HEAD + '\n[sites.a.listing.api]\nrows = "list"\n',
        5,
        "each start URL must be one (with {page})",
    ),
    "endpoint not on the web": (
        HEAD + '\n[sites.a.listing.api]\nendpoint = "file:///x_{page}"\n',
        6,
        "is not an http(s) URL",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_KEYS))
def test_a_bad_render_or_api_key_is_one_line_naming_file_and_line(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsarchive.cli import EXIT_USAGE, main

    text, line, problem = BAD_KEYS[case]
    path = tmp_path / "sites.toml"
    path.write_text(text, "utf-8")
    assert main(["list", "--sites", str(path), "--data-dir", str(tmp_path / "d")]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith(f"newsarchive: {path}:{line}: "), err
    assert problem in err


# --- site add: the kind of listing found, and what to try when there is none ---


@pytest.fixture
def served(
    portal: tuple[Path, pf.Manifest], monkeypatch: pytest.MonkeyPatch
) -> Iterator[LocalSite]:
    from newsarchive import settings

    monkeypatch.setattr(settings, "DOWNLOAD_DELAY", 0)
    with LocalSite(portal[0]) as site:
        yield site


@pytest.mark.parametrize(
    ("path", "kind", "next_page"),
    [
        (
            "/col/col321/index.html",
            "script datastore",
            "the data proxy's next records: POST {base}/module/web/jpage/dataproxy.jsp"
            "?startrecord=46&endrecord=90&perpage=15",
        ),
        ("/zfxxgk/bmdt/index.html", "embedded JSON", "link found: {base}/zfxxgk/bmdt/index_1.html"),
        ("/html/list/index.html", "HTML rows", "none"),
    ],
)
def test_site_add_names_the_kind_of_listing_it_found(
    served: LocalSite,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    path: str,
    kind: str,
    next_page: str,
) -> None:
    from newsarchive.cli import main

    data = tmp_path / "data"
    argv = ["site", "add", served.url + path, "--slug", "p", "--samples", "1", "--dry-run"]
    assert main([*argv, "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert f"  kind       {kind}\n" in out
    assert f"  next page  {next_page.format(base=served.url)}\n" in out
    assert f"rows ({kind})" in out  # the entry's comment says it too
    assert "looks wrong: nothing" in out


def test_site_add_says_what_to_try_where_no_listing_is_found(
    served: LocalSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsarchive.cli import main

    data = tmp_path / "data"
    # a "加载更多" column: the page itself holds no row, only the footer's friendly links
    argv = ["site", "add", served.url + "/api-col/index.html", "--slug", "p", "--samples", "1"]
    assert main([*argv, "--data-dir", str(data)]) == 1
    out = capsys.readouterr().out
    assert "no article rows on" in out and "(its only links lead to other hosts)" in out
    assert "[sites.<slug>.listing.api]" in out and "render = true" in out
    assert "nothing written" in out
    assert not (data / "sites.toml").exists()


def test_every_column_of_the_portal_is_read_whole_and_in_order(
    portal: tuple[Path, pf.Manifest],
) -> None:
    """Each column read as a crawl reads it (pages, data proxy answers), without a profile:
    every row it lists, in order, nothing else; the page only a browser draws gives none of
    its rows (the benchmark, benchmarks/listings.py, counts the same)."""
    root, manifest = portal
    for start, column in manifest.columns.items():
        if column["kind"] == "api":
            continue  # needs its profile: above
        url: str | None = BASE + start
        sent: PageRequest | None = None
        found: list[str] = []
        pages = 0
        while url is not None:
            if sent is not None:
                query = dict(parse_qsl(urlsplit(url).query))
                records_file = root / f"_jpage/col{dict(sent.formdata)['columnid']}.json"
                records = json.loads(records_file.read_text("utf-8"))
                text = pf.dataproxy_answer(
                    records, int(query["startrecord"]), int(query["endrecord"])
                )
            else:
                text = (root / urlsplit(url).path.lstrip("/")).read_text("utf-8")
            page = read_listing_answer(text, url, sent=sent)
            pages += 1
            found += [r.url.removeprefix(BASE) for r in page.rows if r.url.startswith(BASE)]
            url, sent = page.next_page, page.next_request
        if column["kind"] == "render":
            assert found == [], start
            continue
        assert (found, pages) == (column["rows"], column["pages"]), start
    # the jpage copy: its department links are the rows' sections, its records table rows
    copy = read(root, "/col/col322/index.html")
    assert copy.rows[0].section == pf.DEPARTMENTS[1]
    # TRS's field names, a title's markup gone
    docs = read(root, "/zwgk/tzgg/index.html")
    assert docs.rows[0].title == pf.title_of(1100) and docs.rows[0].date == pf.day_of(1100)


# --- the browser: only for a site that renders, over the system's chromium, guarded ---


class FakeFrame:
    def __init__(self, page_url: str, parent: object | None = None) -> None:
        self.page = type("Page", (), {"url": page_url})()
        self.parent_frame = parent


class FakeRequest:
    def __init__(
        self,
        url: str,
        kind: str = "script",
        page: str = "http://www.a.gov.cn/l/",
        nav: bool = False,
    ) -> None:
        self.url, self.resource_type, self.frame, self._nav = url, kind, FakeFrame(page), nav

    def is_navigation_request(self) -> bool:
        return self._nav


def test_only_a_site_that_renders_gets_the_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsarchive.settings import DOWNLOAD_HANDLERS
    from newsarchive.spiders.browser import HANDLER, BrowserGuard, browser_settings
    from newsarchive.spiders.sites import spider_class

    plain = Site("plain", "P", ("www.a.gov.cn",), (Channel("http://www.a.gov.cn/l/"),))
    assert browser_settings(plain) == {}
    assert "DOWNLOAD_HANDLERS" not in (spider_class(plain).custom_settings or {})
    monkeypatch.setenv("NEWSARCHIVE_CHROMIUM", "/bin/sh")  # any executable
    drawn = Site("drawn", "D", ("www.a.gov.cn",), (Channel("http://www.a.gov.cn/l/"),), render=True)
    settings = spider_class(drawn).custom_settings or {}
    # http(s) through the browser's handler; every other scheme stays off as the project says
    assert settings["DOWNLOAD_HANDLERS"] == {**DOWNLOAD_HANDLERS, "http": HANDLER, "https": HANDLER}
    launch = settings["PLAYWRIGHT_LAUNCH_OPTIONS"]
    assert launch["executable_path"] == "/bin/sh" and launch["headless"] is True
    assert {"--no-sandbox", "--disable-gpu", "--disable-background-networking"} <= set(
        launch["args"]
    )
    assert settings["PLAYWRIGHT_ABORT_REQUEST"] == BrowserGuard(("www.a.gov.cn",))


def test_a_rendered_page_fetches_from_its_own_site_only() -> None:
    from newsarchive.spiders.browser import BrowserGuard

    guard = BrowserGuard(("www.a.gov.cn", "a.gov.cn"))
    # the listing itself, its own scripts and data, the site's other hosts
    assert not guard(FakeRequest("http://www.a.gov.cn/l/", "document", nav=True))
    assert not guard(FakeRequest("http://www.a.gov.cn/js/list.js"))
    assert not guard(FakeRequest("http://www.a.gov.cn/api/list?page=1", "xhr"))
    assert not guard(FakeRequest("http://static.a.gov.cn/list.js"))
    # a copy served on 127.0.0.1: its own host and port
    local = "http://127.0.0.1:8101/l/"
    assert not guard(FakeRequest("http://127.0.0.1:8101/data.json", "fetch", page=local))
    # third parties, trackers, private addresses, another port, other schemes, images
    assert guard(FakeRequest("https://cdn.example.com/jquery.js"))
    assert guard(FakeRequest("https://hm.baidu.com/hm.js?x"))
    assert guard(FakeRequest("http://169.254.169.254/latest/meta-data/", "fetch"))
    assert guard(FakeRequest("http://127.0.0.1:6379/", "fetch", page=local.replace("8101", "8102")))
    assert guard(FakeRequest("ftp://www.a.gov.cn/x"))
    assert guard(FakeRequest("http://www.a.gov.cn/logo.png", "image"))
    # an iframe's page on another site is no listing of this one
    frame = FakeRequest("https://ads.example.com/f.html", "document", nav=True)
    frame.frame.parent_frame = object()
    assert guard(frame)


def test_site_check_live_reads_a_start_url_as_the_crawl_does(
    served: LocalSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsarchive.cli import main

    api = "".join(
        f"{k} = {v}\n" if isinstance(v, int) else f'{k} = "{v}"\n'
        for k, v in pf.API_PROFILE.items()
    )
    sites = tmp_path / "sites.toml"
    sites.write_text(
        f'[sites.api]\nname = "A"\nstart_urls = ["{served.url}/api-col/index.html"]\n'
        f"[sites.api.listing.api]\n{api}\n"
        f'[sites.jpage]\nname = "J"\nstart_urls = ["{served.url}/col/col321/index.html"]\n',
        "utf-8",
    )
    argv = ["site", "check", "api", "jpage", "--live", "--sites", str(sites)]
    assert main([*argv, "--data-dir", str(tmp_path / "d")]) == 0
    out = capsys.readouterr().out
    # the API's first page for the column it holds, the datastore's records for the jpage
    assert f"api: {served.url}/api-col/index.html: {pf.API_PAGE} rows" in out
    assert f"jpage: {served.url}/col/col321/index.html: 45 rows" in out
