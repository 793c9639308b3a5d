from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from newsarchive.extract import patterns
from newsarchive.extract.processors import (
    content_hash,
    join_paragraphs,
    matches_placeholder,
    normalize_ws,
    parse_date,
    section_from_titles,
    split_names,
    split_section,
    strip_site_suffix,
)
from newsarchive.extract.urls import canonical_url, strip_tracking

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 29, 15, 30, tzinfo=SH)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Admin - admin\u00a0于2022年01月03日发表\u00a0\u00a0",
            "Admin - admin 于2022年01月03日发表",
        ),
        ("\u3000\u3000常州召开职业教育大会", "常州召开职业教育大会"),
        ("职业\u200b教育\ufeff大会", "职业教育大会"),
        ("a \t\n b", "a b"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_ws(raw: str | None, expected: str) -> None:
    assert normalize_ws(raw) == expected


def test_join_paragraphs_blank_line_and_no_empties() -> None:
    assert join_paragraphs(["\u00a0\u00a0一。", "\u3000", "二。"]) == "一。\n\n二。"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2022年01月03日", "2022-01-03"),
        ("Admin - admin 于2022年01月03日发表", "2022-01-03"),
        ("2022年1月3日 10:05", "2022-01-03T10:05:00+08:00"),
        ("2022-08-29 06:33:18", "2022-08-29T06:33:18+08:00"),
        ("2022-08-29 06:33", "2022-08-29T06:33:00+08:00"),
        ("发布时间：2022/8/29", "2022-08-29"),
        ("2022.08.29 06:33", "2022-08-29T06:33:00+08:00"),
        ("2022年08月29日06时33分", "2022-08-29T06:33:00+08:00"),
        ("2024-04-24T02:30:00Z", "2024-04-24T10:30:00+08:00"),
        ("2024-04-24T10:30:00+08:00", "2024-04-24T10:30:00+08:00"),
        ("刚刚", "2026-11-29T15:30:00+08:00"),
        ("5分钟前", "2026-11-29T15:25:00+08:00"),
        ("3小时前", "2026-11-29T12:30:00+08:00"),
        ("昨天 10:05", "2026-11-28T10:05:00+08:00"),
        ("前天", "2026-11-27"),
        ("04-24 08:30", "2026-04-24T08:30:00+08:00"),
        ("12-30", "2025-12-30"),
        ("29 August 2022", "2022-08-29"),
        ("2022年13月40日", None),
        ("没有日期", None),
        ("", None),
    ],
)
def test_parse_date(raw: str, expected: str | None) -> None:
    assert parse_date(raw, "Asia/Shanghai", NOW) == expected


def test_parse_date_uses_the_site_timezone() -> None:
    assert parse_date("2022-08-29 06:33", "Europe/Berlin") == "2022-08-29T06:33:00+02:00"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "区体育局我区网球队员征战2020年上海市青少年精英系列网球总决赛",
            ("区体育局", "我区网球队员征战2020年上海市青少年精英系列网球总决赛"),
        ),
        ("新浜镇新浜镇小剧场上演经典沪剧", ("新浜镇", "新浜镇小剧场上演经典沪剧")),
        (
            "区农业农村委区农业农村委执法大队集中开展兽药网络经营企业监督检查",
            ("区农业农村委", "区农业农村委执法大队集中开展兽药网络经营企业监督检查"),
        ),
        ("你好嘉定新城", (None, "你好嘉定新城")),
        ("区体育局", (None, "区体育局")),
    ],
)
def test_split_section(title: str, expected: tuple[str | None, str]) -> None:
    labels = ["区体育局", "新浜镇", "区农业农村委", "区农业"]
    assert split_section(title, labels) == expected


def test_section_from_titles_rejects_non_labels() -> None:
    assert section_from_titles("中山街道城管大调研进方西", "城管大调研进方西") == "中山街道"
    assert section_from_titles("2022年城管大调研进方西", "城管大调研进方西") is None
    assert section_from_titles("城管大调研进方西", "别的标题") is None


@pytest.mark.parametrize(
    ("title", "names", "expected"),
    [
        ("我区网球队员征战总决赛_示例区县新闻网", ["示例区县新闻网"], "我区网球队员征战总决赛"),
        ("常州召开职业教育大会-示例区县新闻网", ["示例区县新闻网"], "常州召开职业教育大会"),
        ("常州召开职业教育大会--示例日报", [], "常州召开职业教育大会"),
        ("标题很长很长很长很长 | 某某网", [], "标题很长很长很长很长"),
        ("2020-2021学年办学突出贡献奖", [], "2020-2021学年办学突出贡献奖"),
        ("示例区县新闻网", ["示例区县新闻网"], "示例区县新闻网"),
    ],
)
def test_strip_site_suffix(title: str, names: list[str], expected: str) -> None:
    assert strip_site_suffix(title, names) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        # a 通讯员 is credited, but the reporter is the author
        ("记者 王小明 通讯员 李强", "王小明"),
        ("本报记者 王小明", "王小明"),
        ("记者 王小明 张华", "王小明、张华"),
        ("通讯员 李强", "李强"),
        ("作者：张三、李四", "张三、李四"),
        ("admin", "admin"),
        ("记者", None),
        ("", None),
    ],
)
def test_split_names(byline: str, expected: str | None) -> None:
    assert split_names(byline) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "http://127.0.0.1:8000/dongtai/t_5003.html?utm_source=wechat&utm_medium=share",
            "http://127.0.0.1:8000/dongtai/t_5003.html",
        ),
        ("http://EXAMPLE.cn/a.html#comments", "http://example.cn/a.html"),
        ("https://m.example.cn/a.html?id=2&spm=x", "https://www.example.cn/a.html?id=2"),
        ("http://example.cn/a.html?b=2&a=1", "http://example.cn/a.html?a=1&b=2"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_strip_tracking_keeps_other_parameters_in_order() -> None:
    assert strip_tracking("http://a.cn/p?id=2&utm_source=x&page=1") == "http://a.cn/p?id=2&page=1"
    assert strip_tracking("http://a.cn/p?b=2&a=1") == "http://a.cn/p?b=2&a=1"


def test_content_hash_ignores_spacing_and_width_but_not_text() -> None:
    base = content_hash("标题", "第一段。\n\n第二段。")
    assert content_hash("标题", "第一段。\u3000第二段。") == base
    assert content_hash("标题", "第一段。第二段！") != base
    assert content_hash("标题二", "第一段。\n\n第二段。") != base


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("标题和内容已经清空2022-08-29 06:33:18",), "cleared"),
        (("标题和内容已经清空",), "cleared"),
        (("区民防办工程采购公告", "该信息已删除"), "deleted"),
        (("此文章已被删除",), "deleted"),
        (("我区网球队员征战总决赛", "正文说到标题和内容已经清空的事……" * 10), None),
        (("关于删除的通知", "今天，有关部门已删除违规信息。"), None),
    ],
)
def test_matches_placeholder(texts: tuple[str, ...], expected: str | None) -> None:
    assert matches_placeholder(*texts) == expected


def test_every_cleared_marker_has_a_test_case() -> None:
    names = {name for name, _ in patterns.CLEARED_MARKERS}
    assert names == {"cleared", "deleted"}
