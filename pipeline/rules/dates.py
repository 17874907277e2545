"""DATE finder: calendar dates, ranges, times, durations and relative time, with ISO 8601 values.

Official texts date things in many ways: full dates and their ranges
(2023年12月14日至15日, 2022—2024年), metadata (2024-01-21, 2023年01月03日),
date-times (3月8日（星期五）下午3时, 4日下午, 16日晚, 今日上午约十一时,
当天上午8点30分), datelines (福州廿七日电 → 廿七日), durations with the words
that place them (五年来, 连续15年 → 15年, 近60年, 过去一年, 一年以来, 今后10天,
未来这几天, 五年前), relative and deictic expressions (今年, 今年以来, 7月以来,
上年度, 全年, 这一年, 近日, 昨, 此前, 彼时, 至今, 现在, 目前, 今后) and the report's
own year (开局之年, 奋进的一年). A date the scraper garbled (201782122日,
821日上午) is one span with a null value. Each span gets ``{"value": ...}``:
``2023-12-14/2023-12-15``, ``2023-06``, ``2023-01-03T15:00``, ``P5Y``,
``2023/2024-01-21`` (open intervals end at the document date), or null.

Relative dates resolve against the *document date* when the text states one in
its byline (时间：2024-01-21, 发布时间：…); 这一年, 全年 and a month-day
without year take the last year the text named before them, a bare day the
last month. Left out: frequencies (每年), plan names (“十四五”), 年度 as an
adjective, ordinals, habitual 年初/全年 (in a sentence that describes what
happens as a rule: 通常, 一般, 往往, 历来…), and 今日 as the first word of a
newspaper's masthead (今日某地数字报).

The finder is a pure function of the view string; every check reads a bounded
window, claimed characters are a mask and context years are found by bisection,
so it is linear in the length of the text.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from typing import List, Optional, Tuple

from ..text.numerals import parse_chinese
from .intervals import Mask, Match

HAN = "\u4e00-\u9fff"
_CN = "〇零一二三四五六七八九十两廿卅"
_YEAR = r"(?:1[89]\d\d|20\d\d|[〇零一二三四五六七八九]{4})"
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|廿[一二三四五六七八九]?|卅一?|[一二三四五六七八九])"
_HOUR = r"(?:2[0-3]|1\d|0?\d|二十[一二三]?|十[一二三四五六七八九]?|[零一二三四五六七八九两])"
_MIN = r"(?:[0-5]\d|\d|[一二三四五]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_DASH = r"(?:至|到|—+|－|-|～|~|－)"
_PART = r"(?:凌晨|清晨|早上|早晨|上午|中午|午后|下午|傍晚|晚上|晚间|夜间|深夜|晚(?![会宴报餐饭]))"
_WEEKDAY = r"(?:[（(](?:星期|周|礼拜)[一二三四五六日天][)）]|(?:星期|礼拜)[一二三四五六日天])"
_CLOCK = rf"(?:(?P<h>{_HOUR})[时点](?:(?P<mi>{_MIN})分|(?P<half>半))?|(?P<hh>[01]?\d|2[0-3])[:：](?P<mm>[0-5]\d))"
# A time of day after a date: part of day and/or clock time (下午3时, 上午约十一时, 晚, 15时30分, 16:19).
TIME = re.compile(rf"\s*(?P<part>{_PART})?\s*约?{_CLOCK}|\s*(?P<part_only>{_PART})")
_WEEKDAY_RE = re.compile(rf"\s*{_WEEKDAY}")

ISO = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d\d)(?P<sep>[-/.])(?P<m>1[0-2]|0?[1-9])(?P=sep)(?P<d>3[01]|[12]\d|0?[1-9])"
    r"(?:[ T]?(?P<hh>[01]?\d|2[0-3]):(?P<mm>[0-5]\d)(?::[0-5]\d)?)?(?![\d])"
)
# A date whose separators the scraper lost: 201782122日, 20261201400时 (year + digits), 821日上午.
GARBLED = re.compile(rf"(?<![\d.])(?:(?:19|20)\d{{5,12}}[日时号]|(?:1[0-2]|[1-9])(?:3[01]|[12]\d|0[1-9])日(?=\s*{_PART}))")
YMD = re.compile(
    rf"(?P<y>{_YEAR})年(?P<m>{_MONTH})月(?P<d>{_DAY})(?:[日号]|(?=\s*(?:星期|礼拜)))"
    rf"(?:{_DASH}(?:(?P<y2>{_YEAR})年)?(?:(?P<m2>{_MONTH})月)?(?P<d2>{_DAY})[日号])?"
)
MD = re.compile(
    rf"(?<![\d{_CN}年月])(?P<m>{_MONTH})月(?P<d>{_DAY})[日号]"
    rf"(?:{_DASH}(?:(?P<m2>{_MONTH})月)?(?P<d2>{_DAY})[日号])?"
)
YM = re.compile(
    rf"(?P<y>{_YEAR})年(?P<m>{_MONTH})月(?:份)?(?:{_DASH}(?:(?P<y2>{_YEAR})年)?(?P<m2>{_MONTH})月(?:份)?)?(?![{_CN}\d日号])"
)
YEAR_RANGE = re.compile(rf"(?<![\d])(?P<y>{_YEAR})年?{_DASH}(?P<y2>{_YEAR})年(?:度)?")
HOLIDAYS = ("元旦", "春节", "除夕", "元宵节", "清明节", "端午节", "中秋节", "国庆节", "国庆")
YEAR = re.compile(
    rf"(?<![\d第每])(?P<y>{_YEAR})年(?P<suffix>度|以来|初|底|末|中|上半年|下半年|前|后|{'|'.join(HOLIDAYS)})?"
)
MONTH_ALONE = re.compile(rf"(?<![\d{_CN}第每个])(?<![\d{_CN}]年)(?:(?P<m0>{_MONTH})月?{_DASH})?(?P<m>1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])月(?:份)?(?:{_DASH}(?P<m2>{_MONTH})月(?:份)?)?(?![\d{_CN}日号])")
# A day of the month alone: 24日下午, 20日召开, (福州廿七日电). Not 一日 (一日三餐) unless a time follows.
DAY_ALONE = re.compile(rf"(?<![\d{_CN}月年第每周期初])(?P<d>{_DAY})日(?![元报本韩语文军方资企商籍美程常益趋渐新均用照子])")
BARE_YEAR = re.compile(r"(?<![\d\w.\-/:])(?P<y>(?:19|20)\d\d)(?=[\s、，。；：）)是至到和与及]|$)")
CLOCK = re.compile(rf"(?<![\d{_CN}时点日天])(?P<part>{_PART})\s*约?{_CLOCK}")
_DUR_UNITS = "个多月|个月|周年|年来|年间|年|天|日|周|小时"
# Durations: N年来, 近N年, N天, N个月, N周年; 连续/历时 N年 (the manner verb stays outside).
DURATION = re.compile(rf"(?<![\d{_CN}第每])(?P<approx>近)?(?P<n>\d+|[{_CN}]+)(?P<unit>{_DUR_UNITS})")
# Durations with the word that places them in time, which stays inside:
# 过去一年, 今后10天, 未来这几天, 接下来的几天, 新一年, 不足20天, 近两年来.
PLACED_DURATION = re.compile(
    rf"(?P<pre>过去的?|今后的?|未来的?|接下来的?|最近的?|新|不足|不到|超过|近|约|逾)(?P<dem>这)?"
    rf"(?P<n>\d+|[{_CN}]+|几|数)(?P<unit>个多月|个月|年|天|日|周|小时)(?P<suf>以来|来)?"
)
DURATION_LEAD = ("连续", "历时", "长达", "经过", "盯", "用了", "用", "过去", "持续", "坚持", "累计", "已", "近", "这", "跨越", "走过", "为期", "一连")
DURATION_TRAIL = re.compile(r"[来内间后前里中，。、；）)]|以来|时间|之久|的")
RELATIVE = {
    "今年": ("doc", 0), "本年": ("doc", 0), "本年度": ("doc", 0), "当年": ("context", 0), "同年": ("context", 0),
    "去年": ("doc", -1), "上年": ("doc", -1), "上年度": ("doc", -1), "上一年": ("doc", -1), "明年": ("doc", 1),
    "全年": ("context", 0), "这一年": ("context", 0), "这一年来": ("context", 0), "年内": ("context", 0),
    "今天": ("day", 0), "今日": ("day", 0), "当天": ("day", 0), "当日": ("day", 0), "同日": ("day", 0),
    "昨天": ("day", -1), "昨日": ("day", -1), "昨": ("day", -1), "昨晚": ("day", -1),
    "明天": ("day", 1), "明日": ("day", 1), "次日": ("day", 1), "翌日": ("day", 1),
    "近日": ("vague", 0), "日前": ("vague", 0), "近期": ("vague", 0),
    "近年来": ("vague", 0), "近年": ("vague", 0), "多年来": ("vague", 0), "长期以来": ("vague", 0), "上半年": ("half", 1),
    "下半年": ("half", 2), "年初": ("context", 0), "年底": ("context", 0), "年末": ("context", 0),
    # Deictic words that place an event or a state in time (ANNOTATION.md §7).
    "此前": ("vague", 0), "彼时": ("vague", 0), "至今": ("vague", 0), "迄今": ("vague", 0), "现在": ("vague", 0),
    "如今": ("vague", 0), "目前": ("vague", 0), "今后": ("vague", 0),
    # Relative years with 以来: an interval up to the document date.
    "今年以来": ("since", 0), "去年以来": ("since", -1), "近年以来": ("vague", 0),
}
# A relative word that is part of a longer word: 直至今年 (至今 + 年), 现在场. A
# lookahead, so the scan goes on to the word inside (今年).
RELATIVE_NOT_BEFORE = {"至今": "年日天", "迄今": "年日天", "现在": "场", "昨": "天日晚夜"}
RELATIVE_RE = re.compile(
    "|".join(
        re.escape(w) + (f"(?![{RELATIVE_NOT_BEFORE[w]}])" if w in RELATIVE_NOT_BEFORE else "")
        for w in sorted(RELATIVE, key=len, reverse=True)
    )
)
MASTHEAD_AFTER = re.compile(rf"[{HAN}]{{2,4}}?(?:数字报|电子报|日报|晚报|报|网|第[A-Z\d一二三四五六七八九十]+版|\s*(?:>|\n|$))")
YEAR_OF_REPORT = re.compile(rf"(?<=[{HAN}])之年|(?<=的)一年(?=[，。；！]|$)")
BYLINE = re.compile(rf"(?:发布时间|发布日期|发表时间|更新时间|时间|日期)[:：]\s*(?P<date>{ISO.pattern}|{_YEAR}年{_MONTH}月{_DAY}日)")
FREQUENCY_BEFORE = ("每", "隔", "逐")
# Words that make a sentence habitual (what happens as a rule): its 年初/全年 are not dates.
HABITUAL = re.compile(r"通常|一般|往往|历来|向来|总是|常常|照例|大多|多数|每年|每逢|特点")
HABITUAL_WORDS = ("年初", "年底", "年末", "全年", "当年", "年内")
_SENTENCE_END = re.compile(r"[。！？；\n]")
_TWO_HAN_END = re.compile(rf"[{HAN}]{{2}}")
_YEAR_MENTION = re.compile(rf"(?P<y>{_YEAR})(?:年|[-/.]\d)")
_MONTH_MENTION = re.compile(rf"(?:(?P<y>{_YEAR})年|(?P<iy>(?:19|20)\d\d)[-/.])?(?P<m>{_MONTH})(?(iy)[-/.](?=\d)|月)")
_DIGITS_CN = "〇零一二三四五六七八九"


def cn_or_int(text: Optional[str]) -> Optional[int]:
    if text is None:
        return None
    if text.isdigit():
        return int(text)
    if all(c in _DIGITS_CN for c in text) and len(text) == 4:
        return int("".join(str("〇一二三四五六七八九".index(c) if c != "零" else 0) for c in text))
    return parse_chinese(text)


def iso(y: Optional[int], m: Optional[int] = None, d: Optional[int] = None) -> Optional[str]:
    if y is None:
        return None
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}" if 1 <= m <= 12 else None
    try:
        dt.date(y, m, d)
    except ValueError:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def with_time(date: Optional[str], h: Optional[int], mi: Optional[int], part: str = "") -> Optional[str]:
    if date is None or h is None:
        return date
    if part in ("下午", "傍晚", "晚上", "晚间", "晚", "夜间", "深夜", "午后") and h < 12:
        h += 12
    return f"{date}T{h:02d}:{(mi or 0):02d}"


def clock_of(m: re.Match) -> Tuple[Optional[int], int]:
    """(hour, minute) of a match with the _CLOCK groups; (None, 0) without a clock time."""
    if m.group("h"):
        minute = 30 if m.group("half") else (cn_or_int(m.group("mi")) or 0)
        return cn_or_int(m.group("h")), minute
    if m.group("hh"):
        return int(m.group("hh")), int(m.group("mm"))
    return None, 0


def time_tail(text: str, pos: int, weekday: bool = True) -> Tuple[int, Optional[int], int, str]:
    """The weekday and time of day right after a date at ``pos``: (end, hour, minute, part)."""
    end = pos
    if weekday:
        w = _WEEKDAY_RE.match(text, end, end + 8)
        if w:
            end = w.end()
    t = TIME.match(text, end, end + 16)
    if not t:
        return end, None, 0, ""
    part = t.group("part") or t.group("part_only") or ""
    hour, minute = clock_of(t) if not t.group("part_only") else (None, 0)
    return t.end(), hour, minute, part


def document_date(text: str, head_chars: int = 1500, title_chars: int = 300) -> Optional[dt.date]:
    """The date a byline gives the document (时间：2024-01-21), else the first full date of its head."""
    m = BYLINE.search(text, 0, head_chars)
    if not m:
        m = re.compile(rf"(?P<date>{ISO.pattern}|{_YEAR}年{_MONTH}月{_DAY}日)").search(text, 0, title_chars)
    if not m:
        return None
    nums = [int(x) for x in re.findall(r"\d+", m.group("date"))]
    if len(nums) >= 3:
        try:
            return dt.date(nums[0], nums[1], nums[2])
        except ValueError:
            return None
    y = YMD.match(m.group("date"))
    if y:
        try:
            return dt.date(cn_or_int(y.group("y")), cn_or_int(y.group("m")), cn_or_int(y.group("d")))
        except (TypeError, ValueError):
            return None
    return None


class _Context:
    """Years and months the text names, by position, to anchor 这一年, 12月18日 and 24日."""

    def __init__(self, text: str, docdate: Optional[dt.date]):
        self.docdate = docdate
        # The byline's own month is no context: a bare day after it falls back to the
        # document date (a day later than the document's is in the month before).
        byline = BYLINE.search(text, 0, 1500)
        skip = byline.span() if byline else (0, 0)
        self.year_pos: List[int] = []
        self.years: List[int] = []
        for m in _YEAR_MENTION.finditer(text):
            y = cn_or_int(m.group("y"))
            if y and 1900 <= y <= 2100:
                self.year_pos.append(m.start())
                self.years.append(y)
        self.month_pos: List[int] = []
        self.months: List[Tuple[Optional[int], int]] = []
        for m in _MONTH_MENTION.finditer(text):
            mo = cn_or_int(m.group("m"))
            if mo and 1 <= mo <= 12 and not skip[0] <= m.start() < skip[1]:
                self.month_pos.append(m.start())
                self.months.append((cn_or_int(m.group("y") or m.group("iy")), mo))

    def year(self, pos: int) -> Optional[int]:
        i = bisect_left(self.year_pos, pos)
        if i:
            return self.years[i - 1]
        return self.docdate.year if self.docdate else None

    def month(self, pos: int, day: int) -> Tuple[Optional[int], Optional[int]]:
        """(year, month) of a bare day: the last month named before it, else the document's."""
        i = bisect_left(self.month_pos, pos)
        if i:
            y, mo = self.months[i - 1]
            return (y or self.year(pos)), mo
        if self.docdate:
            d = self.docdate
            if day <= d.day:
                return d.year, d.month
            prev = d.replace(day=1) - dt.timedelta(days=1)
            return prev.year, prev.month
        return None, None


