"""Archive names: safe on Windows and macOS shares, Vietnamese kept, extension kept."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from watcher.archive import names

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_vietnamese_letters_are_kept_in_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Báo cáo sơ kết Phù Đổng.docx")
    result = names.safe_component(decomposed)
    assert result == "Báo cáo sơ kết Phù Đổng.docx"
    assert unicodedata.is_normalized("NFC", result)


def test_reserved_characters_and_trailing_dots_are_replaced() -> None:
    assert names.safe_component('BC 2023/2024: "sơ kết"? <v2>|*.docx') == (
        "BC 2023_2024_ _sơ kết__ _v2___.docx"
    )
    assert names.safe_component("Báo cáo. . .") == "Báo cáo"
    assert names.safe_component("  tab\there\x00.pdf") == "tab here.pdf"  # controls go
    assert names.safe_component("...") == "_"


def test_reserved_device_names_are_prefixed() -> None:
    assert names.safe_component("CON") == "_CON"
    assert names.safe_component("nul.docx") == "_nul.docx"
    assert names.safe_component("com1.pdf") == "_com1.pdf"
    assert names.safe_component("CONSOLE.docx") == "CONSOLE.docx"


def test_long_names_lose_their_middle_not_their_extension() -> None:
    long = "Báo cáo kết quả thực hiện kế hoạch phòng cháy chữa cháy " * 6 + "bản cuối.docx"
    result = names.safe_component(long)
    assert result.endswith("bản cuối.docx")
    assert result.startswith("Báo cáo kết quả")
    assert "…" in result
    assert len(result) <= names.FILE_CHARS


def test_file_name_keeps_role_and_stamp_when_shortened() -> None:
    long = "Đ" * 300 + ".pdf"
    result = names.file_name(long, "scan", "2024-05-30 0815")
    assert result.startswith("scan - ")
    assert result.endswith(" (2024-05-30 0815).pdf")
    assert len(result.encode("utf-8")) <= names.MAX_BYTES


def test_stamps_are_local_time_then_seconds_then_hash() -> None:
    moment = datetime(2024, 5, 30, 1, 15, 42, tzinfo=UTC)
    assert names.stamps(moment, VN, "abcdef0123456789") == [
        "2024-05-30 0815",
        "2024-05-30 081542",
        "2024-05-30 081542 abcdef01",
    ]
    assert names.stamps(None, VN, "abcdef0123456789") == ["abcdef01"]


def test_school_folder_and_name_key() -> None:
    assert names.school_folder("TH", "Phù Đổng") == "TH - Phù Đổng"
    assert names.school_folder("TH", "Phù Đổng", "TH-PD2") == "TH - Phù Đổng (TH-PD2)"
    decomposed = unicodedata.normalize("NFD", "WORD - Báo Cáo.docx")
    assert names.name_key(decomposed) == names.name_key("word - báo cáo.docx")


@given(st.text(min_size=0, max_size=400))
def test_any_name_becomes_share_safe(text: str) -> None:
    result = names.safe_component(text)
    assert result
    assert not any(ch in result for ch in '<>:"/\\|?*')
    assert not any(ord(ch) < 32 or ord(ch) == 127 for ch in result)
    assert not result.endswith((".", " "))
    assert len(result.encode("utf-8")) <= names.MAX_BYTES
    assert len(result) <= names.FILE_CHARS
    assert result.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}
    assert names.safe_component(result) == result  # stable: a safe name stays as it is
