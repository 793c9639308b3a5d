"""A synthetic regional news site of any size, laid out like the demo site.

    python -m benchmarks.sitegen OUT --articles 10000 [--seed 0]

`generate(root, articles, seed)` writes the site into `root` and returns its manifest (also
written to `root/_manifest.json`, which the servers never serve). The same seed gives the same
bytes. The pages are rendered by the demo's own templates (`tools.sitekit`, which
`scripts/build_demo_site.py` builds the demo site with), so whatever crawls the demo site
crawls this one:

* `/dongtai/` 区县动态, the government portal template (UTF-8), department labels glued to
  the listing titles;
* `/yaowen/` 要闻, the aggregator template (UTF-8), with a related-articles list;
* `/baozhi/` 本地新闻, the local paper template (GBK; one page in ten declares its charset in
  `<meta>` only).

Each channel lists its articles newest first, `ROWS_PER_PAGE` rows a page (`index.html`,
`index_1.html` …), pages linked by 下一页 (`a.next`). Of every hundred listing rows about two
are placeholders (a "标题和内容已经清空…" row, or a normal row whose page says "该信息已删除"),
three are duplicates (the same article linked again with tracking parameters, a byte-identical
copy under `/content/`, a 要闻 republication of a 区县动态 article), and a few are dead links
or truncated pages. The manifest counts each, and `unique` is exactly how many records a
correct crawl archives.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from tools.sitekit import templates as kit
from tools.sitekit.text import BAOZHI_TEXTS, DONGTAI_TEXTS, SEED_TEXTS, YAOWEN_TEXTS, parse_texts

MANIFEST = "_manifest.json"

# below a few hundred rows the shares round to nothing and a channel may hold no article
MIN_ARTICLES, MAX_ARTICLES = 100, 100_000
ROWS_PER_PAGE = 20
# the shares of listing rows that are not plain articles (the rest are)
CHANNEL_SHARES = {"dongtai": 0.4, "yaowen": 0.3, "baozhi": 0.3}
# the newest article's time; far enough back that no crawl re-checks it as recent
NEWEST = dt.datetime(2024, 6, 28, 18, 0, 0)
PAGER_WINDOW = 5

# Kinds of listing rows.
REAL = "real"
PLACEHOLDER_ROW = "placeholder_row"
DELETED = "deleted"
DEAD = "dead"
TRUNCATED = "truncated"
DUP_TRACKING = "dup_tracking"
DUP_SECOND_PATH = "dup_second_path"
DUP_REPUBLISHED = "dup_republished"

# the shares of listing rows that are not plain articles (the rest are)
SHARES = {
    PLACEHOLDER_ROW: 0.015,
    DELETED: 0.005,
    DUP_TRACKING: 0.010,
    DUP_SECOND_PATH: 0.010,
    DUP_REPUBLISHED: 0.010,
    DEAD: 0.002,
    TRUNCATED: 0.001,
}

# who the news is about: the demo profile's department labels (`section_labels`) and these
OTHER_SUBJECTS = (
    "我区",
    "区文旅局",
    "区房管局",
    "市图书馆",
    "区民政局",
    "市中医院",
    "区城运中心",
    "区教育局",
    "区总工会",
    "团区委",
    "区妇联",
    "区税务局",
    "区消防救援支队",
    "区卫健委",
)
ACTIONS = ("召开", "开展", "举办", "推进", "部署", "启动", "组织", "完成", "深化", "举行")
TOPICS = (
    "爱国卫生运动",
    "安全生产",
    "营商环境",
    "乡村振兴",
    "垃圾分类",
    "加装电梯",
    "老旧小区改造",
    "食品安全",
    "防汛防台",
    "文明城区创建",
    "社区治理",
    "法治宣传",
    "科普进社区",
    "全民健身",
    "非遗传承",
    "就业援助",
    "养老服务",
    "消防安全",
    "河道整治",
    "交通秩序",
    "扫黑除恶",
    "燃气安全",
    "文化惠民",
    "人才引进",
    "数字化转型",
    "既有住宅修缮",
    "农村建房管理",
    "校园周边治理",
    "医疗服务",
    "志愿服务",
    "公共法律服务",
    "企业帮扶",
    "政府采购",
    "人防工程",
    "青少年体育",
    "民生实事",
    "城市更新",
    "生态环境保护",
    "网格化管理",
    "民族团结",
)
NOUNS = (
    "工作推进会",
    "专项检查",
    "主题活动",
    "培训班",
    "座谈会",
    "专题调研",
    "现场会",
    "宣传周",
    "集中行动",
    "经验交流会",
    "成果展",
    "志愿服务活动",
    "项目",
    "专项整治",
    "联席会议",
)
EDITORS = ("吴静", "钱立", "孙悦", "朱明", "马丽", "顾晓峰", "徐蕾", "陆文杰")
REPORTERS = (
    "王小明",
    "李强",
    "赵雪梅",
    "孙丽",
    "周涛",
    "陈晨",
    "刘洋",
    "李娜",
    "吴刚",
    "郑凯",
    "马骏",
    "王芳",
    "黄敏",
    "陈佳",
    "刘晓燕",
    "李婷",
    "周敏",
)
KICKERS = ("", "", "", "民生关注", "基层一线", "聚焦发展", "我们的节日", "乡村振兴", "城市更新")
SUBTITLES = (
    "",
    "",
    "",
    "线上线下同步开展，惠及群众逾万人次",
    "全年计划完成改造任务百余项",
    "多部门联动形成工作合力",
    "首批项目已正式投入使用",
)


@cache
def clauses() -> tuple[str, ...]:
    """Clauses of the demo's real article texts, GBK-safe: the vocabulary bodies are made of."""
    out: dict[str, None] = {}
    for block in (SEED_TEXTS, DONGTAI_TEXTS, YAOWEN_TEXTS, BAOZHI_TEXTS):
        for paras in parse_texts(block).values():
            for para in paras:
                for sentence in para.replace("！", "。").replace("？", "。").split("。"):
                    for clause in sentence.split("，"):
                        clause = clause.strip('“”"；;、 ')
                        if 6 <= len(clause) <= 40 and _gbk_safe(clause):
                            out[clause] = None
    return tuple(out)


