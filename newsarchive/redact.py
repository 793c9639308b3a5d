"""Secrets in URLs, masked wherever they would be printed.

A Redis URL carries its password (`redis://:s3cret@host:6379/0`), and cron mails, the journal
and the site logs keep whatever a crawl prints. `mask_url` and `mask_secrets` replace the
password (or a lone token) in the userinfo of any URL, and password-like query parameters,
with `***`; `MaskSecrets` does it to every log record a handler writes (Scrapy's "Overridden
settings" line names REDIS_URL). The CLI's messages, the run summaries and the report pass
through them too.
"""

from __future__ import annotations

import logging
import re

MASK = "***"

# scheme://userinfo@ — userinfo up to the last @ before the host (a password may hold @)
_USERINFO = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)(?P<userinfo>[^\s/?#'\"<>]*)@")
_QUERY_SECRET = re.compile(
    r"(?P<key>[?&](?:password|passwd|pass|pwd|secret|token|access_token|api_key|apikey)=)"
    r"[^&#\s'\"<>]*",
    re.IGNORECASE,
)


def _userinfo(match: re.Match[str]) -> str:
    user, sep, _ = match["userinfo"].partition(":")
    # "user:password" keeps the user; a lone "token" (no colon) is all secret
    masked = f"{user}:{MASK}" if sep else MASK
    return f"{match['scheme']}{masked}@"


def mask_secrets(text: str) -> str:
    """`text` with the credentials of every URL in it masked.

    >>> mask_secrets("cannot reach Redis at redis://:s3cretPW@10.0.0.5:6379/0: refused")
    'cannot reach Redis at redis://:***@10.0.0.5:6379/0: refused'
    >>> mask_secrets("rediss://worker:p@ss@h/1 and redis://h:6379/0?password=x&db=1")
    'rediss://worker:***@h/1 and redis://h:6379/0?password=***&db=1'
    >>> mask_secrets("http://tok3n@example.cn/a and mailto:me@example.cn")
    'http://***@example.cn/a and mailto:me@example.cn'
    """
    if "://" not in text and "=" not in text:
        return text
    return _QUERY_SECRET.sub(r"\g<key>" + MASK, _USERINFO.sub(_userinfo, text))


def mask_url(url: str) -> str:
    """One URL with its password masked (`redis://:***@host:6379/0`)."""
    return mask_secrets(url)


class MaskSecrets(logging.Filter):
    """A handler filter masking credentials in each record's message and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a record that cannot be formatted is the handler's to report
            return True
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_secrets(logging.Formatter().formatException(record.exc_info))
        return True


def mask_log_handlers(logger: logging.Logger | None = None) -> None:
    """Add MaskSecrets to every handler of `logger` (the root logger) that lacks one."""
    for handler in (logger or logging.getLogger()).handlers:
        if not any(isinstance(f, MaskSecrets) for f in handler.filters):
            handler.addFilter(MaskSecrets())
