"""DataDir: the one owner of every path under the data dir.

    <data>/sites.toml                                     the user's own sites
    <data>/fixtures/<site>/<kind>-<name>/                 stored pages `site check` re-reads
    <data>/archive/<site>/<crawl-date>[.<worker>].jsonl   the archive (append-only)
    <data>/warc/<site>/<crawl-date>[.<n>].warc.gz[.open]  raw responses
    <data>/logs/<site>/<day>.log                          one log per site and day
    <data>/state/seen.sqlite3                             the seen-state (SQLite backend)
    <data>/state/runs.jsonl                               the run log, one line per run
    <data>/state/locks/<site>[.<worker>].lock             who is crawling a site
    <data>/state/torn/<site>/                             torn tails set aside after a kill

Every other module asks this object for a path; none spells these names itself, so the layout
is written down once (here) and can be read in one place.

>>> data = DataDir("data")
>>> data.archive_file("demo", "2026-12-06").as_posix()
'data/archive/demo/2026-12-06.jsonl'
>>> data.relative(data.warc("demo") / "2026-12-06.warc.gz")
'warc/demo/2026-12-06.warc.gz'
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

DEFAULT = "data"
# the environment variable and the Scrapy setting that name the data dir
ENV_VAR = "NEWSARCHIVE_DATA"
SETTING = "NEWSARCHIVE_DATA_DIR"

ARCHIVE = "archive"
WARC = "warc"
LOGS = "logs"
STATE = "state"
FIXTURES = "fixtures"


class DataDir:
    """Paths under one data dir; nothing is created until a caller asks (`ensure`)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"DataDir({str(self.root)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DataDir) and other.root == self.root

    def __hash__(self) -> int:
        return hash(self.root)

    @classmethod
    def default(cls) -> DataDir:
        """`$NEWSARCHIVE_DATA`, else `./data`."""
        return cls(os.environ.get(ENV_VAR) or DEFAULT)

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> DataDir:
        """The crawl's data dir: setting NEWSARCHIVE_DATA_DIR (the CLI's --data-dir)."""
        return cls(settings.get(SETTING) or DEFAULT)

    @classmethod
    def of(cls, crawler: Crawler) -> DataDir:
        return cls.from_settings(crawler.settings)

    @property
    def sites_file(self) -> Path:
        """The user's site list (`newsarchive.sites`), unless --sites names another."""
        return self.root / "sites.toml"

    def fixtures(self, site: str) -> Path:
        """A site's stored pages and their records (`site add` writes, `site check` reads)."""
        return self.root / FIXTURES / site

    def relative(self, path: Path) -> str:
        """`path` as archive records cite it: relative to the data dir, with slashes."""
        return path.relative_to(self.root).as_posix()

    # -- the archive ------------------------------------------------------------------

    @property
    def archive_root(self) -> Path:
        return self.root / ARCHIVE

    def archive(self, site: str) -> Path:
        return self.archive_root / site

    def archive_file(self, site: str, crawl_date: str, worker: str | None = None) -> Path:
        """Where a crawl of `site` started on `crawl_date` (UTC, YYYY-MM-DD) writes; a worker
        of a shared (Redis) crawl has a file of its own, so no two processes append to one."""
        name = f"{crawl_date}.{worker}.jsonl" if worker else f"{crawl_date}.jsonl"
        return self.archive(site) / name

    def archive_files(self, site: str, worker: str | None = None) -> list[Path]:
        """A site's archive files in name order (a worker's own files only, with `worker`)."""
        folder = self.archive(site)
        if not folder.is_dir():
            return []
        pattern = f"*.{worker}.jsonl" if worker else "*.jsonl"
        # pathlib's * also matches dot-files (an editor's or a copy tool's leftovers)
        return sorted(p for p in folder.glob(pattern) if p.is_file() and not p.name.startswith("."))

    # -- raw responses and logs -------------------------------------------------------

    def warc(self, site: str) -> Path:
        return self.root / WARC / site

    @staticmethod
    def warc_name(site: str, file_name: str) -> str:
        """How a crawl of `site` cites one of its WARC files, wherever it was copied to."""
        return f"{WARC}/{site}/{file_name}"

    def log_file(self, site: str, day: str) -> Path:
        return self.root / LOGS / site / f"{day}.log"

    # -- state ------------------------------------------------------------------------

    @property
    def state(self) -> Path:
        return self.root / STATE

    @property
    def seen_db(self) -> Path:
        return self.state / "seen.sqlite3"

    @property
    def runs(self) -> Path:
        return self.state / "runs.jsonl"

    def lock(self, site: str, worker: str | None = None) -> Path:
        name = f"{site}.{worker}.lock" if worker else f"{site}.lock"
        return self.state / "locks" / name

    def torn(self, site: str) -> Path:
        return self.state / "torn" / site

    # the names documents show a user (report notes, stats sources), relative to the data dir
    SEEN_DB_NAME = f"{STATE}/seen.sqlite3"
    RUNS_NAME = f"{STATE}/runs.jsonl"
