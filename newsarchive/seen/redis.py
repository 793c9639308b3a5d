"""The seen-state and the crawl's coordination in Redis, for workers on several machines.

With `newsarchive crawl SITE --redis redis://host:port/db`, the site's spider runs as a
scrapy-redis worker: the request queue and the in-crawl duplicate filter are scrapy-redis's,
in Redis, and so is everything SeenStore keeps in SQLite (URLs and their outcomes, archived
articles, content fingerprints), so that no article is fetched or archived twice whichever
worker meets it. Keys, all under `newsarchive:<site>:`:

    urls        hash   canonical URL -> outcome
    contents    hash   content hash -> canonical URL (claimed atomically before writing)
    articles    hash   canonical URL -> "hash revision published_at"
    published   zset   canonical URL scored by its publication day (YYYYMMDD), for re-checks
    files       hash   archive file -> bytes accounted for (each worker's own files)
    run         string the current run id, shared by the workers that join it
    last_complete      "1" when the last run ended with every worker finished cleanly
    run:<id>:requests / :dupefilter   scrapy-redis's queue and duplicate filter
    run:<id>:requested  set  canonical URLs claimed by a worker in this run
    run:<id>:alive      zset worker -> heartbeat expiry (unix time)
    run:<id>:workers / :finished  sets; run:<id>:summaries list; run:<id>:final
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import redis

from newsarchive.seen.base import ARCHIVED, Archived

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

PREFIX = "newsarchive"
HEARTBEAT_TTL = 30.0  # default: a worker not heard from for this long is dead
# a process between joining a run (the CLI) and its first heartbeat (the spider opened)
JOINING = f"joining:{socket.gethostname()}:{os.getpid()}"
JOINING_TTL = 120.0

# only an outcome that is not "archived" may be replaced
_MARK = """
for i, url in ipairs(ARGV) do
  if i > 1 and redis.call('HGET', KEYS[1], url) ~= 'archived' then
    redis.call('HSET', KEYS[1], url, ARGV[1])
  end
end
return 1
"""
_CLAIM = """
local owner = redis.call('HGET', KEYS[1], ARGV[1])
if owner then return owner end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return ARGV[2]
"""
# leave the run; the one who leaves it empty (and only that one) is told to finalise it
_LEAVE = """
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
if redis.call('ZCARD', KEYS[1]) == 0 then
  if redis.call('SET', KEYS[2], ARGV[1], 'NX') then return 1 end
