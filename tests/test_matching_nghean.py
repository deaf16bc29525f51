"""Acceptance run of issue 12 on two real departments of Nghệ An (huyện Diễn Châu, huyện Nghi Lộc):
their real school lists as Excel rosters, 361 real files on disk named as clerks there name them
(NFD bytes, commune and school folders, codes, traps of every class), read by the CLI as an
admin runs it. Prints precision, recall and every wrong or missed file (tests/data/README.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.nghean_setup import build, run_cli_bound, uploads

UNREADABLE = ("noperm", "brokenlink", "fifo")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass
class Run:
    config: Path
    poll: subprocess.CompletedProcess[str]
    status: dict
    denied_works: bool


@dataclass
class Outcome:
    expected: int = 0
    placed_ok: int = 0
    traps: int = 0
    traps_held: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    unreadable_unlisted: list[str] = field(default_factory=list)


def _denied_works(tmp: Path) -> bool:
    probe = tmp / "probe"
    probe.write_bytes(b"x")
    probe.chmod(0)
    try:
        from tests.nghean_setup import _without_override

        check = subprocess.run(
            [sys.executable, "-c", f"open({str(probe)!r}).read()"],
            preexec_fn=_without_override if os.geteuid() == 0 else None,
            capture_output=True,
            check=False,
        )
        return check.returncode != 0
    except OSError:
        return False
    finally:
        probe.chmod(0o644)
        probe.unlink()


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    tmp = tmp_path_factory.mktemp("nghean")
    config = build(tmp)
    checked = run_cli_bound("check", "--config", str(config))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    poll = run_cli_bound("poll", "--no-send", "--config", str(config))
    status = run_cli_bound("status", "--format", "json", "--config", str(config))
    assert status.returncode == 0, status.stderr
    return Run(config, poll, json.loads(status.stdout), _denied_works(tmp))


def _index(status: dict) -> tuple[dict, dict]:
    placed: dict[tuple[str, str], tuple[str, str, list[str]]] = {}
    held: dict[tuple[str, str], dict] = {}
    for campaign in status["campaigns"]:
        for row in campaign["rows"]:
            for upload in row["files"]:
                key = (campaign["id"], _nfc(upload["id"]))
                placed[key] = (row["school_name"], row["period"], upload["problems"])
        for item in campaign.get("unmatched") or []:
            held[(campaign["id"], _nfc(item["id"]))] = item
    return placed, held


def _outcome(run: Run) -> Outcome:
    placed, held = _index(run.status)
    out = Outcome()
    for up in uploads():
        key = (up.campaign, _nfc(up.path))
        got, hold = placed.get(key), held.get(key)
        if up.kind in UNREADABLE:
            if up.kind == "noperm" and not run.denied_works:
                continue
            problems = (got[2] if got else None) or (hold or {}).get("problems")
            if not problems:
                out.unreadable_unlisted.append(f"{up.campaign}/{up.path}")
            continue
        label = f"{up.campaign}/{up.path} [{up.note}]"
        if up.expected:
            out.expected += 1
            if got is None:
                why = hold["reason"] if hold else "not listed"
                out.missed.append(f"{label}: clerk {up.expected} {up.period}; held: {why}")
            elif (got[0], got[1]) != (up.expected, up.period):
                out.wrong.append(
                    f"{label}: clerk {up.expected} {up.period}; watcher {got[0]} {got[1]}"
                )
            else:
                out.placed_ok += 1
        else:
            out.traps += 1
            if got is None:
                out.traps_held += 1
            else:
                out.wrong.append(f"{label}: clerk holds it; watcher {got[0]} {got[1]}")
    return out


def test_poll_never_fails_and_unreadable_files_are_listed(run: Run) -> None:
    assert run.poll.returncode == 0, run.poll.stdout + run.poll.stderr
    assert "dienchau" in run.poll.stdout and "nghiloc" in run.poll.stdout
    out = _outcome(run)
    assert out.unreadable_unlisted == []
    # every file the folders hold is somewhere: placed at a school or in the queue
    placed, held = _index(run.status)
    on_disk = {(u.campaign, _nfc(u.path)) for u in uploads()}
    assert on_disk <= set(placed) | set(held)


def test_nghean_precision_and_recall(run: Run) -> None:
    out = _outcome(run)
    recall = out.placed_ok / out.expected
    placed_total = out.placed_ok + len([w for w in out.wrong if "clerk holds" not in w])
    print(
        f"\nNghệ An (Diễn Châu + Nghi Lộc): {out.expected} files a clerk places, "
        f"{out.placed_ok} placed right, recall {recall:.1%}; "
        f"{len(out.wrong)} wrong placements (precision "
        f"{out.placed_ok / max(1, out.placed_ok + len(out.wrong)):.1%}); "
        f"traps held {out.traps_held}/{out.traps}; placed files {placed_total}"
    )
    for line in out.wrong:
        print("  WRONG  " + line)
    for line in out.missed:
        print("  MISSED " + line)
    assert out.wrong == []
    assert recall >= 0.97


def test_place_settles_one_file_and_ignore_leaves_the_queue(run: Run) -> None:
    config = str(run.config)
    placed_before, held_before = _index(run.status)
    target = next(u for u in uploads() if u.path == "Diễn Thịnh - báo cáo năm 2023 (scan).pdf")
    ignored = next(u for u in uploads() if u.path == "Mau bao cao so ket 2024.docx")
    assert (target.campaign, _nfc(target.path)) in held_before
    assert (ignored.campaign, _nfc(ignored.path)) in held_before
    school = next(
        c["school"]
        for c in held_before[(target.campaign, _nfc(target.path))]["candidates"]
        if c["school_name"] == "Tiểu học Diễn Thịnh"
    )
    # typed by staff in NFC; the file's name on disk is NFD
    first = run_cli_bound(
        "place",
        target.path,
        "--school",
        school,
        "--period",
        "2023-annual",
        "--campaign",
        "dienchau",
        "--config",
        config,
    )
    assert first.returncode == 0, first.stdout + first.stderr
    second = run_cli_bound(
        "place", ignored.path, "--ignore", "--campaign", "dienchau", "--config", config
    )
    assert second.returncode == 0, second.stdout + second.stderr
    poll = run_cli_bound("poll", "--no-send", "--config", config)
    assert poll.returncode == 0, poll.stdout + poll.stderr
    status = json.loads(run_cli_bound("status", "--format", "json", "--config", config).stdout)
    placed_after, held_after = _index(status)
    key = (target.campaign, _nfc(target.path))
    assert placed_after[key][:2] == ("Tiểu học Diễn Thịnh", "2023-annual")
    assert set(held_before) - set(held_after) == {key, (ignored.campaign, _nfc(ignored.path))}
    assert set(held_after) <= set(held_before)
    assert {k: v[:2] for k, v in placed_after.items() if k != key} == {
        k: v[:2] for k, v in placed_before.items()
    }
    review = run_cli_bound("review", "--campaign", "dienchau", "--config", config)
    assert review.returncode == 0
    assert ignored.path not in review.stdout and _nfc(target.path) not in _nfc(review.stdout)
