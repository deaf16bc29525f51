"""Mail as a source: messages as Gmail, Outlook and Apple Mail build them, and a Maildir."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from config.demo import mail_shapes as shapes
from tests.drivestub import DOCX as DOCX_MIME
from tests.helpers import ROOT, local, run_cli
from watcher.sources.base import ContentError, SourceError
from watcher.sources.mail_parse import parse
from watcher.sources.maildir import MaildirSource

STAFF = frozenset({"chuyenvien@example.edu.vn"})
WHEN = local("2022-09-06 08:00")
DOC = shapes.docx_bytes("TH Hồng Quang", "Báo cáo PCCC")
PDF = shapes.scan_pdf(1)
LONG = "Báo cáo kết quả thực hiện PCCC và CNCH năm 2022 - Trường Tiểu học Hồng Quang.docx"


def test_gmail_attachment_names_in_encoded_words_are_decoded() -> None:
    raw = shapes.gmail(
        sender="Trường TH Hồng Quang <THHongQuang@Example.edu.vn>",
        subject="Báo cáo PCCC năm 2022",
        date=WHEN,
        message_id="<a1@mail.gmail.com>",
        body="Kính gửi Phòng GD&ĐT,\nTrường gửi báo cáo.\n\nVào Th 2 PGD đã viết:\n> THCS Lê Hồng",
        files=[(LONG, DOC), ("Bản scan.pdf", PDF)],
    )
    letter = parse(raw, STAFF)
    assert letter.sender == "thhongquang@example.edu.vn"
    assert letter.subject == "Báo cáo PCCC năm 2022"
    assert [part.name for part in letter.parts] == [LONG, "Bản scan.pdf"]
    assert letter.parts[0].data == DOC
    assert "Lê Hồng" not in letter.text  # the quoted mail is not the school's own words
    assert "Trường gửi báo cáo" in letter.text


def test_outlook_rfc2231_names_count_and_the_signature_logo_does_not() -> None:
    raw = shapes.outlook(
        sender="mndoantung@example.edu.vn",
        subject="BC PCCC",
        date=WHEN,
        message_id="<b1@prod.outlook.com>",
        body="Gửi Phòng báo cáo.",
        files=[(LONG, DOC)],
        rfc2231=True,
        signature_logo=True,
    )
    letter = parse(raw, STAFF)
    assert [part.name for part in letter.parts] == [LONG]


def test_apple_mail_inline_pdf_counts() -> None:
    raw = shapes.apple_mail(
        sender="thcslehong@example.edu.vn",
        subject="Báo cáo",
        date=WHEN,
        message_id="<c1@example.edu.vn>",
        body="Gửi Phòng",
        files=[("Bản scan báo cáo PCCC Trường THCS Lê Hồng năm 2022.pdf", PDF)],
    )
    (part,) = parse(raw, STAFF).parts
    assert part.name == "Bản scan báo cáo PCCC Trường THCS Lê Hồng năm 2022.pdf"
    assert part.data == PDF and part.mime_type == "application/pdf"


@pytest.mark.parametrize("as_eml", [False, True])
def test_forwarded_by_staff_counts_for_the_original_sender(as_eml: bool) -> None:
    original = shapes.gmail(
        sender="thngoquyen@example.edu.vn",
        subject="Báo cáo PCCC - TH Ngô Quyền",
        date=WHEN,
        message_id="<o1@mail.gmail.com>",
        body="Gửi báo cáo",
        files=[("bao cao.docx", DOC)],
    )
    raw = shapes.forwarded(
        staff="chuyenvien@example.edu.vn",
        original=original,
        subject="Fwd: Báo cáo",
        date=WHEN,
        message_id="<f1@mail.gmail.com>",
        as_eml=as_eml,
    )
    (part,) = parse(raw, STAFF).parts
    assert (part.name, part.sender, part.data) == ("bao cao.docx", "thngoquyen@example.edu.vn", DOC)
    # forwarded by someone who is not staff, the forwarder stays the uploader
    (part,) = parse(raw, frozenset()).parts
    assert part.sender == "chuyenvien@example.edu.vn"


def test_a_drive_link_without_attachment_and_a_bare_message_are_listed() -> None:
    link = "https://drive.google.com/file/d/1Qk3vX9sThcsThanhMien2022PcccBaoCao/view?usp=sharing"
    linked = parse(
        shapes.gmail(
            sender="a@example.edu.vn",
            subject="BC",
            date=WHEN,
            message_id="<d1@x>",
            body=f"Tệp lớn, gửi qua Drive: {link}",
            html_only=True,
        )
    )
    assert [part.link for part in linked.parts] == ["1Qk3vX9sThcsThanhMien2022PcccBaoCao"]
    assert "gửi qua Drive" in linked.text  # HTML-only bodies are read too
    bare = parse(
        shapes.gmail(
            sender="a@example.edu.vn", subject="Hỏi", date=WHEN, message_id="<e1@x>", body="?"
        )
    )
    assert [part.problem for part in bare.parts] == ["mail.no_attachment"]


def test_winmail_dat_that_cannot_be_read_is_reported() -> None:
    raw = shapes.outlook(
        sender="a@example.edu.vn",
        subject="BC",
        date=WHEN,
        message_id="<w1@x>",
        body="x",
        files=[("winmail.dat", b"\x78\x9f\x3e\x22 not really tnef")],
    )
    (part,) = parse(raw).parts
    assert part.problem == "mail.winmail" and part.name == "winmail.dat"


def _maildir(root: Path, messages: list[tuple[str, bytes]]) -> list[Path]:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    paths = []
    for index, (when, raw) in enumerate(messages):
        path = root / "new" / f"16623{index:05d}.M{index}P1.host"
        path.write_bytes(raw)
        moment = local(when).timestamp()
        os.utime(path, (moment, moment))
        paths.append(path)
    return paths


def test_maildir_records_arrival_time_sender_and_content(tmp_path: Path) -> None:
    raw = shapes.gmail(
        sender="thhongquang@example.edu.vn",
        subject="Báo cáo PCCC",
        date=local("2022-09-01 00:00"),  # the sender's clock is wrong; the arrival counts
        message_id="<m1@x>",
        body="x",
        files=[("bc.docx", DOC)],
    )
    (path,) = _maildir(tmp_path, [("2022-09-08 10:30", raw)])
    source = MaildirSource(tmp_path, STAFF)
    delta = source.changes(None)
    (record,) = delta.files
    assert record.uploaded_at == local("2022-09-08 10:30")
    assert record.owner_email == "thhongquang@example.edu.vn"
    assert record.content_hash == hashlib.sha256(DOC).hexdigest()
    assert record.extra["mail_subject"] == "Báo cáo PCCC"
    source.fetch(record, tmp_path / "out", 10**8)
    assert (tmp_path / "out").read_bytes() == DOC
    # a mail client marks it read (new/ → cur/ with :2,S): the same file, nothing new
    path.rename(tmp_path / "cur" / f"{path.name}:2,S")
    again = MaildirSource(tmp_path, STAFF).changes(delta.cursor)
    assert [r.id for r in again.files] == [record.id]


def test_maildir_problems_are_content_errors_and_missing_maildir_fails(tmp_path: Path) -> None:
    raw = shapes.gmail(sender="a@x.vn", subject="Hỏi hạn", date=WHEN, message_id="<q@x>", body="?")
    _maildir(tmp_path / "mail", [("2022-09-08 10:30", raw)])
    source = MaildirSource(tmp_path / "mail")
    (record,) = source.changes(None).files
    with pytest.raises(ContentError) as caught:
        source.fetch(record, tmp_path / "out", 10**8)
    assert caught.value.code == "mail.no_attachment" and "Hỏi hạn" in caught.value.message_vi
    with pytest.raises(SourceError) as missing:
        MaildirSource(tmp_path / "nothing").changes(None)
    assert missing.value.permanent


def test_the_demo_thanh_mien_campaign_reads_its_maildir(tmp_path: Path) -> None:
    demo = tmp_path / "config" / "demo"
    shutil.copytree(ROOT / "config" / "demo", demo, ignore=shutil.ignore_patterns("inbox"))
    build = [sys.executable, str(demo / "make_inbox.py"), str(demo / "inbox")]
    subprocess.run(build, check=True, capture_output=True)
    config = str(demo / "watcher.toml")
    maildir = demo / "inbox" / "tm-pccc-mail"
    before = sorted(p.name for p in maildir.rglob("*") if p.is_file())
    assert run_cli("poll", "--no-send", "--config", config).returncode == 0
    shown = run_cli("status", "--campaign", "tm-pccc", "--format", "json", "--config", config)
    (campaign,) = json.loads(shown.stdout)["campaigns"]
    rows = {row["school"]: row for row in campaign["rows"]}
    assert {code: row["status"] for code, row in rows.items()} == {
        "TM-TH-HONGQUANG": "on_time",  # Gmail
        "TM-MN-DOANTUNG": "on_time",  # Outlook, RFC 2231 name, signature logo
        "TM-TH-NGOQUYEN": "on_time",  # sent to a staff member, who forwarded it
        "TM-THCS-LEHONG": "late",  # Apple Mail, inline, after the deadline
        "TM-THCS-THANHMIEN": "incomplete",  # a Drive link the department cannot open
        "TM-MN-THANHMIEN": "missing",  # wrote that the report comes later: listed, not counted
    }
    assert "Google Drive" in " ".join(rows["TM-THCS-THANHMIEN"]["problems"])
    assert "không có tệp đính kèm" in " ".join(rows["TM-MN-THANHMIEN"]["problems"])
    after = sorted(p.name for p in maildir.rglob("*") if p.is_file())
    assert after == before  # read-only: nothing moved, nothing marked read
    again = run_cli("poll", "--no-send", "--config", config)
    assert "tm-pccc: 0 thay đổi, tải về 0 tệp" in again.stdout


def test_winmail_dat_is_unpacked_into_its_files() -> None:
    tnef = (ROOT / "tests" / "data" / "tnef" / "two-files.tnef").read_bytes()  # a real one
    raw = shapes.outlook(
        sender="mnthanhgiang@example.edu.vn",
        subject="BC",
        date=WHEN,
        message_id="<w2@x>",
        body="x",
        files=[("winmail.dat", tnef)],
    )
    parts = parse(raw).parts
    assert [part.name for part in parts] == ["AUTHORS", "README"]
    assert all(part.data and part.sender == "mnthanhgiang@example.edu.vn" for part in parts)


def test_a_drive_link_is_read_through_the_drive_source_when_shared(tmp_path: Path) -> None:
    from tests.drivestub import DriveStub

    with DriveStub(seed=5) as stub:
        folder = stub.add_folder("Tệp của trường")
        shared = stub.add_file(
            "Báo cáo PCCC - TH Hồng Quang.docx",
            folder,
            DOC,
            DOCX_MIME,
            id="1SharedHongQuangPccc2022Docx",
        )
        private = stub.add_file(
            "BC Lê Hồng.docx", folder, DOC, DOCX_MIME, id="1PrivateLeHongPccc2022Docxxx"
        )
        stub.hidden.add(private)
        maildir = tmp_path / "mail"
        link = "https://drive.google.com/file/d/{}/view?usp=sharing"
        _maildir(
            maildir,
            [
                (
                    "2022-09-08 10:00",
                    shapes.gmail(
                        sender="thhongquang@example.edu.vn",
                        subject="Báo cáo PCCC",
                        date=WHEN,
                        message_id="<l1@x>",
                        body=link.format(shared),
                        html_only=True,
                    ),
                ),
                (
                    "2022-09-08 11:00",
                    shapes.gmail(
                        sender="thcslehong@example.edu.vn",
                        subject="Báo cáo PCCC",
                        date=WHEN,
                        message_id="<l2@x>",
                        body=link.format(private),
                    ),
                ),
            ],
        )
        key = stub.write_service_account_key(tmp_path / "key.json")
        roster = "code,name,level,aliases,emails\nTH-HQ,Hồng Quang,TH,,thhongquang@example.edu.vn\nTHCS-LH,Lê Hồng,THCS,,thcslehong@example.edu.vn\n"
        (tmp_path / "schools.csv").write_text(roster, encoding="utf-8")
        config = tmp_path / "watcher.toml"
        config.write_text(
            f"""state_dir = "var"
