"""Messages shaped the way Gmail, Outlook and Apple Mail build them (headers written out by hand).

The shapes follow what those clients put on the wire: Gmail's multipart/mixed with a
multipart/alternative body and RFC 2047 words inside `filename="…"` (not standard, but what it
sends), Outlook's quoted-printable bodies, Thread-Index and `size=`/`creation-date=` parameters,
and Apple Mail's inline PDF parts with RFC 2231 `filename*0*=` continuations and x-unix-mode.
"""

from __future__ import annotations

import base64
import io
import quopri
from datetime import datetime
from email.utils import format_datetime, parseaddr
from urllib.parse import quote

from docx import Document
from PIL import Image, ImageDraw

SCAN_TEXT = "PHONG GIAO DUC VA DAO TAO"


def docx_bytes(school: str, title: str) -> bytes:
    document = Document()
    document.add_paragraph("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN THANH MIỆN")
    document.add_paragraph(f"TRƯỜNG {school.upper()}")
    document.add_heading(title.upper(), level=1)
    for _ in range(3):
        document.add_paragraph(
            "Nhà trường đã tổ chức tuyên truyền, diễn tập phòng cháy chữa cháy và cứu nạn cứu hộ "
            "cho toàn thể cán bộ, giáo viên, nhân viên và học sinh."
        )
    document.add_paragraph("HIỆU TRƯỞNG")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def scan_pdf(seed: int) -> bytes:
    image = Image.new("L", (1240, 1754), 250)
    draw = ImageDraw.Draw(image)
    draw.text((120, 100), SCAN_TEXT, fill=20)
    for line in range(30):
        draw.line(
            (120, 300 + line * 40, 900 + (seed * 37 + line * 13) % 200, 300 + line * 40), 80, 3
        )
    draw.ellipse((800, 1500, 1000, 1650), outline=90, width=5)
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=150.0)
    return buffer.getvalue()


def logo_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def _b64(data: bytes) -> str:
    text = base64.b64encode(data).decode()
    return "\r\n".join(text[i : i + 76] for i in range(0, len(text), 76))


def _word(text: str, kind: str = "B") -> str:
    if text.isascii():
        return text
    if kind == "Q":
        return "=?utf-8?Q?" + quopri.encodestring(text.encode(), header=True).decode() + "?="
    return "=?UTF-8?B?" + base64.b64encode(text.encode()).decode() + "?="


def _rfc2231(name: str, param: str = "filename") -> str:
    encoded = quote(name.encode(), safe="")
    pieces, piece = [], ""
    for char in name:  # never split a character's %XX escapes across two sections
        piece += quote(char.encode(), safe="")
        if len(piece) >= 40:
            pieces, piece = [*pieces, piece], ""
    pieces += [piece] if piece else []
    if len(pieces) == 1:
        return f"{param}*=utf-8''{encoded}"
    lines = [f"{param}*0*=utf-8''{pieces[0]}"]
    lines += [f"{param}*{n}*={piece}" for n, piece in enumerate(pieces[1:], start=1)]
    return ";\r\n\t".join(lines)


def _mime(name: str) -> str:
    lower = name.lower()
    if lower.endswith(".docx"):
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if lower.endswith(".pdf"):
        return "application/pdf"
    if lower.endswith((".jpg", ".jpeg")):
        return "image/jpeg"
    return "application/octet-stream"


def _address(value: str) -> str:
    name, address = parseaddr(value)
    return f"{_word(name)} <{address}>" if name else address


def _headers(sender: str, to: str, subject: str, date: datetime, message_id: str) -> list[str]:
    return [
        f"From: {_address(sender)}",
        f"To: {_address(to)}",
        f"Subject: {_word(subject)}",
        f"Date: {format_datetime(date)}",
        f"Message-ID: {message_id}",
        "MIME-Version: 1.0",
    ]


