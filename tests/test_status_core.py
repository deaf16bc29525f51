"""Status meanings from the JSON contract, computed by the pure status stage."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from tests.helpers import local
from watcher.config import deadline_of
from watcher.model import (
    Excuse,
    FileRecord,
    Finding,
    Period,
    Placement,
    Role,
    School,
    Severity,
    SourceFile,
    Status,
    Verdict,
    Version,
)
from watcher.status import Rules, compute_rows

SCHOOL = School("MN1", "Tân Phong", "MN")
PERIOD = Period(
    "2023-annual",
    "Báo cáo năm 2023",
    deadline_of(local("2023-11-01 00:00").date(), None, local("2023-01-01 00:00").tzinfo),
)  # type: ignore[arg-type]
RULES = Rules("q7", [SCHOOL], [PERIOD], [Role.WORD, Role.SCAN])
OK = Verdict(Role.WORD)
BROKEN = Verdict(Role.WORD, (Finding("docx.corrupt", Severity.PROBLEM, "Tệp hỏng.", "Damaged."),))


def item(
    name: str, role: Role, when: str, verdict: Verdict = OK, versions: tuple[Version, ...] = ()
) -> SourceFile:
    record = FileRecord(name, name, (), "x", 1, name + when, None, local(when))
    return SourceFile(record, verdict, Placement(name, "MN1", "2023-annual"), role, versions)


def status_of(files: list[SourceFile], now: datetime, rules: Rules = RULES) -> tuple[Status, bool]:
    (row,) = compute_rows(rules, files, now)
    return row.status, row.overdue


def test_the_deadline_is_the_last_second_before_the_named_day() -> None:
    assert PERIOD.deadline.isoformat() == "2023-10-31T23:59:59+07:00"


def test_nothing_yet_is_pending_then_missing() -> None:
    assert status_of([], local("2023-10-31 23:59:59")) == (Status.PENDING, False)
    assert status_of([], local("2023-11-01 00:00:00")) == (Status.MISSING, True)


def test_complete_set_is_on_time_or_late_by_when_it_became_complete() -> None:
    on_time = [
        item("a.docx", Role.WORD, "2023-10-20 08:00"),
        item("a.pdf", Role.SCAN, "2023-10-31 23:59:59"),
    ]
    assert status_of(on_time, local("2024-01-01 00:00")) == (Status.ON_TIME, False)
    late = [
        item("a.docx", Role.WORD, "2023-10-20 08:00"),
        item("a.pdf", Role.SCAN, "2023-11-01 00:00:00"),
    ]
    (row,) = compute_rows(RULES, late, local("2024-01-01 00:00"))
    assert (row.status, row.days_late, row.completed_at) == (
        Status.LATE,
        1,
        local("2023-11-01 00:00"),
    )


def test_one_role_missing_is_incomplete_and_overdue_after_the_deadline() -> None:
    files = [item("a.docx", Role.WORD, "2023-10-20 08:00")]
    assert status_of(files, local("2023-10-25 00:00")) == (Status.INCOMPLETE, False)
    assert status_of(files, local("2023-11-02 00:00")) == (Status.INCOMPLETE, True)
    (row,) = compute_rows(RULES, files, local("2023-11-02 00:00"))
    assert row.problems == ("Chưa có bản scan có chữ ký.",)


def test_only_unusable_files_for_a_role_is_malformed_with_the_reason() -> None:
    files = [
        item("a.docx", Role.WORD, "2023-10-20 08:00", BROKEN),
        item("a.pdf", Role.SCAN, "2023-10-20 08:00"),
    ]
    (row,) = compute_rows(RULES, files, local("2023-10-25 00:00"), language="en")
    assert row.status is Status.MALFORMED
    assert row.problems == ("File «a.docx»: Damaged.",)


def test_a_newer_broken_version_does_not_undo_an_earlier_usable_one() -> None:
    history = (
        Version("v1", local("2023-10-20 08:00"), OK),
        Version("v2", local("2023-11-05 08:00"), BROKEN),
    )
    word = item("a.docx", Role.WORD, "2023-11-05 08:00", BROKEN, history)
    files = [word, item("a.pdf", Role.SCAN, "2023-10-21 08:00")]
    (row,) = compute_rows(RULES, files, local("2023-12-01 00:00"))
    assert row.status is Status.ON_TIME
    assert row.completed_at == local("2023-10-21 08:00")
    assert row.problems and "a.docx" in row.problems[0]  # the broken upload is still reported


def test_files_uploaded_after_now_are_ignored() -> None:
    files = [
        item("a.docx", Role.WORD, "2023-10-20 08:00"),
        item("a.pdf", Role.SCAN, "2023-10-30 08:00"),
    ]
    assert status_of(files, local("2023-10-25 00:00")) == (Status.INCOMPLETE, False)


def test_excused_school_is_excused_not_missing() -> None:
    rules = Rules(
        "q7",
        [SCHOOL],
        [PERIOD],
        [Role.WORD, Role.SCAN],
        excuses=[Excuse("MN1", "2023-annual", "xây mới")],
    )
    (row,) = compute_rows(rules, [], local("2024-01-01 00:00"))
    assert (row.status, row.overdue, row.note) == (Status.EXCUSED, False, "xây mới")


def test_several_scanned_pages_count_as_the_scan() -> None:
    files = [
        item("a.docx", Role.WORD, "2023-10-20 08:00"),
        item("trang 1.jpg", Role.SCAN, "2023-10-20 09:00"),
        item("trang 2.jpg", Role.SCAN, "2023-10-20 09:01"),
    ]
    assert status_of(files, local("2023-12-01 00:00")) == (Status.ON_TIME, False)


def test_a_file_deleted_and_uploaded_anew_keeps_the_submission_on_time() -> None:
    """Clerks replace a file by deleting it and uploading another (a new id)."""
    old_word = replace(
        item("a.docx", Role.WORD, "2023-10-20 08:00"), removed_at=local("2023-11-10 08:00")
    )
    new_word = item("a (sửa).docx", Role.WORD, "2023-11-10 08:01")
    scan = item("a.pdf", Role.SCAN, "2023-10-21 08:00")
    (row,) = compute_rows(RULES, [old_word, new_word, scan], local("2023-12-01 00:00"))
    assert (row.status, row.completed_at) == (Status.ON_TIME, local("2023-10-21 08:00"))
    assert {f.record.name for f in row.files} == {
        "a (sửa).docx",
        "a.pdf",
    }  # the deleted one is gone


def test_a_file_deleted_without_a_replacement_stops_counting() -> None:
    old_word = replace(
        item("a.docx", Role.WORD, "2023-10-20 08:00"), removed_at=local("2023-11-10 08:00")
    )
    scan = item("a.pdf", Role.SCAN, "2023-10-21 08:00")
    files = [old_word, scan]
    assert status_of(files, local("2023-12-01 00:00")) == (Status.INCOMPLETE, True)
    assert status_of(files, local("2023-11-05 00:00")) == (Status.ON_TIME, False)  # before it went
