"""The generic extractor: field candidates from any news page, no selectors needed.

Signals, most trusted first: JSON-LD NewsArticle and the <meta> tags Chinese CMSs emit
(ArticleTitle, PubDate, ContentSource, Author, ColumnName, SiteName) or Open Graph, <time>,
elements marked as the author (itemprop, rel, class), then the visible byline next to the title
(作者/记者/通讯员/来源/发布时间/责任编辑/"于…发表"/"By …") and the date in the URL. Authors are
the exception: the visible byline outranks the metadata, and a credit naming only the site, a
desk or an agency is kept for a page that names no person (see `GenericPage.authors`).

`GenericPage` computes each signal on first use only, so a site whose selectors cover a field
never pays for the generic work behind it.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from lxml import etree
from parsel import Selector

from newsarchive.extract import patterns as P
from newsarchive.extract.body import body_lines, class_tokens
from newsarchive.extract.html import SKIP_TAGS, Line, iter_lines, lines
from newsarchive.extract.processors import normalize_ws, split_names, strip_site_suffix

META_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("articletitle", "og:title", "twitter:title", "headline", "title"),
    "published_at": (
        "pubdate",
        "publishdate",
        "article:published_time",
        "og:article:published_time",
        "og:release_date",
        "datepublished",
        "publish-date",
        "publish_date",
        "publishtime",
        "pubtime",
        "firstpublishedtime",
        "parsely-pub-date",
        "sailthru.date",
        "article.published",
        "dc.date.issued",
        "dc.date.created",
        "dc.date",
        "date",
    ),
    "author": (
        "author",
        "article:author",
        "dc.creator",
        "byl",
        "parsely-author",
        "sailthru.author",
    ),
    "source": ("contentsource", "source", "og:article:source"),
    "section": ("columnname", "article:section", "og:article:section"),
    "site_name": ("sitename", "og:site_name", "application-name"),
}
ARTICLE_TYPES = (
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "article",
    "blogposting",
    "liveblogposting",
    "report",
    "webpage",
)
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
TITLE_CLASS = re.compile(r"(?:title|headline|biaoti|bt|tit)\w*", re.IGNORECASE)
TIME_LABELS = ("发布时间", "发布日期", "时间", "日期")


@dataclass
class Candidates:
    """Values per field in the order they should be tried."""

    values: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, name: str, value: Any) -> None:
        if isinstance(value, str):
            value = normalize_ws(value)
            if value and value not in self.values[name]:
                self.values[name].append(value)

    def get(self, name: str) -> list[str]:
        return self.values.get(name, [])


def read_meta(root: etree._Element) -> dict[str, str]:
    """First content of each <meta name|property|itemprop|http-equiv>, keys lower-cased."""
    meta: dict[str, str] = {}
    for node in root.iter("meta"):
        key = (
            node.get("name")
            or node.get("property")
            or node.get("itemprop")
            or node.get("http-equiv")
        )
        content = node.get("content")
        if key and content and content.strip():
            meta.setdefault(key.strip().lower(), content)
    return meta


def _json_objects(raw: str) -> Any:
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        # a CMS template often leaves a trailing comma or a stray control character
        cleaned = re.sub(r",\s*([}\]])", r"\1", raw.strip().rstrip(";"))
        try:
            return json.loads(cleaned, strict=False)
        except ValueError:
            return None


def read_json_ld(root: etree._Element) -> list[dict[str, Any]]:
    """The Article-like objects in the page's JSON-LD, most specific type first; a reference
    to a person in the same graph ({"@id": …}) is replaced by that person."""
    found: list[tuple[int, dict[str, Any]]] = []
    by_id: dict[str, dict[str, Any]] = {}
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        stack = [_json_objects(script.text)]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if isinstance(item.get("@id"), str):
                    by_id.setdefault(item["@id"], item)
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                ranks = [
                    ARTICLE_TYPES.index(k.lower())
                    for k in kinds
                    if isinstance(k, str) and k.lower() in ARTICLE_TYPES
                ]
                if ranks:
                    found.append((min(ranks), item))
                stack.extend(v for k, v in item.items() if k in ("@graph", "mainEntity"))
    found.sort(key=lambda pair: pair[0])
    out = []
    for _, item in found:
        author = item.get("author")
        if author is not None:
            item = {**item, "author": _resolve(author, by_id)}
        out.append(item)
    return out


def _resolve(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, list):
        return [_resolve(v, by_id) for v in value]
    if isinstance(value, dict) and "name" not in value and isinstance(value.get("@id"), str):
        return by_id.get(value["@id"], value)
    return value


def ld_names(value: Any) -> str | None:
    """The names in a JSON-LD author/publisher value, joined with 、."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else None
    if isinstance(value, list):
        names = [n for n in (ld_names(v) for v in value) if n]
        return "、".join(names) or None
    return None


