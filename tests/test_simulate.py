"""`watcher simulate`: statuses and e-mails at a chosen moment, touching nothing real."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.helpers import make_docx, make_scan, run_cli, write_setup


def submit(inbox: Path, school: str, when: str) -> None:
    make_docx(inbox / f"{school} - Báo cáo năm 2023.docx", school, when=when)
    make_scan(inbox / f"{school} - Báo cáo năm 2023 scan.pdf", when=when)


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file under `folder` (names and contents), to prove nothing was written."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def simulate(config: Path, as_of: str) -> dict:
    result = run_cli("simulate", "--config", str(config), "--as-of", as_of, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def status(config: Path, now: str) -> dict:
    result = run_cli("status", "--config", str(config), "-f", "json", "--now", now)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def rows(document: dict) -> list[tuple[str, str, str, str | None]]:
    return [
        (r["school"], r["period"], r["status"], r["completed_at"])
        for campaign in document["campaigns"]
        for r in campaign["rows"]
    ]


def test_simulate_agrees_with_what_status_later_shows_at_that_time(tmp_path: Path) -> None:
    config = write_setup(tmp_path)
    inbox = tmp_path / "inbox"
    submit(inbox, "MN Tân Phong", "2023-10-20 09:00")
    assert run_cli("poll", "--config", str(config), "--now", "2023-10-25 08:00").returncode == 0
    predicted = simulate(config, "2023-11-01 08:00")  # before the deadline, about after it
    states = {(s, p): st for s, p, st, _ in rows(predicted)}
    assert states[("THCS-NTT", "2023-annual")] == "missing"
    assert states[("MN-TANPHONG", "2023-annual")] == "on_time"
    digest = [m for m in predicted["mail"] if m["kind"] == "digest"]
    assert digest and digest[0]["recipients"] == ["chuyenvien@example.edu.vn"]
    later = run_cli("poll", "--config", str(config), "--now", "2023-11-01 08:00")
    assert later.returncode == 0
    assert rows(status(config, "2023-11-01 08:00")) == rows(predicted)


def test_simulate_in_the_past_ignores_later_files(tmp_path: Path) -> None:
    config = write_setup(tmp_path)
    inbox = tmp_path / "inbox"
    submit(inbox, "MN Tân Phong", "2023-10-20 09:00")
    submit(inbox, "TH Phù Đổng", "2023-11-03 09:00")
    assert run_cli("poll", "--config", str(config), "--now", "2023-11-05 08:00").returncode == 0
    then = simulate(config, "2023-10-31 12:00")
    states = {(s, p): st for s, p, st, _ in rows(then)}
    assert states[("MN-TANPHONG", "2023-annual")] == "on_time"
    assert states[("TH-PHUDONG", "2023-annual")] == "pending"
    assert rows(then) == rows(status(config, "2023-10-31 12:00"))


def test_simulate_writes_nothing_and_sends_nothing(tmp_path: Path) -> None:
    config = write_setup(tmp_path)
    submit(tmp_path / "inbox", "MN Tân Phong", "2023-10-20 09:00")
    assert run_cli("poll", "--config", str(config), "--now", "2023-10-25 08:00").returncode == 0
    before = fingerprint(tmp_path)
    document = simulate(config, "2023-11-06 08:00")
    assert sorted(m["kind"] for m in document["mail"]) == [
        "digest",
        "reminder",
        "reminder",
        "reminder",
    ]
    reminded = {r for m in document["mail"] if m["kind"] == "reminder" for r in m["recipients"]}
    assert reminded == {
        "thphudong@example.edu.vn",
        "thcsphudong@example.edu.vn",
        "thcsntt@example.edu.vn",
    }
    table = run_cli("simulate", "--config", str(config), "--as-of", "2023-11-06 08:00")
    assert table.returncode == 0 and "Thư sẽ được gửi" in table.stdout
    assert fingerprint(tmp_path) == before


def test_simulate_shows_the_effect_of_an_edited_config_before_it_is_used(tmp_path: Path) -> None:
    config = write_setup(tmp_path)
    submit(tmp_path / "inbox", "TH Phù Đổng", "2023-11-03 09:00")
    assert run_cli("poll", "--config", str(config), "--now", "2023-11-05 08:00").returncode == 0
    edited = tmp_path / "edited.toml"
    edited.write_text(
        config.read_text() + '\n[[extension]]\nschool = "TH-PHUDONG"\nperiod = "2023-annual"\n'
        'until = "2023-11-08"\nreason = "mất điện"\n',
        encoding="utf-8",
    )
    states = {(s, p): st for s, p, st, _ in rows(simulate(edited, "2023-11-05 08:00"))}
    assert states[("TH-PHUDONG", "2023-annual")] == "on_time"
    current = {(s, p): st for s, p, st, _ in rows(status(config, "2023-11-05 08:00"))}
    assert current[("TH-PHUDONG", "2023-annual")] == "late"


def test_simulate_without_any_state_yet(tmp_path: Path) -> None:
    config = write_setup(tmp_path)
    document = simulate(config, "2024-06-02 08:00")
    assert {st for _, _, st, _ in rows(document)} == {"missing"}
    assert not (tmp_path / "var").exists()


def test_simulate_reads_a_database_a_running_daemon_holds_open(tmp_path: Path) -> None:
    from tests.helpers import local
    from watcher.config import load
    from watcher.simulate import simulate as run_simulation
    from watcher.store import Store

    config = write_setup(tmp_path)
    submit(tmp_path / "inbox", "MN Tân Phong", "2023-10-20 09:00")
    assert run_cli("poll", "--config", str(config), "--now", "2023-10-25 08:00").returncode == 0
    settings = load(config)
    holder = Store.open(settings.state_dir)  # as the daemon does: the WAL stays open
    try:
        holder.set_meta("written-by", "daemon")  # uncheckpointed data, only in the WAL
        assert (settings.state_dir / "watcher.sqlite3-wal").exists()
        result = run_simulation(settings, local("2023-10-25 08:00"))
        ((campaign, found, _),) = result.campaigns
        states = {(r.school.code, r.period.id): r.status.value for r in found}
        assert states[("MN-TANPHONG", "2023-annual")] == "on_time"
        assert holder.get_meta("written-by") == "daemon"
    finally:
        holder.close()
