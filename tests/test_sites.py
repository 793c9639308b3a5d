"""Every stored page extracts to its expected.json; the registry and the fixtures agree."""

from __future__ import annotations

import json
import re

import pytest

from newsarchive.extract import patterns
from newsarchive.extract.fixtures import Case, discover
from newsarchive.schema import record_validator
from newsarchive.sites import SITES
from tests.conftest import FIXTURES

CASES = discover(FIXTURES)
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?$")


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.slug or 'cleared'}/{c.name}")
def test_extraction_matches_expected(case: Case) -> None:
    assert case.extract() == case.expected


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.slug or 'cleared'}/{c.name}")
def test_expected_files_are_sane(case: Case) -> None:
    expected = case.expected
    assert "\ufffd" not in json.dumps(expected, ensure_ascii=False), "mojibake in expected.json"
    if case.kind == "article":
        assert expected["title"] and expected["body"]
        assert expected["url"].startswith("http")
        assert expected["published_at"] is None or ISO.match(expected["published_at"])
        if not expected["defects"]:
            record = {k: v for k, v in expected.items() if k != "defects"}
            record["crawled_at"] = "2026-11-29T00:00:00+00:00"
            assert record_validator().is_valid(record)
    elif case.kind == "listing":
        assert expected["rows"], "a listing case must have rows"
        assert all(row["url"].startswith("http") for row in expected["rows"])


@pytest.mark.parametrize("slug", sorted(SITES))
def test_every_site_has_listing_and_article_cases(slug: str) -> None:
    kinds = {c.kind for c in CASES if c.slug == slug}
    assert {"article", "listing"} <= kinds, (
        f"site {slug!r} needs stored pages: run `newsarchive fixture save {slug} URL "
        "--name article-…` and `--name listing-…`"
    )


def test_every_fixture_belongs_to_a_registered_site() -> None:
    strays = {c.slug for c in CASES if c.slug is not None} - set(SITES)
    assert not strays, f"fixtures for unregistered sites: {sorted(strays)}"


def test_every_placeholder_marker_has_a_stored_page() -> None:
    dropped = {c.expected["dropped"] for c in CASES if c.kind == "cleared"}
    assert dropped == {f"placeholder/{name}" for name, _ in patterns.CLEARED_MARKERS}
