"""The generic article body: the block with the most non-link text, its sibling blocks, and
nothing that its class names or its wording mark as boilerplate.

One pass scores every text-bearing element (a paragraph's text counts fully for its parent,
half for the grandparent, a quarter above: readability's scheme); the best-scored element wins,
weighted by what its class and id say. Sibling blocks of the winner that score at least a fifth
of it join it (articles split into one <div> per paragraph). Inside the chosen blocks, elements
named like share bars, captions, related lists or comments are skipped, and then lines that
read like boilerplate (上一篇, 扫一扫, 版权所有, "Share this") are dropped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from functools import lru_cache

from lxml import etree

from newsarchive.extract import patterns as P
from newsarchive.extract.html import CHROME_TAGS, SKIP_TAGS, Line, lines
from newsarchive.extract.processors import nfkc, normalize_ws

SCORED_TAGS = ("p", "div", "td", "section", "article", "li", "span", "font", "pre", "blockquote")
INLINE_TAGS = frozenset({"span", "font"})
# a sibling block joins the winner when it scores at least this share of it
SIBLING_SHARE = 0.2
# how far above the best block to look for the whole article, and what it must gain there
CLIMB_LEVELS = 4
CLIMB_GAIN = 2.0
# a character of link text costs this many characters of prose
LINK_COST = 1.0
# an element inside <nav>, <footer>, <aside>, <form> … counts for this much: a penalty, not a
# ban, because broken markup (and ASP.NET's page-wide <form>) can put the article inside one
CHROME_PENALTY = 0.3
# the tag names that never hold article text inside the chosen block
BODY_SKIP_TAGS = frozenset({"figcaption", "nav", "aside", "footer", "form", "h1"})
_TOKEN_SPLIT = re.compile(r"[\s_\-:]+")
# hidden text is prose kept for later (not a message or a widget) from two paragraphs or
# this many characters on
HIDDEN_PROSE = 300
# below this much shown text in its best block (a page that shows next to nothing before its
# scripts run), the page is read with what it hides
SHOWN_TEXT_MIN = 50
# hidden elements named like these are dialogs and notices, whatever they say
HIDDEN_WIDGET = re.compile(
    r"modal\w*|dialog\w*|popup\w*|pop|tips?|tooltip\w*|toast|overlay|cookies?|consent|lightbox"
    r"|layer|mask|notice|disclaimer|copyright|banquan"
)
# what a browser never shows (Readability's test): a hidden microdata copy of the article, a
# collapsed menu, a template
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


# A site's templates repeat a few hundred class and id strings on every page: what they say
# is worked out once per string. Bounded: a crawl of any length keeps at most this many.
NAMES_CACHE = 4096


@lru_cache(maxsize=NAMES_CACHE)
def name_words(names: str) -> tuple[str, ...]:
    """The words of a class-and-id string, lower-cased ("article-body main" -> article, body,
    main)."""
    return tuple(t for t in _TOKEN_SPLIT.split(names.lower()) if t)


@lru_cache(maxsize=NAMES_CACHE)
def _names_match(pattern: re.Pattern[str], names: str) -> bool:
    """Whether a word of a class-and-id string is one `pattern` names."""
    return any(pattern.fullmatch(t) for t in name_words(names))


def class_tokens(node: etree._Element) -> list[str]:
    """The words of an element's class and id, lower-cased ("article-body" -> article, body)."""
    return list(name_words(f"{node.get('class', '')} {node.get('id', '')}"))


@lru_cache(maxsize=NAMES_CACHE)
def _hint(names: str) -> float:
    if not names.strip():
        return 1.0
    if _names_match(P.NEGATIVE_CLASS, names):
        return 0.2
    if _names_match(P.POSITIVE_CLASS, names):
        return 1.5
    return 1.0


def hint(node: etree._Element) -> float:
    """How much an element's class and id say it is (or is not) the article text."""
    return _hint(f"{node.get('class', '')} {node.get('id', '')}")


