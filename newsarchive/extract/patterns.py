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

# Characters a reader does not see: the zero-width family, the BOM and the soft hyphen
# (removed). NBSP, U+3000 and the other wide spaces are whitespace to `\s` (a plain space).
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
ZERO_WIDTH_RUN = re.compile(f"[{ZERO_WIDTH}]+")
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
    "发表时间",
    "发表日期",
    "更新时间",
    "来源",
    "作者",
    "记者",
    "通讯员",
    "编辑",
    "责编",
    "撰文",
    "审核",
    "时间",
    "日期",
    "点击数",
    "浏览次数",
    "字号",
    # the English portals of Chinese cities and papers
    "Source",
    "Editor",
    "Author",
)
BYLINE_LABEL = re.compile(r"(?:本报)?(?P<label>" + "|".join(BYLINE_LABELS) + r")\s*[:：]\s*")
# "Admin - admin 于2022年01月03日发表": the account that posted it, then the date.
POSTED_BY = re.compile(
    r"(?:^|[\s\-—|])(?P<name>[^\s\-—|:：]{1,30})\s*于\s*"
    # a whole date (and time) right before 发表: "该论文于2023年5月在《自然》发表" is no byline
    r"(?P<date>(?:19|20)\d{2}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?"
    r"(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?)\s*发表(?![于在])"
)
# Role words in a reporters' byline ("记者 王小明 通讯员 李强"); names follow each.
AUTHOR_ROLES = re.compile(
    r"(本报记者|特约记者|见习记者|实习记者|本报实习生|实习生|记者|通讯员|作者|撰文|文/|文／|摄影|摄)"
    r"\s*[:：]?"
)
# A reporters' role inside a short line: "新华网黑龙江频道 记者 伊琳 李清芬", "光明日报记者 王建宏".
AUTHOR_ROLE_IN_LINE = re.compile(
    r"(?:^|[\s\u4e00-\u9fff·（(])(?:本报|特约|见习|实习)?(?:记者|通讯员|实习生)(?:\s*[:：]\s*|\s+)"
    r"(?=[\u4e00-\u9fff]{2,4}(?:[\s、，,）)]|$))"
)


def author_role_in_line(text: str) -> re.Match[str] | None:
    """`AUTHOR_ROLE_IN_LINE.search(text)`, without the regex for a line that holds none of
    its role words (most lines: the pattern is tried at every character of them)."""
    if "记者" not in text and "通讯员" not in text and "实习生" not in text:
        return None
    return AUTHOR_ROLE_IN_LINE.search(text)


# What follows the names in a Chinese credit: "（记者 王五 摄影报道）", "（李强 文/图）".
ROLE_TAILS = frozenset(
    {
        "报道",
        "摄影报道",
        "综合报道",
        "摄",
        "摄影",
        "图",
        "文/图",
        "文图",
        "图文",
        "供图",
        "制图",
        "整理",
        "编译",
        "采写",
        "发自",
    }
)
# Where a reporter filed from: "发自北京", "发自 布鲁塞尔".
FILED_FROM = re.compile(r"发自\s*[\u4e00-\u9fff]{1,6}")
# An editor's label inside what a page marks as its author ("51offer编辑：Alice").
EDITOR_LABEL = re.compile(r"(?:责任)?编辑\s*[:：]|责编")
# "By ", "Von ", "作者：" in front of a name.
EN_BYLINE_PREFIX = re.compile(
    r"^(?:(?:story|words|text|written|reporting) by|by|von|par|por|door|av|text|автор|autor"
    r"|auteur|autore|作者|文)\s*[:：/]?\s+",
    re.I,
)
# A Chinese personal name or a short latin handle, as bylines list them.
NAME_TOKEN = re.compile(r"^(?:[\u4e00-\u9fff·]{2,6}|[A-Za-z][\w .\-]{0,30})$")
NAME_SPLIT = re.compile(r"[\s、,，;；/|]+")
LATIN_NAME_SPLIT = re.compile(r"\s*(?:[、,，;；/|&]|\b(?:and|und)\b)\s*")
HAS_CJK = re.compile(r"[\u4e00-\u9fff]")
KANA = re.compile(r"[\u3040-\u30ff]")

