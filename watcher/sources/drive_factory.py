"""Build Drive sources from the config; keep one per campaign so the daemon reuses its token.

The key file is part of what a source is made from, by content: an admin who replaces the
service-account key on disk (the old one revoked, a poll failing on auth) gets a source with
the new key at the next poll, without a restart.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from watcher.config import Campaign, Settings
from watcher.sources.drive import DriveSettings, DriveSource

_sources: dict[tuple[str, str, DriveSettings, str], DriveSource] = {}


def key_fingerprint(path: Path | None) -> str:
    """The key file's content as it is now (the env fallback's, with no file configured)."""
    location = path or os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
    if not location:
        return ""
    try:
        return hashlib.sha256(Path(location).read_bytes()).hexdigest()
    except OSError as error:
        return f"unreadable: {error.errno}"


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
        language=settings.language,
    )


def drive_source(settings: Settings, campaign: Campaign) -> DriveSource:
    """The campaign's source; the same object while the folder and [drive] settings hold."""
    config = drive_settings(settings)
    key = (campaign.id, campaign.source_location, config, key_fingerprint(config.credentials_file))
    if key not in _sources:
        for old in [k for k in _sources if k[:2] == key[:2]]:
            del _sources[old]  # a replaced key, a changed setting: the old token goes too
        _sources[key] = DriveSource(campaign.source_location, config)
    return _sources[key]
