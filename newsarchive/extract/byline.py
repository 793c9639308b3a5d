"""Bylines: the labelled values next to a headline (作者/记者/通讯员/来源/发布时间/责任编辑,
"X 于DATE发表", "By …") and what kind of credit a name is (a person, an organisation, nobody)."""

from __future__ import annotations

import re
from functools import lru_cache

from newsarchive.extract import patterns as P
from newsarchive.extract.html import Line
from newsarchive.extract.meta import Candidates
from newsarchive.extract.processors import (
    Credit,
    author_names,
    normalize_ws,
    split_credits,
    split_names,
)

BYLINE_WINDOW_BEFORE = 3


BYLINE_WINDOW_AFTER = 8


# a line this long is text, not a byline
BYLINE_MAX = 200


# classes/ids that name the author's element
# (a word, not a stem: "authorized" and "authority" name no author)
AUTHOR_CLASS = re.compile(
    # (Discuz's "postauthor": the poster of a forum post)
    r"(?:post)?(?:author|byline|writer|reporter|autor|zuozhe)"
    r"(?:s|name|names|info|box|link|links|wrap|block|line|txt|text|area|con|detail)?",
    re.IGNORECASE,
)


AUTHOR_HINT = re.compile(r"author|byline|writer|reporter|autor|zuozhe", re.IGNORECASE)


# where author-looking elements are the commenters'
NOT_ARTICLE_AUTHOR = re.compile(
    r"comment\w*|reply|respond|review\w*|pinglun|liuyan|gentie|discuss\w*|plist",
    re.IGNORECASE,
)


TIME_LABELS = ("发布时间", "发布日期", "时间", "日期")
_ANY_DIGIT = re.compile(r"\d")


def find_title_index(doc_lines: list[Line], title: str | None) -> int | None:
    """Where the title stands in the page text (exact line first, then a line containing it)."""
    if not title:
        return None
    for i, line in enumerate(doc_lines):
        if line.text == title:
            return i
    for i, line in enumerate(doc_lines):
        if title in line.text and len(line.text) <= len(title) + 40:
            return i
    return None


