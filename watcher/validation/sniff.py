"""What a file really is, from its first bytes (and, for zip and OLE containers, their
directory), compared with what its name and MIME type claim."""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePath

from lxml import etree

from watcher.model import Role
from watcher.validation import cfb
from watcher.validation.package import PackageError, UnsafeXml, ooxml_info
from watcher.validation.policy import ValidationPolicy

WORD_KINDS = frozenset({"docx", "docm", "dotx", "dotm", "doc"})
SCAN_KINDS = frozenset({"pdf", "jpeg", "png", "tiff"})
# Photos a clerk may send as the scan, in a format the department does not take: they fill
# the scan slot as unusable (a precise reason) rather than pass for "no scan yet".
OTHER_IMAGE_KINDS = frozenset({"heic", "webp", "gif", "bmp"})
ZIP_KINDS = {".docx": "docx", ".docm": "docm", ".dotx": "dotx", ".xlsx": "xlsx",
             ".pptx": "pptx", ".odt": "odt", ".ods": "ods", ".zip": "zip"}  # fmt: skip
EXTENSION_KINDS = {
    ".docx": "docx", ".doc": "doc", ".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg",
    ".png": "png", ".tif": "tiff", ".tiff": "tiff", ".xlsx": "xlsx", ".xls": "xls",
    ".pptx": "pptx", ".ppt": "ppt", ".odt": "odt", ".zip": "zip", ".rar": "rar",
    ".heic": "heic", ".heif": "heic", ".webp": "webp", ".gif": "gif", ".bmp": "bmp",
}  # fmt: skip
_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.ms-word.document.macroenabled.main+xml": "docm",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "dotx",
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml": "dotm",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.main+xml": "xlsm",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
_ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
_GOOGLE_TYPES = {
    "application/vnd.google-apps.spreadsheet": "google-sheet",
    "application/vnd.google-apps.presentation": "google-slides",
    "application/vnd.google-apps.form": "google-form",
    "application/vnd.google-apps.drawing": "google-drawing",
    "application/vnd.google-apps.folder": "google-folder",
    "application/vnd.google-apps.shortcut": "google-shortcut",
}
_MAGIC = [
    (b"\xff\xd8\xff", "jpeg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"), (b"II+\x00", "tiff"), (b"GIF87a", "gif"), (b"GIF89a", "gif"),
    (b"Rar!\x1a\x07", "rar"), (b"7z\xbc\xaf\x27\x1c", "7z"), (b"\x1f\x8b", "gzip"),
    (b"{\\rtf", "rtf"), (cfb.MAGIC, "ole"), (b"PK\x03\x04", "zip"), (b"PK\x05\x06", "zip"),
]  # fmt: skip
_ZIP_ERRORS = (
    zipfile.BadZipFile, zlib.error, etree.LxmlError, UnsafeXml, OSError, ValueError, KeyError,
    EOFError, NotImplementedError, RuntimeError,
)  # fmt: skip


@dataclass(frozen=True)
class Sniffed:
    detected: str  # what the content is ("docx", "pdf", "doc", "xlsx", "unknown", ...)
    role: Role
    claimed: str  # what the name's extension says ("docx", "pdf", ...), "" if no known one
    encrypted: bool = False  # an Office file sealed with a password
    damaged: bool = False  # looked like `detected` but its container could not be read
    note: str = ""  # why it is damaged (English, for logs)


def role_of(detected: str) -> Role:
    if detected in WORD_KINDS:
        return Role.WORD
    return Role.SCAN if detected in SCAN_KINDS | OTHER_IMAGE_KINDS else Role.EXTRA


def claimed_kind(name: str) -> str:
    return EXTENSION_KINDS.get(PurePath(name).suffix.casefold(), "")


def magic_kind(head: bytes) -> str:
    if not head:
        return "empty"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    for prefix, kind in _MAGIC:
        if head.startswith(prefix):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
        return "heic"
    if head.startswith(b"BM") and len(head) > 26 and head[6:10] == b"\0\0\0\0":
        return "bmp"
    return _text_kind(head)


