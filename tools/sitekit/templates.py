"""The pages of the demo news site: its names, URL layout, page metadata and three templates.

The demo builder (``scripts/build_demo_site.py``) renders its few dozen hand-written articles
with these and the benchmark generator (``benchmarks/sitegen.py``) its thousands of composed
ones, so whatever crawls the demo site crawls a generated one:

* template A, the aggregator (要闻, UTF-8): `agg_page`, `agg_listing`;
* template B, the government portal (区县动态, UTF-8): `gov_page`, `gov_article_page`,
  `gov_listing`;
* template C, the local paper (本地新闻, GBK): `paper_page`, `paper_listing`.

Every renderer returns text; the caller encodes it (UTF-8, or GBK for template C).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

SITE_NAME = "示例区县新闻网"
PAPER_NAME = "示例日报"
GOV_NAME = "示例区人民政府"
CH_DONGTAI = "区县动态"
CH_YAOWEN = "要闻"
CH_BAOZHI = "本地新闻"
PLACEHOLDER_TEXT = "标题和内容已经清空"
DELETED_TEXT = "该信息已删除"
UTM_QUERY = "?utm_source=wechat&utm_medium=share"
# template C's Content-Type; a page sent as plain "text/html" names its charset in <meta> only
GBK = "text/html; charset=gbk"
ROBOTS_TXT = b"User-agent: *\nDisallow: /admin/\n"
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

NAV_LINKS = (
    ("/index.html", "首页"),
    ("/dongtai/index.html", CH_DONGTAI),
    ("/yaowen/index.html", CH_YAOWEN),
    ("/baozhi/index.html", CH_BAOZHI),
)

# ---------------------------------------------------------------------------
# Page metadata and URL layout
# ---------------------------------------------------------------------------

# What a 区县动态 page shows: the article, the cleared placeholder, a deletion notice, or the
# article cut off mid-body.
REAL = "real"
PLACEHOLDER = "placeholder"
DELETED = "deleted"
TRUNCATED = "truncated"


@dataclass(frozen=True)
class GovMeta:
    """A 区县动态 (government portal, template B) page."""

    aid: int
    when: str  # "YYYY-MM-DD HH:MM:SS", shown as 发布时间
    label: str | None  # department label glued in front of the title in listings
    title: str
    source: str
    author: str | None
    editor: str
    kind: str = REAL

    @property
    def path(self) -> str:
        day = self.when[:10].replace("-", "")
        return f"/dongtai/{day[:6]}/t{day}_{self.aid}.html"

    @property
    def credits(self) -> list[dict[str, str]]:
        """The record's credits: the byline's 作者 (a writer), then its 责任编辑."""
        writer = [{"name": self.author, "role": "writer"}] if self.author else []
        return [*writer, {"name": self.editor, "role": "editor"}]

    @property
    def row_text(self) -> str:
        if self.kind == PLACEHOLDER:
            return placeholder_row(self.when)
        return (self.label or "") + self.title


@dataclass(frozen=True)
class AggMeta:
    """A 要闻 (aggregator, template A) page; the byline is always admin."""

    aid: int
    day: str  # "YYYY-MM-DD"
    title: str
    # the account that posted it ("Admin - admin 于…发表"), the page's only credit
    credits: tuple[dict[str, str], ...] = ({"name": "admin", "role": "poster"},)

    @property
    def path(self) -> str:
        return f"/yaowen/{self.day[:4]}/{self.day[5:7]}{self.day[8:10]}/{self.aid}.html"


@dataclass(frozen=True)
class PaperMeta:
    """A 本地新闻 (local paper, template C, GBK) page."""

    aid: int
    when: str  # "YYYY-MM-DD HH:MM"
    edition: str
    kicker: str
    title: str
    subtitle: str
    byline: tuple[tuple[str, tuple[str, ...]], ...]  # (role, names) groups

    @property
    def path(self) -> str:
        return f"/baozhi/html/{self.when[:7]}/{self.when[8:10]}/content_{self.aid}.htm"

    @property
    def byline_text(self) -> str:
        return " ".join(" ".join((role, *names)) for role, names in self.byline)

    @property
    def author(self) -> str:
        """The reporters; the 通讯员 only when the byline names no reporter."""
        reporters = [n for role, names in self.byline if role != CORRESPONDENT for n in names]
        return "、".join(reporters or [n for _, names in self.byline for n in names])

    @property
    def credits(self) -> list[dict[str, str]]:
        """The record's credits: everyone the byline names, in its order, with their role."""
        roles = {REPORTER: "reporter", STAFF_REPORTER: "reporter", CORRESPONDENT: "correspondent"}
        return [{"name": n, "role": roles[role]} for role, names in self.byline for n in names]


