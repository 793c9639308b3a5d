"""One short reason per way a fetch can fail for good: the key of `newsarchive/failed/<reason>`
in the stats and the run summary."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newsarchive.middlewares.safety import Refused

# exception class name -> reason; matched by name so that Twisted's and Scrapy's variants
# (and their renames across versions) land in the same bucket
BY_NAME = {
    "DownloadTimeoutError": "timeout",
    "TimeoutError": "timeout",
    "TCPTimedOutError": "timeout",
    "ConnectionLost": "connection_reset",
    "ConnectionDone": "connection_reset",
    "ConnectionResetError": "connection_reset",
    "ResponseNeverReceived": "connection_reset",
    "ResponseFailed": "connection_reset",
    "DownloadFailedError": "connection_reset",
    "DownloadConnectionRefusedError": "connection_refused",
    "ConnectionRefusedError": "connection_refused",
    "ConnectError": "connection_refused",
    "CannotResolveHostError": "dns",
    "DNSLookupError": "dns",
    "DownloadCancelledError": "too_large",
    "ResponseDataLossError": "dataloss",
}


def failure_reason(failure: Failure) -> str:
    """`http_404`, `timeout`, `connection_reset`, `too_large`, `redirect_loop`,
    `robots_disallowed`, `offsite` … for a request's final failure."""
    error = failure.value
    if isinstance(error, HttpError) and error.response is not None:
        return f"http_{error.response.status}"
    if isinstance(error, Refused):
        return error.reason
    if isinstance(error, IgnoreRequest):
        message = str(error).lower()
        # HttpCompressionMiddleware's verdict on a decompression bomb
        if "exceeded download_maxsize" in message:
            return "too_large"
        if "robots.txt" in message:
            return "robots_disallowed"
        if "redirection" in message:
            return "redirect_loop"
        return "ignored"
    return BY_NAME.get(type(error).__name__, f"error_{type(error).__name__}")
