"""DATE: calendar dates, ranges, times, durations and relative time, with ISO 8601 values.

Official texts date things in many ways: full dates and their ranges
(2023年12月14日至15日, 2022—2024年), metadata (2024-01-21, 2023年01月03日),
date-times (3月8日（星期五）下午3时), durations (五年来, 连续15年, 近60年,
7天), relative expressions (今年, 上年度, 全年, 这一年, 近日) and the
report's own year (开局之年, 奋进的一年). Each span gets
``{"value": ...}``: ``2023-12-14/2023-12-15``, ``2023-06``, ``P5Y``,
``2023/2024-01-21`` (open intervals end at the document date), or null.

Relative dates resolve against the *document date* when the text states one in
its byline (时间：2024-01-21, 发布时间：…); 这一年, 全年 and a month-day
without year take the last year the text named before them. Frequencies
(每年), plan names (“十四五”), 年度 as an adjective and ordinals are left out.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable, List, Optional, Tuple

from spacy.language import Language
from spacy.tokens import Doc

from ..text.numerals import parse_chinese
from .rule_tagger import Match, ViewRuleTagger

HAN = "\u4e00-\u9fff"
_CN = "〇零一二三四五六七八九十两"
_YEAR = r"(?:1[89]\d\d|20\d\d|[〇零一二三四五六七八九]{4})"
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])"
_HOUR = r"(?:2[0-3]|1\d|0?\d|二十[一二三]?|十[一二三四五六七八九]?|[零一二三四五六七八九两])"
_MIN = r"(?:[0-5]\d|\d|[一二三四五]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_DASH = r"(?:至|到|—+|－|-|～|~|－)"
_PART = r"(?:凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜间|晚)"
_WEEKDAY = r"(?:[（(](?:星期|周|礼拜)[一二三四五六日天][)）])"


def _time(tag: str = "", part: str = "?") -> str:
    """A time of day (下午3时, 15时30分, 16:19) with named groups h/mi or hh/mm (+ tag)."""
    return (
        rf"(?:{_PART}{part}(?P<h{tag}>{_HOUR})[时点](?:(?P<mi{tag}>{_MIN})分|半)?"
        rf"|(?P<hh{tag}>[01]?\d|2[0-3])[:：](?P<mm{tag}>[0-5]\d))"
    )


_TIME = _time()
_TIME_TAIL = rf"(?:\s*{_WEEKDAY})?(?:\s*{_TIME})?"

# Full or partial calendar dates, the longest forms first.
ISO = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d\d)(?P<sep>[-/.])(?P<m>1[0-2]|0?[1-9])(?P=sep)(?P<d>3[01]|[12]\d|0?[1-9])"
    r"(?:[ T]?(?P<hh>[01]?\d|2[0-3]):(?P<mm>[0-5]\d)(?::[0-5]\d)?)?(?![\d])"
)
YMD = re.compile(
    rf"(?P<y>{_YEAR})年(?P<m>{_MONTH})月(?P<d>{_DAY})[日号]{_TIME_TAIL}"
    rf"(?:{_DASH}(?:(?P<y2>{_YEAR})年)?(?:(?P<m2>{_MONTH})月)?(?P<d2>{_DAY})[日号])?"
)
MD = re.compile(
    rf"(?<![\d{_CN}年月])(?P<m>{_MONTH})月(?P<d>{_DAY})[日号]{_TIME_TAIL}"
    rf"(?:{_DASH}(?:(?P<m2>{_MONTH})月)?(?P<d2>{_DAY})[日号])?"
)
YM = re.compile(
    rf"(?P<y>{_YEAR})年(?P<m>{_MONTH})月(?:份)?(?:{_DASH}(?:(?P<y2>{_YEAR})年)?(?P<m2>{_MONTH})月(?:份)?)?(?![{_CN}\d日号])"
)
YEAR_RANGE = re.compile(rf"(?<![\d])(?P<y>{_YEAR})年?{_DASH}(?P<y2>{_YEAR})年(?:度)?")
YEAR = re.compile(
    rf"(?<![\d第每])(?P<y>{_YEAR})年(?P<suffix>度|以来|初|底|末|中|上半年|下半年|前|后)?"
)
MONTH_ALONE = re.compile(rf"(?<![\d{_CN}第每个])(?<![\d{_CN}]年)(?:(?P<m0>{_MONTH})月?{_DASH})?(?P<m>1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])月(?:份)?(?:{_DASH}(?P<m2>{_MONTH})月(?:份)?)?(?![\d{_CN}日号])")
DAY_TIME = re.compile(rf"(?<![\d{_CN}月年第每])(?P<d>{_DAY})日(?=\s*{_PART}?{_HOUR}[时点])(?:\s*{_TIME})")
BARE_YEAR = re.compile(r"(?<![\d\w.\-/:])(?P<y>(?:19|20)\d\d)(?=[\s、，。；：）)]|$)")
CLOCK = re.compile(rf"(?<![\d{_CN}时点])(?={_PART})" + _time("_", part=""))
# Durations: N年来, 近N年, N天, N个月, N周年; 连续/历时 N年 (the verb stays outside).
DURATION = re.compile(
    rf"(?<![\d{_CN}第每])(?P<approx>近)?(?P<n>\d+|[{_CN}]+)(?P<unit>周年|年来|年间|个多月|个月|年|天|日|周|小时)"
)
DURATION_LEAD = ("连续", "历时", "长达", "经过", "盯", "用了", "用", "过去", "持续", "坚持", "累计", "已", "近", "这", "跨越", "走过")
DURATION_TRAIL = re.compile(r"[来内间后前里中，。、；）)]|以来|时间|之久|的")
RELATIVE = {
    "今年": ("doc", 0), "本年": ("doc", 0), "本年度": ("doc", 0), "当年": ("context", 0), "同年": ("context", 0),
    "去年": ("doc", -1), "上年": ("doc", -1), "上年度": ("doc", -1), "上一年": ("doc", -1), "明年": ("doc", 1),
    "全年": ("context", 0), "这一年": ("context", 0), "这一年来": ("context", 0), "年内": ("context", 0),
    "今天": ("day", 0), "今日": ("day", 0), "当天": ("day", 0), "当日": ("day", 0), "昨天": ("day", -1), "昨日": ("day", -1),
    "明天": ("day", 1), "明日": ("day", 1), "近日": ("vague", 0), "日前": ("vague", 0), "近期": ("vague", 0),
    "近年来": ("vague", 0), "近年": ("vague", 0), "多年来": ("vague", 0), "长期以来": ("vague", 0), "上半年": ("half", 1),
    "下半年": ("half", 2), "年初": ("context", 0), "年底": ("context", 0), "年末": ("context", 0),
}
RELATIVE_RE = re.compile("|".join(sorted(map(re.escape, RELATIVE), key=len, reverse=True)))
YEAR_OF_REPORT = re.compile(rf"(?<=[{HAN}])之年|(?<=的)一年(?=[，。；！]|$)")
BYLINE = re.compile(rf"(?:发布时间|发布日期|发表时间|更新时间|时间|日期)[:：]\s*(?P<date>{ISO.pattern}|{_YEAR}年{_MONTH}月{_DAY}日)")
FREQUENCY_BEFORE = ("每", "隔", "逐")


def cn_or_int(text: Optional[str]) -> Optional[int]:
    if text is None:
        return None
    if text.isdigit():
        return int(text)
    if all(c in "〇零一二三四五六七八九" for c in text) and len(text) == 4:
        return int("".join(str("〇一二三四五六七八九".index(c) if c != "零" else 0) for c in text))
    return parse_chinese(text)


def iso(y: Optional[int], m: Optional[int] = None, d: Optional[int] = None) -> Optional[str]:
    if y is None:
        return None
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    try:
        dt.date(y, m, d)
    except ValueError:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def with_time(date: Optional[str], h: Optional[int], mi: Optional[int], part: str = "") -> Optional[str]:
    if date is None or h is None:
        return date
    if part in ("下午", "傍晚", "晚上", "晚", "夜间") and h < 12:
        h += 12
    return f"{date}T{h:02d}:{(mi or 0):02d}"


def document_date(text: str, head_chars: int = 1500, title_chars: int = 300) -> Optional[dt.date]:
    """The date a byline gives the document (时间：2024-01-21), else the first full date of its head."""
    m = BYLINE.search(text[:head_chars])
    if not m:
        m = re.search(rf"(?P<date>{ISO.pattern}|{_YEAR}年{_MONTH}月{_DAY}日)", text[:title_chars])
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


@Language.factory(
    "date_tagger",
    assigns=["doc.spans"],
    default_config={"span_key": "dates", "resolve_relative": True, "bare_years": True},
)
def make_date_tagger(nlp: Language, name: str, span_key: str, resolve_relative: bool, bare_years: bool):
    return DateTagger(nlp, name, span_key=span_key, resolve_relative=resolve_relative, bare_years=bare_years)


class DateTagger(ViewRuleTagger):
    def __init__(self, nlp, name, *, span_key="dates", resolve_relative=True, bare_years=True):
        super().__init__(nlp, name, span_key=span_key, cfg={"resolve_relative": resolve_relative, "bare_years": bare_years})

    def find(self, text: str, doc: Doc) -> Iterable[Match]:
        docdate = document_date(text) if self.cfg["resolve_relative"] else None
        found: List[Match] = []
        taken: List[Tuple[int, int]] = []

        def add(start: int, end: int, value: Optional[str], rule: str) -> None:
            if end <= start or any(a < end and start < b for a, b in taken):
                return
            taken.append((start, end))
            found.append(Match(start, end, "DATE", {"value": value}, rule))

        # Absolute forms first, longest first; each claims its characters.
        for m in ISO.finditer(text):
            y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
            hh = m.group("hh")
            add(m.start(), m.end(), with_time(iso(y, mo, d), int(hh) if hh else None, int(m.group("mm") or 0)), "iso")
        for m in YMD.finditer(text):
            y, mo, d = cn_or_int(m.group("y")), cn_or_int(m.group("m")), cn_or_int(m.group("d"))
            add(m.start(), m.end(), self._ymd_value(m, y, mo, d), "ymd")
        for m in YEAR_RANGE.finditer(text):
            add(m.start(), m.end(), f"{cn_or_int(m.group('y')):04d}/{cn_or_int(m.group('y2')):04d}", "year_range")
        for m in YM.finditer(text):
            y, mo = cn_or_int(m.group("y")), cn_or_int(m.group("m"))
            value = iso(y, mo)
            if m.group("m2"):
                y2 = cn_or_int(m.group("y2")) or y
                value = f"{value}/{iso(y2, cn_or_int(m.group('m2')))}"
            add(m.start(), m.end(), value, "year_month")
        for m in YEAR.finditer(text):
            if self._year_blocked(text, m):
                continue
            y, suffix = cn_or_int(m.group("y")), m.group("suffix") or ""
            end = m.end()
            value = iso(y)
            if suffix == "以来":
                value = f"{y:04d}/{docdate.isoformat() if docdate else '..'}"
            elif suffix == "上半年":
                value = f"{y:04d}-01/{y:04d}-06"
            elif suffix == "下半年":
                value = f"{y:04d}-07/{y:04d}-12"
            elif suffix in ("前", "后"):
                end -= 1
            add(m.start(), end, value, "year")
        years = self._year_mentions(text)
        for m in MD.finditer(text):
            if text[max(0, m.start() - 1):m.start()] in FREQUENCY_BEFORE:
                continue
            y = self._context_year(years, m.start(), docdate)
            mo, d = cn_or_int(m.group("m")), cn_or_int(m.group("d"))
            add(m.start(), m.end(), self._ymd_value(m, y, mo, d), "month_day")
        for m in DAY_TIME.finditer(text):
            add(m.start(), m.end(), None, "day_time")
        for m in MONTH_ALONE.finditer(text):
            if text[max(0, m.start() - 1):m.start()] in FREQUENCY_BEFORE or text[m.end():m.end() + 1] in ("度",):
                continue
            y = self._context_year(years, m.start(), docdate)
            value = iso(y, cn_or_int(m.group("m"))) if y else None
            if value and m.group("m0"):
                value = f"{iso(y, cn_or_int(m.group('m0')))}/{value}"
            elif value and m.group("m2"):
                value = f"{value}/{iso(y, cn_or_int(m.group('m2')))}"
            add(m.start(), m.end(), value, "month")
        for m in RELATIVE_RE.finditer(text):
            word = m.group()
            if text[max(0, m.start() - 1):m.start()] in FREQUENCY_BEFORE or self._relative_blocked(text, m):
                continue
            add(m.start(), m.end(), self._relative_value(word, years, m.start(), docdate), "relative")
        for m in YEAR_OF_REPORT.finditer(text):
            start = m.start()
            if m.group().endswith("之年"):
                head = re.search(rf"[{HAN}]{{2}}$", text[:start])
                if not head:
                    continue
                start = head.start()
            y = self._context_year(years, start, docdate)
            add(start, m.end(), iso(y), "year_of_report")
        for m in DURATION.finditer(text):
            match = self._duration(text, m)
            if match:
                add(*match)
        for m in CLOCK.finditer(text):
            h = cn_or_int(m.group("h_") or m.group("hh_"))
            add(m.start(), m.end(), f"T{h:02d}:{int(cn_or_int(m.group('mi_') or m.group('mm_')) or 0):02d}" if h is not None else None, "time")
        if self.cfg["bare_years"]:
            for m in BARE_YEAR.finditer(text):
                add(m.start(), m.end(), m.group("y"), "bare_year")
        return sorted(found)

    # -- values ---------------------------------------------------------

    @staticmethod
    def _ymd_value(m: re.Match, y, mo, d) -> Optional[str]:
        groups = m.re.groupindex
        h = m.group("h") if "h" in groups else None
        hh = m.group("hh") if "hh" in groups else None
        hour = cn_or_int(h) if h else (int(hh) if hh else None)
        minute = cn_or_int(m.group("mi")) if h and m.group("mi") else (int(m.group("mm")) if hh else 0)
        part = re.search(_PART, m.group())
        value = with_time(iso(y, mo, d), hour, minute, part.group() if part else "")
        if m.group("d2"):
            y2 = cn_or_int(m.group("y2")) if "y2" in groups and m.group("y2") else y
            m2 = cn_or_int(m.group("m2")) if m.group("m2") else mo
            end = iso(y2, m2, cn_or_int(m.group("d2")))
            value = f"{iso(y, mo, d)}/{end}" if value and end else None
        return value

    @staticmethod
    def _year_mentions(text: str) -> List[Tuple[int, int]]:
        """(position, year) of every explicit year, to anchor 这一年 and month-days."""
        out = []
        for m in re.finditer(rf"(?P<y>{_YEAR})(?:年|[-/.]\d)", text):
            y = cn_or_int(m.group("y"))
            if y and 1900 <= y <= 2100:
                out.append((m.start(), y))
        return out

    @staticmethod
    def _context_year(years: List[Tuple[int, int]], pos: int, docdate: Optional[dt.date]) -> Optional[int]:
        before = [y for p, y in years if p < pos]
        if before:
            return before[-1]
        return docdate.year if docdate else None

    def _relative_value(self, word: str, years, pos: int, docdate: Optional[dt.date]) -> Optional[str]:
        kind, delta = RELATIVE[word]
        if kind == "doc":
            return iso(docdate.year + delta) if docdate else None
        if kind == "context":
            return iso(self._context_year(years, pos, docdate))
        if kind == "day":
            return (docdate + dt.timedelta(days=delta)).isoformat() if docdate else None
        if kind == "half":
            y = self._context_year(years, pos, docdate)
            if y is None:
                return None
            return f"{y:04d}-01/{y:04d}-06" if delta == 1 else f"{y:04d}-07/{y:04d}-12"
        return None

    # -- exclusions -----------------------------------------------------

    @staticmethod
    def _year_blocked(text: str, m: re.Match) -> bool:
        """A Chinese-numeral "year" that is a count (十三年) is handled as a duration."""
        return not m.group("y")[0].isdigit() and not all(c in "〇零一二三四五六七八九" for c in m.group("y"))

    @staticmethod
    def _relative_blocked(text: str, m: re.Match) -> bool:
        word, after = m.group(), text[m.end():m.end() + 2]
        if word in ("年内", "年初", "年底", "年末", "上半年", "下半年") and re.search(r"[\d〇零一二三四五六七八九]$", text[:m.start()]):
            return True  # part of 2023年底: the year rule has it
        if word == "近年" and after.startswith("来"):
            return True
        if word in ("当年", "同年") and re.match(r"[度份]", after):
            return True
        return False

    @staticmethod
    def _duration(text: str, m: re.Match) -> Optional[Tuple[int, int, Optional[str], str]]:
        n_text, unit = m.group("n"), m.group("unit")
        n = cn_or_int(n_text)
        if n is None or n <= 0:
            return None
        before = text[max(0, m.start() - 4):m.start()]
        after = text[m.end():m.end() + 2]
        if unit == "日" and not after.startswith(("内", "后")):
            return None  # 14日 is a day of month
        if unit in ("年", "天", "周", "个月", "个多月", "小时") and unit != "年来":
            led = any(before.endswith(w) for w in DURATION_LEAD) or m.group("approx")
            trailed = DURATION_TRAIL.match(after)
            if not (led or trailed):
                return None
            if unit == "年" and n > 200:
                return None  # a year, not a duration
            if unit == "年" and re.match(r"[级度]", after):
                return None
        if unit == "周年" and n > 200:
            return None
        symbol = {"年": "Y", "年来": "Y", "年间": "Y", "周年": "Y", "天": "D", "日": "D", "周": "W", "个月": "M",
                  "个多月": "M", "小时": "H"}[unit]
        value = f"PT{n}H" if symbol == "H" else f"P{n}{symbol}"
        return m.start(), m.end(), value, "duration"
