"""One file that cannot be read is that file's problem, never the poll's.

Real conditions on disk: names written in NFD bytes (as a Mac or Drive for desktop writes
them), a dangling link, a named pipe, a file deleted between listing and reading, and
permission denied. Tests run as root, and root reads a chmod-000 file; the permission tests
therefore run the CLI with the two capabilities that let root ignore permissions dropped
(CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so the kernel really refuses the read.
"""

from __future__ import annotations

import ctypes
import email
import json
import os
import subprocess
import sys
import unicodedata
from email import policy
from pathlib import Path

import pytest

from tests.helpers import ROOT, local, make_docx, make_scan, run_cli, write_setup
from watcher.config import load
from watcher.model import FileRecord
from watcher.pipeline import current_rows, poll_campaign
from watcher.sources.base import Delta
from watcher.sources.folder import FolderSource
from watcher.store import Store

NOW = "2024-01-05 10:00"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def write_nfd(folder: Path, relative: str, content: bytes) -> Path:
    """Write a file whose name on disk is the NFD bytes of `relative` (folders included)."""
    target = os.fsencode(folder) + b"/" + nfd(relative).encode("utf-8")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
    return Path(os.fsdecode(target))


def names_on_disk(folder: Path) -> list[bytes]:
    return sorted(os.listdir(os.fsencode(folder)))


# --- names in NFD ---------------------------------------------------------------------


def test_an_nfd_name_is_read_under_the_name_it_has_and_keeps_an_nfc_id(tmp_path: Path) -> None:
    relative = "Mầm non Tân Phong/Báo cáo sơ kết.pdf"
    write_nfd(tmp_path, relative, b"%PDF-1.4 content")
    assert names_on_disk(tmp_path) == [nfd("Mầm non Tân Phong").encode()]  # really NFD
    assert nfd("Mầm non Tân Phong") != nfc("Mầm non Tân Phong")
    source = FolderSource(tmp_path)
    (record,) = source.changes(None).files
    assert record.id == nfc(relative)
    assert record.name == nfc("Báo cáo sơ kết.pdf")
    assert record.folders == (nfc("Mầm non Tân Phong"),)
    assert record.extra["path"] == nfd(relative)
    assert "unreadable" not in record.extra
    source.fetch(record, tmp_path.parent / "copy", max_bytes=10_000)
    assert (tmp_path.parent / "copy").read_bytes() == b"%PDF-1.4 content"
    # a stored record (as older polls kept it, without the path) still finds its file
    bare = FileRecord(record.id, record.name, record.folders, record.mime_type, 1, "h", None, None)
    source.fetch(bare, tmp_path.parent / "copy2", max_bytes=10_000)
    assert (tmp_path.parent / "copy2").read_bytes() == b"%PDF-1.4 content"


def test_the_id_does_not_change_when_a_name_is_rewritten_in_nfc(tmp_path: Path) -> None:
    path = write_nfd(tmp_path, "Báo cáo năm 2023.docx", b"same bytes")
    source = FolderSource(tmp_path)
    first = source.changes(None)
    os.rename(path, tmp_path / nfc("Báo cáo năm 2023.docx"))
    second = source.changes(first.cursor)
    assert [r.id for r in first.files] == [r.id for r in second.files]
    assert [r.content_hash for r in first.files] == [r.content_hash for r in second.files]
    assert "path" not in second.files[0].extra


def test_nfc_and_nfd_spellings_side_by_side_are_two_files(tmp_path: Path) -> None:
    write_nfd(tmp_path, "Tiểu học.pdf", b"one")
    (tmp_path / nfc("Tiểu học.pdf")).write_bytes(b"two")
    source = FolderSource(tmp_path)
    records = source.changes(None).files
    assert len(records) == 2 and len({r.id for r in records}) == 2
    contents = set()
    for index, record in enumerate(records):
        source.fetch(record, tmp_path.parent / f"out{index}", max_bytes=100)
        contents.add((tmp_path.parent / f"out{index}").read_bytes())
    assert contents == {b"one", b"two"}


def status_json(config: Path) -> dict:
    result = run_cli("status", "--config", str(config), "--format", "json", "--now", NOW)
    assert result.returncode == 0, result.stderr
    (campaign,) = json.loads(result.stdout)["campaigns"]
    return campaign


def rows_of(campaign: dict) -> dict[tuple[str, str], dict]:
    return {(r["school"], r["period"]): r for r in campaign["rows"]}