def _gbk_safe(text: str) -> bool:
    try:
        text.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


@dataclass
class Entry:
    """One listing row and the page behind it (if any)."""

    aid: int
    channel: str
    kind: str
    when: dt.datetime
    title: str
    label: str | None = None  # department label glued in front of the listing title
    paras: tuple[str, ...] = ()
    target: Entry | None = None  # the article a duplicate row stands for
    meta: Any = None  # the demo template's metadata object
    href: str = ""  # what the listing links to

    @property
    def path(self) -> str:
        return str(self.meta.path)


@dataclass
class Plan:
    entries: dict[str, list[Entry]]
    counts: dict[str, int]


def _counts(articles: int) -> dict[str, int]:
    counts = {kind: round(articles * share) for kind, share in SHARES.items()}
    counts[REAL] = articles - sum(counts.values())
    return counts


class _Writer:
    """Makes each folder once and counts what it writes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.dirs: set[Path] = set()
        self.files = 0
        self.bytes = 0
        self.headers: dict[str, dict[str, str]] = {}

    def add(self, path: str, data: bytes, content_type: str | None = None) -> None:
        target = self.root / path.lstrip("/")
        if target.parent not in self.dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.dirs.add(target.parent)
        target.write_bytes(data)
        self.files += 1
        self.bytes += len(data)
        if content_type is not None:
            self.headers[path] = {"Content-Type": content_type}


class _Composer:
    """Titles and bodies from the vocabulary, every body distinct from every other."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.clauses = clauses()
        self.subjects = (*_section_labels(), *OTHER_SUBJECTS)
        self.titles: set[str] = set()

    def title(self) -> str:
        rng = self.rng
        for _ in range(20):
            title = (
                rng.choice(self.subjects)
                + rng.choice(ACTIONS)
                + rng.choice(TOPICS)
                + rng.choice(NOUNS)
            )
            if title not in self.titles:
                break
        self.titles.add(title)
        return title

    def paragraph(self) -> str:
        rng = self.rng
        sentences = []
        for _ in range(rng.randint(2, 4)):
            sentences.append("，".join(rng.sample(self.clauses, rng.randint(2, 4))) + "。")
        return "".join(sentences)

    def body(self, aid: int, when: dt.datetime) -> tuple[str, ...]:
        paras = [self.paragraph() for _ in range(self.rng.randint(3, 6))]
        # one figure per article makes every body (and so every content hash) unique
        paras.insert(
            self.rng.randint(1, len(paras)),
            f"据统计，截至{when.year}年{when.month}月{when.day}日，该项工作已累计服务群众"
            f"{aid}人次，受理意见建议{aid % 997 + 3}条，办结率达到百分之九十以上。",
        )
        return tuple(paras)


