"""The local-folder source: recursive, file-system times, NFC names, removals."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pytest

from tests.helpers import local, make_docx, set_time
from watcher.sources.base import ContentError, SourceError
from watcher.sources.folder import FolderSource


def test_lists_recursively_with_times_hashes_and_folders(tmp_path: Path) -> None:
    doc = make_docx(
        tmp_path / "MN Tân Phong" / "Năm 2023" / "bao cao.docx", when="2023-10-20 09:00"
    )
    (tmp_path / "~$bao cao.docx").write_bytes(b"lock")
    (tmp_path / ".DS_Store").write_bytes(b"x")
    delta = FolderSource(tmp_path).changes(None)
    (record,) = delta.files
    assert delta.full
    assert record.id == "MN Tân Phong/Năm 2023/bao cao.docx"
    assert record.folders == ("MN Tân Phong", "Năm 2023")
    assert record.uploaded_at == local("2023-10-20 09:00")
    assert record.content_hash == hashlib.sha256(doc.read_bytes()).hexdigest()
    assert record.mime_type.endswith("wordprocessingml.document")


def test_decomposed_names_come_out_nfc(tmp_path: Path) -> None:
    name = unicodedata.normalize("NFD", "Báo cáo sơ kết.pdf")
    (tmp_path / name).write_bytes(b"%PDF-1.4")
    (record,) = FolderSource(tmp_path).changes(None).files
    assert record.name == unicodedata.normalize("NFC", "Báo cáo sơ kết.pdf")


def test_hash_reused_while_size_and_time_are_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(b"one")
    source = FolderSource(tmp_path)
    first = source.changes(None)
    path.write_bytes(b"two")
    set_time(path, "2024-01-01 00:00")
    second = source.changes(first.cursor)
    assert second.files[0].content_hash == hashlib.sha256(b"two").hexdigest()


def test_missing_folder_is_a_source_error_not_an_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        FolderSource(tmp_path / "gone").changes(None)
    assert caught.value.permanent


def test_fetch_enforces_the_size_cap(tmp_path: Path) -> None:
    (tmp_path / "big.pdf").write_bytes(b"x" * 2000)
    source = FolderSource(tmp_path)
    (record,) = source.changes(None).files
    with pytest.raises(ContentError) as caught:
        source.fetch(record, tmp_path / "out", max_bytes=1000)
    assert caught.value.code == "file.too_large"
    source.fetch(record, tmp_path / "out", max_bytes=5000)
    assert (tmp_path / "out").read_bytes() == b"x" * 2000
