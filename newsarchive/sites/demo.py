from __future__ import annotations

from newsarchive.sites.base import ArticleRules, Channel, Css, ListingRules, Site

SITE = Site(
    slug="demo",
    name="示例区县新闻网",
    domains=("127.0.0.1", "localhost"),
    # served from the bundled copy by `newsarchive serve`; paths are relative to that server
    local_root="demo_site",
    origin="http://demo.localhost",
    channels=(
        Channel("/dongtai/index.html", "区县动态"),
        Channel("/yaowen/index.html", "要闻"),
        Channel("/baozhi/index.html", "本地新闻"),
    ),
    listing=ListingRules(
        rows=Css("ul.list > li"),
        row_date=Css("span.date"),
        next_page=Css("a.next::attr(href)"),
    ),
    # the three templates the site republishes live side by side; the first match wins
    article=ArticleRules(
        title=(Css("div.article h1.title"), Css("h2.art-title"), Css("div.text_c h1")),
        body=(Css("div.article div.content"), Css("div#zoom"), Css("div#ozoom")),
    ),
    section_labels=(
        "区体育局",
        "中山街道",
        "岳阳街道",
        "区国资委",
        "区农业农村委",
        "洞泾镇",
        "新桥镇",
        "新浜镇",
        "区规划资源局",
        "区文化旅游局",
        "区住房保障房屋管理局",
        "车墩镇",
        "区民防办",
        "区市场监管局",
        "区司法局",
        "九亭镇",
        "叶榭镇",
        "佘山镇",
    ),
    title_suffixes=("示例日报",),
    download_delay=0,
    concurrency=8,
    autothrottle=False,
)