# Title suffixes: "标题_示例区县新闻网", "标题 - 示例日报", "标题--示例日报", "标题|网站".
TITLE_SEPARATOR_END = re.compile(r"\s*(?:--|——|[_|｜\-–—·])\s*$")
# A bare "-" between latin letters is a word hyphen ("HIV-Virus"), so "-" and "–" only separate
# with a space beside them or after a CJK character.
TITLE_SUFFIX = re.compile(
    r"(?:\s*(?:--|——|[_|｜—])\s*|\s+[\-–]\s*|(?<=[\u4e00-\u9fff）」』])[\-–]\s*)"
    r"(?P<suffix>[^_|｜\-–—]{1,20})$"
)
TITLE_SPLIT = re.compile(r"\s*(?:--|——|[_|｜—]|\s[\-–]\s)\s*")
# The parts of a head title, however tightly set: "宁川日报数字报-标题".
TITLE_PARTS = re.compile(r"\s*(?:--|——|[-_|｜—–])\s*")
# What may follow a headline inside a longer head title: a separator, then anything.
TITLE_TAIL_START = re.compile(r"^\s*(?:--|——|[_|｜\-–—:：·•(（\[【]|$)")
TITLE_TOKEN = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]|[^\W_]+")
# A publication day in the URL: /2022/08/29/, /2022-08-29/, t20220829_5091, /202208/29/.
URL_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<s>[/\-_]?)(?P<m>0[1-9]|1[0-2])"
    r"(?:(?P=s)|/)(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
)
# An update's label ("更新时间：", "Updated on"), anywhere in a line or right before a date.
_UPDATE_WORDS = (
    r"更新(?:时间|日期|于)|最后(?:更新|修改)|修改(?:时间|日期)|updated(?: on)?|last updated"
    r"|last modified(?: on)?|aktualisiert(?: am)?"
)
UPDATE_LABEL = re.compile(_UPDATE_WORDS, re.IGNORECASE)
UPDATE_LABEL_BEFORE = re.compile(rf"(?:{_UPDATE_WORDS})\s*[:：]?\s*$", re.IGNORECASE)
# People's Daily and others: /2016/0915/ ("/n1/2016/0915/c1008-28716234.html").
URL_DATE_MMDD = re.compile(
    r"/(?P<y>(?:19|20)\d{2})/(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])/"
)
# A site header's "today" line: "今天是2026年11月29日 星期日", "2026年11月29日 欢迎访问本站" (the
# day the page was fetched, not the article's).
TODAY_LINE = re.compile(r"今天是|今日是|欢迎(?:您|你)?(?:访问|来到|光临)")
# Relative dates inside a byline ("发布时间：3小时前", "昨天 10:05").
REL_DATE_IN_TEXT = re.compile(
    r"刚刚|\d+\s*(?:秒|分钟|小时|天)前|(?:今天|昨天|前天)(?:\s*(?:[01]?\d|2[0-3])\s*[:：]\s*[0-5]\d)?"
)
# What a page must show for its byline or metadata table to make a date more precise: a time
# with seconds other than 0 (for a date to the minute), a time at all (for a day), or a
# relative date, read with the crawl's seconds. Looser than the patterns that read dates
# (`CN_DATETIME`, `POSTED_BY`, `REL_DATE_IN_TEXT`): wherever they find a time in a line, these
# find one in the page's text (see `GenericPage.refining_dates`).
# `\d` matches the digits of every script, and "０" or "٠" seconds are 0 seconds too: these are
# the digits whose value is 0 (tests check the list against unicodedata).
ZERO_DIGITS = (
    "0"
    r"\u0660\u06f0\u07c0\u0966\u09e6\u0a66\u0ae6\u0b66\u0be6\u0c66\u0ce6\u0d66\u0de6"
    r"\u0e50\u0ed0\u0f20\u1040\u1090\u17e0\u1810\u1946\u19d0\u1a80\u1a90\u1b50\u1bb0"
    r"\u1c40\u1c50\ua620\ua8d0\ua900\ua9d0\ua9f0\uaa50\uabf0\uff10\U000104a0\U00010d30"
    r"\U00011066\U000110f0\U00011136\U000111d0\U000112f0\U00011450\U000114d0\U00011650"
    r"\U000116c0\U00011730\U000118e0\U00011950\U00011c50\U00011d50\U00011da0\U00016a60"
    r"\U00016ac0\U00016b50\U0001d7ce\U0001d7d8\U0001d7e2\U0001d7ec\U0001d7f6\U0001e140"
    r"\U0001e2f0\U0001e950\U0001fbf0"
)
SHOWS_SECONDS = re.compile(
    rf"[:：时]\s*\d+\s*[:：分]\s*\d*(?:(?![{ZERO_DIGITS}])\d)|刚刚|\d\s*(?:秒|分钟|小时|天)前"
)
SHOWS_TIME = re.compile(r"\d\s*[:：时]\s*\d|刚刚|\d\s*(?:秒|分钟|小时|天)前")
# "当前位置：首页 > 新闻中心 > 区县动态": the page's place, its last step the section.
BREADCRUMB = re.compile(
    r"^(?:(?:当前位置|您的位置|你的位置|您现在的位置|所在位置)\s*[:：>＞]?|位置\s*[:：])"
    r"\s*(?P<trail>.+)$"
)
BREADCRUMB_SPLIT = re.compile(r"\s*(?:>>|>|»|›|→|/|\\|＞|\||｜)\s*|\s+[-–—]\s+")
# A trail with no label: "宁川新闻网 >> 本地新闻 >> 正文" (it ends in 正文 or the like).
BARE_TRAIL = re.compile(
    r"^[^>»＞]{1,20}(?:\s*(?:>>|>|»|＞)\s*[^>»＞]{1,20}){1,5}\s*(?:>>|>|»|＞)\s*(?:正文|内容|详情|正文内容)$"
)
# A linked file that belongs to the notice it ends.
ATTACHMENT = re.compile(
    r"\.(?:pdf|docx?|xlsx?|wps|et|ofd|zip|rar|7z|pptx?|txt|csv)$", re.IGNORECASE
)
# Class words of an element holding the trail.
CRUMB_CLASS = re.compile(
    r"crumbs?|breadcrumbs?|bread|location|position|weizhi|dqwz|curpos|nav-?path|route|path",
    re.IGNORECASE,
)
BREADCRUMB_GENERIC = frozenset({"首页", "正文", "内容", "详情", "正文内容", "详细内容", "网站首页"})

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