def test_a_poll_with_nfd_names_counts_them(tmp_path: Path) -> None:
    """The bug: one decomposed name made every poll of the campaign fail."""
    config = write_setup(tmp_path)
    inbox = tmp_path / "inbox"
    word = make_docx(tmp_path / "w.docx", when="2023-10-20 09:00")
    scan = make_scan(tmp_path / "s.pdf", when="2023-10-20 09:05")
    for source, name in (
        (word, "MN Tân Phong - báo cáo năm 2023.docx"),
        (scan, "MN Tân Phong - báo cáo năm 2023 (scan).pdf"),
    ):
        target = write_nfd(inbox, f"Mầm non/{name}", source.read_bytes())
        stamp = source.stat().st_mtime
        os.utime(target, (stamp, stamp))
    make_docx(inbox / "TH Phù Đổng - bao cao nam 2023.docx", "TH Phù Đổng", when="2023-10-30 10:00")
    result = run_cli("poll", "--config", str(config), "--now", NOW)
    assert result.returncode == 0, result.stderr
    campaign = status_json(config)
    rows = rows_of(campaign)
    tanphong = rows["MN-TANPHONG", "2023-annual"]
    assert tanphong["status"] == "on_time"
    assert sorted(f["name"] for f in tanphong["files"]) == [
        nfc("MN Tân Phong - báo cáo năm 2023 (scan).pdf"),
        nfc("MN Tân Phong - báo cáo năm 2023.docx"),
    ]
    assert all(not f["problems"] for f in tanphong["files"])
    assert rows["TH-PHUDONG", "2023-annual"]["status"] == "incomplete"
    # a second poll sees nothing new: the ids are stable
    again = run_cli("poll", "--config", str(config), "--now", NOW)
    assert again.returncode == 0 and "0 thay đổi" in again.stdout, again.stdout


# --- files that cannot be read ----------------------------------------------------------


def test_a_dangling_link_and_a_pipe_are_listed_as_unreadable(tmp_path: Path) -> None:
    (tmp_path / "ok.pdf").write_bytes(b"%PDF")
    (tmp_path / "TH Phù Đổng.docx").symlink_to(tmp_path / "nowhere.docx")
    os.mkfifo(tmp_path / "pipe.pdf")  # reading it would block the poll forever
    records = {r.id: r for r in FolderSource(tmp_path).changes(None).files}
    assert set(records) == {"ok.pdf", nfc("TH Phù Đổng.docx"), "pipe.pdf"}
    assert records["ok.pdf"].content_hash and "unreadable" not in records["ok.pdf"].extra
    assert records[nfc("TH Phù Đổng.docx")].extra["unreadable"] == "vanished"
    assert records["pipe.pdf"].extra["unreadable"] == "not_a_file"
    assert records["pipe.pdf"].content_hash is None


def outbox_recipients(config: Path) -> list[str]:
    found = []
    for path in sorted((config.parent / "var" / "outbox").glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        found.append(str(message["To"]))
    return found


def test_the_poll_goes_on_past_an_unreadable_file(tmp_path: Path) -> None:
    config = write_setup(tmp_path)
    inbox = tmp_path / "inbox"
    make_docx(inbox / "MN Tân Phong - bao cao nam 2023.docx", when="2023-10-20 09:00")
    make_scan(inbox / "MN Tân Phong - bao cao nam 2023 (scan).pdf", when="2023-10-20 09:05")
    link = inbox / "TH Phù Đổng - bao cao nam 2023.docx"
    link.symlink_to(inbox / "gone.docx")
    stamp = local("2023-10-30 10:00").timestamp()
    os.utime(link, (stamp, stamp), follow_symlinks=False)  # it arrived before `now`
    os.mkfifo(inbox / "scan.pdf")
    result = run_cli("poll", "--config", str(config), "--now", NOW)
    assert result.returncode == 0, result.stderr
    campaign = status_json(config)
    rows = rows_of(campaign)
    assert rows["MN-TANPHONG", "2023-annual"]["status"] == "on_time"
    phudong = rows["TH-PHUDONG", "2023-annual"]
    assert phudong["status"] != "missing"  # it sent something; we could not read it
    (unreadable,) = phudong["files"]
    assert "thử lại" in " ".join(unreadable["problems"])  # "tried again at the next poll"
    assert any(u["name"] == "scan.pdf" for u in campaign["unmatched"])
    # the school is not told its file is broken, nor that nothing arrived
    assert not [to for to in outbox_recipients(config) if "thphudong" in to]


class VanishingSource(FolderSource):
    """The real folder source; one file is deleted after the listing, before it is read."""

    def __init__(self, root: Path, victim: Path) -> None:
        super().__init__(root)
        self.victim = victim

    def changes(self, cursor: str | None) -> Delta:
        delta = super().changes(cursor)
        self.victim.unlink()
        return delta


def test_a_file_that_vanishes_before_it_is_read_fails_only_itself(tmp_path: Path) -> None:
    config = write_setup(tmp_path)
    inbox = tmp_path / "inbox"
    make_docx(inbox / "MN Tân Phong - bao cao nam 2023.docx", when="2023-10-20 09:00")
    victim = make_docx(
        inbox / "TH Phù Đổng - bao cao nam 2023.docx", "TH Phù Đổng", when="2023-10-30 10:00"
    )
    kept = victim.read_bytes()
    settings = load(config)
    campaign = settings.campaigns[0]
    store = Store.open(settings.state_dir)
    try:
        outcome = poll_campaign(
            settings, store, campaign, VanishingSource(inbox, victim), local(NOW)
        )
        assert outcome.ok, outcome.error
        files = {i.record.name: i for i in current_rows(settings, store, campaign, local(NOW))[1]}
        assert files["MN Tân Phong - bao cao nam 2023.docx"].verdict.usable  # type: ignore[union-attr]
        gone = files[nfc("TH Phù Đổng - bao cao nam 2023.docx")]
        assert gone.verdict is not None and not gone.verdict.usable
        assert [f.code for f in gone.verdict.findings] == ["file.unreadable.vanished"]
        # it comes back (the copy finished): the next poll reads and checks it
        victim.write_bytes(kept)
        os.utime(victim, (local("2023-10-30 10:00").timestamp(),) * 2)
        again = poll_campaign(settings, store, campaign, FolderSource(inbox), local(NOW))
        assert again.ok
        items = current_rows(settings, store, campaign, local(NOW))[1]
        back = {i.record.name: i for i in items}[nfc("TH Phù Đổng - bao cao nam 2023.docx")]
        assert back.record.content_hash and back.verdict is not None and back.verdict.usable
    finally:
        store.close()


# --- permission denied (the kernel refuses; see the module docstring) ------------------

_PR_CAPBSET_DROP, _CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 24, 1, 2


def _without_override() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "cannot drop a capability")


