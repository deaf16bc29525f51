"""Finding roster schools in a list of folded words: exact, joined, reordered, then fuzzy."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import fuzz, process

from watcher.matching import names
from watcher.matching.codes import code_key, code_shape
from watcher.matching.names import Phrase
from watcher.model import School

EXACT, JOINED, REORDERED, FUZZY = "exact", "joined", "reordered", "fuzzy"
SCORES = {EXACT: 100.0, JOINED: 96.0, REORDERED: 92.0}
# 'MN Hoa Sen' for 'Trường Mầm non Hoa Sen (Bắc Mê)': the roster's bracket tells same-name
# schools apart; the name without it is the school, tied with the others of that name until a
# place settles it (or a school of that level is named exactly so)
_BRACKET = re.compile(r"^(?P<base>.*\S)\s*\((?P<said>[^()]*\w[^()]*)\)\s*$")
FUZZY_CEILING = 95.0  # a fuzzy hit never scores like an exact one
# A fuzzy word must look like a slip of the keyboard: one letter more or less in a word of
# four letters or more ("thapp", "huyn"). A changed vowel ("toan" for "tuan") is another name.
FUZZY_WORD_FLOOR = 85.0
FUZZY_WORD_LENGTH = 4
PARTIAL_LEVEL_PENALTY = 10.0
FUZZY_CANDIDATES = 25
RAREST_WORDS = 4


class Hit(NamedTuple):
    """One school recognised in one piece of text (a file name, a folder, a letterhead)."""

    school: int  # position in the roster
    how: str  # exact | joined | reordered | fuzzy
    score: float  # 0..100 after level adjustment
    start: int
    end: int
    found: str  # the folded words that matched
    said: frozenset[str] | None  # the level the text gives, if any
    agreement: str  # names.agreement(said, school level)


class Rejection(NamedTuple):
    """A school whose name is present but which cannot be meant, and why."""

    school: int
    why: str  # level | number | shorter | town | type
    found: str
    said: frozenset[str] | None = None
    detail: str = ""


@dataclass
class Found:
    hits: list[Hit]
    rejections: list[Rejection]


# A tree of roster names, word by word: (the next words, the schools whose name ends here).
_Node = tuple[dict[str, "_Node"], "set[int] | None"]


def _names_tree(exact: dict[Phrase, set[int]]) -> _Node:
    """The exact names as a tree of words: a name written in order is found by walking it."""
    root: _Node = ({}, None)
    ends: dict[Phrase, set[int]] = dict(exact)
    nodes: dict[Phrase, _Node] = {(): root}
    for core in sorted(exact, key=len):
        for size in range(1, len(core) + 1):
            prefix = core[:size]
            if prefix not in nodes:
                node: _Node = ({}, ends.get(prefix))
                nodes[prefix] = node
                nodes[core[: size - 1]][0][core[size - 1]] = node
    return root


class SchoolIndex:
    """Exact, joined and reordered dictionaries plus a word index for fuzzy candidates."""

    def __init__(self, schools: Sequence[School]) -> None:
        self.schools = list(schools)
        self.levels = [names.level_of(school.level) for school in self.schools]
        self.exact: dict[Phrase, set[int]] = defaultdict(set)
        self.joined: dict[str, set[int]] = defaultdict(set)
        self.reordered: dict[Phrase, set[int]] = defaultdict(set)
        self.words: dict[str, set[int]] = defaultdict(set)
        self.cores: list[list[Phrase]] = [[] for _ in self.schools]
        self.numbered: set[Phrase] = set()  # 'tuoi tho' when 'tuoi tho 2' exists
        self.emails: dict[str, set[int]] = defaultdict(set)
        self.codes: dict[str, set[int]] = defaultdict(set)  # 'mn5', '79783422' -> schools
        self.bases: dict[Phrase, set[int]] = defaultdict(set)  # 'an phu' -> An Phú, An Phú 1, ...
        # 'TH TT Diễn Châu': the name is the town's (often the district's) and names the school
        # only with a level word next to it ('TH Diễn Châu'), never alone
        self.town: dict[int, set[Phrase]] = defaultdict(set)
        # 'Hoa Sen (Bắc Mê)': the name without its bracket, and the bracket's words ('bac me')
        self.without_bracket: set[tuple[int, Phrase]] = set()
        self.brackets: dict[int, list[Phrase]] = defaultdict(list)
        for position, school in enumerate(self.schools):
            self._add(position, school)
        for position in range(len(self.schools)):
            self._add_untyped(position)
        self._add_places()
        self.longest = max((len(core) for cores in self.cores for core in cores), default=1)
        self.tree = _names_tree(self.exact)
        self.joined_prefixes = {
            key[:size] for key in self.joined for size in range(1, len(key) + 1)
        }
        self.vocabulary = sorted(self.words)
        # Words a name can open with, written apart or run on: any other word starts nothing.
        self.openers = frozenset(self.words) | frozenset(self.joined_prefixes)
        self.code_shape = code_shape(self.codes)
        self._corrections: dict[str, list[str]] = {}
        self._families: dict[int, frozenset[int]] = {}
        self._numbered_names: dict[int, bool] = {}  # school -> _is_family, once asked

    def _add(self, position: int, school: School) -> None:
        for value in (school.code, *school.aliases):
            code = code_key(value)
            if code:
                self.codes[code].add(position)
        for value in (school.name, *school.aliases):
            key = names.name_key(value)
            core = key.core
            if len(core) > 1 and core[0] in names.MARK_LETTERS:  # 'TH A Huỳnh Hữu Nghĩa'
                self._add_core(position, core, exact_only=True)
                core = (*core[1:], core[0])  # one family with 'Huỳnh Hữu Nghĩa B'
            self._add_core(position, core)
            town = key.town or names.is_town(core)  # 'Mầm non Thị Trấn', 'THCS Thị Trấn X'
            if town:
                self.town[position].add(core)
            for variant in _variants(core):  # written exactly so: not joined, not reordered
                self._add_core(position, variant, exact_only=True)
                if town:
                    self.town[position].add(variant)
        for value in (school.name, *school.aliases):
            self._add_bracketed(position, value)
        for email in school.emails:
            self.emails[email.strip().casefold()].add(position)

    def _add_places(self) -> None:
        """A school named after a place the roster names (its place column, 'Xã Yên Minh', or
        another school's bracket, 'Hoa Hồng (Yên Minh)') is that school only with its level
        next to the name: 'Yên Minh' alone is the commune, whose schools are many."""
        places: set[Phrase] = set()
        for position, school in enumerate(self.schools):
            said = [*self.brackets.get(position, ())]
            if school.place:
                own = _without_place_word(names.tokens(school.place))
                said.append(own)
                if own and own not in said[:-1]:
                    self.brackets[position].append(own)  # settles same-name schools as a bracket
            for words in said:
                if words:
                    places.add(words)
                    places.update(_variants(words))
        if not places:
            return
        for position, cores in enumerate(self.cores):
            for core in cores:
                if core in places:
                    self.town[position].add(core)

    def _add_bracketed(self, position: int, value: str) -> None:
        """'Trường Mầm non Hoa Sen (Bắc Mê)' is also found as 'Hoa Sen', and 'Bắc Mê' (or
        'xã Bắc Mê') in a folder, the name or the letterhead settles which Hoa Sen."""
        bracketed = _BRACKET.match(value)
        if bracketed is None:
            return
        core = names.name_key(bracketed["base"]).core
        said = _without_place_word(names.tokens(bracketed["said"]))  # 'P. Hà Giang 1'
        if not core or not said or core in self.cores[position]:
            return
        self.brackets[position].append(tuple(said))
        self.without_bracket.add((position, core))
        self._add_core(position, core, exact_only=True)

    def settle_by_bracket(
        self, schools: Sequence[int], texts: Sequence[Sequence[str]]
    ) -> int | None:
        """The one school of `schools` (tied, each with a bracket or a place in the roster)
        whose bracket or place ('Bắc Mê') the file's name, folders or letterhead write; None when
        none or several are."""
        if not all(self.brackets.get(school) for school in schools):
            return None  # a school without a bracket may stand in that place too
        found = [
            school
            for school in schools
            if any(
                _contains(words, said) for said in self.brackets.get(school, ()) for words in texts
            )
        ]
        return found[0] if len(found) == 1 else None

    def whole_over_bracket(self, schools: Sequence[int], hits: Sequence[Hit]) -> int | None:
        """'Lớp mầm non Đồ Rê Mí' next to 'Lớp mầm non Đồ Rê Mí (cơ sở 2)': the one school of
        `schools` (tied) named whole, when the others are of its level and found only without
        their bracket."""
        whole = {
            hit.school
            for hit in hits
            if hit.school in schools
            and (hit.school, tuple(hit.found.split())) not in self.without_bracket
        }
        if len(whole) != 1:
            return None
        (one,) = whole
        if any(self.levels[other] != self.levels[one] for other in schools):
            return None  # 'Hoa Sen' with THCS Hoa Sen and MN Hoa Sen (Bắc Mê): either
        return one

    def _add_untyped(self, position: int) -> None:
        """'PTDTBT TH Nà Hang' is also 'TH Nà Hang' when no other school of its level has that
        name (with one, 'THCS Mỹ Tú' next to 'THCS DTNT Mỹ Tú', the type word tells them apart)."""
        for core in list(self.cores[position]):
            if len(core) < 2 or core[0] not in names.TYPE_WORDS:
                continue
            level = self.levels[position]
            others = self.exact.get(core[1:], set()) - {position}
            if not any(self.levels[other] & level for other in others):
                self._add_core(position, core[1:])

    def _add_core(self, position: int, core: Phrase, *, exact_only: bool = False) -> None:
        if not core or core in self.cores[position]:
            return
        self.cores[position].append(core)
        self.exact[core].add(position)
        if len(core) > 1 and not exact_only:
            self.joined["".join(core)].add(position)
            self.reordered[tuple(sorted(core))].add(position)
        if names.is_mark(core[-1]) and len(core) > 1:
            self.numbered.add(core[:-1])
            self.bases[core[:-1]].add(position)
        else:
            self.bases[core].add(position)
        for word in core:
            self.words[word].add(position)

    def family(self, school: int) -> frozenset[int]:
        """Schools sharing this one's name once its number is dropped ('An Phú' for
        'TH An Phú 1' and 'MN An Phú'), this one included."""
        found = self._families.get(school)
        if found is None:  # asked for file after file: worked out once per school
            members = {school}
            for core in self.cores[school]:
                base = core[:-1] if len(core) > 1 and names.is_mark(core[-1]) else core
                members |= self.bases.get(base, set())
            found = self._families[school] = frozenset(members)
        return found

    def find(
        self,
        words: Sequence[str],
        *,
        local_level_only: bool,
        fuzzy: bool,
        context: frozenset[str] | None = None,
    ) -> Found:
        """Schools named in `words`. Letterheads use only a level written next to the name;
        `context` is the level of an enclosing folder ('2. Tiểu học'), used when `words` say none.
        """
        levels = names.levels_in(words)
        said_anywhere = None if local_level_only else _single_level(levels) if levels else context
        found = Found([], [])
        for start, end, how, schools in self._phrase_hits(words):
            self._judge(
                found, words, levels, said_anywhere, start, end, how, schools,
                letterhead=local_level_only,
            )  # fmt: skip
        _drop_contained(found)
        if fuzzy and (not found.hits and not found.rejections or self._slip_beside(words, found)):
            for school, score, start, end in self._fuzzy(words, levels):
                self._judge(
                    found, words, levels, said_anywhere, start, end, FUZZY, (school,), score,
                    letterhead=local_level_only,
                )  # fmt: skip
            _drop_contained(found)  # 'Phú Hòa Dongg' is Phú Hòa Đông, not Hòa Phú
        found.hits = _best_per_school(found.hits)
        return found

    def _slip_beside(self, words: Sequence[str], found: Found) -> bool:
        """Is a word next to a name found a keyboard slip of a roster word? Then a longer name
        may be meant ('Phu Hoa Dongg': 'Hòa Phú' in another order, or 'Phú Hòa Đông')."""
        for hit in found.hits:
            for at in (hit.start - 1, hit.end):
                if 0 <= at < len(words) and words[at] not in self.words and self._near(words[at]):
                    return True
        return False

    def _phrase_hits(self, words: Sequence[str]) -> list[tuple[int, int, str, set[int]]]:
        """Every span that is a name exactly, written as one word, or in another order.

        This loop is the matcher's hot path: names written in order are followed word by word
        down a tree of the roster's names (`_names_tree`), names run on by their prefixes."""
        hits = []
        tree, joined_prefixes, known = self.tree, self.joined_prefixes, self.words
        openers, reordered, longest = self.openers, self.reordered, self.longest
        count = len(words)
        joined_names = self.joined
        for start, first in enumerate(words):
            if first not in openers:
                continue  # no name, written apart or run on, starts with this word
            all_known = True
            node: _Node | None = tree  # None: no roster name opens with these words in order
            joined: str | None = ""  # None: no name written as one word opens with them
            for end in range(start + 1, min(count, start + longest) + 1):
                word = words[end - 1]
                if node is not None:
                    node = node[0].get(word)
                if joined is not None:
                    joined += word
                    if joined not in joined_prefixes:
                        joined = None
                all_known = all_known and word in known
                if node is None and joined is None and not all_known:
                    break  # no longer span can be a name
                if node is not None and node[1] is not None:
                    hits.append((start, end, EXACT, node[1]))
                elif joined is not None and joined in joined_names:
                    hits.append((start, end, JOINED, joined_names[joined]))
                elif all_known and end - start > 1 and not names.is_number(first):
                    # a number opening the span belongs to the words before it: 'Hoa Mai 2 so'
                    ordered: Phrase
                    if end - start == 2:  # most spans: two words, put in order by hand
                        second = words[start + 1]
                        ordered = (second, first) if second < first else (first, second)
                    else:
                        ordered = tuple(sorted(words[start:end]))
                    if ordered in reordered:
                        hits.append((start, end, REORDERED, reordered[ordered]))
        return hits

    def _judge(
        self,
        found: Found,
        words: Sequence[str],
        levels: list[tuple[int, int, frozenset[str]]],
        said_anywhere: frozenset[str] | None,
        start: int,
        end: int,
        how: str,
        schools: Iterable[int],
        score: float | None = None,
        *,
        letterhead: bool = False,
    ) -> None:
        """Each school whose name spans words[start:end]: a hit, a rejection (and why), or
        nothing when the words are no school's name there. What the span says is read once
        for all the schools of that name."""
        text = " ".join(words[start:end])
        place = names.place_before(words, start)
        local = _level_next_to(levels, words, start, end, place)
        said = local or said_anywhere
        core = tuple(words[start:end])
        if local is None and all(names.is_number(word) for word in core):
            return  # '19 5' alone is a date more often than 'Mầm non 19/5'
        if how != EXACT and names.starts_with_place(words, start, end):
            return  # 'xã Nghi' is the place word and a name's first word, not 'Nghi Xá'
        if (
            place is not None
            and not _level_ends_at(levels, place)
            and not (local is not None and tuple(words[place:start]) in names.COMMUNE_WORDS)
        ):
            return  # 'Quận Thanh Khê' is the district, not MN Thanh Khê; 'MG xã Long Hưng' and
            # 'xa Nghi Long - MN' are the commune's school
        stray = _stray_number(words, end) if how != FUZZY else ""
        # a number right after the name that is not part of it, whether or not a numbered
        # school of this name exists
        stray_anyway = bool(stray) and not letterhead and _right_after(words, end, text)
        value = SCORES.get(how, score or 0.0)
        for school in schools:
            if local is None and self._town_name(school, how, core):
                # 'Diễn Châu' alone is the town (the district), not TH TT Diễn Châu
                found.rejections.append(Rejection(school, "town", text, said))
                continue
            if stray and (stray_anyway or self._is_family(school)):
                found.rejections.append(
                    Rejection(school, "number", text + " " + stray, said, stray)
                )
                continue
            if self._other_type(words, start, school):
                # 'PTDTNT THCS Mường Chà' is the district's boarding school, not THCS Mường Chà
                found.rejections.append(Rejection(school, "type", text, said, words[start - 1]))
                continue
            agreement = names.agreement(said, self.levels[school])
            if agreement == "disagree":
                found.rejections.append(Rejection(school, "level", text, said))
                continue
            points = value - PARTIAL_LEVEL_PENALTY if agreement == "partial" else value
            found.hits.append(Hit(school, how, points, start, end, text, said, agreement))

    def _other_type(self, words: Sequence[str], start: int, school: int) -> bool:
        """Does a 'nội trú' type word stand right before the name of a school whose roster name
        has none? A 'bán trú' word says little (schools become PTDTBT and keep their name)."""
        if start == 0 or words[start - 1] not in names.OTHER_SCHOOL_TYPES:
            return False
        return not any(core[0] == words[start - 1] for core in self.cores[school])

    def _town_name(self, school: int, how: str, core: Phrase) -> bool:
        towns = self.town.get(school)
        if not towns:
            return False
        return how != EXACT or core in towns

    def _is_family(self, school: int) -> bool:
        """Is there a numbered school of this name ('Tuổi Thơ 2' next to 'Tuổi Thơ')?"""
        known = self._numbered_names.get(school)
        if known is None:
            known = any(candidate in self.numbered for candidate in self.cores[school])
            self._numbered_names[school] = known
        return known

    def _fuzzy(
        self, words: Sequence[str], levels: list[tuple[int, int, frozenset[str]]]
    ) -> list[tuple[int, float, int, int]]:
        content = self._content(words, levels)
        if not content:
            return []
        results = []
        present = frozenset(word for _, word in content)
        for school in self._fuzzy_candidates([word for _, word in content]):
            scored = self._fuzzy_score(school, content, present)
            if scored is not None:
                results.append((school, *scored))
        return results

    def _content(
        self, words: Sequence[str], levels: list[tuple[int, int, frozenset[str]]]
    ) -> list[tuple[int, str]]:
        """Words that could be part of a school's name (position, word)."""
        skip: set[int] = set()
        for start, end, _ in levels:
            skip.update(range(start, end))
        for start, end, _ in names.NOISE_TABLE.find(words):
            skip.update(i for i in range(start, end) if words[i] not in self.words)
        return [
            (i, word)
            for i, word in enumerate(words)
            if i not in skip and not names.is_year(word) and (len(word) > 1 or word.isdigit())
        ]

    def _fuzzy_candidates(self, content: list[str]) -> list[int]:
        """Schools sharing the rarest words (or their near spellings) with the text.

        A fuzzy match needs every word of the name but one exactly, and the odd one within a
        keyboard slip, so a right candidate always shares one of the rarest few words.
        """
        postings = sorted(
            (self.words[known] for word in content for known in self._near(word)), key=len
        )
        weights: dict[int, float] = {}
        total = len(self.schools) + 1
        for schools in postings[:RAREST_WORDS]:
            rarity = math.log(total / len(schools))
            if not weights:
                weights = dict.fromkeys(schools, rarity)
                continue
            weight = weights.get
            for school in schools:
                weights[school] = weight(school, 0.0) + rarity
        # as heapq.nlargest: the heaviest first, of equal weights the first seen
        return sorted(weights, key=weights.__getitem__, reverse=True)[:FUZZY_CANDIDATES]

    def _near(self, word: str) -> list[str]:
        if word in self.words:
            return [word]
        if word not in self._corrections:
            matches = []
            if len(word) >= FUZZY_WORD_LENGTH and not word.isdigit():
                matches = process.extract(
                    word, self.vocabulary, scorer=fuzz.ratio, limit=3, score_cutoff=FUZZY_WORD_FLOOR
                )
            self._corrections[word] = [match[0] for match in matches]
        return self._corrections[word]

    def _fuzzy_score(
        self, school: int, content: list[tuple[int, str]], present: frozenset[str]
    ) -> tuple[float, int, int] | None:
        best: tuple[float, int, int] | None = None
        for core in self.cores[school]:
            if len(core) < 2 or sum(1 for word in core if word not in present) > 1:
                continue  # two words missing: never a slip of the keyboard (_core_score)
            scored = _core_score(core, content, self.words)
            if scored is not None and (best is None or scored[0] > best[0]):
                best = scored
        return best


