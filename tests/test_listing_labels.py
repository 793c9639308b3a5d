"""Department labels on listing rows, on a site nobody wrote a profile for (issue 18).

Every page here is written for the test. Each shape of label has its page: a label element or
bracketed text beside the link, a label cell in a table, a label link, brackets opening the link
text; and labels glued to the titles, learned from the listing, on two page shapes (a <ul> list
and a <table>). Beside them, listings with no labels and listings whose headlines begin with the
same town or bureau as their subject: no row there may get a section.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import cast

import pytest
import scrapy
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newsarchive.extract import patterns as P
from newsarchive.extract import read_listing
from newsarchive.extract.listing import glued_label, learned_section_labels
from newsarchive.items import Article, ListingPage, ListingRow
from newsarchive.sites.base import Channel, Site
from newsarchive.spiders.archive import ArchiveSpider
from newsarchive.spiders.sites import SPIDERS

URL = "http://www.example.gov.cn/qjdt/index.html"
NAV = (
    '<div class="nav"><a href="/">网站首页</a> <a href="/zwgk/">政务公开栏目</a>'
    ' <a href="/hdjl/">互动交流栏目</a></div>'
)
FOOT = '<div class="footer"><a href="/about.html">关于我们本站信息</a></div>'


def page(rows: str, container: str = "ul") -> str:
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>区级动态_示例区政府网</title>"
        f"</head><body>{NAV}<div class='crumb'>首页 &gt; 区级动态</div>"
        f"<{container} class='list'>{rows}</{container}>{FOOT}</body></html>"
    )


def read(html: str, site: Site | None = None) -> ListingPage:
    return read_listing(html, URL, site)


def sections(listing: ListingPage) -> list[str | None]:
    return [r.section for r in listing.rows]


def li_rows(titles: Sequence[str], before: Sequence[str] = (), after: str = "") -> str:
    """One <li> per title; `before[i]` stands before row i's link, the date after it."""
    out = []
    for i, title in enumerate(titles):
        lead = before[i] if i < len(before) else ""
        out.append(
            f'<li>{lead}<a href="/qjdt/2022{i:04d}.html" target="_blank">{title}</a>{after}'
            f'<span class="time">2022-09-{i % 28 + 1:02d}</span></li>'
        )
    return "".join(out)


def table_rows(titles: Sequence[str]) -> str:
    """One <tr> per title: a number cell, the link cell (cut text, whole title in @title),
    the date cell and a hits cell."""
    out = []
    for i, title in enumerate(titles):
        shown = title if len(title) <= 14 else title[:14] + "…"
        out.append(
            f'<tr><td class="xh">{i + 1}</td><td class="bt"><a href="/xxgk/{i}.html" '
            f'title="{title}">{shown}</a></td><td>2022-09-{i % 28 + 1:02d}</td>'
            f"<td>{100 + i}</td></tr>"
        )
    return "".join(out)


# Headlines whose first words are their subject: the towns and bureaus do things.
SUBJECT_TITLES = (
    "外冈镇举办老旧小区加装电梯试点",
    "外冈镇召开三季度安全生产工作例会",
    "外冈镇开展夏季消防安全演练",
    "外冈镇外冈村获评市级美丽乡村示范村",
    "外冈镇老旧小区改造项目全部完工",
    "江桥镇召开人大代表座谈会",
    "江桥镇举行新春团拜会",
    "江桥镇党委召开理论学习中心组学习会",
    "江桥镇金鹤村开展垃圾分类志愿服务",
    "区教育局召开新学期工作部署会",
    "区教育局举办青年教师教学比赛",
    "区教育局与区卫健委签订合作协议",
)
# Headlines with no label at all.
PLAIN_TITLES = (
    "全市防汛防台工作会议召开",
    "我区入选全国文明城区名单",
    "夏季游泳场所开放时间公布",
    "嘉定这家社区志愿服务中心又添荣誉",
    "十月起这些新规将施行",
    "秋季征兵体检工作顺利完成",
)
# A district listing that glues the publishing department to each title.
GLUED_TITLES = (
    "区教育局我区举办中小学生田径运动会",
    "城桥街道城桥街道召开安全生产工作会",
    "区卫健委市卫健委专家组来区督导基层医疗",
    "新河镇新河中学举行开学典礼",
    "区教育局新学期校园安全检查全面完成",
    "城桥街道南门社区开展垃圾分类宣传",
    "全市防汛防台工作会议召开",
    "区卫健委家庭医生签约服务覆盖九成社区",
    "新河镇全镇开展夏季消防安全检查",
    "城桥街道老年活动室焕然一新",
    "区城管执法局召开违法建筑整治推进会",
    "区教育局区教师进修学院开展教研活动",
)
GLUED_LABELS = {"区教育局", "城桥街道", "区卫健委", "新河镇"}


