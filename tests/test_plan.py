"""Reading a plan: the two seed plans exactly, the deadline semantics, and `watcher plan read`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document

from tests.helpers import ROOT, run_cli
from watcher.plan import parse_plan, read_plan

SEEDS = ROOT.parent / "shared" / "seeds"
if not SEEDS.is_dir():  # a worktree sits two levels below the shared folder
    SEEDS = Path("/work/shared/seeds")
Q7 = SEEDS / "000_6568b68981f831b3.txt"
THANH_MIEN = SEEDS / "003_0a6c8146853af178.txt"
needs_seeds = pytest.mark.skipif(not Q7.is_file(), reason="the seed plans are not here")

HEAD = """UBND HUYỆN THANH MIỆN
PHÒNG GIÁO DỤC VÀ ĐÀO TẠO
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Thanh Miện, ngày 16 tháng 3 năm 2022
KẾ HOẠCH
Thực hiện công tác PCCC
"""


def moments(text: str) -> list[str | None]:
    plan = parse_plan(HEAD + text)
    return [d.last_moment.isoformat() if d.last_moment else None for d in plan.deadlines]


@needs_seeds
def test_q7_plan_has_three_deadlines_word_and_scan_and_its_drive_folder() -> None:
    plan = read_plan(Q7).to_json()
    assert [d["last_moment"] for d in plan["deadlines"]] == [
        "2023-10-31T23:59:59+07:00",
        "2024-05-31T23:59:59+07:00",
        "2025-10-31T23:59:59+07:00",
    ]
    assert [d["label"] for d in plan["deadlines"]] == [
        "Báo cáo năm",
        "Báo cáo sơ kết",
        "Báo cáo tổng kết",
    ]
    assert plan["deadlines"][0]["quote"] == "Báo cáo năm gửi trước ngày 01 tháng 11 năm 2023."
    assert all(d["recurring"] is None for d in plan["deadlines"])
    assert plan["require"] == ["word", "scan"]
    assert plan["channels"] == [
        {
            "type": "drive",
            "url": "https://drive.google.com/drive/folders/1gMeFHdRdL2i9TkpDcaOqTVlUqN1qxsks",
        }
    ]  # "không gửi văn bản giấy": no paper
    assert plan["issuer"] == "Phòng Giáo dục và Đào tạo Quận 7"


@needs_seeds
def test_thanh_mien_plan_has_one_deadline_by_email_and_on_paper() -> None:
    plan = read_plan(THANH_MIEN).to_json()
    assert [d["last_moment"] for d in plan["deadlines"]] == ["2022-09-09T23:59:59+07:00"]
    assert "trước ngày 10/9/2022" in plan["deadlines"][0]["quote"]
    assert plan["require"] == ["word"]  # "file mềm": a soft copy
    assert plan["channels"] == [
        {"type": "email", "address": "Bienhungthai@gmail.com"},
        {"type": "paper"},
    ]
    assert plan["issued"] == "2022-03-16"
    assert plan["issuer"] == "Phòng Giáo dục và Đào tạo huyện Thanh Miện"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Các trường gửi báo cáo trước ngày 10/9/2022.", "2022-09-09T23:59:59+07:00"),
        ("Các trường gửi báo cáo chậm nhất ngày 10/9/2022.", "2022-09-10T23:59:59+07:00"),
        ("Các trường nộp báo cáo chậm nhất vào ngày 10.9.2022.", "2022-09-10T23:59:59+07:00"),
        ("Hạn cuối nộp báo cáo về Phòng là ngày 15/9/2022.", "2022-09-15T23:59:59+07:00"),
        ("Báo cáo gửi về Phòng trong ngày 12/9/2022.", "2022-09-12T23:59:59+07:00"),
        ("Nộp hồ sơ trước 16 giờ ngày 20/9/2022.", "2022-09-20T15:59:59+07:00"),
        ("Nộp hồ sơ trước 16h30 ngày 20/9/2022.", "2022-09-20T16:29:59+07:00"),
        ("Gửi danh sách chậm nhất 17 giờ 00 ngày 20/9/2022.", "2022-09-20T17:00:00+07:00"),
        ("Báo cáo gửi trước ngày 01 tháng 11 năm 2022.", "2022-10-31T23:59:59+07:00"),
        ("Các trường gửi báo cáo trước ngày 10/9.", "2022-09-09T23:59:59+07:00"),
        ("Các trường gửi báo cáo trước ngày 15 tháng 4.", "2022-04-14T23:59:59+07:00"),
        ("Nộp hồ sơ từ ngày 01/9/2022 đến ngày 10/9/2022.", "2022-09-10T23:59:59+07:00"),
        ("Cập nhật dữ liệu đến hết ngày 30/9/2022.", "2022-09-30T23:59:59+07:00"),
    ],
)
def test_deadline_semantics(sentence: str, expected: str) -> None:
    assert moments(sentence) == [expected]


def test_a_yearless_date_before_the_plan_is_next_year() -> None:
    text = HEAD.replace("16 tháng 3", "16 tháng 12") + "Các trường gửi báo cáo trước ngày 10/1."
    assert [d.last_moment.isoformat() for d in parse_plan(text).deadlines if d.last_moment] == [
        "2023-01-09T23:59:59+07:00"
    ]


def test_recurring_deadlines() -> None:
    plan = parse_plan(
        HEAD + "Các trường gửi báo cáo tháng trước ngày 25 hằng tháng.\n"
        "Báo cáo năm gửi trước ngày 20/12 hằng năm.\n"
    )
    monthly, yearly = plan.deadlines
    assert (monthly.recurring, monthly.last_moment.isoformat()) == (  # type: ignore[union-attr]
        "monthly",
        "2022-03-24T23:59:59+07:00",
    )
    assert (yearly.recurring, yearly.last_moment.isoformat()) == (  # type: ignore[union-attr]
        "yearly",
        "2022-12-19T23:59:59+07:00",
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Căn cứ Kế hoạch số 2551/KH-UBND ngày 23 tháng 5 năm 2023 của Ủy ban nhân dân quận 7.",
        "Thực hiện Công văn số 123/SGDĐT-GDTrH ngày 05/9/2022 về báo cáo đầu năm.",
        "Hội nghị tổng kết tổ chức vào ngày 20/9/2022 tại hội trường Phòng.",
        "Báo cáo số liệu tính đến ngày 31/5/2022.",
        "Học sinh nghỉ học đến ngày 10/10/2022.",
        "Kết thúc năm học trước ngày 31/5/2022.",
    ],
)
def test_dates_that_are_not_deadlines(sentence: str) -> None:
    assert moments(sentence) == []


def test_a_plan_with_no_deadline_says_so(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(HEAD + "Các trường triển khai thực hiện nghiêm túc.\n", encoding="utf-8")
    result = run_cli("plan", "read", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["deadlines"] == []
    assert "không nêu hạn nộp" in result.stderr
    english = run_cli("plan", "read", str(path), "--lang", "en")
    assert "states no report deadline" in english.stderr


def test_plan_read_a_word_file_with_the_header_in_a_table(tmp_path: Path) -> None:
    document = Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "ỦY BAN NHÂN DÂN QUẬN 7\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nQuận 7, ngày 12 tháng 6 năm 2023"
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Tuyên truyền bảo vệ môi trường")
    document.add_paragraph(
        "Các đơn vị gửi 01 file word và 01 file scan theo đường link "
        "https://drive.google.com/drive/folders/abcDEF123 trước ngày 15/7/2023."
    )
    path = tmp_path / "ke hoach.docx"
    document.save(path)
    result = run_cli("plan", "read", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["issuer"] == "Phòng Giáo dục và Đào tạo Quận 7"
    assert plan["issued"] == "2023-06-12"
    assert [d["last_moment"] for d in plan["deadlines"]] == ["2023-07-14T23:59:59+07:00"]
    assert plan["require"] == ["word", "scan"]
    assert plan["channels"] == [
        {"type": "drive", "url": "https://drive.google.com/drive/folders/abcDEF123"}
    ]
    table_output = run_cli("plan", "read", str(path))
    assert "14/07/2023 23:59:59" in table_output.stdout


def test_plan_read_explains_a_file_it_cannot_read(tmp_path: Path) -> None:
    broken = tmp_path / "plan.docx"
    broken.write_bytes(b"not a zip")
    result = run_cli("plan", "read", str(broken))
    assert result.returncode == 2
    assert "bị hỏng" in result.stderr and "Traceback" not in result.stderr
    missing = run_cli("plan", "read", str(tmp_path / "nope.pdf"), "--lang", "en")
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_a_sentence_broken_across_lines_as_a_pdf_gives_it() -> None:
    text = (
        "Số: 14/KH-GDĐT Thanh Miện, ngày 16 tháng 3 năm 2022\n"
        "Các trường tổng hợp kết quả, gửi báo cáo về Phòng GDĐT trước\n"
        "ngày 10/9/2022 qua thư điện tử pgd@example.edu.vn.\n"
        "Các đơn vị cập nhật số liệu lên phần mềm chậm nhất\n"
        "16 giờ 00 ngày 20/9/2022.\n"
    )
    plan = parse_plan(text)
    assert plan.issued == "2022-03-16"
    assert [d.last_moment.isoformat() for d in plan.deadlines if d.last_moment] == [
        "2022-09-09T23:59:59+07:00",
        "2022-09-20T16:00:00+07:00",
    ]
    assert plan.deadlines[0].quote.endswith(
        "trước ngày 10/9/2022 qua thư điện tử pgd@example.edu.vn."
    )


def test_a_timetable_in_a_word_table_reads_row_by_row(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO")
    document.add_paragraph("Quận 7, ngày 05 tháng 9 năm 2023")
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(
        table.rows,
        [
            ("Thời gian", "Nội dung", "Đơn vị thực hiện"),
            ("Trước ngày 20/9/2023", "Nộp kế hoạch năm học về Phòng", "Các trường"),
            ("Ngày 25/9/2023", "Hội nghị triển khai nhiệm vụ năm học", "Phòng GDĐT"),
        ],
        strict=True,
    ):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    path = tmp_path / "plan.docx"
    document.save(path)
    plan = read_plan(path)
    assert [d.last_moment.isoformat() for d in plan.deadlines if d.last_moment] == [
        "2023-09-19T23:59:59+07:00"
    ]  # the meeting on 25/9 is no deadline


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Nộp hồ sơ về Phòng trong thời gian từ 5/9 đến 15/9/2022.", "2022-09-15T23:59:59+07:00"),
        ("Báo cáo gửi về Phòng trước 01 tháng 10 năm 2022.", "2022-09-30T23:59:59+07:00"),
        ("Các trường gửi báo cáo chậm nhất đến hết ngày 30/9/2022.", "2022-09-30T23:59:59+07:00"),
        (
            "Hạn chót: 17h00 ngày 15/9/2022, gửi bản mềm qua thư điện tử.",
            "2022-09-15T17:00:00+07:00",
        ),
        ("Gửi báo cáo trước 17 giờ, thứ Sáu, ngày 16/9/2022.", "2022-09-16T16:59:59+07:00"),
    ],
)
def test_more_ways_of_writing_a_deadline(sentence: str, expected: str) -> None:
    assert moments(sentence) == [expected]


def test_a_monthly_report_on_a_day_of_each_month() -> None:
    plan = parse_plan(HEAD + "Các trường báo cáo định kỳ vào ngày 20 hằng tháng.\n")
    (deadline,) = plan.deadlines
    assert deadline.recurring == "monthly"
    assert deadline.last_moment.isoformat() == "2022-03-20T23:59:59+07:00"  # type: ignore[union-attr]


def test_the_department_compiling_its_own_report_is_not_the_schools_deadline() -> None:
    assert moments("Phòng GDĐT tổng hợp, báo cáo UBND huyện trước ngày 20/9/2022.") == []
    asked = "Phòng GDĐT đề nghị các trường tổng hợp và báo cáo kết quả trước ngày 10/9/2022."
    assert moments(asked) == ["2022-09-09T23:59:59+07:00"]


def test_a_window_for_sending_that_ends_on_a_day() -> None:
    assert moments("Thời gian nhận hồ sơ: đến ngày 20/9/2022.") == ["2022-09-20T23:59:59+07:00"]
    assert moments("Học sinh nghỉ học đến ngày 20/9/2022, các trường báo cáo sau.") == []
    assert moments("Các trường nhập số liệu tính đến ngày 31/5/2022.") == []


def test_a_date_line_with_the_day_left_blank_and_a_title_without_a_blank_line() -> None:
    plan = parse_plan(
        "ỦY BAN NHÂN DÂN QUẬN 7\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nSố:     /KH-GDĐT\n"
        "Quận 7, ngày      tháng 6 năm 2023\nKẾ HOẠCH\nTuyên truyền bảo vệ môi trường\n"
        "Các trường gửi báo cáo trước ngày 10/7.\n"
    )
    assert plan.issued == "2023-06"  # the day is filled in when the plan is signed
    assert plan.title == "Tuyên truyền bảo vệ môi trường"
    assert [d.last_moment.isoformat() for d in plan.deadlines if d.last_moment] == [
        "2023-07-09T23:59:59+07:00"
    ]
