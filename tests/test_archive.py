"""The archive end to end: real files, the folder source, the real pipeline, SQLite, the CLI."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import CONFIG, ROOT, local, make_docx, make_scan, run_cli, write_setup
from watcher.archive import ArchiveReport, archive_campaign, campaign_folder
from watcher.config import Campaign, Settings, load
from watcher.cycle import run_cycle
from watcher.model import FileRecord
from watcher.sources.folder import FolderSource
from watcher.store import Store

NOW = local("2024-06-10 08:00")
FOLDER = "2024-interim/TH - Phù Đổng"
OFF = CONFIG.replace('language = "vi"', 'language = "vi"\narchive_dir = ""')


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def archived_files(root: Path) -> dict[str, str]:
    """relative path -> SHA-256 of every file under the archive (manifests excluded)."""
    return {
        p.relative_to(root).as_posix(): sha256(p)
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "manifest.csv"
    }


def manifest(settings: Settings) -> list[dict[str, str]]:
    folder = campaign_folder(settings, settings.campaigns[0])
    assert folder is not None
    text = (folder / "manifest.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")  # BOM, for Excel
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))


def poll(config: Path, now: datetime = NOW, source: FolderSource | None = None) -> Settings:
    """One cycle in process, as the daemon runs it; `source` replaces the configured folder."""
    settings = load(config)
    store = Store.open(settings.state_dir)
    try:
        if source is None:
            report = run_cycle(settings, store, now, send=False)
        else:
            report = run_cycle(settings, store, now, send=False, source_factory=lambda s, c: source)
        assert report.ok
    finally:
        store.close()
    return settings


def setup(tmp_path: Path, config: str = CONFIG) -> tuple[Path, Path]:
    path = write_setup(tmp_path, config)
    inbox = tmp_path / "inbox"
    make_docx(inbox / "TH Phù Đổng sơ kết 2024.docx", "TH Phù Đổng", "Sơ kết", "2024-05-28 09:00")
    make_scan(inbox / "TH Phù Đổng sơ kết 2024 scan.pdf", "2024-05-28 09:05")
    make_docx(inbox / "MN Tân Phong/Báo cáo năm 2023.docx", when="2023-10-20 09:12")
    make_docx(inbox / "bao cao.docx", "?", "Sơ kết", "2024-05-29 10:00")
    return path, inbox


def test_after_a_poll_every_version_is_archived_once_with_the_source_hash(tmp_path: Path) -> None:
    config, inbox = setup(tmp_path)
    settings = poll(config)
    root = campaign_folder(settings, settings.campaigns[0])
    assert root is not None and root == tmp_path / "var" / "archive" / "q7"
    files = archived_files(root)
    assert files == {
        f"{FOLDER}/word - TH Phù Đổng sơ kết 2024.docx": sha256(
            inbox / "TH Phù Đổng sơ kết 2024.docx"
        ),
        f"{FOLDER}/scan - TH Phù Đổng sơ kết 2024 scan.pdf": sha256(
            inbox / "TH Phù Đổng sơ kết 2024 scan.pdf"
        ),
        "2023-annual/MN - Tân Phong/word - Báo cáo năm 2023.docx": sha256(
            inbox / "MN Tân Phong/Báo cáo năm 2023.docx"
        ),
        "_unmatched/bao cao.docx": sha256(inbox / "bao cao.docx"),
    }
    rows = {row["Lưu tại"]: row for row in manifest(settings)}
    assert set(rows) == set(files)
    word = rows[f"{FOLDER}/word - TH Phù Đổng sơ kết 2024.docx"]
    assert word["Mã trường"] == "TH-PHUDONG"
    assert word["SHA-256"] == word["Mã băm của nguồn"] == files[word["Lưu tại"]]
    assert word["Thời điểm tải lên"] == "2024-05-28 09:00:00+07:00"
    assert word["Thời điểm lưu"] == "2024-06-10 08:00:00+07:00"
    assert word["Tình trạng"] == "hiện hành"
    assert word["Kết quả kiểm tra"] == "đạt"
    poll(config, local("2024-06-10 09:00"))  # a second poll changes nothing
    assert archived_files(root) == files
    assert {row["Lưu tại"]: row for row in manifest(settings)} == rows


def test_a_replaced_file_keeps_both_versions(tmp_path: Path) -> None:
    config, inbox = setup(tmp_path)
    settings = poll(config)
    word = inbox / "TH Phù Đổng sơ kết 2024.docx"
    first = sha256(word)
    make_docx(word, "TH Phù Đổng", "Sơ kết (sửa lại)", "2024-05-30 08:15")
    poll(config, local("2024-06-10 09:00"))
    root = campaign_folder(settings, settings.campaigns[0])
    assert root is not None
    files = archived_files(root)
    assert files[f"{FOLDER}/word - TH Phù Đổng sơ kết 2024.docx"] == first
    assert files[f"{FOLDER}/word - TH Phù Đổng sơ kết 2024 (2024-05-30 0815).docx"] == sha256(word)
    states = {row["Lưu tại"]: row["Tình trạng"] for row in manifest(settings)}
    assert states[f"{FOLDER}/word - TH Phù Đổng sơ kết 2024.docx"] == "đã được thay"
    assert states[f"{FOLDER}/word - TH Phù Đổng sơ kết 2024 (2024-05-30 0815).docx"] == "hiện hành"


def test_a_deleted_file_keeps_its_copy_marked_withdrawn(tmp_path: Path) -> None:
    config, inbox = setup(tmp_path)
    settings = poll(config)
    scan = inbox / "TH Phù Đổng sơ kết 2024 scan.pdf"
    content = sha256(scan)
    scan.unlink()
    poll(config, local("2024-06-11 07:30"))
    root = campaign_folder(settings, settings.campaigns[0])
    assert root is not None
    path = f"{FOLDER}/scan - TH Phù Đổng sơ kết 2024 scan.pdf"
    assert archived_files(root)[path] == content
    row = next(r for r in manifest(settings) if r["Lưu tại"] == path)
    assert row["Thời điểm rút khỏi Drive"] == "2024-06-11 07:30:00+07:00"
    assert row["Tình trạng"] == "đã rút"


def test_an_override_moves_the_copy_on_the_next_poll_and_records_the_move(tmp_path: Path) -> None:
    config, inbox = setup(tmp_path)
    settings = poll(config)
    root = campaign_folder(settings, settings.campaigns[0])
    assert root is not None
    content = sha256(inbox / "bao cao.docx")
    assert archived_files(root)["_unmatched/bao cao.docx"] == content
    config.write_text(
        CONFIG
        + '\n[[override]]\nfile = "bao cao.docx"\nschool = "THCS-NTT"\nperiod = "2024-interim"\n',
        encoding="utf-8",
    )
    settings = poll(config, local("2024-06-10 09:00"))
    files = archived_files(root)
    moved = "2024-interim/THCS - Nguyễn Thị Thập/word - bao cao.docx"
    assert "_unmatched/bao cao.docx" not in files
    assert files[moved] == content
    row = next(r for r in manifest(settings) if r["Lưu tại"] == moved)
    assert row["Chuyển từ"] == "_unmatched/bao cao.docx"
    assert row["Mã trường"] == "THCS-NTT"


class CountingSource(FolderSource):
    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.fetched: list[str] = []

    def fetch(self, record: FileRecord, dest: Path, max_bytes: int) -> None:
        self.fetched.append(record.id)
        super().fetch(record, dest, max_bytes)


def test_archiving_downloads_nothing_a_second_time(tmp_path: Path) -> None:
    config, inbox = setup(tmp_path)
    shutil.copy(inbox / "bao cao.docx", inbox / "bao cao (copy).docx")  # same content twice
    source = CountingSource(inbox)
    settings = poll(config, source=source)
    root = campaign_folder(settings, settings.campaigns[0])
    assert root is not None
    assert len(source.fetched) == 4  # one download per distinct content, none for the archive
    assert len(archived_files(root)) == 5
    shutil.rmtree(root)  # the archive is rebuilt from the content cache alone
    result = run_cli("archive", "rebuild", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert len(source.fetched) == 4
    assert len(archived_files(root)) == 5


def test_verify_detects_one_changed_byte_and_rebuild_repairs_it(tmp_path: Path) -> None:
    config, inbox = setup(tmp_path)
    settings = poll(config)
    root = campaign_folder(settings, settings.campaigns[0])
    assert root is not None
    good = run_cli("archive", "verify", "--config", str(config))
    assert good.returncode == 0, good.stdout + good.stderr
    assert "đã kiểm tra 4 tệp, 0 bị sửa, 0 bị mất" in good.stdout
    changed = root / FOLDER / "scan - TH Phù Đổng sơ kết 2024 scan.pdf"
    data = bytearray(changed.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed.write_bytes(bytes(data))
    (root / "_unmatched/bao cao.docx").unlink()
    bad = run_cli("archive", "verify", "--config", str(config))
    assert bad.returncode == 1
    assert f"ĐÃ BỊ SỬA (nội dung khác với danh mục): {FOLDER}/scan - " in bad.stderr
    assert "MẤT: _unmatched/bao cao.docx" in bad.stderr
    fixed = run_cli("archive", "rebuild", "--config", str(config))
    assert fixed.returncode == 0, fixed.stderr
    assert "khôi phục 2 tệp" in fixed.stdout
    assert "bản sao hỏng được để riêng" in fixed.stdout
    after = run_cli("archive", "verify", "--config", str(config))
    assert after.returncode == 0, after.stderr
    assert ".pdf.damaged-" in after.stdout  # kept, reported as not in the manifest
    assert sha256(changed) == sha256(inbox / "TH Phù Đổng sơ kết 2024 scan.pdf")


def test_a_copy_found_under_its_final_name_is_adopted_not_duplicated(tmp_path: Path) -> None:
    """What a run killed between the rename and the database update leaves behind."""
    config, inbox = setup(tmp_path)
    config.write_text(OFF, encoding="utf-8")
    poll(config)
    config.write_text(CONFIG, encoding="utf-8")
    settings = load(config)
    root = campaign_folder(settings, settings.campaigns[0])
    assert root is not None
    word = root / FOLDER / "word - TH Phù Đổng sơ kết 2024.docx"
    word.parent.mkdir(parents=True)
    shutil.copy(inbox / "TH Phù Đổng sơ kết 2024.docx", word)
    foreign = root / FOLDER / "scan - TH Phù Đổng sơ kết 2024 scan.pdf"
    foreign.write_bytes(b"someone else's file")
    report = _archive(settings)
    assert report.ok and report.written == 4
    files = archived_files(root)
    assert len(files) == 5
    assert files[f"{FOLDER}/scan - TH Phù Đổng sơ kết 2024 scan.pdf"] == sha256(foreign)
    assert files[f"{FOLDER}/scan - TH Phù Đổng sơ kết 2024 scan (2).pdf"] == sha256(
        inbox / "TH Phù Đổng sơ kết 2024 scan.pdf"
    )


def test_a_file_deleted_before_it_was_archived_is_still_archived_in_its_place(
    tmp_path: Path,
) -> None:
    """The archive catches up from stored state: the content cache kept what Drive forgot."""
    config, inbox = setup(tmp_path, OFF)
    poll(config)
    word = inbox / "TH Phù Đổng sơ kết 2024.docx"
    content = sha256(word)
    word.unlink()
    poll(config, local("2024-06-11 07:30"))
    config.write_text(CONFIG, encoding="utf-8")
    settings = poll(config, local("2024-06-12 08:00"))
    root = campaign_folder(settings, settings.campaigns[0])
    assert root is not None
    path = f"{FOLDER}/word - TH Phù Đổng sơ kết 2024.docx"
    assert archived_files(root)[path] == content
    row = next(r for r in manifest(settings) if r["Lưu tại"] == path)
    assert (row["Tình trạng"], row["Mã trường"]) == ("đã rút", "TH-PHUDONG")


def test_an_archive_that_cannot_be_written_never_fails_the_poll(tmp_path: Path) -> None:
    blocked = CONFIG.replace('language = "vi"', 'language = "vi"\narchive_dir = "blocked"')
    config, _ = setup(tmp_path, blocked)
    (tmp_path / "blocked").write_text("a file where the archive folder should be")
    settings = poll(config)  # asserts the cycle is ok
    assert _archive(settings).error
    (tmp_path / "blocked").unlink()
    poll(config, local("2024-06-10 09:00"))  # the next poll completes the archive
    root = campaign_folder(settings, settings.campaigns[0])
    assert root is not None and len(archived_files(root)) == 4


def test_archive_dir_empty_turns_the_archive_off(tmp_path: Path) -> None:
    config, _ = setup(tmp_path, OFF)
    settings = poll(config)
    assert settings.archive_dir is None
    assert not (tmp_path / "var" / "archive").exists()
    result = run_cli("archive", "verify", "--config", str(config))
    assert result.returncode == 2


def test_the_demo_config_archives_the_folder_source(tmp_path: Path) -> None:
    demo = tmp_path / "config" / "demo"  # keeps state_dir = "../../var/demo" inside tmp_path
    shutil.copytree(ROOT / "config" / "demo", demo, ignore=shutil.ignore_patterns("inbox"))
    build = [sys.executable, str(demo / "make_inbox.py"), str(demo / "inbox")]
    subprocess.run(build, check=True, capture_output=True)
    result = run_cli("poll", "--no-send", "--config", str(demo / "watcher.toml"))
    assert result.returncode == 0, result.stderr
    root = tmp_path / "var" / "demo" / "archive"
    files = archived_files(root)
    assert (
        "q7-moi-truong/2023-annual/TH - Phù Đổng/word - TH Phù Đổng - báo cáo năm 2023.docx"
        in files
    )
    assert "tm-pccc/2022/THCS - Lê Hồng/word - THCS Lê Hồng BC PCCC.docx" in files
    assert any(path.startswith("q7-moi-truong/_unmatched/") for path in files)
    assert (root / "q7-moi-truong" / "manifest.csv").is_file()
    verified = run_cli("archive", "verify", "--config", str(demo / "watcher.toml"))
    assert verified.returncode == 0, verified.stderr


def _archive(settings: Settings, campaign: Campaign | None = None) -> ArchiveReport:
    store = Store.open(settings.state_dir)
    try:
        return archive_campaign(settings, store, campaign or settings.campaigns[0], NOW)
    finally:
        store.close()


def _history(tmp_path: Path) -> Path:
    """Two polls with the archive off: same names in one folder and in `_unmatched`, a
    replaced version, a deleted file; then the archive turned on (a whole pass to come)."""
    config, inbox = setup(tmp_path, OFF)
    for folder, when in (("Tổ 1", "2024-05-28 10:00"), ("Tổ 2", "2024-05-27 10:00")):
        make_docx(inbox / folder / "TH Phù Đổng sơ kết 2024.docx", "TH Phù Đổng", folder, when)
        make_docx(inbox / folder / "bao cao.docx", "?", folder, when)
    make_docx(inbox / "THCS Phù Đổng sơ kết 2024.docx", "THCS Phù Đổng", "Sơ kết", "2024-05-28")
    make_scan(inbox / "THCS Phù Đổng sơ kết 2024 scan.pdf", "2024-05-28 09:05")
    poll(config)
    make_docx(inbox / "Tổ 1/TH Phù Đổng sơ kết 2024.docx", "TH Phù Đổng", "Sửa", "2024-05-30 08:15")
    (inbox / "THCS Phù Đổng sơ kết 2024 scan.pdf").unlink()
    poll(config, local("2024-06-11 07:30"))
    config.write_text(CONFIG, encoding="utf-8")
    return config


def test_a_whole_pass_in_slices_archives_exactly_what_one_pass_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole pass (the first archiving, a new configuration) takes the files a slice at a
    time, so that a province's versions are never all in memory; the files of one folder
    share a slice, so names taken in a folder are chosen as one pass chooses them: the same
    copies under the same names, the same manifest to the byte."""
    import watcher.archive.sync as sync

    results = []
    gathered: list[int] = []
    gather = sync.gather

    def counted(*args: Any, **kwargs: Any) -> Any:
        entries, seen = gather(*args, **kwargs)
        gathered.append(len({entry.file_id for entry in entries}))
        return entries, seen

    monkeypatch.setattr(sync, "gather", counted)
    _history(tmp_path / "history")
    for slice_size in (10_000, 1):
        monkeypatch.setattr(sync, "SLICE", slice_size)
        gathered.clear()
        shutil.copytree(tmp_path / "history", tmp_path / str(slice_size), symlinks=True)
        config = tmp_path / str(slice_size) / "watcher.toml"
        settings = poll(config, local("2024-06-12 08:00"))
        root = campaign_folder(settings, settings.campaigns[0])
        assert root is not None
        results.append(
            (archived_files(root), (root / "manifest.csv").read_bytes(), sorted(gathered))
        )
    (whole, whole_manifest, one), (sliced, sliced_manifest, many) = results
    assert one == [10]  # every file at once
    # a folder's files together: MN Tân Phong's; THCS Phù Đổng's word and scan; the three
    # unmatched "bao cao"; TH Phù Đổng's scan and three same-named words (Tổ 1's replaced)
    assert many == [1, 2, 3, 4]
    assert sliced == whole and sliced_manifest == whole_manifest
    stamped = [path for path in whole if "(2024-05-28 1000)" in path]
    assert len(stamped) == 2  # Tổ 1's file came second to the folder, and to _unmatched
    assert sum("đã rút" in line for line in whole_manifest.decode("utf-8-sig").splitlines()) == 1
