"""The estimate appendix as an Excel workbook that the finance division can keep working with.

Live formulas (``=D9*E9``, ``=SUM(J8:J10)``) carry their values, computed by
:mod:`kehoach.core.estimate`, so that a reader that does not recalculate (openpyxl,
a phone's preview) shows the right figures; Excel and LibreOffice recalculate them to the same
values. Amounts are shown with dots between thousands whatever the reader's locale (issue 19):
``#,##0`` would take the computer's separator (commas on an English system), so the format is
made of literal dots in three ranges (:data:`MONEY`). A fractional quantity keeps the locale's
decimal mark (no number format can write a literal decimal comma and stay a number).

A rebroadcast ("Phát lại …") whose quantity is its airings is laid out as airings, with
live airing formulas (:func:`_as_airings`, ``EstimateLine.airs_its_quantity``).

The amount in words is a formula: the words while the total is the one they were written for,
else a clear note asking for them to be written again with the new total (no spreadsheet
formula spells a number in Vietnamese).
"""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from kehoach.core.money import format_vnd
from kehoach.core.plan import PlanDocument
from kehoach.core.words import WordsStyle
from kehoach.documents.writers import Part
from kehoach.documents.writers.layout import AppendixLayout, TableRow, appendix_layout, file_stem

FONT = "Times New Roman"
# Literal dots: "188.500.000" in any locale (below 1 000: the number alone).
MONEY = '[>=1000000]#"."###"."###;[>=1000]#"."###;0'
MONEY_BILLIONS = '[>=1000000000]#"."###"."###"."###;[>=1000000]#"."###"."###;#"."###'
QUANTITY_WHOLE = MONEY
QUANTITY_FRACTION = "#,##0.0##"
SHEET_NAME = "Dự toán"
_MM_PER_CHAR = 1.9  # Excel's column width unit: the width of a digit of the default font


def _number(value: Decimal) -> int | Decimal:
    """Whole numbers as int (money always is); a fractional quantity stays an exact Decimal."""
    return int(value) if value == value.to_integral_value() else value


def _ranges(column: str, rows: list[int]) -> str:
    """Rows 8, 9, 10, 12 -> "J8:J10,J12"."""
    parts: list[str] = []
    ordered = sorted(rows)
    start = prev = ordered[0]
    for row in [*ordered[1:], None]:
        if row is not None and row == prev + 1:
            prev = row
            continue
        parts.append(f"{column}{start}" if start == prev else f"{column}{start}:{column}{prev}")
        if row is not None:
            start = prev = row
    return ",".join(parts)


def _as_airings(table_row: TableRow) -> TableRow:
    """A rebroadcast that airs its quantity laid out as airings: the quantity, the same count
    under "Số lần phát sóng", the airing price and its amount; no production price or amount
    (its one price is the airing price). Every figure is the core's, the total unchanged."""
    line = table_row.line
    if table_row.kind != "line" or line is None or not line.airs_its_quantity:
        return table_row
    assert line.quantity is not None and line.airing_unit_price is not None
    values = {k: v for k, v in table_row.values.items() if k not in ("unit_price", "amount")}
    values.update(
        airings=line.quantity,
        airing_unit_price=line.airing_unit_price,
        airing_amount=line.total,
        total=line.total,
    )
    return replace(table_row, values=values)


class XlsxRenderer:
    extension = "xlsx"
    mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def __init__(self, *, words_style: WordsStyle | None = None) -> None:
        self.words_style = words_style or WordsStyle()

    def render(self, doc: PlanDocument, *, part: Part = "all") -> tuple[str, str, bytes]:
        """The workbook is always the estimate, whatever ``part`` asks."""
        layout = appendix_layout(doc, self.words_style)
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(
            buffer,
            {
                "in_memory": True,
                # a title or reference beginning with "=" is text, never a formula (issue 21)
                "strings_to_formulas": False,
                "default_format_properties": {"font_name": FONT, "font_size": 12},
            },
        )
        workbook.set_properties(
            {
                "title": " ".join(layout.title_lines) or "Dự toán kinh phí",
                "subject": doc.header.title,
                "author": doc.header.agency or "kehoach",
                "comments": layout.reference,
            }
        )
        _SheetWriter(workbook, layout).write()
        workbook.close()
        return f"{file_stem(doc, 'estimate')}.xlsx", self.mimetype, buffer.getvalue()


