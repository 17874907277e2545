"""QUANTITY finder: counts, amounts, money, percentages and shares, with normalised values.

A quantity is a number with its counter or unit and its approximators
(680余个, 7500余亿元, 近300人, 超415万次, 七成以上, 99.8%, 58篇（条）, 5,621件). The
value is normalised: ``{"value": 7.5e11, "unit": "元", "qualifier": "more_than"}``;
a share in 成 is given in percent (七成 → 70, "%"), and so is a fraction
(约三分之二 → 66.67, "%"). A magnitude in 万/亿 without a counter still counts
(300万海外乡亲 → 3000000, unit null). Numbers in formulas and slogans are not
quantities: the curated list in ``data/formulas.txt``, a small Chinese numeral
+ 个/大 (两个维护, 三大任务), levels (三级, 万亿元级), ordinals (第二十届, 首次,
二期), sessions of meetings (十三届二次会议, 全国人大一次会议 - but 召开17次主席会议
is a count), vague quantifiers (一批, 多项, reduplicated 一件件, 数百家), rate
bases (每千人), paired formulas (一户一策), 一 + counter meaning "a" (一名政协委员,
温暖一座城; but 完成一项研究 counts) and bare numbers without a unit (“4、12、19”)
are left out. A counter that starts a word with the next character is no
counter (五台山, 人口, 一部分, 34个月 - a duration). A range (1-2个, 3至5个) is one
span whose value is the lower bound and ``max`` the upper.

Every check looks at a bounded window around the candidate, and blocked ranges
are a character mask, so the finder is linear in the length of the text.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator, List, Optional, Pattern, Sequence, Tuple

from ..text.numerals import ARABIC, CN_CHARS, parse_arabic, parse_fraction, parse_number
from .intervals import Mask, Match

# Counters and units, longest first so 场次 wins over 场 (documented in README).
COUNTERS = sorted(
    """个 件 名 人 人次 位 场 场次 期 期次 项 篇 条 次 批 批次 家 所 间 处 份 本 部 套 座 户 村 亩 吨 元 万元 亿元
    字 万字 件次 门 册 张 幅 台 台套 辆 架 艘 只 头 株 棵 公里 千米 平方公里 平方米 立方米 米 千克 公斤 公顷 千瓦 千瓦时
    美元 余人 例 起 种 类 支 队 组 届次 个百分点 百分点 % ％ 成 倍 面 斤 标箱 锭""".split(),
    key=len,
    reverse=True,
)
PRE_APPROX = {"上": "more_than", "近": "approx", "约": "approx", "超过": "more_than", "超": "more_than", "逾": "more_than", "不到": "less_than", "不足": "less_than"}
POST_APPROX = {"余": "more_than", "多": "more_than", "以上": "at_least", "左右": "approx", "以下": "at_most", "内": "at_most"}
_NUM = r"(?:" + ARABIC + r"|[" + CN_CHARS + r"]+)"
_PRE = r"(?P<pre>超过|不到|不足|近|约|超|逾|上(?=[百千万亿][^\d" + CN_CHARS + r"]))?"
_PATTERN = re.compile(
    r"(?:(?P<low>" + ARABIC + r")%?(?P<dash>[-—–~～至到]))?"
    + _PRE
    + r"(?P<num>" + _NUM + r")"
    r"(?P<mid>[余多])?(?P<mult>[万亿千百]{0,2})(?P<mid2>[余多])?"
    r"(?:\s(?=[%％]))?"
    r"(?P<unit>" + "|".join(re.escape(c) for c in COUNTERS) + r")"
    r"(?P<alt>[（(][个件名人篇条次项场期家][）)])?"
    r"(?P<post>以上|左右|以下|余|多)?"
)
# A magnitude without a counter: 300万海外乡亲, 1.2亿群众 (Arabic number + 万/亿).
_MAGNITUDE = re.compile(_PRE + r"(?P<num>" + ARABIC + r")(?P<mult>万亿|千万|百万|万|亿)(?P<post>余|多|以上|左右|以下)?(?=[\u4e00-\u9fff])")
# A fraction or a percentage in words: 约三分之二, 百分之三十.
_FRACTION = re.compile(
    _PRE + r"(?P<num>百分之[" + CN_CHARS + r"\d.]+|[" + CN_CHARS + r"\d]+分之[" + CN_CHARS + r"\d]+)(?P<post>以上|左右|以下|多)?"
)
# Number words inside formulas of a fixed shape: 两支队伍 (members and cadres),
# 做好六篇文章 (tasks as "articles"): no quantity.
FORMULA_SHAPES = re.compile(
    r"[两三四五六七八九十](?=支队伍)|(?<=[做写抓])[好实足]?(?P<n>[一二两三四五六七八九十]{1,2})(?=篇大?文章)"
)
MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1000), "百": Decimal(100)}
SMALL_CN = set("一二两三四五六七八九十")
CN_DIGITS = set("〇零○一二三四五六七八九")
VAGUE = ("一批", "一些", "一系列", "一大批", "多项", "多次", "多个", "多名", "一个")
# Meeting words after N次: 十三届二次会议 is a session, 召开4次常委会会议 a count.
# A list of sessions (十届三次、五次、六次全会) counts as followed by the meeting word.
MEETING_AFTER = re.compile(r"(?:[、和及与][" + CN_CHARS + r"]+次)*(?:会议|全会|常委会|全体会议|主席会议|代表大会|大会)")
# Verbs and adverbs that make the following N次/N期 a count (召开两次主席会议, 举办三期培训班).
COUNT_BEFORE = (
    "召开", "举行", "举办", "组织", "开展", "参加", "出席", "列席", "主持", "开好", "开办", "承办", "出版",
    "编发", "刊发", "编印", "推出", "共计", "合计", "累计", "先后", "共", "分", "了", "过",
)
# 一 + counter is the article "a" (一名委员, 一场座谈会, 温暖一座城) unless a verb of
# producing or counting governs it (完成一项课题, 提交一件提案, 仅一家).
ONE_COUNTED_BEFORE = (
    "完成", "提交", "提出", "收到", "立案", "办复", "形成", "撰写", "报送", "获得", "荣获", "新增", "增加", "减少",
    "共计", "合计", "累计", "总计", "共", "仅", "只", "达",
)
# Before 一: the 一 belongs to a word (统一部署, 唯一一家, 逐一, 同一批).
ONE_WORD_BEFORE = set("统唯同专单划归合逐初万之")
# Before a number: a rate base (每千人, 每10万人), a model name (C919, G318).
NOT_QUANTITY_BEFORE = set("每") | set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# Counter + the next character forming a word: the counter is no counter there
# (五台山, 三门峡, 人口, 家庭, 一部分, 两位数, 成功, 三次产业, 一条心, 个月 - a duration, DATE).
WORD_AFTER_COUNTER = {
    "个": "月性税别",
    "人": "口民员格权间文力类",
    "家": "庭乡属长族政底",
    "户": "口籍外型",
    "门": "峡槛户类诊票店市前口",
    "部": "分署门长队委属件位",
    "位": "数置于列",
    "台": "阶山湾县区州上下前风商胞独账",
    "成": "功为立长本绩果员效熟就交都型片分色品年像套批规",
    "次": "产元性序要生级",
    "元": "结化素",
    "条": "件例款心",
    "项": "目",
    "名": "单称片字誉牌胜",
    "场": "所景馆地合面域",
    "期": "间限货末望待盼",
    "所": "有以在得属谓长",
    "处": "理置分罚室长于在境",
    "间": "断接",
    "份": "额子量",
    "本": "地领身质土科色职着来次届年月报市区县省",
    "套": "餐路",
    "座": "谈右位次",
    "张": "力扬贴",
    "批": "准评复示判发",
    "起": "来步草点源诉始航飞码",
    "头": "脑部等号雁条",
    "支": "持撑付援部出柱",
    "队": "伍员列",
    "组": "织成建长合团",
    "类": "型似别",
    "种": "植子类养业粮苗",
    "例": "如行会",
    "村": "民庄级委组",
    "亩": "产均",
    "只": "有是要能会需把见",
    "倍": "增",
    "架": "构设",
    "吨": "位",
    "面": "积貌对向临前上下子料孔试谈包粉膜具色性",
}
# A Chinese numeral + 台 counts machines (五台设备, 三台晚会); before another Han
# character that is not one of these it is part of a name (五台山).
TAI_NOUN_AFTER = set("机设电仪车器计服空冰洗拖挖收发晚戏演大新套")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_QUOTE = re.compile(r"[“‘「『]([^“”‘’「」『』\n]{1,40})[”’」』]")
_DIGIT_OR_CN = re.compile(r"[\d" + CN_CHARS + r"]")
_YEAR_OR_CLAUSE = re.compile(r"\d{4}年|[，。；]")


def compile_formulas(formulas: Sequence[str]) -> Optional[Pattern]:
    """One alternation, longest first; None for an empty list (an empty pattern would match everywhere)."""
    if not formulas:
        return None
    return re.compile("|".join(re.escape(f) for f in sorted(formulas, key=len, reverse=True)))


def quoted_formulas(text: str, max_chars: int) -> List[Tuple[int, int]]:
    """Short quoted phrases that are formulas (“两个全覆盖”, ‘9+13’): no quantity inside.

    A quoted phrase counts as a formula when it is short and has a number but
    no year and no sentence of its own (a quoted title like “2023年十件履职大事”
    keeps its quantities)."""
    out = []
    for m in _QUOTE.finditer(text):
        inner = m.group(1)
        if len(inner) > max_chars or _YEAR_OR_CLAUSE.search(inner):
            continue
        if _DIGIT_OR_CN.search(inner):
            out.append(m.span())
    return out


def find_quantities(text: str, formulas: Optional[Pattern] = None, max_quote_chars: int = 12) -> Iterator[Match]:
    """Every QUANTITY in ``text`` (view offsets), left to right, none overlapping."""
    blocked = Mask(len(text), quoted_formulas(text, max_quote_chars))
    if formulas is not None:
        for m in formulas.finditer(text):
            blocked.block(*m.span())
    for m in FORMULA_SHAPES.finditer(text):
        blocked.block(*m.span())
    found: List[Match] = []
    for m in _PATTERN.finditer(text):
        if not blocked.free(m.start(), m.end()):
            continue
        match = _accept(text, m)
        if match is not None and blocked.claim(match.start, match.end):
            found.append(match)
    for pattern, accept in ((_MAGNITUDE, _accept_magnitude), (_FRACTION, _accept_fraction)):
        for m in pattern.finditer(text):
            match = accept(text, m)
            if match is not None and blocked.claim(match.start, match.end):
                found.append(match)
    return iter(sorted(found))


def _starts_inside_a_number(text: str, start: int) -> bool:
    """A candidate that starts after a digit, a decimal point, or a digit + thousands comma."""
    before = text[start - 1:start] if start else ""
    if before and (before.isdigit() or before in ".．"):
        return True
    return bool(before) and before in ",，" and text[start - 2:start - 1].isdigit()


def _qualifier(m: re.Match, keys: Sequence[str]) -> Optional[str]:
    qualifier = PRE_APPROX[m.group("pre")] if m.group("pre") else None
    for key in keys:
        if m.group(key):
            qualifier = POST_APPROX[m.group(key)]
    return qualifier


def _accept_magnitude(text: str, m: re.Match) -> Optional[Match]:
    start = m.start()
    if _starts_inside_a_number(text, start) or text[start - 1:start] in NOT_QUANTITY_BEFORE or text[start - 1:start] == "第":
        return None
    if _HAN.match(text[m.end():m.end() + 1] or " ") and text[m.end()] in "元字":
        return None  # 万元 and 万字 are units the main pattern handles
    value = parse_arabic(m.group("num"))
    for c in m.group("mult"):
        value *= MULTIPLIERS[c]
    return Match(start, m.end(), "QUANTITY", {"value": _tidy(value), "unit": None, "qualifier": _qualifier(m, ("post",))}, "magnitude")


def _accept_fraction(text: str, m: re.Match) -> Optional[Match]:
    start = m.start()
    if text[start - 1:start] in ("第", "每"):
        return None
    fraction = parse_fraction(m.group("num"))
    if fraction is None or fraction <= 0:
        return None
    pct = Decimal(fraction.numerator) * 100 / Decimal(fraction.denominator)
    norm = {"value": _tidy(pct.quantize(Decimal("0.01"))), "unit": "%", "qualifier": _qualifier(m, ("post",))}
    return Match(start, m.end(), "QUANTITY", norm, "fraction")


def _accept(text: str, m: re.Match) -> Optional[Match]:
    num, unit = m.group("num"), m.group("unit")
    end = m.end()
    num_start = m.start("pre") if m.group("pre") else m.start("num")
    if m.group("low"):
        num_start = m.start("low")
    before = text[num_start - 1:num_start] if num_start else ""
    unit_end = m.end("unit")
    after = text[end:end + 4]
    next_char = text[unit_end:unit_end + 1]
    chinese = not num[0].isdigit()
    if before in ("第", "首") or _starts_inside_a_number(text, num_start):
        return None
    if before in NOT_QUANTITY_BEFORE and not (before.isascii() and m.group("pre")):
        return None
    if before and before in "数几" and num[0] in "十百千万亿":
        return None
    if text[num_start:end] in VAGUE or text[num_start:num_start + 2] in VAGUE and len(num) == 1 and num in "一多":
        return None
    if unit_end == end and next_char and next_char in WORD_AFTER_COUNTER.get(unit, ""):
        return None  # 五台山, 人口, 一部分, 34个月: the counter starts a word
    if text[end:end + 1] == "级":
        return None  # 万亿元级产业集群, 百万千瓦级机组: a size class, not an amount
    if chinese:
        if all(c in CN_DIGITS for c in num) and (len(num) > 1 or num in "〇零○"):
            return None  # 零部件; 二〇二三 digit by digit is a year, 一一 no number
        if num == "二":
            return None  # a count of two is 两; 二期, 二套房, 二元结构 are ordinals and labels
        # 两个维护, 三大…: a small Chinese numeral with 个 starts a formula
        if unit == "个" and all(c in SMALL_CN for c in num) and not m.group("post"):
            return None
        if num in ("一",) and unit in ("个", "批", "些", "次", "种", "类", "起", "支"):
            return None
        if num[0] == "一" and before in ONE_WORD_BEFORE:
            return None
        if unit in ("字", "万字"):
            return None  # 红十字, 八字方针
        if unit == "台" and _HAN.match(next_char) and next_char not in TAI_NOUN_AFTER:
            return None  # 五台山
        if unit == "期" and "两" not in num and not text.endswith(COUNT_BEFORE, 0, num_start):
            return None  # 机场三期, 一期工程: a phase; 举办三期培训班 is a count
    if num == "一" and len(unit) == 1 and not m.group("post") and not m.group("mult"):
        if next_char == unit:
            return None  # 一件件, 一项项: reduplicated, vague
        if next_char == "一" or (num_start >= 2 and text[num_start - 2] == "一"):
            return None  # 一户一策, 一企一策: a formula of paired 一
        pair = "一" + unit
        if pair in text[unit_end:unit_end + 5] or pair in text[max(0, num_start - 5):num_start]:
            return None  # 一件事一件事做, 一户一策: a repeated pattern, not a count
        if not m.group("pre") and unit not in "%％成倍" and not text.endswith(ONE_COUNTED_BEFORE, 0, num_start):
            return None  # 一名委员, 一场座谈会: the article "a", not a count
    if unit in ("次", "届次"):
        if before == "届":
            return None  # 十三届二次会议, 十三届二次常委会会议: a session, not a count
        meeting_next = MEETING_AFTER.match(text, unit_end, unit_end + 40)
        if meeting_next and chinese and not text.endswith(COUNT_BEFORE, 0, num_start):
            return None  # 全国人大一次会议: a session; 召开两次主席会议 is a count
    if unit == "位" and after.startswith("一体"):
        return None
    value = parse_number(num)
    if value is None:
        return None
    mult = m.group("mult") or ""
    scale = Decimal(1)
    for c in mult:
        scale *= MULTIPLIERS[c]
    base_unit = unit
    if unit in ("万元", "亿元", "万字"):
        scale *= MULTIPLIERS[unit[0]]
        base_unit = unit[1:]
    value = Decimal(str(value)) * scale
    if unit == "成":
        value, base_unit = value * 10, "%"
    elif unit == "％":
        base_unit = "%"
    norm = {"value": _tidy(value), "unit": base_unit, "qualifier": _qualifier(m, ("mid", "mid2", "post"))}
    if m.group("low"):
        # 1-2个, 3至5个, 5%-6%: a range; value is the lower bound, max the upper
        low = parse_arabic(m.group("low")) * scale
        if unit == "成" or low >= value:
            return Match(m.start("num") if not m.group("pre") else m.start("pre"), end, "QUANTITY", norm, "quantity")
        norm = {"value": _tidy(low), "max": norm["value"], "unit": base_unit, "qualifier": norm["qualifier"]}
    return Match(num_start, end, "QUANTITY", norm, "quantity")


def _tidy(value: Decimal):
    """An int where the value is whole (7500亿 → 750000000000), else a float (99.8)."""
    return int(value) if value == value.to_integral_value() else float(value)
