"""Raw responses as WARC (ISO 28500) beside the JSONL, with warcio.

Every response a crawl receives (redirects, errors and retries included) is written with the
request that asked for it to `warc/<site>/<crawl-date>.warc.gz`, one gzip member per record,
with block and payload digests. Like Heritrix, a file is written under a `.open` name and
renamed when closed; it is rotated once it passes NEWSARCHIVE_WARC_MAX_SIZE. A kill leaves a
`.open` file whose last record may be cut short: `repair_open_files` keeps the whole records,
sets the cut tail aside and gives the file its final name before the next crawl of the site.
"""

from __future__ import annotations

import io
import logging
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsarchive import __version__
from newsarchive.state import data_dir_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider

logger = logging.getLogger(__name__)

OPEN = ".open"
SUFFIX = ".warc.gz"
# hop-by-hop framing that no longer describes the payload as stored (it is de-chunked)
DROPPED_HEADERS = frozenset({b"transfer-encoding"})


def _final_name(folder: Path, crawl_date: str) -> Path:
    """The first free name: <date>.warc.gz, <date>.1.warc.gz, … (never an existing file)."""
    n = 0
    while True:
        name = f"{crawl_date}{SUFFIX}" if n == 0 else f"{crawl_date}.{n}{SUFFIX}"
        path = folder / name
        if not path.exists() and not path.with_name(path.name + OPEN).exists():
            return path
        n += 1


