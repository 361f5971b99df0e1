"""Reading a statistics report (CSV or XLSX as provinces publish them) into rows, totals and
findings, without touching the database: what the preview shows and the import applies
(issue 18). Columns by meaning (:mod:`kehoach.outcomes.columns`), periods as they are
(:mod:`kehoach.core.periods`), total rows recognised and checked, blank kept as unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_noop

from kehoach.core.checks.outcomes import (
    FILE,
    FILE_SHEET,
    StatRow,
    check_rows,
    check_statistics,
    check_total_row,
)
from kehoach.core.findings import Finding, Where
from kehoach.core.indicators import Figures
from kehoach.core.messages import Message, Unreadable
from kehoach.core.money import NumberFormatError, parse_number
from kehoach.core.periods import Period, find_period, parse_period
from kehoach.core.text import collapse_spaces, fold
from kehoach.outcomes.columns import ColumnInfo, Header, field_labels, find_header, is_total_label
from kehoach.outcomes.tables import TableError, read_table

COUNT_FIELDS = (
    "received_online",
    "received_counter",
    "received_post",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending",
    "with_fee",
    "paid_online",
    "carried_over",
)
RATE_FIELDS = (
    "rate_online",
    "rate_on_time",
    "rate_on_time_only",
    "rate_early",
    "rate_late",
    "rate_payment",
)
STATED = ("stated_received", "stated_resolved", "stated_total")
DASHES = {"-", "–", "—"}

# What a row problem says (English in the catalogue only); ``{source}`` is :data:`SOURCE` or
# :data:`SOURCE_SHEET` (the core's, which a finding on a row says too), said in the language of
# the whole.
SOURCE = FILE
SOURCE_SHEET = FILE_SHEET
NOT_A_NUMBER = Message("statistics.not_a_number", gettext_noop("'{text}' không phải là số"))
NOT_A_COUNT = Message(
    "statistics.not_a_count", gettext_noop("'{text}' không phải là số nguyên không âm")
)
RATE_NOT_A_NUMBER = Message(
    "statistics.rate_not_a_number", gettext_noop("tỷ lệ '{text}' không phải là số")
)
RATE_OUT_OF_RANGE = Message(
    "statistics.rate_out_of_range", gettext_noop("tỷ lệ '{text}' ngoài khoảng 0–100")
)
ROW_CELL = Message(
    "statistics.row.cell", gettext_noop("{source}, dòng {line}: cột {column}: {problem}.")
)
ROW_NO_AGENCY = Message(
    "statistics.row.no_agency", gettext_noop("{source}, dòng {line}: thiếu cơ quan, đơn vị.")
)
ROW_REPEATED = Message(
    "statistics.row.repeated",
    gettext_noop("{source}, dòng {line}: {period} của {agency} đã có ở dòng {first}."),
)


class PeriodError(ValueError):
    """A period that cannot be read: the whole import fails (nothing is coerced)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.text("vi"))
        self.message = message


