"""The four item pipelines, built with plain constructor arguments (no crawler, no network)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pytest
from scrapy.exceptions import DropItem

from newsarchive.datadir import DataDir
from newsarchive.extract.processors import content_hash
from newsarchive.items import RECORD_FIELDS, Article
from newsarchive.pipelines.cleared import DropClearedPipeline
from newsarchive.pipelines.dedup import DedupPipeline
from newsarchive.pipelines.required import RequireFieldsPipeline
from newsarchive.pipelines.writer import ArchiveWriterPipeline
from newsarchive.schema import record_validator
from newsarchive.seen.sqlite import SeenStore

if TYPE_CHECKING:
    from scrapy.statscollectors import StatsCollector

SITE = "demo"
URL = "http://demo.localhost/dongtai/2022/0829/a1.html"
OTHER_URL = "http://demo.localhost/yaowen/2022/0830/b7.html"
TITLE = "我区网球队员征战总决赛"
BODY = "8月28日，我区网球队员在市级总决赛中夺得两枚金牌。\n\n区体育局表示，将继续支持青少年网球。"
CRAWL_DATE = "2026-11-29"


class FakeStats:
    """The part of Scrapy's StatsCollector the pipelines use."""

    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.values[key] = self.values.get(key, start) + count

    @property
    def counts(self) -> dict[str, int]:
        """Archived and dropped counts, without the field-coverage counters."""
        return {k: v for k, v in self.values.items() if not k.startswith("newsarchive/fields/")}


def as_stats(fake: FakeStats) -> StatsCollector:
    return cast("StatsCollector", fake)


def make_article(
    url: str = URL, title: str | None = TITLE, body: str | None = BODY, **fields: Any
) -> Article:
    """A whole, schema-valid Article; `fields` override any record field."""
    values: dict[str, Any] = {
        "url": url,
        "canonical_url": url,
        "site": SITE,
        "section": "区体育局",
        "title": title,
        "author": "admin",
        "source": "区体育局",
        "editor": None,
        "published_at": "2022-08-29T06:33:18+08:00",
        "body": body,
        "listing_url": "http://demo.localhost/dongtai/index.html",
        "listing_title": f"区体育局{title}",
        "crawled_at": "2026-11-29T10:00:00+00:00",
        "content_hash": content_hash(title, body),
    }
    values.update(fields)
    return Article(**values)


def json_line(item: Article) -> str:
    return json.dumps(item.record(), ensure_ascii=False) + "\n"


_WRITERS: list[ArchiveWriterPipeline] = []


def archive_path(data_dir: Path, site: str, crawl_date: str) -> Path:
    return DataDir(data_dir).archive_file(site, crawl_date)


def new_writer(
    data_dir: Path, store: SeenStore, stats: StatsCollector | None, crawl_date: str
) -> ArchiveWriterPipeline:
    """An ArchiveWriterPipeline that is closed at teardown even when its test fails."""
    writer = ArchiveWriterPipeline(DataDir(data_dir), store, stats, crawl_date)
    _WRITERS.append(writer)
    return writer


@pytest.fixture(autouse=True)
def _close_writers() -> Iterator[None]:
    yield
    while _WRITERS:
        _WRITERS.pop().close_spider()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SeenStore]:
    seen = SeenStore(tmp_path / "s.sqlite3")
    yield seen
    seen.close()


@pytest.fixture
def stats() -> FakeStats:
    return FakeStats()


def test_make_article_is_schema_valid() -> None:
    # the other tests rely on the baseline article being a whole, valid record
    assert list(record_validator().iter_errors(make_article().record())) == []


# --- RequireFieldsPipeline ------------------------------------------------------------------