ORG_TYPES = frozenset(
    {"organization", "newsmediaorganization", "corporation", "governmentorganization", "ngo"}
)


def ld_orgs(value: Any) -> list[str]:
    """The names in a JSON-LD author value typed as an organisation."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            continue
        kinds = item.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(isinstance(k, str) and k.lower() in ORG_TYPES for k in kinds):
            out.append(normalize_ws(item["name"]))
    return out


def text_of(node: etree._Element) -> str:
    """An element's visible text (no <script>/<style> inside), whitespace normalised."""
    return " ".join(line.text for line in lines(node))


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


def _is_site(name: str, site_names: tuple[str, ...]) -> bool:
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
        if any(_lower_word(w) for w in words):
            return None
    return PERSON


def _reads_as_prose(text: str) -> bool:
    """A piece of a "By …" line that is a sentence, not a role ("staff writer")."""
    return len(text.split()) > 4 or text.rstrip()[-1:] in ".!?…"


def _lower_word(word: str) -> bool:
    """A word no name has in it: lower-case, and no particle (van, al-, d') or affix (med.)."""
    low = word.lower()
    if low in P.WIRE_AGENCIES:
        return False  # a wire's own spelling: "Anna Berg, dpa"
    if not word[0].islower() or low in P.NAME_PARTICLES or low in P.NAME_AFFIXES:
        return False
    return not re.match(r"(?:al|el|d|da|de|di|du|l)['’\-]", low)


def title_segments(title: str) -> list[str]:
    """A <title> cut at its separators ("标题_栏目_网站" -> the three parts)."""
    return [s for s in (normalize_ws(p) for p in P.TITLE_SPLIT.split(title)) if s]


def _is_prefix_title(short: str, full: str) -> bool:
    """`full` is `short` with something appended after a separator (" - Site", "：Web", " -")."""
    if not full.startswith(short) or len(short) < 4:
        return False
    rest = full[len(short) :]
    return rest == "" or bool(P.TITLE_TAIL_START.match(rest))


def _similar(a: str, b: str) -> float:
    """Share of b's tokens found in a (CJK characters and words)."""
    ta, tb = P.TITLE_TOKEN.findall(a.lower()), P.TITLE_TOKEN.findall(b.lower())
    if not tb:
        return 0.0
    pool = set(ta)
    return sum(1 for t in tb if t in pool) / len(tb)


class AuthorCandidates(NamedTuple):
    """Author candidates by kind and trust (see `GenericPage.authors`)."""

    people: list[str]
    meta_people: list[str]
    orgs: list[str]
    meta_orgs: list[str]


