"""Look-alike names of a Đà Nẵng-like district: numbered schools ("Số 1", "Hoa Mai 1"), a school
named after its district, level folders. Each test pins a wrong placement or a miss once found."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from tests.matching_fixtures import DATA, LOCAL, labelled_record, last_moment_before, record
from watcher.config.roster import parse as roster_parse
from watcher.matching import Matcher
from watcher.model import Period, School

HK1_TIME = datetime(2025, 1, 10, 10, 0, tzinfo=LOCAL)


def _school(code: str, name: str, level: str) -> School:
    return School(code, name, level)


ROSTER = [
    _school("MN-HOAMAI", "Hoa Mai", "MN"),
    _school("MN-HOAMAI1", "Hoa Mai 1", "MN"),
    _school("MN-TUOITHO2", "Tuổi Thơ 2", "MN"),
    _school("MN-SO1", "Số 1", "MN"),
    _school("MN-SO2", "Số 2", "MN"),
    _school("THCS-SO2", "Số 2", "THCS"),
    _school("MN-SONCA", "Sơn Ca", "MN"),
    _school("MN-HOASEN", "Hoa Sen", "MN"),
    _school("MN-THANHKHE", "Thanh Khê", "MN"),
    _school("TH-LELOI", "Lê Lợi", "TH"),
    _school("THCS-LELOI", "Lê Lợi", "THCS"),
    _school("LC-HOABAC", "Hòa Bắc", "Liên cấp"),
]
PERIODS = [
    Period("2023-annual", "Báo cáo năm 2023", last_moment_before(2023, 11, 1), ("bao cao nam",)),
    Period(
        "2025-hk1",
        "Báo cáo sơ kết học kỳ I năm học 2024-2025",
        last_moment_before(2025, 1, 20),
        ("so ket", "hk1", "hoc ky 1", "hoc ky i"),
    ),
    Period(
        "2025-final",
        "Báo cáo tổng kết năm học 2024-2025",
        last_moment_before(2025, 6, 10),
        ("tong ket", "cuoi nam"),
    ),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(ROSTER, PERIODS)


def place(
    matcher: Matcher, name: str, folders: tuple[str, ...] = (), text: str = ""
) -> tuple[str | None, str | None]:
    placement = matcher.place(record(name, folders, uploaded_at=HK1_TIME), text)
    return placement.school, placement.period


@pytest.mark.parametrize(
    ("name", "folders"),
    [
        ("BC so ket HK1.docx", ()),
        ("bao cao.docx", ("So ket HK1",)),
    ],
)
def test_scattered_words_are_not_a_numbered_name(
    matcher: Matcher, name: str, folders: tuple[str, ...]
) -> None:
    """'so ket HK1' holds 'so' and '1' but is not 'Số 1': a typo does not scatter a name."""
    assert place(matcher, name, folders) == (None, None)


@pytest.mark.parametrize(
    ("name", "folders", "expected"),
    [
        ("scan.pdf", ("MN Hoa Mai 1", "So ket HK1"), "MN-HOAMAI1"),
        ("trang 1.jpg", ("So ket HK1", "MN Tuoi Tho 2"), "MN-TUOITHO2"),
        ("MN Hoa Sen.pdf", ("Bao cao so ket HK1",), "MN-HOASEN"),
    ],
)
def test_a_period_folder_does_not_name_a_school(
    matcher: Matcher, name: str, folders: tuple[str, ...], expected: str
) -> None:
    assert place(matcher, name, folders) == (expected, "2025-hk1")


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("MN Hoa Mai 2 so ket.docx", "", None),
        (
            "Bao cao.docx",
            "TRƯỜNG MẦM NON TUỔI THƠ 2\nSố: 12/BC-MNTT2\nBÁO CÁO SƠ KẾT",
            "MN-TUOITHO2",
        ),
    ],
)
def test_a_number_is_not_moved_into_a_reordered_name(
    matcher: Matcher, name: str, text: str, expected: str | None
) -> None:
    """'Hoa Mai 2 so ket' has '2 so', which is not 'Số 2' written backwards."""
    assert place(matcher, name, text=text)[0] == expected


def test_a_keyword_ending_in_nam_does_not_take_a_school_year(matcher: Matcher) -> None:
    """The config keyword 'bao cao nam' (annual) must not read 'Báo cáo năm học 2024-2025'.
    The school year fits two periods here; the upload time does not choose between them."""
    final_time = datetime(2025, 6, 1, 14, 0, tzinfo=LOCAL)
    name = "TH Le Loi - bao cao nam hoc 2024-2025.docx"
    placement = matcher.place(record(name, uploaded_at=final_time))
    assert (placement.school, placement.period) == ("TH-LELOI", None)
    assert set(placement.period_candidates) == {"2025-hk1", "2025-final"}
    final = matcher.place(record("TH Le Loi - bao cao tong ket nam hoc 2024-2025.docx"))
    assert (final.school, final.period) == ("TH-LELOI", "2025-final")
    interim = Period("2024-interim", "Báo cáo sơ kết 2024", last_moment_before(2024, 6, 1))
    seed = Matcher(ROSTER, [PERIODS[0], replace(interim, keywords=("so ket",))])
    interim_time = datetime(2024, 5, 20, 9, 0, tzinfo=LOCAL)
    late_name = "TH Le Loi - bao cao nam hoc 2023-2024.docx"
    late = seed.place(record(late_name, uploaded_at=interim_time))
    assert late.period is None and late.period_candidates == ("2024-interim",)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("MN Hoa Sen - Quan Thanh Khe - so ket.docx", ""),
        ("Quận Thanh Khê - MN Hoa Sen - sơ kết.docx", ""),
        ("bao cao.docx", "UBND QUẬN THANH KHÊ\nTRƯỜNG MẦM NON HOA SEN\nBÁO CÁO SƠ KẾT"),
        ("bao cao.docx", "PHÒNG GD&ĐT Q. THANH KHÊ\nTRƯỜNG MN HOA SEN\nBÁO CÁO SƠ KẾT HK1"),
    ],
)
def test_the_district_is_not_the_school_named_after_it(
    matcher: Matcher, name: str, text: str
) -> None:
    assert place(matcher, name, text=text) == ("MN-HOASEN", "2025-hk1")
    assert place(matcher, "MN Thanh Khe so ket.docx") == ("MN-THANHKHE", "2025-hk1")


def test_a_school_level_fits_a_school_the_roster_calls_lien_cap(matcher: Matcher) -> None:
    assert place(matcher, "TH Hoa Bac so ket.docx") == ("LC-HOABAC", "2025-hk1")
    assert place(matcher, "THCS Hoa Bac so ket.docx") == ("LC-HOABAC", "2025-hk1")
    assert place(matcher, "MN Hoa Bac so ket.docx") == (None, None)


@pytest.mark.parametrize(
    ("folders", "expected"),
    [
        (("2. Tieu hoc", "Le Loi"), "TH-LELOI"),
        (("3. THCS", "Le Loi"), "THCS-LELOI"),
        (("Khối THCS",), "THCS-LELOI"),
        (("Mam non", "Le Loi"), None),
    ],
)
def test_a_level_folder_gives_the_level_of_what_is_inside(
    matcher: Matcher, folders: tuple[str, ...], expected: str | None
) -> None:
    name = "Bao cao so ket.docx" if len(folders) > 1 else "Le Loi - bao cao so ket.docx"
    assert place(matcher, name, folders)[0] == expected
    assert place(matcher, "TH Le Loi so ket.docx", ("3. THCS",))[0] == "TH-LELOI"


def test_labelled_lookalikes_precision_and_recall() -> None:
    """282 names as clerks type them against an 87-school roster full of look-alikes."""
    schools, problems = roster_parse((DATA / "lookalikes_roster.csv").read_text(encoding="utf-8"))
    assert problems == []
    matcher = Matcher(schools, PERIODS)
    lines = (DATA / "lookalikes_names.tsv").read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if line and not line.startswith("#")]
    header = body[0].split("\t")
    wrong, missed, placed, expected = [], [], 0, 0
    for number, line in enumerate(body[1:], start=1):
        row = dict(zip(header, line.split("\t"), strict=True))
        placement = matcher.place(labelled_record(row, number), row["text"].replace("\\n", "\n"))
        want = (row["expected_school"] or None, row["expected_period"] or None)
        got = (placement.school, placement.period) if placement.placed else (None, None)
        expected += want[0] is not None
        if got[0] is not None:
            placed += 1
            if got != want:
                wrong.append(f"{number}: {row['name']!r} -> {got}, expected {want}")
        elif want[0] is not None:
            missed.append(f"{number}: {row['name']!r}: {placement.reason}")
        assert placement.placed or placement.reason.strip(), row["name"]
    recall = (placed - len(wrong)) / expected
    print(f"\nlookalikes: {placed} placed, {len(wrong)} wrong, {len(missed)} missed")
    print(f"recall {recall:.1%} of {expected} placeable files", *missed, sep="\n")
    assert wrong == []
    assert recall >= 0.97