def _core_score(
    core: Phrase, content: list[tuple[int, str]], known: dict[str, set[int]]
) -> tuple[float, int, int] | None:
    """Mean closeness of `core` to `content` when all words but one are there exactly, that
    one is a slip of the keyboard (not itself a roster word) and the words stand together;
    else None."""
    used: list[int] = []
    total = 0.0
    for word in core:
        position, score = _closest(word, content, used, known)
        if position < 0:
            return None
        used.append(position)
        total += score
    at = dict(content)
    if sum(1 for word, position in zip(core, used, strict=True) if at[position] != word) > 1:
        return None
    if max(used) - min(used) + 1 != len(core):
        return None  # a slip of the keyboard does not scatter a name ('so ket hk 1' != 'Số 1')
    return min(FUZZY_CEILING, total / len(core)), min(used), max(used) + 1


def _closest(
    word: str, content: list[tuple[int, str]], used: list[int], known: dict[str, set[int]]
) -> tuple[int, float]:
    best = (-1, 0.0)
    for position, other in content:
        if position in used:
            continue
        if other == word:
            return position, 100.0
        slip = len(other) == len(word) + 1 and _doubled(word, other) or _swapped(word, other)
        if slip and other not in known:
            best = (position, 90.0)
            continue
        if (
            word.isdigit()
            or other.isdigit()
            or other in known
            or min(len(word), len(other)) < FUZZY_WORD_LENGTH
        ):
            continue
        score = fuzz.ratio(word, other)
        if score >= FUZZY_WORD_FLOOR and score > best[1]:
            best = (position, score)
    return best


