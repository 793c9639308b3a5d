"""Pure text helpers shared by the item loader, the extractors and the site profiles.

Each helper normalises one thing once; site modules call these and never re-implement them.
This module imports nothing from the project but `patterns`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from newsarchive.extract import patterns as P


@cache  # built on first use (15 ms): a command that reads no article never pays for it
def _nfkc_tables() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """What `nfkc` needs: the characters its shortcut covers, those of them NFKC changes, and
    what it changes each one into.

    Covered: ASCII, Latin-1, general punctuation, CJK symbols, the unified ideographs and the
    full-width forms, minus any character that is, or normalises to, a combining mark, and
    minus half-width Hangul (its jamo compose with their neighbours). What is left normalises
    character by character: every one is a starter, maps to starters, and none composes with
    the next.
    """
    ranges = (
        (0x20, 0x7F),
        (0xA0, 0x100),
        (0x2000, 0x2070),
        (0x3000, 0x3040),
        (0x4E00, 0xA000),
        (0xFF00, 0xFFA0),
        (0xFFE0, 0xFFF0),
    )
    covered = [(9, 10), (13, 13)]  # tab, newline, carriage return
    changed: dict[str, str] = {}
    for start, end in ranges:
        for cp in range(start, end):
            c = chr(cp)
            mapped = unicodedata.normalize("NFKC", c)
            if not mapped or any(unicodedata.combining(x) for x in c + mapped):
                continue
            if covered[-1][1] == cp - 1:
                covered[-1] = (covered[-1][0], cp)
            else:
                covered.append((cp, cp))
            if mapped != c:
                changed[c] = mapped
    # written as ranges: a class of 21,000 single characters costs 5 MB to compile
    spans = "".join(
        re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in covered
    )
    other = re.compile(f"[^{spans}]")
    needs = re.compile("[" + "".join(map(re.escape, changed)) + "]")
    return other, needs, changed


def nfkc(text: str) -> str:
    """`unicodedata.normalize("NFKC", text)`, in a tenth of the time for Chinese and Latin text.

    CPython normalises a non-ASCII string character by character through decomposition and
    recomposition (120 µs for a 700-character article); text made only of characters that
    normalise one by one needs just its few full-width marks replaced.

    >>> nfkc("１２月，“ＡＢ”\u3000ﬁ")
    '12月,“AB” fi'
    """
    other, needs, changed = _nfkc_tables()
    if other.search(text) is not None:
        return unicodedata.normalize("NFKC", text)
    for c in set(needs.findall(text)):
        text = text.replace(c, changed[c])
    return text


def normalize_ws(text: str | None) -> str:
    """Collapse every run of whitespace (NBSP, U+3000, newlines included) to one space.

    >>> normalize_ws("\\u3000\\u3000Admin\\u00a0-\\u200b admin \\n于")
    'Admin - admin 于'
    """
    if not text or text.isspace():
        return ""
    # most text is already normal: printable (no whitespace but the plain space, no zero-width
    # character: they are all format characters) with no space doubled or at either end
    if text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
        return text
    # str.split's whitespace is `\s`'s (NBSP, U+3000 and the other wide spaces included):
    # splitting and joining is the collapse and strip below, at a fifth of the cost. A
    # zero-width character is none of it, and no printable one, so a result that is
    # printable held none (the usual slow case: text with the page's line breaks)
    out = " ".join(text.split())
    if out.isprintable():
        return out
    # the zero-width characters go first (a regex, not str.translate: 2.5x faster per call)
    return P.ANY_WS_RUN.sub(" ", P.ZERO_WIDTH_RUN.sub("", text)).strip()


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """Join paragraphs with one blank line, after normalising each and dropping empty ones.

    >>> join_paragraphs(["\\u3000\\u3000第一段。", "  ", "第二段。\\n"])
    '第一段。\\n\\n第二段。'
    """
    return "\n\n".join(p for p in (normalize_ws(x) for x in paragraphs) if p)


def strip_prefix(*prefixes: str) -> Callable[[str], str]:
    """A processor that removes the first matching prefix and the ：, : or space after it.

    >>> strip_prefix("记者", "作者")("作者：王小明")
    '王小明'
    """

    def _strip(value: str) -> str:
        value = normalize_ws(value)
        for prefix in prefixes:
            if value.startswith(prefix):
                return value[len(prefix) :].lstrip(" :：")
        return value

    return _strip


_SUFFIX_SEPARATOR = re.compile(r"[_|｜—\-–]")


def strip_site_suffix(title: str, site_names: Iterable[str] = ()) -> str:
    """Remove a trailing "_site name" (or "-", "|", "--" …) from a page title.

    A known site name is removed wherever the separator is; without one, only the last segment
    goes, and only when what stays is clearly the longer part.

    >>> strip_site_suffix("我区网球队员征战总决赛_示例区县新闻网", ["示例区县新闻网"])
    '我区网球队员征战总决赛'
    >>> strip_site_suffix("常州召开职业教育大会--示例日报")
    '常州召开职业教育大会'
    >>> strip_site_suffix("2020-2021学年办学突出贡献奖")
    '2020-2021学年办学突出贡献奖'
    """
    title = normalize_ws(title)
    for name in site_names:
        name = normalize_ws(name)
        if name and title.endswith(name) and len(title) > len(name):
            head = title[: -len(name)]
            sep = P.TITLE_SEPARATOR_END.search(head)
            if sep and sep.start() > 0:
                return head[: sep.start()]
    # (every suffix follows one of these separators: most titles hold none, and the pattern
    # is tried at each of their characters)
    m = P.TITLE_SUFFIX.search(title) if _SUFFIX_SEPARATOR.search(title) else None
    # a site suffix is short and the title is clearly the longer part
    if m and m.start() >= 2 * len(m["suffix"]) and not m["suffix"][:1].isdigit():
        return title[: m.start()]
    return title


def split_section(title: str, labels: Iterable[str]) -> tuple[str | None, str]:
    """Split a department label glued to the front of a listing title.

    The longest matching label wins; the label is removed once, so a title that itself starts
    with the label keeps it ("新浜镇新浜镇小剧场…").

    >>> split_section("区体育局我区网球队员征战总决赛", ["区体育局", "区"])
    ('区体育局', '我区网球队员征战总决赛')
    >>> split_section("新浜镇新浜镇小剧场上演经典沪剧", ["新浜镇"])
    ('新浜镇', '新浜镇小剧场上演经典沪剧')
    >>> split_section("你好嘉定新城", ["区体育局"])
    (None, '你好嘉定新城')
    """
    title = normalize_ws(title)
    best = ""
    for label in labels:
        if title.startswith(label) and len(label) > len(best) and len(title) > len(label):
            best = label
    if not best:
        return None, title
    return best, title[len(best) :].lstrip(" :：-|")


def section_from_titles(listing_title: str, article_title: str) -> str | None:
    """The label a listing glued in front of the article's own title, if that is what it did.

    >>> section_from_titles("区体育局我区网球队员征战总决赛", "我区网球队员征战总决赛")
    '区体育局'
    >>> section_from_titles("我区网球队员征战总决赛", "我区网球队员征战总决赛") is None
    True
    """
    lt, at = normalize_ws(listing_title), normalize_ws(article_title)
    if at and lt.endswith(at) and len(lt) > len(at):
        label = lt[: -len(at)].strip(" :：-|【】[]")
        if 2 <= len(label) <= 16 and not any(c.isdigit() for c in label):
            return label
    return None


# One person a page credits: (name, role), the role normalised (reporter, writer, editor …).
Credit = tuple[str, str]


def author_names(credits: Iterable[Credit]) -> list[str]:
    """The authors among credits: the writers and reporters; when there are none, the
    correspondents, translators and the posting account (`patterns.FALLBACK_CREDIT_ROLES`).

    >>> author_names([("张丽", "reporter"), ("孙悦", "correspondent"), ("王芳", "editor")])
    ['张丽']
    >>> author_names([("孙悦", "correspondent"), ("黄涛", "photographer")])
    ['孙悦']
    """
    credits = list(credits)
    names = [n for n, role in credits if role in P.AUTHOR_CREDIT_ROLES] or [
        n for n, role in credits if role in P.FALLBACK_CREDIT_ROLES
    ]
    return list(dict.fromkeys(names))


def split_names(text: str | None) -> str | None:
    """The authors a byline lists (see `split_credits` and `author_names`), joined with "、".

    >>> split_names("记者 王小明 张华 通讯员 李强")
    '王小明、张华'
    >>> split_names("本报记者 王小明")
    '王小明'
    >>> split_names("admin")
    'admin'
    >>> split_names("Ann Lee and Bo Chen")
    'Ann Lee、Bo Chen'
    >>> split_names("职工通讯员 李琴雯 刘会")
    '李琴雯、刘会'
    """
    return "、".join(author_names(split_credits(text))) or None


def split_credits(text: str | None) -> list[Credit]:
    """Everyone a byline lists, with the role its words give them; names with no role word
    are writers.

    >>> split_credits("职工通讯员 李琴雯 新华社记者 王五")
    [('李琴雯', 'correspondent'), ('王五', 'reporter')]
    >>> split_credits("记者 黄涛 摄")
    [('黄涛', 'photographer')]
    """
    if not text:
        return []
    found: list[list[str]] = []
    # "（记者 王五 发自北京）": where they filed from is no name; nor is "(Fotos)"
    text = P.FILED_FROM.sub(" ", text)
    if not P.HAS_CJK.search(text):
        text = re.sub(r"\s*\([^)]{0,20}\)", "", text)
    chunks = P.AUTHOR_ROLES.split(normalize_ws(text))
    role = "writer"
    last: list[list[str]] = []  # the names of the chunk before the role word
    for i, chunk in enumerate(chunks):
        if i % 2:  # odd places hold the role words the split kept
            word = chunk.rstrip("/／")
            # "本报记者", "本报实习生": the role word ends the qualified one
            given = next(
                (P.CREDIT_ROLES[w] for w in (word, word[-2:], word[-3:]) if w in P.CREDIT_ROLES),
                "writer",
            )
            rest = "".join(chunks[i + 1 :]).strip(" ：:()（）")
            if word in ("摄", "摄影") and last and not rest:
                for entry in last:  # "记者 黄涛 摄": the photo's credit
                    entry[1] = "photographer"
            role = given
            continue
        if not chunk.strip():
            continue
        # Chinese bylines separate names with spaces; latin names have spaces inside them
        cjk = P.HAS_CJK.search(chunk) is not None
        splitter = P.NAME_SPLIT if cjk else P.LATIN_NAME_SPLIT
        tokens = splitter.split(chunk.strip(" ：:()（）"))
        if (
            cjk
            and i + 1 < len(chunks)
            and chunk == chunk.rstrip()
            and not chunks[i + 1].startswith("摄")
        ):
            # "职工通讯员 李琴" / "新华社记者 王五": a word glued to the role qualifies it
            # (but "王五摄" credits the photographer, whose name comes first)
            tokens = tokens[:-1]
        last = []
        for token in tokens:
            token = token.strip(" ：:()（）")
            if (
                token
                and P.AUTHOR_ROLES.fullmatch(token) is None
                and token not in P.ROLE_TAILS
                and all(token != entry[0] for entry in found)
            ):
                last.append([token, role])
        found.extend(last)
    return [(name, role) for name, role in found]


@lru_cache(maxsize=32)
def _zone(tz: str) -> ZoneInfo:
    return ZoneInfo(tz)


def _iso(dt: datetime, has_time: bool) -> str:
    return dt.isoformat(timespec="seconds") if has_time else dt.date().isoformat()


def parse_date(
    text: str | None,
    tz: str = "Asia/Shanghai",
    now: datetime | None = None,
    *,
    keep_offset: bool = False,
) -> str | None:
    """A date as ISO 8601 in the site's timezone: a date when the text gives a day, a date-time
    with offset when it gives a time. Regex fast paths first; dateparser for the rest.
    With `keep_offset`, a date-time that states its own offset stays in it.

    >>> parse_date("Admin - admin 于2022年01月03日发表")
    '2022-01-03'
    >>> parse_date("发布时间：2022-08-29 06:33:18")
    '2022-08-29T06:33:18+08:00'
    >>> parse_date("2022年01月03日 10:05")
    '2022-01-03T10:05:00+08:00'
    >>> parse_date("2024-04-24T02:30:00Z")
    '2024-04-24T10:30:00+08:00'
    >>> parse_date("2024-04-24T22:30:00-05:00", keep_offset=True)
    '2024-04-24T22:30:00-05:00'
    >>> parse_date("昨天 10:05", now=datetime(2026, 11, 29, 9, 0, tzinfo=_zone("Asia/Shanghai")))
    '2026-11-28T10:05:00+08:00'
    >>> parse_date("no date here") is None
    True
    """
    if not text:
        return None
    text = normalize_ws(text)
    if not text:
        return None
    zone = _zone(tz)
    if P.ISO_OFFSET.search(text) and "T" in text:
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            if keep_offset:
                return parsed.isoformat(timespec="seconds")
            return parsed.astimezone(zone).isoformat(timespec="seconds")
    m = P.CN_DATETIME.search(text)
    if m:
        try:
            dt = datetime(
                int(m["y"]),
                int(m["m"]),
                int(m["d"]),
                int(m["H"] or 0),
                int(m["M"] or 0),
                int(m["S"] or 0),
                tzinfo=zone,
            )
        except ValueError:
            return None
        return _iso(dt, m["H"] is not None)
    relative = _parse_relative(text, zone, now)
    if relative is not None:
        return relative
    whole = P.WHOLE_DATE.match(text)
    if whole:
        return _whole_date(whole)
    return _parse_with_dateparser(text, tz)


def _whole_date(m: re.Match[str]) -> str | None:
    """A day from `patterns.WHOLE_DATE`: "Nov. 20, 2019", "4. Februar 2022", "03.11.2021".

    >>> [parse_date(x) for x in ("Nov. 20, 2019", "4. Februar 2022", "03.11.2021", "11/22/2020")]
    ['2019-11-20', '2022-02-04', '2021-11-03', '2020-11-22']
    """
    if m["y3"]:
        year, month, day = int(m["y3"]), int(m["m3"]), int(m["d3"])
    elif m["y4"] or m["y5"]:
        year = int(m["y4"] or m["y5"])
        month, day = int(m["m4"] or m["m5"]), int(m["d4"] or m["d5"])
    else:
        name = (m["mon"] or m["mon2"]).lower()
        year, day = int(m["y1"] or m["y2"]), int(m["d1"] or m["d2"])
        month = P.MONTH_NUMBERS[name[:3]]
    try:
        return datetime(year, month, day).date().isoformat()
    except ValueError:
        return None


def _parse_relative(text: str, zone: ZoneInfo, now: datetime | None) -> str | None:
    now = (now or datetime.now(zone)).astimezone(zone)
    if P.REL_JUST_NOW.match(text):
        return _iso(now.replace(microsecond=0), True)
    m = P.REL_AGO.match(text)
    if m:
        unit = {"秒": "seconds", "分钟": "minutes", "小时": "hours", "天": "days"}[m["unit"]]
        then = now - timedelta(**{unit: int(m["n"])})
        return _iso(then.replace(microsecond=0), unit != "days")
    m = P.REL_DAY.match(text)
    if m:
        day = now - timedelta(days={"今天": 0, "昨天": 1, "前天": 2}[m["day"]])
        if m["H"] is None:
            return day.date().isoformat()
        return _iso(
            day.replace(hour=int(m["H"]), minute=int(m["M"]), second=0, microsecond=0), True
        )
    m = P.MONTH_DAY_TIME.match(text)
    if m:
        try:
            dt = now.replace(
                month=int(m["m"]),
                day=int(m["d"]),
                hour=int(m["H"] or 0),
                minute=int(m["M"] or 0),
                second=0,
                microsecond=0,
            )
        except ValueError:
            return None
        if dt > now + timedelta(days=1):  # "12-30" read on Jan 2 is last year's
            dt = dt.replace(year=dt.year - 1)
        return _iso(dt, m["H"] is not None)
    return None


def _parse_with_dateparser(text: str, tz: str) -> str | None:
    # dateparser costs milliseconds per call and imports slowly, so it is the last resort;
    # and only for a text with a year in it: "5m" would be read as five minutes before now
    if len(text) > 80 or not re.search(r"(?:19|20)\d{2}", text):
        return None
    import dateparser

    settings = {
        "TIMEZONE": tz,
        "TO_TIMEZONE": tz,
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day", "month", "year"],
    }
    try:
        parsed = dateparser.parse(text, settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input; a miss is the answer
        return None
    if parsed is None or not 1990 <= parsed.year <= 2100:
        return None
    has_time = bool(parsed.hour or parsed.minute or parsed.second)
    return _iso(parsed, has_time)


def date_precision(iso: str | None) -> int:
    """How much an ISO date says: 0 nothing, 1 a day, 2 minutes, 3 seconds.

    >>> [date_precision(x) for x in (None, "2022-01-03", "2022-01-03T10:05:00+08:00")]
    [0, 1, 2]
    """
    if not iso:
        return 0
    if "T" not in iso:
        return 1
    return 3 if iso[17:19] not in ("00", "") else 2


def content_hash(title: str | None, body: str | None) -> str:
    """Fingerprint of normalised title + body: NFKC, case-folded, all whitespace removed.

    Two copies of an article that differ only in spacing, full/half-width forms or line
    breaks share the hash.

    >>> a = content_hash("标题", "第一段。\\n\\n第二段。")
    >>> a == content_hash(" 标题 ", "第一段。 第二段。")
    True
    """

    def norm(s: str | None) -> str:
        return "".join(nfkc(s or "").casefold().split())

    data = norm(title) + "\x1f" + norm(body)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]


def matches_placeholder(*texts: str | None) -> str | None:
    """Name of the placeholder marker found at the start of any text, else None.

    >>> matches_placeholder("标题和内容已经清空2022-08-29 06:33:18")
    'cleared'
    >>> matches_placeholder("我区网球队员征战总决赛", "该信息已删除")
    'deleted'
    """
    for text in texts:
        if not text:
            continue
        head = normalize_ws(text[:200])[:60]
        for name, pattern in P.CLEARED_MARKERS:
            if pattern.search(head):
                return name
    return None
