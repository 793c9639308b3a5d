"""The generic extractor: field candidates from any news page, no selectors needed.

`GenericPage` gathers the signals, each kind from its own module: `meta` (<meta>, JSON-LD),
`byline` (the labelled lines by the headline, and what kind of name a credit is), `title`
(which headline), `body` (the article text); this module weighs them against each other.

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

import copy
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Generic, NamedTuple, TypeVar, overload

from lxml import etree
from parsel import Selector

from newsarchive.extract import patterns as P
from newsarchive.extract.body import (
    NAMES_CACHE,
    body_lines,
    class_tokens,
    name_words,
    named_elements,
)
from newsarchive.extract.byline import (
    AUTHOR_CLASS,
    AUTHOR_HINT,
    BYLINE_MAX,
    BYLINE_WINDOW_AFTER,
    BYLINE_WINDOW_BEFORE,
    NOT_ARTICLE_AUTHOR,
    ORG,
    PERSON,
    byline_fields,
    find_title_index,
    first_word,
    is_site,
    lower_word,
    name_kind,
    reads_as_prose,
)
from newsarchive.extract.html import SKIP_TAGS, Line, iter_lines, lines, text_of
from newsarchive.extract.meta import (
    META_KEYS,
    Candidates,
    ld_names,
    ld_orgs,
    read_json_ld,
    read_meta,
)
from newsarchive.extract.processors import (
    Credit,
    matches_placeholder,
    normalize_ws,
    parse_date,
    split_names,
)
from newsarchive.extract.title import choose_title, title_segments

_T = TypeVar("_T")


class cached_property(Generic[_T]):
    """`functools.cached_property` without its lock: Python 3.11's takes an RLock on every
    first read (3.12 dropped it), and a page reads a dozen of these once each. A page is
    read by one thread."""

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_property[_T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...
    def __get__(self, instance: object, owner: type | None = None) -> _T | cached_property[_T]:
        if instance is None:
            return self
        # stored under its name, the value hides this (non-data) descriptor from then on
        value = instance.__dict__[self.name] = self.func(instance)
        return value


# the elements a source or a breadcrumb trail is looked for in, by their class and id
_SOURCE_TAGS = frozenset({"span", "div", "em", "a", "p", "i", "label"})
_CRUMB_TAGS = frozenset({"div", "nav", "p", "span", "ol", "ul", "td"})
# the words a BARE_TRAIL ends in
_TRAIL_ENDS = ("正文", "内容", "详情")


# What a class-and-id string says is worked out once per string (a site's templates repeat a
# few hundred): tokenising every element's names cost a quarter of the extraction.
@lru_cache(maxsize=NAMES_CACHE)
def _author_named(names: str) -> bool:
    """Whether a word of the class and id names the author ("author", "byline-name" …)."""
    return AUTHOR_HINT.search(names) is not None and any(
        AUTHOR_CLASS.fullmatch(t) for t in name_words(names)
    )


@lru_cache(maxsize=NAMES_CACHE)
def _editor_named(names: str) -> bool:
    """Whether a word of the class and id names the editor (or, on NetEase, the author box
    the editor closes)."""
    low = names.lower()
    if "editor" not in low and "author" not in low and "bianji" not in low:
        return False
    return any(
        t in ("editor", "editors", "zbianji", "bianji") or AUTHOR_CLASS.fullmatch(t)
        for t in name_words(names)
    )


@lru_cache(maxsize=NAMES_CACHE)
def _source_named(names: str) -> bool:
    """Whether a word of the class and id names the source ("source", "laiyuan", "ly" …)."""
    low = names.lower()
    if "source" not in low and "laiyuan" not in low and "from" not in low:
        return False
    return any(t in ("source", "laiyuan", "from", "ly") for t in name_words(names))


@lru_cache(maxsize=NAMES_CACHE)
def _crumb_named(names: str) -> bool:
    """Whether a word of the class and id names a breadcrumb trail ("crumb", "location" …)."""
    return any(P.CRUMB_CLASS.fullmatch(t) for t in name_words(names))


class AuthorCandidates(NamedTuple):
    """Author candidates by kind and trust (see `GenericPage.authors`)."""

    people: list[str]
    meta_people: list[str]
    orgs: list[str]
    meta_orgs: list[str]
    # people credited in other roles (通讯员, the posting account): authors only when the
    # page names no writer or reporter
    fallback: list[str]


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
        for node, names in self.named:
            if node.tag in SKIP_TAGS or node.tag == "input":
                continue
            marked = (
                "author" in (node.get("itemprop") or "").lower()
                or "author" in (node.get("rel") or "").lower()
                or _author_named(names)
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
            m = P.LABEL_CELL.fullmatch(line.text) if len(line.text) <= P.CELL_MAX else None
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
        for node, names in self.named:
            if not names or node.tag in SKIP_TAGS or not _editor_named(names):
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
        for node, names in self.named:
            if node.tag not in _SOURCE_TAGS or not _source_named(names):
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
            if idx is not None:
                # the lines after the headline were read first; credits go in page order
                start = idx - len(before) - len(after)
                cands.credits = [
                    (idx + 1 + at if at < len(after) else start + at, name, role)
                    for at, name, role in cands.credits
                ]
            cands.credits.sort(key=lambda credit: credit[0])
            self._bylines[title] = cands
        return self._bylines[title]

    def placeholder_line(self, title: str | None) -> Line | None:
        """A placeholder notice shown where the article would start ("该信息已删除",
        "标题和内容已经清空"), in the lines under the title: on such a page the template is all
        that is left, and a body read from its blocks would be the site's banner."""
        idx = self._title_index(title)
        if idx is None:
            return None
        for line in self.doc_prefix(idx + 1 + BYLINE_WINDOW_AFTER)[idx + 1 :]:
            if len(line.text) <= 80 and matches_placeholder(line.text):
                return line
        return None

    def byline_credits(self, title: str | None) -> list[Credit]:
        """Everyone the byline around the title credits, with their roles, in page order."""
        return [(name, role) for _, name, role in self.byline(title).credits]

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
            (self.blog_owner, "data"),
            (byline.get("author_fallback"), "fallback"),
            (byline.get("posted_by"), "fallback"),
            (self.meta_authors, "meta"),
        ]
        site_names = self.site_names + self.title_site
        out = AuthorCandidates([], [], [], [], [])
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
                        any(k is None and reads_as_prose(n) for n, k in kinds)
                        or not any(" " in n for n, k in kinds if k == PERSON)
                    )
                ):
                    # "By Friday, the harbour will reopen": the line is a sentence
                    continue
                found = [n for n, k in kinds if k == PERSON]
                if source != "ld" and any(not lower_word(n.split()[0]) for n in found if " " in n):
                    # "Ann Lee, staff writer", "…, for the Harbour Times": beside a name
                    # written as one, a lower-case phrase is a role
                    found = [n for n in found if not lower_word(n.split()[0])]
                if found:
                    bucket = {"meta": out.meta_people, "fallback": out.fallback}.get(
                        source, out.people
                    )
                    bucket.append("、".join(found))
                credit = [n for n, k in kinds if k == ORG]
                if source == "meta":
                    # TRS writes the contributing department there, article by article
                    credit = [n for n in credit if not is_site(n, site_names)]
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
    def blog_owner(self) -> list[str]:
        """The writer a blog's name gives ("张三的博客" in the head title or the <h1>)."""
        for text in [*P.TITLE_PARTS.split(self.page_title), *self.headings[:1]]:
            m = P.BLOG_OWNER.match(text.strip())
            if m:
                return [m["name"]]
        return []

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

    def dates(self, title: str | None, *, fallback: bool = True) -> list[str]:
        """Date candidates: <meta>/JSON-LD/<time> first, then the byline, then the URL (then,
        with `fallback`, htmldate's guess for a page that gives none of them)."""
        byline = self.byline(title)
        out = [
            *self.head.get("published_at"),
            *byline.get("labelled_date"),
            *self.table_dates,
            *byline.get("published_at"),
        ]
        m = P.URL_DATE.search(self.url) or P.URL_DATE_MMDD.search(self.url)
        if m:
            out.append(f"{m['y']}-{m['m']}-{m['d']}")
        # (an "Updated …" date is when the page changed: never the publication's)
        if not out and fallback:
            found = self.htmldate
            if found:
                out.append(found)
        return out

    def refining_dates(self, title: str | None, precision: int) -> list[str]:
        """The candidates of `dates` that may make a date of `precision` (1 a day, 2 to the
        minute) more precise, as `loaders._date_out` refines a site selector's date: the same
        answer, without reading the byline and the metadata table of a page that shows no
        time (no seconds, for a date to the minute), and without htmldate, whose days never
        refine a date."""
        hint = P.SHOWS_SECONDS if precision >= 2 else P.SHOWS_TIME
        if precision >= 1 and hint.search(self.shown_text) is None:
            # (the URL's date is a day too: it could not refine either)
            return list(self.head.get("published_at"))
        return self.dates(title, fallback=precision < 1)

    @cached_property
    def shown_text(self) -> str:
        """The text the body's lines are made of, without their gaps and with its whitespace
        as the page has it: every text and tail outside the elements the lines skip
        (<script> …), zero-width characters removed. A pattern that allows whitespace
        wherever a line's gap may fall finds here whatever it finds in some line.

        lxml's copy, strip and text serialisation take a tenth of a walk in Python."""
        if self.body is None:
            return ""
        body = self.body
        if next(body.iter(*SKIP_TAGS), None) is not None:
            body = copy.deepcopy(body)
            etree.strip_elements(body, *SKIP_TAGS, with_tail=False)
        text = etree.tostring(body, method="text", encoding="unicode", with_tail=False)
        return P.ZERO_WIDTH_RUN.sub("", text)

    @cached_property
    def htmldate(self) -> str | None:
        """htmldate's guess, for a page that shows no date where we look: it knows many more
        templates (and the text's date expressions) than our signals, at a few ms a page.
        Never a day the page gives only as its update or as a document's 成文/印发/实施日期,
        nor one only an HTML comment holds (a CMS's build stamp, no date the page shows)."""
        from htmldate import find_date

        # htmldate cleans the tree it gets, so it gets its own copy
        html = P.HTML_COMMENT.sub("", etree.tostring(self.root, encoding="unicode", method="html"))
        try:
            found = find_date(
                html, url=self.url or None, original_date=True, extensive_search=False
            )
        except Exception:  # a fallback that fails is a miss, never the page's failure
            return None
        if not found or str(found)[:10] in self.other_days:
            return None
        return str(found)

    @cached_property
    def other_days(self) -> frozenset[str]:
        """Days the page gives as something other than its publication: an update ("更新时间",
        "Updated"), a document's own dates (成文日期, 印发日期) or the site header's today
        ("今天是…"), the label's line and the cell after it."""
        days = set()
        doc = self.doc_lines
        for i, line in enumerate(doc):
            text = line.text
            if len(text) > 200 or not (
                P.UPDATE_LABEL.search(text)
                or P.DOC_DATE_LABEL.search(text)
                or P.TODAY_LINE.search(text)
            ):
                continue
            for shown in (text, doc[i + 1].text if i + 1 < len(doc) else ""):
                for m in P.CN_DATETIME.finditer(shown):
                    days.add(f"{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}")
                for m in P.EN_DATE.finditer(shown):
                    parsed = parse_date(m.group(0))
                    if parsed:
                        days.add(parsed[:10])
        return frozenset(days)

    def breadcrumb_section(self, title: str | None = None) -> str | None:
        """The last place in a "当前位置：首页 > 新闻 > 区县动态" trail, or in an element named
        as one (class crumb, location, position); a last crumb that is the headline is not."""
        doc = [x.text for x in self.doc_prefix(60)]
        # (every BREADCRUMB label holds 位置, and a BARE_TRAIL ends in one of _TRAIL_ENDS:
        # the patterns are asked only of lines that have them)
        trails = [m["trail"] for t in doc if "位置" in t and (m := P.BREADCRUMB.match(t))]
        trails = trails or [
            t for t in doc if len(t) <= 120 and t.endswith(_TRAIL_ENDS) and P.BARE_TRAIL.match(t)
        ]
        if not trails and self.body is not None:
            for node, names in self.named:
                if node.tag in _CRUMB_TAGS and _crumb_named(names):
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
    def named(self) -> list[tuple[etree._Element, str]]:
        """The body's elements that a class, an id or another attribute may mark, with their
        class-and-id strings (`body.named_elements`): read once for every pass that asks."""
        return named_elements(self.body) if self.body is not None else []

    @cached_property
    def body_lines(self) -> list[Line]:
        return body_lines(self.body, self.named) if self.body is not None else []


def looks_chinese(page: GenericPage) -> bool:
    return page.language in ("zh", "")