def gmail(
    *,
    sender: str,
    subject: str,
    date: datetime,
    message_id: str,
    body: str,
    files: list[tuple[str, bytes]] = (),  # type: ignore[assignment]
    to: str = "pgdthanhmien@gmail.com",
    html_only: bool = False,
) -> bytes:
    outer = "000000000000a1b2c3d4e5f60718"
    inner = "000000000000a1b2c3d4e5f60717"
    html = '<div dir="ltr">' + "<br>".join(body.splitlines()) + "</div>"
    lines = [
        *_headers(sender, to, subject, date, message_id),
        f'Content-Type: multipart/mixed; boundary="{outer}"',
        "",
        f"--{outer}",
    ]
    if html_only:
        lines += ['Content-Type: text/html; charset="UTF-8"', "Content-Transfer-Encoding: base64"]
        lines += ["", _b64(html.encode())]
    else:
        lines += [f'Content-Type: multipart/alternative; boundary="{inner}"', "", f"--{inner}"]
        lines += ['Content-Type: text/plain; charset="UTF-8"', "Content-Transfer-Encoding: base64"]
        lines += ["", _b64(body.encode()), f"--{inner}"]
        lines += ['Content-Type: text/html; charset="UTF-8"', "Content-Transfer-Encoding: base64"]
        lines += ["", _b64(html.encode()), f"--{inner}--"]
    for number, (name, data) in enumerate(files):
        lines += [
            f"--{outer}",
            f'Content-Type: {_mime(name)}; name="{_word(name)}"',
            f'Content-Disposition: attachment; filename="{_word(name)}"',
            "Content-Transfer-Encoding: base64",
            f"Content-ID: <f_l{number}abc{number}>",
            f"X-Attachment-Id: f_l{number}abc{number}",
            "",
            _b64(data),
        ]
    lines.append(f"--{outer}--")
    return ("\r\n".join(lines) + "\r\n").encode()


def outlook(
    *,
    sender: str,
    subject: str,
    date: datetime,
    message_id: str,
    body: str,
    files: list[tuple[str, bytes]] = (),  # type: ignore[assignment]
    to: str = "pgdthanhmien@gmail.com",
    rfc2231: bool = False,
    signature_logo: bool = False,
) -> bytes:
    outer = "_004_SG2PR01MB1234ABCDprod_"
    related = "_003_SG2PR01MB1234ABCDprod_"
    alternative = "_000_SG2PR01MB1234ABCDprod_"
    lines = [
        *_headers(sender, to, subject, date, message_id),
        f"Thread-Topic: {_word(subject)}",
        "Thread-Index: AdjC3k5mN0aQm1bFTbWmL5yq0E4vXg==",
        "Accept-Language: vi-VN, en-US",
        "Content-Language: vi-VN",
        "X-MS-Has-Attach: yes",
        f'Content-Type: multipart/mixed; boundary="{outer}"',
        "",
        f"--{outer}",
    ]
    html = "<html><body><p>" + "<br>".join(body.splitlines()) + "</p>"
    if signature_logo:
        html += '<p><img src="cid:image001.png@01D8C3E4.5A6B7C80" width="120"></p>'
        lines += [
            f'Content-Type: multipart/related; boundary="{related}"; type="multipart/alternative"'
        ]
        lines += ["", f"--{related}"]
    html += "</body></html>"
    lines += [
        f'Content-Type: multipart/alternative; boundary="{alternative}"',
        "",
        f"--{alternative}",
    ]
    lines += [
        'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: quoted-printable",
    ]
    lines += [
        "",
        quopri.encodestring(body.encode()).decode().replace("\n", "\r\n"),
        f"--{alternative}",
    ]
    lines += [
        'Content-Type: text/html; charset="utf-8"',
        "Content-Transfer-Encoding: quoted-printable",
    ]
    lines += [
        "",
        quopri.encodestring(html.encode()).decode().replace("\n", "\r\n"),
        f"--{alternative}--",
    ]
    if signature_logo:
        lines += [
            f"--{related}",
            'Content-Type: image/png; name="image001.png"',
            "Content-Description: image001.png",
            'Content-Disposition: inline; filename="image001.png"; size=1234;',
            "Content-ID: <image001.png@01D8C3E4.5A6B7C80>",
            "Content-Transfer-Encoding: base64",
            "",
            _b64(logo_png()),
            f"--{related}--",
        ]
    for name, data in files:
        disposition = _rfc2231(name) if rfc2231 else f'filename="{_word(name)}"'
        lines += [
            f"--{outer}",
            f'Content-Type: {_mime(name)}; name="{_word(name)}"',
            f"Content-Description: {_word(name)}",
            f"Content-Disposition: attachment;\r\n\t{disposition}; size={len(data)};",
            '\tcreation-date="Tue, 06 Sep 2022 01:12:40 GMT";',
            '\tmodification-date="Tue, 06 Sep 2022 01:12:40 GMT"',
            "Content-Transfer-Encoding: base64",
            "",
            _b64(data),
        ]
    lines.append(f"--{outer}--")
    return ("\r\n".join(lines) + "\r\n").encode()


