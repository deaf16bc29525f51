"""What reading the mailbox costs: a first poll, an idle poll, a poll after a UIDVALIDITY reset.

Run: `python benchmarks/mail_source.py [MESSAGES]` (default 300). Starts a Dovecot of its own
(as the tests do; needs `dovecot-imapd`), APPENDs MESSAGES Gmail-shaped messages each with a
Word file and a scan, then times `ImapSource.changes()` alone (no checking of the files) and
counts IMAP commands and bytes of message bodies the server sent. Prints a Markdown table.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config.demo import mail_shapes as shapes  # noqa: E402
from tests.dovecot import DOVECOT, PASSWORD, USER, Dovecot, free_port, make_certificate  # noqa: E402
from tests.helpers import local  # noqa: E402
from watcher.config.settings import MailAccount  # noqa: E402
from watcher.sources.imap import ImapSource  # noqa: E402
from watcher.sources.mail_parse import parse  # noqa: E402


def body_bytes(server: Dovecot) -> int:
    log = (server.root / "dovecot.log").read_text()
    return sum(int(n) for n in re.findall(r"body_bytes=(\d+)", log))


def main(count: int) -> None:
    if DOVECOT is None:
        print("dovecot is not installed (apt-get install dovecot-imapd)")
        return
    root = Path(tempfile.mkdtemp(prefix="watcher-bench-dovecot-"))
    root.chmod(0o755)
    cert, _ = make_certificate(root)
    server = Dovecot(root, free_port(), free_port(), cert)
    server.start()
    try:
        word, scan = shapes.docx_bytes("TH Hồng Quang", "Báo cáo PCCC"), shapes.scan_pdf(1)
        start = local("2022-09-01 08:00")
        messages = [
            shapes.gmail(
                sender=f"school{n}@example.edu.vn",
                subject=f"Báo cáo PCCC trường số {n}",
                date=start + timedelta(minutes=n),
                message_id=f"<bench{n}@example>",
                body="Kính gửi Phòng, trường gửi báo cáo.",
                files=[(f"Báo cáo {n}.docx", word), (f"Bản scan {n}.pdf", scan)],
            )
            for n in range(count)
        ]
        for n, raw in enumerate(messages):
            server.append(raw, start + timedelta(minutes=n))
        size = sum(len(raw) for raw in messages)
        began = time.perf_counter()
        for raw in messages:
            parse(raw)
        parse_seconds = time.perf_counter() - began
        account = MailAccount(
            "127.0.0.1", server.imaps_port, "ssl", USER, None, None, cert, "INBOX", None
        )
        source = ImapSource(account, environ={"WATCHER_IMAP_PASSWORD": PASSWORD})
        rows = []
        cursor = None
        for step in ("first poll", "idle poll", "after UIDVALIDITY reset"):
            if step.startswith("after"):
                time.sleep(1.1)
                server.reset_uidvalidity()
            before = body_bytes(server)
            began = time.perf_counter()
            delta = source.changes(cursor)
            seconds = time.perf_counter() - began
            cursor = delta.cursor
            sent = body_bytes(server) - before
            rows.append((step, seconds, source.commands, len(delta.files), sent))
        print(f"{count} messages, {size / 2**20:.1f} MiB; parsing alone: {parse_seconds:.2f} s\n")
        print("| step | seconds | IMAP commands | file records | body bytes sent |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for step, seconds, commands, files, sent in rows:
            print(f"| {step} | {seconds:.2f} | {commands} | {files} | {sent} |")
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
