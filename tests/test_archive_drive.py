"""The archive of Drive uploads, against the Drive stand-in: every version kept, nothing
downloaded twice (issue 9), names and folders as the schools gave them on Drive."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

import pytest

from tests.drivestub.server import DriveStub
from tests.drivestub.store import GOOGLE_DOC
from tests.helpers import CONFIG, local, make_docx, make_scan, run_cli, write_setup
from watcher.config import Campaign, Settings, load
from watcher.cycle import CycleReport, run_cycle
from watcher.sources.drive import DriveSource
from watcher.sources.drive_factory import drive_settings
from watcher.store import Store

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NOW = local("2023-11-05 08:00")
DOWNLOADS = ("files.get_media", "files.export")


def no_wait_source(settings: Settings, campaign: Campaign) -> DriveSource:
    return DriveSource(campaign.source_location, drive_settings(settings), sleep=lambda _s: None)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("docs")
    return {
        "tanphong": make_docx(folder / "1.docx", "MN Tân Phong").read_bytes(),
        "tanphong2": make_docx(
            folder / "2.docx", "MN Tân Phong", "Báo cáo năm 2023 (sửa)"
        ).read_bytes(),
        "phudong": make_docx(folder / "3.docx", "TH Phù Đổng").read_bytes(),
        "thcs": make_docx(folder / "4.docx", "THCS Phù Đổng").read_bytes(),
        "scan1": make_scan(folder / "1.pdf", size=(700, 900)).read_bytes(),
        "scan2": make_scan(folder / "2.pdf", size=(710, 900)).read_bytes(),
        "scan3": make_scan(folder / "3.pdf", size=(720, 900)).read_bytes(),
    }


@pytest.fixture
def stub() -> DriveStub:
    with DriveStub(seed=5) as running:
        yield running


def district(stub: DriveStub, documents: dict[str, bytes]) -> tuple[str, dict[str, str]]:
    """Three schools as they really upload: a macOS (NFD) folder, a Google Doc, a late scan."""
    root = stub.add_folder("Báo cáo CTrHĐ 16")
    nfd = unicodedata.normalize("NFD", "MN Tân Phong")
    tanphong = stub.add_folder(nfd, root)
    phudong = stub.add_folder("TH Phù Đổng", root)
    thcs = stub.add_folder("THCS Phù Đổng", root)
    ids = {
        "tanphong word": stub.add_file(
            unicodedata.normalize("NFD", "Báo cáo năm 2023 - MN Tân Phong.docx"),
            tanphong,
            documents["tanphong"],
            DOCX,
            created=local("2023-10-20 09:00"),
        ),
        "tanphong scan": stub.add_file(
            nfd + " bao cao nam 2023.pdf",
            tanphong,
            documents["scan1"],
            created=local("2023-10-20 09:05"),
        ),
        "phudong word": stub.store.add(
            "TH Phù Đổng báo cáo năm 2023",
            phudong,
            GOOGLE_DOC,
            export_content=documents["phudong"],
            created=local("2023-10-25 10:00"),
        ),
        "phudong scan": stub.add_file(
            "TH Phù Đổng báo cáo năm 2023.pdf",
            phudong,
            documents["scan2"],
            created=local("2023-10-25 10:05"),
        ),
        "thcs word": stub.add_file(
            "THCS Phù Đổng bao cao nam 2023.docx",
            thcs,
            documents["thcs"],
            DOCX,
            created=local("2023-10-30 10:00"),
        ),
        "thcs scan": stub.add_file(
            "THCS Phù Đổng bao cao nam 2023.pdf",
            thcs,
            documents["scan3"],
            created=local("2023-11-02 10:00"),
        ),
    }
    return root, ids


def setup(tmp: Path, stub: DriveStub, root: str, archive: str | None = None) -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    key = stub.write_service_account_key(tmp / "key.json")
    link = f"https://drive.google.com/drive/folders/{root}?usp=sharing"
    config = CONFIG.replace(
        'source = { type = "folder", path = "inbox" }',
        f'source = {{ type = "drive", folder_id = "{link}" }}',
    )
    if archive is not None:
        config = config.replace(
            'language = "vi"\n', f'language = "vi"\narchive_dir = "{archive}"\n'
        )
    config += f'\n[drive]\ncredentials_file = "{key}"\napi_endpoint = "{stub.api_endpoint}"\n'
    return write_setup(tmp, config)


def cycle(config: Path, now=NOW) -> CycleReport:  # type: ignore[no-untyped-def]
    settings = load(config)
    store = Store.open(settings.state_dir)
    try:
        return run_cycle(settings, store, now, send=False, source_factory=no_wait_source)
    finally:
        store.close()


def downloads(stub: DriveStub) -> int:
    return sum(stub.counts[endpoint] for endpoint in DOWNLOADS)


def manifest(config: Path) -> list[dict[str, str]]:
    data = (config.parent / "var" / "archive" / "q7" / "manifest.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def archived(config: Path) -> set[str]:
    folder = config.parent / "var" / "archive" / "q7"
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_a_poll_archives_without_downloading_anything_twice(
    tmp_path: Path, stub: DriveStub, documents: dict[str, bytes]
) -> None:
    root, ids = district(stub, documents)
    plain = setup(tmp_path / "no-archive", stub, root, archive="")
    stub.reset_counts()
    assert cycle(plain).ok
    without_archive = dict(stub.counts)

    config = setup(tmp_path / "archive", stub, root)
    stub.reset_counts()
    first = cycle(config)
    assert first.ok and first.archived == 6
    assert downloads(stub) == 6 == first.polls[0].downloads  # one per content, archive included
    assert dict(stub.counts) == without_archive  # archiving asked Drive for nothing more

    stub.update_file(ids["tanphong word"], documents["tanphong2"])
    stub.reset_counts()
    second = cycle(config, local("2023-11-06 08:00"))
    assert second.ok and second.archived == 1
    assert downloads(stub) == 1 and stub.api_requests == 2  # changes.list + the new revision

    stub.reset_counts()
    idle = cycle(config, local("2023-11-06 08:05"))
    assert idle.ok and idle.archived == 0 and stub.api_requests == 1


def test_the_tree_keeps_drive_names_versions_and_withdrawn_files(
    tmp_path: Path, stub: DriveStub, documents: dict[str, bytes]
) -> None:
    root, ids = district(stub, documents)
    config = setup(tmp_path, stub, root)
    assert cycle(config).ok
    assert archived(config) == {
        "manifest.csv",
        "2023-annual/MN - Tân Phong/word - Báo cáo năm 2023 - MN Tân Phong.docx",
        "2023-annual/MN - Tân Phong/scan - MN Tân Phong bao cao nam 2023.pdf",
        # a Google Doc is archived as the .docx it was exported to, so staff can open it
        "2023-annual/TH - Phù Đổng/word - TH Phù Đổng báo cáo năm 2023.docx",
        "2023-annual/TH - Phù Đổng/scan - TH Phù Đổng báo cáo năm 2023.pdf",
        "2023-annual/THCS - Phù Đổng/word - THCS Phù Đổng bao cao nam 2023.docx",
        "2023-annual/THCS - Phù Đổng/scan - THCS Phù Đổng bao cao nam 2023.pdf",
    }
    stub.update_file(ids["tanphong word"], documents["tanphong2"])
    stub.trash(ids["phudong scan"])
    stub.move(ids["thcs scan"], stub.add_folder("Thư mục riêng"))  # moved out of the tree
    assert cycle(config, local("2023-11-06 08:00")).ok

    tanphong = "2023-annual/MN - Tân Phong/"
    words = sorted(p for p in archived(config) if p.startswith(tanphong + "word - "))
    assert len(words) == 2  # the replaced version is kept beside the new one
    rows = {row["Lưu tại"]: row for row in manifest(config)}
    assert {rows[p]["Tình trạng"] for p in words} == {"hiện hành", "đã được thay"}
    for path in (
        "2023-annual/TH - Phù Đổng/scan - TH Phù Đổng báo cáo năm 2023.pdf",  # trashed
        "2023-annual/THCS - Phù Đổng/scan - THCS Phù Đổng bao cao nam 2023.pdf",  # moved out
    ):
        assert path in archived(config)
        assert rows[path]["Tình trạng"] == "đã rút" and rows[path]["Thời điểm rút khỏi Drive"]
    assert all(row["Mã tệp trên Drive"] in ids.values() for row in rows.values())


def test_archive_verify_finds_a_flipped_byte_in_a_drive_upload(
    tmp_path: Path, stub: DriveStub, documents: dict[str, bytes]
) -> None:
    root, _ = district(stub, documents)
    config = setup(tmp_path, stub, root)
    poll = run_cli("poll", "--no-send", "--now", "2023-11-05 08:00", "--config", str(config))
    assert poll.returncode == 0, poll.stderr
    verify = run_cli("archive", "verify", "--config", str(config))
    assert verify.returncode == 0 and "đã kiểm tra 6 tệp, 0 bị sửa" in verify.stdout

    victim = "2023-annual/TH - Phù Đổng/word - TH Phù Đổng báo cáo năm 2023.docx"
    path = config.parent / "var" / "archive" / "q7" / victim
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))

    verify = run_cli("archive", "verify", "--config", str(config))
    assert verify.returncode == 1
    assert f"ĐÃ BỊ SỬA (nội dung khác với danh mục): {victim}" in verify.stderr
    status = run_cli(
        "status", "--format", "json", "--now", "2023-11-05 08:00", "--config", str(config)
    )
    rows = json.loads(status.stdout)["campaigns"][0]["rows"]
    assert {r["school"]: r["status"] for r in rows if r["period"] == "2023-annual"} == {
        "MN-TANPHONG": "on_time",
        "TH-PHUDONG": "on_time",
        "THCS-PHUDONG": "late",
        "THCS-NTT": "missing",
    }
