"""A real browser for the few sites whose listings only a browser can draw (`render = true`).

scrapy-playwright (the optional extra `pip install 'newsarchive[browser]'`) drives the system's
chromium (`apt install chromium`; `NEWSARCHIVE_CHROMIUM` names another executable): no browser
is downloaded, ever. Only a crawler whose site renders gets the download handler and the
browser's settings (`browser_settings`, merged into the site's spider `custom_settings`), so a
crawl of other sites never starts, nor even imports, Playwright. Requests ask for the browser
one by one (`render_meta`): a rendering site's listing pages, and its articles only when it says
`render_articles`; everything else, robots.txt and a data proxy's or an API's answers included,
is fetched plainly by the same crawler.

A rendered page may fetch what its own host (or the site's domains) serves and nothing else:
no third-party script, no tracker, no private address, no image, font or video
(`BrowserGuard`, the handler's `PLAYWRIGHT_ABORT_REQUEST`).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from newsarchive.settings import DOWNLOAD_HANDLERS
from newsarchive.sites.base import Site

HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
CHROMIUM_ENV = "NEWSARCHIVE_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
# a headless browser on a server that must not phone home: no sandbox (it runs in a container as
# root), no GPU, no background fetches of its own (updates, sync, field trials, safe browsing)
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--disable-extensions",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
    "--metrics-recording-only",
    "--no-first-run",
    "--no-default-browser-check",
    "--mute-audio",
)
# what a list is drawn without
SKIPPED_RESOURCES = frozenset({"image", "media", "font", "imageset", "texttrack"})
# how long a rendered listing may go on fetching its data before it is read as it stands
SETTLE_MS = 10_000
NAVIGATION_MS = 30_000
INSTALL_HINT = "pip install 'newsarchive[browser]' and apt install chromium"


def chromium_path() -> str | None:
    """The chromium executable: $NEWSARCHIVE_CHROMIUM, else chromium on the PATH."""
    given = os.environ.get(CHROMIUM_ENV)
    if given:
        return given if os.access(given, os.X_OK) else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def browser_problem() -> str | None:
    """Why a site that renders cannot be crawled here, in one line (None when it can)."""
    if importlib.util.find_spec("scrapy_playwright") is None:
        return f"scrapy-playwright is not installed ({INSTALL_HINT})"
    if chromium_path() is None:
        where = os.environ.get(CHROMIUM_ENV)
        if where:
            return f"{CHROMIUM_ENV}={where} is not an executable"
        return f"no chromium on the PATH ({INSTALL_HINT}, or set {CHROMIUM_ENV})"
    return None


class BrowserGuard:
    """What a rendered page may not fetch (True: abort): anything not on the page's own host
    and port nor on the site's domains, anything not http(s), images, fonts and media. The
    listing page itself was checked by the crawl's safety middleware before it got here."""

    def __init__(self, domains: Iterable[str]) -> None:
        self.domains = tuple(d.lower().strip(".") for d in domains if d)

    def __call__(self, request: Any) -> bool:
        if request.resource_type in SKIPPED_RESOURCES:
            return True
        parts = urlsplit(request.url)
        if parts.scheme not in ("http", "https"):
            return True
        try:
            frame = request.frame
            if request.is_navigation_request() and frame.parent_frame is None:
                return False
            page = urlsplit(frame.page.url)
        except Exception:  # a worker's request, a closed page: nothing it needs
            return True
        if parts.netloc.lower() == page.netloc.lower():
            return False
        host = (parts.hostname or "").lower()
        return not any(host == d or host.endswith("." + d) for d in self.domains)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BrowserGuard) and other.domains == self.domains

    def __hash__(self) -> int:
        return hash(self.domains)


def browser_settings(site: Site) -> dict[str, Any]:
    """The settings a rendering site's crawler adds: scrapy-playwright as the http(s) download
    handler, over the system's chromium, guarded. Empty for a site that does not render."""
    if not (site.render or site.render_articles):
        return {}
    launch: dict[str, Any] = {"headless": True, "args": list(CHROMIUM_FLAGS)}
    executable = chromium_path()
    if executable:
        launch["executable_path"] = executable
    return {
        "DOWNLOAD_HANDLERS": {**DOWNLOAD_HANDLERS, "http": HANDLER, "https": HANDLER},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": launch,
        "PLAYWRIGHT_ABORT_REQUEST": BrowserGuard(site.domains),
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": NAVIGATION_MS,
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
    }


async def settle(page: Any) -> None:
    """Wait until the page stops fetching (its list's data arrived), for `SETTLE_MS` at most:
    a page that never stops is read as it stands then."""
    try:
        await page.wait_for_load_state("networkidle", timeout=SETTLE_MS)
    except Exception:  # Playwright's TimeoutError: read what was drawn
        return


def render_meta() -> dict[str, Any]:
    """The request meta that has the browser fetch and draw a page."""
    from scrapy_playwright.page import PageMethod

    return {"playwright": True, "playwright_page_methods": [PageMethod(settle)]}