def expected_glued(title: str) -> str | None:
    return next((label for label in GLUED_LABELS if title.startswith(label)), None)


# -------------------------------------------------------- labels beside the link ---


def test_label_element_before_the_link_is_the_section() -> None:
    """The issue's portal: <span class="lm">[区教育局]</span><a>外冈镇举办…</a>."""
    labels = ["区教育局", "区体育局", "外冈镇", "区教育局", "区民政局", "江桥镇"]
    before = [f'<span class="lm">[{x}]</span>' for x in labels]
    listing = read(page(li_rows(SUBJECT_TITLES[:6], before)))
    assert sections(listing) == labels
    # the label is not the title, and the date beside it is still the row's date
    assert [r.title for r in listing.rows] == list(SUBJECT_TITLES[:6])
    assert listing.rows[0].date == "2022-09-01"


@pytest.mark.parametrize(
    "lead",
    [
        "【{}】",  # bare bracketed text before the link
        "[{}]",
        "<em>{}</em>",  # a short element with no class at all
        "<span>{}：</span>",
        "{}：",  # bare text closed by a colon
        '<span class="lm"><a href="/col/x/">[{}]</a></span>',  # the label links to its column
    ],
)
def test_label_shapes_before_the_link(lead: str) -> None:
    labels = ["区体育局", "镇街", "区教育局", "区体育局", "镇街", "区司法局"]
    listing = read(page(li_rows(PLAIN_TITLES, [lead.format(x) for x in labels])))
    assert sections(listing) == labels
    assert [r.title for r in listing.rows] == list(PLAIN_TITLES)


def test_label_link_beside_the_article_link_is_no_row() -> None:
    labels = ["区住房保障房屋管理局", "区教育局", "城桥街道", "区住房保障房屋管理局", "区卫健委"]
    before = [f'<a class="lm" href="/col/{i}/">{x}</a>' for i, x in enumerate(labels)]
    listing = read(page(li_rows(PLAIN_TITLES[:5], before)))
    assert [r.title for r in listing.rows] == list(PLAIN_TITLES[:5])
    assert sections(listing) == labels


def test_bracket_label_opening_the_link_text() -> None:
    titles = [f"【{x}】{t}" for x, t in zip(["区体育局", "区教育局"], PLAIN_TITLES, strict=False)]
    listing = read(page(li_rows([*titles, *PLAIN_TITLES[2:]])))
    assert sections(listing) == ["区体育局", "区教育局", None, None, None, None]
    # the listing title stays as the listing shows it (record field `listing_title`)
    assert listing.rows[0].title == titles[0]


@pytest.mark.parametrize(
    "lead",
    [
        '<span class="new">NEW</span>',
        "<b>置顶</b>",
        "[置顶]",
        "<span>[视频]</span>",
        "<i>{n}</i>",  # a counter
        '<span class="num">{n}</span>',
        "<span>[2022-09-{n:02d}]</span>",
        "<span>第{n}期</span>",
        "·",
        '<img src="/new.gif" alt="new">',
        '<span class="dot"></span>',
    ],
)
def test_badges_counters_and_dates_are_no_labels(lead: str) -> None:
    before = [lead.format(n=i + 1) for i in range(len(PLAIN_TITLES))]
    listing = read(page(li_rows(PLAIN_TITLES, before)))
    assert len(listing.rows) == len(PLAIN_TITLES)
    assert sections(listing) == [None] * len(PLAIN_TITLES)


@pytest.mark.parametrize(
    "after",
    [
        "<span>张晓明</span>",  # an author after the title is no department
        '<span class="hits">点击：356</span>',
        "<span>阅读 1024</span>",
        "<em>(图)</em>",
        "<span>[视频]</span>",
    ],
)
def test_what_follows_the_link_is_no_label_unless_marked(after: str) -> None:
    listing = read(page(li_rows(PLAIN_TITLES, after=after)))
    assert sections(listing) == [None] * len(PLAIN_TITLES)


def test_marked_label_after_the_link() -> None:
    rows = li_rows(PLAIN_TITLES, after='<span class="source">[区教育局]</span>')
    assert sections(read(page(rows))) == ["区教育局"] * len(PLAIN_TITLES)
    rows = li_rows(PLAIN_TITLES, after='<span class="ly">来源：区体育局</span>')
    assert sections(read(page(rows))) == ["区体育局"] * len(PLAIN_TITLES)


