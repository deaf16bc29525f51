"""Build Drive sources from the config; keep one per campaign so the daemon reuses its token."""

from __future__ import annotations

from watcher.config import Campaign, Settings
from watcher.sources.drive import DriveSettings, DriveSource

_sources: dict[tuple[str, str, DriveSettings], DriveSource] = {}


def drive_settings(settings: Settings) -> DriveSettings:
    raw = settings.raw.drive
    return DriveSettings(
        credentials_file=settings.drive_credentials,
        subject=raw.subject,
        api_endpoint=raw.api_endpoint,
        timeout_seconds=raw.timeout_seconds,
        max_retries=raw.max_retries,
        full_resync_hours=raw.full_resync_hours,
        max_requests_per_second=raw.max_requests_per_second,
        download_threads=raw.download_threads,
    )


def drive_source(settings: Settings, campaign: Campaign) -> DriveSource:
    """The campaign's source; the same object while the folder and [drive] settings hold."""
    key = (campaign.id, campaign.source_location, drive_settings(settings))
    if key not in _sources:
        _sources[key] = DriveSource(campaign.source_location, key[2])
    return _sources[key]
