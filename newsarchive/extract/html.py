"""Decoding page bytes and reading text out of an HTML tree in reading order."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import NamedTuple

from lxml import etree
from parsel import Selector

from newsarchive.extract.encoding import decode_page
from newsarchive.extract.processors import normalize_ws

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "founder-content",
    ]
)
SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "svg",
        "select",
        "option",
        "button",
        "textarea",
        "head",
        "object",
        "embed",
        "canvas",
        "map",
    ]
)
# Headers, footers and navigation never hold article text: a body candidate skips them.
CHROME_TAGS = frozenset({"nav", "footer", "header", "aside", "form"})
CLOSING_TAG = re.compile(r"</\s*(?:body|html)\s*>", re.IGNORECASE)


class Line(NamedTuple):
    """A paragraph of text in reading order and how much of it is link text.

    (A named tuple: the walks make a hundred a page, and a frozen dataclass's __init__ costs
    two object.__setattr__ calls for each.)"""

    text: str
    link_chars: int = 0

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


def decode(body: bytes, headers: Mapping[str, str] | None = None) -> str:
    """Page bytes to text as the crawler reads them (`newsarchive.extract.encoding.decode_page`):
    right even when the header or <meta> names the wrong charset."""
    content_type = None
    for key, value in (headers or {}).items():
        if key.lower() == "content-type":
            content_type = value
    text, _ = decode_page(body, content_type)
    return text


HTML_END = re.compile(r"</html\s*>", re.IGNORECASE)


def make_selector(html: str | bytes, headers: Mapping[str, str] | None = None) -> Selector:
    """A parsel Selector over the page, whatever it is (empty and binary pages included).

    The tree is libxml2's HTML parse, as parsel's own, but of plain lxml elements: parsel's
    parser gives `lxml.html` elements, whose class lookup calls back into Python for every
    element the extractor touches (a tenth of its time). Nothing here uses their methods;
    `drop_element` stands in for `drop_tree`.
    """
    text = decode(html, headers) if isinstance(html, bytes) else html
    # lxml refuses NUL and most C0 controls; binary garbage must still give a (blank) tree
    text = _drop_early_html_end(text.replace("\x00", ""))
    return Selector(root=_parse_html(text or "<html></html>"), type="html")


def _parse_html(text: str) -> etree._Element:
    """What `parsel.selector.create_root_node` makes of `text`, with lxml's own elements."""
    body = text.strip().replace("\x00", "").encode("utf-8") or b"<html/>"
    parser = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
    root = etree.fromstring(body, parser=parser)
    if root is None:
        root = etree.fromstring(b"<html/>", parser=parser)
    return root


def drop_element(node: etree._Element) -> None:
    """Remove an element and what it holds, keeping the text that follows it (`drop_tree`)."""
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        previous = node.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + node.tail
        else:
            previous.tail = (previous.tail or "") + node.tail
    parent.remove(node)


def _drop_early_html_end(text: str) -> str:
    """A CMS that pastes a whole header document into its pages leaves an </html> before the
    article. libxml2 drops what follows such a tag; browsers read on, and so must we. Only
    an </html> with content after it costs a rewrite (a search for the usual one is cheap)."""
    for tag in ("</html", "</HTML"):
        at = text.find(tag)
        if at != -1 and text[at:].partition(">")[2].strip():
            return HTML_END.sub("", text)
    return text


def is_truncated(text: str) -> bool:
    """True when an HTML document stops before its </body> and </html>."""
    tail = text[-65536:]
    if "<" not in tail:
        return False
    # the closing tags end nearly every page: found in its last KiB, the scan of the rest
    # (6 us a generated page) is spared; not found there, the whole tail is searched as before
    return CLOSING_TAG.search(tail, max(0, len(tail) - 1024)) is None and (
        CLOSING_TAG.search(tail) is None
    )


