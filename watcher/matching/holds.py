"""When a file is held although one school scores best: two schools named, a code that
disagrees with the name, a folder of one school holding a file named for another, or a bare
name that a family of roster schools shares (issue 12, classes 4, 7 and 8)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from watcher.matching import names
from watcher.matching.evidence import Source
from watcher.matching.messages import Msg, msg
from watcher.matching.schools import Hit, SchoolIndex

# Why a file is held, as the stable words of Placement.hold (docs/matching.md lists them).
HOLD_WORDS = {
    "reason.no_school": "no_school",
    "reason.weak": "weak",
    "reason.ambiguous": "ambiguous",
    "reason.family": "ambiguous",
    "reason.no_number": "ambiguous",
    "reason.town": "ambiguous",
    "reason.level": "level",
    "reason.type": "level",
    "reason.number": "number",
    "reason.two_schools": "two_schools",
    "reason.folder_other": "two_schools",
    "reason.code_conflict": "code_conflict",
    "reason.not_submission": "not_submission",
    "reason.not_submission_school": "not_submission",
    "reason.period": "period",
    "reason.period_choices": "period",
    "reason.period_conflict": "period_conflict",
}


def hold_word(reason: Msg) -> str:
    """The stable word for why a file is held: 'reason.family' -> 'ambiguous'."""
    return HOLD_WORDS.get(reason.key, reason.key.removeprefix("reason."))


STRONG = 85.0  # a hit this strong names a school (the matcher's SUPPORTING)
SHOWN = 4  # schools listed in a reason

Display = Callable[[int], str]


def choices(labels: Iterable[str]) -> Msg:
    """'A, B or C' in the reader's language."""
    shown = list(dict.fromkeys(labels))[:SHOWN]
    if len(shown) < 2:
        return msg("list.one", item=shown[0] if shown else "")
    return msg("list.or", items=", ".join(shown[:-1]), last=shown[-1])


def two_schools(sources: list[Source], index: SchoolIndex, display: Display) -> Msg | None:
    """Two different schools named clearly: in one name (apart from each other), by a code and a
    name, or by a school's folder and the file's own name. Never a guess between them."""
    named: list[tuple[Source, set[int]]] = []
    with_hits = [source.found.hits for source in sources if source.found.hits]
    if len(with_hits) < 2 and all(len(hits) < 2 for hits in with_hits):
        return None  # one school named once: the common case, decided at once
    for source in sources:
        if source.kind == "text":
            continue  # a letterhead naming another school is a warning on the placed file
        strong = [hit for hit in source.found.hits if hit.score >= STRONG]
        apart = _apart(strong) if len(strong) > 1 else None
        if apart is not None:
            first, second = (display(school) for school in apart)
            return msg("reason.two_schools", where=source.where, first=first, second=second)
        if strong:
            named.append((source, {hit.school for hit in strong}))
    if len(named) < 2:
        return None
    for position, (source, schools) in enumerate(named):
        for other, other_schools in named[position + 1 :]:
            if schools & other_schools:
                continue
            first, second = display(min(schools)), display(min(other_schools))
            if "code" in (source.kind, other.kind):
                code, name = (source, other) if source.kind == "code" else (other, source)
                said = code.found.hits[0].found
                shown_code, shown_name = display(min(_schools(code))), display(min(_schools(name)))
                return msg("reason.code_conflict", code=said, first=shown_code, second=shown_name)
            return msg("reason.folder_other", where=other.where, first=second, second=first)
    return None


def _schools(source: Source) -> set[int]:
    return {hit.school for hit in source.found.hits if hit.score >= STRONG}


def _apart(hits: list[Hit]) -> tuple[int, int] | None:
    """Two hits for different schools whose words do not overlap ('TH Tân Phú - TH Tân Phú
    Trung' after the contained name is dropped, 'MN Hoa Hồng, MN Hoa Lan')."""
    for position, hit in enumerate(hits):
        for other in hits[position + 1 :]:
            if other.school == hit.school or other.end <= other.start or hit.end <= hit.start:
                continue
            if other.end <= hit.start or hit.end <= other.start:
                return hit.school, other.school
    return None


def family(school: int, agreeing: int, sources: list[Source], index: SchoolIndex) -> list[int]:
    """A bare name with no level, when other schools extend it with a number: 'An Phú' next to
    'MN An Phú', 'TH An Phú 1' and 'TH An Phú 2', or 'Tuổi Thơ' next to 'Tuổi Thơ 2', could be
    any of them. Returns the schools it could be (none: the name is clear)."""
    if agreeing > 1:
        return []  # a folder, an e-mail or a letterhead agrees: more than the bare name
    hit = _first_hit(school, sources)
    if hit is None or hit.said is not None:
        return []
    core = tuple(hit.found.split())
    if core and names.is_mark(core[-1]):
        return []  # the number names one school of the family
    others = extended(school, index, core, any_level=True)
    return sorted(index.exact.get(core, {school})) + others if others else []


def _first_hit(school: int, sources: list[Source]) -> Hit | None:
    """The first hit for `school` in a name, folder or subject (plain loops: run per file)."""
    for source in sources:
        if source.kind in ("name", "folder", "subject"):
            for hit in source.found.hits:
                if hit.school == school:
                    return hit
    return None


def extended(
    school: int, index: SchoolIndex, core: tuple[str, ...] | None = None, any_level: bool = False
) -> list[int]:
    """Schools whose name is this one's with a number added: of another level, or (with
    `any_level`, for a name that gives no level at all) of any level."""
    level = index.levels[school]
    bases = [core] if core is not None else index.cores[school]
    return sorted(
        other
        for other in index.family(school)
        if other != school
        and (any_level or index.levels[other] != level)
        and any(c[:-1] in bases and names.is_mark(c[-1]) for c in index.cores[other])
    )


def numbered_at(school: int, said: frozenset[str], index: SchoolIndex) -> list[int]:
    """The numbered schools of the level the file says, in the family of a school ruled out by
    that level: 'TH An Phú' (ruling out MN An Phú) could be TH An Phú 1 or TH An Phú 2."""
    return sorted(
        other
        for other in index.family(school)
        if names.agreement(said, index.levels[other]) in ("exact", "partial")
        and any(len(c) > 1 and names.is_mark(c[-1]) for c in index.cores[other])
    )
