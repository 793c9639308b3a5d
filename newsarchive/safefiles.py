"""Files under the data dir, opened without following a symbolic link anywhere below it.

A data dir on shared storage may hold links someone else planted: one named like today's
archive file, a `.open` WARC file, the run log or a lock would have a crawl append to,
truncate or rewrite whatever it points at. Every file a crawl writes (or repairs) under the
data dir is opened here, one path component at a time from the data dir down (openat), each
with O_NOFOLLOW, and it must turn out to be a regular file. A link, a FIFO or a device below
the data dir is refused with `UnsafePathError`, whose message is one line naming the path.
The data dir itself may be a link: where the data lives is its owner's choice.

SQLite opens its files itself; `check_tree` refuses a seen-state reached through a link
before it is opened.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import sqlite3
import stat
from pathlib import Path
from typing import IO, Any

# O_NONBLOCK: opening a FIFO planted under a file's name must fail or return, not wait for
# a writer forever; it is cleared again once the file is known to be a regular one
_OPEN = os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC

APPEND = os.O_WRONLY | os.O_APPEND | os.O_CREAT
NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL
READ = os.O_RDONLY
UPDATE = os.O_RDWR
LOCK = os.O_RDWR | os.O_CREAT

# what a full disk (or a spent quota) looks like from Python and from SQLite
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


class UnsafePathError(OSError):
    """A path under the data dir that a crawl will not write through: a symbolic link, or
    not a regular file (not a directory, for a folder on the way)."""

    def __init__(self, path: Path | str, what: str) -> None:
        message = f"refusing to write through {path}: {what}"
        super().__init__(errno.ELOOP, message)
        self.path = str(path)
        self.message = message

    def __str__(self) -> str:
        return self.message


LINK = "it is a symbolic link (the data dir's own files never are; remove it)"
NOT_FILE = "it is not a regular file"
NOT_DIR = "it is not a directory"


def is_disk_full(exc: BaseException) -> bool:
    """Whether an error means the disk (or the user's quota) is full.

    >>> is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    True
    >>> is_disk_full(sqlite3.OperationalError("database or disk is full")), is_disk_full(
    ...     OSError(errno.EACCES, "Permission denied"))
    (True, False)
    """
    if isinstance(exc, OSError):
        return exc.errno in DISK_FULL_ERRNOS
    if isinstance(exc, sqlite3.OperationalError):
        return "disk is full" in str(exc)  # SQLITE_FULL: "database or disk is full"
    return False


def _parts(root: Path, path: Path) -> tuple[str, ...]:
    parts = path.relative_to(root).parts
    if not parts or ".." in parts:
        raise ValueError(f"{path} is not a file under {root}")
    return parts


def _unsafe_component(dir_fd: int, name: str, where: Path) -> UnsafePathError:
    try:
        mode = os.lstat(name, dir_fd=dir_fd).st_mode
    except OSError:
        return UnsafePathError(where, NOT_DIR)
    return UnsafePathError(where, LINK if stat.S_ISLNK(mode) else NOT_DIR)


def open_fd(root: Path, path: Path, flags: int, *, make_dirs: bool = False) -> int:
    """A descriptor for `path` (under `root`), opened with `flags`, never through a link.

    `make_dirs` creates the folders on the way (never through a link either). Raises
    UnsafePathError for a link or a non-regular file, OSError (naming `path`) otherwise.
    """
    parts = _parts(root, path)
    if make_dirs:
        root.mkdir(parents=True, exist_ok=True)
    dir_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        where = root
        for name in parts[:-1]:
            where = where / name
            if make_dirs:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, 0o777, dir_fd=dir_fd)
            try:
                fd = os.open(name, _DIR, dir_fd=dir_fd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise _unsafe_component(dir_fd, name, where) from None
                raise type(exc)(exc.errno, exc.strerror, str(where)) from None
            os.close(dir_fd)
            dir_fd = fd
        try:
            fd = os.open(parts[-1], flags | _OPEN, 0o644, dir_fd=dir_fd)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise UnsafePathError(path, LINK) from None
            if exc.errno in (errno.ENXIO, errno.ENODEV):  # a FIFO with no reader, a socket
                raise UnsafePathError(path, NOT_FILE) from None
            raise type(exc)(exc.errno, exc.strerror, str(path)) from None
    finally:
        os.close(dir_fd)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UnsafePathError(path, NOT_FILE)
    fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
    return fd


def _file(fd: int, mode: str, path: Path, **kwargs: Any) -> IO[Any]:
    """The file object of an opened descriptor (one place, so tests can stand in a full disk)."""
    return os.fdopen(fd, mode, **kwargs)


def open_append(root: Path, path: Path, *, buffering: int = -1) -> IO[bytes]:
    """`path` for appending bytes, created (with its folders) if missing."""
    fd = open_fd(root, path, APPEND, make_dirs=True)
    handle: IO[bytes] = _file(fd, "ab", path, buffering=buffering)
    return handle


def open_append_text(root: Path, path: Path) -> IO[str]:
    """`path` for appending UTF-8 text, created (with its folders) if missing."""
    fd = open_fd(root, path, APPEND, make_dirs=True)
    handle: IO[str] = _file(fd, "a", path, encoding="utf-8")
    return handle


def open_new(root: Path, path: Path) -> IO[bytes]:
    """A new file at `path` (FileExistsError if there is one), its folders created."""
    fd = open_fd(root, path, NEW, make_dirs=True)
    handle: IO[bytes] = _file(fd, "wb", path)
    return handle


def open_read(root: Path, path: Path) -> IO[bytes]:
    """`path` for reading: a file the crawl is about to repair or replay is read through no
    link either, so that nothing outside the data dir is copied into it."""
    handle: IO[bytes] = _file(open_fd(root, path, READ), "rb", path)
    return handle


def open_update(root: Path, path: Path) -> IO[bytes]:
    """An existing `path` for reading and writing in place (cutting a torn tail)."""
    handle: IO[bytes] = _file(open_fd(root, path, UPDATE), "r+b", path)
    return handle


def open_lock(root: Path, path: Path) -> IO[str]:
    """`path` for reading and rewriting in place, created if missing: a lock file."""
    fd = open_fd(root, path, LOCK, make_dirs=True)
    handle: IO[str] = _file(fd, "r+", path, encoding="utf-8")
    return handle


def write_new(root: Path, path: Path, data: bytes) -> None:
    """Write `data` to a new file at `path` and sync it."""
    with open_new(root, path) as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def check_tree(root: Path, path: Path) -> None:
    """Refuse (UnsafePathError) when a link, or a non-directory, stands anywhere between
    `root` and `path`, or when `path` itself is a link or not a regular file. Parts that do
    not exist yet pass: whoever creates them creates them as they should be."""
    where = root
    parts = _parts(root, path)
    for i, name in enumerate(parts):
        where = where / name
        try:
            mode = os.lstat(where).st_mode
        except FileNotFoundError:
            return
        if stat.S_ISLNK(mode):
            raise UnsafePathError(where, LINK)
        last = i == len(parts) - 1
        if not last and not stat.S_ISDIR(mode):
            raise UnsafePathError(where, NOT_DIR)
        if last and not stat.S_ISREG(mode):
            raise UnsafePathError(where, NOT_FILE)
