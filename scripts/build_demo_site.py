#!/usr/bin/env python3
"""Build the static demo news site and its ground truth.

Writes a small Chinese regional news site into ``data/demo_site/`` (wiped and
recreated on every run) and the ground truth the crawler is tested against:
``tests/data/demo_expected.jsonl`` (one line per article that must be archived)
and ``tests/data/demo_unarchived.json`` (placeholder, dead and truncated pages).

The truth is taken from the generator's own data, never by parsing HTML back.
The output is deterministic: no randomness, no clock reads.

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

import datetime as dt
import html
import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SITE_DIR = REPO / "data" / "demo_site"
EXPECTED_PATH = REPO / "tests" / "data" / "demo_expected.jsonl"
UNARCHIVED_PATH = REPO / "tests" / "data" / "demo_unarchived.json"

SITE_NAME = "示例区县新闻网"
PAPER_NAME = "示例日报"
GOV_NAME = "示例区人民政府"
CH_DONGTAI = "区县动态"
CH_YAOWEN = "要闻"
CH_BAOZHI = "本地新闻"
PLACEHOLDER_TEXT = "标题和内容已经清空"
DELETED_TEXT = "该信息已删除"
UTM_QUERY = "?utm_source=wechat&utm_medium=share"
DUP_ID = 5003
DUP_GROUP = str(DUP_ID)
CONTENT_COPY_PATH = f"/content/{DUP_ID}.html"
GBK_META_ONLY_ID = 3008
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
PARA_MIN, PARA_MAX = 40, 200

NAV_LINKS = (
    ("/index.html", "首页"),
    ("/dongtai/index.html", CH_DONGTAI),
    ("/yaowen/index.html", CH_YAOWEN),
    ("/baozhi/index.html", CH_BAOZHI),
)

# ---------------------------------------------------------------------------
# Texts. Inside these blocks a line starting with "@" opens the article with
# that id; every other non-empty line is one paragraph (a trailing backslash
# is a Python line continuation, so long paragraphs span several source lines).
# ---------------------------------------------------------------------------

# The seed article (常州召开职业教育大会), paragraphs verbatim from the capture.
SEED_TEXTS = """\
@1001
12月25日,常州市职业教育大会召开。会议深入学习贯彻******关于职业教育的重要论述,认真落实全\
国、全省职业教育大会以及整体推进苏锡常都市圈职业教育改革创新打造高质量发展样板工作座谈会\
精神,紧紧围绕市第十三次党代会和全市“532”发展战略部署要求,努力推动全市职业教育创新发展踏\
上新高度。
会前,市委书记陈金虎,市委副书记、代理市长盛蕾对常州市职业教育工作作出批示。
省教育厅副厅长曹玉梅出席会议并致辞。市委常委、宣传部长、市委秘书长、市委教育工作领导小组\
组长杭勇出席会议并讲话。副市长陈正春主持会议。
陈金虎在批示中指出,近年来常州市职业教育工作取得了明显成效,为服务区域经济社会发展作出了重\
要贡献。他要求全市上下要坚持党的领导,优化职业教育类型定位,深化产教融合、校企合作,加大制度\
创新、政策供给、投入力度,奋力推动职业教育高质量发展。各地各部门要以整体推进苏锡常都市圈职\
业教育改革创新、打造高质量发展样板为契机,加强组织领导和统筹协调,抢抓机遇、主动作为、合力\
支持,努力形成一批标志性、引领性成果,培养更多适应产业发展的高素质技术技能人才,为建设国际化\
智造名城、打造长三角中轴枢纽,奋力走在社会主义现代化建设前列提供强有力人才和技能支撑。
盛蕾在批示中指出,面对新时代职业教育新形势新任务,全市各级各部门要坚持以立德树人为根本、服\
务发展为宗旨、促进就业为导向,不断增强职业教育适应性,加快打造职业教育高质量发展样板、建设\
国家职教高地城市。要面向产业、面向市场、面向未来,全面推进国家产教融合试点,加快构建校企协\
同育人新机制,推动教育链、人才链、产业链、创新链深度融合,培养更多高素质技术技能人才、能工\
巧匠和大国工匠,为建设“国际化智造名城、长三角中轴枢纽”夯实人才和智力基础。
杭勇在讲话中充分肯定了近年来常州市职业教育高质量发展取得的成绩,要求全市上下要抢抓职业教育\
发展黄金机遇期,合力加快职业院校“提档升级”的速度,加大产教融合“试点示范”的力度,提升职教\
师资“提质培优”的水平,强化技能人才“量质双升”的要求,增加社会服务“增值赋能”的贡献,营造\
社会各界“崇尚技能”的氛围,进一步擦亮“中国职教名城”金字招牌,推进共同富裕,支持现代化常州\
建设。
据了解,作为长三角先进制造业基地,常州始终把职业教育放在重要战略位置,积极推动职业教育整体改\
革发展走在全国前列,形成了布局合理、特色突出、与地方经济社会协调互动的良好发展格局。常州职\
业院校优质率为全省最高,6家公办高职院100%成为省双高建设单位和培育单位,50%入围国家双高建设\
单位,10家中职校100%创成省现代化示范校或优质特色学校,50%入围省“领航计划”建设单位,占比全\
省第一。在全省职业教育领域最高层次的教学成果奖中,常州职业院校获5个特等奖,位列全省第一。
会上,首批中高职结对融合发展院校签约。5所在常高职院校与5所“领航计划”中职学校将“一对一”\
结对融合发展,打造职业教育发展共同体,整体提升职业教育水平。
会议还为获“常州市职业学校2020—2021学年办学突出贡献奖”和“常州市职业学校2020—2021学年\
办学单项特色奖”共6所学校颁奖。
另有39名技术技能人才受聘为首批常州市职业教育“技术精英”讲师团成员和常州市五年制高职产业\
教授。
"""

DONGTAI_TEXTS = """\
@5001
近日，2020年上海市青少年精英系列网球总决赛在上海市网球中心落下帷幕。我区共派出12名青少年\
网球运动员参加男子、女子U12至U16各组别的角逐，经过四天激烈比拼，共获得1金2银3铜的好成绩。
本次总决赛汇集了全市年度积分排名前列的近两百名青少年选手，竞争十分激烈。我区小将沈奕辰在\
男子U14单打决赛中顶住压力，以两盘比分战胜对手，夺得该组别冠军。
区体育局相关负责人表示，近年来我区持续推进体教融合，依托区业余体校和社区网球场地开展后备\
人才选拔培养，今后将进一步完善训练体系，为上海市输送更多优秀网球苗子。
@5002
为进一步改善小区人居环境，预防秋冬季传染病发生，近日，中山街道蓝天五村居民区组织党员志愿\
者、楼组长及物业工作人员开展秋冬季爱国卫生运动。
活动中，志愿者们分成三个小组，对小区绿化带、楼道角落和非机动车棚进行集中清理，共清除卫生\
死角二十余处，清运杂物和枯枝落叶约三吨。同时，志愿者还上门发放健康宣传资料，提醒居民勤通\
风、勤洗手。
居民区党总支书记表示，下一步将把爱国卫生运动与垃圾分类、美丽家园建设结合起来，形成常态长\
效的环境治理机制。
@5003
“楼上空调外机滴水，把我家晾的衣服都弄脏了，说了几次也没用。”近日，洞泾镇城管中队接到居\
民张阿姨的投诉，反映邻居家空调外机冷凝水长期滴落，影响正常生活。
接到投诉后，城管队员第一时间赶到现场查看。经了解，楼上住户安装空调时未接排水管，冷凝水直\
接从外机滴落到楼下阳台。双方多次沟通未果，矛盾逐渐升级。
城管队员联合居委干部分别上门做工作，一方面向楼上住户宣传相关规定，另一方面耐心安抚楼下居\
民情绪。在多方协调下，楼上住户当天就联系安装师傅加装了排水管，问题得到圆满解决。
洞泾城管中队负责人表示，夏季是空调使用高峰，也是邻里纠纷易发期，城管部门将继续发挥“城管\
进社区”工作机制作用，及时化解群众身边的烦心事。
@5004
8月26日晚，新浜镇小剧场座无虚席，由镇文体中心组织的经典沪剧专场演出在这里上演，吸引了三百\
余名沪剧爱好者前来观看。
演出中，来自区沪剧团和镇业余沪剧队的演员们先后演绎了《罗汉钱》《芦荡火种》《雷雨》等经典\
剧目选段。演员们唱腔婉转、表演细腻，台下观众不时报以热烈掌声。
家住新浜村的陆阿婆说：“以前要看沪剧得跑到市区，现在家门口就能看到这么好的演出，心里真开\
心。”据悉，新浜镇小剧场今年以来已举办各类文艺演出二十余场。
@5005
一道道色香味俱全的家常菜摆满长桌，居民们围坐在一起品尝交流、笑语不断。近日，岳阳街道“探\
寻百家厨艺”社区美食交流活动在街道社区文化活动中心举行。
来自辖区各居民区的二十支家庭队伍带来了红烧肉、八宝鸭、腌笃鲜等本帮特色菜，还有不少新上海\
人带来了家乡风味。评委从色泽、口味、创意等方面进行点评打分，评选出“最受欢迎家常菜”十道\
。
活动负责人介绍，举办美食交流活动，既是让居民展示厨艺、分享生活的舞台，也拉近了邻里之间的\
距离，让大家在烟火气中感受到美好生活。
@5006
8月24日，良友经济小区召开企业座谈交流会，来自小区内的十五家重点企业负责人参加会议，区国资\
委相关负责人出席。
座谈会上，企业代表结合自身经营情况，围绕市场开拓、融资需求、人才引进等方面畅所欲言，提出\
了意见和建议。经济小区工作人员对企业提出的问题逐一记录，并现场解答了政策咨询。
区国资委相关负责人表示，经济小区要进一步当好服务企业的“店小二”，建立问题清单和跟踪督办\
机制，帮助企业稳订单、拓市场、增效益，为全区经济稳定增长作出积极贡献。
@5007
记者从区民政局获悉，今后我区申请最低生活保障的家庭，将全面纳入居民经济状况核对机制，由核\
对机构对申请家庭的收入和财产状况进行信息比对，作为审核审批的重要依据。
据介绍，核对内容包括申请家庭成员的工资性收入、经营性收入、银行存款、有价证券、机动车辆和\
房产等信息。核对工作将通过与税务、公积金、银行等部门的数据共享完成，减少群众来回跑腿开证\
明。
区民政局相关负责人表示，引入经济状况核对机制，有利于提高社会救助的精准度，确保有限的救助\
资金真正用在困难群众身上。对于隐瞒收入骗取低保的，将依法追回并记入诚信档案。
@5008
为做好第五届中国国际进口博览会筹备期间全区畜禽产品质量安全保障工作，区农业农村委动物卫生\
监督所近日组织开展专项监督检查行动。
检查中，执法人员重点对辖区内畜禽养殖场、屠宰企业和无害化处理场所进行检查，详细查验动物检\
疫证明、免疫档案和兽药使用记录。截至目前，共出动执法人员六十余人次，检查各类场所三十余家\
，未发现违法违规行为。
下一步，区农业农村委将继续保持高压态势，强化动物卫生全链条监管，确保进博会期间不发生重大\
动物疫情和畜禽产品质量安全事件。
@5010
今年以来，车墩市场监管所结合主题教育，探索形成“333”精细化监管工作法，即聚焦三类重点对象\
、落实三项监管机制、提升三种服务能力，推动市场监管工作提质增效。
在监管对象上，该所重点关注学校食堂、农贸市场和特种设备使用单位，建立“一户一档”；在监管\
机制上，推行分级分类、信用监管和联合检查；在服务能力上，着力提升窗口服务、投诉处理和政策\
宣传水平。
截至目前，车墩市场监管所已累计开展各类检查八百余户次，办结消费投诉举报三百余件，辖区市场\
秩序持续向好。
@5011
农村村民建房事关群众切身利益。近年来，区规划资源局坚持疏堵结合，一方面简化审批流程、优化\
服务，另一方面加大违法建房查处力度，推动农村建房管理逐步走上法治化轨道。
在“疏”的方面，区规划资源局会同各镇制定农村村民建房审批操作指引，将审批时限压缩至二十个\
工作日以内，并组织技术人员上门提供图纸设计和放样服务。
在“堵”的方面，建立区、镇、村三级巡查机制，对未批先建、少批多建等行为早发现、早制止、早\
处置。今年上半年，全区共制止农村违法建房苗头十二起。
区规划资源局相关负责人表示，将继续加强政策宣传，引导村民依法申请、按图施工，让农村建房既\
规范有序又充满温度。
@5012
为进一步提升文化市场综合执法队伍的依法行政能力，8月16日，区文旅局执法大队组织开展年度法制\
培训，全体执法人员参加。
培训邀请了市文化市场行政执法总队业务骨干授课，围绕《行政处罚法》修订要点、文化市场执法文\
书制作规范以及典型案例评析等内容进行了深入讲解，并结合基层执法实践中的常见问题进行答疑。
参训人员纷纷表示，此次培训内容实用、针对性强，将把所学知识运用到日常执法工作中，做到严格\
规范公正文明执法。
@5013
新桥镇重点发展区域交通影响评价项目已按照政府采购有关规定完成采购程序，现将成交结果公告如\
下。
项目名称：新桥镇重点发展区域交通影响评价项目；采购方式：竞争性磋商；成交供应商：上海某某\
交通规划设计有限公司；成交金额：人民币四十八万六千元整。
公告期限为自本公告发布之日起一个工作日。各有关当事人对成交结果有异议的，可以在公告期限届\
满之日起七个工作日内，以书面形式向采购人提出质疑。
@5014
8月12日，区城运中心召开12345市民服务热线案件督办工作推进会，各街镇、相关委办局热线工作分\
管领导和联络员参加会议。
会议通报了今年以来全区热线案件办理情况，对先行联系率、实际解决率和市民满意率等指标进行了\
分析，并点评了部分单位在办理过程中存在的推诿扯皮、回复不规范等问题。
会议要求，各单位要进一步压实工作责任，对重复来电、疑难案件实行挂账督办，做到件件有着落、\
事事有回音，切实提升群众的获得感和满意度。
@5015
8月11日，区房管局召开既有多层住宅加装电梯工作例会，听取各街镇加装电梯工作推进情况汇报，研\
究解决推进过程中遇到的难点问题。
会上，各街镇分别介绍了今年以来加装电梯的意见征询、立项审批和开工竣工情况。截至7月底，全区\
已累计完成加装电梯立项二百一十台，其中已竣工交付使用一百零五台，惠及居民近两千户。
会议指出，加装电梯是实实在在的民生工程，各街镇要进一步加大宣传力度，发挥居民区党组织的引\
领作用，做好居民协商和矛盾化解工作，推动加装电梯从“一台一台加”向“成片推进”转变。
@5016
为深入了解居民群众对市容环境管理的意见和建议，近日，中山街道城管中队走进方西居民区开展大\
调研活动。
调研中，城管队员与居民代表面对面座谈，认真听取大家关于小区周边占道经营、乱设摊、建筑垃圾\
乱堆放等问题的反映，并实地查看了菜场周边和背街小巷的市容环境状况。
针对居民反映集中的菜场门口早市占道问题，城管中队当场与市场管理方商定整改措施，明确由市场\
方划定临时疏导点，城管队员在早高峰时段加强巡查。
@5017
中秋节即将到来，为切实保障节日期间食品安全，岳阳市场监管所近日开展双节食品安全专项监督检\
查。
此次检查以月饼生产经营单位、大型商超、农贸市场和餐饮服务单位为重点，检查人员重点查看食品\
原料进货查验记录、索证索票情况以及食品标签标识是否规范，并对散装月饼的储存条件进行了检查\
。
检查期间共出动执法人员四十余人次，检查食品生产经营单位六十余户，责令整改问题五处。监管所\
提醒广大市民，购买节令食品时要选择正规渠道，注意查看生产日期和保质期。
@5018
8月8日，车墩镇第八届市民运动会门球比赛在镇门球场开赛，来自全镇各村居的十六支代表队、一百\
余名门球爱好者参加比赛。
比赛采用分组循环赛和交叉淘汰赛相结合的赛制，经过两天的激烈角逐，华阳村代表队获得冠军，联\
建村代表队和车墩居民区代表队分获二、三名。
门球运动在车墩镇有着良好的群众基础，全镇现有门球场地八片、门球队二十余支。镇文体中心负责\
人表示，将继续丰富群众体育赛事活动，推动全民健身深入开展。
"""

YAOWEN_TEXTS = """\
@1002
推开木门，小院里种满了绣球和月季，屋檐下挂着一串串风干的玉米，几只土鸡在菜地边悠闲踱步。\
这里是嘉定区华亭镇一对80后夫妻经营的乡村民宿，不少游客说，这就是现实版的“向往的生活”。
男主人小顾原本在市区一家互联网公司工作，三年前和妻子商量后回到老家，把闲置多年的老宅改造\
成了民宿。改造过程中，他们保留了原有的砖木结构和老灶头，又加入了落地窗和阅读角等现代元素\
。
如今，民宿每逢周末几乎都被订满。小顾说，接下来打算和村里合作开发农事体验项目，让城里的孩\
子也能下地插秧、采摘瓜果，感受乡村生活的乐趣。
@1003
1月6日上午，G15沈海高速公路嘉浏段往南方向发生一起五车追尾事故，一辆厢式货车司机被卡在变形\
的驾驶室内无法脱身。
接到报警后，消防救援人员迅速赶到现场。经侦察，货车驾驶室严重变形，司机双腿被卡在方向盘和\
座椅之间。救援人员使用液压扩张器、剪切钳等破拆工具，经过约二十分钟的紧张救援，成功将被困\
司机救出，随即移交120送医救治。
交警部门提醒，冬季早晚易出现团雾天气，驾驶人在高速公路上行驶时要控制车速、保持安全车距，\
切勿疲劳驾驶。目前，事故原因正在进一步调查中。
@1004
因道路施工需要，自1月10日首班车起，嘉定区两条公交线路将实施临时绕改道，预计施工期约三个月\
，请沿线市民提前规划出行路线。
嘉定13路上行方向由城北路、塔城路改走叶城路、博乐路，暂停设置塔城路站，其余站点不变；嘉定6\
2路双向改走胜辛路、洪德路，临时增设胜辛路洪德路站。
公交企业将在相关站点张贴告示，并安排工作人员做好现场引导。市民如有疑问，可拨打公交服务热\
线咨询。
@1005
由区文化馆原创排演的说唱剧目《陈君起》将于本周末在嘉定保利大剧院首演。该剧以嘉定籍革命先\
烈陈君起的生平事迹为主线，讲述了她投身革命、矢志不渝的传奇一生。
记者在排练现场看到，剧目融合了沪书、弹词、快板、说唱等多种曲艺形式，演员们时而激昂、时而\
深情，将人物形象刻画得生动感人。
导演介绍，为了让年轻观众更好地接受，主创团队在保留传统曲艺韵味的基础上，加入了多媒体舞美\
设计和现代音乐元素，希望以群众喜闻乐见的方式传承红色基因。
@1006
1月18日，嘉昆太乒乓球联盟俱乐部联赛嘉定赛区比赛在嘉定体育中心拉开战幕，来自嘉定、昆山、太\
仓三地的二十四支俱乐部队伍展开角逐。
本届联赛分为男子团体、女子团体和混合团体三个组别，比赛将持续至3月底，采用主客场赛制，各赛\
区比赛结果计入联赛总积分。
嘉昆太乒乓球联盟自成立以来，已连续举办多届赛事，成为三地体育交流合作的一张亮丽名片，也为\
长三角一体化发展注入了体育活力。
@1007
记者从相关部门获悉，位于崇明岛西北部的东风西沙水库工程建设进展顺利，预计明年全面建成通水\
，届时将有效解决崇明全岛约70万居民的饮用水问题。
东风西沙水库是上海市重大水源地工程之一，设计有效库容约890万立方米，日供原水规模可达40万立\
方米。水库建成后，将与青草沙水库、陈行水库共同构成上海长江口水源地格局。
据介绍，长期以来，崇明部分地区以地下水和内河水为饮用水源，水质不够稳定。水库建成后，原水\
经处理后通过管网输送至全岛各水厂，岛上居民将喝上更加安全优质的自来水。
@1008
春节临近，走在嘉定街头，处处洋溢着浓浓的年味。大红灯笼高高挂起，中国结、红窗花点缀在商铺\
门前，“中国红”成了这几天嘉定最亮眼的主题色。
在州桥老街，一排排红灯笼沿着河岸次第排开，入夜后灯光倒映在水面上，吸引不少市民游客驻足拍\
照。法华塔下，工作人员正忙着悬挂“福”字彩灯，为即将到来的新春灯会做准备。
社区里也是一片喜气洋洋。志愿者们为老人们送去春联和福字，还组织居民一起剪窗花、包饺子，大\
家在欢声笑语中提前感受到了过年的气氛。
@1009
每小时清扫面积可达13000平方米，每天可连续工作16小时，遇到障碍物还能自动避让……近日，一台\
无人驾驶清扫车在嘉定新城的道路上“上岗”，被市民亲切地称为环卫“劳模”。
这台清扫车搭载了激光雷达、摄像头等多种传感器，能够实时感知周围环境，按照预设路线完成清扫\
、洒水、垃圾收集等作业。夜间作业时，它还能自动开启照明，减少对环卫工人的依赖。
区绿化市容局相关负责人表示，目前无人驾驶清扫车仍处于试运行阶段，下一步将根据运行效果逐步\
扩大应用范围，推动环卫作业向智能化、精细化方向发展。
@1010
戴着草帽、穿着花衣，有的手拿镰刀，有的扛着锄头……在嘉定区外冈镇的田间地头，一个个造型各\
异的稻草人吸引了不少市民前来打卡拍照。
这些稻草人都是村民和学生们利用秋收后的稻草亲手扎制的。有的扮成孙悟空、猪八戒，有的扮成农\
民伯伯和小朋友，神态生动、憨态可掬，为冬日的田野增添了几分趣味。
村委会负责人说，举办稻草人创意展，一方面是为了实现稻草资源化利用，减少秸秆焚烧，另一方面\
也希望以此带动乡村旅游，让更多人走进乡村、感受农耕文化。
@1011
好消息！嘉定新城紫气东来体育公园地下车库近日开始试运营，共提供135个停车位，试运营期间全部\
免费开放，有效缓解周边市民停车难问题。
车库出入口位于公园东侧的洪德路上，实行24小时开放。车库内配备了车位引导系统和充电桩，并设\
置了无障碍车位，方便市民使用。
管理方提醒，试运营期间车辆需按照指示标志有序停放，不得占用消防通道。试运营结束后的收费标\
准将另行公布。
@1012
“没想到只用了10天，500万元贷款就到账了！”近日，嘉定工业区一家科技型中小企业负责人拿到贷\
款后感慨地说。帮助企业快速解决融资难题的，正是园区的“店小二”服务团队。
原来，这家企业订单激增，急需资金采购原材料。园区服务专员在走访中了解到这一情况后，立即对\
接合作银行，协助企业准备材料，并通过政策性融资担保渠道为企业增信，大大缩短了审批时间。
据了解，今年以来，园区已累计为六十余家企业对接融资超过三亿元。园区负责人表示，将继续当好\
服务企业的“店小二”，做到有求必应、无事不扰。
@1013
远香湖畔波光粼粼，保利大剧院倒映水中，图书馆里书香四溢……十余年来，嘉定新城从一片农田蝶\
变为一座产城融合、宜居宜业的现代化新城。
按照规划，嘉定新城将建设成为长三角城市群中具有辐射带动作用的综合性节点城市。目前，新城内\
轨道交通、医疗卫生、教育文化等公共服务设施日益完善，吸引了越来越多的年轻人在这里安家落户\
。
“我在这里工作、生活了八年，看着新城一天天长大。”市民小王说，周末带着孩子到远香湖边散步\
，已经成了一家人最惬意的时光。
"""

BAOZHI_TEXTS = """\
@3001
1月2日上午，我市2022年首批重大项目集中开工仪式在高新区主会场举行，全市共有三十六个项目集\
中开工，总投资逾一百二十亿元。
此次集中开工的项目涵盖先进制造、现代服务、城市更新和基础设施等多个领域，其中产业类项目二\
十一个，占比接近六成。这些项目建成后，预计可新增年产值两百亿元以上。
市领导在开工仪式上表示，各地各部门要坚持项目为王，强化要素保障，优化营商环境，以项目建设\
的加速度推动经济高质量发展，确保全年经济工作开好局、起好步。
@3002
记者日前从市园林绿化部门获悉，去年年底，城区新建的三处口袋公园已全部完工并向市民开放，分\
别位于解放路、人民路和文化街沿线。
这些口袋公园面积虽小，却配备了休闲座椅、健身步道和儿童游乐设施，绿化种植以乡土树种为主，\
兼顾四季景观效果。附近居民表示，家门口多了一块休闲好去处，饭后散步有了新选择。
@3003
新年伊始，寒意正浓。1月3日，百余名志愿者带着米、油、棉被等年货走进城东街道各社区，为辖区\
内的独居、高龄和困难老人送去节日的问候。
在幸福里社区，八十六岁的刘奶奶拉着志愿者的手久久不愿松开。志愿者们不仅送上了年货，还帮老\
人打扫了房间，检查了家中的水电燃气设施是否安全。
据了解，此次活动由市志愿者协会联合多家爱心企业共同发起，共惠及独居、高龄和困难老人五百余\
户。
@3004
寒假将至，市图书馆日前推出寒假阅读季系列活动，包括亲子共读、非遗手工课堂、科普讲座和线上\
读书打卡等二十余项内容，活动将持续至二月底。
今年的阅读季特别增设了“图书馆奇妙夜”项目，孩子们可以在馆员带领下夜游图书馆，参与寻宝游\
戏和故事会。此外，图书馆还将延长开放时间，每天开放至晚上九点。
市民可通过图书馆微信公众号预约报名，部分活动名额有限，先到先得，额满为止，具体安排以图书\
馆公告为准。
@3005
记者从市行政审批局获悉，自今年1月1日起，我市企业开办全流程实现“一日办结”，申请人通过线\
上平台一次提交材料，即可同步完成营业执照办理、公章刻制、发票申领和社保登记等事项。
行政审批局相关负责人介绍，为实现这一目标，该局对企业开办流程进行了全面梳理，打通了市场监\
管、公安、税务、人社等部门的数据壁垒，申请材料由原来的十几份精简至四份。
新年第一个工作日，一家餐饮管理公司的负责人在上午提交申请，下午就领到了营业执照和全套印章\
。他说：“没想到这么快，真是省心省力。”
@3006
去年以来，我市共启动老旧小区改造项目四十二个，涉及居民八千余户，目前已完工三十五个，剩余\
项目将于今年上半年全部完工。
改造内容包括雨污分流、外墙保温、屋面防水、道路修缮以及增设停车位和充电设施等。在改造过程\
中，各街道坚持“改不改、改什么、怎么改”由居民说了算，共召开居民议事会两百余场。
家住南苑小区的张先生说，以前一下大雨楼道就积水，现在排水通畅了，小区环境也变得整洁漂亮了\
，住着越来越舒心。
@3007
为方便产业园区职工上下班，市公交集团于1月5日起开通两条定制通勤专线，分别连接城西居住区和\
城北居住区至经济开发区，仅在工作日早晚高峰时段运行。
定制专线采用“一人一座”模式，乘客需提前通过手机应用程序预约座位，票价按里程计算。首周试\
运行期间，两条线路每日乘客均超过两百人次。
公交集团相关负责人表示，将根据乘客需求动态调整线路和班次，下一步还计划开通医院、学校等方\
向的定制专线。
@3008
为切实防范燃气安全事故发生，近日，我市组织开展为期两个月的燃气安全专项排查整治行动，重点\
排查餐饮场所、老旧小区和农贸市场等人员密集区域。
排查中，检查人员逐户检查燃气管道、阀门、软管和报警装置，对发现的软管老化、私接乱改等隐患\
现场督促整改。截至目前，已排查各类场所一千二百余处，整改隐患三百余处。
市城市管理部门提醒广大市民，使用燃气时要保持通风，发现燃气泄漏应立即关闭阀门、打开门窗，\
切勿开关电器或使用明火，并及时拨打燃气公司抢修电话。
@3009
1月6日，市中医院新院区正式启用。新院区位于城南新区，总建筑面积约十二万平方米，开放床位六\
百张，设置临床科室二十余个。
新院区在设计上充分融入中医药文化元素，设有中药房、膏方制作中心和中医特色治疗区，同时配备\
了先进的影像检查和手术设备，实现中西医协同诊疗。
为方便患者就医，新院区开通了智慧预约、移动支付和检查结果自助打印等服务。市民可通过医院官\
方服务号提前预约挂号，减少排队等候时间。
@3010
“大家看，这就是我们村种的高山萝卜，个大水分足，生吃都是甜的！”1月6日下午，在青山镇农产\
品直播间里，村党支部书记正对着手机镜头向网友推介当地特色农产品。
去年以来，青山镇组织村干部和返乡青年参加电商直播培训，搭建了镇级直播基地，帮助农户拓宽销\
售渠道。截至目前，直播累计销售萝卜、土鸡蛋、腊肉等农产品三百余万元。
镇相关负责人表示，下一步将加强农产品品牌建设和质量管控，让更多山里的好东西走出大山、走上\
百姓餐桌。
@3011
记者从市气象台获悉，受暖湿气流影响，本周我市气温将明显回升，最高气温可达十五摄氏度左右，\
周末前后有一次小雨过程。
气象专家提醒，近期早晚温差较大，市民要注意适时增减衣物，谨防感冒。同时，气温回升后大气扩\
散条件一般，易出现轻度雾霾天气，敏感人群应减少户外活动。
@3012
剪窗花、写福字、扎花灯……1月7日，实验小学的校园里热闹非凡，一场以“非遗年俗进校园”为主\
题的活动在这里举行，三百余名学生在非遗传承人的指导下体验传统年俗。
在剪纸课堂上，市级非遗项目剪纸代表性传承人手把手教孩子们剪出“虎”字窗花。四年级学生小雨\
举着自己的作品兴奋地说：“我要把它贴在家里的窗户上！”
学校负责人表示，希望通过这样的活动，让孩子们了解传统文化、感受浓浓年味，在潜移默化中增强\
文化自信。
@3013
随着城北街道城市书房日前正式开放，我市城市书房实现街道全覆盖，全市已建成城市书房二十八家\
，总藏书量超过二十万册。
城市书房实行二十四小时开放，读者凭身份证或读者证即可自助进入，借阅图书与市图书馆通借通还\
。书房内还设有电子阅览区和自习区，深受学生和上班族欢迎。
市文化部门相关负责人表示，今年将继续推进城市书房向乡镇延伸，打造“十五分钟阅读圈”，让市\
民在家门口就能享受便捷的阅读服务。
@3014
距离春运开始还有不到一周时间，记者昨日从市火车站了解到，为应对即将到来的春运客流高峰，车\
站已提前做好各项准备工作，预计春运期间发送旅客六十余万人次。
今年春运期间，车站将增设爱心通道和临时售票窗口，为老年人、残疾人、孕妇等重点旅客提供全程\
引导服务。同时，车站还将加强进站测温、验码等疫情防控措施，确保旅客安全出行。
铁路部门提醒，旅客可通过官方购票平台购票，并提前规划出行时间，预留充足的进站安检时间。
"""

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

REAL = "real"
PLACEHOLDER = "placeholder"
DELETED = "deleted"
TRUNCATED = "truncated"


@dataclass(frozen=True)
class GovMeta:
    """A 区县动态 (government portal, template B) page."""

    aid: int
    when: str  # "YYYY-MM-DD HH:MM:SS", shown as 发布时间
    label: str | None  # department label glued in front of the title in listings
    title: str
    source: str
    author: str | None
    editor: str
    kind: str = REAL

    @property
    def path(self) -> str:
        day = self.when[:10].replace("-", "")
        return f"/dongtai/{day[:6]}/t{day}_{self.aid}.html"

    @property
    def row_text(self) -> str:
        if self.kind == PLACEHOLDER:
            return PLACEHOLDER_TEXT + self.when
        return (self.label or "") + self.title


@dataclass(frozen=True)
class AggMeta:
    """A 要闻 (aggregator, template A) page; the byline is always admin."""

    aid: int
    day: str  # "YYYY-MM-DD"
    title: str

    @property
    def path(self) -> str:
        return f"/yaowen/{self.day[:4]}/{self.day[5:7]}{self.day[8:10]}/{self.aid}.html"


@dataclass(frozen=True)
class PaperMeta:
    """A 本地新闻 (local paper, template C, GBK) page."""

    aid: int
    when: str  # "YYYY-MM-DD HH:MM"
    edition: str
    kicker: str
    title: str
    subtitle: str
    byline: tuple[tuple[str, tuple[str, ...]], ...]  # (role, names) groups

    @property
    def path(self) -> str:
        return f"/baozhi/html/{self.when[:7]}/{self.when[8:10]}/content_{self.aid}.htm"

    @property
    def byline_text(self) -> str:
        return " ".join(" ".join((role, *names)) for role, names in self.byline)

    @property
    def author(self) -> str:
        return "、".join(name for _, names in self.byline for name in names)


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

REPORTER = "记者"
STAFF_REPORTER = "本报记者"
CORRESPONDENT = "通讯员"
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


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def parse_texts(block: str) -> dict[int, tuple[str, ...]]:
    """Parse an ``@id`` text block into paragraphs per article id."""
    texts: dict[int, list[str]] = {}
    current: list[str] | None = None
    for line in block.splitlines():
        if not line.strip():
            continue
        if line.startswith("@"):
            current = texts.setdefault(int(line[1:]), [])
        elif current is None:
            raise ValueError(f"paragraph before any @id: {line[:20]}")
        else:
            current.append(line)
    return {aid: tuple(paras) for aid, paras in texts.items()}


def listing_name(index: int) -> str:
    return "index.html" if index == 0 else f"index_{index}.html"


def chunks(items: tuple[AggMeta, ...] | tuple[PaperMeta, ...], size: int) -> list[list[int]]:
    ids = [item.aid for item in items]
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def nav_html() -> str:
    items = "".join(f'<li><a href="{href}">{esc(text)}</a></li>' for href, text in NAV_LINKS)
    return f'<div class="nav"><ul>{items}</ul></div>'


def pager_html(index: int, count: int) -> str:
    parts = ['<a class="first" href="index.html">首页</a>']
    if index > 0:
        parts.append(f'<a class="prev" href="{listing_name(index - 1)}">上一页</a>')
    for i in range(count):
        if i == index:
            parts.append(f'<span class="current">{i + 1}</span>')
        else:
            parts.append(f'<a href="{listing_name(i)}">{i + 1}</a>')
    if index < count - 1:
        parts.append(f'<a class="next" href="{listing_name(index + 1)}">下一页</a>')
    parts.append(f'<a class="last" href="{listing_name(count - 1)}">尾页</a>')
    parts.append(f'<span class="total">共{count}页</span>')
    return '<div class="page">' + " ".join(parts) + "</div>"


def row_html(href: str, text: str, day: str) -> str:
    return (
        f'<li><a href="{esc(href)}" target="_blank">{esc(text)}</a>'
        f'<span class="date">{day}</span></li>'
    )


STYLE = (
    "<style>body{margin:0;font:14px/1.8 'Microsoft YaHei',SimSun,sans-serif;color:#333}"
    "a{color:#333;text-decoration:none}.wrap{width:1000px;margin:0 auto}"
    ".nav ul{margin:0;padding:0;list-style:none;background:#b11}"
    ".nav li{display:inline-block;padding:0 20px}.nav a{color:#fff;line-height:40px}"
    ".list li{border-bottom:1px dashed #ddd}.list .date{float:right;color:#999}"
    ".footer{margin-top:30px;padding:20px 0;background:#f2f2f2;text-align:center}</style>"
)


def document(head: list[str], body: list[str], lang: str = "zh-CN") -> str:
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{lang}">',
            "<head>",
            *head,
            STYLE,
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


# ---------------------------------------------------------------------------
# Template A: aggregator page (the seed's layout)
# ---------------------------------------------------------------------------

A_TOP_BAR = '<div class="top-bar">客服热线:0755-8882 8155</div>'
A_HEADER = (
    f'<div class="header"><div class="wrap"><a class="logo" href="/index.html">{SITE_NAME}</a>'
    '<span class="slogan">汇聚区县资讯 服务百姓生活</span></div></div>'
)
A_FOOTER = (
    '<div class="footer">'
    '<p><a href="javascript:;">关于我们</a> <a href="javascript:;">加入我们</a> '
    '<a href="javascript:;">人力资讯TOP500</a> <a href="javascript:;">网站地图</a> '
    '<a href="javascript:;">临时工招聘信息</a><a href="javascript:;">兼职招聘信息</a></p>'
    '<p><a href="javascript:;">劳务派遣</a> <a href="javascript:;">深圳劳务派遣公司</a> '
    '<a href="javascript:;">劳务派遣公司</a> <a href="javascript:;">深圳临时工派遣公司</a> '
    '<a href="javascript:;">深圳临时工派遣中介</a> <a href="javascript:;">2</a></p>'
    "</div>"
)
A_STATEMENT = "本文章内容来源于网络公开内容,仅供参考!不对文章内容时效、真实性负责"


def agg_page(meta: AggMeta, paras: tuple[str, ...], related: list[tuple[str, str]]) -> str:
    year, month, day = meta.day.split("-")
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(meta.title)}-{SITE_NAME}</title>",
        f'<meta name="keywords" content="{esc(meta.title)}">',
        f'<meta name="description" content="{esc(paras[0][:60])}">',
    ]
    content = "".join(f"<p>&nbsp;&nbsp;{esc(p)}</p>\n" for p in paras) + "<p>&nbsp;</p>"
    related_items = "\n".join(f'<li><a href="{esc(h)}">{esc(t)}</a></li>' for t, h in related)
    body = [
        A_TOP_BAR,
        A_HEADER,
        nav_html(),
        '<div class="wrap">',
        '<div class="position">当前位置：<a href="/index.html">首页</a> &gt; '
        f'<a href="/yaowen/index.html">{CH_YAOWEN}</a> &gt; 正文</div>',
        '<div class="article">',
        f'<h1 class="title">{esc(meta.title)}</h1>',
        f'<div class="info">Admin - admin&nbsp;于{year}年{month}月{day}日发表&nbsp;&nbsp;</div>',
        '<div class="content">',
        content,
        "</div>",
        f'<div class="statement">{A_STATEMENT}</div>',
        "</div>",
        "</div>",
        A_FOOTER,
        '<div class="related"><ol>',
        related_items,
        "</ol></div>",
    ]
    return document(head, body)


# ---------------------------------------------------------------------------
# Template B: government portal page
# ---------------------------------------------------------------------------

B_TOP = (
    f'<div class="gov-top"><div class="wrap"><span>欢迎访问{GOV_NAME}门户网站</span> '
    '<a href="javascript:;">无障碍浏览</a> <a href="javascript:;">长者模式</a></div></div>'
)
B_HEADER = (
    f'<div class="gov-header"><div class="wrap"><a class="logo" href="/index.html">{GOV_NAME}</a>'
    '<form class="search" action="javascript:;"><input type="text" name="q" '
    'placeholder="请输入关键词"><button type="button">搜索</button></form></div></div>'
)
B_FOOTER = f'<div class="footer">版权所有：{GOV_NAME}办公室 沪ICP备00000000号</div>'
B_FOOTER_EXTRA = (
    '<div class="footer-extra">网站标识码：0000000000 '
    '<a href="javascript:;">网站地图</a> <a href="javascript:;">联系我们</a></div>'
)


def gov_pn_link(label: str, meta: GovMeta | None) -> str:
    if meta is None:
        return f"<p>{label}：没有了</p>"
    return f'<p>{label}：<a href="{meta.path}">{esc(meta.title)}</a></p>'


def gov_page(
    meta: GovMeta, paras: tuple[str, ...], prev: GovMeta | None, nxt: GovMeta | None
) -> str:
    head = [
        '<meta charset="utf-8">',
        '<meta http-equiv="X-UA-Compatible" content="IE=edge">',
        f"<title>{esc(meta.title)}_{SITE_NAME}</title>",
        f'<meta name="SiteName" content="{SITE_NAME}">',
        '<meta name="SiteDomain" content="www.example.gov.cn">',
        '<meta name="SiteIDCode" content="0000000000">',
        f'<meta name="ColumnName" content="{CH_DONGTAI}">',
        '<meta name="ColumnType" content="工作动态">',
        f'<meta name="ArticleTitle" content="{esc(meta.title)}">',
        f'<meta name="PubDate" content="{meta.when[:16]}">',
        f'<meta name="ContentSource" content="{esc(meta.source)}">',
    ]
    if meta.author:
        head.append(f'<meta name="Author" content="{esc(meta.author)}">')
    head.append(f'<meta name="Description" content="{esc(paras[0][:50])}">')
    info = [f"<span>来源：{esc(meta.source)}</span>", f"<span>发布时间：{meta.when}</span>"]
    if meta.author:
        info.append(f"<span>作者：{esc(meta.author)}</span>")
    info += [f"<span>责任编辑：{esc(meta.editor)}</span>", "<span>【字号：大 中 小】</span>"]
    content = "\n".join(f'<p style="text-indent:2em">{esc(p)}</p>' for p in paras)
    body = [
        B_TOP,
        B_HEADER,
        nav_html(),
        '<div class="wrap">',
        f'<div class="crumb">首页 > {CH_DONGTAI} > 正文</div>',
        '<div class="art-main">',
        f'<h2 class="art-title">{esc(meta.title)}</h2>',
        '<div class="art-info">' + "".join(info) + "</div>",
        '<div class="share">分享到：微信 微博 QQ空间</div>',
        '<div id="zoom" class="art-content">',
        content,
        "</div>",
        '<div class="art-pn">'
        + gov_pn_link("上一篇", prev)
        + gov_pn_link("下一篇", nxt)
        + "</div>",
        '<div class="tools">【打印本页】【关闭窗口】</div>',
        '<div class="qr"><div class="qr-code"></div><p>扫一扫在手机打开当前页</p></div>',
        "</div>",
        "</div>",
        B_FOOTER,
        B_FOOTER_EXTRA,
    ]
    return document(head, body)


def truncate_mid_body(page: str, paras: tuple[str, ...]) -> str:
    """Cut the page in the middle of its second paragraph (no closing tags after)."""
    zoom = page.index('id="zoom"')
    start = page.index(esc(paras[1]), zoom)
    return page[: start + len(paras[1]) // 2]


# ---------------------------------------------------------------------------
# Template C: local paper page (GBK)
# ---------------------------------------------------------------------------

C_META = '<meta http-equiv="Content-Type" content="text/html; charset=gbk">'
C_FOOTER = (
    f'<div class="footer">{PAPER_NAME}社版权所有 未经书面授权不得复制或建立镜像'
    "<br>地址：示例市人民路1号 邮编：000000</div>"
)


def paper_day(when: str) -> str:
    day = dt.date.fromisoformat(when[:10])
    return f"{day.year}年{day.month:02d}月{day.day:02d}日 {WEEKDAYS[day.weekday()]}"


def paper_masthead(when: str, edition: str) -> str:
    return f'<div class="masthead">{PAPER_NAME} {paper_day(when)} 第{edition}版：{CH_BAOZHI}</div>'


def paper_nav() -> str:
    return (
        '<div class="paper-nav"><a href="/index.html">网站首页</a> '
        f'<a href="/baozhi/index.html">{CH_BAOZHI}</a> <a href="javascript:;">往期回顾</a> '
        '<a href="javascript:;">PDF版</a></div>'
    )


def paper_pn_link(label: str, meta: PaperMeta | None) -> str:
    if meta is None:
        return f"<p>{label}：没有了</p>"
    return f'<p>{label}：<a href="{meta.path}">{esc(meta.title)}</a></p>'


def paper_page(
    meta: PaperMeta,
    paras: tuple[str, ...],
    prev: PaperMeta | None,
    nxt: PaperMeta | None,
    same_day: list[PaperMeta],
) -> str:
    date_part, time_part = meta.when.split(" ")
    year, month, day = date_part.split("-")
    head = [C_META, f"<title>{esc(meta.title)}--{PAPER_NAME}</title>"]
    content = "".join(f"<p>\u3000\u3000{esc(p)}</p>" for p in paras)
    others = "".join(
        f'<li><a href="{other.path}">{esc(other.title)}</a></li>' for other in same_day
    )
    body = [
        paper_masthead(meta.when, meta.edition),
        paper_nav(),
        '<div class="main">',
        '<div class="text_c">',
        f'<h3 class="yinti">{esc(meta.kicker)}</h3>',
        f"<h1>{esc(meta.title)}</h1>",
        f'<h2 class="futi">{esc(meta.subtitle)}</h2>',
        f'<div class="sha_left"><span>{year}年{month}月{day}日 {time_part}</span>'
        f"<span>来源：{PAPER_NAME}</span></div>",
        f'<div class="byline">{esc(meta.byline_text)}</div>',
        f'<div id="ozoom"><!--enpcontent--><founder-content>{content}</founder-content>'
        "<!--/enpcontent--></div>",
        "</div>",
        '<div class="pn">'
        + paper_pn_link("上一篇", prev)
        + paper_pn_link("下一篇", nxt)
        + "</div>",
        f'<div class="bmdh"><h4>版面导航</h4><ul>{others}</ul></div>',
        "</div>",
        C_FOOTER,
    ]
    return document([*head], body)


# ---------------------------------------------------------------------------
# Listings and home page
# ---------------------------------------------------------------------------


def listing_page(
    channel: str,
    chrome_head: list[str],
    chrome_top: list[str],
    footer: str,
    rows: list[str],
    index: int,
    count: int,
    title_suffix: str,
) -> str:
    head = [*chrome_head, f"<title>{channel}{title_suffix}</title>"]
    body = [
        *chrome_top,
        '<div class="wrap">',
        f'<div class="crumb">首页 > {channel}</div>',
        '<div class="list-box">',
        f'<div class="list-head"><h2>{channel}</h2></div>',
        '<ul class="list">',
        *rows,
        "</ul>",
        pager_html(index, count),
        "</div>",
        "</div>",
        footer,
    ]
    return document(head, body)


def home_page() -> str:
    head = [
        '<meta charset="utf-8">',
        f"<title>{SITE_NAME}</title>",
        f'<meta name="description" content="{SITE_NAME}：区县动态、要闻、本地新闻">',
    ]
    blocks = [
        f'<div class="home-block"><h2><a href="{href}">{esc(text)}</a></h2>'
        f'<a class="more" href="{href}">更多&gt;&gt;</a></div>'
        for href, text in NAV_LINKS[1:]
    ]
    body = [
        A_TOP_BAR,
        A_HEADER,
        nav_html(),
        '<div class="wrap">',
        *blocks,
        "</div>",
        '<div class="footer">'
        f"<p>{SITE_NAME} 版权所有</p>"
        '<p><a href="/admin/login.html">后台管理</a></p>'
        "</div>",
    ]
    return document(head, body)


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

    def record(self, **fields: str | None) -> None:
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
        prev = chain[pos - 1] if pos > 0 else None
        nxt = chain[pos + 1] if pos + 1 < len(chain) else None
        if meta.kind == DELETED:
            page = gov_page(meta, (DELETED_TEXT,), prev, nxt)
            site.unarchived["placeholder_pages"].append(meta.path)
        elif meta.kind == TRUNCATED:
            paras = texts[meta.aid]
            page = truncate_mid_body(gov_page(meta, paras, prev, nxt), paras)
            site.unarchived["truncated"].append(meta.path)
        else:
            page = gov_page(meta, texts[meta.aid], prev, nxt)
        site.add(meta.path, page.encode("utf-8"))
        if meta.aid == DUP_ID:
            site.add(CONTENT_COPY_PATH, page.encode("utf-8"))
    for meta in GOV_PLACEHOLDERS:
        page = gov_page(meta, (PLACEHOLDER_TEXT,), None, None)
        site.add(meta.path, page.encode("utf-8"))
        site.unarchived["placeholder_rows"].append(meta.path)
    site.unarchived["dead"].append(GOV_DEAD.path)

    head = ['<meta charset="utf-8">', f'<meta name="SiteName" content="{SITE_NAME}">']
    top = [B_TOP, B_HEADER, nav_html()]
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
                    source=meta.source,
                    editor=meta.editor,
                    published_at=meta.when.replace(" ", "T") + "+08:00",
                    body=body_text(texts[aid]),
                    listing_url=listing_url,
                    listing_title=meta.row_text,
                    dup_group=DUP_GROUP if aid == DUP_ID else None,
                )
        page = listing_page(
            CH_DONGTAI, head, top, B_FOOTER, rows, index, len(DONGTAI_ROWS), f"_{SITE_NAME}"
        )
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
    head = ['<meta charset="utf-8">']
    top = [A_TOP_BAR, A_HEADER, nav_html()]
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
                source=None,
                editor=None,
                published_at=meta.day,
                body=body_text(texts[aid]),
                listing_url=listing_url,
                listing_title=meta.title,
                dup_group=DUP_GROUP if aid == YAOWEN_COPY_ID else None,
            )
        page = listing_page(
            CH_YAOWEN, head, top, A_FOOTER, rows, index, len(pages), f"-{SITE_NAME}"
        )
        site.add(listing_url, page.encode("utf-8"))


def build_baozhi(site: Site, texts: dict[int, tuple[str, ...]]) -> None:
    gbk = "text/html; charset=gbk"
    chain = list(PAPER_ARTICLES)
    by_id = {meta.aid: meta for meta in chain}
    for pos, meta in enumerate(chain):
        prev = chain[pos - 1] if pos > 0 else None
        nxt = chain[pos + 1] if pos + 1 < len(chain) else None
        same_day = [m for m in chain if m.when[:10] == meta.when[:10] and m.aid != meta.aid]
        page = paper_page(meta, texts[meta.aid], prev, nxt, same_day)
        content_type = "text/html" if meta.aid == GBK_META_ONLY_ID else gbk
        site.add(meta.path, page.encode("gbk"), content_type)
    newest_first = tuple(sorted(chain, key=lambda m: (m.when, m.aid), reverse=True))
    pages = chunks(newest_first, ROWS_PER_PAGE)
    latest = newest_first[0]
    head = [C_META]
    top = [paper_masthead(latest.when, latest.edition), paper_nav()]
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
                source=PAPER_NAME,
                editor=None,
                published_at=meta.when.replace(" ", "T") + ":00+08:00",
                body=body_text(texts[aid]),
                listing_url=listing_url,
                listing_title=meta.title,
            )
        page = listing_page(
            CH_BAOZHI, head, top, C_FOOTER, rows, index, len(pages), f"--{PAPER_NAME}"
        )
        site.add(listing_url, page.encode("gbk"), gbk)


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
    site.add("/robots.txt", b"User-agent: *\nDisallow: /admin/\n")
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
