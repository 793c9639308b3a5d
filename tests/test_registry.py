"""The site registry: every profile module is listed, is a spider, and declares only SITE."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from scrapy.settings import Settings
from scrapy.spiderloader import get_spider_loader

import newsarchive.sites
from newsarchive.sites import MODULES, SITES, UnknownSiteError, get_site
from newsarchive.sites.base import Site
from newsarchive.spiders.archive import ArchiveSpider

SLUG = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


def site_module_names() -> list[str]:
    """Every profile module in newsarchive/sites/ (not __init__, base, the sites.toml reader or
    _private ones)."""
    return sorted(
        f"{newsarchive.sites.__name__}.{info.name}"
        for info in pkgutil.iter_modules(newsarchive.sites.__path__)
        if info.name not in ("base", "toml") and not info.name.startswith("_")
    )


def project_settings() -> Settings:
    settings = Settings()
    settings.setmodule("newsarchive.settings", priority="project")
    return settings


def defined_names(source: str) -> list[str]:
    """Names a module's top-level statements bind, imports left out."""
    names: list[str] = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                names.extend(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        elif isinstance(node, ast.AnnAssign | ast.AugAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
        else:
            names.extend(
                n.id
                for n in ast.walk(node)
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
            )
    return names


def test_there_is_a_site_module() -> None:
    assert "newsarchive.sites.demo" in site_module_names()


@pytest.mark.parametrize("module_name", site_module_names())
def test_every_site_module_is_registered(module_name: str) -> None:
    assert module_name in MODULES.values()


def test_registry_lists_each_module_once() -> None:
    assert sorted(MODULES) == sorted(SITES)
    assert sorted(MODULES.values()) == site_module_names()


@pytest.mark.parametrize("slug", sorted(SITES))
def test_registered_module_declares_its_site(slug: str) -> None:
    module = importlib.import_module(MODULES[slug])
    assert module.SITE is SITES[slug]
    assert module.SITE.slug == slug


def test_every_slug_is_a_spider() -> None:
    loader = get_spider_loader(project_settings())
    names = loader.list()
    for slug in SITES:
        assert slug in names
        spider = loader.load(slug)
        assert issubclass(spider, ArchiveSpider)
        assert spider.name == slug
        assert spider.site_slug == slug
    # besides the per-site spiders, only the generic one
    assert sorted(names) == sorted([*SITES, "archive"])


@pytest.mark.parametrize("slug", sorted(SITES))
def test_slug_is_snake_case(slug: str) -> None:
    assert SLUG.fullmatch(slug), slug


@pytest.mark.parametrize(
    ("slug", "ok"),
    [
        ("demo", True),
        ("jiading_gov", True),
        ("site2", True),
        ("Demo", False),
        ("demo-site", False),
        ("_demo", False),
        ("demo_", False),
        ("demo__gov", False),
        ("2demo", False),
    ],
)
def test_slug_pattern(slug: str, ok: bool) -> None:
    assert (SLUG.fullmatch(slug) is not None) is ok


def test_unknown_site() -> None:
    with pytest.raises(UnknownSiteError) as excinfo:
        get_site("nope")
    message = str(excinfo.value)
    assert "'nope'" in message
    for slug in SITES:
        assert slug in message
    assert message == f"unknown site 'nope'; known sites: {', '.join(sorted(SITES))}"
    # a KeyError, so a dict-style caller can catch it
    assert isinstance(excinfo.value, KeyError)


def test_get_site_returns_the_profile() -> None:
    assert get_site("demo") is SITES["demo"]


@pytest.mark.parametrize("module_name", site_module_names())
def test_site_module_declares_only_site(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert module.__file__ is not None
    source = Path(module.__file__).read_text("utf-8")
    public = [name for name in defined_names(source) if not name.startswith("_")]
    assert public == ["SITE"]
    assert isinstance(module.SITE, Site)


def test_defined_names_sees_every_binding() -> None:
    source = (
        "from __future__ import annotations\n"
        "import re\n"
        "from x import Y\n"
        "SITE = Y()\n"
        "A: int = 1\n"
        "B = C = 2\n"
        "D, _e = 3, 4\n"
        "def f(): pass\n"
        "class K: pass\n"
        "for i in range(2): pass\n"
        "with open('x') as fh: pass\n"
    )
    assert defined_names(source) == ["SITE", "A", "B", "C", "D", "_e", "f", "K", "i", "fh"]
