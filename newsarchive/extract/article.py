"""Articles: the record's fields from one page, a site profile's selectors first and the
generic extractor (`newsarchive.extract.generic`) after. Pure: no Scrapy, no I/O."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from parsel import Selector

from newsarchive.extract import patterns as P
from newsarchive.extract.body import clean_body
from newsarchive.extract.byline import PERSON, credit_line, name_kind, read_credits
from newsarchive.extract.continuations import article_continuations
from newsarchive.extract.encoding import looks_binary
from newsarchive.extract.generic import GenericPage
from newsarchive.extract.html import (
    Line,
    decode,
    drop_element,
    first_attribute,
    is_truncated,
    lines,
    make_selector,
)
from newsarchive.extract.listing import (
    is_listing_page,
    parse_listing,
    select_values,
    string_value,
)
from newsarchive.extract.loaders import ArticleLoader, split_bracket_label
from newsarchive.extract.processors import (
    Credit,
    author_names,
    content_hash,
    date_precision,
    matches_placeholder,
    split_credits,
)
from newsarchive.extract.urls import canonical_url
from newsarchive.items import Article, ListingPage
from newsarchive.sites.base import Site, selectors

TEXT_FIELDS = ("title", "author", "source", "editor", "published_at", "section")
# pages larger than this are cut before parsing: no article is that long, and lxml's time and
# memory grow with the page (the record says `oversized`)
MAX_PAGE_CHARS = 8_000_000


def page_problem(body: bytes, *, textual: bool = True) -> str | None:
    """Why fetched bytes cannot be an article before they are parsed: `not_html` (the server
    did not send text), `empty`, `binary` (an image or archive served as a page); None when
    they may be read.

    >>> page_problem(b"  "), page_problem(b"\\x89PNG\\r\\n\\x1a\\n\\x00"), page_problem(b"<p>x</p>")
    ('empty', 'binary', None)
    """
    if not textual:
        return "not_html"
    if not body.strip():
        return "empty"
    if looks_binary(body):
        return "binary"
    return None


@dataclass
class ArticlePage:
    """What one fetched article page holds: the article, the further pages of an article split
    over several, or the reason it is no article (`listing_page`, `unparseable`)."""

    article: Article | None = None
    continuations: list[str] = field(default_factory=list)
    problem: str | None = None
    # for `unparseable`: the exception, as one line
    detail: str = ""


def read_article_page(
    text: str, url: str, site: Site | None = None, *, now: datetime | None = None
) -> ArticlePage:
    """The article on a decoded page, as the crawl reads it. Never raises: a page that breaks
    the parser comes back as `unparseable`, with what broke in `detail`."""
    try:
        sel = make_selector(text)
        # without a body selector, a listing the rows led to could pass for an article; a
        # placeholder page whose template lists other articles is a placeholder all the same
        # (the pipeline drops it as one)
        listing = (site is None or site.article.body is None) and is_listing_page(sel, url)
        article = parse_article(sel, url, site, text=text, now=now)
        if listing and not matches_placeholder(article.title, article.body):
            return ArticlePage(problem="listing_page")
        following = article_continuations(sel, url)
    except Exception as exc:  # one broken page must not stop the crawl
        return ArticlePage(problem="unparseable", detail=f"{type(exc).__name__}: {exc}")
    return ArticlePage(article, following)


def _strings(found: list[Any]) -> list[str]:
    """The non-blank strings of what a selector found (`select_values`, `string_value`)."""
    out = []
    for item in found:
        value = string_value(item)
        if value and value.strip():
            out.append(value)
    return out


def _generic_values(page: GenericPage, name: str, title: str | None) -> list[str]:
    """The generic extractor's candidates for one field, computed only when asked for."""
    if name == "published_at":
        return page.dates(title)
    # the loader takes the first value of these (TakeFirst), and a candidate is never blank
    # (Candidates.add): a later signal is looked for only when no earlier one was found
    if name == "source":
        found = [*page.head.get("source"), *page.byline(title).get("source")]
        return found or page.marked_sources
    if name == "editor":
        return page.byline(title).get("editor")
    if name == "section":
        found = page.head.get("section")
        crumb = None if found else page.breadcrumb_section(title)
        return [*found, *([crumb] if crumb else [])]
    raise KeyError(name)