# byline roles of template C
REPORTER = "记者"
STAFF_REPORTER = "本报记者"
CORRESPONDENT = "通讯员"


def placeholder_row(when: str) -> str:
    """A cleared article's listing row: the placeholder text with the time glued on."""
    return PLACEHOLDER_TEXT + when


def content_copy_path(aid: int) -> str:
    """Where a byte-identical second copy of an article is served (a duplicate by path)."""
    return f"/content/{aid}.html"


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

_T = TypeVar("_T")


def neighbours(chain: Sequence[_T], pos: int) -> tuple[_T | None, _T | None]:
    """The pages a page's 上一篇 and 下一篇 link to: its neighbours in `chain`."""
    prev = chain[pos - 1] if pos > 0 else None
    nxt = chain[pos + 1] if pos + 1 < len(chain) else None
    return prev, nxt


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def listing_name(index: int) -> str:
    return "index.html" if index == 0 else f"index_{index}.html"


def nav_html() -> str:
    items = "".join(f'<li><a href="{href}">{esc(text)}</a></li>' for href, text in NAV_LINKS)
    return f'<div class="nav"><ul>{items}</ul></div>'


def pager_html(index: int, count: int, window: int | None = None) -> str:
    """The pager of a listing; `window` limits the page numbers shown to that many either side
    of the current one (as CMSs show long listings), None shows them all."""
    first, last = (0, count) if window is None else (max(0, index - window), index + window + 1)
    parts = ['<a class="first" href="index.html">首页</a>']
    if index > 0:
        parts.append(f'<a class="prev" href="{listing_name(index - 1)}">上一页</a>')
    for i in range(first, min(count, last)):
        if i == index:
            parts.append(f'<span class="current">{i + 1}</span>')
        else:
            parts.append(f'<a href="{listing_name(i)}">{i + 1}</a>')
    if index < count - 1:
        parts.append(f'<a class="next" href="{listing_name(index + 1)}">下一页</a>')
    parts.append(f'<a class="last" href="{listing_name(count - 1)}">尾页</a>')
    parts.append(f'<span class="total">共{count}页</span>')
    return '<div class="page">' + " ".join(parts) + "</div>"


def row_html(href: str, text: str, day: str) -> str:
    return (
        f'<li><a href="{esc(href)}" target="_blank">{esc(text)}</a>'
        f'<span class="date">{day}</span></li>'
    )


STYLE = (
    "<style>body{margin:0;font:14px/1.8 'Microsoft YaHei',SimSun,sans-serif;color:#333}"
    "a{color:#333;text-decoration:none}.wrap{width:1000px;margin:0 auto}"
    ".nav ul{margin:0;padding:0;list-style:none;background:#b11}"
    ".nav li{display:inline-block;padding:0 20px}.nav a{color:#fff;line-height:40px}"
    ".list li{border-bottom:1px dashed #ddd}.list .date{float:right;color:#999}"
    ".footer{margin-top:30px;padding:20px 0;background:#f2f2f2;text-align:center}</style>"
)


def document(head: list[str], body: list[str], lang: str = "zh-CN") -> str:
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{lang}">',
            "<head>",
            *head,
            STYLE,
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


# ---------------------------------------------------------------------------
# Template A: aggregator page (the seed's layout)
# ---------------------------------------------------------------------------

