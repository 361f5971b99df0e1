"""Test fixture builders: the plain-text sample typed into a Word file and an Excel sheet the
way agencies lay them out, and their legacy-encoded (TCVN3, VNI) versions.

The builders take the sample's text apart by its visible structure (header lines before the
type name, numbered headings, the "Nơi nhận" block, the appendix's tab-separated table) and
lay each part out officially: a two-column header table, Word's automatic numbering for the
headings, the signature and recipients side by side in a borderless table, the appendix as a
real Word table with merged header cells. Nothing of the sample's content is typed here.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

import docx
import openpyxl
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt

from kehoach.core import legacy
from kehoach.core.money import NumberFormatError, parse_number
from kehoach.core.text import fold
from kehoach.documents.plan_text import is_uppercase_line

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ROMAN = re.compile(r"^(?P<num>[IVX]{1,5})\.\s+(?P<title>\S.*)$")
NUMBERED = re.compile(r"^(?P<num>\d{1,2})\.\s+(?P<title>\D.*)$")
# The sample's appendix columns, grouped under merged header cells as official tables do.
HEADER_GROUPS = {"Sản xuất": (3, 5), "Phát sóng": (6, 8)}
COLS = "ABCDEFGHIJK"


@dataclass
class SampleParts:
    header: list[str] = field(default_factory=list)  # before the type name
    body: list[str] = field(default_factory=list)  # type name .. "Trên đây là …"
    recipients: list[str] = field(default_factory=list)
    signer: list[str] = field(default_factory=list)
    appendix_before: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)
    appendix_after: list[str] = field(default_factory=list)


def split_sample(text: str) -> SampleParts:
    parts = SampleParts()
    state = "header"
    for raw in text.splitlines():
        line = raw.strip()
        if raw.count("\t") >= 3:
            parts.table.append([c.strip() for c in raw.split("\t")])
            state = "after_table"
            continue
        if not line:
            continue
        folded = fold(line)
        if state == "header" and folded in ("ke hoach", "bao cao", "quyet dinh", "to trinh"):
            state = "body"
        elif folded.startswith("noi nhan"):
            state = "closing"
        elif folded.startswith("phu luc") and len(folded) < 40:
            state = "appendix"
        if state == "header":
            parts.header.append(line)
        elif state == "body":
            parts.body.append(line)
        elif state == "closing":
            if folded.startswith("noi nhan") or line.startswith("-"):
                parts.recipients.append(line)
            else:
                parts.signer.append(line)
        elif state == "appendix":
            parts.appendix_before.append(line)
        else:
            parts.appendix_after.append(line)
    width = max((len(r) for r in parts.table), default=0)
    parts.table = [r + [""] * (width - len(r)) for r in parts.table]
    return parts


# -- DOCX -------------------------------------------------------------------------------------
class _Writer:
    def __init__(self, encoding: str | None) -> None:
        self.encoding = encoding

    def runs(self, paragraph, text: str, *, bold: bool = False) -> None:
        """Text as runs; in a legacy encoding, as a typist with the old fonts would have."""
        if self.encoding is None:
            paragraph.add_run(text).bold = bold or None
            return
        if self.encoding == legacy.VNI:
            pieces = [(legacy.encode(text, legacy.VNI), "VNI-Times")]
        elif is_uppercase_line(text):
            pieces = [(legacy.encode(text.lower(), legacy.TCVN3), ".VnTimeH")]
        else:
            pieces = [
                (code, ".VnTimeH" if upper else ".VnTime")
                for code, upper in legacy.encode_runs(text, legacy.TCVN3)
            ]
        for code, font in pieces:
            run = paragraph.add_run(code)
            run.font.name = font
            run.bold = bold or None

    def cell_lines(self, cell, lines: list[str], *, bold_upper: bool = False) -> None:
        cell.paragraphs[0].text = ""
        for i, line in enumerate(lines):
            paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            self.runs(paragraph, line, bold=bold_upper and is_uppercase_line(line))


def _add_numbering(document) -> tuple[str, str]:
    """A two-level list: I., II. … for headings, 1., 2. … under them (restarting)."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">'
        '<w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>'
        '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%2."/><w:lvlJc w:val="left"/></w:lvl>'
        "</w:abstractNum>"
    )
    num = parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    return "90", "90"


def _number(paragraph, num_id: str, level: int) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(
        parse_xml(
            f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/>'
            f'<w:numId w:val="{num_id}"/></w:numPr>'
        )
    )


