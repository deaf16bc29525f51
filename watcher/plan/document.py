"""The text of a plan file: .docx (python-docx), .pdf (pypdf) or .txt. The only I/O here."""

from __future__ import annotations

from pathlib import Path

from watcher.text import nfc

SUFFIXES = (".docx", ".pdf", ".txt")


class PlanFileError(Exception):
    """The file can't be read as a plan; `code` picks the message people read."""

    def __init__(self, code: str, path: Path, detail: str = "") -> None:
        super().__init__(f"{code}: {path}: {detail}")
        self.code = code
        self.path = path


def plan_text(path: Path) -> str:
    if not path.is_file():
        raise PlanFileError("plan.not_found", path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            return nfc(_docx_text(path))
        if suffix == ".pdf":
            return nfc(_pdf_text(path))
        if suffix in (".txt", ".text", ".md"):
            return nfc(_txt_text(path))
    except PlanFileError:
        raise
    except Exception as error:  # python-docx and pypdf raise many kinds on damaged files
        raise PlanFileError("plan.unreadable", path, repr(error)) from error
    raise PlanFileError("plan.unsupported", path, suffix)


def _txt_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1258", errors="replace")


def _docx_text(path: Path) -> str:
    """Paragraphs and tables in document order; each table cell's paragraphs on their own lines."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(str(path))
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            lines.append(_paragraph_text(block))
        elif block.tag == qn("w:tbl"):
            for row in block.iter(qn("w:tr")):
                cells = [
                    [_paragraph_text(p) for p in c.iter(qn("w:p"))] for c in row.iter(qn("w:tc"))
                ]
                for cell in cells:
                    lines.extend(cell)
                if len(cells) > 1:
                    # a timetable row ("Trước 15/10 | Nộp báo cáo … | Các trường") reads as
                    # one sentence; the cells stay on their own lines too (the header table)
                    lines.append(
                        " | ".join(" ".join(p.strip() for p in cell) for cell in cells) + "."
                    )
    return "\n".join(lines)


def _paragraph_text(paragraph: object) -> str:
    from docx.oxml.ns import qn

    parts: list[str] = []
    for node in paragraph.iter():  # type: ignore[attr-defined]
        if node.tag == qn("w:t") and node.text:
            parts.append(node.text)
        elif node.tag in (qn("w:tab"),):
            parts.append("\t")
        elif node.tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
    return "".join(parts)


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception as error:  # pypdf's errors on odd encryption are not one hierarchy
            raise PlanFileError("plan.encrypted", path, repr(error)) from error
    text = "\n".join(page.extract_text() or "" for page in reader.pages[:60])
    if not text.strip():
        raise PlanFileError("plan.no_text", path)
    return text
