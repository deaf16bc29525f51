"""Plain data shared by every stage. No I/O here.

Times are always timezone-aware datetimes. Text that people read keeps its original
spelling (NFC); matching works on folded copies made in `watcher.text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum


class Role(StrEnum):
    WORD = "word"
    SCAN = "scan"
    PAPER = "paper"  # the signed copy that arrived on paper, recorded by staff (`watcher receive`)
    EXTRA = "extra"  # placed to a school and period but not a required role (or not usable as one)


class Status(StrEnum):
    PENDING = "pending"  # nothing yet, deadline ahead
    INCOMPLETE = "incomplete"  # some required role has nothing
    MALFORMED = "malformed"  # a required role has only unusable files
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"  # nothing, deadline passed
    # nothing on record, deadline passed, but the source was not read completely since the
    # deadline: the school may have uploaded after the last good read; never called missing
    UNVERIFIED = "unverified"
    EXCUSED = "excused"


class Severity(StrEnum):
    WARNING = "warning"
    PROBLEM = "problem"


CHECKER_FAILURES = frozenset({"file.check_crashed", "file.check_timeout"})


class VerdictKind(StrEnum):
    OK = "ok"
    WARNING = "warning"
    PROBLEM = "problem"


@dataclass(frozen=True)
class School:
    code: str
    name: str  # as the roster spells it (NFC)
    level: str  # MN, TH, THCS, THPT, or the admin's own word
    aliases: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    line: int = 0  # line in the roster file, for messages
    opt_out: bool = False  # the school asked for no reminders
    place: str = ""  # its commune, ward or town as the roster writes it ('Xã Yên Minh')


@dataclass(frozen=True)
class Period:
    id: str
    label: str
    deadline: datetime  # the last acceptable moment (inclusive, second resolution)
    keywords: tuple[str, ...] = ()
    grace: timedelta = timedelta(0)
    opens: datetime | None = None  # optional start of the collection window


@dataclass(frozen=True)
class Extension:
    school: str
    period: str
    until: datetime  # new last acceptable moment
    reason: str = ""


@dataclass(frozen=True)
class Excuse:
    school: str
    period: str
    reason: str = ""


@dataclass(frozen=True)
class Override:
    file: str  # source id or file name
    school: str
    period: str
    role: Role | None = None


@dataclass(frozen=True)
class Decision:
    """What staff decided about one file (`watcher place`), as the placements file holds it.

    Either a place (school and period, optionally the role) or `ignore` (not a submission).
    Keyed by the file's id in the source, so it settles exactly that file."""

    file: str  # the file's id in the source (Drive id; path in the folder)
    school: str | None = None
    period: str | None = None
    role: Role | None = None
    ignore: bool = False
    by: str = ""
    at: datetime | None = None
    line: int = 0  # in the placements file, for messages


@dataclass(frozen=True)
class FileRecord:
    """What a source knows about one file, without its content."""

    id: str  # stable within the source (Drive id; relative path for the folder source)
    name: str  # NFC
    folders: tuple[str, ...]  # folder names between the watched root and the file (NFC)
    mime_type: str
    size: int | None
    content_hash: str | None  # md5Checksum / headRevisionId / sha256; None = unknown
    created_at: datetime | None
    modified_at: datetime | None
    owner_email: str | None = None
    url: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def uploaded_at(self) -> datetime | None:
        """When the current content reached the source: the later of created and modified.

        A file copied in keeps an old modified time but gets a new created time; a new
        revision gets a new modified time. The later of the two is when this content arrived.
        """
        created, modified = self.created_at, self.modified_at  # read for every file and row:
        if created is None or modified is None:  # no list, no max() (a province's status)
            return modified if created is None else created
        return created if created >= modified else modified


@dataclass(frozen=True)
class Finding:
    code: str  # stable, e.g. "docx.encrypted"
    severity: Severity
    message_vi: str
    message_en: str

    def message(self, language: str) -> str:
        return self.message_en if language == "en" else self.message_vi