def byline_fields(window: list[str], cands: Candidates) -> None:
    """Labelled values (来源：, 作者：, 发布时间：, 责任编辑：), "X 于DATE发表", "记者 X",
    "By X" and bare dates in the lines around the title."""
    # a byline may name its reporters over two lines (实习生 … / 记者 …): one candidate for all
    role_credits: list[tuple[int, Credit]] = []
    # a metadata table puts a label and its value in neighbouring cells: "发布日期" | "2024-04-16"
    cell_label: str | None = None
    for at, text in enumerate(window):
        if len(text) > BYLINE_MAX:
            cell_label = None
            continue
        if cell_label is not None:
            label, cell_label = cell_label, None
            if label in P.CREDIT_ROLES:
                if len(text) <= 30:
                    add_credits(cands, at, read_credits(text, P.CREDIT_ROLES[label]))
                    continue
            else:
                date = P.CN_DATETIME.search(text) or P.EN_DATE.search(text)
                if date and len(text) <= 30:
                    if not P.DOC_DATE_LABEL.fullmatch(label):
                        cands.add("labelled_date", date.group(0))
                    continue
        cell = len(text) <= P.CELL_MAX and (
            P.LABEL_CELL.fullmatch(text) or P.CREDIT_CELL.fullmatch(text)
        )
        if cell:
            cell_label = cell["label"]
            continue
        # (each pattern needs its literal words: most lines are asked with one `in`)
        has_posted = "发表" in text
        posted = P.POSTED_BY.search(text) if has_posted else None
        forum = P.POSTED_AT.search(text) if has_posted and not posted and len(text) <= 120 else None
        if posted or forum:
            # the account that posted it: a name, but the weakest one on the page
            name = (posted or forum)["name"]  # type: ignore[index]
            if name and not P.BYLINE_LABEL.search(name):
                cands.add("posted_by", name)
                cands.credits.append((at, name, "poster"))
        if posted:
            cands.add("published_at", posted["date"])
        elif forum:
            cands.add("labelled_date", forum["date"])
        labels = list(P.BYLINE_LABEL.finditer(text)) if "：" in text or ":" in text else []
        for i, m in enumerate(labels):
            end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
            value = text[m.end() : end].strip()
            label = m["label"]
            if P.DOC_DATE_BEFORE.search(text[: m.start()]):
                continue  # 成文日期, 印发日期: the document's dates, not its publication
            if label in TIME_LABELS:
                date = P.CN_DATETIME.search(value) or P.REL_DATE_IN_TEXT.search(value)
                if date:
                    # a date its label calls the publication's outranks a bare one nearby
                    cands.add("labelled_date", date.group(0))
            elif label in ("来源", "Source"):
                cands.add("source", first_word(value) if label == "来源" else _en_value(value))
            elif label == "Author":
                cands.add("author", value)
                names = english_names(value) or ""
                cands.credits.extend((at, n, "writer") for n in names.split("、") if n)
            elif label == "Editor":
                cands.add("editor", _en_value(value))
                cands.credits.append((at, _en_value(value), "editor"))
            elif label in ("责任编辑", "编辑", "责编"):
                # "王晓宇_NN1206": the CMS account's suffix is no part of the name
                editor = first_word(value).split("_")[0]
                cands.add("editor", editor)
                add_credits(cands, at, read_credits(editor, "editor"))
            elif label in P.CREDIT_ROLES:
                credits = read_credits(value, P.CREDIT_ROLES[label])
                add_credits(cands, at, credits)
                unit = first_word(value)
                if not credits and P.HAS_CJK.search(unit) and P.ORG_NAME.search(unit):
                    # "作者：党委宣传部": a body's credit, the author when no person is named
                    cands.add("author", unit)
        dateline = P.cn_dateline(text)
        role = P.author_role_in_line(text) if len(text) <= 60 else None
        if dateline:
            # "本报讯（区委宣传部 李强 记者 王五）": everyone the bracket credits
            add_credits(cands, at, split_credits(dateline["who"]))
        elif role and not labels:
            word = P.GLUED_CREDIT_ROLE.search(role.group())
            given = P.CREDIT_ROLES[word.group()] if word else "reporter"
            # "盾构机顺利接收。 记者 黄涛 摄": the photo's credit, which makes no author
            role_credits.extend((at, c) for c in read_credits(text[role.end() :], given))
        elif len(text) <= 160 and P.en_byline(text):
            # "By Ann Lee | Politics · 31 Jan 2025": the names end where the section starts
            by = english_names(text)
            cands.add("author", by)
            cands.credits.extend((at, n, "writer") for n in (by or "").split("、") if n)
        elif not labels and not posted and not forum:
            # "文/张三", "撰稿：李明", "河南商报记者马俊峰/文": a line that is only a credit
            add_credits(cands, at, credit_line(text))
        # an "Updated …" line dates a change, a 成文日期 line the document, a "今天是…" line
        # the visit: none is the publication (and a longer line is text that mentions a day:
        # most of the window's lines, so the length is asked first)
        if len(text) <= 80 and not posted and not forum:
            # a date needs a digit (CN_DATETIME's and EN_DATE's year): a line without one can
            # only give a relative date ("刚刚", "昨天"), and most lines give neither, so the
            # labels that disqualify a line are asked after that
            dated = _ANY_DIGIT.search(text) is not None
            relative = len(text) <= 20 and P.REL_DATE_IN_TEXT.fullmatch(text) is not None
            if (
                (dated or relative)
                and not P.UPDATED_LINE.match(text)
                and not P.DOC_DATE_LINE.search(text)
                and not P.TODAY_LINE.search(text)
            ):
                date = _unlabelled_date(text) if dated else None
                if date:
                    cands.add("published_at", date.group(0))
                elif relative:
                    cands.add("published_at", text)

    if role_credits:
        cands.credits.extend((at, name, role) for at, (name, role) in role_credits)
        _add_authors(cands, [c for _, c in role_credits])


def _unlabelled_date(text: str) -> re.Match[str] | None:
    """The first date in a byline line that no update label stands before ("作者：王五
    更新时间：2005-9-15" dates a change, not the publication)."""
    for pattern in (P.CN_DATETIME, P.EN_DATE):
        for m in pattern.finditer(text):
            if not P.UPDATE_LABEL_BEFORE.search(text[: m.start()]):
                return m
    return None


def add_credits(cands: Candidates, at: int, credits: list[Credit]) -> None:
    """Credits read on line `at`, and the authors among them as one candidate (the
    correspondents alone, when no writer or reporter is named, as a fallback candidate)."""
    cands.credits.extend((at, name, role) for name, role in credits)
    _add_authors(cands, credits)