def test_a_label_in_one_row_only_is_no_label_column() -> None:
    before = ["<em>镇街</em>"]
    assert sections(read(page(li_rows(PLAIN_TITLES, before)))) == [None] * len(PLAIN_TITLES)


def test_label_cell_in_a_table_row() -> None:
    labels = ["区教育局", "区体育局", "城桥街道", "区教育局", "区民政局", "新河镇"]
    # the department cell after the title, as 信息公开 tables set it
    rows = "".join(
        f'<tr><td>{i + 1}</td><td><a href="/xxgk/{i}.html">{t}</a></td><td>{x}</td>'
        f"<td>2022-09-{i + 1:02d}</td><td>{200 + i}</td></tr>"
        for i, (t, x) in enumerate(zip(PLAIN_TITLES, labels, strict=True))
    )
    listing = read(page(rows, "table"))
    assert sections(listing) == labels
    assert [r.date for r in listing.rows][:2] == ["2022-09-01", "2022-09-02"]
    # and before it
    rows = "".join(
        f'<tr><td class="lm">{x}</td><td><a href="/xxgk/{i}.html">{t}</a></td>'
        f"<td>2022-09-{i + 1:02d}</td></tr>"
        for i, (t, x) in enumerate(zip(PLAIN_TITLES, labels, strict=True))
    )
    assert sections(read(page(rows, "table"))) == labels


def test_table_rows_with_only_numbers_dates_and_hits_have_no_label() -> None:
    listing = read(page(table_rows(PLAIN_TITLES), "table"))
    assert len(listing.rows) == len(PLAIN_TITLES)
    assert sections(listing) == [None] * len(PLAIN_TITLES)


# ------------------------------------------------ labels glued to titles, learned ---


def test_learned_labels_from_the_rows_alone() -> None:
    rows = [ListingRow(url=f"/{i}", title=t) for i, t in enumerate(GLUED_TITLES)]
    learned = learned_section_labels(rows)
    assert set(learned) == GLUED_LABELS
    # most rows first: what `site add` proposes as the profile's section_labels
    assert learned[0] == "区教育局"


@pytest.mark.parametrize("shape", ["ul", "table"])
def test_glued_labels_are_learned_on_two_page_shapes(shape: str) -> None:
    html = page(li_rows(GLUED_TITLES)) if shape == "ul" else page(table_rows(GLUED_TITLES), "table")
    listing = read(html)
    assert [r.title for r in listing.rows] == list(GLUED_TITLES)
    assert sections(listing) == [expected_glued(t) for t in GLUED_TITLES]


@pytest.mark.parametrize("shape", ["ul", "table"])
def test_subject_towns_and_bureaus_are_never_cut(shape: str) -> None:
    """Twelve headlines begin with three bodies, each the subject: no label is learned."""
    html = (
        page(li_rows(SUBJECT_TITLES))
        if shape == "ul"
        else page(table_rows(SUBJECT_TITLES), "table")
    )
    listing = read(html)
    assert len(listing.rows) == len(SUBJECT_TITLES)
    assert sections(listing) == [None] * len(SUBJECT_TITLES)
    assert learned_section_labels(listing.rows) == ()


# A township's own site and a bureau's: their names open most headlines, as the subject or as
# the place of it; one row even restarts with 全镇, which the town itself may say.
TOWN_TITLES = (
    "马陆镇召开2022年度安全生产工作会议",
    "马陆镇全镇上下齐心抗击台风",
    "马陆镇大裕村获评全国乡村治理示范村",
    "马陆镇马陆村开展垃圾分类宣传",
    "马陆镇：以党建引领基层治理",
    "马陆镇多措并举推进河长制",
    "马陆镇第三届葡萄文化节开幕",
    "马陆镇葡萄主题公园迎来客流高峰",
)
BUREAU_TITLES = (
    "区市场监管局开展节前食品安全检查",
    "区市场监管局召开年度工作会议",
    "区市场监管局区消保委联合发布消费提示",
    "区市场监管局对三家企业作出行政处罚",
    "区市场监管局局长带队检查重点商超",
    "区市场监管局党组理论学习中心组学习会举行",
)


@pytest.mark.parametrize("titles", [TOWN_TITLES, BUREAU_TITLES], ids=["town", "bureau"])
@pytest.mark.parametrize("shape", ["ul", "table"])
def test_a_site_about_itself_keeps_its_name_in_the_titles(
    titles: Sequence[str], shape: str
) -> None:
    html = page(li_rows(titles)) if shape == "ul" else page(table_rows(titles), "table")
    listing = read(html)
    assert len(listing.rows) == len(titles)
    assert sections(listing) == [None] * len(titles)


