"""Is a Word upload usable: opens, not sealed, not empty, not the blank template.

The body is read from the main part the package relationships name (Word Online writes
word/document2.xml), streamed through a hardened lxml parser so text boxes, ruby and tables
count as text, while DOCTYPEs and entities are refused.
"""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from watcher.model import Finding, Severity
from watcher.validation import package
from watcher.validation.messages import finding
from watcher.validation.package import PackageError, UnsafeXml
from watcher.validation.policy import ValidationPolicy
from watcher.validation.sniff import Sniffed, sniff

_DAMAGED_ZIP = ("gói nén hỏng", "damaged zip package")

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
TEXT_LIMIT = 2000  # characters of text kept for the matcher
HEADER_SHARE = 400  # of which at most this much comes from headers and footers
_BREAKS = {f"{W_NS}p", f"{W_NS}br", f"{W_NS}cr", f"{W_NS}tab"}
_PICTURES = {f"{W_NS}drawing", f"{W_NS}pict"}


@dataclass
class PartText:
    """Text of one part: the leading characters, a count and a fingerprint of all of it."""

    limit: int
    pieces: list[str] = field(default_factory=list)
    kept: int = 0
    chars: int = 0  # non-space characters in the whole part
    pictures: int = 0  # pictures in the part (a scanned page pasted into Word is one)
    digest: hashlib._Hash = field(default_factory=hashlib.sha256)

    def add(self, text: str) -> None:
        dense = "".join(text.split())
        self.chars += len(dense)
        self.digest.update(dense.encode("utf-8"))
        if self.kept < self.limit:
            self.pieces.append(text[: self.limit - self.kept])
            self.kept += len(self.pieces[-1])

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.pieces).split("\n"))
        return "\n".join(line for line in lines if line)


def _events(stream: object) -> Iterator[tuple[str, etree._Element]]:
    parser = etree.iterparse(
        stream,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
    )
    first = True
    for event, element in parser:
        if first:
            first = False
            if element.getroottree().docinfo.doctype:
                raise UnsafeXml("DOCTYPE in a Word part")
        yield event, element


def read_part_text(archive: zipfile.ZipFile, name: str, limit: int) -> PartText:
    """Stream one WordprocessingML part; memory stays flat because finished blocks are freed."""
    collected = PartText(limit)
    skipping = 0  # inside mc:Fallback (a second copy of a text box for old readers)
    with package.open_part(archive, name) as stream:
        for event, element in _events(stream):
            tag = element.tag
            if tag == MC_FALLBACK:
                skipping += 1 if event == "start" else -1
            if event == "start" or skipping:
                continue
            if tag == f"{W_NS}t" and element.text:
                collected.add(element.text)
            elif tag in _BREAKS:
                collected.add("\n" if tag != f"{W_NS}tab" else " ")
            elif tag in _PICTURES:
                collected.pictures += 1
            if tag in (f"{W_NS}p", f"{W_NS}tbl"):
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
    return collected


@dataclass(frozen=True)
class WordContent:
    text: str
    body_chars: int
    text_fingerprint: str  # sha256 of the body's non-space characters
    body_pictures: int = 0


def read_word(archive: zipfile.ZipFile, main_part: str) -> WordContent:
    body = read_part_text(archive, main_part, TEXT_LIMIT)
    header_text = ""
    for kind, target in package.relationships(archive, main_part):
        if kind.endswith(("/header", "/footer")) and target in archive.NameToInfo:
            room = HEADER_SHARE - len(header_text)
            if room > 0:
                header_text += read_part_text(archive, target, room).text() + "\n"
    header_text = header_text.strip()
    body_room = TEXT_LIMIT - len(header_text) - 1 if header_text else TEXT_LIMIT
    text = body.text()[:body_room] + ("\n" + header_text if header_text else "")
    return WordContent(text.strip(), body.chars, body.digest.hexdigest(), body.pictures)


