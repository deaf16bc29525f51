"""Builders for the validation tests: real .docx, PDF and image files, and hostile ones.

Everything here writes genuine files with the real libraries (python-docx, Pillow) or, for
the hostile cases, with the byte layouts the formats define.
"""

from __future__ import annotations

import csv
import io
import struct
import zipfile
import zlib
from functools import cache
from pathlib import Path

import docx
from PIL import Image, ImageDraw

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
if not CORPUS.exists():
    CORPUS = Path("/work/shared/corpus")

REPORT_LINES = [
    "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO QUẬN BA ĐÌNH",
    "TRƯỜNG TIỂU HỌC KIM ĐỒNG",
    "BÁO CÁO CÔNG TÁC THÁNG 9 NĂM HỌC 2025-2026",
    "Thực hiện kế hoạch của Phòng, nhà trường báo cáo kết quả như sau: " * 8,
]


def manifest() -> list[dict[str, str]]:
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def make_docx(path: Path, paragraphs: list[str], *, header: str = "", table: str = "") -> Path:
    document = docx.Document()
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if table:
        document.add_table(rows=1, cols=1).cell(0, 0).text = table
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def make_scan_image(size: tuple[int, int] = (1240, 1754)) -> Image.Image:
    """A grey page with dark 'lines of text', like a 150 dpi A4 scan."""
    page = Image.new("L", size, 235)
    draw = ImageDraw.Draw(page)
    for top in range(120, size[1] - 120, 48):
        draw.rectangle((100, top, size[0] - 100, top + 14), fill=40)
    return page


def make_scan_pdf(path: Path, pages: int = 2) -> Path:
    """Pillow writes each image as a page: the same as a scanner's PDF."""
    images = [make_scan_image() for _ in range(pages)]
    images[0].save(path, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return path


def make_text_pdf(path: Path, text: str = "Bao cao thang 9") -> Path:
    """A minimal, valid one-page PDF with a font and text operators: an export, not a scan."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    path.write_bytes(out.getvalue())
    return path


# --- hostile files -----------------------------------------------------------------------

BOMB_GIB = 2  # document.xml of the zip bomb inflates to this many GiB


@cache
def _bomb_stream(gib: int) -> tuple[bytes, int, int]:
    """(raw deflate data, crc32, size) of `gib` GiB of spaces, built from one repeated block."""
    chunk = b" " * 2**20
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    count = gib * 1024
    crc = zlib.crc32(chunk)
    for _ in range(count - 1):
        crc = zlib.crc32(chunk, crc)
    data = head + block * (count - 1) + compressor.flush()
    return data, crc, count * 2**20


def _write_zip(path: Path, entries: list[tuple[str, bytes, int, int, int]]) -> None:
    """entries: (name, raw deflate data, crc, declared size); a plain zip, byte by byte."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, crc, declared, method in entries:
        offset, encoded = out.tell(), name.encode()
        fields = (20, 0, method, 0, 0x21, crc, len(data), declared, len(encoded), 0)
        out.write(b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", *fields) + encoded + data)
        central.write(
            b"PK\x01\x02"
            + struct.pack("<HHHHHHIIIHHHHHII", 20, *fields, 0, 0, 0, 0, offset)
            + encoded
        )
    directory = central.getvalue()
    count = len(entries)
    end = struct.pack("<HHHHIIH", 0, 0, count, count, len(directory), out.tell(), 0)
    path.write_bytes(out.getvalue() + directory + b"PK\x05\x06" + end)


def make_zip_bomb_docx(path: Path, *, honest_size: bool = True, gib: int = BOMB_GIB) -> Path:
    """A real python-docx package whose word/document.xml inflates to `gib` GiB.

    honest_size=False declares a small size for it, as a bomb aimed at size checks would.
    """
    template = io.BytesIO()
    docx.Document().save(template)
    entries = []
    with zipfile.ZipFile(template) as archive:
        for info in archive.infolist():
            if info.filename == "word/document.xml":
                data, crc, size = _bomb_stream(gib)
                entries.append((info.filename, data, crc, size if honest_size else 40_000, 8))
                continue
            raw = archive.read(info)
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            packed = compressor.compress(raw) + compressor.flush()
            entries.append((info.filename, packed, zlib.crc32(raw), len(raw), 8))
    _write_zip(path, entries)
    return path


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def make_pixel_bomb_png(path: Path, width: int = 12_000, height: int = 12_000) -> Path:
    """A valid grey PNG of width x height pixels (144 MP by default) that compresses to ~150 KB."""
    compressor = zlib.compressobj(9)
    row = b"\0" * (width + 1)
    parts = [compressor.compress(row) for _ in range(height)]
    idat = b"".join(parts) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
    png += _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")
    path.write_bytes(png)
    return path


def flip_word_encrypted_flag(source: Path, dest: Path) -> Path:
    """Copy a Word 97 .doc and set fEncrypted in its FIB, as Word does for a password."""
    from watcher.validation.cfb import CompoundFile

    data = bytearray(source.read_bytes())
    with source.open("rb") as handle:
        compound = CompoundFile(handle)
        start, _ = compound.entries["WordDocument"]
        offset = (start + 1) * compound.sector_size + 0x0A
    data[offset + 1] |= 0x01  # 0x0100 of the little-endian flags word
    dest.write_bytes(bytes(data))
    return dest


def make_form_bomb_pdf(path: Path, fanout: int = 20_000, levels: int = 3) -> Path:
    """A scan page drawn through nested forms, each drawing the next `fanout` times: a few
    hundred KB that a reader walking every drawing would take fanout**levels steps over."""
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
    )

    writer = PdfWriter(clone_from=make_scan_pdf(path.with_suffix(".scan.pdf"), pages=1))
    page = writer.pages[0]
    resources = page["/Resources"]
    (image,) = resources["/XObject"]
    inner = {NameObject(image): resources["/XObject"][image]}
    for level in range(levels):
        form = DecodedStreamObject()
        form.update({
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([NumberObject(v) for v in (0, 0, 600, 850)]),
            NameObject("/Resources"): DictionaryObject({NameObject("/XObject"): DictionaryObject(inner)}),
        })  # fmt: skip
        drawn = f"{image} Do " if level == 0 else "/F Do " * fanout
        form.set_data(drawn.encode())
        inner = {NameObject("/F"): writer._add_object(form)}
    resources[NameObject("/XObject")] = DictionaryObject(inner)
    content = DecodedStreamObject()
    content.set_data(b"/F Do " * fanout)
    page.replace_contents(content)
    writer.write(path)
    return path
