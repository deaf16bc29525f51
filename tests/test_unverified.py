"""Unverified is not missing: a Drive outage across a deadline never calls a school missing.

The Drive stand-in answers, then drops every connection from before the deadline until after
it; a school uploads in between. The daemon's deadline job and digest run on stored state.
"""

from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path

import pytest

from tests.drivestub.server import DriveStub
from tests.helpers import local, make_docx, make_scan, run_cli
from tests.test_drive_pipeline import DOCX, no_wait_source, setup
from watcher.config import load
from watcher.daemon import Daemon
from watcher.model import Status
from watcher.pipeline import current_rows

ADMINS = 'staff = ["chuyenvien@example.edu.vn"]\nadmins = ["admin@example.edu.vn"]'


@pytest.fixture
def documents(tmp_path: Path) -> dict[str, bytes]:
    title = "Báo cáo sơ kết 2024"
    return {
        "word": make_docx(tmp_path / "docs" / "a.docx", "MN Tân Phong", title).read_bytes(),
        "scan": make_scan(tmp_path / "docs" / "a.pdf").read_bytes(),
    }


def mail_texts(outbox: Path) -> dict[str, str]:
    """X-Watcher-Key -> the plain text of every e-mail written so far."""
    found = {}
    for path in sorted(outbox.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        body = message.get_body(("plain",))
        found[str(message["X-Watcher-Key"])] = body.get_content() if body else ""  # type: ignore[union-attr]
    return found


def interim(daemon: Daemon, now: str) -> dict[str, Status]:
    (campaign,) = daemon.settings.campaigns
    rows, _ = current_rows(daemon.settings, daemon.store, campaign, local(now))
    return {r.school.code: r.status for r in rows if r.period.id == "2024-interim"}


def test_drive_down_across_a_deadline_calls_no_school_missing(
    tmp_path: Path, documents: dict[str, bytes]
) -> None:
    with DriveStub(seed=3) as stub:
        root = stub.add_folder("Báo cáo sơ kết")
        tanphong = stub.add_folder("MN Tân Phong", root)
        config = setup(tmp_path, stub, root, max_retries=1)
        text = config.read_text().replace('staff = ["chuyenvien@example.edu.vn"]', ADMINS)
        annual = text.index('[[campaign.period]]\nid = "2023-annual"')
        text = text[:annual] + text[text.index("[[campaign.period]]", annual + 1) :]  # one period
        config.write_text(text + "\n[daemon]\nhealth_port = 0\n[alerts]\npoll_failures = 2\n")
        settings = load(config)
        daemon = Daemon(settings, source_factory=no_wait_source)
        try:
            assert daemon.poll(local("2024-05-31 10:00")).ok  # type: ignore[union-attr]
            stub.faults.down = True  # from before the deadline...
            # ...while MN Tân Phong uploads both files, on time
            upload = local("2024-05-31 15:00")
            stub.add_file(
                "MN Tân Phong sơ kết 2024.docx", tanphong, documents["word"], DOCX, created=upload
            )
            stub.add_file(
                "MN Tân Phong sơ kết 2024.pdf", tanphong, documents["scan"], created=upload
            )
            daemon.deadline("q7", local("2024-06-01 00:00:01"))
            assert not daemon.poll(local("2024-06-03 07:00")).ok  # type: ignore[union-attr]
            daemon.digest(local("2024-06-03 07:30"))  # the Monday digest, from stored state
            during = interim(daemon, "2024-06-03 07:31")
            assert set(during.values()) == {Status.UNVERIFIED}
            shown = run_cli(
                "status", "--config", str(config), "-f", "json", "--now", "2024-06-03 07:32"
            )
            rows = json.loads(shown.stdout)["campaigns"][0]["rows"]
            assert {r["status"] for r in rows} == {"unverified"}
            assert "chưa xác minh" in shown.stderr
            texts = mail_texts(settings.outbox_dir)
            digests = [k for k in texts if k.startswith("digest:") and "2024-06-03" in k]
            assert digests, sorted(texts)
            for key, body in texts.items():
                assert "Chưa nộp (quá hạn)" not in body, key
                assert not key.startswith("reminder:q7:2024-interim:MN-TANPHONG:after"), key
            assert "Chưa xác minh" in texts[digests[0]]
            assert any(k.startswith("admin:poll-failing:q7:") for k in texts)  # admins told

            stub.faults.down = False  # Drive is back
            assert daemon.poll(local("2024-06-04 10:00")).ok  # type: ignore[union-attr]
            after = interim(daemon, "2024-06-04 10:01")
            assert after["MN-TANPHONG"] is Status.ON_TIME
            assert {after[c] for c in after if c != "MN-TANPHONG"} == {Status.MISSING}
            texts = mail_texts(settings.outbox_dir)
            assert any(k.startswith("admin:poll-recovered:q7:") for k in texts)
            overdue = [
                k for k in texts if k.startswith("reminder:q7:2024-interim:") and ":after-" in k
            ]
            assert overdue and not [k for k in overdue if ":MN-TANPHONG:" in k]
        finally:
            daemon.shutdown()


def test_a_drive_key_replaced_on_disk_is_used_at_the_next_poll(
    tmp_path: Path, documents: dict[str, bytes]
) -> None:
    """The old key is revoked (its tokens too); the new file at the same path works at once."""
    from watcher.cycle import run_cycle
    from watcher.store import Store

    with DriveStub(seed=5) as stub:
        root = stub.add_folder("Báo cáo sơ kết")
        stub.add_file("MN Tân Phong sơ kết 2024.docx", root, documents["word"], DOCX)
        settings = load(setup(tmp_path, stub, root, max_retries=1))
        store = Store.open(settings.state_dir)
        try:
            assert run_cycle(settings, store, local("2024-05-20 10:00"), send=False).ok
            key = settings.drive_credentials
            assert key is not None
            stub.write_service_account_key(key)  # a new key in place; the old one is revoked
            stub.revoke_tokens()
            report = run_cycle(settings, store, local("2024-05-20 10:10"), send=False)
            assert report.ok, [p.error for p in report.polls]
        finally:
            store.close()
