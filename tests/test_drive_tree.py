"""Pure parts of the Drive source: folder links, cursors, records and change plans."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.drivestub.fields import apply_mask, parse_mask
from tests.drivestub.query import QueryError, parse
from watcher.sources.drive import parse_folder_id
from watcher.sources.drive_tree import (
    FOLDER,
    SHORTCUT,
    Cursor,
    RootGone,
    Tree,
    decode_cursor,
    encode_cursor,
    plan_changes,
    read_cursor,
    to_record,
)

SEED_ID = "1gMeFHdRdL2i9TkpDcaOqTVlUqN1qxsks"


@pytest.mark.parametrize(
    "value",
    [
        SEED_ID,
        f"  {SEED_ID} ",
        f"https://drive.google.com/drive/folders/{SEED_ID} ",  # as pasted from seed 000
        f"https://drive.google.com/drive/folders/{SEED_ID}?usp=sharing",
        f"https://drive.google.com/drive/u/0/folders/{SEED_ID}/",
        f"drive.google.com/drive/u/2/folders/{SEED_ID}?usp=drive_link",
        f"https://drive.google.com/open?id={SEED_ID}",
        f"https://drive.google.com/drive/folders/{SEED_ID}?resourcekey=0-abc",
    ],
)
def test_folder_ids_come_out_of_every_link_shape(value):
    assert parse_folder_id(value) == SEED_ID


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("", "không phải mã thư mục"),
        ("Báo cáo Q7", "không phải mã thư mục"),
        ("https://example.com/folders/x", "không phải mã thư mục"),
        (f"https://drive.google.com/file/d/{SEED_ID}/view", "không phải thư mục"),
        (f"https://docs.google.com/document/d/{SEED_ID}/edit", "không phải thư mục"),
    ],
)
def test_bad_folder_values_say_what_is_wrong(value, words):
    with pytest.raises(ValueError, match=words):
        parse_folder_id(value)


def tree() -> Tree:
    return Tree(
        "R",
        folders={"A": ("Trường A", "R"), "A1": ("Kỳ 1", "A"), "B": ("Trường B", "R")},
        files={"f1": "A1", "f2": "B", "f3": "R"},
    )


def test_cursor_round_trips_and_rejects_other_roots():
    cursor = Cursor("42", tree(), datetime(2024, 5, 1, tzinfo=UTC))
    text = encode_cursor(cursor)
    decoded = decode_cursor(text, "R")
    assert decoded == cursor
    assert decode_cursor(text, "OTHER") is None
    assert decode_cursor("[1, 2]", "R") is None


def test_a_stored_cursor_reads_its_header_alone_and_keeps_its_tree_text():
    cursor = Cursor("42", tree(), datetime(2024, 5, 1, tzinfo=UTC))
    text = encode_cursor(cursor)
    stored = read_cursor(text, "R")
    assert stored is not None and (stored.token, stored.full_at) == ("42", cursor.full_at)
    moved = stored.with_token("43")
    assert moved.partition("\n")[2] == text.partition("\n")[2]  # the tree, not re-encoded
    assert decode_cursor(moved, "R") == Cursor("43", tree(), cursor.full_at)
    assert read_cursor(text, "OTHER") is None and read_cursor("{}\n{}", "R") is None


def test_a_version_1_cursor_is_still_read():
    """Cursors stored before the header line: one document. Reading it must not force a
    province's full re-listing after an upgrade."""
    old = json.dumps(
        {
            "v": 1,
            "root": "R",
            "token": "42",
            "full_at": "2024-05-01T00:00:00+00:00",
            "folders": {"A": ["Trường A", "R"], "A1": ["Kỳ 1", "A"], "B": ["Trường B", "R"]},
            "files": {"A1": ["f1"], "B": ["f2"], "R": ["f3"]},
            "targets": {},
        },
        ensure_ascii=False,
    )
    expected = Cursor("42", tree(), datetime(2024, 5, 1, tzinfo=UTC))
    assert decode_cursor(old, "R") == expected
    stored = read_cursor(old, "R")
    assert stored is not None and stored.decoded() == expected


def test_a_shortcut_whose_target_changed_is_refreshed_and_its_target_survives_the_cursor():
    before = tree()
    before.targets = {"f2": "T"}  # f2 is a shortcut to T, a file outside the tree
    decoded = decode_cursor(
        encode_cursor(Cursor("7", before, datetime(2024, 5, 1, tzinfo=UTC))), "R"
    )
    assert decoded is not None and decoded.tree.targets == {"f2": "T"}

    plan = plan_changes(before, [change("T", resource("T", "ELSEWHERE"))])
    assert plan.refresh == ["f2"] and plan.upserts == [] and not plan.removed
    assert plan_changes(before, [change("T")]).refresh == ["f2"]  # target deleted: now dangling
    moved_away = plan_changes(before, [change("f2", resource("f2", "X")), change("T")])
    assert moved_away.refresh == [] and moved_away.tree.targets == {}


def test_paths_run_from_the_root_exclusive():
    assert tree().path("A1") == ("Trường A", "Kỳ 1")
    assert tree().path("R") == ()


def resource(file_id: str, parent: str, **values: object) -> dict[str, object]:
    return {
        "id": file_id,
        "name": file_id,
        "mimeType": "application/pdf",
        "parents": [parent],
        **values,
    }