def run_unprivileged(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI as a process that permissions bind (root without its override powers)."""
    return subprocess.run(
        [sys.executable, "-m", "watcher", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=_without_override if os.geteuid() == 0 else None,
    )


@pytest.fixture
def denied_works(tmp_path: Path) -> None:
    probe = tmp_path / "probe"
    probe.write_bytes(b"x")
    probe.chmod(0)
    try:
        result = run_unprivileged("version")
        if result.returncode != 0:
            pytest.skip(f"cannot run the CLI without permission overrides: {result.stderr[-200:]}")
        check = subprocess.run(
            [sys.executable, "-c", f"open({str(probe)!r}).read()"],
            preexec_fn=_without_override if os.geteuid() == 0 else None,
            capture_output=True,
            check=False,
        )
        if check.returncode == 0:
            pytest.skip("this machine lets the process read a chmod-000 file")
    finally:
        probe.chmod(0o644)


def test_permission_denied_on_a_file_and_a_folder(tmp_path: Path, denied_works: None) -> None:
    config = write_setup(tmp_path)
    inbox = tmp_path / "inbox"
    make_docx(inbox / "MN Tân Phong - bao cao nam 2023.docx", when="2023-10-20 09:00")
    make_scan(inbox / "MN Tân Phong - bao cao nam 2023 (scan).pdf", when="2023-10-20 09:05")
    folder = inbox / "THCS Nguyễn Thị Thập"
    make_docx(folder / "bao cao nam 2023.docx", "THCS Nguyễn Thị Thập", when="2023-10-21 09:00")
    make_scan(folder / "bao cao nam 2023 scan.pdf", when="2023-10-21 09:05")
    first = run_unprivileged("poll", "--config", str(config), "--now", NOW)
    assert first.returncode == 0, first.stderr
    assert rows_of(status_json(config))["THCS-NTT", "2023-annual"]["status"] == "on_time"

    locked = make_docx(
        inbox / "TH Phù Đổng - bao cao nam 2023.docx", "TH Phù Đổng", when="2023-10-30 10:00"
    )
    locked.chmod(0)
    folder.chmod(0)
    try:
        second = run_unprivileged("poll", "--config", str(config), "--now", NOW)
        assert second.returncode == 0, second.stderr
        rows = rows_of(status_json(config))
        assert rows["MN-TANPHONG", "2023-annual"]["status"] == "on_time"
        # what was known in the folder that cannot be read now stays as it was
        assert rows["THCS-NTT", "2023-annual"]["status"] == "on_time"
        (file,) = rows["TH-PHUDONG", "2023-annual"]["files"]
        assert "quyền" in " ".join(file["problems"])  # no permission to read it
        assert rows["TH-PHUDONG", "2023-annual"]["status"] != "missing"
    finally:
        locked.chmod(0o644)
        folder.chmod(0o755)
    third = run_unprivileged("poll", "--config", str(config), "--now", NOW)
    assert third.returncode == 0, third.stderr
    (file,) = rows_of(status_json(config))["TH-PHUDONG", "2023-annual"]["files"]
    assert not file["problems"]  # read and checked once it could be
