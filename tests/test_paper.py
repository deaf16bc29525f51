"""`watcher receive`: paper copies recorded by staff count like uploads, and can be undone."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.helpers import make_docx, run_cli, write_setup

CONFIG = """timezone = "Asia/Ho_Chi_Minh"
state_dir = "var"
archive_dir = "var/archive"
language = "vi"

[email]
transport = "outbox"
outbox_dir = "var/outbox"
sender = "Phòng GDĐT <pgd@example.edu.vn>"
staff = ["chuyenvien@example.edu.vn"]

[[campaign]]
id = "tm"
title = "Báo cáo PCCC"
roster = "schools.csv"
require = ["word", "paper"]
source = { type = "folder", path = "inbox" }

[[campaign.period]]
id = "2022"
label = "Báo cáo PCCC năm 2022"
due_before = "2022-09-10"
"""
ROSTER = """code,name,level,aliases,emails
TM-TH-HONGQUANG,Hồng Quang,TH,,thhongquang@example.edu.vn
TM-MN-DOANTUNG,Đoàn Tùng,MN,,mndoantung@example.edu.vn
TM-THCS-LEHONG,Lê Hồng,THCS,,thcslehong@example.edu.vn
"""
NOW = "2022-09-15 08:00"


def setup(tmp_path: Path) -> str:
    config = write_setup(tmp_path, CONFIG, ROSTER)
    make_docx(
        tmp_path / "inbox" / "TH Hồng Quang - Báo cáo PCCC.docx",
        "TH Hồng Quang",
        "Báo cáo PCCC",
        when="2022-09-05 08:00",
    )
    make_docx(
        tmp_path / "inbox" / "MN Đoàn Tùng - Báo cáo PCCC.docx",
        "MN Đoàn Tùng",
        "Báo cáo PCCC",
        when="2022-09-06 08:00",
    )
    assert run_cli("poll", "--now", NOW, "--no-send", "--config", str(config)).returncode == 0
    return str(config)


def rows(config: str) -> dict[str, dict]:
    shown = run_cli("status", "--format", "json", "--now", NOW, "--config", config)
    assert shown.returncode == 0, shown.stderr
    return {row["school"]: row for row in json.loads(shown.stdout)["campaigns"][0]["rows"]}


def receive(config: str, *args: str) -> str:
    result = run_cli(
        "receive", "--campaign", "tm", "--period", "2022", *args, "--now", NOW, "--config", config
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_a_paper_copy_completes_the_submission_at_its_arrival_and_undo_removes_it(
    tmp_path: Path,
) -> None:
    config = setup(tmp_path)
    before = rows(config)
    assert before["TM-TH-HONGQUANG"]["status"] == "incomplete"
    assert "Chưa nhận được bản giấy." in before["TM-TH-HONGQUANG"]["problems"]
    said = receive(
        config,
        "--school",
        "TM-TH-HONGQUANG",
        "--role",
        "paper",
        "--at",
        "2022-09-08 10:30",
        "--note",
        "thầy Nam mang đến",
        "--by",
        "co.lan",
    )
    assert "10:30 08/09/2022" in said
    receive(config, "--school", "TM-MN-DOANTUNG", "--role", "paper", "--at", "2022-09-12 09:00")
    receive(config, "--school", "TM-THCS-LEHONG", "--at", "2022-09-09 16:00")  # no Word file yet
    after = rows(config)
    hongquang = after["TM-TH-HONGQUANG"]
    assert hongquang["status"] == "on_time"
    assert hongquang["completed_at"] == "2022-09-08T10:30:00+07:00"
    (paper,) = [f for f in hongquang["files"] if f["role"] == "paper"]
    assert paper["name"] == "bản giấy, nhận ngày 08/09/2022 10:30"
    assert after["TM-MN-DOANTUNG"]["status"] == "late"  # the envelope came after the deadline
    with sqlite3.connect(tmp_path / "var" / "watcher.sqlite3") as db:
        stored = db.execute(
            "SELECT recorded_by, note, recorded_at FROM paper_copies WHERE school = 'TM-TH-HONGQUANG'"
        ).fetchone()
    assert (
        stored[0] == "co.lan"
        and stored[1] == "thầy Nam mang đến"
        and stored[2].startswith("2022-09-15")
    )
    # the digest, the report and the archive manifest show it
    preview = run_cli(
        "digest", "--preview", str(tmp_path / "digest.html"), "--now", NOW, "--config", config
    )
    assert preview.returncode == 0, preview.stderr
    digest = "".join(p.read_text(encoding="utf-8") for p in tmp_path.glob("digest*.html"))
    report = run_cli(
        "report",
        "--campaign",
        "tm",
        "--out",
        str(tmp_path / "report.csv"),
        "--now",
        NOW,
        "--config",
        config,
    )
    assert report.returncode == 0, report.stderr
    manifest = (tmp_path / "var" / "archive" / "tm" / "manifest.csv").read_text(
        encoding="utf-8-sig"
    )
    assert "bản giấy, nhận ngày 09/09/2022 16:00" in digest  # an incomplete school's files
    assert after["TM-THCS-LEHONG"]["status"] == "incomplete"
    for shown in ((tmp_path / "report.csv").read_text(encoding="utf-8-sig"), manifest):
        assert "bản giấy, nhận ngày 08/09/2022 10:30" in shown
    assert run_cli("archive", "verify", "--config", config).returncode == 0
    # recorded by mistake: undo
    receive(config, "--school", "TM-TH-HONGQUANG", "--undo")
    undone = rows(config)["TM-TH-HONGQUANG"]
    assert undone["status"] == "incomplete" and not [
        f for f in undone["files"] if f["role"] == "paper"
    ]
    nothing = run_cli(
        "receive",
        "--campaign",
        "tm",
        "--period",
        "2022",
        "--school",
        "TM-TH-HONGQUANG",
        "--undo",
        "--config",
        config,
    )
    assert nothing.returncode == 1 and "Không có ghi nhận bản giấy" in nothing.stderr


def test_receive_names_what_is_wrong(tmp_path: Path) -> None:
    config = setup(tmp_path)
    unknown = run_cli(
        "receive", "--campaign", "tm", "--period", "2022", "--school", "TM-XX", "--config", config
    )
    assert unknown.returncode == 2 and "'TM-XX'" in unknown.stderr
    period = run_cli(
        "receive",
        "--campaign",
        "tm",
        "--period",
        "2023",
        "--school",
        "TM-MN-DOANTUNG",
        "--config",
        config,
    )
    assert period.returncode == 2 and "2022" in period.stderr
    role = run_cli(
        "receive",
        "--campaign",
        "tm",
        "--period",
        "2022",
        "--school",
        "TM-MN-DOANTUNG",
        "--role",
        "scan",
        "--config",
        config,
    )
    assert role.returncode == 2 and "paper" in role.stderr
