"""Page chrome: navigation, SEO spam, share/print links, counters, QR prompts,
markup, image file names, e-paper page labels and headline lists, stale date widgets.

Detected by general rules on the view (Simplified, gloss-free), line by line,
plus a few in-line patterns (a click counter at the end of a byline, a markup
tag, an image file name). A chrome range gets no entity and no event. The rules
look at the *shape* of a line (many short items separated by ``|`` or commas,
``>`` breadcrumbs, bullets of headline links, a page label 第A03版, a date
widget whose date is not the article's) and at a documented list of interface
words; they never list the lines of a particular page. Content stays content:
a sentence whose clauses are separated by commas is no keyword list (its items
are long, or it enumerates with 、 or quotes), a byline keeps its date and
source (only the interface words after them are chrome), and an e-paper's
issue date under its masthead is the article's date.
"""

from __future__ import annotations

import re
from typing import Iterable, List, Tuple

# Interface words that make a short line page furniture (documented in README).
INTERFACE_WORDS = (
    "加入收藏", "添加收藏", "设为首页", "网站地图", "打印文章", "打印本页", "关闭窗口",
    "分享到", "微信扫码", "扫一扫", "扫码", "二维码", "微信公众号", "公众号", "客户端下载",
    "阅读时长", "正在加载", "当前位置", "您的位置", "您现在的位置", "上一篇", "下一篇",
    "返回顶部", "回到顶部", "版权所有", "备案号", "ICP备", "信访举报", "领取福利", "记住我",
    "蜘蛛池", "字号", "APP", "App", "按日期检索", "电子报刊", "上一版", "下一版", "版面导航",
)
_INTERFACE = re.compile("|".join(re.escape(w) for w in INTERFACE_WORDS))
# In-line furniture inside an otherwise real line (a byline with a counter).
_INLINE = re.compile(
    r"(?:点击数|点击量|点击率|浏览次数|浏览量|阅读次数|阅读量|访问量|人气)[：:]?\s*\d+"
    r"|[【\[]\s*(?:打印|关闭|收藏|分享|返回)[^】\]\n]{0,6}[】\]]"
    r"|A[-+]\s*A[-+]|字号[：:]?\s*[大中小](?:\s*[大中小]){0,2}"
    r"|</?[a-zA-Z][^<>\n]{0,200}>"  # a markup tag (<image src=…>, </p>)
    r"|[\w\-.\u4e00-\u9fff]{1,60}\.(?:jpe?g|png|gif|bmp|webp|JPE?G|PNG|GIF)(?![\w])"  # an image file name
)
# An e-paper page label (第A03版, 第一版, A03版).
_PAGE_LABEL = re.compile(r"第\s*[A-Z]?\d{1,3}\s*版|第[一二三四五六七八九十]{1,3}版|(?<![A-Za-z\d])[A-Z]\d{2}版")
# A date widget: a line that is only a date (and weekday); chrome when the byline gives another date.
_DATE = r"(?P<y>(?:19|20)\d\d)(?:年|[-/.])(?P<m>\d{1,2})(?:月|[-/.])(?P<d>\d{1,2})日?"
_DATE_WIDGET = re.compile(r"\s*" + _DATE + r"\s*(?:[（(]?(?:星期|礼拜|周)[一二三四五六日天][)）]?)?\s*")
_BYLINE_DATE = re.compile(r"(?:发布时间|发布日期|发表时间|更新时间|时间|日期)[:：]\s*" + _DATE)
_ANY_DATE = re.compile(_DATE + r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?")
_ENUMERATION = re.compile(r"[、“”《》‘’「」（）()]")
_SENTENCE_END = re.compile(r"[。！？]")
_LIST_SPLIT = re.compile(r"\s*[|｜，,]\s*")
_BREADCRUMB = re.compile(r"\S\s*(?:>|»|›|＞|→)\s*\S")
_BULLET = re.compile(r"^\s*(?:[-·•●◆▪*]|\d{1,2}[.、])\s*\S")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _is_keyword_list(line: str) -> bool:
    """SEO spam and link lists: many short items, no sentence.

    Items split at ``|`` are links (their median is short); items split at
    commas only are spam when *every* item is short and nothing enumerates or
    quotes (a sentence broken over lines has long clauses, 、 and “”)."""
    if _SENTENCE_END.search(line):
        return False
    items = [x for x in _LIST_SPLIT.split(line.strip()) if x]
    if len(items) < 4:
        return False
    lengths = sorted(len(x) for x in items)
    pipes = line.count("|") + line.count("｜")
    if pipes >= 3:
        return lengths[len(lengths) // 2] <= 16
    if _ENUMERATION.search(line) or "、" in line:
        return False
    return lengths[-1] <= 16 and line.count(",") + line.count("，") >= 3


def _is_breadcrumb(line: str) -> bool:
    s = line.strip()
    return len(s) <= 80 and len(_BREADCRUMB.findall(s)) >= 1 and not _SENTENCE_END.search(s) and s.count(">") + s.count("»") + s.count("›") + s.count("＞") + s.count("→") >= 2


def _is_interface_line(line: str) -> bool:
    s = line.strip()
    if not _INTERFACE.search(s):
        return False
    # A real sentence that merely mentions a 公众号 is content; a byline keeps its date.
    return len(s) <= 60 and not _SENTENCE_END.search(s) and not _byline_tail(line)


def _byline_tail(line: str) -> int:
    """In a byline (a date, then interface words: 2023-01-03 来源：… 字号 打印), where
    the interface part starts; 0 if the line is no such byline."""
    first = _INTERFACE.search(line)
    dates = list(_ANY_DATE.finditer(line))
    if not first or not dates or dates[-1].end() > first.start():
        return 0
    return first.start()


def _is_page_label(line: str) -> bool:
    """An e-paper page label alone or heading its list of headlines (no sentence)."""
    return bool(_PAGE_LABEL.search(line)) and not _SENTENCE_END.search(line)


def _is_headline_list(line: str) -> bool:
    """An e-paper's headline list: three or more titles separated by runs of spaces."""
    s = line.strip()
    if _SENTENCE_END.search(s):
        return False
    items = [x for x in re.split(r"\s{2,}|\u3000+", s) if x]
    return len(items) >= 3 and all(len(x) <= 40 for x in items) and sum(bool(_HAN.search(x)) for x in items) >= 3


def _stale_date_widgets(lines: List[str]) -> List[bool]:
    """Date-only lines in the page head whose date is not the byline's (a stale header widget)."""
    flags = [False] * len(lines)
    text = "\n".join(lines[:40])
    byline = _BYLINE_DATE.search(text)
    if not byline:
        return flags
    own = tuple(int(byline.group(k)) for k in ("y", "m", "d"))
    for i, line in enumerate(lines[:15]):
        m = _DATE_WIDGET.fullmatch(line)
        if m and tuple(int(m.group(k)) for k in ("y", "m", "d")) != own:
            flags[i] = True
    return flags


def _is_furniture(line: str) -> bool:
    s = line.strip()
    if not s or _HAN.search(s) or len(s) > 12:
        return False
    # A bare year or date is content; a lone counter or a close button is not.
    return not re.fullmatch(r"(?:19|20)\d{2}(?:[-/.]\d{1,2}){0,2}", s)


def _is_markup(line: str) -> bool:
    """A line that is a markup tag and what it carries (<image …>, <img src=…>)."""
    return bool(re.match(r"\s*</?[a-zA-Z][a-zA-Z0-9]*[\s>/]", line))


def _is_short(line: str) -> bool:
    s = line.strip()
    return len(s) <= 20 and not _SENTENCE_END.search(s)


def _is_link_bullets(lines: List[str], i: int) -> bool:
    """A run of three or more bulleted one-line headlines: a related-articles box."""
    def bullet(k: int) -> bool:
        if not 0 <= k < len(lines):
            return False
        s = lines[k].strip()
        return bool(_BULLET.match(s)) and s[:1] in "-·•●◆▪*" and len(s) <= 80 and not s.endswith("。")

    if not bullet(i):
        return False
    run = 1
    k = i - 1
    while bullet(k):
        run, k = run + 1, k - 1
    k = i + 1
    while bullet(k):
        run, k = run + 1, k + 1
    return run >= 3


def line_kinds(lines: List[str]) -> List[bool]:
    """Chrome flag per line: shape rules, then short lines wedged in chrome."""
    stale = _stale_date_widgets(lines)
    flags = [
        bool(line.strip())
        and (
            stale[i]
            or _is_keyword_list(line)
            or _is_breadcrumb(line)
            or _is_interface_line(line)
            or _is_furniture(line)
            or _is_link_bullets(lines, i)
            or _is_page_label(line)
            or _is_headline_list(line)
        )
        for i, line in enumerate(lines)
    ]
    # Markup lines (an embedded image) are chrome but sit inside content: they
    # do not make their neighbours chrome, so they take no part in what follows.
    markup = [_is_markup(line) for line in lines]
    content = [i for i, line in enumerate(lines) if line.strip() and not markup[i]]
    # Short lines between chrome lines (a logo between spam and a breadcrumb)
    # and the short lines of a footer after the last chrome line are chrome.
    for pos, i in enumerate(content):
        if flags[i] or not _is_short(lines[i]):
            continue
        prev_chrome = pos > 0 and flags[content[pos - 1]]
        later = [flags[j] for j in content[pos + 1:]]
        next_chrome = bool(later) and later[0]
        tail = all(_is_short(lines[j]) for j in content[pos + 1:])
        if (prev_chrome and (next_chrome or tail)) or (next_chrome and pos == 0):
            flags[i] = True
    return [f or m for f, m in zip(flags, markup)]


def chrome_ranges(text: str) -> List[Tuple[int, int]]:
    """Chrome ranges ``[start, end)`` of a (view) text, whitespace trimmed."""
    lines = text.split("\n")
    flags = line_kinds(lines)
    out: List[Tuple[int, int]] = []
    pos = 0
    for line, flag in zip(lines, flags):
        if flag:
            a = pos + len(line) - len(line.lstrip())
            b = pos + len(line.rstrip())
            if b > a:
                out.append((a, b))
        else:
            out.extend((pos + m.start(), pos + m.end()) for m in _INLINE.finditer(line))
            tail = _byline_tail(line) if _INTERFACE.search(line) else 0
            if tail:
                out.append((pos + tail, pos + len(line.rstrip())))
        pos += len(line) + 1
    return _merge(out)


def _merge(ranges: Iterable[Tuple[int, int]]) -> List[Tuple[int, int]]:
    out: List[Tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
