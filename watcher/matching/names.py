"""Reading names: tokens, school levels, years and noise in file names, folders and letterheads.

Everything here works on folded tokens (see `watcher.text.fold`): lower case, no diacritics,
separators collapsed. People never see these tokens; messages quote the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from watcher.text import fold, nfc, strip_diacritics

MN, TH, THCS, THPT, MULTI = "MN", "TH", "THCS", "THPT", "LIEN_CAP"
SCHOOL_AGE = frozenset({TH, THCS, THPT})  # the levels a 'liên cấp' school joins (never MN)

Phrase = tuple[str, ...]


def phrase(text: str) -> Phrase:
    """A phrase written in plain folded words, in the canonical spelling tokens() uses."""
    return tuple(canon(word) for word in text.split())


def _phrases(table: dict[str, frozenset[str]]) -> dict[Phrase, frozenset[str]]:
    return {phrase(key): value for key, value in table.items()}


# One spelling for the variants that are the same name. Every token and every phrase below
# goes through canon(), so "Quí" and "Quý", "Mĩ" and "Mỹ", "II" and "2" compare equal.
ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}  # not 'vi': 'đơn vị' is a word
_VOWELS = frozenset("aeiouy")
_TELEX_TONE = frozenset("sfrxj")  # tone keys: a Vietnamese syllable never ends in these
_TELEX_PAIRS = (
    ("dd", "d"),
    ("aa", "a"),
    ("ee", "e"),
    ("oo", "o"),
    ("aw", "a"),
    ("ow", "o"),
    ("uw", "u"),
)


@lru_cache(maxsize=65536)
def canon(word: str) -> str:
    """The canonical spelling of one folded word: Roman numbers as digits, Telex left on
    undone ('truowngf' -> 'truong'), and a final 'y' after a consonant as 'i' ('ky', 'quy')."""
    if word in ROMAN:
        return ROMAN[word]
    if not word.isalpha() or len(word) < 2:
        return word
    word = _untelex(word)
    if word.endswith("y") and len(word) >= 2:
        before = word[-2]
        if before not in _VOWELS or word.endswith("quy"):
            word = word[:-1] + "i"
    return word


def _untelex(word: str) -> str:
    if not any(char in _VOWELS for char in word):
        return word  # 'thcs', 'bc', 'ds': abbreviations, not Telex
    typed = word
    if typed[-1] in _TELEX_TONE and len(typed) > 2 and typed[-2] in _VOWELS | set("cmnghtp"):
        typed = typed[:-1]
    for pair, letter in _TELEX_PAIRS:
        typed = typed.replace(pair, letter)
    at = typed.find("w")
    if at > 0 and typed[at - 1] not in _VOWELS:
        typed = typed.replace("w", "u")  # 'tw' for 'tư'
    return typed if typed != word and any(c in _VOWELS for c in typed) else word


# Words that say which kind of school; the longest phrase wins ("th thcs" before "th").
LEVEL_PHRASES: dict[Phrase, frozenset[str]] = _phrases(
    {
        "mam non": frozenset({MN}),
        "mau giao": frozenset({MN}),
        "nha tre": frozenset({MN}),
        "mn": frozenset({MN}),
        "mg": frozenset({MN}),
        "tieu hoc": frozenset({TH}),
        "th": frozenset({TH}),
        "tih": frozenset({TH}),
        "cap 1": frozenset({TH}),
        "c 1": frozenset({TH}),
        "trung hoc co so": frozenset({THCS}),
        "thcs": frozenset({THCS}),
        "cap 2": frozenset({THCS}),
        "c 2": frozenset({THCS}),
        "trung hoc pho thong": frozenset({THPT}),
        "thpt": frozenset({THPT}),
        "th thcs": frozenset({TH, THCS}),
        "th va thcs": frozenset({TH, THCS}),
        "tieu hoc va thcs": frozenset({TH, THCS}),
        "tieu hoc trung hoc co so": frozenset({TH, THCS}),
        "tieu hoc va trung hoc co so": frozenset({TH, THCS}),
        "thcs thpt": frozenset({THCS, THPT}),
        "thcs va thpt": frozenset({THCS, THPT}),
        "th thcs thpt": frozenset({TH, THCS, THPT}),
        "lien cap": frozenset({MULTI}),
        "t h": frozenset({TH}),
        "t h c s": frozenset({THCS}),
        "ptcs": frozenset({TH, THCS}),
        "pho thong co so": frozenset({TH, THCS}),
        "lop mau giao": frozenset({MN}),
        "lop mg": frozenset({MN}),
        "nhom tre": frozenset({MN}),
    }
)

# Words that may stand before a level or a name and say nothing about which school:
# 'Trường', 'PTDTBT' (phổ thông dân tộc bán trú), 'PTDTNT' (... nội trú).
PREFIX_WORDS = frozenset({"truong", "ptdtbt", "ptdtnt", "dtbt", "dtnt", "pt"})
# Of these, the ones that can tell two schools of one commune apart ('THCS Mỹ Tú' and 'THCS
# DTNT Mỹ Tú'): read after the level, as the first word of the name, in the roster and in files.
TYPE_WORDS = frozenset({"dtbt", "dtnt"})
# Of these, the one that names another school: the district's PTDTNT (nội trú) school stands
# next to the commune's THCS of the same name, never instead of it.
OTHER_SCHOOL_TYPES = frozenset({"dtnt"})
# Words that may follow a level and say only how the school is run: 'MN CL' (công lập),
# 'MN TT' (tư thục; 'TT' before a name can also be 'thị trấn', which is part of the name).
QUALIFIER_PHRASES: frozenset[Phrase] = frozenset(
    phrase(item) for item in ("cl", "cong lap", "tt", "tu thuc", "dl", "dan lap", "nt")
)
QUALIFIER_ENDS = frozenset(qualifier[-1] for qualifier in QUALIFIER_PHRASES)
# Level words glued together as clerks type them: 'MNCL', 'MNTT', 'THCS2' is split elsewhere.
GLUED = {
    "mncl": ("mn", "cl"),
    "mntt": ("mn", "tt"),
    "mgcl": ("mg", "cl"),
    "mgtt": ("mg", "tt"),
    "trg": ("truong",),
    "tr": ("tran",),
    "ng": ("nguyen",),
    "thvathcs": ("th", "va", "thcs"),
    "ptdtnt": ("dtnt",),
    "ptdtbt": ("dtbt",),
}

# Words that never belong to a school's name in a file name. Matched as whole phrases.
NOISE_WORDS = """
    bao cao|bc|bcao|scan|scanned|ban scan|file scan|file word|ban word|word|final|copy|ban sao|
    ky so|da ky|ban ky|co chu ky|dong dau|pdf|docx|doc|jpg|png|new|sua|chinh sua|
    chinh thuc|ban chinh thuc|img|image|document|tai lieu|untitled|file|ban|gui|nop|
    ke hoach|kh|kq|ket qua|thuc hien|pgd|gddt|gd dt|phong gd|quan 7|q 7|
    bien doi khi hau|bdkh|moi truong|pccc|cnch|phong chong|trang|page|lan|dot|
    v|ver|version|so|nam hoc|hoc ky|hk|dinh kem|kem theo|phu luc|pl|truong
