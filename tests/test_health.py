from __future__ import annotations

from typing import Any

from newsarchive.extensions.health import check


def run(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "site": "s",
        "finish_reason": "finished",
        "listing_rows": 40,
        "articles_fetched": 20,
        "records_written": 20,
        "fields": {"author": 18, "published_at": 20},
        "placeholders": 1,
        "fffd": 0,
    }
    return base | overrides


HISTORY = [run() for _ in range(5)]


def test_a_run_like_the_recent_ones_is_healthy() -> None:
    assert check(run(), HISTORY) == []


def test_no_history_means_nothing_to_compare() -> None:
    assert check(run(listing_rows=0, records_written=0), []) == []


def test_listings_that_stopped_giving_rows() -> None:
    [problem] = check(
        run(listing_rows=0, articles_fetched=0, records_written=0, fields={}), HISTORY
    )
    assert problem.startswith("no_listing_rows")


def test_new_pages_fetched_but_nothing_archived() -> None:
    [problem] = check(run(records_written=0, fields={}), HISTORY)
    assert problem.startswith("no_records")


def test_rechecks_alone_that_archive_nothing_are_normal() -> None:
    assert check(run(articles_fetched=6, rechecked=6, records_written=0, fields={}), HISTORY) == []


def test_a_field_that_mostly_vanished_is_a_layout_change() -> None:
    [problem] = check(run(fields={"author": 2, "published_at": 20}), HISTORY)
    assert problem == "field_missing: author on 10% of records, usually 90%"


def test_few_records_say_nothing_about_coverage() -> None:
    assert check(run(records_written=3, fields={}), HISTORY) == []


def test_placeholder_and_fffd_spikes() -> None:
    problems = check(run(placeholders=30, fffd=1), HISTORY)
    assert [p.split(":")[0] for p in problems] == ["placeholders_spike", "fffd_spike"]


def test_only_finished_runs_of_the_same_site_count() -> None:
    other = [run(site="other", fields={"author": 0}) for _ in range(5)]
    broken = [run(finish_reason="shutdown", fields={"author": 0}) for _ in range(5)]
    assert check(run(fields={"author": 2, "published_at": 20}), other + broken) == []


def test_a_small_share_of_the_usual_records_is_no_sample_of_the_layout() -> None:
    big = [
        run(
            records_written=2000,
            articles_fetched=2000,
            fields={"author": 1800, "published_at": 2000},
        )
        for _ in range(3)
    ]
    assert check(run(fields={"author": 0, "published_at": 20}), big) == []


def test_a_resume_pass_is_no_sample_of_the_layout() -> None:
    assert check(run(mode="resume", fields={"author": 0, "published_at": 20}), HISTORY) == []
