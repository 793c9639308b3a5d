#!/usr/bin/env python3
"""Build the static demo news site and its ground truth.

Writes a small Chinese regional news site into ``data/demo_site/`` (wiped and
recreated on every run) and the ground truth the crawler is tested against:
``tests/data/demo_expected.jsonl`` (one line per article that must be archived)
and ``tests/data/demo_unarchived.json`` (placeholder, dead and truncated pages).

The truth is taken from the generator's own data, never by parsing HTML back.
The output is deterministic: no randomness, no clock reads.
The page templates and the article texts are ``tools.sitekit``'s, which the
benchmark site generator (``benchmarks/sitegen.py``) renders its sites with too.

Site layout (paths relative to ``data/demo_site/``):

* ``/index.html`` home page, ``/robots.txt``
* ``/dongtai/index.html`` .. ``index_2.html``: 区县动态, government portal pages
* ``/yaowen/index.html`` .. ``index_2.html``: 要闻, aggregator-republished pages
* ``/baozhi/index.html`` .. ``index_2.html``: 本地新闻, local paper pages (GBK)
* ``/content/5003.html``: byte-identical copy of one 区县动态 article
* ``/_headers.json``: Content-Type per path where it is not the server default

Usage: ``python scripts/build_demo_site.py``
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# Run as a script, Python puts scripts/ on the path, not the repository root that holds tools/.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.sitekit.templates import (
    CH_BAOZHI,
    CH_DONGTAI,
    CH_YAOWEN,
    CORRESPONDENT,
    DELETED,
    GBK,
    PAPER_NAME,
    PLACEHOLDER,
    PLACEHOLDER_TEXT,
    REAL,
    REPORTER,
    ROBOTS_TXT,
    STAFF_REPORTER,
    TRUNCATED,
    UTM_QUERY,
    AggMeta,
    GovMeta,
    PaperMeta,
    agg_listing,
    agg_page,
    content_copy_path,
    gov_article_page,
    gov_listing,
    home_page,
    listing_name,
    neighbours,
    paper_listing,
    paper_page,
    row_html,
)
from tools.sitekit.text import BAOZHI_TEXTS, DONGTAI_TEXTS, SEED_TEXTS, YAOWEN_TEXTS, parse_texts

REPO = Path(__file__).resolve().parent.parent
SITE_DIR = REPO / "data" / "demo_site"
EXPECTED_PATH = REPO / "tests" / "data" / "demo_expected.jsonl"
UNARCHIVED_PATH = REPO / "tests" / "data" / "demo_unarchived.json"

DUP_ID = 5003
DUP_GROUP = str(DUP_ID)
CONTENT_COPY_PATH = content_copy_path(DUP_ID)
GBK_META_ONLY_ID = 3008
PARA_MIN, PARA_MAX = 40, 200

# The seed capture's 100-row headline list, verbatim. Rows of the 区县动态
# column carry the department label glued in front of the title.
SEED_HEADLINES = """\
2010年崇明县科普工作联席会议召开
嘉定80后夫妻打造现实版向往的生活你想去看看吗
新浜镇新浜镇小剧场上演经典沪剧
G15沈海高速五车追尾一司机被卡驾驶室
区体育局我区网球队员征战2020年上海市青少年精英系列网球总决赛
中山街道蓝天五村居民区开展秋冬季爱国卫生运动活动
奋进百年风雨同舟嘉定区统一战线举行庆祝建党百年主题演出
中山街道白云社区宣传百姓明星活动
岳阳街道探寻百家厨艺赞叹美好生活
车墩镇市民政局基政处副处长刘占一一行到车墩镇调研阳光村务工程和村干部开放式办公
出行注意啦嘉定这2条公交线路下周一起临时绕改道
区国资委良友经济小区召开企业座谈交流会
陈君起首演说唱沪书弹词快板都有先睹为快
嘉昆太乒乓球联盟俱乐部联赛(嘉定赛区)今天开赛
新桥镇新桥镇重点发展区域交通影响评价项目成交公告
洞泾镇招标公告—润景苑大一期市民健身步道新建工程
区文化旅游局区文旅局执法大队开展法制培训
落实长三角一体化发展国家战略推进长江口区域协作交流
区农业农村委加强动物卫生监督检查保障进博会期间畜禽产品安全
东风西沙水库明年建成将解决崇明70万民众饮水
团结统战成员服务发展大局
拥抱新时代共筑新梦想携手开创崇明世界级生态岛建设美好未来
中山街道蓝天一村召开梦莱小区楼道修缮推进会
好看不论在树上还是在地上
这几天嘉定的主题色叫中国红
嘉定这家社区志愿服务中心又添一项市级荣誉他们的底气在哪里
标题和内容已经清空2022-08-29 06:33:18
每小时清扫13000㎡每天可工作16小时嘉定这位劳模厉害了
标题和内容已经清空2022-08-30 00:24:31
区民防办松江商城民防工程人防门维修养护及调试项目采购公告
中山街道社区党建办(宣)中山街道召开党工委中心组(扩大)会专题研讨高质量发展全方位转型
岳阳街道岳阳市场监管所开展双节食品安全专项监督检查
佘山镇昼夜开展集中整治源头落实精细管理
区体育局车墩镇举行第八届市民运动会门球比赛
洞泾镇空调外机惹了祸洞泾城管来调和
经济状况核对机制将介入低保家庭审核
新时代文明实践丨推进社区文化建设丰富老年人晚年生活
中山街道城管大调研进方西
中山街道淡家浜党支部看望慰问老党员
车墩镇车墩市场监管所以333完善精细化监管推进主题教育走实走深
这样的稻草人你见过吗
区人大常委会组织市十五届人大奉贤代表团代表开展集中联系社区活动
区农业农村委区农业农村委执法大队集中开展兽药网络经营企业监督检查
区住房保障房屋管理局提速提效加快推进——区房管局召开既有多层住宅加装电梯工作例会
中山街道花桥居民区党总支组织开展进博先锋党员先行主题党日活动
崇明区及时贯彻落实全市社区疫情防控工作视频会议精神
上海市警备区与崇明县对接防汛工作
2016上海崇明岛自行车嘉年华开幕
中山街道蓝天一村居民区党支部不忘初心牢记使命主题教育——牢记为民初心共建幸福家园
本县清洁生产审核工作会议召开
中山街道中山苑开展小小志愿者学雷锋活动
标题和内容已经清空2022-08-29 17:01:28
庙镇举行党员先锋行动誓师动员会
举措扎实抓创建展示形象惠百姓
10天就为企业搞定融资难题这里的店小二是怎么做到的
区国资委金山区政协重点课题组到商发集团考察参观
区政府党组会议(扩大)召开学习贯彻区第二次党代会精神
筑巢引凤育小苗科创孵化聚创新——凤创谷科创基地培育壮大高质量发展新动能
叶榭镇叶榭镇第五调研片组赴企业调研
区市场监管局调研指导放心消费参选企业
崇明世界级生态岛建设着力打造人与自然和谐家园
岳阳街道岳阳召开全街道雪亮工程建设工作推进会
135个车位免费开放紫气东来体育公园地下车库试运营
中山街道蓝天二村党支部看望生病楼组长
学生上体育课市民体育运动要戴口罩吗沪发布关于个人佩戴口罩的指引
区国资委第一征收公司加速推进沪苏湖铁路征迁工作
区规划资源局让农村建房在疏堵之间回归法治轨道
新桥镇新桥镇场西及春申片区20222023年度第三方保安服务项目招标公告
2009年我县就业工作稳步推进
一指禅共享推拿中医大师为你揭秘
中山街道蓝天一村居民区把优质便捷的服务送到家门口—蓝天一村居民区党支部每月在三个小区开展\
为民服务活动
岳阳街道岳阳街道召开21处住宅小区雨污水分流专项工程安全质量推进会
中山街道黄渡浜居民区开展社会救助政策宣传月活动
加速推进崇明创建体育强县目标落实
微信群出现违法信息群主会被判刑八年我们查了法规……
奉贤区代表团赴云南省石屏红河两县考察
区规划资源局征地补偿安置方案公告(沪(松)征地补告2019第009号)
区文化旅游局程十发艺术馆库房设施设备更新改造项目的竞争性磋商公告
注意今晚10点起离开广州须持72小时内核酸检测阴性证明
污水治理呵护生态水环境
密切合作联系实现共同发展
九亭镇九亭九亭镇朱泾浜老宅基截污工程中标结果公示
九亭镇居委园地松沪垃圾分类党员先行
县老龄工作委员会召开扩大会议
区人大调研崇明长江禁渔工作
你好嘉定新城
中山街道中山苑居民区开展庆祝中国人民海军成立71周年宣传活动
徐剑萍希望民防特救人员提高技能常备不懈
寒风刺骨的日子里这群人竟然每天水上漂甚至还要泡在水里
想帮助他们完成心愿没想到他们的心愿却是这样的
区住房保障房屋管理局本周五起松江区第一批非本市户籍居民家庭共有产权保障住房供应房源开放看房
区司法局区司法局局长潘琼赴永丰街道调研
洞泾镇峥嵘七十载共筑中国梦荣欣居民区庆祝建国70周年文艺演出
中山街道茸梅结合为民服务平台开展垃圾分类系列宣传活动
区规划资源局征地补偿安置方案公告(沪(松)征地补告2017第084号)
区住房保障房屋管理局以史为鉴初心如磐砥砺前行丨区房管局房屋权属调查管理中心党支部开展主题\
党日活动
纪念辛亥革命110周年这些话真提气
一个嘉定视障者的城事延展当她有了导盲犬和互联网之后
我区卓越教师培养工程特长类教师评选启动
区城运中心召开热线案件督办工作推进会
"""

# ---------------------------------------------------------------------------
# Article metadata
# ---------------------------------------------------------------------------


GOV_ARTICLES: tuple[GovMeta, ...] = (
    GovMeta(
        5001,
        "2022-08-31 09:12:05",
        "区体育局",
        "我区网球队员征战2020年上海市青少年精英系列网球总决赛",
        "区体育局",
        "陈佳",
        "吴静",
    ),
    GovMeta(
        5002,
        "2022-08-30 16:45:21",
        "中山街道",
        "蓝天五村居民区开展秋冬季爱国卫生运动活动",
        "中山街道",
        None,
        "钱立",
    ),
    GovMeta(
        5003,
        "2022-08-29 14:20:37",
        "洞泾镇",
        "空调外机惹了祸洞泾城管来调和",
        "洞泾镇",
        "王磊",
        "孙悦",
    ),
    GovMeta(
        5004,
        "2022-08-27 10:08:44",
        "新浜镇",
        "新浜镇小剧场上演经典沪剧",
        "新浜镇人民政府",
        None,
        "朱明",
    ),
    GovMeta(
        5005,
        "2022-08-26 15:31:09",
        "岳阳街道",
        "探寻百家厨艺赞叹美好生活",
        "岳阳街道办事处",
        "刘晓燕",
        "吴静",
    ),
    GovMeta(
        5006,
        "2022-08-25 11:02:57",
        "区国资委",
        "良友经济小区召开企业座谈交流会",
        "区国资委",
        None,
        "钱立",
    ),
    GovMeta(
        5007,
        "2022-08-24 17:40:12",
        None,
        "经济状况核对机制将介入低保家庭审核",
        "区民政局",
        "周敏",
        "孙悦",
    ),
    GovMeta(
        5008,
        "2022-08-23 08:55:30",
        "区农业农村委",
        "加强动物卫生监督检查保障进博会期间畜禽产品安全",
        "松江区农业农村委员会",
        None,
        "朱明",
    ),
    GovMeta(
        5009,
        "2022-08-22 09:30:00",
        "区民防办",
        "松江商城民防工程人防门维修养护及调试项目采购公告",
        "区民防办",
        None,
        "钱立",
        kind=DELETED,
    ),
    GovMeta(
        5010,
        "2022-08-19 14:06:48",
        "车墩镇",
        "车墩市场监管所以333完善精细化监管推进主题教育走实走深",
        "车墩镇",
        "李婷",
        "吴静",
    ),
    GovMeta(
        5011,
        "2022-08-18 10:27:15",
        "区规划资源局",
        "让农村建房在疏堵之间回归法治轨道",
        "区规划资源局",
        None,
        "孙悦",
    ),
    GovMeta(
        5012,
        "2022-08-17 16:12:39",
        "区文化旅游局",
        "区文旅局执法大队开展法制培训",
        "区文化旅游局",
        "陆文杰",
        "朱明",
    ),
    GovMeta(
        5013,
        "2022-08-16 09:45:02",
        "新桥镇",
        "新桥镇重点发展区域交通影响评价项目成交公告",
        "新桥镇人民政府",
        None,
        "吴静",
    ),
    GovMeta(
        5014,
        "2022-08-15 15:58:26",
        None,
        "区城运中心召开热线案件督办工作推进会",
        "区城运中心",
        "顾晓峰",
        "钱立",
    ),
    GovMeta(
        5015,
        "2022-08-12 11:20:33",
        "区住房保障房屋管理局",
        "提速提效加快推进——区房管局召开既有多层住宅加装电梯工作例会",
        "区住房保障房屋管理局",
        "马丽",
        "孙悦",
        kind=TRUNCATED,
    ),
    GovMeta(
        5016,
        "2022-08-11 08:41:57",
        "中山街道",
        "城管大调研进方西",
        "中山街道",
        None,
        "朱明",
    ),
    GovMeta(
        5017,
        "2022-08-10 16:03:10",
        "岳阳街道",
        "岳阳市场监管所开展双节食品安全专项监督检查",
        "岳阳街道",
        "徐蕾",
        "吴静",
    ),
    GovMeta(
        5018,
        "2022-08-09 10:36:45",
        "区体育局",
        "车墩镇举行第八届市民运动会门球比赛",
        "松江区体育局",
        None,
        "钱立",
    ),
)

# Placeholder pages: title and body are PLACEHOLDER_TEXT, the row shows it plus the time.
GOV_PLACEHOLDERS: tuple[GovMeta, ...] = tuple(
    GovMeta(aid, when, None, PLACEHOLDER_TEXT, "区政府办公室", None, "吴静", kind=PLACEHOLDER)
    for aid, when in (
        (5091, "2022-08-29 06:33:18"),
        (5092, "2022-08-30 00:24:31"),
        (5093, "2022-08-29 17:01:28"),
    )
)

# Listed but never written: the crawler gets a 404.
GOV_DEAD = GovMeta(
    5090,
    "2022-08-26 09:00:00",
    "区文化旅游局",
    "程十发艺术馆库房设施设备更新改造项目的竞争性磋商公告",
    "区文化旅游局",
    None,
    "吴静",
)

# Rows of the three 区县动态 listing pages: (kind, article id). "page" links the
# plain path, "utm" the plain path plus UTM_QUERY, "content" the /content/ copy,
# "dead" the missing GOV_DEAD page.
DONGTAI_ROWS: tuple[tuple[tuple[str, int], ...], ...] = (
    (
        ("page", 5001),
        ("page", 5002),
        ("utm", 5003),
        ("page", 5091),
        ("page", 5004),
        ("page", 5005),
        ("dead", 5090),
        ("page", 5006),
    ),
    (
        ("page", 5007),
        ("page", 5008),
        ("page", 5003),
        ("page", 5092),
        ("page", 5009),
        ("page", 5010),
        ("page", 5011),
        ("page", 5012),
    ),
    (
        ("page", 5013),
        ("page", 5014),
        ("content", 5003),
        ("page", 5093),
        ("page", 5015),
        ("page", 5016),
        ("page", 5017),
        ("page", 5018),
    ),
)

SEED_TITLE = "常州召开职业教育大会"
# 1014 republishes 5003 (same title and paragraphs) in template A.
YAOWEN_COPY_ID = 1014
AGG_ARTICLES: tuple[AggMeta, ...] = (
    AggMeta(1001, "2022-01-03", SEED_TITLE),
    AggMeta(1002, "2022-01-05", "嘉定80后夫妻打造现实版向往的生活你想去看看吗"),
    AggMeta(1003, "2022-01-07", "G15沈海高速五车追尾一司机被卡驾驶室"),
    AggMeta(1004, "2022-01-08", "出行注意啦嘉定这2条公交线路下周一起临时绕改道"),
    AggMeta(1005, "2022-01-12", "陈君起首演说唱沪书弹词快板都有先睹为快"),
    AggMeta(1006, "2022-01-18", "嘉昆太乒乓球联盟俱乐部联赛(嘉定赛区)今天开赛"),
    AggMeta(1007, "2022-01-21", "东风西沙水库明年建成将解决崇明70万民众饮水"),
    AggMeta(1008, "2022-01-26", "这几天嘉定的主题色叫中国红"),
    AggMeta(1009, "2022-02-09", "每小时清扫13000㎡每天可工作16小时嘉定这位劳模厉害了"),
    AggMeta(1010, "2022-02-15", "这样的稻草人你见过吗"),
    AggMeta(1011, "2022-02-22", "135个车位免费开放紫气东来体育公园地下车库试运营"),
    AggMeta(1012, "2022-03-02", "10天就为企业搞定融资难题这里的店小二是怎么做到的"),
    AggMeta(1013, "2022-03-10", "你好嘉定新城"),
    AggMeta(YAOWEN_COPY_ID, "2022-08-30", "空调外机惹了祸洞泾城管来调和"),
)

PAPER_ARTICLES: tuple[PaperMeta, ...] = (
    PaperMeta(
        3001,
        "2022-01-03 10:05",
        "A02",
        "全力以赴抓项目促发展",
        "我市新年首批重大项目集中开工",
        "总投资逾一百二十亿元，涵盖先进制造、城市更新等领域",
        ((REPORTER, ("王小明",)), (CORRESPONDENT, ("李强",))),
    ),
    PaperMeta(
        3002,
        "2022-01-03 10:05",
        "A02",
        "",
        "城区新增三处口袋公园",
        "",
        ((REPORTER, ("赵雪梅",)),),
    ),
    PaperMeta(
        3003,
        "2022-01-04 06:45",
        "A02",
        "寒冬送温暖",
        "百名志愿者走进社区为老人送年货",
        "",
        ((REPORTER, ("孙丽", "周涛")),),
    ),
    PaperMeta(
        3004,
        "2022-01-04 06:45",
        "A03",
        "",
        "市图书馆推出寒假阅读季系列活动",
        "持续至二月底，线上线下同步开展",
        ((CORRESPONDENT, ("陈晨",)),),
    ),
    PaperMeta(
        3005,
        "2022-01-05 07:10",
        "A02",
        "优化营商环境",
        "企业开办实现一日办结",
        "",
        ((STAFF_REPORTER, ("刘洋",)),),
    ),
    PaperMeta(
        3006,
        "2022-01-05 07:10",
        "A03",
        "",
        "老旧小区改造惠及八千余户居民",
        "",
        ((REPORTER, ("王小明",)),),
    ),
    PaperMeta(
        3007,
        "2022-01-06 06:50",
        "A02",
        "",
        "公交集团开通两条定制通勤专线",
        "早晚高峰直达产业园区",
        ((REPORTER, ("李娜",)), (CORRESPONDENT, ("吴刚",))),
    ),
    PaperMeta(
        GBK_META_ONLY_ID,
        "2022-01-06 06:50",
        "A02",
        "冬季安全生产",
        "全市开展燃气安全专项排查",
        "",
        ((CORRESPONDENT, ("郑凯",)),),
    ),
    PaperMeta(
        3009,
        "2022-01-07 08:20",
        "A02",
        "",
        "市中医院新院区正式启用",
        "开放床位六百张，设置临床科室二十余个",
        ((REPORTER, ("孙丽",)),),
    ),
    PaperMeta(
        3010,
        "2022-01-07 08:20",
        "A03",
        "乡村振兴",
        "特色农产品搭上直播快车",
        "",
        ((REPORTER, ("周涛",)), (CORRESPONDENT, ("马骏",))),
    ),
    PaperMeta(
        3011,
        "2022-01-10 06:55",
        "A02",
        "",
        "本周气温将明显回升",
        "",
        ((STAFF_REPORTER, ("赵雪梅",)),),
    ),
    PaperMeta(
        3012,
        "2022-01-10 06:55",
        "A03",
        "我们的节日",
        "非遗年俗进校园",
        "孩子们学剪纸做花灯迎新春",
        ((REPORTER, ("李娜",)),),
    ),
    PaperMeta(
        3013,
        "2022-01-11 10:05",
        "A02",
        "",
        "城市书房实现街道全覆盖",
        "",
        ((REPORTER, ("刘洋", "王芳")),),
    ),
    PaperMeta(
        3014,
        "2022-01-11 10:05",
        "A02",
        "春运",
        "春运临近铁路部门多措并举保出行",
        "车站增设爱心通道和临时售票窗口",
        ((REPORTER, ("王小明",)), (CORRESPONDENT, ("黄敏",))),
    ),
)

ROWS_PER_PAGE = 5  # 要闻 and 本地新闻 listings: 5 + 5 + 4 rows


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def chunks(items: tuple[AggMeta, ...] | tuple[PaperMeta, ...], size: int) -> list[list[int]]:
    ids = [item.aid for item in items]
    return [ids[i : i + size] for i in range(0, len(ids), size)]


# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------


class Site:
    """Collects the files and the ground truth of the demo site."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.headers: dict[str, str] = {}
        self.truth: list[dict[str, str | None]] = []
        self.unarchived: dict[str, list[str]] = {
            "placeholder_rows": [],
            "placeholder_pages": [],
            "dead": [],
            "truncated": [],
        }

    def add(self, path: str, data: bytes, content_type: str | None = None) -> None:
        if path in self.files:
            raise ValueError(f"duplicate path {path}")
        self.files[path] = data
        if content_type is not None:
            self.headers[path] = content_type

    def record(self, **fields: Any) -> None:
        fields.setdefault("canonical_url", fields["url"])
        self.truth.append({"site": "demo", "dup_group": None, **fields})