def test_required_passes_a_good_article_unchanged(store: SeenStore, stats: FakeStats) -> None:
    item = make_article()
    before = replace(item)
    out = RequireFieldsPipeline(as_stats(stats), store).process_item(item)
    assert out is item
    assert out == before
    assert stats.counts == {}
    assert store.url_outcome(SITE, URL) is None


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"defects": ["truncated"]}, "invalid/truncated"),
        ({"defects": ["unparseable: ValueError: bad"]}, "invalid/unparseable"),
        ({"title": None}, "invalid/missing_title"),
        ({"title": ""}, "invalid/missing_title"),
        ({"body": None}, "invalid/missing_body"),
        ({"url": None, "canonical_url": URL}, "invalid/missing_url"),
        ({"published_at": "2022/08/29"}, "invalid/schema"),
        ({"published_at": "2022-08-29 06:33:18"}, "invalid/schema"),
        ({"published_at": "2022-13-45"}, "invalid/schema"),
        ({"crawled_at": "2026-02-30T10:00:00+00:00"}, "invalid/schema"),
        ({"crawled_at": "2026-11-29T18:00:00+08:00"}, "invalid/schema"),
        ({"content_hash": "not-a-hash"}, "invalid/schema"),
        # a defect is reported before a missing field
        ({"defects": ["truncated"], "title": None}, "invalid/truncated"),
    ],
)
def test_required_drops(
    store: SeenStore, stats: FakeStats, overrides: dict[str, Any], reason: str
) -> None:
    item = make_article(**overrides)
    with pytest.raises(DropItem) as excinfo:
        RequireFieldsPipeline(as_stats(stats), store).process_item(item)
    message = str(excinfo.value)
    assert reason in message
    if item.url is not None:
        assert item.url in message
    assert stats.counts == {f"newsarchive/dropped/{reason}": 1, "newsarchive/dropped": 1}
    assert store.url_outcome(SITE, URL) == f"dropped/{reason}"


def test_required_drop_message_is_exact(store: SeenStore, stats: FakeStats) -> None:
    with pytest.raises(DropItem, match=r"^dropped \(invalid/truncated\): http://demo\.localhost/"):
        RequireFieldsPipeline(as_stats(stats), store).process_item(
            make_article(defects=["truncated"])
        )


def test_required_drop_marks_every_alias(store: SeenStore, stats: FakeStats) -> None:
    alias = "http://demo.localhost/dongtai/a1.html"
    item = make_article(title=None, aliases=[alias])
    with pytest.raises(DropItem):
        RequireFieldsPipeline(as_stats(stats), store).process_item(item)
    assert store.url_outcome(SITE, URL) == "dropped/invalid/missing_title"
    assert store.url_outcome(SITE, alias) == "dropped/invalid/missing_title"
    assert store.counts(SITE) == {"dropped/invalid/missing_title": 2}


def test_required_drops_without_stats_or_store() -> None:
    with pytest.raises(DropItem, match="invalid/missing_title"):
        RequireFieldsPipeline(None, None).process_item(make_article(title=None))


def test_drop_counts_accumulate_per_reason(store: SeenStore, stats: FakeStats) -> None:
    pipeline = RequireFieldsPipeline(as_stats(stats), store)
    for item in (
        make_article(title=None),
        make_article(url=OTHER_URL, title=None),
        make_article(url=OTHER_URL + "?x", defects=["truncated"]),
    ):
        with pytest.raises(DropItem):
            pipeline.process_item(item)
    assert stats.counts == {
        "newsarchive/dropped/invalid/missing_title": 2,
        "newsarchive/dropped/invalid/truncated": 1,
        "newsarchive/dropped": 3,
    }


# --- DropClearedPipeline --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "body", "reason"),
    [
        ("标题和内容已经清空2022-08-29 06:33:18", "标题和内容已经清空", "placeholder/cleared"),
        ("标题和内容已经清空2022-08-29 06:33:18", BODY, "placeholder/cleared"),
        (TITLE, "该信息已删除", "placeholder/deleted"),
    ],
)
def test_cleared_drops_placeholders(
    store: SeenStore, stats: FakeStats, title: str, body: str, reason: str
) -> None:
    item = make_article(title=title, body=body)
    fingerprint = content_hash(title, body)
    with pytest.raises(DropItem) as excinfo:
        DropClearedPipeline(as_stats(stats), store).process_item(item)
    assert reason in str(excinfo.value)
    assert URL in str(excinfo.value)
    assert stats.counts == {f"newsarchive/dropped/{reason}": 1, "newsarchive/dropped": 1}
    assert store.url_outcome(SITE, URL) == f"dropped/{reason}"
    # the placeholder's fingerprint is not kept: it must never make a real article a duplicate
    assert store.content_owner(SITE, fingerprint) is None
    row = store.db.execute(
        "SELECT content_hash FROM urls WHERE site=? AND url=?", (SITE, URL)
    ).fetchone()
    assert row == (None,)
    assert store.counts(SITE) == {f"dropped/{reason}": 1}


