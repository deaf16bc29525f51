"""What a report says, decided once for every format: pure functions of rows, config and time.

The .docx, .xlsx and .csv writers only lay out a `Report`; none of them decides a status, a
count or a sentence on its own, so the three formats and `watcher status` cannot disagree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from watcher import safe
from watcher.config import Campaign, Settings
from watcher.i18n import role_label, t
from watcher.model import Period, Role, Row, Status
from watcher.status import department_note
from watcher.text import fold

# The order statuses are counted and shown in: done first, then what still needs chasing.
STATUS_ORDER = (
    Status.ON_TIME,
    Status.LATE,
    Status.INCOMPLETE,
    Status.MALFORMED,
    Status.MISSING,
    Status.UNVERIFIED,
    Status.PENDING,
    Status.EXCUSED,
)
COMPLETE = (Status.ON_TIME, Status.LATE)
ROLE_ORDER = (Role.WORD, Role.SCAN, Role.PAPER, Role.EXTRA)
# The usual order of school levels in Vietnamese documents; other words follow, sorted.
LEVEL_ORDER = ("MN", "TH", "THCS", "THPT")


@dataclass(frozen=True)
class Letterhead:
    """Who issues the report and who signs it ([report], replaced by [campaign.report])."""

    issuer_parent: str
    issuer: str
    place: str
    number: str
    signer_title: str
    signer_name: str
    recipients: tuple[str, ...]


@dataclass(frozen=True)
class PeriodReport:
    period: Period
    rows: tuple[Row, ...]

    @property
    def counts(self) -> Counter[Status]:
        return Counter(row.status for row in self.rows)

    @property
    def levels(self) -> list[str]:
        present = {row.school.level for row in self.rows}
        known = [level for level in LEVEL_ORDER if level in present]
        return known + sorted(present - set(LEVEL_ORDER))

    def counts_by_level(self) -> dict[str, Counter[Status]]:
        table: dict[str, Counter[Status]] = {level: Counter() for level in self.levels}
        for row in self.rows:
            table[row.school.level][row.status] += 1
        return table

    @property
    def shown_statuses(self) -> list[Status]:
        """Statuses worth a column: every one that occurs, and always on time."""
        counts = self.counts
        return [s for s in STATUS_ORDER if counts[s] or s is Status.ON_TIME]

    @property
    def outstanding(self) -> list[Row]:
        """Schools that still owe something: neither complete nor excused."""
        return [r for r in self.rows if r.status not in (*COMPLETE, Status.EXCUSED)]


@dataclass(frozen=True)
class Report:
    campaign: Campaign
    periods: tuple[PeriodReport, ...]
    letterhead: Letterhead
    issued_at: datetime  # the date on the document (local)
    as_of: datetime  # the data's moment: the last successful poll, or `now` if earlier
    language: str

    @property
    def zone(self) -> tzinfo:
        return self.campaign.timezone


def letterhead(settings: Settings, campaign_id: str, number: str | None = None) -> Letterhead:
    """[report] with the campaign's own [campaign.report] keys laid over it."""
    base = settings.raw.report.model_dump()
    spec = next((c for c in settings.raw.campaign if c.id == campaign_id), None)
    if spec is not None and spec.report is not None:
        base.update(spec.report.model_dump(exclude_none=True))
    if number:
        base["number"] = number
    base["recipients"] = tuple(base["recipients"])
    return Letterhead(**base)


def build_report(
    campaign: Campaign,
    rows: list[Row],
    period_id: str | None,
    letterhead: Letterhead,
    now: datetime,
    as_of: datetime,
    language: str,
) -> Report:
    periods = [p for p in campaign.periods if period_id in (None, p.id)]
    sections = tuple(
        PeriodReport(period, tuple(r for r in rows if r.period.id == period.id))
        for period in periods
    )
    return Report(
        campaign,
        sections,
        letterhead,
        now.astimezone(campaign.timezone),
        min(now, as_of).astimezone(campaign.timezone),
        language,
    )


# --- words shared by the formats ------------------------------------------------------------


