"""What the official documents show, independent of the file format.

The DOCX, XLSX and PDF writers lay out the same things: the plan in the format of Decree
30/2020/NĐ-CP (Appendix I) and its appendix table with the column structure of the 2016
sample. This module decides the words, the order and the figures once; each writer only
decides how they look. Every amount comes from :mod:`kehoach.core.estimate` — nothing here
adds up anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from kehoach.core.bounds import words_or_note
from kehoach.core.estimate import Estimate, EstimateLine, EstimateSection
from kehoach.core.money import format_quantity, format_vnd
from kehoach.core.plan import Header, Paragraph, PlanDocument
from kehoach.core.text import fold
from kehoach.core.words import WordsStyle

BlockKind = Literal["legal_basis", "heading1", "heading2", "body"]
RowKind = Literal["section", "line", "subtotal", "total"]

_ROMAN_HEADING = re.compile(r"^[IVXLC]{1,6}\s*[.)]\s*\S")
_NUMBERED_HEADING = re.compile(r"^\d{1,2}\s*[.)]\s+\S")
_PREAMBLE_STARTS = ("can cu", "thuc hien", "duoc su", "theo de nghi", "xet de nghi")
# A heading is a short line; a numbered sentence of body text is not one.
_HEADING_MAX_CHARS = 160
# Blank space where the number and the date go until the records clerk issues the document
# (Decree 30/2020/NĐ-CP, Appendix I: "Số: …", "ngày … tháng … năm …").
_BLANK = "\u00a0" * 6


# -- the plan ------------------------------------------------------------------------------


def long_date(value: date) -> str:
    """ "ngày 05 tháng 02 năm 2016": a day below 10 and the months 1 and 2 take a leading zero
    (Decree 30/2020/NĐ-CP, Appendix I, item 5)."""
    day = f"{value.day:02d}" if value.day < 10 else str(value.day)
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {day} tháng {month} năm {value.year}"


def place_date_line(header: Header) -> str:
    if header.date is not None:
        when = long_date(header.date)
    elif header.date_text:
        text = header.date_text.strip()
        when = text if fold(text).startswith("ngay") else f"ngày {text}"
    else:
        when = f"ngày{_BLANK}tháng{_BLANK}năm{_BLANK}"
    if not header.place and header.date is None and not header.date_text:
        return ""
    return f"{header.place}, {when}" if header.place else when.capitalize()


def number_line(header: Header) -> str:
    if header.number:
        return f"Số: {header.reference}"
    if header.symbol:
        return f"Số:{_BLANK}/{header.symbol}"
    return ""


def sentence_case(text: str) -> str:
    """ "KẾ HOẠCH" -> "Kế hoạch" (a type name inside a sentence)."""
    return text[:1].upper() + text[1:].lower() if text else ""


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str


def _is_legal_basis(paragraph: Paragraph, doc: PlanDocument) -> bool:
    if paragraph.heading:
        return False
    if fold(paragraph.text).lstrip("- ").startswith(_PREAMBLE_STARTS):
        return True
    return any(c.raw and c.raw in paragraph.text for c in doc.legal_bases)


def body_blocks(doc: PlanDocument) -> list[Block]:
    """The plan's body, paragraph by paragraph, with its kind: legal basis (italic, Decree
    30/2020 Appendix I item 8a), numbered headings, or body text. The text is the model's."""
    blocks: list[Block] = []
    for paragraph in doc.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        kind: BlockKind = "body"
        short = len(text) <= _HEADING_MAX_CHARS
        if _is_legal_basis(paragraph, doc):
            kind = "legal_basis"
        elif short and _ROMAN_HEADING.match(text) and "." not in paragraph.heading:
            kind = "heading1"
        elif short and _NUMBERED_HEADING.match(text) and paragraph.heading:
            kind = "heading2"
        blocks.append(Block(kind, text))
    return blocks


def signer_lines(doc: PlanDocument) -> list[str]:
    """ "Q. GIÁM ĐỐC"; "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" on two lines."""
    signer = doc.signer
    titles = [t.strip() for t in signer.title.split("\n") if t.strip()]
    if not titles:
        return [signer.prefix] if signer.prefix else []
    if signer.prefix:
        titles[0] = f"{signer.prefix} {titles[0]}"
    return titles


def recipient_lines(doc: PlanDocument) -> list[str]:
    """ "- UBND tỉnh (báo cáo);" … "- Lưu: VT, …." — the archive last, ending with a full
    stop (Decree 30/2020/NĐ-CP, Appendix I, item 9b)."""
    ordered = [r for r in doc.recipients if not r.is_archive] + [
        r for r in doc.recipients if r.is_archive
    ]
    lines = []
    for index, recipient in enumerate(ordered):
        text = recipient.text.strip()
        if recipient.purpose:
            text = f"{text} ({recipient.purpose})"
        end = "." if index == len(ordered) - 1 else ";"
        lines.append(f"- {text}{end}")
    return lines


