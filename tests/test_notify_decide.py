"""Who gets which e-mail and when: the pure decisions, driven with an explicit `now`."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from tests.helpers import VN, local
from watcher.config.schema import RemindersConfig
from watcher.model import (
    FileRecord,
    Finding,
    Period,
    Placement,
    Role,
    Row,
    School,
    Severity,
    SourceFile,
    Status,
    Verdict,
)
from watcher.notify.decide import (
    digest_slot,
    next_window,
    plan_school_mail,
    reminder_stage,
    settled_prefixes,
    unreachable,
    unresolved_schools,
)

DEADLINE = local("2023-10-31 23:59:59")  # "before 1 November 2023"
PERIOD = Period("2023-annual", "Báo cáo năm 2023", DEADLINE)
SCHOOL = School("MN-TANPHONG", "Tân Phong", "MN", emails=("mntanphong@example.edu.vn",))
ALWAYS = RemindersConfig.model_validate({"send_days": [1, 2, 3, 4, 5, 6, 7], "send_hours": [0, 24]})


def row(status: Status, **changes: object) -> Row:
    base = Row(
        campaign="q7",
        school=SCHOOL,
        period=PERIOD,
        status=status,
        overdue=False,
        completed_at=None,
        deadline=DEADLINE,
        files=(),
        problems=("Chưa có tệp Word.",),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def bad_file(content_hash: str = "abc123", uploaded: str = "2023-10-20 09:00") -> SourceFile:
    record = FileRecord(
        id="f1",
        name="BC nam 2023 - MN Tân Phong.docx",
        folders=(),
        mime_type="application/octet-stream",
        size=10,
        content_hash=content_hash,
        created_at=local(uploaded),
        modified_at=local(uploaded),
    )
    verdict = Verdict(
        Role.WORD,
        (Finding("docx.corrupt", Severity.PROBLEM, "Tệp Word bị hỏng.", "Damaged Word file."),),
    )
    return SourceFile(record, verdict, Placement("f1", SCHOOL.code, PERIOD.id), Role.WORD)


def keys(
    rows: list[Row], now: datetime, history: set[str] | None = None, **rules: object
) -> list[str]:
    config = ALWAYS.model_copy(update=rules)
    return [p.key for p in plan_school_mail(rows, history or set(), config, VN, now)]


# --- reminder stages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "stage"),
    [
        ("2023-10-23 23:59", None),  # more than 7 calendar days before: nothing yet
        ("2023-10-24 00:00", "before-7d"),
        ("2023-10-27 23:59", "before-7d"),
        ("2023-10-28 00:00", "before-3d"),
        ("2023-10-30 00:00", "before-1d"),
        ("2023-10-31 23:59", "before-1d"),
        ("2023-11-02 12:00", None),  # overdue, but the first after-stage is 3 days on
        ("2023-11-04 00:00", "after-1"),
        ("2023-11-07 00:00", "after-2"),
        ("2023-11-10 00:00", "after-3"),
        ("2023-11-13 00:00", None),  # after_max = 3 reached
    ],
)
def test_reminder_stage_follows_the_deadline(now: str, stage: str | None) -> None:
    status = Status.PENDING if local(now) <= DEADLINE else Status.MISSING
    assert reminder_stage(row(status), ALWAYS, local(now), VN) == stage


@pytest.mark.parametrize("status", [Status.ON_TIME, Status.LATE, Status.EXCUSED])
def test_no_reminder_for_complete_or_excused_rows(status: Status) -> None:
    assert reminder_stage(row(status), ALWAYS, local("2023-10-30 10:00"), VN) is None
    assert not [k for k in keys([row(status)], local("2023-10-30 10:00")) if "reminder" in k]


@pytest.mark.parametrize("status", [Status.PENDING, Status.INCOMPLETE, Status.MALFORMED])
def test_incomplete_rows_are_reminded_once_per_stage(status: Status) -> None:
    now = local("2023-10-29 10:00")
    first = keys([row(status)], now)
    assert first == ["reminder:q7:2023-annual:MN-TANPHONG:before-3d"]
    assert keys([row(status)], now + timedelta(hours=1), set(first)) == []


def test_stale_stages_are_skipped_not_sent_in_a_burst() -> None:
    """The daemon was down from 7 days before until 1 day before: only the 1-day reminder."""
    assert keys([row(Status.PENDING)], local("2023-10-31 08:00")) == [
        "reminder:q7:2023-annual:MN-TANPHONG:before-1d"
    ]


def test_opted_out_school_gets_no_reminder() -> None:
    opted = row(Status.PENDING, school=replace(SCHOOL, opt_out=True))
    assert keys([opted], local("2023-10-30 10:00")) == []


def test_school_without_email_gets_nothing_and_is_listed() -> None:
    silent = row(Status.PENDING, school=replace(SCHOOL, emails=()))
    assert keys([silent], local("2023-10-30 10:00")) == []
    assert unreachable([silent, silent]) == [silent]


def test_reminders_can_be_switched_off() -> None:
    assert keys([row(Status.PENDING)], local("2023-10-30 10:00"), enabled=False) == []


def test_extension_moves_the_reminders() -> None:
    extended = row(Status.PENDING, deadline=local("2023-11-07 23:59:59"))
    assert keys([extended], local("2023-10-30 10:00")) == []  # 8 days before the new deadline
    assert keys([extended], local("2023-11-06 10:00")) == [
        "reminder:q7:2023-annual:MN-TANPHONG:before-1d"
    ]


# --- receipts and problem notices --------------------------------------------------------


def test_receipt_once_when_complete() -> None:
    done = row(Status.ON_TIME, completed_at=local("2023-10-30 09:00"), problems=())
    now = local("2023-10-30 10:00")
    first = keys([done], now)
    assert first == ["receipt:q7:2023-annual:MN-TANPHONG:complete"]
    assert keys([done], now, set(first)) == []


def test_no_receipt_for_an_old_completion() -> None:
    """A first run over an old folder must not e-mail every school about 2023."""
    done = row(Status.ON_TIME, completed_at=local("2023-10-30 09:00"), problems=())
    assert keys([done], local("2024-05-29 10:00")) == []


def test_problem_notice_once_per_content() -> None:
    broken = row(Status.MALFORMED, files=(bad_file(),))
    now = local("2023-10-21 10:00")
    first = keys([broken], now, before_days=[])
    assert first == ["problem:q7:2023-annual:MN-TANPHONG:file-abc123"]
    assert keys([broken], now, set(first), before_days=[]) == []
    fixed_again_badly = row(Status.MALFORMED, files=(bad_file("def456"),))
    assert keys([fixed_again_badly], now, set(first), before_days=[]) == [
        "problem:q7:2023-annual:MN-TANPHONG:file-def456"
    ]


def test_no_problem_notice_once_complete_or_for_old_uploads() -> None:
    complete = row(Status.ON_TIME, files=(bad_file(),), completed_at=local("2023-10-01 08:00"))
    assert not [k for k in keys([complete], local("2023-10-21 10:00")) if "problem" in k]
    old = row(Status.MALFORMED, files=(bad_file(uploaded="2023-09-01 08:00"),))
    assert keys([old], local("2023-10-21 10:00"), before_days=[]) == []


def test_settled_rows_cancel_queued_reminders() -> None:
    prefixes = settled_prefixes(
        [
            row(Status.ON_TIME),
            row(Status.PENDING),
            row(Status.EXCUSED, school=replace(SCHOOL, code="X")),
        ]
    )
    assert prefixes == [
        "reminder:q7:2023-annual:MN-TANPHONG:",
        "problem:q7:2023-annual:MN-TANPHONG:",
        "reminder:q7:2023-annual:X:",
        "problem:q7:2023-annual:X:",
    ]


# --- send windows -------------------------------------------------------------------------

WORKDAYS = RemindersConfig.model_validate(
    {"holidays": [date(2023, 10, 30)]}
)  # Mon-Sat, 7-17h; Monday a holiday


@pytest.mark.parametrize(
    ("now", "opens"),
    [
        ("2023-10-27 10:00", "2023-10-27 10:00"),  # Friday, inside the window: at once
        ("2023-10-27 17:30", "2023-10-28 07:00"),  # Friday evening: Saturday 7:00
        ("2023-10-28 06:00", "2023-10-28 07:00"),  # Saturday early morning
        ("2023-10-29 10:00", "2023-10-31 07:00"),  # Sunday; Monday is a holiday
    ],
)
def test_send_window_defers_never_drops(now: str, opens: str) -> None:
    assert next_window(local(now), WORKDAYS, VN) == local(opens)


def test_deferred_mail_keeps_its_decision() -> None:
    plans = plan_school_mail([row(Status.PENDING)], set(), WORKDAYS, VN, local("2023-10-29 10:00"))
    assert [(p.stage, p.not_before) for p in plans] == [("before-3d", local("2023-10-31 07:00"))]


# --- the digest slot ----------------------------------------------------------------------


def test_digest_slot_is_the_latest_cron_time() -> None:
    slot = digest_slot(
        "30 7 * * mon-fri",
        VN,
        local("2023-10-28 10:00"),  # Saturday
        ever_sent=True,
        send_on_first_poll=True,
        first_poll_at=None,
    )
    assert slot == "2023-10-27T07:30+07:00"


# --- uploads whose period is unclear -------------------------------------------------------


def test_a_school_with_an_unplaced_upload_gets_no_reminder() -> None:
    """It may have submitted: "not yet received" could be false, so reminders wait."""
    now = local("2023-10-29 10:00")
    unclear = replace(
        bad_file(uploaded="2023-10-28 09:00"), placement=Placement("f1", SCHOOL.code, None)
    )
    held = unresolved_schools([unclear])
    assert held == {SCHOOL.code}
    pending = row(Status.PENDING)
    config = ALWAYS.model_copy()
    assert [p.kind for p in plan_school_mail([pending], set(), config, VN, now)] == ["reminder"]
    assert plan_school_mail([pending], set(), config, VN, now, held) == []
    placed = bad_file(uploaded="2023-10-28 09:00")
    assert unresolved_schools([placed]) == frozenset()
