"""Files built with the real libraries (python-docx, Pillow, hand-written PDF), and the policy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from tests.helpers import write_setup
from tests.validation_fixtures import (
    CORPUS,
    REPORT_LINES,
    flip_word_encrypted_flag,
    make_docx,
    make_scan_image,
    make_scan_pdf,
    make_text_pdf,
)
from watcher.config import load
from watcher.model import Role, Severity, VerdictKind
from watcher.validation import (
    ValidationPolicy,
    VerdictCache,
    cache_key,
    file_sha256,
    fingerprint,
    validate_file,
    verdict_from_dict,
    verdict_to_dict,
)
from watcher.validation.messages import TEXTS

FONT = {"/Type": "/Font", "/Subtype": "/Type1", "/BaseFont": "/Helvetica"}
WORD97 = CORPUS / "docx/bad/poi_word97_SampleDoc_renamed.docx"


def codes(verdict) -> list[str]:
    return [finding.code for finding in verdict.findings]


def test_a_real_report_is_ok_and_its_letterhead_is_read(tmp_path: Path) -> None:
    report = make_docx(
        tmp_path / "bao-cao.docx",
        REPORT_LINES[2:],
        header="PHÒNG GIÁO DỤC VÀ ĐÀO TẠO QUẬN BA ĐÌNH",
        table=REPORT_LINES[1],
    )
    verdict = validate_file(report, name=report.name)
    assert (verdict.kind, verdict.role, verdict.detected) == (VerdictKind.OK, Role.WORD, "docx")
    assert verdict.text.startswith("TRƯỜNG TIỂU HỌC KIM ĐỒNG\nBÁO CÁO CÔNG TÁC THÁNG 9")
    assert verdict.text.endswith("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO QUẬN BA ĐÌNH")
    assert len(verdict.text) <= 2000


def test_a_document_with_only_a_header_is_empty(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "a.docx", [], header="TRƯỜNG TIỂU HỌC KIM ĐỒNG")
    assert codes(validate_file(path, name="a.docx")) == ["docx.empty"]


def test_a_scan_pasted_into_word_is_pictures_only_not_empty(tmp_path: Path) -> None:
    # To the clerk the page is full: "no content" would read as nonsense.
    page = tmp_path / "page.jpg"
    make_scan_image().save(page)
    document = Document()
    document.add_picture(str(page))
    document.save(tmp_path / "a.docx")
    verdict = validate_file(tmp_path / "a.docx", name="a.docx")
    assert codes(verdict) == ["docx.pictures_only"] and verdict.kind is VerdictKind.PROBLEM
    assert "chỉ có hình ảnh" in verdict.findings[0].message_vi


def test_max_image_pixels_can_be_raised_above_pillows_own_limit(tmp_path: Path) -> None:
    # A 108 MP phone camera takes 12000x9000 photos; Pillow's built-in guard stops at ~89 MP.
    photo = tmp_path / "photo.png"
    Image.new("1", (12_000, 9_000), 1).save(photo)
    assert codes(validate_file(photo, name="a.png")) == ["image.bomb"]
    roomy = ValidationPolicy(max_image_pixels=120_000_000)
    assert validate_file(photo, name="a.png", policy=roomy).kind is VerdictKind.OK


def test_min_text_chars_makes_a_title_only_document_empty(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "a.docx", ["BÁO CÁO THÁNG 9"])
    assert validate_file(path, name="a.docx").kind is VerdictKind.OK
    strict = ValidationPolicy(min_text_chars=200)
    verdict = validate_file(path, name="a.docx", policy=strict)
    assert codes(verdict) == ["docx.empty"]
    assert "12 ký tự" in verdict.findings[0].message_vi  # non-space characters are counted


def test_blank_template_by_file_hash_and_by_text_after_a_resave(tmp_path: Path) -> None:
    template = make_docx(tmp_path / "mau.docx", ["BÁO CÁO THÁNG ...", "Trường: .........."])
    resaved = make_docx(tmp_path / "resaved.docx", ["BÁO CÁO THÁNG ...", "Trường: .........."])
    file_hash, text_hash = fingerprint(template)
    assert file_hash == file_sha256(template)
    by_file = ValidationPolicy(blank_template_sha256=(file_hash,))
    by_text = ValidationPolicy(blank_template_sha256=(text_hash,))
    assert codes(validate_file(template, name="a.docx", policy=by_file)) == ["docx.blank_template"]
    assert codes(validate_file(resaved, name="a.docx", policy=by_text)) == ["docx.blank_template"]
    filled = make_docx(tmp_path / "filled.docx", REPORT_LINES)
    assert validate_file(filled, name="a.docx", policy=by_text).kind is VerdictKind.OK


def test_a_blank_template_sent_as_doc_loads_and_catches_unchanged_uploads(tmp_path: Path) -> None:
    # Departments often send their template as an old .doc: the config must still load, and a
    # school that uploads it unchanged gets "blank template", not "old format, accepted".
    template = Path(shutil.copy(WORD97, tmp_path / "mau.doc"))  # holds a zip: its theme
    printed = make_text_pdf(tmp_path / "mau.pdf")  # not a zip at all
    config = write_setup(tmp_path)
    text = config.read_text(encoding="utf-8")
    templates = '\n[validation]\nblank_template = ["mau.doc", "mau.pdf"]\n'
    config.write_text(text + templates, encoding="utf-8")
    policy = load(config).validation_policy
    assert policy.blank_template_sha256 == (file_sha256(template), file_sha256(printed))
    verdict = validate_file(template, name="bao cao.doc", policy=policy)
    assert codes(verdict) == ["docx.blank_template"]


def test_legacy_doc_is_a_warning_by_default_and_a_problem_when_configured(tmp_path: Path) -> None:
    doc = shutil.copy(WORD97, tmp_path / "bao-cao.doc")
    verdict = validate_file(Path(doc), name="bao-cao.doc")
    assert (verdict.role, verdict.detected, verdict.kind) == (Role.WORD, "doc", VerdictKind.WARNING)
    strict = validate_file(
        Path(doc), name="bao-cao.doc", policy=ValidationPolicy(legacy_doc="problem")
    )
    assert codes(strict) == ["docx.legacy_doc"] and strict.kind is VerdictKind.PROBLEM
    assert "chỉ nhận .docx" in strict.findings[0].message_vi


def test_password_protected_word_97_document(tmp_path: Path) -> None:
    sealed = flip_word_encrypted_flag(WORD97, tmp_path / "sealed.doc")
    assert codes(validate_file(sealed, name="sealed.doc")) == ["docx.encrypted"]


def test_pillow_scan_pdf_is_ok_and_text_pdf_is_flagged(tmp_path: Path) -> None:
    scan = validate_file(make_scan_pdf(tmp_path / "scan.pdf"), name="scan.pdf")
    assert (scan.kind, scan.role, scan.text) == (VerdictKind.OK, Role.SCAN, "")
    text_pdf = make_text_pdf(tmp_path / "export.pdf")
    assert codes(validate_file(text_pdf, name="export.pdf")) == ["scan.text_only"]
    strict = ValidationPolicy(text_only_pdf="problem")
    assert validate_file(text_pdf, name="export.pdf", policy=strict).kind is VerdictKind.PROBLEM


@pytest.mark.parametrize(("fmt", "suffix", "detected"), [("JPEG", ".jpg", "jpeg"),
                         ("PNG", ".png", "png"), ("TIFF", ".tif", "tiff")])  # fmt: skip
def test_images_open_verify_and_are_large_enough(
    tmp_path: Path, fmt: str, suffix: str, detected: str
) -> None:
    big = tmp_path / f"big{suffix}"
    make_scan_image().save(big, fmt)
    verdict = validate_file(big, name=big.name)
    assert (verdict.kind, verdict.detected, verdict.role) == (VerdictKind.OK, detected, Role.SCAN)
    small = tmp_path / f"small{suffix}"
    make_scan_image((400, 560)).save(small, fmt)
    assert codes(validate_file(small, name=small.name)) == ["image.too_small"]
    strict = ValidationPolicy(small_image="problem", min_image_px=600)
    assert validate_file(small, name=small.name, policy=strict).kind is VerdictKind.PROBLEM


def test_png_named_jpg_is_only_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "scan.jpg"
    make_scan_image().save(path, "PNG")
    verdict = validate_file(path, name="scan.jpg")
    assert verdict.kind is VerdictKind.WARNING and codes(verdict) == ["file.misnamed"]


def test_wrong_types_each_have_their_own_reason(tmp_path: Path) -> None:
    sheet = tmp_path / "a.xlsx"
    shutil.copy(CORPUS / "docx/bad/poi_sample_xlsx_renamed.docx", sheet)
    archive = tmp_path / "a.zip"
    shutil.make_archive(str(tmp_path / "a"), "zip", root_dir=CORPUS / "scan/good")
    xlsx, zipped = validate_file(sheet, name="a.xlsx"), validate_file(archive, name="a.zip")
    assert (xlsx.detected, codes(xlsx)) == ("xlsx", ["file.wrong_type"])
    assert (zipped.detected, codes(zipped)) == ("zip", ["file.wrong_type"])
    assert "bảng tính Excel" in xlsx.findings[0].message_vi
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    assert codes(validate_file(empty, name="empty.docx")) == ["file.empty"]


def test_a_report_exported_with_a_photo_in_it_is_not_a_scan(tmp_path: Path) -> None:
    # Word/LibreOffice keep a pasted photo at 200-300 dpi: a large image, but on a part of a
    # page full of text. Only an image over (most of) the page makes a scan.
    scan = make_scan_pdf(tmp_path / "scan.pdf", pages=1)
    assert validate_file(scan, name="scan.pdf").kind is VerdictKind.OK
    writer = PdfWriter(clone_from=scan)
    page = writer.pages[0]
    (image,) = page["/Resources"]["/XObject"]
    font = DictionaryObject({NameObject(k): NameObject(v) for k, v in FONT.items()})
    page["/Resources"][NameObject("/Font")] = DictionaryObject({NameObject("/F1"): font})
    text = b"BT /F1 12 Tf 72 780 Td (BAO CAO HOC KY I) Tj ET "
    photo = f"q 240 0 0 180 72 500 cm {image} Do Q".encode()  # 3.3 x 2.5 inches of A4
    content = DecodedStreamObject()
    content.set_data(text + photo)
    page.replace_contents(content)
    writer.write(tmp_path / "exported.pdf")
    verdict = validate_file(tmp_path / "exported.pdf", name="exported.pdf")
    assert codes(verdict) == ["scan.text_only"]


def test_an_iphone_photo_is_an_unusable_scan_with_a_way_out(tmp_path: Path) -> None:
    # It was meant as the scan: "malformed, convert to JPG", not "not a Word file or scan".
    photo = tmp_path / "IMG_0001.HEIC"
    photo.write_bytes(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + bytes(4000))
    verdict = validate_file(photo, name=photo.name)
    assert (verdict.role, verdict.detected) == (Role.SCAN, "heic")
    assert codes(verdict) == ["image.unsupported_format"] and verdict.kind is VerdictKind.PROBLEM
    assert "Tương thích nhất" in verdict.findings[0].message_vi


def test_too_large_is_refused_without_opening(tmp_path: Path) -> None:
    path = make_scan_pdf(tmp_path / "scan.pdf")
    verdict = validate_file(path, name="scan.pdf", policy=ValidationPolicy(max_bytes=1000))
    assert (codes(verdict), verdict.detected) == (["file.too_large"], "pdf")


def test_google_native_files_by_mime_type(tmp_path: Path) -> None:
    exported = shutil.copy(CORPUS / "docx/good/d2g_googledocs_export.docx", tmp_path / "x")
    doc = validate_file(
        Path(exported), name="Báo cáo tháng 9", mime_type="application/vnd.google-apps.document"
    )
    assert (doc.kind, doc.role) == (VerdictKind.OK, Role.WORD)
    sheet = validate_file(
        Path(exported), name="Bảng số liệu", mime_type="application/vnd.google-apps.spreadsheet"
    )
    assert (sheet.detected, codes(sheet)) == ("google-sheet", ["file.wrong_type"])
    assert "Google Trang tính" in sheet.findings[0].message_vi


def test_validate_file_never_raises_on_a_missing_file(tmp_path: Path) -> None:
    verdict = validate_file(tmp_path / "gone.docx", name="gone.docx")
    assert codes(verdict) == ["file.unreadable"]


def test_every_message_is_bilingual_and_vietnamese_has_diacritics() -> None:
    for key, (vi, en) in TEXTS.items():
        code = key if isinstance(key, str) else key[0]
        assert vi and en and vi != en, code
        assert any(ch in vi for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịỉọỏốồổỗộớờởỡợụủứừửữựỳỷỹỵ"), code
        assert "Vui lòng" in vi or "lần sau" in vi, f"{code}: tell the clerk what to do"


def test_cache_key_and_stored_verdicts(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "a.docx", REPORT_LINES)
    digest = file_sha256(path)
    policy = ValidationPolicy()
    key = cache_key(digest, "Bao cao.docx", None, policy)
    assert key == cache_key(digest, "renamed.DOCX", None, policy)
    assert key != cache_key(digest, "Bao cao.pdf", None, policy)
    assert key != cache_key(digest, "Bao cao.docx", None, ValidationPolicy(min_text_chars=50))
    verdict = validate_file(make_text_pdf(tmp_path / "t.pdf"), name="t.pdf")
    assert verdict_from_dict(verdict_to_dict(verdict)) == verdict
    cache = VerdictCache(capacity=2)
    for index in range(3):
        cache.put(str(index), verdict)
    assert (len(cache), cache.get("0"), cache.get("2")) == (2, None, verdict)


def test_policy_reports_bad_settings() -> None:
    assert ValidationPolicy().problems() == []
    errors = ValidationPolicy(legacy_doc="maybe", timeout_seconds=0).problems()
    assert errors == [
        ("validation.legacy_doc", "config.severity_choice", {}),
        ("validation.timeout_seconds", "config.positive", {}),
    ]
    assert Severity.WARNING.value == ValidationPolicy().legacy_doc
