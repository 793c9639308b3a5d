"""The local static server: a site folder on 127.0.0.1, with honest Content-Type headers.

The demo crawl and the tests use this same server. A folder may hold `_headers.json`
({"/path": {"Content-Type": "text/html; charset=gbk"}}) for pages whose type is not the
default for their extension, and for answers that are not a file ({"Status": 302,
"Location": "/b.html"}, {"Status": 410}); any other missing file is a 404. Every request is
remembered (`LocalSite.requests`, `LocalSite.user_agents`) so tests can tell what a crawl
fetched. An `intercept` may answer a request itself (the tests' fault injection does, and their
emulation of a portal's data proxy, which answers POSTs); a POST no intercept answers gets the
path's file, as a GET would.
"""

from __future__ import annotations

import json
import mimetypes
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

DEFAULT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
}


def bundled_site_root(name: str) -> Path:
    """A site folder shipped with the package, or under data/ in a source checkout."""
    packaged = Path(str(resources.files("newsarchive"))) / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "data" / name


def demo_site_root() -> Path:
    """The bundled demo site (data/demo_site/ in the repository)."""
    return bundled_site_root("demo_site")


# (handler, path) -> True when it has answered the request itself
Intercept = Callable[[BaseHTTPRequestHandler, str], bool]


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "newsarchive-localsite/1"
    # headers and body leave in separate writes: with Nagle's algorithm and the client's
    # delayed ACK, every keep-alive response waited ~40 ms (92 req/s instead of thousands)
    disable_nagle_algorithm = True

    # what a POST sent (read before anything answers, so the connection stays usable)
    post_body = b""

    def do_GET(self) -> None:
        self._serve(body=True)

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_POST(self) -> None:
        """A form POSTed to a path: an intercept may answer it (it finds the form in
        `post_body`); otherwise the path's file is the answer, as for a GET."""
        length = int(self.headers.get("Content-Length") or 0)
        self.post_body = self.rfile.read(length) if length > 0 else b""
        self._serve(body=True)

    def _serve(self, *, body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        with self.server.lock:
            self.server.requests.append(path)
            self.server.user_agents.append(self.headers.get("User-Agent", ""))
        if self.server.intercept is not None and self.server.intercept(self, path):
            return
        declared = self.server.headers.get(path, {})
        status = int(declared.get("Status", 200))
        if status != 200:
            payload = f"<html><body><h1>{status}</h1></body></html>".encode()
            self.send_response(status)
            if "Location" in declared:
                self.send_header("Location", declared["Location"])
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if body:
                self.wfile.write(payload)
            return
        file = self.server.resolve(path)
        if file is None:
            payload = b"<html><body><h1>404 Not Found</h1></body></html>"
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
        else:
            payload = file.read_bytes()
            self.send_response(200)
            key = "/" + file.relative_to(self.server.root).as_posix()
            self.send_header("Content-Type", self.server.content_type(key, file))
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if body:
            self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the request list is the log; stderr noise would drown the crawl's own


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path, host: str, port: int, intercept: Intercept | None) -> None:
        self.root = root.resolve()
        self.requests: list[str] = []
        self.user_agents: list[str] = []
        self.intercept = intercept
        self.lock = threading.Lock()
        headers_file = self.root / "_headers.json"
        self.headers: dict[str, dict[str, str]] = (
            json.loads(headers_file.read_text("utf-8")) if headers_file.exists() else {}
        )
        super().__init__((host, port), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hangs up (or an intercept's reset) ends its handler with an error

    def resolve(self, path: str) -> Path | None:
        candidate = (self.root / path.lstrip("/")).resolve()
        if candidate.is_dir():
            candidate = candidate / "index.html"
        if not candidate.is_relative_to(self.root) or not candidate.is_file():
            return None
        if any(part.startswith("_") for part in candidate.relative_to(self.root).parts):
            return None
        return candidate

    def content_type(self, key: str, file: Path) -> str:
        declared = self.headers.get(key, {}).get("Content-Type")
        if declared:
            return declared
        return DEFAULT_TYPES.get(file.suffix) or (
            mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        )


class LocalSite:
    """A static site served on 127.0.0.1 in a background thread.

    >>> with LocalSite(demo_site_root()) as site:
    ...     site.url.startswith("http://127.0.0.1:")
    True
    """

    def __init__(
        self,
        root: str | Path,
        host: str = "127.0.0.1",
        port: int = 0,
        intercept: Intercept | None = None,
    ) -> None:
        root = Path(root)
        if not root.is_dir():
            raise FileNotFoundError(f"site folder not found: {root}")
        self._server = _Server(root, host, port, intercept)
        # a short poll interval: stop() waits for the serving loop to notice
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def requests(self) -> list[str]:
        """Paths requested so far, in order."""
        with self._server.lock:
            return list(self._server.requests)

    @property
    def user_agents(self) -> list[str]:
        """The User-Agent of each request, in the order of `requests`."""
        with self._server.lock:
            return list(self._server.user_agents)

    def start(self) -> LocalSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> LocalSite:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
