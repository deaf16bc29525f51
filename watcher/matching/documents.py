"""What a document is, from its name: a school's submission, or something that only names one.

The department's comments on a school's report, a reference copy, a template, a compiled
summary, a guide, a plan, a list: each names a school but does not come from it as the report
the plan asks for. Such a file stays unplaced, with the reason, whatever school it names.
The words are those clerks and departments write in file and folder names (folded, no marks).
"""

from __future__ import annotations

from collections.abc import Sequence

from watcher.matching import names
from watcher.matching.messages import Msg, msg

# kind -> phrases. Matched as whole phrases on folded words outside the school's own name.
ALWAYS: dict[str, tuple[str, ...]] = {
    # the department's (or anyone's) comments on a report: never the report itself
    "feedback": ("nhan xet", "nx", "gop y", "phan hoi", "y kien", "tra loi"),
    "reference": ("tham khao",),
    # the department's check of a school's report: its result, its assessment sheet, its marks
    "assessment": (
        "ket qua kiem tra",
        "kq kiem tra",
        "phieu danh gia",
        "danh gia bao cao",
        "danh gia bc",
        "cham diem",
        "bang diem",
        "tham dinh",
    ),
    # 'mẫu' folds like 'màu' (colour: 'scan màu'): a template only next to these words
    "template": (
        "bieu mau",
        "file mau",
        "ban mau",
        "mau bao cao",
        "mau bc",
        "mau bcsk",
        "mau bctk",
        "template",
        # the outline a department sends for the report to follow ('Đề cương báo cáo')
        "de cuong",
    ),
    "summary": ("tong hop", "cac truong", "cac don vi", "toan huyen", "toan quan", "toan thi xa"),
    "guide": ("huong dan",),
}
# Kinds that are not a report unless the name says 'báo cáo' before them ('Báo cáo kết quả
# thực hiện kế hoạch' is a report; 'Kế hoạch năm 2024' and 'Kế hoạch BCTK' are plans).
UNLESS_REPORT: dict[str, tuple[str, ...]] = {
    "plan": ("ke hoach", "kh"),
    "list": ("danh sach", "ds"),
    "letter": ("cong van", "thong bao", "quyet dinh", "to trinh", "giay moi", "bien ban"),
}
# Only the word 'báo cáo', before it, makes a plan or a list a report: 'Kế hoạch tổng kết' is a
# plan for the closing, 'DS học sinh sơ kết' a list.
REPORT_WORDS = ("bao cao", "bc", "bcao", "baocao", "bcsk", "bctk")

_REPORT = "report"
_KIND = {names.phrase(item): _REPORT for item in REPORT_WORDS} | {
    names.phrase(item): kind
    for table in (ALWAYS, UNLESS_REPORT)
    for kind, items in table.items()
    for item in items
}
_TABLE = names.PhraseTable(_KIND)  # one pass over the words finds every kind of phrase
_NEXT: dict[str, set[str]] = {}  # first word -> the second words of phrases ('' ends one)
for _phrase, _kind in _KIND.items():
    if _kind != _REPORT:
        _NEXT.setdefault(_phrase[0], set()).add(_phrase[1] if len(_phrase) > 1 else "")


def may_say(words: Sequence[str]) -> bool:
    """A quick look for the start of a kind phrase, before reading the words properly."""
    if _FIRST_WORDS.isdisjoint(words):
        return False  # most names: not one word that opens such a phrase
    for at, word in enumerate(words):
        seconds = _NEXT.get(word)
        if seconds is not None and (
            "" in seconds or at + 1 < len(words) and words[at + 1] in seconds
        ):
            return True
    return False


_FIRST_WORDS = frozenset(_NEXT)
FOLDER_KINDS = frozenset({"feedback", "reference", "template", "guide"})  # 'Nhận xét của PGD/'


def kind_of(
    words: Sequence[str], masked: Sequence[tuple[int, int]] = (), *, folder: bool = False
) -> tuple[str, str] | None:
    """(kind, the words that say it) when these words name something other than a school's
    submission; None for a report. `masked` spans (a school's name, a level) are not read. A
    folder counts only for comments, reference copies, templates and guides: 'Các trường/' or
    'Kế hoạch/' may well hold the schools' reports."""
    if not may_say(words):
        return None  # most names: no such phrase at all
    visible = list(words)
    for start, end in masked:
        visible[start:end] = ["|"] * (end - start)
    found = _TABLE.find(visible)
    if not found:
        return None
    for start, end, phrase in found:
        kind = _KIND[phrase]
        if kind in ALWAYS and (not folder or kind in FOLDER_KINDS):
            return kind, " ".join(words[start:end])
    if folder:
        return None
    for start, end, phrase in found:  # what the name says it is first: 'Kế hoạch BCTK' is a
        kind = _KIND[phrase]  # plan, 'Báo cáo kết quả thực hiện kế hoạch' a report
        if kind == _REPORT:
            return None
        if kind in UNLESS_REPORT:
            return kind, " ".join(words[start:end])
    return None


def reason(kind: str, said: str, school: str) -> Msg:
    what = msg(f"document.{kind}")
    if school:
        return msg("reason.not_submission_school", what=what, said=said, school=school)
    return msg("reason.not_submission", what=what, said=said)