A_TOP_BAR = '<div class="top-bar">客服热线:0755-8882 8155</div>'
A_HEADER = (
    f'<div class="header"><div class="wrap"><a class="logo" href="/index.html">{SITE_NAME}</a>'
    '<span class="slogan">汇聚区县资讯 服务百姓生活</span></div></div>'
)
A_FOOTER = (
    '<div class="footer">'
    '<p><a href="javascript:;">关于我们</a> <a href="javascript:;">加入我们</a> '
    '<a href="javascript:;">人力资讯TOP500</a> <a href="javascript:;">网站地图</a> '
    '<a href="javascript:;">临时工招聘信息</a><a href="javascript:;">兼职招聘信息</a></p>'
    '<p><a href="javascript:;">劳务派遣</a> <a href="javascript:;">深圳劳务派遣公司</a> '
    '<a href="javascript:;">劳务派遣公司</a> <a href="javascript:;">深圳临时工派遣公司</a> '
    '<a href="javascript:;">深圳临时工派遣中介</a> <a href="javascript:;">2</a></p>'
    "</div>"
)
A_STATEMENT = "本文章内容来源于网络公开内容,仅供参考!不对文章内容时效、真实性负责"


def agg_page(meta: AggMeta, paras: tuple[str, ...], related: list[tuple[str, str]]) -> str:
    year, month, day = meta.day.split("-")
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(meta.title)}-{SITE_NAME}</title>",
        f'<meta name="keywords" content="{esc(meta.title)}">',
        f'<meta name="description" content="{esc(paras[0][:60])}">',
    ]
    content = "".join(f"<p>&nbsp;&nbsp;{esc(p)}</p>\n" for p in paras) + "<p>&nbsp;</p>"
    related_items = "\n".join(f'<li><a href="{esc(h)}">{esc(t)}</a></li>' for t, h in related)
    body = [
        A_TOP_BAR,
        A_HEADER,
        nav_html(),
        '<div class="wrap">',
        '<div class="position">当前位置：<a href="/index.html">首页</a> &gt; '
        f'<a href="/yaowen/index.html">{CH_YAOWEN}</a> &gt; 正文</div>',
        '<div class="article">',
        f'<h1 class="title">{esc(meta.title)}</h1>',
        f'<div class="info">Admin - admin&nbsp;于{year}年{month}月{day}日发表&nbsp;&nbsp;</div>',
        '<div class="content">',
        content,
        "</div>",
        f'<div class="statement">{A_STATEMENT}</div>',
        "</div>",
        "</div>",
        A_FOOTER,
        '<div class="related"><ol>',
        related_items,
        "</ol></div>",
    ]
    return document(head, body)


# ---------------------------------------------------------------------------
# Template B: government portal page
# ---------------------------------------------------------------------------

B_TOP = (
    f'<div class="gov-top"><div class="wrap"><span>欢迎访问{GOV_NAME}门户网站</span> '
    '<a href="javascript:;">无障碍浏览</a> <a href="javascript:;">长者模式</a></div></div>'
)
B_HEADER = (
    f'<div class="gov-header"><div class="wrap"><a class="logo" href="/index.html">{GOV_NAME}</a>'
    '<form class="search" action="javascript:;"><input type="text" name="q" '
    'placeholder="请输入关键词"><button type="button">搜索</button></form></div></div>'
)
B_FOOTER = f'<div class="footer">版权所有：{GOV_NAME}办公室 沪ICP备00000000号</div>'
B_FOOTER_EXTRA = (
    '<div class="footer-extra">网站标识码：0000000000 '
    '<a href="javascript:;">网站地图</a> <a href="javascript:;">联系我们</a></div>'
)


def pn_link(label: str, meta: GovMeta | PaperMeta | None) -> str:
    """A 上一篇/下一篇 line of templates B and C."""
    if meta is None:
        return f"<p>{label}：没有了</p>"
    return f'<p>{label}：<a href="{meta.path}">{esc(meta.title)}</a></p>'


