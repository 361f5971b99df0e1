"""The plan and its appendix as a Word document in the format of Decree 30/2020/NĐ-CP.

Appendix I of the decree sets the page (A4; margins top and bottom 20–25 mm, left 30–35 mm,
right 15–20 mm), the font (Times New Roman) and the place and look of every element: the
header table (governing body and agency, national title and motto, number and symbol, place
and date), the type name and summary, the body, the signer block and the recipients. Each
element has a named paragraph style in the document, so that a typist who edits the file
keeps the format by choosing a style, not by copying formatting.

Page numbers start on page 2 (a PAGE field in the header, different first page); the
appendix is a landscape section whose pages are numbered on their own (item 11 of the
decree's Appendix I).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from kehoach.core.plan import PlanDocument
from kehoach.core.words import WordsStyle
from kehoach.documents.writers import Part
from kehoach.documents.writers.layout import (
    AppendixLayout,
    Block,
    TableRow,
    appendix_layout,
    body_blocks,
    file_stem,
    number_line,
    place_date_line,
    recipient_lines,
    signer_lines,
)

FONT = "Times New Roman"
LANGUAGE = "vi-VN"

# Page set-up, Decree 30/2020/NĐ-CP Appendix I, item 1.
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 20, 20, 30, 15
HEADER_DISTANCE_MM = 10
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM
LANDSCAPE_TEXT_WIDTH_MM = PAGE_HEIGHT_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM

# The header table: the agency on the left, the national title on the right.
HEADER_LEFT_MM, HEADER_RIGHT_MM = 77.0, 93.0
HEADER_INDENT_MM = TEXT_WIDTH_MM - HEADER_LEFT_MM - HEADER_RIGHT_MM  # into the left margin
SIGNER_LEFT_MM, SIGNER_RIGHT_MM = 80.0, TEXT_WIDTH_MM - 80.0
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class StyleSpec:
    style_id: str
    name: str
    size: float = 14
    bold: bool = False
    italic: bool = False
    caps: bool = False
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT
    first_line_mm: float = 0
    before: float = 0
    after: float = 0
    line_multiple: float = 1.0
    keep_with_next: bool = False
    outline_level: int | None = None


# The document's own styles (Vietnamese names in Word's style gallery, ASCII ids).
STYLES = [
    StyleSpec("KhGoverningBody", "VB Cơ quan chủ quản", 12, align=WD_ALIGN_PARAGRAPH.CENTER),
    StyleSpec("KhAgency", "VB Cơ quan ban hành", 12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER),
    StyleSpec("KhNationalTitle", "VB Quốc hiệu", 12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER),
    StyleSpec("KhMotto", "VB Tiêu ngữ", 13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER),
    StyleSpec("KhRule", "VB Đường kẻ", 2, align=WD_ALIGN_PARAGRAPH.CENTER, before=2),
    StyleSpec("KhNumber", "VB Số, ký hiệu", 13, align=WD_ALIGN_PARAGRAPH.CENTER, before=6),
    StyleSpec(
        "KhPlaceDate", "VB Địa danh, ngày tháng", 14, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER
    ),
    StyleSpec(
        "KhTypeName",
        "VB Tên loại",
        14,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=18,
        keep_with_next=True,
    ),
    StyleSpec("KhSummary", "VB Trích yếu", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=2),
    StyleSpec(
        "KhLegalBasis",
        "VB Căn cứ",
        14,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line_mm=10,
        after=6,
        line_multiple=1.1,
    ),
    StyleSpec(
        "KhBody",
        "VB Nội dung",
        14,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line_mm=10,
        after=6,
        line_multiple=1.1,
    ),
    StyleSpec(
        "KhHeading1",
        "VB Đề mục 1",
        14,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line_mm=10,
        before=6,
        after=6,
        line_multiple=1.1,
        keep_with_next=True,
        outline_level=0,
    ),
    StyleSpec(
        "KhHeading2",
        "VB Đề mục 2",
        14,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line_mm=10,
        after=6,
        line_multiple=1.1,
        keep_with_next=True,
        outline_level=1,
    ),
    StyleSpec("KhRecipientsLabel", "VB Nơi nhận", 12, bold=True, italic=True, before=12),
    StyleSpec("KhRecipient", "VB Nơi nhận - mục", 11),
    StyleSpec(
        "KhSignerTitle",
        "VB Quyền hạn, chức vụ người ký",
        14,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        keep_with_next=True,
    ),
    StyleSpec(
        "KhSignerName",
        "VB Họ tên người ký",
        14,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=84,  # room for the signature and the seal
    ),
    StyleSpec("KhPageNumber", "VB Số trang", 13, align=WD_ALIGN_PARAGRAPH.CENTER),
    StyleSpec(
        "KhAppendix",
        "VB Phụ lục",
        14,
        bold=True,
        caps=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        keep_with_next=True,
    ),
    StyleSpec(
        "KhAppendixTitle",
        "VB Tên phụ lục",
        14,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        keep_with_next=True,
    ),
    StyleSpec(
        "KhAppendixReference",
        "VB Kèm theo",
        14,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=12,
        keep_with_next=True,
    ),
    StyleSpec("KhTableHeader", "VB Bảng - tiêu đề", 11, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER),
    StyleSpec("KhTableText", "VB Bảng - chữ", 11),
    StyleSpec("KhTableCenter", "VB Bảng - giữa", 11, align=WD_ALIGN_PARAGRAPH.CENTER),
    StyleSpec("KhTableNumber", "VB Bảng - số", 11, align=WD_ALIGN_PARAGRAPH.RIGHT),
    StyleSpec("KhTableSection", "VB Bảng - mục", 11, bold=True),
    StyleSpec(
        "KhTableSectionCenter", "VB Bảng - mục giữa", 11, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
    ),
    StyleSpec(
        "KhTableSectionNumber", "VB Bảng - số mục", 11, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT
    ),
    StyleSpec(
        "KhInWords", "VB Bằng chữ", 14, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=6
    ),
    # The other official documents (kehoach.documents.writers.official).
    StyleSpec(
        "KhSignerHint",
        "VB Ghi chú chữ ký",
        13,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        keep_with_next=True,
    ),
    StyleSpec("KhCenter", "VB Giữa", 14, align=WD_ALIGN_PARAGRAPH.CENTER, after=3),
    StyleSpec(
        "KhCenterBold",
        "VB Giữa đậm",
        14,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        keep_with_next=True,
    ),
    StyleSpec(
        "KhCenterItalic", "VB Giữa nghiêng", 13, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER
    ),
    StyleSpec(
        "KhBodyBold",
        "VB Nội dung đậm",
        14,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line_mm=10,
        after=6,
        line_multiple=1.1,
        keep_with_next=True,
    ),
    StyleSpec(
        "KhBodyItalic",
        "VB Nội dung nghiêng",
        14,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line_mm=10,
        after=6,
        line_multiple=1.1,
    ),
    StyleSpec(
        "KhCaption", "VB Chú thích hình", 12, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6
    ),
    StyleSpec("KhFigure", "VB Hình", 12, align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True),
]

_BLOCK_STYLES = {
    "legal_basis": "KhLegalBasis",
    "heading1": "KhHeading1",
    "heading2": "KhHeading2",
    "body": "KhBody",
}


_STYLE_NAMES = {spec.style_id: spec.name for spec in STYLES}


def _apply_style(paragraph: Paragraph, style_id: str) -> Paragraph:
    """Give ``paragraph`` one of the document's own styles (added by ``styles()`` with these
    ids, none of them the default style): what ``paragraph.style = name`` ends in, without
    python-docx's search of every style by name and of the default style, once per paragraph
    (most of the time of a whole export)."""
    if style_id not in _STYLE_NAMES:
        raise KeyError(style_id)
    paragraph._p.style = style_id
    return paragraph


def _text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """An estimate of a line's printed width in Times New Roman, for the length of the rules
    under the agency, the motto and the summary (Decree 30/2020 Appendix I, items 2–4)."""
    em = 0.0
    for ch in text:
        if ch == " ":
            em += 0.25
        elif ch.isupper():
            em += 0.7 if bold else 0.66
        elif ch in "-–":
            em += 0.33
        else:
            em += 0.5 if bold else 0.46
    return em * size_pt * 0.3528


# -- low-level helpers ---------------------------------------------------------------------


def _set_fonts(parent: Any) -> None:
    """Times New Roman for every script slot of ``parent``'s run properties (a style or the
    document defaults), with no theme font overriding it."""
    rpr = parent.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        parent.append(rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        key = qn(f"w:{attr}")
        if key in fonts.attrib:
            del fonts.attrib[key]
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)


def _border(element_name: str, sides: dict[str, tuple[str, int]]) -> BaseOxmlElement:
    """<w:pBdr> or <w:tblBorders> with the given sides: {"top": ("single", 6)}."""
    borders = OxmlElement(element_name)
    for side, (kind, size) in sides.items():
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), kind)
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), "000000")
        borders.append(edge)
    return borders


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (PAGE): begin, instruction, separate, the cached result, end."""

    def fld_char(kind: str) -> BaseOxmlElement:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    run = paragraph.add_run()
    run._r.append(fld_char("begin"))
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run = paragraph.add_run()
    run._r.append(fld_char("separate"))
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    run._r.append(fld_char("end"))


