"""Warnings are part of the status: JSON, CSV, digest, receipt and report all carry them.

A file that counts but needs a second look (a PDF exported from Word in the scan slot, a small
photo of the signed page) must never reach anyone as a plain "on time, received in full".
"""

from __future__ import annotations

import csv
import email
import io
import json
from email import policy
from pathlib import Path

from tests.helpers import CONFIG, make_docx, make_scan, run_cli, set_time, write_setup
from tests.validation_fixtures import make_text_pdf

NOW = "2023-10-20 10:00"  # a Friday inside the send window, the day of the uploads


def _setup(tmp_path: Path, config: str = CONFIG) -> Path:
    path = write_setup(tmp_path, config)
    inbox = tmp_path / "inbox"
    make_docx(inbox / "MN Tân Phong - bao cao nam 2023.docx", when="2023-10-20 09:00")
    exported = make_text_pdf(inbox / "MN Tân Phong - bao cao nam 2023 (scan).pdf")
    set_time(exported, "2023-10-20 09:05")
    make_docx(inbox / "TH Phù Đổng - bao cao nam 2023.docx", "TH Phù Đổng", when="2023-10-20 09:10")
    make_scan(inbox / "TH Phù Đổng - bao cao nam 2023.jpg", "2023-10-20 09:15", size=(300, 400))
    assert run_cli("poll", "--config", str(path), "--now", NOW).returncode == 0
    return path


def _mails(config: Path) -> list[email.message.EmailMessage]:
    outbox = config.parent / "var/outbox"
    return [
        email.message_from_bytes(p.read_bytes(), policy=policy.default)  # type: ignore[misc]
        for p in sorted(outbox.glob("*.eml"))
    ]


def _body(message: email.message.EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return part.get_content()


def _row(config: Path, school: str) -> dict:
    result = run_cli("status", "--config", str(config), "--format", "json", "--now", NOW)
    rows = json.loads(result.stdout)["campaigns"][0]["rows"]
    return next(r for r in rows if r["school"] == school and r["period"] == "2023-annual")


def test_a_text_only_pdf_scan_is_on_time_with_its_warning_everywhere(tmp_path: Path) -> None:
    config = _setup(tmp_path)
    row = _row(config, "MN-TANPHONG")
    assert row["status"] == "on_time" and row["problems"] == []
    (warning,) = row["warnings"]
    assert "(scan).pdf" in warning and "xuất thẳng từ máy tính" in warning
    scan = next(f for f in row["files"] if f["role"] == "scan")
    assert scan["warnings"] and scan["problems"] == []

    mails = _mails(config)
    digest = next(m for m in mails if "chuyenvien@example.edu.vn" in m["To"])
    assert "Đúng hạn · lưu ý" in _body(digest)
    assert "xuất thẳng từ máy tính" in _body(digest)
    assert "Vui lòng in" not in _body(digest)  # the department reads a note, not the request

    receipt = next(m for m in mails if "mntanphong@" in m["To"])
    text = _body(receipt)
    assert "đủ" not in receipt["Subject"] and "nhận đủ" not in text
    assert "cần kiểm tra" in receipt["Subject"]
    assert "(scan).pdf" in text and "xuất thẳng từ máy tính" in text and "Vui lòng in" in text


def test_a_phone_photo_far_below_an_a4_page_is_malformed_by_default(tmp_path: Path) -> None:
    config = _setup(tmp_path)
    row = _row(config, "TH-PHUDONG")
    assert row["status"] == "malformed"
    assert any("300×400" in p and "không đọc được" in p for p in row["problems"])
    notices = [m for m in _mails(config) if "thphudong@" in m["To"]]
    assert notices and "chưa dùng được" in notices[0]["Subject"]


def test_the_small_image_policy_stays_configurable(tmp_path: Path) -> None:
    lenient = CONFIG + '\n[validation]\ntiny_image = "warning"\n'
    config = _setup(tmp_path, lenient)
    row = _row(config, "TH-PHUDONG")
    assert row["status"] == "on_time" and any("300×400" in w for w in row["warnings"])
    silent = (
        CONFIG + '\n[validation]\ntiny_image = "ok"\nsmall_image = "ok"\ntext_only_pdf = "ok"\n'
    )
    quiet = _setup(tmp_path / "quiet", silent)
    assert _row(quiet, "TH-PHUDONG")["warnings"] == []
    assert _row(quiet, "MN-TANPHONG")["warnings"] == []


def test_csv_and_report_carry_the_warning_as_a_note(tmp_path: Path) -> None:
    config = _setup(tmp_path)
    status = run_cli("status", "--config", str(config), "--format", "csv", "--now", NOW)
    rows = list(csv.DictReader(io.StringIO(status.stdout)))
    mine = next(r for r in rows if r["Mã trường"] == "MN-TANPHONG" and r["Mã kỳ"] == "2023-annual")
    assert "xuất thẳng từ máy tính" in mine["Lưu ý"] and mine["Quá hạn"] == "không"
    out = tmp_path / "report.xlsx"
    result = run_cli("report", "--config", str(config), "--campaign", "q7", "--out", str(out),
                     "--now", NOW)  # fmt: skip
    assert result.returncode == 0, result.stderr
    from openpyxl import load_workbook

    sheet = load_workbook(out).worksheets[1]  # the first period (the summary sheet comes first)
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    note = next(c for c in cells if "xuất thẳng từ máy tính" in c)
    assert note.startswith("Lưu ý:") or "\nLưu ý:" in note
    assert "Vui lòng" not in note


def test_the_docx_report_widens_its_notes_column_for_the_notes(tmp_path: Path) -> None:
    from docx import Document
    from docx.shared import Cm

    config = _setup(tmp_path)
    out = tmp_path / "report.docx"
    result = run_cli("report", "--config", str(config), "--campaign", "q7", "--out", str(out),
                     "--period", "2023-annual", "--now", NOW)  # fmt: skip
    assert result.returncode == 0, result.stderr
    document = Document(str(out))
    (detail,) = [table for table in document.tables if len(table.columns) == 8]
    notes = detail.rows[1 + 0].cells[-1]
    assert any("Lưu ý:" in row.cells[-1].text for row in detail.rows[1:])
    assert notes.width is not None and notes.width >= Cm(4.5)