class GenericPage:
    """The generic extractor's view of one page. Every signal is computed on first use."""

    def __init__(self, sel: Selector, url: str = "", site_names: tuple[str, ...] = ()) -> None:
        self.sel = sel
        self.url = url
        self.root: etree._Element = sel.root
        body = self.root.find("body") if isinstance(self.root, etree._Element) else None
        self.body: etree._Element | None = body
        self.given_site_names = site_names
        self._bylines: dict[str | None, Candidates] = {}

    @cached_property
    def meta(self) -> dict[str, str]:
        return read_meta(self.root)

    @cached_property
    def json_ld(self) -> list[dict[str, Any]]:
        return read_json_ld(self.root)

    @cached_property
    def language(self) -> str:
        """The page's language code ("zh", "en" …), from markup or, failing that, the text."""
        lang = (
            self.root.get("lang")
            or self.root.get("xml:lang")
            or self.meta.get("content-language", "")
        )
        lang = lang or self.meta.get("og:locale", "")
        if lang:
            return lang.strip().lower().replace("_", "-").split("-")[0]
        sample = "".join(self.root.xpath("//title//text()")) + "".join(self.titles[:1])
        if P.KANA.search(sample):
            return "ja"
        return "zh" if P.HAS_CJK.search(sample) else ""

    @cached_property
    def site_names(self) -> tuple[str, ...]:
        names = list(self.given_site_names)
        for key in META_KEYS["site_name"]:
            if key in self.meta:
                names.append(normalize_ws(self.meta[key]))
        for item in self.json_ld:
            name = ld_names(item.get("publisher"))
            if name:
                names.append(normalize_ws(name))
        return tuple(dict.fromkeys(n for n in names if n))

    @cached_property
    def head(self) -> Candidates:
        """Candidates from <meta>, JSON-LD and <time>: cheap and well-formed."""
        cands = Candidates()
        for item in self.json_ld:
            cands.add("published_at", item.get("datePublished") or item.get("dateCreated"))
            cands.add("author", ld_names(item.get("author")))
            cands.values["author_org"].extend(ld_orgs(item.get("author")))
            section = item.get("articleSection")
            cands.add("section", section[0] if isinstance(section, list) and section else section)
        for name in ("published_at", "source", "section"):
            for key in META_KEYS[name]:
                value = self.meta.get(key)
                if value and not value.lower().startswith("http"):
                    if name == "source" and P.HAS_CJK.search(value):
                        # "来源：四川日报 原创稿": the label and the note are no part of it
                        value = first_word(P.BYLINE_LABEL.sub("", normalize_ws(value)))
                    cands.add(name, value)
        for node in self.root.iter("time"):
            value = node.get("datetime") or node.get("content")
            marked = "datepublished" in (node.get("itemprop") or "").lower() or any(
                t in ("published", "pubdate", "publish", "entry-date") for t in class_tokens(node)
            )
            if value and (marked or node.get("pubdate") is not None):
                cands.values["published_at"].insert(0, normalize_ws(value))
            else:
                cands.add("published_at", value)
        return cands

    @cached_property
    def meta_authors(self) -> list[str]:
        out = []
        for key in META_KEYS["author"]:
            value = self.meta.get(key)
            if value and not value.lower().startswith("http"):
                out.append(value)
        return out

    @cached_property
    def marked_authors(self) -> list[str]:
        """Text of elements marked as the author: itemprop=author, rel=author, class author."""
        if self.body is None:
            return []
        out: list[str] = []
        for node in self.body.iter():
            if not isinstance(node.tag, str) or node.tag in SKIP_TAGS or node.tag == "input":
                continue
            # one regex over class and id first: tokenising every element's names cost a
            # quarter of the extraction
            names = f"{node.get('class', '')} {node.get('id', '')}"
            marked = (
                "author" in (node.get("itemprop") or "").lower()
                or "author" in (node.get("rel") or "").lower()
                or (
                    AUTHOR_HINT.search(names) is not None
                    and any(AUTHOR_CLASS.fullmatch(t) for t in class_tokens(node))
                )
            )
            if not marked or any(
                NOT_ARTICLE_AUTHOR.fullmatch(t)
                for a in node.iterancestors()
                for t in class_tokens(a)
            ):
                continue
            name_node = next(
                (n for n in node.iter() if (n.get("itemprop") or "").lower() == "name"), None
            )
            shown = lines(name_node if name_node is not None else node, gaps=True)
            text = (
                (name_node.get("content") if name_node is not None else None)
                # an author box goes on with "all articles", a bio: its first line is the name
                or (shown[0].text if shown else "")
                or node.get("content")
                or ""
            )
            # "作者：" alone, or "超级感悟：" heading a quoted post: a label, not a name
            if (
                text
                and len(text) <= 80
                and not P.EDITOR_LABEL.search(text)
                and not text.rstrip().endswith((":", "："))
            ):
                out.append(text)
            if len(out) >= 3:
                break
        return out

    @cached_property
    def table_dates(self) -> list[str]:
        """发布日期 in a 信息公开 metadata table, label and value in neighbouring cells, which
        may stand further from the headline than a byline does."""
        doc = self.doc_prefix(80)
        out = []
        for i, line in enumerate(doc[:-1]):
            m = P.LABEL_CELL.fullmatch(line.text)
            if m and not P.DOC_DATE_LABEL.fullmatch(m["label"]):
                date = P.CN_DATETIME.search(doc[i + 1].text)
                if date and len(doc[i + 1].text) <= 30:
                    out.append(date.group(0))
        return out

    def table_cell(self, label: re.Pattern[str]) -> str | None:
        """The value a 信息公开 metadata table gives for a label: beside it (the pattern's
        `value` group) or in the next cell; None when that cell is the next label (the value
        was left empty)."""
        doc = self.doc_prefix(80)
        for i, line in enumerate(doc):
            m = label.match(line.text)
            if m is None:
                continue
            value = m["value"] or (doc[i + 1].text if i + 1 < len(doc) else "")
            return None if P.TABLE_LABEL.match(value) else value
        return None

    @cached_property
    def table_title(self) -> list[str]:
        """The 名称 / 标题 cell of a 信息公开 metadata table: the document's title."""
        value = self.table_cell(P.TITLE_CELL)
        return [value] if value and 6 <= len(value) <= 120 else []

    @cached_property
    def marked_editors(self) -> list[str]:
        """A short element whose class or id names the editor: "责任编辑：王晓宇_NN1206"."""
        if self.body is None:
            return []
        for node in self.body.iter():
            if not isinstance(node.tag, str) or node.tag in SKIP_TAGS:
                continue
            names = f"{node.get('class', '')} {node.get('id', '')}".lower()
            if "editor" not in names and "author" not in names and "bianji" not in names:
                continue
            tokens = class_tokens(node)
            if not any(
                t in ("editor", "editors", "zbianji", "bianji") or AUTHOR_CLASS.fullmatch(t)
                for t in tokens
            ):
                continue
            # NetEase's "post_author": 本文来源 … 作者 … 责任编辑：王晓宇_NN1206
            text = text_of(node)
            m = P.TRAILING_EDITOR.search(text) if len(text) <= 80 else None
            if m:
                return [m["name"] or m["en"]]
        return []

    @cached_property
    def marked_sources(self) -> list[str]:
        """A short element whose class or id says source: <span class="source">宁川日报</span>."""
        if self.body is None:
            return []
        for node in self.body.iter("span", "div", "em", "a", "p", "i", "label"):
            names = f"{node.get('class', '')} {node.get('id', '')}".lower()
            if "source" not in names and "laiyuan" not in names and "from" not in names:
                continue
            if not any(t in ("source", "laiyuan", "from", "ly") for t in class_tokens(node)):
                continue
            if any(a.tag in ("li", "a") for a in node.iterancestors()):
                continue  # a list of other articles, each with its own source
            raw = text_of(node)
            text = P.BYLINE_LABEL.sub("", raw).strip()
            if raw.endswith((":", "：")) or not 2 <= len(text) <= 30 or P.CN_DATETIME.search(text):
                continue  # "分享到：" in a share widget
            return [first_word(text)]
        return []

    @cached_property
    def titles(self) -> list[str]:
        """Title candidates, the likeliest first (see `choose_title`)."""
        return choose_title(self)

    @cached_property
    def headings(self) -> list[str]:
        return [t for t in (text_of(h) for h in self.root.iter("h1")) if t]

    @cached_property
    def head_titles(self) -> list[str]:
        out = []
        for key in META_KEYS["title"][:-1]:
            value = normalize_ws(self.meta.get(key))
            if value:
                out.append(value)
        for item in self.json_ld:
            headline = item.get("headline")
            if isinstance(headline, str) and normalize_ws(headline):
                out.append(normalize_ws(headline))
        return list(dict.fromkeys(out))

    @cached_property
    def page_title(self) -> str:
        node = self.root.find(".//title")
        return text_of(node) if node is not None else ""

    @cached_property
    def doc_lines(self) -> list[Line]:
        """The page's text lines (with gaps), all of them."""
        self.doc_prefix(None)
        return self._doc

    def _pull(self, n: int | None) -> list[Line]:
        """Walk the tree until `n` text lines are read (all of them with None)."""
        if not hasattr(self, "_doc"):
            self._doc: list[Line] = []
            self._doc_rest = iter_lines(self.body, gaps=True) if self.body is not None else iter(())
        while n is None or len(self._doc) < n:
            line = next(self._doc_rest, None)
            if line is None:
                break
            self._doc.append(line)
        return self._doc

    def doc_prefix(self, n: int | None) -> list[Line]:
        """The first `n` text lines (all with None), walking the tree no further than that:
        the byline sits near the title, and the body that follows is most of the page."""
        doc = self._pull(n)
        return doc if n is None else doc[:n]

    def _title_index(self, title: str | None) -> int | None:
        """find_title_index, reading lines only until an exact match (the usual case)."""
        if not title:
            return None
        i = 0
        linked: int | None = None
        while len(self._pull(i + 1)) > i:
            line = self._doc[i]
            if line.text == title:
                # a sidebar list may name the article before its headline does
                if line.link_density < 0.5:
                    return i
                linked = i if linked is None else linked
            i += 1
        return linked if linked is not None else find_title_index(self._doc, title)

    def has_byline_after(self, heading: str) -> bool:
        """Whether a date or a 来源/发布时间 label follows a heading within two lines: the mark
        of the article's own headline."""
        idx = self._title_index(heading)
        if idx is None:
            return False
        for line in self.doc_prefix(idx + 3)[idx + 1 : idx + 3]:
            text = line.text
            if len(text) <= BYLINE_MAX and (
                P.BYLINE_LABEL.search(text) or P.CN_DATETIME.search(text) or P.EN_DATE.search(text)
            ):
                return True
        return False

    def byline(self, title: str | None) -> Candidates:
        """What the visible byline around the title says."""
        if title not in self._bylines:
            cands = Candidates()
            idx = self._title_index(title)
            doc = self.doc_prefix(40 if idx is None else idx + 1 + BYLINE_WINDOW_AFTER)
            if idx is None:
                window = [line.text for line in doc[:40]]
            else:
                before = doc[max(0, idx - BYLINE_WINDOW_BEFORE) : idx]
                after = doc[idx + 1 : idx + 1 + BYLINE_WINDOW_AFTER]
                window = [line.text for line in after] + [line.text for line in before]
            byline_fields(window, cands)
            self._bylines[title] = cands
        return self._bylines[title]

    def authors(self, title: str | None) -> AuthorCandidates:
        """Author candidates from the visible byline, JSON-LD, marked elements, the posting
        account and <meta>, in that order, each a "、"-joined list, people and organisations
        apart.

        The byline the reader sees comes first: where it and the metadata disagree, the
        metadata tends to name the CMS account that posted the article ("Von Anna Berg" in the
        text, the web editor in JSON-LD). A credit naming the site, a desk or an agency
        ("Habertürk", "ORF.at", "dpa") is the page's answer only when it names no person
        anywhere. <meta name="author"> is a CMS field, often the web editor, the site or a
        template's "name, email": the reporters the text names outrank it, and the site
        naming itself there is no credit at all.
        """
        orgs_seen = frozenset(self.head.get("author_org"))
        byline = self.byline(title)
        sources = [
            (byline.get("author"), "text"),
            (self.head.get("author"), "ld"),
            (self.marked_authors, "data"),
            (byline.get("posted_by"), "data"),
            (self.meta_authors, "meta"),
        ]
        site_names = self.site_names + self.title_site
        out = AuthorCandidates([], [], [], [])
        for values, source in sources:
            for value in values:
                if "@" in value:  # "name, email@example.com": a template nobody filled in
                    continue
                names = split_names(P.EN_BYLINE_PREFIX.sub("", normalize_ws(value)))
                kinds = [
                    (n, name_kind(n, site_names, orgs_seen, prose_check=source == "text"))
                    for n in (names or "").split("、")
                    if n
                ]
                if (
                    source == "text"
                    and not P.HAS_CJK.search(value)
                    and any(k is None for _, k in kinds)
                    and (
                        any(k is None and _reads_as_prose(n) for n, k in kinds)
                        or not any(" " in n for n, k in kinds if k == PERSON)
                    )
                ):
                    # "By Friday, the harbour will reopen": the line is a sentence
                    continue
                found = [n for n, k in kinds if k == PERSON]
                if source != "ld" and any(not _lower_word(n.split()[0]) for n in found if " " in n):
                    # "Ann Lee, staff writer", "…, for the Harbour Times": beside a name
                    # written as one, a lower-case phrase is a role
                    found = [n for n in found if not _lower_word(n.split()[0])]
                if found:
                    (out.meta_people if source == "meta" else out.people).append("、".join(found))
                credit = [n for n, k in kinds if k == ORG]
                if source == "meta":
                    # TRS writes the contributing department there, article by article
                    credit = [n for n in credit if not _is_site(n, site_names)]
                    if credit:
                        out.meta_orgs.append("、".join(credit))
                elif credit:
                    out.orgs.append("、".join(credit))
        # the disclosure table sits further down than a byline: read only when it can matter
        if not out.people and self.issuing_body:
            out.orgs.append(self.issuing_body)
        for group in out:
            group[:] = list(dict.fromkeys(group))
        return out

    @cached_property
    def title_site(self) -> tuple[str, ...]:
        """The site as the <title> names it last ("标题_栏目_网易新闻" -> 网易新闻)."""
        segments = title_segments(self.page_title)
        return (segments[-1],) if len(segments) >= 2 and len(segments[-1]) <= 30 else ()

    def classify_names(self, values: list[str]) -> tuple[list[str], list[str]]:
        """(people, organisations) among name lists found in the text (a dateline, a closing
        credit, an "Author:" line); desk words and non-names are left out."""
        site_names = self.site_names + self.title_site
        people: list[str] = []
        orgs: list[str] = []
        for value in values:
            kinds = [(n, name_kind(n, site_names)) for n in value.split("、") if n]
            found = [n for n, k in kinds if k == PERSON]
            credit = [n for n, k in kinds if k == ORG]
            if found:
                people.append("、".join(found))
            if credit:
                orgs.append("、".join(credit))
        return people, orgs

    @cached_property
    def issuing_body(self) -> str | None:
        """发文机关 in a government disclosure page's metadata table, the value beside its
        label or in the next cell: the document's author."""
        value = (self.table_cell(P.ISSUER_LABEL) or "").replace(" ", "")  # "某区 人民政府"
        return value if 2 <= len(value) <= 40 and P.HAS_CJK.search(value) else None

    def dates(self, title: str | None) -> list[str]:
        """Date candidates: <meta>/JSON-LD/<time> first, then the byline, then the URL."""
        byline = self.byline(title)
        out = [
            *self.head.get("published_at"),
            *byline.get("labelled_date"),
            *self.table_dates,
            *byline.get("published_at"),
        ]
        m = P.URL_DATE.search(self.url)
        if m:
            out.append(f"{m['y']}-{m['m']}-{m['d']}")
        out.extend(byline.get("updated_date"))
        if not out:
            found = self.htmldate
            if found:
                out.append(found)
        return out

    @cached_property
    def htmldate(self) -> str | None:
        """htmldate's guess, for a page that shows no date where we look: it knows many more
        templates (and the text's date expressions) than our signals, at a few ms a page."""
        from htmldate import find_date

        # htmldate cleans the tree it gets, so it gets its own copy
        html = etree.tostring(self.root, encoding="unicode", method="html")
        for extensive in (False,):
            try:
                found = find_date(
                    html, url=self.url or None, original_date=True, extensive_search=extensive
                )
            except Exception:  # a fallback that fails is a miss, never the page's failure
                return None
            if found:
                return str(found)
        return None

    def breadcrumb_section(self, title: str | None = None) -> str | None:
        """The last place in a "当前位置：首页 > 新闻 > 区县动态" trail, or in an element named
        as one (class crumb, location, position); a last crumb that is the headline is not."""
        doc = [x.text for x in self.doc_prefix(60)]
        trails = [m["trail"] for m in map(P.BREADCRUMB.match, doc) if m]
        trails = trails or [t for t in doc if len(t) <= 120 and P.BARE_TRAIL.match(t)]
        if not trails and self.body is not None:
            for node in self.body.iter("div", "nav", "p", "span", "ol", "ul", "td"):
                if any(P.CRUMB_CLASS.fullmatch(t) for t in class_tokens(node)):
                    text = text_of(node)
                    # a trail has its separators: "position-relative" or a caption has none
                    if len(text) <= 120 and len(P.BREADCRUMB_SPLIT.split(text)) >= 2:
                        trails.append(text)
                        break
        for trail in trails:
            parts = [p.strip() for p in P.BREADCRUMB_SPLIT.split(trail) if p.strip()]
            parts = [
                p
                for p in parts
                if p not in P.BREADCRUMB_GENERIC and not (title and (p in title or title in p))
            ]
            if parts and len(parts[-1]) <= 20:
                return parts[-1]
        return None

    @cached_property
    def body_lines(self) -> list[Line]:
        return body_lines(self.body) if self.body is not None else []