def _no_table_borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    sides = dict.fromkeys(("top", "left", "bottom", "right", "insideH", "insideV"), ("nil", 0))
    tbl_pr.append(_border("w:tblBorders", sides))


def _no_cell_margins(table: Table) -> None:
    """The header table's cells use their whole width: the agency's name fits on one line."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "0")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    table._tbl.tblPr.append(margins)


def _table_indent(table: Table, mm: float) -> None:
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), str(int(Mm(mm).twips)))
    indent.set(qn("w:type"), "dxa")
    table._tbl.tblPr.append(indent)


def _fixed_widths(table: Table, widths_mm: list[float]) -> None:
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def _row_property(row: object, name: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    element = OxmlElement(f"w:{name}")
    tr_pr.append(element)


def _cell_text(cell: _Cell, text: str, style: str) -> Paragraph:
    paragraph: Paragraph = cell.paragraphs[0]
    _apply_style(paragraph, style)
    if text:
        paragraph.add_run(text)
    return paragraph


# -- the official page, shared by every document (kehoach.documents.writers.official) ------


@dataclass(frozen=True)
class SignatureBlock:
    """ "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC", a hint ("(Ký, ghi rõ họ tên, đóng dấu)"), room for
    the signature and the seal, then the name."""

    lines: list[str]
    name: str = ""
    hint: str = ""


def _build_styles(document: Document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _set_fonts(normal.element)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            _set_fonts(rpr_default)
    for spec in STYLES:
        style = styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        assert isinstance(style, ParagraphStyle)
        style.style_id = spec.style_id
        style.base_style = normal
        style.quick_style = True
        font = style.font
        font.name = FONT
        font.size = Pt(spec.size)
        font.bold = spec.bold
        font.italic = spec.italic
        font.all_caps = spec.caps or None
        fmt = style.paragraph_format
        fmt.alignment = spec.align
        fmt.first_line_indent = Mm(spec.first_line_mm) if spec.first_line_mm else None
        fmt.space_before = Pt(spec.before)
        fmt.space_after = Pt(spec.after)
        fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
        fmt.line_spacing = spec.line_multiple
        fmt.keep_with_next = spec.keep_with_next or None
        fmt.widow_control = True
        if spec.outline_level is not None:
            level = OxmlElement("w:outlineLvl")
            level.set(qn("w:val"), str(spec.outline_level))
            style.element.get_or_add_pPr().append(level)
        if spec.style_id == "KhRule":
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(2)
            fmt.keep_with_next = True
            style.element.get_or_add_pPr().append(_border("w:pBdr", {"top": ("single", 6)}))


def apply_styles(document: Document) -> None:
    """The document's styles: built once per process with python-docx (most of the time of
    an export when done every time), then copied from that result, which is the same for
    every document: ``_STYLED`` keeps the children of the styled ``w:styles`` element."""
    element = document.styles.element
    if _STYLED:
        element[:] = list(parse_xml(_STYLED[0]))
        return
    _build_styles(document)
    _STYLED.append(etree.tostring(element))


def set_properties(
    document: Document, *, title: str, subject: str, author: str, created: datetime | None = None
) -> None:
    """The core properties: the agency as author, the time of creation — never python-docx's
    template values (2013, "python-docx", "Microsoft Macintosh Word")."""
    now = (created or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0, tzinfo=None)
    props = document.core_properties
    props.title = title[:255]
    props.subject = subject[:255]
    props.author = (author or "kehoach")[:255]
    props.last_modified_by = props.author
    props.created = props.modified = now
    props.revision = 1
    props.language = LANGUAGE
    props.comments = ""
    props.keywords = ""
    props.category = ""
    _app_properties(document)


def _app_properties(document: Document) -> None:
    """docProps/app.xml names kehoach as the application, not the template's "Microsoft
    Macintosh Word"."""
    for rel in document.part.package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            part = rel.target_part
            xml = part.blob.decode("utf-8")
            xml = re.sub(
                r"<Application>[^<]*</Application>", "<Application>kehoach</Application>", xml
            )
            xml = re.sub(r"<AppVersion>[^<]*</AppVersion>", "", xml)
            xml = re.sub(r"<Company>[^<]*</Company>", "<Company/>", xml)
            part._blob = xml.encode("utf-8")
            return