class _SheetWriter:
    def __init__(self, workbook: Workbook, layout: AppendixLayout) -> None:
        self.workbook = workbook
        self.layout = layout
        self.sheet: Worksheet = workbook.add_worksheet(SHEET_NAME)
        self.columns = layout.columns
        self.index = {column.key: i for i, column in enumerate(self.columns)}
        self.last_col = len(self.columns) - 1
        self._formats: dict[tuple[tuple[str, Any], ...], Any] = {}

    def fmt(self, **props: Any) -> Any:
        key = tuple(sorted(props.items()))
        if key not in self._formats:
            self._formats[key] = self.workbook.add_format({"font_name": FONT, **props})
        return self._formats[key]

    def cell(self, row: int, key: str) -> str:
        return str(xl_rowcol_to_cell(row, self.index[key]))

    def col(self, key: str) -> str:
        return str(xl_col_to_name(self.index[key]))

    # -- layout ----------------------------------------------------------------------------
    def write(self) -> None:
        sheet = self.sheet
        for i, column in enumerate(self.columns):
            sheet.set_column(i, i, column.width_mm / _MM_PER_CHAR)
        row = 0
        title = self.fmt(bold=True, font_size=13, align="center", valign="vcenter")
        sheet.merge_range(row, 0, row, self.last_col, "PHỤ LỤC", title)
        row += 1
        for line in self.layout.title_lines:
            sheet.merge_range(row, 0, row, self.last_col, line, title)
            row += 1
        if self.layout.reference:
            italic = self.fmt(italic=True, align="center", valign="vcenter", text_wrap=True)
            sheet.merge_range(row, 0, row, self.last_col, self.layout.reference, italic)
            sheet.set_row(row, 20)
            row += 1
        row += 1  # a blank row before the table
        header_top = row
        self.header(row)
        row += 2
        first_data = row
        for table_row in self.layout.rows:
            self.table_row(row, table_row, first_data)
            row += 1
        words = self.fmt(italic=True, align="center", valign="vcenter", text_wrap=True)
        sheet.merge_range(row, 0, row, self.last_col, "", words)
        total_cell = self.cell(row - 1, "total")
        total = int(self.layout.total)
        words_text = self.layout.words_line.replace('"', '""')
        sheet.write_formula(
            row,
            0,
            f'=IF({total_cell}={total},"{words_text}",'
            f'"(Bằng chữ: tổng cộng đã thay đổi, khác {format_vnd(total)} đồng — '
            f'viết lại số tiền bằng chữ)")',
            words,
            self.layout.words_line,
        )
        sheet.set_row(row, 22)
        # The header stays in view and is printed on every page.
        sheet.freeze_panes(first_data, 2)
        sheet.repeat_rows(header_top, header_top + 1)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.set_margins(left=0.79, right=0.59, top=0.79, bottom=0.79)
        sheet.center_horizontally()
        sheet.print_area(0, 0, row, self.last_col)
        sheet.set_footer("&C&P/&N")
        sheet.activate()

    def header(self, row: int) -> None:
        head = self.fmt(
            bold=True, align="center", valign="vcenter", text_wrap=True, border=1, font_size=11
        )
        col = 0
        for group, columns in self.layout.groups:
            if group:
                last = col + len(columns) - 1
                if last > col:
                    self.sheet.merge_range(row, col, row, last, group, head)
                else:
                    self.sheet.write_string(row, col, group, head)
                for offset, column in enumerate(columns):
                    self.sheet.write_string(row + 1, col + offset, column.label, head)
            else:
                self.sheet.merge_range(row, col, row + 1, col, columns[0].label, head)
            col += len(columns)
        self.sheet.set_row(row, 20)
        self.sheet.set_row(row + 1, 34)

    # -- rows ------------------------------------------------------------------------------
    def table_row(self, row: int, table_row: TableRow, first_data: int) -> None:
        bold = table_row.bold
        # The height of a row whose text wraps, set: a row left to the reader's automatic
        # height is printed cut to one line by some (issue 19).
        lines = 1
        for column in self.columns:
            text = table_row.texts.get(column.key, "")
            if text and not column.numeric:
                per_line = max(column.width_mm / _MM_PER_CHAR * 1.1, 1)
                lines = max(lines, -(-len(text) // int(per_line)))
        if lines > 1:
            self.sheet.set_row(row, 15 * lines)
        text = self.fmt(border=1, valign="vcenter", text_wrap=True, bold=bold, font_size=11)
        center = self.fmt(
            border=1, valign="vcenter", align="center", text_wrap=True, bold=bold, font_size=11
        )
        table_row = _as_airings(table_row)
        for i, column in enumerate(self.columns):
            if column.numeric:
                self.number_cell(row, i, column.key, table_row, first_data)
            elif column.key in ("number", "duration", "unit"):
                self.sheet.write_string(row, i, table_row.texts.get(column.key, ""), center)
            else:
                indent = text
                if column.key == "content" and table_row.kind == "total":
                    indent = center
                self.sheet.write_string(row, i, table_row.texts.get(column.key, ""), indent)

    def number_cell(
        self, row: int, col: int, key: str, table_row: TableRow, first_data: int
    ) -> None:
        value = table_row.values.get(key)
        props: dict[str, Any] = {
            "border": 1,
            "valign": "vcenter",
            "bold": table_row.bold,
            "font_size": 11,
        }
        if key in ("quantity", "airings"):
            whole = value is None or value == value.to_integral_value()
            props.update(num_format=QUANTITY_WHOLE if whole else QUANTITY_FRACTION, align="center")
        else:
            big = value is not None and abs(value) >= 1_000_000_000
            props["num_format"] = MONEY_BILLIONS if big else MONEY
        fmt = self.fmt(**props)
        if value is None:
            self.sheet.write_blank(row, col, None, fmt)
            return
        formula = self.formula(row, key, table_row, first_data)
        if formula:
            self.sheet.write_formula(row, col, formula, fmt, _number(value))
        else:
            self.sheet.write_number(row, col, _number(value), fmt)

    def formula(self, row: int, key: str, table_row: TableRow, first_data: int) -> str | None:
        """The formula that gives this cell's value in the sheet, mirroring the core's
        arithmetic (EstimateLine.production_amount, airing_amount, total; section totals)."""
        line = table_row.line
        if table_row.kind != "line":
            if key != "total" or not table_row.sums:
                return None
            rows = [first_data + i + 1 for i in table_row.sums]
            return f"=SUM({_ranges(self.col('total'), rows)})"
        assert line is not None
        if line.airs_its_quantity:
            # A rebroadcast: the airings are its quantity, the amount airings × the airing
            # price, the total that amount (EstimateLine.airs_its_quantity).
            if key == "airings":
                return f"={self.cell(row, 'quantity')}"
            if key == "airing_amount":
                return self._product(
                    row, "airings", "airing_unit_price", line.quantity, line.airing_unit_price
                )
            if key == "total":
                return f"={self.cell(row, 'airing_amount')}"
            return None
        if key == "amount":
            return self._product(row, "quantity", "unit_price", line.quantity, line.unit_price)
        if key == "airing_amount":
            # A pure broadcast line airs its quantity (EstimateLine.effective_airings).
            count = "airings" if line.airings is not None else "quantity"
            amount = line.airings if line.airings is not None else line.quantity
            return self._product(row, count, "airing_unit_price", amount, line.airing_unit_price)
        if key == "total" and not line.is_lump_sum:
            parts = [
                self.cell(row, k)
                for k, v in (
                    ("amount", line.production_amount),
                    ("airing_amount", line.airing_amount),
                )
                if v is not None
            ]
            return "=" + "+".join(parts)
        return None

    def _product(
        self, row: int, left: str, right: str, a: Decimal | None, b: Decimal | None
    ) -> str | None:
        if a is None or b is None:
            return None
        product = f"{self.cell(row, left)}*{self.cell(row, right)}"
        # The core rounds to whole đồng half-up (money.round_vnd); ROUND does the same for
        # positive amounts. A whole product needs no rounding and reads as the typist's =D9*E9.
        if a * b == (a * b).to_integral_value():
            return f"={product}"
        return f"=ROUND({product},0)"
