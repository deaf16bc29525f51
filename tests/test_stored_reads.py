"""`status`, `digest` and `report` read the stored evaluations: exactly what recomputing says.

Real polls of a real folder (on-time, late, incomplete, malformed, held, replaced and removed
files, an extension and an excuse); then every read, at moments before, between and after
the deadlines, is compared with the same command on a copy of the state whose stored
evaluations were made unusable, so that it evaluates every file from scratch.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.helpers import CONFIG, make_docx, make_scan, run_cli, set_time, write_setup

EXTRA = """
[[extension]]
school = "TH-PHUDONG"
period = "2024-interim"
until = "2024-06-10"
reason = "Trường đang sửa phòng máy"

[[excuse]]
school = "THCS-NTT"
period = "2023-annual"
reason = "Trường mới thành lập"
"""
MOMENTS = ["2023-10-25 12:00", "2024-05-25 10:00", "2024-06-03 10:00", "2024-07-01 08:00"]


def poll(config: Path, now: str) -> None:
    result = run_cli("poll", "--no-send", "--config", str(config), "--now", now)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("reads")
    config = write_setup(tmp, CONFIG + EXTRA)
    inbox = tmp / "inbox"
    make_docx(inbox / "MN Tân Phong - bao cao nam 2023.docx", when="2023-10-20 09:00")
    make_scan(inbox / "MN Tân Phong - bao cao nam 2023 (scan).pdf", when="2023-10-20 09:05")
    make_docx(inbox / "TH Phù Đổng/bao cao nam 2023.docx", "TH Phù Đổng", when="2023-10-30 10:00")
    broken = make_docx(inbox / "THCS Phù Đổng - bao cao nam 2023.docx", "THCS Phù Đổng")
    broken.write_bytes(broken.read_bytes()[:900])
    set_time(broken, "2023-10-31 08:00")
    make_scan(inbox / "THCS Phù Đổng - bao cao nam 2023.pdf", when="2023-11-02 07:00")
    make_docx(
        inbox / "Phù Đổng - so ket 2024.docx", "Phù Đổng", "Báo cáo sơ kết", "2024-05-02 08:00"
    )
    poll(config, "2023-11-05 08:00")
    # replaced, removed, and new files between the polls
    make_docx(inbox / "TH Phù Đổng/bao cao nam 2023.docx", "TH Phù Đổng", when="2023-11-08 10:00")
    make_scan(inbox / "TH Phù Đổng/bao cao nam 2023 scan.pdf", when="2023-11-08 10:05")
    (inbox / "MN Tân Phong - bao cao nam 2023.docx").unlink()
    make_docx(inbox / "MN Tân Phong - bao cao nam 2023 (ban sua).docx", when="2023-11-06 09:00")
    make_docx(
        inbox / "MN Tân Phong - so ket 2024.docx", title="Báo cáo sơ kết", when="2024-05-10 09:00"
    )
    make_scan(inbox / "MN Tân Phong - so ket 2024 scan.pdf", when="2024-06-02 09:00")
    make_docx(
        inbox / "TH Phù Đổng/so ket 2024.docx",
        "TH Phù Đổng",
        "Báo cáo sơ kết",
        when="2024-05-15 10:00",
    )
    poll(config, "2024-05-20 10:00")
    poll(config, "2024-06-02 12:00")
    return config


def recomputing_copy(config: Path, target: Path) -> Path:
    """The same district, its stored evaluations made stale: every read evaluates afresh."""
    shutil.copytree(config.parent, target)
    with sqlite3.connect(target / "var" / "watcher.sqlite3") as db:
        dropped = db.execute("DELETE FROM meta WHERE key LIKE 'evaluation:%'").rowcount
    assert dropped == 1
    return target / config.name


def read(config: Path, *args: str) -> str:
    result = run_cli(*args, "--config", str(config))
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("moment", MOMENTS)
def test_every_read_equals_a_full_recomputation(
    district: Path, tmp_path: Path, moment: str
) -> None:
    fresh = recomputing_copy(district, tmp_path / "fresh")
    for config in (district, fresh):
        out = config.parent / "out"
        shown = {
            "json": read(config, "status", "--format", "json", "--now", moment),
            "csv": read(config, "status", "--format", "csv", "--now", moment),
            "wide": read(config, "status", "--wide", "--now", moment),
            "period": read(
                config, "status", "-f", "json", "--period", "2024-interim", "--now", moment
            ),
        }
        read(config, "digest", "--preview", str(out / "digest.html"), "--now", moment)
        read(config, "report", "--campaign", "q7", "--out", str(out / "r.csv"), "--now", moment)
        shown["digest"] = (out / "digest.html").read_text(encoding="utf-8")
        shown["report"] = (out / "r.csv").read_text(encoding="utf-8")
        if config == district:
            stored = shown
    assert shown.keys() == stored.keys()

    def same(text: str) -> str:  # the copy's paths (the file links are the district's)
        return text.replace(str(fresh.parent), "").replace(str(district.parent), "")

    for key in shown:
        assert same(stored[key]) == same(shown[key]), key
    (campaign,) = json.loads(stored["json"])["campaigns"]
    if moment != MOMENTS[0]:  # the mix is real: the comparison covers every kind of row
        seen = {row["status"] for row in campaign["rows"]}
        assert {"on_time", "late", "malformed", "excused", "incomplete"} <= seen, seen
        assert campaign["unmatched"], "a held file"
        rows = {(r["school"], r["period"]): r for r in campaign["rows"]}  # a removed file counts
        assert rows["MN-TANPHONG", "2023-annual"]["completed_at"] == "2023-10-20T09:05:00+07:00"