def is_boilerplate_element(node: etree._Element) -> bool:
    """An element inside the article block that is no part of the text (share bar, caption…)."""
    tag = node.tag if isinstance(node.tag, str) else ""
    if tag in BODY_SKIP_TAGS:
        return True
    if not (node.get("class") or node.get("id")):
        return False
    return _names_match(P.BOILERPLATE_CLASS, f"{node.get('class', '')} {node.get('id', '')}")


def is_hidden(node: etree._Element) -> bool:
    """An element the page never shows: `hidden`, or display:none / visibility:hidden inline."""
    style = node.get("style")
    return node.get("hidden") is not None or (
        style is not None and HIDDEN_STYLE.search(style) is not None
    )


def _hidden_ancestors(body: etree._Element, keep_named: bool = False) -> set[etree._Element]:
    inside: set[etree._Element] = set()
    for node in body.iter():
        if isinstance(node.tag, str) and node not in inside and is_hidden(node):
            if keep_named and hint(node) > 1.0:
                continue
            inside.update(node.iter())
    return inside


# the attributes besides class and id that some pass reads an element's role from
_ROLE_ATTRIBUTES = frozenset({"style", "hidden", "itemprop", "rel"})


def named_elements(root: etree._Element) -> list[tuple[etree._Element, str]]:
    """Every element in `root` (itself included) that a class, an id, an itemprop, a rel, a
    style or a hidden attribute may mark, or that is page chrome (<nav>, <footer> …), in
    document order, with its class-and-id string ("" for none).

    One walk for every pass that judges elements by their names and marks (the scorer's
    chrome and hidden blocks; the elements named for the author, the editor, the source, the
    breadcrumb): each walked the whole page and read every element's attributes, while a
    news page's elements are mostly bare <p>, <li> and <a href>."""
    out: list[tuple[etree._Element, str]] = []
    role = _ROLE_ATTRIBUTES
    for node in root.iter():
        tag = node.tag
        if tag.__class__ is not str:
            continue  # a comment: no attributes
        keys = node.keys()
        if not keys:
            if tag in CHROME_TAGS:
                out.append((node, ""))
            continue
        if "class" in keys or "id" in keys:
            get = node.get
            cls, nid = get("class"), get("id")
            if cls or nid:
                out.append((node, f"{cls or ''} {nid or ''}"))
                continue
        if tag in CHROME_TAGS or not role.isdisjoint(keys):
            out.append((node, ""))
    return out


def _marked_blocks(
    body: etree._Element,
    skip_hidden: bool,
    named: list[tuple[etree._Element, str]] | None = None,
) -> tuple[set[etree._Element], set[etree._Element]]:
    """(chrome, hidden): the elements inside page chrome (<nav>, <footer>, …) or inside a
    block named as comments, related articles or a sidebar; and, with `skip_hidden`, those
    inside an element the page hides, unless its class or id names it as the text (what
    `_hidden_ancestors(body, keep_named=True)` gives). `named` is `named_elements(body)`."""
    chrome_roots: list[etree._Element] = []
    hidden_roots: list[etree._Element] = []
    strong_negative = P.STRONG_NEGATIVE_CLASS
    for node, names in named_elements(body) if named is None else named:
        if node.tag in CHROME_TAGS:
            chrome_roots.append(node)
        if names and _names_match(strong_negative, names):
            chrome_roots.append(node)
        if skip_hidden:
            get = node.get
            style = get("style")
            if (
                get("hidden") is not None
                or (style is not None and HIDDEN_STYLE.search(style) is not None)
            ) and _hint(names or " ") <= 1.0:
                hidden_roots.append(node)
    return _subtrees(chrome_roots), _subtrees(hidden_roots)


def _subtrees(roots: list[etree._Element]) -> set[etree._Element]:
    inside: set[etree._Element] = set()
    for root in roots:
        if root not in inside:
            inside.update(root.iter())
    return inside


