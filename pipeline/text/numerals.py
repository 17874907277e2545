"""Numbers as Chinese official texts write them: Arabic, Chinese, or mixed.

``parse_number("二〇二三")`` → 2023 (digit by digit), ``"一百二十"`` → 120,
``"两"`` → 2, ``"3.5万"`` → 35000, ``"7500亿"`` → 7.5e11, ``"百"`` → 100,
``"5,621"`` → 5621, ``"1,234.5亿"`` → 123450000000, ``"廿七"`` → 27.

Arabic numbers may group thousands with a comma (ASCII, or the full-width one
the text view turns it into): a group is then exactly three digits, so
``5,621`` is one number and ``4,12`` is none. A finder must match the
:data:`ARABIC` grammar as a whole, never a tail of it (``621`` of ``5,621``).
Full-width digits are normalised by the text view before this is called.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Optional

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
# 廿 (twenty) and 卅 (thirty) in dates and datelines (廿七日).
TENS = {"廿": "二十", "卅": "三十"}
SEPARATORS = ",，"
# An Arabic number: thousands grouped by commas (5,621; 1,234.5) or plain (649, 99.8).
ARABIC = r"(?:\d{1,3}(?:[,，]\d{3})+(?![\d])(?:\.\d+)?|\d+(?:\.\d+)?)"
# A number: Arabic optionally followed by 万/亿, or a run of Chinese numerals.
NUMBER = r"(?:" + ARABIC + r"(?:[万亿]+)?|[" + CN_CHARS + r"]+)"
_ARABIC = re.compile(r"(" + ARABIC + r")([万亿]*)")
_FRACTION = re.compile(r"(?:百分之(?P<pct>.+)|(?P<den>.+?)分之(?P<num>.+))")


def _parse_chinese_section(text: str) -> Optional[int]:
    """A number below 10,000 written with 十/百/千 (or digit by digit)."""
    if not text:
        return 0
    if all(c in DIGITS for c in text):
        if len(text) == 1:
            return DIGITS[text]
        return int("".join(str(DIGITS[c]) for c in text))  # 二〇二三
    total, current = 0, None
    for c in text:
        if c in DIGITS:
            current = DIGITS[c]
        elif c in SMALL_UNITS:
            total += (1 if current is None else current) * SMALL_UNITS[c]
            current = None
        else:
            return None
    return total + (current or 0)


def parse_chinese(text: str) -> Optional[int]:
    """Chinese numerals to an int; None if the string is not a number."""
    if text and text[0] in TENS:
        text = TENS[text[0]] + text[1:]
    if not text or any(c not in CN_CHARS for c in text):
        return None
    total, rest = 0, text
    for unit in ("亿", "万"):
        if unit in rest:
            head, rest = rest.split(unit, 1)
            if not head and total:
                return None  # 亿万: a bare 万 after 亿 is the idiom "hundreds of millions", not a number
            value = parse_chinese(head) if head else 1
            if value is None:
                return None
            total += value * BIG_UNITS[unit]
    section = _parse_chinese_section(rest)
    return None if section is None else total + section


def parse_arabic(text: str) -> Optional[Decimal]:
    """An Arabic number of the :data:`ARABIC` grammar, exactly (Decimal); None otherwise."""
    if not re.fullmatch(ARABIC, text):
        return None
    return Decimal(text.replace(",", "").replace("，", ""))


def parse_number(text: str) -> Optional[float]:
    """Arabic, Chinese or mixed (``3.5万``, ``1,234.5亿``) numerals to a number; None if not one."""
    text = text.strip()
    m = _ARABIC.fullmatch(text)
    if m:
        value = parse_arabic(m.group(1))  # exact: 1.1亿 is 110000000, not 110000000.00000001
        for unit in m.group(2):
            value *= BIG_UNITS[unit]
        return int(value) if value == value.to_integral_value() else float(value)
    return parse_chinese(text)


def parse_fraction(text: str) -> Optional[Fraction]:
    """``三分之二`` → 2/3, ``百分之三十`` → 3/10; None if not a fraction."""
    m = _FRACTION.fullmatch(text.strip())
    if not m:
        return None
    if m.group("pct") is not None:
        pct = parse_number(m.group("pct"))
        return None if pct is None else Fraction(Decimal(str(pct))) / 100
    den, num = parse_number(m.group("den")), parse_number(m.group("num"))
    if not den or num is None:
        return None
    return Fraction(Decimal(str(num))) / Fraction(Decimal(str(den)))