@dataclass(frozen=True)
class Verdict:
    role: Role  # what the content really is: word, scan, or extra ("other")
    findings: tuple[Finding, ...] = ()
    text: str = ""  # leading text of a document (title/letterhead), for matching; may be ""
    detected: str = ""  # what the file really is, e.g. "docx", "pdf", "jpeg", "doc", "xlsx"

    @property
    def kind(self) -> VerdictKind:
        severities = {f.severity for f in self.findings}
        if Severity.PROBLEM in severities:
            return VerdictKind.PROBLEM
        if Severity.WARNING in severities:
            return VerdictKind.WARNING
        return VerdictKind.OK

    @property
    def usable(self) -> bool:
        return not any(f.severity is Severity.PROBLEM for f in self.findings)

    @property
    def unreadable(self) -> bool:
        """The bytes could not be read this time (no verdict on them; read again next poll)."""
        return any(f.code.startswith("file.unreadable.") for f in self.findings)

    @property
    def held(self) -> bool:
        """The checker failed (crashed, ran out of memory, timed out), not the file: nobody
        knows yet whether it is usable. Retried; never a problem notice to the school."""
        return any(f.code in CHECKER_FAILURES for f in self.findings)


@dataclass(frozen=True)
class Placement:
    """A decision about one file: where it belongs, or why it could not be placed."""

    file_id: str
    school: str | None  # school code
    period: str | None  # period id
    reason: str = ""  # for unmatched files: a sentence staff can act on
    evidence: tuple[str, ...] = ()  # plain-words lines, for `watcher explain`
    overridden: bool = False
    ignored: bool = False  # staff said it is not a submission (`watcher place --ignore`)
    # For a file that is not placed: why it is held, as a stable word ("ambiguous",
    # "not_submission", "period", ...; docs/matching.md lists them), and who could be meant:
    # roster school codes and period ids, best first. Empty for a placed file.
    hold: str = ""
    candidates: tuple[str, ...] = ()
    period_candidates: tuple[str, ...] = ()
    # A compact why that outlives `evidence` (stored evaluations drop it): "follows" (a scan
    # placed with the Word file beside it) or "waits" (a held scan beside a held Word file),
    # and that file as (id, name). Read by `watcher explain` and `watcher review`.
    basis: str = ""
    beside: tuple[str, ...] = ()

    @property
    def held(self) -> bool:
        """Waiting for staff: not placed, and not set aside as no submission."""
        return not self.placed and not self.ignored

    @property
    def placed(self) -> bool:
        return self.school is not None and self.period is not None


@dataclass(frozen=True)
class Version:
    """One content of a file, as it arrived: a replaced file keeps its earlier versions."""

    content_hash: str
    uploaded_at: datetime | None
    verdict: Verdict | None


@dataclass(frozen=True)
class SourceFile:
    """A file as the status stage sees it: record, verdict (None = not checked yet), placement.

    `versions` lists every content the file has had, oldest first (the current one last); an
    earlier usable version still counts for when the submission became complete.
    """

    record: FileRecord
    verdict: Verdict | None
    placement: Placement
    role: Role = Role.EXTRA  # the slot it fills in its submission
    versions: tuple[Version, ...] = ()
    removed_at: datetime | None = None  # when it left the source (deleted, trashed, moved out)


@dataclass(frozen=True)
class Row:
    """The status of one (school, period)."""

    campaign: str
    school: School
    period: Period
    status: Status
    overdue: bool
    completed_at: datetime | None
    deadline: datetime  # effective (extension and grace applied)
    files: tuple[SourceFile, ...]
    problems: tuple[str, ...]  # sentences for a school clerk, in the configured language
    note: str = ""  # extension or excuse reason
    days_late: int = 0
    # what to check although the file counts (a PDF exported, not scanned; a small photo)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Transition:
    campaign: str
    school: str
    period: str
    before: Status | None
    after: Status
    at: datetime
    cause: str
