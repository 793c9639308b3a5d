"""The extractor's fast paths give what the plain definitions give.

Each speed-up of the generic path (issue 17) keeps a simpler definition beside it here: the
whitespace fast path against the two regexes, the pruned search for the dominant link group
against a plain `max` over every group, the early stop of the listing check against reading
the whole page, lxml's own elements against parsel's `lxml.html` ones.
"""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from parsel import Selector

from benchmarks.sitegen import generate
from newsarchive.extract import patterns as P
from newsarchive.extract.article import parse_article
from newsarchive.extract.body import (
    _names_match,
    class_tokens,
    is_byline,
    name_words,
    named_elements,
)
from newsarchive.extract.encoding import _common_hanzi, _plausibility
from newsarchive.extract.generic import (
    _CRUMB_TAGS,
    _SOURCE_TAGS,
    GenericPage,
    _author_named,
    _editor_named,
)
from newsarchive.extract.html import (
    CHROME_TAGS,
    SKIP_TAGS,
    decode,
    drop_element,
    first_attribute,
    iter_lines,
    lines,
    make_selector,
)
from newsarchive.extract.listing import (
    MIN_LISTING_ROWS,
    MIN_ROW_TITLE,
    _href,
    _in_chrome,
    _labelled_rows,
    _link_title,
    _row_date,
    _signature,
    dominant_links,
    is_listing_page,
    rows_from_rules,
    run_selector,
)
from newsarchive.extract.processors import nfkc, normalize_ws
from newsarchive.extract.title import TITLE_CLASS, _title_elements
from newsarchive.items import Article, ListingRow
from newsarchive.sites import get_site
from newsarchive.sites.base import ArticleRules, Css, SelectorSpec, Site, XPath, selectors


def _normalize_ws_by_regex(text: str) -> str:
    return P.ANY_WS_RUN.sub(" ", P.ZERO_WIDTH_RUN.sub("", text)).strip() if text else ""


def test_normalize_ws_is_the_two_regexes_for_every_kind_of_character() -> None:
    # every space, format and control character, alone and inside text, and a sample of the rest
    special = [
        chr(cp)
        for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp))[0] in "ZC" or chr(cp).isspace()
    ]
    rng = random.Random(17)
    sample = special + [chr(rng.randrange(sys.maxunicode + 1)) for _ in range(20_000)]
    for c in sample:
        for text in (c, f"a{c}b", f"{c}中 文{c}", f"{c}{c}x"):
            assert normalize_ws(text) == _normalize_ws_by_regex(text), repr(text)
    pool = [" ", "\n", "\u3000", "\u00a0", "\u200b", "\ufeff", "\u00ad", "a", "中", "\x1c", "  "]
    for _ in range(20_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 8)))
        assert normalize_ws(text) == _normalize_ws_by_regex(text), repr(text)


def test_nfkc_is_unicodedatas_for_every_character_and_its_neighbours() -> None:
    def plain(text: str) -> str:
        return unicodedata.normalize("NFKC", text)

    rng = random.Random(23)
    every = [chr(cp) for cp in range(0x10000) if not 0xD800 <= cp < 0xE000]
    for c in every:
        assert nfkc(c) == plain(c), hex(ord(c))
    # what composes or reorders across characters: combining marks, Hangul jamo, half-width
    # voiced marks and Hangul, the ideographic tone marks
    tricky = [*"\u0301\u0308\u0338\u1100\u1161\u11a8\uac00\uff9e\uff9f\uffa1\uffc2\u302a", "ｶ"]
    common = [*"aZ 1，。：（）“”、\u3000中文ＡＢ１２é", "\u00a8", "\u2017"]
    for _ in range(100_000):
        pool = rng.choice((every, tricky, common))
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 6)))
        text += "".join(rng.choice(tricky + common) for _ in range(rng.randint(0, 2)))
        assert nfkc(text) == plain(text), ascii(text)


def _dominant_links_by_max(sel: Selector, base: str) -> list[etree._Element]:
    """dominant_links as first written: every group scored, the first best one kept."""
    groups: dict[str, list[etree._Element]] = defaultdict(list)
    body = sel.root.find("body")
    if body is None:
        return []
    for a in body.iter("a"):
        if not _href(base, a.get("href")):
            continue
        title = _link_title(a)
        if len(title) < MIN_ROW_TITLE or P.NEXT_PAGE_TEXT.match(title):
            continue
        if P.PAGE_LINK_TEXT.match(title) or P.ROW_LABEL_BRACKETED.match(title):
            continue
        groups[_signature(a)].append(a)
    if not groups:
        return []

    def score(links: list[etree._Element]) -> float:
        total = sum(len(_link_title(a)) for a in links)
        dated = sum(1 for a in links if _row_date(a, _link_title(a)))
        chrome = sum(1 for a in links[:5] if _in_chrome(a))
        value = total * (1 + dated / len(links))
        return value * (0.2 if chrome >= min(3, len(links)) else 1.0) * (len(links) >= 2)

    best = max(groups.values(), key=score)
    return best if score(best) > 0 else []