def body_text(paras: Iterable[str]) -> str:
    return "\n\n".join(p.strip(" \t\r\n\u00a0\u3000") for p in paras)


def check_paragraphs(texts: dict[int, tuple[str, ...]], exempt: Iterable[int] = ()) -> None:
    skip = set(exempt)
    for aid, paras in texts.items():
        if aid in skip:
            continue
        if not 2 <= len(paras) <= 5:
            raise ValueError(f"{aid}: {len(paras)} paragraphs")
        for para in paras:
            if not PARA_MIN <= len(para) <= PARA_MAX:
                raise ValueError(f"{aid}: paragraph of {len(para)} chars: {para[:20]}")


def build_dongtai(site: Site, texts: dict[int, tuple[str, ...]]) -> None:
    by_id = {meta.aid: meta for meta in (*GOV_ARTICLES, *GOV_PLACEHOLDERS, GOV_DEAD)}
    chain = list(GOV_ARTICLES)
    for pos, meta in enumerate(chain):
        prev, nxt = neighbours(chain, pos)
        # a deleted article has no text, its page shows the deletion notice
        paras = () if meta.kind == DELETED else texts[meta.aid]
        page = gov_article_page(meta, paras, prev, nxt)
        if meta.kind == DELETED:
            site.unarchived["placeholder_pages"].append(meta.path)
        elif meta.kind == TRUNCATED:
            site.unarchived["truncated"].append(meta.path)
        site.add(meta.path, page.encode("utf-8"))
        if meta.aid == DUP_ID:
            site.add(CONTENT_COPY_PATH, page.encode("utf-8"))
    for meta in GOV_PLACEHOLDERS:
        site.add(meta.path, gov_article_page(meta, (), None, None).encode("utf-8"))
        site.unarchived["placeholder_rows"].append(meta.path)
    site.unarchived["dead"].append(GOV_DEAD.path)

    for index, row_specs in enumerate(DONGTAI_ROWS):
        listing_url = f"/dongtai/{listing_name(index)}"
        rows: list[str] = []
        for kind, aid in row_specs:
            meta = by_id[aid]
            href = {
                "page": meta.path,
                "utm": meta.path + UTM_QUERY,
                "content": CONTENT_COPY_PATH,
                "dead": meta.path,
            }[kind]
            rows.append(row_html(href, meta.row_text, meta.when[:10]))
            if kind in ("page", "content") and meta.kind == REAL:
                site.record(
                    url=href,
                    section=meta.label or CH_DONGTAI,
                    title=meta.title,
                    author=meta.author,
                    credits=meta.credits,
                    source=meta.source,
                    editor=meta.editor,
                    published_at=meta.when.replace(" ", "T") + "+08:00",
                    body=body_text(texts[aid]),
                    listing_url=listing_url,
                    listing_title=meta.row_text,
                    dup_group=DUP_GROUP if aid == DUP_ID else None,
                )
        page = gov_listing(rows, index, len(DONGTAI_ROWS))
        site.add(listing_url, page.encode("utf-8"))