def plan(articles: int, seed: int = 0) -> Plan:
    """Every listing row of the site: kinds spread at random, dates newest first."""
    if not MIN_ARTICLES <= articles <= MAX_ARTICLES:
        raise ValueError(f"articles must be {MIN_ARTICLES}..{MAX_ARTICLES}, got {articles}")
    rng = random.Random(seed)
    composer = _Composer(rng)
    counts = _counts(articles)
    labels: Sequence[str] = _section_labels()

    # which channel each special kind lives in (the demo's own placement, spread a little)
    homes: dict[str, tuple[str, ...]] = {
        PLACEHOLDER_ROW: ("dongtai", "yaowen"),
        DELETED: ("dongtai",),
        DEAD: ("dongtai", "baozhi"),
        TRUNCATED: ("dongtai",),
        DUP_TRACKING: ("dongtai", "yaowen", "baozhi"),
        DUP_SECOND_PATH: ("dongtai",),
        DUP_REPUBLISHED: ("yaowen",),
    }
    kinds: dict[str, list[str]] = {name: [] for name in CHANNEL_SHARES}
    for kind, where in homes.items():
        for i in range(counts[kind]):
            kinds[where[i % len(where)]].append(kind)
    # plain articles fill each channel up to its share of all rows
    totals = {name: round(articles * share) for name, share in CHANNEL_SHARES.items()}
    totals["baozhi"] = articles - totals["dongtai"] - totals["yaowen"]
    spare = counts[REAL]
    for name in CHANNEL_SHARES:
        n = max(totals[name] - len(kinds[name]), 0)
        n = min(n, spare) if name != "baozhi" else spare
        kinds[name].extend([REAL] * n)
        spare -= n
        rng.shuffle(kinds[name])

    entries: dict[str, list[Entry]] = {}
    offsets = {"dongtai": 1_000_000, "yaowen": 2_000_000, "baozhi": 3_000_000}
    for name, row_kinds in kinds.items():
        when = NEWEST - dt.timedelta(minutes=rng.randint(0, 600))
        rows = []
        for i, kind in enumerate(row_kinds):
            aid = offsets[name] + i + 1
            title = composer.title()
            label = rng.choice(labels) if name == "dongtai" and rng.random() < 0.7 else None
            entry = Entry(aid, name, kind, when, title, label)
            if kind in (REAL, DELETED, TRUNCATED):
                entry.paras = composer.body(aid, when)
            rows.append(entry)
            when -= dt.timedelta(minutes=rng.randint(20, 240))
        entries[name] = rows

    # duplicates copy a real article: of their own channel, or a 区县动态 one when republished
    originals = [e for e in entries["dongtai"] if e.kind == REAL]
    for rows in entries.values():
        own = [e for e in rows if e.kind == REAL]
        for entry in rows:
            if entry.kind in (DUP_TRACKING, DUP_SECOND_PATH):
                entry.target = rng.choice(own)
            elif entry.kind == DUP_REPUBLISHED:
                entry.target = rng.choice(originals)
                entry.title = entry.target.title
                entry.paras = entry.target.paras
                entry.label = None
    for rows in entries.values():
        for entry in rows:
            entry.meta = _meta(entry, rng)
    return Plan(entries, counts)


@cache
def _section_labels() -> tuple[str, ...]:
    from newsarchive.sites import get_site

    return get_site("demo").section_labels


