"""The CLI as a user runs it: poll a folder, read the status JSON contract, find the digest."""

from __future__ import annotations

import email
import json
from email import policy
from pathlib import Path

import pytest

from tests.helpers import make_docx, make_scan, run_cli, set_time, write_setup

NOW = "2024-01-05 10:00"


@pytest.fixture
def setup(tmp_path: Path) -> Path:
    config = write_setup(tmp_path)
    inbox = tmp_path / "inbox"
    make_docx(inbox / "MN Tân Phong - bao cao nam 2023.docx", when="2023-10-20 09:00")
    make_scan(inbox / "MN Tân Phong - bao cao nam 2023 (scan).pdf", when="2023-10-20 09:05")
    make_docx(inbox / "TH Phù Đổng/bao cao nam 2023.docx", "TH Phù Đổng", when="2023-10-30 10:00")
    broken = make_docx(inbox / "THCS Phù Đổng - bao cao nam 2023.docx", "THCS Phù Đổng")
    broken.write_bytes(broken.read_bytes()[:900])
    set_time(broken, "2023-10-31 08:00")
    make_scan(inbox / "THCS Phù Đổng - bao cao nam 2023.pdf", when="2023-11-02 07:00")
    make_docx(inbox / "Document1.docx", "", when="2023-10-29 10:00")
    return config


def status_json(config: Path) -> dict:
    result = run_cli("status", "--config", str(config), "--format", "json", "--now", NOW)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_poll_then_status_follows_the_contract(setup: Path) -> None:
    result = run_cli("poll", "--config", str(setup), "--now", NOW)
    assert result.returncode == 0, result.stderr
    document = status_json(setup)
    assert set(document) == {"generated_at", "campaigns"}
    assert document["generated_at"] == "2024-01-05T10:00:00+07:00"
    (campaign,) = document["campaigns"]
    assert set(campaign) == {"id", "title", "periods", "rows", "unmatched", "last_read_at"}
    assert campaign["last_read_at"] == "2024-01-05T10:00:00+07:00"
    assert campaign["periods"][0] == {
        "id": "2023-annual",
        "label": "Báo cáo năm 2023",
        "deadline": "2023-10-31T23:59:59+07:00",
    }
    assert len(campaign["rows"]) == 4 * 2  # every (school, period), files or not
    for row in campaign["rows"]:
        assert set(row) == {
            "school",
            "school_name",
            "period",
            "status",
            "overdue",
            "completed_at",
            "files",
            "problems",
            "warnings",
        }
        for file in row["files"]:
            assert set(file) == {
                "id",
                "name",
                "role",
                "uploaded_at",
                "problems",
                "warnings",
                "url",
            }
    rows = {(r["school"], r["period"]): r for r in campaign["rows"]}
    tanphong = rows["MN-TANPHONG", "2023-annual"]
    assert (tanphong["status"], tanphong["overdue"], tanphong["completed_at"]) == (
        "on_time",
        False,
        "2023-10-20T09:05:00+07:00",
    )
    assert sorted(f["role"] for f in tanphong["files"]) == ["scan", "word"]
    assert rows["TH-PHUDONG", "2023-annual"]["status"] == "incomplete"
    assert rows["TH-PHUDONG", "2023-annual"]["overdue"] is True
    malformed = rows["THCS-PHUDONG", "2023-annual"]
    assert malformed["status"] == "malformed"
    assert any(f["problems"] for f in malformed["files"] if f["role"] == "word")
    assert rows["THCS-NTT", "2023-annual"]["status"] == "missing"
    assert rows["THCS-NTT", "2024-interim"]["status"] == "pending"  # its deadline is ahead
    assert [u["name"] for u in campaign["unmatched"]] == ["Document1.docx"]
    assert campaign["unmatched"][0]["reason"]


