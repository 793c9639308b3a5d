"""A small county portal whose listings are drawn by script, one column per portal platform.

Written for this project (modelled on how the platforms work, never on a site's markup); the
listing tests (`tests/test_script_listings.py`) crawl it and the listing benchmark
(`benchmarks/listings.py`) measures the listing reader on it. `build(root)` writes the site
and returns its manifest: for every listing page, the kind of listing it is and the article
URLs (root-relative) its list holds, in order.

Columns:

* `/col/col321/index.html`: a Hanweb jpage column. The first 45 of its 100 records sit in an
  XML datastore in the page (`<script type="text/xml">`, records as CDATA); the rest come from
  the data proxy (`/module/web/jpage/dataproxy.jsp?startrecord=…&endrecord=…&perpage=…`,
  POSTed with the parameters the page's own jpage call passes). The records are written to
  `_jpage/col321.json` (never served), and `dataproxy_answer` writes the proxy's answer:
  tests/mockserver.py answers the POSTs with it. One record is a cleared placeholder.
* `/zfxxgk/bmdt/index.html` (and `index_1`, `index_2`): a provincial department's column, its
  list a JSON array in a script (`articleList: [...]`, URLs as JSON strings
  `"{\\"pc\\":\\"/…/content_….html\\"}"`, dates, sources), pages numbered by TRS's
  `createPageHTML`; beside it, a hot list and friendly links (not the column).
* `/xwzx/index.html`: `var list = [...]` in JavaScript's loose syntax (single quotes, bare
  keys, a trailing comma).
* `/spa/news/index.html`: a single-page app's `window.__INITIAL_STATE__ = {...}`.
* `/api-col/index.html`: a "加载更多" column whose rows only a JSON API gives
  (`/api/column/77/page_{page}.json`, 10 rows a page, an empty list past the last);
  `API_PROFILE` is what a profile says of it.
* `/render/index.html`: a list packed in base64 and drawn by script: only a browser reads it.
* `/html/list/index.html`: an ordinary HTML list (with a hot list in a script beside it), and
  `/html/yw/index.html`, a table list on a page whose app state holds dated recommendations.
* `/col/col322/index.html`: a jpage copy of another shape (table-row records opening with a
  department link, the data proxy's parameters in the `nextgroup` link only, 23 records).
* `/zwgk/tzgg/index.html`: `JSON.parse("…")` of a TRS column's documents (`docTitle`,
  `docPubUrl` relative to the page, `docRelTime`, titles with markup).

Every article page exists, with a title, a date, a source and a body of its own.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

SITE_NAME = "某县人民政府"
PLACES = (
    "城关镇",
    "新河镇",
    "江桥镇",
    "外冈镇",
    "华亭镇",
    "马陆镇",
    "南翔镇",
    "安亭镇",
    "徐行镇",
    "菊园新区",
    "工业区",
    "嘉定镇街道",
)
ACTIONS = ("召开", "开展", "举办", "部署", "推进", "启动", "完成", "组织")
TOPICS = (
    "安全生产专题会议",
    "秋冬季爱国卫生运动",
    "营商环境优化座谈会",
    "老旧小区改造工程",
    "防汛防台应急演练",
    "垃圾分类宣传活动",
    "乡村振兴示范村建设",
    "文明城区创建工作",
    "基层治理能力提升培训",
    "就业援助月专项活动",
    "消防安全大检查",
    "河长制工作推进会",
    "食品安全进社区活动",
)
DEPARTMENTS = ("区教育局", "区体育局", "区民政局", "区卫生健康委")
SOURCES = ("县融媒体中心", "县政府办公室", "县发展改革委")
SENTENCES = (
    "会议传达学习了上级有关文件精神，通报了前一阶段工作进展情况。",
    "与会人员围绕重点任务逐项分析研判，提出了具体的推进措施。",
    "活动现场，工作人员向居民发放宣传资料，并耐心解答群众提出的问题。",
    "下一步，相关部门将进一步压实责任，确保各项任务按时保质完成。",
    "据了解，此项工作自启动以来，已累计惠及辖区群众上万人次。",
    "负责人表示，将以此次活动为契机，持续完善长效工作机制。",
    "各街镇要加强统筹协调，形成工作合力，推动工作取得实效。",
)
FRIEND_LINKS = (
    ("中国政府网", "http://www.gov.cn/"),
    ("省人民政府门户网站", "http://www.province.gov.cn/"),
    ("市人民政府门户网站", "http://www.city.gov.cn/"),
)

JPAGE_COLUMN = 321
JPAGE_RECORDS = 100
JPAGE_PER_PAGE = 15
JPAGE_GROUP = 3
# the record the column shows where an article was cleared
JPAGE_PLACEHOLDER = 7
API_ROWS = 25
API_PAGE = 10
# what a site profile says of the API column (sites.toml: [sites.<slug>.listing.api])
API_PROFILE: dict[str, str | int] = {
    "endpoint": "/api/column/77/page_{page}.json",
    "rows": "data.list",
    "title": "docTitle",
    "url": "docUrl",
    "date": "pubTime",
    "section": "channelName",
    "total": "data.total",
    "page_size": API_PAGE,
}


@dataclass
class Manifest:
    """What `build` wrote: per listing page (root-relative path) its kind and the article
    URLs its list holds; the jpage column's records; every article page."""

    listings: dict[str, dict[str, Any]] = field(default_factory=dict)
    # per column (its first page): its kind, every article URL it lists over all its pages
    # (and data proxy answers), and how many pages (and answers) that takes
    columns: dict[str, dict[str, Any]] = field(default_factory=dict)
    articles: list[str] = field(default_factory=list)
    # the data proxy's answers (the jpage columns' in turn): startrecord, endrecord, and the
    # article URLs they hold
    proxy_pages: list[tuple[int, int, list[str]]] = field(default_factory=list)


