"""Issue 12, the classes the Mỹ Tú (Sóc Trăng) set found, one test each. The roster is a slice
of the district's real list (tests/data/README.md): schools told apart by a letter (A, B, C,
before or after the name), a DTNT school next to the commune's THCS, the district's own name."""

from __future__ import annotations

import pytest

from tests.matching_fixtures import place_at_interim, seed_periods
from watcher.matching import Matcher
from watcher.model import School

ROSTER = [
    School("MN-02", "Trường Mẫu giáo Long Hưng", "MN"),
    School("MN-05", "Trường Mẫu giáo Mỹ Tú", "MN"),
    School("MN-07", "Trường Mầm non Huỳnh Hữu Nghĩa", "MN"),
    School("MN-09", "Trường Mầm non Mỹ Hương", "MN"),
    School("TH-01", "Trường TH A Huỳnh Hữu Nghĩa", "TH"),
    School("TH-02", "Trường TH B Huỳnh Hữu Nghĩa", "TH"),
    School("TH-05", "Trường TH Long Hưng A", "TH"),
    School("TH-06", "Trường TH Long Hưng B", "TH"),
    School("TH-09", "Trường TH Mỹ Phước A", "TH"),
    School("TH-14", "Trường TH Mỹ Tú A", "TH"),
    School("THCS-01", "Trường THCS DTNT Mỹ Tú", "THCS"),
    School("THCS-04", "Trường THCS Mỹ Phước", "THCS"),
    School("THCS-05", "Trường THCS Mỹ Phước A", "THCS"),
    School("THCS-06", "Trường THCS Mỹ Tú", "THCS"),
    School("THCS-10", "Trường PTDTBT THCS Nậm Chà", "THCS"),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(ROSTER, seed_periods())


place = place_at_interim


@pytest.mark.parametrize(
    ("name", "school"),
    [
        ("TH A Huynh Huu Nghia - BCSK 2024.docx", "TH-01"),  # the letter before the name
        ("BCSK 2024 TH Huynh Huu Nghia A.docx", "TH-01"),  # ... or after it
        ("Tieu hoc B Huynh Huu Nghia so ket.docx", "TH-02"),
        ("THCS My Phuoc A - BCSK 2024.docx", "THCS-05"),
        ("MN Huynh Huu Nghia so ket 2024.docx", "MN-07"),
    ],
)
def test_a_letter_names_one_school_of_a_family(matcher: Matcher, name: str, school: str) -> None:
    placement = place(matcher, name)
    assert (placement.school, placement.period) == (school, "2024-interim"), placement.reason


@pytest.mark.parametrize(
    ("name", "hold", "could_be"),
    [
        ("Long Hung BCSK 2024.docx", "ambiguous", {"MN-02", "TH-05", "TH-06"}),
        ("TH Huynh Huu Nghia - BCSK 2024.docx", "ambiguous", {"TH-01", "TH-02"}),
        ("TH Long Hung - BCSK 2024.docx", "ambiguous", {"TH-05", "TH-06"}),
    ],
)
def test_a_bare_name_of_a_lettered_family_is_held(
    matcher: Matcher, name: str, hold: str, could_be: set[str]
) -> None:
    placement = place(matcher, name)
    assert not placement.placed
    assert placement.hold == hold
    assert could_be <= set(placement.candidates)


@pytest.mark.parametrize(
    "name",
    [
        "THCS My Phuoc B - BCSK 2024.docx",  # a letter the roster lacks, in a family
        "TH My Tu D - BCSK 2024.docx",
        "MG My Huong 2 - BCSK 2024.docx",  # a number, though no Mỹ Hương has one
        "MG My Huong B - BCSK 2024.docx",
    ],
)
def test_a_letter_or_number_the_roster_lacks_holds(matcher: Matcher, name: str) -> None:
    placement = place(matcher, name)
    assert not placement.placed, placement
    assert placement.hold == "number", placement.reason


def test_a_document_number_after_a_letterhead_is_no_school_number(matcher: Matcher) -> None:
    placement = place(matcher, "bao cao.docx", text="TRƯỜNG MẦM NON MỸ HƯƠNG\nSố: 15/BC-MN\nSƠ KẾT")
    assert placement.school == "MN-09", placement.reason


@pytest.mark.parametrize(
    ("name", "school"),
    [
        ("PTDTNT THCS My Tu BCSK 2024.docx", "THCS-01"),  # type word before the level
        ("THCS DTNT My Tu - BCSK 2024.docx", "THCS-01"),
        ("PTDTNT My Tu - BCSK 2024.docx", "THCS-01"),  # without the level
        ("THCS My Tu - BCSK 2024.docx", "THCS-06"),  # the commune's THCS, not the DTNT one
        ("THCS Nam Cha - BCSK 2024.docx", "THCS-10"),  # alone with its name: the word may go
        ("PTDTBT THCS Nam Cha - BCSK 2024.docx", "THCS-10"),
    ],
)
def test_a_type_word_tells_two_schools_of_one_commune_apart(
    matcher: Matcher, name: str, school: str
) -> None:
    placement = place(matcher, name)
    assert placement.school == school, placement.reason


@pytest.mark.parametrize(
    ("name", "folders", "school"),
    [
        ("MG xa Long Hung_BCSK_2024.docx", (), "MN-02"),  # 'xã' between the level and the name
        ("BCSK 2024.docx", ("X. Long Hung", "TH Long Hung B"), "TH-06"),  # 'X.' is a place
        ("BCSK 2024.docx", ("TT Huynh Huu Nghia", "TH A Huynh Huu Nghia"), "TH-01"),  # town
    ],
)
def test_a_commune_word_is_a_place_unless_a_level_stands_before_it(
    matcher: Matcher, name: str, folders: tuple[str, ...], school: str
) -> None:
    placement = place(matcher, name, folders)
    assert placement.school == school, placement.reason


@pytest.mark.parametrize(
    ("name", "folders", "text"),
    [
        ("BCSK 2024.docx", ("X. Long Hung",), ""),
        ("BCSK 2024.docx", ("TT Huynh Huu Nghia",), ""),
        ("Document1.docx", (), "PHÒNG GD&ĐT MỸ TÚ\nBÁO CÁO SƠ KẾT"),  # the department's name
        ("PGD My Tu - BCSK 2024.docx", (), ""),
    ],
)
def test_a_place_alone_places_nothing(
    matcher: Matcher, name: str, folders: tuple[str, ...], text: str
) -> None:
    assert not place(matcher, name, folders, text).placed


def test_the_department_line_does_not_name_a_school(matcher: Matcher) -> None:
    text = "PHÒNG GD&ĐT MỸ TÚ\nTRƯỜNG TH MỸ TÚ A\nBÁO CÁO SƠ KẾT NĂM HỌC 2023-2024"
    placement = place(matcher, "Document2.docx", text=text)
    assert placement.school == "TH-14", placement.reason


@pytest.mark.parametrize(
    "name",
    [
        "Ket qua kiem tra BCSK TH My Tu A.docx",
        "KQ kiem tra BCSK 2024 MN Huynh Huu Nghia.pdf",
        "Phieu danh gia BCSK 2024 THCS My Phuoc A.docx",
        "Bang cham diem BCSK 2024 TH Long Hung A.xlsx",
    ],
)
def test_the_departments_assessment_of_a_report_is_not_a_submission(
    matcher: Matcher, name: str
) -> None:
    placement = place(matcher, name)
    assert not placement.placed
    assert placement.hold == "not_submission", placement.reason


@pytest.mark.parametrize(
    "name", ["Gui BCSK 2024 THCS Mỹ Phước ạ.docx", "BCSK 2024 - THCS Mỹ Phước Ạ.docx"]
)
def test_the_polite_word_at_the_end_is_no_letter(matcher: Matcher, name: str) -> None:
    placement = place(matcher, name)
    assert placement.school == "THCS-04", placement.reason  # not THCS Mỹ Phước A
