"""An estimate table (rows of cells) -> :class:`~kehoach.core.estimate.Estimate`.

Shared by every reader: plain text (tab-separated rows), DOCX tables and XLSX sheets all
hand their rows here. Columns are found by their header words, not by position; damage (a
missing column, text in a number cell, a row before any section) is read past and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from kehoach.core import vocabulary
from kehoach.core.estimate import Estimate, EstimateLine, EstimateSection
from kehoach.core.findings import Finding, Severity, Where, column_name
from kehoach.core.messages import declare
from kehoach.core.money import (
    NumberFormatError,
    NumberStyle,
    is_blank_figure,
    parse_number,
    round_vnd,
)
from kehoach.core.text import collapse_spaces, fold

# What reading a table says (docs/architecture.md, "Messages"): English in the catalogue only.
CELL_NOT_NUMBER = declare(
    "TABLE_CELL_NOT_NUMBER",
    "Ô '{column}' ghi '{text}', không phải là số; dòng được đọc như thể ô này trống.",
)
CELL_FRACTION = declare(
    "TABLE_CELL_NOT_NUMBER",
    "Ô '{column}' ghi '{text}', có phần lẻ dưới 1 đồng; đã làm tròn đến đồng.",
)
NO_HEADER_ROW = declare(
    "TABLE_COLUMNS_MISSING",
    "Bảng dự toán không có dòng tiêu đề (Nội dung, Số lượng, Đơn giá, Thành tiền…); đọc theo "
    "bố cục mẫu của phụ lục.",
)
UNLABELLED_COLUMN = declare(
    "TABLE_COLUMNS_MISSING",
    "Cột thứ {number} của bảng dự toán có số nhưng không có tiêu đề nhận biết được; các số "
    "trong cột này không được tính.",
)
COLUMN_MISSING = declare(
    "TABLE_COLUMNS_MISSING",
    "Bảng dự toán thiếu cột '{column}'; các phép tính cần cột này không kiểm tra được.",
)
ROW_SHAPE = declare(
    "TABLE_ROW_SHAPE",
    "Dòng có {cells} ô, nhiều hơn tiêu đề ({width}); phần thừa bị bỏ qua: {extra}",
)
ROW_NO_SECTION = declare(
    "TABLE_ROW_NO_SECTION",
    "Dòng '{content}' đứng trước mọi mục (A, B, I, II…); được xếp vào mục '(Chưa xếp mục)'.",
)

NUMERIC_COLUMNS = (
    "quantity",
    "unit_price",
    "amount",
    "airings",
    "airing_unit_price",
    "airing_amount",
    "total",
)
MONEY_COLUMNS = ("unit_price", "amount", "airing_unit_price", "airing_amount", "total")

_ROMAN = re.compile(r"^(?=[IVXLC]+$)M{0,3}(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
_LETTER = re.compile(r"^[A-Z]$")
_LINE_NUMBER = re.compile(r"^\d+(\.\d+)*\.?$")
_TOTAL_LABEL = re.compile(r"^\s*(tong cong|tong so|cong|tong)\b")
_LETTER_SUM = re.compile(r"\(\s*[a-z]\s*(\+\s*[a-z]\s*)+\)")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?(\s*=\s*[\d()\s+x×*/-]+)?$", re.IGNORECASE)
_SCALE = {"nghin dong": Decimal(1000), "ngan dong": Decimal(1000), "trieu dong": Decimal(10**6)}


@dataclass
class Row:
    cells: list[str]
    source_line: int | None = None  # file line (txt), table row (docx), sheet row (xlsx)


@dataclass
class NumberCell:
    style: NumberStyle
    where: Where


@dataclass
class TableResult:
    estimate: Estimate
    findings: list[Finding] = field(default_factory=list)
    number_cells: list[NumberCell] = field(default_factory=list)


def column_for_header(text: str, seen: set[str]) -> str | None:
    """Map a header cell to a model column by its words."""
    key = fold(text)
    key = re.sub(r"\(.*?\)", " ", key)
    key = collapse_spaces(re.sub(r"[^\w]+", " ", key))
    if not key:
        return None
    if key in ("stt", "so tt", "tt", "so thu tu"):
        return "number"
    if "noi dung" in key or key in ("hang muc", "dien giai", "ten cong viec"):
        return "content"
    if "thoi luong" in key:
        return "duration"
    if key in ("don vi tinh", "dvt", "don vi") or key.startswith("don vi tinh"):
        return "unit"
    if "don vi thuc hien" in key or "don vi chu tri" in key:
        return "executing_unit"
    if "so lan phat" in key or "so buoi phat" in key or "so lan dang" in key:
        return "airings"
    if "don gia" in key and ("phat" in key or "song" in key):
        return "airing_unit_price"
    if "don gia" in key or "muc chi" in key or "dinh muc" in key:
        return "unit_price"
    if "so luong" in key or key == "khoi luong":
        return "quantity"
    if "thanh tien" in key:
        if "airing_unit_price" in seen or "airings" in seen:
            return "airing_amount"
        return "amount"
    if key.startswith("tong") or key == "cong":
        return "total"
    if "kinh phi" in key or "du toan" in key or "so tien" in key:
        return "total" if "amount" in seen else "amount"
    if "ghi chu" in key:
        return "note"
    return None


def _map_header(cells: list[str]) -> dict[int, str] | None:
    seen: set[str] = set()
    mapping: dict[int, str] = {}
    for col, cell in enumerate(cells):
        name = column_for_header(cell, seen)
        if name and name not in seen:
            mapping[col] = name
            seen.add(name)
    if "content" in seen and seen & set(NUMERIC_COLUMNS):
        # A first column with no header text holds the numbering (the sample's layout).
        if 0 not in mapping and mapping and min(mapping) > 0:
            mapping[0] = "number"
        return mapping
    return None


def _is_lower_header(row: Row) -> bool:
    """The lower row of a two-row header: header words only, no figures, no section code."""
    cells = [c.strip() for c in row.cells if c.strip()]
    first = row.cells[0].strip() if row.cells else ""
    if not cells or (first and (_LETTER.match(first) or _ROMAN.match(first) or first.isdigit())):
        return False
    return any(column_for_header(c, set()) for c in cells) and all(
        column_for_header(c, set()) or not any(ch.isdigit() for ch in c) for c in cells
    )


def combine_header_rows(upper: Row, lower: Row) -> list[str]:
    """Two header rows with merged cells -> one label per column.

    A merged cell appears once, in its first column: a group label ("Phát sóng") spanning
    several sub-columns is carried over the sub-columns beneath it ("Đơn giá" + "Phát sóng"),
    a label spanning both rows ("Nội dung") stands alone.
    """
    width = max(len(upper.cells), len(lower.cells))
    group = ""
    labels = []
    for col in range(width):
        top = upper.cells[col].strip() if col < len(upper.cells) else ""
        below = lower.cells[col].strip() if col < len(lower.cells) else ""
        if top:
            group = top if below else ""
        label = top or (group if below else "")
        labels.append(f"{below} {label}".strip() if below else label)
    return labels


def find_header(rows: list[Row]) -> tuple[int, dict[int, str]] | None:
    """The first row that names a content column and at least one number column; with merged
    header cells, the pair of rows that together name more columns than the first alone."""
    for index, row in enumerate(rows[:40]):
        mapping = _map_header(row.cells)
        named = sum(1 for c in row.cells if column_for_header(c, set()))
        if named >= 2 and index + 1 < len(rows) and _is_lower_header(rows[index + 1]):
            combined = _map_header(combine_header_rows(row, rows[index + 1]))
            if combined is not None and (mapping is None or len(combined) > len(mapping)):
                return index, combined
        if mapping is not None:
            return index, mapping
    return None


def is_column_numbers(row: Row) -> bool:
    """The row of column numbers under a header: "1 | 2 | 3 | 4 | 5=3x4"."""
    cells = [c.strip() for c in row.cells if c.strip()]
    return len(cells) >= 3 and all(_COLUMN_NUMBER.match(c) for c in cells)


def header_scale(rows: list[Row]) -> Decimal:
    for row in rows[:40]:
        for cell in row.cells:
            key = fold(cell)
            for words, scale in _SCALE.items():
                if words in key:
                    return scale
    return Decimal(1)


# The layout of the sample appendix, used when a table has no header row at all.
SAMPLE_LAYOUT = {
    0: "number",
    1: "content",
    2: "duration",
    3: "quantity",
    4: "unit_price",
    5: "amount",
    6: "airings",
    7: "airing_unit_price",
    8: "airing_amount",
    9: "total",
    10: "note",
}


class _Builder:
    def __init__(self, rows: list[Row], part: str = "appendix") -> None:
        self.rows = rows
        self.part = part
        self.estimate = Estimate()
        self.findings: list[Finding] = []
        self.number_cells: list[NumberCell] = []
        self.top: EstimateSection | None = None
        self.sub: EstimateSection | None = None
        self.orphans: EstimateSection | None = None

    # -- helpers ---------------------------------------------------------------------------
    def where(self, row: Row, **kw: str | None) -> Where:
        return Where(part=self.part, source_line=row.source_line, **kw)

    def current(self) -> EstimateSection | None:
        return self.sub or self.top

    def number(
        self, row: Row, column: str, text: str, line_key: str | None, section_key: str | None
    ) -> Decimal | None:
        if is_blank_figure(text):
            return None
        where = self.where(
            row,
            line=line_key,
            section=None if line_key else section_key,
            column=column,
            text=text.strip(),
        )
        try:
            parsed = parse_number(text)
        except NumberFormatError:
            said = CELL_NOT_NUMBER.with_params(column=column_name(column), text=text.strip())
            self.findings.append(Finding.of(said, where))
            return None
        if column in MONEY_COLUMNS:
            self.number_cells.append(NumberCell(parsed.style, where))
            value = parsed.value * self.estimate.unit_scale
            if value != value.to_integral_value():
                said = CELL_FRACTION.with_params(column=column_name(column), text=text.strip())
                self.findings.append(Finding.of(said, where, severity=Severity.WARNING))
                value = round_vnd(value)
            return value
        return parsed.value

    # -- build -----------------------------------------------------------------------------
    def build(self) -> TableResult:
        header = find_header(self.rows)
        # The unit ("nghìn đồng") is stated above the figures, never in a "Bằng chữ" below.
        self.estimate.unit_scale = header_scale(self.rows[: header[0] + 2] if header else self.rows)
        if header is None:
            start, mapping = 0, dict(SAMPLE_LAYOUT)
            if self.rows:
                where = Where(part=self.part, source_line=self.rows[0].source_line)
                self.findings.append(Finding.of(NO_HEADER_ROW, where))
        else:
            index, mapping = header
            start = index + 1
            # A second header row (merged headers) may follow: skip rows with no figures.
            while start < len(self.rows) and (
                self._is_subheader(self.rows[start], mapping) or is_column_numbers(self.rows[start])
            ):
                start += 1
            self._check_columns(mapping, self.rows[index])
        self.estimate.columns = [mapping[k] for k in sorted(mapping)]
        width = max(mapping) + 1 if mapping else 0
        unlabelled: dict[int, Row] = {}
        for row in self.rows[start:]:
            self._row(row, mapping, width)
            for col, cell in enumerate(row.cells[:width]):
                if col not in mapping and col not in unlabelled and _is_figure(cell):
                    unlabelled[col] = row
        for col, row in sorted(unlabelled.items()):
            self.findings.append(
                Finding.of(
                    UNLABELLED_COLUMN.with_params(number=col + 1),
                    Where(part=self.part, source_line=row.source_line),
                )
            )
        if self.orphans is not None:
            self.estimate.sections.insert(0, self.orphans)
        self.estimate.cell_styles = [(c.style.value, c.where) for c in self.number_cells]
        return TableResult(self.estimate, self.findings, self.number_cells)

    def _is_subheader(self, row: Row, mapping: dict[int, str]) -> bool:
        cells = [c for c in row.cells if c.strip()]
        if not cells:
            return False
        first = row.cells[0].strip() if row.cells else ""
        if first and (_LETTER.match(first) or _ROMAN.match(first) or first.isdigit()):
            return False
        # Only a row made wholly of header words (the lower row of merged headers) is skipped.
        return all(column_for_header(c, set()) for c in cells)

    def _check_columns(self, mapping: dict[int, str], row: Row) -> None:
        names = set(mapping.values())
        missing = []
        if "content" not in names:
            missing.append("content")
        if not names & {"amount", "total", "airing_amount"}:
            missing.append("amount")
        if "quantity" in names and "unit_price" not in names and "airing_unit_price" not in names:
            missing.append("unit_price")
        if "unit_price" in names and "quantity" not in names:
            missing.append("quantity")
        for column in missing:
            self.findings.append(
                Finding.of(
                    COLUMN_MISSING.with_params(column=column_name(column)),
                    Where(part=self.part, source_line=row.source_line, column=column),
                )
            )

    def _row(self, row: Row, mapping: dict[int, str], width: int) -> None:
        cells = {name: (row.cells[i] if i < len(row.cells) else "") for i, name in mapping.items()}
        if not any(c.strip() for c in row.cells):
            return
        extra = [c for c in row.cells[width:] if c.strip()]
        number = collapse_spaces(cells.get("number", "")).rstrip(".")
        content = collapse_spaces(cells.get("content", ""))
        folded = fold(content)
        if (
            not content
            and not number
            and not any(cells.get(c, "").strip() for c in NUMERIC_COLUMNS)
        ):
            # Free text after the table: "(Bằng chữ: …)"
            text = " ".join(c.strip() for c in row.cells if c.strip())
            self._free_text(text, row)
            return
        if "bang chu" in fold(" ".join(row.cells)):
            self._free_text(" ".join(c.strip() for c in row.cells if c.strip()), row)
            return
        if extra:
            said = ROW_SHAPE.with_params(
                cells=len(row.cells), width=width, extra=" | ".join(extra)[:80]
            )
            self.findings.append(Finding.of(said, self.where(row, text=content[:60] or None)))
        if number and self._is_next_roman(number):
            self._open_sub(number, content, row, cells)
        elif number and _LETTER.match(number):
            self._open_top(number, content, row, cells)
        elif number and _ROMAN.match(number):
            self._open_sub(number, content, row, cells)
        elif not number and _TOTAL_LABEL.match(folded):
            self._total_row(content, row, cells)
        else:
            self._line(number, content, row, cells)

    def _is_next_roman(self, number: str) -> bool:
        """ "I" is a letter and a Roman numeral: inside section A it opens sub-section I."""
        if self.top is None or not _ROMAN.match(number):
            return False
        done = roman_value(self.sub.code) if self.sub is not None else 0
        return roman_value(number) == done + 1

    def _free_text(self, text: str, row: Row) -> None:
        match = re.search(r"bằng chữ\s*:?\s*(.+?)\)?\s*$", text, re.IGNORECASE)
        if match:
            self.estimate.stated_words = match.group(1).strip(" ()*_.")
            self.estimate.stated_words_where = self.where(row, column="in_words")

    def _stated_section_total(
        self, section: EstimateSection, row: Row, cells: dict[str, str]
    ) -> None:
        for column in ("total", "amount", "airing_amount"):
            value = self.number(row, column, cells.get(column, ""), None, section.key)
            if value is not None:
                section.stated_total = value
                section.stated_total_where = self.where(row, section=section.key, column=column)
                return

    def _open_top(self, code: str, title: str, row: Row, cells: dict[str, str]) -> None:
        section = EstimateSection(
            code=code, title=title, key=code, where=self.where(row, section=code, text=title[:60])
        )
        self.estimate.sections.append(section)
        self.top, self.sub = section, None
        self._stated_section_total(section, row, cells)

    def _open_sub(self, code: str, title: str, row: Row, cells: dict[str, str]) -> None:
        if self.top is None:
            self.top = self._orphan_section(row)
        key = f"{self.top.key}.{code}" if self.top.key else code
        section = EstimateSection(
            code=code, title=title, key=key, where=self.where(row, section=key, text=title[:60])
        )
        self.top.sections.append(section)
        self.sub = section
        self._stated_section_total(section, row, cells)

    def _orphan_section(self, row: Row) -> EstimateSection:
        if self.orphans is None:
            self.orphans = EstimateSection(
                code="", title="(Chưa xếp mục)", key="?", where=self.where(row)
            )
        return self.orphans

    def _total_row(self, label: str, row: Row, cells: dict[str, str]) -> None:
        folded = fold(label)
        value = None
        used = None
        for column in ("total", "amount", "airing_amount"):
            value = self.number(row, column, cells.get(column, ""), None, None)
            if value is not None:
                used = column
                break
        if value is None:
            return
        is_grand = bool(_LETTER_SUM.search(folded)) or self.top is None
        names_subs = re.search(r"\(\s*[ivx]+\s*(\+\s*[ivx]+\s*)+\)", folded)
        target: EstimateSection | None = None
        if not is_grand:
            if names_subs or self.sub is None or (self.top and self.top.sections):
                target = self.top
            else:
                target = self.sub
            if target is not None and target.stated_total is not None and target is not self.top:
                target = self.top
            if target is not None and target.stated_total is not None:
                is_grand = True
        if is_grand or target is None:
            self.estimate.stated_total = value
            self.estimate.stated_total_where = self.where(row, column=used, text=label[:60])
        else:
            target.stated_total = value
            target.stated_total_where = self.where(
                row, section=target.key, column=used, text=label[:60]
            )

    def _line(self, number: str, content: str, row: Row, cells: dict[str, str]) -> None:
        section = self.current()
        if section is None:
            section = self._orphan_section(row)
            self.findings.append(
                Finding.of(
                    ROW_NO_SECTION.with_params(content=content[:60]),
                    self.where(row, text=content[:60] or None),
                )
            )
        position = len(section.lines) + 1
        key = f"{section.key}.{number or position}"
        line = EstimateLine(
            content=content,
            number=number,
            key=key,
            duration=collapse_spaces(cells.get("duration", "")),
            unit=collapse_spaces(cells.get("unit", "")),
            note=collapse_spaces(cells.get("note", "")),
            executing_unit=collapse_spaces(cells.get("executing_unit", "")),
            where=self.where(row, line=key, text=content[:60] or None),
        )
        for column in NUMERIC_COLUMNS:
            value = self.number(row, column, cells.get(column, ""), key, section.key)
            target = {
                "amount": "stated_amount",
                "airing_amount": "stated_airing_amount",
                "total": "stated_total",
            }.get(column, column)
            setattr(line, target, value)
        if line.is_lump_sum:
            line.lump_sum = next(
                (
                    v
                    for v in (line.stated_total, line.stated_amount, line.stated_airing_amount)
                    if v is not None
                ),
                None,
            )
            line.basis = line.note
        line.activity = vocabulary.activity_kind(content) or self._section_kind(section)
        section.lines.append(line)

    def _section_kind(self, section: EstimateSection) -> str | None:
        titles = [section.title]
        if self.top is not None and self.top is not section:
            titles.append(self.top.title)
        for title in titles:
            kind = vocabulary.activity_kind(title, anywhere=True)
            if kind in ("management", "conference"):
                return kind
        return None


def _is_figure(text: str) -> bool:
    if is_blank_figure(text):
        return False
    try:
        parse_number(text)
    except NumberFormatError:
        return False
    return True


def roman_value(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, ch in enumerate(text):
        value = values.get(ch, 0)
        if i + 1 < len(text) and values.get(text[i + 1], 0) > value:
            total -= value
        else:
            total += value
    return total


def read_estimate_rows(rows: list[Row], part: str = "appendix") -> TableResult:
    return _Builder(rows, part).build()
