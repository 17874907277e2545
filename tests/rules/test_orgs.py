"""The pure ORG/MEETING finder (pipeline/rules/orgs.py), one parametrised test per class of error.

Every sentence is invented; each asserts the spans the contract (ANNOTATION.md 2, 6, 7) asks for.
"""

import pytest

from pipeline.rules.orgs import DEFAULT_LEXICON, DEFAULT_PLACES, find_orgs_and_meetings, load_lexicon


@pytest.fixture(scope="module")
def find(nlp):
    lex = load_lexicon(str(DEFAULT_LEXICON), str(DEFAULT_PLACES))

    def run(text):
        starts = {t.idx for t in nlp(text)} | {len(text)}
        return [(text[m.start : m.end], m.label) for m in find_orgs_and_meetings(text, lex, starts)]

    return run


def check(found, expected, absent=()):
    for span in expected:
        assert span in found, (span, found)
    for span in absent:
        assert span not in found, (span, found)


@pytest.mark.parametrize(
    "text,expected",
    [
        # full committee name, term after the place, then the session
        ("经政协宁明县第九届委员会第三次会议审议通过。", [("政协宁明县第九届委员会", "ORG"), ("第三次会议", "MEETING")]),
        # term before 全国委员会, long organiser
        (
            "中国人民政治协商会议第九届全国委员会第二次会议昨日开幕。",
            [("中国人民政治协商会议第九届全国委员会", "ORG"), ("第二次会议", "MEETING")],
        ),
        # standing committee inside the ORG, its session outside
        (
            "政协第九届全国委员会常务委员会第十次会议在京闭幕。",
            [("政协第九届全国委员会常务委员会", "ORG"), ("第十次会议", "MEETING")],
        ),
        ("大会听取了政协全国委员会常务委员会工作报告。", [("政协全国委员会常务委员会", "ORG")]),
        ("政协南宁市第九届委员会第五次主席会议召开。", [("政协南宁市第九届委员会", "ORG"), ("第五次主席会议", "MEETING")]),
        ("第九届全国人民代表大会第二次会议开幕。", [("第九届全国人民代表大会", "ORG"), ("第二次会议", "MEETING")]),
    ],
)
def test_full_committee_name_splits_from_its_session(find, text, expected):
    found = find(text)
    check(found, expected)
    assert not any(label == "MEETING" and "委员会" in span for span, label in found)


@pytest.mark.parametrize(
    "text,expected",
    [
        # short form: term and 常委会 belong to the meeting
        ("县政协九届常委会第十二次会议召开。", [("县政协", "ORG"), ("九届常委会第十二次会议", "MEETING")]),
        ("全国政协九届常委会第三次会议闭幕。", [("全国政协", "ORG"), ("九届常委会第三次会议", "MEETING")]),
        # bare 政协 before a session is its organiser
        ("根据政协九届三次会议以来的提案情况。", [("政协", "ORG"), ("九届三次会议", "MEETING")]),
        ("提请全国政协九届一次会议预备会议审议。", [("全国政协", "ORG"), ("九届一次会议预备会议", "MEETING")]),
        # local party plenums by term and session, 历次
        ("认真落实市委九届六次全会精神。", [("市委", "ORG"), ("九届六次全会", "MEETING")]),
        ("深入贯彻二十届历次全会精神。", [("二十届历次全会", "MEETING")]),
        # a term-prefixed standing committee acting on its own is one ORG
        ("省政协第九届常委会向全体委员致谢。", [("省政协第九届常委会", "ORG")]),
    ],
)
def test_short_form_sessions_and_term_committees(find, text, expected):
    check(find(text), expected)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("民进中央主席出席座谈。", [("民进中央", "ORG")]),
        ("九三学社中央委员会发布报告。", [("九三学社中央委员会", "ORG")]),
        ("民盟广西区委组织调研。", [("民盟广西区委", "ORG")]),
    ],
)
def test_democratic_party_organs(find, text, expected):
    check(find(text), expected)


@pytest.mark.parametrize(
    "text,expected,absent",
    [
        ("中国全国政协委员李某昨日发言。", [("中国全国政协", "ORG")], [("全国政协", "ORG")]),
        ("大陆全国政协副主席访问。", [("大陆全国政协", "ORG")], []),
        # regions without a CPPCC of their own only qualify members
        ("澳门政协委员出席会议。", [], [("澳门政协", "ORG")]),
        ("看望港区、澳区政协委员。", [], [("区政协", "ORG")]),
        ("澳区广东省政协常委有三名。", [("广东省政协", "ORG")], [("区广东省政协", "ORG")]),
        ("特区政府高度重视。", [("特区政府", "ORG")], []),
    ],
)
def test_country_and_region_prefixes(find, text, expected, absent):
    check(find(text), expected, absent)


@pytest.mark.parametrize(
    "text,expected,absent",
    [
        ("本会外事委员会和文史委员会组织考察。", [("外事委员会", "ORG"), ("文史委员会", "ORG")], []),
        ("会后由市政协提案委转交有关单位。", [("市政协提案委", "ORG")], [("市政协", "ORG")]),
        ("提案审查委员会认真审查了提案。", [("提案审查委员会", "ORG")], []),
        ("各专门委员会积极履职。", [], [("专门委员会", "ORG")]),
    ],
)
def test_committees_by_field(find, text, expected, absent):
    check(find(text), expected, absent)


