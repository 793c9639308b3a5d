"""The extraction benchmark's split into a tuning and a validation half never moves: a page
that changed half would carry rules fitted on it into the half that checks them."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.extraction import HALVES, half_of, headline, load_pages


def test_the_split_is_pinned() -> None:
    # a change to the salt or the hash would move pages between the halves
    assert [half_of(x) for x in "abcdef"] == [
        "tuning",
        "tuning",
        "validation",
        "validation",
        "validation",
        "tuning",
    ]


def _bench(tmp_path: Path, ids: list[str]) -> Path:
    data = tmp_path / "data"
    (data / "pages").mkdir(parents=True)
    with (data / "truth.jsonl").open("w", encoding="utf-8") as f:
        for i in ids:
            (data / "pages" / f"{i}.html").write_text("<p>x</p>", encoding="utf-8")
            row = {"id": i, "source": "s", "lang": "zh", "file": f"pages/{i}.html", "truth": {}}
            f.write(json.dumps(row) + "\n")
    return tmp_path


def test_a_page_keeps_its_half_whatever_else_the_set_holds(tmp_path: Path) -> None:
    ids = [f"page-{i}" for i in range(20)]
    both = load_pages(_bench(tmp_path / "all", ids), None, 0)
    assert {p["half"] for p in both} == set(HALVES)
    fewer = load_pages(_bench(tmp_path / "fewer", ids[::3]), None, 0)
    halves = {p["id"]: p["half"] for p in both}
    assert all(halves[p["id"]] == p["half"] for p in fewer)
    for half in HALVES:
        picked = load_pages(_bench(tmp_path / half, ids), None, 0, half)
        assert {p["id"] for p in picked} == {i for i in ids if half_of(i) == half}


def test_an_empty_half_has_no_figures() -> None:
    assert headline({"groups": {}, "errors": {}, "seconds": 0.0}, "half:validation") is None
