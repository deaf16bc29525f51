"""The labelled set: no wrong placement, at least 97 % of placeable files placed."""

from __future__ import annotations

from tests.matching_fixtures import labelled_record, labelled_rows, roster, seed_periods
from watcher.matching import Matcher
from watcher.model import Placement


def _outcomes() -> list[tuple[int, dict[str, str], Placement]]:
    matcher = Matcher(roster(), seed_periods())
    rows = labelled_rows()
    return [
        (number, row, matcher.place(labelled_record(row, number), row["text"]))
        for number, row in enumerate(rows, start=1)
    ]


def test_labelled_set_is_large_and_varied() -> None:
    rows = labelled_rows()
    assert len(rows) >= 300
    assert sum(1 for row in rows if not row["expected_school"]) >= 30
    assert any(
        row["name"] != __import__("unicodedata").normalize("NFC", row["name"]) for row in rows
    )


def test_labelled_precision_and_recall() -> None:
    wrong, missed, placed, expected = [], [], 0, 0
    for number, row, placement in _outcomes():
        want = (row["expected_school"] or None, row["expected_period"] or None)
        got = (placement.school, placement.period) if placement.placed else (None, None)
        if want[0] is not None:
            expected += 1
        if got[0] is not None:
            placed += 1
            if got != want:
                wrong.append(f"{number}: {row['name']!r} -> {got}, expected {want}")
        elif want[0] is not None:
            missed.append(f"{number}: {row['name']!r}: {placement.reason}")
    correct = placed - len(wrong)
    precision = correct / placed if placed else 1.0
    recall = correct / expected
    print(f"\nlabelled set: {placed} placed, {len(wrong)} wrong, {len(missed)} missed")
    print(f"precision {precision:.1%}, recall {recall:.1%} of {expected} placeable files")
    print("\n".join(["missed:", *missed]))
    assert wrong == []
    assert recall >= 0.97


def test_every_unplaced_file_has_a_reason() -> None:
    for _, row, placement in _outcomes():
        if not placement.placed:
            assert placement.reason.strip(), row["name"]
