"""Scrapy settings for newsarchive. Project knobs carry the NEWSARCHIVE_ prefix; no site data."""

from __future__ import annotations

import os

BOT_NAME = "newsarchive"
SPIDER_MODULES = ["newsarchive.spiders"]
NEWSPIDER_MODULE = "newsarchive.spiders"

# Where archive/, state/ and logs/ live; the CLI's --data-dir sets it.
NEWSARCHIVE_DATA_DIR = os.environ.get("NEWSARCHIVE_DATA", "data")
NEWSARCHIVE_CONTACT_URL = "https://github.com/newsarchive/newsarchive"

# The User-Agent is newsarchive/<version> (+NEWSARCHIVE_CONTACT_URL), built by
# ContactUserAgentMiddleware; setting USER_AGENT replaces it. robots.txt rules are matched
# against this token.
ROBOTSTXT_OBEY = True
ROBOTSTXT_USER_AGENT = "newsarchive"
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1
# Scrapy starts this many tasks per response; 100 (the default) costs throughput for nothing
# when a page yields one item (scrapy/scrapy#5182)
CONCURRENT_ITEMS = 10
# Scrapy re-parses a callback's source on every call to warn about `return` in generators
# (its cache is keyed by bound methods): ~100 µs a page for a warning our spider never needs
WARN_ON_GENERATOR_RETURN_VALUE = False
# AutoThrottle adapts the delay to the server's latency, starting from DOWNLOAD_DELAY; a site
# profile's download_delay/concurrency override both (the demo site turns it off).
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
# pages above DOWNLOAD_MAXSIZE are abandoned (failed/too_large), not parsed
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
REDIRECT_MAX_TIMES = 10
RETRY_TIMES = 3
NEWSARCHIVE_RETRY_BACKOFF = 1.0
NEWSARCHIVE_RETRY_BACKOFF_MAX = 60.0
# an article that fails for good is listed in the run summary; it is not a crawl error
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"
# Only the web: a link to file:///dev/zero, data:, ftp:// or s3:// has no handler to reach it
# (newsarchive.middlewares.safety refuses it first, and counts it as skipped/scheme)
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}
DOWNLOADER_MIDDLEWARES = {
    # only the site: every request and redirect hop, before robots.txt is asked for it; it
    # replaces Scrapy's OffsiteMiddleware, which lets dont_filter requests (and redirects of
    # them) pass and drops an offsite redirect of a listing without a word
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "newsarchive.middlewares.safety.FetchGuardMiddleware": 50,
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": None,
    "newsarchive.middlewares.useragent.ContactUserAgentMiddleware": 500,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newsarchive.middlewares.retry.BackoffRetryMiddleware": 550,
    # next to the downloader: sees each response as it arrived, before decompression
    "newsarchive.middlewares.warc.WarcMiddleware": 950,
}
# Raw responses as WARC beside the JSONL (`newsarchive crawl --warc` turns it on for a run).
NEWSARCHIVE_WARC = False
NEWSARCHIVE_WARC_MAX_SIZE = 1_000_000_000
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# Incremental crawls: stop paginating a channel after this many known rows in a row (or at a
# page with nothing new); `newsarchive crawl --full` ignores the stop for one run.
NEWSARCHIVE_STOP_AFTER_KNOWN = 10
NEWSARCHIVE_FULL = False
# Listing pages per channel when neither --max-pages nor the site's max_pages says (0: no cap):
# a first run (and a --full or resume pass) would otherwise read a site's whole history in
# one go, or a pagination trap forever. 100 pages of 20 rows is about 2,000 articles.
NEWSARCHIVE_MAX_PAGES_DEFAULT = 100
# Articles published within this many days are fetched again to look for revisions.
NEWSARCHIVE_RECHECK_DAYS = 2
# A live progress line on stderr; the CLI turns it on when stderr is a terminal.
NEWSARCHIVE_PROGRESS = False

EXTENSIONS = {
    # SiteLog first, so the guard's lock and recovery messages reach the site's log file
    "newsarchive.extensions.sitelog.SiteLog": 90,
    "newsarchive.extensions.guard.CrawlGuard": 100,
    # a full disk met by a pipeline or a callback stops the crawl in one line
    "newsarchive.extensions.diskfull.StopOnDiskFull": 110,
    "newsarchive.extensions.progress.Progress": 120,
    "newsarchive.extensions.redis_worker.RedisWorker": 130,
    # serves a site bundled with the package (the demo) when no base_url is given
    "newsarchive.extensions.localsite.LocalSiteServer": 140,
    # the objects alive when the crawl opens, out of the cyclic GC's way (gc.freeze)
    "newsarchive.extensions.gcfreeze.FreezeStartupObjects": 150,
}
# gc.freeze() the objects set up before the crawl (newsarchive.extensions.gcfreeze): full
# collections walked ~94,000 of them again and again, ~250 µs of CPU a page
NEWSARCHIVE_GC_FREEZE = True
# and the youngest generation collected once 5,000 more objects are alive, not 700: a page's
# own objects, alive while it is read, were scanned every few pages (~55 µs a page)
NEWSARCHIVE_GC_THRESHOLD = 5000
# Shared crawls: with NEWSARCHIVE_REDIS_URL (the CLI's --redis) the spider is a scrapy-redis
# worker; a worker ends once the shared queue has stayed empty this many seconds.
NEWSARCHIVE_REDIS_URL = None
# The seen-state backend (a class with from_crawler, see newsarchive.seen.base.Store): SQLite in
# the data dir; the CLI's --redis sets newsarchive.seen.redis.RedisSeenStore.
NEWSARCHIVE_SEEN_STORE = "newsarchive.seen.sqlite.SeenStore"
NEWSARCHIVE_REDIS_IDLE = 15.0
# seconds between a worker's heartbeats; one not heard from for 6 beats is taken for dead
NEWSARCHIVE_REDIS_HEARTBEAT = 5.0
# Scrapy 2.19's remote-control HTTP endpoint: a listening port nobody asked for under cron
REMOTE_CONTROL_ENABLED = False
LOG_FORMATTER = "newsarchive.extensions.logformat.OneLineLogFormatter"
# Scrapy's in-memory stats, without the wrapper Scrapy 2.19 puts around every lookup on them
# (~2.4 µs a stats call, ~19 calls a page): newsarchive.extensions.stats
STATS_CLASS = "newsarchive.extensions.stats.QuickStatsCollector"

ITEM_PIPELINES = {
    "newsarchive.pipelines.required.RequireFieldsPipeline": 100,
    "newsarchive.pipelines.cleared.DropClearedPipeline": 200,
    "newsarchive.pipelines.dedup.DedupPipeline": 300,
    "newsarchive.pipelines.writer.ArchiveWriterPipeline": 900,
}
# every drop is counted in the stats by reason; one log line per drop is enough at INFO
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
