"""The poll path's own decisions: which slot a file fills."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from tests.helpers import local, make_docx, make_scan, write_setup
from watcher.config import load
from watcher.cycle import run_cycle
from watcher.model import FileRecord, Finding, Placement, Role, Row, Severity, Status, Verdict
from watcher.pipeline import current_rows, slot_role
from watcher.store import Store

EMPTY = Verdict(
    Role.EXTRA, (Finding("file.empty", Severity.PROBLEM, "rỗng", "empty"),), detected="empty"
)


def record(name: str, mime: str = "application/octet-stream") -> FileRecord:
    return FileRecord(name, name, (), mime, 0, "h", None, None)


def test_an_unusable_file_fills_the_slot_its_name_declares(tmp_path: Path) -> None:
    campaign = load(write_setup(tmp_path)).campaigns[0]
    placement = Placement("x", "MN-TANPHONG", "2023-annual")
    assert slot_role(campaign, EMPTY, placement, record("scan.pdf")) is Role.SCAN
    assert slot_role(campaign, EMPTY, placement, record("bao cao.docx")) is Role.WORD
    assert slot_role(campaign, EMPTY, placement, record("bang tinh.xlsx")) is Role.EXTRA
    # a usable file fills the slot of what it really is, whatever its name says
    assert (
        slot_role(campaign, Verdict(Role.SCAN, detected="pdf"), placement, record("bao cao.docx"))
        is Role.SCAN
    )


def test_a_role_outside_the_campaign_requirements_is_extra(tmp_path: Path) -> None:
    config = (tmp_path / "c").mkdir() or write_setup(tmp_path / "c")
    text = config.read_text(encoding="utf-8").replace(
        'require = ["word", "scan"]', 'require = ["word"]'
    )
    config.write_text(text, encoding="utf-8")
    campaign = load(config).campaigns[0]
    placement = Placement("x", "MN-TANPHONG", "2023-annual")
    assert (
        slot_role(campaign, Verdict(Role.SCAN, detected="pdf"), placement, record("a.pdf"))
        is Role.EXTRA
    )


def test_an_override_forces_the_role_of_the_file_it_pins_by_name(tmp_path: Path) -> None:
    """The role is pinned by the same comparison the matcher uses: NFC, any case."""
    config = write_setup(tmp_path)
    with config.open("a", encoding="utf-8") as handle:
        handle.write(
            '\n[[override]]\nfile = "bao cao SƠ KẾT.pdf"\nschool = "MN-TANPHONG"\n'
            'period = "2023-annual"\nrole = "word"\n'
        )
    campaign = load(config).campaigns[0]
    placement = Placement("x", "MN-TANPHONG", "2023-annual", overridden=True)
    scan = Verdict(Role.SCAN, detected="pdf")
    decomposed = unicodedata.normalize("NFD", "Bao cao sơ kết.pdf")
    assert slot_role(campaign, scan, placement, record(decomposed)) is Role.WORD
    assert slot_role(campaign, scan, placement, record("bao cao sơ kết.pdf")) is Role.WORD
    assert slot_role(campaign, scan, placement, record("bao cao so ket.pdf")) is Role.SCAN


def test_a_folder_that_suddenly_lists_nothing_keeps_the_previous_view(tmp_path: Path) -> None:
    """An unmounted share leaves an empty folder: schools that submitted must not turn missing."""
    settings = load(write_setup(tmp_path))
    inbox = tmp_path / "inbox"
    make_docx(inbox / "TH Phù Đổng báo cáo năm 2023.docx", "TH Phù Đổng", when="2023-10-20 09:00")
    make_scan(inbox / "TH Phù Đổng báo cáo năm 2023.pdf", when="2023-10-20 09:05")
    store = Store.open(settings.state_dir)
    try:
        assert run_cycle(settings, store, local("2023-10-25 08:00"), send=False).ok
        before = store.statuses("q7")
        queued = len(store.mail())

        inbox.rename(tmp_path / "unmounted")
        inbox.mkdir()  # the mount point stays behind, empty
        report = run_cycle(settings, store, local("2023-11-04 08:00"), send=False)
        assert not report.ok
        assert "không có tệp nào" in report.polls[0].error and "no files" in report.polls[0].detail
        assert store.statuses("q7") == before
        assert len(store.mail()) == queued  # no overdue reminder, no digest of a false view

        inbox.rmdir()
        (tmp_path / "unmounted").rename(inbox)
        assert run_cycle(settings, store, local("2023-11-04 08:05"), send=False).ok
        assert store.statuses("q7")[("TH-PHUDONG", "2023-annual")] is Status.ON_TIME
        assert not [
            m for m in store.mail() if ":TH-PHUDONG:" in m["key"] and "reminder" in m["key"]
        ]
    finally:
        store.close()


def poll_and_row(config: Path, school: str, when: str) -> Row:
    """One cycle in process, then the (school, first period) row."""
    settings = load(config)
    store = Store.open(settings.state_dir)
    try:
        assert run_cycle(settings, store, local(when), send=False).ok
        rows, _ = current_rows(settings, store, settings.campaigns[0], local(when))
    finally:
        store.close()
    return next(r for r in rows if r.school.code == school and r.period.id == "2023-annual")


def test_a_file_renamed_to_its_real_type_is_checked_again(tmp_path: Path) -> None:
    # A Word file uploaded as ".pdf" can't be used; the clerk renames it to ".docx". Same bytes,
    # so the verdict of the old name must not stick: that would keep telling the school no.
    config = write_setup(tmp_path)
    inbox = tmp_path / "inbox"
    make_scan(inbox / "MN Tân Phong - bao cao nam 2023 scan.pdf", when="2023-10-20 09:05")
    wrong = make_docx(inbox / "MN Tân Phong - bao cao nam 2023.pdf", when="2023-10-20 09:00")
    row = poll_and_row(config, "MN-TANPHONG", "2023-10-25 08:00")
    assert row.status is Status.MALFORMED  # a broken ".pdf" is a broken scan
    (misnamed,) = [f for f in row.files if f.verdict and not f.verdict.usable]
    assert [f.code for f in misnamed.verdict.findings] == ["file.misnamed"]

    wrong.rename(wrong.with_suffix(".docx"))
    row = poll_and_row(config, "MN-TANPHONG", "2023-10-26 08:00")
    assert row.status is Status.ON_TIME
    assert all(f.verdict is not None and f.verdict.usable for f in row.files)
