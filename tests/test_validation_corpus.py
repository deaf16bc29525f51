"""Acceptance 1: every third-party file in ../shared/corpus gets the verdict its manifest expects."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.validation_fixtures import CORPUS, manifest
from watcher.model import Role, VerdictKind
from watcher.validation import IsolatedChecker, validate_file
from watcher.validation.policy import ValidationPolicy

ROWS = manifest()
GENERIC = {"file.unreadable", "file.check_crashed", "file.check_timeout"}

# The specific reason each bad file must be reported with (not just "some problem").
EXPECTED_CODES = {
    "docx/bad/empty_0byte.docx": "file.empty",
    "docx/bad/poi_truncated62886.docx": "docx.corrupt",
    "docx/bad/poi_clusterfuzz_bad_central_dir.docx": "docx.corrupt",
    "docx/bad/poi_clusterfuzz_bad_crc.docx": "docx.corrupt",
    "docx/bad/poi_empty_zip_22bytes.docx": "docx.corrupt",
    "docx/bad/poi_encrypted_password-is-pass.docx": "docx.encrypted",
    "docx/bad/poi_encrypted_agile.docx": "docx.encrypted",
    "docx/bad/poi_word97_SampleDoc_renamed.docx": "docx.not_docx",
    "docx/bad/poi_SimpleMacro_docm_renamed.docx": "docx.macro_enabled",
    "docx/bad/poi_stress025_theme_as_docx.docx": "docx.not_docx",
    "docx/bad/poi_sample_xlsx_renamed.docx": "docx.not_docx",
    "docx/bad/spf_odt_renamed.docx": "docx.not_docx",
    "docx/bad/spf_pdf_renamed.docx": "docx.not_docx",
    "docx/bad/poi_EmptyDocumentWithHeaderFooter.docx": "docx.empty",
    "docx/bad/poi_Bug60341_no_paragraphs.docx": "docx.empty",
    "docx/bad/poi_zero-length_empty_body.docx": "docx.empty",
    "docx/bad/poi_ExternalEntityInText_xxe.docx": "docx.unsafe_xml",
    "docx/bad/poi_OPC_DerivedPartNameFAIL.docx": "docx.corrupt",
    "scan/bad/empty_0byte.pdf": "file.empty",
    "scan/bad/empty_0byte.jpg": "file.empty",
    "scan/bad/qpdf_bad1_oops.pdf": "file.misnamed",
    "scan/bad/qpdf_empty_zero_pages.pdf": "scan.no_pages",
    "scan/bad/qpdf_pages-loop.pdf": "scan.corrupt",
    "scan/bad/qpdf_bad-xref.pdf": "scan.corrupt",
    "scan/bad/pike_fuzz_no_startxref.pdf": "scan.corrupt",
    "scan/bad/spf_libreoffice-writer-password.pdf": "scan.encrypted",
    "scan/bad/pike_graph-encrypted_aes.pdf": "scan.encrypted",
    "scan/bad/pypdf_r6-both-passwords.pdf": "scan.encrypted",
    "scan/bad/spf_google-doc_truncated_half.pdf": "scan.corrupt",
    "scan/bad/pydocx_docx_renamed.pdf": "file.misnamed",
    "scan/bad/pil_truncated_jpeg.jpg": "image.corrupt",
    "scan/bad/pil_truncated_image.png": "image.corrupt",
    "scan/bad/pil_broken.png": "image.corrupt",
    "scan/bad/pil_broken_data_stream.png": "image.corrupt",
    "scan/bad/pil_png_decompression_dos.png": "image.bomb",
    "scan/bad/pil_decompression_bomb_gif_as.png": "file.misnamed",
    "scan/bad/pil_apng_zero_frames.png": "image.corrupt",
}


def _verdict(row: dict[str, str]):
    path = CORPUS / row["path"]
    # The corpus's images are format samples (a CMYK JPEG, a broken EXIF block), most of them far
    # smaller than a legible A4 page: "good" there means the format is usable. Legibility is
    # its own policy (tiny_image, a problem by default), tested in test_warnings.py.
    return validate_file(path, name=path.name, policy=ValidationPolicy(tiny_image="warning"))


@pytest.mark.parametrize("row", ROWS, ids=[row["path"] for row in ROWS])
def test_corpus_file_gets_the_expected_verdict(row: dict[str, str]) -> None:
    verdict = _verdict(row)
    codes = [finding.code for finding in verdict.findings]
    if row["expected"] == "good":
        assert verdict.kind is not VerdictKind.PROBLEM, codes
    elif row["expected"] == "bad":
        assert verdict.kind is VerdictKind.PROBLEM
        assert EXPECTED_CODES[row["path"]] in codes
    assert not GENERIC & set(codes), "every corpus file gets a specific reason"


def test_every_bad_file_has_an_expected_reason_listed() -> None:
    bad = {row["path"] for row in ROWS if row["expected"] == "bad"}
    assert bad == set(EXPECTED_CODES)


@pytest.mark.parametrize(
    ("relative", "role", "detected"),
    [
        ("docx/good/d2g_googledocs_export.docx", Role.WORD, "docx"),
        ("docx/bad/poi_word97_SampleDoc_renamed.docx", Role.WORD, "doc"),
        ("docx/bad/poi_sample_xlsx_renamed.docx", Role.EXTRA, "xlsx"),
        ("docx/bad/spf_odt_renamed.docx", Role.EXTRA, "odt"),
        ("docx/bad/spf_pdf_renamed.docx", Role.SCAN, "pdf"),
        ("scan/bad/pydocx_docx_renamed.pdf", Role.WORD, "docx"),
        ("scan/good/poi_nature1.jpg", Role.SCAN, "jpeg"),
        ("scan/good/pydocx_150-dpi.png", Role.SCAN, "png"),
        ("scan/bad/empty_0byte.pdf", Role.EXTRA, "empty"),
    ],
)
def test_role_and_detected_say_what_the_content_really_is(
    relative: str, role: Role, detected: str
) -> None:
    verdict = validate_file(CORPUS / relative, name=Path(relative).name)
    assert (verdict.role, verdict.detected) == (role, detected)


def test_misnamed_file_message_says_what_it_really_is() -> None:
    verdict = validate_file(CORPUS / "docx/bad/spf_pdf_renamed.docx", name="Bao cao.docx")
    (finding,) = verdict.findings
    assert "really a PDF file" in finding.message_en
    assert "thực chất là tệp PDF" in finding.message_vi


def test_text_reaches_into_ruby_text_boxes_and_tables() -> None:
    ruby = validate_file(CORPUS / "docx/good/poi_61470_japanese_ruby_only.docx", name="a.docx")
    textbox = validate_file(CORPUS / "docx/good/docxrs_textbox_only.docx", name="a.docx")
    table = validate_file(CORPUS / "docx/good/poi_bib-chernigovka_russian.docx", name="a.docx")
    online = validate_file(CORPUS / "docx/good/docxrs_indent_word_online.docx", name="a.docx")
    assert "東京" in ruby.text
    assert "Hello" in textbox.text and textbox.text.count("Hello") == 1  # no mc:Fallback copy
    assert "Большечерниговская" in table.text
    assert online.text.startswith("Lorem ipsum")
    assert len(table.text) <= 2000


def test_corpus_through_the_isolated_worker_agrees_with_in_process() -> None:
    with IsolatedChecker() as checker:
        for row in ROWS:
            path = CORPUS / row["path"]
            isolated = checker.check(path, name=path.name)
            assert isolated == validate_file(path, name=path.name), row["path"]
        assert checker.restarts == 0