def _is_listing_by_whole_page(sel: Selector, url: str) -> bool | None:
    """The listing check's prose count over the whole page (None: decided before it)."""
    links = _dominant_links_by_max(sel, url)
    if len(links) < MIN_LISTING_ROWS:
        return None
    rows: set[etree._Element] = set()
    for a in links:
        row = a
        for anc in a.iterancestors():
            if sum(1 for other in links if anc in other.iterancestors()) > 1:
                break
            row = anc
        rows.add(row)
    prose = sum(
        len(line.text)
        for line in lines(sel.root.find("body"), skip=lambda n: n in rows)
        if line.link_density < 0.3
        and (len(line.text) >= 60 or len(P.SENTENCE_PUNCT.findall(line.text)) >= 2)
    )
    return prose < max(sum(len(_link_title(a)) for a in links), 200)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, Selector]]:
    root = tmp_path_factory.mktemp("site")
    generate(root, 300, seed=5)
    every = sorted(root.rglob("*.htm*"))
    pages = [p for p in every if p.name.startswith("index")] + every[::3]
    return [
        (
            "http://127.0.0.1:8000/" + p.relative_to(root).as_posix(),
            make_selector(decode(p.read_bytes())),
        )
        for p in pages
    ]


def test_the_dominant_group_is_the_one_a_plain_max_finds(
    generated: list[tuple[str, Selector]],
) -> None:
    assert any("/index" in p for p, _ in generated)
    for url, sel in generated:
        assert dominant_links(sel, url) == _dominant_links_by_max(sel, url), url


def test_the_listing_check_stops_early_with_the_same_answer(
    generated: list[tuple[str, Selector]],
) -> None:
    listings = 0
    for url, sel in generated:
        whole = _is_listing_by_whole_page(sel, url)
        if whole is not None:
            assert is_listing_page(sel, url) == whole, url
            listings += whole
    assert listings  # the index pages


def test_the_byline_patterns_match_only_lines_holding_their_literal_words(
    generated: list[tuple[str, Selector]],
) -> None:
    # byline_fields and is_byline try POSTED_BY / POSTED_AT only on a line with 发表 in it and
    # BYLINE_LABEL only on one with a colon: every match of theirs must hold those
    pages = [sel for _, sel in generated]
    fixtures = Path(__file__).parent / "fixtures" / "sites"
    pages += [make_selector(decode(p.read_bytes())) for p in sorted(fixtures.rglob("body.html"))]
    texts = [line.text for sel in pages for line in lines(sel.root, gaps=True)]
    texts += [
        "Admin - admin 于2024年02月18日发表",
        "张三 发表于 2023-05-06 10:00",
        "来源：示例日报 作者：李四 责任编辑：王五",
        "本报 来源: 新华社",
        "Author: Ann Lee",
    ]
    checks = ((P.POSTED_BY, ("发表",)), (P.POSTED_AT, ("发表",)), (P.BYLINE_LABEL, ("：", ":")))
    matched = 0
    for text in texts:
        for pattern, words in checks:
            for variant in (text, text.replace("：", ":"), text.replace(":", "：")):
                if pattern.search(variant):
                    matched += 1
                    assert any(w in variant for w in words), (pattern.pattern, variant)
    assert matched > 100


def test_is_byline_is_the_three_patterns(generated: list[tuple[str, Selector]]) -> None:
    def plain(text: str) -> bool:
        return len(text) <= 120 and (
            P.POSTED_BY.search(text) is not None
            or len(P.BYLINE_LABEL.findall(text)) >= 2
            or (P.BYLINE_LABEL.match(text) is not None and len(text) <= 40)
        )

    texts = [line.text for _, sel in generated for line in lines(sel.root)]
    assert sum(map(plain, texts)) > 10
    for text in texts:
        assert is_byline(text) == plain(text), text


def test_class_name_answers_kept_per_string_are_the_per_element_ones(
    generated: list[tuple[str, Selector]],
) -> None:
    import re

    from newsarchive.extract.body import class_tokens, hint, is_boilerplate_element
    from newsarchive.extract.byline import AUTHOR_CLASS, AUTHOR_HINT
    from newsarchive.extract.generic import (
        _author_named,
        _crumb_named,
        _editor_named,
        _source_named,
    )

    def tokens(node: etree._Element) -> list[str]:
        names = f"{node.get('class', '')} {node.get('id', '')}".lower()
        return [t for t in re.split(r"[\s_\-:]+", names) if t]

    def plain_hint(node: etree._Element) -> float:
        if not f"{node.get('class', '')} {node.get('id', '')}".strip():
            return 1.0
        if any(P.NEGATIVE_CLASS.fullmatch(t) for t in tokens(node)):
            return 0.2
        return 1.5 if any(P.POSITIVE_CLASS.fullmatch(t) for t in tokens(node)) else 1.0

    crafted = make_selector(
        '<html><body><div class="Article-Body main_content">a</div><div id="share:bar">b</div>'
        '<p class="comment-list sidebar">c</p><span class="">d</span><span class="Author-Name">'
        'e</span><div id="post_author zbianji">f</div><i class="editors coauthor">g</i>'
        '<span class="ly">h</span><span class="Source_from ly">i</span><div id="BreadCrumb">'
        "j</div><div class='curPos nav-path'>k</div></body></html>"
    )
    fixtures = Path(__file__).parent / "fixtures" / "sites"
    sels = [sel for _, sel in generated] + [crafted]
    sels += [make_selector(decode(p.read_bytes())) for p in sorted(fixtures.rglob("body.html"))]
    named = marked = 0
    for sel in sels:
        for node in sel.root.iter():
            if not isinstance(node.tag, str):
                continue
            named += bool(tokens(node))
            assert class_tokens(node) == tokens(node)
            assert hint(node) == plain_hint(node)
            boilerplate = node.tag in ("figcaption", "nav", "aside", "footer", "form", "h1") or (
                bool(node.get("class") or node.get("id"))
                and any(P.BOILERPLATE_CLASS.fullmatch(t) for t in tokens(node))
            )
            assert is_boilerplate_element(node) == boilerplate
            names = f"{node.get('class', '')} {node.get('id', '')}"
            author = AUTHOR_HINT.search(names) is not None and any(
                AUTHOR_CLASS.fullmatch(t) for t in tokens(node)
            )
            assert _author_named(names) == author
            editor = any(w in names.lower() for w in ("editor", "author", "bianji")) and any(
                t in ("editor", "editors", "zbianji", "bianji") or AUTHOR_CLASS.fullmatch(t)
                for t in tokens(node)
            )
            assert _editor_named(names) == editor
            low = names.lower()
            source = any(w in low for w in ("source", "laiyuan", "from")) and any(
                t in ("source", "laiyuan", "from", "ly") for t in tokens(node)
            )
            assert _source_named(names) == source
            crumb = any(P.CRUMB_CLASS.fullmatch(t) for t in tokens(node))
            assert _crumb_named(names) == crumb
            marked += author + editor + source + crumb
    assert named > 100
    assert marked