def fingerprint(path: Path) -> tuple[str, str]:
    """(file sha256, body-text sha256) of a blank template, for `blank_template_sha256`.

    A template that is not a readable .docx (often an old .doc) has no text fingerprint:
    only uploads of the very same file are recognised."""
    file_hash = hashlib.sha256(path.read_bytes()).hexdigest()
    sniffed = sniff(path, path.name)
    if sniffed.detected not in ("docx", "docm", "dotx", "dotm") or sniffed.damaged:
        return file_hash, ""  # a .doc may hold a zip (its theme): only sniffing tells
    try:
        with zipfile.ZipFile(path) as archive:
            info = package.ooxml_info(archive)
            if info.main_part is None:
                return file_hash, ""
            return file_hash, read_word(archive, info.main_part).text_fingerprint
    except (zipfile.BadZipFile, PackageError, UnsafeXml, etree.LxmlError, KeyError, OSError):
        return file_hash, ""


def _corrupt(detail: tuple[str, str]) -> Finding:
    return finding("docx.corrupt", detail=detail)


def _open_package(
    path: Path, policy: ValidationPolicy
) -> tuple[WordContent | None, Finding | None]:
    try:
        with zipfile.ZipFile(path) as archive:
            package.check_guards(archive, policy)
            derived = package.derived_part_names(frozenset(archive.NameToInfo))
            if derived:
                return None, _corrupt(
                    (f"tên phần sai: {derived[0]}", f"bad part name {derived[0]}")
                )
            package.drain(archive)
            info = package.ooxml_info(archive)
            if info.main_part is None:
                return None, _corrupt(("không có phần nội dung chính", "no main document part"))
            return read_word(archive, info.main_part), None
    except PackageError as error:
        return None, finding("docx.zip_bomb" if error.bomb else "docx.corrupt", detail=error.detail)
    except UnsafeXml:
        return None, finding("docx.unsafe_xml")
    except etree.XMLSyntaxError:
        return None, _corrupt(("nội dung XML hỏng", "broken XML"))
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        NotImplementedError,
        EOFError,
    ):
        return None, _corrupt(_DAMAGED_ZIP)
    except (OSError, KeyError, ValueError, RuntimeError):  # RuntimeError: zip password
        return None, _corrupt(_DAMAGED_ZIP)


def _content_findings(
    content: WordContent, file_hash: str, policy: ValidationPolicy
) -> list[Finding]:
    blank = set(policy.blank_template_sha256)
    if file_hash in blank or content.text_fingerprint in blank:
        return [finding("docx.blank_template")]
    if content.body_chars < policy.min_text_chars:
        if content.body_pictures:  # a scan pasted into Word: full to the eye, no text to use
            return [finding("docx.pictures_only")]
        return [finding("docx.empty", chars=content.body_chars)]
    return []


def _kind_findings(sniffed: Sniffed) -> list[Finding]:
    if sniffed.detected in ("docm", "dotm") and sniffed.claimed == "docx":
        return [finding("docx.macro_enabled")]
    if sniffed.detected == "dotx" and sniffed.claimed == "docx":
        return [finding("docx.template_type", Severity.WARNING)]
    return []


def check_word(
    path: Path, sniffed: Sniffed, file_hash: str, policy: ValidationPolicy
) -> tuple[list[Finding], str]:
    """Findings and leading text of a file whose content is Word (.docx family or .doc)."""
    if sniffed.encrypted:
        return [finding("docx.encrypted")], ""
    if sniffed.detected == "doc":
        if file_hash and file_hash in policy.blank_template_sha256:
            return [finding("docx.blank_template")], ""  # the department's .doc template
        severity = policy.severity_of(policy.legacy_doc)
        return ([] if severity == "ok" else [finding("docx.legacy_doc", severity)]), ""
    if sniffed.damaged:
        return [_corrupt(_DAMAGED_ZIP)], ""
    content, problem = _open_package(path, policy)
    if content is None:
        return [problem] if problem else [], ""
    return _kind_findings(sniffed) + _content_findings(content, file_hash, policy), content.text
