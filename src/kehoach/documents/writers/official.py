"""One official layout for every document kehoach writes besides the plan's own export:
acceptance and liquidation minutes with their annex, the invitation and the personal cards,
the sign-in sheet, the final report, the communication outline.

A document is described once (:class:`OfficialDocument`: the header table of Decree 30/2020
Appendix I, type name and summary, blocks of body, the closing with "Nơi nhận" and the
signature blocks, annexes) and rendered from that one description to DOCX (python-docx, with
the plan writer's styles, header table and closing: :mod:`kehoach.documents.writers.docx`)
and to PDF (WeasyPrint, ``documents/print/official.html`` with the plan's print CSS). Column
widths are fixed in millimetres in both, so that nothing runs together or wraps badly in Word
and LibreOffice alike.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

import docx
from django.template.loader import get_template
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.shared import Mm

from kehoach.documents.writers import docx as w
from kehoach.documents.writers.docx import SignatureBlock
from kehoach.documents.writers.weasy import html_to_pdf

ParaStyle = Literal[
    "body", "legal_basis", "heading", "bold", "italic", "center", "center_bold", "center_italic"
]
Align = Literal["left", "center", "right"]

_DOCX_STYLES: dict[str, str] = {
    "body": "KhBody",
    "legal_basis": "KhLegalBasis",
    "heading": "KhHeading1",
    "bold": "KhBodyBold",
    "italic": "KhBodyItalic",
    "center": "KhCenter",
    "center_bold": "KhCenterBold",
    "center_italic": "KhCenterItalic",
}


@dataclass
class Head:
    """The header table: governing body and agency (full names, in capitals in the
    document), "Số: …/…" under them, place and date."""

    governing_body: str = ""
    agency: str = ""
    number_line: str = ""
    place_date: str = ""


@dataclass
class Para:
    text: str
    style: ParaStyle = "body"
    kind: str = "para"


@dataclass
class Grid:
    """A ruled table: fixed widths (mm), alignment per column, repeated header row; rows
    never split across pages; the last ``keep_last`` rows (the total) kept with the row above
    them."""

    header: list[str]
    rows: list[list[str]]
    widths_mm: list[float]
    align: list[Align]
    bold_rows: list[int] = field(default_factory=list)
    keep_last: int = 0
    font_pt: float = 11
    min_row_mm: float = 0  # room to write by hand (the sign-in sheet)
    kind: str = "table"

    @property
    def cell_rows(self) -> list[tuple[bool, list[tuple[str, str]]]]:
        return [
            (index in self.bold_rows, list(zip(values, self.align, strict=True)))
            for index, values in enumerate(self.rows)
        ]


@dataclass
class Figure:
    png: bytes
    width_mm: float
    caption: str = ""
    kind: str = "figure"

    @property
    def src(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


@dataclass
class Closing:
    """ "Nơi nhận" and the signers: one signer on the right of the recipients, or several
    side by side (the parties of minutes)."""

    recipients: list[str] = field(default_factory=list)
    signatures: list[SignatureBlock] = field(default_factory=list)
    kind: str = "closing"


@dataclass
class PageBreak:
    kind: str = "page_break"


Block = Para | Grid | Figure | Closing | PageBreak


@dataclass
class Annex:
    """A part that starts on a new page (landscape or not): "PHỤ LỤC", its title lines,
    "(Kèm theo …)" and its blocks. The page numbers continue."""

    label: str = ""
    title_lines: list[str] = field(default_factory=list)
    reference: str = ""
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False


@dataclass
class OfficialDocument:
    head: Head | None
    type_name: str
    summary: str
    blocks: list[Block]
    annexes: list[Annex] = field(default_factory=list)
    title: str = ""
    author: str = ""
    created: datetime | None = None
    portrait_text_mm: float = 165.0
    landscape_text_mm: float = 252.0
    # Whose document and which kind: the organisation's own Word template, if it has one.
    owner_id: int | None = None
    kind: str = ""


def signature(authority: str, title: str = "", name: str = "", hint: str = "") -> SignatureBlock:
    """ "KT. GIÁM ĐỐC" + "PHÓ GIÁM ĐỐC" (a title over several lines split at newlines)."""
    lines = [t.strip() for t in title.split("\n") if t.strip()]
    if authority and lines:
        lines[0] = f"{authority} {lines[0]}"
    elif authority:
        lines = [authority]
    return SignatureBlock(lines=lines, name=name, hint=hint)


# -- DOCX -----------------------------------------------------------------------------------


def render_docx(doc: OfficialDocument) -> bytes:
    """The DOCX: the organisation's own template filled in, else the built-in layout."""
    # inside: cycle — own_template fills this module's blocks (it imports them)
    from kehoach.documents.writers import own_template

    content = own_template.template_for(doc.owner_id, doc.kind)
    if content is not None:
        return own_template.render(content, doc)
    return render_builtin_docx(doc)


