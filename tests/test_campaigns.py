"""Several campaigns from one config and one poll: status, digests and reports keep them apart.

Campaign "q7" follows seed 000 (Word + scan, two periods, Drive-like folder); "tm" follows
seed 003 (one period due before 2022-09-10, a single soft copy). Different rosters, sources,
deadlines and staff; one `watcher poll` serves both.
"""

from __future__ import annotations

import csv
import email
import io
import json
from email import policy
from pathlib import Path

import pytest
from docx import Document

from tests.helpers import make_docx, make_scan, run_cli
from watcher.i18n import status_label
from watcher.model import Status

NOW = "2024-07-01 09:00"
CONFIG = """timezone = "Asia/Ho_Chi_Minh"
state_dir = "var"

[email]
transport = "outbox"
outbox_dir = "var/outbox"
sender = "Phòng GDĐT <pgd@example.edu.vn>"
staff = ["chuyenvien@example.edu.vn"]

[[campaign]]
id = "q7"
title = "Báo cáo biến đổi khí hậu"
roster = "q7.csv"
require = ["word", "scan"]
source = { type = "folder", path = "inbox/q7" }

[[campaign.period]]
id = "2023-annual"
label = "Báo cáo năm 2023"
due_before = "2023-11-01"
keywords = ["nam 2023"]

[[campaign.period]]
id = "2024-interim"
label = "Báo cáo sơ kết 2024"
due_before = "2024-06-01"
keywords = ["so ket"]

[[campaign]]
id = "tm"
title = "Báo cáo PCCC và CNCH"
roster = "tm.csv"
require = ["word"]
source = { type = "folder", path = "inbox/tm" }
staff = ["tonghop.tm@example.edu.vn"]

[[campaign.period]]
id = "2022"
label = "Báo cáo PCCC năm 2022"
due_before = "2022-09-10"

[campaign.report]
issuer_parent = "ỦY BAN NHÂN DÂN HUYỆN THANH MIỆN"
place = "Thanh Miện"
"""
Q7_ROSTER = """code,name,level,aliases,emails
Q7-MN-TANPHONG,Tân Phong,MN,,mntanphong@example.edu.vn
Q7-TH-PHUDONG,Phù Đổng,TH,,thphudong@example.edu.vn
Q7-THCS-NTT,Nguyễn Thị Thập,THCS,,thcsntt@example.edu.vn
"""
# "Phù Đổng" exists in both districts: the same name must not leak across campaigns.
TM_ROSTER = """code,name,level,aliases,emails
TM-MN-DOANTUNG,Đoàn Tùng,MN,,mndoantung@example.edu.vn
TM-TH-PHUDONG,Phù Đổng,TH,,thphudong.tm@example.edu.vn
TM-THCS-LEHONG,Lê Hồng,THCS,,thcslehong@example.edu.vn
"""


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("campaigns")
    (tmp / "q7.csv").write_text(Q7_ROSTER, encoding="utf-8")
    (tmp / "tm.csv").write_text(TM_ROSTER, encoding="utf-8")
    (tmp / "watcher.toml").write_text(CONFIG, encoding="utf-8")
    q7, tm = tmp / "inbox" / "q7", tmp / "inbox" / "tm"
    annual = "Báo cáo năm 2023"
    make_docx(
        q7 / "MN Tân Phong - báo cáo năm 2023.docx", "MN Tân Phong", annual, "2023-10-20 09:00"
    )
    make_scan(q7 / "MN Tân Phong - báo cáo năm 2023.pdf", "2023-10-20 09:05")
    # Word only: enough for tm, not for q7
    make_docx(q7 / "TH Phù Đổng - báo cáo năm 2023.docx", "TH Phù Đổng", annual, "2023-10-21 09:00")
    pccc = "Báo cáo PCCC năm 2022"
    make_docx(tm / "TH Phù Đổng - BC PCCC 2022.docx", "TH Phù Đổng", pccc, "2022-09-05 08:00")
    make_docx(tm / "THCS Lê Hồng - BC PCCC.docx", "THCS Lê Hồng", pccc, "2022-09-12 07:30")
    result = run_cli("poll", "--config", str(tmp / "watcher.toml"), "--now", NOW)
    assert result.returncode == 0, result.stderr
    assert "q7:" in result.stdout and "tm:" in result.stdout  # one poll served both
    return tmp / "watcher.toml"


