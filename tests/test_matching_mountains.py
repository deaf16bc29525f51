"""Mountain departments (issue 12, as the held-out run on the Hà Giang communes of Tuyên Quang
found them): boarding-school words written apart in the roster or the file ('PTDT BT', 'PTDT
Bán trú', 'Phổ thông dân tộc bán trú'), a 'nội trú' school that is not the commune's school of
the same name. The names are another province's (Lào Cai, Điện Biên) on purpose: the rules are
for the class, not for those files."""

from __future__ import annotations

import pytest

from tests.matching_fixtures import place_at_interim, seed_periods
from watcher.matching import Matcher
from watcher.model import School

ROSTER = [
    School("LC-MN01", "Trường Mầm non Bản Hồ", "MN"),
    School("LC-TH01", "Trường PTDT BT Tiểu học Bản Hồ", "TH"),
    School("LC-CS01", "Trường PTDT Bán trú THCS Tả Van", "THCS"),
    School("LC-MN02", "Trường Mầm non Tả Van", "MN"),
    School("LC-TH02", "Trường Phổ thông DTBT Tiểu học Nậm Cang", "TH"),
    School("LC-LC01", "Trường PTDT BT TH và THCS Thanh Bình", "TH&THCS"),
    School("LC-CS02", "Trường THCS Mường Nhé", "THCS"),
    School("LC-CS03", "Trường THCS Mường Chà", "THCS"),
    School("LC-CS04", "Trường PTDTNT THCS Mường Chà", "THCS"),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(ROSTER, seed_periods())


place = place_at_interim


@pytest.mark.parametrize(
    ("name", "school"),
    [
        ("TH Bản Hồ - BC sơ kết 2024.docx", "LC-TH01"),
        ("PTDTBT TH Ban Ho_so ket 2024.pdf", "LC-TH01"),
        ("PTDT BT Tieu hoc Ban Ho - so ket 2024.docx", "LC-TH01"),
        ("THCS Ta Van - BCSK 2024.docx", "LC-CS01"),
        ("Truong Pho thong dan toc ban tru THCS Ta Van - so ket 2024.docx", "LC-CS01"),
        ("TH Nam Cang - so ket 2024.pdf", "LC-TH02"),
        ("TH&THCS Thanh Binh - so ket 2024.docx", "LC-LC01"),
        ("THCS Thanh Bình - sơ kết 2024.docx", "LC-LC01"),
    ],
)
def test_boarding_words_written_apart_are_one_type_word(
    matcher: Matcher, name: str, school: str
) -> None:
    placement = place(matcher, name)
    assert placement.school == school, placement.reason


def test_a_boarding_roster_name_still_leaves_the_bare_commune_name_held(matcher: Matcher) -> None:
    # MN Bản Hồ and TH Bản Hồ: the bare name is either
    assert place(matcher, "Ban Ho - so ket 2024.docx").school is None


@pytest.mark.parametrize(
    "name",
    [
        "Trường PTDTNT THCS Mường Nhé - BC sơ kết 2024.docx",
        "PTDT NT THCS Muong Nhe - so ket 2024.pdf",
        "THCS Dân tộc nội trú Mường Nhé - sơ kết 2024.docx",
    ],
)
def test_a_boarding_school_file_is_not_the_commune_school_of_its_name(
    matcher: Matcher, name: str
) -> None:
    placement = place(matcher, name)
    assert placement.school is None
    assert "PTDTNT" in (placement.reason or "")
    assert placement.hold == "level"


@pytest.mark.parametrize(
    ("name", "school"),
    [
        ("THCS Mường Chà - sơ kết 2024.docx", "LC-CS03"),
        ("PTDTNT THCS Muong Cha - so ket 2024.docx", "LC-CS04"),
        ("THCS Mường Nhé - sơ kết 2024.docx", "LC-CS02"),
        ("PTDTBT THCS Mường Nhé - sơ kết 2024.docx", "LC-CS02"),
    ],
)
def test_each_school_of_one_name_gets_its_own_files(
    matcher: Matcher, name: str, school: str
) -> None:
    assert place(matcher, name).school == school


@pytest.mark.parametrize(
    ("name", "folders", "school"),
    [
        ("MN Tả Van - sơ kết 2024.docx", ("Cụm trường Bản Hồ",), "LC-MN02"),
        ("Truong MN Ta Van - so ket 2024.docx", ("Cum truong Ban Ho",), "LC-MN02"),
        ("TH Bản Hồ - sơ kết 2024.docx", ("Cụm trường Bản Hồ",), "LC-TH01"),
        ("BC sơ kết 2024.docx", ("Cụm trường Mường Nhé",), None),
    ],
)
def test_a_cluster_folder_is_a_place_not_the_school_named_after_it(
    matcher: Matcher, name: str, folders: tuple[str, ...], school: str | None
) -> None:
    # 'Cụm trường Bản Hồ/' groups the schools around Bản Hồ: it is not TH Bản Hồ's folder
    placement = place(matcher, name, folders)
    assert placement.school == school, placement.reason


@pytest.mark.parametrize(
    "name", ["Đề cương BC sơ kết 2024 - THCS Mường Nhé.docx", "De cuong bao cao so ket 2024.pdf"]
)
def test_an_outline_for_the_report_is_not_a_report(matcher: Matcher, name: str) -> None:
    placement = place(matcher, name)
    assert placement.school is None and placement.hold == "not_submission"


BRACKETS = [
    School("DB-MN01", "Trường Mầm non Hoa Ban (Mường Ảng)", "MN"),
    School("DB-MN02", "Trường Mầm non Hoa Ban (P. Him Lam)", "MN"),
    School("DB-MN03", "Trường Mầm non Hoa Ban (xã Tuần Giáo)", "MN"),
    School("DB-MN04", "Lớp mầm non Sơn Ca", "MN"),
    School("DB-MN05", "Lớp mầm non Sơn Ca (cơ sở 2)", "MN"),
    School("DB-CS01", "Trường THCS Hoa Ban", "THCS"),
    School("DB-TH01", "Trường Tiểu học Bản Phủ (Điện Biên)", "TH"),
]


@pytest.fixture(scope="module")
def bracketed() -> Matcher:
    return Matcher(BRACKETS, seed_periods())


@pytest.mark.parametrize(
    ("name", "folders", "school"),
    [
        # the roster's bracket tells same-name kindergartens apart: a place written settles it
        ("MN Hoa Ban - sơ kết 2024.docx", ("Xã Mường Ảng",), "DB-MN01"),
        ("MN Hoa Ban - so ket 2024.docx", ("P. Him Lam",), "DB-MN02"),
        ("MN Hoa Ban Tuan Giao - so ket 2024.docx", (), "DB-MN03"),
        ("MN Hoa Ban (Muong Ang) - so ket 2024.docx", (), "DB-MN01"),
        # the only one of its name and level: the bracket is not needed
        ("TH Bản Phủ - sơ kết 2024.docx", (), "DB-TH01"),
        # a school named whole wins over one found without its bracket
        ("Lop mam non Son Ca - so ket 2024.docx", (), "DB-MN04"),
        ("THCS Hoa Ban - so ket 2024.docx", ("Xã Mường Ảng",), "DB-CS01"),
    ],
)
def test_a_place_settles_same_name_schools_the_roster_tells_apart_by_a_bracket(
    bracketed: Matcher, name: str, folders: tuple[str, ...], school: str
) -> None:
    placement = place(bracketed, name, folders)
    assert placement.school == school, placement.reason


@pytest.mark.parametrize(
    ("name", "folders"),
    [
        ("MN Hoa Ban - sơ kết 2024.docx", ()),
        ("MN Hoa Ban - sơ kết 2024.docx", ("Xã Mường Chà",)),
        # no level: THCS Hoa Ban, which has no bracket, may stand in Mường Ảng too
        ("Hoa Ban - sơ kết 2024.docx", ("Xã Mường Ảng",)),
    ],
)
def test_same_name_schools_without_a_place_are_held_with_every_candidate(
    bracketed: Matcher, name: str, folders: tuple[str, ...]
) -> None:
    placement = place(bracketed, name, folders)
    assert placement.school is None and placement.hold == "ambiguous"
    assert "Mường Ảng" in placement.reason and "Him Lam" in placement.reason


CODED = [
    School("LCTH005", "Trường PTDTBT TH Bản Hồ", "TH"),
    School("LCMN012", "Trường Mầm non Tả Van", "MN"),
    School("TH-07", "Trường TH Sa Pa", "TH"),
]


@pytest.mark.parametrize(
    ("name", "school"),
    [
        # the department's code written with separators between its letters, or glued on
        ("LC-TH-005 - BC sơ kết 2024.pdf", "LCTH005"),
        ("LC_TH_005_BCSK 2024.pdf", "LCTH005"),
        ("lc-mn-12 so ket 2024.docx", "LCMN012"),
        ("TH07_so_ket_2024.pdf", "TH-07"),
        ("TH-07-BCSK-2024.pdf", "TH-07"),
    ],
)
def test_a_department_code_is_found_however_its_parts_are_joined(name: str, school: str) -> None:
    placement = place(Matcher(CODED, seed_periods()), name)
    assert placement.school == school, placement.reason
