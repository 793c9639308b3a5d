"""Scrapy extensions around a crawl: the guard that makes it safe under cron (lock, recovery,
run log, health), the per-site log, the progress line, a Redis worker's heartbeat, and the
local server for a site bundled with the package (the demo), the freeze of the objects a
crawl sets up, out of the garbage collector's way, and the crawl's stats collector."""
