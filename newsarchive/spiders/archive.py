"""ArchiveSpider: crawl policy only (start, follow, paginate, skip). No selectors here.

What a page means is decided by `newsarchive.extract`; what happens to an item by the
pipelines. The spider decides what to fetch: listing rows that are placeholders or already
known to the seen-state are never requested (unless recent enough to be re-checked for a
revision), and pagination stops where the listing holds nothing new.
"""

from __future__ import annotations

import re
import weakref
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError

from newsarchive import statkeys
from newsarchive.extract import article_continuations, merge_article_pages, parse_article
from newsarchive.extract.article import page_problem, read_article_page
from newsarchive.extract.encoding import decode_page, header_text
from newsarchive.extract.html import make_selector
from newsarchive.extract.listing import read_listing_answer
from newsarchive.extract.processors import matches_placeholder, section_from_titles
from newsarchive.extract.script_rows import api_page_url
from newsarchive.extract.urls import canonical_url, strip_tracking
from newsarchive.items import Article, ListingRow, PageRequest
from newsarchive.middlewares.failures import failure_reason
from newsarchive.middlewares.safety import FetchPolicy, Refused
from newsarchive.seen import Store, store_for
from newsarchive.sites import adhoc_site, get_site
from newsarchive.sites.base import Site
from newsarchive.spiders.browser import render_meta

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