class Scores:
    """Per element: the decayed score; and, asked for the few elements the climb weighs, the
    full text and link mass inside it.

    The masses are summed on demand over the element's subtree from what each scored node and
    each link gave: adding every node's length to all its ancestors as the scorer went cost a
    tenth of the scoring, for the two or three blocks whose mass is ever read."""

    def __init__(self, body: etree._Element) -> None:
        self.decayed: dict[etree._Element, float] = defaultdict(float)
        # the masses are the body's: the elements around it hold none (as the scorer counted)
        self._outside = frozenset(body.iterancestors())
        # what a scored node gave the text mass, by the element it counts for (see _score)
        self.gave: dict[etree._Element, float] = {}
        self.link_size: dict[etree._Element, int] = {}
        self._text: dict[etree._Element, float] = {}
        self._links: dict[etree._Element, float] = {}

    def text(self, el: etree._Element) -> float:
        """The prose mass of the scored nodes inside `el` (and of `el`)."""
        return self._summed(self._text, self.gave, el)

    def links(self, el: etree._Element) -> float:
        """The link text inside `el` (a link's own size not counted for itself)."""
        return self._summed(self._links, self.link_size, el, "a")

    def _summed(
        self,
        cache: dict[etree._Element, float],
        given: Mapping[etree._Element, float],
        el: etree._Element,
        *tags: str,
    ) -> float:
        """What the elements in `el`'s subtree (of `tags`, but `el` itself when it is one of
        them) gave, kept per element."""
        found = cache.get(el)
        if found is None:
            found = 0.0
            if given and el not in self._outside:
                for node in el.iter(*tags):
                    found += given.get(node, 0.0)
                if tags and el.tag in tags:
                    found -= given.get(el, 0.0)
            cache[el] = found
        return found


def _score(
    body: etree._Element,
    skip_hidden: bool = True,
    named: list[tuple[etree._Element, str]] | None = None,
) -> Scores:
    out = Scores(body)
    scores = out.decayed
    gave = out.gave
    chrome, hidden = _marked_blocks(body, skip_hidden, named)
    # a link's text is measured once: the paragraph that holds it counts it again below
    link_size = out.link_size
    for a in body.iter("a"):
        # most links hold their text alone: no walk, no join (what _visible_text gives them)
        text = "".join(_visible_text(a)) if len(a) else a.text
        size = len(normalize_ws(text))
        if size:
            link_size[a] = size
    for node in body.iter(*SCORED_TAGS):
        if hidden and node in hidden:
            continue
        tag = node.tag
        if tag == "p":
            if len(node):
                text = normalize_ws("".join(_visible_text(node)))
                link = sum(link_size.get(a, 0) for a in node.iter("a")) if link_size else 0
            else:
                # a paragraph of text alone, the usual one: it holds no link
                text = normalize_ws(node.text)
                link = 0
        else:
            # its own text (its text and its children's tails), read inline: three nodes in
            # four have none (a block of blocks), and are passed over on the next line
            own = node.text
            parts = [own] if own else []
            for child in node:
                tail = child.tail
                if tail:
                    parts.append(tail)
            text = normalize_ws("".join(parts)) if parts else ""
            link = 0
        if len(text) <= 2 * link:
            continue
        if P.BOILERPLATE_LINE.match(text) or is_byline(text):
            continue
        # punctuation marks prose: a line of links or labels has little of it
        length = float(len(text) - 2 * link) + 5 * len(P.SENTENCE_PUNCT.findall(text))
        if node in chrome:
            length *= CHROME_PENALTY
        # inline text counts for the block around it, never as a candidate of its own
        target = node.getparent() if tag == "p" or tag in INLINE_TAGS else node
        if target is not None and (tag == "p" or tag not in INLINE_TAGS):
            # the text mass of every block from `target` up (Scores.text sums it)
            gave[target] = gave.get(target, 0.0) + length
        weight = 1.0
        while target is not None and weight > 0.2:
            scores[target] += length * weight
            target = target.getparent()
            weight /= 2
    return out