def find_dates(text: str, *, resolve_relative: bool = True, bare_years: bool = True) -> List[Match]:
    """Every DATE in ``text`` (view offsets), sorted; the more specific form wins an overlap."""
    docdate = document_date(text) if resolve_relative else None
    ctx = _Context(text, docdate)
    taken = Mask(len(text))
    found: List[Match] = []

    def add(start: int, end: int, value: Optional[str], rule: str) -> None:
        if taken.claim(start, end):
            found.append(Match(start, end, "DATE", {"value": value}, rule))

    def since(start_value: Optional[str]) -> Optional[str]:
        if start_value is None:
            return None
        return f"{start_value}/{docdate.isoformat() if docdate else '..'}"

    # Absolute forms first, longest first; each claims its characters.
    for m in ISO.finditer(text):
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        hh = m.group("hh")
        add(m.start(), m.end(), with_time(iso(y, mo, d), int(hh) if hh else None, int(m.group("mm") or 0)), "iso")
    for m in GARBLED.finditer(text):
        end = time_tail(text, m.end())[0]
        add(m.start(), end, None, "garbled")
    for m in YMD.finditer(text):
        y, mo, d = cn_or_int(m.group("y")), cn_or_int(m.group("m")), cn_or_int(m.group("d"))
        add(m.start(), *_day_value(text, m, y, mo, d), "ymd")
    for m in YEAR_RANGE.finditer(text):
        add(m.start(), m.end(), f"{cn_or_int(m.group('y')):04d}/{cn_or_int(m.group('y2')):04d}", "year_range")
    for m in YM.finditer(text):
        y, mo = cn_or_int(m.group("y")), cn_or_int(m.group("m"))
        value, end = iso(y, mo), m.end()
        if m.group("m2"):
            y2 = cn_or_int(m.group("y2")) or y
            value = f"{value}/{iso(y2, cn_or_int(m.group('m2')))}"
        elif text.startswith("以来", end):
            value, end = since(value), end + 2
        add(m.start(), end, value, "year_month")
    for m in YEAR.finditer(text):
        if _year_blocked(m):
            continue
        y, suffix = cn_or_int(m.group("y")), m.group("suffix") or ""
        end = m.end()
        value = iso(y)
        if suffix == "以来":
            value = since(iso(y))
        elif suffix == "上半年":
            value = f"{y:04d}-01/{y:04d}-06"
        elif suffix == "下半年":
            value = f"{y:04d}-07/{y:04d}-12"
        elif suffix in ("前", "后"):
            end -= 1
        elif suffix == "元旦":
            value = iso(y, 1, 1)
        add(m.start(), end, value, "year")
    for m in MD.finditer(text):
        if text[m.start() - 1:m.start()] in FREQUENCY_BEFORE:
            continue
        y = ctx.year(m.start())
        mo, d = cn_or_int(m.group("m")), cn_or_int(m.group("d"))
        start, end, value = m.start(), *_day_value(text, m, y, mo, d)
        if text.startswith("以来", end):
            value, end = since(iso(y, mo, d)), end + 2
        add(start, end, value, "month_day")
    for m in DAY_ALONE.finditer(text):
        match = _day_alone(text, m, ctx)
        if match:
            add(*match)
    for m in MONTH_ALONE.finditer(text):
        if text[m.start() - 1:m.start()] in FREQUENCY_BEFORE or text[m.end():m.end() + 1] in ("度",):
            continue
        y = ctx.year(m.start())
        value = iso(y, cn_or_int(m.group("m"))) if y else None
        end = m.end()
        if value and m.group("m0"):
            value = f"{iso(y, cn_or_int(m.group('m0')))}/{value}"
        elif m.group("m2"):
            value = f"{value}/{iso(y, cn_or_int(m.group('m2')))}" if value else None
        elif text.startswith("以来", end):
            value, end = since(value), end + 2
        add(m.start(), end, value, "month")
    for m in PLACED_DURATION.finditer(text):
        match = _placed_duration(text, m, ctx)
        if match:
            add(*match)
    for m in RELATIVE_RE.finditer(text):
        word = m.group()
        if text[m.start() - 1:m.start()] in FREQUENCY_BEFORE or _relative_blocked(text, m):
            continue
        kind = RELATIVE[word][0]
        value = _relative_value(word, ctx, m.start())
        end = m.end()
        if kind == "day":
            end, hour, minute, part = time_tail(text, end, weekday=False)
            value = with_time(value, hour, minute, part)
        elif kind == "since":
            value = since(value)
        add(m.start(), end, value, "relative")
    for m in YEAR_OF_REPORT.finditer(text):
        start = m.start()
        if m.group().endswith("之年"):
            head = _TWO_HAN_END.match(text, max(0, start - 2), start)
            if not head or start < 2:
                continue
            start = head.start()
        add(start, m.end(), iso(ctx.year(start)), "year_of_report")
    for m in DURATION.finditer(text):
        match = _duration(text, m, docdate)
        if match:
            add(*match)
    for m in CLOCK.finditer(text):
        h, mi = clock_of(m)
        add(m.start(), m.end(), with_time("", h, mi, m.group("part")) if h is not None else None, "time")
    if bare_years:
        for m in BARE_YEAR.finditer(text):
            add(m.start(), m.end(), m.group("y"), "bare_year")
    return sorted(found)