def test_cleared_passes_a_real_article_unchanged(store: SeenStore, stats: FakeStats) -> None:
    item = make_article()
    before = replace(item)
    out = DropClearedPipeline(as_stats(stats), store).process_item(item)
    assert out is item
    assert out == before
    assert out.content_hash == content_hash(TITLE, BODY)
    assert stats.counts == {}
    assert store.url_outcome(SITE, URL) is None


def test_restored_article_is_archived_after_a_placeholder(
    tmp_path: Path, store: SeenStore, stats: FakeStats
) -> None:
    placeholder = make_article(
        title="标题和内容已经清空2022-08-29 06:33:18", body="标题和内容已经清空"
    )
    with pytest.raises(DropItem):
        DropClearedPipeline(as_stats(stats), store).process_item(placeholder)
    restored = make_article()
    dedup = DedupPipeline(store, as_stats(stats))
    writer = new_writer(tmp_path / "data", store, as_stats(stats), CRAWL_DATE)
    assert writer.process_item(dedup.process_item(restored)) is restored
    writer.close_spider()
    assert store.url_outcome(SITE, URL) == "archived"
    path = archive_path(tmp_path / "data", SITE, CRAWL_DATE)
    assert path.read_text("utf-8") == json_line(restored)


# --- DedupPipeline + ArchiveWriterPipeline ---------------------------------------------------


class Chain:
    """Dedup then write, as the crawl runs them, on one store."""

    def __init__(self, data_dir: Path, store: SeenStore, stats: FakeStats) -> None:
        self.dedup = DedupPipeline(store, as_stats(stats))
        self.writer = new_writer(data_dir, store, as_stats(stats), CRAWL_DATE)

    def process(self, item: Article) -> Article:
        return self.writer.process_item(self.dedup.process_item(item))

    def close(self) -> None:
        self.writer.close_spider()


def test_same_canonical_url_is_a_duplicate(
    tmp_path: Path, store: SeenStore, stats: FakeStats
) -> None:
    chain = Chain(tmp_path, store, stats)
    first = make_article()
    assert chain.process(first) is first
    again = make_article()
    with pytest.raises(DropItem) as excinfo:
        chain.process(again)
    chain.close()
    assert "duplicate/url" in str(excinfo.value)
    assert URL in str(excinfo.value)
    assert stats.counts == {
        "newsarchive/archived": 1,
        "newsarchive/dropped/duplicate/url": 1,
        "newsarchive/dropped": 1,
    }
    assert store.url_outcome(SITE, URL) == "archived"
    lines = archive_path(tmp_path, SITE, CRAWL_DATE).read_text("utf-8").splitlines()
    assert lines == [json_line(first).rstrip("\n")]


def test_same_canonical_url_with_changed_content_is_the_next_revision(
    tmp_path: Path, store: SeenStore, stats: FakeStats
) -> None:
    chain = Chain(tmp_path, store, stats)
    first = make_article()
    assert chain.process(first) is first
    edited = make_article(body=BODY + "\n\n（补充）")
    assert chain.process(edited) is edited
    chain.close()
    assert (first.revision, edited.revision) == (1, 2)
    lines = archive_path(tmp_path, SITE, CRAWL_DATE).read_text("utf-8").splitlines()
    assert [json.loads(line)["revision"] for line in lines] == [1, 2]
    archived = store.article(SITE, URL)
    assert archived is not None
    assert (archived.content_hash, archived.revision) == (edited.content_hash, 2)
    # the old text still names this URL: seeing it again elsewhere is not a new article
    assert store.content_owner(SITE, first.content_hash or "") == URL


def test_a_recheck_that_finds_no_change_is_dropped_as_unchanged(
    tmp_path: Path, store: SeenStore, stats: FakeStats
) -> None:
    chain = Chain(tmp_path, store, stats)
    chain.process(make_article())
    again = make_article()
    again.recheck = True
    with pytest.raises(DropItem, match="revision/unchanged"):
        chain.process(again)
    chain.close()


def test_writer_counts_field_coverage_and_replacement_characters(
    tmp_path: Path, store: SeenStore, stats: FakeStats
) -> None:
    chain = Chain(tmp_path, store, stats)
    chain.process(make_article(author=None, body="正文\ufffd。"))
    chain.close()
    fields = {k: v for k, v in stats.values.items() if k.startswith("newsarchive/fields/")}
    assert "newsarchive/fields/author" not in fields
    assert fields["newsarchive/fields/published_at"] == 1
    assert stats.values["newsarchive/defects/fffd"] == 1