def status(config: Path, *extra: str) -> dict:
    result = run_cli("status", "--config", str(config), "--format", "json", "--now", NOW, *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def rows_by_campaign(document: dict) -> dict[str, dict[tuple[str, str], str]]:
    return {
        campaign["id"]: {(r["period"], r["school"]): r["status"] for r in campaign["rows"]}
        for campaign in document["campaigns"]
    }


def test_status_keeps_rosters_periods_and_rules_apart(setup: Path) -> None:
    rows = rows_by_campaign(status(setup))
    assert set(rows) == {"q7", "tm"}
    assert {school for _, school in rows["q7"]} == {
        "Q7-MN-TANPHONG",
        "Q7-TH-PHUDONG",
        "Q7-THCS-NTT",
    }
    assert {school for _, school in rows["tm"]} == {
        "TM-MN-DOANTUNG",
        "TM-TH-PHUDONG",
        "TM-THCS-LEHONG",
    }
    assert {period for period, _ in rows["q7"]} == {"2023-annual", "2024-interim"}
    assert {period for period, _ in rows["tm"]} == {"2022"}
    assert rows["q7"][("2023-annual", "Q7-MN-TANPHONG")] == "on_time"
    assert rows["q7"][("2023-annual", "Q7-TH-PHUDONG")] == "incomplete"  # needs a scan too
    assert rows["tm"][("2022", "TM-TH-PHUDONG")] == "on_time"  # one soft copy is enough
    assert rows["tm"][("2022", "TM-THCS-LEHONG")] == "late"  # its own deadline, 10 Sept 2022
    assert rows["tm"][("2022", "TM-MN-DOANTUNG")] == "missing"


def test_status_of_one_campaign_shows_only_that_campaign(setup: Path) -> None:
    document = status(setup, "--campaign", "tm")
    assert [c["id"] for c in document["campaigns"]] == ["tm"]
    files = {f["name"] for row in document["campaigns"][0]["rows"] for f in row["files"]}
    assert files == {"TH Phù Đổng - BC PCCC 2022.docx", "THCS Lê Hồng - BC PCCC.docx"}


def test_status_of_one_period_shows_only_campaigns_that_have_it(setup: Path) -> None:
    document = status(setup, "--period", "2022")
    assert [c["id"] for c in document["campaigns"]] == ["tm"]
    assert {r["period"] for r in document["campaigns"][0]["rows"]} == {"2022"}
    # a mistyped period id is an error, not an empty list of schools
    for extra in (("--period", "2023"), ("--period", "2022", "--campaign", "q7")):
        result = run_cli("status", "--config", str(setup), "--now", NOW, *extra)
        assert result.returncode == 2 and "không có kỳ nào mã" in result.stderr, result.stdout


def test_each_campaign_gets_its_own_digest(setup: Path) -> None:
    digests = {}
    for path in (setup.parent / "var" / "outbox").glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        digests[str(message["To"])] = (str(message["Subject"]), body.get_content())
    assert set(digests) == {"chuyenvien@example.edu.vn", "tonghop.tm@example.edu.vn"}
    q7_subject, q7_body = digests["chuyenvien@example.edu.vn"]
    tm_subject, tm_body = digests["tonghop.tm@example.edu.vn"]
    assert "Báo cáo biến đổi khí hậu" in q7_subject and "PCCC" in tm_subject
    assert "Tân Phong" in q7_body and "Lê Hồng" not in q7_body and "PCCC" not in q7_body
    assert "Lê Hồng" in tm_body and "Tân Phong" not in tm_body and "sơ kết" not in tm_body


def test_reports_keep_campaigns_apart(setup: Path) -> None:
    out = setup.parent / "out"
    for campaign in ("q7", "tm"):
        for suffix in ("csv", "docx"):
            result = run_cli(
                "report", "--config", str(setup), "--campaign", campaign,
                "--out", str(out / f"{campaign}.{suffix}"), "--now", NOW,
            )  # fmt: skip
            assert result.returncode == 0, result.stderr
    for campaign, expected in rows_by_campaign(status(setup)).items():
        text = (out / f"{campaign}.csv").read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        labels = {
            key: status_label(Status(value), "vi") for key, value in expected.items()
        }  # the CSV is for people: its headers and statuses are in the configured language
        assert {(r["Mã kỳ"], r["Mã trường"]): r["Tình trạng"] for r in rows} == labels
        assert {r["Đợt báo cáo"] for r in rows} == {campaign}
    q7 = Document(str(out / "q7.docx")).tables[0].rows[0].cells[0].text
    tm = Document(str(out / "tm.docx")).tables[0].rows[0].cells[0].text
    assert q7.startswith("ỦY BAN NHÂN DÂN QUẬN 7")  # [report] defaults
    assert tm.startswith("ỦY BAN NHÂN DÂN HUYỆN THANH MIỆN")  # its own [campaign.report]
    tm_date = [p.text for p in Document(str(out / "tm.docx")).tables[0].rows[0].cells[1].paragraphs]
    assert "Thanh Miện, ngày 01 tháng 7 năm 2024" in tm_date


def test_the_demo_config_has_two_campaigns_apart() -> None:
    """The shipped demo: the second campaign is seed 003's plan (one period, Word only)."""
    from watcher.config import load

    settings = load(Path(__file__).parent.parent / "config" / "demo" / "watcher.toml")
    assert len(settings.campaigns) == 2
    q7, tm = settings.campaigns
    assert {s.code for s in q7.schools}.isdisjoint({s.code for s in tm.schools})
    assert q7.source_location != tm.source_location
    assert [p.deadline.isoformat() for p in tm.periods] == ["2022-09-09T23:59:59+07:00"]
    assert [r.value for r in tm.require] == ["word"]