def apple_mail(
    *,
    sender: str,
    subject: str,
    date: datetime,
    message_id: str,
    body: str,
    files: list[tuple[str, bytes]] = (),  # type: ignore[assignment]
    to: str = "pgdthanhmien@gmail.com",
) -> bytes:
    """Apple Mail: each file an inline part between text parts, names in RFC 2231."""
    boundary = "Apple-Mail=_6F1A2B3C-4D5E-6F70-8192-A3B4C5D6E7F8"
    lines = [
        "Content-Type: multipart/mixed;",
        f'\tboundary="{boundary}"',
        "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3696.120.41.1.1\\))",
        *[h for h in _headers(sender, to, subject, date, message_id) if not h.startswith("MIME")],
        "X-Mailer: Apple Mail (2.3696.120.41.1.1)",
        "",
        "",
        f"--{boundary}",
        "Content-Transfer-Encoding: quoted-printable",
        "Content-Type: text/plain;",
        "\tcharset=utf-8",
        "",
        quopri.encodestring(body.encode()).decode().replace("\n", "\r\n"),
    ]
    for name, data in files:
        lines += [
            f"--{boundary}",
            "Content-Disposition: inline;",
            f"\t{_rfc2231(name)}",
            f"Content-Type: {_mime(name)};",
            "\tx-unix-mode=0644;",
            f"\t{_rfc2231(name, 'name')}",
            "Content-Transfer-Encoding: base64",
            "",
            _b64(data),
            f"--{boundary}",
            "Content-Transfer-Encoding: 7bit",
            "Content-Type: text/plain;",
            "\tcharset=us-ascii",
            "",
            "",
        ]
    lines.append(f"--{boundary}--")
    return ("\r\n".join(lines) + "\r\n").encode()


def forwarded(
    *,
    staff: str,
    original: bytes,
    subject: str,
    date: datetime,
    message_id: str,
    as_eml: bool = False,
) -> bytes:
    """Gmail's 'forward as attachment' (message/rfc822), or an attached .eml file."""
    boundary = "000000000000fwd0fwd0fwd0"
    part = (
        [
            'Content-Type: message/rfc822; name="forwarded message.eml"',
            'Content-Disposition: attachment; filename="forwarded message.eml"',
            "",
            original.decode(),
        ]
        if not as_eml
        else [
            'Content-Type: application/octet-stream; name="bao cao.eml"',
            'Content-Disposition: attachment; filename="bao cao.eml"',
            "Content-Transfer-Encoding: base64",
            "",
            _b64(original),
        ]
    )
    lines = [
        *_headers(staff, "pgdthanhmien@gmail.com", subject, date, message_id),
        f'Content-Type: multipart/mixed; boundary="{boundary}"',
        "",
        f"--{boundary}",
        'Content-Type: text/plain; charset="UTF-8"',
        "",
        "Chuyen tiep bao cao cua truong.",
        f"--{boundary}",
        *part,
        f"--{boundary}--",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()