# -- the appendix --------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str  # the model's column name (estimate_table.NUMERIC_COLUMNS and text columns)
    label: str
    group: str = ""  # "Sản xuất" / "Phát sóng": the merged header above the column
    numeric: bool = False
    width_mm: float = 20.0


PRODUCTION = "Sản xuất"
BROADCAST = "Phát sóng"


def appendix_columns(estimate: Estimate) -> list[Column]:
    """The sample's columns; the unit and the executing unit only when some line has one."""
    lines = [line for _, line in estimate.walk_lines()]
    columns = [
        Column("number", "TT", width_mm=9),
        Column("content", "Nội dung", width_mm=59),
        Column("duration", "Thời lượng", PRODUCTION, width_mm=18),
    ]
    if any(line.unit for line in lines):
        columns.append(Column("unit", "Đơn vị tính", PRODUCTION, width_mm=14))
    columns += [
        Column("quantity", "Số lượng", PRODUCTION, numeric=True, width_mm=14),
        Column("unit_price", "Đơn giá", PRODUCTION, numeric=True, width_mm=22),
        Column("amount", "Thành tiền", PRODUCTION, numeric=True, width_mm=25),
        Column("airings", "Số lần phát sóng", BROADCAST, numeric=True, width_mm=15),
        Column("airing_unit_price", "Đơn giá phát sóng", BROADCAST, numeric=True, width_mm=22),
        Column("airing_amount", "Thành tiền", BROADCAST, numeric=True, width_mm=25),
        Column("total", "Tổng cộng", numeric=True, width_mm=26),
    ]
    if any(line.executing_unit for line in lines):
        columns.append(Column("executing_unit", "Đơn vị thực hiện", width_mm=22))
    columns.append(Column("note", "Ghi chú", width_mm=12))
    return columns


@dataclass
class TableRow:
    kind: RowKind
    depth: int = 0
    texts: dict[str, str] = field(default_factory=dict)
    values: dict[str, Decimal] = field(default_factory=dict)
    line: EstimateLine | None = None
    section: EstimateSection | None = None
    # For a section, subtotal or total row: the rows whose "Tổng cộng" adds up to this one.
    sums: list[int] = field(default_factory=list)

    def display(self, column: Column) -> str:
        if column.key in self.values:
            value = self.values[column.key]
            if column.key in ("quantity", "airings"):
                return format_quantity(value)
            return format_vnd(value)
        return self.texts.get(column.key, "")

    @property
    def bold(self) -> bool:
        return self.kind != "line"


def _line_row(line: EstimateLine, depth: int) -> TableRow:
    row = TableRow(kind="line", depth=depth, line=line)
    row.texts = {
        "number": line.number,
        "content": line.content,
        "duration": line.duration,
        "unit": line.unit,
        "note": line.note,
        "executing_unit": line.executing_unit,
    }
    values: dict[str, Decimal | None] = {
        "quantity": line.quantity,
        "unit_price": line.unit_price,
        "amount": line.production_amount,
        "airing_unit_price": line.airing_unit_price,
        "airing_amount": line.airing_amount,
        "total": line.total,
    }
    # The airings column holds the airings the line states; a pure broadcast line counts its
    # quantity as airings (EstimateLine.effective_airings) and keeps it in the quantity column.
    if line.airings is not None:
        values["airings"] = line.airings
    row.values = {k: v for k, v in values.items() if v is not None}
    return row


def subtotal_label(section: EstimateSection) -> str:
    label = f"Cộng {section.code}".strip()
    if len(section.sections) > 1:
        label += " (" + "+".join(s.code for s in section.sections) + ")"
    return label


def grand_total_label(estimate: Estimate) -> str:
    codes = [s.code for s in estimate.sections if s.code]
    if len(codes) > 1:
        return "TỔNG CỘNG (" + "+".join(codes) + ")"
    return "TỔNG CỘNG"


@dataclass
class AppendixLayout:
    title_lines: list[str]
    reference: str
    columns: list[Column]
    rows: list[TableRow]
    total: Decimal
    words: str

    @property
    def groups(self) -> list[tuple[str, list[Column]]]:
        """Consecutive columns under one merged header ("" for a column on its own)."""
        out: list[tuple[str, list[Column]]] = []
        for column in self.columns:
            if column.group and out and out[-1][0] == column.group:
                out[-1][1].append(column)
            else:
                out.append((column.group, [column]))
        return out

    @property
    def words_line(self) -> str:
        return f"(Bằng chữ: {self.words})"