def test_first_attribute_is_the_xpath(generated: list[tuple[str, Selector]]) -> None:
    crafted = """<html><head><link href="/a.css" rel="stylesheet"><link rel="canonical">
    <link rel="canonical" href=" /x/1.html "><link rel="canonical" href="/x/2.html">
    <base target="_blank"><base href=""></head><body><base href="/late/"></body></html>"""
    sels = [sel for _, sel in generated] + [make_selector(crafted), Selector(text=crafted)]
    for sel in sels:
        for tag, name, where, query in (
            ("link", "href", {"rel": "canonical"}, '//link[@rel="canonical"]/@href'),
            ("base", "href", {}, "//base/@href"),
            ("meta", "content", {"name": "PubDate"}, '//meta[@name="PubDate"]/@content'),
        ):
            assert first_attribute(sel, tag, name, where) == sel.xpath(query).get(), query
    # a selector made from an element still searches the whole document, as XPath's // does
    inner = make_selector(crafted).css("body")[0]
    assert first_attribute(inner, "link", "href", {"rel": "canonical"}) == " /x/1.html "


def test_lines_read_lazily_are_the_first_of_all_lines(
    generated: list[tuple[str, Selector]],
) -> None:
    for _, sel in generated[:40]:
        body = sel.root.find("body")
        everything = lines(body, gaps=True)
        walk = iter_lines(body, gaps=True)
        assert [next(walk) for _ in range(min(5, len(everything)))] == everything[:5]


def test_pages_are_plain_lxml_trees() -> None:
    sel = make_selector("<p>a<b>b</b>c</p>")
    assert type(sel.root) is etree._Element
    assert sel.css("b::text").get() == "b"
    assert make_selector("").root.tag == "html"
    assert make_selector("\x00\x01").root is not None


def test_drop_element_keeps_the_text_after_it() -> None:
    sel = make_selector("<div><p>one<span>ad</span>two</p><em>x</em>three</div>")
    for found in (sel.css("span"), sel.css("em")):
        drop_element(found[0].root)
    assert [line.text for line in lines(sel.root.find("body"))] == ["onetwo", "three"]


def test_a_body_exclude_selector_still_cuts_its_elements() -> None:
    site = replace(
        get_site("demo"),
        article=ArticleRules(title=Css("h1"), body=Css("div.content"), body_exclude=("div.share",)),
    )
    html = (
        '<html><body><h1>区体育局举办全民健身活动</h1><div class="content"><p>第一段。</p>'
        '<div class="share">分享到：微信</div>尾声。<p>第二段。</p></div></body></html>'
    )
    article = parse_article(make_selector(html), "http://127.0.0.1/a.html", site)
    assert article.body == "第一段。\n\n尾声。\n\n第二段。"


