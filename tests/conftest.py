from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsarchive.server import LocalSite, demo_site_root

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
DEMO_EXPECTED = TESTS / "data" / "demo_expected.jsonl"
DEMO_UNARCHIVED = TESTS / "data" / "demo_unarchived.json"


def demo_truth() -> list[dict[str, Any]]:
    """The expected record of every demo article, URLs as root-relative paths."""
    lines = DEMO_EXPECTED.read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def demo_unarchived() -> dict[str, list[str]]:
    data: dict[str, list[str]] = json.loads(DEMO_UNARCHIVED.read_text("utf-8"))
    return data


@pytest.fixture(scope="session")
def demo_root() -> Path:
    return demo_site_root()


@pytest.fixture
def demo_site() -> Iterator[LocalSite]:
    """The demo site on 127.0.0.1, with its own request log for this test."""
    with LocalSite(demo_site_root()) as site:
        yield site


# the test being set up or run: `run_cli` holds a crawl to the tests marked for it
_current_test: pytest.Item | None = None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before the test's fixtures (a session fixture may crawl for the first test using it)."""
    global _current_test
    _current_test = item


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """`python -m newsarchive ARGS` in a subprocess, as a user or cron would run it.

    A `crawl` is the slow tier: only a test marked `crawl` may run one (a fixture's crawl counts
    for the test it is set up for), so that `pytest -m "not crawl"` stays fast.
    """
    test = _current_test
    if args[:1] == ("crawl",) and test is not None and test.get_closest_marker("crawl") is None:
        pytest.fail(
            f"{test.nodeid} runs `newsarchive crawl`: mark it @pytest.mark.crawl", pytrace=False
        )
    full_env = {k: v for k, v in os.environ.items() if k != "NEWSARCHIVE_DATA"} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "newsarchive", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        check=False,
    )


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
