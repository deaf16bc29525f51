"""Downloading one Drive file to disk, streamed, never past the size cap.

Binary files stream in chunks (`alt=media` with byte ranges); Google Docs are exported as
.docx; shortcuts are followed to their target. What cannot be had as content (too large,
export refused, dangling shortcut, another Google-native type) is a ContentError: a problem
with that file, not a failed poll.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from googleapiclient.http import MediaIoBaseDownload

from watcher.model import FileRecord
from watcher.sources.base import ContentError, SourceError
from watcher.sources.drive_api import ApiFailure
from watcher.sources.drive_listing import Lister
from watcher.sources.drive_tree import FOLDER, GOOGLE_DOC, GOOGLE_PREFIX, SHORTCUT, Resource

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CHUNK_SIZE = 4 * 1024 * 1024
EXPORT_LIMIT_MB = 10


class _Capped:
    """A file object that refuses to grow past `limit` bytes."""

    def __init__(self, handle: BinaryIO, limit: int) -> None:
        self.handle = handle
        self.limit = limit
        self.written = 0

    def write(self, data: bytes) -> int:
        self.written += len(data)
        if self.written > self.limit:
            raise _TooLarge()
        return self.handle.write(data)


class _TooLarge(Exception):
    pass


def fetch(lister: Lister, record: FileRecord, dest: Path, max_bytes: int) -> None:
    if record.size is not None and record.size > max_bytes:
        raise too_large(max_bytes)
    target_id = record.extra.get("shortcut_target")
    if target_id:
        resource = _shortcut_target(lister, record.name, target_id)
        file_id, mime_type = target_id, str(resource.get("mimeType", ""))
        if resource.get("size") is not None and int(resource["size"]) > max_bytes:
            raise too_large(max_bytes)
    else:
        file_id, mime_type = record.id, record.mime_type
    try:
        _download(lister, file_id, mime_type, record.name, dest, max_bytes)
    except ApiFailure as failure:
        if failure.status == 403 and failure.reason != "fileNotDownloadable":
            # rate limits were retried: this file is closed to us, the rest of the poll is not
            raise refused(record.name) from failure
        if failure.reason != "fileNotDownloadable" or target_id:
            raise _failed(record, failure) from failure
        # The record's type is stale or lost its shortcut details: ask Drive what it is now.
        fresh = lister.get(record.id)
        retry = _refreshed(record, fresh)
        fetch(lister, retry, dest, max_bytes)


def _refreshed(record: FileRecord, resource: Resource) -> FileRecord:
    extra = dict(record.extra)
    if resource.get("mimeType") == SHORTCUT:
        extra["shortcut_target"] = str(resource.get("shortcutDetails", {}).get("targetId", ""))
        if not extra["shortcut_target"]:
            raise dangling(record.name)
    elif not str(resource.get("mimeType", "")).startswith(GOOGLE_PREFIX):
        raise SourceError(
            f"Google Drive does not allow downloading {record.name!r} ({record.id})",
            key="source.drive_download_refused",
            values={"name": record.name, "code": record.id},
        )
    return FileRecord(
        id=record.id,
        name=record.name,
        folders=record.folders,
        mime_type=str(resource.get("mimeType", record.mime_type)),
        size=None,
        content_hash=record.content_hash,
        created_at=record.created_at,
        modified_at=record.modified_at,
        owner_email=record.owner_email,
        url=record.url,
        extra=extra,
    )


def _shortcut_target(lister: Lister, name: str, target_id: str) -> Resource:
    try:
        resource = lister.get(target_id)
    except ApiFailure as failure:
        if failure.status in (403, 404):
            raise dangling(name) from failure
        raise SourceError(
            f"cannot read the target of the shortcut {name!r}: {failure}",
            key="source.drive_shortcut",
            values={"name": name, "code": failure.code},
        ) from failure
    if resource.get("trashed"):
        raise dangling(name)
    return resource


def _download(
    lister: Lister, file_id: str, mime_type: str, name: str, dest: Path, max_bytes: int
) -> None:
    if mime_type == GOOGLE_DOC:
        request = lister.api.service().files().export_media(fileId=file_id, mimeType=DOCX)
    elif mime_type.startswith(GOOGLE_PREFIX):
        raise wrong_type(name, mime_type)
    else:
        request = lister.api.service().files().get_media(fileId=file_id, supportsAllDrives=True)
    _stream(lister, request, dest, max_bytes, exporting=mime_type == GOOGLE_DOC)


def _stream(lister: Lister, request: Any, dest: Path, max_bytes: int, *, exporting: bool) -> None:
    try:
        with dest.open("wb") as handle:
            downloader = MediaIoBaseDownload(
                _Capped(handle, max_bytes), request, chunksize=CHUNK_SIZE
            )
            done = False
            while not done:
                status, done = lister.api.call(
                    lister.tally, "download", lambda _s: downloader.next_chunk(num_retries=0)
                )
                if status.total_size is not None and status.total_size > max_bytes:
                    raise _TooLarge()
    except _TooLarge:
        dest.unlink(missing_ok=True)
        raise too_large(max_bytes) from None
    except ApiFailure as failure:
        dest.unlink(missing_ok=True)
        if exporting and failure.reason == "exportSizeLimitExceeded":
            raise export_too_large() from failure
        raise
    except BaseException:
        dest.unlink(missing_ok=True)
        raise


def _failed(record: FileRecord, failure: ApiFailure) -> SourceError:
    """A download refused for a reason that is not the file's content: retry next poll."""
    return SourceError(
        f"cannot download {record.name!r} ({record.id}) from Google Drive: {failure}",
        key="source.drive_download_refused",
        values={"name": record.name, "code": failure.code},
    )


