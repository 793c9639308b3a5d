"""The listing check's link groups and rows, held to the plain computations they shortcut:
the href and title tests of every link, each ancestor's shape, each link's walk up."""

from __future__ import annotations

import random
import re

import pytest
from lxml import etree
from parsel import Selector

from newsarchive.extract import listing as L
from newsarchive.extract import patterns as P


def _plain_groups(body: etree._Element) -> list[tuple[int, list[tuple[str, str]], int]]:
    """`_link_groups` as it read every link: `_followed`, `_link_title`, the three patterns in
    turn, `_signature`; each link given as (href, title)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for a in body.iter("a"):
        if not L._followed(a.get("href")):
            continue
        title = L._link_title(a)
        if len(title) < L.MIN_ROW_TITLE or P.NEXT_PAGE_TEXT.match(title):
            continue
        if P.PAGE_LINK_TEXT.match(title) or P.ROW_LABEL_BRACKETED.match(title):
            continue
        groups.setdefault(L._signature(a), []).append((a.get("href") or "", title))
    return [
        (at, links, sum(len(t) for _, t in links))
        for at, links in enumerate(groups.values())
        if len(links) >= 2
    ]


def _plain_row_of(links: list[etree._Element]) -> dict[etree._Element, etree._Element]:
    """Each link's row: its highest ancestor that holds no other of the links."""
    holds: dict[etree._Element, int] = {}
    for a in links:
        for anc in a.iterancestors():
            holds[anc] = holds.get(anc, 0) + 1
    rows = {}
    for a in links:
        row = a
        for anc in a.iterancestors():
            if holds[anc] > 1:
                break
            row = anc
        rows[a] = row
    return rows


HREFS = [
    None, "", " ", "/a/1.html", " /a/2.html ", "#", "#top", "javascript:void(0)", "JavaScript:x",
    "java\tscript:x", "\njavascript:x", "mailto:a@b.cn", "MAILTO:a@b.cn", "tel:123", "TEL:1",
    "Tel:1", "telx.html", "j.html", "m/1.html", "t/2.html", "jmt", "\u00a0#x", "http://a.cn/3",
    "K.html", "\u212a.html", "\u0130.html",
]  # fmt: skip
TEXTS = [
    "示例区召开全体会议部署工作", "区教育局开展培训", "下一页", "下一页 >>", "next page", "12",
    "[区教育局]", "【区体育局】", "第3页", "短", "五个字标题", "  标题 \n 有空白  ", "", "›",
    "关于开展2024年度工作的通知", "(区卫健委)", "Next", "a" * 40, "<b>加粗</b>的标题文字",
    "<span>[区</span>教育局]", "下一页\u00a0>", "（ 区人社局 ）",
]  # fmt: skip
TITLES = [None, "", "完整的标题文字很长很长", "下一页"]
CLASSES = [None, "", "odd", "even item3", "list news", "row first", "nav", "hot  top", "c1 c2"]
TAGS = ["div", "ul", "li", "p", "span", "td", "section"]


def _attr(name: str, value: str | None) -> str:
    return "" if value is None else f' {name}="{value}"'


def _tree(rnd: random.Random, depth: int) -> str:
    if depth == 0 or rnd.random() < 0.3:
        parts = []
        for _ in range(rnd.randint(1, 3)):
            attrs = _attr("href", rnd.choice(HREFS)) + _attr("title", rnd.choice(TITLES))
            parts.append(f"<a{attrs}>{rnd.choice(TEXTS)}</a>")
        return "".join(parts)
    tag = rnd.choice(TAGS)
    inner = "".join(_tree(rnd, depth - 1) for _ in range(rnd.randint(1, 4)))
    return f"<{tag}{_attr('class', rnd.choice(CLASSES))}>{inner}</{tag}>"


def _bodies(n: int) -> list[etree._Element]:
    rnd = random.Random(17)
    out = []
    for _ in range(n):
        html = (
            f"<html><body>{''.join(_tree(rnd, 5) for _ in range(rnd.randint(1, 4)))}</body></html>"
        )
        body = Selector(text=html).root.find("body")
        assert body is not None
        out.append(body)
    return out


def test_link_groups_are_the_plain_reading_of_every_link() -> None:
    for body in _bodies(400):
        groups = [
            (at, [(a.get("href") or "", t) for a, t in links], total)
            for at, links, total in L._link_groups(body)
        ]
        assert groups == _plain_groups(body)


def test_rows_are_each_links_highest_ancestor_alone_with_it() -> None:
    rnd = random.Random(5)
    for body in _bodies(200):
        links = list(body.iter("a"))
        for _ in range(3):
            some = rnd.sample(links, rnd.randint(1, len(links)))
            assert L._row_of(some) == _plain_row_of(some)


@pytest.mark.parametrize("text", [t for t in TEXTS if "<" not in t] + ["[3]", "【4】", "下页", "»"])
def test_not_a_row_title_is_any_of_the_three_patterns(text: str) -> None:
    text = text.strip()
    plain = any(p.match(text) for p in (P.NEXT_PAGE_TEXT, P.PAGE_LINK_TEXT, P.ROW_LABEL_BRACKETED))
    assert bool(L._NOT_A_ROW_TITLE.match(text)) == plain


def test_any_of_keeps_each_patterns_flags() -> None:
    both = L._any_of(re.compile("abc", re.IGNORECASE), re.compile("x.y"))
    assert both.match("ABC") and not both.match("X.Y") and both.match("x\u00e9y")
    with pytest.raises(ValueError, match="cannot be scoped"):
        L._any_of(re.compile("a", re.ASCII))