def test_same_content_under_another_url_is_a_duplicate(
    tmp_path: Path, store: SeenStore, stats: FakeStats
) -> None:
    chain = Chain(tmp_path, store, stats)
    first = make_article()
    chain.process(first)
    # same title and body, differing only in spacing: the same fingerprint
    copy = make_article(url=OTHER_URL)
    assert copy.content_hash == first.content_hash
    with pytest.raises(DropItem) as excinfo:
        chain.process(copy)
    chain.close()
    assert "duplicate/content" in str(excinfo.value)
    assert OTHER_URL in str(excinfo.value)
    assert stats.counts == {
        "newsarchive/archived": 1,
        "newsarchive/dropped/duplicate/content": 1,
        "newsarchive/dropped": 1,
    }
    assert store.url_outcome(SITE, OTHER_URL) == "duplicate"
    assert store.url_outcome(SITE, URL) == "archived"
    assert store.content_owner(SITE, content_hash(TITLE, BODY)) == URL
    assert archive_path(tmp_path, SITE, CRAWL_DATE).read_text("utf-8") == json_line(first)


def test_whitespace_variant_is_a_content_duplicate(
    tmp_path: Path, store: SeenStore, stats: FakeStats
) -> None:
    chain = Chain(tmp_path, store, stats)
    chain.process(make_article())
    spaced = make_article(url=OTHER_URL, title=f" {TITLE} ", body=BODY.replace("\n\n", " "))
    with pytest.raises(DropItem, match="duplicate/content"):
        chain.process(spaced)
    chain.close()


def test_distinct_articles_are_both_archived(
    tmp_path: Path, store: SeenStore, stats: FakeStats
) -> None:
    chain = Chain(tmp_path, store, stats)
    a = make_article()
    b = make_article(url=OTHER_URL, title="区国资委召开年度工作会议", body="会议部署明年重点工作。")
    assert chain.process(a) is a
    assert chain.process(b) is b
    chain.close()
    assert stats.counts == {"newsarchive/archived": 2}
    text = archive_path(tmp_path, SITE, CRAWL_DATE).read_text("utf-8")
    assert text == json_line(a) + json_line(b)


