"""The review queue staff act on: `watcher review`, `watcher place`, the placements file.

End to end through the CLI on a real folder: the commands the queue prints are run exactly as
printed, and the next poll must settle that one file and change nothing else.
"""

from __future__ import annotations

import json
import os
import shlex
import tomllib
import unicodedata
from pathlib import Path

import pytest

from tests.helpers import ROSTER, make_docx, make_scan, run_cli, write_setup

NOW = "2024-01-05 10:00"
AMBIGUOUS = "Phù Đổng - bao cao nam 2023.docx"  # TH Phù Đổng or THCS Phù Đổng


def cli(config: Path, *args: str) -> str:
    result = run_cli(*args, "--config", str(config))
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def run_printed(command: str) -> str:
    """Run a command line exactly as the queue printed it."""
    words = shlex.split(command)
    assert words[:2] == ["watcher", "place"], command
    result = run_cli(*words[1:], "--now", NOW)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def status(config: Path) -> dict:
    (campaign,) = json.loads(cli(config, "status", "--format", "json", "--now", NOW))["campaigns"]
    return campaign


def rows(campaign: dict) -> dict[tuple[str, str], dict]:
    return {(r["school"], r["period"]): r for r in campaign["rows"]}


@pytest.fixture
def polled(tmp_path: Path) -> Path:
    config = write_setup(tmp_path)
    inbox = tmp_path / "inbox"
    make_docx(inbox / "MN Tân Phong - bao cao nam 2023.docx", when="2023-10-20 09:00")
    make_scan(inbox / "MN Tân Phong - bao cao nam 2023 (scan).pdf", when="2023-10-20 09:05")
    make_docx(inbox / AMBIGUOUS, "", when="2023-10-29 10:00")
    make_docx(inbox / "Document1.docx", "", when="2023-10-29 10:00")
    make_docx(inbox / "Khác" / "Document1.docx", "", when="2023-10-29 11:00")
    # a held file whose name is decomposed on disk
    stem = unicodedata.normalize("NFD", "Tài liệu tham khảo.docx").encode()
    os.rename(
        make_docx(tmp_path / "t.docx", "", when="2023-10-29 12:00"),
        os.fsencode(inbox) + b"/" + stem,
    )
    poll = run_cli("poll", "--config", str(config), "--now", NOW, "--no-send")
    assert poll.returncode == 0, poll.stderr
    return config


def queue(config: Path) -> dict[str, dict]:
    document = json.loads(cli(config, "review", "--format", "json"))
    (campaign,) = document["campaigns"]
    return {entry["id"]: entry for entry in campaign["unmatched"]}


def test_review_lists_every_held_file_with_candidates_reason_and_commands(polled: Path) -> None:
    held = queue(polled)
    assert set(held) == {
        AMBIGUOUS,
        "Document1.docx",
        "Khác/Document1.docx",
        unicodedata.normalize("NFC", "Tài liệu tham khảo.docx"),
    }
    ambiguous = held[AMBIGUOUS]
    assert {c["school"] for c in ambiguous["candidates"]} == {"TH-PHUDONG", "THCS-PHUDONG"}
    assert "TH Phù Đổng" in ambiguous["reason"] and "THCS Phù Đổng" in ambiguous["reason"]
    assert ambiguous["periods"][0]["period"] == "2023-annual"
    assert len(ambiguous["commands"]) == 2
    assert all("--period 2023-annual" in c for c in ambiguous["commands"])
    assert ambiguous["ignore_command"].endswith(f"--ignore --config {polled.resolve()}")
    # the status JSON contract carries the same queue
    unmatched = {u["id"]: u for u in status(polled)["unmatched"]}
    assert unmatched == held
    # and the table says it in words, with the commands
    table = cli(polled, "review")
    assert "4 tệp chờ" in table and "Có thể là TH Phù Đổng hoặc THCS Phù Đổng" in table
    assert ambiguous["commands"][0] in table and ambiguous["ignore_command"] in table


def test_place_settles_exactly_that_file_at_the_next_poll(polled: Path) -> None:
    before = status(polled)
    command = next(c for c in queue(polled)[AMBIGUOUS]["commands"] if "THCS-PHUDONG" in c)
    printed = run_printed(command)
    assert "THCS Phù Đổng" in printed and "placements.toml" in printed
    entries = tomllib.loads((polled.parent / "placements.toml").read_text(encoding="utf-8"))
    (entry,) = entries["placement"]
    assert (entry["file"], entry["school"], entry["period"]) == (
        AMBIGUOUS,
        "THCS-PHUDONG",
        "2023-annual",
    )
    assert entry["by"] and entry["at"].isoformat().startswith("2024-01-05T10:00")

    assert "Cấu hình hợp lệ" in cli(polled, "check")  # check accepts the file `place` wrote
    poll = run_cli("poll", "--config", str(polled), "--now", NOW, "--no-send")
    assert poll.returncode == 0, poll.stderr
    after = status(polled)
    old, new = rows(before), rows(after)
    changed = [key for key in old if old[key] != new[key]]
    assert changed == [("THCS-PHUDONG", "2023-annual")]
    assert [f["name"] for f in new["THCS-PHUDONG", "2023-annual"]["files"]] == [AMBIGUOUS]
    assert {u["id"] for u in after["unmatched"]} == {u["id"] for u in before["unmatched"]} - {
        AMBIGUOUS
    }