# -- values -------------------------------------------------------------


def _day_value(text: str, m: re.Match, y, mo, d) -> Tuple[int, Optional[str]]:
    """(end, value) of a calendar day with its optional range, weekday and time of day."""
    if m.group("d2"):
        groups = m.re.groupindex
        y2 = cn_or_int(m.group("y2")) if "y2" in groups and m.group("y2") else y
        m2 = cn_or_int(m.group("m2")) if m.group("m2") else mo
        start, end = iso(y, mo, d), iso(y2, m2, cn_or_int(m.group("d2")))
        return m.end(), (f"{start}/{end}" if start and end else None)
    end, hour, minute, part = time_tail(text, m.end())
    return end, with_time(iso(y, mo, d), hour, minute, part)


def _day_alone(text: str, m: re.Match, ctx: _Context) -> Optional[Tuple[int, int, Optional[str], str]]:
    """24日下午, 20日召开, 廿七日电: a day of the month; 一连四日, 为期3日: a duration."""
    d = cn_or_int(m.group("d"))
    if d is None or not 1 <= d <= 31:
        return None
    end, hour, minute, part = time_tail(text, m.end())
    if end == m.end() and text[end:end + 1] in ("内", "后", "前"):
        return None  # 30日内, 3日后: a duration (the duration rule)
    if m.group("d") == "一" and end == m.end():
        return None  # 一日三餐, 一日游: not a day of the month
    if text.endswith(DURATION_LEAD, 0, m.start()):
        return m.start(), m.end(), f"P{d}D", "day_duration"
    y, mo = ctx.month(m.start(), d)
    value = with_time(iso(y, mo, d), hour, minute, part) if y and mo else None
    return m.start(), end, value, "day"


