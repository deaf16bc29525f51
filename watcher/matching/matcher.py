"""The decision: which school and period a file belongs to, or why it stays unplaced.

Precision first. A file is placed only when one school clearly wins (a strong score and a
margin over the runner-up) and the period is named, implied by the only period, or (weakly)
by the upload time. Everything else is unplaced with a reason staff can act on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from itertools import islice
from typing import Any, NamedTuple

from watcher.matching import documents, holds, marks, names
from watcher.matching import periods as period_rules
from watcher.matching.codes import codes_in
from watcher.matching.evidence import Source
from watcher.matching.messages import Msg, msg, sentence
from watcher.matching.periods import Clue, PeriodInfo
from watcher.matching.schools import Found, Hit, Rejection, SchoolIndex
from watcher.model import FileRecord, Override, Period, Placement, School
from watcher.text import nfc

THRESHOLD = 88.0  # the winner's score must reach this
MARGIN = 8.0  # and beat the runner-up by this much
SUPPORT = 10.0  # each further source naming the same school adds this
SUPPORTING = 85.0  # a source counts as support from this score
TEXT_CEILING = 90.0  # a letterhead alone is good evidence, but less than the file name
EMAIL = 90.0  # the uploader's e-mail alone places a file, but a school name in it wins
SHARED_EMAIL = 70.0  # an e-mail listed for several schools: a hint, never decisive
CODE = 100.0  # a school code in the name ('79783422', 'MN-05') is as strong as the name itself
NAMES = ("name", "folder", "subject")  # sources whose words say the period (a code says none)
HEADING_WORDS = 60  # the period is read from the title near the top, not from the whole text
SHOWN_LINES = 2  # a placement shows the evidence of the chosen school, or of the best two
WHERE_NAME, WHERE_TEXT = msg("where.name"), msg("where.text")
WHERE_SUBJECT, WHERE_BODY = msg("where.subject"), msg("where.body")


class Candidate(NamedTuple):
    """A school or period that could be meant, with its score and the evidence for it.

    A NamedTuple rather than a frozen dataclass: several are made for every file."""

    code: str
    name: str
    score: float
    evidence: tuple[Msg, ...]
    sources: int = 1  # how many sources (name, folder, e-mail, heading) point to it


@dataclass(frozen=True)
class Explanation:
    file_id: str
    file_name: str
    schools: tuple[Candidate, ...]
    periods: tuple[Candidate, ...]
    placement: Placement
    decision: Msg


@dataclass
class _Decision:
    schools: list[Candidate]
    periods: list[Candidate] = field(default_factory=list)
    school: str | None = None
    period: str | None = None
    reason: Msg | None = None
    overridden: bool = False
    could_be: list[str] = field(default_factory=list)  # school codes a held file may be meant for
    # the school lines a placement shows, rendered once per weighed findings: (chosen, language)
    shown: dict[tuple[str | None, str], list[str]] | None = None
    reading: _Reading | None = None  # what the names say of the period, when read
    period_at: list[int] = field(default_factory=list)  # each period candidate's place in infos


class Matcher:
    """Places file records; build once per poll (it indexes the roster)."""

    def __init__(
        self,
        schools: Sequence[School],
        periods: Sequence[Period],
        overrides: Sequence[Override] = (),
        *,
        single_period_default: bool = True,
        language: str = "vi",
        slack: timedelta = period_rules.DEFAULT_SLACK,
        lead: timedelta = period_rules.DEFAULT_LEAD,
    ) -> None:
        self.index = SchoolIndex(schools)
        self.infos = period_rules.period_infos(periods, slack, lead)
        self._keywords = period_rules.keyword_table(self.infos)
        self.language = language
        self.single_period_default = single_period_default
        self._codes = {school.code: position for position, school in enumerate(schools)}
        self._school_codes = [school.code for school in schools]
        self._first: dict[str, int] = {}  # code -> the first school with it, as a scan finds
        for position, school in enumerate(schools):
            self._first.setdefault(school.code, position)
        self._display = [_display(school) for school in schools]
        self._overrides = _override_table(overrides, self._codes, self.infos)
        self._readings: dict[tuple[tuple[ClueKey, ...], tuple[ClueKey, ...]], _Reading] = {}
        self._candidates: dict[tuple[object, str | None, bool], _Weighed] = {}
        self._folders: dict[tuple[str, ...], _Folders] = {}  # folder path -> what it says

    def place(self, record: FileRecord, text: str = "", language: str | None = None) -> Placement:
        decision = self._decide(record, text, every_period=False)
        return self._placement(record, decision, language or self.language)

    def explain(self, record: FileRecord, text: str = "") -> Explanation:
        decision = self._decide(record, text)
        placement = self._placement(record, decision, self.language)
        if placement.placed:
            outcome = msg(
                "decision.placed",
                school=self.display(self._codes[decision.school or ""]),
                period=self._period_label(decision.period),
            )
        else:
            outcome = msg("decision.unplaced", reason=decision.reason or msg("reason.no_school"))
        return Explanation(
            record.id,
            record.name,
            tuple(decision.schools),
            tuple(decision.periods),
            placement,
            outcome,
        )

    def position(self, code: str | None) -> int | None:
        """The roster position of a school code (None: not in the roster)."""
        return self._first.get(code or "")

    def display(self, school: int) -> str:
        """The roster's spelling, with the level in front when the name lacks it."""
        return self._display[school]

    # -- the decision ---------------------------------------------------------------------

    def _decide(self, record: FileRecord, text: str, every_period: bool = True) -> _Decision:
        if self._overrides:
            pinned = self._overrides.get(record.id) or self._overrides.get(
                override_key(record.name)
            )
            if pinned is not None:
                return self._pinned(pinned)
        sources = self._sources(record, text)
        weighed = self._school_candidates(sources, record.owner_email, every_period)
        decision = _Decision(list(weighed.candidates), shown=weighed.shown)
        self._choose_school(decision, sources, (record.name, *record.folders))
        self._choose_period(decision, sources, record, every_period)
        self._not_a_submission(decision, sources)
        return decision

    def _pinned(self, override: Override) -> _Decision:
        school = self._codes[override.school]
        evidence = (msg("override"),)
        return _Decision(
            [Candidate(override.school, self.display(school), 100.0, evidence)],
            [Candidate(override.period, self._period_label(override.period), 100.0, evidence)],
            override.school,
            override.period,
            overridden=True,
        )

    def _sources(self, record: FileRecord, text: str) -> list[Source]:
        folders, folder_places, context = self._folder_sources(tuple(record.folders))
        words = names.tokens(record.name, file_name=True)
        sources = [self._source("name", WHERE_NAME, words, context), *folders]
        for where, written in [
            (WHERE_NAME, record.name),
            *zip(folder_places, record.folders, strict=True),
        ]:
            code = self._code_source(where, written)
            if code is not None:
                sources.append(code)
        subject = record.extra.get("mail_subject", "")
        if subject.strip():  # an e-mail's subject speaks like a folder name
            sources.append(self._source("subject", WHERE_SUBJECT, names.tokens(subject), context))
        for where, body in ((WHERE_TEXT, text), (WHERE_BODY, record.extra.get("mail_text", ""))):
            if body.strip():
                text_words = names.text_tokens(body)
                found = self.index.find(text_words, local_level_only=True, fuzzy=False)
                sources.append(Source("text", where, text_words, found))
        return sources

    def _folder_sources(self, path: tuple[str, ...]) -> _Folders:
        """What the folders say (schools, a level such as '2. Tiểu học'): the files of one
        folder come one after the other, so each folder path is read once per poll."""
        known = _recalled(self._folders, path)
        if known is not None:
            return known
        context: tuple[frozenset[str], Msg] | None = None  # a folder such as '2. Tiểu học'
        folders = []
        folder_places = []
        for folder in path:
            folder_words = names.tokens(folder)
            where = msg("where.folder", folder=nfc(folder))
            folder_places.append(where)
            folders.append(self._source("folder", where, folder_words, context))
            level = names.level_only(folder_words)
            context = (level, where) if level else context
        return _kept(self._folders, path, _Folders(tuple(folders), tuple(folder_places), context))

    def _code_source(self, where: Msg, written: str) -> Source | None:
        """School codes in a name ('79783422', 'MN-05'): strong evidence, when the roster has
        them (as the code or as an alias)."""
        shape = self.index.code_shape
        if shape is None or not shape.search(written):
            return None
        hits = [  # each code its own place, so that two codes are two schools named
            Hit(school, "code", CODE, at, at + 1, shown, None, "none")
            for at, (key, shown) in enumerate(codes_in(written))
            for school in self.index.codes.get(key, ())
        ]
        return Source("code", where, [], Found(hits, [])) if hits else None

    def _source(
        self, kind: str, where: Msg, words: list[str], context: tuple[frozenset[str], Msg] | None
    ) -> Source:
        """A file or folder name; the level of an enclosing level folder holds when it has none."""
        if context is None or names.levels_in(words):
            return Source(kind, where, words, self._find(words))
        found = self.index.find(words, local_level_only=False, fuzzy=True, context=context[0])
        return Source(kind, where, words, found, context[1])

    def _find(self, words: list[str]) -> Found:
        return self.index.find(words, local_level_only=False, fuzzy=True)

    def _school_candidates(
        self, sources: list[Source], email: str | None, every_line: bool = True
    ) -> _Weighed:
        """Candidates, best first. Their evidence lines are built for all (explain) or only for
        the two a placement shows (`every_line` False): most of the cost of a poll is words.
        The same findings (a school's name written the same way, at another place in another
        name) come back in file after file: they are weighed once per poll."""
        key = (_found_key(sources), email, every_line)
        known = _recalled(self._candidates, key)
        if known is None:
            weighed = _Weighed(tuple(self._weigh(sources, email, every_line)), {})
            known = _kept(self._candidates, key, weighed)
        return known

    def _weigh(self, sources: list[Source], email: str | None, every_line: bool) -> list[Candidate]:
        scores: dict[int, dict[str, float]] = {}
        found: dict[int, list[tuple[Hit | Rejection, Source]]] = {}
        for source in sources:
            for hit in source.found.hits:
                score = min(hit.score, TEXT_CEILING) if source.kind == "text" else hit.score
                _keep_best(scores.setdefault(hit.school, {}), source.kind, score)
                found.setdefault(hit.school, []).append((hit, source))
            for rejection in source.found.rejections:
                found.setdefault(rejection.school, []).append((rejection, source))
        owners = self.index.emails.get((email or "").strip().casefold(), set())
        for school in owners:
            _keep_best(
                scores.setdefault(school, {}), "email", EMAIL if len(owners) == 1 else SHARED_EMAIL
            )
            found.setdefault(school, [])
        shown = len(found) if every_line else SHOWN_LINES
        return [
            Candidate(
                self._school_codes[school],
                self._display[school],
                score,
                self._lines_for(school, support, found, owners, email) if at < shown else (),
                support,
            )
            for at, (school, score, support) in enumerate(self._rank(scores, found))
        ]

    def _lines_for(
        self,
        school: int,
        support: int,
        found: dict[int, list[tuple[Hit | Rejection, Source]]],
        owners: set[int],
        email: str | None,
    ) -> tuple[Msg, ...]:
        lines: list[Msg] = []
        for item, source in found.get(school, []):
            if isinstance(item, Hit):
                lines.extend(self._hit_lines(item, source))
            else:
                lines.append(self._rejection_line(item, source))
        if school in owners and len(owners) == 1:
            lines.append(msg("school.email_one", email=email or ""))
        elif school in owners:
            lines.append(msg("school.email_many", email=email or "", count=str(len(owners))))
        if support > 1:
            lines.append(msg("school.agree", count=str(support)))
        return tuple(lines)

    def _rank(
        self,
        scores: dict[int, dict[str, float]],
        found: dict[int, list[tuple[Hit | Rejection, Source]]],
    ) -> list[tuple[int, float, int]]:
        """(school, score, supporting sources), best first."""
        ranked = []
        for school in found:
            by_source = scores.get(school, {})
            total = 0.0
            support = 0
            if by_source:
                best = max(by_source.values())
                support = sum(1 for value in by_source.values() if value >= SUPPORTING)
                total = best + SUPPORT * max(0, support - 1) if best >= SUPPORTING else best
            ranked.append((school, round(total, 1), support))
        return sorted(ranked, key=lambda item: -item[1])

    def _hit_lines(self, hit: Hit, source: Source) -> list[Msg]:
        lines = [
            msg(f"school.{hit.how}", where=source.where, found=hit.found, score=f"{hit.score:.0f}")
        ]
        level = self.index.levels[hit.school]
        if hit.said:
            where = source.level_where or source.where
            lines.append(msg("school.level", where=where, level=names.level_label(hit.said)))
        if hit.agreement == "partial":
            lines.append(
                msg(
                    "school.level_partial",
                    level=names.level_label(hit.said or frozenset()),
                    school_level=names.level_label(level),
                )
            )
        return lines

    def _rejection_line(self, rejection: Rejection, source: Source) -> Msg:
        if rejection.why == "level":
            return msg(
                "reject.level",
                where=source.level_where or source.where,
                level=names.level_label(rejection.said or frozenset()),
                school_level=names.level_label(self.index.levels[rejection.school]),
            )
        if rejection.why == "number":
            return msg(
                "reject.number", where=source.where, found=rejection.found, number=rejection.detail
            )
        if rejection.why == "town":
            return msg("reject.town", found=rejection.found)
        if rejection.why == "type":
            return msg("reject.type", where=source.where, found=rejection.found)
        return msg("reject.shorter", found=rejection.found)

    def _choose_school(
        self, decision: _Decision, sources: list[Source], written: tuple[str, ...] = ()
    ) -> None:
        ranked = [candidate for candidate in decision.schools if candidate.score > 0]
        if not ranked:
            decision.reason = self._nothing_found(decision, sources)
            return
        top = ranked[0]
        tied = [candidate for candidate in ranked if top.score - candidate.score < MARGIN]
        if len(tied) > 1:  # 'MN Nghi Vạn' written with its marks is not MN Nghi Văn
            positions = [self._codes[c.code] for c in tied]
            settled = marks.settle(self.index, positions, written)
            if settled is None:  # 'Xã Bắc Mê/MN Hoa Sen': the roster's 'Hoa Sen (Bắc Mê)'
                texts = [source.words for source in sources if source.kind != "code"]
                settled = self.index.settle_by_bracket(positions, texts)
            if settled is None:
                hits = [hit for source in sources for hit in source.found.hits]
                settled = self.index.whole_over_bracket(positions, hits)
            if settled is not None:
                top = next(c for c in tied if self._codes[c.code] == settled)
                tied = [top]
        held = holds.two_schools(sources, self.index, self.display)
        if held is not None:
            decision.reason = held
        elif len(tied) > 1:
            extended = sorted(
                {
                    s
                    for c in tied
                    for s in holds.extended(self._codes[c.code], self.index, None, True)
                }
                - {self._codes[c.code] for c in tied}
            )
            decision.could_be = [c.code for c in tied] + [self._code(s) for s in extended]
            labels = [c.name for c in tied] + [self.display(s) for s in extended]
            decision.reason = msg("reason.ambiguous", choices=holds.choices(labels))
        elif top.score < THRESHOLD:
            decision.reason = msg("reason.weak", first=top.name)
        else:
            school = self._codes[top.code]
            family = holds.family(school, top.sources, sources, self.index)
            if family:
                decision.could_be = [self._code(member) for member in family]
                shown = holds.choices(self.display(member) for member in family)
                decision.reason = msg("reason.family", choices=shown)
            else:
                decision.school = top.code

    def _not_a_submission(self, decision: _Decision, sources: list[Source]) -> None:
        """Comments on a report, a reference copy, a template, a plan...: held, whatever school
        they name (issue 12, classes 5 and 6)."""
        for source in sources:
            if source.kind not in NAMES or not documents.may_say(source.words):
                continue
            masked = [(hit.start, hit.end) for hit in source.found.hits]
            masked += [(start, end) for start, end, _ in names.levels_in(source.words)]
            found = documents.kind_of(source.words, masked, folder=source.kind != "name")
            if found is None:
                continue
            named = [candidate.name for candidate in decision.schools if candidate.score > 0]
            decision.reason = documents.reason(*found, named[0] if named else "")
            decision.school = decision.period = None
            return

    def _nothing_found(self, decision: _Decision, sources: list[Source]) -> Msg:
        rejections = [rejection for source in sources for rejection in source.found.rejections]
        at_other_level = {rejection.found for rejection in rejections if rejection.why == "level"}
        for rejection in rejections:
            if rejection.why == "number" and rejection.found not in at_other_level:
                return msg("reason.number", found=rejection.found)  # 'An Phú 3': no such school
        for rejection in rejections:
            if rejection.why == "level":
                said = rejection.said or frozenset()
                numbered = holds.numbered_at(rejection.school, said, self.index)
                if numbered:  # 'TH An Phú' when the roster has 'TH An Phú 1' and 'TH An Phú 2'
                    decision.could_be = [self._code(school) for school in numbered]
                    shown = holds.choices(self.display(school) for school in numbered)
                    return msg("reason.no_number", choices=shown)
                level = names.level_label(said)
                return msg("reason.level", level=level, first=self.display(rejection.school))
        for rejection in rejections:
            if rejection.why == "type":  # 'PTDTNT THCS X' when the roster has only 'THCS X'
                return msg(
                    "reason.type", found=rejection.found, first=self.display(rejection.school)
                )
        towns = [r.school for r in rejections if r.why == "town"]
        towns += [s for t in towns for s in holds.extended(t, self.index, None, True)]
        towns = sorted(set(towns))
        if towns:  # 'Diễn Châu', 'Thị trấn Yên Thành/': the town, or one of its schools
            decision.could_be = [self._code(school) for school in towns]
            found = next(r.found for r in rejections if r.why == "town")
            shown = holds.choices(self.display(school) for school in towns)
            return msg("reason.town", found=found, choices=shown)
        return msg("reason.no_school")

    def _code(self, school: int) -> str:
        return self.index.schools[school].code

    # -- the period -------------------------------------------------------------------------

    def _choose_period(
        self, decision: _Decision, sources: list[Source], record: FileRecord, every_period: bool
    ) -> None:
        school = self._codes.get(decision.school or "")
        keys = tuple([_clue_key(source, school) for source in sources if source.kind in NAMES])
        heading_keys = tuple(
            [_clue_key(source, school) for source in sources if source.kind == "text"]
        )
        if len(self.infos) == 1 and self.single_period_default:
            clues = [self._clue(key) for key in keys]
            heading = [self._clue(key) for key in heading_keys]
            only = self.infos[0]
            lines = [msg("period.only")] + [
                line for item in clues + heading for line in period_rules.evidence(item, only)
            ]
            decision.periods = [Candidate(only.period.id, only.period.label, 100.0, tuple(lines))]
            decision.period = only.period.id if decision.school else None
            return
        reading = self._reading(keys, heading_keys)
        possible, chosen, detail = reading.possible, reading.chosen, reading.detail
        shown = None if every_period else {chosen} if chosen else possible
        ranked = self._period_candidates(reading, record, shown)
        decision.periods = [candidate for candidate, _ in ranked]
        decision.reading, decision.period_at = reading, [position for _, position in ranked]
        if decision.school is None:
            return
        if chosen is not None:
            decision.period = chosen
            return
        decision.reason = self._period_reason(school, possible, detail)

    def _clue(self, key: ClueKey) -> Clue:
        words, where = key
        return period_rules.clue(words, where, self.infos, self._keywords)

    def _reading(self, keys: tuple[ClueKey, ...], heading_keys: tuple[ClueKey, ...]) -> _Reading:
        """What the names and the heading say about the period, apart from the upload time:
        the same words (a school's name masked) come back in file after file, so it is read
        once per poll."""
        reading = _recalled(self._readings, (keys, heading_keys))
        if reading is None:
            clues = [self._clue(key) for key in keys]
            heading = [self._clue(key) for key in heading_keys]
            reading = _Reading(*_narrow(self.infos, clues, heading))
            for info in self.infos:
                every = clues + heading
                reading.lines.append(
                    tuple(line for item in every for line in period_rules.evidence(item, info))
                )
                score = 50.0 * any(info.period.id in item.words for item in every)
                score += 30.0 * any(
                    period_rules.fits(g, info) for item in every for g in item.years
                )
                reading.scores.append(score)
            _kept(self._readings, (keys, heading_keys), reading)
        return reading

    def _period_candidates(
        self, reading: _Reading, record: FileRecord, shown: set[str] | None
    ) -> list[tuple[Candidate, int]]:
        """Every period with its score and evidence (only the `shown` ones, when given), best
        first, each with its place in `infos`."""
        result = []
        uploaded_at = record.uploaded_at
        possible = reading.possible
        for position, info in enumerate(self.infos):
            if shown is not None and info.period.id not in shown:
                continue
            lines = reading.lines[position]
            score = reading.scores[position]
            if period_rules.in_window(info, uploaded_at):
                zone = info.period.deadline.tzinfo  # people read the campaign's local time
                moment = (
                    uploaded_at.astimezone(zone).strftime("%d/%m/%Y %H:%M") if uploaded_at else ""
                )
                lines = (*lines, msg("period.window", time=moment))
                score += 10.0
            if info.period.id not in possible:
                score = 0.0
            result.append((Candidate(info.period.id, info.period.label, score, lines), position))
        return sorted(result, key=lambda item: -item[0].score)

    def _period_reason(self, school: int | None, possible: set[str], detail: Msg | None) -> Msg:
        name = self.display(school) if school is not None else ""
        if detail is not None:
            return msg("reason.period_conflict", school=name, detail=detail)
        choices = [info.period.label for info in self.infos if info.period.id in possible]
        if 1 < len(choices) < len(self.infos):
            return msg("reason.period_choices", school=name, first=choices[0], second=choices[1])
        return msg("reason.period", school=name)

    def _period_label(self, period_id: str | None) -> str:
        for info in self.infos:
            if info.period.id == period_id:
                return info.period.label or info.period.id
        return period_id or ""

    # -- output -----------------------------------------------------------------------------

    def _school_lines(self, decision: _Decision, language: str) -> list[str]:
        """The school lines a placement shows: the same findings come back in file after file,
        so they are put into words once for each chosen school and language."""
        if decision.shown is None:
            return _lines(decision.schools, decision.school, language)
        key = (decision.school, language)
        lines = decision.shown.get(key)
        if lines is None:
            lines = decision.shown[key] = _lines(decision.schools, decision.school, language)
        return lines

    def _period_lines(self, decision: _Decision, language: str) -> list[str]:
        """The period lines a placement shows, as `_lines` gives them: the lines of a reading
        are put into words once per poll, the upload time's line for each file."""
        reading = decision.reading
        if reading is None:
            return _lines(decision.periods, decision.period, language)
        chosen = decision.period
        shown = [
            (candidate, position)
            for candidate, position in zip(decision.periods, decision.period_at, strict=True)
            if candidate.code == chosen
        ] or list(zip(decision.periods[:2], decision.period_at[:2], strict=True))
        result: list[str] = []
        for candidate, position in shown:
            known = reading.lines[position]
            rendered = reading.rendered.get((position, language))
            if rendered is None:
                rendered = [_line(candidate.name, line, language) for line in known]
                reading.rendered[(position, language)] = rendered
            result += rendered
            result += [
                _line(candidate.name, line, language) for line in candidate.evidence[len(known) :]
            ]
        return result

    def _placement(self, record: FileRecord, decision: _Decision, language: str) -> Placement:
        lines = [
            *self._school_lines(decision, language),
            *self._period_lines(decision, language),
        ]
        if decision.school is not None and decision.period is not None:
            return Placement(
                record.id,
                decision.school,
                decision.period,
                "",
                tuple(lines),
                decision.overridden,
            )
        why = decision.reason or msg("reason.no_school")
        return Placement(
            record.id,
            decision.school,
            None,
            sentence(why.render(language)),
            tuple(lines),
            decision.overridden,
            hold=holds.hold_word(why),
            candidates=_school_choices(decision),
            period_candidates=_period_choices(decision),
        )


