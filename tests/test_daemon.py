"""The daemon's steps, driven in-process with explicit times on a real folder and real SQLite."""

from __future__ import annotations

import email
import email.policy
import json
import shutil
from datetime import timedelta
from pathlib import Path

from tests.helpers import CONFIG, local, make_docx, make_scan, run_cli, write_setup
from watcher.config import load
from watcher.daemon import Daemon, deadline_moments, plan
from watcher.model import Status
from watcher.pipeline import current_rows

DAEMON = '\n[daemon]\npoll_every = "1s"\ndeliver_every = "1s"\nhealth_port = 0\n'
ADMINS = 'staff = ["chuyenvien@example.edu.vn"]\nadmins = ["admin@example.edu.vn"]'


def setup(tmp_path: Path, extra: str = "") -> Path:
    text = CONFIG.replace('staff = ["chuyenvien@example.edu.vn"]', ADMINS)
    return write_setup(tmp_path, text.replace("\n[email]", DAEMON + "\n[email]", 1) + extra)


def submit(inbox: Path, school: str, when: str, word: bool = True, scan: bool = True) -> None:
    """A school's Word file and scan for the 2023 annual report, uploaded at `when`."""
    stem = f"{school} - Báo cáo năm 2023"
    if word:
        make_docx(inbox / f"{stem}.docx", school, when=when)
    if scan:
        make_scan(inbox / f"{stem} scan.pdf", when=when)


def statuses(daemon: Daemon, now: str) -> dict[str, Status]:
    (campaign,) = daemon.settings.campaigns
    rows, _ = current_rows(daemon.settings, daemon.store, campaign, local(now))
    return {r.school.code: r.status for r in rows if r.period.id == "2023-annual"}


# --- the plan ------------------------------------------------------------------------------


def test_plan_has_a_date_job_at_the_first_second_after_each_effective_deadline(
    tmp_path: Path,
) -> None:
    extra = (
        '\n[[extension]]\nschool = "MN-TANPHONG"\nperiod = "2023-annual"\nuntil = "2023-11-08"\n'
    )
    config = setup(tmp_path, extra)
    settings = load(config)
    moments = [m for m, _ in deadline_moments(settings, local("2023-10-01 00:00"))]
    assert moments == [
        local("2023-11-01 00:00:00"),
        local("2023-11-08 00:00:00"),
        local("2024-06-01 00:00:00"),
    ]
    later = [m for m, _ in deadline_moments(settings, local("2023-11-03 00:00"))]
    assert later == [local("2023-11-08 00:00:00"), local("2024-06-01 00:00:00")]
    jobs = {job.id: job for job in plan(settings, local("2023-10-01 00:00"))}
    assert {"poll", "deliver", "digest"} <= set(jobs)
    assert jobs["poll"].first_run == local("2023-10-01 00:00")
    fire = jobs["digest"].trigger.get_next_fire_time(None, local("2023-10-27 08:00"))  # a Friday
    assert fire == local("2023-10-30 07:30")  # the next Monday, local time


def test_grace_moves_the_date_job(tmp_path: Path) -> None:
    config = setup(tmp_path)
    text = config.read_text().replace(
        'due_before = "2023-11-01"', 'due_before = "2023-11-01"\ngrace = "2h"'
    )
    config.write_text(text)
    moments = [m for m, _ in deadline_moments(load(config), local("2023-10-01 00:00"))]
    assert moments[0] == local("2023-11-01 02:00:00")


# --- deadlines, downtime ------------------------------------------------------------------------


def test_the_deadline_job_polls_so_missing_appears_at_the_deadline(tmp_path: Path) -> None:
    daemon = Daemon(load(setup(tmp_path)))
    inbox = tmp_path / "inbox"
    submit(inbox, "MN Tân Phong", "2023-10-20 09:00")
    daemon.poll(local("2023-10-31 12:00"))
    submit(inbox, "TH Phù Đổng", "2023-10-31 23:59:50")  # arrives after the last poll
    transitions = daemon.deadline("q7", local("2023-11-01 00:00:00"))
    changed = {(t.school, t.period): (t.before, t.after) for t in transitions}
    assert changed[("TH-PHUDONG", "2023-annual")] == (Status.PENDING, Status.ON_TIME)
    assert changed[("THCS-NTT", "2023-annual")] == (Status.PENDING, Status.MISSING)
    assert ("MN-TANPHONG", "2023-annual") not in changed
    missing = [t for t in transitions if t.after is Status.MISSING]
    assert {t.at for t in missing} == {local("2023-11-01 00:00:00")}
    assert {t.cause for t in missing} == {"deadline passed"}
    daemon.shutdown()


