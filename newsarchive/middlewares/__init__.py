"""Downloader middlewares: retries with backoff, a User-Agent that names its operator, the
WARC writer; and the reason a fetch failed for good (`failures`)."""