"""
NOISE_PHRASES: frozenset[Phrase] = frozenset(
    phrase(item) for item in NOISE_WORDS.replace("\n", " ").split("|") if item.strip()
)

# Words for an administrative unit: the name right after them is a place ("Quận Thanh Khê" in
# a letterhead or a file name), not a school of that name.
# The department's own name is a place too: "PHÒNG GD&ĐT DIỄN CHÂU", "PGD Diễn Châu" name the
# district (the issuing authority), never a school named after it.
PLACE_WORDS = (
    "quan|q|huyen|phuong|p|xa|x|thi tran|tt|t tran|thi xa|tx|tinh|tp|thanh pho|ubnd|ap|khu pho|"
    "kp|dia ban|"
    "cum|cum truong|"  # a cluster of schools, named after its old district: "Cụm trường Yên Minh"
    # the department, named after its district: 'PHÒNG GD&ĐT MỸ TÚ', 'PGD Mỹ Tú'
    "pgd|pgddt|pgd dt|phong gd|phong gddt|phong gd dt|phong gd va dt|phong giao duc|"
    "phong giao duc dao tao|phong giao duc va dao tao|so gd dt|so gddt|so giao duc va dao tao|"
    "sgd|sgddt"
)
# A commune, ward or town: a school is often named after it, and clerks write the place word
# with the school's name ("MN xã Nghi Long", "Mầm non Thị trấn Quán Hành"). With a level word
# next to it the name is that school's; alone it stays a place.
COMMUNE_WORDS: frozenset[Phrase] = frozenset(
    phrase(item) for item in ("xa", "x", "phuong", "p", "thi tran", "tt", "t tran")
)
TOWN_WORDS: frozenset[Phrase] = frozenset(phrase(item) for item in ("thi tran", "tt", "t tran"))


def is_town(core: Phrase) -> bool:
    """Is this roster name the town's ('Thị Trấn', 'Thị Trấn Diễn Châu', 'TT Quán Hành')?"""
    return any(core[: len(word)] == word for word in TOWN_WORDS)


