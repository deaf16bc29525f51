"""Downloading content from the stand-in: streams, exports, shortcuts and the size cap."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from tests.drivestub import DOCX, DriveStub
from tests.drivestub.harness import View, make_source
from watcher.model import FileRecord
from watcher.sources.base import ContentError, SourceError
from watcher.sources.drive import DriveSource

MB = 1024 * 1024


@pytest.fixture
def stub() -> Iterator[DriveStub]:
    with DriveStub(seed=3) as running:
        yield running


@pytest.fixture
def key(stub: DriveStub, tmp_path: Path) -> Path:
    return stub.write_service_account_key(tmp_path / "key.json")


@pytest.fixture
def root(stub: DriveStub) -> str:
    return stub.add_folder("Báo cáo")


def listed(stub: DriveStub, root: str, key: Path) -> tuple[DriveSource, dict[str, FileRecord]]:
    source = make_source(stub, root, key)
    view = View()
    view.poll(source)
    return source, view.files


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_binary_file_streams_in_chunks_to_disk(stub, key, root, tmp_path):
    content = bytes(range(256)) * (9 * MB // 256)
    file_id = stub.add_file("scan lớn.pdf", root, content)
    source, records = listed(stub, root, key)
    stub.reset_counts()

    source.fetch(records[file_id], tmp_path / "out", max_bytes=50 * MB)

    assert (tmp_path / "out").read_bytes() == content
    assert records[file_id].content_hash == hashlib.md5(content).hexdigest()
    assert stub.counts["files.get_media"] == 3  # 4 MB chunks: memory stays bounded


def test_a_file_over_the_cap_by_metadata_is_refused_without_downloading(stub, key, root, tmp_path):
    file_id = stub.add_file("to.pdf", root, b"x" * 3000)
    source, records = listed(stub, root, key)
    stub.reset_counts()

    with pytest.raises(ContentError) as raised:
        source.fetch(records[file_id], tmp_path / "out", max_bytes=1000)

    assert raised.value.code == "file.too_large"
    assert stub.counts["files.get_media"] == 0 and not (tmp_path / "out").exists()


def test_the_cap_is_enforced_while_reading_when_metadata_is_silent(stub, key, root, tmp_path):
    file_id = stub.add_file("to.pdf", root, b"x" * (9 * MB))
    source, records = listed(stub, root, key)
    unknown_size = dataclasses.replace(records[file_id], size=None)

    with pytest.raises(ContentError) as raised:
        source.fetch(unknown_size, tmp_path / "out", max_bytes=5 * MB)

    assert raised.value.code == "file.too_large"
    assert "Tệp lớn hơn giới hạn cho phép (5 MB)" in raised.value.message_vi
    assert not (tmp_path / "out").exists()


def test_a_google_doc_is_exported_as_docx(stub, key, root, tmp_path):
    exported = docx_bytes("Báo cáo sơ kết học kỳ I")
    doc_id = stub.add_google_doc("Báo cáo sơ kết", root, exported)
    source, records = listed(stub, root, key)
    record = records[doc_id]
    assert record.mime_type == "application/vnd.google-apps.document"
    assert record.content_hash and record.size is None

    source.fetch(record, tmp_path / "out.docx", max_bytes=50 * MB)

    assert docx.Document(str(tmp_path / "out.docx")).paragraphs[0].text == "Báo cáo sơ kết học kỳ I"
    assert stub.requests_to("files.export")[0].params["mimeType"] == DOCX


def test_an_export_over_drives_limit_is_a_content_problem(stub, key, root, tmp_path):
    doc_id = stub.add_google_doc("Báo cáo dài", root, docx_bytes("x" * 5000))
    stub.faults.export_limit = 1000  # Drive refuses exports over 10 MB; scaled down here
    source, records = listed(stub, root, key)

    with pytest.raises(ContentError) as raised:
        source.fetch(records[doc_id], tmp_path / "out.docx", max_bytes=50 * MB)

    assert raised.value.code == "drive.export_too_large"
    assert not (tmp_path / "out.docx").exists()


def test_an_export_is_capped_too(stub, key, root, tmp_path):
    doc_id = stub.add_google_doc("Báo cáo", root, b"y" * 5000)
    source, records = listed(stub, root, key)
    with pytest.raises(ContentError, match="larger"):
        source.fetch(records[doc_id], tmp_path / "out.docx", max_bytes=1000)


@pytest.mark.parametrize(
    "mime_type",
    ["application/vnd.google-apps.spreadsheet", "application/vnd.google-apps.presentation"],
)
def test_other_google_types_are_the_wrong_type(stub, key, root, tmp_path, mime_type):
    file_id = stub.store.add("Bảng tổng hợp", root, mime_type)
    source, records = listed(stub, root, key)
    with pytest.raises(ContentError) as raised:
        source.fetch(records[file_id], tmp_path / "out", max_bytes=MB)
    assert raised.value.code == "file.wrong_type"


def test_a_shortcut_is_read_as_its_target(stub, key, root, tmp_path):
    elsewhere = stub.add_folder("Drive của trường")
    target = stub.add_file("bao-cao-that.pdf", elsewhere, b"%PDF real content")
    shortcut = stub.add_shortcut("Lối tắt tới báo cáo", root, target)
    source, records = listed(stub, root, key)

    record = records[shortcut]
    assert record.name == "Lối tắt tới báo cáo" and record.mime_type == "application/pdf"
    assert record.content_hash == hashlib.md5(b"%PDF real content").hexdigest()
    assert record.size == len(b"%PDF real content") and target not in records

    source.fetch(record, tmp_path / "out", max_bytes=MB)
    assert (tmp_path / "out").read_bytes() == b"%PDF real content"
    # a pipeline that stored the record without its extras still gets the target
    source.fetch(dataclasses.replace(record, extra={}), tmp_path / "again", max_bytes=MB)
    assert (tmp_path / "again").read_bytes() == b"%PDF real content"


def test_a_dangling_shortcut_is_a_content_problem(stub, key, root, tmp_path):
    target = stub.add_file("da-xoa.pdf", stub.add_folder("Khác"), b"gone soon")
    shortcut = stub.add_shortcut("Lối tắt", root, target)
    stub.delete(target)
    source, records = listed(stub, root, key)

    assert records[shortcut].extra.get("dangling") == "1"
    with pytest.raises(ContentError) as raised:
        source.fetch(records[shortcut], tmp_path / "out", max_bytes=MB)
    assert raised.value.code == "drive.dangling_shortcut"


def test_a_change_to_a_shortcut_target_outside_the_tree_reaches_the_shortcut(stub, key, root):
    """Schools link their own Drive file: its new revision, or its trashing, is the shortcut's."""
    elsewhere = stub.add_folder("Drive của trường")
    target = stub.add_file("scan.pdf", elsewhere, b"%PDF v1")
    shortcut = stub.add_shortcut(
        "MN Hoa Sen - bản scan.pdf", stub.add_folder("MN Hoa Sen", root), target
    )
    source = make_source(stub, root, key)
    view = View()
    view.poll(source)
    first = view.files[shortcut].content_hash

    stub.update_file(target, b"%PDF v2, signed")
    delta = view.poll(source)
    assert [record.id for record in delta.files] == [shortcut]
    assert view.files[shortcut].content_hash == hashlib.md5(b"%PDF v2, signed").hexdigest() != first
    assert view.files[shortcut].folders == ("MN Hoa Sen",)

    stub.trash(target)
    view.poll(source)
    assert view.files[shortcut].extra.get("dangling") == "1"
    assert target not in view.files


def test_a_file_gone_since_the_listing_is_retried_next_poll_not_blamed(stub, key, root, tmp_path):
    file_id = stub.add_file("a.pdf", root, b"abc")
    source, records = listed(stub, root, key)
    stub.delete(file_id)
    with pytest.raises(SourceError) as raised:
        source.fetch(records[file_id], tmp_path / "out", max_bytes=MB)
    assert not raised.value.permanent


def test_downloads_survive_faults_and_run_in_parallel_threads(stub, key, root, tmp_path):
    contents = {
        stub.add_file(f"f{n}.pdf", root, f"content {n}".encode() * 50): n for n in range(40)
    }
    source, records = listed(stub, root, key)
    stub.faults.ratio = 0.2
    errors: list[BaseException] = []

    def worker(ids: list[str]) -> None:
        try:
            for file_id in ids:
                source.fetch(records[file_id], tmp_path / file_id, max_bytes=MB)
        except BaseException as error:  # surfaced below
            errors.append(error)

    ids = list(contents)
    threads = [threading.Thread(target=worker, args=(ids[n::8],)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    for file_id, n in contents.items():
        assert (tmp_path / file_id).read_bytes() == f"content {n}".encode() * 50