def related_links(title_to_path: dict[str, str]) -> list[tuple[str, str]]:
    rows = [line for line in SEED_HEADLINES.splitlines() if line.strip()]
    if len(rows) != 100:
        raise ValueError(f"expected 100 seed headlines, got {len(rows)}")
    return [(row, title_to_path.get(row, "javascript:;")) for row in rows]


def build_yaowen(
    site: Site, texts: dict[int, tuple[str, ...]], related: list[tuple[str, str]]
) -> None:
    by_id = {meta.aid: meta for meta in AGG_ARTICLES}
    for meta in AGG_ARTICLES:
        site.add(meta.path, agg_page(meta, texts[meta.aid], related).encode("utf-8"))
    newest_first = tuple(sorted(AGG_ARTICLES, key=lambda m: (m.day, m.aid), reverse=True))
    pages = chunks(newest_first, ROWS_PER_PAGE)
    for index, ids in enumerate(pages):
        listing_url = f"/yaowen/{listing_name(index)}"
        rows = []
        for aid in ids:
            meta = by_id[aid]
            rows.append(row_html(meta.path, meta.title, meta.day))
            site.record(
                url=meta.path,
                section=CH_YAOWEN,
                title=meta.title,
                author="admin",
                credits=list(meta.credits),
                source=None,
                editor=None,
                published_at=meta.day,
                body=body_text(texts[aid]),
                listing_url=listing_url,
                listing_title=meta.title,
                dup_group=DUP_GROUP if aid == YAOWEN_COPY_ID else None,
            )
        site.add(listing_url, agg_listing(rows, index, len(pages)).encode("utf-8"))