def _doubled(word: str, other: str) -> bool:
    """'tamm' for 'tam': one letter typed twice (never a Vietnamese syllable of its own)."""
    return len(other) == len(word) + 1 and any(
        other[i] == other[i + 1] and other[:i] + other[i + 1 :] == word
        for i in range(len(other) - 1)
    )


def _swapped(word: str, other: str) -> bool:
    """'vihn' for 'vinh': two neighbouring letters swapped, in a word of four letters or more."""
    if len(word) != len(other) or len(word) < FUZZY_WORD_LENGTH:
        return False
    differ = [i for i in range(len(word)) if word[i] != other[i]]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and word[differ[0]] == other[differ[1]]
        and word[differ[1]] == other[differ[0]]
    )


def _contains(words: Sequence[str], said: Phrase) -> bool:
    size = len(said)
    return any(tuple(words[at : at + size]) == said for at in range(len(words) - size + 1))


def _single_level(levels: list[tuple[int, int, frozenset[str]]]) -> frozenset[str] | None:
    distinct = {level for _, _, level in levels}
    return distinct.pop() if len(distinct) == 1 else None


def _level_next_to(
    levels: list[tuple[int, int, frozenset[str]]],
    words: Sequence[str],
    start: int,
    end: int,
    place: int | None,
) -> frozenset[str] | None:
    """The level written right before the name ('THCS Phù Đổng', 'MG xã Long Hưng') or right
    after it; `place` is where a place word right before the name begins (place_before)."""
    before = start
    if place is not None and _level_ends_at(levels, place):
        before = place
    while before > 0 and words[before - 1] in names.PREFIX_WORDS:
        before -= 1
    if before > 0 and words[before - 1] in names.QUALIFIER_ENDS:
        for qualifier in names.QUALIFIER_PHRASES:  # 'MN CL Bình Mỹ', 'MN tư thục Hoa Lan'
            size = len(qualifier)
            if before >= size and tuple(words[before - size : before]) == qualifier:
                before -= size
                break
    for level_start, level_end, level in levels:
        if level_end in (before, start) or level_start == end:
            return level
    return None


