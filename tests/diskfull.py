"""`newsarchive` on a disk that fills up part-way: a stand-in for a full file system, since the
tests can mount no small tmpfs or loop device.

    python tests/diskfull.py LINES SCOPE ARGS...

Every file the crawl opens under its data dir goes through `newsarchive.safefiles`; here each
one is wrapped. Once LINES archive lines are out, the next archive write puts half its line on
disk and fails with ENOSPC, as a write that fills a disk does; from then on every write in
SCOPE fails the same way: `archive` (the archive and the WARC files), or `data` (everything
under the data dir: archive, WARC, logs, the run log, and the seen-state's commits, which fail
as SQLite says it: "database or disk is full").
"""

from __future__ import annotations

import errno
import sqlite3
import sys
from pathlib import Path
from typing import Any

NO_SPACE = "No space left on device"


class Disk:
    lines = 0
    full = False


class FillingFile:
    """A file object whose writes fail once the disk is full."""

    def __init__(self, inner: Any, path: Path, kind: str, limit: int, scope: set[str]) -> None:
        self._inner = inner
        self._path = path
        self._kind = kind
        self._limit = limit
        self._scope = scope

    def _fail(self) -> OSError:
        return OSError(errno.ENOSPC, NO_SPACE, str(self._path))

    def write(self, data: Any) -> int:
        if Disk.full and self._kind in self._scope:
            raise self._fail()
        if self._kind == "archive":
            chunk = bytes(data)
            if Disk.lines >= self._limit:
                Disk.full = True
                self._inner.write(chunk[: len(chunk) // 2])
                raise self._fail()
            Disk.lines += chunk.count(b"\n")
        written: int = self._inner.write(data)
        return written

    def flush(self) -> None:
        if Disk.full and self._kind in self._scope and self._kind != "archive":
            raise self._fail()
        self._inner.flush()

    def __enter__(self) -> FillingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._inner.close()

    def __iter__(self) -> Any:
        return iter(self._inner)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def install(limit: int, scope: str) -> None:
    from newsarchive import safefiles
    from newsarchive.seen.sqlite import SeenStore

    kinds = {"archive": {"archive", "warc"}, "data": {"archive", "warc", "logs", "state"}}[scope]
    opened = safefiles._file

    def wrapped(fd: int, mode: str, path: Path, **kwargs: Any) -> Any:
        inner = opened(fd, mode, path, **kwargs)
        if "r" in mode and "+" not in mode:
            return inner
        kind = next((k for k in ("archive", "warc", "logs", "state") if k in path.parts), "")
        return FillingFile(inner, path, kind, limit, kinds)

    safefiles._file = wrapped  # type: ignore[assignment]
    flush = SeenStore.flush

    def failing_flush(self: SeenStore) -> None:
        if Disk.full and "state" in kinds and self.db.in_transaction:
            raise sqlite3.OperationalError("database or disk is full")
        flush(self)

    SeenStore.flush = failing_flush  # type: ignore[method-assign]


if __name__ == "__main__":
    # the checkout this script is in, not whichever newsarchive is installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    install(int(sys.argv[1]), sys.argv[2])
    from newsarchive.cli import main

    sys.exit(main(sys.argv[3:]))