def _plausibility_by_loop(text: str) -> float:
    hanzi = [c for c in text[:4000] if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"]
    if not hanzi:
        return 1.0
    common = _common_hanzi()
    return sum(c in common for c in hanzi) / len(hanzi)


def test_the_charset_plausibility_counts_as_the_loop_did(
    generated: list[tuple[str, Selector]],
) -> None:
    for cp in (*range(0x3300, 0x4E00), *range(0x4E00, 0xA100, 7)):
        assert _plausibility(chr(cp)) == _plausibility_by_loop(chr(cp)), hex(cp)
    rng = random.Random(5)
    for _ in range(2000):
        text = "".join(chr(rng.randrange(0x3000, 0xA000)) for _ in range(rng.randint(0, 40)))
        assert _plausibility(text) == _plausibility_by_loop(text)
    # long runs of common characters broken by rare ones and by punctuation
    common = sorted(c for c in _common_hanzi() if "\u4e00" <= c <= "\u9fff")
    for _ in range(60):
        text = "".join(
            rng.choice(common) if rng.random() < 0.9 else chr(rng.randrange(0x3000, 0xA000))
            for _ in range(rng.randint(0, 4500))
        )
        assert _plausibility(text) == _plausibility_by_loop(text)
    for _, sel in generated[:30]:
        page = etree.tostring(sel.root, encoding="unicode")
        for mangled in (page, page.encode("utf-8").decode("big5", "replace")):
            assert _plausibility(mangled) == _plausibility_by_loop(mangled)


REFINE_PAGES = [
    # (body, what the page refines a selector's "2024-04-28" to, and "2024-04-28 15:39" to)
    ("<h1>T</h1><p>发布时间：2024-04-28 15:39:27</p>", "15:39:27", "15:39:27"),
    # seconds split over elements, around a script the lines skip, or by zero-width characters
    ("<h1>T</h1><p>发布时间：2024-04-28 15:39<span>:27</span></p>", "15:39:27", "15:39:27"),
    ("<h1>T</h1><p>发布时间：2024-04-28 15:39<script>x=1</script>:27</p>", "15:39:27", "15:39:27"),
    ("<h1>T</h1><p>发布时间：2024-04-28 15:\u200b39:2\u200b7</p>", "15:39:27", "15:39:27"),
    ("<h1>T</h1><p>2024年04月28日 15时39分27秒</p>", "15:39:27", "15:39:27"),
    (
        "<h1>T</h1><table><tr><td>发布日期</td><td>2024-04-28 15:39:27</td></tr></table>"
        "<p>正文。</p>",
        "15:39:27",
        "15:39:27",
    ),
    # seconds of 0 are no seconds: a minute refines a day, nothing refines a minute
    ("<h1>T</h1><p>发布时间：2024-04-28 15:39:00</p>", "15:39:00", "15:39:00"),
    ("<h1>T</h1><p>发布时间：2024-04-28 15:39:０</p>", "15:39:00", "15:39:00"),
    # a relative date is read with the crawl's seconds
    ("<h1>T</h1><p>发布时间：3分钟前</p>", "15:39:27", "15:39:27"),
    ("<h1>T</h1><p>发布时间：2024-04-28</p>", "", "15:39:00"),
    ("<h1>T</h1><p>没有日期。</p>", "", "15:39:00"),
]


@pytest.mark.parametrize(("body", "from_day", "from_minute"), REFINE_PAGES)
def test_a_selectors_date_is_refined_as_by_every_candidate(
    body: str, from_day: str, from_minute: str
) -> None:
    from datetime import datetime, timedelta, timezone

    from newsarchive.extract.generic import GenericPage
    from newsarchive.extract.loaders import _date_out

    now = datetime(2024, 4, 28, 15, 42, 27, tzinfo=timezone(timedelta(hours=8)))
    context = {"timezone": "Asia/Shanghai", "now": now}
    html = f"<html><head><title>T</title></head><body>{body}</body></html>"
    for given, precision, refined in (
        ("2024-04-28", 1, from_day),
        ("2024-04-28 15:39", 2, from_minute),
    ):
        page = GenericPage(make_selector(html), "http://a.cn/1.html")
        every = _date_out([given, *page.dates("T")], context) or ""
        fast = _date_out([given, *page.refining_dates("T", precision)], context)
        assert fast == every, (body, given)
        assert every[11:19] == refined, (body, given)


def test_the_zero_digits_are_unicodes() -> None:
    zeros = {
        chr(c)
        for c in range(sys.maxunicode + 1)
        if not 0xD800 <= c < 0xE000 and unicodedata.decimal(chr(c), None) == 0
    }
    assert set(re.findall(f"[{P.ZERO_DIGITS}]", "".join(sorted(zeros)))) == zeros
    assert not re.search(f"[{P.ZERO_DIGITS}]", "123456789１２３٣")


def test_refining_a_selectors_date_reads_the_same_answers_on_generated_pages(
    generated: list[tuple[str, Selector]],
) -> None:
    from newsarchive.extract.generic import GenericPage
    from newsarchive.extract.loaders import _date_out

    context = {"timezone": "Asia/Shanghai"}
    skipped = 0
    for url, sel in generated:
        every_page = GenericPage(sel, url)
        days = {d[:10] for d in every_page.dates(None) if d[:4].isdigit()}
        for day in days:
            for given, precision in ((day, 1), (f"{day} 15:39", 2)):
                page = GenericPage(sel, url)
                title = page.titles[0] if page.titles else None
                every = _date_out([given, *page.dates(title)], context)
                fast = _date_out([given, *page.refining_dates(title, precision)], context)
                assert fast == every, (url, given)
                skipped += P.SHOWS_TIME.search(page.shown_text) is None
    assert skipped  # the fast path was taken


def test_credit_lines_kept_per_text_are_the_ones_read_afresh(
    generated: list[tuple[str, Selector]],
) -> None:
    from newsarchive.extract import byline as BY
    from newsarchive.extract.generic import GenericPage

    texts = ["河南商报记者马俊峰/文", "（常书香 马丹阳）", "（待续）", "编辑：沈佳怡 审核：许海洋"]
    for _, sel in generated[:40]:
        texts += [line.text for line in GenericPage(sel).doc_prefix(40)]
    for text in texts * 2:  # the second time from the cache
        fresh = BY._credit_line.__wrapped__(text) if len(text) <= 60 else ()
        got = BY.credit_line(text)
        assert got == (list(fresh) if BY.P.HAS_CJK.search(text) else []), text
        got.append(("x", "writer"))  # a caller's list is its own
        assert ("x", "writer") not in BY.credit_line(text)


def _chrome_by_two_walks(body: etree._Element) -> set[etree._Element]:
    from newsarchive.extract.body import _names_match
    from newsarchive.extract.html import CHROME_TAGS

    inside: set[etree._Element] = set()
    for tag in CHROME_TAGS:
        for chrome in body.iter(tag):
            inside.update(chrome.iter())
    for node in body.iter():
        names = f"{node.get('class', '')} {node.get('id', '')}"
        if (node.get("class") or node.get("id")) and _names_match(P.STRONG_NEGATIVE_CLASS, names):
            inside.update(node.iter())
    return inside


MARKED_PAGE = (
    "<body><nav><p>a</p></nav><div class='sidebar'><p>b</p><div hidden><p>c</p></div></div>"
    "<div style='display: none' class='content'><p>d</p><span style='DISPLAY:none'>e</span>"
    "</div><div id='comments' style='visibility:hidden'><p>f</p></div><!-- x -->"
    "<footer class=''><i hidden id=''>g</i></footer><div class=' ' style='color:red'>h</div></body>"
)


def test_the_scorers_one_walk_marks_what_the_two_walks_did(
    generated: list[tuple[str, Selector]],
) -> None:
    from newsarchive.extract.body import _hidden_ancestors, _marked_blocks

    bodies = [make_selector(MARKED_PAGE).root.find("body")]
    bodies += [sel.root.find("body") for _, sel in generated]
    marked = 0
    for body in bodies:
        for skip_hidden in (True, False):
            chrome, hidden = _marked_blocks(body, skip_hidden)
            assert chrome == _chrome_by_two_walks(body)
            assert hidden == (_hidden_ancestors(body, keep_named=True) if skip_hidden else set())
            marked += bool(chrome) + bool(hidden)
    # the crafted page has both kinds, a named hidden block kept ("content") and nested ones
    chrome, hidden = _marked_blocks(bodies[0], True)
    texts = {n.text for n in hidden if isinstance(n.tag, str)}
    assert {"c", "e", "f", "g"} <= texts and "d" not in texts
    assert marked


def test_a_site_name_opening_a_title_is_cut_as_its_own_pattern_did() -> None:
    from newsarchive.extract.title import SITE_FIRST_REST

    rng = random.Random(7)
    alphabet = "示例网-—_|｜ :：»>新闻标题ab\n."
    for _ in range(20000):
        name = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4)))
        title = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        own = re.match(re.escape(name) + r"\s*(?:--|——|[_|｜\-–—:：»>])\s*(.+)$", title)
        cut = SITE_FIRST_REST.match(title, len(name)) if title.startswith(name) else None
        assert (own and own[1]) == (cut and cut[1]), (name, title)