def setup_page(
    section: Section, *, landscape: bool, restart: bool = False, numbered_first: bool = False
) -> None:
    """A4 and Decree 30's margins; the page number top centre from the section's page 2
    (from its page 1 with ``numbered_first``: a section that continues the document)."""
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(PAGE_HEIGHT_MM), Mm(PAGE_WIDTH_MM)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.header_distance = section.footer_distance = Mm(HEADER_DISTANCE_MM)
    # Page numbers from page 2: the first page's header is empty.
    section.different_first_page_header_footer = not numbered_first
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    _apply_style(paragraph, "KhPageNumber")
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    _field(paragraph, "PAGE", "2")
    first = section.first_page_header
    first.is_linked_to_previous = False
    _apply_style(first.paragraphs[0], "KhPageNumber")
    if restart:
        # The appendix is numbered on its own (Decree 30/2020 Appendix I, item 11).
        number_type = OxmlElement("w:pgNumType")
        number_type.set(qn("w:start"), "1")
        section._sectPr.append(number_type)


def rule(container: _Cell | Document, width_mm: float, space_mm: float) -> None:
    """A short centred line: an empty paragraph with a top border, its indents setting its
    length."""
    paragraph = _apply_style(container.add_paragraph(), "KhRule")
    indent = max((space_mm - width_mm) / 2, 0)
    paragraph.paragraph_format.left_indent = Mm(indent)
    paragraph.paragraph_format.right_indent = Mm(indent)