def parse_article(
    sel: Selector,
    url: str,
    site: Site | None = None,
    *,
    text: str | None = None,
    now: datetime | None = None,
) -> Article:
    """An Article from a parsed page: the site's selectors first, the generic extractor after.

    The generic work is lazy: a field the site's selectors fill costs nothing more, except the
    date, which the byline may still make more precise. A profile without `fallback` keeps
    the generic extractor to the fields it has no selector for. `text` is the page source,
    used to notice a truncated document.
    """
    rules = site.article if site is not None else None
    # the fields whose selectors have the last word (`ArticleRules.fallback`)
    only_selected = (
        frozenset(name for name in (*TEXT_FIELDS, "body") if getattr(rules, name) is not None)
        if rules is not None and not rules.fallback
        else frozenset()
    )
    page = GenericPage(sel, url, site.site_names if site is not None else ())
    # Without a profile the site's timezone is a guess: Asia/Shanghai for Chinese pages; for
    # others a date-time that carries its own offset keeps it (converting would move the
    # publisher's calendar day).
    keep_offset = site is None and page.language not in ("zh", "")
    loader = ArticleLoader(
        selector=sel,
        timezone=site.timezone if site else "Asia/Shanghai",
        site_names=page.site_names,
        now=now,
        keep_offset=keep_offset,
    )
    if rules is not None:
        for name in TEXT_FIELDS:
            for spec in selectors(getattr(rules, name)):
                values = _strings(select_values(sel, spec))
                if name == "author":
                    for proc in rules.author_processors:
                        values = [proc(v) for v in values]
                if values:
                    loader.add_value(name, values)
                    break
    # the title decides where the byline is, so it is settled before the byline is read
    if "title" not in only_selected and not loader.get_collected_values("title"):
        loader.add_value("title", page.titles)
    title = loader.get_output_value("title")
    for name in TEXT_FIELDS[1:]:
        if name == "author" or name in only_selected:
            continue  # (the author is settled after the body, whose lines may name them)
        if not loader.get_collected_values(name):
            loader.add_value(name, _generic_values(page, name, title))
        elif name == "published_at":
            precision = date_precision(loader.get_output_value(name))
            if precision < 3:
                # later candidates may only refine the same day (see loaders._date_out)
                loader.add_value(name, page.refining_dates(title, precision))

    body_lines = []
    if rules is not None:
        for spec in selectors(rules.body):
            found = select_values(sel, spec)
            if found:
                for item in found:
                    for css in rules.body_exclude:
                        for bad in Selector(root=item, type="html").css(css):
                            drop_element(bad.root)
                    body_lines.extend(lines(item))
                break
    placeholder = None if body_lines else page.placeholder_line(title)
    if placeholder is not None:
        # the notice is the body, as a profile's body selector reads it, even when it repeats
        # the title ("标题和内容已经清空" twice): the pipeline drops the page as a placeholder
        body_lines = [placeholder]
        paragraphs = [placeholder.text]
    else:
        if not body_lines and "body" not in only_selected:
            body_lines = page.body_lines
        paragraphs = clean_body(body_lines, title)
    if "editor" not in only_selected and not loader.get_collected_values("editor"):
        loader.add_value("editor", _trailing_editor(body_lines, page))
    given = loader.get_collected_values("author")
    credits: list[Credit] = []
    if given or "author" in only_selected:
        # the site's selector names the authors: their roles are what its text says
        credits = next((c for c in map(split_credits, given) if author_names(c)), [])
    else:
        named = page.authors(title)
        in_text = _body_credits(body_lines)
        credits = [*page.byline_credits(title), *(c for _, group in in_text for c in group)]
        body_people, body_orgs = page.classify_names(
            ["、".join(names) for names in _body_authors(in_text, main=True)]
        )
        body_fallback, _ = page.classify_names(
            ["、".join(names) for names in _body_authors(in_text, main=False)]
        )
        people = _widest_first([*named.people, *body_people, *named.meta_people])
        fallback = [*named.fallback, *body_fallback]
        # writers and reporters first wherever they stand; 通讯员 and the posting account
        # only when none is named, though before a CMS's <meta name="author">
        if not named.people and not body_people:
            people = [*fallback, *people]
        else:
            people += fallback
        loader.add_value(
            "author",
            [
                *people,
                *named.orgs,
                *body_orgs,
                *named.meta_orgs,
            ],
        )
    loader.add_value("body", paragraphs)

    article: Article = loader.load_item()
    article.credits = _record_credits(credits, article, page)
    section, bare = split_bracket_label(article.title)
    if section:
        article.title = bare
        article.section = article.section or section
    article.url = url
    article.canonical_url = canonical_url(_canonical_link(sel, url) or url)
    article.site = site.slug if site else None
    if article.title and article.body:
        article.content_hash = content_hash(article.title, article.body)
    defects = []
    if text is not None and is_truncated(text):
        defects.append("truncated")
    if not _has_text(sel):
        defects.append("empty")
    article.defects = defects
    return article


