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


# The roster's place column ('Xã, phường') and other schools' brackets name the communes: a
# school named after its commune is that school only with its level next to the name.
COMMUNES = [
    School("LC01", "Trường THCS Bản Phiệt", "THCS", place="Xã Bản Phiệt"),
    School("LC02", "Trường Mầm non Sơn Ca", "MN", place="Xã Bản Phiệt"),
    School("LC03", "Trường Tiểu học Kim Đồng", "TH", place="Xã Bản Phiệt"),
    School("LC04", "Trường TH Nậm Chảy", "TH"),
    School("LC05", "Trường Mầm non Hoa Ban (Nậm Chảy)", "MN"),
    School("LC06", "Trường Mầm non Hoa Ban (Bản Lầu)", "MN"),
    School("LC07", "Trường THCS Mường Khương", "THCS"),  # no place column, no bracket
]


@pytest.fixture(scope="module")
def communes() -> Matcher:
    return Matcher(COMMUNES, seed_periods())


@pytest.mark.parametrize(
    "name",
    ["BC so ket 2024 Ban Phiet.docx", "Bản Phiệt - sơ kết 2024.docx", "Nam Chay so ket 2024.docx"],
)
def test_a_bare_name_the_roster_calls_a_place_is_held(communes: Matcher, name: str) -> None:
    placement = place(communes, name)
    assert placement.school is None, placement.reason


@pytest.mark.parametrize(
    ("name", "school"),
    [
        ("THCS Ban Phiet - so ket 2024.docx", "LC01"),
        ("BC sơ kết 2024 trường THCS Bản Phiệt.docx", "LC01"),
        ("TH Nam Chay so ket 2024.docx", "LC04"),
        ("Mường Khương - sơ kết 2024.docx", "LC07"),  # nothing says it is a place
    ],
)
def test_with_its_level_next_to_it_the_place_named_school_is_found(
    communes: Matcher, name: str, school: str
) -> None:
    placement = place(communes, name)
    assert placement.school == school, placement.reason


def test_the_roster_reads_a_place_column_however_the_header_is_written() -> None:
    from watcher.config.roster import parse

    for header in ("Xã, phường", "Xã/Phường", "xa_phuong", "Địa bàn", "Commune"):
        schools, problems = parse(
            f"Mã,Tên trường,Cấp học,{header}\nLC01,THCS Bản Phiệt,THCS,Xã Bản Phiệt\n"
        )
        assert not [p for p in problems if not p.warning], (header, problems)
        assert schools[0].place == "Xã Bản Phiệt", header


# A province's list: the same name in two communes, told apart only by the place column.
TWINS = [
    School("SL01", "Trường Mầm non Hoa Ban", "MN", place="Xã Chiềng Sơn"),
    School("SL02", "Trường Mầm non Hoa Ban", "MN", place="Xã Mường Bú"),
    School("SL03", "Trường Mầm non Sơn Ca", "MN", place="Xã Mường Bú"),
]


@pytest.mark.parametrize(
    ("name", "folders", "school"),
    [
        ("MN Hoa Ban - so ket 2024.docx", ("Xa Muong Bu",), "SL02"),
        ("MN Hoa Ban Chieng Son - so ket 2024.docx", (), "SL01"),
        ("MN Hoa Ban - so ket 2024.docx", (), None),  # could be either
        ("MN Hoa Ban - so ket 2024.docx", ("Xa Muong Khuong",), None),
    ],
)
def test_same_name_schools_are_told_apart_by_the_place_column(
    name: str, folders: tuple[str, ...], school: str | None
) -> None:
    placement = place(Matcher(TWINS, seed_periods()), name, folders=folders)
    assert placement.school == school, placement.reason