def build_baozhi(site: Site, texts: dict[int, tuple[str, ...]]) -> None:
    chain = list(PAPER_ARTICLES)
    by_id = {meta.aid: meta for meta in chain}
    for pos, meta in enumerate(chain):
        prev, nxt = neighbours(chain, pos)
        same_day = [m for m in chain if m.when[:10] == meta.when[:10] and m.aid != meta.aid]
        page = paper_page(meta, texts[meta.aid], prev, nxt, same_day)
        content_type = "text/html" if meta.aid == GBK_META_ONLY_ID else GBK
        site.add(meta.path, page.encode("gbk"), content_type)
    newest_first = tuple(sorted(chain, key=lambda m: (m.when, m.aid), reverse=True))
    pages = chunks(newest_first, ROWS_PER_PAGE)
    latest = newest_first[0]
    for index, ids in enumerate(pages):
        listing_url = f"/baozhi/{listing_name(index)}"
        rows = []
        for aid in ids:
            meta = by_id[aid]
            rows.append(row_html(meta.path, meta.title, meta.when[:10]))
            site.record(
                url=meta.path,
                section=CH_BAOZHI,
                title=meta.title,
                author=meta.author,
                credits=meta.credits,
                source=PAPER_NAME,
                editor=None,
                published_at=meta.when.replace(" ", "T") + ":00+08:00",
                body=body_text(texts[aid]),
                listing_url=listing_url,
                listing_title=meta.title,
            )
        page = paper_listing(rows, index, len(pages), latest)
        site.add(listing_url, page.encode("gbk"), GBK)