def choose_title(page: GenericPage) -> list[str]:
    """The visible headline when the page's own title tags confirm it, else those tags.

    The <h1> wins when a head title (ArticleTitle, og:title, JSON-LD, <title>) equals it, starts
    with it and goes on after a separator (" - Site", " : date"), or shares most of its words;
    a head title that sits inside the <h1> (a kicker glued in front) wins over the <h1>.
    Without an <h1>, an element whose class says title and whose text is a head title wins.
    """
    heads = [*page.head_titles]
    page_title = page.page_title
    if page_title:
        heads.append(page_title)
    whole = [_strip_all(h, page.site_names) for h in heads]
    # many portals title every page with the site's name alone: that names no article
    site_only = [s for s in whole if _site_like(s, page)]
    named = [(s, h) for s, h in zip(whole, heads, strict=True) if not _site_like(s, page)]
    stripped, heads = [_drop_site_tail(s) for s, _ in named], [h for _, h in named]
    # "工作动态_某区人民政府": with the portal's name cut, a channel is left, not a headline
    channels = {t for t, (s, _) in zip(stripped, named, strict=True) if t != s}
    out: list[str] = []
    for h in page.headings:
        if any(
            h == s
            or _is_prefix_title(h, raw)
            or (_is_longest_part(h, raw) and not _site_like(h, page) and page.has_byline_after(h))
            for s, raw in zip(stripped, heads, strict=True)
        ):
            out.append(h)
    # a <title> that shares nothing with an <h1> followed by its own date or source line is
    # a template's ("长丰县融媒体中心", "文章详情"): the headline is the <h1>
    for h in page.headings[:1]:
        if (
            not out
            and not _site_like(h, page)
            and all(_similar(h, s) < 0.3 for s in stripped)
            and page.has_byline_after(h)
            # the <title>'s headline shown on the page itself (under a column <h1>) wins
            and not any(line.text in stripped for line in page.doc_prefix(80))
            # a blog's <h1> is its name, and the <title> the post's, shown in an <h2>
            and not any(text_of(n) in stripped for n in page.root.iter("h2", "h3", "h4"))
        ):
            out.append(h)
    for h in page.headings:
        for s in stripped:
            if len(s) >= 8 and s in h and len(s) >= 0.4 * len(h):
                out.append(s)
    for h in page.headings:
        if len(h) >= 4 and any(_similar(h, s) >= 0.75 for s in stripped):
            out.append(h)
    if not page.headings and page.body is not None and stripped:
        for node in page.body.iter("h2", "h3", "div", "td", "p", "span", "strong", "font"):
            if node.tag in ("h2", "h3") or any(
                TITLE_CLASS.fullmatch(t) for t in class_tokens(node)
            ):
                text = text_of(node)
                if (
                    text
                    and len(text) <= 120
                    and any(
                        text == s or _is_prefix_title(text, raw) or text in title_segments(raw)
                        for s, raw in zip(stripped, heads, strict=True)
                    )
                ):
                    out.append(text)
                    break
    # an <h1> no head title confirms is the headline unless it is the site's name (a logo); it
    # goes before a head title that is only a channel name
    h1 = [h for h in page.headings[:1] if not _site_like(h, page)]
    out.extend(
        h1
        if h1 and stripped and all(t in channels and len(t) < len(h1[0]) for t in stripped)
        else []
    )
    out.extend(stripped)
    out.extend(h1)
    if not out and site_only and page.body is not None:
        out.extend(page.table_title or _title_element(page))
    out.extend(site_only)  # the last resort: a page with nothing else to call it
    return list(dict.fromkeys(t for t in out if t))


