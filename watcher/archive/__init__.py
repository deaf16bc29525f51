"""The submission archive: every version of every file, organised by period and school.

`<archive_dir>/<campaign>/<period>/<level> - <school>/<role> - <original name>`, unmatched
files under `<campaign>/_unmatched/`, one `manifest.csv` per campaign. Modules: `names`
(share-safe names), `plan` (the wanted tree, pure), `manifest` (the CSV), `disk` (atomic
writes), `sync` (stored state -> disk, after each poll), `audit` (verify and rebuild).
"""

from __future__ import annotations

from watcher.archive.sync import ArchiveReport, archive_campaign, campaign_folder

__all__ = ["ArchiveReport", "archive_campaign", "campaign_folder"]