def _text_kind(head: bytes) -> str:
    text = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"mime-version:") or b"multipart/related" in text[:600]:
        return "mht"
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text[:512]:
        return "html"
    try:
        head[:4096].decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head[:4096]) - 3:  # a multibyte char cut at the end is fine
            return "unknown"
    return "txt" if b"\0" not in head[:4096] else "unknown"


def declared_entries(path: Path) -> int:
    """Entry count from the end-of-directory record, read before zipfile builds its index."""
    with path.open("rb") as handle:
        record = zipfile._EndRecData(handle)  # type: ignore[attr-defined]
    if not record:
        raise zipfile.BadZipFile("end of central directory not found")
    return int(record[zipfile._ECD_ENTRIES_TOTAL])  # type: ignore[attr-defined]


def _zip_kind(path: Path, claimed: str, policy: ValidationPolicy) -> Sniffed:
    fallback = ZIP_KINDS.get(f".{claimed}", "zip") if claimed else "zip"
    try:
        if declared_entries(path) > policy.max_zip_entries:
            raise PackageError(("quá nhiều phần tử", "too many entries"), bomb=True)
        with zipfile.ZipFile(path) as archive:
            names = archive.NameToInfo
            if "[Content_Types].xml" in names:
                info = ooxml_info(archive)
                if info.main_part is None:
                    theme = any(name.startswith("theme/") for name in names)
                    return Sniffed("thmx" if theme else "ooxml", Role.EXTRA, claimed)
                kind = _MAIN_TYPES.get(info.main_type.casefold(), "ooxml")
                return Sniffed(kind, role_of(kind), claimed)
            if "mimetype" in names and names["mimetype"].file_size < 200:
                kind = _ODF_TYPES.get(archive.read("mimetype").strip(), "zip")
                return Sniffed(kind, role_of(kind), claimed)
            if not names:
                return Sniffed(fallback, role_of(fallback), claimed, damaged=True, note="empty zip")
            return Sniffed("zip", Role.EXTRA, claimed)
    except PackageError as error:
        return Sniffed(fallback, role_of(fallback), claimed, damaged=True, note=error.detail[1])
    except _ZIP_ERRORS as error:
        note = f"{type(error).__name__}: {error}"
        return Sniffed(fallback, role_of(fallback), claimed, damaged=True, note=note)


def _ole_kind(path: Path, claimed: str) -> Sniffed:
    try:
        with path.open("rb") as handle:
            compound = cfb.CompoundFile(handle)
            streams = compound.entries
            if "EncryptedPackage" in streams:
                kind = claimed if claimed in ("xlsx", "pptx") else "docx"
                return Sniffed(kind, role_of(kind), claimed, encrypted=True)
            if "WordDocument" in streams:
                sealed = cfb.word_binary_encrypted(compound.stream_head("WordDocument"))
                return Sniffed("doc", Role.WORD, claimed, encrypted=sealed)
    except (cfb.CfbError, struct.error, OSError, KeyError, ValueError) as error:
        note = f"{type(error).__name__}: {error}"
        return Sniffed("ole", Role.EXTRA, claimed, damaged=True, note=note)
    if "Workbook" in streams or "Book" in streams:
        return Sniffed("xls", Role.EXTRA, claimed)
    if "PowerPoint Document" in streams:
        return Sniffed("ppt", Role.EXTRA, claimed)
    return Sniffed("ole", Role.EXTRA, claimed)


def sniff(
    path: Path, name: str, mime_type: str | None = None, policy: ValidationPolicy | None = None
) -> Sniffed:
    claimed = claimed_kind(name)
    if mime_type and mime_type.startswith("application/vnd.google-apps."):
        google = _GOOGLE_TYPES.get(mime_type, "google-other")
        if mime_type != "application/vnd.google-apps.document":
            return Sniffed(google, Role.EXTRA, claimed)
    with path.open("rb") as handle:
        head = handle.read(8192)
    kind = magic_kind(head)
    if kind == "zip":
        return _zip_kind(path, claimed, policy or ValidationPolicy())
    if kind == "ole":
        return _ole_kind(path, claimed)
    return Sniffed(kind, role_of(kind), claimed)