@dataclass
class Reading:
    filename: str
    sheet: str = ""
    encoding: str = ""
    header: Header | None = None
    period_from: str = ""  # "column" (with its letter), "title" or "profile"
    rows: list[StatRow] = field(default_factory=list)
    totals: list[StatRow] = field(default_factory=list)
    headings: list[int] = field(default_factory=list)  # group rows with no figure
    errors: list[dict[str, Any]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    fatal: Message | None = None  # why the file cannot be imported at all

    @property
    def said_source(self) -> Message:
        """The file (and sheet) as a message names it, said in the reader's language."""
        if self.sheet:
            return SOURCE_SHEET.with_params(file=self.filename, sheet=self.sheet)
        return SOURCE.with_params(file=self.filename)

    @property
    def periods(self) -> list[Period]:
        return sorted({_period(r) for r in self.rows})

    @property
    def columns(self) -> list[ColumnInfo]:
        return self.header.columns if self.header else []

    @property
    def broken(self) -> int:
        return sum(1 for e in self.errors if e["kind"] == "broken")

    def problem(
        self, line: int, kind: str, message: Message, column: str = "", value: str = ""
    ) -> None:
        """A row not read: its Vietnamese text (the error file) and the message's parts
        (``said``), said on a page in the reader's language."""
        self.errors.append(
            {
                "line": line,
                "kind": kind,
                "message": message.text("vi"),
                "said": message.to_dict(),
                "column": column,
                "value": value,
            }
        )

    def summary(self) -> dict[str, Any]:
        """What the preview shows and the import keeps."""
        return {
            "filename": self.filename,
            "sheet": self.sheet,
            "encoding": self.encoding,
            "header_line": self.header.line if self.header else None,
            "period_from": self.period_from,
            "periods": [
                {
                    "key": p.key,
                    "kind": p.kind,
                    "label": p.label_vi,
                    "start": p.start.isoformat(),
                    "end": p.end.isoformat(),
                }
                for p in self.periods
            ],
            "total_rows": [t.line for t in self.totals],
            "headings": self.headings,
            "columns": [c.to_dict() for c in self.columns],
            "ignored": [
                c.to_dict() for c in self.columns if c.status in ("ignored", "unknown", "duplicate")
            ],
        }


def _period(row: StatRow) -> Period:
    assert row.period_end is not None
    return Period(row.month, row.period_end, row.kind)


def parse_count(text: str) -> int | None:
    """A count: blank is unknown (None); a dash is nil (0); '1.234' is 1234."""
    value = text.strip()
    if not value:
        return None
    if value in DASHES:
        return 0
    try:
        number = parse_number(value).value
    except NumberFormatError:
        raise Unreadable(NOT_A_NUMBER.with_params(text=text)) from None
    if number < 0 or number != number.to_integral_value():
        raise Unreadable(NOT_A_COUNT.with_params(text=text))
    return int(number)


def parse_rate(text: str) -> Decimal | None:
    """'99,71', '99.71%', '88.5%' (an Excel percentage cell, as the reader gives it) -> percent.
    Blank is unknown."""
    value = text.strip().replace(" ", "")
    if not value or value in DASHES:
        return None
    value = value.rstrip("%")
    if value.count(",") == 1 and "." not in value:
        value = value.replace(",", ".")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise Unreadable(RATE_NOT_A_NUMBER.with_params(text=text)) from None
    if not 0 <= number <= 100:
        raise Unreadable(RATE_OUT_OF_RANGE.with_params(text=text))
    return number


def read_statistics(
    filename: str,
    content: bytes,
    *,
    profile: Mapping[str, Any] | None = None,
) -> Reading:
    """Read a statistics file. ``profile`` (a saved source profile) may give ``columns``
    ({header words: field or "ignore"}) and ``period`` (text, when the file states none)."""
    profile = profile or {}
    reading = Reading(filename=filename)
    try:
        table = read_table(filename, content)
    except TableError as exc:
        reading.fatal = exc.message
        return reading
    reading.sheet, reading.encoding = table.sheet, table.encoding
    header = find_header(table.rows, profile.get("columns"))
    if header is None or "agency" not in header.index:
        reading.fatal = Message(
            "statistics.no_header",
            gettext_noop(
                "{source}: không tìm thấy dòng tiêu đề có cột cơ quan/đơn vị và các cột số hồ sơ "
                "(tiếp nhận, đã giải quyết…)."
            ),
        ).with_params(source=reading.said_source)
        return reading
    reading.header = header
    _settle_totals(header)
    fixed = _fixed_period(reading, table.rows, header, profile)
    if reading.fatal is not None:
        return reading
    _read_rows(reading, table.rows, header, fixed)
    if reading.fatal is not None:
        return reading
    if not reading.rows and not reading.errors:
        reading.fatal = Message(
            "statistics.no_rows",
            gettext_noop("{source}: không có dòng số liệu nào dưới dòng tiêu đề {header}."),
        ).with_params(source=reading.said_source, header=header.line)
        return reading
    reading.findings = [
        *reading.findings,
        *check_statistics(reading.rows),
        *check_totals_only(reading.totals),
        *column_findings(reading),
    ]
    return reading


def _fixed_period(
    reading: Reading,
    rows: list[tuple[int, list[str]]],
    header: Header,
    profile: Mapping[str, Any],
) -> Period | None:
    """The period of every row when the file has no period column: the title above the
    header, else the profile's (None with a period column). Says where it came from in
    ``reading.period_from``; without one, ``reading.fatal`` says why."""
    period_column = header.column("period")
    if period_column is not None:
        reading.period_from = f"column {period_column.letter}"
        return None
    title = " ".join(" ".join(cells) for number, cells in rows if number < header.first_line)
    fixed = find_period(title)
    reading.period_from = "title"
    if fixed is None and profile.get("period"):
        try:
            fixed = parse_period(str(profile["period"]))
            reading.period_from = "profile"
        except Unreadable as exc:
            reading.fatal = Message(
                "statistics.profile_period",
                gettext_noop("Kỳ báo cáo của hồ sơ nguồn: {error}."),
            ).with_params(error=exc.message)
            return None
    if fixed is None:
        reading.fatal = Message(
            "statistics.no_period",
            gettext_noop(
                "{source}: không có cột kỳ báo cáo và tiêu đề không nêu kỳ (tháng, quý, năm "
                "hoặc từ ngày … đến ngày …). Không nhập gì."
            ),
        ).with_params(source=reading.said_source)
    return fixed


@dataclass
class _Line:
    """A line of the table under the header as read: its agency, whether it is a total row,
    its period (None for a total row that states none), its counts and rates, and the cells
    that could not be read (field, text, why)."""

    number: int
    cells: list[str]
    agency: str
    is_total: bool
    period: Period | None = None
    values: dict[str, Any] = field(default_factory=dict)
    rates: dict[str, Decimal] = field(default_factory=dict)
    problems: list[tuple[str, str, Message]] = field(default_factory=list)


def _read_rows(
    reading: Reading, rows: list[tuple[int, list[str]]], header: Header, fixed: Period | None
) -> None:
    """The lines under the header into ``reading``: its rows (checked for repeats), its total
    rows (each checked against the rows of its group), its headings and the problems of the
    lines not read. A period that cannot be read makes the whole file ``fatal``."""
    places = {c.field: c.place for c in header.columns if c.status == "used" and c.field}
    group: list[StatRow] = []
    seen: dict[tuple[Period, str, str, str], int] = {}
    for number, cells in rows:
        if number <= header.line or not any(c.strip() for c in cells):
            continue
        try:
            line = _read_line(reading, header, places, fixed, number, cells)
        except PeriodError as exc:
            reading.fatal = exc.message
            reading.rows, reading.totals = [], []
            return
        if _gives_no_row(reading, line, places):
            continue
        use = line.period or (_period(group[0]) if group else None)
        if use is None:
            continue
        row = _stat_row(reading, header, places, line, use)
        if line.is_total:
            reading.totals.append(row)
            reading.findings.extend(check_total_row(row, group))
            group = []
            continue
        key = (use, fold(line.agency), fold(row.service), fold(row.district))
        if key in seen:
            reading.problem(
                number,
                "broken",
                ROW_REPEATED.with_params(
                    source=reading.said_source,
                    line=number,
                    period=use.said,
                    agency=line.agency,
                    first=seen[key],
                ),
            )
            continue
        seen[key] = number
        group.append(row)
        reading.rows.append(row)


def _read_line(
    reading: Reading,
    header: Header,
    places: dict[str, str],
    fixed: Period | None,
    number: int,
    cells: list[str],
) -> _Line:
    """A line's agency, total mark, period (``fixed``, else its period cell: a total row may
    leave it blank), counts and rates; raises :class:`PeriodError` on a period not read."""
    agency = collapse_spaces(header.get(cells, "agency"))
    label_cells = [c for c in cells[:3] if c.strip()]
    is_total = is_total_label(agency) or (
        not agency and any(is_total_label(c) for c in label_cells)
    )
    line = _Line(number, cells, agency, is_total)
    if fixed is not None:
        line.period = fixed
    else:
        text = header.get(cells, "period")
        if not is_total or (text and not is_total_label(text)):
            try:
                line.period = parse_period(text)
            except Unreadable as exc:
                raise PeriodError(
                    Message(
                        "statistics.bad_period",
                        gettext_noop(
                            "{source}, dòng {line}, cột {column}: {error}. Không nhập gì: "
                            "một kỳ không đọc được thì không đoán."
                        ),
                    ).with_params(
                        source=reading.said_source,
                        line=number,
                        column=places["period"],
                        error=exc.message,
                    )
                ) from None
    for name in (*COUNT_FIELDS, *STATED, "pending_in_time", "pending_overdue"):
        if name not in header.index:
            continue
        try:
            line.values[name] = parse_count(header.get(cells, name))
        except Unreadable as exc:
            line.problems.append((name, header.get(cells, name), exc.message))
    for name in RATE_FIELDS:
        if name not in header.index:
            continue
        try:
            rate = parse_rate(header.get(cells, name))
        except Unreadable as exc:
            line.problems.append((name, header.get(cells, name), exc.message))
            continue
        if rate is not None:
            line.rates[name] = rate
    return line


def _gives_no_row(reading: Reading, line: _Line, places: dict[str, str]) -> bool:
    """A line that gives no row: a cell not read, or figures without an agency (a problem
    each); a line with neither; a group's heading (kept in ``reading.headings``)."""
    if line.problems:
        name, value, problem = line.problems[0]
        said = ROW_CELL.with_params(
            source=reading.said_source, line=line.number, column=places[name], problem=problem
        )
        reading.problem(line.number, "broken", said, places.get(name, ""), value)
        return True
    if not line.agency and not line.is_total:
        if any(v is not None for v in line.values.values()):
            reading.problem(
                line.number,
                "broken",
                ROW_NO_AGENCY.with_params(source=reading.said_source, line=line.number),
                places.get("agency", ""),
                "",
            )
        return True
    if not line.is_total and all(v is None for v in line.values.values()) and not line.rates:
        reading.headings.append(line.number)
        return True
    return False


def _stat_row(
    reading: Reading, header: Header, places: dict[str, str], line: _Line, use: Period
) -> StatRow:
    """The row of a line read, in period ``use``: pending is its two parts added when only
    they are given; a total row's agency is "Tổng cộng"."""
    values, cells = line.values, line.cells
    if values.get("pending") is None and (
        values.get("pending_in_time") is not None and values.get("pending_overdue") is not None
    ):
        values["pending"] = values["pending_in_time"] + values["pending_overdue"]
    figures = Figures(
        **{name: values.get(name) for name in COUNT_FIELDS},
        received_total=values.get("stated_received"),
        resolved_total=values.get("stated_resolved"),
    )
    return StatRow(
        month=use.start,
        period_end=use.end,
        kind=use.kind,
        agency=line.agency if not line.is_total else "Tổng cộng",
        service=header.get(cells, "service"),
        district=collapse_spaces(header.get(cells, "district")),
        figures=figures,
        stated_received=values.get("stated_received"),
        stated_resolved=values.get("stated_resolved"),
        stated_total=values.get("stated_total"),
        stated_rates=line.rates,
        stated_online_rate=line.rates.get("rate_online"),
        line=line.number,
        source=reading.filename,
        file=reading.filename,
        sheet=reading.sheet,
        columns=places,
    )


def check_totals_only(totals: list[StatRow]) -> list[Finding]:
    """A total row's own arithmetic (its stated rates and sums), like any row."""
    return check_rows(totals)


TOTAL_IS_RECEIVED = Message(
    "statistics.total_is_received",
    gettext_noop("tổng số hồ sơ, không có cột tồn kỳ trước: là số tiếp nhận"),
)


def _settle_totals(header: Header) -> None:
    """'Tổng số hồ sơ' without a carry-over column nor a 'received' one is what was received."""
    index = header.index
    if "stated_total" in index and "carried_over" not in index and "stated_received" not in index:
        for c in header.columns:
            if c.field == "stated_total" and c.status == "used":
                c.field = "stated_received"
                c.why = TOTAL_IS_RECEIVED


COLUMN_IGNORED = Message(
    "STATS_COLUMN_IGNORED", gettext_noop("{source}: cột {place} không dùng — {reason}.")
)


def column_findings(reading: Reading) -> list[Finding]:
    out = []
    labels = field_labels()
    for c in reading.columns:
        if c.status not in ("ignored", "unknown", "duplicate"):
            continue
        out.append(
            Finding.of(
                COLUMN_IGNORED.with_params(
                    source=reading.said_source, place=c.place, reason=c.why or ""
                ),
                Where(part="statistics", column=c.letter, text=c.header),
                data={
                    "column": c.letter,
                    "header": c.header,
                    "status": c.status,
                    "field": labels.get(c.field or "", ""),
                },
            )
        )
    return out


def percent_text(value: Decimal | None, places: int = 2) -> str:
    """'88,50' or 'chưa có' — never 'None%'."""
    if value is None:
        return "chưa có"
    q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{q}%".replace(".", ",")