def _trailing_editor(body_lines: list[Line], page: GenericPage) -> list[str]:
    """ "（责任编辑：王芳）" or "编辑：沈佳怡 审核：许海洋" closing the article, or a short element
    named for the editor after it (NetEase's "责任编辑：王晓宇_NN1206")."""
    for line in body_lines[-3:]:
        m = P.trailing_editor(line.text)
        if m:
            return [m["name"] or m["en"]]
    return page.marked_editors


def _widest_first(people: list[str]) -> list[str]:
    """ "作者：蒋文博" above "（记者 蒋文博 通讯员 林珊珊）": a later list naming everyone the
    first names, and more, is the fuller credit."""
    if not people:
        return people
    first = set(people[0].split("、"))
    for names in people[1:]:
        if first < set(names.split("、")):
            return [names, *people]
    return people


def _body_credits(body_lines: list[Line]) -> list[tuple[int, list[Credit]]]:
    """Credits the article text gives, in page order, each group with its line: a dateline
    "新华社北京3月5日电（记者 张三）" opening it, a short "作者：张三" or "[作者简介] 张三，…"
    line anywhere in it, and credit lines closing it:
    "（记者 刘涛）", "交汇点记者 徐睿翔", "（常书香 马丹阳）", "编辑：沈佳怡 审核：许海洋"."""
    out: list[tuple[int, list[Credit]]] = []
    for at, line in enumerate(body_lines[:2]):
        m = P.cn_dateline(line.text)
        if m:
            out.append((at, split_credits(m["who"])))
            break
    read = {at for at, _ in out}
    for at, line in enumerate(body_lines):
        if len(line.text) > 120:
            continue
        m = P.BODY_AUTHOR_LABEL.match(line.text)
        if m:
            out.append((at, read_credits(m["names"], "writer")))
            break
        bio = P.AUTHOR_BIO.match(line.text) if "作者简介" in line.text[:8] else None
        if bio:
            # the note may start on the next line: "[作者简介]" / "张三，男，1970年生…"
            rest = bio["rest"] or (body_lines[at + 1].text if at + 1 < len(body_lines) else "")
            out.append((at, read_credits(rest, "writer")[:1]))
            break
    for at in range(max(0, len(body_lines) - 3), len(body_lines)):
        text = body_lines[at].text
        if len(text) > 60 or at in read:
            continue
        credits = credit_line(text)
        role = P.author_role_in_line(text) if len(text) <= 40 else None
        label = P.CLOSING_CREDIT.search(text)
        staff = P.TRAILING_EDITOR.search(text)
        if not credits and role:
            word = P.GLUED_CREDIT_ROLE.search(role.group())
            given = P.CREDIT_ROLES[word.group()] if word else "reporter"
            credits = read_credits(text[role.end() :], given)
        if not credits and label:
            # "（县农业农村局 供稿：王建军）", "来源：县农业农村局 作者：王建军"
            said = label.group().strip("（(【[ :：/｜|")
            credits = read_credits(text[label.end() :], P.CREDIT_ROLES.get(said, "writer"))
        if not credits and staff and staff["name"]:
            credits = [(n, "editor") for n in re.split(r"[、，,]", staff["name"]) if n]
        if credits:
            out.append((at, credits))
    out.sort(key=lambda group: group[0])
    return out


