"""Issue 12, class 9 across polls: a scan held in one poll follows the Word file that arrives
beside it in a later one, in that same poll; `watcher explain` and `watcher review` say why.
The CLI over the folder source, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import make_docx, make_scan, run_cli, write_setup

FOLDER = "Nop bao cao"  # a shared upload folder: it names no school
SCAN = "Phu Dong - so ket 2024.pdf"  # TH or THCS Phù Đổng: held on its own
WORD = "bao cao so ket.docx"  # its letterhead says TRƯỜNG TH PHÙ ĐỔNG


def poll(config: Path, now: str) -> None:
    result = run_cli("poll", "--config", str(config), "--now", now)
    assert result.returncode == 0, result.stderr


def campaign_status(config: Path, now: str) -> dict:
    result = run_cli("status", "--config", str(config), "--format", "json", "--now", now)
    assert result.returncode == 0, result.stderr
    (campaign,) = json.loads(result.stdout)["campaigns"]
    return campaign


def row(campaign: dict, school: str, period: str) -> dict:
    return next(r for r in campaign["rows"] if (r["school"], r["period"]) == (school, period))


@pytest.fixture
def polled_twice(tmp_path: Path) -> Path:
    config = write_setup(tmp_path)
    inbox = tmp_path / "inbox" / FOLDER
    make_scan(inbox / SCAN, when="2024-05-20 09:00")
    poll(config, "2024-05-20 09:30")
    first = campaign_status(config, "2024-05-20 09:30")
    assert [u["name"] for u in first["unmatched"]] == [SCAN]  # held: TH or THCS Phù Đổng
    assert row(first, "TH-PHUDONG", "2024-interim")["files"] == []
    make_docx(inbox / WORD, "TH Phù Đổng", "Báo cáo sơ kết 2024", when="2024-05-20 09:10")
    poll(config, "2024-05-20 10:00")
    return config


def test_a_held_scan_follows_the_word_file_of_a_later_poll(polled_twice: Path) -> None:
    campaign = campaign_status(polled_twice, "2024-05-20 10:00")
    assert campaign["unmatched"] == []
    submission = row(campaign, "TH-PHUDONG", "2024-interim")
    assert sorted((f["name"], f["role"]) for f in submission["files"]) == [
        (SCAN, "scan"),
        (WORD, "word"),
    ]
    assert submission["status"] == "on_time"
    assert submission["completed_at"] == "2024-05-20T09:10:00+07:00"
    assert row(campaign, "THCS-PHUDONG", "2024-interim")["files"] == []


def test_explain_says_the_scan_follows_the_word_file(polled_twice: Path) -> None:
    result = run_cli("explain", SCAN, "--config", str(polled_twice), "--now", "2024-05-20 10:00")
    assert result.returncode == 0, result.stderr
    assert f"Tệp Word “{WORD}” cùng thư mục" in result.stdout, result.stdout
    assert "TH Phù Đổng" in result.stdout


def test_explain_says_it_in_english_too(polled_twice: Path) -> None:
    config = polled_twice.read_text(encoding="utf-8").replace('language = "vi"', 'language = "en"')
    polled_twice.write_text(config, encoding="utf-8")
    poll(polled_twice, "2024-05-20 10:05")  # a new language: every file evaluated again
    result = run_cli("explain", SCAN, "--config", str(polled_twice), "--now", "2024-05-20 10:05")
    assert result.returncode == 0, result.stderr
    assert f"The Word file “{WORD}” beside it" in result.stdout, result.stdout


def test_review_says_which_word_file_a_held_scan_waits_for(tmp_path: Path) -> None:
    config = write_setup(tmp_path)
    inbox = tmp_path / "inbox" / FOLDER
    make_scan(inbox / SCAN, when="2024-05-20 09:00")
    make_docx(inbox / WORD, "", "Báo cáo sơ kết 2024", when="2024-05-20 09:10")  # no school
    poll(config, "2024-05-20 10:00")
    result = run_cli("review", "--config", str(config), "--format", "json")
    assert result.returncode == 0, result.stderr
    (campaign,) = json.loads(result.stdout)["campaigns"]
    held = {entry["name"]: entry for entry in campaign["unmatched"]}
    assert set(held) == {SCAN, WORD}
    assert held[SCAN]["waits_for"] == {"id": held[WORD]["id"], "name": WORD}
    table = run_cli("review", "--config", str(config))
    assert table.returncode == 0, table.stderr
    assert f"tệp Word “{WORD}”" in table.stdout, table.stdout


def test_placing_the_word_file_takes_the_waiting_scan_along(tmp_path: Path) -> None:
    config = write_setup(tmp_path)
    inbox = tmp_path / "inbox" / FOLDER
    make_scan(inbox / SCAN, when="2024-05-20 09:00")
    make_docx(inbox / WORD, "", "Báo cáo sơ kết 2024", when="2024-05-20 09:10")  # no school
    poll(config, "2024-05-20 10:00")
    word_id = f"{FOLDER}/{WORD}"
    placed = run_cli(
        "place", word_id, "--school", "TH-PHUDONG", "--period", "2024-interim",
        "--config", str(config),
    )  # fmt: skip
    assert placed.returncode == 0, placed.stderr
    poll(config, "2024-05-20 10:30")
    campaign = campaign_status(config, "2024-05-20 10:30")
    assert campaign["unmatched"] == []
    submission = row(campaign, "TH-PHUDONG", "2024-interim")
    assert sorted(f["name"] for f in submission["files"]) == [SCAN, WORD]
    assert submission["status"] == "on_time"