def render_builtin_docx(doc: OfficialDocument) -> bytes:
    """The built-in layout: the header table, type and summary, the body's blocks, then each
    annex in a section of its own with its label, title and reference."""
    document = docx.Document()
    w.apply_styles(document)
    w.set_properties(
        document, title=doc.title, subject=doc.summary, author=doc.author, created=doc.created
    )
    w.setup_page(document.sections[0], landscape=False)
    if doc.head is not None:
        w.header_table(
            document,
            governing_body=doc.head.governing_body,
            agency=doc.head.agency,
            number_line=doc.head.number_line,
            place_date=doc.head.place_date,
        )
    if doc.type_name or doc.summary:
        w.type_and_summary(document, doc.type_name, doc.summary)
    body = _DocxBody(document)
    body.blocks(doc.blocks, doc.portrait_text_mm)
    for annex in doc.annexes:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        w.setup_page(section, landscape=annex.landscape, numbered_first=True)
        if annex.label:
            body.paragraph(annex.label, "KhAppendix")
        for line in annex.title_lines:
            body.paragraph(line, "KhAppendixTitle")
        if annex.reference:
            body.paragraph(annex.reference, "KhAppendixReference")
        body.blocks(
            annex.blocks, doc.landscape_text_mm if annex.landscape else doc.portrait_text_mm
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class _DocxBody:
    """Blocks written one after another into a python-docx document; a page break waits for
    the next paragraph."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.pending_break = False

    def paragraph(self, text: str, style: str) -> Any:
        p = w._apply_style(self.document.add_paragraph(), style)
        if self.pending_break:
            # A new page from this paragraph on (a break run in the paragraph before would land
            # before a table that comes between them).
            p.paragraph_format.page_break_before = True
            self.pending_break = False
        if text:
            p.add_run(text)
        return p

    def blocks(self, items: list[Block], text_mm: float) -> None:
        """``items`` in a text width of ``text_mm``."""
        for block in items:
            if isinstance(block, Para):
                self.paragraph(block.text, _DOCX_STYLES[block.style])
            elif isinstance(block, Grid):
                self.grid(block, text_mm)
            elif isinstance(block, Figure):
                p = self.paragraph("", "KhFigure")
                p.add_run().add_picture(io.BytesIO(block.png), width=Mm(block.width_mm))
                if block.caption:
                    self.paragraph(block.caption, "KhCaption")
            elif isinstance(block, Closing):
                w.closing_table(self.document, block.recipients, block.signatures, width_mm=text_mm)
            elif isinstance(block, PageBreak):
                self.pending_break = True

    def grid(self, block: Grid, text_mm: float) -> None:
        """A table scaled to ``text_mm``: its header repeated on each page, no row split, the
        last ``keep_last`` rows kept with the closing one; an empty paragraph after it."""
        table = self.document.add_table(rows=1 + len(block.rows), cols=len(block.header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        scale = min(1.0, text_mm / sum(block.widths_mm))
        w._fixed_widths(table, [x * scale for x in block.widths_mm])
        rows = list(table.rows)
        for cell, text in zip(rows[0].cells, block.header, strict=True):
            w._cell_text(cell, text, "KhTableHeader")
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        w._row_property(rows[0], "tblHeader")
        w._row_property(rows[0], "cantSplit")
        keep_from = len(block.rows) - block.keep_last - 1 if block.keep_last else len(block.rows)
        for index, (row, values) in enumerate(zip(rows[1:], block.rows, strict=True)):
            w._row_property(row, "cantSplit")
            if block.min_row_mm:
                row.height = Mm(block.min_row_mm)
                row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            bold = index in block.bold_rows
            for cell, text, align in zip(row.cells, values, block.align, strict=True):
                p = w._cell_text(cell, text, _CELL_STYLES[(align, bold)])
                if index >= keep_from and index < len(block.rows) - 1:
                    p.paragraph_format.keep_with_next = True
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        self.paragraph("", "KhTableText")


# A grid cell's paragraph style by its column's alignment and whether its row is bold.
_CELL_STYLES = {
    ("left", False): "KhTableText",
    ("left", True): "KhTableSection",
    ("center", False): "KhTableCenter",
    ("center", True): "KhTableSectionCenter",
    ("right", False): "KhTableNumber",
    ("right", True): "KhTableSectionNumber",
}


# -- PDF ------------------------------------------------------------------------------------


def render_html(doc: OfficialDocument) -> str:
    def scaled(items: list[Block], text_mm: float) -> list[Block]:
        for block in items:
            if isinstance(block, Grid):
                total = sum(block.widths_mm)
                block.widths_mm = [round(x * min(1.0, text_mm / total), 2) for x in block.widths_mm]
        return items

    scaled(doc.blocks, doc.portrait_text_mm)
    for annex in doc.annexes:
        scaled(annex.blocks, doc.landscape_text_mm if annex.landscape else doc.portrait_text_mm)
    return str(get_template("documents/print/official.html").render({"doc": doc}))


def render_pdf(doc: OfficialDocument) -> bytes:
    return html_to_pdf(render_html(doc))