def _add_authors(cands: Candidates, credits: list[Credit]) -> None:
    main = [n for n, role in credits if role in P.AUTHOR_CREDIT_ROLES]
    if main:
        cands.add("author", "、".join(dict.fromkeys(main)))
        return
    others = author_names(credits)
    if others:
        cands.add("author_fallback", "、".join(others))


def _en_value(value: str) -> str:
    """An English label's value up to what the page sets after it ("| Updated", "Font size")."""
    return P.EN_VALUE_END.split(value)[0].strip()


def first_word(value: str) -> str:
    return value.split(" ")[0].strip("【】[]()（）|,，;；")


def name_value(value: str) -> str:
    """The authors at the start of a byline value, "、"-joined; the list stops at the first
    non-name (see `read_credits`)."""
    return "、".join(author_names(read_credits(value)))


def read_credits(value: str, role: str | None = None) -> list[Credit]:
    """The people a credit names, each with the role its words give (`credits` in the record):
    the label's `role` for the first names, then whatever role word comes next; names with
    no role word at all are writers. The list stops at the first non-name.

    >>> read_credits("记者 张丽 通讯员 孙悦）区体育局28日…")
    [('张丽', 'reporter'), ('孙悦', 'correspondent')]
    >>> read_credits("文/张三 图/李四 编辑/王五")
    [('张三', 'writer'), ('李四', 'photographer'), ('王五', 'editor')]
    """
    # "（记者 王小明 李强）区体育局28日…": the names end with the bracket
    value = re.split(r"[）)】\]]", value.lstrip(" （(【["), maxsplit=1)[0]
    return _read_credits(value, role)[0]


def credit_line(text: str) -> list[Credit]:
    """The credits of a line that is nothing but a credit: "文/张三", "撰稿：李明",
    "河南商报记者马俊峰/文", "（总台记者 张倩）", "（文/图 刘玺东 易赛楠）",
    "编辑：沈佳怡 审核：许海洋", or names alone in brackets, each a Chinese name by its surname
    ("（常书香 马丹阳）").
    Any other line gives [].

    >>> credit_line("河南商报记者马俊峰/文"), credit_line("记者采访了解，活动很成功。")
    ([('马俊峰', 'reporter')], [])
    >>> credit_line("（常书香 马丹阳）"), credit_line("（待续）")
    ([('常书香', 'writer'), ('马丹阳', 'writer')], [])
    """
    if len(text) > 60 or not P.HAS_CJK.search(text):
        return []  # (Latin bylines have their own readers: "By …", "Author:")
    if _CREDIT_WORD.search(text) is None and not (text[:1] in "（(【[" and text[-1:] in "）)】]"):
        return []  # no role word: what _credit_line gives such a line (see below)
    return list(_credit_line(text))


# Every credit that is not names alone in brackets has a role word: a label that names no
# role ends the credit with nothing read (_read_credits), and a token of _credit_tokens' "role"
# kind is, or ends with, a word of CREDIT_ROLES or CREDIT_TAILS ("文图" holds 文). Most lines
# under a headline are text without one, and this one search spares reading their tokens.
_CREDIT_WORD = re.compile(
    "|".join(sorted({*P.CREDIT_ROLES, *P.CREDIT_TAILS}, key=len, reverse=True))
)


# The lines around a headline are mostly the template's ("分享到：微信 微博", "首页 > 要闻 >
# 正文"), the same on every page of a site: each is read once. Bounded: a crawl of any length
# keeps at most this many.
_LINES_CACHE = 4096


@lru_cache(maxsize=_LINES_CACHE)
def _credit_line(text: str) -> tuple[Credit, ...]:
    bracketed = text[:1] in "（(【[" and text[-1:] in "）)】]"
    inner = text[1:-1] if bracketed else text
    if re.search(r"[（()）【】\[\]]", inner):
        return ()
    credits, whole, labelled = _read_credits(inner, None)
    if not whole or not credits:
        return ()
    if not labelled and not (bracketed and all(cn_name(n) for n, _ in credits)):
        return ()
    return tuple(credits)


def cn_name(token: str) -> bool:
    """A Chinese personal name: two or three characters that start with a common surname,
    or three or four that start with a compound one (欧阳修), and no outlet's ending.

    >>> [cn_name(x) for x in ("马丹阳", "欧阳修", "待续", "采访了解", "华商报")]
    [True, True, False, False, False]
    """
    if not 2 <= len(token) <= 4 or not P.HAS_CJK.search(token) or token[-1] in P.NOT_NAME_ENDINGS:
        return False
    if token[:2] in P.CN_SURNAMES and len(token) >= 3:
        return True
    return token[0] in P.CN_SURNAMES and len(token) <= 3