def header_table(
    document: Document, *, governing_body: str, agency: str, number_line: str, place_date: str
) -> Table:
    """The header of Decree 30/2020 Appendix I: the governing body over the bold agency and
    its rule, "Số: …" under them; the national title, the motto and its rule, place and date
    in italics. Fixed column widths: the agency and the national title never run together."""
    table: Table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _no_table_borders(table)
    _no_cell_margins(table)
    _table_indent(table, HEADER_INDENT_MM)
    _fixed_widths(table, [HEADER_LEFT_MM, HEADER_RIGHT_MM])
    left, right = table.cell(0, 0), table.cell(0, 1)
    names = [(governing_body, "KhGoverningBody"), (agency, "KhAgency")]
    present = [(text.upper(), style) for text, style in names if text]
    if present:
        _cell_text(left, present[0][0], present[0][1])
        for text, style in present[1:]:
            _apply_style(left.add_paragraph(text), style)
        last_text, last_style = present[-1]
        length = min(_text_width_mm(last_text, 12, bold=last_style == "KhAgency"), HEADER_LEFT_MM)
        width = min(max(length * 0.4, 15.0), HEADER_LEFT_MM - 10)
        rule(left, width, HEADER_LEFT_MM)
    else:
        _apply_style(left.paragraphs[0], "KhGoverningBody")
    _cell_text(right, NATIONAL_TITLE, "KhNationalTitle")
    _apply_style(right.add_paragraph(MOTTO), "KhMotto")
    rule(right, _text_width_mm(MOTTO, 13, bold=True), HEADER_RIGHT_MM)
    _cell_text(table.cell(1, 0), number_line, "KhNumber")
    paragraph = _cell_text(table.cell(1, 1), place_date, "KhPlaceDate")
    paragraph.paragraph_format.space_before = Pt(6)
    for cell in (left, right):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    return table


