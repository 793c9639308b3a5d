"""Writing raw responses as WARC (ISO 28500) with warcio.

Every response a crawl receives (redirects, errors and retries included) is written with the
request that asked for it to `warc/<site>/<crawl-date>.warc.gz`, one gzip member per record,
with block and payload digests (`newsarchive.middlewares.warc` hands them over). Like Heritrix,
a file is written under a `.open` name and renamed when closed; it is rotated once it passes
NEWSARCHIVE_WARC_MAX_SIZE. A kill leaves a `.open` file whose last record may be cut short:
`newsarchive.warc.repair` mends it before the next crawl of the site.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsarchive.datadir import DataDir
from newsarchive.safefiles import open_new

if TYPE_CHECKING:
    from scrapy.http import Request, Response

OPEN = ".open"
SUFFIX = ".warc.gz"
# hop-by-hop framing that no longer describes the payload as stored (it is de-chunked)
DROPPED_HEADERS = frozenset({b"transfer-encoding"})


def final_name(folder: Path, crawl_date: str) -> Path:
    """The first free name: <date>.warc.gz, <date>.1.warc.gz, … (never an existing file)."""
    n = 0
    while True:
        name = f"{crawl_date}{SUFFIX}" if n == 0 else f"{crawl_date}.{n}{SUFFIX}"
        path = folder / name
        # lexists: a link (even a dangling one) takes its name, and is never written through
        if not os.path.lexists(path) and not os.path.lexists(path.with_name(path.name + OPEN)):
            return path
        n += 1


class WarcFile:
    """The WARC output of one site in one crawl, rotated by size."""

    def __init__(
        self, data_dir: DataDir, site: str, crawl_date: str, max_size: int, info: dict[str, str]
    ) -> None:
        self.data_dir = data_dir
        self.folder = data_dir.warc(site)
        self.crawl_date = crawl_date
        self.max_size = max_size
        self.info = info
        self.path: Path | None = None
        self.handle: IO[bytes] | None = None
        self.writer: WARCWriter | None = None
        # a write failed (a full disk): the `.open` file is left for the next run's repair
        self.broken = False

    @property
    def name(self) -> str:
        """The file's final name, relative to the data dir (what JSONL records cite)."""
        assert self.path is not None
        return self.data_dir.relative(self.path)

    def _open(self) -> WARCWriter:
        if self.writer is None:
            while self.handle is None:
                self.path = final_name(self.folder, self.crawl_date)
                try:
                    self.handle = open_new(
                        self.data_dir.root, self.path.with_name(self.path.name + OPEN)
                    )
                except FileExistsError:
                    continue  # another worker on this data dir took the name first
            assert self.handle is not None and self.path is not None
            self.writer = WARCWriter(self.handle, gzip=True)
            self.writer.write_record(self.writer.create_warcinfo_record(self.path.name, self.info))
        return self.writer

    def write(self, request: Request, response: Response) -> tuple[str, str]:
        """Write the request and response records; (file, response WARC-Record-ID)."""
        try:
            return self._write(request, response)
        except OSError:
            self.broken = self.handle is not None
            raise

    def _write(self, request: Request, response: Response) -> tuple[str, str]:
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
        if self.broken:
            # its last record may be cut: the next crawl's repair keeps the whole ones
            with contextlib.suppress(OSError):
                self.handle.close()
            self.handle = self.writer = None
            self.path = None
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