def _visible_text(node: etree._Element) -> list[str]:
    if not len(node):
        # most links and many paragraphs hold their text alone: no walk for them
        tag = node.tag
        text = node.text
        return [text] if text and tag.__class__ is str and tag not in SKIP_TAGS else []
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
    # iter() visits descendants of skipped elements too; their text is dropped above only
    # for the skipped element itself, which is all the paragraphs of news pages need
    return out


def body_elements(
    body: etree._Element, named: list[tuple[etree._Element, str]] | None = None
) -> list[etree._Element]:
    """The article's text blocks in document order: the best block and its strong siblings.

    What the page hides does not compete (a hidden modal or tab of teasers would beat a short
    article), unless the page shows next to no text at all (an article revealed by script).
    """
    if named is None:
        named = named_elements(body)
    mass = _score(body, named=named)
    scores = mass.decayed
    if not scores or mass.text(max(scores, key=scores.__getitem__)) < SHOWN_TEXT_MIN:
        mass = _score(body, skip_hidden=False, named=named)
        scores = mass.decayed
    if not scores:
        return [body]
    best = max(scores, key=lambda el: scores[el] * hint(el))

    # An article wrapped one paragraph per nested block (<div><div><p>) leaves the best block
    # holding one paragraph: climb while an ancestor adds more text than link text.
    def worth(el: etree._Element) -> float:
        return mass.text(el) - LINK_COST * mass.links(el)

    node, start = best, best
    for _ in range(CLIMB_LEVELS):
        parent = node.getparent()
        if parent is None or parent is body or hint(parent) < 1.0:
            break
        if worth(parent) > worth(best) * CLIMB_GAIN:
            best = parent
        node = parent
    if best is not start:
        return [best]
    parent = best.getparent()
    if parent is None:
        return [best]
    threshold = scores[best] * SIBLING_SHARE
    chosen = []
    for sibling in parent:
        if sibling is best or (
            isinstance(sibling.tag, str)
            and scores.get(sibling, 0.0) * hint(sibling) >= threshold
            and hint(sibling) >= 1.0
        ):
            chosen.append(sibling)
    return chosen


def body_lines(
    body: etree._Element, named: list[tuple[etree._Element, str]] | None = None
) -> list[Line]:
    """The paragraphs of the page's main text (`named`: `named_elements(body)`, if known)."""
    out: list[Line] = []
    for element in body_elements(body, named):
        leftovers = _hidden_leftovers(element)

        def skip(node: etree._Element, leftovers: set[etree._Element] = leftovers) -> bool:
            return node in leftovers or is_boilerplate_element(node)

        out.extend(lines(element, skip=skip if leftovers else is_boilerplate_element))
    return out


