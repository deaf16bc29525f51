"""Checker failures are the checker's: a check that runs out of memory holds that file.

A real, good 81-megapixel scan is checked under the smallest memory limit `check` accepts;
the worker runs out of memory. The school hears nothing (no problem notice, no reminder),
admins are told once, and the file is checked again at the next poll (here with the limit
raised), when the school's submission counts.
"""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

from PIL import Image, ImageDraw

from tests.helpers import CONFIG, make_docx, run_cli, set_time, write_setup

ADMINS = 'staff = ["chuyenvien@example.edu.vn"]\nadmins = ["admin@example.edu.vn"]'


def big_scan(path: Path) -> Path:
    """A legible page scanned at a very high resolution (below max_image_pixels)."""
    image = Image.new("RGB", (9000, 9000), (245, 245, 245))
    draw = ImageDraw.Draw(image)
    for line in range(100):
        draw.line((100, 100 + line * 80, 8800, 100 + line * 80), fill=(60, 60, 60), width=4)
    image.save(path, "PNG")
    return path


def mail(tmp_path: Path) -> dict[str, tuple[str, str]]:
    """X-Watcher-Key -> (To, plain text)."""
    found = {}
    for path in (tmp_path / "var" / "outbox").glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        body = message.get_body(("plain",))
        text = body.get_content() if body else ""  # type: ignore[union-attr]
        found[str(message["X-Watcher-Key"])] = (str(message["To"]), text)
    return found


def test_a_check_that_runs_out_of_memory_holds_the_file_and_is_retried(tmp_path: Path) -> None:
    text = CONFIG.replace('staff = ["chuyenvien@example.edu.vn"]', ADMINS)
    config = write_setup(tmp_path, text + "\n[validation]\nmemory_limit_mb = 256\n")
    inbox = tmp_path / "inbox"
    make_docx(inbox / "MN Tân Phong báo cáo năm 2023.docx", "MN Tân Phong", when="2023-10-29 09:00")
    scan = big_scan(inbox / "MN Tân Phong báo cáo năm 2023 scan.png")
    set_time(scan, "2023-10-29 09:05")
    assert run_cli("check", "--config", str(config)).returncode == 0

    first = run_cli("poll", "--config", str(config), "--now", "2023-10-30 10:00", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    sent = mail(tmp_path)
    to_school = [k for k, (to, _) in sent.items() if "mntanphong@" in to]
    assert to_school == []  # no problem notice, no reminder: the school may be fine
    assert [k for k in sent if k.startswith("reminder:")]  # other schools are reminded
    (alert,) = [k for k in sent if k.startswith("admin:check-held:")]
    assert "memory_limit_mb" in sent[alert][1] and scan.name in sent[alert][1]

    again = run_cli("poll", "--config", str(config), "--now", "2023-10-30 10:10", cwd=tmp_path)
    assert again.returncode == 0
    assert len([k for k in mail(tmp_path) if k.startswith("admin:check-held:")]) == 1  # once

    config.write_text(config.read_text().replace("memory_limit_mb = 256", "memory_limit_mb = 1536"))
    fixed = run_cli("poll", "--config", str(config), "--now", "2023-10-30 10:20", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    shown = run_cli("status", "--config", str(config), "-f", "csv", "--now", "2023-10-30 10:21")
    assert "MN-TANPHONG" in shown.stdout
    receipts = [
        k
        for k, (to, _) in mail(tmp_path).items()
        if k.startswith("receipt:") and "mntanphong@" in to
    ]
    assert receipts  # the retried check found the scan good: the submission is complete
