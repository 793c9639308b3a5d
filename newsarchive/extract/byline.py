"""Bylines: the labelled values next to a headline (作者/记者/通讯员/来源/发布时间/责任编辑,
"X 于DATE发表", "By …") and what kind of credit a name is (a person, an organisation, nobody)."""

from __future__ import annotations

import re

from newsarchive.extract import patterns as P
from newsarchive.extract.html import Line
from newsarchive.extract.meta import Candidates
from newsarchive.extract.processors import normalize_ws, split_names

BYLINE_WINDOW_BEFORE = 3


BYLINE_WINDOW_AFTER = 8


# a line this long is text, not a byline
BYLINE_MAX = 200


# classes/ids that name the author's element
# (a word, not a stem: "authorized" and "authority" name no author)
AUTHOR_CLASS = re.compile(
    r"(?:author|byline|writer|reporter|autor|zuozhe)"
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
    role_names: list[str] = []
    # a metadata table puts a label and its value in neighbouring cells: "发布日期" | "2024-04-16"
    cell_label: str | None = None
    for text in window:
        if len(text) > BYLINE_MAX:
            cell_label = None
            continue
        if cell_label is not None:
            label, cell_label = cell_label, None
            date = P.CN_DATETIME.search(text) or P.EN_DATE.search(text)
            if date and len(text) <= 30:
                if not P.DOC_DATE_LABEL.fullmatch(label):
                    cands.add("labelled_date", date.group(0))
                continue
        cell = P.LABEL_CELL.fullmatch(text)
        if cell:
            cell_label = cell["label"]
            continue
        posted = P.POSTED_BY.search(text)
        if posted:
            # the account that posted it: a name, but the weakest one on the page
            cands.add("posted_by", posted["name"])
            cands.add("published_at", posted["date"])
        labels = list(P.BYLINE_LABEL.finditer(text))
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
            elif label in ("作者", "记者", "通讯员", "撰文", "文", "Author"):
                cands.add("author", name_value(value) if label != "Author" else value)
            elif label == "Editor":
                cands.add("editor", _en_value(value))
            elif label in ("责任编辑", "编辑", "责编"):
                # "王晓宇_NN1206": the CMS account's suffix is no part of the name
                cands.add("editor", first_word(value).split("_")[0])
        dateline = P.CN_DATELINE.match(text)
        role = P.AUTHOR_ROLE_IN_LINE.search(text) if len(text) <= 60 else None
        if role and P.PHOTO_CREDIT_END.search(text):
            role = None  # "盾构机顺利接收。 记者 黄涛 摄": the photo's credit, not the article's
        if dateline:
            # "本报讯（区委宣传部 李强 记者 王五）": everyone the bracket credits
            cands.add("author", split_names(dateline["who"]))
        elif role and not labels:
            role_names.extend(n for n in name_value(text[role.end() :]).split("、") if n)
        elif len(text) <= 160 and P.EN_BYLINE.match(text):
            # "By TPN, in News, Portugal · 31 Jan 2025": the names end where the section starts
            cands.add("author", english_names(text))
        pieced = P.PIECED_DATE.match(text)
        if pieced:
            when = f"{pieced['y']}-{int(pieced['m']):02d}-{int(pieced['d']):02d}"
            cands.add("published_at", f"{when} {pieced['t']}" if pieced["t"] else when)
        if P.UPDATED_LINE.match(text):
            # when the page changed: the publication's date only if nothing else says so
            date = P.CN_DATETIME.search(text) or P.EN_DATE.search(text)
            if date:
                cands.add("updated_date", date.group(0))
        elif not posted and not P.DOC_DATE_LINE.search(text):
            date = P.CN_DATETIME.search(text) or P.EN_DATE.search(text)
            if date and len(text) <= 80:
                cands.add("published_at", date.group(0))
            elif len(text) <= 20 and P.REL_DATE_IN_TEXT.fullmatch(text):
                cands.add("published_at", text)

    if role_names:
        cands.add("author", "、".join(dict.fromkeys(role_names)))


def _en_value(value: str) -> str:
    """An English label's value up to what the page sets after it ("| Updated", "Font size")."""
    return P.EN_VALUE_END.split(value)[0].strip()


def first_word(value: str) -> str:
    return value.split(" ")[0].strip("【】[]()（）|,，;；")


def name_value(value: str) -> str:
    """The names at the start of a byline value; the list stops at the first non-name."""
    names: list[str] = []
    # "（记者 王小明 李强）区体育局28日…": the names end with the bracket
    value = re.split(r"[）)]", P.FILED_FROM.sub(" ", value), maxsplit=1)[0]
    for token in P.NAME_SPLIT.split(value.strip()):
        token = token.strip("【】[]()（）")
        if not token:
            continue
        if token.rstrip(":：/｜|") in P.STAFF_ROLES or (names and token in ("图", "摄影", "摄")):
            break  # "文/张三 图/李四 编辑/王五": the photographer, editors and reviewers follow
        role = P.AUTHOR_ROLES.fullmatch(token)
        if role or token in P.ROLE_TAILS:
            continue
        if len(token) <= 20 and P.HAS_CJK.search(token) and P.ORG_NAME.search(token):
            continue  # "文字：江北区融媒体中心 林晓": the unit before the name
        if not P.NAME_TOKEN.match(token):
            break
        names.append(token)
    return "、".join(names)


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
