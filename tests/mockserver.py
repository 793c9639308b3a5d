"""The tests' mock server: the package's LocalSite with faults injected on a seeded plan.

`FaultySite(root, FaultPlan(...))` serves like `newsarchive.server.LocalSite` (it is one),
except that a seeded share of paths first answers 500/503, resets the connection or stalls,
each fault bounded in time. Test-only: nothing in the package needs to fail on purpose.
"""

from __future__ import annotations

import random
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

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