def _meta(entry: Entry, rng: random.Random) -> Any:
    when = entry.when
    if entry.channel == "dongtai":
        kind = {
            PLACEHOLDER_ROW: kit.PLACEHOLDER,
            DELETED: kit.DELETED,
            TRUNCATED: kit.TRUNCATED,
        }.get(entry.kind, kit.REAL)
        title = kit.PLACEHOLDER_TEXT if entry.kind == PLACEHOLDER_ROW else entry.title
        author = rng.choice(REPORTERS) if rng.random() < 0.5 else None
        source = entry.label or rng.choice(OTHER_SUBJECTS[1:])
        return kit.GovMeta(
            entry.aid,
            when.strftime("%Y-%m-%d %H:%M:%S"),
            None if entry.kind == PLACEHOLDER_ROW else entry.label,
            title,
            source,
            author,
            rng.choice(EDITORS),
            kind=kind,
        )
    if entry.channel == "yaowen":
        title = kit.PLACEHOLDER_TEXT if entry.kind == PLACEHOLDER_ROW else entry.title
        return kit.AggMeta(entry.aid, when.strftime("%Y-%m-%d"), title)
    roles = [(kit.REPORTER, (rng.choice(REPORTERS),))]
    if rng.random() < 0.4:
        roles.append((kit.CORRESPONDENT, (rng.choice(REPORTERS),)))
    return kit.PaperMeta(
        entry.aid,
        when.strftime("%Y-%m-%d %H:%M"),
        f"A{rng.randint(1, 8):02d}",
        rng.choice(KICKERS),
        entry.title,
        rng.choice(SUBTITLES),
        tuple(roles),
    )


def _row_text(entry: Entry) -> str:
    if entry.kind == PLACEHOLDER_ROW:
        return kit.placeholder_row(entry.when.strftime("%Y-%m-%d %H:%M:%S"))
    if entry.target is not None and entry.kind != DUP_REPUBLISHED:
        return _row_text(entry.target)
    return (entry.label or "") + entry.title


def _chain(rows: list[Entry]) -> list[Entry]:
    """The entries that have a page of their own, in listing order (for 上一篇/下一篇)."""
    return [e for e in rows if e.kind in (REAL, PLACEHOLDER_ROW, DELETED, TRUNCATED)]


def _write_dongtai(w: _Writer, rows: list[Entry], dead: list[str]) -> None:
    chain = _chain(rows)
    metas = [entry.meta for entry in chain]
    for pos, entry in enumerate(chain):
        prev, nxt = kit.neighbours(metas, pos)
        page = kit.gov_article_page(entry.meta, entry.paras, prev, nxt)
        w.add(entry.path, page.encode("utf-8"))
    copies: set[int] = set()
    for entry in rows:
        if entry.kind == DUP_SECOND_PATH:
            assert entry.target is not None
            entry.href = kit.content_copy_path(entry.target.aid)
            if entry.target.aid not in copies:
                copies.add(entry.target.aid)
                w.add(entry.href, (w.root / entry.target.path.lstrip("/")).read_bytes())
        elif entry.kind == DEAD:
            entry.href = entry.path
            dead.append(entry.href)
    _write_listings(
        w,
        rows,
        "dongtai",
        lambda html_rows, index, count: kit.gov_listing(html_rows, index, count, PAGER_WINDOW),
        "utf-8",
        None,
    )


def _write_yaowen(w: _Writer, rows: list[Entry]) -> None:
    chain = _chain(rows) + [e for e in rows if e.kind == DUP_REPUBLISHED]
    chain.sort(key=lambda e: e.aid)
    for pos, entry in enumerate(chain):
        if entry.kind == PLACEHOLDER_ROW:
            paras: tuple[str, ...] = (kit.PLACEHOLDER_TEXT,)
        else:
            paras = entry.paras
        # the related list: the articles listed around this one
        around = chain[max(0, pos - 10) : pos] + chain[pos + 1 : pos + 11]
        related = [(e.title, e.path) for e in around if e.kind != PLACEHOLDER_ROW]
        w.add(entry.path, kit.agg_page(entry.meta, paras, related).encode("utf-8"))
    _write_listings(
        w,
        rows,
        "yaowen",
        lambda html_rows, index, count: kit.agg_listing(html_rows, index, count, PAGER_WINDOW),
        "utf-8",
        None,
    )


def _write_baozhi(w: _Writer, rows: list[Entry], dead: list[str]) -> None:
    chain = _chain(rows)
    metas = [entry.meta for entry in chain]
    for pos, entry in enumerate(chain):
        prev, nxt = kit.neighbours(metas, pos)
        day = entry.meta.when[:10]
        same_day = [
            e.meta
            for e in chain[max(0, pos - 6) : pos + 7]
            if e is not entry and e.meta.when[:10] == day
        ]
        page = kit.paper_page(entry.meta, entry.paras, prev, nxt, same_day)
        # one page in ten declares its charset only in <meta>, as the demo's 3008 does
        w.add(entry.path, page.encode("gbk"), "text/html" if entry.aid % 10 == 7 else kit.GBK)
    for entry in rows:
        if entry.kind == DEAD:
            entry.href = entry.path
            dead.append(entry.href)
    newest = chain[0].meta if chain else rows[0].meta
    _write_listings(
        w,
        rows,
        "baozhi",
        lambda html_rows, index, count: kit.paper_listing(
            html_rows, index, count, newest, PAGER_WINDOW
        ),
        "gbk",
        kit.GBK,
    )