def appendix_reference(doc: PlanDocument) -> str:
    """ "(Kèm theo Kế hoạch số 46a/KH-STTTT ngày 21 tháng 7 năm 2016 của Sở …)": the plan's own
    number and date; the issuer as the appendix named it, or the agency."""
    header = doc.header
    issuer = ""
    if doc.estimate_reference is not None:
        issuer = doc.estimate_reference.issuer.strip(" ().;")
    if not issuer and header.agency and not header.agency.isupper():
        issuer = header.agency
    # An agency known only in the header's capitals is left out rather than shouted mid-sentence
    # or re-cased by guesswork (proper names keep their capitals: "Sở Thông tin và Truyền thông").
    if not header.reference and not header.date:
        text = doc.estimate.reference_text.strip("() ")
        return f"(Kèm theo {text[:1].lower()}{text[1:]})" if text else ""
    parts = ["Kèm theo", sentence_case(header.type_name) or "Kế hoạch"]
    if header.number:
        parts.append(f"số {header.reference}")
    elif header.symbol:
        parts.append(f"số{_BLANK}/{header.symbol}")
    if header.date is not None:
        parts.append(long_date(header.date))
    if issuer:
        parts.append(f"của {issuer}")
    return "(" + " ".join(parts) + ")"


def appendix_title_lines(doc: PlanDocument) -> list[str]:
    title = doc.estimate.title.strip()
    if title:
        return [part.strip() for part in title.split(" — ") if part.strip()]
    return [line for line in ("Dự toán kinh phí", doc.header.title) if line]


def appendix_layout(doc: PlanDocument, style: WordsStyle) -> AppendixLayout:
    estimate = doc.estimate
    rows: list[TableRow] = []

    def add(row: TableRow) -> int:
        rows.append(row)
        return len(rows) - 1

    def add_section(section: EstimateSection, depth: int) -> int:
        """Writes a section; returns the index of the row that holds its total."""
        head = add(
            TableRow(
                kind="section",
                depth=depth,
                texts={"number": section.code, "content": section.title},
                section=section,
            )
        )
        children = [add(_line_row(line, depth + 1)) for line in section.lines]
        children += [add_section(sub, depth + 1) for sub in section.sections]
        if depth > 0:
            # A sub-section carries its total on its own row, as in the sample (I, II).
            rows[head].values["total"] = section.total
            rows[head].sums = children
            return head
        return add(
            TableRow(
                kind="subtotal",
                depth=depth,
                texts={"content": subtotal_label(section)},
                values={"total": section.total},
                section=section,
                sums=children,
            )
        )

    tops = [add_section(section, 0) for section in estimate.sections]
    add(
        TableRow(
            kind="total",
            texts={"content": grand_total_label(estimate)},
            values={"total": estimate.total},
            sums=tops,
        )
    )
    return AppendixLayout(
        title_lines=appendix_title_lines(doc),
        reference=appendix_reference(doc),
        columns=appendix_columns(estimate),
        rows=rows,
        total=estimate.total,
        words=words_or_note(estimate.total, style),
    )


# -- file names ----------------------------------------------------------------------------


def file_stem(doc: PlanDocument, part: str = "all") -> str:
    """ "ke-hoach-46a-KH-STTTT-2016", "…-phu-luc", "…-du-toan"."""
    header = doc.header
    pieces = [fold(header.type_name or "Kế hoạch").replace(" ", "-")]
    if header.number:
        pieces.append(header.number)
    if header.symbol:
        pieces.append(header.symbol)
    if header.date is not None:
        pieces.append(str(header.date.year))
    if part == "appendix":
        pieces.append("phu-luc")
    elif part == "estimate":
        pieces.append("du-toan")
    stem = "-".join(pieces)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem.replace("đ", "d").replace("Đ", "D"))
    return stem.strip("-.") or "ke-hoach"


def slug(text: str) -> str:
    """ "Đài Truyền thanh - Truyền hình huyện Cai Lậy" -> "dai-truyen-thanh-truyen-hinh-huyen-
    cai-lay": readable ASCII, never cut (the whole name keeps Cái Bè and Cai Lậy apart)."""
    folded = fold(text).replace("đ", "d").replace("Đ", "D")
    return re.sub(r"[^A-Za-z0-9._]+", "-", folded).strip("-.")


def slug_join(*pieces: str) -> str:
    """File-name pieces joined with "-", each as :func:`slug`, the empty ones left out."""
    return "-".join(s for s in (slug(p) for p in pieces) if s) or "van-ban"