@pytest.mark.parametrize(
    "text,expected,absent",
    [
        ("代表团由联谊会会长任团长。", [("联谊会", "ORG")], [("联谊会", "MEETING")]),
        ("他称赞联谊会是委员之家。", [("联谊会", "ORG")], [("称赞联谊会", "ORG")]),
        ("市政协举办新春联谊会。", [("新春联谊会", "MEETING")], [("联谊会", "ORG")]),
        ("组团参加厦门某某同乡总会成立大会。", [("厦门某某同乡总会", "ORG"), ("成立大会", "MEETING")], []),
        ("依托泉州海峡文化交流协会平台。", [("泉州海峡文化交流协会", "ORG")], []),
        ("召开委员和市海联会理事座谈会。", [("市海联会", "ORG")], []),
    ],
)
def test_associations_by_kind_suffix(find, text, expected, absent):
    check(find(text), expected, absent)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("听取了县农业农村局、县林业和草原局、县农机推广服务中心主要负责人的汇报。",
         [("县林业和草原局", "ORG"), ("县农机推广服务中心", "ORG")]),
        ("州中级人民法院、柳州军分区、某某矿业集团的负责同志参加。", [("柳州军分区", "ORG"), ("某某矿业集团", "ORG")]),
        ("听取了市法院、检察院的通报。", [("市法院", "ORG"), ("检察院", "ORG")]),
        ("国务院扶贫办发布通知。", [("国务院扶贫办", "ORG")]),
        ("中联办宣传部负责人出席。", [("中联办宣传部", "ORG")]),
        ("据中评社报道，文汇报也作了报道。", [("中评社", "ORG"), ("文汇报", "ORG")]),
    ],
)
def test_organs_units_and_media(find, text, expected):
    check(find(text), expected)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("全国两会期间，委员们积极建言。", [("全国两会", "MEETING")]),
        ("县人代会胜利闭幕。", [("县人代会", "MEETING")]),
        ("开幕会上，委员们审议了议程。", [("开幕会", "MEETING")]),
        ("挂牌仪式结束后，委员们开展座谈。", [("挂牌仪式", "MEETING")]),
        ("组织青少年参加寻根夏令营活动。", [("寻根夏令营", "MEETING")]),
        ("他参加了委员联组讨论。", [("委员联组讨论", "MEETING")]),
        ("市政协召开提案办理听政会。", [("提案办理听政会", "MEETING")]),
        ("代表团与省政协领导举行座谈，交流意见。", [("座谈", "MEETING")]),
        ("全国政协召开远程讨论会。", [("远程讨论会", "MEETING")]),
    ],
)
def test_meeting_forms(find, text, expected):
    check(find(text), expected)


@pytest.mark.parametrize(
    "text,expected,absent",
    [
        ("委员们步入人民大会堂。", [], [("人民大会", "MEETING")]),
        ("大家在会议室集中学习。", [], [("会议", "MEETING")]),
        ("多数会议主题在年初确定。", [], [("多数会议", "MEETING")]),
        ("主席宣布大会开幕。", [], [("主席宣布大会", "MEETING")]),
        ("这是专题协商会开展以来的第一次。", [("专题协商会", "MEETING")], [("这是专题协商会", "MEETING")]),
        ("隆重庆祝中国人民政治协商会议成立纪念日。", [("中国人民政治协商会议", "ORG")], []),
        ("举办首届某某民俗文化节。", [("某某民俗文化节", "MEETING")], [("首届某某民俗文化节", "MEETING")]),
        ("区委经济工作会议精神。", [("区委", "ORG"), ("经济工作会议", "MEETING")], []),
    ],
)
def test_meeting_left_edge_and_venues(find, text, expected, absent):
    check(find(text), expected, absent)


@pytest.mark.parametrize(
    "text,expected,absent",
    [
        ("多名委员首次出席江西政协会议。", [("江西政协会议", "MEETING")], [("江西政协", "ORG")]),
        ("委员出席全国政协会议。", [("全国政协会议", "MEETING")], []),
        ("香港委员参与内地政协会议。", [("政协会议", "MEETING")], [("内地政协会议", "MEETING")]),
    ],
)
def test_cppcc_session_as_a_whole_keeps_its_scope(find, text, expected, absent):
    check(find(text), expected, absent)


@pytest.mark.parametrize(
    "text,expected,absent",
    [
        ("市委全面深化改革委员会第五次会议召开。", [("市委全面深化改革委员会", "ORG"), ("第五次会议", "MEETING")], []),
        ("市委书记主持召开市委财经委员会会议。", [("市委财经委员会", "ORG")], [("市委书记主持召开市委财经委员会", "ORG")]),
        ("审议了市政协专门委员会工作总结。", [("市政协", "ORG")], [("市政协专门委员会", "ORG")]),
        ("出席省十三届人大四次会议开幕会。", [("省十三届人大", "ORG"), ("四次会议开幕会", "MEETING")], []),
        ("会议期间，常委会组成人员审议了文件。", [("常委会", "ORG")], []),
        ("致公党中央委员会委员参加调研。", [("致公党中央委员会", "ORG")], []),
    ],
)
def test_commissions_terms_and_sessions_after_a_body(find, text, expected, absent):
    check(find(text), expected, absent)


