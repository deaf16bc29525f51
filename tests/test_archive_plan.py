"""The archive plan: pure decisions about where each version of each file goes."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from watcher.archive.plan import Action, Entry, plan, school_folders
from watcher.model import Role, School
from watcher.store import ArchivedCopy

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PHU_DONG = School("TH-PHUDONG", "Phù Đổng", "TH")
PHU_DONG_THCS = School("THCS-PHUDONG", "Phù Đổng", "THCS")
SCHOOLS = (PHU_DONG, PHU_DONG_THCS)
ARCHIVED = datetime(2024, 6, 1, tzinfo=UTC)


def entry(
    file_id: str = "a",
    content_hash: str = "h1",
    name: str = "Báo cáo.docx",
    uploaded: str = "2024-05-30T01:15:00",
    school: School | None = PHU_DONG,
    period: str | None = "2024-interim",
    role: Role = Role.WORD,
    withdrawn: datetime | None = None,
    cached: bool = True,
) -> Entry:
    return Entry(
        file_id,
        content_hash,
        name,
        datetime.fromisoformat(uploaded).replace(tzinfo=UTC),
        school,
        period,
        role,
        withdrawn,
        None,
        current=True,
        cached=cached,
    )


def copy(item: Entry, path: str) -> ArchivedCopy:
    return ArchivedCopy(item.file_id, item.content_hash, path, "sha-" + item.content_hash, ARCHIVED)


def paths(steps: list) -> dict[tuple[str, str], str]:  # type: ignore[type-arg]
    return {step.entry.key: step.path for step in steps}


def test_placed_file_goes_under_period_level_school_role() -> None:
    steps = plan([entry()], {}, SCHOOLS, VN)
    assert [(s.action, s.path) for s in steps] == [
        (Action.WRITE, "2024-interim/TH - Phù Đổng/word - Báo cáo.docx")
    ]


def test_unmatched_file_goes_to_unmatched_without_role() -> None:
    steps = plan([entry(school=None, period=None)], {}, SCHOOLS, VN)
    assert steps[0].path == "_unmatched/Báo cáo.docx"


def test_school_without_period_is_unmatched() -> None:
    steps = plan([entry(period=None)], {}, SCHOOLS, VN)
    assert steps[0].path == "_unmatched/Báo cáo.docx"


def test_a_later_version_gets_its_upload_time_and_the_first_keeps_the_plain_name() -> None:
    first = entry(content_hash="h1", uploaded="2024-05-28T02:00:00")
    second = entry(content_hash="h2", uploaded="2024-05-30T01:15:00")
    result = paths(plan([second, first], {}, SCHOOLS, VN))
    assert result[first.key] == "2024-interim/TH - Phù Đổng/word - Báo cáo.docx"
    assert result[second.key] == "2024-interim/TH - Phù Đổng/word - Báo cáo (2024-05-30 0815).docx"


def test_names_differing_only_in_case_or_normalisation_collide() -> None:
    first = entry(file_id="a", name="Báo cáo.docx", uploaded="2024-05-28T02:00:00")
    second = entry(file_id="b", content_hash="h2", name="BÁO CÁO.docx")
    result = paths(plan([first, second], {}, SCHOOLS, VN))
    assert result[second.key] == "2024-interim/TH - Phù Đổng/word - BÁO CÁO (2024-05-30 0815).docx"


def test_same_minute_falls_back_to_seconds_then_hash_then_counter() -> None:
    items = [
        entry(file_id=f"f{n}", content_hash=f"hash{n}", uploaded="2024-05-30T01:15:00")
        for n in range(5)
    ]
    result = sorted(paths(plan(items, {}, SCHOOLS, VN)).values())
    folder = "2024-interim/TH - Phù Đổng/"
    assert result == sorted(
        folder + name
        for name in (
            "word - Báo cáo.docx",
            "word - Báo cáo (2024-05-30 0815).docx",
            "word - Báo cáo (2024-05-30 081500).docx",
            "word - Báo cáo (2024-05-30 081500 hash3).docx",
            "word - Báo cáo (2024-05-30 081500 hash4).docx",
        )
    )
    assert len(set(result)) == 5


def test_archived_copy_in_the_right_folder_is_kept_and_its_name_never_reused() -> None:
    old = entry(file_id="old", content_hash="h1", uploaded="2024-05-30T01:15:00")
    newer_but_earlier = entry(file_id="new", content_hash="h2", uploaded="2024-05-20T01:00:00")
    copies = {old.key: copy(old, "2024-interim/TH - Phù Đổng/word - Báo cáo.docx")}
    steps = plan([old, newer_but_earlier], copies, SCHOOLS, VN)
    by_key = {s.entry.key: s for s in steps}
    assert by_key[old.key].action is Action.KEEP
    assert by_key[newer_but_earlier.key].path.endswith("word - Báo cáo (2024-05-20 0800).docx")


def test_re_placed_copy_moves_and_the_name_it_leaves_is_not_reused_in_the_same_run() -> None:
    moved = entry(file_id="x", name="bao cao.docx")
    copies = {moved.key: copy(moved, "_unmatched/bao cao.docx")}
    newcomer = entry(file_id="y", content_hash="h9", name="bao cao.docx", school=None, period=None)
    steps = plan([moved, newcomer], copies, SCHOOLS, VN)
    by_key = {s.entry.key: s for s in steps}
    assert by_key[moved.key].action is Action.MOVE
    assert by_key[moved.key].path == "2024-interim/TH - Phù Đổng/word - bao cao.docx"
    assert by_key[moved.key].previous == copies[moved.key]
    assert by_key[newcomer.key].path == "_unmatched/bao cao (2024-05-30 0815).docx"


def test_withdrawn_copy_never_moves() -> None:
    gone = entry(withdrawn=ARCHIVED, school=None, period=None)
    copies = {gone.key: copy(gone, "2024-interim/TH - Phù Đổng/word - Báo cáo.docx")}
    steps = plan([gone], copies, SCHOOLS, VN)
    assert (steps[0].action, steps[0].path) == (Action.KEEP, copies[gone.key].path)


def test_version_without_cached_bytes_is_skipped_not_invented() -> None:
    steps = plan([entry(cached=False)], {}, SCHOOLS, VN)
    assert steps[0].action is Action.SKIP


def test_schools_sharing_level_and_name_get_their_code() -> None:
    twins = (School("TH-A", "Kim Đồng", "TH"), School("TH-B", "Kim Đồng", "TH"), PHU_DONG)
    assert school_folders(twins) == {
        "TH-A": "TH - Kim Đồng (TH-A)",
        "TH-B": "TH - Kim Đồng (TH-B)",
        "TH-PHUDONG": "TH - Phù Đổng",
    }
    assert school_folders(SCHOOLS)["THCS-PHUDONG"] == "THCS - Phù Đổng"


def test_plan_is_stable_when_run_again_on_its_own_result() -> None:
    items = [entry(content_hash=f"h{n}", uploaded=f"2024-05-2{n}T01:00:00") for n in range(4)]
    first = plan(items, {}, SCHOOLS, VN)
    copies = {s.entry.key: copy(s.entry, s.path) for s in first}
    again = plan(items, copies, SCHOOLS, VN)
    assert {s.action for s in again} == {Action.KEEP}
    assert paths(again) == paths(first)
