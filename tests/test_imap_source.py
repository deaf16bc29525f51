"""The IMAP source against a real Dovecot: a district mailbox of ~40 messages, counted as a clerk
would count them; read-only; idle polls; a UIDVALIDITY reset; kill -9 in the middle of a poll."""

from __future__ import annotations

import email
import hashlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from email import policy
from pathlib import Path

import pytest

from config.demo import mail_shapes as shapes
from tests.dovecot import PASSWORD, USER, Dovecot, dovecot_fixture  # noqa: F401  (the fixture)
from tests.helpers import ROOT, local, run_cli
from watcher.config.settings import MailAccount
from watcher.sources.base import SourceError
from watcher.sources.imap import ImapSource

STAFF = "chuyenvien@example.edu.vn"
NOW = "2022-09-15 08:00"  # a week after the deadline: receipts still go out

SCHOOLS = [
    ("TM-TH-HONGQUANG", "Hồng Quang", "TH"),
    ("TM-MN-DOANTUNG", "Đoàn Tùng", "MN"),
    ("TM-THCS-LEHONG", "Lê Hồng", "THCS"),
    ("TM-TH-NGOQUYEN", "Ngô Quyền", "TH"),
    ("TM-THCS-THANHTUNG", "Thanh Tùng", "THCS"),
    ("TM-TH-PHAMKHA", "Phạm Kha", "TH"),
    ("TM-MN-CAOTHANG", "Cao Thắng", "MN"),
    ("TM-THCS-TUCUONG", "Tứ Cường", "THCS"),
    ("TM-TH-CHILANGBAC", "Chi Lăng Bắc", "TH"),
    ("TM-MN-CHILANGNAM", "Chi Lăng Nam", "MN"),
    ("TM-THCS-DOANKET", "Đoàn Kết", "THCS"),
    ("TM-TH-HUNGSON", "Hùng Sơn", "TH"),
    ("TM-MN-LAMSON", "Lam Sơn", "MN"),
    ("TM-THCS-NGUHUNG", "Ngũ Hùng", "THCS"),
    ("TM-TH-TANTRAO", "Tân Trào", "TH"),
    ("TM-MN-THANHGIANG", "Thanh Giang", "MN"),
    ("TM-TH-TIENPHONG", "Tiền Phong", "TH"),
    ("TM-THCS-HONGPHONG", "Hồng Phong", "THCS"),
    ("TM-MN-NGOQUYEN", "Ngô Quyền", "MN"),
    ("TM-TH-LAMSON", "Lam Sơn", "TH"),
    ("TM-THCS-CAOTHANG", "Cao Thắng", "THCS"),
    ("TM-MN-TANTRAO", "Tân Trào", "MN"),
]

# What the clerk who opened every message would write in the notebook.
CLERK = {
    "TM-TH-HONGQUANG": "on_time",  # Gmail, Word + scan in one message (delivered twice)
    "TM-MN-DOANTUNG": "on_time",  # Outlook, two messages, RFC 2231 names
    "TM-THCS-LEHONG": "on_time",  # Apple Mail, both files inline
    "TM-TH-NGOQUYEN": "incomplete",  # only the Word file
    "TM-THCS-THANHTUNG": "late",  # scan came after the deadline
    "TM-TH-PHAMKHA": "on_time",  # sent to a staff member, forwarded as message/rfc822
    "TM-MN-CAOTHANG": "on_time",  # forwarded as an attached .eml
    "TM-THCS-TUCUONG": "incomplete",  # a Drive link nobody can open
    "TM-TH-CHILANGBAC": "on_time",  # HTML-only Gmail
    "TM-MN-CHILANGNAM": "missing",  # wrote that the report comes later, attached nothing
    "TM-THCS-DOANKET": "missing",  # sent nothing
    "TM-TH-HUNGSON": "on_time",  # 23:30 on the last day, then the same files again
    "TM-MN-LAMSON": "on_time",  # Word (with a signature logo), the scan two days later
    "TM-THCS-NGUHUNG": "on_time",  # from the head teacher's own Gmail; the subject names it
    "TM-TH-TANTRAO": "malformed",  # the Word file is cut short
    "TM-MN-THANHGIANG": "incomplete",  # only a winmail.dat nobody can open
    "TM-TH-TIENPHONG": "on_time",
    "TM-THCS-HONGPHONG": "on_time",
    "TM-MN-NGOQUYEN": "on_time",
    "TM-TH-LAMSON": "on_time",
    "TM-THCS-CAOTHANG": "on_time",
    "TM-MN-TANTRAO": "on_time",
}


