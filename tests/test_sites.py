"""Every stored page extracts to its expected.json; the registry and the fixtures agree."""

from __future__ import annotations

import functools
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from newsarchive.extract import extract_article, patterns
from newsarchive.extract.fixtures import Case, discover, dump_json
from newsarchive.schema import record_validator
from newsarchive.sites import SITES
from tests.conftest import FIXTURES

CASES = discover(FIXTURES)
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?$")
# one test per case and field, as web-poet's pytest plugin does: a failure names the field
FIELDS = [
    pytest.param(case, field, id=f"{case.id}/{field}") for case in CASES for field in case.expected
]


@functools.cache
def extracted(case: Case) -> dict[str, Any]:
    """Each stored page is extracted once, for all of its field tests."""
    return case.extract()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_extraction_gives_the_expected_fields(case: Case) -> None:
    """No field missing, none extra (each field's value is the test below)."""
    got, want = set(extracted(case)), set(case.expected)
    assert got == want, (
        f"{case.id}: not in expected.json {sorted(got - want)}, not extracted {sorted(want - got)}"
    )


@pytest.mark.parametrize(("case", "field"), FIELDS)
def test_extraction_matches_expected(case: Case, field: str) -> None:
    got = extracted(case)
    assert field in got, f"{case.id}: {field} was not extracted"
    assert got[field] == case.expected[field], f"{case.id}: {field} differs from expected.json"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_every_case_records_when_its_page_was_fetched(case: Case) -> None:
    """Relative dates ("3小时前", "昨天") are read against it, not against today."""
    raw = case.meta.get("fetched_at")
    assert isinstance(raw, str), f"{case.path / 'meta.json'} has no fetched_at"
    assert datetime.fromisoformat(raw).tzinfo is not None, f"fetched_at {raw!r} has no offset"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
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


def test_relative_dates_are_read_against_the_fetch_time_not_today(tmp_path: Path) -> None:
    """`Case.extract` passes meta.json's fetched_at as `now`: a case gives the same record
    whatever day the tests run on."""
    url = "http://news.example.cn/a/1.html"
    paragraph = "<p>8月28日，区体育局举办全民健身日活动，各街镇代表队参加了比赛，现场气氛热烈。</p>"
    html = f"<html><body><h1>全民健身日活动举行</h1><div>发布时间：3小时前</div>{paragraph * 3}"
    case = Case(tmp_path / "sites" / "demo" / "article-relative-date", "demo")
    fetched_at = datetime(2024, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    case.write(
        html.encode(), url, {"Content-Type": "text/html; charset=utf-8"}, fetched_at=fetched_at
    )
    assert case.meta["fetched_at"] == "2024-03-01T10:00:00+08:00"
    assert case.expected["published_at"] == "2024-03-01T07:00:00+08:00"
    assert case.extract()["published_at"] == "2024-03-01T07:00:00+08:00"
    # read against today, the same page gives another date: the pin is what makes it stable
    today = extract_article(case.body, url, "demo", headers=case.meta["headers"])
    assert today["published_at"] != "2024-03-01T07:00:00+08:00"
    # another fetch time (in UTC, the evening before in Shanghai terms) moves the date with it
    meta = case.meta | {"fetched_at": "2024-02-29T17:30:00+00:00"}
    (case.path / "meta.json").write_text(dump_json(meta), "utf-8")
    assert case.extract()["published_at"] == "2024-02-29T22:30:00+08:00"