def test_no_normalised_line_longer_than_cell_max_is_a_cell_label() -> None:
    rng = random.Random(11)
    pieces = [
        *"发布公开成文印发实施废止生效日期时间作者记者撰稿文通讯员摄影责任编辑",
        " ",
        ":",
        "：",
        "\u3000",
        "\t",
    ]
    found = 0
    for _ in range(200000):
        line = normalize_ws("".join(rng.choice(pieces) for _ in range(rng.randint(1, 9))))
        for pattern in (P.LABEL_CELL, P.CREDIT_CELL):
            if pattern.fullmatch(line):
                found += 1
                assert len(line) <= P.CELL_MAX, line
    for label in ("发布日期", "公开时间", "成文日期", "责任编辑", "通讯员"):
        assert P.LABEL_CELL.fullmatch(f"{label} ：") or P.CREDIT_CELL.fullmatch(f"{label} ：")
    assert found > 100


def test_a_leafs_visible_text_is_what_the_walk_gives(
    generated: list[tuple[str, Selector]],
) -> None:
    from newsarchive.extract.body import _visible_text
    from newsarchive.extract.html import SKIP_TAGS

    def walked(node: etree._Element) -> list[str]:
        out = []
        for child in node.iter():
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in SKIP_TAGS or not tag:
                if child is not node and child.tail:
                    out.append(child.tail)
                continue
            if child.text:
                out.append(child.text)
            if child is not node and child.tail:
                out.append(child.tail)
        return out

    crafted = make_selector(
        "<p>a<script>s</script>b<!--c-->d<a>e</a></p><a></a><script>x</script><p> </p>"
    )
    leaves = 0
    for sel in [crafted] + [sel for _, sel in generated]:
        for node in sel.root.iter():
            assert _visible_text(node) == walked(node)
            leaves += not len(node)
    assert leaves


NAMED_PAGE = (
    "<body class='b'><div class=''><span id=''>来源：甲</span></div><nav>n</nav>"
    "<div class='source'>来源：宁川日报</div><p itemprop='author'>张三</p><a rel='author'>李四</a>"
    "<a href='/x'>x</a><i hidden>h</i><em style='display:none'>s</em><!-- c -->"
    "<div id='editor'>责任编辑：王五</div><div class='crumb'>首页 > 新闻 > 区县动态</div>"
    "<footer class=' '><b>f</b></footer><input class='author' value='v'>"
    "<div class='art-title'>标题</div><h3>小标题</h3></body>"
)


def _names_by_walk(body: etree._Element) -> list[tuple[etree._Element, str]]:
    """The plain definition: every element with a class or an id, one of the other role
    attributes, or a chrome tag, with the class-and-id string the passes built themselves."""
    out = []
    for node in body.iter():
        if not isinstance(node.tag, str):
            continue
        cls, nid = node.get("class"), node.get("id")
        others = [node.get(k) for k in ("style", "hidden", "itemprop", "rel")]
        if cls or nid:
            out.append((node, f"{cls or ''} {nid or ''}"))
        elif node.tag in CHROME_TAGS or any(v is not None for v in others):
            out.append((node, ""))
    return out


