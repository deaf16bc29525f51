"""Labelled sets from the real school lists of real districts (tests/data/README.md says where
each list comes from). For each: precision and recall are printed; no file may be placed at a
wrong school or in a wrong period, and recall must stay above a floor."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.matching_fixtures import DATA, labelled_record, seed_periods
from watcher.config.roster import parse as roster_parse
from watcher.matching import Matcher
from watcher.model import Period


@dataclass(frozen=True)
class LabelledSet:
    name: str
    roster: Path
    names: Path
    periods: list[Period]
    recall_floor: float = 0.97


SETS = [
    LabelledSet(
        "Củ Chi (TP. Hồ Chí Minh)",
        DATA / "cuchi_roster.csv",
        DATA / "cuchi_names.tsv",
        seed_periods(),
    ),
    LabelledSet(
        "Bình Chánh (TP. Hồ Chí Minh)",
        DATA / "binhchanh_roster.csv",
        DATA / "binhchanh_names.tsv",
        seed_periods(),
    ),
    LabelledSet(
        "Mỹ Tú (Sóc Trăng)",
        DATA / "mytu_roster.csv",
        DATA / "mytu_names.tsv",
        seed_periods(),
    ),
]


def _rows(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if line and not line.startswith("#")]
    header = body[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in body[1:]]


@dataclass
class Outcome:
    placed: int = 0
    expected: int = 0
    traps: int = 0
    wrong: list[str] | None = None
    missed: list[str] | None = None


def _run(labelled: LabelledSet) -> Outcome:
    schools, problems = roster_parse(labelled.roster.read_text(encoding="utf-8"))
    assert problems == []
    matcher = Matcher(schools, labelled.periods)
    outcome = Outcome(wrong=[], missed=[])
    assert outcome.wrong is not None and outcome.missed is not None
    for number, row in enumerate(_rows(labelled.names), start=1):
        text = row["text"].replace("\\n", "\n")
        placement = matcher.place(labelled_record(row, number), text)
        want = (row["expected_school"] or None, row["expected_period"] or None)
        got = (placement.school, placement.period) if placement.placed else (None, None)
        outcome.expected += want[0] is not None
        outcome.traps += want[0] is None
        assert placement.placed or placement.reason.strip(), row["name"]
        if got[0] is not None:
            outcome.placed += 1
            if got != want:
                outcome.wrong.append(f"{number}: {row['name']!r} -> {got}, expected {want}")
        elif want[0] is not None:
            outcome.missed.append(f"{number}: {row['name']!r}: {placement.reason}")
    return outcome


@pytest.mark.parametrize("labelled", SETS, ids=[labelled.name for labelled in SETS])
def test_real_district_precision_and_recall(labelled: LabelledSet) -> None:
    outcome = _run(labelled)
    assert outcome.wrong is not None and outcome.missed is not None
    total = outcome.expected + outcome.traps
    correct = outcome.placed - len(outcome.wrong)
    precision = correct / outcome.placed if outcome.placed else 1.0
    recall = correct / outcome.expected
    print(f"\n{labelled.name}: {total} files, {outcome.traps} traps ({outcome.traps / total:.0%})")
    print(f"{outcome.placed} placed, {len(outcome.wrong)} wrong, {len(outcome.missed)} missed")
    print(f"precision {precision:.1%}, recall {recall:.1%} of {outcome.expected} placeable files")
    print(*outcome.wrong, sep="\n")
    print(*["missed:", *outcome.missed], sep="\n")
    assert total >= 250 and 0.2 <= outcome.traps / total <= 0.3
    assert outcome.wrong == []
    assert recall >= labelled.recall_floor
