"""The report as a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I).

A4 portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman, body
14 pt and tables 13 pt; page numbers centred in the header from page 2 on. The letterhead is a
borderless two-column table: the issuing body on the left, the national title on the right,
each with a short rule under its last bold line; then the number and the place-and-date line.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from watcher import safe
from watcher.i18n import status_label, t
from watcher.matching.names import school_label
from watcher.model import Row, Status
from watcher.report.summary import (
    PeriodReport,
    Report,
    date_line,
    day,
    deadline_words,
    document_notes,
    moment_words,
    outstanding_groups,
    roles_text,
    subject,
    summary_sentence,
)
from watcher.status import department_note

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 13
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_CM = 21.0 - (MARGINS_MM["left"] + MARGINS_MM["right"]) / 10  # 16.5 cm
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
# School table: STT, school, level, status, received, days late, files, problems / notes
DETAIL_WIDTHS_CM = (1.1, 3.4, 1.6, 2.4, 2.3, 1.4, 1.9, 2.4)
# When a period has notes to read (problems, things to check, decisions), the notes column
# takes the room the narrow columns can spare; the total stays the text width (16.5 cm).
NOTES_WIDTHS_CM = (0.9, 3.0, 1.2, 2.1, 1.8, 1.1, 1.6, 4.8)
NOTES_WIDE_AT = 40  # characters in a period's longest note
CELL_MARGIN_CM = 0.1
TABLE_STYLE_ID = "BangBieu"  # the paragraph style of table text
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def write_docx(report: Report, out: Path) -> None:
    document = Document()
    _page_setup(document)
    _base_style(document)
    _page_numbers(document)
    _letterhead(document, report)
    _title(document, report)
    _paragraph(
        document,
        t(
            report.language,
            "report.intro",
            campaign=report.campaign.title,
            as_of=moment_words(report.as_of, report.language),
        ),
        indent=True,
    )
    for index, section in enumerate(report.periods):
        numbered = len(report.periods) > 1
        _period_section(document, report, section, ROMAN[index % len(ROMAN)] if numbered else "")
    closing = _paragraph(document, t(report.language, "report.closing"), indent=True)
    closing.paragraph_format.keep_with_next = True  # the signer never stands alone on a page
    _signature(document, report)
    document.core_properties.title = subject(report)
    document.core_properties.author = report.letterhead.issuer
    document.save(str(out))


# --- page and styles ------------------------------------------------------------------------


def _page_setup(document: DocumentObject) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def _base_style(document: DocumentObject) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT  # type: ignore[attr-defined]
    style.font.size = Pt(BODY_PT)  # type: ignore[attr-defined]
    style.font.color.rgb = RGBColor(0, 0, 0)  # type: ignore[attr-defined]
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:  # tables and headers fall back here: no theme fonts (Calibri)
        for theme_fonts in defaults.iter(qn("w:rFonts")):
            for attribute in list(theme_fonts.attrib):
                del theme_fonts.attrib[attribute]
            for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                theme_fonts.set(qn(attribute), FONT)
    paragraph = style.paragraph_format  # type: ignore[attr-defined]
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(6)
    paragraph.line_spacing = 1.15
    table_text = document.styles.add_style("Bảng biểu", WD_STYLE_TYPE.PARAGRAPH)
    table_text.element.styleId = TABLE_STYLE_ID
    table_text.base_style = style
    table_text.font.size = Pt(TABLE_PT)  # type: ignore[attr-defined]
    table_format = table_text.paragraph_format  # type: ignore[attr-defined]
    table_format.space_before = table_format.space_after = Pt(2)
    table_format.line_spacing = 1.0


def _page_numbers(document: DocumentObject) -> None:
    """Page number centred in the header, not on the first page (NĐ 30, Phụ lục I)."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    run.font.size = Pt(BODY_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


# --- small building blocks ------------------------------------------------------------------


def _paragraph(
    container: DocumentObject | _Cell,
    text: str = "",
    *,
    size: int = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align: str = "justify",
    indent: bool = False,
    space_after: int = 6,
    reuse: bool = False,
) -> Paragraph:
    paragraph = (
        container.paragraphs[0]
        if reuse and container.paragraphs and not container.paragraphs[0].text
        else container.add_paragraph()
    )
    paragraph.alignment = ALIGN[align]
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(space_after)
    fmt.space_before = Pt(0)
    if indent:
        fmt.first_line_indent = Cm(1.27)
    for number, line in enumerate(text.split("\n")):
        if number:
            paragraph.add_run().add_break()
        run = paragraph.add_run(safe.plain(line))
        run.font.size = Pt(size)
        if bold:
            run.font.bold = True
        if italic:
            run.font.italic = True
    return paragraph


