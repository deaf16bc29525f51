"""Each campaign writes as its own department: [campaign.email] sender, staff and reply_to."""

from __future__ import annotations

import email
from email import policy
from email.utils import parseaddr
from pathlib import Path

from tests.helpers import make_docx, make_scan, run_cli
from tests.test_campaigns import CONFIG, Q7_ROSTER, TM_ROSTER

OWN = (
    CONFIG.replace(
        'staff = ["tonghop.tm@example.edu.vn"]\n',
        "",
    )
    .replace(
        "[campaign.report]",
        '[campaign.email]\nsender = "Phòng GDĐT Thanh Miện <pgd@thanhmien.edu.vn>"\n'
        'staff = ["tonghop.tm@example.edu.vn"]\nreply_to = "vanthu@thanhmien.edu.vn"\n\n'
        "[campaign.report]",
    )
    .replace(
        'source = { type = "folder", path = "inbox/q7" }\n',
        'source = { type = "folder", path = "inbox/q7" }\n\n'
        '[campaign.email]\nsender = "Phòng GDĐT Quận 7 <pgd@q7.edu.vn>"\n',
    )
)


def test_each_campaign_sends_from_its_own_sender(tmp_path: Path) -> None:
    (tmp_path / "q7.csv").write_text(Q7_ROSTER, encoding="utf-8")
    (tmp_path / "tm.csv").write_text(TM_ROSTER, encoding="utf-8")
    config = tmp_path / "watcher.toml"
    config.write_text(OWN.replace("2022-09-10", "2024-05-24"), encoding="utf-8")
    q7, tm = tmp_path / "inbox/q7", tmp_path / "inbox/tm"
    make_docx(q7 / "MN Tân Phong - báo cáo sơ kết 2024.docx", "MN Tân Phong", "Báo cáo sơ kết 2024",
              "2024-05-20 09:00")  # fmt: skip
    make_scan(q7 / "MN Tân Phong - báo cáo sơ kết 2024.pdf", "2024-05-20 09:05")
    make_docx(tm / "TH Phù Đổng - BC PCCC 2022.docx", "TH Phù Đổng", "Báo cáo PCCC năm 2022",
              "2024-05-20 08:00")  # fmt: skip
    assert run_cli("check", "--config", str(config)).returncode == 0
    result = run_cli("poll", "--config", str(config), "--now", "2024-05-21 09:00")
    assert result.returncode == 0, result.stderr
    senders: dict[tuple[str, str], set[str]] = {}
    for path in (tmp_path / "var/outbox").glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        kind, campaign = str(message["X-Watcher-Key"]).split(":")[:2]
        address = parseaddr(str(message["From"]))[1]
        senders.setdefault((campaign, kind), set()).add(address)
        if campaign == "tm" and kind != "digest":
            assert parseaddr(str(message["Reply-To"]))[1] == "vanthu@thanhmien.edu.vn"
        if campaign == "tm" and kind == "digest":
            assert "tonghop.tm@example.edu.vn" in str(message["To"])
    assert senders[("q7", "digest")] == {"pgd@q7.edu.vn"}
    assert senders[("tm", "digest")] == {"pgd@thanhmien.edu.vn"}
    assert senders[("q7", "receipt")] == {"pgd@q7.edu.vn"}
    assert senders[("tm", "reminder")] == {"pgd@thanhmien.edu.vn"}
    assert senders[("tm", "receipt")] == {"pgd@thanhmien.edu.vn"}


def test_a_bad_campaign_sender_is_named_with_its_key(tmp_path: Path) -> None:
    (tmp_path / "q7.csv").write_text(Q7_ROSTER, encoding="utf-8")
    (tmp_path / "tm.csv").write_text(TM_ROSTER, encoding="utf-8")
    config = tmp_path / "watcher.toml"
    config.write_text(OWN.replace("pgd@q7.edu.vn", "pgd-q7.edu.vn"), encoding="utf-8")
    result = run_cli("check", "--config", str(config))
    assert result.returncode == 1 and "campaign[0].email.sender" in result.stderr