def _marked_by_walks(
    body: etree._Element,
) -> tuple[list[etree._Element], list[etree._Element], list[etree._Element]]:
    """The elements marked_authors, marked_editors and marked_sources read, as each found
    them by walking the page itself (what each then reads of them is unchanged)."""
    authors, editors = [], []
    for node in body.iter():
        if not isinstance(node.tag, str) or node.tag in SKIP_TAGS:
            continue
        names = f"{node.get('class', '')} {node.get('id', '')}"
        if node.tag != "input" and (
            "author" in (node.get("itemprop") or "").lower()
            or "author" in (node.get("rel") or "").lower()
            or _author_named(names)
        ):
            authors.append(node)
        if _editor_named(names):
            editors.append(node)
    sources = [
        node
        for node in body.iter("span", "div", "em", "a", "p", "i", "label")
        if any(t in ("source", "laiyuan", "from", "ly") for t in class_tokens(node))
    ]
    return authors, editors, sources


def test_the_named_elements_are_the_ones_each_pass_walked_for(
    generated: list[tuple[str, Selector]],
) -> None:
    pages = [("http://127.0.0.1:8000/a.html", make_selector(NAMED_PAGE)), *generated]
    found = [0, 0, 0, 0, 0]
    for url, sel in pages:
        page = GenericPage(sel, url)
        assert page.body is not None
        named = page.named
        assert named == named_elements(page.body) == _names_by_walk(page.body)
        authors, editors, sources = _marked_by_walks(page.body)
        # what each pass now asks of the named elements picks the same elements
        assert authors == [
            n
            for n, names in named
            if n.tag not in SKIP_TAGS
            and n.tag != "input"
            and (
                "author" in (n.get("itemprop") or "").lower()
                or "author" in (n.get("rel") or "").lower()
                or _author_named(names)
            )
        ]
        assert editors == [
            n for n, names in named if names and n.tag not in SKIP_TAGS and _editor_named(names)
        ]
        assert sources == [
            n
            for n, names in named
            if n.tag in _SOURCE_TAGS
            and any(t in ("source", "laiyuan", "from", "ly") for t in name_words(names))
        ]
        crumbs = [
            n for n, names in named if n.tag in _CRUMB_TAGS and _names_match(P.CRUMB_CLASS, names)
        ]
        assert crumbs == [
            n
            for n in page.body.iter(*_CRUMB_TAGS)
            if any(P.CRUMB_CLASS.fullmatch(t) for t in class_tokens(n))
        ]
        titled = list(_title_elements(page))
        assert titled == [
            n
            for n in page.body.iter("h2", "h3", "div", "td", "p", "span", "strong", "font")
            if n.tag in ("h2", "h3") or any(TITLE_CLASS.fullmatch(t) for t in class_tokens(n))
        ]
        for i, kind in enumerate((authors, editors, sources, crumbs, titled)):
            found[i] += bool(kind)
    # every kind is met, on the crafted page at least
    assert all(found), found


def test_the_regex_prefilters_skip_only_texts_the_regex_would_not_match() -> None:
    """trailing_editor, the site-suffix separators, the byline's digit gate and is_truncated's
    look at the last KiB answer as the plain regex searches do."""
    from newsarchive.extract import byline as BY
    from newsarchive.extract import processors as PR
    from newsarchive.extract.html import CLOSING_TAG, is_truncated

    rng = random.Random(29)
    pool = [
        *"编辑责任审核记者：:（( _|｜-–—·文王芳张E",
        "Editor",
        "Editor: Ann Lee",
        "责任编辑：王芳",
        "（责编：罗昱、高红霞）",
        "2024",
        "年",
        "月",
        "3",
        "12",
        "日",
        " 10:20",
        "Jan ",
        "31 ",
        "昨天",
        "刚刚",
        "3小时前",
        "新闻网",
        "--",
        "——",
        "ab",
        "２０２４",
    ]
    seen = {"editor": 0, "suffix": 0, "date": 0}
    for _ in range(30_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 10)))
        plain = P.TRAILING_EDITOR.search(text)
        got = P.trailing_editor(text)
        assert (got and (got.span(), got.groups())) == (plain and (plain.span(), plain.groups()))
        seen["editor"] += plain is not None
        if PR._SUFFIX_SEPARATOR.search(text) is None:
            assert P.TITLE_SUFFIX.search(text) is None, text
        else:
            seen["suffix"] += P.TITLE_SUFFIX.search(text) is not None
        if BY._ANY_DIGIT.search(text) is None:
            assert BY._unlabelled_date(text) is None, text
        else:
            seen["date"] += BY._unlabelled_date(text) is not None
    assert all(seen.values()), seen
    tags = ["</body>", "</ BODY >", "</html>", "</p>", "<p>", "x" * 700, "中文" * 300, "\n"]
    for _ in range(3_000):
        doc = "".join(rng.choice(tags) for _ in range(rng.randint(0, 12)))
        if rng.random() < 0.05:
            doc = "<html>" + "y" * 70_000 + doc  # past the 64 KiB tail
        tail = doc[-65536:]
        assert is_truncated(doc) == ("<" in tail and CLOSING_TAG.search(tail) is None), doc[-80:]