# Short lines (at most 40 characters) that are page furniture, not text.
BOILERPLATE_SHORT = re.compile(
    r"^(?=.{0,40}$)(?:"
    r"share (?:this|on)\b|advertisement|read more\b|related (?:articles?|stories|posts)"
    r"|sign up\b|subscribe\b|click here\b|follow us\b|breadcrumb|author of the article"
    r"|(?:image|photo) (?:credit|source)|weiterlesen|anzeige$|werbung$|mehr zum thema"
    r"|返回(?:顶部|首页|列表)|点击(?:排行|数|量)|相关(?:链接|阅读|新闻|文章|推荐)|推荐阅读"
    r"|(?:微信)?扫(?:描|一扫)|分享至|收藏|【?\s*(?:纠错|打印|关闭)\s*】?$|手机(?:看|阅读|版)"
    r"|(?:浏览|阅读|访问)(?:次数|量)|第?\d+\s*条评论"
    # a WeChat account's furniture
    r"|点击上方.{0,6}关注|长按.{0,6}二维码|分享、?点赞、?在看|点个在看|欢迎转发"
    r")",
    re.IGNORECASE,
)
# A heading that starts the list after an article: related stories, recommendations, tags.
LIST_HEADING = re.compile(
    r"^[【\[]?\s*(?:相关(?:新闻|阅读|文章|链接|推荐|报道|稿件)|推荐阅读|延伸阅读|热点推荐|热门推荐|猜你喜欢"
    r"|为你推荐|更多(?:新闻|阅读|精彩)|関連(?:キーワード|記事|ニュース)|おすすめ(?:情報|記事)?"
    r"|related(?: articles?| stories| posts| coverage| content| news)?"
    r"|more stories|more from .{1,30}|往期推荐|往期回顾|精彩推荐|[—\-\s]*end[—\-\s]*"
    r"|read (?:more|next)|recommended(?: for you| stories)?|you may also like|mehr zum thema"
    r"|weitere artikel|das könnte sie auch interessieren|tags?|keywords|schlagwörter|标签|关键词)"
    r"\s*[】\]]?\s*[:：]?$",
    re.IGNORECASE,
)
# The article's last lines when they credit its editors rather than say anything:
# "（责任编辑：王芳）", "[编辑：李强]", "审核：张华".
TRAILING_BOILERPLATE = re.compile(
    r"^[（(【\[]?\s*(?:(?:责任编辑|责编|编辑|审核|审校|校对|终审|值班编辑|纠错)\s*[:：]|纠错\s*[】\]])"
)
# "（责任编辑：王芳）" closing an article: the editor's name.
TRAILING_EDITOR = re.compile(
    r"(?:责任编辑|责编|(?:^|(?<=[（(【\[\s]))编辑)\s*[:：]\s*"
    # several editors: "（责编：罗昱、高红霞）"
    r"(?P<name>[\u4e00-\u9fff·A-Za-z]{2,12}(?:[、，,][\u4e00-\u9fff·]{2,6})*)"
    r"|^Editor\s*:\s*(?P<en>[A-Z][\w.'\-]*(?: [A-Z][\w.'\-]*){0,3})\s*$"
)


def trailing_editor(text: str) -> re.Match[str] | None:
    """`TRAILING_EDITOR.search(text)`, without the regex for a text that cannot match: every
    match holds 编 (责任编辑, 责编, 编辑) or starts the text with "Editor". A closing paragraph
    is long, and the pattern's lookbehind is tried at every character of it."""
    if "编" not in text and not text.startswith("Editor"):
        return None
    return TRAILING_EDITOR.search(text)