def _relative_value(word: str, ctx: _Context, pos: int) -> Optional[str]:
    kind, delta = RELATIVE[word]
    docdate = ctx.docdate
    if kind in ("doc", "since"):
        return iso(docdate.year + delta) if docdate else None
    if kind == "context":
        return iso(ctx.year(pos))
    if kind == "day":
        return (docdate + dt.timedelta(days=delta)).isoformat() if docdate else None
    if kind == "half":
        y = ctx.year(pos)
        if y is None:
            return None
        return f"{y:04d}-01/{y:04d}-06" if delta == 1 else f"{y:04d}-07/{y:04d}-12"
    return None


def _symbol(unit: str, n: Optional[int]) -> Optional[str]:
    symbol = {"年": "Y", "年来": "Y", "年间": "Y", "周年": "Y", "天": "D", "日": "D", "周": "W", "个月": "M",
              "个多月": "M", "小时": "H"}[unit]
    if n is None:
        return None
    return f"PT{n}H" if symbol == "H" else f"P{n}{symbol}"


def _shifted(docdate: Optional[dt.date], n: int, unit: str, sign: int) -> Optional[str]:
    """五年前 → the year five years before the document; 3天后 → that day."""
    if docdate is None:
        return None
    if unit in ("年", "周年"):
        return iso(docdate.year + sign * n)
    if unit in ("天", "日"):
        return (docdate + dt.timedelta(days=sign * n)).isoformat()
    if unit == "周":
        return (docdate + dt.timedelta(weeks=sign * n)).isoformat()
    return None


