"""The seen-state's fast paths give what their plain definitions give."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsarchive.seen import base
from newsarchive.seen.sqlite import SeenStore

SECOND = 1_000_000_000


@pytest.mark.parametrize(
    "ns",
    [
        1_767_225_600 * SECOND - 1,  # the last nanosecond of 2025
        1_767_225_600 * SECOND,
        1_767_225_600 * SECOND + 1,
        1_767_225_600 * SECOND + SECOND - 1,
        1_767_225_601 * SECOND,
        1_767_225_600 * SECOND + 999_999_999,
    ],
)
def test_now_is_datetime_now_to_the_second(monkeypatch: pytest.MonkeyPatch, ns: int) -> None:
    monkeypatch.setattr(time, "time_ns", lambda: ns)
    plain = datetime.fromtimestamp(ns // 1000 / 1_000_000, UTC).isoformat(timespec="seconds")
    assert base.now() == plain
    assert base.now() == plain  # again, from the second's cached text


def test_now_moves_with_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    start = 1_767_225_599 * SECOND
    for step in range(0, 3 * SECOND, SECOND // 3):
        monkeypatch.setattr(time, "time_ns", lambda step=step: start + step)
        expected = datetime.fromtimestamp((start + step) // SECOND, UTC)
        assert base.now() == expected.isoformat(timespec="seconds")


def test_a_content_claim_names_its_owner(tmp_path: Path) -> None:
    store = SeenStore(":memory:")
    assert store.claim_content("s", "a" * 32, "http://x.cn/1") == "http://x.cn/1"
    # the same text under another URL: the first claim stands
    assert store.claim_content("s", "a" * 32, "http://x.cn/2") == "http://x.cn/1"
    # the owner again (a revision, a page fetched twice): its own claim
    assert store.claim_content("s", "a" * 32, "http://x.cn/1") == "http://x.cn/1"
    # another site, another text: claims of their own
    assert store.claim_content("t", "a" * 32, "http://x.cn/2") == "http://x.cn/2"
    assert store.claim_content("s", "b" * 32, "http://x.cn/2") == "http://x.cn/2"
    store.flush()
    assert store.content_owner("s", "a" * 32) == "http://x.cn/1"
    assert store.content_owner("s", "b" * 32) == "http://x.cn/2"
    store.close()
