"""Opening a zip-based package (OOXML, ODF) safely: size guards, capped reads, hardened XML.

Sizes in a zip's directory can lie. zipfile never returns more than an entry's declared size
(then fails its CRC), so checking the declared sizes and reading with a cap bounds memory.
"""

from __future__ import annotations

import io
import posixpath
import warnings
import zipfile
from dataclasses import dataclass
from typing import IO
from urllib.parse import unquote

from lxml import etree

from watcher.validation.policy import ValidationPolicy

CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT = "/officeDocument"  # relationship type suffix (transitional and strict)
_SMALL_PART = 2 * 2**20  # content types, relationships: never this big in a real package
_CHUNK = 256 * 1024
_IMAGE_HEADER = 128 * 1024  # an image's size is in its first bytes (JPEG: after its EXIF)
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".jpe", ".gif", ".bmp", ".tif", ".tiff", ".webp")


class PackageError(Exception):
    """The package can't be read. `bomb` says it was refused by a size guard."""

    def __init__(self, detail: tuple[str, str], *, bomb: bool = False) -> None:
        super().__init__(detail[1])
        self.detail = detail
        self.bomb = bomb


class UnsafeXml(Exception):
    pass


def hardened_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parse_small_xml(data: bytes) -> etree._Element:
    """Parse a small part; a DOCTYPE (never written by Office) is refused as unsafe."""
    root = etree.fromstring(data, hardened_parser())
    if root.getroottree().docinfo.doctype:
        raise UnsafeXml("DOCTYPE in an Office part")
    return root


def check_guards(archive: zipfile.ZipFile, policy: ValidationPolicy) -> None:
    """Refuse packages whose directory promises too many entries or too many bytes."""
    entries = archive.infolist()
    if len(entries) > policy.max_zip_entries:
        raise PackageError(
            (f"{len(entries)} phần tử trong gói", f"{len(entries)} entries in the package"),
            bomb=True,
        )
    total = sum(entry.file_size for entry in entries)
    if total > policy.max_uncompressed_bytes:
        megabytes = total // 2**20
        raise PackageError(
            (f"giải nén ra {megabytes} MB", f"inflates to {megabytes} MB"), bomb=True
        )
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > 2**20 and ratio > policy.max_compression_ratio:
            raise PackageError(
                (f"tỉ lệ nén {ratio:.0f}:1", f"compression ratio {ratio:.0f}:1"), bomb=True
            )
    check_images(archive, policy)


def check_images(archive: zipfile.ZipFile, policy: ValidationPolicy) -> None:
    """Pictures inside the package obey the pixel limit of standalone images: a small PNG
    that would decode to gigabytes is refused from its header, nothing decoded."""
    for entry in archive.infolist():
        if not entry.filename.casefold().endswith(_IMAGE_SUFFIXES):
            continue
        with archive.open(entry) as stream:
            header = stream.read(_IMAGE_HEADER)
        pixels = image_pixels(header)
        if pixels > policy.max_image_pixels:
            megapixels = pixels // 1_000_000
            raise PackageError(
                (
                    f"ảnh {posixpath.basename(entry.filename)}: {megapixels} triệu điểm ảnh",
                    f"image {posixpath.basename(entry.filename)}: {megapixels} MP",
                ),
                bomb=True,
            )


def image_pixels(header: bytes) -> int:
    """Width × height an image's header declares; 0 when it is not an image Pillow knows."""
    from PIL import Image

    limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None  # we judge, from the header
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(header)) as image:
                return int(image.width) * int(image.height)
    except Exception:  # not an image, or a header Pillow cannot read: other checks decide
        return 0
    finally:
        Image.MAX_IMAGE_PIXELS = limit


def read_capped(archive: zipfile.ZipFile, name: str, cap: int = _SMALL_PART) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > cap:
        raise PackageError((f"phần {name} quá lớn", f"part {name} too large"), bomb=True)
    with archive.open(info) as stream:
        data = stream.read(cap + 1)
    if len(data) > cap:
        raise PackageError((f"phần {name} quá lớn", f"part {name} too large"), bomb=True)
    return data


def drain(archive: zipfile.ZipFile) -> None:
    """Inflate every entry (zipfile checks each CRC); sizes were bounded by check_guards."""
    for info in archive.infolist():
        if info.is_dir():
            continue
        with archive.open(info) as stream:
            while stream.read(_CHUNK):
                pass


def open_part(archive: zipfile.ZipFile, name: str) -> IO[bytes]:
    return archive.open(archive.getinfo(name))


@dataclass(frozen=True)
class OoxmlInfo:
    main_part: str | None  # zip name of the main part ("word/document.xml"), None if absent
    main_type: str  # its content type, "" if unknown
    names: frozenset[str]


def _rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _resolve(source_part: str, target: str) -> str:
    target = unquote(target)
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def relationships(archive: zipfile.ZipFile, part: str) -> list[tuple[str, str]]:
    """(type, zip name of target) for the internal relationships of `part` ("" = package)."""
    name = _rels_name(part) if part else "_rels/.rels"
    if name not in archive.NameToInfo:
        return []
    found = []
    for rel in parse_small_xml(read_capped(archive, name)).iter(f"{REL_NS}Relationship"):
        if rel.get("TargetMode") == "External" or not rel.get("Target"):
            continue
        found.append((rel.get("Type", ""), _resolve(part, rel.get("Target", ""))))
    return found


def content_type(types: etree._Element, part: str) -> str:
    for override in types.iter(f"{CT_NS}Override"):
        if override.get("PartName", "").lstrip("/").casefold() == part.casefold():
            return override.get("ContentType", "")
    extension = posixpath.splitext(part)[1].lstrip(".").casefold()
    for default in types.iter(f"{CT_NS}Default"):
        if default.get("Extension", "").casefold() == extension:
            return default.get("ContentType", "")
    return ""


def ooxml_info(archive: zipfile.ZipFile) -> OoxmlInfo:
    """Find the main part through the package relationships, as Word does."""
    names = frozenset(archive.NameToInfo)
    types = parse_small_xml(read_capped(archive, "[Content_Types].xml"))
    main = next(
        (target for kind, target in relationships(archive, "") if kind.endswith(OFFICE_DOCUMENT)),
        None,
    )
    if main is not None and main not in names:
        main = None
    return OoxmlInfo(main, content_type(types, main) if main else "", names)


def derived_part_names(names: frozenset[str]) -> list[str]:
    """OPC forbids a part name that is a folder of another ("a.xml" and "a.xml/b.gif")."""
    folders = {name[:index] for name in names for index, ch in enumerate(name) if ch == "/"}
    return sorted(folders & names)
