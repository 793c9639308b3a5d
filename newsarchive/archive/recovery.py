"""Bringing the seen-state back in line with the archive after a kill.

The writer appends and flushes a line, then records it in the seen-state with the file
offset after it. A kill can land between the two (the line is archived, the store does not
know it) or in the middle of a write (a torn last line). Before a site is crawled, every one
of its archive files is read from the offset the store has accounted for: whole lines are
recorded as archived, and a torn tail is moved to `state/torn/` and cut off the file, so
the archive holds only whole lines and the next crawl fetches exactly what is missing.
Files are read, cut and set aside through no symbolic link (`newsarchive.safefiles`): an
archive file that is a link is refused with UnsafePathError before anything is replayed.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from newsarchive.datadir import DataDir
from newsarchive.safefiles import check_tree, open_read, open_update, write_new
from newsarchive.seen.base import Store

logger = logging.getLogger(__name__)


@dataclass
class Recovered:
    """What recovery did for one site."""

    lines: int = 0  # archived lines the seen-state did not know, now recorded
    torn: list[str] = field(default_factory=list)  # where torn tails were set aside
    bad_lines: int = 0  # whole lines that are not a record (reported, left in place)


def recover_site(
    data_dir: DataDir, site: str, store: Store, worker: str | None = None
) -> Recovered:
    """Replay a site's archive files past the offsets the store has accounted for.

    With `worker`, only that worker's own files (`<date>.<worker>.jsonl`): another worker's
    file may be being written right now, and it recovers its own when it starts again.
    """
    result = Recovered()
    files = data_dir.archive_files(site, worker)
    for path in files:
        check_tree(data_dir.root, path)
    for path in files:
        rel = data_dir.relative(path)
        synced = store.synced(site, rel)
        size = path.stat().st_size
        if size == synced:
            continue
        if size < synced:
            logger.warning("%s is shorter than the seen-state says (%d < %d)", path, size, synced)
            store.set_synced(site, rel, size)
            continue
        _replay(data_dir, path, rel, site, synced, store, result)
    if result.lines or result.torn:
        logger.warning(
            "recovered %s: %d archived lines recorded, %d torn lines set aside",
            site,
            result.lines,
            len(result.torn),
        )
    return result


def _replay(
    data_dir: DataDir,
    path: Path,
    rel: str,
    site: str,
    synced: int,
    store: Store,
    result: Recovered,
) -> None:
    with open_read(data_dir.root, path) as f:
        f.seek(synced)
        tail = f.read()
    whole_end = tail.rfind(b"\n") + 1
    offset = synced
    for raw in tail[:whole_end].splitlines(keepends=True):
        offset += len(raw)
        try:
            record = json.loads(raw)
            canonical, content_hash = record["canonical_url"], record["content_hash"]
            revision = int(record.get("revision") or 1)
            published = record.get("published_at")
            if not (isinstance(canonical, str) and isinstance(content_hash, str)):
                raise TypeError("canonical_url and content_hash must be strings")
        except (ValueError, KeyError, TypeError, AttributeError):
            # one bad line must not stop the replay of the good ones after it
            result.bad_lines += 1
            logger.warning("%s: the line at byte %d is not a record", path, offset - len(raw))
            store.set_synced(site, rel, offset)
            continue
        store.mark_archived(
            site,
            canonical,
            [],
            content_hash,
            revision=revision,
            published_at=published if isinstance(published, str) else None,
            file=rel,
            synced=offset,
        )
        result.lines += 1
    if whole_end < len(tail):
        torn = tail[whole_end:]
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        aside = data_dir.torn(site) / f"{path.name}.{synced + whole_end}.{stamp}"
        write_new(data_dir.root, aside, torn)
        with open_update(data_dir.root, path) as f:
            f.truncate(synced + whole_end)
            f.flush()
            os.fsync(f.fileno())
        logger.warning(
            "%s ended with a torn line (%d bytes); set aside in %s", path, len(torn), aside
        )
        result.torn.append(str(aside))
    store.set_synced(site, rel, synced + whole_end)
