"""Rosters straight from the department's Excel list: title rows, merged cells, STT, Vietnamese
headers, numbers typed as numbers, several e-mails in a cell; problems named by cell."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from tests.helpers import CONFIG, run_cli, write_setup
from watcher.config import ConfigErrors, load
from watcher.config.roster import read


def excel_roster(path: Path, rows: list[list[object]] | None = None, sheet: str = "Sheet1") -> Path:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(["DANH SÁCH CÁC TRƯỜNG MẦM NON, TIỂU HỌC, THCS QUẬN 7"])
    worksheet.merge_cells("A1:F1")
    worksheet.append(["Năm học 2023 - 2024"])
    worksheet.merge_cells("A2:F2")
    worksheet.append([])
    worksheet.append(["STT", "Mã trường", "Tên trường", "Cấp học", "Tên gọi khác", "Email"])
    for row in rows or [
        [1, "MN-TANPHONG", "Tân Phong", "Mầm non", None, "mntanphong@example.edu.vn"],
        [2, 101, "Phù Đổng", "TH", "Tiểu học Phù Đổng", "a@example.edu.vn, b@example.edu.vn"],
        [3, "THCS-PHUDONG", "Phù Đổng", "thcs", None, "c@example.edu.vn\nd@example.edu.vn"],
        [4, "THCS-NTT", "Nguyễn Thị Thập", "THCS", None, None],
    ]:
        worksheet.append(row)
    workbook.save(path)
    return path


def test_an_excel_roster_loads_with_one_warning_for_the_school_without_email(
    tmp_path: Path,
) -> None:
    config = write_setup(
        tmp_path, CONFIG.replace('roster = "schools.csv"', 'roster = "schools.xlsx"')
    )
    excel_roster(tmp_path / "schools.xlsx")
    settings = load(config)
    schools = {s.code: s for s in settings.campaigns[0].schools}
    assert list(schools) == ["MN-TANPHONG", "101", "THCS-PHUDONG", "THCS-NTT"]
    assert schools["101"].emails == ("a@example.edu.vn", "b@example.edu.vn")
    assert schools["THCS-PHUDONG"].emails == ("c@example.edu.vn", "d@example.edu.vn")
    assert schools["101"].aliases == ("Tiểu học Phù Đổng",)
    assert schools["THCS-PHUDONG"].level == "THCS" and schools["101"].line == 6
    assert len(settings.warnings) == 1
    result = run_cli("check", "--config", str(config))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "nhắc nhở" in line]
    assert warnings == [
        f"lưu ý: {tmp_path / 'schools.xlsx'}: Sheet1!F8: trường Nguyễn Thị Thập (THCS-NTT) "
        "chưa có địa chỉ e-mail, sẽ không nhận được nhắc nhở"
    ]


def test_excel_roster_problems_name_sheet_row_and_column(tmp_path: Path) -> None:
    path = excel_roster(
        tmp_path / "schools.xlsx",
        [
            [1, "MN-A", "Hoa Sen", "MN", None, "hoasen@example.edu.vn"],
            [2, "MN-B", "Hoa Mai", "MN", None, "hoamai.example.edu.vn"],
            [3, "MN-A", "Hoa Lan", "MN", None, "hoalan@example.edu.vn"],
        ],
        sheet="Danh sách",
    )
    schools, problems = read(path, language="en")
    assert [s.code for s in schools] == ["MN-A"]
    assert [(p.column, p.message) for p in problems] == [
        (
            "Danh sách!F6",
            "'hoamai.example.edu.vn' is not an e-mail address; separate several addresses "
            "with ; or ,",
        ),
        (
            "Danh sách!B7",
            "school code 'MN-A' is used twice (first at Danh sách!B5); give each school its own",
        ),
    ]
    config = write_setup(
        tmp_path, CONFIG.replace('roster = "schools.csv"', 'roster = "schools.xlsx"')
    )
    try:
        load(config)
    except ConfigErrors as failure:
        shown = [str(p) for p in failure.problems]
    assert (
        f"{path}: Danh sách!F6: «hoamai.example.edu.vn» không phải địa chỉ e-mail; nhiều địa "
        "chỉ thì ngăn cách bằng dấu ; hoặc dấu phẩy" in shown
    )


def test_roster_sheet_picks_the_sheet_and_codes_and_levels_come_from_names(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Ghi chú"
    workbook.active.append(["Danh sách gửi kèm công văn"])
    sheet = workbook.create_sheet("Trường")
    sheet.append(["TT", "Tên đơn vị", "Địa chỉ email"])
    sheet.append([1, "Trường Mầm non Hoa Sen", "hoasen@example.edu.vn"])
    sheet.append([2, "Trường Tiểu học Kim Đồng", "kimdong@example.edu.vn"])
    sheet.append([3, "Trường THCS Nguyễn Du", "nguyendu@example.edu.vn"])
    path = tmp_path / "ds.xlsx"
    workbook.save(path)
    schools, problems = read(path, sheet="Trường")
    assert problems == []
    assert [(s.code, s.level) for s in schools] == [
        ("MN-HOASEN", "MN"),
        ("TH-KIMDONG", "TH"),
        ("THCS-NGUYENDU", "THCS"),
    ]
    assert read(path)[0] == schools  # the first sheet with a header row
    _, missing = read(path, sheet="Sheet9", language="en")
    assert (
        missing[0].message == "the workbook has no sheet 'Sheet9'; its sheets are: Ghi chú, Trường"
    )


def test_a_csv_roster_takes_commas_between_emails_and_warns_without_one(tmp_path: Path) -> None:
    roster = (
        'code,name,level,aliases,emails\nMN-A,Hoa Sen,MN,,"a@x.vn, b@x.vn"\nMN-B,Hoa Mai,MN,,\n'
    )
    config = write_setup(tmp_path, roster=roster)
    settings = load(config)
    assert settings.campaigns[0].schools[0].emails == ("a@x.vn", "b@x.vn")
    assert [w.line for w in settings.warnings] == [3]
    english = write_setup(tmp_path, CONFIG.replace('language = "vi"', 'language = "en"'), roster)
    result = run_cli("check", "--config", str(english))
    assert result.returncode == 0
    assert "school Hoa Mai (MN-B) has no e-mail address and will not receive reminders" in (
        result.stderr
    )