_PLACES_BY_LAST: dict[str, list[Phrase]] = {}
for _place in PLACE_WORDS.split("|"):
    _PLACES_BY_LAST.setdefault(phrase(_place)[-1], []).append(phrase(_place))
_PLACES_BY_FIRST: dict[str, list[Phrase]] = {}
for _place in PLACE_WORDS.split("|"):
    _PLACES_BY_FIRST.setdefault(phrase(_place)[0], []).append(phrase(_place))


def after_place_word(words: Sequence[str], start: int) -> bool:
    """Is the name starting at `start` preceded by 'quận', 'huyện', 'phường', 'xã', ...?"""
    return place_before(words, start) is not None


def place_before(words: Sequence[str], start: int) -> int | None:
    """Where the place word right before `start` begins ('xã' in 'xã Long Hưng'), if any; the
    longest one ('phòng gd đt', not 'đt')."""
    if start == 0:
        return None
    places = _PLACES_BY_LAST.get(words[start - 1])
    if places is None:
        return None  # most words: no place word ends with them
    found = [
        start - len(place)
        for place in places
        if start >= len(place) and tuple(words[start - len(place) : start]) == place
    ]
    return min(found) if found else None


def starts_with_place(words: Sequence[str], start: int, end: int) -> bool:
    """Do words[start:end] open with a place word followed by more words ('xa nghi')?"""
    return any(
        start + len(place) < end and tuple(words[start : start + len(place)]) == place
        for place in _PLACES_BY_FIRST.get(words[start], ())
    )


_COPY_COUNTER = re.compile(r"\(\s*\d{1,3}\s*\)")
# 'ạ', the polite word that closes a sentence ('Gửi BC sơ kết THCS Mỹ Phước ạ'): without its
# mark it would read as the letter of 'THCS Mỹ Phước A'.
_POLITE = re.compile(r"(?<![^\W\d_])[ạẠ](?![^\W\d_])")
_DIGIT = re.compile(r"\d")
_DATES = re.compile(  # each alternative opens with a digit: the lookahead skips the rest fast
    r"(?=\d)(?:(?<!\d)(?:\d{1,2}[./_-]\d{1,2}[./_-](?:\d{4}|\d{2})|\d{4}[./_-]\d{1,2}[./_-]\d{1,2})(?!\d)"
    r"|\d{6,}"
    r"|(?<!\d)\d{1,2}h\d{2}(?!\d))"
)
_ACRONYMS = frozenset({"mn", "mg", "th", "thcs", "thpt", "tih", "bc", "mncl", "mntt"})  # 'MNTan')
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")
_TEXT_DATE = ("ngay", "thang", "nam")


