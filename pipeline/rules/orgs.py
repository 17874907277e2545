"""ORG and MEETING rules: organisations built from parts, meetings from heads.

Pure functions over the view string and the word lists (no spaCy objects); the
spaCy component is ``pipeline/components/org_tagger.py``.

Organisations in CPPCC and party texts are composed: a term prefix, places and
an administrative level, a body, and organs after it (十三届|自治区|政协|办公厅,
中共|贺州|市委). The tagger finds the bodies with one compiled pattern and
extends each to the left over place names (``data/places.txt``, harvested from
a maintained list of divisions), levels and term prefixes, and to the right
over organs. A prefix from the generic list (各级, 基层, 市县, 全区) makes the
whole a class, not an ORG; determiners (该, 本) stay outside. Full committee
names are read leftwards from 委员会 / 人民代表大会 ([organiser] [place] [term]
[place|全国] 委员会 [常务委员会]); associations, institutions and listed units
by their kind suffix from their nearest place; committees by their field.

A MEETING is found from its head (座谈会, 论坛, 常委会会议, 十四届一次会议) and
extends to the left by a grammar of names: a session (term, 常委会, ordinal:
十三届常委会第二十四次) cut at an organiser ORG, which stays a separate entity
(ANNOTATION.md 6, 7); an organ's meeting (主席会议) takes only its kind words
(扩大, 专题议政性); a bare 会议/大会/全会 needs a type word (工作, 代表), a session
or a place; other heads take their unquoted scope up to a boundary: punctuation
or a quote, a pronoun, copula or particle, a verb of holding (召开), a
determiner or count (相关, 17次). All passes are linear scans of the view.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

from ..components.rule_tagger import Match
from ..lexicons import LEXICON_DIR, alternation, read_list, read_sections

DEFAULT_LEXICON = LEXICON_DIR / "org_lexicon.txt"
DEFAULT_PLACES = LEXICON_DIR / "places.txt"
ORG, MEETING = "ORG", "MEETING"

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
NUM = "〇零一二三四五六七八九十百两"
TERM_PREFIX = re.compile(rf"(?:第?[{NUM}]+届|新一届)$")
# 届次 before a meeting head: 十四届一次, 第五次, 十二届七次
# 届次 before a meeting head: 十四届一次, 第五次, 十二届七次, 十三届常委会第二十四次, 二十届历次. A
# full committee name in front (政协第十二届全国委员会常务委员会) is an ORG and cuts the session.
SESSION_PREFIX = re.compile(rf"(?:第?[{NUM}\d]+届)?(?:常委会|常务委员会)?(?:(第)?[{NUM}\d]+次|(历)次)$")
COUNT_BEFORE = re.compile(rf"(?:[{NUM}\d]+|首|多|历|每|数|几|两)[次届场期]$")
ORDINAL_EDITION = re.compile(rf"第[{NUM}\d]+届$")  # 首届 stays outside, like 首次
ZUOTAN_NOUN = re.compile(r"(?<=举行|召开|进行|参加|开展)座谈(?![会交])")  # 举行座谈; not 座谈交流
SITTING_AFTER = re.compile(r"预备会议|开幕会|闭幕会|开幕式|闭幕式|开幕大会|闭幕大会")
SESSION_AFTER = re.compile(rf"第[{NUM}\d]+次(?:会议|全会|全体会议)")
CONGRESS = re.compile(rf"(?<![{NUM}])(?:十[二三四五六七八九]|二十[一二三四五]?)大")
CONGRESS_CONTEXT_BEFORE = ("党的", "中共", "共产党", "、", "和", "及", "与")
CONGRESS_CONTEXT_AFTER = re.compile(
    r"精神|报告|以来|代表|胜利|召开|开幕|闭幕|关于|提出|作出|强调|部署|期间|后|上|和|、|，|。|”|》|的"
)
PLENUM = re.compile(rf"(?:第?[{NUM}]+届)?(?:中央委员会)?第?[{NUM}]+中全会")
CENTRAL_GROUP = re.compile(rf"中央第[{NUM}]+(?:指导组|巡视组|督导组|生态环境保护督察组)")
DISCIPLINE_GROUP = re.compile(rf"(?:派驻|驻)[{HAN}]{{0,8}}?纪检监察组")
PEOPLES_CPPCC = re.compile(r"人民政协(?=成立)")
JOINT_BODY = re.compile(
    rf"(?:沿[{HAN}]{{1,2}}|西北|西南|东北|华北|华东|华南|华中|中部|西部|东部|长三角|泛珠)"
    rf"[{NUM}]+(?:省（区）|省（区、市）|省区市|省市区|省区|省市|省|市|县（市、区）|县市区|县区|县|区)政协"
)
AREA_BODY = re.compile(r"片区政协")
LEADING_GROUP = re.compile(rf"[{HAN}]{{0,6}}?领导小组")
PERIODICAL = re.compile(r"《([^《》\n“”]{2,14})》")
# Full committee names, read leftwards from 委员会 / 人民代表大会: [organiser] [place] [term] [place|全国]
# 委员会 [常务委员会] (政协临潭县第十四届委员会, 中国人民政治协商会议第十一届全国委员会常务委员会,
# 政协全国委员会, 第十二届全国人民代表大会)
COMMITTEE_HEAD = re.compile(r"委员会|人民代表大会")
FULL_ORGANISER = re.compile(r"(?:中国人民政治协商会议|政协|中国共产党|中共)$")
SPLIT_TITLE = re.compile(rf"(中国人民政治协商会议|政协)([{HAN}]{{2,16}})[ \t]*\n\s*第[{NUM}\d]+届")
TERM_BEFORE = re.compile(rf"第[{NUM}\d]+届$")
STANDING = re.compile(r"常委会")
TERM_STANDING = re.compile(rf"第?[{NUM}]+届(?:常委会|常务委员会)(?!第)")
STANDING_NOT_ORG_AFTER = re.compile(r"会议|议|专题|委员|[、和]?主席会议成员")
# 自治区党委、政府 / 市法院、检察院: the second body shares the first one's place
ELIDED_GOV = re.compile(r"(?<=[委院][、和])(?:人民政府|政府|人民检察院|检察院|人民法院|法院)")
COMMISSION = re.compile(rf"[{HAN}]{{2,10}}?委员会(?:办公室)?")
ROLE_IN_NAME = re.compile(r"书记|常委|常务|主任|主席|委员会委员|副|召开|主持|出席|召集|成立|设立|组建|成员|专门|会议")
ZONE = re.compile(
    r"(?:经济技术开发区|高新技术产业开发区|开发区|高新区|经开区|新区|自贸区|综合保税区|保税区|"
    r"工业园区|产业园区|园区|示范区|度假区|试验区|街道)$"
)
ZONE_BODIES = ("管委会", "管理委员会", "党工委", "工委", "办事处", "街道办事处")
SUB_ORGAN = re.compile(rf"[{HAN}]{{2}}(?:办公室|办|部|司|局)")
# an item of a list of units: [place|level] name + a kind suffix, between 、 and 、/，/的/主要负责
LIST_UNIT = re.compile(
    rf"(?<=、)([{HAN}]{{2,14}}?(?:局|委|办|中心|法院|检察院|军分区|集团|公司|大学|学院|银行))"
    r"(?=[、，,；;。]|的|主要负责|负责同志)"
)
WORLD_SCOPES = ("中国", "世界", "全球", "国际", "亚洲", "亚太", "全国", "海峡", "两岸")
NAME_BREAK_CHARS = "是了在把被这那其该此我你他她它"
COORDINATORS = ("和", "与", "及", "、")
FUNCTION_CHARS = "的了在是和与及对把被将为等并或由从向"
HOLDING = ("召开", "举办", "举行", "组织", "参加", "出席")
IS_HAN = re.compile(rf"[{HAN}]")
LATIN_PIECE = re.compile(r"[A-Za-z0-9]{0,4}[A-Za-z][A-Za-z0-9]{0,4}")


def read_places(path) -> FrozenSet[str]:
    return frozenset(read_list(path))


class OrgLexicon:
    """Compiled word lists and patterns; built once per pair of files."""

    def __init__(self, lexicon_path, places_path):
        sec = read_sections(lexicon_path)
        self.places = read_places(places_path) - set(sec.get("not_place", []))
        self.levels = set(sec["level"])
        self.level_compounds = set(sec.get("level_compound", []))
        self.max_place = max(len(p) for p in self.places | self.levels)
        self.bodies = set(sec["body"])
        self.level_bodies = set(sec["level_body"])
        self.departments = set(sec["department"])
        self.international = set(sec["international"])
        self.generic_prefix = set(sec["generic_prefix"])
        self.max_generic = max(len(g) for g in self.generic_prefix)
        self.generic_tail = re.compile(alternation(sec["generic_tail"]))
        self.meeting_stop = set(sec["meeting_stop"])
        self.scopes = set(sec["scope"])
        self.organ_meetings = set(sec["organ_meeting"])
        self.department_re = re.compile(alternation(self.departments))
        self.body_re = re.compile(alternation(self.bodies | self.level_bodies | self.departments))
        names = set(sec["bare_org"]) | set(sec["party"]) | set(sec["media"]) | self.international
        self.name_re = re.compile(alternation(names))
        self.media_suffix_re = re.compile(alternation(sec["media_suffix"]))
        self.periodical_tails: List[Tuple[str, int]] = []
        for entry in sec["periodical_tail"]:
            tail, _, limit = entry.partition(":")
            self.periodical_tails.append((tail, int(limit) if limit else 14))
        self.head_re = re.compile(alternation(sec["meeting_head"]))
        parties = set(sec["party"]) - {"中国共产党", "中共"}
        self.party_organ_re = re.compile(
            rf"({alternation(parties)})(?:[{HAN}]{{0,8}}?)({alternation(sec['party_organ'])})(?![会员])"
        )
        self.country_prefixes = tuple(sec["country_prefix"])
        self.no_cppcc_regions = set(sec["no_cppcc_region"])
        committees = [c + tail for c in sec["committee"] for tail in ("委员会", "委会", "委")]
        self.committee_re = re.compile(rf"(?:{alternation(committees + sec['committee_short'])})(?![员会])")
        self.organ_re = re.compile(alternation(set(sec["organ"]) | set(committees) | set(sec["committee_short"])))
        self.association_re = re.compile(alternation(sec["association_suffix"]))
        self.gathering_modifiers = tuple(sec["gathering_modifier"])
        self.venue_tail_re = re.compile(alternation(sec["venue_tail"]))
        self.bare_head_modifiers = tuple(sec["bare_head_modifier"])
        self.organ_meeting_modifiers = tuple(sorted(sec["organ_meeting_modifier"], key=len, reverse=True))
        self.people_nouns = tuple(sorted(sec["people_noun"], key=len, reverse=True))

    # -- left extension over places, levels and term prefixes ---------------------------
    def place_chain(self, text: str, end: int, floor: int, token_starts: Optional[Set[int]]) -> Tuple[int, int, int]:
        """Leftmost start of places/levels ending at ``end``; (start, n_places, n_levels)."""
        i, n_places, n_levels, last_level = end, 0, 0, False
        while i > floor:
            found = None
            for k in range(min(self.max_place, i - floor), 0, -1):
                piece = text[i - k : i]
                if piece in self.places:
                    found = (k, False)
                    break
                if piece in self.levels:
                    found = (k, True)
                    break
            if found is None:
                break
            k, is_level = found
            if is_level and k == 1 and n_places and not last_level:
                break  # 澳区|广东省: a level left of a place belongs to something else
            if is_level:
                if last_level and n_places == 0 and k == 1:
                    return i - k, n_places, n_levels + 2  # 市县, 省市: a class
                if k == 1 and text[max(0, i - 2) : i] in self.level_compounds - self.generic_prefix:
                    break  # 城市|政府: the level character belongs to another word
                n_levels += 1
            else:
                n_places += 1
            last_level = is_level
            i -= k
        return i, n_places, n_levels

    def is_generic_before(self, text: str, start: int) -> bool:
        for k in range(1, self.max_generic + 1):
            if start - k < 0:
                break
            if text[start - k : start] in self.generic_prefix:
                return True
        # 全市政协: the scope shares the level character
        return start >= 1 and text[start - 1 : start + 1] in self.generic_prefix


@lru_cache(maxsize=4)
def load_lexicon(lexicon_path: str, places_path: str) -> OrgLexicon:
    return OrgLexicon(lexicon_path, places_path)


# -- ORG ------------------------------------------------------------------------------------


def find_orgs(text: str, lex: OrgLexicon, token_starts: Optional[Set[int]]) -> List[Match]:
    found: List[Match] = []
    for m in lex.body_re.finditer(text):
        match = _composed_org(text, m.start(), m.end(), m.group(), lex, token_starts)
        if match is not None:
            found.append(match)
    found += find_full_committees(text, lex)
    for m in lex.name_re.finditer(text):
        name = m.group()
        s, e = m.start(), m.end()
        if name == "党组" and (text[s - 1 : s] in ("分", "各") or text[e : e + 1] == "织"):
            continue
        if name.endswith("部") and text[e : e + 1] == "门":
            continue  # 教育部门 is a class of departments
        if name == "中共" and text[e : e + 1] in ("党", "中"):
            continue  # 中共党员 is a description; 中共中央 is matched whole
        if name.endswith("常委会") and STANDING_NOT_ORG_AFTER.match(text, e):
            continue  # [政协][常委会会议]
        if len(name) <= 2 and token_starts is not None and s not in token_starts:
            continue  # 要求是: not 求是
        if lex.is_generic_before(text, s) or _after_enumeration(text, s, lex):
            continue
        end = _organs_after(text, e, lex) if name not in lex.international else e
        if end == e and name.endswith(("院", "办", "中央")):
            sub = SUB_ORGAN.match(text, e)  # 国务院法制办, 中联办协调部
            if sub is not None and (token_starts is None or sub.end() in token_starts):
                end = sub.end()
        rule = "org:international" if name in lex.international else "org:name"
        found.append(Match(_country_prefix(text, s, lex), end, ORG, rule=rule))
    for m in lex.party_organ_re.finditer(text):
        place_start, n_places, _ = lex.place_chain(text, m.start(2), m.end(1), None)
        if place_start == m.end(1) and not lex.is_generic_before(text, m.start()):
            found.append(Match(m.start(), _organs_after(text, m.end(), lex), ORG, rule="org:party_organ"))
    for m in lex.committee_re.finditer(text):
        s, e = m.start(), m.end()
        if token_starts is not None and (s not in token_starts or e not in token_starts):
            continue
        if lex.is_generic_before(text, s) or text[s - 2 : s] in ("专门", "专业"):
            continue
        found.append(Match(s, e, ORG, rule="org:committee"))
    found += _associations(text, lex, token_starts)
    found += _list_units(text, lex, token_starts)
    for m in lex.media_suffix_re.finditer(text):
        start, n_places, _ = lex.place_chain(text, m.start(), 0, token_starts)
        if n_places:
            found.append(Match(start, m.end(), ORG, rule="org:media"))
    for m in PERIODICAL.finditer(text):
        title = m.group(1)
        if any(title.endswith(tail) and len(title) <= limit for tail, limit in lex.periodical_tails):
            found.append(Match(m.start(1), m.end(1), ORG, rule="org:periodical"))
    for pattern, rule in (
        (CENTRAL_GROUP, "org:central_group"),
        (DISCIPLINE_GROUP, "org:discipline_group"),
        (JOINT_BODY, "org:joint_body"),
        (PEOPLES_CPPCC, "org:peoples_cppcc"),
    ):
        for m in pattern.finditer(text):
            found.append(Match(m.start(), m.end(), ORG, rule=rule))
    for m in AREA_BODY.finditer(text):
        start = _token_left(text, m.start(), token_starts, lex, max_chars=5)
        if start < m.start():
            found.append(Match(start, m.end(), ORG, rule="org:joint_body"))
    for m in STANDING.finditer(text):
        s, e = m.start(), m.end()
        if STANDING_NOT_ORG_AFTER.match(text, e) or text[s - 1 : s] in ("性", "各", "、") or text[s - 2 : s] == "人大":
            continue
        found.append(Match(s, e, ORG, rule="org:standing_committee"))
    composed_ends = {m.end for m in found if m.rule in ("org:composed", "org:level_body")}
    for m in ELIDED_GOV.finditer(text):
        if m.start() - 1 in composed_ends:  # 自治区党委、政府, not 党委、政府
            found.append(Match(m.start(), m.end(), ORG, rule="org:elided_government"))
            composed_ends.add(m.end())
    for m in lex.department_re.finditer(text):  # 市财政局、税务局: a listed department shares the place
        if m.start() - 1 in composed_ends and text[m.start() - 1] in "、和及" and not text.startswith("门", m.end()):
            end = _organs_after(text, m.end(), lex)
            found.append(Match(m.start(), end, ORG, rule="org:elided_department"))
            composed_ends.add(end)
    for m in re.finditer(r"(?<![机关政协区市县省])(?:办公厅|办公室)党组", text):
        found.append(Match(m.start(), m.end(), ORG, rule="org:organ_party_group"))
    return found


def find_full_committees(text: str, lex: OrgLexicon) -> List[Match]:
    """Full committee names (ANNOTATION.md 7): one ORG with its term and 常务委员会, never the session."""
    found = []
    for m in COMMITTEE_HEAD.finditer(text):
        i, end = m.start(), m.end()
        if text.startswith("常务委员会", end):
            end += 5
        if m.group() == "委员会" and text.endswith("常务", 0, i):
            continue  # the tail of a name already read
        scoped = False
        for _ in range(2):  # a place or 全国 on either side of the term
            if text.endswith("全国", 0, i):
                i, scoped = i - 2, True
            else:
                j, n_places, _ = lex.place_chain(text, i, max(0, i - 16), None)
                if n_places:
                    i, scoped = j, True
            term = TERM_BEFORE.search(text, max(0, i - 6), i)
            if term is None:
                break
            i, scoped = term.start(), True
        organiser = FULL_ORGANISER.search(text, max(0, i - 10), i)
        if m.group() == "人民代表大会":
            if scoped and not text.startswith("会议", m.end()):
                found.append(Match(i, end, ORG, rule="org:full_name"))
        elif organiser is not None and scoped:
            found.append(Match(organiser.start(), _organs_after(text, end, lex), ORG, rule="org:full_name"))
    for m in SPLIT_TITLE.finditer(text):  # a title broken by the scraper: organiser and place on their own line
        start, n_places, _ = lex.place_chain(text, m.end(2), m.start(2), None)
        if start == m.start(2) and n_places:
            found.append(Match(m.start(), m.end(2), ORG, rule="org:full_name_split"))
    return found


def _list_units(text: str, lex: OrgLexicon, token_starts) -> List[Match]:
    """Units listed side by side (县某某局、县某某服务中心、某某集团): each item is an ORG."""
    found = []
    for m in LIST_UNIT.finditer(text):
        s, e = m.span(1)
        item = m.group(1)
        if any(c in FUNCTION_CHARS.replace("和", "") for c in item):
            continue
        if token_starts is not None and (s not in token_starts or e not in token_starts):
            continue
        if any(g in item for g in lex.generic_prefix if len(g) > 1):
            continue  # 县两级法院, 各级党校: a class
        level = any(item.startswith(p) and item[len(p) : len(p) + 1] != "级" for p in lex.levels)
        place = any(item[:k] in lex.places for k in range(2, min(lex.max_place, len(item)) + 1))
        if item.endswith("中心") and not level:
            continue  # 某某文化中心 is a venue; 县某某服务中心 a unit
        if level or place or item.endswith(("集团", "公司", "银行")):
            found.append(Match(s, e, ORG, rule="org:list_unit"))
    return found


def _country_prefix(text: str, start: int, lex: OrgLexicon) -> int:
    """中国全国政协, 大陆全国人大: the country prefix of a national body stays inside."""
    if text.startswith("全国", start):
        for prefix in lex.country_prefixes:
            if text.endswith(prefix, 0, start):
                return start - len(prefix)
    return start


def _associations(text: str, lex: OrgLexicon, token_starts) -> List[Match]:
    """Associations by their kind suffix: [place] name suffix; bare 联谊会 is the association itself."""
    found = []
    for m in lex.association_re.finditer(text):
        s, e = m.start(), m.end()
        if token_starts is not None and e not in token_starts:
            continue
        before = text[max(0, s - 4) : s]
        if m.group().endswith("联谊会"):
            modifier = next((g for g in lex.gathering_modifiers if before.endswith(g)), None)
            if modifier is not None or before.endswith(HOLDING):  # 新春联谊会, 举办联谊会: a gathering
                found.append(Match(s - len(modifier or ""), e, MEETING, rule="meeting:gathering"))
                continue
        left = s
        while left > 0 and s - left < 14 and IS_HAN.match(text[left - 1]) and text[left - 1] not in FUNCTION_CHARS:
            left -= 1
        start = None
        stops = [w for w in lex.meeting_stop if len(w) > 1]
        for j in range(left, s):  # the leftmost place (at a word start) with no verb after it begins the name
            if token_starts is not None and j not in token_starts:
                continue
            if any(text[j : j + k] in lex.places for k in range(2, min(lex.max_place, s - j) + 1)):
                if not any(w in text[j:s] for w in stops):
                    start = j
                    break
        if start is None and left < s and left > 0 and text[left - 1] in "“「‘":
            start = left  # a name set off by a quote
        if start is not None and any(g in text[start:s] for g in lex.generic_prefix if g.startswith("各")):
            continue  # 福建各地台协会: a class of associations
        if start is not None:
            found.append(Match(start, e, ORG, rule="org:association"))
        elif m.group() in ("联谊会", "联谊总会") and not lex.is_generic_before(text, s):
            found.append(Match(s, e, ORG, rule="org:association"))
    return found


def _no_cppcc(text: str, start: int, s: int, lex: OrgLexicon) -> bool:
    chain = text[start:s]
    if chain in lex.no_cppcc_regions:
        return True
    return chain in lex.levels and any(text.endswith(r, 0, start) for r in lex.no_cppcc_regions)


def _after_enumeration(text: str, start: int, lex: OrgLexicon) -> bool:
    """自治区、市、县政协 / 11个市政协 / 县（区）政协: a list or a count of levels is a class."""
    before = text[max(0, start - 4) : start]
    if re.search(rf"(?:[{NUM}\d]+个|（[区市县]）)$", before):
        return True
    return before.endswith("、") and any(before[:-1].endswith(level) for level in lex.levels)


def _organs_after(text: str, end: int, lex: OrgLexicon, limit: int = 2) -> int:
    for _ in range(limit):
        m = lex.organ_re.match(text, end)
        if m is not None and m.group() == "常委会" and STANDING_NOT_ORG_AFTER.match(text, m.end()):
            m = None
        if m is None:
            m = LEADING_GROUP.match(text, end)
        if m is None:
            m = COMMISSION.match(text, end) if text.endswith(("委", "中央"), 0, end) else None  # 市委|深化改革委员会
            if m is not None and (ROLE_IN_NAME.search(m.group()) or any(c in FUNCTION_CHARS + NUM for c in m.group())):
                m = None
        if m is None:
            break
        end = m.end()
    return end


def _composed_org(text: str, s: int, e: int, body: str, lex: OrgLexicon, token_starts) -> Optional[Match]:
    if body.endswith("常委会") and STANDING_NOT_ORG_AFTER.match(text, e):
        e, body = e - 3, body[:-3]  # [省人大][常委会会议], like [政协][常委会会议]
    if body in lex.level_bodies and text[e : e + 1] in ("会", "员"):
        return None  # 民主党派省委会, 市委员会 (matched as a full name)
    zone = ZONE.search(text, max(0, s - 10), s) if body in ZONE_BODIES else None
    start, n_places, n_levels = lex.place_chain(text, zone.start() if zone else s, 0, token_starts)
    if zone is not None:  # 南宁高新区|管委会: a development zone with its place is the body's level
        if n_places == 0:
            return None
        n_levels += 1
    if n_levels > 1 and n_places == 0:
        return None  # 市县政协, 省市县
    if text[max(0, start - 3) : start] in ("县（区", "市（区") or text[s - 3 : s] == "（区）":
        return None
    term = TERM_PREFIX.search(text, max(0, start - 5), start)
    if term is not None:
        start = term.start()
        if n_places == 0 and n_levels == 0:  # 省|十四届|人大: a level or place before the term
            before, n_places, n_levels = lex.place_chain(text, start, max(0, start - lex.max_place), token_starts)
            start = before
    prefixed = start < s
    if body in ("中共", "中国共产党"):
        return None
    party = re.search(r"(?:中国共产党|中共)$", text[max(0, start - 5) : start])
    if party is not None and (body in lex.level_bodies or body in ("党委", "委员会")):
        start -= len(party.group())
        prefixed = True
    if lex.is_generic_before(text, start) or _after_enumeration(text, start, lex):
        return None
    if body == "政协" and _no_cppcc(text, start, s, lex):
        return None  # 澳门政协委员, 港区政协委员: members from a region without a CPPCC
    start = _country_prefix(text, start, lex)
    end = _organs_after(text, e, lex)
    standing = TERM_STANDING.match(text, end)
    if standing is not None and not STANDING_NOT_ORG_AFTER.match(text, standing.end()):
        end = standing.end()  # 省政协第十一届常委会 acting on its own is one ORG
    if lex.generic_tail.match(text, end) and body == "政协":
        return None
    if body in lex.level_bodies:
        return Match(start, end, ORG, rule="org:level_body")
    if not prefixed or (n_places == 0 and n_levels == 0 and party is None):
        if body == "政协" and end > e and start == s:
            return Match(s, end, ORG, rule="org:cppcc_organ")
        return None
    if body in lex.departments and n_places == 0 and n_levels == 0:
        return None
    return Match(start, end, ORG, rule="org:composed")


def _token_left(text: str, end: int, token_starts, lex: OrgLexicon, max_chars: int) -> int:
    """Extend left over one or two non-stop Han tokens (六盘山|片区政协)."""
    i = end
    for _ in range(2):
        j = i - 1
        if j < 0 or not IS_HAN.match(text[j]):
            break
        if token_starts is not None:
            while j > 0 and j not in token_starts and IS_HAN.match(text[j - 1]):
                j -= 1
        if end - j > max_chars or text[j:i] in lex.meeting_stop:
            break
        i = j
        if token_starts is None:
            break
    return i


# -- MEETING --------------------------------------------------------------------------------


def find_meetings(
    text: str, lex: OrgLexicon, orgs: Sequence[Match], token_starts: Optional[Set[int]], max_chars: int
) -> Tuple[List[Match], List[Match]]:
    """MEETING candidates and the bare organisers (政协 before 全体会议) found on the way."""
    organiser_ends = {m.end: m.start for m in orgs if m.rule not in ("org:international", "org:standing_committee")}
    meetings: List[Match] = []
    organisers: List[Match] = []
    named = []  # congresses and plenums (二十大, 二十届二中全会) are names of their own
    for m in CONGRESS.finditer(text):
        s, e = m.start(), m.end()
        if text[max(0, s - 3) : s].endswith(CONGRESS_CONTEXT_BEFORE) or CONGRESS_CONTEXT_AFTER.match(text, e):
            named.append(Match(s, e, MEETING, rule="meeting:congress"))
    named += [Match(m.start(), m.end(), MEETING, rule="meeting:plenum") for m in PLENUM.finditer(text)]
    named += [Match(m.start(), m.end(), MEETING, rule="meeting:noun_zuotan") for m in ZUOTAN_NOUN.finditer(text)]
    covered = {e for m in named for e in range(m.start + 1, m.end + 1)}
    # a head inside an organisation's name (人民代表大会, 中国人民政治协商会议) is no meeting
    covered |= {e for m in orgs for e in range(m.start + 1, m.end + 1)}
    heads = []
    for m in lex.head_re.finditer(text):
        hs, he = m.start(), m.end()
        if he in covered:
            continue
        if m.group().endswith("会") and text[he : he + 1] == "议":
            he += 1  # 协商会议, 专题议政性常委会议
        heads.append((hs, he, text[hs:he]))
    head_ends = {e for _, e, _ in heads} | {m.end for m in named}
    for hs, he, head in heads:
        if lex.venue_tail_re.match(text, he):
            continue  # 人民大会堂, 会议室: a venue
        if head == "大会" and text.endswith("人民代表", 0, hs):
            continue  # 人民代表大会 is a body (an ORG with its scope), never a meeting
        tail = SESSION_AFTER.match(text, he) or (SITTING_AFTER.match(text, he) if head.endswith("会议") else None)
        end = tail.end() if tail else he
        start, organiser = _meeting_start(text, hs, head, lex, organiser_ends, head_ends, token_starts, max_chars)
        if organiser is not None:
            organisers.append(organiser)
        if head in lex.organ_meetings and not SESSION_PREFIX.search(text, start, hs):
            start = _organ_meeting_start(text, start, hs, lex)
        if head in ("会议", "大会", "全会") and not _bare_head_named(text[start:hs], lex):
            continue
        if head == "政协会议" and organiser is None:
            start = _scope_start(text, hs, lex)  # 福建政协会议, 全国政协会议; 内地|政协会议
        meetings.append(Match(start, end, MEETING, rule="meeting:head"))
    return meetings + named, organisers


def _organ_meeting_start(text: str, start: int, hs: int, lex: OrgLexicon) -> int:
    """An organ's meeting (主席会议, 常委会会议) takes only its kind words in front (扩大, 专题议政性):
    a topic or a verb there (创立|主席会议) is outside the name."""
    i = hs
    while i > start:
        word = next((w for w in lex.organ_meeting_modifiers if text.endswith(w, start, i)), None)
        if word is None:
            break
        i -= len(word)
    return i


def _bare_head_named(modifier: str, lex: OrgLexicon) -> bool:
    """A bare 会议/大会/全会 is a name only after a session (十四届二次) or a type word (工作, 代表)."""
    if not _has_scope(modifier, lex):
        return False
    if SESSION_PREFIX.search(modifier) or modifier.endswith(lex.bare_head_modifiers):
        return True
    # a named conference anchored in a place or a world scope: 世界VR产业大会, 中国新电商大会
    if len(modifier) < 3 or any(c in NAME_BREAK_CHARS + FUNCTION_CHARS for c in modifier):
        return False
    if LATIN_PIECE.search(modifier) or modifier.startswith(WORLD_SCOPES):
        return True
    return any(modifier[:k] in lex.places for k in range(2, min(lex.max_place, len(modifier)) + 1))


def _scope_start(text: str, hs: int, lex: OrgLexicon) -> int:
    """The place or 全国 scope of a 政协会议 (a scope word stays inside, ANNOTATION.md 7)."""
    if text.endswith("全国", 0, hs):
        return hs - 2
    start, n_places, _ = lex.place_chain(text, hs, max(0, hs - 12), None)
    return start if n_places else hs


def _has_scope(modifier: str, lex: OrgLexicon) -> bool:
    for scope in sorted(lex.scopes, key=len, reverse=True):
        modifier = modifier.replace(scope, "")
    return bool(modifier)


def _meeting_start(text, hs, head, lex, organiser_ends, head_ends, token_starts, max_chars):
    """Leftmost start of the meeting's unquoted scope, and a bare organiser if one stops it."""
    i = hs
    session = SESSION_PREFIX.search(text, max(0, hs - 16), hs)
    if session is not None:
        if "届" in session.group() or session.group(1) or session.group(2):
            i = session.start()
            cut = [e for e in organiser_ends if i < e <= hs]
            if cut:  # [政协第十二届全国委员会常务委员会][第二十四次会议]
                return max(cut), None
            if text.endswith("政协", 0, i) and i not in organiser_ends:
                return i, Match(i - 2, i, ORG, rule="org:organiser")  # [政协][十四届二次会议]
        elif session.start() in organiser_ends:
            return session.start(), None  # 省十四届人大|二次会议: a session right after its body
        else:
            return i, None  # 17次主席会议: a count, not part of the name
    connector = None  # where the name crossed 和/与: kept only if anchored (organiser, 中国—)
    while i > 0 and hs - i < max_chars:
        if i in organiser_ends:
            connector = None
            people = next((p for p in lex.people_nouns if text.startswith(p, i) and i + len(p) <= hs), None)
            if people is not None and text[organiser_ends[i] - 1 : organiser_ends[i]] in COORDINATORS:
                i += len(people)  # 港澳委员和[市海联会]理事[座谈会]: a list of participants, not the name
            break
        if text.endswith("政协", 0, i) and head in lex.organ_meetings and i == hs:
            if i - 2 not in organiser_ends:
                return i, Match(i - 2, i, ORG, rule="org:organiser")
            break
        ordinal = ORDINAL_EDITION.search(text, max(0, i - 6), i)
        if ordinal is not None:  # 第二十届|中国—东盟博览会: the edition is part of the name
            i = ordinal.start()
            continue
        if COUNT_BEFORE.search(text, max(0, i - 6), i):
            break  # 17次|主席会议, 两届|大会: a count
        j = _piece_start(text, i, token_starts)
        piece = text[j:i]
        if piece == "—":
            if text.endswith("中国", 0, j):
                i = j
                continue
            break
        if LATIN_PIECE.fullmatch(piece) and i < hs:
            i = j  # 世界VR产业大会, 5G产业论坛: a Latin word inside the name
            continue
        if not IS_HAN.match(piece[0]) or not IS_HAN.match(piece[-1]):
            break
        if piece == "的" and text.endswith("党", 0, j):
            i = j - 1
            continue
        if any(c in NAME_BREAK_CHARS for c in piece) or (len(piece) > 1 and "的" in piece):
            break  # 这是|双周协商座谈会: a pronoun, copula or particle never sits inside a name
        if piece in lex.meeting_stop or any(text[i - k : i] in lex.meeting_stop for k in (2, 3, 4) if i >= k):
            break  # a stop token, or a stop word of several characters (召开) ending here
        if piece in ("和", "与"):
            if j in head_ends or j in organiser_ends:
                break
            k = _piece_start(text, j, token_starts)
            if text[k:j] in lex.meeting_stop or not IS_HAN.match(text[k:j][:1] or "x"):
                break
            if connector is None:
                connector = i
        i = j
    if connector is not None and "—" not in text[i:hs]:
        i = connector
    return i, None