# A line that credits a photo: "盾构机顺利接收。 记者 黄涛 摄", "（李强 供图）".
# (not "文/图": the writer who also took the pictures)
PHOTO_CREDIT_END = re.compile(r"(?<![文/／并])(?:摄|摄影|供图|图)\s*[）)]?\s*$")
# A closing credit with a label: "（县农业农村局 供稿：王建军）", "文字：林晓", "文/王建军".
CLOSING_CREDIT = re.compile(r"(?:^|(?<=[\s（(【\[]))(?:供稿|撰稿|文字|作者|文)\s*[:：/｜|]\s*")
# Staff who are no authors, ending a credit's names: "文/张三 编辑/王五 审核/李四".
STAFF_ROLES = frozenset(
    {"编辑", "责编", "责任编辑", "审核", "审校", "校对", "终审", "监制", "统筹"}
)
# The record's `credits`: the words a Chinese credit names a role with, and the role each
# stands for. A qualifier may be glued in front of the role word (本报记者, 总台记者).
CREDIT_ROLES: dict[str, str] = {
    "摄影记者": "photographer",
    "记者": "reporter",
    "实习生": "reporter",
    "通讯员": "correspondent",
    "作者": "writer",
    "撰文": "writer",
    "撰稿": "writer",
    "供稿": "writer",
    "文字": "writer",
    "执笔": "writer",
    "采写": "writer",
    "文": "writer",
    "摄影": "photographer",
    "摄": "photographer",
    "图": "photographer",
    "图片": "photographer",
    "供图": "photographer",
    "摄像": "videographer",
    "责任编辑": "editor",
    "值班编辑": "editor",
    "网络编辑": "editor",
    "编辑": "editor",
    "责编": "editor",
    "主编": "editor",
    "审核": "reviewer",
    "审校": "reviewer",
    "校对": "reviewer",
    "终审": "reviewer",
    "审签": "reviewer",
    "初审": "reviewer",
    "复审": "reviewer",
    "编审": "reviewer",
    "监制": "producer",
    "统筹": "producer",
    "策划": "producer",
    "编译": "translator",
    "翻译": "translator",
    "美编": "designer",
    "制图": "designer",
    # who posted it: a forum's first post, a portal's CMS account
    "楼主": "poster",
    "发帖人": "poster",
    "发布人": "poster",
    "发布者": "poster",
}
# Whose credit makes them the author: the writers and reporters; when a page names none, its
# correspondents (通讯员), translators and the account that posted it ("admin 于…发表").
AUTHOR_CREDIT_ROLES = frozenset({"writer", "reporter"})
FALLBACK_CREDIT_ROLES = frozenset({"correspondent", "translator", "poster"})
# A role word with its mark, a label: "撰稿：", "文/", "图／", "摄影：".
CREDIT_LABEL = re.compile(
    r"(?P<word>" + "|".join(sorted(CREDIT_ROLES, key=len, reverse=True)) + r")\s*[:：/／]\s*"
)
# Role words written glued to what qualifies them and to the names after them:
# "河南商报记者马俊峰", "本报通讯员王五", "松花江网编辑 孙桂芳".
GLUED_CREDIT_ROLE = re.compile(r"(摄影记者|记者|通讯员|实习生|编辑|责编|审核|校对)")
# The writer who also took the pictures: "文/图", "图/文", "文图", "图文".
WRITER_AND_PHOTOGRAPHER = re.compile(
    r"文\s*[/／]\s*图|图\s*[/／]\s*文|(?<![\u4e00-\u9fff])(?:文图|图文)"
)
# Words after the names of a credit, and what they say of them: the photo's credit ("（记者
# 黄涛 摄）"), the pictures as well ("摄影报道", "文/图"), or nothing new ("报道", "整理").
CREDIT_TAILS: dict[str, str] = {
    "摄": "photographer",
    "摄影": "photographer",
    "图": "photographer",
    "图片": "photographer",
    "供图": "photographer",
    "摄影报道": "+photographer",
    "文图": "+photographer",
    "编译": "translator",
    "翻译": "translator",
    "制图": "designer",
    "文": "",
    "报道": "",
    "综合报道": "",
    "采写": "",
    "整理": "",
    "整合": "",
    "发自": "",
}
# The common Chinese surnames, single and compound: a name written with no role word before
# it (a closing "（常书香 马丹阳）", "记者马俊峰" run together) must start with one. Surnames
# that mostly start ordinary words (来, 相, 原, 全 …) are left out.
CN_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎"
    "贺顾毛郝龚邵万钱严覃武戴莫孔汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿"
    "兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻"
    "祁蒲房滕屈饶解牟艾尤阳穆农卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟"
    "应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝封谈匡鞠惠荆冀郁胥班"
    "储栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻厉伊仝郜阚帅屠朴盖练廉禹井祖漆巴丰卿狄晋初容敬扈晁芮"
    "阙浦戈伏鹿薄邸雍辜羊裘亓邰赫杭况宿逯茹嵇湛戎勾茅於揭尉冶檀昝衣"
) | frozenset(
    {
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "令狐",
        "夏侯",
        "长孙",
        "宇文",
        "司徒",
        "端木",
        "独孤",
    }
)
# How the names of outlets and bodies end, and no personal name does: "（华商报）", "（金羊网）".
NOT_NAME_ENDINGS = frozenset("网报台社刊站局委办厅部院所处室馆校")
# "ggjjzhzz 发表于 2005-9-15 11:46": a forum's or blog's poster and the date, or the date alone.
POSTED_AT = re.compile(
    r"(?:^|(?<=[\s|｜:：]))(?:(?P<name>[^\s:：|｜\[\]【】]{1,30})\s+)?发表于\s*[:：]?\s*"
    r"(?P<date>(?:19|20)\d{2}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?"
    r"(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?)"
)
# A table cell that is a credit's label alone ("作者：", "记者"): the names are the next cell.
CREDIT_CELL = re.compile(r"(?P<label>作者|记者|撰稿|撰文|通讯员|摄影|责任编辑|编辑)\s*[:：]?")
# A whole date written with a month name or with day-first dots, and nothing else: "Jun 05,
# 2026", "November 20th, 2019", "4. Februar 2022", "29 Jan 2024", "03.11.2021" (the 3rd of
# November: dots put the day first wherever they are used), "22/11/2020".
MONTH_NUMBERS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "mär": 3,
    "apr": 4,
    "may": 5,
    "mai": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "okt": 10,
    "nov": 11,
    "dec": 12,
    "dez": 12,
}
_MONTH_NAME = (
    r"(?P<mon>jan(?:uary|uar)?|feb(?:ruary|ruar)?|m(?:ar|är)(?:ch|z)?|apr(?:il)?|ma[iy]"
    r"|jun[ei]?|jul[iy]?|aug(?:ust)?|sep(?:t|tember)?|o[ck]t(?:ober)?|nov(?:ember)?"
    r"|de[cz](?:ember)?)\.?"
)
WHOLE_DATE = re.compile(
    rf"^\s*(?:{_MONTH_NAME}\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d{{2}})"
    rf"|(?P<d2>\d{{1,2}})\.?\s+{_MONTH_NAME.replace('mon>', 'mon2>')},?\s+(?P<y2>(?:19|20)\d{{2}})"
    r"|(?P<d3>\d{1,2})\.\s?(?P<m3>\d{1,2})\.\s?(?P<y3>(?:19|20)\d{2})"
    # a slashed date only where it cannot be misread, as in EN_DATE: 22/11/2020, 11/22/2020
    r"|(?P<d4>1[3-9]|2\d|3[01])/(?P<m4>0?[1-9]|1[0-2])/(?P<y4>(?:19|20)\d{2})"
    r"|(?P<m5>0?[1-9]|1[0-2])/(?P<d5>1[3-9]|2\d|3[01])/(?P<y5>(?:19|20)\d{2}))\s*$",
    re.IGNORECASE,
)
# An HTML comment: a CMS's build stamp ("published at 2004-10-13 by system") is no date the
# page shows.
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# A blog's name, which names its writer: "张三的博客" (a head title's part or the page's <h1>).
BLOG_OWNER = re.compile(r"^(?P<name>[^\s的]{2,12})的(?:个人)?(?:博客|日志|专栏|BLOG|Blog|blog)$")
# An author's note: "[作者简介] 张三，男，1970年生…", "作者简介：张三".
AUTHOR_BIO = re.compile(r"^[\[【(（]?\s*作者简介\s*[\]】)）]?\s*[:：]?\s*(?P<rest>.*)$")
# The job a byline gives after the name ("Sam Greenwood, Local Democracy Reporter").
ROLE_WORDS = frozenset(
    {
        "reporter",
        "writer",
        "correspondent",
        "editor",
        "journalist",
        "contributor",
        "columnist",
        "photographer",
        "redakteur",
        "redakteurin",
        "journalistin",
        "autorin",
        "fotograf",
        "fotografin",
        "volontär",
        "volontärin",
        "praktikant",
        "praktikantin",
        "korrespondent",
        "korrespondentin",
    }
)
# Words that qualify a byline's role: "Staff Writer", "Local Democracy Reporter".
ROLE_QUALIFIERS = frozenset(
    {
        "staff",
        "senior",
        "chief",
        "local",
        "democracy",
        "special",
        "political",
        "contributing",
        "associate",
        "digital",
        "sports",
        "news",
        "business",
        "freier",
        "freie",
        "leitender",
    }
)
# Where an English label's value ends in a byline line.
EN_VALUE_END = re.compile(
    r"\s*\|\s*|\s{2,}|\s+(?:Font size|Updated|Published|Print|Share|Comments?)\b", re.IGNORECASE
)
# A line whose date is when the page changed, not when it appeared.
UPDATED_LINE = re.compile(
    r"^\s*(?:updated|last updated|aktualisiert|更新时间|更新于|最后(?:更新|修改)|修改(?:时间|日期)"
    r"|(?:this page was )?last (?:modified|edited|changed)|zuletzt (?:geändert|aktualisiert))",
    re.IGNORECASE,
)
# An English/European byline line: "By Ann Lee", "Von Max Muster".
EN_BYLINE = re.compile(r"^(?:By|BY|Von|VON|Par|Por|Door|Av)\s+[A-ZÀ-Ý][\w.\-’' ]{1,40}")