def tokens(value: str, *, file_name: bool = False) -> list[str]:
    """Folded tokens of a name: extension, copy counters '(1)' and dates removed."""
    return list(_tokens(value, file_name))


@lru_cache(maxsize=8192)  # folder names and periods repeat on every poll
def _tokens(value: str, file_name: bool) -> tuple[str, ...]:
    text = nfc(value)
    if file_name and "." in text[-7:]:  # an extension is a dot and at most five characters
        text = _EXTENSION.sub("", text)
    if "(" in text:  # '( 1 )' may hold spaces: taken out before the text is cut at spaces
        text = _COPY_COUNTER.sub(" ", text)
    result: list[str] = []
    for piece in text.split():
        result += _piece_tokens(piece)
    # what spans words is read on the whole name: 'PTDT BT', 'PTDTNT THCS Mỹ Tú'
    if _TYPE_OPENERS.intersection(result):
        _join_type_words(result)
    if TYPE_WORDS.intersection(result):
        _type_after_level(result)
    return tuple(result)


@lru_cache(maxsize=16384)  # the same words come back in name after name (~4 MB when full)
def _piece_tokens(text: str) -> tuple[str, ...]:
    """The tokens of one piece of a name between spaces. Every pattern below looks only at
    letters and digits next to what it matches, never across a space, so a name's tokens are
    its pieces' tokens one after the other."""
    # Each pattern only where it can match at all: this runs for every name of every poll.
    if "ạ" in text or "Ạ" in text:
        text = _POLITE.sub(" ", text)
    digits = _DIGIT.search(text) is not None
    if digits:
        text = _DATES.sub(_date_year, text)
    if "I" in text or "V" in text or "X" in text:
        text = _ROMAN_CAPITALS.sub(lambda match: f" {_ROMAN_VALUES[match.group(0)]} ", text)
    if text.lower() != text:  # capitals: a camel-case name to split
        text = _split_camel(text)
    if digits:  # (the numbers a Roman number became stand between spaces already)
        text = _LETTER_DIGIT.sub(" ", text)
    folded = _SEPARATORS.sub(" ", text.translate(_STRIP).casefold())  # NFC already
    return tuple(word for token in folded.split() for word in _spelled(token))


# The school type written apart or spelled out, as rosters and clerks write it: 'PTDT BT',
# 'PTDT Bán trú', 'Phổ thông DTBT', 'Phổ thông dân tộc bán trú' are 'PTDTBT'; '… nội trú' PTDTNT.
_TYPE_SPELLINGS: dict[Phrase, str] = {
    phrase(written): word
    for word, writings in {
        "dtbt": (
            "ptdt bt",
            "ptdt ban tru",
            "pt dt bt",
            "pt dt ban tru",
            "pho thong dtbt",
            "pho thong dt bt",
            "pho thong dan toc ban tru",
            "pt dan toc ban tru",
            "dan toc ban tru",
            "dt ban tru",
        ),
        "dtnt": (
            "ptdt nt",
            "ptdt noi tru",
            "pt dt nt",
            "pho thong dtnt",
            "pho thong dan toc noi tru",
            "pt dan toc noi tru",
            "dan toc noi tru",
            "dt noi tru",
        ),
    }.items()
    for written in writings
}
_TYPE_OPENERS = frozenset(written[0] for written in _TYPE_SPELLINGS)
_TYPE_TABLE: PhraseTable  # set below, once PhraseTable is defined


def _join_type_words(words: list[str]) -> None:
    """'ptdt bt th' -> 'dtbt th': one type word, as 'PTDTBT' written together reads."""
    for start, end, found in reversed(_TYPE_TABLE.find(words)):
        words[start:end] = [_TYPE_SPELLINGS[found]]


def _type_after_level(words: list[str]) -> None:
    """'PTDTNT THCS Mỹ Tú' reads as 'THCS DTNT Mỹ Tú': the type word after the level, where
    it is part of the name."""
    for at in range(len(words) - 1):
        if words[at] not in TYPE_WORDS:
            continue
        level = next((end for start, end, _ in levels_in(words[at + 1 :]) if start == 0), 0)
        if level:
            words[at : at + 1 + level] = [*words[at + 1 : at + 1 + level], words[at]]