def _role_of(word: str) -> str | None:
    """The role a role word gives ("本报记者" -> reporter), None for any other word."""
    if word in P.CREDIT_ROLES:
        return P.CREDIT_ROLES[word]
    glued = P.GLUED_CREDIT_ROLE.search(word)
    # "本报记者", "首席记者", "职工通讯员": a qualifier glued in front
    if glued and glued.end() == len(word) and P.HAS_CJK.search(word):
        return P.CREDIT_ROLES[glued.group()]
    return None


def _credit_tokens(value: str) -> list[tuple[str, str]]:
    """A credit as (kind, text) pieces: "label" (a role word with its ：or /), "role" (a bare
    role word), "name", or "glued" (written run together after a role word: "记者马俊峰")."""
    value = P.FILED_FROM.sub(" ", value)
    value = P.WRITER_AND_PHOTOGRAPHER.sub(" 文图 ", value)
    value = P.CREDIT_LABEL.sub(lambda m: f" {m['word']}： ", value)
    # "马俊峰/文": what a slash is left between is a name and its role
    value = re.sub(r"\s*[:：]\s*", "： ", value).replace("/", " ").replace("／", " ")
    out: list[tuple[str, str]] = []
    for token in P.NAME_SPLIT.split(value):
        token = token.strip("【】[]()（）")
        if not token:
            continue
        if token.endswith("："):
            out.append(("label", token[:-1]))
            continue
        if token == "文图" or token in P.CREDIT_TAILS or _role_of(token):
            out.append(("role", token))
            continue
        parts = P.GLUED_CREDIT_ROLE.split(token) if P.HAS_CJK.search(token) else [token]
        if len(parts) == 1:
            if len(token) >= 3 and token.endswith("摄") and P.HAS_CJK.search(token):
                out += [("name", token[:-1]), ("role", "摄")]  # "王五摄"
            else:
                out.append(("name", token))
            continue
        for i, part in enumerate(parts):
            if not part:
                continue
            if i % 2:
                out.append(("role", part))
            elif i:
                out.append(("glued", part))
            # (a word glued in front of the first role word qualifies it: 新华社记者, 总台记者)
    return out


def _read_credits(value: str, role: str | None) -> tuple[list[Credit], bool, bool]:
    """(credits, whether the whole value was a credit, whether a role word was in it)."""
    tokens = _credit_tokens(value)
    found: list[tuple[str, str, list[str]]] = []
    current, extra = role or "writer", list[str]()
    pending: list[int] = []  # the names read since the last role word
    labelled, whole = role is not None, True
    for i, (kind, text) in enumerate(tokens):
        if kind in ("label", "role"):
            labelled = True
            word_role = "writer" if text == "文图" else _role_of(text)
            follows = i + 1 < len(tokens) and tokens[i + 1][0] in ("name", "glued")
            tail = P.CREDIT_TAILS.get(text) if kind == "role" else None
            if word_role and (kind == "label" or (follows and text not in ("摄", "摄影报道"))):
                current = word_role
                extra = ["photographer"] if text == "文图" else []
                pending = []
            elif tail is not None:
                for j in pending:
                    name, _, more = found[j]
                    if tail.startswith("+"):
                        more.append(tail[1:])
                    elif tail:
                        found[j] = (name, tail, more)
                pending = []
            elif word_role:  # "张三 编辑": a role after the name
                for j in pending:
                    found[j] = (found[j][0], word_role, found[j][2])
                pending = []
            else:  # a label that names no role ("来源：", "Zum Artikel:") ends the credit
                whole = False
                break
            continue
        if kind == "glued" and not cn_name(text):
            whole = False
            break
        if not labelled and P.HAS_CJK.search(text) and not cn_name(text):
            continue  # "整合 交汇点记者 徐睿翔": before any role word, only a name is credited
        if len(text) <= 20 and P.HAS_CJK.search(text) and P.ORG_NAME.search(text):
            continue  # "文字：江北区融媒体中心 林晓": the unit before the name
        if not P.NAME_TOKEN.match(text):
            whole = False
            break
        pending.append(len(found))
        found.append((text, current, list(extra)))
    credits: list[Credit] = []
    for name, kind, more in found:
        for r in (kind, *more):
            if (name, r) not in credits:
                credits.append((name, r))
    return credits, whole, labelled