[email]
sender = "pgd@example.edu.vn"
outbox_dir = "var/outbox"
staff = ["chuyenvien@example.edu.vn"]
[drive]
credentials_file = "{key}"
api_endpoint = "{stub.api_endpoint}"
max_retries = 1
[[campaign]]
id = "tm"
title = "PCCC"
roster = "schools.csv"
require = ["word"]
source = {{ type = "maildir", path = "mail" }}
[[campaign.period]]
id = "2022"
label = "Báo cáo PCCC năm 2022"
due_before = "2022-09-10"
""",
            encoding="utf-8",
        )
        polled = run_cli("poll", "--no-send", "--now", "2022-09-09 08:00", "--config", str(config))
        assert polled.returncode == 0, polled.stdout + polled.stderr
        shown = run_cli(
            "status", "--format", "json", "--now", "2022-09-09 08:00", "--config", str(config)
        )
        rows = {r["school"]: r for r in json.loads(shown.stdout)["campaigns"][0]["rows"]}
        assert rows["TH-HQ"]["status"] == "on_time"  # the linked Word file, read from Drive
        assert rows["THCS-LH"]["status"] == "incomplete"
        assert "chia sẻ tệp" in " ".join(rows["THCS-LH"]["problems"])
        # the school shares the file: the next poll reads it
        stub.hidden.discard(private)
        run_cli("poll", "--no-send", "--now", "2022-09-09 09:00", "--config", str(config))
        shown = run_cli(
            "status", "--format", "json", "--now", "2022-09-09 09:00", "--config", str(config)
        )
        rows = {r["school"]: r for r in json.loads(shown.stdout)["campaigns"][0]["rows"]}
        assert rows["THCS-LH"]["status"] == "on_time"


def test_raw_utf8_headers_and_names_are_read_as_utf8() -> None:
    """Some mailers send Vietnamese unencoded (RFC 6532, or carelessly)."""
    raw = (
        "From: Trường TH Hồng Quang <thhongquang@example.edu.vn>\r\n"
        "Subject: Báo cáo PCCC năm 2022\r\nMessage-ID: <u8@x>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        "Kính gửi Phòng\r\n--b\r\n"
        'Content-Type: application/pdf; name="Bản scan.pdf"\r\n'
        'Content-Disposition: attachment; filename="Bản scan.pdf"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQ=\r\n--b--\r\n"
    ).encode()
    letter = parse(raw)
    assert letter.subject == "Báo cáo PCCC năm 2022" and letter.text == "Kính gửi Phòng"
    assert [part.name for part in letter.parts] == ["Bản scan.pdf"]