@lru_cache(maxsize=65536)
def _spelled(token: str) -> tuple[str, ...]:
    """A folded token as tokens: glued level words apart ('mncl'), the canonical spelling."""
    return GLUED.get(token) or (canon(token),)


# Roman numbers in capitals, as a school's number ('Tân Nhựt VI'); 'i' to 'iv' in any case are
# read by canon(). Only capitals here: 'vi' is also a word ('đơn vị' without its marks).
_ROMAN_VALUES = {"II": "2", "III": "3", "IV": "4", "VI": "6", "VII": "7", "VIII": "8", "IX": "9"}
_ROMAN_CAPITALS = re.compile(r"(?<![^\W\d_])(?:VIII|VII|VI|IX|IV|III|II)(?![^\W\d_])")


def _date_year(match: re.Match[str]) -> str:
    """A date written in a name ('31.10.2023') keeps only its year, which says the period; a
    camera's or scanner's stamp ('20231030_101522') and a time ('8h30') say nothing."""
    written = match.group(0)
    if written.isdigit() or "h" in written:
        return " "
    year = next((part for part in re.split(r"[./_-]", written) if len(part) == 4), "")
    return f" {year} " if year else " "


def _strip_table() -> dict[int, str]:
    """Each precomposed Latin letter to its letter without marks, as strip_diacritics does."""
    table = {}
    for code in range(0xC0, 0x2000):
        stripped = strip_diacritics(chr(code))
        if stripped != chr(code):
            table[code] = stripped
    return table


_STRIP = _strip_table()
_SEPARATORS = re.compile(r"[\s_\-.,;:+/\\|()\[\]{}'\"`~!?@#$%^&*=<>]+")


def fast_fold(value: str) -> str:
    """`watcher.text.fold` by table lookup (the same result on NFC text, several times faster)."""
    folded = nfc(value).translate(_STRIP).casefold()
    return _SEPARATORS.sub(" ", folded).strip()


def _letters(test: str) -> str:
    chars = (chr(code) for code in [*range(0x41, 0x250), *range(0x1E00, 0x1F00)])
    return "".join(re.escape(char) for char in chars if getattr(char, test)())


_UPPER, _LOWER = _letters("isupper"), _letters("islower")
_CAMEL = re.compile(
    # Both alternatives stand before a capital; the lookahead first skips the rest fast.
    # 'PhuDong'; 'PhamVanCoiII' (a Roman number); 'SoKetHK1', 'BaoCaoMN' (capitals after)
    f"(?=[{_UPPER}])(?:(?<=[{_LOWER}])(?=[{_UPPER}][{_LOWER}]|(?:IV|I{{1,3}}|[{_UPPER}]{{2,}})(?![{_LOWER}]))"
    f"|(?<![{_UPPER}{_LOWER}])([{_UPPER}]+)(?=[{_UPPER}][{_LOWER}]))"  # 'MNTanPhong'
)


def _split_camel(text: str) -> str:
    """'PhuDong' -> 'Phu Dong', 'MNTanPhong' -> 'MN Tan Phong'; 'THCS', 'TiH' stay whole."""
    return _CAMEL.sub(_camel_piece, text)


def _camel_piece(match: re.Match[str]) -> str:
    run = match.group(1)
    if run is None:
        return " "
    return run + " " if fold(run) in _ACRONYMS else run


def text_tokens(value: str, limit: int = 300) -> list[str]:
    """Tokens of leading document text, without the 'ngày .. tháng .. năm ....' date line."""
    words = tokens(value)[:limit]
    kept: list[str] = []
    start = 0  # words before this one are kept or skipped already
    for index, word in enumerate(words):
        if word == "ngay" and index >= start and _is_date_line(words[index : index + 6]):
            kept.extend(words[start:index])
            start = index + 6
    kept.extend(words[start:])
    return kept


