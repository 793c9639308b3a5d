"""The import contracts in pyproject.toml hold, and each one fails when its rule is broken.

A contract that cannot fail guards nothing: for each, one forbidden import is planted in a
copy of the package and `lint-imports --contract ID` must report it broken.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).parent / "lint-imports"

# contract id -> (file under newsarchive/, the line planted in it)
VIOLATIONS = {
    "layers": ("extract/urls.py", "import newsarchive.seen.base"),
    "pure-extraction": ("extract/urls.py", "import scrapy.http"),
    "sites-are-data": ("sites/base.py", "import newsarchive.extract.html"),
    "pipelines-not-spiders": ("pipelines/base.py", "import newsarchive.spiders.archive"),
    "spiders-only-for-cli": ("extensions/progress.py", "import newsarchive.spiders.sites"),
    "crawl-process": ("extensions/progress.py", "from scrapy.crawler import CrawlerProcess"),
    "seen-backends": ("seen/redis.py", "import newsarchive.seen.sqlite"),
    "acyclic": ("extract/patterns.py", "import newsarchive.extract.processors"),
}

pytestmark = pytest.mark.skipif(not LINT.exists(), reason="import-linter is in the dev extra")


def contract_ids() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return [c["id"] for c in config["tool"]["importlinter"]["contracts"]]


def lint(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT), "--no-cache", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package, the import-linter config and our contract types, outside the repo."""
    root = tmp_path_factory.mktemp("layers")
    shutil.copytree(ROOT / "newsarchive", root / "newsarchive")
    shutil.copytree(ROOT / "tools", root / "tools", ignore=shutil.ignore_patterns("sitekit"))
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def test_every_contract_has_a_planted_violation() -> None:
    assert sorted(VIOLATIONS) == sorted(contract_ids())


def test_the_package_keeps_every_contract() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("contract", sorted(VIOLATIONS))
def test_a_planted_violation_breaks_its_contract(copy: Path, contract: str) -> None:
    where, line = VIOLATIONS[contract]
    path = copy / "newsarchive" / where
    original = path.read_text("utf-8")
    path.write_text(original + f"\n{line}  # planted by tests/test_layers.py\n", "utf-8")
    try:
        broken = lint(copy, "--contract", contract)
    finally:
        path.write_text(original, "utf-8")
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "BROKEN" in broken.stdout
    assert "0 broken" not in broken.stdout
    # the copy itself is clean: the planted line, and nothing else, broke it
    assert lint(copy, "--contract", contract).returncode == 0