@pytest.mark.parametrize(
    "text,expected,absent",
    [
        ("广西大学、桂林理工大学的专家参加。", [("广西大学", "ORG"), ("桂林理工大学", "ORG")], []),
        ("由福建各地商会会长组成。", [], [("福建各地商会", "ORG")]),
        ("出席第五届世界客属恳亲联谊大会。", [("第五届世界客属恳亲联谊大会", "MEETING")], []),
        ("召开第一次理论研讨会。", [("理论研讨会", "MEETING")], [("第一次理论研讨会", "MEETING")]),
    ],
)
def test_institutions_and_named_conferences(find, text, expected, absent):
    check(find(text), expected, absent)


@pytest.mark.parametrize(
    "text,expected,absent",
    [
        ("南宁高新区管委会负责人介绍情况。", [("南宁高新区管委会", "ORG")], []),
        ("某某街道党工委书记发言。", [], [("街道党工委", "ORG")]),
        ("据中央社报道，陆委会和国民党均作出回应。", [("中央社", "ORG"), ("陆委会", "ORG"), ("国民党", "ORG")], []),
        ("教育部门和商务部联合发文。", [("商务部", "ORG")], [("教育部", "ORG")]),
        ("国务院国资委、海关总署有关负责人出席。", [("国务院国资委", "ORG"), ("海关总署", "ORG")], []),
    ],
)
def test_zones_ministries_and_cross_strait_bodies(find, text, expected, absent):
    check(find(text), expected, absent)


@pytest.mark.parametrize(
    "text,expected,absent",
    [
        ("市政协召开新闻发布会和记者会。", [("新闻发布会", "MEETING"), ("记者会", "MEETING")], []),
        ("县政协召开务虚会。", [("务虚会", "MEETING")], []),
        ("基本完成行业协会商会脱钩改革。", [], [("协会商会", "MEETING"), ("会商会", "MEETING")]),
        ("大力发展会展经济。", [], [("发展会", "MEETING"), ("展会", "MEETING")]),
        ("我市收看全省工作视频会。", [], [("我市收看全省工作视频会", "MEETING")]),
    ],
)
def test_press_and_working_meetings(find, text, expected, absent):
    check(find(text), expected, absent)


@pytest.mark.parametrize(
    "text,expected,absent",
    [
        # a coordinated list of participant groups is not the meeting's name (ANNOTATION.md 7)
        ("召开特邀委员和市侨联理事座谈会。", [("市侨联", "ORG"), ("座谈会", "MEETING")], [("理事座谈会", "MEETING")]),
        # members named right after their body, with no list, stay in the name
        ("举办两期省政协委员培训班。", [("省政协", "ORG"), ("委员培训班", "MEETING")], []),
    ],
)
def test_participants_before_a_meeting(find, text, expected, absent):
    check(find(text), expected, absent)


@pytest.mark.parametrize(
    "text,expected,absent",
    [
        ("创立主席会议制度以来。", [("主席会议", "MEETING")], [("创立主席会议", "MEETING")]),
        ("审议通过关于委托主席会议处理的决定。", [("主席会议", "MEETING")], []),
        ("召开扩大主席会议。", [("扩大主席会议", "MEETING")], []),
        ("召开专题议政性常委会会议。", [("专题议政性常委会会议", "MEETING")], []),
        ("可以临时召集会议。", [], [("临时召集会议", "MEETING"), ("召集会议", "MEETING")]),
    ],
)
def test_organ_meetings_take_only_their_kind_words(find, text, expected, absent):
    check(find(text), expected, absent)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("市财政局、税务局、审计局负责人参加。", [("市财政局", "ORG"), ("税务局", "ORG"), ("审计局", "ORG")]),
        ("团市委和市妇联联合举办。", [("团市委", "ORG"), ("市妇联", "ORG")]),
        ("十四届全国人大三次会议在京开幕。", [("十四届全国人大", "ORG"), ("三次会议", "MEETING")]),
        ("省人大常委会会议审议通过。", [("省人大", "ORG"), ("常委会会议", "MEETING")]),
        ("省人大常委会副主任出席。", [("省人大常委会", "ORG")]),
    ],
)
def test_listed_departments_and_short_names(find, text, expected):
    check(find(text), expected)


def test_title_broken_after_the_place_keeps_the_organiser_line(find):
    """A mention garbled by the scraper is annotated as it stands (ANNOTATION.md 7)."""
    found = find("中国人民政治协商会议南宁市青秀区\n第五届委员会第三次会议\n")
    check(found, [("中国人民政治协商会议南宁市青秀区", "ORG")], [("中国人民政治协商会议", "ORG")])
