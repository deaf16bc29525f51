"""What the e-mails say and how they are built: digest, school mail, safety of names."""

from __future__ import annotations

import email
import email.policy
from dataclasses import replace
from email.message import EmailMessage
from pathlib import Path

import lxml.html

from tests.helpers import CONFIG, VN, local, make_docx, make_scan, write_setup
from tests.test_notify_decide import SCHOOL, bad_file, row
from watcher.config import load
from watcher.cycle import run_cycle
from watcher.model import FileRecord, Placement, Role, SourceFile, Status, Transition
from watcher.notify.compose import build, clean_header, display, message_id
from watcher.notify.decide import Planned
from watcher.notify.digest import DigestInput, FailedMail, compose
from watcher.notify.school import SchoolContext, compose_school_mail
from watcher.store import Store

HOSTILE = (
    "BC năm 2023\r\nBcc: victim@evil.example\r\n<script>alert('x')</script>"
    "\u202egnp.exe\u202c \x00\x1b" + "dài " * 60 + ".docx"
)
assert len(HOSTILE) > 300


def parse(message: bytes) -> EmailMessage:
    parsed = email.message_from_bytes(message, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def hostile_record(file_id: str = "evil") -> FileRecord:
    return FileRecord(
        id=file_id,
        name=HOSTILE,
        folders=("MN Tân Phong\r\n<b>x</b>",),
        mime_type="application/octet-stream",
        size=1,
        content_hash="hash-evil",
        created_at=local("2023-10-20 08:00"),
        modified_at=local("2023-10-20 08:00"),
        url="javascript:alert(1)",
    )


def assert_safe(message: bytes) -> None:
    head, _, _ = message.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    assert all(b"\r" not in line and b"\n" not in line for line in lines)
    assert not [line for line in lines if line.lower().startswith(b"bcc")]
    parsed = parse(message)
    assert parsed["Bcc"] is None
    for name, value in parsed.items():
        assert "\r" not in value and "\n" not in value, name
        assert "\u202e" not in value, name
    text, html = parts(parsed)
    assert "\u202e" not in text and "\u202e" not in html
    assert "<script" not in html.lower()
    assert "javascript:" not in html
    document = lxml.html.fromstring(html)
    assert not document.xpath("//script") and not document.xpath("//img")


# --- headers ------------------------------------------------------------------------------


def test_message_is_multipart_utf8_with_a_stable_message_id() -> None:
    subject = "12/45 trường chưa nộp đủ Báo cáo sơ kết 2024 — còn 3 ngày"
    raw, identifier = build(
        key="digest:q7:2024-05-29T07:30+07:00",
        sender="Phòng GDĐT Quận 7 <pgd@example.edu.vn>",
        recipients=("Chuyên viên Nguyễn Thị Hạnh <hanh@example.edu.vn>",),
        subject=subject,
        text="Kính gửi",
        html="<p>Kính gửi</p>",
        now=local("2024-05-29 07:30"),
    )
    assert raw.isascii()  # RFC 2047 words and 7-bit bodies: any relay accepts it
    parsed = parse(raw)
    assert parsed.get_content_type() == "multipart/alternative"
    assert parsed["Subject"] == subject
    assert parsed["From"].addresses[0].display_name == "Phòng GDĐT Quận 7"
    assert parsed["To"].addresses[0].display_name == "Chuyên viên Nguyễn Thị Hạnh"
    assert (
        parsed["Message-ID"]
        == identifier
        == message_id("digest:q7:2024-05-29T07:30+07:00", "pgd@example.edu.vn")
    )
    text, html = parts(parsed)
    assert text.strip() == "Kính gửi" and "Kính gửi" in html
    for part in parsed.iter_parts():
        assert part.get_content_charset() == "utf-8"


def test_headers_never_carry_controls_and_long_subjects_are_shortened() -> None:
    assert clean_header("a\r\nBcc: x@y.z") == "a Bcc: x@y.z"
    assert "\u202e" not in clean_header("abc\u202efdp.exe")
    assert len(clean_header("x" * 1000)) == 180
    raw, _ = build(
        key="k",
        sender="pgd@example.edu.vn",
        recipients=("a@example.edu.vn",),
        subject=HOSTILE,
        text=HOSTILE,
        html=f"<p>{display(HOSTILE)}</p>",
        now=local("2024-05-29 07:30"),
    )
    parsed = parse(raw)
    assert len(parsed["Subject"]) <= 180 and parsed["Bcc"] is None


def test_display_keeps_the_start_and_the_extension() -> None:
    shown = display(HOSTILE)
    assert len(shown) == 120 and shown.endswith(".docx") and shown.startswith("BC năm 2023")
    assert "\u202e" not in shown and "\x00" not in shown


# --- the digest ---------------------------------------------------------------------------


def digest_rows() -> list:
    other = replace(SCHOOL, code="TH-PHUDONG", name="Phù Đổng", level="TH")
    third = replace(SCHOOL, code="THCS-NTT", name="Nguyễn Thị Thập", level="THCS", emails=())
    return [
        row(Status.ON_TIME, completed_at=local("2023-10-20 09:15"), problems=()),
        row(Status.MALFORMED, school=other, files=(bad_file(),), problems=("Tệp Word bị hỏng.",)),
        row(Status.PENDING, school=third),
    ]


def test_digest_says_the_headline_and_every_section() -> None:
    unmatched = SourceFile(
        hostile_record(), None, Placement("evil", None, None, "Không rõ trường nào."), Role.EXTRA
    )
    change = Transition(
        "q7",
        "MN-TANPHONG",
        "2023-annual",
        Status.PENDING,
        Status.ON_TIME,
        local("2023-10-20 09:20"),
        "files",
    )
    digest = compose(
        DigestInput(
            title="Báo cáo biến đổi khí hậu",
            rows=digest_rows(),
            now=local("2023-10-29 07:30"),
            zone=VN,
            unmatched=[unmatched],
            changes=[change],
            failed_mail=[
                FailedMail(
                    ("sai@example.edu.vn",),
                    "Nhắc nộp",
                    "550 no such user",
                    local("2023-10-28 08:00"),
                )
            ],
            unreachable=[digest_rows()[2].school],
        )
    )
    assert digest.subject.startswith("2/3 trường chưa nộp đủ Báo cáo năm 2023 — còn 2 ngày")
    for part in (digest.text, digest.html):
        for expected in (
            "Đúng hạn",  # matrix
            "Tệp lỗi",
            "Chưa nộp (còn hạn)",
            "Thay đổi từ bản tin trước",
            "Tệp Word bị hỏng.",
            "Tệp chưa xác định được trường hoặc kỳ",
            "Không rõ trường nào.",
            "THCS Nguyễn Thị Thập",  # no e-mail address
            "550 no such user",
        ):
            assert expected in part, expected
    document = lxml.html.fromstring(digest.html)
    cells = document.xpath("//table[2]//tr[td]")
    assert len(cells) == 3  # one matrix line per school
    assert 'bgcolor="#f5b7b1"' in lxml.html.tostring(cells[0]).decode()  # the worst first
    assert "<script" not in digest.html and "&lt;script&gt;" in digest.html
    assert "\u202e" not in digest.html and "javascript:" not in digest.html


def test_digest_in_english() -> None:
    digest = compose(
        DigestInput("Climate report", digest_rows(), local("2023-11-03 07:30"), VN, language="en")
    )
    assert digest.subject.startswith(
        "2/3 schools have not completed Báo cáo năm 2023 — 3 days past"
    )
    assert "Changes since the last digest" in digest.text and "On time" in digest.html


# --- school e-mail ------------------------------------------------------------------------


def context(language: str = "vi", folder: str | None = None) -> SchoolContext:
    return SchoolContext(
        title="Kế hoạch 16 về biến đổi khí hậu",
        require=(Role.WORD, Role.SCAN),
        zone=VN,
        language=language,
        sender="Phòng GDĐT Quận 7 <pgd@example.edu.vn>",
        folder_url=folder,
    )


def planned(kind: str, stage: str, item: object = None, **changes: object) -> Planned:
    default = {"reminder": Status.PENDING, "receipt": Status.ON_TIME, "problem": Status.MALFORMED}
    the_row = row(changes.pop("status", default[kind]), **changes)  # type: ignore[arg-type]
    return Planned(f"{kind}:q7:x:y:{stage}", kind, stage, the_row, local("2023-10-28 07:00"), item)  # type: ignore[arg-type]


def test_reminder_in_vietnamese_official_tone() -> None:
    mail = compose_school_mail(
        planned("reminder", "before-3d"),
        context(folder="https://drive.google.com/drive/folders/1gMeFHdRdL2i9TkpDcaOqTVlUqN1qxsks"),
        local("2023-10-28 08:00"),
    )
    assert mail.subject == "Nhắc nộp Báo cáo năm 2023 — MN Tân Phong — hạn chót 31/10/2023"
    for part in (mail.text, mail.html):
        assert "Kính gửi Hiệu trưởng Trường MN Tân Phong," in part
        assert "23 giờ 59 phút ngày 31/10/2023" in part and "còn 3 ngày" in part
        assert "Chưa có tệp Word." in part and "Trân trọng." in part
        assert "https://drive.google.com/drive/folders/1gMeFHdRdL2i9TkpDcaOqTVlUqN1qxsks" in part
        assert "Phòng GDĐT Quận 7" in part


def test_overdue_reminder_receipt_and_problem_notice() -> None:
    overdue = compose_school_mail(
        planned("reminder", "after-1", status=Status.MISSING), context(), local("2023-11-04 08:00")
    )
    assert "quá hạn 4 ngày" in overdue.text and overdue.subject.startswith("Quá hạn nộp")
    receipt = compose_school_mail(
        planned("receipt", "complete", completed_at=local("2023-10-30 09:00")),
        context("en"),
        local("2023-10-30 10:00"),
    )
    assert "Dear Principal of MN Tân Phong," in receipt.text and "on time" in receipt.text
    problem = compose_school_mail(
        planned("problem", "file-abc", bad_file(), files=(bad_file(),)),
        context(),
        local("2023-10-21 08:00"),
    )
    assert (
        "Tệp Word bị hỏng." in problem.text
        and "gửi lại chậm nhất vào 23 giờ 59 phút ngày 31/10/2023" in problem.text
    )


def test_hostile_names_make_a_well_formed_school_mail() -> None:
    hostile = SourceFile(
        hostile_record(), bad_file().verdict, Placement("evil", "x", "y"), Role.WORD
    )
    school = replace(
        SCHOOL, name="Tân Phong\r\nBcc: victim@evil.example <script>", emails=("a@example.edu.vn",)
    )
    plan = planned("problem", "file-evil", hostile, school=school, files=(hostile,))
    mail = compose_school_mail(plan, context(), local("2023-10-21 08:00"))
    raw, _ = build(
        key=plan.key,
        sender="Phòng GDĐT <pgd@example.edu.vn>",
        recipients=school.emails,
        subject=mail.subject,
        text=mail.text,
        html=mail.html,
        now=local("2023-10-21 08:00"),
    )
    assert_safe(raw)


# --- end to end: a hostile file in the folder ---------------------------------------------


def test_hostile_file_in_the_folder_gives_well_formed_mail(tmp_path: Path) -> None:
    config = CONFIG.replace('label = "Báo cáo năm 2023"', 'label = "Báo cáo năm 2023 <b>\u202e"')
    path = write_setup(tmp_path, config)
    name = (
        "MN Tân Phong báo cáo năm 2023 \r\n<script>alert(1)<script> \u202egnp.exe "
        + "x" * 60
        + ".docx"
    )
    (tmp_path / "inbox" / name).write_bytes(b"not a zip")
    make_docx(
        tmp_path / "inbox" / "TH Phù Đổng báo cáo năm 2023.docx",
        "TH Phù Đổng",
        when="2023-10-29 09:00",
    )
    make_scan(tmp_path / "inbox" / "TH Phù Đổng báo cáo năm 2023.pdf", when="2023-10-29 09:05")
    settings = load(path)
    store = Store.open(settings.state_dir)
    try:
        report = run_cycle(settings, store, local("2023-10-30 10:00"))
    finally:
        store.close()
    assert report.delivery is not None and report.delivery.sent >= 2
    messages = sorted((tmp_path / "var" / "outbox").glob("*.eml"))
    assert messages
    for message in messages:
        assert_safe(message.read_bytes())
    kinds = {parse(m.read_bytes())["X-Watcher-Key"].split(":")[0] for m in messages}
    assert {"digest", "receipt"} <= kinds


def test_digest_lists_schools_in_vietnamese_alphabetical_order() -> None:
    """Đ sorts with D, not after every other letter."""
    nguyen = replace(SCHOOL, code="TH-NT", name="Nguyễn Trãi", level="TH")
    dinh = replace(SCHOOL, code="TH-DBL", name="Đinh Bộ Lĩnh", level="TH")
    rows = [row(Status.MISSING, school=nguyen), row(Status.MISSING, school=dinh)]
    text = compose(DigestInput("Báo cáo", rows, local("2023-11-05 08:00"), VN)).text
    assert text.index("Đinh Bộ Lĩnh") < text.index("Nguyễn Trãi")


def test_long_subjects_mixing_ascii_and_vietnamese_keep_every_space() -> None:
    subject = (
        "2/6 trường chưa nộp đủ Báo cáo PCCC năm 2022 — quá hạn 1145 ngày · "
        "Báo cáo kết quả thực hiện KH 14/KH-GDĐT về PCCC và CNCH"
    )
    for text in (subject, "Nộp   báo cáo  =?utf-8?b?SGk=?= xong", "=?utf-8?b?SGk=?="):
        raw, _ = build(
            key="k",
            sender="a@b.vn",
            recipients=("c@d.vn",),
            subject=text,
            text="x",
            html=None,
            now=local("2024-01-01 08:00"),
        )
        message = parse(raw)
        assert message["Subject"] == " ".join(text.split())
        header = raw.split(b"\r\n\r\n")[0]
        assert max(len(line) for line in header.split(b"\r\n")) <= 78
