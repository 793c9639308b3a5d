"""Named, compiled regular expressions: the data the processors and extractors match with.

Each name is also a stats key or a fixture folder, so renaming one is a visible change.
This module imports nothing from the project.
"""

from __future__ import annotations

import re

# Placeholder ("cleared") pages and listing rows. The name is the drop reason
# (`newsarchive/dropped/placeholder/<name>`) and the fixture folder under tests/fixtures/cleared/.
CLEARED_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cleared", re.compile(r"^标题和内容已经?清空")),
    (
        "deleted",
        re.compile(
            r"^(?:该|此|本)?(?:信息|文章|内容|新闻|稿件|页面)已(?:被)?(?:删除|撤销|撤稿|下线)"
        ),
    ),
)

# Characters that are whitespace to a reader but not to str.split(): NBSP, U+3000, the
# zero-width family and the BOM. Mapped to a plain space (zero-width ones to nothing).
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
WIDE_SPACES = "\u00a0\u3000\u2002\u2003\u2009\u202f\u205f"
WS_RUN = re.compile(r"[ \t\r\f\v]+")
ANY_WS_RUN = re.compile(r"\s+")

# Absolute dates: 2022年01月03日 10:05, 2022-08-29 06:33:18, 2022/8/29, 2022.08.29 06:33.
CN_DATETIME = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[年/.\-]\s*(?P<m>\d{1,2})\s*[月/.\-]\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    r"(?:[T\s]*(?P<H>[01]?\d|2[0-3])\s*[:：时]\s*(?P<M>[0-5]?\d)(?!\d)"
    r"(?:\s*[:：分]\s*(?P<S>[0-5]?\d)(?!\d))?)?"
)
# ISO 8601 with an explicit offset or Z, as in <meta property="article:published_time">.
ISO_OFFSET = re.compile(r"(?:[+-]\d{2}:?\d{2}|Z)$")
# Relative dates, resolved against the crawl time in the site's timezone.
REL_JUST_NOW = re.compile(r"^\s*刚刚\s*$")
REL_AGO = re.compile(r"^\s*(?P<n>\d+)\s*(?P<unit>秒|分钟|小时|天)前\s*$")
REL_DAY = re.compile(
    r"^\s*(?P<day>今天|昨天|前天)\s*(?:(?P<H>[01]?\d|2[0-3])\s*[:：]\s*(?P<M>[0-5]\d))?\s*$"
)
# Month-day without a year (04-24 08:30), common on listing rows.
MONTH_DAY_TIME = re.compile(
    r"^\s*(?P<m>\d{1,2})\s*[月/\-]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s+(?P<H>[01]?\d|2[0-3])\s*[:：]\s*(?P<M>[0-5]\d))?\s*$"
)

# Byline labels. A label's value runs until the next label or a wide gap.
BYLINE_LABELS = (
    "责任编辑",
    "发布时间",
    "发布日期",
    "更新时间",
    "来源",
    "作者",
    "记者",
    "通讯员",
    "编辑",
    "审核",
    "时间",
    "日期",
    "点击数",
    "浏览次数",
    "字号",
)
BYLINE_LABEL = re.compile(r"(?:本报)?(?P<label>" + "|".join(BYLINE_LABELS) + r")\s*[:：]\s*")
# "Admin - admin 于2022年01月03日发表": the account that posted it, then the date.
POSTED_BY = re.compile(
    r"(?:^|[\s\-—|])(?P<name>[^\s\-—|:：]{1,30})\s*于\s*(?P<date>(?:19|20)\d{2}\s*[年\-/.][^发]{3,20}?)"
    r"\s*发表"
)
# Role words in a reporters' byline ("记者 王小明 通讯员 李强"); names follow each.
AUTHOR_ROLES = re.compile(
    r"(本报记者|特约记者|见习记者|记者|通讯员|作者|文/|文／|摄影|摄)\s*[:：]?"
)
# A Chinese personal name or a short latin handle, as bylines list them.
NAME_TOKEN = re.compile(r"^(?:[\u4e00-\u9fff·]{2,6}|[A-Za-z][\w .\-]{0,30})$")
NAME_SPLIT = re.compile(r"[\s、,，;；/|]+")
LATIN_NAME_SPLIT = re.compile(r"\s*(?:[、,，;；/|&]|\band\b)\s*")
HAS_CJK = re.compile(r"[\u4e00-\u9fff]")

# Title suffixes: "标题_示例区县新闻网", "标题 - 示例日报", "标题--示例日报", "标题|网站".
TITLE_SEPARATOR_END = re.compile(r"\s*(?:--|——|[_|｜\-–—·])\s*$")
TITLE_SUFFIX = re.compile(r"\s*(?:--|——|[_|｜\-–—])\s*(?P<suffix>[^_|｜\-–—]{1,20})$")

# Paragraphs that are never article text: share bars, disclaimers, navigation, footers.
BOILERPLATE_LINE = re.compile(
    r"^(?:本文章?内容来源于网络"
    r"|(?:上|下)一篇\s*[:：]?"
    r"|分享到"
    r"|扫一扫"
    r"|【?\s*(?:打印本页|关闭窗口|字号|打印|关闭)"
    r"|版权所有"
    r"|Copyright|©"
    r"|责任编辑\s*[:：]"
    r"|(?:相关|推荐)(?:阅读|文章|新闻)\s*[:：]?$"
    r"|免责声明"
    r"|[沪京津冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新]ICP[备证]"
    r")",
    re.IGNORECASE,
)

# Class and id words that mark (or rule out) an element as the article text.
POSITIVE_HINT = re.compile(
    r"article|content|zoom|text|body|main|detail|entry|story|post|ozoom|正文", re.IGNORECASE
)
NEGATIVE_HINT = re.compile(
    r"footer|foot|nav|menu|share|comment|related|recommend|sidebar|side|banner|crumb|copyright"
    r"|tool|pn|pager|pagination|friend|link|hot|rank|ad-|ads|top-bar|header",
    re.IGNORECASE,
)

# A listing's link to its next page.
NEXT_PAGE_TEXT = re.compile(r"^\s*(?:下一页|下页|后页|下一頁|next|›|>|»)\s*$", re.IGNORECASE)