def address(code: str) -> str:
    return code.removeprefix("TM-").replace("-", "").casefold() + "@example.edu.vn"


def roster() -> str:
    lines = ["code,name,level,aliases,emails"]
    lines += [f"{code},{name},{level},,{address(code)}" for code, name, level in SCHOOLS]
    return "\n".join(lines) + "\n"


def label(code: str) -> str:
    name, level = next((n, lv) for c, n, lv in SCHOOLS if c == code)
    return f"{level} {name}"


def word(code: str) -> bytes:
    return shapes.docx_bytes(label(code), "Báo cáo PCCC năm 2022")


def scan(code: str) -> bytes:
    return shapes.scan_pdf(sum(map(ord, code)))


class Mailbox:
    """Builds the messages; `messages` is [(arrival, flags, bytes)] in delivery order."""

    def __init__(self) -> None:
        self.messages: list[tuple[datetime, str, bytes]] = []
        self.ids: dict[str, list[str]] = {}

    def add(
        self, code: str, when: str, shape: str, files: list[tuple[str, bytes]], **kw: object
    ) -> bytes:
        number = len(self.messages)
        message_id = f"<m{number:03d}.{code.casefold()}@mail.example>"
        builder = {"gmail": shapes.gmail, "outlook": shapes.outlook, "apple": shapes.apple_mail}[
            shape
        ]
        arrived = local(when)
        school = label(code) if code else ""
        fields = {
            "sender": kw.pop("sender", f"{school} <{address(code)}>"),
            "subject": kw.pop("subject", f"Báo cáo PCCC năm 2022 - {school}"),
            "date": arrived,
            "message_id": message_id,
            "body": kw.pop("body", f"Kính gửi Phòng GD&ĐT,\nTrường {school} gửi báo cáo PCCC."),
        }
        raw = builder(**fields, files=files, **kw)  # type: ignore[operator]
        self.messages.append((arrived, "\\Seen" if number % 3 else "", raw))
        self.ids.setdefault(code, []).append(message_id)
        return raw


