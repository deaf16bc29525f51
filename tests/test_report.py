"""`watcher report`: .docx / .xlsx / .csv from stored state, checked against `watcher status`.

One real setup (folder source, real Word files and scans, a real SQLite state), polled once
with the CLI; every report is then read back with python-docx, openpyxl and csv.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt
from openpyxl import load_workbook

from tests.helpers import CONFIG, make_docx, make_scan, run_cli, write_setup
from watcher.i18n import status_label
from watcher.report.summary import date_line
from watcher.report.xlsx import sheet_title

NOW = "2024-07-01 09:00"
EXTRA_CONFIG = """
[report]
issuer_parent = "ỦY BAN NHÂN DÂN QUẬN 7"
issuer = "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"
place = "Quận 7"
number = "     /BC-GDĐT"
signer_title = "KT. TRƯỞNG PHÒNG"
signer_name = "Nguyễn Văn An"
recipients = ["UBND Quận 7 (để b/c);", "Lưu: VT."]

[[extension]]
school = "THCS-NTT"
period = "2024-interim"
until = "2024-06-08"
reason = "Trường sửa phòng máy"

[[excuse]]
school = "TH-PHUDONG"
period = "2024-interim"
reason = "Trường tạm ngưng để xây mới"
"""
LABELS = {
    "MN-TANPHONG": "MN Tân Phong",
    "TH-PHUDONG": "TH Phù Đổng",
    "THCS-PHUDONG": "THCS Phù Đổng",
    "THCS-NTT": "THCS Nguyễn Thị Thập",
}


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Polled once at NOW: on time, late, incomplete, missing, extended and excused rows."""
    tmp = tmp_path_factory.mktemp("report")
    config = write_setup(tmp, CONFIG + EXTRA_CONFIG)
    inbox = tmp / "inbox"
    annual = "Báo cáo năm 2023"
    make_docx(
        inbox / "MN Tân Phong - báo cáo năm 2023.docx", "MN Tân Phong", annual, "2023-10-20 09:00"
    )
    make_scan(inbox / "MN Tân Phong - báo cáo năm 2023 scan.pdf", "2023-10-20 09:05")
    make_docx(
        inbox / "TH Phù Đổng - báo cáo năm 2023.docx", "TH Phù Đổng", annual, "2023-11-03 08:00"
    )
    make_scan(inbox / "TH Phù Đổng - báo cáo năm 2023 scan.pdf", "2023-11-03 08:01")
    make_docx(
        inbox / "THCS Phù Đổng - báo cáo năm 2023.docx", "THCS Phù Đổng", annual, "2023-10-25 10:00"
    )
    interim = "Báo cáo sơ kết 2024"
    make_docx(
        inbox / "THCS Nguyễn Thị Thập - sơ kết 2024.docx",
        "THCS Nguyễn Thị Thập",
        interim,
        "2024-06-05 10:00",
    )
    make_scan(inbox / "THCS Nguyễn Thị Thập - sơ kết 2024.pdf", "2024-06-05 10:01")
    result = run_cli("poll", "--config", str(config), "--no-send", "--now", NOW)
    assert result.returncode == 0, result.stderr
    return config


def status_json(config: Path, now: str = NOW) -> dict:
    result = run_cli("status", "--config", str(config), "--format", "json", "--now", now)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def report(config: Path, out: Path, *extra: str, now: str = NOW) -> Path:
    result = run_cli(
        "report",
        "--config",
        str(config),
        "--campaign",
        "q7",
        "--out",
        str(out),
        "--now",
        now,
        *extra,
    )
    assert result.returncode == 0, result.stderr
    assert out.is_file()
    return out


def expected_statuses(document: dict) -> dict[tuple[str, str], str]:
    """(period id, school code) -> status, as `watcher status --format json` says."""
    (campaign,) = document["campaigns"]
    return {(row["period"], row["school"]): row["status"] for row in campaign["rows"]}


def detail_tables(document) -> list:  # type: ignore[no-untyped-def]
    return [table for table in document.tables if table.rows[0].cells[0].text == "STT"]