def type_and_summary(document: Document, type_name: str, summary: str) -> None:
    """The type name in capitals; the summary under it with its short rule."""
    if type_name:
        _apply_style(document.add_paragraph(type_name.upper()), "KhTypeName")
    if summary:
        _apply_style(document.add_paragraph(summary), "KhSummary")
        width = _text_width_mm(summary, 14, bold=True)
        rule(document, min(max(width / 3, 25.0), 60.0), TEXT_WIDTH_MM)
    spacer = _apply_style(document.add_paragraph(), "KhBody")
    spacer.paragraph_format.space_after = Pt(0)


def _signature_cell(cell: _Cell, block: SignatureBlock) -> None:
    paragraphs: list[Paragraph] = []

    def add(text: str, style: str) -> None:
        if not paragraphs:
            paragraphs.append(_cell_text(cell, text, style))
        else:
            paragraphs.append(_apply_style(cell.add_paragraph(text), style))

    for line in block.lines:
        add(line, "KhSignerTitle")
    if block.hint:
        add(block.hint, "KhSignerHint")
    # The name under room for the signature and the seal (KhSignerName: 84 pt before it).
    add(block.name or "\u00a0", "KhSignerName")


def closing_table(
    document: Document,
    recipients: list[str],
    signatures: list[SignatureBlock],
    *,
    width_mm: float = TEXT_WIDTH_MM,
) -> Table:
    """ "Nơi nhận" on the left and the signer on the right; or the signers side by side (the
    parties of minutes) with the recipients under them."""
    if len(signatures) <= 1:
        table: Table = document.add_table(rows=1, cols=2)
        _no_table_borders(table)
        _fixed_widths(table, [SIGNER_LEFT_MM, width_mm - SIGNER_LEFT_MM])
        left, right = table.cell(0, 0), table.cell(0, 1)
        if recipients:
            _cell_text(left, "Nơi nhận:", "KhRecipientsLabel")
            for line in recipients:
                _apply_style(left.add_paragraph(line), "KhRecipient")
        if signatures:
            _signature_cell(right, signatures[0])
            right.paragraphs[0].paragraph_format.space_before = Pt(12)
    else:
        table = document.add_table(rows=1, cols=len(signatures))
        _no_table_borders(table)
        _fixed_widths(table, [width_mm / len(signatures)] * len(signatures))
        for cell, block in zip(table.rows[0].cells, signatures, strict=True):
            _signature_cell(cell, block)
            cell.paragraphs[0].paragraph_format.space_before = Pt(12)
        if recipients:
            _apply_style(document.add_paragraph("Nơi nhận:"), "KhRecipientsLabel")
            for line in recipients:
                _apply_style(document.add_paragraph(line), "KhRecipient")
    # The signer block stays on one page.
    _row_property(table.rows[0], "cantSplit")
    return table


# -- the renderer --------------------------------------------------------------------------


# The serialized ``w:styles`` element after ``styles()`` (built by the first export).
_STYLED: list[bytes] = []


class DocxRenderer:
    extension = "docx"
    mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def __init__(self, *, words_style: WordsStyle | None = None) -> None:
        self.words_style = words_style or WordsStyle()

    def render(self, doc: PlanDocument, *, part: Part = "all") -> tuple[str, str, bytes]:
        document = docx.Document()
        _DocxWriter(document, doc, self.words_style).write(part)
        buffer = io.BytesIO()
        document.save(buffer)
        stem = file_stem(doc, "appendix" if part == "appendix" else "all")
        return f"{stem}.docx", self.mimetype, buffer.getvalue()


