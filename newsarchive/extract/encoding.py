"""Page bytes to text, right even when the page lies about its charset.

Regional sites declare GBK and send UTF-8, send GBK under a server-wide `charset=ISO-8859-1`,
or declare nothing. The order here: a BOM; valid UTF-8 (text that decodes as UTF-8 with
non-ASCII in it is UTF-8, whatever the header says); the declared charsets (header, then
<meta>) that decode without error; then GB18030 and Big5. When more than one Chinese
reading decodes cleanly (GBK and Big5 bytes overlap), the one whose characters are the
common ones of either script wins: a mis-read page is full of rare characters.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

# Single-byte western charsets decode any bytes at all: as a declaration on a page with
# high bytes they say nothing (they are a server default far more often than the truth).
WEAK = frozenset({"cp1252", "latin-1", "iso8859-1", "ascii", "windows-1252", "iso-8859-1"})
CHINESE = ("gb18030", "big5")
CONTROL_BYTES = bytes([*range(9), *range(14, 32)])  # C0 controls but tab, newline, CR, FF, VT
PLAUSIBLE = 0.9  # share of common characters above which a clean reading is not questioned


@lru_cache(maxsize=1)
def _common_hanzi() -> frozenset[str]:
    """GB2312 level 1 (3,755 common simplified) and Big5 level 1 (5,401 common traditional)."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            chars.update(bytes([lead, trail]).decode("gb2312", "ignore"))
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            chars.update(bytes([lead, trail]).decode("big5", "ignore"))
    return frozenset(chars)


# the CJK unified ideographs and extension A (a regex counts them faster than a loop)
HANZI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
ASCII_RUN = re.compile("[\x00-\x7f]+")


def _plausibility(text: str) -> float:
    """Share of the CJK characters that are common ones (1.0 when there are none), judged
    on the first 4,000 characters: a mis-read shows long before that."""
    # one pass, a match per run of common characters and per other character (rare in a
    # right reading): a match per character cost 175 us a GBK page, this 65. The markup's
    # ASCII goes first, in long runs: scanned for hanzi it cost half of that (joining the
    # runs around it changes neither sum)
    runs = _hanzi_runs().findall(ASCII_RUN.sub("", text[:4000]))
    common = sum(map(len, runs))
    hanzi = common + runs.count("")
    if not hanzi:
        return 1.0
    return common / hanzi


@lru_cache(maxsize=1)
def _hanzi_runs() -> re.Pattern[str]:
    """A run of the common characters among those `HANZI` finds (the group), or any other
    one character `HANZI` finds (an empty group)."""
    common = "".join(sorted(c for c in _common_hanzi() if HANZI.match(c)))
    return re.compile(f"([{common}]+)|{HANZI.pattern}")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    resolved = resolve_encoding(name)  # gb2312/gbk -> gb18030, as browsers read them
    if resolved is None:
        return None
    try:
        return codecs.lookup(resolved).name
    except LookupError:
        return None


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_page(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(text, codec) for a page as served.

    >>> decode_page("市政府".encode("gbk"), "text/html; charset=utf-8")
    ('市政府', 'gb18030')
    >>> decode_page("市政府".encode("utf-8"), "text/html; charset=gbk")
    ('市政府', 'utf-8')
    >>> decode_page("臺北市政府".encode("big5"), "text/html")
    ('臺北市政府', 'big5')
    """
    bom, mark = read_bom(body)
    if bom and mark:
        codec = _codec(bom) or "utf-8"
        return body[len(mark) :].decode(codec, "replace"), codec
    if body.isascii():
        return body.decode("ascii"), "utf-8"
    utf8 = _strict(body, "utf-8")
    if utf8 is not None:
        return utf8, "utf-8"
    declared = [
        _codec(http_content_type_encoding(content_type) if content_type else None),
        _codec(html_body_declared_encoding(body[:4096])),
    ]
    candidates = [c for c in declared if c and c not in WEAK and c != "utf-8"]
    candidates += [c for c in CHINESE if c not in candidates]
    readings: list[tuple[str, str]] = []
    for codec in candidates:
        text = _strict(body, codec)
        if text is None:
            continue
        if not readings and _plausibility(text) >= PLAUSIBLE:
            return text, codec  # the usual case: the first clean reading reads well
        readings.append((codec, text))
    if readings:
        # the first declared clean reading, unless another clean one is clearly more plausible
        best_codec, best_text = readings[0]
        best_score = _plausibility(best_text)
        for codec, text in readings[1:]:
            score = _plausibility(text)
            if score > best_score + 0.15:
                best_codec, best_text, best_score = codec, text, score
        return best_text, best_codec
    # nothing decodes cleanly: the reading with the fewest replacement characters
    fallback = [c for c in (*declared, "utf-8", *CHINESE) if c]
    scored = [(body.decode(c, "replace"), c) for c in dict.fromkeys(fallback)]
    text, codec = min(scored, key=lambda tc: tc[0].count("\ufffd"))
    return text, codec


def header_text(value: bytes | str | None) -> str | None:
    """A header value as text (Scrapy keeps them as bytes)."""
    if value is None:
        return None
    return value.decode("latin-1") if isinstance(value, bytes) else value


def looks_binary(body: bytes) -> bool:
    """True for bytes that are no text page (an image or archive served as text/html).

    >>> looks_binary(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00"), looks_binary("正文".encode("gbk"))
    (True, False)
    """
    head = body[:4096]
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, CONTROL_BYTES))
    return bool(head) and controls / len(head) > 0.05