def day(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%d/%m/%Y")


def day_time(moment: datetime | None, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%d/%m/%Y %H:%M") if moment else ""


def moment_words(moment: datetime, language: str) -> str:
    """'09 giờ 00 ngày 20/11/2025'."""
    return t(
        language,
        "report.at",
        hour=f"{moment.hour:02d}",
        minute=f"{moment.minute:02d}",
        date=moment.strftime("%d/%m/%Y"),
    )


def date_line(place: str, moment: datetime, language: str) -> str:
    """'Quận 7, ngày 05 tháng 3 năm 2026': a zero before days below 10 and months 1 and 2."""
    month = f"{moment.month:02d}" if moment.month < 3 else str(moment.month)
    return t(
        language,
        "report.date_line",
        place=place,
        day=f"{moment.day:02d}",
        month=month,
        month_name=moment.strftime("%B"),
        year=moment.year,
    )


def subject(report: Report) -> str:
    """The line under 'BÁO CÁO'."""
    if len(report.periods) != 1:
        what = t(report.language, "report.what_all")
    else:
        label = report.periods[0].period.label
        if report.language != "vi":
            what = label
        elif fold(label).startswith("bao cao"):  # not "nộp báo cáo Báo cáo năm 2023"
            what = label[0].lower() + label[1:]
        else:
            what = f"báo cáo {label}"
    return t(report.language, "report.subject", what=what, campaign=report.campaign.title)


def deadline_words(period: Period, zone: tzinfo, language: str) -> str:
    """The deadline as plans say it: 'trước ngày 01/11/2023' for one ending at 23:59:59."""
    local = period.deadline.astimezone(zone)
    if (local.hour, local.minute, local.second) == (23, 59, 59):
        following = (local + timedelta(seconds=1)).strftime("%d/%m/%Y")
        return t(language, "report.before", date=following)
    return day_time(local, zone)


def summary_sentence(section: PeriodReport, language: str) -> str:
    counts = section.counts
    return t(
        language,
        "report.summary_text",
        total=len(section.rows),
        complete=counts[Status.ON_TIME] + counts[Status.LATE],
        on_time=counts[Status.ON_TIME],
        late=counts[Status.LATE],
        outstanding=len(section.outstanding),
        excused=counts[Status.EXCUSED],
    )


def decisions(row: Row, campaign: Campaign, language: str) -> list[str]:
    """The department's own decisions about a row (extension, excuse), with their reasons."""
    lines: list[str] = []
    extended = any(
        e.school == row.school.code and e.period == row.period.id for e in campaign.extensions
    )
    if extended and row.status is not Status.EXCUSED:
        lines.append(t(language, "report.extension", until=day(row.deadline, campaign.timezone)))
    if row.note:
        lines.append(t(language, "report.reason", reason=row.note))
    return lines


def department_problems(row: Row) -> list[str]:
    return [department_note(p) + "." for p in row.problems]


def department_warnings(row: Row, language: str) -> list[str]:
    return [t(language, "report.to_check", text=department_note(w)) + "." for w in row.warnings]


def findings(row: Row, language: str) -> list[str]:
    """What is wrong and what to check, for the department (the requests to schools left out)."""
    return [*department_problems(row), *department_warnings(row, language)]


def notes(row: Row, campaign: Campaign, language: str) -> list[str]:
    """Problems, things to check, then decisions: the 'problems / notes' column."""
    return [*findings(row, language), *decisions(row, campaign, language)]


def document_notes(row: Row, campaign: Campaign, language: str) -> list[str]:
    """Notes for the printed table: a school with nothing at all needs no 'no Word file yet'."""
    nothing = row.status in (Status.MISSING, Status.PENDING, Status.UNVERIFIED)
    return [*([] if nothing else findings(row, language)), *decisions(row, campaign, language)]


def files_text(row: Row) -> str:
    """Every file's name, one a line (the spreadsheet and CSV), each name on one line."""
    return "\n".join(safe.line(item.record.name) for item in row.files)


def roles_text(row: Row, language: str) -> str:
    """What arrived, by role ('Word', 'Bản scan (2)'): short enough for a printed table."""
    counts = Counter(item.role for item in row.files)
    papers = [item.record.name for item in row.files if item.role is Role.PAPER]
    return "\n".join(
        "\n".join(papers)  # "bản giấy, nhận ngày …": when it came matters
        if role is Role.PAPER
        else role_label(role, language) + (f" ({count})" if count > 1 else "")
        for role, count in sorted(counts.items(), key=lambda pair: ROLE_ORDER.index(pair[0]))
    )


def outstanding_groups(section: PeriodReport) -> list[tuple[Status, list[Row]]]:
    """Schools still owing something, grouped by status in STATUS_ORDER."""
    rows = section.outstanding
    groups = [(status, [r for r in rows if r.status is status]) for status in STATUS_ORDER]
    return [(status, members) for status, members in groups if members]