def en_byline(text: str) -> re.Match[str] | None:
    """`EN_BYLINE.match(text)`, asked only of a line that starts with one of its words'
    first letters."""
    return EN_BYLINE.match(text) if text[:1] in "BVPDA" else None


# Dates with month names or day-first dots: "Jun 05, 2026", "29 August 2022", "29.08.2022".
EN_DATE = re.compile(
    r"\b(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?"
    r"\s+(?:19|20)\d{2}"
    r"|\d{1,2}(?:st|nd|rd|th|\.)?\s+(?:Jan|Feb|Mar|Apr|May|Mai|Jun|Jul|Aug|Sep|Oct|Okt|Nov|Dec|Dez|Mär|M[äa]rz)"
    r"[a-zä]*\.?,?\s+(?:19|20)\d{2}"
    r"|\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)\d{2}"
    # a slashed date only where it cannot be misread: "22/11/2020" is day-first, "11/22/2020"
    # month-first; "05/11/2020" is left to other signals
    r"|(?:1[3-9]|2\d|3[01])/(?:0?[1-9]|1[0-2])/(?:19|20)\d{2}"
    r"|(?:0?[1-9]|1[0-2])/(?:1[3-9]|2\d|3[01])/(?:19|20)\d{2})\b"
)
# Where an English/European byline stops naming people: "By Ann Lee | Politics",
# "Von Max Muster 21/02/2021", "By Ann Lee Updated April 24".
EN_BYLINE_END = re.compile(
    r"\s+(?:\||•|·|—|–|-)\s+|\s{2,}|\d"
    r"|\s+(?:Updated|Published|Aktualisiert|Veröffentlicht)\b|\s+et al\.?"
    r"|\s+(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?=\d)"
)
# A credit that names no person: the site, a desk, an agency or another organisation. The page's
# own credit is kept when it names no one else ("Habertürk", "ORF.at", "IN-Redaktion").
ORG_NAME = re.compile(
    r"\be\.\s?V\.|\b(?:GmbH|AG|Ltd|Inc|LLC|Corp|Stiftung|Verlag)\.?$|\bS\.A\.?$"
    r"|\b(?:Staff Writers?|Staff Reporters?|News Staff|Newsroom|News Desk)$|(?i:redaktion)\b"
    # one-character suffixes need three before them: 刘建厅 is a name, 区教育局 a bureau
    r"|^[\u4e00-\u9fff]{2,}(?:政府|委员会|办公室|办公厅|管理局|中心|公司|集团|报社|日报|晚报"
    r"|新闻网|网站|电视台|研究院|协会|学会|宣传部)$|^[\u4e00-\u9fff]{3,}[局厅部委]$"
)
# A department's or a township's own site: 金河县教育局网站, 白石镇人民政府网.
# (with the site word: "调研区教育局" alone may be a headline)
DEPT_SITE_TITLE = re.compile(
    r"^[\u4e00-\u9fff]{3,}(?:局|委|办|厅|院|所|中心|政府|学校|医院)(?:网站|门户网站|门户|官网)$"
)
# A site's name as portals title their pages: 某区人民政府, 某区人民政府门户网站, 某某新闻网.
# (a place before 人民政府: "加快建设数字政府" is a headline)
SITE_TITLE = re.compile(
    r"^[\u4e00-\u9fff]{1,12}(?:省|市|区|县|镇|乡|州|旗|盟|街道|中央)(?:人民政府|政府)(?:门户网站|网站|网)?$"
    r"|^[\u4e00-\u9fff]{2,}(?:门户网站|政府网|新闻网|官网|官方网站)$"
)
# A site's name that ends a <title> but could be a headline's subject on its own.
SITE_TAIL_ONLY = re.compile(r"^[\u4e00-\u9fff]{2,}(?:融媒体中心|新闻中心|电视台|日报|晚报)$")
# Wire agencies as bylines write them, lower case included ("Anna Berg, dpa").
WIRE_AGENCIES = frozenset(
    {"dpa", "epd", "kna", "afp", "apa", "sda", "ats", "dts", "ddp", "sid", "ap", "reuters"}
)
# Credit words that name nobody at all ("red, ORF.at/ Agenturen": the desk and the wires).
DESK_WORDS = frozenset(
    {
        "red",
        "red.",
        "redaktion",
        "agenturen",
        "agencies",
        "agency",
        "wires",
        "staff",
        "本报",
        "本网",
    }
)
# Byline values that stand for nobody: template placeholders and "anonymous".
PLACEHOLDER_NAMES = frozenset(
    {"name", "author", "your name", "unknown", "anonymous", "none", "null", "佚名", "匿名", "未知"}
)
# What a site's name may carry after the publisher's: 网易 is the author 网易新闻 names.
MEDIA_WORDS = frozenset(
    {
        "新闻",
        "网",
        "门户网站",
        "政府网",
        "门户",
        "新闻网",
        "订阅",
        "官网",
        "在线",
        "客户端",
        "频道",
        "财经",
        "号",
        "网站",
        "online",
    }
)
# A whole name that is a domain ("uncut-news.ch", "mbl.is"): the site crediting itself.
# (a known top-level domain, lower-case: "J.Smith" and "Ann.Lee" are people)
DOMAIN_NAME = re.compile(
    r"^[\w\-]+(?:\.[\w\-]+)*\.(?:com|net|org|info|news|cn|de|at|ch|is|fr|uk|jp|kr|io|co|tv"
    r"|me|it|es|nl|ru|br|in|au|ca|us|eu|hk|tw|sg)$"
)
# A Chinese dateline naming the reporters: "新华社北京3月5日电（记者 张三 李四）",
# "本报讯（记者 王五）".
CN_DATELINE = re.compile(
    r"^[\u4e00-\u9fff\d]{0,20}(?:电|讯)\s*[（(](?P<who>(?:[^）)]*?)(?:记者|通讯员)[^）)]{2,40})[）)]"
)


