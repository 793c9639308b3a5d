"""A static file server for benchmarks: asyncio, HTTP/1.1 keep-alive, on 127.0.0.1 only.

    python -m benchmarks.fastserver ROOT [--port 0] [--max-seconds 3600]

It serves a site folder the way `newsarchive.server.LocalSite` does (`_headers.json` for
Content-Types, `_`-prefixed files hidden, a folder means its `index.html`, 404 otherwise) but
from one event loop instead of a thread per connection, so that a crawl benchmark measures the
crawler and not the server. It prints its base URL on the first line of stdout, and stops on
SIGTERM, when its stdin closes (the benchmark that started it is gone), or after
`--max-seconds`, whichever comes first.

`serve(root)` starts one in a subprocess: `with serve(root) as url: ...`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import mimetypes
import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import unquote

# the same defaults as the project's server, so a page decodes the same from either
from newsarchive.server import DEFAULT_TYPES

HOST = "127.0.0.1"
MAX_HEAD = 65536
NOT_FOUND = b"<html><body><h1>404 Not Found</h1></body></html>"


class Site:
    """What to answer for a path: status, Content-Type and body."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        headers_file = self.root / "_headers.json"
        declared: dict[str, dict[str, str]] = (
            json.loads(headers_file.read_text("utf-8")) if headers_file.exists() else {}
        )
        self.types = {
            path: h["Content-Type"] for path, h in declared.items() if "Content-Type" in h
        }

    def content_type(self, key: str) -> str:
        declared = self.types.get(key)
        if declared:
            return declared
        suffix = key[key.rfind(".") :] if "." in key.rsplit("/", 1)[-1] else ""
        return DEFAULT_TYPES.get(suffix) or (
            mimetypes.guess_type(key)[0] or "application/octet-stream"
        )

    def lookup(self, target: str) -> tuple[int, str, bytes]:
        path = unquote(target.split("?", 1)[0].split("#", 1)[0])
        key = "/" + os.path.normpath(path).lstrip("/")
        if key.endswith("/") or key == "/.":
            key = key.rstrip("/.") + "/index.html"
        parts = key.split("/")
        if ".." in parts or any(p.startswith("_") for p in parts):
            return 404, "text/html; charset=utf-8", NOT_FOUND
        file = self.root / key.lstrip("/")
        if file.is_dir():
            key = key.rstrip("/") + "/index.html"
            file = file / "index.html"
        try:
            body = file.read_bytes()
        except OSError:
            return 404, "text/html; charset=utf-8", NOT_FOUND
        return 200, self.content_type(key), body


class _Connection(asyncio.Protocol):
    def __init__(self, site: Site) -> None:
        self.site = site
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        assert self.transport is not None
        self.buffer += data
        # pipelined requests are answered in order; GET and HEAD carry no body
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > MAX_HEAD:
                    self.transport.close()
                return
            head, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
            if not self._answer(head):
                self.transport.close()
                return

    def _answer(self, head: bytes) -> bool:
        assert self.transport is not None
        line, _, fields = head.partition(b"\r\n")
        try:
            method, target, version = line.decode("latin-1").split(" ", 2)
        except ValueError:
            return False
        lowered = fields.lower()
        keep = (
            b"connection: close" not in lowered
            if version == "HTTP/1.1"
            else b"connection: keep-alive" in lowered
        )
        if method not in ("GET", "HEAD"):
            status, ctype, body = 405, "text/plain; charset=utf-8", b"method not allowed\n"
            keep = False
        else:
            status, ctype, body = self.site.lookup(target)
        reason = {200: "OK", 404: "Not Found", 405: "Method Not Allowed"}[status]
        self.transport.write(
            f"HTTP/1.1 {status} {reason}\r\nServer: newsarchive-fastserver\r\n"
            f"Content-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
            f"Connection: {'keep-alive' if keep else 'close'}\r\n\r\n".encode("latin-1")
            + (body if method != "HEAD" else b"")
        )
        return keep


async def _serve(root: Path, port: int, max_seconds: float, watch_stdin: bool) -> None:
    loop = asyncio.get_running_loop()
    site = Site(root)
    server = await loop.create_server(lambda: _Connection(site), HOST, port, backlog=1024)
    bound = server.sockets[0].getsockname()[1]
    print(f"http://{HOST}:{bound}", flush=True)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    if watch_stdin:

        def stdin_readable() -> None:
            if not os.read(sys.stdin.fileno(), 4096):
                loop.remove_reader(sys.stdin.fileno())
                stop.set()

        loop.add_reader(sys.stdin.fileno(), stdin_readable)
    with suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=max_seconds)
    server.close()


@contextmanager
def serve(root: Path, max_seconds: float = 3600) -> Iterator[str]:
    """Serve `root` from a subprocess for the duration of the block; yield its base URL."""
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "benchmarks.fastserver", str(root)),
            *("--max-seconds", str(max_seconds), "--watch-stdin"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        if not url.startswith("http://"):
            raise RuntimeError(f"fastserver did not start (exit {proc.poll()})")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fastserver")
    parser.add_argument("root", type=Path, help="site folder")
    parser.add_argument("--port", type=int, default=0, help="default: any free port")
    parser.add_argument("--max-seconds", type=float, default=3600, help="stop after this long")
    parser.add_argument("--watch-stdin", action="store_true", help="stop when stdin closes")
    args = parser.parse_args(argv)
    if not args.root.is_dir():
        parser.error(f"not a folder: {args.root}")
    asyncio.run(_serve(args.root, args.port, args.max_seconds, args.watch_stdin))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