# -- exclusions ---------------------------------------------------------


def _year_blocked(m: re.Match) -> bool:
    """A Chinese-numeral "year" that is a count (十三年) is handled as a duration."""
    return not m.group("y")[0].isdigit() and not all(c in _DIGITS_CN for c in m.group("y"))


def _relative_blocked(text: str, m: re.Match) -> bool:
    word, start, after = m.group(), m.start(), text[m.end():m.end() + 2]
    prev = text[start - 1:start]
    if word in ("年内", "年初", "年底", "年末", "上半年", "下半年") and prev and (prev.isdigit() or prev in _DIGITS_CN):
        return True  # part of 2023年底: the year rule has it
    if word == "近年" and after.startswith("来"):
        return True
    if word in ("当年", "同年") and after[:1] in ("度", "份"):
        return True
    if word == "今日" and MASTHEAD_AFTER.match(text, m.end(), m.end() + 12) and not TIME.match(text, m.end()) and (start == 0 or text[start - 1] in "\n>》 "):
        return True  # 今日某地数字报, >今日某地>: a newspaper's or a site's name
    if word in HABITUAL_WORDS and _habitual(text, start):
        return True
    return False


def _habitual(text: str, pos: int, reach: int = 80) -> bool:
    """The sentence around ``pos`` describes what happens as a rule (通常, 一般, 多数…)."""
    lo = max(0, pos - reach)
    ends = [e.end() for e in _SENTENCE_END.finditer(text, lo, pos)]
    start = ends[-1] if ends else lo
    stop = _SENTENCE_END.search(text, pos, pos + reach)
    return bool(HABITUAL.search(text, start, stop.start() if stop else min(len(text), pos + reach)))


