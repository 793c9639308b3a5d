"""FetchPolicy keeps its verdict per origin: every URL gets the verdict its own parse gives."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsarchive.middlewares import safety
from newsarchive.middlewares.safety import FetchPolicy

THOROUGH = settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])

POLICIES = [
    FetchPolicy.for_site(["127.0.0.1", "localhost"], ["http://127.0.0.1:8101/"]),
    FetchPolicy.for_site(["example.cn", "例子.中国"], ["https://www.example.cn/news/"]),
    FetchPolicy.for_site(None, ["http://[::1]:8080/"]),
]
schemes = st.sampled_from(["http", "https", "HTTP", "Https", "ftp", "file", "data", "h:ttp", ""])
hosts = st.sampled_from(
    [
        "127.0.0.1",
        "127.0.0.1:8101",
        "127.0.0.1:9",
        "localhost:8101",
        "a.localhost",
        "www.example.cn",
        "WWW.Example.CN.",
        "news.example.cn:443",
        "example.cn:http",
        "example.cn:99999",
        "evil.cn",
        "例子.中国",
        "[::1]:8080",
        "[::1",
        "::1]",
        "[::ffff:127.0.0.1]",
        "169.254.169.254",
        "10.1.2.3",
        "93.184.216.34",
        "user:pw@www.example.cn",
        "www.example.cn@evil.cn",
        "ex\u2100ample.cn",
        "",
        " ",
    ]
)
separators = st.sampled_from(["://", ":/", ":", "//", ":///"])
tails = st.text(alphabet="/?#ab.\t\n :@[]%", max_size=8).map(lambda t: "/" + t)
heads = st.sampled_from(["", " ", "\t", "\x00"])
inner = st.sampled_from(["", "\t", "\n", "?", "#", " "])


def plain(policy: FetchPolicy, url: str) -> tuple[object, object]:
    """The verdicts without any kept: the parse of this very URL."""
    reason = policy._check(url)
    try:
        lookup = policy._needs_lookup(url)
    except ValueError as exc:
        return reason, ("raises", len(str(type(exc))))
    return reason, lookup


def cached(policy: FetchPolicy, url: str) -> tuple[object, object]:
    reason = policy.check(url)
    try:
        lookup = policy.needs_lookup(url)
    except ValueError as exc:
        return reason, ("raises", len(str(type(exc))))
    return reason, lookup


@THOROUGH
@given(
    st.sampled_from(range(len(POLICIES))),
    st.lists(st.tuples(heads, schemes, separators, hosts, inner, tails), min_size=1, max_size=6),
)
def test_a_kept_verdict_is_the_one_the_url_itself_gives(
    which: int, parts: list[tuple[str, str, str, str, str, str]]
) -> None:
    policy = POLICIES[which]
    for head, scheme, sep, host, mid, tail in parts:
        url = f"{head}{scheme}{sep}{host}{mid}{tail}"
        assert cached(policy, url) == plain(policy, url), url
        # again, from what was kept
        assert cached(policy, url) == plain(policy, url), url


def test_the_kept_verdicts_stay_bounded() -> None:
    policy = FetchPolicy.for_site(["example.cn"], ["https://www.example.cn/"])
    for n in range(3 * safety.ORIGIN_CACHE_SIZE):
        policy.check(f"https://h{n}.example.cn/a.html")
        assert len(policy._verdicts) <= safety.ORIGIN_CACHE_SIZE
    assert policy.check("https://h1.example.cn/b.html") is None
    assert policy.check("https://evil.cn/b.html") == "offsite"


def test_policies_compare_by_their_rules_not_by_what_they_met() -> None:
    a = FetchPolicy.for_site(["example.cn"], ["https://www.example.cn/"])
    b = FetchPolicy.for_site(["example.cn"], ["https://www.example.cn/"])
    a.check("https://www.example.cn/1.html")
    assert a == b
    assert hash(a) == hash(b)