def test_a_failed_poll_at_the_deadline_records_unverified_not_missing(tmp_path: Path) -> None:
    """Issue 13: nothing on record but no read since the deadline is not "missing"."""
    daemon = Daemon(load(setup(tmp_path)))
    daemon.poll(local("2023-10-31 12:00"))
    shutil.rmtree(tmp_path / "inbox")  # the share is unreachable at midnight
    transitions = daemon.deadline("q7", local("2023-11-01 00:00:00"))
    assert {t.after for t in transitions if t.period == "2023-annual"} == {Status.UNVERIFIED}
    assert daemon.store.mail_counts().get("queued", 0) == 0  # a stale view sends nothing
    daemon.shutdown()


def test_three_days_down_across_the_deadline_judges_uploads_by_their_own_times(
    tmp_path: Path,
) -> None:
    """Polled before; stopped; uploads on both sides of the deadline; started 3 days later."""
    config = setup(tmp_path)
    inbox = tmp_path / "inbox"
    submit(inbox, "MN Tân Phong", "2023-10-25 09:00")
    first = run_cli("poll", "--config", str(config), "--no-send", "--now", "2023-10-30 08:00")
    assert first.returncode == 0, first.stderr
    submit(inbox, "TH Phù Đổng", "2023-10-31 23:59:59")  # while down, before the deadline
    submit(inbox, "THCS Phù Đổng", "2023-11-01 00:00:00")  # while down, after it
    submit(inbox, "THCS Nguyễn Thị Thập", "2023-10-31 20:00", scan=False)  # half, before
    after = run_cli("poll", "--config", str(config), "--no-send", "--now", "2023-11-02 08:00")
    assert after.returncode == 0, after.stderr
    shown = run_cli("status", "--config", str(config), "-f", "json", "--now", "2023-11-02 08:00")
    rows = json.loads(shown.stdout)["campaigns"][0]["rows"]
    annual = {r["school"]: r["status"] for r in rows if r["period"] == "2023-annual"}
    assert annual == {
        "MN-TANPHONG": "on_time",
        "TH-PHUDONG": "on_time",
        "THCS-PHUDONG": "late",
        "THCS-NTT": "incomplete",
    }
    late = next(r for r in rows if r["school"] == "THCS-PHUDONG" and r["period"] == "2023-annual")
    assert late["completed_at"] == "2023-11-01T00:00:00+07:00"


def test_downtime_missing_is_exactly_the_schools_with_nothing_before_the_deadline(
    tmp_path: Path,
) -> None:
    daemon = Daemon(load(setup(tmp_path)))
    inbox = tmp_path / "inbox"
    daemon.poll(local("2023-10-28 08:00"))
    submit(inbox, "MN Tân Phong", "2023-10-31 10:00")
    submit(inbox, "TH Phù Đổng", "2023-11-02 10:00")  # arrived after the deadline
    report = daemon.poll(local("2023-11-03 08:00"))
    assert report is not None and report.ok
    (poll,) = report.polls
    became_missing = {t.school for t in poll.transitions if t.after is Status.MISSING}
    assert became_missing == {"THCS-PHUDONG", "THCS-NTT"}
    assert statuses(daemon, "2023-11-03 08:00")["TH-PHUDONG"] is Status.LATE
    daemon.shutdown()


# --- reload --------------------------------------------------------------------------------


def test_a_valid_edit_takes_effect_at_the_next_poll(tmp_path: Path) -> None:
    config = setup(tmp_path)
    daemon = Daemon(load(config))
    daemon.poll(local("2023-11-02 08:00"))
    assert statuses(daemon, "2023-11-02 08:00")["THCS-NTT"] is Status.MISSING
    with config.open("a", encoding="utf-8") as handle:
        handle.write('\n[[excuse]]\nschool = "THCS-NTT"\nperiod = "2023-annual"\nreason = "x"\n')
    daemon.poll(local("2023-11-02 08:05"))
    assert statuses(daemon, "2023-11-02 08:05")["THCS-NTT"] is Status.EXCUSED
    assert daemon.snapshot.reloads == 1
    daemon.shutdown()