# (after "——" or "｜" a kicker is as likely as a site: SITE_TITLE's shape decides)
SITE_TAIL = re.compile(r"\s*(?:--|——|[_|｜—]|\s[\-–]\s)\s*(?P<tail>[^_|｜—]+)$")


def _drop_site_tail(title: str) -> str:
    """ "标题_某区人民政府" -> "标题": a last segment shaped like a portal's name."""
    m = SITE_TAIL.search(title)
    tail = m["tail"].strip() if m else ""
    if m and (P.SITE_TITLE.search(tail) or P.SITE_TAIL_ONLY.search(tail)) and m.start() >= 4:
        return title[: m.start()]
    return title


def _is_longest_part(heading: str, title: str) -> bool:
    """ "宁川日报数字报-标题": the heading is the longest part of a tightly set head title (the
    shorter parts are the site's; a blog's name in its <h1> is the short one)."""
    parts = [p for p in P.TITLE_PARTS.split(title) if p]
    return len(parts) > 1 and heading in parts and len(heading) == max(map(len, parts))


def _site_like(text: str, page: GenericPage) -> bool:
    """A head title or heading that is the site's name ("某区人民政府门户网站", "金河县教育局网站"),
    not a headline, or the site's name and a channel ("东湖区人民政府-政府信息公开")."""
    if not text:
        return False
    if any(text == normalize_ws(name) for name in page.site_names):
        return True
    if len(text) <= 20 and (P.SITE_TITLE.search(text) or P.DEPT_SITE_TITLE.search(text)):
        return True
    parts = [p for p in P.TITLE_PARTS.split(text) if p]
    return len(parts) == 2 and P.SITE_TITLE.search(parts[0]) is not None and len(parts[1]) <= 10