def _write_listings(
    w: _Writer,
    rows: list[Entry],
    folder: str,
    render: Callable[[list[str], int, int], str],
    encoding: str,
    content_type: str | None,
) -> None:
    """Write a channel's listing pages; `render(rows, index, count)` is its template's."""
    utm = kit.UTM_QUERY
    pages = [rows[i : i + ROWS_PER_PAGE] for i in range(0, len(rows), ROWS_PER_PAGE)] or [[]]
    for index, page_rows in enumerate(pages):
        html_rows = []
        for entry in page_rows:
            if entry.kind == DUP_TRACKING:
                assert entry.target is not None
                entry.href = entry.target.path + utm
            elif not entry.href:
                entry.href = entry.path
            day = entry.when.strftime("%Y-%m-%d")
            html_rows.append(kit.row_html(entry.href, _row_text(entry), day))
        page = render(html_rows, index, len(pages))
        w.add(f"/{folder}/{kit.listing_name(index)}", page.encode(encoding), content_type)


def generate(root: Path, articles: int, seed: int = 0) -> dict[str, Any]:
    """Write a site of `articles` listing rows into `root`; return its manifest.

    `root` must be empty or missing, or hold an earlier generated site (replaced).
    Manifest keys: articles (listing rows), unique (records a correct crawl archives),
    placeholders, duplicates, dead, truncated, listing_pages, files, bytes, breakdown
    (rows per kind), channels (rows and listing pages per channel), dead_links (paths),
    seed.
    """
    root = Path(root)
    _prepare(root)
    layout = plan(articles, seed)
    w = _Writer(root)
    w.add("/index.html", kit.home_page().encode("utf-8"))
    w.add("/robots.txt", kit.ROBOTS_TXT)
    dead: list[str] = []
    _write_dongtai(w, layout.entries["dongtai"], dead)
    _write_yaowen(w, layout.entries["yaowen"])
    _write_baozhi(w, layout.entries["baozhi"], dead)
    (root / "_headers.json").write_text(
        json.dumps(w.headers, sort_keys=True, ensure_ascii=False, indent=0) + "\n", "utf-8"
    )
    c = layout.counts
    channels = {
        name: {"articles": len(rows), "listing_pages": max(1, -(-len(rows) // ROWS_PER_PAGE))}
        for name, rows in layout.entries.items()
    }
    manifest: dict[str, Any] = {
        "seed": seed,
        "articles": articles,
        "unique": c[REAL],
        "placeholders": c[PLACEHOLDER_ROW] + c[DELETED],
        "duplicates": c[DUP_TRACKING] + c[DUP_SECOND_PATH] + c[DUP_REPUBLISHED],
        "dead": c[DEAD],
        "truncated": c[TRUNCATED],
        "listing_pages": sum(ch["listing_pages"] for ch in channels.values()),
        "files": w.files,
        "bytes": w.bytes,
        "breakdown": dict(sorted(c.items())),
        "channels": channels,
        "dead_links": sorted(dead),
    }
    (root / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return manifest


def _prepare(root: Path) -> None:
    if root.exists() and any(root.iterdir()):
        if not (root / MANIFEST).is_file():
            raise FileExistsError(f"{root} is not empty and holds no generated site")
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)


def load_manifest(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((Path(root) / MANIFEST).read_text("utf-8"))
    return data


def main(argv: Sequence[str] | None = None, out: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.sitegen", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("out", type=Path, help="folder to write (replaced if generated before)")
    parser.add_argument("--articles", type=int, default=10_000, help="listing rows (100..100000)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    import time

    started = time.perf_counter()
    manifest = generate(args.out, args.articles, args.seed)
    took = time.perf_counter() - started
    summary = {k: v for k, v in manifest.items() if k != "dead_links"}
    out(json.dumps(summary, ensure_ascii=False))
    out(f"wrote {manifest['files']} files, {manifest['bytes'] / 1e6:.1f} MB in {took:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