class WarcFile:
    """The WARC output of one site in one crawl, rotated by size."""

    def __init__(
        self, data_dir: Path, site: str, crawl_date: str, max_size: int, info: dict[str, str]
    ) -> None:
        self.data_dir = data_dir
        self.folder = data_dir / "warc" / site
        self.crawl_date = crawl_date
        self.max_size = max_size
        self.info = info
        self.path: Path | None = None
        self.handle: IO[bytes] | None = None
        self.writer: WARCWriter | None = None

    @property
    def name(self) -> str:
        """The file's final name, relative to the data dir (what JSONL records cite)."""
        assert self.path is not None
        return self.path.relative_to(self.data_dir).as_posix()

    def _open(self) -> WARCWriter:
        if self.writer is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            while self.handle is None:
                self.path = _final_name(self.folder, self.crawl_date)
                try:
                    self.handle = self.path.with_name(self.path.name + OPEN).open("xb")
                except FileExistsError:
                    continue  # another worker on this data dir took the name first
            assert self.handle is not None and self.path is not None
            self.writer = WARCWriter(self.handle, gzip=True)
            self.writer.write_record(self.writer.create_warcinfo_record(self.path.name, self.info))
        return self.writer

    def write(self, request: Request, response: Response) -> tuple[str, str]:
        """Write the request and response records; (file, response WARC-Record-ID)."""
        writer = self._open()
        http = StatusAndHeaders(
            f"{response.status} {_reason(response.status)}",
            _headers(response.headers, len(response.body)),
            protocol=response.protocol or "HTTP/1.1",
        )
        extra = {"WARC-IP-Address": str(response.ip_address)} if response.ip_address else {}
        record = writer.create_warc_record(
            response.url,
            "response",
            payload=io.BytesIO(response.body),
            http_headers=http,
            warc_headers_dict=extra,
        )
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        parts = urlsplit(request.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request_http = StatusAndHeaders(
            f"{request.method} {target} HTTP/1.1",
            [("Host", parts.netloc), *_headers(request.headers, len(request.body))],
            is_http_request=True,
        )
        request_record = writer.create_warc_record(
            request.url,
            "request",
            payload=io.BytesIO(request.body),
            http_headers=request_http,
            warc_headers_dict={"WARC-Concurrent-To": record_id},
        )
        writer.write_record(request_record)
        writer.write_record(record)
        for written in (request_record, record):
            # warcio buffers a payload it digests in a temporary file and leaves it open
            written.raw_stream.close()
        assert self.handle is not None
        self.handle.flush()
        name = self.name
        if self.handle.tell() >= self.max_size:
            self.close()
        return name, record_id

    def close(self) -> None:
        if self.handle is None or self.path is None:
            return
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        self.path.with_name(self.path.name + OPEN).replace(self.path)
        self.handle = self.writer = None
        self.path = None


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _headers(headers: Any, body_length: int) -> list[tuple[str, str]]:
    out = []
    for key, values in headers.items():
        if key.lower() in DROPPED_HEADERS:
            continue
        for value in values:
            out.append((key.decode("latin-1"), value.decode("latin-1")))
    if any(k.lower() == b"transfer-encoding" for k in headers):
        out.append(("Content-Length", str(body_length)))
    return out


class WarcMiddleware:
    """Downloader middleware writing every response (and its request) to WARC.

    Placed next to the downloader (after it in process_response order, before HTTP
    decompression and redirects), so the payload is stored as it arrived, and each redirect
    and retried error is recorded too. The response's record id and file travel in
    `request.meta` (`warc_record_id`, `warc_file`) to the JSONL record. Settings:
    NEWSARCHIVE_WARC (on/off), NEWSARCHIVE_WARC_MAX_SIZE (bytes before rotation).
    """

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("NEWSARCHIVE_WARC"):
            raise NotConfigured
        self.crawler = crawler
        self.max_size = crawler.settings.getint("NEWSARCHIVE_WARC_MAX_SIZE", 1_000_000_000)
        self.file: WarcFile | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcMiddleware:
        return cls(crawler)

    def _file(self, spider: Spider) -> WarcFile:
        if self.file is None:
            site = getattr(spider, "site", None)
            slug = site.slug if site is not None else spider.name
            info = {
                "software": f"newsarchive/{__version__}",
                "format": "WARC File Format 1.1",
                "newsarchive-site": slug,
            }
            base = getattr(spider, "serving_url", None)
            if base:
                info["newsarchive-base-url"] = base
            crawl_date = datetime.now(UTC).date().isoformat()
            self.file = WarcFile(data_dir_of(self.crawler), slug, crawl_date, self.max_size, info)
        return self.file

    def process_response(self, request: Request, response: Response) -> Response:
        spider = self.crawler.spider
        assert spider is not None
        name, record_id = self._file(spider).write(request, response)
        request.meta["warc_file"] = name
        request.meta["warc_record_id"] = record_id
        return response

    def spider_closed(self) -> None:
        if self.file is not None:
            self.file.close()


def repair_open_files(data_dir: Path, site: str) -> list[str]:
    """Give every `.open` file a killed crawl left its final name, whole records only.

    Call it only while holding the site's lock: an `.open` file may be in use otherwise.
    Returns the files repaired; a cut tail is set aside in `state/torn/<site>/`.
    """
    repaired: list[str] = []
    folder = data_dir / "warc" / site
    if not folder.is_dir():
        return repaired
    for path in sorted(folder.glob(f"*{SUFFIX}{OPEN}")):
        good = _whole_records_end(path)
        size = path.stat().st_size
        if good < size:
            aside = data_dir / "state" / "torn" / site / f"{path.name}.{good}"
            aside.parent.mkdir(parents=True, exist_ok=True)
            with path.open("rb") as f:
                f.seek(good)
                aside.write_bytes(f.read())
            with path.open("r+b") as f:
                f.truncate(good)
                f.flush()
                os.fsync(f.fileno())
            logger.warning("%s: cut record of %d bytes set aside in %s", path, size - good, aside)
        final = path.with_name(path.name[: -len(OPEN)])
        if final.exists():  # never overwrite: keep the repaired file under the next free name
            final = _final_name(folder, final.name[: -len(SUFFIX)] + ".r")
        path.replace(final)
        repaired.append(str(final))
    return repaired


def _whole_records_end(path: Path) -> int:
    """The byte offset after the last record that reads back completely."""
    good = 0
    with path.open("rb") as f:
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
    if _whole_member_after(path, bad):
        # damage inside the file, not a kill's cut tail: cutting there would set whole
        # records aside, so the file is kept as it is and named (reextract refuses it too)
        logger.warning(
            "%s: corrupt gzip member at byte %d; the records after it are kept", path, bad
        )
        return path.stat().st_size
    return min(good, bad)


def _whole_member_after(path: Path, bad: int, tries: int = 64) -> bool:
    """Whether a gzip member that decompresses whole starts somewhere after `bad`."""
    with path.open("rb") as f:
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
        name = f"warc/{site}/{path.name.removesuffix(OPEN)}"
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