def _rule(cell: _Cell, width_cm: float, cell_width_cm: float) -> None:
    """A short centred line (a top border on an empty, narrowed paragraph)."""
    paragraph = cell.add_paragraph()
    side = max(0.0, (cell_width_cm - width_cm) / 2)
    fmt = paragraph.paragraph_format
    fmt.left_indent, fmt.right_indent = Cm(side), Cm(side)
    fmt.space_before, fmt.space_after = Pt(0), Pt(4)
    fmt.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)


def _fixed_widths(table: Table, widths_cm: Sequence[float]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _cell_margins(table: Table, margin_cm: float = CELL_MARGIN_CM) -> None:
    properties = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(int(margin_cm * 567)))  # twentieths of a point
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties.append(margins)


def _keep_rows_whole(table: Table) -> None:
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_header(table: Table) -> None:
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _cell_text(cell: _Cell, text: str, *, bold: bool = False, align: str = "left") -> None:
    """Text in a table cell, in the table paragraph style (fast: no per-run formatting)."""
    paragraph = cell.paragraphs[0]
    paragraph._p.style = TABLE_STYLE_ID
    if align != "left":
        paragraph.alignment = ALIGN[align]
    for number, line in enumerate(text.split("\n")):
        if number:
            paragraph.add_run().add_break()
        run = paragraph.add_run(safe.plain(line))
        if bold:
            run.font.bold = True


# --- the parts of the document --------------------------------------------------------------


def _letterhead(document: DocumentObject, report: Report) -> None:
    head = report.letterhead
    # A little wider than the text (centred, 4 mm into each margin): the national title must
    # stay on one line, as must the issuer's name.
    left_cm, right_cm = 7.4, TEXT_WIDTH_CM + 0.8 - 7.4
    table = document.add_table(rows=1, cols=2)
    _fixed_widths(table, (left_cm, right_cm))
    _cell_margins(table, 0.0)
    left, right = table.rows[0].cells
    _paragraph(left, head.issuer_parent.upper(), size=13, align="center", space_after=0, reuse=True)
    _paragraph(left, head.issuer.upper(), size=13, bold=True, align="center", space_after=0)
    _rule(left, 2.2, left_cm)
    _paragraph(
        left, t(report.language, "report.number", number=head.number), size=13, align="center"
    )
    _paragraph(
        right, t(report.language, "report.nation"), size=13, bold=True, align="center", reuse=True
    ).paragraph_format.space_after = Pt(0)
    _paragraph(
        right, t(report.language, "report.motto"), size=14, bold=True, align="center", space_after=0
    )
    _rule(right, 5.6, right_cm)
    _paragraph(
        right,
        date_line(head.place, report.issued_at, report.language),
        size=14,
        italic=True,
        align="center",
    )


def _title(document: DocumentObject, report: Report) -> None:
    kind = _paragraph(document, t(report.language, "report.kind"), bold=True, align="center")
    kind.paragraph_format.space_before = Pt(12)
    kind.paragraph_format.space_after = Pt(0)
    _paragraph(document, subject(report), bold=True, align="center", space_after=12)


def _period_section(
    document: DocumentObject, report: Report, section: PeriodReport, numeral: str
) -> None:
    language = report.language
    if numeral:
        heading = t(
            language,
            "report.period_heading",
            label=section.period.label,
            deadline=deadline_words(section.period, report.zone, language),
        )
        _heading(document, f"{numeral}. {heading}")
    _heading(document, f"1. {t(language, 'report.summary_heading')}")
    _paragraph(document, summary_sentence(section, language), indent=True)
    _summary_table(document, section, language)
    _heading(document, f"2. {t(language, 'report.detail_heading')}")
    _detail_table(document, report, section)
    _heading(document, f"3. {t(language, 'report.outstanding_heading')}")
    _outstanding(document, report, section)


def _heading(document: DocumentObject, text: str) -> None:
    paragraph = _paragraph(document, text, bold=True, align="left")
    paragraph.paragraph_format.keep_with_next = True  # never alone at the foot of a page


