"""Checking and repairing the archive: `watcher archive verify` and `watcher archive rebuild`.

`verify_folder` needs only the archive folder (its manifest), so a copy of the archive on a
share or a USB disk can be checked without the watcher's database. `rebuild_campaign` uses
the database and the content cache to put every recorded copy back, then archives as a poll
does. A damaged copy is set aside (renamed), never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import structlog

from watcher.archive import disk, manifest, names
from watcher.archive.sync import ArchiveReport, archive_campaign, campaign_folder, restore
from watcher.config import Campaign, Settings
from watcher.store import Store
from watcher.text import nfc

log = structlog.get_logger("watcher.archive")


@dataclass
class VerifyReport:
    folder: Path
    checked: int = 0
    mismatched: list[str] = field(default_factory=list)  # bytes differ from the manifest
    missing: list[str] = field(default_factory=list)  # listed but not on disk
    untracked: list[str] = field(default_factory=list)  # on disk but not listed (not an error)
    error: str = ""  # the manifest is missing or unreadable

    @property
    def ok(self) -> bool:
        return not (self.mismatched or self.missing or self.error)


def verify_folder(folder: Path) -> VerifyReport:
    """Re-hash every file the manifest lists; report changed, missing and unlisted files."""
    report = VerifyReport(folder)
    try:
        listed = manifest.read((folder / names.MANIFEST).read_bytes())
    except (OSError, ValueError, UnicodeDecodeError) as error:
        report.error = f"cannot read {folder / names.MANIFEST}: {error}"
        return report
    for row in listed:
        if not row.path:
            continue
        path = folder / row.path
        report.checked += 1
        if not path.is_file():
            report.missing.append(row.path)
        elif disk.sha256_of(path) != row.sha256:
            report.mismatched.append(row.path)
    report.untracked = _untracked(
        folder, {nfc(r.path) for r in listed if r.path} | {names.MANIFEST}
    )
    return report


def _untracked(folder: Path, listed: set[str]) -> list[str]:
    found: list[str] = []
    for path in sorted(folder.rglob("*")):
        relative = nfc(path.relative_to(folder).as_posix())
        scratch = path.name.startswith(disk.TEMP_PREFIX)
        if path.is_file() and not scratch and relative not in listed:
            found.append(relative)
    return found


@dataclass
class RebuildReport:
    campaign: str
    restored: list[str] = field(default_factory=list)
    set_aside: list[str] = field(default_factory=list)  # damaged copies renamed out of the way
    unrecoverable: list[str] = field(default_factory=list)  # gone and not in the content cache
    archive: ArchiveReport | None = None

    @property
    def ok(self) -> bool:
        return not self.unrecoverable and (self.archive is None or self.archive.ok)


def rebuild_campaign(
    settings: Settings, store: Store, campaign: Campaign, now: datetime
) -> RebuildReport:
    """Put back every recorded copy that is missing or damaged, then archive as a poll does."""
    report = RebuildReport(campaign.id)
    root = campaign_folder(settings, campaign)
    if root is None:
        return report
    disk.sweep_temporaries(root)
    label = "damaged-" + now.astimezone(campaign.timezone).strftime("%Y%m%dT%H%M%S")
    for copy in store.archived_copies(campaign.id):
        path = root / copy.path
        if path.is_file() and disk.sha256_of(path) == copy.sha256:
            continue
        if path.exists():
            aside = disk.set_aside(path, label)
            report.set_aside.append(aside.relative_to(root).as_posix())
        try:
            restore(settings, root, copy)
            report.restored.append(copy.path)
        except OSError as error:
            report.unrecoverable.append(copy.path)
            log.error("archive.unrecoverable", path=copy.path, error=str(error))
    report.archive = archive_campaign(settings, store, campaign, now)
    return report