def _borderless(table) -> None:
    tbl_pr = table._tbl.tblPr
    tbl_pr.append(
        parse_xml(
            f'<w:tblBorders xmlns:w="{W_NS}">'
            + "".join(
                f'<w:{side} w:val="nil"/>'
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + "</w:tblBorders>"
        )
    )


def build_docx(
    text: str,
    *,
    encoding: str | None = None,
    numbering: bool = True,
    include_table: bool = True,
) -> bytes:
    """The plain-text plan ``text`` as an officially laid-out DOCX."""
    parts = split_sample(text)
    writer = _Writer(encoding)
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(13)
    num_id = _add_numbering(document)[0] if numbering else ""

    # Header: agency and number on the left, motto and place/date on the right.
    left = [ln for ln in parts.header if fold(ln).startswith("so") or _is_agency(ln)]
    right = [ln for ln in parts.header if ln not in left]
    header = document.add_table(rows=1, cols=2)
    _borderless(header)
    writer.cell_lines(header.cell(0, 0), left, bold_upper=True)
    writer.cell_lines(header.cell(0, 1), right, bold_upper=True)

    roman_seen = False
    for line in parts.body:
        paragraph = document.add_paragraph()
        roman, numbered = ROMAN.match(line), NUMBERED.match(line)
        if numbering and roman:
            _number(paragraph, num_id, 0)
            roman_seen = True
            writer.runs(paragraph, roman.group("title"), bold=True)
        elif numbering and numbered and roman_seen:
            _number(paragraph, num_id, 1)
            writer.runs(paragraph, numbered.group("title"), bold=True)
        else:
            writer.runs(paragraph, line, bold=is_uppercase_line(line))

    # Recipients (left) and signer (right), side by side, no borders.
    closing = document.add_table(rows=1, cols=2)
    _borderless(closing)
    writer.cell_lines(closing.cell(0, 0), parts.recipients)
    writer.cell_lines(closing.cell(0, 1), parts.signer, bold_upper=True)

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for line in parts.appendix_before:
        writer.runs(document.add_paragraph(), line, bold=is_uppercase_line(line))
    if include_table:
        _appendix_table(document, writer, parts.table)
    for line in parts.appendix_after:
        writer.runs(document.add_paragraph(), line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _is_agency(line: str) -> bool:
    return is_uppercase_line(line) and not fold(line).startswith(("cong hoa", "doc lap"))


def _appendix_table(document, writer: _Writer, table: list[list[str]]) -> None:
    header, rows = table[0], table[1:]
    width = len(header)
    grid = document.add_table(rows=2 + len(rows), cols=width)
    grid.style = "Table Grid"
    grouped = {c for a, b in HEADER_GROUPS.values() for c in range(a, b + 1)}
    for col in range(width):
        if col in grouped:
            writer.cell_lines(grid.cell(1, col), [header[col]])
        else:
            merged = grid.cell(0, col).merge(grid.cell(1, col))  # spans both header rows
            writer.cell_lines(merged, [header[col] or "STT"])
    for label, (a, b) in HEADER_GROUPS.items():
        merged = grid.cell(0, a).merge(grid.cell(0, b))  # spans its sub-columns
        writer.cell_lines(merged, [label])
    for r, cells in enumerate(rows, start=2):
        for c, value in enumerate(cells[:width]):
            if value:
                writer.cell_lines(grid.cell(r, c), [value])


def add_page_header_footer_and_textbox(data: bytes, *, header: str, footer: str, box: str) -> bytes:
    """Put text where readers often lose it: the page header, the page footer and a text box
    (written as Word does, a DrawingML shape with a VML fallback copy)."""
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    section.header.paragraphs[0].text = header
    section.footer.paragraphs[0].text = footer
    box_xml = (
        f'<w:r xmlns:w="{W_NS}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent>'
        f"<w:p><w:r><w:t>{box}</w:t></w:r></w:p>"
        "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic>"
        "</wp:anchor></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
        f"<w:p><w:r><w:t>{box}</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    document.paragraphs[0]._p.append(parse_xml(box_xml))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- XLSX -------------------------------------------------------------------------------------
def _figure(text: str) -> Decimal | None:
    try:
        return parse_number(text).value
    except NumberFormatError:
        return None


def _excel_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def build_xlsx(text: str, *, formulas: bool = True, scale: Decimal = Decimal(1)) -> bytes:
    """The sample's appendix as an Excel sheet: title rows, a two-row header with merged
    cells, figures as numbers and — with ``formulas`` — amounts and totals as the formulas
    that give them (openpyxl writes no cached values: the reader must compute them).
    ``scale`` 1000 writes money in thousands, the header saying "nghìn đồng"."""
    parts = split_sample(text)
    header, rows = parts.table[0], parts.table[1:]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Dự toán"
    r = 1
    for line in parts.appendix_before:
        sheet.cell(r, 1, line)
        r += 1
    if scale != 1:
        sheet.cell(r, 1, "Đơn vị tính: nghìn đồng" if scale == 1000 else "Đơn vị: triệu đồng")
        r += 1
    top = r
    grouped = {c for a, b in HEADER_GROUPS.values() for c in range(a, b + 1)}
    for col, label in enumerate(header):
        if col in grouped:
            sheet.cell(top + 1, col + 1, label)
        else:
            sheet.cell(top, col + 1, label or "STT")
            sheet.merge_cells(
                start_row=top, end_row=top + 1, start_column=col + 1, end_column=col + 1
            )
    for label, (a, b) in HEADER_GROUPS.items():
        sheet.cell(top, a + 1, label)
        sheet.merge_cells(start_row=top, end_row=top, start_column=a + 1, end_column=b + 1)
    first = top + 2
    money = {4, 5, 7, 8, 9}
    values: dict[tuple[int, int], Decimal] = {}
    for i, cells in enumerate(rows):
        row = first + i
        for col, value in enumerate(cells):
            figure = _figure(value) if col >= 3 and col <= 9 and value not in ("", "-") else None
            if figure is not None:
                if col in money:
                    figure = figure / scale
                values[(row, col)] = figure
                sheet.cell(row, col + 1, _excel_number(figure))
            elif value:
                sheet.cell(row, col + 1, value)
    if formulas:
        _replace_with_formulas(sheet, rows, first, values)
    r = first + len(rows)
    for line in parts.appendix_after:
        sheet.cell(r, 2, line)
        r += 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _replace_with_formulas(sheet, rows, first: int, values: dict[tuple[int, int], Decimal]) -> None:
    """Every figure that a simple formula gives becomes that formula."""

    def v(row: int, col: int) -> Decimal:
        return values.get((row, col), Decimal(0))

    for i, cells in enumerate(rows):
        row = first + i
        code = cells[0]
        for col in (5, 8, 9):
            target = values.get((row, col))
            if target is None:
                continue
            candidates = []
            if col == 5:
                candidates.append((f"=D{row}*E{row}", v(row, 3) * v(row, 4)))
            if col == 8:
                candidates.append((f"=G{row}*H{row}", v(row, 6) * v(row, 7)))
            if col == 9:
                candidates += [
                    (f"=F{row}+I{row}", v(row, 5) + v(row, 8)),
                    (f"=D{row}*E{row}", v(row, 3) * v(row, 4)),
                    (f"=D{row}*H{row}", v(row, 3) * v(row, 7)),
                ]
                if code:  # a section: the sum of the lines beneath it
                    end = row + 1
                    while end - first < len(rows) and not rows[end - first][0]:
                        end += 1
                    while end - first < len(rows) and rows[end - first][0].isdigit():
                        end += 1
                    if end > row + 1:
                        total = sum((v(k, 9) for k in range(row + 1, end)), Decimal(0))
                        candidates.append((f"=SUM(J{row + 1}:J{end - 1})", total))
                else:  # a total row: the sub-sections (Roman numerals) above it
                    subs = []
                    k = row - 1
                    while k >= first and not re.fullmatch(
                        r"[A-HJ-UWYZ]", rows[k - first][0] or "?"
                    ):
                        if re.fullmatch(r"[IVX]+", rows[k - first][0]):
                            subs.append(k)
                        k -= 1
                    if subs:
                        expr = "+".join(f"J{s}" for s in sorted(subs))
                        candidates.append((f"={expr}", sum((v(s, 9) for s in subs), Decimal(0))))
            for formula, value in candidates:
                refs = re.findall(
                    r"([A-K])(\d+)", formula.split("(")[-1] if "SUM" in formula else formula
                )
                if any(
                    sheet.cell(int(n), COLS.index(c) + 1).data_type == "s"
                    and not str(sheet.cell(int(n), COLS.index(c) + 1).value).startswith("=")
                    for c, n in refs
                ):
                    continue  # Excel cannot add text: no formula over a "-" cell
                if value == target and value != 0:
                    sheet.cell(row, col + 1, formula)
                    break


def with_cached_values(data: bytes, cached: dict[str, str]) -> bytes:
    """Write cached values (``{"F7": "30000000"}``) into the formula cells, as Excel does on
    saving; openpyxl cannot."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                xml = content.decode("utf-8")
                for ref, value in cached.items():
                    xml = re.sub(
                        rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)(<v>[^<]*</v>|<v\s*/>)?',
                        rf"\g<1>\g<2><v>{value}</v>",
                        xml,
                    )
                content = xml.encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()


def rezip(data: bytes, *, add: dict[str, bytes] | None = None, drop: tuple[str, ...] = ()) -> bytes:
    """A copy of an OOXML package with parts added or removed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in drop:
                target.writestr(info, source.read(info.filename))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()
