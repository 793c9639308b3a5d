"""Mending what a killed crawl left: a `.open` WARC file whose last record may be cut short.

The whole records are kept, a cut tail is set aside in `state/torn/<site>/`, and the file gets
its final name, so that `warcio check` and a full read accept every file of the data dir.
A `.open` name that is a symbolic link is refused (UnsafePathError): repair reads, cuts and
renames only the data dir's own files.
"""

from __future__ import annotations

import logging
import os
import zlib
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from newsarchive.datadir import DataDir
from newsarchive.safefiles import check_tree, open_read, open_update, write_new
from newsarchive.warc.reader import first_bad_member
from newsarchive.warc.writer import OPEN, SUFFIX, final_name

logger = logging.getLogger(__name__)


def repair_open_files(data_dir: DataDir, site: str) -> list[str]:
    """Give every `.open` file a killed crawl left its final name, whole records only.

    Call it only while holding the site's lock: an `.open` file may be in use otherwise.
    Returns the files repaired; a cut tail is set aside in `state/torn/<site>/`. Raises
    UnsafePathError, before touching anything, for a link among them.
    """
    repaired: list[str] = []
    root = data_dir.root
    folder = data_dir.warc(site)
    check_tree(root, folder / "x")
    if not folder.is_dir():
        return repaired
    found = sorted(folder.glob(f"*{SUFFIX}{OPEN}"))
    for path in found:
        check_tree(root, path)
    for path in found:
        good = _whole_records_end(root, path)
        size = path.stat().st_size
        if good < size:
            aside = _free_name(data_dir.torn(site) / f"{path.name}.{good}")
            with open_read(root, path) as f:
                f.seek(good)
                write_new(root, aside, f.read())
            with open_update(root, path) as f:
                f.truncate(good)
                f.flush()
                os.fsync(f.fileno())
            logger.warning("%s: cut record of %d bytes set aside in %s", path, size - good, aside)
        final = path.with_name(path.name[: -len(OPEN)])
        if final.exists():  # never overwrite: keep the repaired file under the next free name
            final = final_name(folder, final.name[: -len(SUFFIX)] + ".r")
        path.replace(final)
        repaired.append(str(final))
    return repaired


def _free_name(path: Path) -> Path:
    """`path`, or `path.1`, `path.2` … when taken: what is set aside is never overwritten."""
    n, free = 0, path
    while os.path.lexists(free):
        n += 1
        free = path.with_name(f"{path.name}.{n}")
    return free


def _whole_records_end(root: Path, path: Path) -> int:
    """The byte offset after the last record that reads back completely."""
    good = 0
    with open_read(root, path) as f:
        iterator = ArchiveIterator(f)
        try:
            for record in iterator:
                record.content_stream().read()
                iterator.read_to_end(record)
                good = iterator.get_record_offset() + iterator.get_record_length()
        except Exception:  # a cut gzip member or WARC header: everything before it is whole
            pass
    bad = first_bad_member(path)
    if bad is None:
        return good
    if _whole_member_after(root, path, bad):
        # damage inside the file, not a kill's cut tail: cutting there would set whole
        # records aside, so the file is kept as it is and named (reextract refuses it too)
        logger.warning(
            "%s: corrupt gzip member at byte %d; the records after it are kept", path, bad
        )
        return path.stat().st_size
    return min(good, bad)


def _whole_member_after(root: Path, path: Path, bad: int, tries: int = 64) -> bool:
    """Whether a gzip member that decompresses whole starts somewhere after `bad`."""
    with open_read(root, path) as f:
        f.seek(bad + 1)
        rest = f.read(64 << 20)  # a whole record follows within a few MB, if any does
    at = rest.find(b"\x1f\x8b\x08")
    while at != -1 and tries > 0:
        member = zlib.decompressobj(wbits=31)
        try:
            member.decompress(rest[at:], 1 << 20)
            while member.unconsumed_tail and not member.eof:
                member.decompress(member.unconsumed_tail, 1 << 20)
            if member.eof:
                return True
        except zlib.error:
            pass
        tries -= 1
        at = rest.find(b"\x1f\x8b\x08", at + 1)
    return False