def test_a_place_before_noun_phrases_is_no_label_where_nothing_proves_one() -> None:
    """外冈镇 opens every row, followed by what in the town the news is about; no row restarts
    with a subject of its own, so nothing shows the listing glues labels."""
    titles = (
        "外冈镇老旧小区改造项目全部完工",
        "外冈镇百姓大舞台周末开演",
        "外冈镇葡萄主题公园迎来客流高峰",
        "外冈镇志愿者服务队走进敬老院",
        "外冈镇垃圾分类新风尚",
    )
    for html in (page(li_rows(titles)), page(table_rows(titles), "table")):
        assert sections(read(html)) == [None] * len(titles)


def test_a_flat_run_of_links_keeps_titles_that_look_like_names() -> None:
    """No element per row: a headline that is a body's name is still a row of its own."""
    titles = ["江桥镇社区服务中心", *PLAIN_TITLES]
    links = "<br>".join(f'<a href="/x/{i}.html">{t}</a>' for i, t in enumerate(titles))
    listing = read(page(f"<li>{links}</li>"))
    assert [r.title for r in listing.rows] == titles


def test_rows_with_no_label_get_no_section() -> None:
    for html in (page(li_rows(PLAIN_TITLES)), page(table_rows(PLAIN_TITLES), "table")):
        assert sections(read(html)) == [None] * len(PLAIN_TITLES)


def test_subject_bodies_in_a_listing_that_glues_labels_stay_whole() -> None:
    """The listing is known to glue labels, yet 江桥镇 is followed by verbs: it is the subject.
    So is 区教育局 on the one row where a verb follows it, though it is a label elsewhere."""
    titles = [*GLUED_TITLES, *SUBJECT_TITLES[5:9], SUBJECT_TITLES[9]]
    listing = read(page(li_rows(titles)))
    learned = learned_section_labels(listing.rows)
    assert set(learned) == GLUED_LABELS
    assert [r.section for r in listing.rows if r.title.startswith("江桥镇")] == [None] * 4
    by_title = {r.title: r.section for r in listing.rows}
    assert by_title["区教育局召开新学期工作部署会"] is None
    assert by_title["区教育局我区举办中小学生田径运动会"] == "区教育局"


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("区体育局我区网球队员征战总决赛", "区体育局"),
        ("中山街道蓝天五村居民区开展秋冬季爱国卫生运动", "中山街道"),
        ("中山街道召开党工委中心组学习会", None),
        ("中山街道党工委召开中心组学习会", None),
        ("中山街道与区体育局签订共建协议", None),
        ("中山街道", None),
        ("你好嘉定新城", None),
    ],
)
def test_a_learned_label_on_one_row(title: str, label: str | None) -> None:
    assert glued_label(title, ("区体育局", "中山街道")) == label


def test_one_row_is_no_recurrence() -> None:
    rows = [ListingRow(url="/1", title="新浜镇新浜镇小剧场上演经典沪剧")]
    rows += [ListingRow(url=f"/p{i}", title=t) for i, t in enumerate(PLAIN_TITLES)]
    assert learned_section_labels(rows) == ()


def test_a_repeated_row_is_no_recurrence() -> None:
    """The same headline under two URLs proves nothing twice."""
    title = "区教育局我区举办中小学生田径运动会"
    rows = [ListingRow(url="/a", title=title), ListingRow(url="/b", title=title)]
    assert learned_section_labels(rows) == ()


def test_placeholder_rows_teach_nothing() -> None:
    rows = [
        ListingRow(url=f"/{i}", title=f"标题和内容已经清空2022-08-2{i} 06:33:18") for i in range(5)
    ]
    assert learned_section_labels(rows) == ()


# ------------------------------------------------------------------ precedence ---

SITE = Site(
    slug="example_qu",
    name="示例区政府网",
    domains=("www.example.gov.cn",),
    channels=(Channel(URL, "区级动态"),),
    section_labels=("区体育局",),
)


def test_profile_labels_come_before_the_row_label() -> None:
    titles = ["区体育局我区网球队员征战总决赛", *PLAIN_TITLES[:4]]
    before = ['<span class="lm">[区教育局]</span>'] * len(titles)
    listing = read(page(li_rows(titles, before)), SITE)
    assert sections(listing) == ["区体育局", *["区教育局"] * 4]


