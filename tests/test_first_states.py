"""Honest first and early states: nothing read yet is not "missing"; a first digest says so."""

from __future__ import annotations

import email
import json
from email import policy
from pathlib import Path

from tests.helpers import make_docx, run_cli, write_setup

NOW = "2024-01-05 10:00"  # the first period's deadline has passed


def _mails(root: Path) -> list[email.message.EmailMessage]:
    return [
        email.message_from_bytes(p.read_bytes(), policy=policy.default)  # type: ignore[misc]
        for p in sorted((root / "var/outbox").glob("*.eml"))
    ]


def test_before_any_complete_read_no_school_is_missing_and_no_school_is_written(
    tmp_path: Path,
) -> None:
    config = write_setup(tmp_path)
    (tmp_path / "inbox").rmdir()  # the share is not mounted yet
    assert run_cli("poll", "--config", str(config), "--now", NOW).returncode == 2
    assert not [m for m in _mails(tmp_path) if "example.edu.vn" in m["To"]]
    table = run_cli("status", "--config", str(config), "--now", NOW)
    assert "Chưa đọc thư mục" in table.stdout and "quá hạn" not in table.stdout
    document = json.loads(
        run_cli("status", "--config", str(config), "--now", NOW, "--format", "json").stdout
    )
    assert document["campaigns"][0]["last_read_at"] is None
    csv_text = run_cli("status", "--config", str(config), "--now", NOW, "--format", "csv").stdout
    assert "Chưa đọc thư mục" in csv_text and "quá hạn" not in csv_text


def test_the_first_digest_says_it_is_the_first_and_the_second_lists_changes(
    tmp_path: Path,
) -> None:
    config = write_setup(tmp_path)
    assert run_cli("poll", "--config", str(config), "--now", "2023-10-20 10:00").returncode == 0
    (first,) = [m for m in _mails(tmp_path) if m["X-Watcher-Key"].startswith("digest:")]
    text = first.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "bản tin đầu tiên" in text and "Không có thay đổi" not in text
    make_docx(tmp_path / "inbox/MN Tân Phong - bao cao nam 2023.docx", when="2023-10-21 09:00")
    result = run_cli("digest", "--send", "--config", str(config), "--now", "2023-10-21 10:00")
    assert result.returncode == 0, result.stderr
    assert run_cli("poll", "--config", str(config), "--now", "2023-10-21 10:00").returncode == 0
    digests = [m for m in _mails(tmp_path) if m["X-Watcher-Key"].startswith("digest:")]
    bodies = [m.get_body(("plain",)).get_content() for m in digests]  # type: ignore[union-attr]
    assert len(bodies) >= 2 and sum("bản tin đầu tiên" in body for body in bodies) == 1