def build() -> Site:
    gov_texts = parse_texts(DONGTAI_TEXTS)
    agg_texts = {**parse_texts(SEED_TEXTS), **parse_texts(YAOWEN_TEXTS)}
    agg_texts[YAOWEN_COPY_ID] = gov_texts[DUP_ID]
    paper_texts = parse_texts(BAOZHI_TEXTS)
    check_paragraphs(gov_texts)
    check_paragraphs(agg_texts, exempt=(1001,))
    check_paragraphs(paper_texts)
    copy_meta = next(m for m in AGG_ARTICLES if m.aid == YAOWEN_COPY_ID)
    dup_meta = next(m for m in GOV_ARTICLES if m.aid == DUP_ID)
    if copy_meta.title != dup_meta.title:
        raise ValueError("republished copy must keep the title")

    # Related-list links of template A: a headline links to the real article
    # with exactly that title, else to "javascript:;".
    title_to_path: dict[str, str] = {}
    for meta in GOV_ARTICLES:
        if meta.kind == REAL:
            title_to_path.setdefault(meta.title, meta.path)
    for agg in AGG_ARTICLES:
        title_to_path.setdefault(agg.title, agg.path)

    site = Site()
    site.add("/index.html", home_page().encode("utf-8"))
    site.add("/robots.txt", ROBOTS_TXT)
    build_dongtai(site, gov_texts)
    build_yaowen(site, agg_texts, related_links(title_to_path))
    build_baozhi(site, paper_texts)
    return site


