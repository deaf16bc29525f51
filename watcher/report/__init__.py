"""The department's own report, upward: .docx (official layout), .xlsx or .csv.

Built from stored state only, exactly the rows `watcher status` shows (no source is read), so
reports work for past periods and while the source is unreachable. A campaign never polled
successfully has no data to report on: every school would look missing, so that is an error.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import structlog

from watcher.config import Settings
from watcher.report.summary import Report, build_report, letterhead
from watcher.store import Store

log = structlog.get_logger("watcher.report")


class ReportError(Exception):
    """A report cannot be made; `text(language)` says why in words an office admin understands.

    The texts are in watcher/i18n/cli.py; the exception's own message (English) is for logs.
    """

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(self.text("en"))

    def text(self, language: str) -> str:
        from watcher.i18n import t

        values = dict(self.values)
        hint = values.pop("hint_name", None)
        values["hint"] = t(language, "cli.did_you_mean", name=hint) if hint else ""
        return t(language, self.key, **values)


def write_report(
    settings: Settings,
    store: Store,
    campaign_id: str,
    period_id: str | None,
    out: Path,
    now: datetime,
    *,
    number: str | None = None,
) -> Path:
    """Write the report for one campaign (one period, or all) to `out`; the format is its suffix."""
    writer = _writer(out)
    report = make_report(settings, store, campaign_id, period_id, now, number=number)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=".report-", suffix=out.suffix)
    os.close(handle)
    try:
        writer(report, Path(temporary))
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a report is not
        os.replace(temporary, out)  # never a half-written report under the real name
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    log.info(
        "report.written",
        campaign=campaign_id,
        period=period_id,
        path=str(out),
        schools=len(report.campaign.schools),
        periods=len(report.periods),
    )
    return out


def make_report(
    settings: Settings,
    store: Store,
    campaign_id: str,
    period_id: str | None,
    now: datetime,
    *,
    number: str | None = None,
) -> Report:
    """The report's content, from stored state, as of `now`."""
    from watcher.pipeline import current_rows

    campaign = settings.campaign(campaign_id)
    if campaign is None:
        known = [c.id for c in settings.campaigns]
        raise ReportError(
            "cli.no_campaign",
            value=repr(campaign_id),
            hint_name=_close(campaign_id, known),
            known=", ".join(known),
        )
    if period_id is not None and campaign.period(period_id) is None:
        known = [p.id for p in campaign.periods]
        raise ReportError(
            "cli.report_no_period",
            campaign=campaign_id,
            value=repr(period_id),
            hint_name=_close(period_id, known),
            known=", ".join(known),
        )
    polled = store.last_success(campaign.id)
    if polled is None:
        raise ReportError("cli.report_never_polled", campaign=campaign_id)
    rows, _ = current_rows(settings, store, campaign, now)
    head = letterhead(settings, campaign.id, number)
    return build_report(campaign, rows, period_id, head, now, polled, settings.language)


def _close(name: str, choices: list[str]) -> str | None:
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return repr(close[0]) if close else None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _writer(out: Path) -> Callable[[Report, Path], None]:
    suffix = out.suffix.lower()
    if suffix == ".docx":
        from watcher.report.docx import write_docx

        return write_docx
    if suffix == ".xlsx":
        from watcher.report.xlsx import write_xlsx

        return write_xlsx
    if suffix == ".csv":
        from watcher.report.csvfile import write_csv

        return write_csv
    raise ReportError("cli.report_format", value=repr(out.name))