def title_of(n: int) -> str:
    """The n-th headline of the county (every one different)."""
    place = PLACES[n % len(PLACES)]
    action = ACTIONS[(n // len(PLACES)) % len(ACTIONS)]
    topic = TOPICS[(n * 7 + n // 5) % len(TOPICS)]
    return f"{place}{action}{topic}（第{n}期）"


def day_of(n: int) -> str:
    return f"2025-{7 - (n // 28) % 6:02d}-{28 - n % 28:02d}"


def _page(title: str, body: str, head: str = "") -> str:
    nav = "".join(
        f'<li><a href="{h}">{t}</a></li>'
        for t, h in (
            ("首页", "/"),
            ("政务公开", "/zfxxgk/"),
            ("新闻中心", "/xwzx/"),
            ("政务服务", "/zwfw/"),
            ("互动交流", "/hdjl/"),
        )
    )
    links = "".join(f'<a href="{h}" target="_blank">{t}</a> ' for t, h in FRIEND_LINKS)
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(title)}_{SITE_NAME}</title>{head}</head><body>"
        f'<div class="header"><div class="logo">{SITE_NAME}</div><ul class="nav">{nav}</ul></div>'
        f'<div class="main">{body}</div>'
        f'<div class="footer"><div class="links">友情链接：{links}</div>'
        f"<p>主办：{SITE_NAME}办公室 版权所有</p></div></body></html>"
    )


def article_page(n: int, title: str, day: str, source: str) -> str:
    paras = "".join(
        f"<p>　　{SENTENCES[(n + k) % len(SENTENCES)]}{title}相关工作共涉及{n + k}个点位。</p>"
        for k in range(4)
    )
    body = (
        f'<div class="article"><h1>{escape(title)}</h1>'
        f'<div class="info">来源：{source} 发布时间：{day} 09:30</div>'
        f'<div class="content">{paras}</div></div>'
    )
    return _page(title, body)


def jpage_record(n: int) -> tuple[str, str]:
    """(article path, record HTML) of the jpage column's n-th record (1-based)."""
    path = f"/art/2025/7/{1 + n % 28}/art_{JPAGE_COLUMN}_{5000 + n}.html"
    title = title_of(n)
    if n == JPAGE_PLACEHOLDER:
        title = "标题和内容已经清空2022-08-29 06:33:18"
    shown = title if len(title) <= 20 else title[:18] + "…"
    label = (
        f'<span class="bt-left">[{DEPARTMENTS[n % len(DEPARTMENTS)]}]</span>' if n % 5 == 0 else ""
    )
    record = (
        f'<li class="list-item">{label}<a href="{path}" title="{escape(title)}" '
        f'target="_blank">{escape(shown)}</a><span class="bt-data-time">{day_of(n)}</span></li>'
    )
    return path, record


def dataproxy_answer(records: list[str], start: int, end: int) -> str:
    """The data proxy's answer for records start..end (1-based, inclusive): an XML datastore."""
    chosen = records[start - 1 : end]
    body = "".join(f"<record><![CDATA[{r}]]></record>" for r in chosen)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><datastore>'
        f"<totalrecord>{len(records)}</totalrecord><recordset>{body}</recordset></datastore>"
    )


def _jpage(root: Path, manifest: Manifest) -> None:
    records = []
    paths = []
    for n in range(1, JPAGE_RECORDS + 1):
        path, record = jpage_record(n)
        records.append(record)
        paths.append(path)
        if n != JPAGE_PLACEHOLDER:
            _write(root, path, article_page(n, title_of(n), day_of(n), SOURCES[n % 3]), manifest)
    (root / "_jpage").mkdir(parents=True, exist_ok=True)
    (root / "_jpage" / f"col{JPAGE_COLUMN}.json").write_text(
        json.dumps(records, ensure_ascii=False), "utf-8"
    )
    first = JPAGE_PER_PAGE * JPAGE_GROUP
    store = "".join(f"<record><![CDATA[{r}]]></record>" for r in records[:first])
    nextgroup = (
        f'<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=2&path=/'
        f'&columnid={JPAGE_COLUMN}&unitid=7788&webname={SITE_NAME}&permissiontype=0"></a>'
    )
    body = (
        '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zfxxgk/">政务公开</a>'
        ' &gt; 工作动态</div><div class="column-title">工作动态</div>'
        f'<div id="3961513"><script type="text/xml"><datastore><nextgroup><![CDATA[{nextgroup}]]>'
        f"</nextgroup><recordset>{store}</recordset></datastore></script></div>"
        "<script>\n$(document).ready(function () {\n"
        "  $('#3961513').jpage({\n"
        "    dataStore: $('#3961513 script[type=\"text/xml\"]'),\n"
        f"    perPage: {JPAGE_PER_PAGE},\n    totalRecord: {JPAGE_RECORDS},\n"
        f"    groupSize: {JPAGE_GROUP},\n"
        "    proxyUrl: '/module/web/jpage/dataproxy.jsp',\n"
        "    barPosition: 'bottom',\n"
        "    ajaxParam: {col: 1, appid: 1, webid: 2, path: '/', "
        f"columnid: {JPAGE_COLUMN}, sourceContentType: 1, unitid: 7788, "
        f"webname: '{SITE_NAME}', permissiontype: 0}}\n"
        "  });\n});\n</script>"
    )
    _listing(root, f"/col/col{JPAGE_COLUMN}/index.html", "工作动态", body, manifest)
    manifest.listings[f"/col/col{JPAGE_COLUMN}/index.html"] = {
        "kind": "datastore",
        "rows": paths[:first],
    }
    start = first + 1
    while start <= JPAGE_RECORDS:
        end = start + first - 1
        manifest.proxy_pages.append((start, end, paths[start - 1 : end]))
        start = end + 1
    manifest.columns[f"/col/col{JPAGE_COLUMN}/index.html"] = {
        "kind": "datastore",
        "rows": paths,
        "pages": 1 + -(-(JPAGE_RECORDS - first) // first),
    }


def _json_column(root: Path, manifest: Manifest) -> None:
    per_page, pages = 20, 3
    every: list[str] = []
    manifest.columns["/zfxxgk/bmdt/index.html"] = {"kind": "json", "rows": every, "pages": pages}
    hot = [{"title": title_of(900 + k), "url": f"/zfxxgk/rdzt/{900 + k}.html"} for k in range(5)]
    for k in range(5):
        _write(
            root,
            f"/zfxxgk/rdzt/{900 + k}.html",
            article_page(900 + k, title_of(900 + k), day_of(k), SOURCES[0]),
            manifest,
        )
    friends = [{"name": t, "url": h} for t, h in FRIEND_LINKS]
    for page in range(pages):
        rows = []
        paths = []
        for k in range(per_page):
            n = 200 + page * per_page + k
            cid = 1951206363677671424 + n
            path = f"/zfxxgk/bmdt/202507/content_{cid}.html"
            rows.append(
                {
                    "id": str(cid),
                    "title": title_of(n),
                    "pubDate": f"{day_of(n)} {8 + k % 9}:{10 + k:02d}",
                    "urls": json.dumps({"pc": path, "h5": f"/m{path}"}, separators=(",", ":")),
                    "contentSource": SOURCES[n % 3],
                    "columnName": "部门动态",
                }
            )
            paths.append(path)
            _write(root, path, article_page(n, title_of(n), day_of(n), SOURCES[n % 3]), manifest)
        data = json.dumps(
            {"columnName": "部门动态", "articleList": rows, "hotList": hot, "links": friends},
            ensure_ascii=False,
        )
        name = "index" if page == 0 else f"index_{page}"
        body = (
            '<div class="column-title">部门动态</div><ul class="article-list" id="list"></ul>'
            '<div class="pager"><script>createPageHTML('
            f'{pages}, {page}, "index", "html");</script></div>'
            '<div class="side"><h3>热点专题</h3><ul id="hot"></ul></div>'
            f"<script>\nvar pageData = {data};\n"
            "$(function () {\n"
            "  $.each(pageData.articleList, function (i, item) {\n"
            "    var url = JSON.parse(item.urls).pc;\n"
            "    $('#list').append('<li><a href=\"' + url + '\">' + item.title + '</a><span>'"
            " + item.pubDate + '</span></li>');\n"
            "  });\n"
            "});\n</script>"
        )
        path = f"/zfxxgk/bmdt/{name}.html"
        _listing(root, path, "部门动态", body, manifest)
        manifest.listings[path] = {"kind": "json", "rows": paths}
        every += paths


def _js_literal_column(root: Path, manifest: Manifest) -> None:
    items = []
    paths = []
    for k in range(12):
        n = 400 + k
        path = f"/xwzx/2025/t{n}.html"
        items.append(f"  {{title: '{title_of(n)}', url: '{path}', time: '{day_of(n)}'}},")
        paths.append(path)
        _write(root, path, article_page(n, title_of(n), day_of(n), SOURCES[1]), manifest)
    body = (
        '<div class="column-title">新闻中心</div><div id="news"></div>'
        "<script>\n// the list, drawn below\nvar list = [\n"
        + "\n".join(items)
        + "\n];\nfor (var i = 0; i < list.length; i++) {\n"
        "  document.getElementById('news').innerHTML += '<p><a href=\"' + list[i].url + '\">'"
        " + list[i].title + '</a></p>';\n}\n</script>"
    )
    _listing(root, "/xwzx/index.html", "新闻中心", body, manifest)
    manifest.listings["/xwzx/index.html"] = {"kind": "json", "rows": paths}


def _initial_state_column(root: Path, manifest: Manifest) -> None:
    rows = []
    paths = []
    for k in range(15):
        n = 500 + k
        path = f"/spa/news/{n}.html"
        rows.append(
            {
                "id": n,
                "title": title_of(n),
                "link": path,
                "publishedAt": f"{day_of(n)}T09:00:00+08:00",
                "channel": {"id": 7, "name": "本地新闻"},
            }
        )
        paths.append(path)
        _write(root, path, article_page(n, title_of(n), day_of(n), SOURCES[2]), manifest)
    state = {
        "route": {"path": "/spa/news/"},
        "nav": [{"name": "首页", "url": "/"}, {"name": "新闻", "url": "/spa/news/"}],
        "news": {"total": len(rows), "list": rows},
    }
    body = (
        '<div id="app"></div><script>window.__INITIAL_STATE__='
        + json.dumps(state, ensure_ascii=False, separators=(",", ":"))
        + ";(function(){var s;(s=document.currentScript).parentNode.removeChild(s);}());</script>"
    )
    _listing(root, "/spa/news/index.html", "本地新闻", body, manifest)
    manifest.listings["/spa/news/index.html"] = {"kind": "json", "rows": paths}


def _api_column(root: Path, manifest: Manifest) -> None:
    pages = (API_ROWS + API_PAGE - 1) // API_PAGE
    every: list[str] = []
    for page in range(1, pages + 1):
        rows = []
        paths = []
        for k in range((page - 1) * API_PAGE, min(page * API_PAGE, API_ROWS)):
            n = 600 + k
            path = f"/api-col/detail/{n}.html"
            rows.append(
                {
                    "docId": n,
                    "docTitle": title_of(n),
                    "docUrl": path,
                    # 2025-07-29 16:59 in Shanghai, a minute later per row
                    "pubTime": 1753779540000 - 60000 * k,
                    "channelName": "政务要闻",
                }
            )
            paths.append(path)
            _write(root, path, article_page(n, title_of(n), day_of(n), SOURCES[0]), manifest)
        answer = {"code": 0, "msg": "ok", "data": {"total": API_ROWS, "pageNo": page, "list": rows}}
        path = api_path(page)
        _write(root, path, json.dumps(answer, ensure_ascii=False), manifest, article=False)
        manifest.listings[path] = {"kind": "api", "rows": paths}
        every += paths
    manifest.columns["/api-col/index.html"] = {"kind": "api", "rows": every, "pages": pages}
    # past the last page the API answers an empty list, as such APIs do
    empty = {"code": 0, "msg": "ok", "data": {"total": API_ROWS, "pageNo": pages + 1, "list": []}}
    _write(root, api_path(pages + 1), json.dumps(empty), manifest, article=False)
    body = (
        '<div class="column-title">政务要闻</div><ul id="list"></ul>'
        '<button id="more">加载更多</button>'
        "<script>\nvar page = 0;\nfunction more() {\n  page += 1;\n"
        "  fetch('/api/column/77/page_' + page + '.json').then(function (r) { return r.json(); })"
        "\n    .then(function (a) { a.data.list.forEach(function (d) {\n"
        "      document.getElementById('list').innerHTML += '<li><a href=\"' + d.docUrl + '\">'"
        " + d.docTitle + '</a></li>'; }); });\n}\n"
        "document.getElementById('more').onclick = more;\nmore();\n</script>"
    )
    _listing(root, "/api-col/index.html", "政务要闻", body, manifest)


def api_path(page: int) -> str:
    """Where the API column's page `page` (from 1) is."""
    return str(API_PROFILE["endpoint"]).replace("{page}", str(page))


def _render_column(root: Path, manifest: Manifest) -> None:
    rows = []
    paths = []
    for k in range(12):
        n = 700 + k
        path = f"/render/a/{n}.html"
        rows.append([title_of(n), path, day_of(n)])
        paths.append(path)
        _write(root, path, article_page(n, title_of(n), day_of(n), SOURCES[1]), manifest)
    packed = base64.b64encode(json.dumps(rows, ensure_ascii=False).encode()).decode()
    body = (
        '<div class="column-title">通知公告</div><ul class="list" id="list"></ul>'
        f'<script>\nvar packed = "{packed}";\n'
        "var rows = JSON.parse(decodeURIComponent(escape(atob(packed))));\n"
        "var html = '';\n"
        "for (var i = 0; i < rows.length; i++) {\n"
        "  html += '<li><a href=\"' + rows[i][1] + '\">' + rows[i][0] + '</a><span>' + rows[i][2]"
        " + '</span></li>';\n}\n"
        "document.getElementById('list').innerHTML = html;\n</script>"
    )
    _listing(root, "/render/index.html", "通知公告", body, manifest)
    manifest.listings["/render/index.html"] = {"kind": "render", "rows": paths}


def _html_column(root: Path, manifest: Manifest) -> None:
    paths = []
    items = []
    for k in range(20):
        n = 800 + k
        path = f"/html/list/t{n}.html"
        paths.append(path)
        items.append(f'<li><a href="{path}">{escape(title_of(n))}</a><span>{day_of(n)}</span></li>')
        _write(root, path, article_page(n, title_of(n), day_of(n), SOURCES[2]), manifest)
    hot = json.dumps(
        [{"title": title_of(900 + k), "url": f"/zfxxgk/rdzt/{900 + k}.html"} for k in range(5)],
        ensure_ascii=False,
    )
    body = (
        f'<div class="column-title">县内要闻</div><ul class="list">{"".join(items)}</ul>'
        '<div class="pager"><script>createPageHTML(1, 0, "index", "html");</script></div>'
        f'<div class="side"><ul id="hot"></ul><script>var hotNews = {hot};</script></div>'
    )
    _listing(root, "/html/list/index.html", "县内要闻", body, manifest)
    manifest.listings["/html/list/index.html"] = {"kind": "html", "rows": paths}


def _jpage_table(root: Path, manifest: Manifest) -> None:
    """A jpage copy of another shape: table-row records that open with the department's link,
    no jpage call (the parameters are the `nextgroup` link's), one page of 10 in the store."""
    column, count, per_page = 322, 23, 10
    records, paths = [], []
    for k in range(1, count + 1):
        n = 1000 + k
        path = f"/art/2025/6/{1 + k % 28}/art_{column}_{n}.html"
        department = DEPARTMENTS[k % len(DEPARTMENTS)]
        records.append(
            f'<tr><td class="dept"><a href="/col/col{column}/dept{k % 4}.html">{department}</a>'
            f'</td><td><a href="{path}" target="_blank">{escape(title_of(n))}</a></td>'
            f"<td>{day_of(n)}</td></tr>"
        )
        paths.append(path)
        _write(root, path, article_page(n, title_of(n), day_of(n), SOURCES[k % 3]), manifest)
    (root / "_jpage" / f"col{column}.json").write_text(
        json.dumps(records, ensure_ascii=False), "utf-8"
    )
    store = "".join(f"<record><![CDATA[{r}]]></record>" for r in records[:per_page])
    nextgroup = (
        f'<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=2&path=/'
        f'&columnid={column}&unitid=8899&permissiontype=0"></a>'
    )
    body = (
        '<div class="column-title">通知公告</div><table class="list"><tbody id="div8899">'
        f'<script type="text/xml"><datastore><nextgroup><![CDATA[{nextgroup}]]></nextgroup>'
        f"<recordset>{store}</recordset></datastore></script></tbody></table>"
        f"<script>var totalRecord = {count}; var perPage = {per_page};</script>"
    )
    path = f"/col/col{column}/index.html"
    _listing(root, path, "通知公告", body, manifest)
    manifest.listings[path] = {"kind": "datastore", "rows": paths[:per_page]}
    manifest.proxy_pages.append((per_page + 1, 2 * per_page, paths[per_page : 2 * per_page]))
    manifest.proxy_pages.append((2 * per_page + 1, 3 * per_page, paths[2 * per_page :]))
    manifest.columns[path] = {"kind": "datastore", "rows": paths, "pages": 3}


def _json_parse_column(root: Path, manifest: Manifest) -> None:
    """A TRS-style column whose script parses a string of JSON: field names of the CMS's own
    (`docTitle`, `docPubUrl`, `docRelTime`), titles with markup, links relative to the page."""
    rows, paths = [], []
    for k in range(10):
        n = 1100 + k
        name = f"202506/t20250601_{n}.html"
        title = title_of(n)
        shown = f'<font color="red">{title}</font>' if k % 3 == 0 else title
        rows.append({"docTitle": shown, "docPubUrl": f"./{name}", "docRelTime": day_of(n)})
        paths.append(f"/zwgk/tzgg/{name}")
        _write(root, f"/zwgk/tzgg/{name}", article_page(n, title, day_of(n), SOURCES[0]), manifest)
    data = json.dumps(json.dumps(rows, ensure_ascii=False), ensure_ascii=False)
    body = (
        '<div class="column-title">通知公告</div><ul id="docs"></ul>'
        f"<script>\nvar docs = JSON.parse({data});\n"
        "docs.forEach(function (d) { document.getElementById('docs').innerHTML += "
        "'<li><a href=\"' + d.docPubUrl + '\">' + d.docTitle + '</a></li>'; });\n</script>"
    )
    _listing(root, "/zwgk/tzgg/index.html", "通知公告", body, manifest)
    manifest.listings["/zwgk/tzgg/index.html"] = {"kind": "json", "rows": paths}


def _html_with_state(root: Path, manifest: Manifest) -> None:
    """An HTML list (a table, dated rows) on a page whose app state also holds a dated list of
    recommended articles: the HTML list is the column."""
    items, paths = [], []
    for k in range(15):
        n = 1200 + k
        path = f"/html/yw/t{n}.html"
        paths.append(path)
        items.append(
            f'<tr><td><a href="{path}">{escape(title_of(n))}</a></td><td>{day_of(n)}</td></tr>'
        )
        _write(root, path, article_page(n, title_of(n), day_of(n), SOURCES[1]), manifest)
    picks = [
        {"title": title_of(1300 + k), "url": f"/html/tj/{1300 + k}.html", "date": day_of(k)}
        for k in range(8)
    ]
    for k in range(8):
        n = 1300 + k
        page = article_page(n, title_of(n), day_of(k), SOURCES[2])
        _write(root, f"/html/tj/{n}.html", page, manifest)
    state = json.dumps({"user": None, "recommend": picks}, ensure_ascii=False)
    body = (
        f'<div class="column-title">要闻</div><table class="list">{"".join(items)}</table>'
        f"<script>window.__INITIAL_STATE__ = {state};</script>"
    )
    _listing(root, "/html/yw/index.html", "要闻", body, manifest)
    manifest.listings["/html/yw/index.html"] = {"kind": "html", "rows": paths}


def _listing(root: Path, path: str, title: str, body: str, manifest: Manifest) -> None:
    _write(root, path, _page(title, body), manifest, article=False)


def _write(root: Path, path: str, text: str, manifest: Manifest, *, article: bool = True) -> None:
    target = root / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")
    if article:
        manifest.articles.append(path)


def build(root: Path) -> Manifest:
    """Write the portal into `root` (a new or empty folder); its manifest."""
    manifest = Manifest()
    _jpage(root, manifest)
    _json_column(root, manifest)
    _js_literal_column(root, manifest)
    _initial_state_column(root, manifest)
    _api_column(root, manifest)
    _render_column(root, manifest)
    _html_column(root, manifest)
    _jpage_table(root, manifest)
    _json_parse_column(root, manifest)
    _html_with_state(root, manifest)
    for path, listing in manifest.listings.items():
        if listing["kind"] in ("json", "html", "render") and not path.startswith("/zfxxgk/bmdt/"):
            manifest.columns[path] = {"kind": listing["kind"], "rows": listing["rows"], "pages": 1}
    (root / "index.html").write_text(_page("首页", "<p>欢迎访问</p>"), "utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", "utf-8")
    return manifest