class _Folders(NamedTuple):
    """What a file's folders say: their sources, where each is, and the level they give."""

    sources: tuple[Source, ...]
    places: tuple[Msg, ...]
    context: tuple[frozenset[str], Msg] | None


class _Weighed(NamedTuple):
    """The school candidates of one set of findings, and their shown lines once rendered."""

    candidates: tuple[Candidate, ...]
    shown: dict[tuple[str | None, str], list[str]]


ClueKey = tuple[tuple[str, ...], Msg]  # the words a clue reads (a school's name masked), where
# Readings and candidates a matcher keeps, the most recently used: a poll's distinct name
# shapes (~1,500 in 30,000 names, a few of them most of the files), and a school's files come
# one group after another. Each keeps its evidence lines (~3 KB): kept for every file of a
# province, they were a large part of a cold sync's memory (with one folder per school, every
# file's reading differs). 4,096 of each: ~24 MB at most, and the names benchmark's 30,000
# files (1,423 readings, 6,824 sets of findings) place in 8 % fewer instructions than at 1,024.
KEPT = 4096


def _recalled(cache: dict[Any, Any], key: Any) -> Any:
    """A kept value, made the most recently used; None if not kept."""
    value = cache.pop(key, None)
    if value is not None:
        cache[key] = value
    return value


