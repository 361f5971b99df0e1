"""Cells kehoach writes into files a spreadsheet opens: never something the spreadsheet runs.

A station's airing title ``=HYPERLINK("http://…"&B2,…)`` or an outlet ``+cmd|' /C calc'!A0``
must reach the contract's annex as text (issue 21). Following OWASP's CSV-injection guidance,
a CSV cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading apostrophe (Excel and LibreOffice show the rest as text); a text that is a plain
number ("-5", "1.500.000", "-2,5") is left alone, so numbers stay numbers. In an XLSX every
text cell is written as a string (never a formula): XlsxWriter with ``strings_to_formulas``
off or ``write_string``, openpyxl through :func:`append_text_row`.

Every CSV kehoach writes goes through :func:`csv_writer` or :func:`csv_cell` (the contract
annex, the open-budget CSV, the import error report, the error files of the statistics and
dossier imports); tests/security/test_exports.py writes each export with such texts and reads
the files back.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d[\d.,]*(?:[eE][+-]?\d+)?%?")


def csv_cell(value: Any) -> Any:
    """``value`` as a CSV cell a spreadsheet will not run; numbers and plain figures as they
    are."""
    if not isinstance(value, str) or not value.startswith(TRIGGERS):
        return value
    if _NUMBER.fullmatch(value):
        return value
    return "'" + value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


class SafeWriter:
    """``csv.writer`` whose every cell passes through :func:`csv_cell`."""

    def __init__(self, stream: Any, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(csv_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: Any, **options: Any) -> SafeWriter:
    return SafeWriter(stream, **options)


def csv_dict(row: Mapping[str, Any]) -> dict[str, Any]:
    """A ``csv.DictWriter`` row with its cells made safe."""
    return {key: csv_cell(value) for key, value in row.items()}


def append_text_row(sheet: Any, values: Iterable[Any]) -> None:
    """``sheet.append(values)`` (openpyxl), every text written as text: openpyxl would make a
    text beginning with "=" a formula."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.data_type != "s":
            cell.data_type = "s"