def district_mailbox() -> Mailbox:
    box = Mailbox()
    W, S = "Báo cáo PCCC năm 2022.docx", "Bản scan báo cáo PCCC có chữ ký.pdf"
    raw = box.add(
        "TM-TH-HONGQUANG",
        "2022-09-05 08:00",
        "gmail",
        [(W, word("TM-TH-HONGQUANG")), (S, scan("TM-TH-HONGQUANG"))],
    )
    box.messages.append((local("2022-09-05 08:00"), "", raw))  # Gmail filed the same message twice
    box.add(
        "TM-MN-DOANTUNG",
        "2022-09-06 09:00",
        "outlook",
        [
            (
                "Báo cáo PCCC và CNCH năm 2022 của Trường Mầm non Đoàn Tùng.docx",
                word("TM-MN-DOANTUNG"),
            )
        ],
        rfc2231=True,
    )
    box.add(
        "TM-MN-DOANTUNG",
        "2022-09-07 10:00",
        "outlook",
        [("Bản scan báo cáo PCCC và CNCH năm 2022 - MN Đoàn Tùng.pdf", scan("TM-MN-DOANTUNG"))],
        rfc2231=True,
    )
    box.add(
        "TM-THCS-LEHONG",
        "2022-09-08 14:00",
        "apple",
        [(W, word("TM-THCS-LEHONG")), ("Scan BC PCCC Lê Hồng.pdf", scan("TM-THCS-LEHONG"))],
    )
    box.add("TM-TH-NGOQUYEN", "2022-09-06 10:00", "gmail", [(W, word("TM-TH-NGOQUYEN"))])
    box.add("TM-THCS-THANHTUNG", "2022-09-05 15:00", "gmail", [(W, word("TM-THCS-THANHTUNG"))])
    box.add(
        "TM-THCS-THANHTUNG",
        "2022-09-12 09:00",
        "gmail",
        [(S, scan("TM-THCS-THANHTUNG"))],
        subject="Re: Báo cáo PCCC năm 2022 - THCS Thanh Tùng",
    )
    for code, eml in (("TM-TH-PHAMKHA", False), ("TM-MN-CAOTHANG", True)):
        original = shapes.gmail(
            sender=f"{label(code)} <{address(code)}>",
            to=STAFF,
            subject=f"Báo cáo PCCC {label(code)}",
            date=local("2022-09-07 20:00"),
            message_id=f"<orig.{code.casefold()}@mail.example>",
            body="Gửi chị báo cáo của trường.",
            files=[(W, word(code)), (S, scan(code))],
        )
        number = len(box.messages)
        raw = shapes.forwarded(
            staff=STAFF,
            original=original,
            subject=f"Fwd: Báo cáo PCCC {label(code)}",
            date=local("2022-09-08 07:30"),
            message_id=f"<fwd{number}@mail.example>",
            as_eml=eml,
        )
        box.messages.append((local("2022-09-08 07:30"), "\\Seen", raw))
    box.add(
        "TM-THCS-TUCUONG",
        "2022-09-09 11:00",
        "gmail",
        [],
        html_only=True,
        body="Tệp lớn, trường gửi qua Drive: https://drive.google.com/file/d/1TuCuongPccc2022xxxxxxxxxxxx/view?usp=sharing",
    )
    box.add(
        "TM-TH-CHILANGBAC",
        "2022-09-09 09:00",
        "gmail",
        [(W, word("TM-TH-CHILANGBAC")), (S, scan("TM-TH-CHILANGBAC"))],
        html_only=True,
    )
    box.add(
        "TM-MN-CHILANGNAM",
        "2022-09-06 16:00",
        "gmail",
        [],
        subject="V/v nộp báo cáo PCCC",
        body="Trường xin nộp báo cáo vào tuần sau.",
    )
    box.add(
        "TM-TH-HUNGSON",
        "2022-09-09 23:30",
        "gmail",
        [(W, word("TM-TH-HUNGSON")), (S, scan("TM-TH-HUNGSON"))],
    )
    box.add(
        "TM-TH-HUNGSON",
        "2022-09-10 08:00",
        "gmail",
        [(W, word("TM-TH-HUNGSON")), (S, scan("TM-TH-HUNGSON"))],
        subject="Gửi lại báo cáo PCCC - TH Hùng Sơn",
    )
    box.add(
        "TM-MN-LAMSON",
        "2022-09-05 10:00",
        "outlook",
        [(W, word("TM-MN-LAMSON"))],
        signature_logo=True,
    )
    box.add("TM-MN-LAMSON", "2022-09-07 10:00", "apple", [(S, scan("TM-MN-LAMSON"))])
    box.add(
        "TM-THCS-NGUHUNG",
        "2022-09-08 21:00",
        "gmail",
        [("BC.docx", word("TM-THCS-NGUHUNG")), ("scan.pdf", scan("TM-THCS-NGUHUNG"))],
        sender="Nguyễn Văn An <nguyenvanan1975@gmail.com>",
        subject="Báo cáo PCCC - Trường THCS Ngũ Hùng",
    )
    box.add(
        "TM-TH-TANTRAO",
        "2022-09-08 08:00",
        "gmail",
        [(W, word("TM-TH-TANTRAO")[:1500]), (S, scan("TM-TH-TANTRAO"))],
    )
    box.add(
        "TM-MN-THANHGIANG",
        "2022-09-08 09:00",
        "outlook",
        [("winmail.dat", b"\x78\x9f\x3e\x22\x01\x02 broken")],
    )
    shape_cycle = ["gmail", "outlook", "apple"]
    simple = [
        "TM-TH-TIENPHONG",
        "TM-THCS-HONGPHONG",
        "TM-MN-NGOQUYEN",
        "TM-TH-LAMSON",
        "TM-THCS-CAOTHANG",
        "TM-MN-TANTRAO",
    ]
    for index, code in enumerate(simple):
        box.add(
            code,
            f"2022-09-0{index + 2} 09:00",
            shape_cycle[index % 3],
            [(W, word(code)), (S, scan(code))],
        )
    for code in simple[:4]:  # "did you get it?" follow-ups, no attachment
        box.add(
            code,
            "2022-09-11 10:00",
            "gmail",
            [],
            subject=f"Re: Báo cáo PCCC năm 2022 - {label(code)}",
            body="Phòng đã nhận được báo cáo chưa ạ?",
        )
    noise = [
        ("Google <no-reply@accounts.google.com>", "Cảnh báo bảo mật", []),
        (
            "Văn thư UBND huyện <vanthu@thanhmien.gov.vn>",
            "Công văn số 123/UBND-VX",
            [("CV 123 UBND.pdf", shapes.scan_pdf(99))],
        ),
        (f"Chuyên viên <{STAFF}>", "Lịch họp giao ban tháng 9", []),
        ("Báo Giáo dục <newsletter@giaoduc.example>", "Bản tin giáo dục số 36", []),
        ("Zalo <noreply@zalo.example>", "Mã xác thực", []),
        ("Công đoàn ngành <congdoan@example.edu.vn>", "Thông báo nghỉ mát", []),
        (
            "Kho bạc <kbnn@example.gov.vn>",
            "Đối chiếu số dư",
            [("doi chieu.xlsx", b"PK\x03\x04 not really")],
        ),
        ("Sở GDĐT <sogd@example.gov.vn>", "Hướng dẫn năm học mới", []),
    ]
    for sender, subject, files in noise:
        box.add(
            "",
            "2022-09-06 12:00",
            "gmail",
            files,
            sender=sender,
            subject=subject,
            body="Thông báo chung.",
        )
    box.ids.pop("", None)
    return box