def test_second_poll_changes_nothing_and_sends_nothing(setup: Path) -> None:
    assert run_cli("poll", "--config", str(setup), "--now", NOW).returncode == 0
    outbox = setup.parent / "var/outbox"
    first_mail = sorted(outbox.glob("*.eml"))
    first_status = status_json(setup)
    second = run_cli("poll", "--config", str(setup), "--now", NOW)
    assert second.returncode == 0
    assert "0 thay đổi, tải về 0 tệp, 0 trường đổi tình trạng" in second.stdout
    assert sorted(outbox.glob("*.eml")) == first_mail
    assert status_json(setup) == first_status


def test_the_staff_digest_is_a_multipart_utf8_email(setup: Path) -> None:
    assert run_cli("poll", "--config", str(setup), "--now", NOW).returncode == 0
    (path,) = (setup.parent / "var/outbox").glob("*.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message.get_content_type() == "multipart/alternative"
    assert message["To"] == "chuyenvien@example.edu.vn"
    assert "Báo cáo" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for body in (text, html):
        assert "Tân Phong" in body and "Document1.docx" in body
    assert "Chưa nộp (quá hạn)" in text and "<table" in html


def test_status_table_and_csv(setup: Path) -> None:
    assert run_cli("poll", "--config", str(setup), "--now", NOW).returncode == 0
    table = run_cli("status", "--config", str(setup), "--now", NOW)
    assert "Tân Phong" in table.stdout and "Đúng hạn" in table.stdout
    csv_text = run_cli(
        "status", "--config", str(setup), "--now", NOW, "--format", "csv", "--period", "2023-annual"
    ).stdout
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("Đợt báo cáo,Mã kỳ,Mã trường") and len(lines) == 1 + 4


def test_a_vanished_source_fails_loudly_and_changes_nothing(setup: Path) -> None:
    assert run_cli("poll", "--config", str(setup), "--now", NOW).returncode == 0
    before = status_json(setup)
    (setup.parent / "inbox").rename(setup.parent / "inbox-moved")
    result = run_cli("poll", "--config", str(setup), "--now", "2024-01-06 10:00")
    assert result.returncode == 2
    assert "lần quét không thành công, không có gì thay đổi" in result.stderr
    assert status_json(setup) == before


def test_digest_waits_for_its_first_slot_when_not_sent_on_first_poll(setup: Path) -> None:
    config = (
        setup.read_text(encoding="utf-8")
        + '\n[digest]\ncron = "30 7 * * mon-fri"\nsend_on_first_poll = false\n'
    )
    setup.write_text(config, encoding="utf-8")
    outbox = setup.parent / "var/outbox"
    assert (
        run_cli("poll", "--config", str(setup), "--now", "2024-01-05 10:00").returncode == 0
    )  # a Friday
    assert not list(outbox.glob("*.eml"))
    assert (
        run_cli("poll", "--config", str(setup), "--now", "2024-01-06 10:00").returncode == 0
    )  # Saturday
    assert not list(outbox.glob("*.eml"))
    assert (
        run_cli("poll", "--config", str(setup), "--now", "2024-01-08 07:31").returncode == 0
    )  # Monday
    assert len(list(outbox.glob("*.eml"))) == 1


def test_full_roster_names_are_not_prefixed_with_their_level_twice(tmp_path: Path) -> None:
    roster = (
        "code,name,level,aliases,emails\n"
        "THCS-LEHONG,THCS Lê Hồng,THCS,,lehong@example.edu.vn\n"
        "MN-HOAMAI,Trường Mầm non Hoa Mai,MN,,hoamai@example.edu.vn\n"
        "TH-TANPHONG,Tân Phong,TH,,tanphong@example.edu.vn\n"
    )
    config = write_setup(tmp_path, roster=roster)
    result = run_cli("status", "--config", str(config), "--period", "2023-annual")
    assert result.returncode == 0, result.stderr
    assert "THCS Lê Hồng" in result.stdout and "THCS THCS" not in result.stdout
    assert "Trường Mầm non Hoa Mai" in result.stdout and "MN Trường" not in result.stdout
    assert "TH Tân Phong" in result.stdout  # a short name still gets its level


def test_the_digest_says_when_the_folder_was_last_read(setup: Path) -> None:
    assert run_cli("poll", "--config", str(setup), "--now", NOW).returncode == 0
    (setup.parent / "inbox").rename(setup.parent / "inbox-gone")
    assert run_cli("poll", "--config", str(setup), "--now", "2024-01-07 10:00").returncode == 2
    page = setup.parent / "digest.html"
    shown = run_cli(
        "digest", "--preview", str(page), "--config", str(setup), "--now", "2024-01-07 10:05"
    )
    assert shown.returncode == 0, shown.stderr
    html = page.read_text(encoding="utf-8")
    assert "Thư mục được đọc đầy đủ lần gần nhất lúc 05/01/2024 10:00" in html
    assert "đã hơn một ngày thư mục chưa được đọc thành công" in html


def test_status_before_any_successful_poll_says_so(setup: Path) -> None:
    shown = run_cli("status", "--config", str(setup), "--now", NOW)
    assert shown.returncode == 0
    assert "q7: thư mục chưa được đọc đầy đủ lần nào" in shown.stderr
    assert run_cli("poll", "--config", str(setup), "--now", NOW).returncode == 0
    assert (
        "chưa được đọc đầy đủ" not in run_cli("status", "--config", str(setup), "--now", NOW).stderr
    )


def test_config_may_come_before_the_command(setup: Path) -> None:
    assert run_cli("--config", str(setup), "poll", "--now", NOW).returncode == 0
    shown = run_cli("--config", str(setup), "status", "--format", "json", "--now", NOW)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["campaigns"][0]["id"] == "q7"


def test_deleting_a_file_and_uploading_a_corrected_one_keeps_on_time(setup: Path) -> None:
    inbox = setup.parent / "inbox"
    assert run_cli("poll", "--config", str(setup), "--now", "2023-11-05 08:00").returncode == 0
    (inbox / "MN Tân Phong - bao cao nam 2023.docx").unlink()
    make_docx(inbox / "MN Tân Phong - bao cao nam 2023 (ban sua).docx", when="2023-11-06 09:00")
    assert run_cli("poll", "--config", str(setup), "--now", "2023-11-06 10:00").returncode == 0
    rows = {(r["school"], r["period"]): r for r in status_json(setup)["campaigns"][0]["rows"]}
    tanphong = rows["MN-TANPHONG", "2023-annual"]
    assert (tanphong["status"], tanphong["completed_at"]) == (
        "on_time",
        "2023-10-20T09:05:00+07:00",
    )
    assert [f["name"] for f in tanphong["files"] if f["role"] == "word"] == [
        "MN Tân Phong - bao cao nam 2023 (ban sua).docx"
    ]


def test_an_emptied_folder_is_refused_until_the_admin_accepts_it(setup: Path) -> None:
    assert run_cli("poll", "--config", str(setup), "--now", NOW).returncode == 0
    for path in (setup.parent / "inbox").rglob("*.*"):
        path.unlink()
    refused = run_cli("poll", "--config", str(setup), "--now", "2024-01-06 10:00")
    assert refused.returncode == 2 and "watcher poll --accept-empty" in refused.stderr
    assert status_json(setup)["campaigns"][0]["rows"][0]["status"] == "on_time"
    accepted = run_cli(
        "poll", "--config", str(setup), "--now", "2024-01-06 10:05", "--accept-empty"
    )
    assert accepted.returncode == 0, accepted.stderr
    later = run_cli("status", "-c", str(setup), "-f", "json", "--now", "2024-01-06 10:10")
    document = json.loads(later.stdout)
    rows = {(r["school"], r["period"]): r["status"] for r in document["campaigns"][0]["rows"]}
    assert rows["MN-TANPHONG", "2023-annual"] == "missing"  # as of 5 January it still had them
