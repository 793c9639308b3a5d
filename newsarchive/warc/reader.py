"""Reading WARC files back: their response records (for re-extraction), the newsarchive
fields of their warcinfo record, and a check that every gzip member is whole.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsarchive.datadir import DataDir
from newsarchive.warc.writer import OPEN


def first_bad_member(path: Path, chunk: int = 1 << 16, window: int = 1 << 20) -> int | None:
    """The offset of the first gzip member of a .warc.gz that does not decompress whole (bad
    data, a failed CRC, a cut end), or None. warcio prints such a member's zlib error and goes
    on with whatever it could read, so a record in the middle could be lost without a word.
    A file that is not gzip is not checked here."""
    with path.open("rb") as f:
        if f.read(2) != b"\x1f\x8b":
            return None
        f.seek(0)
        start = 0  # where the current member began
        consumed = 0  # bytes of the file fed to decompressors so far
        member = zlib.decompressobj(wbits=31)
        pending = b""
        while True:
            data = pending or f.read(chunk)
            pending = b""
            if not data:
                # the file ended: fine between members, a cut inside one
                return None if consumed == start else start
            try:
                # output is thrown away in bounded pieces: only the member's soundness matters
                member.decompress(data, window)
                while member.unconsumed_tail and not member.eof:
                    member.decompress(member.unconsumed_tail, window)
            except zlib.error:
                return start
            used = len(data) - len(member.unused_data)
            consumed += used
            if member.eof:
                start = consumed
                pending = member.unused_data
                member = zlib.decompressobj(wbits=31)


@dataclass(frozen=True)
class StoredResponse:
    """One response record, as re-extraction needs it."""

    warc_file: str
    record_id: str
    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    date: str


def iter_responses(paths: list[Path], site: str) -> Iterator[StoredResponse]:
    """Response records in file order, bodies decoded of transfer and content encodings.

    `warc_file` is named as a crawl of `site` names it (`warc/<site>/<file>`), wherever the
    file has been copied to since. A file that stops being readable before its end (a cut or
    corrupt record: warcio only prints that and stops) raises ValueError naming the byte, before
    any response is yielded.
    """
    for path in paths:
        bad = first_bad_member(path)
        if bad is not None:
            size = path.stat().st_size
            raise ValueError(f"{path}: corrupt or cut gzip member at byte {bad} of {size}")
    for path in paths:
        name = DataDir.warc_name(site, path.name.removesuffix(OPEN))
        size = path.stat().st_size
        good = 0
        with path.open("rb") as f:
            iterator = ArchiveIterator(f)
            try:
                for record in iterator:
                    if record.rec_type == "response" and record.http_headers is not None:
                        url = record.rec_headers.get_header("WARC-Target-URI")
                        if not url:
                            raise ValueError(f"{path}: a response record has no target URI")
                        yield StoredResponse(
                            warc_file=name,
                            record_id=record.rec_headers.get_header("WARC-Record-ID"),
                            url=url,
                            status=int(record.http_headers.get_statuscode() or 0),
                            headers=list(record.http_headers.headers),
                            body=record.content_stream().read(),
                            date=record.rec_headers.get_header("WARC-Date") or "",
                        )
                    iterator.read_to_end(record)
                    good = iterator.get_record_offset() + iterator.get_record_length()
            except (ArchiveLoadFailed, zlib.error, EOFError, OSError) as exc:
                # warcio's message quotes the bad bytes; the class name is what a person needs
                raise ValueError(
                    f"{path}: unreadable after byte {good} of {size} ({type(exc).__name__})"
                ) from exc
        if good < size:
            raise ValueError(f"{path}: cut or corrupt after byte {good} of {size}")


def read_info(paths: list[Path]) -> dict[str, str]:
    """The newsarchive fields of the first warcinfo record among `paths`."""
    for path in paths:
        with path.open("rb") as f:
            for record in ArchiveIterator(f):
                if record.rec_type == "warcinfo":
                    fields: dict[str, str] = {}
                    for line in record.content_stream().read().decode("utf-8").splitlines():
                        key, sep, value = line.partition(":")
                        if sep:
                            fields[key.strip()] = value.strip()
                    return fields
                break
    return {}