def test_a_roster_edit_is_a_config_change_too(tmp_path: Path) -> None:
    config = setup(tmp_path)
    daemon = Daemon(load(config))
    roster = tmp_path / "schools.csv"
    roster.write_text(roster.read_text() + "MN-MOI,Mới,MN,,mnmoi@example.edu.vn\n")
    assert daemon.check_config(local("2023-11-02 08:00")) is True
    assert len(daemon.settings.campaigns[0].schools) == 5
    daemon.shutdown()


def test_an_invalid_edit_is_refused_and_the_admins_told_once(tmp_path: Path) -> None:
    config = setup(tmp_path)
    daemon = Daemon(load(config))
    good = config.read_text()
    config.write_text(good.replace('poll_every = "1s"', 'poll_every = "soon"'))
    assert daemon.check_config(local("2023-11-02 08:00")) is False
    assert daemon.settings.raw.daemon.poll_every == "1s"  # the old config keeps running
    assert daemon.check_config(local("2023-11-02 08:01")) is None  # the same broken content
    assert daemon.check_config(local("2023-11-02 08:02"), forced=True) is False  # SIGHUP
    config.write_text(good.replace('due_before = "2023-11-01"', 'due_before = "2023-13-01"'))
    assert daemon.check_config(local("2023-11-02 08:03")) is False
    mails = [m for m in daemon.store.mail() if m["kind"] == "admin"]
    assert len(mails) == 2
    assert json.loads(mails[0]["recipients"]) == ["admin@example.edu.vn"]
    message = email.message_from_bytes(bytes(mails[0]["message"]), policy=email.policy.default)
    body = message.get_body(("plain",))
    assert body is not None and "daemon.poll_every" in body.get_content()
    assert "cấu hình" in str(message["Subject"])
    config.write_text(good.replace('poll_every = "1s"', 'poll_every = "2s"'))
    assert daemon.check_config(local("2023-11-02 08:04")) is True
    assert daemon.settings.raw.daemon.poll_every == "2s"
    daemon.shutdown()


def test_the_refused_config_alert_follows_the_broken_files_language(tmp_path: Path) -> None:
    config = setup(tmp_path)
    daemon = Daemon(load(config))
    good = config.read_text()
    broken = good.replace('poll_every = "1s"', 'poll_every = "soon"')
    config.write_text(broken.replace('language = "vi"', 'language = "en"'))
    assert daemon.check_config(local("2023-11-02 08:00")) is False
    [mail] = [m for m in daemon.store.mail() if m["kind"] == "admin"]
    message = email.message_from_bytes(bytes(mail["message"]), policy=email.policy.default)
    assert "edited configuration has problems" in str(message["Subject"])
    body = message.get_body(("plain",))
    assert body is not None
    assert "was not loaded" in body.get_content() and "cấu hình" not in body.get_content()
    daemon.shutdown()


# --- digest and failures ------------------------------------------------------------------------


def test_the_digest_job_queues_from_stored_state_when_polls_fail(tmp_path: Path) -> None:
    daemon = Daemon(load(setup(tmp_path)))
    submit(tmp_path / "inbox", "MN Tân Phong", "2023-10-25 09:00")
    daemon.poll(local("2023-10-27 08:00"))  # Friday: the first digest goes out at once
    shutil.rmtree(tmp_path / "inbox")
    failed = daemon.poll(local("2023-10-30 07:25"))
    assert failed is not None and not failed.ok
    assert daemon.digest(local("2023-10-30 07:30")) == 1
    assert daemon.digest(local("2023-10-30 07:31")) == 0  # one digest per slot
    mails = [m for m in daemon.store.mail() if m["kind"] == "digest"]
    assert [m["key"] for m in mails] == [
        "digest:q7:2023-10-27T07:30+07:00",
        "digest:q7:2023-10-30T07:30+07:00",
    ]
    assert {m["state"] for m in mails} == {"sent"}
    assert list((tmp_path / "var" / "outbox").glob("*.eml"))
    daemon.shutdown()