def test_the_line_pattern_gates_answer_as_their_regexes() -> None:
    """author_role_in_line, cn_dateline and en_byline skip the regex only for lines it would
    not match, on lines built from the patterns' words, names and text."""
    rng = random.Random(37)
    pool = [
        *"记者通讯员实习生电讯（）() 　、，王张李马新华社北京月日12ByVoPDa",
        "本报记者",
        "记者 ",
        "通讯员：",
        "实习生 ",
        "新华社北京3月5日电",
        "本报讯",
        "（记者 张三）",
        "By ",
        "Von ",
        "Ann Lee",
        "Max Muster",
        "活动很成功。",
    ]
    gates = (
        (P.author_role_in_line, P.AUTHOR_ROLE_IN_LINE.search),
        (P.cn_dateline, P.CN_DATELINE.match),
        (P.en_byline, P.EN_BYLINE.match),
    )
    found = [0] * len(gates)
    for _ in range(40_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 9)))
        for i, (gated, plain) in enumerate(gates):
            want, got = plain(text), gated(text)
            assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups()))
            found[i] += want is not None
    assert min(found) > 50, found
    # breadcrumb_section's gates: 位置 for BREADCRUMB, the last word for BARE_TRAIL
    from newsarchive.extract.generic import _TRAIL_ENDS

    crumbs = [
        *"位置当前您的：:>＞»",
        "所在位置",
        "您现在的位置",
        "首页",
        " > ",
        ">>",
        *_TRAIL_ENDS,
        "新闻",
    ]
    trails = [0, 0]
    for _ in range(40_000):
        text = "".join(rng.choice(crumbs) for _ in range(rng.randint(0, 9)))
        if P.BREADCRUMB.match(text):
            trails[0] += 1
            assert "位置" in text, text
        if P.BARE_TRAIL.match(text):
            trails[1] += 1
            assert text.endswith(_TRAIL_ENDS), text
    assert min(trails) > 50, trails


def test_the_credit_word_gate_skips_only_lines_that_credit_nobody() -> None:
    """credit_line's gate (no role word and no brackets round it: no credit) answers as
    reading every line's tokens does, on lines built from role words, names, labels, brackets
    and text."""
    from newsarchive.extract import byline as BY

    rng = random.Random(31)
    pool = [
        *"（）()【】[]/／:： 、，,王张李马文图摄记者编审通讯员实习生",
        *sorted({*P.CREDIT_ROLES, *P.CREDIT_TAILS}),
        "常书香",
        "马丹阳",
        "活动很成功。",
        "采访了解",
        "发自北京",
        "本报",
        "区融媒体中心",
        "待续",
    ]
    credited = gated = 0
    for _ in range(30_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 8)))
        fresh = BY._credit_line.__wrapped__(text) if len(text) <= 60 else ()
        expected = list(fresh) if P.HAS_CJK.search(text) else []
        assert BY.credit_line(text) == expected, text
        credited += bool(expected)
        gated += BY._CREDIT_WORD.search(text) is None
    assert credited > 500 and gated > 1_000, (credited, gated)


def test_a_profiles_compiled_selectors_find_what_parsel_finds(
    generated: list[tuple[str, Selector]],
) -> None:
    """select_values (the query compiled once, run on the tree) gives the roots of what
    parsel's Selectors give, and the text fields read the same strings from them (a
    comment's, its text); a query parsel refuses is refused with parsel's error."""
    from benchmarks.runner import profiled_site
    from newsarchive.extract.article import TEXT_FIELDS, _strings
    from newsarchive.extract.listing import _STRING_VALUE, run_selector, select_values
    from newsarchive.sites.base import XPath, selectors

    rules = profiled_site().article
    specs = [s for name in (*TEXT_FIELDS, "body") for s in selectors(getattr(rules, name))]
    specs += [
        Css("a::attr(href)"),
        Css("title::text"),
        Css("p:nth-child(2)"),
        Css("meta[name]"),
        XPath("count(//a)"),
        XPath("boolean(//h1)"),
        XPath("boolean(//blink)"),
        XPath("//p[re:test(., '\\d{4}')]"),
        XPath("set:distinct(//a/@href)"),
        XPath("//comment()"),
        XPath("string(//title)"),
        XPath("//a/@href | //img/@src"),
        XPath("//div[has-class('article')]"),
    ]

    def parsel_strings(found: list[Selector]) -> list[str]:
        # the definition select_values' _strings replaced (which took a comment for an
        # element, and failed on it)
        out = []
        for item in found:
            root = item.root
            if not hasattr(root, "iter"):
                value = item.get()
            elif isinstance(root.tag, str):
                value = _STRING_VALUE(root)
            else:
                value = root.text or ""
            if value and value.strip():
                out.append(value)
        return out

    found_any = 0
    for _, sel in generated[:60]:
        for spec in specs:
            by_parsel = run_selector(sel, spec)
            got = select_values(sel, spec)
            assert got == [s.root for s in by_parsel], spec
            assert _strings(got) == parsel_strings(by_parsel), spec
            found_any += bool(got)
    assert found_any > 300
    sel = generated[0][1]
    for bad in (XPath("//p[@class="), XPath("undefined-fn(//p)"), Css("p::nope"), Css("[[")):
        with pytest.raises(Exception) as by_parsel:
            run_selector(sel, bad)
        with pytest.raises(by_parsel.type, match=re.escape(str(by_parsel.value))):
            select_values(sel, bad)