def test_a_profile_that_lists_labels_is_not_second_guessed() -> None:
    listing = read(page(li_rows(GLUED_TITLES)), SITE)
    assert sections(listing) == [None] * len(GLUED_TITLES)
    # a profile without labels learns them from the page like no profile at all
    bare = Site(slug="x", name="x", domains=SITE.domains, channels=SITE.channels)
    assert sections(read(page(li_rows(GLUED_TITLES)), bare)) == [
        expected_glued(t) for t in GLUED_TITLES
    ]


@pytest.fixture
def spider(tmp_path: Path) -> Iterator[ArchiveSpider]:
    crawler = get_crawler(SPIDERS["demo"], settings_dict={"NEWSARCHIVE_DATA_DIR": str(tmp_path)})
    crawler._apply_settings()
    spider = cast(ArchiveSpider, crawler._create_spider(base_url="http://127.0.0.1"))
    yield spider
    spider.store.close()


ARTICLE = (
    "<html><head><title>全民健身日活动举行</title>{meta}</head><body>"
    "<h2 class='art-title'>全民健身日活动举行</h2>"
    "<div id='zoom'><p>　　8月28日，全民健身日活动在区体育中心举行。</p></div></body></html>"
)


@pytest.mark.parametrize(
    ("row_section", "listing_title", "column", "expected"),
    [
        ("区教育局", "全民健身日活动举行", "区县动态", "区教育局"),  # the row's label
        (None, "区体育局全民健身日活动举行", "区县动态", "区体育局"),  # glued, by the titles
        (None, "全民健身日活动举行", "区县动态", "区县动态"),  # the page's column
        (None, "全民健身日活动举行", None, "区级动态"),  # the channel
    ],
)
def test_record_section_precedence(
    spider: ArchiveSpider,
    row_section: str | None,
    listing_title: str,
    column: str | None,
    expected: str,
) -> None:
    url = "http://127.0.0.1/dongtai/1.html"
    meta = f'<meta name="ColumnName" content="{column}">' if column else ""
    row = ListingRow(url=url, title=listing_title, section=row_section)
    request = scrapy.Request(url, cb_kwargs={"row": row, "listing_url": URL})
    body = ARTICLE.format(meta=meta).encode()
    response = HtmlResponse(url, body=body, encoding="utf-8", request=request)
    [article] = list(spider.parse_article(response, **request.cb_kwargs, channel="区级动态"))
    assert isinstance(article, Article)
    assert (article.section, article.title) == (expected, "全民健身日活动举行")


# -------------------------------------------------------------------- patterns ---


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        (P.ROW_LABEL_BRACKETED, "［镇街］", True),
        (P.ROW_LABEL_BRACKETED, "[区教育局]外冈镇", False),
        (P.ROW_LABEL_HEAD, "〔区体育局〕我区网球队员征战总决赛", True),
        (P.ROW_BADGE, "NEW", True),
        (P.ROW_BADGE, "镇街", False),
        (P.NOT_LABEL_PREFIX, "点击：356", True),
        (P.GLUED_LABEL, "区住房保障房屋管理局", True),
        (P.GLUED_LABEL, "外冈镇举办老旧小区", False),
        (P.NOT_GLUED_LABEL_END, "外冈镇举办", True),
        (P.NOT_GLUED_LABEL_END, "区城运中心", False),
        (P.HEADLINE_PREDICATE_START, "召开三季度安全生产工作例会", True),
        (P.HEADLINE_PREDICATE_START, "与区卫健委签订合作协议", True),
        (P.HEADLINE_PREDICATE_START, "蓝天五村居民区开展活动", False),
        (P.OWN_ORGAN_START, "党委召开理论学习中心组学习会", True),
        (P.SELF_REFERENCE_START, "我区网球队员征战总决赛", True),
        (P.SELF_REFERENCE_START, "全力推进", False),
        (P.OTHER_BODY_START, "市民政局基政处副处长到车墩镇调研", True),
        (P.OTHER_BODY_START, "车墩镇举行第八届市民运动会", True),
        (P.OTHER_BODY_START, "市民服务中心揭牌", False),
        (P.OTHER_BODY_START, "区域化党建办公室成立", False),
        (P.OTHER_BODY_START, "特色小镇建设提速", False),
    ],
)
def test_label_patterns(pattern: re.Pattern[str], text: str, matches: bool) -> None:
    # whole-value patterns are used with fullmatch, the word at the end with search
    if pattern in (P.ROW_BADGE, P.GLUED_LABEL):
        found = pattern.fullmatch(text)
    elif pattern is P.NOT_GLUED_LABEL_END:
        found = pattern.search(text)
    else:
        found = pattern.match(text)
    assert (found is not None) == matches
