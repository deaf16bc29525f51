"""A school is "Trường …" once in every e-mail, whether or not the roster name says it."""

from __future__ import annotations

import email
import re
from email import policy
from pathlib import Path

import pytest

from tests.helpers import CONFIG, make_docx, make_scan, run_cli, set_time, write_setup
from watcher.matching.names import school_label, without_school_word

ROSTER = """code,name,level,aliases,emails
TH-KIMDONG,Trường Tiểu học Kim Đồng,TH,,kimdong@example.edu.vn
TH-KIMDONG2,Trường Kim Đồng 2,TH,,kimdong2@example.edu.vn
MN-TANPHONG,Tân Phong,MN,,tanphong@example.edu.vn
THCS-LELOI,TRƯỜNG THCS LÊ LỢI,THCS,,leloi@example.edu.vn
THCS-NTT,Trường Nguyễn Trường Tộ,THCS,,ntt@example.edu.vn
"""
DOUBLED = re.compile(r"\btrường\s+trường\b", re.IGNORECASE)


@pytest.mark.parametrize(
    ("name", "level", "label", "bare"),
    [
        ("Trường Tiểu học Kim Đồng", "TH", "Trường Tiểu học Kim Đồng", "Tiểu học Kim Đồng"),
        ("Trường Kim Đồng 2", "TH", "Trường TH Kim Đồng 2", "TH Kim Đồng 2"),
        ("Tân Phong", "MN", "MN Tân Phong", "MN Tân Phong"),
        ("TRƯỜNG THCS LÊ LỢI", "THCS", "TRƯỜNG THCS LÊ LỢI", "THCS LÊ LỢI"),
        (
            "Trường Nguyễn Trường Tộ",
            "THCS",
            "Trường THCS Nguyễn Trường Tộ",
            "THCS Nguyễn Trường Tộ",
        ),
    ],
)
def test_labels_carry_the_word_once(name: str, level: str, label: str, bare: str) -> None:
    assert school_label(name, level) == label
    assert without_school_word(label) == bare


def test_every_mail_names_each_school_with_one_truong(tmp_path: Path) -> None:
    config = write_setup(tmp_path, CONFIG, ROSTER)
    inbox = tmp_path / "inbox"
    make_docx(
        inbox / "TH Kim Đồng 2 - bao cao nam 2023.docx", "TH Kim Đồng 2", when="2023-10-27 08:00"
    )
    make_scan(inbox / "TH Kim Đồng 2 - bao cao nam 2023.pdf", when="2023-10-27 08:05")
    broken = make_docx(inbox / "THCS Lê Lợi - bao cao nam 2023.docx", "THCS Lê Lợi")
    broken.write_bytes(broken.read_bytes()[:900])
    set_time(broken, "2023-10-27 08:20")
    make_docx(inbox / "THCS Nguyễn Trường Tộ - bao cao nam 2023.docx", "THCS Nguyễn Trường Tộ",
              when="2023-10-27 08:10")  # fmt: skip
    result = run_cli("poll", "--config", str(config), "--now", "2023-10-27 10:00")
    assert result.returncode == 0, result.stderr
    mails = [
        email.message_from_bytes(p.read_bytes(), policy=policy.default)
        for p in sorted((tmp_path / "var/outbox").glob("*.eml"))
    ]
    kinds = {m["X-Watcher-Key"].split(":")[0] for m in mails}
    assert {"digest", "reminder", "receipt", "problem"} <= kinds, kinds
    for message in mails:
        for part in message.walk():
            if part.get_content_maintype() == "text":
                body = part.get_content()
                assert not DOUBLED.search(body), body
                assert not DOUBLED.search(str(message["Subject"]))
                for greeting in re.findall(r"Kính gửi Hiệu trưởng (.+?),", body):
                    assert len(re.findall(r"(?i)\btrường\b", greeting.split(" Nguyễn")[0])) == 1