def cn_dateline(text: str) -> re.Match[str] | None:
    """`CN_DATELINE.match(text)`, without the regex for a line whose first 21 characters hold
    neither 电 nor 讯 (the pattern's 电 or 讯 stands after at most 20 others)."""
    head = text[:21]
    if "电" not in head and "讯" not in head:
        return None
    return CN_DATELINE.match(text)


# A line in the article that labels its author: "作者：张三".
BODY_AUTHOR_LABEL = re.compile(r"^作者\s*[:：]\s*(?P<names>.{2,80})$")
# A table cell that is a label ("主题分类：", "文 号:"), not a value.
TABLE_LABEL = re.compile(r"^\S{1,8}\s?\S{0,4}[:：]\s*$")
# What may follow or precede a Latin name without being one: "Jr.", "Ph.D.", "Dr. med.".
NAME_AFFIXES = frozenset(
    {
        "jr.",
        "sr.",
        "jr",
        "sr",
        "ii",
        "iii",
        "ph.d.",
        "phd",
        "dr.",
        "med.",
        "prof.",
        "mr.",
        "mrs.",
        "ms.",
        "dipl.-ing.",
        "mag.",
    }
)
# Lower-case words inside Latin names, and an initial ("J.").
NAME_PARTICLES = frozenset(
    {
        "von",
        "van",
        "de",
        "der",
        "den",
        "da",
        "di",
        "del",
        "della",
        "du",
        "le",
        "la",
        "bin",
        "al",
        "ter",
        "ten",
        "zu",
        "y",
        "e",
        "dos",
        "das",
        "do",
    }
)
INITIAL = re.compile(r"[A-ZÀ-Ý]\.")
# A metadata table's label cell standing alone ("发布日期：", "成文日期"): its value is the
# next cell.
# The document's own dates in a 信息公开 table: 成文日期 is when it was signed, not published.
_DOC_DATES = "成文|印发|实施|废止|生效"
LABEL_CELL = re.compile(rf"(?P<label>(?:发布|公开|{_DOC_DATES})(?:日期|时间))\s*[:：]?")
# The longest line LABEL_CELL or CREDIT_CELL can be, once normalised (a line holds no two
# spaces in a row): a four-character label, a space and a colon. Longer lines are not asked.
CELL_MAX = 6
DOC_DATE_LABEL = re.compile(rf"(?:{_DOC_DATES})(?:日期|时间)")
DOC_DATE_BEFORE = re.compile(rf"(?:{_DOC_DATES})$")
DOC_DATE_LINE = re.compile(rf"^\s*(?:{_DOC_DATES})(?:日期|时间)")
# The title cell of a 信息公开 table, alone or with its value: "名称", "标 题：…".
TITLE_CELL = re.compile(r"(?:标\s*题|名\s*称|文件名称)\s*[:：]?\s*(?P<value>.{0,120})$")
# The issuing body in a government disclosure page's metadata table (发文机关：某区人民政府).
ISSUER_LABEL = re.compile(
    r"^(?:发文机关|发文机构|发文单位|发布机构|发布单位)\s*[:：]?\s*(?P<value>[^\s:：|]{0,40})"
)

