"""Every demo article page, extracted from its stored bytes, gives the record written down
in tests/data/demo_expected.jsonl (the generator's own data, not a re-run of the extractor)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from newsarchive.extract import extract_article
from newsarchive.server import demo_site_root
from tests.conftest import demo_truth, demo_unarchived

PAGE_FIELDS = ("title", "author", "source", "editor", "published_at", "body")
HOST = "http://127.0.0.1:8000"


def served(path: str) -> tuple[bytes, dict[str, str]]:
    root = demo_site_root()
    headers = json.loads((root / "_headers.json").read_text("utf-8"))
    content_type = headers.get(path, {}).get("Content-Type", "text/html; charset=utf-8")
    return (root / path.lstrip("/")).read_bytes(), {"Content-Type": content_type}


@pytest.mark.parametrize("truth", demo_truth(), ids=lambda t: t["url"])
def test_demo_article_page(truth: dict[str, Any]) -> None:
    body, headers = served(truth["url"])
    record = extract_article(body, HOST + truth["url"], "demo", headers=headers)
    assert record["defects"] == []
    assert {k: record[k] for k in PAGE_FIELDS} == {k: truth[k] for k in PAGE_FIELDS}
    assert not any("\ufffd" in str(v) for v in record.values())


def test_demo_truncated_page_is_flagged() -> None:
    for path in demo_unarchived()["truncated"]:
        body, headers = served(path)
        assert "truncated" in extract_article(body, HOST + path, "demo", headers=headers)["defects"]