def _level_ends_at(levels: list[tuple[int, int, frozenset[str]]], at: int) -> bool:
    """Does a level word end right at `at` ('MG' before 'xã Long Hưng', 'MN' before 'TT')?"""
    return any(level_end == at for _, level_end, _ in levels)


def _stray_number(words: Sequence[str], end: int) -> str:
    """A lone small number right after the name ('Tuổi Thơ 3', 'Tuổi Thơ số 3'), not a
    day-month pair."""
    if end + 1 < len(words) and words[end] == "so" and names.is_number(words[end + 1]):
        end += 1
    if end < len(words) and names.is_mark(words[end]):
        if end + 1 < len(words) and names.is_number(words[end + 1]):
            return ""  # '19 5', 'c 1' (cấp 1)
        return words[end]
    return ""


def _right_after(words: Sequence[str], end: int, text: str) -> bool:
    """A number or letter right after a name in a file or folder name ('Mỹ Hương 2',
    'Mỹ Phước B'): part of a name the roster lacks, even with no numbered school of that name.
    Not 'số 12' (a letterhead's document number) nor a name that has its number already."""
    return end < len(words) and words[end] != "so" and not names.is_mark(text.rsplit(" ", 1)[-1])


def _drop_contained(found: Found) -> None:
    """'Tuổi Thơ' inside 'Tuổi Thơ 2': the longer name wins. A name found only in another
    order or by likeness never wins over a name written exactly on words it shares
    ('xa Nghi Long': 'Nghi Long' as written, not 'Nghi Xá' reordered)."""
    if len(found.hits) < 2:
        return  # one name found: nothing contains it, nothing overlaps it
    spans = [(hit.start, hit.end) for hit in found.hits]
    exact = [(hit.start, hit.end) for hit in found.hits if hit.how == EXACT]
    kept = []
    for hit in found.hits:
        inside = (
            any(
                start <= hit.start and hit.end <= end and (end - start) > (hit.end - hit.start)
                for start, end in spans
            )
            or (
                hit.how != EXACT
                and any(start < hit.end and hit.start < end for start, end in exact)
            )
            or (  # 'MN TT Quán Hành': 'TT' is the town word of the name after it
                tuple(hit.found.split()) in names.COMMUNE_WORDS
                and any(start == hit.end for start, _ in spans)
            )
        )
        if inside:
            found.rejections.append(Rejection(hit.school, "shorter", hit.found))
        else:
            kept.append(hit)
    found.hits = kept


