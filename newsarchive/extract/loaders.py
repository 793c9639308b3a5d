"""ArticleLoader: the itemloaders processors every field of the record goes through.

Values are added most-trusted first (a site's selectors, then the generic extractor's
candidates); the output processors normalise and pick. The loader context carries the site's
timezone (`timezone`), its names (`site_names`), the crawl time (`now`) and whether a date-time
keeps the offset it states (`keep_offset`, for pages whose timezone is unknown).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from re import Pattern
from typing import Any, Self

from itemloaders import ItemLoader
from itemloaders.processors import Identity, TakeFirst

from newsarchive.extract.processors import (
    date_precision,
    join_paragraphs,
    normalize_ws,
    parse_date,
    split_names,
    strip_site_suffix,
)
from newsarchive.items import Article

_ARTICLE_FIELDS = frozenset(f.name for f in dataclasses.fields(Article))

# "【区体育局】标题" / "[通知]标题": a bracketed label in front of the title is the section.
BRACKET_LABEL = re.compile(r"^\s*[【\[](?P<label>[^】\]]{1,16})[】\]]\s*(?P<rest>.+)$")


def _title_out(values: Iterable[str], loader_context: dict[str, Any]) -> str | None:
    names = loader_context.get("site_names", ())
    for value in values:
        title = strip_site_suffix(value, names)
        if title:
            return title
    return None


def _date_out(values: Iterable[str], loader_context: dict[str, Any]) -> str | None:
    """The first parseable date, made more precise by a later candidate for the same day.

    CMS meta tags often round to the minute or the day while the visible byline gives the
    seconds; both are the same publication time.
    """
    tz = loader_context.get("timezone", "Asia/Shanghai")
    now: datetime | None = loader_context.get("now")
    keep_offset = bool(loader_context.get("keep_offset"))
    best: str | None = None
    for value in values:
        parsed = parse_date(value, tz, now, keep_offset=keep_offset)
        if parsed is None:
            continue
        if best is None or (
            parsed[:10] == best[:10]
            and date_precision(parsed) > date_precision(best)
            and (date_precision(best) == 1 or parsed[:16] == best[:16])
        ):
            best = parsed
    return best


def normalized(values: Iterable[str]) -> list[str]:
    """`MapCompose(normalize_ws)` for the strings a field is given: the same list, without a
    ChainMap of the loader context built for every value added (a tenth of the loader)."""
    return [normalize_ws(value) for value in values]


def _names_out(values: Iterable[str]) -> str | None:
    for value in values:
        names = split_names(value)
        if names:
            return names
    return None


# a field's processors, per loader class, item class and field: itemloaders looks them up on
# every value added (an ItemAdapter and the dataclass's fields each time), a tenth of the
# loader's cost; a few dozen entries at most, whatever the crawl
_PROCESSORS: dict[tuple[type, type, str, str], Callable[..., Any]] = {}


class ArticleLoader(ItemLoader):
    """Default processors for `Article`; a site may subclass it for site-only processors."""

    def get_input_processor(self, field_name: str) -> Callable[..., Any]:
        key = (type(self), type(self.item), field_name, "in")
        proc = _PROCESSORS.get(key)
        if proc is None:
            proc = _PROCESSORS[key] = super().get_input_processor(field_name)
        return proc

    def get_output_processor(self, field_name: str) -> Callable[..., Any]:
        key = (type(self), type(self.item), field_name, "out")
        proc = _PROCESSORS.get(key)
        if proc is None:
            proc = _PROCESSORS[key] = super().get_output_processor(field_name)
        return proc

    def add_value(
        self,
        field_name: str | None,
        value: Any,
        *processors: Callable[..., Any],
        re: str | Pattern[str] | None = None,
        **kw: Any,
    ) -> Self:
        """ItemLoader's, without `get_value`'s pass for a value given no processors, regex
        or field mapping (every call of `parse_article`)."""
        if processors or re or kw or not field_name or value is None:
            return super().add_value(field_name, value, *processors, re=re, **kw)
        self._add_value(field_name, value)
        return self

    def load_item(self) -> Any:
        """ItemLoader's, setting an `Article`'s fields directly: the `ItemAdapter` it makes
        for that asks every adapter class whether the item is theirs."""
        item = self.item
        if type(item) is not Article:
            return super().load_item()
        for field_name in tuple(self._values):
            value = self.get_output_value(field_name)
            if value is not None:
                if field_name not in _ARTICLE_FIELDS:
                    # (the adapter's error for a field the item does not have)
                    raise KeyError(f"Article does not support field: {field_name}")
                setattr(item, field_name, value)
        return item

    default_item_class = Article
    default_input_processor = staticmethod(normalized)
    default_output_processor = TakeFirst()

    title_out = _title_out
    author_out = _names_out
    published_at_out = _date_out
    body_in = Identity()
    body_out = join_paragraphs
    defects_in = Identity()
    defects_out = Identity()


def split_bracket_label(title: str | None) -> tuple[str | None, str | None]:
    """("区体育局", "标题") for "【区体育局】标题"; (None, title) otherwise.

    >>> split_bracket_label("【区体育局】我区网球队员征战总决赛")
    ('区体育局', '我区网球队员征战总决赛')
    """
    if not title:
        return None, title
    m = BRACKET_LABEL.match(title)
    if not m:
        return None, title
    return m["label"].strip(), m["rest"].strip()
