"""XLSX estimates (openpyxl) -> :class:`~kehoach.documents.readers.Extracted`.

The estimate sheet is the first worksheet with a recognisable header row (columns are found
by their header words by :mod:`~kehoach.documents.estimate_table`, never by position). Each
cell is read as Excel shows it: a formula through the value Excel cached, or — when there is
none, as in files written by programs — through kehoach's own evaluation
(:mod:`~kehoach.documents.readers.formula`); a merged cell appears once (its first cell), the
cells it covers are empty. Numbers become text the estimate reader parses exactly ("1500000",
"1,5"): no float reaches the money arithmetic. Text in legacy fonts (".VnTime", "VNI-Times")
is converted. Rows above the header (title, "Kế hoạch số …") are the appendix's lines.
"""

from __future__ import annotations

import io
import math
import warnings
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from kehoach.core import legacy
from kehoach.core.messages import declare
from kehoach.core.text import collapse_spaces, nfc
from kehoach.documents.estimate_table import Row, find_header
from kehoach.documents.plan_text import TextLine
from kehoach.documents.readers import Extracted, ReadError
from kehoach.documents.readers.formula import CellValue, FormulaError, evaluate
from kehoach.documents.readers.ooxml import Container, damaged

# What the XLSX reader says (docs/architecture.md, "Messages"): English in the catalogue only.
SHEET_TOO_LARGE = declare(
    "read.sheet_too_large", "Trang tính '{sheet}' của tệp '{name}' quá lớn (hơn {limit} ô)."
)
NO_HEADER = declare(
    "read.no_header",
    "Không tìm thấy dòng tiêu đề của bảng dự toán (Nội dung, Số lượng, Đơn giá, Thành tiền…) "
    "trong tệp '{name}'.",
)

MAX_CELLS = 200_000  # per sheet: an estimate has a few hundred
MAX_DEPTH = 200  # formula references followed through other formulas


class _Workbook:
    """Formulas and cached values of every sheet, as plain dictionaries."""

    def __init__(self, formulas: Any, cached: Any, name: str) -> None:
        self.name = name
        self.formulas: dict[str, dict[tuple[int, int], Any]] = {}
        self.cached: dict[str, dict[tuple[int, int], Any]] = {}
        self.fonts: dict[str, dict[tuple[int, int], str | None]] = {}
        self.sizes: dict[str, tuple[int, int]] = {}
        self.order: list[str] = []
        self.rich: dict[tuple[str, int, int], str] = {}  # cells converted run by run
        # inside: heavy (openpyxl, ~0.2 s), only when a workbook is read
        from openpyxl.cell.rich_text import CellRichText

        for sheet in formulas.worksheets:
            title = str(sheet.title)
            if sheet.max_row * sheet.max_column > MAX_CELLS:
                raise ReadError(
                    SHEET_TOO_LARGE.with_params(sheet=title, name=name, limit=MAX_CELLS)
                )
            self.order.append(title)
            self.sizes[title] = (sheet.max_row, sheet.max_column)
            values: dict[tuple[int, int], Any] = {}
            fonts: dict[tuple[int, int], str | None] = {}
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value is None:
                        continue
                    key = (cell.row, cell.column)
                    font = getattr(cell, "font", None)
                    fonts[key] = getattr(font, "name", None) if font is not None else None
                    if isinstance(cell.value, CellRichText):
                        # Runs of one cell in different fonts: each run's font decides.
                        values[key], encoding = _rich_text(cell.value, fonts[key])
                        fonts[key] = None
                        if encoding:
                            self.rich[(title, *key)] = encoding
                    else:
                        values[key] = cell.value
            self.formulas[title] = values
            self.fonts[title] = fonts
        for sheet in cached.worksheets:
            self.cached[str(sheet.title)] = {
                (cell.row, cell.column): cell.value
                for row in sheet.iter_rows()
                for cell in row
                if cell.value is not None
            }
        self.memo: dict[tuple[str, int, int], CellValue] = {}
        self.active: set[tuple[str, int, int]] = set()

    def value(self, sheet: str, row: int, col: int) -> CellValue:
        """The cell as a number (Decimal), text or None; formulas computed. FormulaError if a
        formula cannot be computed."""
        key = (sheet, row, col)
        if key in self.memo:
            return self.memo[key]
        if key in self.active or len(self.active) > MAX_DEPTH:
            raise FormulaError("circular or too deep references")
        raw = self.formulas.get(sheet, {}).get((row, col))
        cached = self.cached.get(sheet, {}).get((row, col))
        result: CellValue
        if _is_formula(raw):
            if cached is not None:
                result = _plain(cached)
            else:
                self.active.add(key)
                try:
                    result = evaluate(_formula_text(raw), self._lookup(sheet))
                finally:
                    self.active.discard(key)
        else:
            result = _plain(raw)
        self.memo[key] = result
        return result

    def _lookup(self, sheet: str) -> Any:
        def lookup(other: str | None, row: int, col: int) -> CellValue:
            target = other if other is not None else sheet
            if target not in self.formulas:
                raise FormulaError(f"no sheet named {target}")
            return self.value(target, row, col)

        return lookup

    def text(self, sheet: str, row: int, col: int, forced: str | None) -> tuple[str, str | None]:
        """The cell as the text the estimate reader parses, and the legacy encoding converted
        (if any)."""
        raw = self.formulas.get(sheet, {}).get((row, col))
        if raw is None:
            return "", None
        try:
            value = self.value(sheet, row, col)
        except FormulaError:
            return _formula_text(raw), None  # reported as "not a number" by the reader
        if isinstance(value, Decimal):
            return number_text(value), None
        if value is None:
            return "", None
        if (sheet, row, col) in self.rich:
            return nfc(str(value)), self.rich[(sheet, row, col)]
        detected = legacy.font_encoding(self.fonts.get(sheet, {}).get((row, col)))
        encoding, upper = detected if detected else (forced, False)
        if encoding in legacy.ENCODINGS:
            converted = legacy.decode(value, encoding, uppercase=upper)
            return converted, encoding if converted != value else None
        return nfc(value), None


