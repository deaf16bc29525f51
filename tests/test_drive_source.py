"""The Drive source against the stand-in: real client, real HTTP, real token exchange."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.drivestub import DriveStub
from tests.drivestub.harness import Clock, View, make_source
from tests.drivestub.schools import build_district
from watcher.sources.base import SourceError

EMAIL = "watcher@phong-gddt-test.iam.gserviceaccount.com"


@pytest.fixture
def stub() -> Iterator[DriveStub]:
    with DriveStub(seed=7) as running:
        yield running


@pytest.fixture
def key(stub: DriveStub, tmp_path: Path) -> Path:
    return stub.write_service_account_key(tmp_path / "key.json", EMAIL)


def nested_tree(stub: DriveStub) -> dict[str, str]:
    ids = {"root": stub.add_folder("Báo cáo Q7")}
    ids["school"] = stub.add_folder("MN Hoa Sen", ids["root"])
    ids["period"] = stub.add_folder("Sơ kết 2024", ids["school"])
    ids["top"] = stub.add_file("huong-dan.pdf", ids["root"])
    ids["word"] = stub.add_file("Báo cáo sơ kết.docx", ids["period"], b"word")
    ids["scan"] = stub.add_file("Báo cáo sơ kết.pdf", ids["period"], b"scan")
    ids["outside"] = stub.add_folder("Thư mục khác")
    ids["stranger"] = stub.add_file("khong-lien-quan.pdf", ids["outside"])
    return ids


def test_cold_listing_walks_the_nested_tree_through_the_service_account_flow(stub, key):
    ids = nested_tree(stub)
    view = View()
    delta = view.poll(make_source(stub, ids["root"], key))

    assert delta.full
    assert view.names() == {
        ((), "huong-dan.pdf"),
        (("MN Hoa Sen", "Sơ kết 2024"), "Báo cáo sơ kết.docx"),
        (("MN Hoa Sen", "Sơ kết 2024"), "Báo cáo sơ kết.pdf"),
    }
    word = view.files[ids["word"]]
    assert word.size == 4 and word.content_hash and len(word.content_hash) == 32
    assert word.created_at is not None and word.created_at.tzinfo is not None
    assert word.owner_email == "school@example.edu.vn"
    assert word.url and ids["word"] in word.url
    assert stub.grants and stub.grants[0].client_email == EMAIL
    assert "https://www.googleapis.com/auth/drive.readonly" in stub.grants[0].scopes
    assert delta.requests == stub.api_requests


def test_listing_sends_fields_shared_drive_flags_and_full_pages(stub, key):
    ids = nested_tree(stub)
    View().poll(make_source(stub, ids["root"], key))

    listed = stub.requests_to("files.list")
    assert listed
    for request in listed:
        assert request.params["supportsAllDrives"] == "true"
        assert request.params["includeItemsFromAllDrives"] == "true"
        assert request.params["pageSize"] == "1000"
        assert "trashed = false" in request.params["q"]
        for field in ("md5Checksum", "headRevisionId", "parents", "modifiedTime", "createdTime"):
            assert field in request.params["fields"]
        assert "nextPageToken" in request.params["fields"]
    order = [entry.endpoint for entry in stub.log if entry.endpoint != "token"]
    assert order[0] == "changes.getStartPageToken"  # taken before the listing


def test_files_outside_the_watched_folder_never_appear(stub, key):
    ids = nested_tree(stub)
    source = make_source(stub, ids["root"], key)
    view = View()
    view.poll(source)
    stub.add_file("cung-khong-lien-quan.pdf", ids["outside"])
    stub.update_file(ids["stranger"], b"new content")

    delta = view.poll(source)

    assert delta.files == [] and delta.removed == []
    assert ids["stranger"] not in view.files


def test_idle_poll_costs_exactly_one_request(stub, key):
    district = build_district(stub, 30)
    source = make_source(stub, district.root, key)
    view = View()
    view.poll(source)
    stub.reset_counts()

    delta = view.poll(source)

    assert not delta.full and delta.files == [] and delta.removed == []
    assert stub.api_requests == 1 == delta.requests
    assert stub.counts["changes.list"] == 1


def test_a_poll_after_k_changes_returns_exactly_those_k(stub, key):
    district = build_district(stub, 20)
    source = make_source(stub, district.root, key)
    view = View()
    view.poll(source)
    before = {file_id: view.files[file_id].content_hash for file_id in district.files}
    changed = district.files[3:40:5]
    for file_id in changed:
        stub.update_file(file_id, b"revision 2 of " + file_id.encode())

    delta = view.poll(source)

    assert sorted(record.id for record in delta.files) == sorted(changed)
    assert all(record.content_hash != before[record.id] for record in delta.files)
    assert delta.requests == 1


def test_rename_move_out_move_in_trash_delete(stub, key):
    district = build_district(stub, 4)
    school_1, school_2, school_3, school_4 = district.schools.values()
    elsewhere = stub.add_folder("Lưu trữ riêng")
    guest = stub.add_folder("TH Khách", elsewhere)
    stub.add_file("khach.pdf", guest)
    source = make_source(stub, district.root, key)
    view = View()
    view.poll(source)
    renamed, moved_out, trashed, deleted = (
        district.files[0],
        district.files[1],
        district.files[2],
        district.files[3],
    )

    stub.rename(renamed, "Báo cáo năm - đã sửa.docx")
    stub.move(moved_out, elsewhere)
    stub.trash(trashed)
    stub.delete(deleted)
    stub.move(guest, school_2)  # a subfolder moved in brings its files
    stub.trash(school_3)  # a whole school folder trashed
    stub.rename(school_4, "Trường TH số 4 (mới)")  # files keep ids, their folder path changes
    delta = view.poll(source)

    assert not delta.full
    assert view.files[renamed].name == "Báo cáo năm - đã sửa.docx"
    assert {moved_out, trashed, deleted} <= set(delta.removed)
    assert not {moved_out, trashed, deleted} & view.files.keys()
    assert ((("Trường TH số 2", "TH Khách"), "khach.pdf")) in view.names()
    assert not any(record.folders[:1] == ("Trường TH số 3",) for record in view.files.values())
    school_4_files = [r for r in view.files.values() if r.folders == ("Trường TH số 4 (mới)",)]
    assert len(school_4_files) == 6
    assert view.files == _fresh_view(stub, district.root, key).files


def test_moving_a_folder_out_removes_everything_under_it(stub, key):
    district = build_district(stub, 3)
    school = district.schools["Trường TH số 2"]
    nested = stub.add_folder("Kỳ 2", school)
    inner = stub.add_file("inner.pdf", nested)
    elsewhere = stub.add_folder("Ngoài")
    source = make_source(stub, district.root, key)
    view = View()
    view.poll(source)

    stub.move(school, elsewhere)
    delta = view.poll(source)

    assert inner in delta.removed and len(delta.removed) == 7
    assert view.files == _fresh_view(stub, district.root, key).files


def test_a_new_revision_gets_a_new_hash(stub, key):
    root = stub.add_folder("Báo cáo")
    file_id = stub.add_file("scan.pdf", root, b"v1")
    source = make_source(stub, root, key)
    view = View()
    view.poll(source)
    first = view.files[file_id].content_hash

    stub.update_file(file_id, b"v2")
    delta = view.poll(source)

    assert [record.id for record in delta.files] == [file_id]
    assert delta.files[0].content_hash != first


def test_new_folder_with_files_created_between_polls(stub, key):
    root = stub.add_folder("Báo cáo")
    source = make_source(stub, root, key)
    view = View()
    view.poll(source)

    school = stub.add_folder("THCS Tân Phú", root)
    period = stub.add_folder("Năm 2023", school)
    stub.add_file("bao-cao.docx", period)
    view.poll(source)

    assert view.names() == {(("THCS Tân Phú", "Năm 2023"), "bao-cao.docx")}


def test_nfd_names_come_out_nfc(stub, key):
    nfd = unicodedata.normalize("NFD", "Trường Mầm non Hoa Sen")
    root = stub.add_folder("Báo cáo")
    folder = stub.add_folder(nfd, root)
    stub.add_file(unicodedata.normalize("NFD", "Báo cáo năm.docx"), folder)
    view = View()
    view.poll(make_source(stub, root, key))

    (record,) = view.files.values()
    assert record.name == "Báo cáo năm.docx" == unicodedata.normalize("NFC", record.name)
    assert record.folders == ("Trường Mầm non Hoa Sen",)


def test_two_files_with_one_name_are_two_records(stub, key):
    root = stub.add_folder("Báo cáo")
    first = stub.add_file("bao-cao.pdf", root, b"one")
    second = stub.add_file("bao-cao.pdf", root, b"two")
    view = View()
    view.poll(make_source(stub, root, key))

    assert set(view.files) == {first, second}


def test_short_pages_are_followed_until_the_token_is_absent(stub, key):
    district = build_district(stub, 5)
    stub.faults.page_cap = 4
    view = View()
    view.poll(make_source(stub, district.root, key))

    assert len(view.files) == 30
    assert stub.counts["files.list"] >= 30 // 4


def test_grouped_parents_fall_back_to_one_query_per_folder(stub, key):
    district = build_district(stub, 12)
    stub.faults.empty_grouped = True
    view = View()
    view.poll(make_source(stub, district.root, key))

    assert len(view.files) == 72
    grouped = [r for r in stub.requests_to("files.list") if r.params["q"].count("in parents") > 1]
    assert grouped  # the grouped query was tried, then each folder asked alone
    assert stub.counts["files.list"] == 1 + len(grouped) + 12


def test_incomplete_grouped_search_is_asked_again_per_folder(stub, key):
    district = build_district(stub, 3)
    stub.faults.incomplete_grouped = True
    view = View()
    view.poll(make_source(stub, district.root, key))
    assert len(view.files) == 18


def test_grouped_queries_keep_a_big_cold_sync_cheap_and_go_as_post_override(stub, key):
    district = build_district(stub, 120)
    view = View()
    delta = view.poll(make_source(stub, district.root, key))

    assert len(view.files) == 720
    # start token + root + 1 root listing + ceil(120 / 50) grouped listings
    assert delta.requests == 1 + 1 + 1 + 3
    overridden = [r for r in stub.log if r.override == "GET"]
    assert overridden and all(r.method == "POST" for r in overridden)


def test_twenty_percent_faults_give_the_same_view_as_a_fault_free_run(stub, key):
    district = build_district(stub, 30)
    sleeps: list[float] = []
    clean = View()
    clean.poll(make_source(stub, district.root, key))
    faulty = View()
    source = make_source(stub, district.root, key, sleep=sleeps.append, max_retries=8)
    stub.faults.ratio = 0.2
    faulty.poll(source)
    for file_id in district.files[:10]:
        stub.update_file(file_id, b"changed")
    stub.trash(district.files[20])
    for _ in range(5):
        faulty.poll(source)

    stub.faults.ratio = 0.0
    failed = {entry.status for entry in stub.log if entry.status >= 400}
    assert {403, 429, 500, 503} <= failed and sleeps
    assert faulty.files == _fresh_view(stub, district.root, key).files
    assert clean.files.keys() - faulty.files.keys() == {district.files[20]}


def test_retry_after_is_honoured_and_backoff_grows(stub, key):
    root = stub.add_folder("Báo cáo")
    sleeps: list[float] = []
    stub.faults.kinds, stub.faults.retry_after, stub.faults.ratio = ("429",), 30, 1.0
    with pytest.raises(SourceError, match="4 attempts") as raised:
        make_source(stub, root, key, sleep=sleeps.append, max_retries=3).changes(None)
    assert "sau 4 lần thử" in raised.value.text("vi")
    assert "after 4 attempts" in raised.value.text("en") and "429" not in raised.value.text("en")
    # the shared pace waits out Retry-After, counted from the answer (a few µs already gone)
    assert len(sleeps) == 3 and all(s >= 29.9 for s in sleeps)

    sleeps.clear()
    stub.faults.kinds = ("503",)
    with pytest.raises(SourceError):
        make_source(stub, root, key, sleep=sleeps.append, max_retries=5).changes(None)
    assert sleeps == sorted(sleeps) or sleeps[-1] > sleeps[0]
    assert sleeps[-1] >= 8 and all(s <= 64 for s in sleeps)


def test_server_down_fails_loudly_and_returns_nothing_partial(stub, key):
    district = build_district(stub, 5)
    source = make_source(stub, district.root, key, max_retries=2)
    view = View()
    view.poll(source)
    before = dict(view.files)
    stub.trash(district.files[0])
    stub.faults.down = True

    with pytest.raises(SourceError) as raised:
        view.poll(source)
    assert not raised.value.permanent
    assert view.files == before  # the previous view stays in force
    with pytest.raises(SourceError):
        make_source(stub, district.root, key, max_retries=1).changes(None)


def test_a_failure_midway_through_the_listing_returns_nothing(stub, key):
    district = build_district(stub, 60)
    source = make_source(stub, district.root, key, max_retries=0)
    stub.faults.ratio = 0.3
    failures = 0
    for _ in range(5):
        try:
            delta = source.changes(None)
        except SourceError:
            failures += 1
            continue
        assert len(delta.files) == 360  # whenever a listing is returned, it is whole
    assert failures


def test_a_refusal_deep_in_the_tree_fails_the_whole_listing(stub, key):
    district = build_district(stub, 3)
    stub.faults.forbidden.add(district.schools["Trường TH số 2"])
    with pytest.raises(SourceError, match="insufficientFilePermissions"):
        make_source(stub, district.root, key).changes(None)


def test_missing_folder_is_permanent_with_the_sharing_hint(stub, key):
    stub.add_folder("Báo cáo")
    stub.hidden.add("1NotSharedWithTheServiceAccount")
    source = make_source(
        stub,
        "https://drive.google.com/drive/folders/1NotSharedWithTheServiceAccount?usp=sharing",
        key,
    )

    with pytest.raises(SourceError) as raised:
        source.changes(None)

    assert raised.value.permanent
    assert "hãy chia sẻ thư mục với " + EMAIL in raised.value.text("vi")
    assert "share it with " + EMAIL in raised.value.text("en")


def test_forbidden_folder_is_permanent_with_the_sharing_hint(stub, key):
    root = stub.add_folder("Báo cáo")
    stub.faults.forbidden.add(root)
    with pytest.raises(SourceError) as raised:
        make_source(stub, root, key).changes(None)
    assert raised.value.permanent and EMAIL in str(raised.value)


def test_a_file_id_instead_of_a_folder_is_permanent(stub, key):
    root = stub.add_folder("Báo cáo")
    file_id = stub.add_file("a.pdf", root)
    with pytest.raises(SourceError, match="not a folder") as raised:
        make_source(stub, file_id, key).changes(None)
    assert raised.value.permanent and "không phải thư mục" in raised.value.text("vi")


def test_trashing_the_watched_folder_fails_instead_of_emptying_the_view(stub, key):
    district = build_district(stub, 2)
    source = make_source(stub, district.root, key)
    view = View()
    view.poll(source)
    stub.trash(district.root)
    with pytest.raises(SourceError) as raised:
        view.poll(source)
    assert raised.value.permanent and len(view.files) == 12


@pytest.mark.parametrize("status", [400, 404, 410])
def test_a_lost_change_token_means_a_full_resync(stub, key, status):
    district = build_district(stub, 3)
    source = make_source(stub, district.root, key)
    view = View()
    view.poll(source)
    stub.faults.expired_token_status = status
    stub.trash(district.files[0])
    stub.expire_change_tokens()

    delta = view.poll(source)

    assert delta.full and len(delta.files) == 17
    assert view.poll(source).requests == 1  # and the new token works


def test_full_reconciliation_runs_when_due(stub, key):
    district = build_district(stub, 3)
    clock = Clock()
    source = make_source(stub, district.root, key, clock=clock, full_resync_hours=24)
    view = View()
    view.poll(source)
    clock.now += timedelta(hours=23)
    assert not view.poll(source).full
    clock.now += timedelta(hours=1)
    assert view.poll(source).full
    clock.now += timedelta(hours=1)
    assert not view.poll(source).full


def test_full_resync_hours_0_means_never(stub, key):
    district = build_district(stub, 3)
    clock = Clock()
    source = make_source(stub, district.root, key, clock=clock, full_resync_hours=0)
    view = View()
    assert view.poll(source).full
    stub.reset_counts()
    clock.now += timedelta(days=30)
    idle = view.poll(source)
    assert not idle.full and idle.requests == stub.api_requests == 1


def test_an_unreadable_cursor_means_a_full_listing(stub, key):
    district = build_district(stub, 2)
    source = make_source(stub, district.root, key)
    assert source.changes("not json").full
    other = json.dumps({"v": 1, "root": "someone-else", "token": "1"})
    assert source.changes(other).full


def test_describe_names_the_folder_and_counts_files(stub, key):
    district = build_district(stub, 4)
    text = make_source(stub, district.root, key).describe()
    assert "«Báo cáo CĐ Môi trường Q7»" in text and "24 tệp" in text and EMAIL in text
    english = make_source(stub, district.root, key, language="en").describe()
    assert "24 files" in english and "service account" in english and "tệp" not in english


def test_a_refused_token_exchange_is_permanent_and_names_the_key(stub, key, tmp_path):
    root = stub.add_folder("Báo cáo")
    foreign = DriveStub().start()
    try:
        wrong = foreign.write_service_account_key(tmp_path / "other.json", EMAIL)
    finally:
        foreign.stop()
    data = json.loads(wrong.read_text())
    data["token_uri"] = stub.token_uri  # right server, key it has never seen
    wrong.write_text(json.dumps(data))

    with pytest.raises(SourceError) as raised:
        make_source(stub, root, wrong).changes(None)
    assert raised.value.permanent and "other.json" in str(raised.value)


@pytest.mark.parametrize("content", ["", "{not json", '{"type": "authorized_user"}'])
def test_a_bad_key_file_is_permanent_and_says_what_to_do(stub, tmp_path, content):
    root = stub.add_folder("Báo cáo")
    bad = tmp_path / "key.json"
    bad.write_text(content)
    with pytest.raises(SourceError, match="key.json") as raised:
        make_source(stub, root, bad).changes(None)
    assert raised.value.permanent


def test_missing_key_file_and_env_fallback(stub, key, tmp_path, monkeypatch):
    root = stub.add_folder("Báo cáo")
    with pytest.raises(SourceError, match="nowhere.json"):
        make_source(stub, root, tmp_path / "nowhere.json").changes(None)
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key))
    assert make_source(stub, root, None).changes(None).full  # type: ignore[arg-type]
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS")
    with pytest.raises(SourceError, match="GOOGLE_APPLICATION_CREDENTIALS"):
        make_source(stub, root, None).changes(None)  # type: ignore[arg-type]


def test_subject_is_sent_for_domain_wide_delegation(stub, key):
    root = stub.add_folder("Báo cáo")
    make_source(stub, root, key, subject="vanthu@pgd.edu.vn").changes(None)
    assert stub.grants[-1].subject == "vanthu@pgd.edu.vn"


def test_an_expired_access_token_is_refreshed_through_the_token_endpoint(stub, key):
    district = build_district(stub, 2)
    source = make_source(stub, district.root, key)
    view = View()
    view.poll(source)
    stub.revoke_tokens()
    assert view.poll(source).files == []
    assert len(stub.grants) == 2


def _fresh_view(stub: DriveStub, root: str, key: Path) -> View:
    view = View()
    view.poll(make_source(stub, root, key))
    return view
