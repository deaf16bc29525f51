"""Place words before a school's name, and schools named after the town (issue 12, class 8, as
the Nghệ An acceptance run found it: 'MN xã Nghi Long' read as 'Nghi Xá', the district's name
and the department's letterhead placed at 'TH TT Diễn Châu'). The names here are another
district's on purpose: the rules are for the class, not for those files."""

from __future__ import annotations

import pytest

from tests.matching_fixtures import place_at_interim, seed_periods
from watcher.matching import Matcher
from watcher.model import School

ROSTER = [
    School("40433301", "Mầm non Thanh Xá", "MN"),
    School("40433401", "Tiểu học Thanh xá", "TH"),
    School("40433302", "Mầm non Thanh Long", "MN"),
    School("40433402", "Tiểu học Thanh Long", "TH"),
    School("40433303", "Mầm non Hưng Thịnh", "MN"),
    School("40433403", "Tiểu học Hưng Thịnh", "TH"),
    School("40433404", "Tiểu học TT Yên Thành", "TH"),
    School("40433501", "THCS Thị Trấn Yên Thành", "THCS"),
    School("40433304", "MN TT Phố Châu", "MN"),
    School("40433405", "Tiểu học Yên Thành 2", "TH"),
    School("40433305", "Mầm non Thị Trấn", "MN"),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(ROSTER, seed_periods())


place = place_at_interim


@pytest.mark.parametrize(
    ("name", "school"),
    [
        ("Trường MN xã Thanh Long - BC sơ kết 2024.docx", "40433302"),
        ("BC so ket 2024 - MN xa Thanh Long.docx", "40433302"),
        ("MN Xa Thanh Long_BCSK 2024.docx", "40433302"),
        ("xa Thanh Long - MN - so ket 2024.docx", "40433302"),
        ("Truong TH xa Hung Thinh - so ket 2024.docx", "40433403"),
        ("TH X. Hung Thinh - so ket 2024.docx", "40433403"),
        ("MN phuong Hung Thinh so ket 2024.docx", "40433303"),
        # the school whose name has 'Xá' in it is still found when written so
        ("MN Thanh Xa - so ket 2024.docx", "40433301"),
        ("TH Thanh xá - sơ kết 2024.docx", "40433401"),
    ],
)
def test_a_commune_word_before_a_name_is_a_place_word_not_a_name_word(
    matcher: Matcher, name: str, school: str
) -> None:
    placement = place(matcher, name)
    assert placement.school == school, placement.reason


@pytest.mark.parametrize(
    ("name", "folders"),
    [
        ("BC so ket 2024.docx", ("Xa Thanh Long",)),
        ("MN - BC so ket 2024.docx", ("Xã Thanh Long",)),
        ("Xa Thanh Long - so ket 2024.docx", ()),
    ],
)
def test_a_commune_alone_never_places_at_its_name_or_a_reordered_one(
    matcher: Matcher, name: str, folders: tuple[str, ...]
) -> None:
    placement = place(matcher, name, folders)
    assert placement.school is None
    assert "Thanh Xá" not in str(placement.reason) and "Thanh xá" not in str(placement.reason)


def test_a_commune_folder_lets_the_school_in_the_file_decide(matcher: Matcher) -> None:
    placement = place(matcher, "TH Thanh Long - so ket 2024.docx", ("Xa Thanh Long",))
    assert placement.school == "40433402", placement.reason


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("BC so ket 2024 Yen Thanh.docx", ""),
        ("Yên Thành - BC sơ kết 2024.docx", ""),
        ("PGD Yen Thanh - BC so ket 2024.docx", ""),
        ("Phong GD Yen Thanh - so ket 2024.docx", ""),
        ("BC so ket 2024 (4).docx", "PHÒNG GD&ĐT YÊN THÀNH\nBÁO CÁO SƠ KẾT"),
        ("BC so ket 2024 (5).docx", "PHÒNG GDĐT YÊN THÀNH\nBÁO CÁO SƠ KẾT"),
        ("Phố Châu - so ket 2024.docx", ""),
        ("TT Phố Châu/BC so ket 2024.docx", ""),
        ("Thị trấn Yên Thành/BC so ket 2024.docx", ""),
        ("TT Yen Thanh/so ket 2024.docx", ""),
        ("MN TT Yên Thành - sơ kết 2024.docx", ""),  # tư thục or the town's MN: staff decide
    ],
)
def test_the_town_or_district_name_alone_never_places_a_file(
    matcher: Matcher, name: str, text: str
) -> None:
    *folders, file_name = name.split("/")
    placement = place(matcher, file_name, tuple(folders), text)
    assert placement.school is None, placement.school


@pytest.mark.parametrize(
    ("name", "school"),
    [
        ("TH Yen Thanh - so ket 2024.docx", "40433404"),
        ("TH TT Yên Thành - sơ kết 2024.docx", "40433404"),
        ("Tieu hoc Thi tran Yen Thanh - so ket 2024.docx", "40433404"),
        ("THCS Thị trấn Yên Thành - sơ kết 2024.docx", "40433501"),
        ("THCS TT Yen Thanh - so ket 2024.docx", "40433501"),
        ("Mam non Thi tran Pho Chau - so ket 2024.pdf", "40433304"),
        ("MN T.Trấn Phố Châu - so ket 2024.pdf", "40433304"),
        ("MN Pho Chau - so ket 2024.docx", "40433304"),
        ("MN TT Phố Châu - so ket 2024.pdf", "40433304"),
        # the town's own MN, named only 'Thị Trấn' in the roster
        ("MN Thi tran Yen Thanh - so ket 2024.docx", "40433305"),
        ("MN Thị Trấn - sơ kết 2024.docx", "40433305"),
    ],
)
def test_a_town_school_needs_its_level_or_the_town_word_and_its_level(
    matcher: Matcher, name: str, school: str
) -> None:
    placement = place(matcher, name)
    assert placement.school == school, placement.reason


def test_the_department_line_of_a_letterhead_is_not_a_school(matcher: Matcher) -> None:
    text = "PHÒNG GD&ĐT YÊN THÀNH\nTRƯỜNG MẦM NON HƯNG THỊNH\nBÁO CÁO SƠ KẾT 2024"
    placement = place(matcher, "BC so ket 2024.docx", text=text)
    assert placement.school == "40433303", placement.reason


MARKS = [
    School("40431301", "Mầm non Hưng Vạn", "MN"),
    School("MN-HV-2", "Mầm non Hưng Văn", "MN"),
    School("40431401", "Tiểu học Hưng Vạn", "TH"),
    School("40431402", "Tiểu học Hưng Văn", "TH"),
]


@pytest.mark.parametrize(
    ("name", "folders", "school"),
    [
        ("MN Hưng Vạn - sơ kết 2024.docx", (), "40431301"),
        ("MN Hưng Văn - sơ kết 2024.docx", (), "MN-HV-2"),
        ("TH Hưng Văn - sơ kết 2024.docx", (), "40431402"),
        ("so ket 2024.docx", ("Tiểu học Hưng Vạn",), "40431401"),
        ("MN Hung Van - so ket 2024.docx", (), None),  # without marks: either
        ("Hưng Vạn - sơ kết 2024.docx", (), None),  # no level: MN or TH Hưng Vạn
    ],
)
def test_marks_written_exactly_settle_names_that_differ_only_by_them(
    name: str, folders: tuple[str, ...], school: str | None
) -> None:
    placement = place(Matcher(MARKS, seed_periods()), name, folders)
    assert placement.school == school, placement.reason