def _placed_duration(text: str, m: re.Match, ctx: _Context) -> Optional[Tuple[int, int, Optional[str], str]]:
    n_text, unit, pre = m.group("n"), m.group("unit"), m.group("pre")
    vague = n_text in ("几", "数")
    n = None if vague else cn_or_int(n_text)
    if not vague and (n is None or n <= 0):
        return None
    if unit == "年" and n is not None and n > 200:
        return None  # 近2023年: a year
    if vague and pre.rstrip("的") not in ("过去", "今后", "未来", "接下来", "最近", "近"):
        return None  # 不足几天: too vague to place anything
    if pre == "新" and not (n == 1 and unit == "年"):
        return None  # 新一年 only; 新三年 is no time
    if unit == "日" and pre in ("近", "约", "不足", "不到", "超过", "逾", "新"):
        return None  # 近20日, 约5日: a day of the month more likely than a count of days
    if pre in ("近", "约", "不足", "不到", "超过", "逾") and not m.group("suf"):
        after = text[m.end():m.end() + 2]
        if not (DURATION_TRAIL.match(after) or unit != "年"):
            return None  # 近3年: keep the old reading (the duration rule decides)
    if pre == "新":
        return m.start(), m.end(), iso(ctx.year(m.start())), "placed_duration"  # 新一年: the year itself
    return m.start(), m.end(), _symbol(unit, n), "placed_duration"