def change(file_id: str, file: dict[str, object] | None = None) -> dict[str, object]:
    entry: dict[str, object] = {"changeType": "file", "fileId": file_id, "removed": file is None}
    if file is not None:
        entry["file"] = file
    return entry


def test_a_folder_and_its_files_created_in_one_batch_in_any_order():
    plan = plan_changes(
        tree(),
        [
            change("g1", resource("g1", "C1")),
            change("C1", resource("C1", "C", mimeType=FOLDER)),
            change("C", resource("C", "R", mimeType=FOLDER, name="Trường C")),
        ],
    )
    assert [r["id"] for r in plan.upserts] == ["g1"]
    assert plan.relist == ["C"]  # the topmost new folder only
    assert plan.tree.path("C1") == ("Trường C", "C1")


def test_a_folder_moved_out_takes_its_subtree_and_files():
    plan = plan_changes(tree(), [change("A", resource("A", "ELSEWHERE", mimeType=FOLDER))])
    assert plan.removed == {"f1"}
    assert set(plan.tree.folders) == {"B"}


def test_the_last_change_of_a_file_wins():
    plan = plan_changes(
        tree(),
        [change("f2", resource("f2", "OUT")), change("f2", resource("f2", "A", name="back"))],
    )
    assert plan.removed == set() and plan.upserts[0]["name"] == "back"


def test_changes_outside_the_tree_are_ignored_and_drive_changes_skipped():
    plan = plan_changes(
        tree(),
        [
            change("x", resource("x", "OUT")),
            change("X", resource("X", "OUT", mimeType=FOLDER)),
            {"changeType": "drive", "driveId": "D"},
            change("unknown-removed"),
        ],
    )
    assert plan.upserts == [] and plan.removed == set() and plan.relist == []


def test_a_cycle_of_folders_is_not_in_the_tree():
    plan = plan_changes(
        tree(),
        [
            change("P", resource("P", "Q", mimeType=FOLDER)),
            change("Q", resource("Q", "P", mimeType=FOLDER)),
        ],
    )
    assert "P" not in plan.tree.folders and "Q" not in plan.tree.folders


def test_the_root_trashed_is_an_error_not_an_empty_tree():
    with pytest.raises(RootGone):
        plan_changes(tree(), [change("R", resource("R", "X", mimeType=FOLDER, trashed=True))])


def test_records_take_hashes_and_times_from_drive_fields():
    google_doc = to_record(
        resource(
            "d",
            "R",
            mimeType="application/vnd.google-apps.document",
            modifiedTime="2024-05-31T17:00:00.000Z",
            version="7",
        ),
        (),
        None,
    )
    assert google_doc.content_hash == "2024-05-31T17:00:00.000Z#7"
    assert google_doc.modified_at == datetime(2024, 5, 31, 17, tzinfo=UTC)
    binary = to_record(
        resource("b", "R", md5Checksum="abc", headRevisionId="r1", size="12"), (), None
    )
    assert binary.content_hash == "abc" and binary.size == 12
    revision_only = to_record(resource("c", "R", headRevisionId="r9"), (), None)
    assert revision_only.content_hash == "r9"


def test_a_shortcut_record_keeps_its_id_and_name_and_takes_the_target_content():
    shortcut = resource(
        "s",
        "R",
        name="Lối tắt",
        mimeType=SHORTCUT,
        shortcutDetails={"targetId": "t", "targetMimeType": "application/pdf"},
    )
    target = resource("t", "X", md5Checksum="md5-of-target", size="99")
    record = to_record(shortcut, ("Trường A",), target)
    assert (record.id, record.name, record.mime_type) == ("s", "Lối tắt", "application/pdf")
    assert record.content_hash == "md5-of-target" and record.size == 99
    dangling = to_record(shortcut, (), None)
    assert dangling.extra["dangling"] == "1" and dangling.content_hash == "dangling:t"


# --- the stand-in's own grammar, so the tests above rest on something right ----------------
def test_stub_query_grammar():
    item = {"parents": ["a"], "name": "Báo cáo", "mime_type": FOLDER, "trashed": False}
    assert parse("('b' in parents or 'a' in parents) and trashed = false").predicate(item)
    assert not parse(
        "'a' in parents and not mimeType = 'application/vnd.google-apps.folder'"
    ).predicate(item)
    assert parse("name contains 'báo' and mimeType != 'x'").predicate(item)
    assert parse("'it\\'s' in parents").predicate({**item, "parents": ["it's"]})
    assert parse("'a' in parents or 'b' in parents or 'c' in parents").parent_terms == 3
    for bad in ("'a' in", "(trashed = false", "trashed = 'no'", "size > 3", "'a' in parents and"):
        with pytest.raises(QueryError):
            parse(bad)


def test_stub_partial_responses():
    body = {
        "nextPageToken": "p1",
        "kind": "k",
        "files": [{"id": "1", "name": "n", "owners": [{"emailAddress": "e", "x": 1}]}],
    }
    mask = parse_mask("nextPageToken,files(id,owners(emailAddress))")
    assert apply_mask(body, mask) == {
        "nextPageToken": "p1",
        "files": [{"id": "1", "owners": [{"emailAddress": "e"}]}],
    }
    assert apply_mask(body, parse_mask("files/name")) == {"files": [{"name": "n"}]}