@pytest.fixture(scope="module")
def mailbox() -> Mailbox:
    return district_mailbox()


def deliver(server: Dovecot, box: Mailbox) -> None:
    for arrived, flags, raw in box.messages:
        server.append(raw, arrived, flags)


def setup(tmp_path: Path, server: Dovecot, security: str = "ssl", extra: str = "") -> Path:
    port = server.imaps_port if security == "ssl" else server.imap_port
    (tmp_path / "schools.csv").write_text(roster(), encoding="utf-8")
    (tmp_path / "imap-password.txt").write_text(PASSWORD + "\n")
    config = f'''timezone = "Asia/Ho_Chi_Minh"
state_dir = "var"
archive_dir = "var/archive"

[email]
transport = "outbox"
outbox_dir = "var/outbox"
sender = "Phòng GDĐT Thanh Miện <pgdthanhmien@gmail.com>"
staff = ["{STAFF}"]

[[campaign]]
id = "tm-pccc"
title = "Báo cáo PCCC và CNCH"
roster = "schools.csv"
require = ["word", "scan"]
source = {{ type = "imap", host = "127.0.0.1", port = {port}, security = "{security}", username = "{USER}", password_file = "imap-password.txt", ca_file = "{server.cert}", folder = "INBOX"{extra} }}

[[campaign.period]]
id = "2022"
label = "Báo cáo PCCC năm 2022"
due_before = "2022-09-10"
'''
    path = tmp_path / "watcher.toml"
    path.write_text(config, encoding="utf-8")
    return path


