"""Reading the tables people upload (CSV or XLSX as portals export them) and finding their
columns by header words, so that 'Mã TTHC', 'Mã thủ tục' and 'MA THU TUC' all mean the code.

Parsing a row never touches the database: it gives values or a message naming what is wrong;
the services decide what to apply.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from charset_normalizer import from_bytes
from django.utils.translation import gettext_noop

from kehoach.core.messages import Message, Refusal, Unreadable
from kehoach.core.text import fold, nfc
from kehoach.documents.readers import ReadError, ooxml


class TableError(Refusal):
    """The file cannot be read as a table at all (not a row problem): ``TableError(Message)``."""

    code = "table"


@dataclass
class Table:
    """A file read as rows of text cells, with what was detected on the way."""

    rows: list[tuple[int, list[str]]]
    sheet: str = ""  # the XLSX sheet read ("" for CSV)
    encoding: str = ""  # the CSV's text encoding ("" for XLSX)


def decode_text(content: bytes) -> tuple[str, str]:
    """Text of a CSV export in UTF-8 (with or without BOM), UTF-16 (Excel "Unicode text") or a
    legacy Vietnamese code page (Windows-1258, detected by charset-normalizer), as NFC."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return nfc(content.decode("utf-16")), "utf-16"
    try:
        return nfc(content.decode("utf-8-sig")), (
            "utf-8-sig" if content.startswith(b"\xef\xbb\xbf") else "utf-8"
        )
    except UnicodeDecodeError:
        pass

    best = from_bytes(content, cp_isolation=["cp1258", "utf_16", "cp1252", "utf_16_le"]).best()
    if best is None:
        raise TableError(
            Message(
                "table.csv.encoding",
                gettext_noop("Không nhận ra bảng mã của tệp CSV (hãy lưu lại dưới dạng UTF-8)."),
            )
        )
    return nfc(str(best)), best.encoding


def read_table(filename: str, content: bytes) -> Table:
    """The rows of a CSV (UTF-8, UTF-16 or Windows-1258; comma, semicolon or tab) or of the
    first sheet of an XLSX, with the sheet's name or the encoding detected. A cell formatted
    as a percentage in Excel (0.885 shown "88,5%") is given as "88.5%"."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        import openpyxl  # inside: heavy (openpyxl, ~0.2 s), only for a workbook

        try:  # the one guard of uploaded containers: bombs, macros, encryption (issue 21)
            ooxml.open_table(content, filename)
        except ReadError as exc:
            raise TableError(exc.message) from exc
        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            raise TableError(
                Message("table.xlsx.unreadable", gettext_noop("Không đọc được tệp XLSX."))
            ) from exc
        sheet = book.worksheets[0]
        rows = [
            (number, [_cell(c.value, getattr(c, "number_format", "")) for c in row])
            for number, row in enumerate(sheet.iter_rows(), start=1)
        ]
        title = sheet.title
        book.close()
        return Table(rows, sheet=title)
    text, encoding = decode_text(content)
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, [nfc(c) for c in cells]))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise TableError(
            Message(
                "table.csv.broken", gettext_noop("Tệp CSV hỏng ở dòng {line}: {error}.")
            ).with_params(line=start, error=str(exc))
        ) from exc
    return Table(rows, encoding=encoding)


def read_rows(filename: str, content: bytes) -> Iterator[tuple[int, list[str]]]:
    """(line number as the user sees it, cells) of a CSV or of the first sheet of an XLSX."""
    yield from read_table(filename, content).rows


def _cell(value: object, number_format: str | None = "") -> str:
    if value is None:
        return ""
    if number_format and "%" in number_format and isinstance(value, int | float):
        match = re.search(r"0(?:\.(0+))?\s*%", number_format)
        places = len(match.group(1) or "") if match else 2
        percent = (Decimal(repr(value)) * 100).quantize(Decimal(1).scaleb(-places))
        return f"{percent:f}%"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value))


def _matches(header: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", header) is not None


@dataclass
class Columns:
    index: dict[str, int]
    header_line: int

    def get(self, cells: Sequence[str], name: str) -> str:
        i = self.index.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""


def find_columns(
    rows: list[tuple[int, list[str]]], words: dict[str, tuple[str, ...]], *, scan: int = 15
) -> Columns | None:
    """The header row among the first ``scan`` rows: the one where most fields are found. The
    fields are matched in the order given (put the more specific first), each to one column."""
    best: Columns | None = None
    for number, cells in rows[:scan]:
        headers = [fold(c) for c in cells]
        index: dict[str, int] = {}
        for name, candidates in words.items():
            for i, header in enumerate(headers):
                if i in index.values() or not header:
                    continue
                if any(_matches(header, w) for w in candidates):
                    index[name] = i
                    break
        if len(index) >= 2 and (best is None or len(index) > len(best.index)):
            best = Columns(index, number)
    return best


# Why a month or a day cannot be read (English in the catalogue only).
MONTH_UNREADABLE = Message("tables.month.unreadable", gettext_noop("tháng '{text}' không đọc được"))
MONTH_INVALID = Message("tables.month.invalid", gettext_noop("tháng '{text}' không hợp lệ"))
DAY_UNREADABLE = Message("tables.day.unreadable", gettext_noop("ngày '{text}' không đọc được"))
NO_SUCH_DAY = Message("tables.day.no_such_day", gettext_noop("ngày '{text}' không tồn tại"))
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_VN_MONTH = re.compile(r"(?:(\d{1,2})\s*[/.-]\s*)?(\d{1,2})\s*(?:/|-|\.|nam)\s*(\d{4})")


def parse_month(text: str) -> date:
    """'07/2016', '7/2016', 'Tháng 7 năm 2016', '2016-07', '2016-07-01', '01/07/2016' -> the
    first day of the month."""
    key = fold(text)
    match = _ISO_MONTH.search(key)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
    else:
        match = _VN_MONTH.search(key.replace("thang", " "))
        if not match:
            raise Unreadable(MONTH_UNREADABLE.with_params(text=text))
        month, year = int(match.group(2)), int(match.group(3))
    if not 1 <= month <= 12 or not 1990 <= year <= 2100:
        raise Unreadable(MONTH_INVALID.with_params(text=text))
    return date(year, month, 1)


def parse_day(text: str) -> date:
    """'21/7/2016', '2016-07-21' -> a date."""
    key = text.strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", key)
    if match:
        y, m, d = (int(g) for g in match.groups())
    else:
        match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", key)
        if not match:
            raise Unreadable(DAY_UNREADABLE.with_params(text=text))
        d, m, y = (int(g) for g in match.groups())
    try:
        return date(y, m, d)
    except ValueError:
        raise Unreadable(NO_SUCH_DAY.with_params(text=text)) from None
