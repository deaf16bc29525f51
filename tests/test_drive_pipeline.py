"""The whole poll against the Drive stand-in: faults never change a status, nothing partial."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from tests.drivestub.server import DriveStub
from tests.helpers import CONFIG, local, make_docx, make_scan, run_cli, write_setup
from watcher.config import Campaign, Settings, load
from watcher.cycle import run_cycle
from watcher.pipeline import current_rows
from watcher.sources.drive import DriveSource
from watcher.sources.drive_factory import drive_settings
from watcher.store import Store

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NOW = local("2024-01-05 10:00")


def no_wait_source(settings: Settings, campaign: Campaign) -> DriveSource:
    """The real source with its real settings; only the retry pause is skipped."""
    return DriveSource(campaign.source_location, drive_settings(settings), sleep=lambda _s: None)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("docs")
    return {
        "word": make_docx(folder / "a.docx").read_bytes(),
        "word2": make_docx(folder / "b.docx", title="Báo cáo năm 2023 (sửa)").read_bytes(),
        "word3": make_docx(folder / "c.docx", "TH Phù Đổng").read_bytes(),
        "scan": make_scan(folder / "a.pdf").read_bytes(),
    }


@pytest.fixture
def stub() -> DriveStub:
    with DriveStub(seed=7) as running:
        yield running


def district(stub: DriveStub, documents: dict[str, bytes]) -> tuple[str, dict[str, str]]:
    root = stub.add_folder("Báo cáo CTrHĐ 16")
    ids: dict[str, str] = {}
    for school in ("MN Tân Phong", "TH Phù Đổng", "THCS Phù Đổng"):
        folder = stub.add_folder(school, root)
        when = local("2023-10-20 09:00") if school != "THCS Phù Đổng" else local("2023-11-03 09:00")
        ids[school + " word"] = stub.add_file(
            f"{school} bao cao nam 2023.docx", folder, documents["word"], DOCX, created=when
        )
        if school != "TH Phù Đổng":
            ids[school + " scan"] = stub.add_file(
                f"{school} bao cao nam 2023.pdf", folder, documents["scan"], created=when
            )
    stub.add_file("ghi chu.txt", root, b"hello", "text/plain", created=local("2023-10-21 09:00"))
    return root, ids


def setup(tmp: Path, stub: DriveStub, root: str, **drive: object) -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    key = stub.write_service_account_key(tmp / "key.json")
    extra = "".join(f"{name} = {json.dumps(value)}\n" for name, value in drive.items())
    config = CONFIG.replace(
        'source = { type = "folder", path = "inbox" }',
        f'source = {{ type = "drive", folder_id = "{root}" }}',
    )
    config += (
        f'\n[drive]\ncredentials_file = "{key}"\napi_endpoint = "{stub.api_endpoint}"\n{extra}'
    )
    return write_setup(tmp, config)


def statuses(settings: Settings, store: Store, now: datetime = NOW) -> dict[tuple[str, str], str]:
    rows, _ = current_rows(settings, store, settings.campaigns[0], now)
    return {(r.school.code, r.period.id): r.status.value for r in rows}


def cycle(config: Path, now: datetime = NOW):  # type: ignore[no-untyped-def]
    settings = load(config)
    store = Store.open(settings.state_dir)
    report = run_cycle(settings, store, now, source_factory=no_wait_source)
    return settings, store, report


def test_statuses_under_20_percent_faults_equal_the_fault_free_run(
    tmp_path: Path, stub: DriveStub, documents: dict[str, bytes]
) -> None:
    root, _ = district(stub, documents)
    clean_settings, clean_store, clean = cycle(setup(tmp_path / "clean", stub, root))
    assert clean.ok
    expected = statuses(clean_settings, clean_store)
    assert expected["MN-TANPHONG", "2023-annual"] == "on_time"
    assert expected["THCS-PHUDONG", "2023-annual"] == "late"
    assert expected["TH-PHUDONG", "2023-annual"] == "incomplete"
    stub.faults.ratio = 0.2
    stub.faults.retry_after = 0
    faulty_settings, faulty_store, faulty = cycle(
        setup(tmp_path / "faulty", stub, root, max_retries=10)
    )
    assert faulty.ok, [p.error for p in faulty.polls]
    assert sum(1 for entry in stub.log if entry.status >= 400) > 0  # faults really happened
    assert statuses(faulty_settings, faulty_store) == expected


def test_server_down_fails_loudly_and_changes_nothing(
    tmp_path: Path, stub: DriveStub, documents: dict[str, bytes]
) -> None:
    root, ids = district(stub, documents)
    config = setup(tmp_path, stub, root, max_retries=2)
    settings, store, first = cycle(config)
    assert first.ok
    before = statuses(settings, store, local("2023-12-01 00:00"))
    mail_before = store.mail()
    stub.add_file(
        "TH Phù Đổng bao cao nam 2023.pdf",
        stub.add_folder("x", root),
        documents["scan"],
        created=local("2023-10-22 09:00"),
    )
    stub.faults.down = True
    _, store, second = cycle(config, local("2023-12-01 00:00"))
    assert not second.ok and second.polls[0].error
    assert statuses(settings, store, local("2023-12-01 00:00")) == before
    assert len(store.mail()) == len(mail_before)
    assert store.transitions()[-1][1].at == NOW  # no transition recorded after the failure


def test_idle_poll_costs_one_request_and_k_changes_k_downloads(
    tmp_path: Path, stub: DriveStub, documents: dict[str, bytes]
) -> None:
    root, ids = district(stub, documents)
    config = setup(tmp_path, stub, root)
    settings = load(config)
    store = Store.open(settings.state_dir)
    source = no_wait_source(settings, settings.campaigns[0])
    assert run_cycle(settings, store, NOW, source_factory=lambda *_: source).ok
    stub.reset_counts()
    idle = run_cycle(settings, store, NOW, source_factory=lambda *_: source)
    assert (idle.polls[0].requests, idle.polls[0].downloads, stub.api_requests) == (1, 0, 1)
    stub.update_file(ids["MN Tân Phong word"], documents["word2"])
    stub.update_file(ids["TH Phù Đổng word"], documents["word3"])
    changed = run_cycle(settings, store, NOW, source_factory=lambda *_: source)
    assert changed.polls[0].downloads == 2


def test_a_trashed_file_stops_counting(
    tmp_path: Path, stub: DriveStub, documents: dict[str, bytes]
) -> None:
    root, ids = district(stub, documents)
    settings, store, _ = cycle(setup(tmp_path, stub, root))
    assert statuses(settings, store)["MN-TANPHONG", "2023-annual"] == "on_time"
    stub.trash(ids["MN Tân Phong scan"])
    _, store, report = cycle(setup(tmp_path, stub, root))
    assert report.ok
    assert statuses(settings, store)["MN-TANPHONG", "2023-annual"] == "incomplete"


def test_check_connect_names_the_folder_and_counts_files(
    tmp_path: Path, stub: DriveStub, documents: dict[str, bytes]
) -> None:
    root, _ = district(stub, documents)
    result = run_cli("check", "--connect", "--config", str(setup(tmp_path, stub, root)))
    assert result.returncode == 0, result.stderr
    assert "Báo cáo CTrHĐ 16" in result.stdout and "6 tệp" in result.stdout


def test_a_file_closed_to_downloading_is_a_problem_of_that_file_not_a_stuck_poll(
    tmp_path: Path, stub: DriveStub, documents: dict[str, bytes]
) -> None:
    """An uploader who blocks downloading for viewers must not freeze every school's status."""
    root, ids = district(stub, documents)
    config = setup(tmp_path, stub, root, max_retries=2)
    settings, store, first = cycle(config)
    assert first.ok
    scan = stub.add_file(
        "TH Phù Đổng bao cao nam 2023.pdf",
        stub.add_folder("TH Phù Đổng (bản ký)", root),
        make_scan(tmp_path / "ky.pdf", size=(900, 1200)).read_bytes(),  # content not seen yet
        created=local("2023-10-22 09:00"),
    )
    stub.faults.forbidden.add(scan)
    stub.update_file(ids["MN Tân Phong word"], documents["word2"])  # another school moves on

    _, store, blocked = cycle(config)
    assert blocked.ok, [p.error for p in blocked.polls]
    assert blocked.polls[0].downloads == 1  # the other school's new revision
    rows, _ = current_rows(settings, store, settings.campaigns[0], NOW)
    row = next(r for r in rows if (r.school.code, r.period.id) == ("TH-PHUDONG", "2023-annual"))
    assert row.status.value == "malformed"
    assert any("chặn tải xuống" in problem for problem in row.problems)

    stub.faults.forbidden.clear()  # the uploader lifts the block: Drive reports a change
    stub.store.update(scan)
    _, store, opened = cycle(config)
    assert opened.ok and opened.polls[0].downloads == 1
    assert statuses(settings, store)["TH-PHUDONG", "2023-annual"] == "on_time"
