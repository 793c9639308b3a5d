"""The local static server: Content-Type headers, 404s, the request log, and the demo site."""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator
from http.client import HTTPConnection
from pathlib import Path
from urllib.error import HTTPError

import pytest

from newsarchive.server import LocalSite, demo_site_root

INDEX_HTML = "<html><body><h1>首页</h1></body></html>"
PAGE_HTML = "<html><body><p>我区网球队员征战总决赛</p></body></html>"
GBK_HTML = '<html><head><meta charset="gbk"></head><body><p>区体育局发布</p></body></html>'
SUB_INDEX_HTML = "<html><body>栏目首页</body></html>"


def fetch(url: str) -> tuple[int, str, bytes]:
    """Status, Content-Type and body of a GET; a 404 is an answer, not an error."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except HTTPError as exc:
        with exc:
            return exc.code, exc.headers["Content-Type"], exc.read()


def raw_get(site: LocalSite, path: str) -> int:
    """The status of a GET sent with the path exactly as given (no client normalisation)."""
    host, port = site.url.removeprefix("http://").split(":")
    conn = HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("server")
    site = tmp_path / "site"
    (site / "news").mkdir(parents=True)
    (site / "index.html").write_text(INDEX_HTML, "utf-8")
    (site / "page.html").write_text(PAGE_HTML, "utf-8")
    (site / "news" / "index.html").write_text(SUB_INDEX_HTML, "utf-8")
    (site / "news" / "gbk.htm").write_bytes(GBK_HTML.encode("gbk"))
    (site / "news" / "_draft.html").write_text(PAGE_HTML, "utf-8")
    (site / "_headers.json").write_text(
        json.dumps({"/news/gbk.htm": {"Content-Type": "text/html; charset=gbk"}}), "utf-8"
    )
    # a file beside the site folder, for the traversal test
    (tmp_path / "secret.html").write_text("<p>secret</p>", "utf-8")
    return site


@pytest.fixture(scope="module")
def site(root: Path) -> Iterator[LocalSite]:
    """One server for the tests that do not read its request log (stop() takes ~0.5 s)."""
    with LocalSite(root) as local:
        yield local


@pytest.fixture
def fresh_site(root: Path) -> Iterator[LocalSite]:
    """A server of this test's own, with an empty request log."""
    with LocalSite(root) as local:
        yield local


def test_html_is_served_as_utf8(site: LocalSite) -> None:
    status, ctype, body = fetch(site.url + "/page.html")
    assert status == 200
    assert ctype == "text/html; charset=utf-8"
    assert body == PAGE_HTML.encode("utf-8")


def test_headers_json_overrides_content_type(site: LocalSite) -> None:
    status, ctype, body = fetch(site.url + "/news/gbk.htm")
    assert status == 200
    assert ctype == "text/html; charset=gbk"
    assert body == GBK_HTML.encode("gbk")
    assert body.decode("gbk") == GBK_HTML


def test_missing_file_is_404(site: LocalSite) -> None:
    status, ctype, body = fetch(site.url + "/nope.html")
    assert status == 404
    assert ctype == "text/html; charset=utf-8"
    assert b"404 Not Found" in body


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.html",
        "/news/../../secret.html",
        "/%2e%2e/secret.html",
        "/news/%2E%2E/%2E%2E/secret.html",
    ],
)
def test_path_traversal_is_404(site: LocalSite, path: str) -> None:
    assert raw_get(site, path) == 404


def test_traversal_inside_the_root_still_resolves(site: LocalSite) -> None:
    assert raw_get(site, "/news/../page.html") == 200


@pytest.mark.parametrize("path", ["/_headers.json", "/news/_draft.html"])
def test_underscore_files_are_404(site: LocalSite, path: str) -> None:
    status, _, body = fetch(site.url + path)
    assert status == 404
    assert b"charset=gbk" not in body


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/", INDEX_HTML), ("/news/", SUB_INDEX_HTML), ("/news", SUB_INDEX_HTML)],
)
def test_directory_serves_its_index(site: LocalSite, path: str, expected: str) -> None:
    status, ctype, body = fetch(site.url + path)
    assert status == 200
    assert ctype == "text/html; charset=utf-8"
    assert body == expected.encode("utf-8")


def test_requests_are_recorded_in_order(fresh_site: LocalSite) -> None:
    site = fresh_site
    assert site.requests == []
    for path in ("/page.html", "/nope.html", "/news/gbk.htm?x=1", "/page.html", "/news/"):
        fetch(site.url + path)
    # the path only: the query string is not part of it; 404s are recorded too
    assert site.requests == ["/page.html", "/nope.html", "/news/gbk.htm", "/page.html", "/news/"]


def test_requests_record_the_decoded_path(fresh_site: LocalSite) -> None:
    site = fresh_site
    fetch(site.url + "/%E6%96%B0%E9%97%BB.html")
    assert site.requests == ["/新闻.html"]


def test_head_sends_headers_only(site: LocalSite) -> None:
    request = urllib.request.Request(site.url + "/news/gbk.htm", method="HEAD")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "text/html; charset=gbk"
        assert response.headers["Content-Length"] == str(len(GBK_HTML.encode("gbk")))
        assert response.read() == b""


def test_binds_loopback_on_a_free_port(root: Path) -> None:
    with LocalSite(root) as one, LocalSite(root) as two:
        pattern = re.compile(r"^http://127\.0\.0\.1:(\d+)$")
        m1, m2 = pattern.match(one.url), pattern.match(two.url)
        assert m1 is not None
        assert m2 is not None
        assert int(m1[1]) > 0
        assert m1[1] != m2[1]
        assert fetch(one.url + "/page.html")[0] == 200
        assert fetch(two.url + "/page.html")[0] == 200
    assert one.requests == ["/page.html"]
    assert two.requests == ["/page.html"]


def test_missing_root_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="site folder not found"):
        LocalSite(tmp_path / "nope")


def test_demo_site_content_types(demo_root: Path) -> None:
    assert demo_root == demo_site_root()
    headers: dict[str, dict[str, str]] = json.loads(
        (demo_root / "_headers.json").read_text("utf-8")
    )
    assert headers, "the demo site declares Content-Types for its GBK pages"
    with LocalSite(demo_root) as site:
        for path, declared in sorted(headers.items()):
            status, ctype, body = fetch(site.url + path)
            assert (path, status) == (path, 200)
            assert (path, ctype) == (path, declared["Content-Type"])
            assert body == (demo_root / path.lstrip("/")).read_bytes()
        assert site.requests == sorted(headers)