def _kept(cache: dict[Any, Any], key: Any, value: Any) -> Any:
    """Keep `value`, dropping the least recently used quarter when the cache is full."""
    if len(cache) >= KEPT:
        for old in list(islice(cache, KEPT // 4)):
            del cache[old]
    cache[key] = value
    return value


@dataclass
class _Reading:
    """What a file's names and heading say about the period, apart from its upload time."""

    possible: set[str]
    chosen: str | None
    detail: Msg | None
    lines: list[tuple[Msg, ...]] = field(default_factory=list)  # per period, in infos order
    scores: list[float] = field(default_factory=list)
    rendered: dict[tuple[int, str], list[str]] = field(default_factory=dict)  # lines, in words


def _found_key(sources: list[Source]) -> tuple[object, ...]:
    """What the candidates and their evidence lines depend on: each source's kind and place,
    and what was found in it, without where in its words."""
    return tuple(
        [  # lists, not generators, inside tuple(): this runs for every file
            (
                source.kind,
                source.where,
                source.level_where,
                tuple(
                    [
                        (h.school, h.how, h.score, h.found, h.said, h.agreement)
                        for h in source.found.hits
                    ]
                ),
                tuple(source.found.rejections),
            )
            for source in sources
        ]
    )


def _clue_key(source: Source, school: int | None) -> ClueKey:
    """The words a period clue reads: the heading's first words, the found names masked."""
    words = source.words[:HEADING_WORDS] if source.kind == "text" else source.words
    if source.found.hits:
        words = list(words)
        for hit in source.found.hits:
            if hit.school == school or school is None:
                words[hit.start : hit.end] = ["|"] * (hit.end - hit.start)
    return tuple(words), source.where


def _narrow(
    infos: Sequence[PeriodInfo], clues: list[Clue], heading: list[Clue]
) -> tuple[set[str], str | None, Msg | None]:
    """(periods still possible, the chosen one or None, a conflict to report or None)."""
    possible = {info.period.id for info in infos}
    for item in [*clues, *heading]:
        narrowed = possible & period_rules.allowed(item, infos)
        if not narrowed:
            return possible, None, _conflict(item)  # the name and the title disagree: held
        possible = narrowed
    chosen = next(iter(possible)) if len(possible) == 1 else None
    info = next((info for info in infos if info.period.id == chosen), None)
    if info is not None and any(period_rules.names_period(item, info) for item in clues + heading):
        return possible, chosen, None
    return possible, None, None  # neither the upload time nor a school year alone places a file


def _conflict(item: Clue) -> Msg:
    words = ", ".join(item.named)
    years = ", ".join("–".join(str(y) for y in sorted(group)) for group in item.years)
    said = " ".join(part for part in (words, years) if part)
    return msg("period.conflict", where=item.where, said=said)


CHOICES = 5  # candidates listed for a held file


def _school_choices(decision: _Decision) -> tuple[str, ...]:
    """Schools that could be meant: the family a bare name may mean, those with evidence for
    them, then those ruled out only by a level or a number, best first."""
    if decision.school is not None:
        return (decision.school,)
    scored = [candidate.code for candidate in decision.schools if candidate.score > 0]
    named = [candidate.code for candidate in decision.schools if candidate.score <= 0]
    return tuple(dict.fromkeys([*decision.could_be, *scored, *named]))[:CHOICES]


def _period_choices(decision: _Decision) -> tuple[str, ...]:
    scored = [candidate.code for candidate in decision.periods if candidate.score > 0]
    return tuple(scored or [candidate.code for candidate in decision.periods])[:CHOICES]


def _lines(candidates: list[Candidate], chosen: str | None, language: str) -> list[str]:
    shown = [c for c in candidates if c.code == chosen] or candidates[:2]
    return [_line(c.name, line, language) for c in shown for line in c.evidence]


@lru_cache(maxsize=16384)  # the same lines come back for thousands of files
def _line(name: str, line: Msg, language: str) -> str:
    return f"{name}: {sentence(line.render(language))}"


def _display(school: School) -> str:
    return names.school_label(school.name, school.level)


def _keep_best(scores: dict[str, float], kind: str, score: float) -> None:
    scores[kind] = max(score, scores.get(kind, 0.0))


def override_key(name: str) -> str:
    """How an [[override]] file name is compared with a file's name: NFC, case-insensitive."""
    return nfc(name).strip().casefold()


def _override_table(
    overrides: Sequence[Override], codes: dict[str, int], infos: Sequence[PeriodInfo]
) -> dict[str, Override]:
    """Overrides by file id and by exact (NFC, case-insensitive) name; unknown targets skipped."""
    known_periods = {info.period.id for info in infos}
    table: dict[str, Override] = {}
    for override in overrides:
        if override.school in codes and override.period in known_periods:
            table.setdefault(override.file, override)
            table.setdefault(override_key(override.file), override)
    return table
