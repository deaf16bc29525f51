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
    """A report cannot be made; the message says why in words an office admin understands."""


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
            f"no campaign has id {campaign_id!r}{_did_you_mean(campaign_id, known)}; "
            f"campaigns: {', '.join(known)}"
        )
    if period_id is not None and campaign.period(period_id) is None:
        known = [p.id for p in campaign.periods]
        raise ReportError(
            f"campaign {campaign_id} has no period {period_id!r}"
            f"{_did_you_mean(period_id, known)}; periods: {', '.join(known)}"
        )
    polled = store.last_success(campaign.id)
    if polled is None:
        raise ReportError(
            f"campaign {campaign_id} has never been polled successfully, so every school would "
            "look missing; run `watcher poll` first"
        )
    rows, _ = current_rows(settings, store, campaign, now)
    head = letterhead(settings, campaign.id, number)
    return build_report(campaign, rows, period_id, head, now, polled, settings.language)


def _did_you_mean(name: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


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
    raise ReportError(
        f"cannot tell the format of {out.name!r}: the file name must end in .docx, .xlsx or .csv"
    )