end
return 0
"""


def _day_score(published_at: str | None) -> int | None:
    if not published_at or len(published_at) < 10:
        return None
    digits = published_at[:10].replace("-", "")
    return int(digits) if digits.isdigit() else None


class RedisRun:
    """A run shared by the workers that join it while it is active."""

    def __init__(
        self, client: redis.Redis, site: str, run_id: str, ttl: float = HEARTBEAT_TTL
    ) -> None:
        # Any: redis-py types every reply as "value or Awaitable" (its sync and async
        # clients share stubs), which would take a cast on every call
        self.client: Any = client
        self.site = site
        self.id = run_id
        self.ttl = ttl
        self.base = f"{PREFIX}:{site}:run:{run_id}"

    @classmethod
    def join(cls, url: str, site: str, ttl: float = HEARTBEAT_TTL) -> RedisRun:
        """The site's active run, or a new one (first worker in starts it).

        A run whose workers have all stopped beating without ending it (all killed) is
        abandoned: it is closed as incomplete, and the new run paginates everything.
        """
        client = redis.Redis.from_url(url, decode_responses=True)
        client.ping()
        key = f"{PREFIX}:{site}:run"
        for _ in range(3):
            current: Any = client.get(key)
            if current is not None:
                run = cls(client, site, current, ttl)
                if not run.abandoned():
                    return run.expecting_me()
                run.end(complete=False)
            new = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}"
            if client.set(key, new, nx=True):
                return cls(client, site, new, ttl).expecting_me()
        raise redis.RedisError(f"could not join or start a run of {site}")

    def expecting_me(self) -> RedisRun:
        """Count this process as alive in the run from the moment it joins: a worker still
        starting up (no slot, no heartbeat yet) must keep the others from ending the run."""
        self.client.zadd(f"{self.base}:alive", {JOINING: time.time() + JOINING_TTL})
        return self

    @classmethod
    def open(cls, url: str, site: str, run_id: str, ttl: float = HEARTBEAT_TTL) -> RedisRun:
        """A run already joined (the CLI joins before the crawler exists, to name its keys)."""
        return cls(redis.Redis.from_url(url, decode_responses=True), site, run_id, ttl)

    def abandoned(self) -> bool:
        """Workers entered it, and none is alive any more."""
        if not self.client.scard(f"{self.base}:workers"):
            return False
        return not self.client.zcount(f"{self.base}:alive", time.time(), "+inf")

    def end(self, complete: bool) -> None:
        """Close the run: the next one knows whether it may trust incremental stops."""
        self.client.set(f"{PREFIX}:{self.site}:last_complete", "1" if complete else "0")
        run_key = f"{PREFIX}:{self.site}:run"
        if self.client.get(run_key) == self.id:
            self.client.delete(run_key)
        self.client.delete(
            *(
                f"{self.base}:{k}"
                for k in (
                    "requests",
                    "dupefilter",
                    "requested",
                    "versions",
                    "alive",
                    "workers",
                    "finished",
                    "summaries",
                )
            )
        )

    @property
    def queue_key(self) -> str:
        return f"{self.base}:requests"

    @property
    def dupefilter_key(self) -> str:
        return f"{self.base}:dupefilter"

    def queue_length(self) -> int:
        return int(self.client.zcard(self.queue_key))

    def heartbeat(self, worker: str) -> None:
        self.client.zadd(f"{self.base}:alive", {worker: time.time() + self.ttl})

    def enter(self, worker: str) -> bool:
        """Register a worker; True when this run must not trust incremental stops (the last
        run ended incomplete, or this one has lost workers)."""
        run_key = f"{PREFIX}:{self.site}:run"
        if self.client.get(run_key) != self.id:
            # the run ended between the CLI joining it and this worker entering: take it up
            # again (its keys are this worker's queue now), so that leaving still ends it
            self.client.set(run_key, self.id, nx=True)
            self.client.delete(f"{self.base}:final")
        self.client.zrem(f"{self.base}:alive", JOINING)
        self.heartbeat(worker)
        members = self.client.smembers(f"{self.base}:workers")
        finished = self.client.smembers(f"{self.base}:finished")
        alive = set(self.client.zrangebyscore(f"{self.base}:alive", time.time(), "+inf"))
        self.client.sadd(f"{self.base}:workers", worker)
        lost = set(members) - set(finished) - alive
        return bool(lost) or self.client.get(f"{PREFIX}:{self.site}:last_complete") == "0"

    def leave(
        self, worker: str, summary: dict[str, Any], clean: bool
    ) -> list[dict[str, Any]] | None:
        """Leave the run. The last worker out gets every worker's summary (and ends the run)."""
        self.client.rpush(f"{self.base}:summaries", json.dumps(summary, ensure_ascii=False))
        if clean:
            self.client.sadd(f"{self.base}:finished", worker)
        last = self.client.eval(
            _LEAVE, 2, f"{self.base}:alive", f"{self.base}:final", worker, str(time.time())
        )
        if not last:
            return None
        summaries = [json.loads(s) for s in self.client.lrange(f"{self.base}:summaries", 0, -1)]
        workers = self.client.smembers(f"{self.base}:workers")
        done = self.client.smembers(f"{self.base}:finished")
        self.end(complete=set(workers) <= set(done))
        self.client.expire(f"{self.base}:final", 86_400)
        return summaries