def english_names(text: str) -> str | None:
    """ "By Ann Lee and Bo Chen, CNN" -> "Ann Lee、Bo Chen、CNN" (`name_kind` sorts them)."""
    text = P.EN_BYLINE_PREFIX.sub("", normalize_ws(text))
    text = P.EN_BYLINE_END.split(text)[0]
    # "Dana Whitfield Staff Writer": a byline run together with its role
    words = text.split()
    for i, word in enumerate(words):
        if i and word.lower().strip(",.") in P.ROLE_WORDS:
            while i > 1 and words[i - 1].lower().strip(",") in P.ROLE_QUALIFIERS:
                i -= 1
            text = " ".join(words[:i])
            break
    return split_names(text)


# the kinds of a byline value: a person, an organisation's credit, a word that credits nobody
# ("agencies", "red", "佚名": left out without a word), or None for what cannot be a name
PERSON, ORG, NOBODY = "person", "org", "nobody"


def is_site(name: str, site_names: tuple[str, ...]) -> bool:
    """The site crediting itself, by name or by domain."""
    low = name.lower()
    return bool(P.DOMAIN_NAME.match(name)) or any(_names_site(low, s.lower()) for s in site_names)


def _names_site(name: str, site: str) -> bool:
    """`name` is the site `site` names: the same, or one is the other plus a media word
    ("网易" for 网易新闻, 某区人民政府 for 某区人民政府门户网站 and the other way round)."""
    if name == site:
        return True
    short, long = (name, site) if len(name) < len(site) else (site, name)
    return (
        len(short) >= 2 and long.startswith(short) and long[len(short) :].strip() in P.MEDIA_WORDS
    )


def name_kind(
    name: str,
    site_names: tuple[str, ...],
    orgs: frozenset[str] = frozenset(),
    *,
    prose_check: bool = False,
) -> str | None:
    """PERSON, ORG (the site itself, a desk, an agency, a body: a credit that names no one),
    NOBODY ("agencies", "佚名") or None when a byline value cannot be a name at all (a URL, a
    date, a sentence). `prose_check` is for a line of page text that starts "By …": there a
    Latin name must look like one (JSON-LD and <meta> say they hold names; "bell hooks" in
    them is one)."""
    low = name.lower()
    if low in P.DESK_WORDS or low in P.PLACEHOLDER_NAMES or low in P.NAME_AFFIXES:
        return NOBODY
    if not low.strip():
        return None
    if low.split()[-1] in P.ROLE_WORDS:  # "Staff Writer", "Local Democracy Reporter"
        return NOBODY
    if name in orgs or any(_names_site(low, s.lower()) for s in site_names):
        return ORG
    if "http" in low or "www." in low or "@" in name or len(name) > 40:
        return None
    # "happyface313" is a handle; "2022-08-29" or a phone number is not a name
    digits = sum(c.isdigit() for c in name)
    if re.search(r"\d{4}", name) or digits * 3 > len(name):
        return None
    if P.DOMAIN_NAME.match(name) or P.ORG_NAME.search(name):
        return ORG
    words = name.split()
    if len(words) > 5:
        return None
    if prose_check and len(words) > 1 and not P.HAS_CJK.search(name):
        # "Ann Lee", "Ludwig van Beethoven", "Ahmed al-Masri", "Harry Connick Jr."; not
        # "officials said." (an opening sentence that starts "By …")
        last = words[-1].lower()
        if name[-1] in "!?" or (
            name[-1] == "." and not P.INITIAL.fullmatch(words[-1]) and last not in P.NAME_AFFIXES
        ):
            return None
        # (a caseless script, Hangul or Arabic, has no capitals to check)
        if any(lower_word(w) for w in words):
            return None
    return PERSON


def reads_as_prose(text: str) -> bool:
    """A piece of a "By …" line that is a sentence, not a role ("staff writer")."""
    return len(text.split()) > 4 or text.rstrip()[-1:] in ".!?…"


def lower_word(word: str) -> bool:
    """A word no name has in it: lower-case, and no particle (van, al-, d') or affix (med.)."""
    low = word.lower()
    if low in P.WIRE_AGENCIES:
        return False  # a wire's own spelling: "Anna Berg, dpa"
    if not word[0].islower() or low in P.NAME_PARTICLES or low in P.NAME_AFFIXES:
        return False
    return not re.match(r"(?:al|el|d|da|de|di|du|l)['’\-]", low)
