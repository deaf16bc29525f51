"""What the two mailbox sources (IMAP, Maildir) share: a message's files as file records.

Record ids are the message's own identity (`Letter.key`) and the part's position, never a
mailbox number, so a message found again under new UIDs (a UIDVALIDITY change, a re-import)
is the same file and is not counted twice. The arrival time is the mailbox's (INTERNALDATE, or
the Maildir file's time), not the sender's Date header.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from watcher.i18n import t
from watcher.model import FileRecord
from watcher.sources.base import ContentError
from watcher.sources.folder import ignored
from watcher.sources.mail_parse import Letter, Part, parse

DRIVE_LINK_CODE = "mail.drive_link"
LinkFetcher = Callable[[str, Path, int], str]  # (Drive file id, dest, max bytes) -> file name


def records_of(letter: Letter, arrived: datetime) -> list[FileRecord]:
    records = []
    for index, part in enumerate(letter.parts):
        if part.data is not None and ignored(part.name):
            continue
        records.append(
            FileRecord(
                id=f"mail:{letter.key}/{index}",
                name=part.name,
                folders=(),
                mime_type=_mime_type(part),
                size=len(part.data) if part.data is not None else None,
                content_hash=part.content_hash,
                created_at=None,
                modified_at=arrived,
                owner_email=part.sender or None,
                url=None,
                extra=_extra(letter, part),
            )
        )
    return records


def _mime_type(part: Part) -> str:
    if part.data is None or part.mime_type not in ("application/octet-stream", ""):
        return part.mime_type
    return mimetypes.guess_type(part.name)[0] or part.mime_type


def _extra(letter: Letter, part: Part) -> dict[str, str]:
    extra = {
        "mail_key": letter.key,
        "mail_subject": letter.subject,
        "mail_text": letter.text,
        "mail_from": letter.sender,
        "message_id": letter.message_id,
        "references": " ".join(letter.references),
    }
    if part.link:
        extra["drive_link"] = part.link
    if part.problem:
        extra["mail_problem"] = part.problem
    return extra


def part_content(
    load: Callable[[], bytes],
    record: FileRecord,
    dest: Path,
    max_bytes: int,
    staff: frozenset[str],
    links: LinkFetcher | None,
) -> None:
    """Write one record's content from its message's bytes, or raise the ContentError it is."""
    problem = record.extra.get("mail_problem")
    if problem == "mail.no_attachment":
        raise content_error(problem, subject=record.extra.get("mail_subject") or record.name)
    if problem:
        raise content_error(problem, name=record.name)
    if record.extra.get("drive_link"):
        fetch_link(record, dest, max_bytes, links)
        return
    index = int(record.id.rpartition("/")[2])
    letter = parse(load(), staff)
    part = letter.parts[index] if index < len(letter.parts) else None
    if part is None or part.data is None or part.content_hash != record.content_hash:
        raise ContentError(
            "mail.changed",
            "Thư đã thay đổi kể từ lần đọc trước; tệp sẽ được đọc lại.",
            "The message changed since it was read; the file will be read again.",
        )
    if len(part.data) > max_bytes:
        raise content_error("mail.too_large", mb=max_bytes // 2**20)
    dest.write_bytes(part.data)


def fetch_link(record: FileRecord, dest: Path, max_bytes: int, links: LinkFetcher | None) -> None:
    """A Drive link stands for its file when the Drive source can read it."""
    from watcher.sources.base import SourceError

    if links is None:
        raise content_error(DRIVE_LINK_CODE)
    try:
        links(record.extra["drive_link"], dest, max_bytes)
    except (ContentError, SourceError) as error:
        raise content_error(DRIVE_LINK_CODE) from error


def content_error(code: str, **values: object) -> ContentError:
    return ContentError(code, t("vi", code, **values), t("en", code, **values))


def record_json(record: FileRecord) -> dict[str, Any]:
    data = asdict(record)
    data["folders"] = list(record.folders)
    data["modified_at"] = record.modified_at.isoformat() if record.modified_at else None
    data["created_at"] = None
    return data


def record_from_json(data: dict[str, Any]) -> FileRecord:
    moment = data.get("modified_at")
    return FileRecord(
        id=data["id"],
        name=data["name"],
        folders=tuple(data.get("folders") or ()),
        mime_type=data["mime_type"],
        size=data.get("size"),
        content_hash=data.get("content_hash"),
        created_at=None,
        modified_at=datetime.fromisoformat(moment) if moment else None,
        owner_email=data.get("owner_email"),
        url=data.get("url"),
        extra=dict(data.get("extra") or {}),
    )
