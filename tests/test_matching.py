"""Rules of matching, one by one, against the labelled roster of a District 7-like district."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.matching_fixtures import LOCAL, record, roster, seed_periods
from watcher.matching import Matcher, format_explanation, mentions_other
from watcher.matching.names import fast_fold
from watcher.model import FileRecord, Override, Period
from watcher.text import fold

INTERIM_TIME = datetime(2024, 5, 20, 9, 0, tzinfo=LOCAL)
BETWEEN_TIME = datetime(2024, 1, 15, 9, 0, tzinfo=LOCAL)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(roster(), seed_periods())


def place(matcher: Matcher, name: str, **fields: object) -> tuple[str | None, str | None, str]:
    fields.setdefault("uploaded_at", INTERIM_TIME)
    placement = matcher.place(record(name, **fields))  # type: ignore[arg-type]
    return placement.school, placement.period, placement.reason


def test_names_in_decomposed_unicode_are_placed(matcher: Matcher) -> None:
    name = unicodedata.normalize("NFD", "THCS Nguyễn Thị Thập_Báo cáo sơ kết (scan).pdf")
    assert place(matcher, name)[:2] == ("THCS02", "2024-interim")


@pytest.mark.parametrize(
    "name",
    [
        "BC nam 2023 - MN Tan Phong.docx",
        "MN TÂN PHONG BÁO CÁO NĂM 2023 bản scan.pdf",
        "Mầm non Tân Phong - BC năm 2023 (1) final v2 copy.docx",
        "MNTanPhong_BCnam2023.docx",
        "Trường MN Tân Phong BC 31.10.2023 năm 2023 đã ký.pdf",
    ],
)
def test_noise_and_spelling_do_not_matter(matcher: Matcher, name: str) -> None:
    assert place(matcher, name)[:2] == ("MN01", "2023-annual")


def test_a_level_that_disagrees_is_never_placed(matcher: Matcher) -> None:
    assert place(matcher, "TH Phu Dong so ket.docx")[0] == "TH01"
    assert place(matcher, "THCS Phu Dong so ket.docx")[0] == "THCS01"
    school, _, reason = place(matcher, "THCS Tan Phong so ket.docx")
    assert school is None
    assert reason == "Tên tệp ghi THCS nhưng danh sách chỉ có MN Tân Phong"


def test_same_name_without_level_is_ambiguous(matcher: Matcher) -> None:
    school, period, reason = place(matcher, "Phu Dong so ket.docx")
    assert (school, period) == (None, None)
    assert reason == "Có thể là TH Phù Đổng hoặc THCS Phù Đổng"


def test_reasons_in_english() -> None:
    english = Matcher(roster(), seed_periods(), language="en")
    assert english.place(record("Phu Dong so ket.docx")).reason == (
        "Could be TH Phù Đổng or THCS Phù Đổng"
    )
    assert english.place(record("Document1.docx")).reason == "No school name found"
    placement = english.place(record("MN Sao Mai.docx", uploaded_at=BETWEEN_TIME))
    assert placement.reason == "School found (MN Sao Mai), period unclear"


def test_levels_by_other_words(matcher: Matcher) -> None:
    assert place(matcher, "MG Tan Quy so ket.docx")[0] == "MN05"
    assert place(matcher, "Tieu hoc Tan Quy so ket.docx")[0] == "TH09"
    assert place(matcher, "TiH Phu Dong so ket.docx")[0] == "TH01"
    assert place(matcher, "Trung hoc co so Phu Dong so ket.docx")[0] == "THCS01"
    assert place(matcher, "TH&THCS Tan Hung so ket.docx")[0] == "LC01"
    assert place(matcher, "Lien cap Tan Hung so ket.docx")[0] == "LC01"
    assert place(matcher, "Tan Hung so ket.docx")[0] is None  # MN or TH&THCS Tân Hưng


def test_numbers_are_part_of_names(matcher: Matcher) -> None:
    assert place(matcher, "MN Tuoi Tho 2 so ket.docx")[0] == "MN04"
    assert place(matcher, "MN Tuoi Tho so ket.docx")[0] == "MN03"
    assert place(matcher, "MN Tuoi Tho so ket (2).docx")[0] == "MN03"
    school, _, reason = place(matcher, "MN Tuoi Tho 3 so ket.docx")
    assert school is None and "tuoi tho 3" in reason
    assert place(matcher, "MN 19-5 so ket.docx")[0] == "MN14"
    assert place(matcher, "BC 19-5 so ket.docx")[0] is None  # a day and a month, no level


def test_longer_name_wins_over_its_prefix(matcher: Matcher) -> None:
    assert place(matcher, "MN Tan Thuan Dong so ket.docx")[0] == "MN12"
    assert place(matcher, "MN Tan Thuan so ket.docx")[0] == "MN11"


def test_typos_only_when_they_are_slips(matcher: Matcher) -> None:
    assert place(matcher, "THCS Nguyen Thi Thapp so ket.docx")[0] == "THCS02"
    assert place(matcher, "THCS Huyn Tan Phat so ket.docx")[0] == "THCS03"
    assert place(matcher, "TH Luong The Vihn so ket.docx")[0] == "TH04"
    assert place(matcher, "THCS Tran Quoc Toan so ket.docx")[0] is None  # another name
    assert place(matcher, "MN Hoa Mai so ket.docx")[0] is None


def test_uploader_email(matcher: Matcher) -> None:
    assert place(matcher, "bao cao so ket.docx", owner_email="MNTanPhong.q7@hcm.edu.vn")[0] == (
        "MN01"
    )
    shared = place(matcher, "bao cao so ket.docx", owner_email="ketoan.cum3.q7@gmail.com")
    assert shared[0] is None and "MN Phú Mỹ" in shared[2] and "MN Phú Thuận" in shared[2]
    decided = place(matcher, "Phu Dong so ket.docx", owner_email="thcsphudong.q7@hcm.edu.vn")
    assert decided[0] == "THCS01"


def test_folders_name_school_and_period(matcher: Matcher) -> None:
    folders = ("Sơ kết 2024", "MN Tuổi Thơ 2")
    late = datetime(2024, 8, 1, tzinfo=LOCAL)
    assert place(matcher, "trang 1.jpg", folders=folders, uploaded_at=late)[:2] == (
        "MN04",
        "2024-interim",
    )
    conflict = place(matcher, "MN Tan Phong so ket.docx", folders=("MN Hoa Sen",))
    assert conflict[0] is None


def test_letterhead_text_is_evidence(matcher: Matcher) -> None:
    text = "PHÒNG GD&ĐT QUẬN 7\nTRƯỜNG TRUNG HỌC CƠ SỞ PHÙ ĐỔNG\nBÁO CÁO SƠ KẾT"
    placement = matcher.place(record("Phu Dong.docx", uploaded_at=INTERIM_TIME), text)
    assert (placement.school, placement.period) == ("THCS01", "2024-interim")
    alone = matcher.place(record("Document1.docx", uploaded_at=INTERIM_TIME), text)
    assert (alone.school, alone.period) == ("THCS01", "2024-interim")


def test_period_words_and_years(matcher: Matcher) -> None:
    assert place(matcher, "MN Hoa Sen bao cao nam 2023.docx")[1] == "2023-annual"
    assert place(matcher, "MN Hoa Sen tong ket.docx")[1] == "2025-final"
    assert place(matcher, "MN Hoa Sen 2025.docx")[1] == "2025-final"
    _, period, reason = place(matcher, "MN Hoa Sen so ket 2023.docx")
    assert period is None and reason.startswith("Đã nhận ra trường (MN Hoa Sen)")


def test_school_names_containing_period_words(matcher: Matcher) -> None:
    assert place(matcher, "Lien cap Nam Sai Gon so ket.docx")[:2] == ("LC02", "2024-interim")


def test_upload_time_alone_never_places_a_file(matcher: Matcher) -> None:
    """Issue 12, class 6: a file that says nothing of its period waits for staff, whenever it
    arrived; a school year is not a calendar year."""
    in_window = place(matcher, "BC MN Hoa Sen.docx")
    assert in_window == ("MN02", None, "Đã nhận ra trường (MN Hoa Sen) nhưng không rõ kỳ báo cáo")
    late_annual = place(matcher, "BC MN Hoa Sen nam 2023.docx")
    assert late_annual[:2] == ("MN02", "2023-annual")
    between = place(matcher, "BC MN Hoa Sen.docx", uploaded_at=BETWEEN_TIME)
    assert between == ("MN02", None, "Đã nhận ra trường (MN Hoa Sen) nhưng không rõ kỳ báo cáo")
    school_year = place(matcher, "MN Hoa Sen 2023-2024.docx", uploaded_at=BETWEEN_TIME)
    assert school_year[:2] == ("MN02", None)  # not 'năm 2023', and not alone the interim report
    last_year = place(matcher, "MN Hoa Sen nam hoc 2022-2023.docx")
    assert last_year[1] is None


def test_a_single_period_takes_every_placed_file() -> None:
    only = Period("2022", "Báo cáo PCCC", datetime(2022, 9, 9, 23, 59, 59, tzinfo=LOCAL))
    matcher = Matcher(roster(), [only])
    placement = matcher.place(record("MN Hoa Sen.docx"))
    assert (placement.school, placement.period) == ("MN02", "2022")
    assert matcher.place(record("Document1.docx")).period is None


def test_override_by_id_or_name_changes_only_that_file() -> None:
    files = [
        record("Phu Dong so ket.docx", uploaded_at=INTERIM_TIME, file_id="a"),
        record("Phu Dong so ket (1).docx", uploaded_at=INTERIM_TIME, file_id="b"),
        record("MN Hoa Sen so ket.docx", uploaded_at=INTERIM_TIME, file_id="c"),
    ]
    before = [Matcher(roster(), seed_periods()).place(file) for file in files]
    overrides = [
        Override("a", "TH01", "2024-interim"),
        Override("PHU DONG SO KET (1).DOCX", "THCS01", "2025-final"),
        Override("c", "NO-SUCH-SCHOOL", "2024-interim"),  # the config check reports it
    ]
    after = [Matcher(roster(), seed_periods(), overrides).place(file) for file in files]
    assert (after[0].school, after[0].period, after[0].overridden) == ("TH01", "2024-interim", True)
    assert (after[1].school, after[1].period, after[1].overridden) == ("THCS01", "2025-final", True)
    assert after[2] == before[2]


def test_a_new_alias_takes_effect() -> None:
    name = "Truong Be Yeu so ket.docx"
    assert Matcher(roster(), seed_periods()).place(record(name)).school is None
    schools = [
        replace(school, aliases=(*school.aliases, "Bé Yêu")) if school.code == "MN20" else school
        for school in roster()
    ]
    assert Matcher(schools, seed_periods()).place(
        record(name, uploaded_at=INTERIM_TIME)
    ).school == ("MN20")


def test_explain_lists_candidates_and_evidence(matcher: Matcher) -> None:
    file = record("Phu Dong so ket.docx", uploaded_at=INTERIM_TIME)
    explanation = matcher.explain(file)
    assert [c.code for c in explanation.schools[:2]] == ["TH01", "THCS01"]
    assert explanation.schools[0].evidence
    text = format_explanation(explanation, "vi")
    assert "TH Phù Đổng [TH01]" in text and "THCS Phù Đổng [THCS01]" in text
    assert "Tên tệp có tên trường “phu dong”" in text
    assert "Có thể là TH Phù Đổng hoặc THCS Phù Đổng" in text
    english = format_explanation(explanation, "en")
    assert "Candidate schools:" in english and "could be TH Phù Đổng or THCS Phù Đổng" in english


def test_explain_shows_rejections(matcher: Matcher) -> None:
    explanation = matcher.explain(record("TH Tuoi Tho 2 so ket.docx", uploaded_at=INTERIM_TIME))
    text = format_explanation(explanation, "en")
    assert "Ruled out: the file name says TH but this school is MN" in text
    assert "Decision: Not placed: the name says TH but the roster only has MN Tuổi Thơ 2" in text


def test_placement_carries_evidence(matcher: Matcher) -> None:
    placement = matcher.place(record("MN Hoa Sen so ket.docx", uploaded_at=INTERIM_TIME))
    assert any("MN Hoa Sen" in line and "hoa sen" in line for line in placement.evidence)
    assert any("so ket" in line for line in placement.evidence)


def test_mentions_other(matcher: Matcher) -> None:
    file = record("MN Sen Hong so ket.docx", uploaded_at=INTERIM_TIME)
    copied = "TRƯỜNG MẦM NON HOA SEN\nBÁO CÁO SƠ KẾT"
    placement = matcher.place(file, copied)
    assert placement.school == "MN19"
    assert mentions_other(copied, placement, matcher) == (
        "Nội dung văn bản ghi MN Hoa Sen, không phải MN Sen Hồng"
    )
    own = "TRƯỜNG MẦM NON SEN HỒNG\nBÁO CÁO SƠ KẾT"
    assert mentions_other(own, placement, matcher) is None
    other_period = "TRƯỜNG MẦM NON SEN HỒNG\nBÁO CÁO TỔNG KẾT"
    warning = mentions_other(other_period, placement, matcher, "en")
    assert warning == "The document looks like “tong ket”, not Báo cáo sơ kết 2024"
    assert mentions_other("", placement, matcher) is None


def test_records_without_times_or_email(matcher: Matcher) -> None:
    bare = FileRecord("x", "MN Hoa Sen so ket.docx", (), "", None, None, None, None)
    placement = matcher.place(bare)
    assert (placement.school, placement.period) == ("MN02", "2024-interim")


@given(st.text(alphabet=st.characters(max_codepoint=0x1EFF), max_size=40))
def test_fast_fold_agrees_with_fold(value: str) -> None:
    assert fast_fold(value) == fold(value)