# --- the messages a school clerk may read ---------------------------------------------------
def _megabytes(limit: int) -> str:
    value = limit / (1024 * 1024)
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def too_large(limit: int) -> ContentError:
    size = _megabytes(limit)
    return ContentError(
        "file.too_large",
        f"Tệp lớn hơn giới hạn cho phép ({size} MB). Vui lòng nén hoặc chia nhỏ rồi tải lên lại.",
        f"The file is larger than the allowed limit ({size} MB). Please compress or split it "
        "and upload it again.",
    )


def export_too_large() -> ContentError:
    return ContentError(
        "drive.export_too_large",
        f"Google Docs này quá lớn để Google xuất ra Word (giới hạn {EXPORT_LIMIT_MB} MB). Vui "
        "lòng tải tệp .docx lên thay cho Google Docs.",
        f"This Google Doc is too large for Google to export as Word (limit {EXPORT_LIMIT_MB} "
        "MB). Please upload a .docx file instead.",
    )


def dangling(name: str) -> ContentError:
    return ContentError(
        "drive.dangling_shortcut",
        f"Lối tắt «{name}» trỏ tới một tệp đã bị xoá hoặc không được chia sẻ. Vui lòng tải "
        "chính tệp báo cáo lên thư mục, không dùng lối tắt.",
        f"The shortcut «{name}» points to a file that was deleted or is not shared. Please "
        "upload the report file itself, not a shortcut.",
    )


def refused(name: str) -> ContentError:
    return ContentError(
        "drive.download_refused",
        f"Google Drive không cho tải «{name}» về: người tải lên đã chặn tải xuống, sao chép và in "
        "đối với người xem, hoặc chưa chia sẻ tệp với Phòng. Vui lòng bỏ chặn (Chia sẻ → Cài "
        "đặt) hoặc tải lại tệp lên thư mục.",
        f"Google Drive refuses to let «{name}» be downloaded: the uploader blocked downloading, "
        "copying and printing for viewers, or did not share the file. Please lift the block "
        "(Share → Settings) or upload the file again.",
    )


def wrong_type(name: str, mime_type: str) -> ContentError:
    kind = (
        "thư mục" if mime_type == FOLDER else "tệp Google (Trang tính, Trang trình bày, Biểu mẫu…)"
    )
    kind_en = "a folder" if mime_type == FOLDER else "a Google Sheets/Slides/Forms file"
    return ContentError(
        "file.wrong_type",
        f"«{name}» là {kind}, không phải tệp Word hay bản scan. Vui lòng tải lên tệp .docx và "
        "tệp scan (.pdf).",
        f"«{name}» is {kind_en}, not a Word file or a scan. Please upload a .docx file and a "
        "scanned .pdf.",
    )
