"""newsarchive: crawl regional news sites into an append-only JSONL archive."""

from __future__ import annotations

__version__ = "0.1.0"
