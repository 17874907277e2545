"""Page chrome: navigation, SEO spam, share/print links, counters, QR prompts.

Detected by general rules on the view (Simplified, gloss-free), line by line,
plus a few in-line patterns (a click counter at the end of a byline). A chrome
range gets no entity and no event. The rules look at the *shape* of a line
(many short items separated by ``|`` or commas, ``>`` breadcrumbs, bullets of
headline links) and at a documented list of interface words; they never list
the lines of a particular page.
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
    "蜘蛛池", "字号", "APP", "App",
)
_INTERFACE = re.compile("|".join(re.escape(w) for w in INTERFACE_WORDS))
# In-line furniture inside an otherwise real line (a byline with a counter).
_INLINE = re.compile(
    r"(?:点击数|点击量|点击率|浏览次数|浏览量|阅读次数|阅读量|访问量|人气)[：:]?\s*\d+"
    r"|[【\[]\s*(?:打印|关闭|收藏|分享|返回)[^】\]\n]{0,6}[】\]]"
    r"|A[-+]\s*A[-+]|字号[：:]?\s*[大中小](?:\s*[大中小]){0,2}"
)
_SENTENCE_END = re.compile(r"[。！？]")
_LIST_SPLIT = re.compile(r"\s*[|｜，,、]\s*")
_BREADCRUMB = re.compile(r"\S\s*(?:>|»|›|＞|→)\s*\S")
_BULLET = re.compile(r"^\s*(?:[-·•●◆▪*]|\d{1,2}[.、])\s*\S")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _is_keyword_list(line: str) -> bool:
    """SEO spam and link lists: many short items, no sentence."""
    if _SENTENCE_END.search(line):
        return False
    items = [x for x in _LIST_SPLIT.split(line.strip()) if x]
    if len(items) < 4:
        return False
    lengths = sorted(len(x) for x in items)
    return lengths[len(lengths) // 2] <= 16 and line.count("|") + line.count("｜") + line.count(",") + line.count("，") >= 3


def _is_breadcrumb(line: str) -> bool:
    s = line.strip()
    return len(s) <= 80 and len(_BREADCRUMB.findall(s)) >= 1 and not _SENTENCE_END.search(s) and s.count(">") + s.count("»") + s.count("›") + s.count("＞") + s.count("→") >= 2


def _is_interface_line(line: str) -> bool:
    s = line.strip()
    if not _INTERFACE.search(s):
        return False
    # A real sentence that merely mentions a 公众号 is content.
    return len(s) <= 60 and not _SENTENCE_END.search(s)


def _is_furniture(line: str) -> bool:
    s = line.strip()
    if not s or _HAN.search(s) or len(s) > 12:
        return False
    # A bare year or date is content; a lone counter or a close button is not.
    return not re.fullmatch(r"(?:19|20)\d{2}(?:[-/.]\d{1,2}){0,2}", s)


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
    flags = [
        bool(line.strip())
        and (
            _is_keyword_list(line)
            or _is_breadcrumb(line)
            or _is_interface_line(line)
            or _is_furniture(line)
            or _is_link_bullets(lines, i)
        )
        for i, line in enumerate(lines)
    ]
    content = [i for i, line in enumerate(lines) if line.strip()]
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
    return flags


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