def _rich_text(value: Any, cell_font: str | None) -> tuple[str, str | None]:
    """A rich-text cell as plain text, each run converted by its own font (or the cell's), and
    the legacy encoding converted, if any."""
    parts: list[str] = []
    converted: str | None = None
    for block in value:
        if isinstance(block, str):
            text, font = block, cell_font
        else:
            text = str(block.text)
            font = getattr(block.font, "rFont", None) or cell_font
        detected = legacy.font_encoding(font)
        if detected and text:
            decoded = legacy.decode(text, detected[0], uppercase=detected[1])
            if decoded != text:
                converted = converted or detected[0]
            text = decoded
        parts.append(text)
    return "".join(parts), converted


def _is_formula(value: Any) -> bool:
    if isinstance(value, str):
        return value.startswith("=") and len(value) > 1
    return type(value).__name__ in ("ArrayFormula", "DataTableFormula")


def _formula_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    text = getattr(value, "text", None)
    return str(text) if text else "=?"


def _plain(value: Any) -> CellValue:
    """An openpyxl value -> Decimal (numbers), str (text, dates) or None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        # repr gives the shortest decimal that is this float: 0.1 -> "0.1", not 0.1000…0555
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if _is_formula(value):
        return _formula_text(value)
    return str(value)


def number_text(value: Decimal) -> str:
    """A number as the estimate reader parses it exactly: "1500000", "-5", "1,5"."""
    try:
        if value == value.to_integral_value():
            return str(int(value))
        # Excel's floats carry noise in the 15th digit (0.1 + 0.2): six decimals are plenty
        # for quantities and prices.
        rounded = value.quantize(Decimal("0.000001")).normalize()
    except InvalidOperation:
        return str(value)
    if rounded == rounded.to_integral_value():
        return str(int(rounded))
    return format(rounded, "f").replace(".", ",")


def _no_header(name: str) -> ReadError:
    return ReadError(NO_HEADER.with_params(name=name))


def extract_xlsx(container: Container, *, name: str = "", encoding: str | None = None) -> Extracted:
    # inside: heavy (openpyxl, ~0.2 s), only when a workbook is read
    import openpyxl  # type: ignore[import-untyped,unused-ignore]

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops
            formulas = openpyxl.load_workbook(
                io.BytesIO(container.data), data_only=False, rich_text=True
            )
            cached = openpyxl.load_workbook(io.BytesIO(container.data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise damaged(name, "XLSX") from exc
    try:
        book = _Workbook(formulas, cached, name)
    except ReadError:
        raise
    except Exception as exc:
        raise damaged(name, "XLSX") from exc
    for sheet in book.order:
        max_row, max_col = book.sizes[sheet]
        conversions: dict[str, int] = {}
        rows: list[Row] = []
        for r in range(1, max_row + 1):
            cells = []
            for c in range(1, max_col + 1):
                text, converted = book.text(sheet, r, c, encoding)
                if converted:
                    conversions[converted] = conversions.get(converted, 0) + 1
                cells.append(text)
            rows.append(Row(cells=cells, source_line=r))
        header = find_header(rows)
        if header is None:
            continue
        index = header[0]
        extracted = Extracted(rows=rows, source_format="xlsx", encoding=encoding or "utf-8")
        for row in rows[:index]:
            text = collapse_spaces(" ".join(c for c in row.cells if c.strip()))
            if text:
                extracted.appendix.append(TextLine(text, row.source_line))
        for enc, count in conversions.items():
            extracted.add_conversion(enc, count)
        return extracted
    raise _no_header(name)