def _piece_start(text: str, i: int, token_starts: Optional[Set[int]]) -> int:
    """Start of the token (or character, without tokens) that ends at ``i``."""
    j = i - 1
    if token_starts is None:
        return j
    while j > 0 and j not in token_starts and i - j < 8:
        j -= 1
    return j


# -- both -----------------------------------------------------------------------------------


def find_orgs_and_meetings(
    text: str, lex: OrgLexicon, token_starts: Optional[Set[int]] = None, max_meeting_chars: int = 24
) -> List[Match]:
    orgs = _longest(find_orgs(text, lex, token_starts))
    meetings, organisers = find_meetings(text, lex, orgs, token_starts, max_meeting_chars)
    return _longest(orgs + organisers + meetings)


def _longest(matches: Iterable[Match]) -> List[Match]:
    """Non-overlapping selection: longer first, then leftmost."""
    matches = list(matches)
    taken = bytearray(max((m.end for m in matches), default=0))
    out: List[Match] = []
    for m in sorted(matches, key=lambda x: (-(x.end - x.start), x.start)):
        if m.end <= m.start or any(taken[m.start : m.end]):
            continue
        taken[m.start : m.end] = b"\x01" * (m.end - m.start)
        out.append(m)
    return sorted(out, key=lambda x: x.start)