class _DocxWriter:
    def __init__(self, document: Document, doc: PlanDocument, words_style: WordsStyle) -> None:
        self.document = document
        self.doc = doc
        self.words_style = words_style

    def write(self, part: Part) -> None:
        self.styles()
        self.properties()
        section = self.document.sections[0]
        if part in ("plan", "all"):
            self.page(section, landscape=False)
            self.header_block()
            self.body()
            self.closing()
        if part in ("appendix", "all") and not self.doc.estimate.is_empty:
            if part == "all":
                section = self.document.add_section(WD_SECTION.NEW_PAGE)
            self.page(section, landscape=True, restart=part == "all")
            self.appendix()
        elif part == "appendix":
            self.page(section, landscape=True)
            self.paragraph("PHỤ LỤC", "KhAppendix")

    # -- set-up ----------------------------------------------------------------------------
    def styles(self) -> None:
        apply_styles(self.document)

    def properties(self) -> None:
        header = self.doc.header
        set_properties(
            self.document,
            title=" ".join(x for x in (header.type_name, header.reference) if x),
            subject=header.title,
            author=header.agency or header.governing_body,
        )

    @staticmethod
    def page(section: Section, *, landscape: bool, restart: bool = False) -> None:
        setup_page(section, landscape=landscape, restart=restart)

    # -- building blocks -------------------------------------------------------------------
    def paragraph(self, text: str, style: str) -> Paragraph:
        paragraph = _apply_style(self.document.add_paragraph(), style)
        if text:
            paragraph.add_run(text)
        return paragraph

    # -- the plan --------------------------------------------------------------------------
    def header_block(self) -> None:
        header = self.doc.header
        header_table(
            self.document,
            governing_body=header.governing_body,
            agency=header.agency,
            number_line=number_line(header),
            place_date=place_date_line(header),
        )
        type_and_summary(self.document, header.type_name, header.title)

    def body(self) -> None:
        blocks: list[Block] = body_blocks(self.doc)
        for block in blocks:
            self.paragraph(block.text, _BLOCK_STYLES[block.kind])
        if self.doc.closing:
            self.paragraph(self.doc.closing, "KhBody")

    def closing(self) -> None:
        recipients = recipient_lines(self.doc)
        signer = signer_lines(self.doc)
        if not recipients and not signer and not self.doc.signer.name:
            return
        closing_table(
            self.document, recipients, [SignatureBlock(lines=signer, name=self.doc.signer.name)]
        )

    # -- the appendix ----------------------------------------------------------------------
    def appendix(self) -> None:
        layout = appendix_layout(self.doc, self.words_style)
        self.paragraph("Phụ lục", "KhAppendix")
        for line in layout.title_lines:
            self.paragraph(line, "KhAppendixTitle")
        if layout.reference:
            self.paragraph(layout.reference, "KhAppendixReference")
        self.estimate_table(layout)
        self.paragraph(layout.words_line, "KhInWords")

    def estimate_table(self, layout: AppendixLayout) -> None:
        columns = layout.columns
        table = self.document.add_table(rows=2 + len(layout.rows), cols=len(columns))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        widths = [c.width_mm for c in columns]
        scale = min(1.0, LANDSCAPE_TEXT_WIDTH_MM / sum(widths))
        _fixed_widths(table, [w * scale for w in widths])
        rows = list(table.rows)  # table.rows[i] and table.cell() walk the whole table each time

        def header(row: int, col: int) -> _Cell:
            cell: _Cell = rows[row].cells[col]
            return cell

        col = 0
        for group, group_columns in layout.groups:
            if group:
                top = header(0, col)
                if len(group_columns) > 1:
                    top = top.merge(header(0, col + len(group_columns) - 1))
                _cell_text(top, group, "KhTableHeader")
                for offset, column in enumerate(group_columns):
                    _cell_text(header(1, col + offset), column.label, "KhTableHeader")
            else:
                merged = header(0, col).merge(header(1, col))
                _cell_text(merged, group_columns[0].label, "KhTableHeader")
            col += len(group_columns)
        for index in (0, 1):
            _row_property(rows[index], "tblHeader")  # repeated on every page
            for cell in rows[index].cells:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for table_row, row in zip(rows[2:], layout.rows, strict=True):
            _row_property(table_row, "cantSplit")
            self.estimate_row(table_row.cells, row, layout)

    @staticmethod
    def estimate_row(cells: tuple[_Cell, ...], row: TableRow, layout: AppendixLayout) -> None:
        bold = row.bold
        for cell, column in zip(cells, layout.columns, strict=True):
            text = row.display(column)
            if column.numeric:
                style = "KhTableSectionNumber" if bold else "KhTableNumber"
            elif column.key in ("number", "duration", "unit") or (
                column.key == "content" and row.kind == "total"
            ):
                style = "KhTableSectionCenter" if bold else "KhTableCenter"
            else:
                style = "KhTableSection" if bold else "KhTableText"
            _cell_text(cell, text, style)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
