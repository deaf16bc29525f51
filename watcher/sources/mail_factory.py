"""Build the mailbox sources from the config: who counts as staff, and how Drive links are read."""

from __future__ import annotations

from email.utils import parseaddr
from pathlib import Path

from watcher.config import Campaign, Settings
from watcher.model import FileRecord
from watcher.sources.base import Source, SourceError
from watcher.sources.mail import LinkFetcher


def staff_addresses(settings: Settings, campaign: Campaign) -> frozenset[str]:
    """Whose forwarded messages count for their original sender: the department's own people."""
    email = settings.raw.email
    everyone = [*email.staff, *email.admins, *campaign.staff, email.sender]
    if campaign.mail is not None:
        everyone.append(campaign.mail.username)
    return frozenset(parseaddr(value)[1].casefold() for value in everyone if parseaddr(value)[1])


def drive_links(settings: Settings) -> LinkFetcher | None:
    """Read a linked Drive file with the department's Drive key, when one is configured."""
    if settings.drive_credentials is None:
        return None

    def fetch(file_id: str, dest: Path, max_bytes: int) -> str:
        from watcher.sources.drive import DriveSource
        from watcher.sources.drive_api import ApiFailure, Tally
        from watcher.sources.drive_factory import drive_settings
        from watcher.sources.drive_fetch import fetch as fetch_file
        from watcher.sources.drive_listing import Lister
        from watcher.sources.drive_tree import to_record

        source = DriveSource(file_id, drive_settings(settings))
        lister = Lister(source.api, Tally())
        try:
            record: FileRecord = to_record(lister.get(file_id), (), None)
            fetch_file(lister, record, dest, max_bytes)
        except ApiFailure as failure:
            raise SourceError(
                f"Drive link {file_id}: {failure}",
                key="source.drive_download_refused",
                values={"name": file_id, "code": failure.code},
            ) from failure
        return record.name

    return fetch


def mail_source(settings: Settings, campaign: Campaign) -> Source:
    staff = staff_addresses(settings, campaign)
    if campaign.source_type == "maildir":
        from watcher.sources.maildir import MaildirSource

        return MaildirSource(
            Path(campaign.source_location), staff, drive_links(settings), settings.language
        )
    from watcher.sources.imap import ImapSource

    assert campaign.mail is not None
    return ImapSource(campaign.mail, staff, drive_links(settings), language=settings.language)
