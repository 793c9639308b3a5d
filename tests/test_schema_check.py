"""The compiled schema check judges exactly as jsonschema does: every record the crawl would
write, and every schema the compiler accepts (so a changed record schema stays exact)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from newsarchive.schema import compile_check, fast_record_check, record_problems, record_schema

THOROUGH = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VALID = {
    "url": "http://127.0.0.1:8000/a/1.html",
    "canonical_url": "http://demo.localhost/a/1.html",
    "site": "demo",
    "section": "要闻",
    "title": "标题",
    "author": "admin",
    "credits": [{"name": "张丽", "role": "reporter"}],
    "source": None,
    "editor": None,
    "published_at": "2022-01-03T10:05:00+08:00",
    "body": "正文。",
    "listing_url": "http://127.0.0.1:8000/index.html",
    "listing_title": "标题",
    "crawled_at": "2026-11-29T08:00:00.123+00:00",
    "content_hash": "0123456789abcdef0123456789abcdef",
    "revision": 1,
    "warc_file": "warc/demo/2026-11-29-00001.warc.gz",
    "warc_record_id": "<urn:uuid:12345678-1234-1234-1234-123456789abc>",
    "schema_version": 1,
}


class Text(str):
    """A str subclass: jsonschema takes it for a string, and so must the check."""


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([0.0, 1.0, 2.0, 1.5, -1.0, float("inf"), float("nan"), 10**30]),
    st.text(max_size=6),
    st.sampled_from(
        [
            "",
            " ",
            "x",
            "2022-01-03",
            "2022-01-03\n",
            "2022-01-03T10:05:00+08:00",
            "2022-01-03T10:05:00Z",
            "2022-13-45",
            "2026-11-29T08:00:00Z",
            "2026-11-29T08:00:00.5+00:00",
            "2026-11-29T08:00:00+08:00",
            "http://x.cn/a",
            "https://x.cn/a",
            "HTTP://x.cn/a",
            "ftp://x",
            "0123456789abcdef0123456789abcdef",
            "0123456789ABCDEF0123456789ABCDEF",
            "demo",
            "Demo",
            "-demo",
            "warc/demo/a.warc.gz",
            "warc/demo/a/b.warc.gz",
            "<urn:uuid:12345678-1234-1234-1234-123456789abc>",
            "reporter",
            "Reporter",
            "reporter\n",
        ]
    ),
    st.builds(Text, st.sampled_from(["http://x.cn/", "demo", "", "标题"])),
)
credit = st.one_of(
    st.fixed_dictionaries(
        {"name": scalars, "role": scalars}, optional={"note": scalars, "extra": st.just(1)}
    ),
    st.dictionaries(st.sampled_from(["name", "role", "x"]), scalars, max_size=3),
    scalars,
)
values = st.one_of(
    scalars,
    st.lists(credit, max_size=3),
    st.dictionaries(st.sampled_from(["name", "role"]), scalars, max_size=2),
    st.tuples(scalars),
)


@THOROUGH
@given(
    st.dictionaries(st.sampled_from(sorted(VALID)), values, max_size=4),
    st.sets(st.sampled_from(sorted(VALID)), max_size=2),
    st.sampled_from([None, "unexpected", "credits"]),
)
def test_the_record_check_agrees_with_jsonschema(
    changes: dict[str, Any], removed: set[str], extra: str | None
) -> None:
    fast = fast_record_check()
    assert fast is not None, "the record schema uses a keyword the compiled check does not know"
    record = {k: v for k, v in {**VALID, **changes}.items() if k not in removed}
    if extra == "unexpected":
        record["unexpected"] = 1
    assert fast(record) == Draft202012Validator(record_schema()).is_valid(record), record


@pytest.mark.parametrize("record", [None, [], "x", 1, {}])
def test_what_is_not_a_record_is_rejected(record: Any) -> None:
    fast = fast_record_check()
    assert fast is not None
    assert fast(record) is Draft202012Validator(record_schema()).is_valid(record) is False


def test_a_valid_record_passes_and_a_real_date_is_still_asked_for() -> None:
    assert record_problems(dict(VALID)) == []
    assert record_problems({**VALID, "published_at": "2022-13-45"}) == [
        "published_at: '2022-13-45' is not a real date"
    ]


# schemas built from the keywords the compiler knows, in any combination
TYPES = ["string", "null", "integer", "boolean", "array", "object"]
leaf = st.fixed_dictionaries(
    {},
    optional={
        "type": st.one_of(
            st.sampled_from(TYPES), st.lists(st.sampled_from(TYPES), min_size=1, max_size=3)
        ),
        "pattern": st.sampled_from(["^a", "b$", "^[0-9]+$", ""]),
        "minLength": st.integers(0, 3),
        "minimum": st.sampled_from([0, 1, 1.5, -2]),
        "const": st.sampled_from([1, 1.0, True, False, None, "a", 0]),
        "description": st.just("ignored"),
    },
)


def _nest(inner: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.builds(lambda s, b: {**b, "items": s}, inner, leaf),
        st.builds(lambda s: {"oneOf": s}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(
            lambda props, req, closed, base: {
                **base,
                "properties": props,
                "required": sorted(set(req)),
                **({"additionalProperties": False} if closed else {}),
            },
            st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, max_size=3),
            st.lists(st.sampled_from(["a", "b", "d"]), max_size=2),
            st.booleans(),
            leaf,
        ),
    )


schemas = st.recursive(leaf, _nest, max_leaves=6)
instances = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-3, 3),
        st.sampled_from([0.0, 1.0, 1.5, -2.0, float("nan")]),
        st.sampled_from(["", "a", "ab", "b", "abc", "123", "1", "a\nb"]),
        st.builds(Text, st.sampled_from(["a", "123"])),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), inner, max_size=3),
    ),
    max_leaves=8,
)


# every schema also meets each type's edge cases: the floors, the lengths, the patterns' ends
EDGES: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -2,
    0.0,
    1.0,
    1.5,
    -2.0,
    Decimal("1"),
    Decimal("1.5"),
    "",
    "a",
    "ab",
    "abc",
    "b",
    "123",
    Text("a"),
    [],
    [1],
    ["a", None],
    {},
    {"a": 1},
    {"a": "a", "b": None},
    {"d": []},
]


@THOROUGH
@given(schemas, st.lists(instances, max_size=8))
def test_any_schema_the_compiler_accepts_is_judged_as_jsonschema_does(
    schema: dict[str, Any], cases: list[Any]
) -> None:
    check = compile_check(schema)
    assert check is not None, schema
    validator = Draft202012Validator(schema)
    for value in [*EDGES, *cases]:
        assert check(value) == validator.is_valid(value), (schema, value)


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "number"},
        {"maxLength": 3},
        {"additionalProperties": True},
        {"anyOf": [{"type": "null"}]},
        {"items": {"enum": [1]}},
        {"const": [1]},
        {"properties": {"a": {"format": "date"}}},
    ],
)
def test_a_keyword_the_compiler_does_not_know_leaves_it_to_jsonschema(
    schema: dict[str, Any],
) -> None:
    assert compile_check(schema) is None
