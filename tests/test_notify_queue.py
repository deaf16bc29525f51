"""Queued school mail follows the facts: deferred mail is cancelled when a school completes."""

from __future__ import annotations

import email
import email.policy
from collections import Counter
from pathlib import Path

from tests.helpers import local, make_docx, make_scan, set_time, write_setup
from watcher.config import load
from watcher.cycle import run_cycle
from watcher.notify.deliver import claim
from watcher.store import QueuedMail, Store


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


def delivered_text(tmp_path: Path, school: str) -> list[tuple[str, str]]:
    """(key, plain text) of every e-mail delivered about one school."""
    found = []
    for path in sorted((tmp_path / "var" / "outbox").glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if f":{school}:" in message["X-Watcher-Key"]:
            body = message.get_body(preferencelist=("plain",))
            assert body is not None
            found.append((message["X-Watcher-Key"], body.get_content()))
    return found


def test_deferred_mail_says_what_is_true_when_it_leaves(tmp_path: Path) -> None:
    """Queued after hours, sent next morning: uploads made overnight are not called missing,
    and a problem notice about a file replaced overnight does not go out."""
    settings = load(write_setup(tmp_path))
    inbox = tmp_path / "inbox"
    make_scan(inbox / "THCS Nguyễn Thị Thập báo cáo năm 2023.pdf", when="2023-10-25 18:00")
    (inbox / "TH Phù Đổng báo cáo năm 2023.pdf").write_bytes(b"")
    set_time(inbox / "TH Phù Đổng báo cáo năm 2023.pdf", "2023-10-25 18:10")
    store = Store.open(settings.state_dir)
    try:
        run_cycle(settings, store, local("2023-10-25 18:30"))  # after 17:00: school mail waits
        waiting = {m["key"] for m in store.mail("queued")}
        assert "reminder:q7:2023-annual:THCS-NTT:before-7d" in waiting
        assert any(key.startswith("problem:q7:2023-annual:TH-PHUDONG:") for key in waiting)

        make_docx(
            inbox / "THCS Nguyễn Thị Thập báo cáo năm 2023.docx",
            "THCS Nguyễn Thị Thập",
            when="2023-10-25 20:00",
        )
        make_scan(inbox / "TH Phù Đổng báo cáo năm 2023.pdf", when="2023-10-25 20:30")
        run_cycle(settings, store, local("2023-10-26 07:30"))
    finally:
        store.close()
    # THCS-NTT completed overnight: a receipt, no reminder claiming nothing was sent
    assert [key.split(":")[0] for key, _ in delivered_text(tmp_path, "THCS-NTT")] == ["receipt"]
    phu_dong = delivered_text(tmp_path, "TH-PHUDONG")
    assert [key.split(":")[0] for key, _ in phu_dong] == ["reminder"]
    text = phu_dong[0][1]
    assert "Chưa có tệp Word." in text
    assert "scan" not in text.split("Mỗi đơn vị")[0]  # the replaced scan is no longer a problem
    assert "08:00 ngày 25/10" not in text and "07:30 ngày 26/10/2023" in text


def test_a_reminder_held_past_the_deadline_does_not_count_down(tmp_path: Path) -> None:
    """The 1-day reminder waits for a holiday that is the last day: it must not arrive after
    the deadline saying one day is left."""
    config = write_setup(tmp_path)
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("[[campaign]]", '[reminders]\nholidays = ["2023-10-31"]\n\n[[campaign]]', 1),
        encoding="utf-8",
    )
    settings = load(config)
    store = Store.open(settings.state_dir)
    try:
        run_cycle(settings, store, local("2023-10-30 18:00"))
        keys = {m["key"] for m in store.mail("queued")}
        assert "reminder:q7:2023-annual:TH-PHUDONG:before-1d" in keys
        run_cycle(settings, store, local("2023-11-01 08:00"))
    finally:
        store.close()
    assert delivered_text(tmp_path, "TH-PHUDONG") == []


def test_a_deliverer_claims_only_the_bytes_it_read(tmp_path: Path) -> None:
    """A message rewritten after a deliverer read it is not claimed with the old bytes; once
    claimed, it is never rewritten, so a re-send after a crash is byte-identical."""
    settings = load(write_setup(tmp_path))
    store = Store.open(settings.state_dir)
    try:
        run_cycle(settings, store, local("2023-10-25 18:30"), send=False)
        due = store.due_mail(local("2023-10-26 07:00"))
        read = next(m for m in due if m["kind"] == "reminder")
        fresh = QueuedMail(
            read["key"], read["kind"], read["campaign"], ("a@example.edu.vn",), "s", b"new", "<x@y>"
        )
        assert store.rewrite_mail(read["id"], fresh)
        assert not claim(store, read, local("2023-10-26 07:00"))
        again = next(m for m in store.due_mail(local("2023-10-26 07:00")) if m["id"] == read["id"])
        assert claim(store, again, local("2023-10-26 07:00"))
        assert not store.rewrite_mail(again["id"], fresh)
        assert read["id"] not in {m["id"] for m in store.unclaimed_mail("reminder:")}
    finally:
        store.close()