def summary_tables(document) -> list:  # type: ignore[no-untyped-def]
    return [table for table in document.tables if table.rows[0].cells[0].text == "Cấp học"]


# --- .docx ------------------------------------------------------------------------------------


def test_docx_lists_every_school_with_the_statuses_of_watcher_status(setup: Path) -> None:
    out = report(setup, setup.parent / "out" / "all.docx")
    document = Document(str(out))
    expected = expected_statuses(status_json(setup))
    periods = ["2023-annual", "2024-interim"]
    tables = detail_tables(document)
    assert len(tables) == len(periods)
    for period, table in zip(periods, tables, strict=True):
        shown = {
            (row.cells[2].text, row.cells[1].text): row.cells[3].text for row in table.rows[1:]
        }
        wanted = {
            tuple(LABELS[code].split(" ", 1)): status_label_of(status)
            for (period_id, code), status in expected.items()
            if period_id == period
        }
        assert shown == wanted
    statuses = set(expected.values())
    assert {"on_time", "late", "incomplete", "missing", "excused"} <= statuses


def status_label_of(status: str) -> str:
    from watcher.model import Status

    return status_label(Status(status), "vi")


def test_docx_counts_add_up(setup: Path) -> None:
    document = Document(str(report(setup, setup.parent / "out" / "counts.docx")))
    expected = expected_statuses(status_json(setup))
    for table, period in zip(
        summary_tables(document), ["2023-annual", "2024-interim"], strict=True
    ):
        header = [cell.text for cell in table.rows[0].cells]
        body = [[cell.text for cell in row.cells] for row in table.rows[1:]]
        levels, total = body[:-1], body[-1]
        assert [row[0] for row in levels] == ["MN", "TH", "THCS"]
        for row in body:
            assert int(row[1]) == sum(int(value) for value in row[2:])  # across: the total
        for column in range(1, len(header)):
            assert int(total[column]) == sum(int(row[column]) for row in levels)  # down
        assert int(total[1]) == 4  # every roster school, once
        mine = [s for (p, _), s in expected.items() if p == period]
        for position, label in enumerate(header[2:], start=2):
            assert int(total[position]) == sum(status_label_of(s) == label for s in mine)