def _is_date_line(words: Sequence[str]) -> bool:
    return (
        len(words) == 6
        and tuple(words[0::2]) == _TEXT_DATE
        and all(word.isdigit() for word in words[1::2])
    )


def is_year(token: str) -> bool:
    return len(token) == 4 and token[:2] in ("19", "20") and token.isdigit()


def is_number(token: str) -> bool:
    return token.isdigit() and len(token) <= 3


MARK_LETTERS = frozenset("abcdef")  # 'TH Mỹ Phước A, C, D', 'TH A Huỳnh Hữu Nghĩa'


def is_mark(token: str) -> bool:
    """What tells schools of one name apart: a number ('Tuổi Thơ 2') or a single letter
    ('Mỹ Phước A'), both part of the name."""
    return is_number(token) or token in MARK_LETTERS


def year_groups(words: Sequence[str]) -> list[frozenset[int]]:
    """Years named in the tokens. A school year ('2023 2024', 'năm học 23-24') is one group of
    two; a span ('giai đoạn 2023-2025', '2023-2025') counts as its last year, when it ends."""
    groups: list[frozenset[int]] = []
    skip = -1
    for index, token in enumerate(words):
        if index <= skip or not token.isdigit():
            continue
        first = _year(words, index)
        if first is None:
            continue
        second = _year(words, index + 1)
        if second == first + 1:
            groups.append(frozenset({first, second}))
            skip = index + 1
        elif second is not None and first + 1 < second <= first + 10 and len(token) == 4:
            groups.append(frozenset({second}))  # a span: its report is due when it ends
            skip = index + 1
        elif len(token) == 4:
            groups.append(frozenset({first}))
    return groups


def _year(words: Sequence[str], index: int) -> int | None:
    """The year at `index`: '2023', or '23' (only ever counted in a school year: '22-23')."""
    if index >= len(words):
        return None
    token = words[index]
    if is_year(token):
        return int(token)
    if len(token) == 2 and token.isdigit() and 15 <= int(token) <= 45:
        return 2000 + int(token)
    return None


def school_years(words: Sequence[str]) -> set[frozenset[int]]:
    return {group for group in year_groups(words) if len(group) == 2}


class PhraseTable:
    """Phrases looked up by their first word, longest first."""

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        self.by_first: dict[str, list[Phrase]] = {}
        for phrase in sorted(set(phrases), key=len, reverse=True):
            self.by_first.setdefault(phrase[0], []).append(phrase)

    def find(self, words: Sequence[str]) -> list[tuple[int, int, Phrase]]:
        """Non-overlapping (start, end, phrase) in `words`, longest first."""
        found: list[tuple[int, int, Phrase]] = []
        by_first = self.by_first
        index = 0
        count = len(words)
        while index < count:
            phrases = by_first.get(words[index])
            if phrases is not None:  # most words open no phrase
                for phrase in phrases:
                    end = index + len(phrase)
                    if end == index + 1 or tuple(words[index:end]) == phrase:
                        found.append((index, end, phrase))
                        index = end
                        break
                else:
                    index += 1
            else:
                index += 1
        return found


LEVEL_TABLE = PhraseTable(LEVEL_PHRASES)
_TYPE_TABLE = PhraseTable(_TYPE_SPELLINGS)
NOISE_TABLE = PhraseTable(NOISE_PHRASES)


def levels_in(words: Sequence[str]) -> list[tuple[int, int, frozenset[str]]]:
    return list(_levels_in(tuple(words)))


@lru_cache(maxsize=16384)  # asked several times per file, for the same words
def _levels_in(words: tuple[str, ...]) -> tuple[tuple[int, int, frozenset[str]], ...]:
    return tuple([(a, b, LEVEL_PHRASES[p]) for a, b, p in LEVEL_TABLE.find(words)])