GONE_STATUSES = (404, 410)
# listing pages per channel when nothing else says (NEWSARCHIVE_MAX_PAGES_DEFAULT)
DEFAULT_MAX_PAGES = 100
# request meta a replay sets: the fetch's time, and the article page read ahead of the replay
REPLAY_NOW = "newsarchive_replay_now"
REPLAY_PAGE = "newsarchive_replay_page"
# drops a later visit may find mended; a full pass (--full, or after a kill) fetches again
RETRIED_ON_FULL_PASS = ("dropped/placeholder/", "dropped/invalid/truncated", "dropped/empty")
# An absolute http(s) URL that urljoin and strip_tracking give back as it is, whatever the
# base: a lower-case scheme, a host of name characters and a port, then a path free of what
# urlsplit drops, str.strip strips or urlparse splits off (control characters, any blank,
# `;` params, an empty `?` or `#`), and no query or fragment. Most links a listing gives
# are such URLs (the reader makes rows absolute); tests/test_spider_fastpaths.py holds it to
# both functions.
_AS_IS = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[^\s\x00-\x20\x7f;?#]*)?")


class ArchiveSpider(scrapy.Spider):
    """Crawls one site's listings and the articles they link to.

    Arguments (`-a name=value`): `site` (slug; fixed for the per-site spiders), `base_url`
    (where a site with relative channel URLs is served; without it, the LocalSiteServer
    extension serves a site bundled with the package on 127.0.0.1 and sets it), `max_pages`
    (listing pages per channel), `start_url` (a listing of a site nobody wrote a profile for).

    Settings: NEWSARCHIVE_STOP_AFTER_KNOWN (stop paginating a channel after this many known
    rows in a row, or after a page with nothing new), NEWSARCHIVE_RECHECK_DAYS (archived
    articles published this recently are fetched again to look for revisions),
    NEWSARCHIVE_MAX_PAGES_DEFAULT (listing pages per channel when neither `max_pages` nor the
    site's profile says; 0 for no cap). CrawlGuard sets `full_pass` when the run must ignore
    the incremental stop (`--full`, or after a killed run).

    Every crawl ends by itself: a listing page that brings no row new to this run ends its
    channel (a calendar or an endless-page trap), whatever the pass, and so does the page cap.
    """

    name = "archive"
    site_slug: str | None = None
    # the profile of a per-site spider class (spiders/sites.py)
    profile: Site | None = None

    def __init__(
        self,
        site: str | Site | None = None,
        base_url: str | None = None,
        max_pages: str | int | None = None,
        start_url: str | None = None,
        slug: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        # the listing URLs a site nobody wrote a profile for was crawled from (the WARC
        # records them, so reextract can rebuild the same site)
        self.start_urls_given: list[str] = []
        if isinstance(site, Site):
            self.site = site
        elif self.profile is not None:
            self.site = self.profile
        elif self.site_slug or site:
            self.site = get_site(str(self.site_slug or site))
        elif start_url:
            self.start_urls_given = start_url.split()
            self.site = adhoc_site(self.start_urls_given, slug)
        else:
            raise ValueError(
                "the archive spider needs a site or a listing: "
                "scrapy crawl archive -a site=SLUG, or -a start_url=URL"
            )
        if start_url and not self.start_urls_given:
            self.start_urls_given = start_url.split()
        self.base_url = base_url
        self.max_pages: int | None = int(max_pages) if max_pages else self.site.listing.max_pages
        self.allowed_domains = list(self.site.domains)
        if base_url:
            self.allowed_domains.append(urlsplit(base_url).hostname or "")
        self.serving_base: str | None = None
        self.serving_url: str | None = None  # where the site was fetched from, if elsewhere
        self.store: Store
        self.full_pass = False
        self.stop_after_known = 10
        self.recheck_days = 0
        self.recent: set[str] = set()
        self.known_streak: dict[str | None, int] = defaultdict(int)
        self.failed_urls: set[str] = set()
        # channels whose first listing page gave no article row: a wrong start URL, or a
        # list the page draws by script (the run is not healthy)
        self.empty_listings: list[str] = []
        self._policy: FetchPolicy | None = None
        # row URLs (keys) each channel's listing pages brought in this run
        self.channel_rows: dict[str | None, set[str]] = defaultdict(set)
        # channels a page cap or a trap stopped: what the run summary reports
        self.stopped_channels: list[dict[str, Any]] = []
        # the response whose links were last followed, and the encoding its requests take
        self._following: tuple[weakref.ref[Response], str] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ArchiveSpider:
        spider: ArchiveSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.store = store_for(crawler)
        spider.stop_after_known = crawler.settings.getint("NEWSARCHIVE_STOP_AFTER_KNOWN", 10)
        spider.recheck_days = crawler.settings.getint("NEWSARCHIVE_RECHECK_DAYS", 0)
        if spider.max_pages is None:
            # a first run would otherwise read a site's whole history, and a trap forever
            default = crawler.settings.getint("NEWSARCHIVE_MAX_PAGES_DEFAULT", DEFAULT_MAX_PAGES)
            spider.max_pages = default or None
        return spider

    def key(self, url: str) -> str:
        """The canonical URL, under the site's origin when a copy of it is served elsewhere."""
        canon = canonical_url(url)
        # the base's own path boundary: http://127.0.0.1:800 is no prefix of …:8001/
        if self.serving_base and self.site.origin and canon.startswith(self.serving_base + "/"):
            return self.site.origin.rstrip("/") + canon[len(self.serving_base) :]
        return canon

    @property
    def relative_channels(self) -> bool:
        """The site's channels are paths: it is served wherever `base_url` says."""
        return urlsplit(self.site.channels[0].url).scheme == ""

    def channel_urls(self) -> list[tuple[str, str | None]]:
        base = self.base_url
        if base is None and self.relative_channels:
            raise ValueError(f"site {self.site.slug!r} has relative channel URLs: give base_url")
        if base is not None:
            self.serving_url = base
            self.serving_base = canonical_url(base.rstrip("/") + "/").rstrip("/")
        return [(urljoin(base, c.url) if base else c.url, c.name) for c in self.site.channels]

    def fetch_policy(self) -> FetchPolicy:
        """What this crawl may fetch (newsarchive.middlewares.safety): the site's domains and
        the hosts of its own channel URLs and base URL, where alone a private address goes."""
        if self._policy is None:
            own = [url for url, _ in self.channel_urls()]
            own += [self.base_url] if self.base_url else []
            own += self.start_urls_given
            self._policy = FetchPolicy.for_site([*self.site.domains, *self.allowed_domains], own)
        return self._policy

    def _refused(self, url: str) -> str | None:
        """Why `url` is not to be requested, counted as `skipped/<reason>`; None if it is."""
        reason = self.fetch_policy().check(url)
        if reason is not None:
            stats = self.crawler.stats
            assert stats is not None
            stats.inc_value(statkeys.skipped(reason))
            self.logger.debug("not requested (%s): %s", reason, url)
        return reason

    def _follow(self, response: Response, url: str, **kwargs: Any) -> scrapy.Request | None:
        """`response.follow(url)`, or None (counted as a bad link) when no request can be
        made of it: one malformed link must not cost the rest of the page."""
        try:
            if _AS_IS.fullmatch(url):
                # what response.follow makes of a URL its urljoin gives back as it is, without
                # the join (two URL parses) or the encoding lookups for every row of a page
                return scrapy.Request(url, encoding=self._follow_encoding(response, url), **kwargs)
            return response.follow(url, **kwargs)
        except ValueError:
            stats = self.crawler.stats
            assert stats is not None
            stats.inc_value(statkeys.SKIPPED_BAD_LINK)
            self.logger.debug("not requested (bad_link): %r", url)
            return None

    def _follow_encoding(self, response: Response, url: str) -> str:
        """The encoding response.follow gives the requests of this response's links. The
        first link of each response is joined as response.follow joins it, so a page whose
        base cannot be read fails each of its links (ValueError) as it did."""
        known = self._following
        if known is not None and known[0]() is response:
            return known[1]
        response.urljoin(url)
        encoding = response.encoding if isinstance(response, TextResponse) else "utf-8"
        self._following = (weakref.ref(response), encoding)
        return encoding

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.recheck_days > 0:
            since = (datetime.now(UTC) - timedelta(days=self.recheck_days)).date().isoformat()
            self.recent = self.store.recent_articles(self.site.slug, since)
        for url, channel in self.channel_urls():
            yield self.listing_request(url, channel)

    def listing_request(self, channel_url: str, channel: str | None) -> scrapy.Request:
        """A channel's first listing request: its page, or page 1 of the API its profile names;
        through the browser for a site that renders."""
        api = self.site.listing.api
        if api is not None:
            return scrapy.Request(
                api_page_url(api, channel_url, 1),
                callback=self.parse_listing,
                errback=self.listing_failed,
                cb_kwargs={"channel": channel, "page": 1, "channel_url": channel_url},
            )
        return scrapy.Request(
            channel_url,
            callback=self.parse_listing,
            errback=self.listing_failed,
            cb_kwargs={"channel": channel, "page": 1, "channel_url": channel_url},
            meta=render_meta() if self.site.render else {},
        )

    def _next_listing(
        self, response: Response, listing_next: str, sent: PageRequest | None, **cb_kwargs: Any
    ) -> scrapy.Request | None:
        """The request for a listing's next page: a link (drawn by the browser for a site that
        renders, unless it is an API's page), or a form the page's script POSTs (a data
        proxy's next records)."""
        if sent is not None:
            return scrapy.FormRequest(
                sent.url,
                formdata=list(sent.formdata),
                callback=self.parse_listing,
                errback=self.listing_failed,
                cb_kwargs={**cb_kwargs, "sent": sent},
            )
        drawn = self.site.render and self.site.listing.api is None
        return self._follow(
            response,
            listing_next,
            callback=self.parse_listing,
            errback=self.listing_failed,
            cb_kwargs=cb_kwargs,
            meta=render_meta() if drawn else {},
        )

    def page_text(self, response: Response) -> str:
        """The page as text, decoded by what it is rather than what it claims to be."""
        text, _ = decode_page(response.body, header_text(response.headers.get("Content-Type")))
        return text

    def parse_listing(
        self,
        response: Response,
        channel: str | None,
        page: int,
        channel_url: str | None = None,
        sent: PageRequest | None = None,
    ) -> Iterator[scrapy.Request]:
        stats = self.crawler.stats
        assert stats is not None
        if page_problem(response.body, textual=isinstance(response, TextResponse)) in (
            "not_html",
            "binary",
        ):
            stats.inc_value(statkeys.LISTING_NOT_HTML)
            return
        # a page, a data proxy's records (`sent`), or page `page` of the profile's API
        listing = read_listing_answer(
            self.page_text(response),
            response.url,
            self.site,
            page=page,
            sent=sent,
            channel_url=channel_url or response.url,
        )
        stats.inc_value(statkeys.LISTING_PAGES)
        stats.inc_value(statkeys.LISTING_ROWS, len(listing.rows))
        if listing.rows:
            stats.inc_value(statkeys.listing_rows(listing.kind), len(listing.rows))
        if page == 1 and not listing.rows:
            self.empty_listings.append(response.url)
        new = known = 0
        brought = self.channel_rows[channel]
        fresh = False  # a row URL this channel's pages have not brought before in this run
        for row in listing.rows:
            if self._refused(row.url):
                continue
            try:
                canon = self.key(row.url)
            except ValueError:
                stats.inc_value(statkeys.SKIPPED_BAD_LINK)
                continue
            if canon not in brought:
                brought.add(canon)
                fresh = True
            marker = matches_placeholder(row.title)
            if marker:
                stats.inc_value(statkeys.skipped(f"placeholder/{marker}"))
                continue
            if not self.store.claim_request(self.site.slug, canon):
                stats.inc_value(statkeys.SKIPPED_REPEATED)
                continue
            recheck = False
            outcome = self.store.url_outcome(self.site.slug, canon)
            if outcome is not None:
                known += 1
                self.known_streak[channel] += 1
                if self.full_pass and outcome.startswith(RETRIED_ON_FULL_PASS):
                    # a placeholder may have been restored, a cut-off page mended
                    stats.inc_value(statkeys.RETRIED_DROPPED)
                elif canon not in self.recent:
                    stats.inc_value(statkeys.SKIPPED_SEEN)
                    continue
                else:
                    recheck = True
                    stats.inc_value(statkeys.RECHECK_REQUESTED)
            else:
                new += 1
                self.known_streak[channel] = 0
            request = self._follow(
                response,
                row.url if _AS_IS.fullmatch(row.url) else strip_tracking(row.url),
                callback=self.parse_article,
                errback=self.article_failed,
                cb_kwargs={"row": row, "listing_url": response.url, "channel": channel},
                meta={"recheck": recheck, **(render_meta() if self.site.render_articles else {})},
                # claim_request already keeps one request per article; the dupefilter would
                # also cut a redirect loop short silently instead of failing it by name
                dont_filter=True,
            )
            if request is not None:
                stats.inc_value(statkeys.ARTICLES_REQUESTED)
                yield request
        caught_up = (known and not new) or self.known_streak[channel] >= self.stop_after_known
        if caught_up and not self.full_pass:
            stats.inc_value(statkeys.LISTING_STOPPED)
            return
        if not listing.next_page or self._refused(listing.next_page):
            return
        if not fresh:
            # the same rows again under a new page URL: a calendar or an endless-page trap
            # (a full pass too: there is nothing further along this chain to find)
            stats.inc_value(statkeys.LISTING_STOPPED_NO_NEW)
            self._stopped_channel(channel, response.url, page, "no_new_rows")
            return
        if self.max_pages is not None and page >= self.max_pages:
            stats.inc_value(statkeys.LISTING_STOPPED_CAP)
            self._stopped_channel(channel, response.url, page, "page_cap")
            return
        following = self._next_listing(
            response,
            listing.next_page,
            listing.next_request,
            channel=channel,
            page=page + 1,
            channel_url=channel_url,
        )
        if following is not None:
            yield following

    def _stopped_channel(self, channel: str | None, url: str, page: int, reason: str) -> None:
        """A channel whose next page was not followed for a cap or a trap: the run summary
        names it, since what lies beyond was not crawled."""
        self.stopped_channels.append(
            {"channel": channel, "url": url, "page": page, "reason": reason}
        )
        if reason == "page_cap":
            self.logger.info(
                "channel %s stopped at its page cap (%d pages; --max-pages or the site's "
                "max_pages raises it): %s",
                channel or url,
                page,
                url,
            )
        else:
            self.logger.warning(
                "channel %s stopped: page %d brought no row new to this run (a pagination "
                "trap?): %s",
                channel or url,
                page,
                url,
            )

    def parse_article(
        self, response: Response, row: ListingRow, listing_url: str, channel: str | None
    ) -> Iterator[Article | scrapy.Request]:
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value(statkeys.ARTICLES_FETCHED)
        aliases = [self.key(u) for u in (row.url, *response.meta.get("redirect_urls", ()))]
        problem = page_problem(response.body, textual=isinstance(response, TextResponse))
        if problem:
            self._dropped_page(response, aliases, problem)
            return
        # a replay (reextract) reads relative dates against the fetch's own time, and may hand
        # in the page already read in a worker process (`REPLAY_*` keys of the request's meta)
        now = response.meta.get(REPLAY_NOW) or datetime.now(UTC)
        page = response.meta.get(REPLAY_PAGE) or read_article_page(
            self.page_text(response), response.url, self.site, now=now
        )
        if page.article is None:
            if page.detail:
                self.logger.warning("cannot parse %s: %s", response.url, page.detail)
            self._dropped_page(response, aliases, page.problem or "unparseable")
            return
        article, following = page.article, page.continuations
        article.listing_url = listing_url
        article.listing_title = row.title
        article.section = (
            row.section
            or section_from_titles(row.title, article.title or "")
            or article.section
            or channel
        )
        # the source a script's or an API's row names, where the page itself names none
        article.source = article.source or row.source
        article.crawled_at = now.isoformat(timespec="seconds")
        assert article.canonical_url is not None
        article.canonical_url = self.key(article.canonical_url)
        article.aliases = [self.key(response.url), *aliases]
        article.recheck = bool(response.meta.get("recheck"))
        article.warc_file = response.meta.get("warc_file")
        article.warc_record_id = response.meta.get("warc_record_id")
        following = [u for u in following if not self._refused(u)]
        if following:
            request = self._next_page_of(response, article, [], following)
            if request is not None:
                yield request
                return
        yield article

    def _next_page_of(
        self, response: Response, first: Article, pages: list[Article], following: list[str]
    ) -> scrapy.Request | None:
        """The request for the next page of an article split over several (…_2.html)."""
        return self._follow(
            response,
            following[0],
            callback=self.parse_continuation,
            errback=self.article_failed,
            cb_kwargs={"first": first, "pages": pages, "following": following[1:]},
            dont_filter=True,
        )

    def parse_continuation(
        self, response: Response, first: Article, pages: list[Article], following: list[str]
    ) -> Iterator[Article | scrapy.Request]:
        """One more page of a split article; after the last, the whole article as one record.

        A page that fails for good fails the article (listed in the run summary, tried again
        next run): half an article is not archived as if it were whole.
        """
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value(statkeys.CONTINUATION_PAGES)
        text = self.page_text(response)
        sel = make_selector(text)
        page = parse_article(sel, response.url, self.site, text=text)
        pages = [*pages, page]
        seen = {self.key(u) for u in (first.url or "", *(p.url or "" for p in pages))}
        more = [
            u
            for u in article_continuations(sel, response.url)
            if u not in following and not self._refused(u) and self.key(u) not in seen
        ]
        following = list(dict.fromkeys([*following, *more]))
        following = [u for u in following if self.key(u) not in seen]
        if following:
            request = self._next_page_of(response, first, pages, following)
            if request is not None:
                yield request
                return
        merged = merge_article_pages(first, pages)
        # the later pages are part of this record: a listing link to one is already archived
        merged.aliases = [*first.aliases, *(self.key(p.url) for p in pages if p.url)]
        yield merged

    def _dropped_page(self, response: Response, aliases: list[str], reason: str) -> None:
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value(statkeys.dropped(reason))
        stats.inc_value(statkeys.DROPPED)
        urls = [self.key(response.url), *aliases]
        self.store.mark(self.site.slug, urls, f"dropped/{reason}")

    def article_failed(self, failure: Failure) -> None:
        """An article failed for good in this run (errbacks run once retries are spent).

        It is listed in the run summary; only a page that is gone (404/410) is remembered,
        so everything else is tried again by the next run.
        """
        stats = self.crawler.stats
        assert stats is not None
        request = failure.request  # type: ignore[attr-defined]
        if isinstance(failure.value, Refused):
            # a redirect out of the site, counted as skipped/<reason> where it was refused;
            # remembered, so that the row is a known one (the incremental stop still works)
            urls = [*request.meta.get("redirect_urls", ()), request.url]
            self.store.mark(self.site.slug, [self.key(urls[0])], f"refused/{failure.value.reason}")
            return
        reason = failure_reason(failure)
        stats.inc_value(statkeys.failed(reason))
        self.failed_urls.add(request.url)
        error = failure.value
        if isinstance(error, HttpError) and error.response.status in GONE_STATUSES:
            self.store.mark(
                self.site.slug, [self.key(request.url)], f"gone/{error.response.status}"
            )
        self.logger.warning(
            "article %s failed: %s (%s)", request.url, reason, failure.getErrorMessage()
        )

    def listing_failed(self, failure: Failure) -> None:
        """A listing page failed for good: what it links to is unreachable this run."""
        stats = self.crawler.stats
        assert stats is not None
        request = failure.request  # type: ignore[attr-defined]
        reason = failure_reason(failure)
        stats.inc_value(statkeys.failed(f"listing/{reason}"))
        self.failed_urls.add(request.url)
        self.logger.error(
            "listing %s failed: %s (%s)", request.url, reason, failure.getErrorMessage()
        )
