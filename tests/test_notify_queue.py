"""Queued school mail follows the facts: deferred mail is cancelled when a school completes."""

from __future__ import annotations

import email
import email.policy
from collections import Counter
from pathlib import Path

from tests.helpers import local, make_docx, make_scan, write_setup
from watcher.config import load
from watcher.cycle import run_cycle
from watcher.store import Store


def delivered(tmp_path: Path) -> list[tuple[str, str]]:
    found = []
    for path in (tmp_path / "var" / "outbox").glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        kind, _, _, school, stage = message["X-Watcher-Key"].split(":", 4)
        found.append((kind, school if kind != "digest" else ""))
    return sorted(found)


def test_deferred_reminder_is_cancelled_when_the_school_completes(tmp_path: Path) -> None:
    settings = load(write_setup(tmp_path))
    inbox = tmp_path / "inbox"
    store = Store.open(settings.state_dir)
    try:
        # Sunday: no school mail goes out; reminders wait for Monday 07:00.
        run_cycle(settings, store, local("2023-10-29 10:00"))
        assert [kind for kind, _ in delivered(tmp_path)] == ["digest"]
        assert len(store.mail("queued")) == 4

        make_docx(
            inbox / "TH Phù Đổng báo cáo năm 2023.docx", "TH Phù Đổng", when="2023-10-29 11:00"
        )
        make_scan(inbox / "TH Phù Đổng báo cáo năm 2023.pdf", when="2023-10-29 11:05")
        run_cycle(settings, store, local("2023-10-29 12:00"))
        assert [m["key"] for m in store.mail("cancelled")] == [
            "reminder:q7:2023-annual:TH-PHUDONG:before-3d"
        ]

        # Monday: the 1-day stage replaces the waiting 3-day reminders; one e-mail per school.
        run_cycle(settings, store, local("2023-10-30 08:00"))
    finally:
        store.close()
    school_mail = Counter(item for item in delivered(tmp_path) if item[0] != "digest")
    assert school_mail == {
        ("receipt", "TH-PHUDONG"): 1,
        ("reminder", "MN-TANPHONG"): 1,
        ("reminder", "THCS-PHUDONG"): 1,
        ("reminder", "THCS-NTT"): 1,
    }