def write(site: Site) -> None:
    if SITE_DIR.exists():
        shutil.rmtree(SITE_DIR)
    for path, data in sorted(site.files.items()):
        target = SITE_DIR / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    headers = {path: {"Content-Type": ctype} for path, ctype in site.headers.items()}
    (SITE_DIR / "_headers.json").write_text(
        json.dumps(headers, sort_keys=True, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )

    truth = sorted(site.truth, key=lambda rec: str(rec["url"]))
    urls = [rec["url"] for rec in truth]
    if len(urls) != len(set(urls)):
        raise ValueError("duplicate url in truth")
    EXPECTED_PATH.parent.mkdir(parents=True, exist_ok=True)
    EXPECTED_PATH.write_text(
        "".join(json.dumps(rec, sort_keys=True, ensure_ascii=False) + "\n" for rec in truth),
        encoding="utf-8",
    )
    unarchived = {key: sorted(paths) for key, paths in site.unarchived.items()}
    UNARCHIVED_PATH.write_text(
        json.dumps(unarchived, sort_keys=True, indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )


def main() -> None:
    site = build()
    write(site)
    sections: dict[str, int] = {}
    for rec in site.truth:
        key = str(rec["url"]).split("/")[1]
        sections[key] = sections.get(key, 0) + 1
    print(
        f"wrote {len(site.files)} files to {SITE_DIR.relative_to(REPO)}, "
        f"{len(site.truth)} truth lines {dict(sorted(sections.items()))}"
    )


if __name__ == "__main__":
    main()