class RedisSeenStore:
    """SeenStore's interface over Redis (see the module docstring for the keys)."""

    def __init__(self, run: RedisRun) -> None:
        self.worker: str | None = None  # set by CrawlGuard once it holds a worker slot
        self.run = run
        self.client: Any = run.client
        self._mark = self.client.register_script(_MARK)
        self._claim = self.client.register_script(_CLAIM)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisSeenStore:
        """The store of the run the CLI joined (NEWSARCHIVE_REDIS_RUN), or of the site's run
        joined now (`scrapy crawl` with NEWSARCHIVE_REDIS_URL set). Settings:
        NEWSARCHIVE_REDIS_URL, NEWSARCHIVE_REDIS_RUN, NEWSARCHIVE_REDIS_HEARTBEAT."""
        settings = crawler.settings
        url = settings.get("NEWSARCHIVE_REDIS_URL")
        if not url:
            raise ValueError("the Redis seen-state needs NEWSARCHIVE_REDIS_URL (crawl --redis)")
        site = getattr(crawler.spidercls, "site_slug", None) or crawler.spidercls.name
        run_id = settings.get("NEWSARCHIVE_REDIS_RUN")
        ttl = 6 * settings.getfloat("NEWSARCHIVE_REDIS_HEARTBEAT", 5.0)
        run = RedisRun.open(url, site, run_id, ttl) if run_id else RedisRun.join(url, site, ttl)
        return cls(run)

    def _key(self, site: str, name: str) -> str:
        return f"{PREFIX}:{site}:{name}"

    def release(self) -> None:
        self.close()  # one store per crawler: nobody else holds this connection

    def close(self) -> None:
        self.client.close()

    def flush(self) -> None:
        pass  # every Redis write is applied when it returns

    def url_outcome(self, site: str, url: str) -> str | None:
        value = self.client.hget(self._key(site, "urls"), url)
        return value if isinstance(value, str) else None

    def content_owner(self, site: str, content_hash: str) -> str | None:
        value = self.client.hget(self._key(site, "contents"), content_hash)
        return value if isinstance(value, str) else None

    def article(self, site: str, canonical_url: str) -> Archived | None:
        value = self.client.hget(self._key(site, "articles"), canonical_url)
        if not isinstance(value, str):
            return None
        content_hash, revision, published_at = value.split(" ", 2)
        return Archived(content_hash, int(revision), published_at or None)

    def claim_request(self, site: str, canonical_url: str) -> bool:
        return bool(self.client.sadd(f"{self.run.base}:requested", canonical_url))

    def claim_version(self, site: str, canonical_url: str, revision: int) -> bool:
        """True for the one worker of this run that may write this revision of this article:
        two workers can hold the same canonical URL (a redirect, rel=canonical) at once."""
        key = f"{self.run.base}:versions"
        return bool(self.client.hsetnx(key, f"{canonical_url} {revision}", self.worker or "?"))

    def claim_content(self, site: str, content_hash: str, canonical_url: str) -> str:
        owner = self._claim(keys=[self._key(site, "contents")], args=[content_hash, canonical_url])
        return str(owner)

    def mark(
        self, site: str, urls: Iterable[str], outcome: str, content_hash: str | None = None
    ) -> None:
        urls = list(dict.fromkeys(urls))
        if urls:
            self._mark(keys=[self._key(site, "urls")], args=[outcome, *urls])

    def mark_archived(
        self,
        site: str,
        canonical_url: str,
        urls: Iterable[str],
        content_hash: str,
        *,
        revision: int = 1,
        published_at: str | None = None,
        file: str | None = None,
        synced: int | None = None,
    ) -> None:
        pipe = self.client.pipeline(transaction=True)
        pipe.hset(self._key(site, "contents"), content_hash, canonical_url)
        pipe.hset(
            self._key(site, "articles"),
            canonical_url,
            f"{content_hash} {revision} {published_at or ''}",
        )
        for url in dict.fromkeys([canonical_url, *urls]):
            pipe.hset(self._key(site, "urls"), url, ARCHIVED)
        day = _day_score(published_at)
        if day is not None:
            pipe.zadd(self._key(site, "published"), {canonical_url: day})
        if file is not None and synced is not None:
            pipe.hset(self._key(site, "files"), file, synced)
        pipe.execute()

    def recent_articles(self, site: str, since: str) -> set[str]:
        day = _day_score(since) or 0
        return set(self.client.zrangebyscore(self._key(site, "published"), day, "+inf"))

    def counts(self, site: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for _, outcome in self.client.hscan_iter(self._key(site, "urls")):
            counts[outcome] = counts.get(outcome, 0) + 1
        return counts

    def synced(self, site: str, file: str) -> int:
        value = self.client.hget(self._key(site, "files"), file)
        return int(value) if isinstance(value, str) else 0

    def set_synced(self, site: str, file: str, synced: int) -> None:
        self.client.hset(self._key(site, "files"), file, synced)

    def begin_crawl(self, site: str, worker: str | None = None) -> tuple[int, bool]:
        assert worker is not None, "a Redis worker needs its worker id"
        return 0, self.run.enter(worker)

    def finish_crawl(self, crawl_id: int) -> None:
        pass  # a run's completion is decided when its last worker leaves (RedisRun.leave)