def test_a_crashing_step_is_logged_and_counted_not_fatal(tmp_path: Path) -> None:
    def broken(settings: object, campaign: object) -> object:
        raise RuntimeError("boom")

    daemon = Daemon(load(setup(tmp_path)), source_factory=broken)  # type: ignore[arg-type]
    assert daemon.poll(local("2023-11-02 08:00")) is None
    assert daemon.snapshot.poll_failures == 1 and "boom" in daemon.snapshot.last_error
    daemon.source_factory = __import__("watcher.pipeline").pipeline.make_source
    report = daemon.poll(local("2023-11-02 08:01"))
    assert report is not None and report.ok
    assert daemon.snapshot.last_success == local("2023-11-02 08:01")
    assert daemon.snapshot.last_success - local("2023-11-02 08:00") == timedelta(minutes=1)
    daemon.shutdown()


def test_a_reload_replans_the_deadline_jobs_and_keeps_unchanged_ones(tmp_path: Path) -> None:
    from apscheduler.schedulers.background import BackgroundScheduler

    config = setup(tmp_path)
    daemon = Daemon(load(config), clock=lambda: local("2023-10-20 08:00"))
    daemon.scheduler = BackgroundScheduler(timezone=daemon.settings.timezone)
    daemon.schedule(local("2023-10-20 08:00"), starting=True)
    daemon.scheduler.start(paused=True)  # real jobs, timed, nothing runs
    before = {job.id: job.next_run_time for job in daemon.scheduler.get_jobs()}
    assert "deadline:q7:2023-11-01T00:00:00+07:00" in before
    with config.open("a", encoding="utf-8") as handle:
        handle.write('\n[[extension]]\nschool = "THCS-NTT"\nperiod = "2023-annual"\n')
        handle.write('until = "2023-11-04T17:00"\n')
    assert daemon.check_config(local("2023-10-20 08:01")) is True
    after = {job.id: job.next_run_time for job in daemon.scheduler.get_jobs()}
    assert set(after) - set(before) == {"deadline:q7:2023-11-04T17:00:01+07:00"}
    assert after["poll"] == before["poll"] and after["digest"] == before["digest"]
    daemon.shutdown()


def test_a_second_instance_on_the_same_health_port_refuses_to_start(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config = setup(tmp_path)
        config.write_text(config.read_text().replace("health_port = 0", f"health_port = {port}"))
        result = run_cli("run", "--config", str(config), timeout=30)
    assert result.returncode == 1
    assert "health.unavailable" in result.stderr


def test_an_alert_no_longer_true_is_replaced_or_dropped_before_it_goes_out(
    tmp_path: Path,
) -> None:
    config = setup(tmp_path)
    daemon = Daemon(load(config))
    good = config.read_text()
    config.write_text(good.replace('poll_every = "1s"', 'poll_every = "soon"'))
    assert daemon.check_config(local("2023-11-02 08:00")) is False
    config.write_text(good.replace('due_before = "2023-11-01"', 'due_before = "2023-13-01"'))
    assert daemon.check_config(local("2023-11-02 08:01")) is False
    states = [
        (m["state"], bytes(m["message"])) for m in daemon.store.mail() if m["kind"] == "admin"
    ]
    assert [state for state, _ in states] == ["cancelled", "queued"]  # the newer one replaces it
    newest = email.message_from_bytes(states[1][1], policy=email.policy.default)
    body = newest.get_body(("plain",))
    assert body is not None and "due_before" in body.get_content()
    assert "không phải ngày hợp lệ" in body.get_content()  # the config's own language
    config.write_text(good)  # put back as it was: nothing to reload, nothing left to say
    assert daemon.check_config(local("2023-11-02 08:02")) is None
    admin = [m["state"] for m in daemon.store.mail() if m["kind"] == "admin"]
    assert admin == ["cancelled", "cancelled"]
    config.write_text(good.replace('poll_every = "1s"', 'poll_every = "later"'))
    assert daemon.check_config(local("2023-11-02 08:03")) is False  # broken anew: told anew
    config.write_text(good.replace('poll_every = "1s"', 'poll_every = "2s"'))
    assert daemon.check_config(local("2023-11-02 08:04")) is True
    admin = [m["state"] for m in daemon.store.mail() if m["kind"] == "admin"]
    assert admin == ["cancelled", "cancelled", "cancelled"]
    daemon.shutdown()
