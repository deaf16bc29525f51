"""Issue 12, class 9: a scan uploaded beside a Word file shares the evidence that placed it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from tests.matching_fixtures import LOCAL, record, seed_periods
from watcher.matching import Matcher
from watcher.matching.together import place_together
from watcher.model import FileRecord, School

ROSTER = [
    School("MN-LVT", "Lê Văn Tám", "MN"),
    School("TH-LVT", "Lê Văn Tám", "TH"),
    School("TH-TP", "TH Tân Phú", "TH"),
]
AT = datetime(2024, 5, 20, 9, 0, tzinfo=LOCAL)
LETTERHEAD = "UBND QUẬN 7\nTRƯỜNG TIỂU HỌC LÊ VĂN TÁM\nBÁO CÁO SƠ KẾT"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _file(
    name: str, minutes: int = 0, owner: str | None = "thlvt@edu.vn", folders=()
) -> FileRecord:  # type: ignore[no-untyped-def]
    mime = DOCX if name.endswith(".docx") else "application/pdf"
    base = record(name, tuple(folders), owner, AT + timedelta(minutes=minutes), file_id=name)
    return replace(base, mime_type=mime)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(ROSTER, seed_periods())


def test_a_scan_follows_the_word_file_its_letterhead_placed(matcher: Matcher) -> None:
    word = _file("Bao cao so ket.docx")
    scan = _file("Le Van Tam.pdf", minutes=4)
    alone = matcher.place(scan)
    assert alone.hold == "ambiguous"  # MN or TH Lê Văn Tám, and no period
    placed = place_together(matcher, [(word, LETTERHEAD), (scan, "")])
    assert (placed[0].school, placed[0].period) == ("TH-LVT", "2024-interim")
    assert (placed[1].school, placed[1].period) == ("TH-LVT", "2024-interim")
    assert placed[1].hold == "" and "Bao cao so ket.docx" in placed[1].evidence[-1]


def test_a_scan_with_no_name_to_go_by_follows_too(matcher: Matcher) -> None:
    word = _file("BC so ket TH Tan Phu.docx", owner="thtanphu@edu.vn")
    scan = _file("scan0001.pdf", minutes=10, owner="thtanphu@edu.vn")
    placed = place_together(matcher, [(word, ""), (scan, "")])
    assert (placed[1].school, placed[1].period) == ("TH-TP", "2024-interim")


@pytest.mark.parametrize(
    ("scan", "why"),
    [
        (_file("scan0001.pdf", minutes=90), "too long after"),
        (_file("scan0001.pdf", minutes=5, owner="other@edu.vn"), "another uploader"),
        (_file("scan0001.pdf", minutes=5, folders=("Khac",)), "another folder"),
        (_file("MN Le Van Tam so ket.pdf", minutes=5), "its own name says MN: placed there"),
        (_file("Le Van Tam tong ket.pdf", minutes=5), "its own name says another period"),
        (_file("Nhan xet BC so ket Le Van Tam.pdf", minutes=5), "not a submission"),
    ],
)
def test_a_scan_keeps_its_own_evidence(matcher: Matcher, scan: FileRecord, why: str) -> None:
    word = _file("Bao cao so ket.docx")
    placed = place_together(matcher, [(word, LETTERHEAD), (scan, "")])
    alone = matcher.place(scan)
    assert (placed[1].school, placed[1].period) == (alone.school, alone.period), why


def test_no_follower_in_the_root_folder_of_an_unknown_uploader(matcher: Matcher) -> None:
    word = _file("Bao cao so ket.docx", owner=None)
    scan = _file("scan0001.pdf", minutes=3, owner=None)
    assert not place_together(matcher, [(word, LETTERHEAD), (scan, "")])[1].placed
    in_folder = [_file("Bao cao so ket.docx", owner=None, folders=("Nop bai",)), None]
    in_folder[1] = _file("scan0001.pdf", minutes=3, owner=None, folders=("Nop bai",))
    placed = place_together(matcher, [(in_folder[0], LETTERHEAD), (in_folder[1], "")])
    assert placed[1].school == "TH-LVT"


def test_neighbours_that_disagree_settle_nothing(matcher: Matcher) -> None:
    word = _file("Bao cao so ket.docx")
    other = _file("BC so ket TH Tan Phu.docx", minutes=2)
    scan = _file("scan0001.pdf", minutes=4)
    placed = place_together(matcher, [(word, LETTERHEAD), (other, ""), (scan, "")])
    assert not placed[2].placed and placed[2].hold == "no_school"
