"""The tests' mock servers: the package's LocalSite with faults injected on a seeded plan, and
a hostile site.

`FaultySite(root, FaultPlan(...))` serves like `newsarchive.server.LocalSite` (it is one),
except that a seeded share of paths first answers 500/503, resets the connection or stalls,
each fault bounded in time. `HostileSite` serves what a crawler must not follow: links out of
the site and off the web, redirects out of it, pagination traps, a decompression bomb.
Test-only: nothing in the package needs to fail on purpose.
"""

from __future__ import annotations

import json
import random
import shutil
import socket
import struct
import subprocess
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from newsarchive.server import LocalSite


@dataclass(frozen=True)
class FaultPlan:
    """Which requests fail, decided per path from `seed`: a `rate` share of paths fails its
    first 1..`max_failures` requests with one of `kinds` ("500", "503", "reset", "stall"),
    then serves; paths in `permanent` always answer 503. robots.txt never fails."""

    rate: float = 0.2
    seed: int = 0
    max_failures: int = 2
    kinds: tuple[str, ...] = ("500", "503", "reset", "stall")
    stall_seconds: float = 2.0
    permanent: frozenset[str] = field(default_factory=frozenset)

    def schedule(self, path: str) -> list[str]:
        """The faults the first requests for `path` meet, in order."""
        if path in self.permanent:
            return ["503"] * 1_000_000
        if path == "/robots.txt":
            return []
        rnd = random.Random(f"{self.seed}:{path}")
        if rnd.random() >= self.rate:
            return []
        return [rnd.choice(self.kinds) for _ in range(rnd.randint(1, self.max_failures))]


class _Faults:
    """The intercept that carries a plan out: counts attempts per path and injects."""

    def __init__(self, plan: FaultPlan) -> None:
        self.plan = plan
        self.attempts: dict[str, int] = {}
        self.injected = 0
        self.lock = threading.Lock()

    def next_fault(self, path: str) -> str | None:
        with self.lock:
            attempt = self.attempts.get(path, 0)
            self.attempts[path] = attempt + 1
            schedule = self.plan.schedule(path)
            if attempt < len(schedule):
                self.injected += 1
                return schedule[attempt]
        return None

    def __call__(self, handler: BaseHTTPRequestHandler, path: str) -> bool:
        fault = self.next_fault(path)
        if fault is None:
            return False
        if fault in ("500", "503"):
            payload = f"<html><body><h1>{fault}</h1></body></html>".encode()
            handler.send_response(int(fault))
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", str(len(payload)))
            handler.end_headers()
            handler.wfile.write(payload)
            return True
        if fault == "stall":
            time.sleep(self.plan.stall_seconds)
        # an RST, not a FIN: the client sees "connection reset by peer"
        connection = handler.connection
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.close_connection = True
        connection.close()
        return True


class FaultySite(LocalSite):
    """A LocalSite that fails on `plan`."""

    def __init__(self, root: str | Path, plan: FaultPlan, port: int = 0) -> None:
        self._faults = _Faults(plan)
        super().__init__(root, port=port, intercept=self._faults)

    @property
    def faults_injected(self) -> int:
        with self._faults.lock:
            return self._faults.injected


# --- a hostile site -----------------------------------------------------------------------------

ARTICLE = (
    "<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
    "<h1>{title}</h1><div class='content'><p>{body}</p><p>{body}</p></div></body></html>"
)


def _article_body(name: str) -> str:
    return f"记者从区里获悉，{name}号新闻说的是本区的一件事情，内容完整，段落清楚，值得存档保存。"