# Class and id words (split at spaces, "-", "_", ":") that mark an element as the article
# text or rule it out. Matched against whole words, so "photo" is not "hot" and "inside" not "side".
POSITIVE_CLASS = re.compile(
    r"(?:article|content|zoom|ozoom|text|txt|body|main|detail|entry|story|post|trs|editor"
    r"|con|cont|nr|zw|news|prose|richtext)\w*",
    re.IGNORECASE,
)
NEGATIVE_CLASS = re.compile(
    r"(?:footer|comment|share|sharing|social|related|recommend|sidebar|breadcrumb|copyright"
    r"|pagination|pager|newsletter|advert|promo|widget|popular|subscribe|masthead|toolbar)\w*"
    r"|foot|nav|navbar|menu|side|banner|crumbs?|tools?|friend|links?|hot|rank|ranking|ad|ads"
    r"|header|topbar|login|search|bottom|dh",
    re.IGNORECASE,
)
# Blocks whose every paragraph is someone else's text: comments, related articles, sidebars.
STRONG_NEGATIVE_CLASS = re.compile(
    r"(?:comment|related|recommend|sidebar|footer)\w*|comments?list", re.IGNORECASE
)
# Inside the chosen article block: elements that are no part of the text.
BOILERPLATE_CLASS = re.compile(
    r"(?:share|sharing|social|related|recommend|comment|breadcrumb|newsletter|advert|promo"
    r"|sponsor|subscribe|pagination|caption|byline|toolbar)\w*"
    r"|credits?|authors?|tags?|tools?|ad|ads|pager|print|meta|hidden|visually|sr|only|dh",
    re.IGNORECASE,
)
# Sentence punctuation: prose has it, a row of links or labels hardly any.
SENTENCE_PUNCT = re.compile(r"[。！？；，、.!?;,]")

# A listing's link to its next page.
NEXT_PAGE_TEXT = re.compile(
    r"^\s*(?:下一页|下页|后页|下一頁|下一页\s*[>»]+|next(?:\s+page)?|›|>|»|>>|下一页>)\s*$",
    re.IGNORECASE,
)
# Classes that vary from row to row of one listing ("odd", "even", "first", "item3").
ROW_VARIANT_CLASS = re.compile(
    r"odd|even|first|last|alt|active|current|on|cur|selected|new|hot|top|\w*\d+\w*", re.I
)
# Classes of page chrome whose links are not listing rows.
CHROME_CLASS = re.compile(
    r"(?:nav|menu|footer|header|breadcrumb|crumb|sidebar|banner|friend|links?|topbar)\w*"
    r"|foot|top|dh|side",
    re.IGNORECASE,
)
# A row's month-day date ("08-29", "8月29日") when the listing leaves out the year.
MONTH_DAY_IN_ROW = re.compile(
    r"(?<!\d)(?:0?[1-9]|1[0-2])\s*[月\-/.]\s*(?:[012]?\d|3[01])\s*日?(?!\d)"
)
# TRS CMS pagination written by script: createPageHTML(total, current, "index", "html").
CREATE_PAGE_HTML = re.compile(
    r"createPageHTML\(\s*(?P<total>\d+)\s*,\s*(?P<current>\d+)\s*,\s*[\"'](?P<name>\w+)[\"']"
    r"\s*,\s*[\"'](?P<ext>\w+)[\"']"
)
# A JSON-LD block that declares an article.
LD_ARTICLE_TYPE = re.compile(
    r'"@type"\s*:\s*\[?\s*"(?:News|Reportage|Analysis|Opinion)?(?:Article|BlogPosting)"', re.I
)
# A link inside a split article that leads to one of its pages: 2, [3], 第2页, 下一页.
PAGE_LINK_TEXT = re.compile(
    r"^\s*(?:[\[【(（]?\s*\d{1,3}\s*[\]】)）]?|第\s*\d{1,3}\s*页|下一页|下页|下一頁"
    r"|next(?:\s+page)?|›|>|»|>>)\s*$",
    re.IGNORECASE,
)