def _duration(text: str, m: re.Match, docdate: Optional[dt.date]) -> Optional[Tuple[int, int, Optional[str], str]]:
    n_text, unit = m.group("n"), m.group("unit")
    n = cn_or_int(n_text)
    if n is None or n <= 0:
        return None
    start = m.start()
    before = text[max(0, start - 4):start]
    after = text[m.end():m.end() + 2]
    if unit == "日" and not after.startswith(("内", "后", "前")):
        return None  # 14日 is a day of month
    if unit in ("年", "天", "周", "个月", "个多月", "小时") and unit != "年来":
        led = before.endswith(DURATION_LEAD) or m.group("approx")
        trailed = DURATION_TRAIL.match(after)
        if not (led or trailed):
            return None
        if unit == "年" and n > 200:
            return None  # a year, not a duration
        if unit == "年" and after[:1] in ("级", "度"):
            return None
    if unit == "周年" and n > 200:
        return None
    if unit == "年" and text.startswith("以来", m.end()):
        return start, m.end() + 2, _symbol(unit, n), "duration"  # 一年以来
    if after[:1] in ("前", "后") and not after.startswith(("前列", "后备")) and unit in ("年", "天", "日", "周", "个月"):
        return start, m.end() + 1, _shifted(docdate, n, unit, -1 if after[0] == "前" else 1), "duration_shift"
    return start, m.end(), _symbol(unit, n), "duration"