def gzip_bomb(size: int) -> bytes:
    """`size` zero bytes, gzipped: a few kilobytes on the wire that inflate to `size`."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(1 << 20)
    parts = [packer.compress(chunk) for _ in range(size >> 20)]
    return b"".join([*parts, packer.flush()])


class HostileSite(LocalSite):
    """A site on 127.0.0.1 that tries on a crawler what the open web does, every answer made on
    the spot, small and at once (bounded in time and bytes):

    - `/hostile/index.html`: a listing whose rows link to file:, data: and ftp: URLs, to the
      link-local metadata address, to `victim` (another port on 127.0.0.1) directly and
      protocol-relative, to this server as `localhost`, to IPv6 loopback, a malformed URL and
      a `java<TAB>script:` one, among ordinary articles; rows that redirect to a file:, to
      the victim (in one hop and in two), to the metadata address, to `localhost`, and within
      the site; a decompression bomb. Its next page is ordinary; that one's is malformed.
    - `/calendar/<day>.html`: a calendar whose next day always exists and always lists the
      same six articles.
    - `/endless/<n>.html`: pages without end, six new articles each.
    - `/art/<name>.html`: an article.
    """

    BOMB_SIZE = 64 << 20

    def __init__(self, root: str | Path, victim: int) -> None:
        self.victim = victim
        self._bomb = gzip_bomb(self.BOMB_SIZE)
        super().__init__(root, intercept=self._answer)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def _send(
        self,
        handler: BaseHTTPRequestHandler,
        status: int,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
    ) -> bool:
        handler.send_response(status)
        for name, value in {"Content-Type": "text/html; charset=utf-8", **(headers or {})}.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
        return True

    def _listing(self, rows: list[tuple[str, str]], next_page: str | None) -> bytes:
        items = "".join(
            f'<li><a href="{href}">{title}</a><span class="date">2024-01-01</span></li>'
            for href, title in rows
        )
        nxt = f'<a class="next" href="{next_page}">下一页</a>' if next_page else ""
        return (
            "<html><head><meta charset='utf-8'><title>列表</title></head><body>"
            f'<ul class="list">{items}</ul>{nxt}</body></html>'
        ).encode()

    def hostile_rows(self) -> list[tuple[str, str]]:
        own, victim = self.port, self.victim
        return [
            ("/art/h1.html", "第一条正常新闻的标题"),
            ("/art/h2.html", "第二条正常新闻的标题"),
            ("file:///etc/passwd", "本地文件链接的新闻标题"),
            ("file:///dev/zero", "无尽文件链接的新闻标题"),
            ("data:text/html;base64,PGgxPng8L2gxPg==", "数据链接的新闻标题"),
            ("ftp://127.0.0.1/pub/x.html", "文件传输链接的新闻标题"),
            ("http://169.254.169.254/latest/meta-data/", "元数据地址的新闻标题"),
            (f"http://127.0.0.1:{victim}/stolen.html", "本机别的端口的新闻标题"),
            (f"//127.0.0.1:{victim}/protocol-relative.html", "协议相对链接的新闻标题"),
            (f"http://[::1]:{own}/art/v6.html", "本机六版地址的新闻标题"),
            (f"http://localhost:{own}/art/via-localhost.html", "本机名字链接的新闻标题"),
            ("http://[::1/x.html", "坏掉的链接的新闻标题"),
            ("java\tscript:alert(1)", "脚本链接的新闻标题很长"),
            ("/redir/file.html", "跳到本地文件的新闻标题"),
            ("/redir/victim.html", "跳到别的端口的新闻标题"),
            ("/redir/chain.html", "两跳到别的端口的新闻标题"),
            ("/redir/metadata.html", "跳到元数据地址的新闻标题"),
            ("/redir/localhost.html", "跳到本机名字的新闻标题"),
            ("/redir/ok.html", "站内跳转的新闻标题"),
            ("/bomb.html", "解压炸弹的新闻标题"),
            ("/art/h3.html", "第三条正常新闻的标题"),
        ]

    def _redirect(self, name: str) -> str:
        return {
            "file": "file:///etc/passwd",
            "victim": f"http://127.0.0.1:{self.victim}/redirected.html",
            "chain": "/redir/victim.html",
            "metadata": "http://169.254.169.254/latest/meta-data/iam/",
            "localhost": f"http://localhost:{self.port}/art/h9.html",
            "ok": "/art/h4.html",
        }[name]

    def _answer(self, handler: BaseHTTPRequestHandler, path: str) -> bool:
        parts = path.strip("/").split("/")
        if path == "/hostile/index.html":
            page = self._listing(self.hostile_rows(), "/hostile/index_2.html")
            return self._send(handler, 200, page)
        if path == "/hostile/index_2.html":
            rows = [
                ("/art/h5.html", "第五条正常新闻的标题"),
                ("/art/h6.html", "第六条正常新闻的标题"),
            ]
            return self._send(handler, 200, self._listing(rows, "http://[::1/next.html"))
        if parts[0] == "redir" and len(parts) == 2:
            location = self._redirect(parts[1].removesuffix(".html"))
            return self._send(handler, 302, headers={"Location": location})
        if path == "/bomb.html":
            return self._send(handler, 200, self._bomb, {"Content-Encoding": "gzip"})
        if parts[0] == "calendar" and len(parts) == 2:
            day = date.fromisoformat(parts[1].removesuffix(".html"))
            rows = [(f"/art/c{k}.html", f"日历上的第{k}条新闻标题") for k in range(1, 7)]
            return self._send(
                handler, 200, self._listing(rows, f"/calendar/{day + timedelta(1)}.html")
            )
        if parts[0] == "endless" and len(parts) == 2:
            n = int(parts[1].removesuffix(".html"))
            rows = [(f"/art/e{n}-{k}.html", f"无尽列表第{n}页的第{k}条新闻") for k in range(1, 7)]
            return self._send(handler, 200, self._listing(rows, f"/endless/{n + 1}.html"))
        if parts[0] == "art" and len(parts) == 2:
            name = parts[1].removesuffix(".html")
            title = f"第{name}号新闻的标题"
            page = ARTICLE.format(title=title, body=_article_body(name)).encode()
            return self._send(handler, 200, page)
        return False


def hostile_sites_toml(base: str) -> str:
    """The user's site list for the hostile server: the hostile listing, the calendar trap and
    the endless pages, each a site of its own on 127.0.0.1 (and `localhost` for the first)."""
    common = (
        "download_delay = 0\nconcurrency = 8\nautothrottle = false\n"
        '[sites.{slug}.listing]\nrows = "ul.list > li"\nnext_page = "a.next::attr(href)"\n'
        '[sites.{slug}.article]\ntitle = "h1"\nbody = "div.content"\n'
    )
    sites = {
        "hostile": (f"{base}/hostile/index.html", '["127.0.0.1", "localhost"]'),
        "calendar": (f"{base}/calendar/2024-01-01.html", '["127.0.0.1"]'),
        "endless": (f"{base}/endless/1.html", '["127.0.0.1"]'),
    }
    return "".join(
        f'[sites.{slug}]\nname = "{slug}"\nstart_urls = ["{url}"]\ndomains = {domains}\n'
        + common.format(slug=slug)
        for slug, (url, domains) in sites.items()
    )


# --- a portal's data proxy (Hanweb jpage) -------------------------------------------------------


class DataProxy:
    """An intercept that answers a jpage column's data proxy as the portal's server does: a POST
    to `path` with startrecord/endrecord/perpage in the query and the column page's form
    (columnid …) gets an XML datastore of those records, from `_jpage/col<columnid>.json` under
    the site's root (tools/sitekit/platforms.py writes it). Every form it was sent is kept in
    `sent` (query and form in one dict); a GET, or a form naming no column it has, is a 404."""

    def __init__(self, root: str | Path, path: str = "/module/web/jpage/dataproxy.jsp") -> None:
        self.root = Path(root)
        self.path = path
        self.sent: list[dict[str, str]] = []
        self.lock = threading.Lock()

    def __call__(self, handler: BaseHTTPRequestHandler, path: str) -> bool:
        from tools.sitekit.platforms import dataproxy_answer

        if path != self.path:
            return False
        query = dict(parse_qsl(urlsplit(handler.path).query))
        form = dict(parse_qsl(getattr(handler, "post_body", b"").decode("utf-8")))
        with self.lock:
            self.sent.append(query | form)
        records_file = self.root / "_jpage" / f"col{form.get('columnid', '')}.json"
        if handler.command != "POST" or not records_file.is_file():
            return _send(handler, 404, b"<html><body>404</body></html>", "text/html")
        records = json.loads(records_file.read_text("utf-8"))
        start, end = int(query.get("startrecord", 1)), int(query.get("endrecord", 1))
        answer = dataproxy_answer(records, start, end).encode("utf-8")
        return _send(handler, 200, answer, "text/xml;charset=UTF-8")


def _send(handler: BaseHTTPRequestHandler, status: int, payload: bytes, kind: str) -> bool:
    handler.send_response(status)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(payload)))
    handler.end_headers()
    handler.wfile.write(payload)
    return True


@contextmanager
def redis_server(folder: Path, password: str | None = None) -> Iterator[str]:
    """A throw-away redis-server on 127.0.0.1 (Debian's), no persistence, its URL while it
    runs (`redis://[:PASSWORD@]127.0.0.1:PORT`); the caller skips when `redis-server` is
    missing (`shutil.which`)."""
    import redis

    binary = shutil.which("redis-server")
    assert binary is not None, "redis-server is not installed"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly"]
    args += ["no", "--dir", str(folder)]
    if password is not None:
        args += ["--requirepass", password]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://{f':{password}@' if password else ''}127.0.0.1:{port}"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    try:
        yield url
    finally:
        client.close()
        proc.terminate()
        proc.wait(timeout=10)