def test_docx_follows_the_administrative_layout(setup: Path) -> None:
    out = report(setup, setup.parent / "out" / "layout.docx", "--number", "15/BC-GDĐT")
    document = Document(str(out))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25
    assert 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35
    assert 15 <= round(section.right_margin.mm) <= 20
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and Pt(13) <= normal.size <= Pt(14)
    head = document.tables[0]
    left, right = (cell.text for cell in head.rows[0].cells)
    assert left.splitlines()[:2] == ["ỦY BAN NHÂN DÂN QUẬN 7", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"]
    assert "Số: 15/BC-GDĐT" in left
    assert right.splitlines()[:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    date = [p for p in head.rows[0].cells[1].paragraphs if "ngày" in p.text][0]
    assert date.text == "Quận 7, ngày 01 tháng 7 năm 2024"
    assert all(run.italic for run in date.runs)
    issuer = head.rows[0].cells[0].paragraphs[1]
    assert all(run.bold for run in issuer.runs)
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert any(
        t.startswith("Tổng hợp tình hình nộp") and "Báo cáo biến đổi khí hậu" in t for t in texts
    )
    signature = document.tables[-1].rows[0].cells
    assert "Nơi nhận:" in signature[0].text and "- UBND Quận 7 (để b/c);" in signature[0].text
    assert "KT. TRƯỞNG PHÒNG" in signature[1].text and "Nguyễn Văn An" in signature[1].text
    body_sizes = {run.font.size for p in document.paragraphs for run in p.runs if run.text.strip()}
    assert body_sizes <= {Pt(13), Pt(14)}


def test_docx_one_period_names_the_schools_still_owing(setup: Path) -> None:
    out = report(setup, setup.parent / "out" / "annual.docx", "--period", "2023-annual")
    document = Document(str(out))
    assert len(detail_tables(document)) == 1
    texts = "\n".join(p.text for p in document.paragraphs)
    assert "Tổng hợp tình hình nộp báo cáo năm 2023" in texts  # not "báo cáo Báo cáo"
    assert "Chưa nộp (quá hạn) (1 đơn vị): THCS Nguyễn Thị Thập" in texts
    assert "Nộp thiếu (1 đơn vị): THCS Phù Đổng (Chưa có bản scan có chữ ký)." in texts
    assert "MN Tân Phong" not in texts.split("Các đơn vị chưa nộp đủ báo cáo")[1]


def test_docx_shows_extensions_and_excuses(setup: Path) -> None:
    document = Document(
        str(report(setup, setup.parent / "out" / "interim.docx", "--period", "2024-interim"))
    )
    (table,) = detail_tables(document)
    notes = {
        row.cells[1].text + " " + row.cells[2].text: row.cells[7].text for row in table.rows[1:]
    }
    assert "Được gia hạn đến hết ngày 07/06/2024" in notes["Nguyễn Thị Thập THCS"]
    assert "Lý do: Trường sửa phòng máy" in notes["Nguyễn Thị Thập THCS"]
    assert notes["Phù Đổng TH"] == "Lý do: Trường tạm ngưng để xây mới"


def test_a_report_as_of_an_earlier_moment_matches_status_then(setup: Path) -> None:
    """Past periods, past moments: uploads after --now do not count, as in `watcher status`."""
    earlier = "2023-11-02 12:00"
    out = report(setup, setup.parent / "out" / "then.docx", "--period", "2023-annual", now=earlier)
    (table,) = detail_tables(Document(str(out)))
    shown = {(row.cells[2].text, row.cells[1].text): row.cells[3].text for row in table.rows[1:]}
    expected = expected_statuses(status_json(setup, earlier))
    assert expected[("2023-annual", "TH-PHUDONG")] == "missing"  # its files came on 3 November
    assert shown[("TH", "Phù Đổng")] == status_label_of("missing")


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_converts_the_docx(setup: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = report(setup, tmp_path / "lo.docx")
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        check=True,
        capture_output=True,
        timeout=120,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    text = "\n".join(page.extract_text() for page in PdfReader(tmp_path / "lo.pdf").pages)
    assert "BÁO CÁO" in text and "Nguyễn Thị Thập" in text


# --- .xlsx ------------------------------------------------------------------------------------


def test_xlsx_has_one_sheet_per_period_with_status_colours(setup: Path) -> None:
    workbook = load_workbook(report(setup, setup.parent / "out" / "all.xlsx"))
    assert workbook.sheetnames == ["Tổng hợp", "Báo cáo năm 2023", "Báo cáo sơ kết 2024"]
    expected = expected_statuses(status_json(setup))
    summary = list(workbook["Tổng hợp"].iter_rows(values_only=True))
    assert summary[0][:3] == ("Kỳ báo cáo", "Cấp học", "Tổng số")
    for period_id, label in (
        ("2023-annual", "Báo cáo năm 2023"),
        ("2024-interim", "Báo cáo sơ kết 2024"),
    ):
        total = next(r for r in summary if r[0] == label and r[1] == "Tổng cộng")
        assert total[2] == sum(1 for (p, _) in expected if p == period_id)
        by_level = [r for r in summary if r[0] == label and r[1] != "Tổng cộng"]
        assert sum(r[2] for r in by_level) == total[2] and sum(total[3:]) == total[2]
        on_time = summary[0].index(status_label_of("on_time"))
        assert total[on_time] == sum(
            1 for (p, _), s in expected.items() if p == period_id and s == "on_time"
        )
    fills: dict[str, str] = {}
    periods = ["2023-annual", "2024-interim"]
    for sheet, period in zip(workbook.worksheets[1:], periods, strict=True):
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:K{sheet.max_row}"
        header = [cell.value for cell in sheet[1]]
        assert header[:5] == ["STT", "Mã trường", "Trường", "Cấp học", "Tình trạng"]
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        assert {row[1]: row[4] for row in rows} == {
            code: status_label_of(status) for (p, code), status in expected.items() if p == period
        }
        for index, row in enumerate(rows, start=2):
            fills.setdefault(str(row[4]), sheet.cell(row=index, column=5).fill.fgColor.rgb)
            assert isinstance(row[5], datetime) and row[5].tzinfo is None  # deadline
    assert len(set(fills.values())) == len(fills)  # one colour per status
    annual = workbook["Báo cáo năm 2023"]
    late = next(r for r in annual.iter_rows(min_row=2, values_only=True) if r[1] == "TH-PHUDONG")
    assert late[6] == datetime(2023, 11, 3, 8, 1) and late[7] == 3  # local time, days late


def test_sheet_titles_are_legal_and_unique() -> None:
    used: set[str] = set()
    long = "Báo cáo tổng kết năm học 2024-2025: giữa kỳ [đợt 1]/bổ sung?"
    first = sheet_title(long, used)
    second = sheet_title(long, used)
    assert len(first) <= 31 and len(second) <= 31 and first != second
    assert not set("[]:*?/\\") & set(first + second)
    assert sheet_title("", used) == "Sheet"


# --- .csv -------------------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_and_matches_status_csv(setup: Path) -> None:
    out = report(setup, setup.parent / "out" / "all.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    status = run_cli("status", "--config", str(setup), "--format", "csv", "--now", NOW)
    expected = list(csv.DictReader(io.StringIO(status.stdout)))
    assert [{k: v for k, v in row.items() if k != "Kỳ báo cáo"} for row in rows] == expected
    assert {row["Kỳ báo cáo"] for row in rows} == {"Báo cáo năm 2023", "Báo cáo sơ kết 2024"}
    assert "Nguyễn Thị Thập" in {row["Tên trường"] for row in rows}
    assert "Chưa nộp (quá hạn)" in {row["Tình trạng"] for row in rows}
    assert {row["Quá hạn"] for row in rows} <= {"có", "không"}


# --- mistakes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--campaign", "q7x", "--out", "x.docx"),
            "không có đợt báo cáo nào mã 'q7x' (có phải là 'q7'?)",
        ),
        (("--campaign", "q7", "--period", "2023", "--out", "x.csv"), "không có kỳ '2023'"),
        (("--campaign", "q7", "--out", "x.pdf"), "phải kết thúc bằng .docx, .xlsx hoặc .csv"),
    ],
)
def test_mistakes_are_explained(setup: Path, args: tuple[str, ...], message: str) -> None:
    result = run_cli("report", "--config", str(setup), *args, cwd=setup.parent)
    assert result.returncode == 2
    assert message in result.stderr
    assert not (setup.parent / args[-1]).exists()


def test_a_campaign_never_polled_cannot_be_reported(tmp_path: Path) -> None:
    config = write_setup(tmp_path)
    result = run_cli(
        "report", "--config", str(config), "--campaign", "q7", "--out", str(tmp_path / "r.docx")
    )
    assert result.returncode == 2
    assert "chưa được đọc thành công lần nào" in result.stderr
    assert not (tmp_path / "r.docx").exists()


def test_date_line_writes_leading_zeros_as_the_rules_say() -> None:
    assert date_line("Quận 7", datetime(2026, 1, 5), "vi") == "Quận 7, ngày 05 tháng 01 năm 2026"
    assert date_line("Quận 7", datetime(2026, 11, 22), "vi") == "Quận 7, ngày 22 tháng 11 năm 2026"
    assert date_line("Quận 7", datetime(2026, 3, 9), "vi") == "Quận 7, ngày 09 tháng 3 năm 2026"


def test_docx_keeps_the_signer_with_the_closing_and_sizes_the_notes(setup: Path) -> None:
    from docx.oxml.ns import qn

    document = Document(str(report(setup, setup.parent / "out" / "layout.docx")))
    closing = next(p for p in document.paragraphs if p.text.startswith("Trên đây là báo cáo"))
    assert closing.paragraph_format.keep_with_next
    signature = document.tables[-1]
    assert signature.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    assert "Nguyễn Văn An" in signature.rows[0].cells[1].text
