"""Files that travel together (issue 12, class 9).

A school uploads its Word report and its signed scan side by side: same folder, same uploader,
minutes apart. When the Word file is placed (its letterhead settles "TH Lê Văn Tám") and the
scan beside it is held only because it says too little ("scan0001.pdf", or "Le Van Tam.pdf"
with MN and TH Lê Văn Tám in the roster), the scan follows the Word file. Its own evidence
still wins: a scan that names another school or another period, or that is not a submission,
stays held. Pure: a function of the records, their texts and the matcher.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import timedelta

from watcher.matching.matcher import Matcher
from watcher.matching.messages import msg, sentence
from watcher.model import FileRecord, Placement

WINDOW = timedelta(minutes=30)  # 'minutes apart'
FOLLOWS = frozenset({"no_school", "ambiguous", "weak", "period"})  # holds a companion may settle
SCAN_ENDINGS = (".pdf", ".jpg", ".jpeg", ".png", ".heic", ".heif", ".tif", ".tiff", ".webp")
WORD_ENDINGS = (".docx", ".doc", ".odt", ".rtf")
WORD_TYPES = ("wordprocessingml", "msword", "google-apps.document", "opendocument.text")


def place_together(
    matcher: Matcher,
    items: Sequence[tuple[FileRecord, str]],
    language: str | None = None,
    decided: Mapping[str, Placement] | None = None,
) -> list[Placement]:
    """Placements for every (record, document text), in order; a held scan beside a placed
    Word file of the same uploader follows it. `decided`: staff's own placements by file id
    (`watcher place`), which a scan follows like the matcher's."""
    decided = decided or {}
    placements = [
        decided.get(record.id) or matcher.place(record, text, language) for record, text in items
    ]
    groups: dict[tuple[tuple[str, ...], str], list[int]] = defaultdict(list)
    for position, (record, _) in enumerate(items):
        groups[group(record)].append(position)
    result = list(placements)
    for members in groups.values():
        if len(members) < 2:
            continue
        for position in members:
            followed = _follow(position, members, items, placements, language or matcher.language)
            if followed is not None:
                result[position] = followed
            else:
                result[position] = _waiting(position, members, items, placements)
    return result


def _waiting(
    position: int,
    members: list[int],
    items: Sequence[tuple[FileRecord, str]],
    placements: list[Placement],
) -> Placement:
    """A held scan beside a held Word file: it waits for that file (placing the Word file,
    by staff or by a better name, settles the scan too)."""
    record, held = items[position][0], placements[position]
    if held.placed or not held.held or held.hold not in FOLLOWS or not _is_scan(record):
        return held
    words = [
        other
        for other in members
        if other != position
        and _is_word(items[other][0])
        and placements[other].held
        and _near(items[other][0], record)
    ]
    if len(words) != 1:
        return held  # none, or several Word files: which one it waits for is not clear
    word = items[words[0]][0]
    return replace(held, basis="waits", beside=(word.id, word.name))


def group(record: FileRecord) -> tuple[tuple[str, ...], str]:
    """Files that may travel together: same folder, same uploader."""
    return record.folders, (record.owner_email or "").casefold()


def followers(records: Iterable[FileRecord], ids: set[str]) -> set[str]:
    """Ids of the scans beside these files, whose placement may follow theirs: evaluated again
    with them (a Word file that arrives in a later poll settles the scan held in an earlier
    one)."""
    listed = list(records)
    beside = neighbours(listed, ids)
    return {record.id for record in listed if record.id in beside and _is_scan(record)}


def neighbours(records: Iterable[FileRecord], ids: set[str]) -> set[str]:
    """Ids of the files beside these (same folder and uploader), whose placement may change
    with theirs; none in the root folder of an unknown uploader, where no file follows another."""
    listed = list(records)
    groups = {group(record) for record in listed if record.id in ids}
    groups.discard(((), ""))
    return {record.id for record in listed if group(record) in groups} - ids


def _follow(
    position: int,
    members: list[int],
    items: Sequence[tuple[FileRecord, str]],
    placements: list[Placement],
    language: str,
) -> Placement | None:
    record, held = items[position][0], placements[position]
    if held.placed or held.overridden or held.hold not in FOLLOWS or not _is_scan(record):
        return None
    if not record.owner_email and not record.folders:
        return None  # the root folder, uploader unknown: anyone's files sit side by side
    near = [other for other in members if other != position and _near(items[other][0], record)]
    placed = [other for other in near if placements[other].placed]
    if len({(placements[other].school, placements[other].period) for other in placed}) != 1:
        return None  # nothing placed beside it, or neighbours that disagree
    words = [other for other in placed if _is_word(items[other][0])]
    if not words:
        return None
    companion = placements[words[0]]
    if not _fits(held, companion):
        return None
    word = items[words[0]][0]
    line = msg("together.follows", word=word.name)
    return replace(
        held,
        school=companion.school,
        period=companion.period,
        reason="",
        evidence=(*held.evidence, sentence(line.render(language))),
        hold="",
        candidates=(),
        period_candidates=(),
        basis="follows",
        beside=(word.id, word.name),
    )


def _fits(held: Placement, companion: Placement) -> bool:
    """Does the scan's own evidence allow the Word file's school and period?"""
    if held.hold == "period":
        school_fits = held.school == companion.school
    elif held.hold == "no_school":
        school_fits = True
    else:  # ambiguous or weak: the companion's school must be one it could be
        school_fits = companion.school in held.candidates
    period_fits = not held.period_candidates or companion.period in held.period_candidates
    return school_fits and period_fits


def _near(one: FileRecord, other: FileRecord) -> bool:
    if one.uploaded_at is None or other.uploaded_at is None:
        return False
    return abs(one.uploaded_at - other.uploaded_at) <= WINDOW


def _is_scan(record: FileRecord) -> bool:
    name = record.name.casefold()
    kind = record.mime_type.casefold()
    return name.endswith(SCAN_ENDINGS) or kind.startswith("image/") or kind.endswith("/pdf")


def _is_word(record: FileRecord) -> bool:
    name = record.name.casefold()
    kind = record.mime_type.casefold()
    return name.endswith(WORD_ENDINGS) or any(word in kind for word in WORD_TYPES)
