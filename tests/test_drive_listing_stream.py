"""A full listing makes each file's record as the file is listed (its raw resource let go):
the records, their order, the tree and the cursor are what listing everything first gave."""

from __future__ import annotations

from pathlib import Path

from tests.drivestub import DriveStub
from tests.drivestub.harness import make_source
from watcher.sources.drive_api import Tally
from watcher.sources.drive_listing import Lister
from watcher.sources.drive_tree import Tree, note_targets, read_cursor


def test_a_full_listing_streamed_equals_listing_everything_first(tmp_path: Path) -> None:
    with DriveStub(seed=11) as stub:
        root = stub.add_folder("Báo cáo CĐ")
        outside = stub.add_folder("Ngoài cây")
        target = stub.add_file("bản gốc.pdf", outside, b"%PDF-1.4 target")
        for n in range(3):
            level = stub.add_folder(f"Cấp {n}", root)
            for m in range(60):  # more than one group of parents per query, several pages
                school = stub.add_folder(f"Trường {n}-{m}", level)
                stub.add_file(f"bao cao {m}.docx", school, b"PK word %d %d" % (n, m))
                if m % 7 == 0:
                    deeper = stub.add_folder("Bản scan", school)
                    stub.add_file(f"scan {m}.pdf", deeper, b"%%PDF scan %d %d" % (n, m))
            stub.add_shortcut(f"lối tắt {n}.pdf", level, target)
        stub.add_shortcut("lối tắt hỏng.pdf", root, "no-such-file")
        stub.add_file("ở gốc.pdf", root, b"%PDF root")
        source = make_source(stub, root, stub.write_service_account_key(tmp_path / "key.json"))

        delta = source.changes(None)
        # what listing every file first, then making the records, gave
        lister = Lister(source.api, Tally())
        listing = lister.walk([root])
        tree = Tree(root, dict(listing.folders))
        tree.files = {resource["id"]: parent for resource, parent in listing.files}
        note_targets(tree, (resource for resource, _ in listing.files))
        expected = lister.records(tree, listing.files)

    assert delta.files == expected
    assert [r.extra for r in delta.files] == [r.extra for r in expected]  # not compared above
    assert len(expected) == 3 * 60 + 3 * 9 + 3 + 2
    assert any(r.extra.get("dangling") for r in expected)
    assert any(r.folders == ("Cấp 1", "Trường 1-7", "Bản scan") for r in expected)
    stored = read_cursor(delta.cursor, root)
    assert stored is not None
    decoded = stored.decoded()
    assert decoded is not None
    assert (decoded.tree.folders, decoded.tree.files, decoded.tree.targets) == (
        tree.folders,
        tree.files,
        tree.targets,
    )