def _hidden_leftovers(block: etree._Element) -> set[etree._Element]:
    """Hidden elements in the article block that are no part of its text: a copy of what it
    shows (a microdata copy of the article, with its width, height and publisher fields) or
    a short message a script may show ("Thanks for signing up!"). Hidden prose found nowhere
    else stays: a "展开全文" expander or a script-revealed article is the article."""
    hidden = [n for n in block.iter() if isinstance(n.tag, str) and n is not block and is_hidden(n)]
    if not hidden:
        return set()
    outermost = [n for n in hidden if not any(is_hidden(a) for a in n.iterancestors())]
    inside = _hidden_ancestors(block)
    shown = _compact(lines(block, skip=lambda n: n in inside))
    copies: set[etree._Element] = set()
    for node in outermost:
        if is_boilerplate_element(node) or any(
            HIDDEN_WIDGET.fullmatch(t) for t in class_tokens(node)
        ):
            copies.add(node)
            continue
        found = lines(node)
        text = _compact(found)
        pieces = [text[i : i + 20] for i in range(0, len(text) - 19, 20)]
        # a sample is enough to tell a copy, and keeps a huge hidden block linear
        pieces = pieces[:: max(1, len(pieces) // 40)]
        prose = len(text) >= HIDDEN_PROSE or sum(len(t.text) >= 20 for t in found) >= 2
        if not prose or sum(piece in shown for piece in pieces) >= 0.6 * len(pieces):
            copies.add(node)
    return copies


def _compact(found: list[Line]) -> str:
    """Lines as one string for comparing copies: no spaces, full-width forms folded."""
    return nfkc("".join(t.text for t in found)).replace(" ", "")


def is_byline(text: str) -> bool:
    """A short line made of byline labels (来源：… 发布时间：…) or "X 于DATE发表"."""
    # (the scorer asks this of every paragraph: each pattern is tried only when its literal
    # words are in the line)
    return len(text) <= 120 and (
        ("发表" in text and P.POSTED_BY.search(text) is not None)
        or (
            ("：" in text or ":" in text)
            and (
                len(P.BYLINE_LABEL.findall(text)) >= 2
                or (P.BYLINE_LABEL.match(text) is not None and len(text) <= 40)
            )
        )
    )


def clean_body(paragraphs: list[Line], title: str | None) -> list[str]:
    """Paragraphs without boilerplate, link lists, the title or the byline repeated in the body."""
    out: list[str] = []
    seen: set[str] = set()
    headings: list[int] = []  # where a "相关新闻" heading stood among the kept lines
    attachments = False  # an "附件：" line was met
    for line in paragraphs:
        text = line.text
        if len(text) <= 40 and P.LIST_HEADING.match(text):
            headings.append(len(out))
        # pages that carry the article twice (a hidden mobile copy) must not double it
        if len(text) >= 20:
            if text in seen:
                continue
            seen.add(text)
        # (an attachment is a link, and part of the notice: "附件：1.申报表.docx", "2.指南.pdf")
        if text.startswith("附件"):
            attachments = True
        if (
            line.link_density > 0.5
            and len(text) < 200
            and not text.startswith("附件")
            # a numbered file after "附件：" is an attachment too, a download list is not
            and not (attachments and P.ATTACHMENT.search(text))
        ):
            continue
        if P.BOILERPLATE_LINE.match(text) or P.BOILERPLATE_SHORT.match(text):
            continue
        if title and text == title:
            continue
        if is_byline(text):
            continue
        if not out and len(text) <= 80 and _is_lead_in(text):
            continue
        out.append(text)
    while out and len(out[-1]) <= 60 and P.TRAILING_BOILERPLATE.search(out[-1]):
        out.pop()
    return _cut_trailing_lists(out, headings)


def _cut_trailing_lists(out: list[str], headings: list[int]) -> list[str]:
    """The article ends at a "相关新闻" / "関連キーワード" / "Related stories" heading when only
    a list follows it (titles, tags, dates) and more text stands before it than after it (a
    heading on top of the article is no end)."""
    for i in headings:
        rest = out[i + 1 :] if i < len(out) and P.LIST_HEADING.match(out[i]) else out[i:]
        if all(map(_list_item, rest)) and sum(map(len, out[:i])) >= sum(map(len, rest)):
            return out[:i]
    # a heading with no list after it to cut ("延伸阅读" whose links are gone) is no text
    return [line for line in out if not (len(line) <= 40 and P.LIST_HEADING.match(line))]


def _list_item(line: str) -> bool:
    """What a list after an article holds once its links are gone: dates, and short titles
    or tags without the punctuation of prose."""
    if len(line) > 80:
        return False
    if line[0] in "·•●▪■◆-*" or P.CN_DATETIME.search(line) or P.EN_DATE.search(line):
        # "·明星挨打事件回顾 (2005-04-27 14:32PM)": a bullet or a date marks a list item
        return len(P.SENTENCE_PUNCT.findall(line)) <= 2
    # a headline: no punctuation of prose, and no longer than headlines run
    return not P.SENTENCE_PUNCT.search(line) and len(line) <= (40 if P.HAS_CJK.search(line) else 80)


def _is_lead_in(text: str) -> bool:
    """A short line before the first paragraph that is a byline or a date, not text."""
    if P.en_byline(text):
        return True
    stripped = P.CN_DATETIME.sub("", text)
    stripped = P.EN_DATE.sub("", stripped)
    return stripped != text and len(P.SENTENCE_PUNCT.findall(stripped)) == 0 and len(stripped) < 30