def _summary_table(document: DocumentObject, section: PeriodReport, language: str) -> None:
    statuses = section.shown_statuses
    headers = [
        t(language, "report.col.level"),
        t(language, "report.col.total"),
        *[status_label(s, language) for s in statuses],
    ]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    first = 2.4
    rest = (TEXT_WIDTH_CM - first) / (len(headers) - 1)
    _fixed_widths(table, [first] + [rest] * (len(headers) - 1))
    _cell_margins(table)
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, header, bold=True, align="center")
    by_level = section.counts_by_level()
    for level, counts in by_level.items():
        values = [level, str(sum(counts.values())), *[str(counts[s]) for s in statuses]]
        _table_row(table, values)
    totals = section.counts
    _table_row(
        table,
        [
            t(language, "report.total_row"),
            str(len(section.rows)),
            *[str(totals[s]) for s in statuses],
        ],
        bold=True,
    )
    _paragraph(document, space_after=6)


def _table_row(table: Table, values: Sequence[str], *, bold: bool = False) -> None:
    cells = table.add_row().cells
    for position, (cell, value) in enumerate(zip(cells, values, strict=True)):
        _cell_text(cell, value, bold=bold, align="left" if position == 0 else "center")


def _detail_table(document: DocumentObject, report: Report, section: PeriodReport) -> None:
    language = report.language
    keys = ("index", "school", "level", "status", "received", "days_late", "files", "notes")
    table = document.add_table(rows=1, cols=len(keys))
    table.style = document.styles["Table Grid"]
    longest = max(
        (len(line) for row in section.rows
         for line in document_notes(row, report.campaign, language)),
        default=0,
    )  # fmt: skip
    _fixed_widths(table, NOTES_WIDTHS_CM if longest >= NOTES_WIDE_AT else DETAIL_WIDTHS_CM)
    for cell, key in zip(table.rows[0].cells, keys, strict=True):
        _cell_text(cell, t(language, f"report.col.{key}"), bold=True, align="center")
    _cell_margins(table)
    _repeat_header(table)
    for number, row in enumerate(section.rows, start=1):
        _detail_row(table, report, number, row)
    _keep_rows_whole(table)
    _paragraph(document, space_after=6)


def _detail_row(table: Table, report: Report, number: int, row: Row) -> None:
    cells = table.add_row().cells
    values = (
        (str(number), "center"),
        (row.school.name, "left"),
        (row.school.level, "center"),
        (status_label(row.status, report.language), "left"),
        (day(row.completed_at, report.zone) if row.completed_at else "", "center"),
        (str(row.days_late) if row.days_late else "", "center"),
        (roles_text(row, report.language), "left"),
        ("\n".join(document_notes(row, report.campaign, report.language)), "left"),
    )
    for cell, (text, align) in zip(cells, values, strict=True):
        _cell_text(cell, text, align=align)


def _outstanding(document: DocumentObject, report: Report, section: PeriodReport) -> None:
    """One line per status: 'Chưa nộp (quá hạn) (13 đơn vị): MN Tuổi Thơ, TH Kim Đồng, ...'."""
    groups = outstanding_groups(section)
    if not groups:
        _paragraph(document, t(report.language, "report.none_outstanding"), indent=True)
        return
    for status, rows in groups:
        label = t(
            report.language,
            "report.group",
            status=status_label(status, report.language),
            count=len(rows),
        )
        paragraph = _paragraph(document, f"- {label}: ", indent=True)
        names = "; ".join(_outstanding_name(row) for row in rows)
        run = paragraph.add_run(safe.plain(names) + ".")
        run.font.size = Pt(BODY_PT)


def _outstanding_name(row: Row) -> str:
    name = school_label(row.school.name, row.school.level)
    if row.status in (Status.INCOMPLETE, Status.MALFORMED) and row.problems:
        return f"{name} ({'; '.join(department_note(problem) for problem in row.problems)})"
    return name


def _signature(document: DocumentObject, report: Report) -> None:
    head = report.letterhead
    left_cm, right_cm = 7.5, TEXT_WIDTH_CM - 7.5
    table = document.add_table(rows=1, cols=2)
    _fixed_widths(table, (left_cm, right_cm))
    left, right = table.rows[0].cells
    _paragraph(
        left,
        t(report.language, "report.recipients"),
        size=12,
        bold=True,
        italic=True,
        align="left",
        space_after=0,
        reuse=True,
    )
    for recipient in head.recipients:
        _paragraph(left, f"- {recipient}", size=11, align="left", space_after=0)
    _paragraph(
        right, head.signer_title.upper(), bold=True, align="center", space_after=0, reuse=True
    )
    for _ in range(4):  # room for the signature and the seal
        _paragraph(right, space_after=0)
    _paragraph(right, head.signer_name, bold=True, align="center", space_after=0)
    _keep_rows_whole(table)  # recipients and signer on one page, with the closing line
    for cell in (left, right):
        for paragraph in cell.paragraphs[:-1]:
            paragraph.paragraph_format.keep_with_next = True