def _best_per_school(hits: list[Hit]) -> list[Hit]:
    if len(hits) < 2:
        return list(hits)
    best: dict[int, Hit] = {}
    for hit in hits:
        if hit.school not in best or hit.score > best[hit.school].score:
            best[hit.school] = hit
    return sorted(best.values(), key=lambda hit: -hit.score)


def _variants(core: Phrase) -> list[Phrase]:
    """A roster name and the shorter ways clerks write it: 'Thị Trấn Củ Chi 1' as 'TT Củ Chi 1',
    'Số 2 Văn Lăng' as '2 Văn Lăng'."""
    found = []
    if len(core) > 1 and names.is_number(core[-1]) and core[-2] != "so":
        found.append((*core[:-1], "so", core[-1]))  # 'Hồng Phong 2' written 'Hồng Phong số 2'
    for start in range(len(core) - 1):
        if core[start : start + 2] == ("thi", "tran") and len(core) > 2:
            found.append((*core[:start], "tt", *core[start + 2 :]))
        if core[start] == "so" and names.is_number(core[start + 1]) and len(core) > 2:
            found.append((*core[:start], *core[start + 1 :]))
    return found


def _without_place_word(said: Sequence[str]) -> Phrase:
    """'xa bac me' -> 'bac me': the place's name without 'Xã', 'P.', 'TT' before it."""
    for word in _PLACE_WORDS_LONGEST_FIRST:
        if len(said) > len(word) and tuple(said[: len(word)]) == word:
            return tuple(said[len(word) :])
    return tuple(said)


_PLACE_WORDS_LONGEST_FIRST = sorted(names.COMMUNE_WORDS, key=len, reverse=True)
