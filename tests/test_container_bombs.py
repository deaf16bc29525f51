"""Issue 15, acceptance 2: pictures inside containers obey the pixel limit of standalone
images. A PDF whose page image inflates to 1 GiB, and a Word file holding a picture of
100 million pixels, are refused as bombs by the real worker, in bounded memory."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from docx import Document

from watcher.validation import IsolatedChecker, ValidationPolicy

GIB_SIDE = 32768  # 32768 × 32768 grey pixels, one byte each: 1 GiB once inflated


def _deflated_zeros(size: int, row: int = 0) -> bytes:
    """`size` zero bytes, deflated in pieces (never all in memory); `row` > 0 adds a PNG
    filter byte before every row of that many bytes."""
    packer = zlib.compressobj(9)
    chunk = (b"\0" * (row + 1) * max(1, 2**22 // (row + 1))) if row else b"\0" * 2**22
    parts, left = [], size
    while left > 0:
        piece = chunk[: min(len(chunk), left)]
        parts.append(packer.compress(piece))
        left -= len(piece)
    parts.append(packer.flush())
    return b"".join(parts)


def bomb_pdf(path: Path, side: int = GIB_SIDE) -> Path:
    """A one-page scan whose page image is side × side grey pixels, FlateDecode'd."""
    data = _deflated_zeros(side * side)
    content = b"q 612 0 0 792 0 0 cm /Im0 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
        % (side, side, len(data))
        + data
        + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    path.write_bytes(out.getvalue())
    return path


def bomb_png(side: int) -> bytes:
    """A grey PNG of side × side pixels whose pixel data is all zeros (a few hundred KiB)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    pixels = _deflated_zeros((side + 1) * side, row=side)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def checker() -> IsolatedChecker:
    with IsolatedChecker() as running:
        yield running


def codes(verdict) -> list[str]:  # type: ignore[no-untyped-def]
    return [finding.code for finding in verdict.findings]


def test_a_pdf_page_image_that_inflates_to_a_gibibyte_is_a_bomb(
    tmp_path: Path, checker: IsolatedChecker
) -> None:
    pdf = bomb_pdf(tmp_path / "scan.pdf")
    assert pdf.stat().st_size < 2 * 2**20  # small on disk, 1 GiB once decoded
    verdict = checker.check(pdf, name="Bản scan MN Tân Phong.pdf")
    assert codes(verdict) == ["image.bomb"]
    assert "1073 MP" in verdict.findings[0].message_en
    assert checker.last_peak_rss_mb < 400  # bounded: nothing was inflated


def test_the_pdf_limit_is_the_standalone_image_limit(
    tmp_path: Path, checker: IsolatedChecker
) -> None:
    pdf = bomb_pdf(tmp_path / "scan.pdf", side=3000)  # 9 MP: a real scan's size
    assert "image.bomb" not in codes(checker.check(pdf, name="scan.pdf"))
    tight = ValidationPolicy(max_image_pixels=8_000_000)
    assert codes(checker.check(pdf, name="scan.pdf", policy=tight)) == ["image.bomb"]
    png = tmp_path / "scan.png"
    png.write_bytes(bomb_png(3000))
    assert "image.bomb" in codes(checker.check(png, name="scan.png", policy=tight))


def test_a_picture_inside_a_word_file_obeys_the_same_limit(
    tmp_path: Path, checker: IsolatedChecker
) -> None:
    document = Document()
    document.add_paragraph("TRƯỜNG MẦM NON TÂN PHONG — Báo cáo năm 2023 " * 5)
    document.add_picture(io.BytesIO(bomb_png(10_000)))  # 100 MP > the default 90 MP
    path = tmp_path / "bao-cao.docx"
    document.save(path)
    verdict = checker.check(path, name="bao-cao.docx")
    assert codes(verdict) == ["docx.zip_bomb"]
    assert "100 MP" in verdict.findings[0].message_en
    assert checker.last_peak_rss_mb < 400
    roomy = ValidationPolicy(max_image_pixels=200_000_000)
    assert "docx.zip_bomb" not in codes(checker.check(path, name="bao-cao.docx", policy=roomy))