def lines(
    root: etree._Element,
    *,
    gaps: bool = False,
    skip: Callable[[etree._Element], bool] | None = None,
) -> list[Line]:
    """The text of an element as paragraphs, split at block elements and <br>.

    With `gaps`, every element boundary also separates words: right for bylines made of
    adjacent <span>s, wrong for body text (it would put spaces inside Chinese words).
    `skip` names more elements to leave out, with everything inside them (their tail stays).
    """
    return list(iter_lines(root, gaps=gaps, skip=skip))


def iter_lines(
    root: etree._Element,
    *,
    gaps: bool = False,
    skip: Callable[[etree._Element], bool] | None = None,
) -> Iterator[Line]:
    """`lines`, one at a time: a reader that needs the first few stops walking early."""
    # the extractor's innermost loop (tens of walks a page): names are bound locally, and a
    # line is flushed only when text was gathered (link_chars is 0 whenever buf is empty)
    buf: list[str] = []
    link_chars = 0
    link_depth = 0
    block, skipped = BLOCK_TAGS, SKIP_TAGS
    skipping: etree._Element | None = None
    # iterwalk reports a comment or a processing instruction only with events of their own:
    # without them, the text after one ("<p>a<!-- ad -->b</p>") would be lost
    for event, node in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        tag = node.tag
        if tag.__class__ is not str:
            # its own text is no page text; its tail is, unless it sits in a skipped element
            if skipping is None and node is not root:
                tail = node.tail
                if tail:
                    buf.append(tail)
                    if link_depth:
                        link_chars += len(tail.strip())
            continue
        if skipping is not None:
            if event == "end" and node is skipping:
                skipping = None
                if buf and tag in block:
                    text = normalize_ws("".join(buf))
                    buf.clear()
                    if text:
                        yield Line(text, min(link_chars, len(text)))
                    link_chars = 0
                if node is not root:
                    tail = node.tail
                    if tail:
                        buf.append(tail)
                        if link_depth:
                            link_chars += len(tail.strip())
            continue
        if event == "start":
            if tag in skipped or (skip is not None and node is not root and skip(node)):
                skipping = node
                if buf and tag in block:
                    text = normalize_ws("".join(buf))
                    buf.clear()
                    if text:
                        yield Line(text, min(link_chars, len(text)))
                    link_chars = 0
                continue
            if tag in block or tag == "br":
                if buf:
                    text = normalize_ws("".join(buf))
                    buf.clear()
                    if text:
                        yield Line(text, min(link_chars, len(text)))
                    link_chars = 0
            elif gaps:
                buf.append(" ")
            if tag == "a":
                link_depth += 1
            value = node.text
        else:
            if tag == "a":
                link_depth -= 1
            if tag in block:
                if buf:
                    text = normalize_ws("".join(buf))
                    buf.clear()
                    if text:
                        yield Line(text, min(link_chars, len(text)))
                    link_chars = 0
            elif gaps:
                buf.append(" ")
            value = node.tail if node is not root else None
        if value:
            buf.append(value)
            if link_depth:
                link_chars += len(value.strip())
    if buf:
        text = normalize_ws("".join(buf))
        if text:
            yield Line(text, min(link_chars, len(text)))


def first_attribute(
    sel: Selector, tag: str, attribute: str, where: Mapping[str, str] | None = None
) -> str | None:
    """`sel.xpath('//TAG[@K="V"]/@ATTRIBUTE').get()` for each K, V of `where`: the attribute of
    the first such element in the document, without compiling an XPath expression a page."""
    conditions = tuple((where or {}).items())
    root = sel.root
    if not isinstance(root, etree._Element):
        test = "".join(f'[@{k}="{v}"]' for k, v in conditions)
        return sel.xpath(f"//{tag}{test}/@{attribute}").get()
    for node in root.getroottree().iter(tag):
        value: str | None = node.get(attribute)
        if value is not None and all(node.get(k) == v for k, v in conditions):
            return value
    return None


def text_of(node: etree._Element) -> str:
    """An element's visible text (no <script>/<style> inside), whitespace normalised."""
    return " ".join(line.text for line in lines(node))
