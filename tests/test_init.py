"""`watcher init`: plan + Excel list -> a commented config that `check` passes once the key and
SMTP lines are filled, and a poll on a folder of uploads works (all through the CLI)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from tests.helpers import ROOT, make_docx, run_cli
from tests.test_plan import Q7, THANH_MIEN, needs_seeds
from tests.test_roster_xlsx import excel_roster
from tests.test_smtp import Server, smtp_server  # noqa: F401 - the fixture

__all__ = ["smtp_server"]


def fill_smtp(config: Path, port: int) -> None:
    text = config.read_text(encoding="utf-8")
    text = text.replace('transport = "outbox"', 'transport = "smtp"')
    text = text.replace('# smtp_host = "smtp.example.edu.vn"', 'smtp_host = "127.0.0.1"')
    text = text.replace("# smtp_port = 587", f"smtp_port = {port}")
    text = text.replace('# smtp_security = "starttls"', 'smtp_security = "none"')
    config.write_text(text, encoding="utf-8")


@needs_seeds
def test_init_from_the_q7_plan_and_an_excel_list(tmp_path: Path) -> None:
    roster = excel_roster(tmp_path / "truong.xlsx")
    out = tmp_path / "config"
    result = run_cli("init", "--plan", str(Q7), "--roster", str(roster), "--out", str(out))
    assert result.returncode == 0, result.stderr
    config = out / "watcher.toml"
    text = config.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    (campaign,) = data["campaign"]
    assert campaign["roster"] == "truong.xlsx" and (out / "truong.xlsx").is_file()
    assert campaign["require"] == ["word", "scan"]
    assert campaign["source"] == {
        "type": "drive",
        "folder_id": "https://drive.google.com/drive/folders/1gMeFHdRdL2i9TkpDcaOqTVlUqN1qxsks",
    }
    assert campaign["title"].startswith("Thực hiện Chương trình hành động số 16-CTrHĐ")
    assert [p["due_before"] for p in campaign["period"]] == [
        "2023-11-01",
        "2024-06-01",
        "2025-11-01",
    ]
    assert "# Theo kế hoạch: «Báo cáo sơ kết gửi trước ngày 01 tháng 6 năm 2024.»" in text
    assert data["drive"]["credentials_file"] == "service-account.json"
    # what is left is said, and check already runs on the draft (the school without e-mail)
    assert "Kiểm tra cấu hình: đạt." in result.stdout
    assert "service account" in result.stdout and "WATCHER_SMTP_PASSWORD" in result.stdout
    assert "sẽ không nhận được nhắc nhở" in result.stderr
    # the admin fills in the key and the SMTP lines: check passes, the deadlines are the plan's
    (out / "service-account.json").write_text('{"type": "service_account"}', encoding="utf-8")
    fill_smtp(config, 2525)
    checked = run_cli("check", "--config", str(config))
    assert checked.returncode == 0, checked.stderr
    assert "1 đợt báo cáo, 4 dòng trường" in checked.stdout
    again = run_cli("init", "--plan", str(Q7), "--out", str(out))
    assert again.returncode == 1 and "không ghi đè" in again.stderr


@needs_seeds
def test_init_from_the_thanh_mien_plan_then_a_poll_on_the_folder_of_uploads(
    tmp_path: Path,
    smtp_server: Server,  # noqa: F811 - the fixture
) -> None:
    out = tmp_path / "config"
    roster = ROOT / "config" / "demo" / "thanhmien.csv"
    result = run_cli(
        "init",
        "--plan",
        str(THANH_MIEN),
        "--roster",
        str(roster),
        "--out",
        str(out),
        "--lang",
        "en",
    )
    assert result.returncode == 0, result.stderr
    config = out / "watcher.toml"
    data = tomllib.loads(config.read_text(encoding="utf-8"))
    assert data["language"] == "en"
    (campaign,) = data["campaign"]
    assert campaign["source"] == {"type": "folder", "path": "inbox"}
    assert campaign["require"] == ["word"]
    assert [p["due_before"] for p in campaign["period"]] == ["2022-09-10"]
    assert data["email"]["staff"] == ["Bienhungthai@gmail.com"]
    assert "the folder for the files" in result.stdout
    fill_smtp(config, smtp_server.port)
    assert run_cli("check", "--config", str(config)).returncode == 0
    make_docx(
        out / "inbox" / "MN Đoàn Tùng - báo cáo PCCC.docx",
        school="Mầm non Đoàn Tùng",
        title="Báo cáo kết quả thực hiện công tác PCCC",
        when="2022-09-05 10:00",
    )
    polled = run_cli("poll", "--config", str(config), "--now", "2022-09-06 09:00")
    assert polled.returncode == 0, polled.stderr + polled.stdout
    status = run_cli(
        "status", "--config", str(config), "--format", "json", "--now", "2022-09-06 09:00"
    )
    rows = json.loads(status.stdout)["campaigns"][0]
    statuses = {row["school"]: row["status"] for row in _rows(rows)}
    assert statuses["TM-MN-DOANTUNG"] == "on_time"
    assert {s for code, s in statuses.items() if code != "TM-MN-DOANTUNG"} == {"pending"}
    recipients = {to for tos, _ in smtp_server.recorder.messages for to in tos}
    assert "Bienhungthai@gmail.com" in recipients  # the first digest went out over SMTP


def _rows(campaign: dict) -> list[dict]:  # type: ignore[type-arg]
    if "rows" in campaign:
        return campaign["rows"]  # type: ignore[no-any-return]
    return [row for period in campaign["periods"] for row in period["rows"]]


def test_init_without_a_plan_writes_a_commented_skeleton(tmp_path: Path) -> None:
    out = tmp_path / "config"
    result = run_cli("init", "--out", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr
    text = (out / "watcher.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data["campaign"][0]["roster"] == "schools.csv" and (out / "schools.csv").is_file()
    assert "# [[campaign.period]]" in text and "watcher init --plan" in text
    assert '# source = { type = "drive", folder_id = "https://drive.google.com/' in text
    assert "add at least one [[campaign.period]]" in result.stderr
    assert "add the reporting periods" in result.stdout


@needs_seeds
def test_a_plan_taking_reports_by_email_offers_its_mailbox_as_the_source(tmp_path: Path) -> None:
    out = tmp_path / "config"
    assert run_cli("init", "--plan", str(THANH_MIEN), "--out", str(out)).returncode == 0
    config = out / "watcher.toml"
    text = config.read_text(encoding="utf-8")
    mailbox = (
        '# source = { type = "imap", host = "imap.gmail.com", username = "Bienhungthai@gmail.com" }'
    )
    assert mailbox in text
    folder = 'source = { type = "folder", path = "inbox" }'
    config.write_text(text.replace(folder, "# " + folder).replace(mailbox, mailbox[2:]), "utf-8")
    checked = run_cli("check", "--config", str(config))
    assert checked.returncode == 0, checked.stderr
