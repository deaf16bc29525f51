"""The e-mail commands as a user runs them: poll twice, preview the digest."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

from tests.helpers import make_docx, make_scan, run_cli, write_setup


def outbox(tmp_path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (tmp_path / "var" / "outbox").glob("*.eml")}


def test_polling_twice_sends_nothing_new(tmp_path: Path) -> None:
    path = write_setup(tmp_path)
    make_docx(
        tmp_path / "inbox" / "MN Tân Phong báo cáo năm 2023.docx",
        "MN Tân Phong",
        when="2023-10-29 09:00",
    )
    make_scan(tmp_path / "inbox" / "MN Tân Phong báo cáo năm 2023.pdf", when="2023-10-29 09:05")
    first = run_cli("poll", "--config", str(path), "--now", "2023-10-30 10:00")
    assert first.returncode == 0, first.stderr
    sent = outbox(tmp_path)
    keys = sorted(
        email.message_from_bytes(raw, policy=email.policy.default)["X-Watcher-Key"].split(":")[0]
        for raw in sent.values()
    )
    assert keys == ["digest", "receipt", "reminder", "reminder", "reminder"]
    again = run_cli("poll", "--config", str(path), "--now", "2023-10-30 10:05")
    assert again.returncode == 0, again.stderr
    assert "0 đưa vào hàng đợi, 0 đã gửi" in again.stdout
    assert outbox(tmp_path) == sent


def test_digest_preview_writes_html_and_sends_nothing(tmp_path: Path) -> None:
    path = write_setup(tmp_path)
    make_docx(
        tmp_path / "inbox" / "TH Phù Đổng báo cáo năm 2023.docx",
        "TH Phù Đổng",
        when="2023-10-29 09:00",
    )
    assert (
        run_cli("poll", "--config", str(path), "--no-send", "--now", "2023-10-30 10:00").returncode
        == 0
    )
    target = tmp_path / "preview" / "digest.html"
    result = run_cli(
        "digest", "--preview", str(target), "--config", str(path), "--now", "2023-10-30 10:00"
    )
    assert result.returncode == 0, result.stderr
    html = target.read_text(encoding="utf-8")
    assert "TH Phù Đổng" in html and "Nộp thiếu" in html and "<script" not in html
    assert "4/4 trường chưa nộp đủ Báo cáo năm 2023 — còn 1 ngày" in result.stdout
    assert outbox(tmp_path) == {}


def test_digest_needs_preview_or_send(tmp_path: Path) -> None:
    path = write_setup(tmp_path)
    result = run_cli("digest", "--config", str(path))
    assert result.returncode == 2 and "--preview" in result.stderr