def poll(config: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    result = run_cli("poll", "--now", NOW, *extra, "--config", str(config), timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def statuses(config: Path) -> dict[str, dict]:
    shown = run_cli("status", "--format", "json", "--config", str(config))
    (campaign,) = json.loads(shown.stdout)["campaigns"]
    return {row["school"]: row for row in campaign["rows"]}


def without_recent(flags: dict[str, str]) -> dict[str, str]:
    return {
        key: " ".join(f for f in value.split() if f != "\\Recent") for key, value in flags.items()
    }


def body_bytes(server: Dovecot) -> list[int]:
    return [
        int(n) for n in re.findall(r"body_bytes=(\d+)", (server.root / "dovecot.log").read_text())
    ]


# --- the tests -------------------------------------------------------------------------------


def test_forty_messages_count_as_a_clerk_counts_and_receipts_answer_the_school(
    tmp_path: Path, dovecot: Dovecot, mailbox: Mailbox
) -> None:
    deliver(dovecot, mailbox)
    assert len(mailbox.messages) >= 38
    flags_before = without_recent(dovecot.flags())
    config = setup(tmp_path, dovecot)
    poll(config)
    rows = statuses(config)
    assert {code: row["status"] for code, row in rows.items()} == CLERK
    hongquang = rows["TM-TH-HONGQUANG"]
    assert sorted(f["role"] for f in hongquang["files"]) == [
        "scan",
        "word",
    ]  # delivered twice, counted once
    assert hongquang["completed_at"] == "2022-09-05T08:00:00+07:00"  # INTERNALDATE
    assert "Google Drive" in " ".join(rows["TM-THCS-TUCUONG"]["problems"])
    assert "winmail.dat" in " ".join(rows["TM-MN-THANHGIANG"]["problems"])
    assert [f["name"] for f in rows["TM-MN-DOANTUNG"]["files"]] == [
        "Bản scan báo cáo PCCC và CNCH năm 2022 - MN Đoàn Tùng.pdf",
        "Báo cáo PCCC và CNCH năm 2022 của Trường Mầm non Đoàn Tùng.docx",
    ]
    assert not [f for f in rows["TM-MN-LAMSON"]["files"] if f["name"].endswith(".png")]  # the logo
    # receipts answer the school's own message, in its thread
    receipts = {}
    for path in (tmp_path / "var" / "outbox").glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if str(message["X-Watcher-Key"]).startswith("receipt:"):
            receipts[str(message["X-Watcher-Key"]).split(":")[3]] = message
    assert set(receipts) == {
        code for code, status in CLERK.items() if status in ("on_time", "late")
    }
    receipt = receipts["TM-TH-HONGQUANG"]
    assert receipt["In-Reply-To"] == mailbox.ids["TM-TH-HONGQUANG"][0]
    assert mailbox.ids["TM-TH-HONGQUANG"][0] in receipt["References"]
    assert receipt["Subject"] == "Re: Báo cáo PCCC năm 2022 - TH Hồng Quang"
    latest = receipts["TM-THCS-THANHTUNG"]  # completed by its second message: answer that one
    assert latest["In-Reply-To"] == mailbox.ids["TM-THCS-THANHTUNG"][1]
    assert latest["Subject"] == "Re: Báo cáo PCCC năm 2022 - THCS Thanh Tùng"
    # read-only: every \Seen flag (and its absence) as staff left it
    assert without_recent(dovecot.flags()) == flags_before
    manifest = (tmp_path / "var" / "archive" / "tm-pccc" / "manifest.csv").read_text(
        encoding="utf-8"
    )
    assert "Báo cáo PCCC và CNCH năm 2022 của Trường Mầm non Đoàn Tùng.docx" in manifest


def test_an_idle_poll_downloads_nothing_and_a_uidvalidity_reset_counts_nothing_twice(
    tmp_path: Path, dovecot: Dovecot, mailbox: Mailbox
) -> None:
    deliver(dovecot, mailbox)
    config = setup(tmp_path, dovecot)
    poll(config)
    first = statuses(config)
    read = len(body_bytes(dovecot))
    again = poll(config)
    assert "tm-pccc: 0 thay đổi, tải về 0 tệp" in again.stdout
    assert body_bytes(dovecot)[read:] == [0]  # one session, no message body read
    before = dovecot.uidvalidity()
    time.sleep(1.1)  # a new UIDVALIDITY is the current second
    dovecot.reset_uidvalidity()
    assert dovecot.uidvalidity() != before
    read = len(body_bytes(dovecot))
    renumbered = poll(config)
    assert "tm-pccc: 0 thay đổi, tải về 0 tệp" in renumbered.stdout
    sessions = body_bytes(dovecot)[read:]
    assert sessions and set(sessions) == {0}  # known by their headers: nothing downloaded again
    after = statuses(config)
    assert after == first
    assert sum(len(row["files"]) for row in after.values()) == sum(
        len(r["files"]) for r in first.values()
    )


def test_the_source_itself_idle_is_one_round_and_new_mail_is_only_the_new(
    tmp_path: Path, dovecot: Dovecot
) -> None:
    account = MailAccount(
        "127.0.0.1", dovecot.imap_port, "starttls", USER, None, None, dovecot.cert, "INBOX", None
    )
    source = ImapSource(account, environ={"WATCHER_IMAP_PASSWORD": PASSWORD})
    one = shapes.gmail(
        sender="a@example.edu.vn",
        subject="BC",
        date=local("2022-09-05 08:00"),
        message_id="<one@x>",
        body="x",
        files=[("a.docx", word("TM-TH-HONGQUANG"))],
    )
    dovecot.append(one, local("2022-09-05 08:00"))
    first = source.changes(None)
    assert [r.name for r in first.files] == ["a.docx"] and not first.full
    assert first.files[0].uploaded_at == local("2022-09-05 08:00")
    idle = source.changes(first.cursor)
    assert idle.files == [] and idle.requests == 3  # connect, LOGIN, EXAMINE
    two = one.replace(b"<one@x>", b"<two@x>").replace(b"a.docx", b"b.docx")
    dovecot.append(two, local("2022-09-06 08:00"))
    second = source.changes(idle.cursor)
    assert [r.name for r in second.files] == ["b.docx"]
    source.fetch(second.files[0], tmp_path / "b.docx", 10**8)
    content = (tmp_path / "b.docx").read_bytes()
    assert hashlib.sha256(content).hexdigest() == second.files[0].content_hash
    assert content.startswith(b"PK")


@pytest.mark.parametrize("security", ["ssl", "starttls", "none"])
def test_each_security_mode_connects(tmp_path: Path, dovecot: Dovecot, security: str) -> None:
    dovecot.append(
        b"From: a@x.vn\r\nMessage-ID: <s@x>\r\nSubject: hi\r\n\r\nbody\r\n",
        local("2022-09-05 08:00"),
    )
    config = setup(tmp_path, dovecot, security)
    checked = run_cli("check", "--connect", "--config", str(config))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "1 thư" in checked.stdout  # the config's language: vi by default


def test_a_wrong_password_fails_the_poll_and_keeps_the_view(
    tmp_path: Path, dovecot: Dovecot, mailbox: Mailbox
) -> None:
    deliver(dovecot, mailbox)
    config = setup(tmp_path, dovecot)
    poll(config)
    before = statuses(config)
    (tmp_path / "imap-password.txt").write_text("not the password")
    failed = run_cli("poll", "--now", NOW, "--no-send", "--config", str(config))
    assert failed.returncode != 0
    assert "từ chối đăng nhập của pgd@example.edu.vn" in failed.stdout + failed.stderr
    assert "AUTHENTICATIONFAILED" not in failed.stdout  # raw text only in the log
    assert statuses(config) == before  # nobody turned "missing"
    (tmp_path / "imap-password.txt").unlink()
    account = MailAccount(
        "127.0.0.1", dovecot.imaps_port, "ssl", USER, None, None, dovecot.cert, "INBOX", None
    )
    with pytest.raises(SourceError) as caught:
        ImapSource(account, environ={}).changes(None)
    assert "WATCHER_IMAP_PASSWORD" in str(caught.value) and caught.value.permanent


def test_since_leaves_older_messages_out(
    tmp_path: Path, dovecot: Dovecot, mailbox: Mailbox
) -> None:
    deliver(dovecot, mailbox)
    config = setup(tmp_path, dovecot, extra=', since = "2022-09-09"')
    poll(config, "--no-send")
    rows = statuses(config)
    assert rows["TM-TH-HUNGSON"]["status"] == "on_time"  # 09-09 23:30 and 09-10
    assert rows["TM-TH-HONGQUANG"]["status"] == "missing"  # 09-05: before `since`


def test_kill_9_in_the_middle_of_a_poll_then_the_next_poll_is_exact(
    tmp_path: Path, dovecot: Dovecot, mailbox: Mailbox
) -> None:
    deliver(dovecot, mailbox)
    config = setup(tmp_path, dovecot)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "watcher", "poll", "--now", NOW, "--config", str(config)]
    errors = tmp_path / "poll.log"
    with errors.open("w") as stderr:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        logins = (dovecot.root / "dovecot.log").read_text().count("Login: user=")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (
            (dovecot.root / "dovecot.log").read_text().count("Login: user=") == logins
        ):
            time.sleep(0.01)
        time.sleep(0.3)  # logged in: reading the bodies, or checking the files
        process.send_signal(signal.SIGKILL)
        process.wait()
    with sqlite3.connect(tmp_path / "var" / "watcher.sqlite3") as db:
        unfinished = db.execute("SELECT COUNT(*) FROM polls WHERE finished_at IS NULL").fetchone()
        assert unfinished[0] == 1, "the kill should land inside the poll"
        assert db.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 0  # all or nothing
    poll(config)
    assert {code: row["status"] for code, row in statuses(config).items()} == CLERK
    receipts = [
        p
        for p in (tmp_path / "var" / "outbox").glob("*.eml")
        if b"X-Watcher-Key: receipt:" in p.read_bytes()
    ]
    assert len(receipts) == len({c for c, s in CLERK.items() if s in ("on_time", "late")})


def test_xoauth2_with_a_token_file(tmp_path: Path, dovecot: Dovecot) -> None:
    dovecot.append(
        b"From: a@x.vn\r\nMessage-ID: <o@x>\r\nSubject: hi\r\n\r\nbody\r\n",
        local("2022-09-05 08:00"),
    )
    (tmp_path / "token.txt").write_text(dovecot.token() + "\n")
    config = setup(tmp_path, dovecot, extra=', token_file = "token.txt"')
    (tmp_path / "imap-password.txt").write_text("not used: the token logs in")
    checked = run_cli("check", "--connect", "--config", str(config))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "1 thư" in checked.stdout  # the config's language: vi by default
    (tmp_path / "token.txt").write_text(dovecot.token(secret=b"x" * 32))  # forged
    refused = run_cli("check", "--connect", "--config", str(config))
    assert refused.returncode != 0 and "từ chối đăng nhập" in refused.stdout + refused.stderr
