"""A small HTTP/1.1 load client (asyncio, keep-alive), for when wrk is not installed.

It measures what a server answers with `connections` requests in flight; being Python, it
may itself be the limit, so its figure is a lower bound of the server's ceiling.
"""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlsplit


async def _worker(host: str, port: int, paths: list[str], start: int, deadline: float) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    done = 0
    i = start
    try:
        while time.perf_counter() < deadline:
            path = paths[i % len(paths)]
            i += 1
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode("latin-1"))
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            done += 1
    finally:
        writer.close()
    return done


async def _run(url: str, paths: list[str], seconds: float, connections: int) -> float:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    started = time.perf_counter()
    deadline = started + seconds
    counts = await asyncio.gather(
        *(_worker(host, port, paths, n * 997, deadline) for n in range(connections))
    )
    return sum(counts) / (time.perf_counter() - started)


def requests_per_second(
    url: str, paths: list[str], seconds: float = 5, connections: int = 16
) -> float:
    """Requests per second `url` answers for `paths`, `connections` at a time."""
    return asyncio.run(_run(url, paths, seconds, connections))