def test_ignore_takes_one_file_off_the_queue_and_nothing_else(polled: Path) -> None:
    before = status(polled)
    run_printed(queue(polled)["Document1.docx"]["ignore_command"])
    assert run_cli("poll", "--config", str(polled), "--now", NOW, "--no-send").returncode == 0
    after = status(polled)
    assert rows(after) == rows(before)
    # the file of the same name in another folder is another file: it stays held
    assert {u["id"] for u in after["unmatched"]} == {u["id"] for u in before["unmatched"]} - {
        "Document1.docx"
    }
    assert "Document1.docx" not in queue(polled)
    assert "Khác/Document1.docx" in queue(polled)


def test_the_digest_lists_held_files_with_what_settles_them(polled: Path) -> None:
    target = polled.parent / "digest.html"
    cli(polled, "digest", "--preview", str(target), "--now", NOW)
    html = target.read_text(encoding="utf-8")
    assert "watcher place" in html and "--ignore" in html
    assert "TH Phù Đổng [TH-PHUDONG]" in html  # a candidate


def test_place_refuses_what_it_cannot_settle(polled: Path) -> None:
    unknown = run_cli(
        "place",
        AMBIGUOUS,
        "--school",
        "TH-PHUDONGG",
        "--period",
        "2023-annual",
        "--config",
        str(polled),
    )
    assert unknown.returncode == 2 and "TH-PHUDONG" in unknown.stderr  # did you mean
    period = run_cli(
        "place", AMBIGUOUS, "--school", "TH-PHUDONG", "--period", "2023", "--config", str(polled)
    )
    assert period.returncode == 2 and "2023-annual" in period.stderr
    missing = run_cli("place", "nope.docx", "--ignore", "--config", str(polled))
    assert missing.returncode == 2 and "watcher review" in missing.stderr
    twice = run_cli("place", "document1.DOCX", "--ignore", "--config", str(polled))
    assert twice.returncode == 2 and "Khác/Document1.docx" in twice.stderr  # say which one
    both = run_cli(
        "place", AMBIGUOUS, "--ignore", "--school", "TH-PHUDONG", "--config", str(polled)
    )
    assert both.returncode == 2
    assert not (polled.parent / "placements.toml").exists()  # nothing was written


def test_check_validates_the_placements_file(polled: Path) -> None:
    (polled.parent / "placements.toml").write_text(
        '[[placement]]\nfile = "Document1.docx"\nschool = "TH-PHUDONG"\nperiod = "2023-annual"\n\n'
        '[[placement]]\nfile = "x.docx"\nschool = "NOPE"\nperiod = "2023-annual"\n\n'
        '[[placement]]\nfile = "y.docx"\nignore = true\nschol = "TH-PHUDONG"\n',
        encoding="utf-8",
    )
    result = run_cli("check", "--config", str(polled))
    assert result.returncode == 1
    path = polled.parent / "placements.toml"
    assert f"{path}:8: placement[1].school: không có trường nào mã 'NOPE'" in result.stderr
    assert (
        f"{path}:14: placement[2].schol: không có khóa 'schol' (có phải là 'school'?)"
        in result.stderr
    )
    # a poll with a broken placements file changes nothing
    assert run_cli("poll", "--config", str(polled), "--now", NOW).returncode != 0


def test_check_connect_warns_about_an_entry_for_no_file(polled: Path) -> None:
    (polled.parent / "placements.toml").write_text(
        '[[placement]]\nfile = "Document1.docx"\nignore = true\n\n'
        '[[placement]]\nfile = "gone.docx"\nignore = true\n',
        encoding="utf-8",
    )
    result = run_cli("check", "--connect", "--config", str(polled))
    assert result.returncode == 0, result.stderr
    assert "gone.docx" in result.stderr and "Document1.docx" not in result.stderr


def test_override_keeps_working_next_to_placements(polled: Path) -> None:
    with polled.open("a", encoding="utf-8") as handle:
        handle.write(
            f'\n[[override]]\nfile = "{AMBIGUOUS}"\nschool = "TH-PHUDONG"\nperiod = "2023-annual"\n'
        )
    run_printed(queue(polled)["Document1.docx"]["ignore_command"])
    assert run_cli("poll", "--config", str(polled), "--now", NOW, "--no-send").returncode == 0
    after = status(polled)
    assert [f["name"] for f in rows(after)["TH-PHUDONG", "2023-annual"]["files"]] == [AMBIGUOUS]
    assert AMBIGUOUS not in {u["id"] for u in after["unmatched"]}
    assert "Document1.docx" not in {u["id"] for u in after["unmatched"]}


