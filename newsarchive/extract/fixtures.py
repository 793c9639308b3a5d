"""The one reader and writer of the stored-page fixture format (tests and CLI share it).

tests/fixtures/sites/<slug>/<kind>-<name>/   kind is "article" or "listing"
    body.html       the raw bytes the server sent
    meta.json       {"url": ..., "headers": {...}, "fetched_at": ISO 8601 with offset},
                    and "site" for a placeholder case; relative dates ("3小时前", "昨天") on
                    the page are read against fetched_at, so a case gives the same record
                    on any day
    expected.json   what extraction gives: sorted keys, ensure_ascii=False, indent 2
tests/fixtures/cleared/cleared-<name>/             placeholder pages; expected {"dropped": ...}

The same format holds the pages `newsarchive site add` stores for a user's site under the
data dir (`<data>/fixtures/<slug>/`); those cases carry the site's profile (`Case.profile`),
since a user's site is not one of the registered `SITES`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsarchive.extract import extract_article, read_listing
from newsarchive.extract.processors import matches_placeholder
from newsarchive.sites import SITES
from newsarchive.sites.base import Site

VOLATILE = ("crawled_at",)
# the kinds of a site's cases, as their folder names start
KINDS = ("listing-", "article-")


def dump_json(data: Any) -> str:
    """Deterministic JSON for files people review as diffs."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


@dataclass(frozen=True)
class Case:
    """One stored page and what extracting it must give."""

    path: Path
    slug: str | None  # None for placeholder cases, which are site-independent
    # the profile to extract with; None: the registered site named by the slug
    profile: Site | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def id(self) -> str:
        """`<slug>/<name>`, or `cleared/<name>` for a placeholder case (test ids)."""
        return f"{self.slug or 'cleared'}/{self.name}"

    @property
    def kind(self) -> str:
        if self.slug is None:
            return "cleared"
        return self.name.split("-", 1)[0]

    @property
    def meta(self) -> dict[str, Any]:
        meta: dict[str, Any] = json.loads((self.path / "meta.json").read_text("utf-8"))
        return meta

    @property
    def fetched_at(self) -> datetime:
        """When the page was fetched: the `now` its relative dates are read against."""
        raw = self.meta.get("fetched_at")
        if not isinstance(raw, str):
            raise ValueError(f"{self.path / 'meta.json'}: no fetched_at (ISO 8601 with offset)")
        when = datetime.fromisoformat(raw)
        if when.tzinfo is None:
            raise ValueError(f"{self.path / 'meta.json'}: fetched_at {raw!r} has no offset")
        return when

    @property
    def body(self) -> bytes:
        return (self.path / "body.html").read_bytes()

    @property
    def expected(self) -> dict[str, Any]:
        expected: dict[str, Any] = json.loads((self.path / "expected.json").read_text("utf-8"))
        return expected

    def extract(self) -> dict[str, Any]:
        """What the current code extracts from the stored page."""
        meta = self.meta
        # a placeholder case keeps the site it came from, whose selectors read its body
        slug = self.slug or meta.get("site")
        site = self.profile or (SITES[slug] if slug else None)
        if self.kind == "listing":
            page = read_listing(self.body, meta["url"], site, headers=meta.get("headers"))
            return page.record()
        record = extract_article(
            self.body, meta["url"], site, headers=meta.get("headers"), now=self.fetched_at
        )
        for key in VOLATILE:
            record.pop(key, None)
        if self.kind == "cleared":
            return {
                "dropped": f"placeholder/{matches_placeholder(record['title'], record['body'])}"
            }
        return record

    def write(
        self,
        body: bytes,
        url: str,
        headers: dict[str, str],
        site: str | None = None,
        *,
        fetched_at: datetime | None = None,
    ) -> None:
        """Store a page fetched at `fetched_at` (default: now), and pin what it extracts to."""
        when = fetched_at or datetime.now(UTC)
        if when.tzinfo is None:
            raise ValueError(f"fetched_at {when.isoformat()} has no offset")
        self.path.mkdir(parents=True, exist_ok=True)
        (self.path / "body.html").write_bytes(body)
        meta = {
            "url": url,
            "headers": headers,
            "fetched_at": when.isoformat(timespec="seconds"),
        } | ({"site": site} if site else {})
        (self.path / "meta.json").write_text(dump_json(meta), "utf-8")
        self.update()

    def update(self) -> None:
        """Re-pin expected.json to what the code extracts now."""
        (self.path / "expected.json").write_text(dump_json(self.extract()), "utf-8")


def site_cases(folder: Path, profile: Site) -> list[Case]:
    """The cases stored for one site in `folder` (`<data>/fixtures/<slug>/`), read with
    `profile`, listings first."""
    found = [p for p in folder.glob("*") if p.is_dir() and p.name.startswith(KINDS)]

    def order(path: Path) -> tuple[bool, list[str | int]]:
        # article-2 before article-10
        parts = re.split(r"(\d+)", path.name)
        return path.name.startswith("article-"), [int(t) if t.isdigit() else t for t in parts]

    return [Case(p, profile.slug, profile) for p in sorted(found, key=order)]


def discover(root: Path) -> list[Case]:
    """Every case under tests/fixtures/ (`sites/<slug>/<case>` and `cleared/<case>`)."""
    cases = [Case(p, p.parent.name) for p in sorted((root / "sites").glob("*/*")) if p.is_dir()]
    cases += [Case(p, None) for p in sorted((root / "cleared").glob("*")) if p.is_dir()]
    return cases
