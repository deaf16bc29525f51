"""What a delivery pass costs against a real SMTP server (aiosmtpd on 127.0.0.1): reminders
to N schools, each checked against the current statuses just before it leaves (issue 13).

    python benchmarks/delivery.py [N ...]      (default: 200 1000)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiosmtpd.controller import Controller  # noqa: E402

from tests.helpers import CONFIG, local, write_setup  # noqa: E402
from watcher.config import load  # noqa: E402
from watcher.cycle import run_cycle  # noqa: E402
from watcher.logs import configure_logging  # noqa: E402
from watcher.notify.deliver import deliver, make_transport  # noqa: E402
from watcher.store import Store  # noqa: E402


class Counter:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.count += 1
        return "250 OK"


def roster(count: int) -> str:
    lines = ["code,name,level,aliases,emails"]
    for index in range(count):
        lines.append(f"TH-{index:05d},Trường số {index},TH,,th{index}@example.edu.vn")
    return "\n".join(lines) + "\n"


def run(count: int) -> tuple[int, float, float, int]:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Counter()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            text = CONFIG.replace(
                'transport = "outbox"',
                f'transport = "smtp"\nsmtp_host = "127.0.0.1"\nsmtp_port = {port}\n'
                'smtp_security = "none"',
            )
            settings = load(write_setup(Path(folder), text, roster(count)))
            store = Store.open(settings.state_dir)
            started = time.perf_counter()
            run_cycle(settings, store, local("2023-10-30 10:00"), send=False)  # 1-day stage
            queued = time.perf_counter() - started
            started = time.perf_counter()
            passes = 0
            while store.due_mail(local("2023-10-30 10:01"), 1):
                deliver(settings, store, make_transport(settings), local("2023-10-30 10:01"))
                passes += 1
            sending = time.perf_counter() - started
            store.close()
    finally:
        controller.stop()
    return handler.count, queued, sending, passes


def main() -> None:
    configure_logging(verbose=False)
    import logging

    logging.disable(logging.INFO)
    sizes = [int(arg) for arg in sys.argv[1:]] or [200, 1000]
    print(
        "| schools | e-mails sent | queue (poll, send=False) | deliver, all passes | per e-mail | passes |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in sizes:
        sent, queued, sending, passes = run(size)
        print(
            f"| {size:,} | {sent:,} | {queued:.2f} s | {sending:.2f} s | "
            f"{sending / max(sent, 1) * 1000:.1f} ms | {passes} |"
        )


if __name__ == "__main__":
    main()