def test_duplicates_persist_across_runs(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    first_store = SeenStore(db)
    first_stats = FakeStats()
    first_run = Chain(tmp_path, first_store, first_stats)
    first_run.process(make_article())
    first_run.close()
    first_store.close()

    second_store = SeenStore(db)
    try:
        second_stats = FakeStats()
        second_run = Chain(tmp_path, second_store, second_stats)
        with pytest.raises(DropItem, match="duplicate/url"):
            second_run.process(make_article())
        with pytest.raises(DropItem, match="duplicate/content"):
            second_run.process(make_article(url=OTHER_URL))
        second_run.close()
        assert second_stats.counts == {
            "newsarchive/dropped/duplicate/url": 1,
            "newsarchive/dropped/duplicate/content": 1,
            "newsarchive/dropped": 2,
        }
        assert second_store.url_outcome(SITE, URL) == "archived"
        assert second_store.url_outcome(SITE, OTHER_URL) == "duplicate"
    finally:
        second_store.close()
    lines = archive_path(tmp_path, SITE, CRAWL_DATE).read_text("utf-8").splitlines()
    assert len(lines) == 1


def test_archived_url_is_never_demoted(tmp_path: Path, store: SeenStore, stats: FakeStats) -> None:
    chain = Chain(tmp_path, store, stats)
    chain.process(make_article())
    # a later page reached through the archived URL as an alias, with the same content
    alias_page = make_article(url=OTHER_URL, aliases=[URL])
    with pytest.raises(DropItem, match="duplicate/content"):
        chain.process(alias_page)
    # a later drop of the archived page itself, for any reason
    with pytest.raises(DropItem, match="invalid/truncated"):
        RequireFieldsPipeline(as_stats(stats), store).process_item(
            make_article(defects=["truncated"])
        )
    store.mark(SITE, [URL], "gone/404")
    chain.close()
    assert store.url_outcome(SITE, URL) == "archived"
    assert store.url_outcome(SITE, OTHER_URL) == "duplicate"
    assert store.counts(SITE) == {"archived": 1, "duplicate": 1}


def test_dedup_passes_a_new_article_unchanged(store: SeenStore, stats: FakeStats) -> None:
    item = make_article()
    before = replace(item)
    assert DedupPipeline(store, as_stats(stats)).process_item(item) is item
    assert item == before
    assert stats.counts == {}
    # dedup alone records nothing: only the writer makes a URL archived
    assert store.url_outcome(SITE, URL) is None


def test_a_dropped_url_is_not_a_duplicate(
    tmp_path: Path, store: SeenStore, stats: FakeStats
) -> None:
    with pytest.raises(DropItem):
        RequireFieldsPipeline(as_stats(stats), store).process_item(
            make_article(defects=["truncated"])
        )
    chain = Chain(tmp_path, store, stats)
    item = make_article()
    assert chain.process(item) is item
    chain.close()
    assert store.url_outcome(SITE, URL) == "archived"


# --- ArchiveWriterPipeline ------------------------------------------------------------------


def test_writer_writes_one_utf8_line_per_record(
    tmp_path: Path, store: SeenStore, stats: FakeStats
) -> None:
    data_dir = tmp_path / "data"
    alias = "http://demo.localhost/dongtai/a1.html"
    a = make_article(aliases=[alias])
    b = make_article(url=OTHER_URL, title="区国资委召开年度工作会议", body="会议部署明年重点工作。")
    writer = new_writer(data_dir, store, as_stats(stats), CRAWL_DATE)
    assert writer.process_item(a) is a
    assert writer.process_item(b) is b
    writer.close_spider()

    path = data_dir / "archive" / SITE / f"{CRAWL_DATE}.jsonl"
    assert archive_path(data_dir, SITE, CRAWL_DATE) == path
    assert sorted(p for p in (data_dir / "archive").rglob("*") if p.is_file()) == [path]
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    assert TITLE in text
    assert "\\u" not in text
    assert text.endswith("\n")
    lines = text.split("\n")
    assert lines[-1] == ""
    assert lines[:-1] == [json_line(a).rstrip("\n"), json_line(b).rstrip("\n")]
    assert [json.loads(line) for line in lines[:-1]] == [a.record(), b.record()]
    assert list(json.loads(lines[0])) == list(RECORD_FIELDS)
    assert "defects" not in json.loads(lines[0])
    assert "aliases" not in json.loads(lines[0])
    assert stats.counts == {"newsarchive/archived": 2}
    # the seen-state knows it: every URL of the page, and the fingerprint's owner
    assert store.url_outcome(SITE, URL) == "archived"
    assert store.url_outcome(SITE, alias) == "archived"
    assert store.content_owner(SITE, content_hash(TITLE, BODY)) == URL


def test_writer_flushes_each_record_before_close(
    tmp_path: Path, store: SeenStore, stats: FakeStats
) -> None:
    item = make_article()
    writer = new_writer(tmp_path, store, as_stats(stats), CRAWL_DATE)
    writer.process_item(item)
    try:
        assert archive_path(tmp_path, SITE, CRAWL_DATE).read_text("utf-8") == json_line(item)
    finally:
        writer.close_spider()


def test_second_writer_appends(tmp_path: Path, store: SeenStore, stats: FakeStats) -> None:
    path = archive_path(tmp_path, SITE, CRAWL_DATE)
    a = make_article()
    first = new_writer(tmp_path, store, as_stats(stats), CRAWL_DATE)
    first.process_item(a)
    first.close_spider()
    before = path.read_bytes()

    b = make_article(url=OTHER_URL, title="区国资委召开年度工作会议", body="会议部署明年重点工作。")
    second = new_writer(tmp_path, store, as_stats(stats), CRAWL_DATE)
    second.process_item(b)
    second.close_spider()
    after = path.read_bytes()
    assert after.startswith(before)
    assert after[len(before) :] == json_line(b).encode("utf-8")
    assert after == (json_line(a) + json_line(b)).encode("utf-8")


def test_another_date_writes_another_file(
    tmp_path: Path, store: SeenStore, stats: FakeStats
) -> None:
    a = make_article()
    first = new_writer(tmp_path, store, as_stats(stats), CRAWL_DATE)
    first.process_item(a)
    first.close_spider()
    before = archive_path(tmp_path, SITE, CRAWL_DATE).read_bytes()

    b = make_article(url=OTHER_URL, title="区国资委召开年度工作会议", body="会议部署明年重点工作。")
    second = new_writer(tmp_path, store, as_stats(stats), "2026-11-30")
    second.process_item(b)
    second.close_spider()
    assert archive_path(tmp_path, SITE, CRAWL_DATE).read_bytes() == before
    assert archive_path(tmp_path, SITE, "2026-11-30").read_text("utf-8") == json_line(b)


def test_writer_starts_after_a_partial_line(
    tmp_path: Path, store: SeenStore, stats: FakeStats, caplog: pytest.LogCaptureFixture
) -> None:
    path = archive_path(tmp_path, SITE, CRAWL_DATE)
    path.parent.mkdir(parents=True)
    earlier = make_article(url="http://demo.localhost/old.html")
    # a complete line, then half a line left by a killed writer (cut inside a UTF-8 title)
    partial = (
        json_line(earlier).encode("utf-8")
        + '{"url": "http://demo.localhost/x", "title": "我区'.encode()
    )
    path.write_bytes(partial)

    item = make_article()
    writer = new_writer(tmp_path, store, as_stats(stats), CRAWL_DATE)
    with caplog.at_level(logging.WARNING, logger="newsarchive.pipelines.writer"):
        writer.process_item(item)
    writer.close_spider()

    after = path.read_bytes()
    assert after.startswith(partial)
    assert after == partial + b"\n" + json_line(item).encode("utf-8")
    assert after.decode("utf-8").split("\n")[2] == json_line(item).rstrip("\n")
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    assert "partial line" in caplog.records[0].getMessage()


def test_writer_adds_no_newline_to_an_empty_file(
    tmp_path: Path, store: SeenStore, stats: FakeStats
) -> None:
    path = archive_path(tmp_path, SITE, CRAWL_DATE)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")
    item = make_article()
    writer = new_writer(tmp_path, store, as_stats(stats), CRAWL_DATE)
    writer.process_item(item)
    writer.close_spider()
    assert path.read_bytes() == json_line(item).encode("utf-8")


def test_processes_opening_a_new_seen_state_together_all_get_it(tmp_path: Path) -> None:
    """Redis workers (or a crawl per site from cron) start together on one data dir: the
    switch of a new file to WAL can meet SQLITE_BUSY without SQLite waiting for the lock.
    Unguarded, about one round in eight lost a connection here."""
    import threading

    failures: list[BaseException] = []
    for round_ in range(60):
        path = tmp_path / str(round_) / "seen.sqlite3"
        path.parent.mkdir()
        start = threading.Barrier(6)

        def open_store(path: Path = path, start: threading.Barrier = start) -> None:
            start.wait()
            try:
                SeenStore(path).close()
            except Exception as exc:  # collected: a thread's exception would be lost
                failures.append(exc)

        threads = [threading.Thread(target=open_store) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not failures, failures[:3]


def test_crawlers_of_one_process_share_the_seen_state_until_the_last_is_done(
    tmp_path: Path,
) -> None:
    """`crawl --all`: one connection per crawler in one thread would make each wait on the
    other's open write group until the busy timeout."""
    from scrapy.utils.test import get_crawler

    from newsarchive.seen import release_store, store_for

    settings = {"NEWSARCHIVE_DATA_DIR": str(tmp_path)}
    first, second = get_crawler(settings_dict=settings), get_crawler(settings_dict=settings)
    store = store_for(first)
    assert store_for(second) is store
    assert isinstance(store, SeenStore)
    store.mark("a", ["http://a.example/1"], "failed")
    release_store(first)
    store.mark("b", ["http://b.example/1"], "failed")  # still open for the second crawler
    release_store(second)
    with pytest.raises(Exception, match="closed"):
        store.mark("b", ["http://b.example/2"], "failed")
    again = SeenStore(tmp_path / "state" / "seen.sqlite3")
    assert again.url_outcome("a", "http://a.example/1") == "failed"
    assert again.url_outcome("b", "http://b.example/1") == "failed"
    again.close()


def test_a_failed_periodic_commit_is_logged_and_the_timer_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An exception would end the crawl's once-a-second commit for good, and its write group
    would hold the file's lock again while the crawl waits on the network."""
    from twisted.internet import task

    from newsarchive.extensions.guard import CrawlGuard

    class Failing:
        calls = 0

        def flush(self) -> None:
            self.calls += 1
            raise OSError("disk I/O error")

    store, clock = Failing(), task.Clock()
    loop = task.LoopingCall(CrawlGuard._flush, store)
    loop.clock = clock
    loop.start(1.0, now=False)
    clock.advance(1.0)
    clock.advance(1.0)
    assert loop.running and store.calls == 2
    assert "seen-state commit failed, retrying: OSError: disk I/O error" in caplog.text
    loop.stop()