def gov_page(
    meta: GovMeta, paras: tuple[str, ...], prev: GovMeta | None, nxt: GovMeta | None
) -> str:
    head = [
        '<meta charset="utf-8">',
        '<meta http-equiv="X-UA-Compatible" content="IE=edge">',
        f"<title>{esc(meta.title)}_{SITE_NAME}</title>",
        f'<meta name="SiteName" content="{SITE_NAME}">',
        '<meta name="SiteDomain" content="www.example.gov.cn">',
        '<meta name="SiteIDCode" content="0000000000">',
        f'<meta name="ColumnName" content="{CH_DONGTAI}">',
        '<meta name="ColumnType" content="工作动态">',
        f'<meta name="ArticleTitle" content="{esc(meta.title)}">',
        f'<meta name="PubDate" content="{meta.when[:16]}">',
        f'<meta name="ContentSource" content="{esc(meta.source)}">',
    ]
    if meta.author:
        head.append(f'<meta name="Author" content="{esc(meta.author)}">')
    head.append(f'<meta name="Description" content="{esc(paras[0][:50])}">')
    info = [f"<span>来源：{esc(meta.source)}</span>", f"<span>发布时间：{meta.when}</span>"]
    if meta.author:
        info.append(f"<span>作者：{esc(meta.author)}</span>")
    info += [f"<span>责任编辑：{esc(meta.editor)}</span>", "<span>【字号：大 中 小】</span>"]
    content = "\n".join(f'<p style="text-indent:2em">{esc(p)}</p>' for p in paras)
    body = [
        B_TOP,
        B_HEADER,
        nav_html(),
        '<div class="wrap">',
        f'<div class="crumb">首页 > {CH_DONGTAI} > 正文</div>',
        '<div class="art-main">',
        f'<h2 class="art-title">{esc(meta.title)}</h2>',
        '<div class="art-info">' + "".join(info) + "</div>",
        '<div class="share">分享到：微信 微博 QQ空间</div>',
        '<div id="zoom" class="art-content">',
        content,
        "</div>",
        '<div class="art-pn">' + pn_link("上一篇", prev) + pn_link("下一篇", nxt) + "</div>",
        '<div class="tools">【打印本页】【关闭窗口】</div>',
        '<div class="qr"><div class="qr-code"></div><p>扫一扫在手机打开当前页</p></div>',
        "</div>",
        "</div>",
        B_FOOTER,
        B_FOOTER_EXTRA,
    ]
    return document(head, body)


