"""A held file says why (a stable word) and who could be meant, for the review queue."""

from __future__ import annotations

from datetime import datetime

from tests.matching_fixtures import LOCAL, record, seed_periods
from watcher.matching import Matcher
from watcher.model import School

ROSTER = [
    School("TH-LELOI", "Lê Lợi", "TH"),
    School("THCS-LELOI", "Lê Lợi", "THCS"),
    School("MN-HOASEN", "Hoa Sen", "MN"),
]
INTERIM = datetime(2024, 5, 20, 9, 0, tzinfo=LOCAL)


def _place(name: str):  # type: ignore[no-untyped-def]
    return Matcher(ROSTER, seed_periods()).place(record(name, uploaded_at=INTERIM))


def test_a_placed_file_is_not_held() -> None:
    placement = _place("MN Hoa Sen so ket.docx")
    assert placement.placed
    assert (placement.hold, placement.candidates, placement.period_candidates) == ("", (), ())


def test_an_ambiguous_file_lists_both_schools() -> None:
    placement = _place("Le Loi so ket.docx")
    assert not placement.placed
    assert placement.hold == "ambiguous"
    assert set(placement.candidates) == {"TH-LELOI", "THCS-LELOI"}
    assert placement.period_candidates[0] == "2024-interim"


def test_a_file_with_a_school_and_no_period_names_the_school() -> None:
    matcher = Matcher(ROSTER, seed_periods())
    placement = matcher.place(record("MN Hoa Sen.docx"))  # no upload time, no period word
    assert placement.school == "MN-HOASEN" and placement.period is None
    assert placement.hold == "period"
    assert placement.candidates == ("MN-HOASEN",)
    assert len(placement.period_candidates) == 3


def test_a_file_naming_no_school_is_held_with_no_candidates() -> None:
    placement = _place("Document1.docx")
    assert placement.hold == "no_school"
    assert placement.candidates == ()