def _title_element(page: GenericPage) -> list[str]:
    """The first <h2>/<h3> or element whose class says title, outside the page's chrome and
    not a link, for a page whose head titles all name the site and which has no <h1>."""
    assert page.body is not None
    for node in page.body.iter("h2", "h3", "div", "td", "p", "span", "strong", "font"):
        if node.tag in ("h2", "h3") or any(TITLE_CLASS.fullmatch(t) for t in class_tokens(node)):
            text = text_of(node)
            if not 5 <= len(text) <= 120 or _site_like(text, page):
                continue
            if any(a.tag in ("nav", "footer", "aside") for a in node.iterancestors()):
                continue
            linked = sum(len(text_of(a)) for a in node.iter("a"))
            if linked * 2 < len(text):
                return [text]
    return []


def _strip_all(title: str, site_names: tuple[str, ...]) -> str:
    """A head title without the site name and channel segments around it."""
    title = normalize_ws(title)
    for _ in range(3):
        shorter = strip_site_suffix(title, site_names)
        if shorter == title:
            break
        title = shorter
    for name in site_names:
        # "示例网-新闻-标题": some CMSs put the site first
        m = re.match(re.escape(name) + r"\s*(?:--|——|[_|｜\-–—:：»>])\s*(.+)$", title)
        if m and len(m[1]) >= 4:
            title = m[1]
    return title.rstrip(" -_|｜–—:：")


def looks_chinese(page: GenericPage) -> bool:
    return page.language in ("zh", "")