def _body_authors(found: list[tuple[int, list[Credit]]], *, main: bool) -> list[list[str]]:
    """The authors among the text's credits, a list per group: the writers and reporters
    (`main`), or the others a group credits when it names neither."""
    out = []
    for _, credits in found:
        names = [n for n, role in credits if role in P.AUTHOR_CREDIT_ROLES]
        if not main:
            names = [] if names else author_names(credits)
        if names:
            out.append(list(dict.fromkeys(names)))
    return out


def _record_credits(credits: list[Credit], article: Article, page: GenericPage) -> list[Credit]:
    """The record's `credits`: the people the page credits, in page order, each role once;
    authors and editors the page names only in its metadata follow at the end."""
    site_names = page.site_names
    out: list[Credit] = []
    for name, role in credits:
        if (name, role) not in out and name_kind(name, site_names) == PERSON:
            out.append((name, role))
    named = {name for name, _ in out}
    for name in (article.author or "").split("、"):
        if name and name not in named and name_kind(name, site_names) == PERSON:
            out.append((name, "writer"))
    for name in (article.editor or "").split("、"):
        if name and (name, "editor") not in out and name_kind(name, site_names) == PERSON:
            out.append((name, "editor"))
    return out


def _has_text(sel: Selector) -> bool:
    body = sel.root.find("body") if hasattr(sel.root, "find") else None
    if body is None:
        return False
    return any(t.strip() for t in body.itertext())


def _canonical_link(sel: Selector, url: str) -> str | None:
    """<link rel="canonical">, when it points into the same host (a CMS sometimes points home)."""
    from urllib.parse import urljoin, urlsplit

    href = first_attribute(sel, "link", "href", {"rel": "canonical"})
    if not href:
        return None
    absolute = urljoin(url, href.strip())
    page, canon = urlsplit(url), urlsplit(absolute)
    if canon.netloc != page.netloc or canon.path in ("", "/"):
        return None
    return absolute


def extract_article(
    html: str | bytes,
    url: str,
    site: Site | str | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The record's fields for one page, as a dict (`defects` says what is wrong with it).

    `html` may be text or the raw bytes as served (decoded like Scrapy does, with `headers`).
    `site` is a profile or a registered slug; without one, the generic extractor does it all.
    Never raises on bad input: an empty, binary or truncated page gives empty fields and
    a reason in `defects`.
    """
    if isinstance(site, str):
        from newsarchive.sites import get_site

        site = get_site(site)
    article = read_article(html, url, site, headers=headers, now=now)
    return {**article.record(), "defects": article.defects}


def read_article(
    html: str | bytes,
    url: str,
    site: Site | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> Article:
    """`parse_article` for page text or bytes, never raising (see `extract_article`)."""
    if isinstance(html, bytes):
        if page_problem(html) == "binary":
            return Article(url=url, canonical_url=canonical_url(url), defects=["binary"])
        text = decode(html, headers)
    else:
        text = html
    if looks_binary(text[:4096].encode("utf-8", "replace")):
        return Article(url=url, canonical_url=canonical_url(url), defects=["binary"])
    defects = ["truncated"] if is_truncated(text) else []
    if len(text) > MAX_PAGE_CHARS:
        defects.append("oversized")
        text = text[:MAX_PAGE_CHARS]
    try:
        article = parse_article(make_selector(text), url, site, now=now)
    except Exception as exc:  # a page must never take the caller down; say why instead
        article = Article(url=url, canonical_url=canonical_url(url))
        article.defects = [f"unparseable: {type(exc).__name__}: {exc}"]
    article.defects = [*defects, *article.defects]
    return article


def read_listing(
    html: str | bytes,
    url: str,
    site: Site | str | None = None,
    *,
    headers: Mapping[str, str] | None = None,
) -> ListingPage:
    """`parse_listing` for page text or bytes (the fixture tests and the CLI use it)."""
    if isinstance(site, str):
        from newsarchive.sites import get_site

        site = get_site(site)
    return parse_listing(make_selector(html, headers), url, site)