def truncate_mid_body(page: str, paras: tuple[str, ...]) -> str:
    """Cut the page in the middle of its second paragraph (no closing tags after)."""
    zoom = page.index('id="zoom"')
    start = page.index(esc(paras[1]), zoom)
    return page[: start + len(paras[1]) // 2]


def gov_article_page(
    meta: GovMeta, paras: tuple[str, ...], prev: GovMeta | None, nxt: GovMeta | None
) -> str:
    """The page behind a 区县动态 row, as its kind shows it (`paras` unused when cleared or
    deleted)."""
    if meta.kind == PLACEHOLDER:
        # the CMS clears the neighbour links along with the title and body
        return gov_page(meta, (PLACEHOLDER_TEXT,), None, None)
    if meta.kind == DELETED:
        return gov_page(meta, (DELETED_TEXT,), prev, nxt)
    page = gov_page(meta, paras, prev, nxt)
    return truncate_mid_body(page, paras) if meta.kind == TRUNCATED else page


# ---------------------------------------------------------------------------
# Template C: local paper page (GBK)
# ---------------------------------------------------------------------------

C_META = '<meta http-equiv="Content-Type" content="text/html; charset=gbk">'
C_FOOTER = (
    f'<div class="footer">{PAPER_NAME}社版权所有 未经书面授权不得复制或建立镜像'
    "<br>地址：示例市人民路1号 邮编：000000</div>"
)


def paper_day(when: str) -> str:
    day = dt.date.fromisoformat(when[:10])
    return f"{day.year}年{day.month:02d}月{day.day:02d}日 {WEEKDAYS[day.weekday()]}"


def paper_masthead(when: str, edition: str) -> str:
    return f'<div class="masthead">{PAPER_NAME} {paper_day(when)} 第{edition}版：{CH_BAOZHI}</div>'


def paper_nav() -> str:
    return (
        '<div class="paper-nav"><a href="/index.html">网站首页</a> '
        f'<a href="/baozhi/index.html">{CH_BAOZHI}</a> <a href="javascript:;">往期回顾</a> '
        '<a href="javascript:;">PDF版</a></div>'
    )


def paper_page(
    meta: PaperMeta,
    paras: tuple[str, ...],
    prev: PaperMeta | None,
    nxt: PaperMeta | None,
    same_day: list[PaperMeta],
) -> str:
    date_part, time_part = meta.when.split(" ")
    year, month, day = date_part.split("-")
    head = [C_META, f"<title>{esc(meta.title)}--{PAPER_NAME}</title>"]
    content = "".join(f"<p>\u3000\u3000{esc(p)}</p>" for p in paras)
    others = "".join(
        f'<li><a href="{other.path}">{esc(other.title)}</a></li>' for other in same_day
    )
    body = [
        paper_masthead(meta.when, meta.edition),
        paper_nav(),
        '<div class="main">',
        '<div class="text_c">',
        f'<h3 class="yinti">{esc(meta.kicker)}</h3>',
        f"<h1>{esc(meta.title)}</h1>",
        f'<h2 class="futi">{esc(meta.subtitle)}</h2>',
        f'<div class="sha_left"><span>{year}年{month}月{day}日 {time_part}</span>'
        f"<span>来源：{PAPER_NAME}</span></div>",
        f'<div class="byline">{esc(meta.byline_text)}</div>',
        f'<div id="ozoom"><!--enpcontent--><founder-content>{content}</founder-content>'
        "<!--/enpcontent--></div>",
        "</div>",
        '<div class="pn">' + pn_link("上一篇", prev) + pn_link("下一篇", nxt) + "</div>",
        f'<div class="bmdh"><h4>版面导航</h4><ul>{others}</ul></div>',
        "</div>",
        C_FOOTER,
    ]
    return document([*head], body)


# ---------------------------------------------------------------------------
# Listings and home page
# ---------------------------------------------------------------------------


def listing_page(
    channel: str,
    chrome_head: list[str],
    chrome_top: list[str],
    footer: str,
    rows: list[str],
    index: int,
    count: int,
    title_suffix: str,
    window: int | None = None,
) -> str:
    """Listing page `index` of `count` of a channel in its template's chrome; `rows` are
    `row_html` items, `window` is the pager's (see `pager_html`)."""
    head = [*chrome_head, f"<title>{channel}{title_suffix}</title>"]
    body = [
        *chrome_top,
        '<div class="wrap">',
        f'<div class="crumb">首页 > {channel}</div>',
        '<div class="list-box">',
        f'<div class="list-head"><h2>{channel}</h2></div>',
        '<ul class="list">',
        *rows,
        "</ul>",
        pager_html(index, count, window),
        "</div>",
        "</div>",
        footer,
    ]
    return document(head, body)


def gov_listing(rows: list[str], index: int, count: int, window: int | None = None) -> str:
    """A 区县动态 listing page (template B, UTF-8)."""
    head = ['<meta charset="utf-8">', f'<meta name="SiteName" content="{SITE_NAME}">']
    top = [B_TOP, B_HEADER, nav_html()]
    return listing_page(
        CH_DONGTAI, head, top, B_FOOTER, rows, index, count, f"_{SITE_NAME}", window
    )


def agg_listing(rows: list[str], index: int, count: int, window: int | None = None) -> str:
    """A 要闻 listing page (template A, UTF-8)."""
    head = ['<meta charset="utf-8">']
    top = [A_TOP_BAR, A_HEADER, nav_html()]
    return listing_page(CH_YAOWEN, head, top, A_FOOTER, rows, index, count, f"-{SITE_NAME}", window)


def paper_listing(
    rows: list[str], index: int, count: int, latest: PaperMeta, window: int | None = None
) -> str:
    """A 本地新闻 listing page (template C, GBK); its masthead shows the `latest` issue."""
    top = [paper_masthead(latest.when, latest.edition), paper_nav()]
    return listing_page(
        CH_BAOZHI, [C_META], top, C_FOOTER, rows, index, count, f"--{PAPER_NAME}", window
    )


def home_page() -> str:
    head = [
        '<meta charset="utf-8">',
        f"<title>{SITE_NAME}</title>",
        f'<meta name="description" content="{SITE_NAME}：区县动态、要闻、本地新闻">',
    ]
    blocks = [
        f'<div class="home-block"><h2><a href="{href}">{esc(text)}</a></h2>'
        f'<a class="more" href="{href}">更多&gt;&gt;</a></div>'
        for href, text in NAV_LINKS[1:]
    ]
    body = [
        A_TOP_BAR,
        A_HEADER,
        nav_html(),
        '<div class="wrap">',
        *blocks,
        "</div>",
        '<div class="footer">'
        f"<p>{SITE_NAME} 版权所有</p>"
        '<p><a href="/admin/login.html">后台管理</a></p>'
        "</div>",
    ]
    return document(head, body)