def _rows_by_parsel(sel: Selector, site: Site, base: str) -> list[ListingRow]:
    """rows_from_rules as it read rows and dates through parsel, one Selector each (a date
    selector then found only elements: an attribute's or a text node's string was no date;
    and a row that was a link without a followable href failed the page)."""
    found = []
    rows = next((f for s in selectors(site.listing.rows) if (f := run_selector(sel, s))), [])
    for row in rows:
        link = next((a for a in row.root.iter("a") if _href(base, a.get("href"))), None)
        if link is None:
            continue
        title = _link_title(link)
        specs = selectors(site.listing.row_date)
        date_sel = next((f for s in specs if (f := run_selector(row, s))), [])
        date_text = (
            normalize_ws(" ".join(date_sel[0].xpath("string(.)").getall())) if date_sel else ""
        )
        if not date_text:
            m = P.CN_DATETIME.search(normalize_ws("".join(row.root.itertext())))
            date_text = m.group(0) if m else ""
        found.append((link, row.root, title, date_text or None))
    return _labelled_rows(found, base, site)


def test_profile_rows_are_read_as_through_parsel(
    generated: list[tuple[str, Selector]],
) -> None:
    demo = get_site("demo")
    variants = [
        demo,
        replace(demo, listing=replace(demo.listing, row_date=XPath("./span[@class='date']"))),
        replace(demo, listing=replace(demo.listing, rows=(Css("ul.nope > li"), Css("li")))),
        replace(demo, listing=replace(demo.listing, rows=XPath("//a[@href]"), row_date=None)),
    ]
    listings = [(url, sel) for url, sel in generated if "/index" in url]
    assert len(listings) >= 10
    total = 0
    for site in variants:
        for url, sel in listings:
            rows = rows_from_rules(sel, site, url)
            assert rows == _rows_by_parsel(sel, site, url), (site.listing, url)
            total += len(rows)
    assert total > 500


def test_a_row_date_selector_may_find_text_or_an_attribute() -> None:
    html = (
        "<ul class='list'><li><a href='/a/1.html'>区体育局举办全民健身活动</a>"
        "<em>2024-03-05</em> <span class='date' title='2024-03-02'>2024-03-01</span>"
        "<!-- 2024-03-03 --></li>"
        "<li>2024-03-09 <a href='/a/2.html'>区教育局召开新学期工作会议</a></li>"
        "<li>no link here <a href='javascript:void(0)'>分享</a></li></ul>"
    )
    sel = make_selector(html)
    demo = get_site("demo")

    def dates(row_date: SelectorSpec) -> list[str | None]:
        site = replace(demo, listing=replace(demo.listing, row_date=row_date))
        rows = rows_from_rules(sel, site, "http://127.0.0.1/list/")
        return [row.date.strip() if row.date else None for row in rows]

    assert dates(Css("span.date")) == ["2024-03-01", "2024-03-09"]
    assert dates(Css("span.date::text")) == ["2024-03-01", "2024-03-09"]
    assert dates(Css("span.date::attr(title)")) == ["2024-03-02", "2024-03-09"]
    assert dates(XPath("./comment()")) == ["2024-03-03", "2024-03-09"]
    # the row's own text when the selector finds nothing
    assert dates(Css("strong")) == ["2024-03-05", "2024-03-09"]
    # a rows selector that finds strings finds no rows, and a link row that cannot be
    # followed is no row (neither fails the page)
    site = replace(demo, listing=replace(demo.listing, rows=Css("li a::attr(href)")))
    assert rows_from_rules(sel, site, "http://127.0.0.1/list/") == []
    site = replace(demo, listing=replace(demo.listing, rows=Css("li > a")))
    rows = rows_from_rules(sel, site, "http://127.0.0.1/list/")
    assert [row.url for row in rows] == ["http://127.0.0.1/a/1.html", "http://127.0.0.1/a/2.html"]


def test_the_loader_fills_an_article_as_itemloader_does() -> None:
    """ArticleLoader's add_value and load_item fast paths against ItemLoader's own methods,
    value by value: lists, a blank, None, processors, a regex, a dict of fields."""
    from itemloaders import ItemLoader
    from itemloaders.processors import MapCompose

    from newsarchive.extract.loaders import ArticleLoader

    calls: list[tuple[Any, ...]] = [
        ("title", ["  区体育局举办全民健身活动_示例区 ", "别的标题"]),
        ("author", "记者 张三、李四"),
        ("author", None),
        ("source", ""),
        ("source", ["   ", "区体育局"]),
        ("editor", "编辑：王芳", MapCompose(str.upper)),
        ("published_at", "发布时间：2024-05-05 10:22", {"re": r"\d{4}-\d\d-\d\d \d\d:\d\d"}),
        ("published_at", ["2024-05-05 10:22:33"]),
        (None, {"section": "区县动态", "body": ["第一段。", "", "第二段。"]}),
        ("defects", ["truncated"]),
    ]

    def load(fast: bool) -> Article:
        loader = ArticleLoader(site_names=("示例区",), timezone="Asia/Shanghai")
        add = loader.add_value if fast else partial(ItemLoader.add_value, loader)
        for name, value, *more in calls:
            kw = more.pop() if more and isinstance(more[-1], dict) else {}
            add(name, value, *more, **kw)
        return loader.load_item() if fast else ItemLoader.load_item(loader)

    fast, plain = load(True), load(False)
    assert fast == plain
    assert (fast.title, fast.source, fast.published_at) == (
        "区体育局举办全民健身活动",
        "区体育局",
        "2024-05-05T10:22:33+08:00",
    )
    # a field the record does not have fails where ItemLoader fails it, as it is added
    for add in (ArticleLoader.add_value, ItemLoader.add_value):
        with pytest.raises(KeyError, match="no_such_field"):
            add(ArticleLoader(), "no_such_field", "x")
