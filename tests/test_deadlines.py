"""Deadlines at the second: "before 1 November" in the campaign's own time zone, grace,
extensions, excuses, `opens`, and arrival judged by upload time (earlier versions included)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import CONFIG, make_docx, make_scan, run_cli, write_setup
from watcher.config import ConfigErrors, deadline_of, load
from watcher.model import (
    Extension,
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
from watcher.status import Rules, compute_rows, effective_deadline, in_time, past

VN = ZoneInfo("Asia/Ho_Chi_Minh")
BERLIN = ZoneInfo("Europe/Berlin")
SCHOOL = School("MN-A", "A", "MN")
OK_WORD = Verdict(Role.WORD, detected="docx")
OK_SCAN = Verdict(Role.SCAN, detected="pdf")
BROKEN = Verdict(
    Role.WORD,
    (Finding("docx.corrupt", Severity.PROBLEM, "Tệp hỏng.", "Damaged."),),
    detected="unknown",
)


def at(text: str, zone: ZoneInfo = VN) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def period(zone: ZoneInfo = VN, **changes: object) -> Period:
    fields: dict[str, object] = {
        "id": "2023-annual",
        "label": "Báo cáo năm 2023",
        "deadline": deadline_of(datetime(2023, 11, 1).date(), None, zone),
    }
    fields.update(changes)
    return Period(**fields)  # type: ignore[arg-type]


def upload(
    name: str, role: Role, *versions: tuple[str, Verdict], zone: ZoneInfo = VN
) -> SourceFile:
    """A placed file whose content changed at the given local times (oldest first)."""
    history = tuple(
        Version(f"h{i}-{name}", at(when, zone), v) for i, (when, v) in enumerate(versions)
    )
    last = history[-1]
    record = FileRecord(
        id=name,
        name=name,
        folders=(),
        mime_type="application/octet-stream",
        size=1,
        content_hash=last.content_hash,
        created_at=None,
        modified_at=last.uploaded_at,
    )
    placement = Placement(name, SCHOOL.code, "2023-annual")
    return SourceFile(record, last.verdict, placement, role, history)


def status_of(
    files: list[SourceFile],
    now: datetime,
    the_period: Period | None = None,
    extensions: tuple[Extension, ...] = (),
) -> Status:
    rules = Rules("c", [SCHOOL], [the_period or period()], [Role.WORD, Role.SCAN], extensions)
    (row,) = compute_rows(rules, files, now)
    return row.status


def complete_at(when: str, zone: ZoneInfo = VN) -> list[SourceFile]:
    return [
        upload("bc.docx", Role.WORD, (when, OK_WORD), zone=zone),
        upload("scan.pdf", Role.SCAN, (when, OK_SCAN), zone=zone),
    ]


AFTER = at("2023-11-20 08:00")


# --- the boundary -------------------------------------------------------------------------


def test_before_1_november_means_31_october_23_59_59_local() -> None:
    deadline = deadline_of(datetime(2023, 11, 1).date(), None, VN)
    assert deadline == at("2023-10-31 23:59:59")
    assert deadline.utcoffset() == timedelta(hours=7)


def test_arrival_at_23_59_59_is_on_time_and_at_midnight_late() -> None:
    assert status_of(complete_at("2023-10-31 23:59:59"), AFTER) is Status.ON_TIME
    assert status_of(complete_at("2023-10-31 23:59:59.999"), AFTER) is Status.ON_TIME
    assert status_of(complete_at("2023-11-01 00:00:00"), AFTER) is Status.LATE


def test_late_counts_days_from_the_deadline() -> None:
    rules = Rules("c", [SCHOOL], [period()], [Role.WORD, Role.SCAN])
    (row,) = compute_rows(rules, complete_at("2023-11-01 00:00:00"), AFTER)
    assert row.days_late == 1
    (row,) = compute_rows(rules, complete_at("2023-11-03 09:00:00"), AFTER)
    assert row.days_late == 3


def test_missing_begins_at_the_first_second_after_the_deadline() -> None:
    assert status_of([], at("2023-10-31 23:59:59.999")) is Status.PENDING
    assert status_of([], at("2023-11-01 00:00:00")) is Status.MISSING
    assert not past(at("2023-10-31 23:59:59.5"), at("2023-10-31 23:59:59"))
    assert in_time(at("2023-10-31 23:59:59.5"), at("2023-10-31 23:59:59"))


def test_the_same_boundary_in_another_time_zone() -> None:
    berlin = period(BERLIN)
    assert berlin.deadline == at("2023-10-31 23:59:59", BERLIN)
    on_time = complete_at("2023-10-31 23:59:59", BERLIN)
    late = complete_at("2023-11-01 00:00:00", BERLIN)
    assert status_of(on_time, AFTER, berlin) is Status.ON_TIME
    assert status_of(late, AFTER, berlin) is Status.LATE
    # 23:59:59 in Berlin is already 1 November in Vietnam: the same file is late there.
    assert status_of(on_time, AFTER) is Status.LATE


def test_grace_moves_the_boundary_to_the_second() -> None:
    graced = period(grace=timedelta(hours=2))
    assert status_of(complete_at("2023-11-01 01:59:59"), AFTER, graced) is Status.ON_TIME
    assert status_of(complete_at("2023-11-01 02:00:00"), AFTER, graced) is Status.LATE
    assert status_of([], at("2023-11-01 01:59:59"), graced) is Status.PENDING
    assert status_of([], at("2023-11-01 02:00:00"), graced) is Status.MISSING


def test_an_extension_moves_one_schools_deadline() -> None:
    until = deadline_of(datetime(2023, 11, 8).date(), None, VN)
    extension = (Extension(SCHOOL.code, "2023-annual", until, "sửa phòng máy"),)
    files = complete_at("2023-11-07 23:59:59")
    assert status_of(files, AFTER) is Status.LATE
    assert status_of(files, AFTER, extensions=extension) is Status.ON_TIME
    assert status_of(complete_at("2023-11-08 00:00:00"), AFTER, extensions=extension) is (
        Status.LATE
    )
    assert status_of([], at("2023-11-05 00:00"), extensions=extension) is Status.PENDING
    rules = Rules("c", [SCHOOL], [period()], [Role.WORD], extension)
    (row,) = compute_rows(rules, [], AFTER)
    assert row.note == "sửa phòng máy" and row.deadline == until


def test_grace_applies_on_top_of_an_extension_and_an_extension_never_shortens() -> None:
    graced = period(grace=timedelta(hours=1))
    later = Extension(SCHOOL.code, "2023-annual", at("2023-11-03 17:00"))
    earlier = Extension(SCHOOL.code, "2023-annual", at("2023-10-20 17:00"))
    assert effective_deadline(graced, later) == at("2023-11-03 18:00")
    assert effective_deadline(graced, earlier) == at("2023-11-01 00:59:59")


# --- arrival and replacement ----------------------------------------------------------------


def test_a_complete_set_before_the_deadline_stays_on_time_when_replaced_later() -> None:
    word = upload(
        "bc.docx",
        Role.WORD,
        ("2023-10-30 10:00", OK_WORD),
        ("2023-11-05 10:00", OK_WORD),
    )
    scan = upload("scan.pdf", Role.SCAN, ("2023-10-30 10:05", OK_SCAN))
    assert status_of([word, scan], AFTER) is Status.ON_TIME


def test_a_newer_broken_file_does_not_undo_an_earlier_usable_one_but_is_reported() -> None:
    word = upload(
        "bc.docx",
        Role.WORD,
        ("2023-10-30 10:00", OK_WORD),
        ("2023-11-05 10:00", BROKEN),
    )
    scan = upload("scan.pdf", Role.SCAN, ("2023-10-30 10:05", OK_SCAN))
    rules = Rules("c", [SCHOOL], [period()], [Role.WORD, Role.SCAN])
    (row,) = compute_rows(rules, [word, scan], AFTER)
    assert row.status is Status.ON_TIME
    assert any("hỏng" in problem for problem in row.problems)


def test_a_newer_usable_file_supersedes_a_broken_one_and_its_time_counts() -> None:
    word = upload(
        "bc.docx",
        Role.WORD,
        ("2023-10-30 10:00", BROKEN),
        ("2023-11-02 10:00", OK_WORD),
    )
    scan = upload("scan.pdf", Role.SCAN, ("2023-10-30 10:05", OK_SCAN))
    assert status_of([word, scan], at("2023-11-01 09:00")) is Status.MALFORMED
    rules = Rules("c", [SCHOOL], [period()], [Role.WORD, Role.SCAN])
    (row,) = compute_rows(rules, [word, scan], AFTER)
    assert row.status is Status.LATE
    assert row.completed_at == at("2023-11-02 10:00") and row.problems == ()


def test_as_of_a_moment_a_replaced_file_counts_with_the_version_it_had_then() -> None:
    word = upload(
        "bc.docx",
        Role.WORD,
        ("2023-10-30 10:00", OK_WORD),
        ("2023-11-05 10:00", BROKEN),
    )
    scan = upload("scan.pdf", Role.SCAN, ("2023-10-30 10:05", OK_SCAN))
    rules = Rules("c", [SCHOOL], [period()], [Role.WORD, Role.SCAN])
    (row,) = compute_rows(rules, [word, scan], at("2023-10-31 12:00"))
    assert row.status is Status.ON_TIME and row.problems == ()
    (word_then,) = [f for f in row.files if f.role is Role.WORD]
    assert word_then.record.uploaded_at == at("2023-10-30 10:00")
    assert status_of([word, scan], at("2023-10-30 10:01")) is Status.INCOMPLETE
    assert status_of([word, scan], at("2023-10-30 09:00")) is Status.PENDING


def test_files_uploaded_before_the_period_opens_do_not_count() -> None:
    opened = period(opens=at("2023-09-01 00:00"))
    old = complete_at("2022-10-15 10:00")
    rules = Rules("c", [SCHOOL], [opened], [Role.WORD, Role.SCAN])
    (row,) = compute_rows(rules, old, AFTER)
    assert row.status is Status.MISSING
    assert len(row.files) == 2 and any("01/09/2023" in p for p in row.problems)
    (row,) = compute_rows(rules, complete_at("2023-09-01 00:00"), AFTER)
    assert row.status is Status.ON_TIME


# --- from the admin's config ----------------------------------------------------------------


def _config(tmp_path: Path, period_lines: str, extra: str = "", timezone: str = "") -> Path:
    text = CONFIG.split("[[campaign.period]]")[0]
    if timezone:
        text = text.replace(
            'source = { type = "folder"', f'timezone = "{timezone}"\nsource = {{ type = "folder"'
        )
    return write_setup(tmp_path, text + "[[campaign.period]]\n" + period_lines + extra)


def test_config_due_at_grace_and_campaign_time_zone(tmp_path: Path) -> None:
    path = _config(
        tmp_path,
        'id = "p"\nlabel = "P"\ndue_at = "2024-05-31T17:00"\ngrace = "2h"\nopens = "2024-01-01"\n',
        timezone="Europe/Berlin",
    )
    (campaign,) = load(path).campaigns
    (the_period,) = campaign.periods
    assert campaign.timezone == BERLIN
    assert the_period.deadline == at("2024-05-31 17:00", BERLIN)
    assert the_period.deadline.utcoffset() == timedelta(hours=2)  # summer time
    assert the_period.grace == timedelta(hours=2)
    assert the_period.opens == at("2024-01-01 00:00", BERLIN)


def test_config_extension_and_excuse_in_the_campaign_time_zone(tmp_path: Path) -> None:
    extra = (
        '\n[[extension]]\nschool = "MN-TANPHONG"\nperiod = "p"\nuntil = "2023-11-08"\n'
        'reason = "mất điện"\n\n[[excuse]]\nschool = "THCS-NTT"\nperiod = "p"\n'
        'reason = "xây mới"\n'
    )
    path = _config(tmp_path, 'id = "p"\nlabel = "P"\ndue_before = "2023-11-01"\n', extra)
    (campaign,) = load(path).campaigns
    (extension,) = campaign.extensions
    assert extension.until == at("2023-11-07 23:59:59") and extension.reason == "mất điện"
    assert campaign.excuses[0].school == "THCS-NTT"


@pytest.mark.parametrize(
    ("lines", "key"),
    [
        ('id = "p"\nlabel = "P"\ndue_before = "2023-11-01"\nopens = "2023-12-01"\n', "opens"),
        ('id = "p"\nlabel = "P"\ndue_before = "2023-11-01"\ngrace = "soon"\n', "grace"),
        ('id = "p"\nlabel = "P"\n', "period[0]"),
    ],
)
def test_config_refuses_impossible_dates(tmp_path: Path, lines: str, key: str) -> None:
    with pytest.raises(ConfigErrors) as failure:
        load(_config(tmp_path, lines))
    assert any(key in problem.key for problem in failure.value.problems)


def test_config_refuses_an_extension_that_ends_before_the_deadline(tmp_path: Path) -> None:
    extra = '\n[[extension]]\nschool = "MN-TANPHONG"\nperiod = "p"\nuntil = "2023-10-15"\n'
    path = _config(tmp_path, 'id = "p"\nlabel = "P"\ndue_before = "2023-11-01"\n', extra)
    with pytest.raises(ConfigErrors) as failure:
        load(path)
    (problem,) = failure.value.problems
    assert problem.key == "extension[0].until" and problem.line


# --- end to end: real files with real modification times ------------------------------------


def test_poll_judges_real_files_by_their_own_times(tmp_path: Path) -> None:
    config = write_setup(tmp_path)
    inbox = tmp_path / "inbox"
    make_docx(
        inbox / "MN Tân Phong - Báo cáo năm 2023.docx", "MN Tân Phong", when="2023-10-31 23:59:59"
    )
    make_scan(inbox / "MN Tân Phong - bao cao nam 2023 scan.pdf", when="2023-10-31 22:00:00")
    make_docx(
        inbox / "TH Phù Đổng - Báo cáo năm 2023.docx", "TH Phù Đổng", when="2023-11-01 00:00:00"
    )
    make_scan(inbox / "TH Phù Đổng - bao cao nam 2023 scan.pdf", when="2023-10-30 08:00:00")
    result = run_cli("poll", "--config", str(config), "--no-send", "--now", "2023-11-02 08:00")
    assert result.returncode == 0, result.stderr
    shown = run_cli("status", "--config", str(config), "-f", "json", "--now", "2023-11-02 08:00")
    rows = {
        (r["school"], r["period"]): r["status"]
        for r in json.loads(shown.stdout)["campaigns"][0]["rows"]
    }
    assert rows[("MN-TANPHONG", "2023-annual")] == "on_time"
    assert rows[("TH-PHUDONG", "2023-annual")] == "late"
    assert rows[("THCS-NTT", "2023-annual")] == "missing"
    assert rows[("THCS-NTT", "2024-interim")] == "pending"
