"""Issue 12, one test per class of what was seen on real uploads (classes 2-8; class 1 is the
folder source's). The roster is a slice of huyện Củ Chi's real list (tests/data/README.md)."""

from __future__ import annotations

import pytest

from tests.matching_fixtures import place_at_interim, seed_periods
from watcher.matching import Matcher
from watcher.model import School

ROSTER = [
    School("79783304", "Mầm non An Phú", "MN"),
    School("79783422", "TH An Phú 1", "TH"),
    School("79783423", "TH An Phú 2", "TH"),
    School("79783343", "Mầm non Thị Trấn Củ Chi 1", "MN"),
    School("79783307", "Mầm non Thị Trấn Củ Chi 2", "MN"),
    School("79783408", "TH Thị Trấn Củ Chi", "TH"),
    School("79783345", "Mầm non Thái Mỹ", "MN"),
    School("79783415", "TH Thái Mỹ", "TH"),
    School("79783600", "TH-THCS Tân Trung", "TH&THCS"),
    School("79783310", "Mầm non Hoa Lan", "MN"),
    School("79783332", "Lớp Mẫu giáo Quốc Dũng", "MN"),
    School("79783W27", "Lớp Mẫu giáo Quốc Dũng 2", "MN"),
    School("79783428", "TH Phú Hòa Đông", "TH"),
    School("79783429", "TH Phú Hòa Đông 2", "TH"),
    School("79783355", "Mầm non Hòa Phú", "MN"),
    School("79783350", "Mầm non Phú Hòa Đông", "MN"),
    School("79785405", "TH Qui Đức", "TH"),
    School("79785420", "TH Tân Nhựt 6", "TH"),
    School("79785419", "TH Tân Nhựt", "TH"),
    School("79783416", "TH Lê Văn Thế", "TH"),
    School("79783401", "TH Tân Phú", "TH"),
    School("79783402", "TH Tân Phú Trung", "TH"),
    School("MN-05", "Mầm non Sơn Ca", "MN"),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(ROSTER, seed_periods())


place = place_at_interim


@pytest.mark.parametrize(
    ("name", "school"),
    [
        ("MNCL Thai My so ket.docx", "79783345"),
        ("MN CL Thái Mỹ - sơ kết.docx", "79783345"),
        ("MNTT Hoa Lan so ket.docx", "79783310"),
        ("MN TT Hoa Lan so ket.docx", "79783310"),
        ("Trg TH Thai My so ket.docx", "79783415"),
        ("T.H Thai My - so ket.docx", "79783415"),
        ("TH-THCS Tan Trung so ket.docx", "79783600"),
        ("Tiểu học và THCS Tân Trung - sơ kết.docx", "79783600"),
        ("PTCS Tan Trung so ket.docx", "79783600"),
        ("Lop MG Quoc Dung so ket.docx", "79783332"),
        ("Nhóm trẻ Hòa Phú sơ kết.docx", "79783355"),
    ],
)
def test_class_2_level_words_as_departments_write_them(
    matcher: Matcher, name: str, school: str
) -> None:
    assert (place(matcher, name).school, place(matcher, name).period) == (school, "2024-interim")


@pytest.mark.parametrize(
    ("name", "school"),
    [
        ("MN Thai Mi so ket.docx", "79783345"),  # i/y
        ("TH Quy Duc so ket.docx", "79785405"),  # the roster says Qui
        ("TH Phú Hoà Đông số 2 - sơ kết.docx", "79783429"),  # old tone place, số 2
        ("TH Phu Hoa Dong II so ket.docx", "79783429"),  # Roman
        ("MG Quoc Dung II - so ket.docx", "79783W27"),
        ("TH Tan Nhut VI - so ket.docx", "79785420"),
        ("Truowngf TH Lee Vawn Thees so ket.docx", "79783416"),  # Telex left on
        ("MN Phu Hoa Dongg - so ket.docx", "79783350"),  # a slip; not 'Hòa Phú' reordered
        ("MNPhuHoaDong_SoKet.docx", "79783350"),
    ],
)
def test_class_3_spelling_variants_are_the_same_name(
    matcher: Matcher, name: str, school: str
) -> None:
    assert place(matcher, name).school == school


def test_class_3_a_number_is_part_of_the_name(matcher: Matcher) -> None:
    assert place(matcher, "TH Phu Hoa Dong 3 so ket.docx").hold == "number"
    assert place(matcher, "TH Phu Hoa Dong so ket.docx").school == "79783428"


@pytest.mark.parametrize(
    ("name", "could_be"),
    [
        ("An Phu so ket.docx", {"79783304", "79783422", "79783423"}),
        ("TH An Phu so ket.docx", {"79783422", "79783423"}),
        ("Thi tran Cu Chi so ket.docx", {"79783408", "79783343", "79783307"}),
        ("Phu Hoa Dong so ket.docx", {"79783428", "79783429", "79783350"}),
    ],
)
def test_class_4_a_bare_name_a_family_shares_is_held(
    matcher: Matcher, name: str, could_be: set[str]
) -> None:
    placement = place(matcher, name)
    assert placement.school is None and placement.hold == "ambiguous"
    assert could_be <= set(placement.candidates)
    assert "có thể là" in placement.reason.casefold()


def test_class_4_the_level_settles_the_family(matcher: Matcher) -> None:
    assert place(matcher, "MN An Phu so ket.docx").school == "79783304"
    assert place(matcher, "TH An Phu 2 so ket.docx").school == "79783423"


@pytest.mark.parametrize(
    ("name", "folders"),
    [
        ("Nhan xet bao cao so ket TH Thai My.docx", ()),
        ("PGD gop y BC so ket MN Hoa Lan.docx", ()),
        ("PHẢN HỒI - MN Hoa Lan - sơ kết.pdf", ()),
        ("BC so ket TH Thai My (tham khao).docx", ()),
        ("Mau bao cao so ket.docx", ()),
        ("Tong hop bao cao so ket cac truong TH.xlsx", ()),
        ("Huong dan bao cao so ket TH Tan Phu.docx", ()),
        ("Ke hoach BCTK TH Tan Phu.docx", ()),
        ("DS hoc sinh MN Hoa Lan so ket.xlsx", ()),
        ("BC so ket TH Thai My.docx", ("Nhận xét của Phòng",)),
    ],
)
def test_class_5_documents_that_name_a_school_but_do_not_come_from_it(
    matcher: Matcher, name: str, folders: tuple[str, ...]
) -> None:
    placement = place(matcher, name, folders)
    assert placement.school is None and placement.hold == "not_submission"


def test_class_5_a_report_on_a_plan_is_a_report_and_colour_is_not_a_template(
    matcher: Matcher,
) -> None:
    assert place(matcher, "Bao cao ket qua thuc hien ke hoach - so ket - TH Tan Phu.docx").placed
    assert place(matcher, "TH Tan Phu so ket - scan mau.pdf").placed


def test_class_6_the_period_comes_from_what_the_document_is(matcher: Matcher) -> None:
    assert place(matcher, "TH Tan Phu.docx").hold == "period"  # the upload time never places
    assert place(matcher, "BC nam hoc 2022-2023 TH Tan Phu.docx").period is None
    assert place(matcher, "Bao cao 22-23 TH Tan Phu.docx").period is None
    assert place(matcher, "BC so ket nam hoc 2023-2024 TH Tan Phu.docx").period == "2024-interim"
    final = place(matcher, "BC tong ket giai doan 2023-2025 TH Tan Phu.docx")
    assert final.period == "2025-final"
    stage = place(matcher, "Báo cáo giai đoạn 2023-2025 - TH Tân Phú.docx")
    assert stage.period == "2025-final"
    dated = place(matcher, "TH Tan Phu BC 31.10.2023.docx")
    assert dated.period == "2023-annual"


def test_class_6_a_name_and_a_title_that_disagree_are_held(matcher: Matcher) -> None:
    title = "UBND HUYỆN CỦ CHI\nTRƯỜNG TIỂU HỌC TÂN PHÚ\nBÁO CÁO NĂM 2023"
    placement = place(matcher, "TH Tan Phu tong ket.docx", text=title)
    assert (placement.school, placement.period) == ("79783401", None)
    assert placement.hold == "period_conflict" and "2023" in placement.reason


def test_class_7_school_codes(matcher: Matcher) -> None:
    assert place(matcher, "79783422_bc so ket.pdf").school == "79783422"
    assert place(matcher, "BC so ket MN-05.docx").school == "MN-05"
    assert place(matcher, "MN_5 so ket.docx").school == "MN-05"
    conflict = place(matcher, "79783422 - TH An Phu 2 - so ket.docx")
    assert conflict.hold == "code_conflict"
    assert {"79783422", "79783423"} <= set(conflict.candidates)
    assert place(matcher, "79783999 so ket.docx").school is None
    assert place(matcher, "79783422 79783423 so ket.docx").hold == "two_schools"


@pytest.mark.parametrize(
    ("name", "folders", "text"),
    [
        ("bao cao so ket.docx", ("Xã An Phú",), ""),
        ("BC so ket.docx", ("P. Thi Tran Cu Chi",), ""),
        ("Huyen Cu Chi - bao cao so ket.docx", (), ""),
        ("Document1.docx", (), "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN CỦ CHI\nBÁO CÁO SƠ KẾT"),
    ],
)
def test_class_8_a_place_never_places_a_file(
    matcher: Matcher, name: str, folders: tuple[str, ...], text: str
) -> None:
    assert place(matcher, name, folders, text).school is None


def test_class_8_a_place_narrows_and_two_schools_hold(matcher: Matcher) -> None:
    assert place(matcher, "scan so ket.pdf", ("Xa An Phu", "TH An Phu 1")).school == "79783422"
    two = place(matcher, "BC so ket TH Tan Phu - TH Tan Phu Trung.docx")
    assert two.hold == "two_schools" and set(two.candidates) >= {"79783401", "79783402"}
    other = place(matcher, "BC so ket TH Thai My.docx", ("TH Tan Phu",))
    assert other.hold == "two_schools"