def level_of(value: str) -> frozenset[str]:
    """A roster level ('MN', 'Mầm non', 'TH&THCS', 'Liên cấp', anything else) as a set."""
    words = tokens(value)
    found = levels_in(words)
    if found and sum(b - a for a, b, _ in found) == len(words):
        return frozenset().union(*(level for _, _, level in found))
    return frozenset({" ".join(words) or "?"})


def level_only(words: Sequence[str]) -> frozenset[str] | None:
    """The level of a folder named only by it ('2. Tiểu học', 'Khối THCS'), else None."""
    found = levels_in(words)
    if len({level for _, _, level in found}) != 1:
        return None
    rest = list(words)
    for start, end, _ in [*found, *NOISE_TABLE.find(words)]:
        rest[start:end] = [""] * (end - start)
    if any(word and not is_number(word) and word not in FOLDER_WORDS for word in rest):
        return None
    return found[0][2]


FOLDER_WORDS = frozenset({"khoi", "cap", "cac", "nhom", "don", "vi"})


@lru_cache(maxsize=256)
def level_label(level: frozenset[str]) -> str:
    if level == frozenset({MULTI}):
        return "Liên cấp"
    order = [MN, TH, THCS, THPT]
    known = [name for name in order if name in level]
    return "&".join(known) if known else "/".join(sorted(level))


def agreement(said: frozenset[str] | None, school: frozenset[str]) -> str:
    """'none' (nothing said), 'exact', 'partial' (TH file, TH&THCS school) or 'disagree'."""
    if not said:
        return "none"
    if said == school:
        return "exact"
    if said & school or MULTI in said and len(school) > 1 or MULTI in school and len(said) > 1:
        return "partial"
    if MULTI in school and said <= SCHOOL_AGE:
        return "partial"  # a 'TH' file from a school the roster calls only 'Liên cấp'
    return "disagree"


@dataclass(frozen=True)
class NameKey:
    """How one roster name (the name or an alias) can be recognised."""

    core: Phrase  # the name without 'Trường' and level words: ('phu', 'dong')
    level: frozenset[str] | None  # level words the name itself carries, if any
    town: bool = False  # 'TT' stood between level and name: 'TH TT Diễn Châu' (thị trấn)


_SCHOOL_WORD = re.compile(r"^\s*trường\s+", re.IGNORECASE)


def school_label(name: str, level: str) -> str:
    """How people see a school: the level in front, unless the roster name already says it
    ("Tân Phong" -> "MN Tân Phong", "Trường Kim Đồng" -> "Trường TH Kim Đồng", but
    "Trường THCS Lê Hồng" stays as it is)."""
    if name_key(name).level is not None:
        return name
    bare = without_school_word(name)
    if bare != name.strip():
        return f"{name.strip()[: len(name.strip()) - len(bare)]}{level} {bare}".strip()
    return f"{level} {name}".strip()


def without_school_word(label: str) -> str:
    """The label without a leading "Trường", for templates that write the word themselves
    ("Kính gửi Hiệu trưởng Trường {school}" must never read "Trường Trường …")."""
    return _SCHOOL_WORD.sub("", nfc(label).strip(), count=1)


def name_key(value: str) -> NameKey:
    """'Trường Mầm non Tuổi Thơ 2' -> core ('tuoi', 'tho', '2'), level {MN}."""
    words = tokens(value)
    while words and words[0] in PREFIX_WORDS:
        words = words[1:]
    found = levels_in(words)
    level = None
    town = False
    if found and found[0][0] == 0 and found[0][1] < len(words):
        level = found[0][2]
        words = words[found[0][1] :]
        for qualifier in QUALIFIER_PHRASES:  # 'Mầm non tư thục Hoa Lan'
            if len(words) > len(qualifier) and tuple(words[: len(qualifier)]) == qualifier:
                words = words[len(qualifier) :]
                town = qualifier == ("tt",)  # 'TH TT Diễn Châu': the town, as often as tư thục
                break
    elif found and found[-1][1] == len(words) and found[-1][0] > 0:
        level = found[-1][2]
        words = words[: found[-1][0]]
    return NameKey(tuple(words), level, town)