# Department labels on listing rows (extract/listing.py).
# What a row shows beside its link that is no department: content-type and state badges.
ROW_BADGE = re.compile(
    r"new|hot|top|置顶|顶|最新|新|热|热门|推荐|荐|头条|原创|独家|图|组图|图文|图片|视频|音频|直播"
    r"|专题|更多|详情|查看|详细|全文|阅读全文|附件",
    re.IGNORECASE,
)
# A label set apart by brackets: [区教育局], 【区体育局】, ［镇街］, 〔通知〕, (区文旅局).
ROW_LABEL_BRACKETED = re.compile(
    r"^[\[【［〔〖(（]\s*(?P<label>[^\[\]【】［］〔〕〖〗()（）]{1,16}?)\s*[\]】］〕〗)）]$"
)
# A bracketed label opening a link's own text: "【区体育局】我区网球队员…".
ROW_LABEL_HEAD = re.compile(
    r"^[\[【［〔〖]\s*(?P<label>[^\[\]【】［］〔〕〖〗]{1,16}?)\s*[\]】］〕〗]\s*(?P<rest>\S.*)$"
)
# Bare text beside a link is a label only when a separator closes it: "区教育局：", "镇街 |".
ROW_LABEL_SEPARATOR_END = re.compile(r"\s*[:：|｜]\s*$")
# What may name a label's value: "来源：区教育局", "发布机构：区教育局".
LABEL_VALUE_PREFIX = re.compile(
    r"^(?:来源|发布机构|发布单位|发文机关|部门|单位|栏目|分类)\s*[:：]\s*"
)
# Row text that names a person or counts something: never a department.
NOT_LABEL_PREFIX = re.compile(
    r"^(?:作者|记者|编辑|责编|通讯员|发布人|发布者|点击|浏览|阅读|访问|评论|人气|热度|次数"
    r"|发布时间|发布日期|时间|日期)"
)
# Classes of row elements that hold no label (dates, counters, authors, pictures, summaries).
NOT_LABEL_CLASS = re.compile(
    r"\w*(?:date|time|day|author|writer|hits?|click|views?|count|num|icon|ico|img|pic|photo"
    r"|thumb|summary|desc|intro|abstract|more|btn|button|new|hot|top)\w*|zz|xh|no|rq|sj|zy",
    re.IGNORECASE,
)
# Classes of row elements that hold one: lm (栏目), bm (部门), source, category, tag.
LABEL_CLASS = re.compile(
    r"\w*(?:lanmu|column|categor|cate|type|tag|label|dept|depart|bumen|source|from|channel"
    r"|section|sort|unit|org|fbjg|laiyuan)\w*|lm|bm|ly|col|dw|jg|fl",
    re.IGNORECASE,
)

# The name of a body, as a listing glues it in front of titles: 区体育局, 岳阳街道, 区城运中心;
# `suffix` is the kind of body, what is left the body's short name (岳阳).
_BODY_SUFFIX = (
    r"办公室|委员会|管委会|检察院|总工会|宣传部|组织部|统战部|武装部"
    r"|中心|街道|政府|人大|政协|法院|妇联|团委|局|委|办|镇|乡"
)
GLUED_LABEL = re.compile(rf"(?P<core>[\u4e00-\u9fff]{{1,10}}?)(?P<suffix>{_BODY_SUFFIX})")
# Words that end like a body but are none: 举办, 小镇, 布局, 市中心 (a headline's own words).
NOT_GLUED_LABEL_END = re.compile(
    r"(?:[举主承协创开督交查领代帮包兴试筹停合申]办|[小城乡古重名]镇|[布格大开结变当全新破]局"
    r"|[市城核]中心)$"
)
# Headline verbs, and words that tie a body to what follows: right after a body's name they make
# the body the headline's subject ("江桥镇召开…"), so it is no label glued in front.
HEADLINE_VERB = re.compile(
    r"召开|举办|开展|举行|组织|启动|推进|部署|开启|完成|落实|迎来|获得|荣获|获评|喜获|入选|当选"
    r"|发布|出台|打造|实施|加强|加快|做好|聚焦|探索|探寻|推出|签约|签署|开通|启用|走访|走进|调研"
    r"|看望|慰问|检查|督查|督导|表彰|宣传|学习|传达|贯彻|成立|揭牌|亮相|上演|迎接|参加|参观|考察"
    r"|深入|积极|扎实|持续|着力|大力|全力|全面|认真|精心|强化|提升|优化|推动|促进|深化|抓好|抓实"
    r"|助力|进行|实现|接待|会见|对接|座谈|听取|研究|审议|印发|召集|筹备|携手|联合|牵头|率先|率队"
    r"|首次|再次|建成|开工|竣工|开放|开幕|组建|成功|顺利|圆满|隆重|集中|及时|切实|不断|进一步"
    r"|多措并举"
)
HEADLINE_FUNCTION_CHARS = "的之与和及同跟在将对向以为把被从于给再又也都已正还就让是有赴获等"
HEADLINE_PREDICATE_START = re.compile(rf"^(?:{HEADLINE_VERB.pattern}|[{HEADLINE_FUNCTION_CHARS}])")
# A body's own organs and officers after its name: "江桥镇党委召开…" names one body, not two.
OWN_ORGAN_START = re.compile(
    r"^(?:党委|党工委|党组|纪委|纪工委|人民政府|政府|人大|常委会|政协|团委|妇联|总工会|工会|机关"
    r"|领导|班子|办公室|办事处|书记|[镇区县市乡局]长|主任|副|干部|全体|各|相关|有关|员会|事处|公室"
    r"|长)"
)
# A headline that restarts with its own subject: 我区, 全区, 本市 …
SELF_REFERENCE_START = re.compile(
    r"^(?:我(?:区|县|市|镇|省|乡|街道|局|委)|[全本](?:区|县|市|镇|省|乡|街道))"
)
# A headline that restarts with another body, named with its place or level: 区文旅局, 市民政局,
# 车墩镇, 金山区政协. (区域, 区内, 市民, 市场 are words, not a level.)
OTHER_BODY_START = re.compile(
    r"^(?:(?:区|市|县|省)(?!域|内|外|级|场|民(?!政))[\u4e00-\u9fff]{1,10}?"
    r"(?:局|委|办|中心|委员会|政府|法院|检察院|人大|政协|总工会|妇联|团委|部|所|队)"
    r"|[\u4e00-\u9fff]{2,3}(?:区|县|市)(?:委|政府|人大|政协|[\u4e00-\u9fff]{1,6}?(?:局|委|办))"
    r"|[\u4e00-\u9fff]{2,4}?(?<![小城乡古重名])(?:镇|街道)(?!化|建设))"
)
