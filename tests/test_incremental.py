"""Work in proportion to what changed: counted operations, not time.

An idle poll (Drive says nothing changed) evaluates no file, computes no row and runs the
same few SQL statements whatever the roster's size; k changed files evaluate those files
and their rows; a deadline computes that period's rows only. Statuses always equal a
from-scratch evaluation.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.drivestub.server import DriveStub
from tests.helpers import CONFIG, local, make_docx, make_scan
from tests.test_archive import archived_files
from tests.test_drive_pipeline import DOCX, no_wait_source
from watcher.archive import archive_campaign, campaign_folder
from watcher.config import Settings, load
from watcher.cycle import CycleReport, run_cycle
from watcher.notify.deliver import deliver, make_transport
from watcher.pipeline import poll_campaign, rules_of, source_files
from watcher.status import compute_rows
from watcher.store import Store

NOW = local("2024-05-20 10:00")
PLACES = ["Tân Phong", "Phù Đổng", "Bình Thuận", "Tân Kiểng", "Tân Hưng", "Phú Mỹ", "Tân Quy"]
PEOPLE = [
    "Lê Văn Tám",
    "Trần Quốc Toản",
    "Nguyễn Huệ",
    "Kim Đồng",
    "Võ Trường Toản",
    "Lý Thường Kiệt",
]


def roster(count: int) -> list[tuple[str, str]]:
    names = [f"{place} {person}" for place in PLACES for person in PEOPLE]
    return [(f"TH-{index:03d}", names[index]) for index in range(count)]


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    folder = tmp_path_factory.mktemp("docs")
    return make_docx(folder / "a.docx").read_bytes(), make_scan(folder / "a.pdf").read_bytes()


def province(tmp: Path, stub: DriveStub, count: int, documents: tuple[bytes, bytes]) -> Path:
    root = stub.add_folder(f"Báo cáo {count}")
    schools = roster(count)
    for code, name in schools:
        folder = stub.add_folder(f"TH {name}", root)
        word, scan = documents
        stub.add_file(
            f"TH {name} bao cao nam 2023.docx",
            folder,
            word + code.encode(),
            DOCX,
            created=local("2023-10-20 09:00"),
        )
        stub.add_file(
            f"TH {name} so ket.pdf", folder, scan + code.encode(), created=local("2024-05-10 09:00")
        )
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "schools.csv").write_text(
        "code,name,level,aliases,emails\n"
        + "".join(f"{code},{name},TH,,{code.lower()}@example.edu.vn\n" for code, name in schools),
        encoding="utf-8",
    )
    key = stub.write_service_account_key(tmp / "key.json")
    config = (
        CONFIG.replace(
            'source = { type = "folder", path = "inbox" }',
            f'source = {{ type = "drive", folder_id = "{root}" }}',
        )
        + f'\n[drive]\ncredentials_file = "{key}"\napi_endpoint = "{stub.api_endpoint}"\n'
    )
    (tmp / "watcher.toml").write_text(config, encoding="utf-8")
    return tmp / "watcher.toml"


class Counted:
    """A store whose SQL statements are counted (sqlite3's own trace hook)."""

    def __init__(self, settings: Settings) -> None:
        self.store = Store.open(settings.state_dir)
        self.statements = 0
        self.rewrites = 0  # queued messages given new content
        self.cursor_writes = 0
        self.district_reads = 0  # every stored evaluation of the campaign read
        self.store.db.set_trace_callback(self._count)

    def _count(self, statement: str) -> None:
        self.statements += 1
        self.rewrites += statement.startswith("UPDATE outbox SET recipients")
        self.cursor_writes += statement.startswith("INSERT INTO cursors")
        self.district_reads += "FROM evaluations WHERE" in statement and " AND " not in statement


def poll(settings: Settings, counted: Counted, now: datetime) -> CycleReport:
    source = no_wait_source(settings, settings.campaigns[0])
    counted.statements = counted.rewrites = counted.cursor_writes = counted.district_reads = 0
    report = run_cycle(settings, counted.store, now, send=False, source_factory=lambda *_: source)
    assert report.ok, [p.error for p in report.polls]
    return report


def from_scratch(settings: Settings, store: Store, now: datetime) -> dict[tuple[str, str], str]:
    campaign = settings.campaigns[0]
    items, _ = source_files(settings, store, campaign, include_removed=True)
    rows = compute_rows(rules_of(campaign), items, now, settings.language)
    return {(r.school.code, r.period.id): r.status.value for r in rows}


def test_an_idle_poll_does_the_same_small_work_at_any_roster_size(
    tmp_path: Path, documents: tuple[bytes, bytes]
) -> None:
    statements = {}
    with DriveStub(seed=1) as stub:
        for count in (4, 40):
            settings = load(province(tmp_path / str(count), stub, count, documents))
            counted = Counted(settings)
            cold = poll(settings, counted, NOW)
            assert cold.polls[0].work.full and cold.polls[0].work.files == 2 * count
            poll(settings, counted, NOW)  # the first idle poll queues the day's mail once
            stub.reset_counts()
            idle = poll(settings, counted, local("2024-05-20 10:05"))
            work = idle.polls[0].work
            assert (work.files, work.rows, work.transitions) == (0, 0, [])
            assert stub.api_requests == 1 and idle.queued == 0 and idle.archived == 0
            assert counted.cursor_writes == 0  # the tree Drive described did not change
            statements[count] = counted.statements
    assert statements[4] == statements[40]  # nothing read per school or per file


def test_k_changes_evaluate_k_files_and_their_rows_and_statuses_stay_exact(
    tmp_path: Path, documents: tuple[bytes, bytes]
) -> None:
    with DriveStub(seed=2) as stub:
        config = province(tmp_path, stub, 30, documents)
        settings = load(config)
        counted = Counted(settings)
        poll(settings, counted, NOW)
        folder = next(i for i in stub.store.items.values() if i.name == "TH Tân Phong Kim Đồng")
        report = make_docx(tmp_path / "k.docx", "TH Tân Phong Kim Đồng", "Báo cáo sơ kết 2024")
        stub.add_file(  # its own title agrees with its name: a conflict would hold it
            "TH Tân Phong Kim Đồng so ket 2024.docx",
            folder.id,
            report.read_bytes(),
            DOCX,
            created=local("2024-05-15 09:00"),
        )
        moved = next(
            i for i in stub.store.items.values() if i.name.startswith("TH Phù Đổng Kim Đồng so ket")
        )
        stub.rename(moved.id, "TH Phù Đổng Kim Đồng bao cao nam 2023 ban ky.pdf")
        changed = poll(settings, counted, local("2024-05-20 11:00"))
        work = changed.polls[0].work
        assert (work.files, work.full) == (2, False)
        assert work.rows == 3  # the new file's row; the renamed file's old and new rows
        statuses = {k: v.value for k, v in counted.store.statuses("q7").items()}
        assert statuses == from_scratch(settings, counted.store, local("2024-05-20 11:00"))
        assert statuses["TH-003", "2024-interim"] == "on_time"  # its Word file arrived
        assert statuses["TH-009", "2023-annual"] == "late"  # the scan now counts for 2023
        assert statuses["TH-009", "2024-interim"] == "pending"


def test_a_deadline_computes_that_periods_rows_only(
    tmp_path: Path, documents: tuple[bytes, bytes]
) -> None:
    with DriveStub(seed=3) as stub:
        settings = load(province(tmp_path, stub, 12, documents))
        counted = Counted(settings)
        poll(settings, counted, NOW)
        after = local("2024-06-01 00:05")  # "2024-interim" is due before 2024-06-01
        report = poll(settings, counted, after)
        work = report.polls[0].work
        assert (work.files, work.rows) == (0, 12)
        assert {t.period for t in work.transitions} <= {"2024-interim"}
        statuses = {k: v.value for k, v in counted.store.statuses("q7").items()}
        assert statuses == from_scratch(settings, counted.store, after)


def queued_reminders(store: Store) -> dict[str, bytes]:
    rows = store.db.execute(
        "SELECT key, message FROM outbox WHERE kind = 'reminder' AND state = 'queued'"
    )
    return {key: message for key, message in rows}


def test_k_changes_rewrite_only_the_waiting_mail_of_their_rows(
    tmp_path: Path, documents: tuple[bytes, bytes]
) -> None:
    """Every school's "sơ kết" still lacks its Word file five days before the deadline: each
    has a reminder waiting in the outbox. Two changed files touch two rows: one reminder is
    rewritten (its school replaced its scan), one cancelled (its school completed), and the
    others are left byte for byte, at 10 schools as at 40."""
    monday = local("2024-05-27 10:00")  # the 7-day stage of the 1 June deadline, in the window
    later = local("2024-05-27 11:00")
    counts = {}
    with DriveStub(seed=4) as stub:
        for count in (10, 40):
            settings = load(province(tmp_path / str(count), stub, count, documents))
            counted = Counted(settings)
            poll(settings, counted, monday)
            waiting = queued_reminders(counted.store)
            assert len(waiting) == count  # one "before-7d" reminder per school
            scans = {i.name: i for i in stub.store.items.values() if i.name.endswith(" so ket.pdf")}
            _, first = roster(count)[0]
            code_second, second = roster(count)[1]
            stub.update_file(scans[f"TH {first} so ket.pdf"].id, documents[1] + b"again")
            folder = scans[f"TH {second} so ket.pdf"].parents[0]
            word = make_docx(tmp_path / f"w{count}.docx", f"TH {second}", "Báo cáo sơ kết 2024")
            stub.add_file(
                f"TH {second} so ket 2024.docx",
                folder,
                word.read_bytes(),
                DOCX,
                created=local("2024-05-27 10:30"),
            )
            report = poll(settings, counted, later)
            work = report.polls[0].work
            now_waiting = queued_reminders(counted.store)
            counts[count] = (
                work.files,
                work.rows,
                counted.rewrites,
                len(waiting) - len(now_waiting),
            )
            assert counted.district_reads == 0  # mail planned from those rows' schools alone
            assert not any(code_second in key for key in now_waiting)  # complete: cancelled
            unchanged = [key for key in now_waiting if waiting[key] == now_waiting[key]]
            assert len(unchanged) == count - 2  # the rewritten one differs (its Date header)
            statuses = {k: v.value for k, v in counted.store.statuses("q7").items()}
            assert statuses == from_scratch(settings, counted.store, later)
            assert statuses[code_second, "2024-interim"] == "on_time"
    assert counts[10] == counts[40] == (2, 2, 1, 1)


def test_a_delivery_pass_reads_the_rows_of_its_messages_only(
    tmp_path: Path, documents: tuple[bytes, bytes]
) -> None:
    """Each reminder is checked against its row just before it leaves: the pass reads the
    evaluations of the schools its messages go to, not the district's."""
    monday = local("2024-05-27 10:00")
    statements = {}
    with DriveStub(seed=5) as stub:
        for count in (10, 40):
            settings = load(province(tmp_path / str(count), stub, count, documents))
            counted = Counted(settings)
            poll(settings, counted, monday)
            ids = [
                row[0]
                for row in counted.store.db.execute(
                    "SELECT id FROM outbox WHERE kind = 'reminder' ORDER BY id"
                )
            ]
            counted.store.db.execute(  # the batch: three reminders, the receipts wait
                f"UPDATE outbox SET not_before = '2099-01-01T00:00:00+00:00' WHERE id NOT IN "
                f"({','.join(str(i) for i in ids[:3])}) AND state = 'queued'"
            )
            counted.statements, reads = 0, []
            counted.store.db.set_trace_callback(reads.append)
            report = deliver(
                settings, counted.store, make_transport(settings), local("2024-05-27 10:01")
            )
            counted.store.db.set_trace_callback(None)
            assert report.sent == 3
            everything = [q for q in reads if "FROM evaluations WHERE" in q and " AND " not in q]
            assert everything == []
            statements[count] = len(reads)
    assert statements[10] == statements[40]


def test_reading_a_rows_evaluations_uses_the_row_index_not_the_whole_campaign(
    tmp_path: Path,
) -> None:
    """With `ORDER BY file_id`, SQLite walked the whole campaign for every row it was asked
    for: a deadline poll at 5,000 schools took 161 s. Each row's files come by its index."""
    store = Store.open(tmp_path / "var")
    try:
        run: list[str] = []  # the statements as SQLite ran them, values filled in
        store.db.set_trace_callback(run.append)
        store.evaluations("c", {("TH-001", "2024-interim"), ("TH-002", "2024-interim")})
        store.evaluations_at_schools("c", {"TH-001"})
        store.db.set_trace_callback(None)
        selects = [sql for sql in run if sql.lstrip().upper().startswith("SELECT")]
        assert len(selects) == 3
        for sql in selects:
            plan = " ".join(str(step[-1]) for step in store.db.execute("EXPLAIN QUERY PLAN " + sql))
            assert "USING INDEX evaluations_row" in plan, (sql, plan)
    finally:
        store.close()


def whole_campaign_reads(statements: list[str]) -> list[str]:
    """Statements that read a table of the campaign without naming the rows they want."""
    tables = ("files", "versions", "placements", "archive_copies", "evaluations")
    whole_tables = [
        q
        for q in statements
        if any(f"FROM {table} WHERE campaign = 'q7'" in q for table in tables)
        and " AND " not in q.split("WHERE", 1)[1].split("ORDER BY")[0]
    ]
    kinds = ("reminder", "receipt", "problem")  # the campaign's whole range of mail keys
    whole_outbox = [q for q in statements if any(f"key >= '{k}:q7:' " in q for k in kinds)]
    return whole_tables + whole_outbox


def test_k_changes_archive_their_files_only_and_the_manifest_stays_complete(
    tmp_path: Path, documents: tuple[bytes, bytes]
) -> None:
    """Three changes (a replaced scan, a file renamed into another period, a file deleted):
    the poll's whole cycle, archive and mail included, runs the same SQL statements at 10
    and at 40 schools, reads no table of the campaign whole (nor its whole range of mail
    keys) but the manifest's stored lines, and leaves the archive and its manifest exactly
    as archiving every file again would."""
    later = local("2024-05-20 11:00")
    counts = {}
    with DriveStub(seed=6) as stub:
        for count in (10, 40):
            settings = load(province(tmp_path / str(count), stub, count, documents))
            counted = Counted(settings)
            cold = poll(settings, counted, NOW)
            assert cold.archived == 2 * count
            items = {i.name: i for i in stub.store.items.values()}
            _, first = roster(count)[0]
            _, second = roster(count)[1]
            _, third = roster(count)[2]
            stub.update_file(items[f"TH {first} so ket.pdf"].id, documents[1] + b"again")
            stub.rename(
                items[f"TH {second} so ket.pdf"].id, f"TH {second} bao cao nam 2023 ban ky.pdf"
            )
            stub.trash(items[f"TH {third} bao cao nam 2023.docx"].id)
            statements: list[str] = []
            counted.store.db.set_trace_callback(statements.append)
            changed = poll(settings, counted, later)
            counted.store.db.set_trace_callback(None)
            assert changed.archived == 1  # the new version; the renamed scan's copy moved
            reads = whole_campaign_reads(statements)
            assert reads == [], reads
            assert sum("FROM manifest_lines" in q for q in statements) == 1
            counts[count] = len(statements)
            campaign = settings.campaigns[0]
            root = campaign_folder(settings, campaign)
            assert root is not None
            incremental = (root / "manifest.csv").read_bytes()
            files = archived_files(root)
            again = archive_campaign(settings, counted.store, campaign, later)
            assert (again.written, again.moved, again.withdrawn, again.ok) == (0, 0, 0, True)
            assert (root / "manifest.csv").read_bytes() == incremental
            assert archived_files(root) == files
            lines = incremental.decode("utf-8-sig").splitlines()
            assert len(lines) == 1 + 2 * count + 1  # a line per version, the replaced one too
            assert sum("đã rút" in line for line in lines) == 1  # the deleted file, withdrawn
            assert sum("đã được thay" in line for line in lines) == 1  # the replaced scan
    assert counts[10] == counts[40]


def test_files_a_killed_poll_evaluated_are_archived_by_the_next_one(
    tmp_path: Path, documents: tuple[bytes, bytes]
) -> None:
    """The evaluation notes its files for the archive in its own transaction: a poll killed
    before archiving leaves them to the next poll, even an idle one."""
    with DriveStub(seed=7) as stub:
        settings = load(province(tmp_path, stub, 6, documents))
        counted = Counted(settings)
        poll(settings, counted, NOW)
        scan = next(i for i in stub.store.items.values() if i.name.endswith(" so ket.pdf"))
        stub.update_file(scan.id, documents[1] + b"again")
        campaign = settings.campaigns[0]
        source = no_wait_source(settings, campaign)
        evaluated = poll_campaign(
            settings, counted.store, campaign, source, local("2024-05-20 11:00")
        )
        assert evaluated.ok and evaluated.work.files == 1  # then killed: no archiving
        idle = poll(settings, counted, local("2024-05-20 11:05"))
        assert idle.polls[0].work.files == 0 and idle.archived == 1
        assert poll(settings, counted, local("2024-05-20 11:10")).archived == 0
        root = campaign_folder(settings, campaign)
        assert root is not None
        assert sum(" (20" in p or "so ket" in p for p in archived_files(root)) >= 2