def test_place_offers_the_alias_the_roster_lacks_and_it_works(tmp_path: Path) -> None:
    config = write_setup(tmp_path)
    inbox = tmp_path / "inbox"
    make_docx(inbox / "MN Tan Fong - bao cao nam 2023.docx", "", when="2023-10-20 09:00")
    assert run_cli("poll", "--config", str(config), "--now", NOW, "--no-send").returncode == 0
    printed = run_cli(
        "place",
        "MN Tan Fong - bao cao nam 2023.docx",
        "--school",
        "MN-TANPHONG",
        "--period",
        "2023-annual",
        "--config",
        str(config),
        "--now",
        NOW,
    )
    assert printed.returncode == 0, printed.stderr
    line = next(
        x.strip() for x in printed.stdout.splitlines() if x.strip().startswith("MN-TANPHONG,")
    )
    assert line == "MN-TANPHONG,Tân Phong,MN,Tan Fong,mntanphong@example.edu.vn"
    assert "dòng 2" in printed.stdout and "schools.csv" in printed.stdout
    # the admin pastes the line; the next file spelled that way finds the school by itself
    roster = ROSTER.replace("MN-TANPHONG,Tân Phong,MN,,mntanphong@example.edu.vn", line)
    (tmp_path / "schools.csv").write_text(roster, encoding="utf-8")
    title = "Báo cáo sơ kết 2024"  # a title that disagrees with the name would hold the file
    make_docx(inbox / "MN Tan Fong - bao cao so ket 2024.docx", "", title, when="2024-05-20 09:00")
    assert (
        run_cli(
            "poll", "--config", str(config), "--now", "2024-05-25 10:00", "--no-send"
        ).returncode
        == 0
    )
    result = run_cli(
        "status", "--format", "json", "--config", str(config), "--now", "2024-05-25 10:00"
    )
    (campaign,) = json.loads(result.stdout)["campaigns"]
    names = [f["name"] for f in rows(campaign)["MN-TANPHONG", "2024-interim"]["files"]]
    assert names == ["MN Tan Fong - bao cao so ket 2024.docx"]


def test_no_alias_is_offered_when_the_name_already_finds_the_school(polled: Path) -> None:
    printed = run_printed(next(iter(queue(polled)[AMBIGUOUS]["commands"])))
    assert "schools.csv" not in printed  # "Phù Đổng" is the roster's own spelling


def test_review_and_place_speak_the_configured_language(polled: Path) -> None:
    from tests.language import foreign

    text = polled.read_text(encoding="utf-8").replace('language = "vi"', 'language = "en"')
    polled.write_text(text, encoding="utf-8")
    names = (
        "Phù Đổng",
        "Tân Phong",
        "Nguyễn Thị Thập",
        "Báo cáo năm 2023",
        "Tài liệu tham khảo",
        "Khác",
    )
    shown = cli(polled, "review")
    assert "waiting for staff" in shown
    assert not foreign(shown, "en", names), foreign(shown, "en", names)
    placed = run_printed(queue(polled)[AMBIGUOUS]["commands"][0])
    assert "belongs to" in placed and not foreign(placed, "en", names)
    (polled.parent / "placements.toml").write_text('[[placement]]\nfile = "x"\nschol = "A"\n')
    check = run_cli("check", "--config", str(polled))
    assert "unknown key 'schol'" in check.stderr and not foreign(check.stderr, "en", names)


def test_a_period_the_matcher_could_not_tell_is_never_picked_by_the_command(
    tmp_path: Path,
) -> None:
    config = write_setup(tmp_path)
    make_docx(
        tmp_path / "inbox" / "THCS Nguyễn Thị Thập.docx", "", "Báo cáo", when="2023-12-20 09:00"
    )
    assert run_cli("poll", "--config", str(config), "--now", NOW, "--no-send").returncode == 0
    (entry,) = queue(config).values()
    assert entry["candidates"][0]["school"] == "THCS-NTT"
    assert "kỳ" in entry["reason"]  # held for its period
    periods = [p["period"] for p in entry["periods"] if p["score"] > 0]
    assert len(entry["commands"]) == max(1, len(periods))
    for command in entry["commands"]:
        assert "--school THCS-NTT" in command
    if not periods:
        assert "--period <mã-kỳ>" in entry["command"]
    # the one the staff fill in settles it
    filled = entry["command"].replace("<mã-kỳ>", "2023-annual")
    run_printed(filled)
    assert run_cli("poll", "--config", str(config), "--now", NOW, "--no-send").returncode == 0
    assert queue(config) == {}
    names = [f["name"] for f in rows(status(config))["THCS-NTT", "2023-annual"]["files"]]
    assert names == ["THCS Nguyễn Thị Thập.docx"]
