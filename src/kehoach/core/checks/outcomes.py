"""Checks on outcomes data (docs/design.md §5, the same findings as on plans):

- BASELINE_MISMATCH: a plan's stated baseline ("209 dịch vụ mức độ 3, trong đó có 30 … mức
  độ 4") differs from the catalogue's counts on the plan's date;
- STATS_CHANNELS_SUM / STATS_RESOLVED_SUM: parts that do not add up to the stated total;
- STATS_RESOLVED_OVER_RECEIVED / STATS_PENDING_BALANCE: resolved beyond what was there, or
  carry-over + received − resolved not the pending figure;
- STATS_RATE_MISMATCH / STATS_RATE_DENOMINATOR: a stated percentage that no plausible
  denominator reproduces, or that only another denominator than its wording's does;
- STATS_TOTAL_ROW: a total row ("Tổng cộng") that is not the sum of its rows;
- STATS_MONTH_MISSING: a gap in an agency's months.

Everything is given as input (counts, rows); nothing here reads a database or a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from kehoach.core.findings import Finding, Where, column_name
from kehoach.core.indicators import Figures, add_months
from kehoach.core.messages import Message, declare, joined
from kehoach.core.outcomes import CatalogueCounts, StatedBaseline
from kehoach.core.periods import Period

# What the checks say (docs/architecture.md, "Messages"): English in the catalogue only.
BASELINE = declare(
    "BASELINE_MISMATCH",
    "Kế hoạch ghi {stated} dịch vụ công trực tuyến {level}, danh mục ngày {day} có {found}.",
)
LEVEL3 = declare("BASELINE_MISMATCH.level3", "mức độ 3 trở lên")
LEVEL4 = declare("BASELINE_MISMATCH.level4", "mức độ 4")
# Where a finding on a row is: "tệp bc.xlsx, trang Sheet1, dòng 7: " — the file read (and its
# sheet), said in the reader's language; a named source (a profile, a source stored before as
# its text) as it is written.
FILE = declare("STATS.file", "tệp {file}")
FILE_SHEET = declare("STATS.file_sheet", "tệp {file}, trang {sheet}")
PLACE = declare("STATS.place", "{source}, dòng {line}")
PLACE_LINE = declare("STATS.line", "dòng {line}")
AT = declare("STATS.at", "{place}: ")
AT_COLUMN = declare("STATS.at_column", "{place}, cột {column}: ")
RATE_DENOMINATOR = declare(
    "STATS_RATE_DENOMINATOR",
    "{at}{label} ghi {stated}% khớp với tỷ lệ trên {matched}, không phải trên {meant} "
    "({computed}).",
)
RATE_MISMATCH = declare(
    "STATS_RATE_MISMATCH",
    "{at}{label} ghi {stated}%, không tính lại được từ số liệu của dòng ({computed}).",
)
RATE_COMPUTED = declare("STATS.rate", "{numerator}/{denominator} ({base}) = {rate}%")
CHANNELS = declare(
    "STATS_CHANNELS_SUM",
    "{at}Trực tuyến {online} + trực tiếp {counter} + bưu chính {post} = {channels}, khác tổng "
    "tiếp nhận {stated} (cột {column}); chênh {difference}.",
)
RESOLVED = declare(
    "STATS_RESOLVED_SUM",
    "{at}Trước hạn {early} + đúng hạn {on_time} + trễ hạn {late} = {parts}, khác số đã giải "
    "quyết {stated} (cột {column}); chênh {difference}.",
)
FROM_COLUMN = declare("STATS.from_column", "cột {column}")
FROM_SUM = declare("STATS.from_sum", "tổng {parts}")
RECEIVED_PARTS = declare("STATS.received_parts", "trực tuyến + trực tiếp + bưu chính")
RESOLVED_PARTS = declare("STATS.resolved_parts", "trước hạn + đúng hạn + trễ hạn")
OVER_RECEIVED = declare(
    "STATS_RESOLVED_OVER_RECEIVED",
    "{at}Đã giải quyết {resolved} ({resolved_from}) nhiều hơn tiếp nhận {received} "
    "({received_from}){carry}.",
)
PLUS_CARRY = declare("STATS.plus_carry", " + tồn kỳ trước {carried} (cột {column})")
PENDING = declare(
    "STATS_PENDING_BALANCE",
    "{at}{carry}tiếp nhận {received} ({received_from}) − đã giải quyết {resolved} "
    "({resolved_from}) = {expected}, khác số đang giải quyết {pending} (cột {column}); chênh "
    "{difference}.",
)
CARRY = declare("STATS.carry", "tồn kỳ trước {carried} (cột {column}) + ")
NO_CARRY = declare("STATS.no_carry", "(không có cột tồn kỳ trước) ")
TOTAL_ROW = declare(
    "STATS_TOTAL_ROW",
    "{place}: dòng tổng ghi {stated} ở cột {column}, cộng {parts} dòng thành phần được "
    "{summed}; chênh {difference}.",
)
MONTH_MISSING = declare("STATS_MONTH_MISSING", "{agency}: thiếu số liệu tháng {month}.")


def check_baseline(
    stated: StatedBaseline, counts: CatalogueCounts, *, source_line: int | None = None
) -> list[Finding]:
    """The plan's stated counts against the catalogue on the plan's date."""
    out = []
    pairs = (
        ("level3_or_above", stated.level3_or_above, counts.level3_or_above, LEVEL3),
        ("level4", stated.level4, counts.level4, LEVEL4),
    )
    for name, said, found, label in pairs:
        if said is None or said == found:
            continue
        day = counts.on.strftime("%d/%m/%Y")
        out.append(
            Finding.of(
                BASELINE.with_params(stated=said, level=label, day=day, found=found),
                Where(part="body", source_line=source_line, text=stated.quote[:120]),
                data={"figure": name, "stated": said, "catalogue": found, "on": str(counts.on)},
            )
        )
    return out


@dataclass(frozen=True)
class StatRow:
    """A row of dossier statistics as a file or the database gives it, with its stated totals
    and rates (None / absent when not given) and a place: the file read and its sheet
    (``file``, ``sheet``: said "tệp bc.xlsx, trang Sheet1" in the reader's language), else the
    named source it is stored under (``source``, as written), the row (``line``) and, per
    field, the column ("E (Đúng hạn)")."""

    month: date  # the period's first day
    agency: str
    figures: Figures
    service: str = ""
    district: str = ""
    stated_received: int | None = None
    stated_resolved: int | None = None
    stated_online_rate: Decimal | None = None  # percent, as written (its places matter)
    line: int | None = None
    kind: str = "month"
    period_end: date | None = None
    stated_total: int | None = None
    stated_rates: Mapping[str, Decimal] = field(default_factory=dict)
    source: str = ""
    columns: Mapping[str, str] = field(default_factory=dict)
    file: str = ""
    sheet: str = ""

    @property
    def period_said(self) -> Message | str:
        """The period as a person reads it ("03/2016", "Quý I/2016": English from the
        catalogue)."""
        if self.kind == "month" or self.period_end is None:
            return f"{self.month.month:02d}/{self.month.year}"

        return Period(self.month, self.period_end, self.kind).said

    @property
    def period_label(self) -> str:
        """The period in Vietnamese, as a file writes it (read back by ``parse_period``)."""
        period = self.period_said
        return period.text("vi") if isinstance(period, Message) else period

    @property
    def said_label(self) -> Message:
        """The row as a person reads it ("Quý I/2016 · STP"), in the reader's language."""
        parts = [self.period_said, self.agency, self.service, self.district]
        return joined([p for p in parts if p], " · ")

    @property
    def label(self) -> str:
        """The row in Vietnamese: a finding's quote of where it is (``Where.text``)."""
        return self.said_label.text("vi")

    @property
    def origin(self) -> Message | str:
        """The file read (and its sheet) said in the reader's language, else the named
        source as written ("" when unknown)."""
        if self.file:
            if self.sheet:
                return FILE_SHEET.with_params(file=self.file, sheet=self.sheet)
            return FILE.with_params(file=self.file)
        return self.source

    @property
    def place(self) -> Message | str:
        """'tệp bc.xlsx, trang Sheet1, dòng 7' — where a finding points ("" when unknown)."""
        origin = self.origin
        if self.line:
            if origin:
                return PLACE.with_params(source=origin, line=self.line)
            return PLACE_LINE.with_params(line=self.line)
        return origin

    def col(self, name: str) -> Message | str:
        """The column of field ``name`` as a person reads it: its place and heading in the file
        read ("F (Tỷ lệ hồ sơ trực tuyến (%))"), else — a row stored without them — the field's
        name in the reader's language, never its code."""
        return self.columns.get(name) or column_name(name)

    def column_key(self, name: str) -> str:
        """The column of field ``name`` for a finding's data: its place in the file, else the
        field's code."""
        return self.columns.get(name, name)


def _where(row: StatRow, column: str) -> Where:
    """A finding's place on a row: the field's code in ``column``, named in the reader's
    language when the place is said (``Where.label``)."""
    return Where(part="statistics", source_line=row.line, column=column, text=row.label)


def rate_reproducible(stated: Decimal, numerator: int, denominator: int) -> bool:
    """A stated percentage is reproducible when the exact rate, rounded half-up or truncated to
    the places the statement uses, gives it (agencies do both)."""
    if denominator == 0:
        return stated == 0
    exponent = stated.as_tuple().exponent
    places = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    exact = Decimal(numerator * 100) / Decimal(denominator)
    return stated in (
        exact.quantize(places, rounding=ROUND_HALF_UP),
        exact.quantize(places, rounding=ROUND_DOWN),
    )


def _pct(numerator: int, denominator: int) -> str:
    if not denominator:
        return "—"
    value = (Decimal(numerator * 100) / Decimal(denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return f"{value}".replace(".", ",")


RATE_LABELS = {
    "rate_online": declare("STATS.rate_online", "Tỷ lệ hồ sơ trực tuyến"),
    "rate_on_time": declare("STATS.rate_on_time", "Tỷ lệ giải quyết đúng hạn (kể cả trước hạn)"),
    "rate_on_time_only": declare(
        "STATS.rate_on_time_only", "Tỷ lệ giải quyết đúng hạn (không kể trước hạn)"
    ),
    "rate_early": declare("STATS.rate_early", "Tỷ lệ giải quyết trước hạn"),
    "rate_late": declare("STATS.rate_late", "Tỷ lệ giải quyết trễ hạn"),
    "rate_payment": declare("STATS.rate_payment", "Tỷ lệ thanh toán trực tuyến"),
}
DENOMINATOR_LABELS = {
    "received": declare("STATS.received", "số tiếp nhận trong kỳ"),
    "resolved": declare("STATS.resolved", "số đã giải quyết"),
    "total": declare("STATS.total", "tổng số phải giải quyết (kể cả tồn kỳ trước)"),
    "with_fee": declare("STATS.with_fee", "số hồ sơ có phí"),
}


def _at(place: Message | str) -> Message | str:
    """The prefix that says where: "tệp bc.xlsx, dòng 7: " ("" when unknown)."""
    return AT.with_params(place=place) if place else ""


def rate_candidates(name: str, row: StatRow) -> tuple[int | None, list[tuple[str, int | None]]]:
    """The numerator of a stated rate and its plausible denominators, the one its wording
    means first."""
    f = row.figures
    # the printed totals when the row states them (as the balance check): a shortfall of the
    # parts is its own finding, not a rate that no longer reproduces
    received = row.stated_received if row.stated_received is not None else f.received
    resolved = row.stated_resolved if row.stated_resolved is not None else f.resolved
    total = row.stated_total
    if total is None and f.carried_over is not None and received is not None:
        total = f.carried_over + received
    if name == "rate_online":
        return f.received_online, [("received", received), ("total", total)]
    if name == "rate_payment":
        return f.paid_online, [("with_fee", f.with_fee)]
    numerator = {
        "rate_on_time": f.resolved_in_time,
        "rate_on_time_only": f.resolved_on_time,
        "rate_early": f.resolved_early,
        "rate_late": f.resolved_late,
    }[name]
    return numerator, [("resolved", resolved), ("received", received), ("total", total)]


def check_rates(row: StatRow) -> list[Finding]:
    """Each stated rate recomputed against each plausible denominator: nothing when the one
    its wording means reproduces it; STATS_RATE_DENOMINATOR when only another one does (the
    report computed it on another base); STATS_RATE_MISMATCH when none does."""
    out: list[Finding] = []
    rates = dict(row.stated_rates)
    if row.stated_online_rate is not None and "rate_online" not in rates:
        rates["rate_online"] = row.stated_online_rate
    for name, stated in rates.items():
        numerator, candidates = rate_candidates(name, row)
        known = [(d, v) for d, v in candidates if v is not None]
        if numerator is None or not known:
            continue
        matches = [d for d, v in known if rate_reproducible(stated, numerator, v)]
        meant = candidates[0][0]
        if meant in matches:
            continue
        computed = joined(
            RATE_COMPUTED.with_params(
                numerator=numerator,
                denominator=v,
                base=DENOMINATOR_LABELS[d],
                rate=_pct(numerator, v),
            )
            for d, v in known
        )
        label = RATE_LABELS[name]
        stated_text = f"{stated}".replace(".", ",")
        place = row.place
        where = AT_COLUMN.with_params(place=place, column=row.col(name)) if place else ""
        data = {
            "rate": name,
            "stated": str(stated),
            "numerator": numerator,
            "denominators": dict(known),
            "matches": matches,
            "source": row.source,
            "line": row.line,
            "column": row.column_key(name),
        }
        if matches:
            said = RATE_DENOMINATOR.with_params(
                at=where,
                label=label,
                stated=stated_text,
                matched=DENOMINATOR_LABELS[matches[0]],
                meant=DENOMINATOR_LABELS[meant],
                computed=computed,
            )
            out.append(
                Finding.of(
                    said,
                    _where(row, name),
                    data=data,
                )
            )
        else:
            said = RATE_MISMATCH.with_params(
                at=where, label=label, stated=stated_text, computed=computed
            )
            out.append(
                Finding.of(
                    said,
                    _where(row, name),
                    data=data,
                )
            )
    return out


def check_rows(rows: Iterable[StatRow]) -> list[Finding]:
    out: list[Finding] = []
    for row in rows:
        f = row.figures
        at = _at(row.place)
        channels = f.received_channels
        if (
            row.stated_received is not None
            and channels is not None
            and row.stated_received != channels
        ):
            said = CHANNELS.with_params(
                at=at,
                online=f.received_online,
                counter=f.received_counter,
                post=f.received_post,
                channels=channels,
                stated=row.stated_received,
                column=row.col("stated_received"),
                difference=row.stated_received - channels,
            )
            out.append(
                Finding.of(
                    said,
                    _where(row, "stated_received"),
                    data={
                        "source": row.source,
                        "line": row.line,
                        "difference": row.stated_received - channels,
                    },
                )
            )
        parts = f.resolved_parts
        if row.stated_resolved is not None and parts is not None and row.stated_resolved != parts:
            said = RESOLVED.with_params(
                at=at,
                early=f.resolved_early,
                on_time=f.resolved_on_time,
                late=f.resolved_late,
                parts=parts,
                stated=row.stated_resolved,
                column=row.col("stated_resolved"),
                difference=row.stated_resolved - parts,
            )
            out.append(
                Finding.of(
                    said,
                    _where(row, "stated_resolved"),
                    data={
                        "source": row.source,
                        "line": row.line,
                        "difference": row.stated_resolved - parts,
                    },
                )
            )
        out.extend(_check_balance(row, at))
        out.extend(check_rates(row))
    return out


def _printed_or_summed(
    printed: int | None, column: str, summed: int | None, parts: Message, row: StatRow
) -> tuple[int | None, Message | str, str]:
    """(value, where it comes from in words, "stated" or "parts"): the printed total when the
    row states one, else the sum of its parts."""
    if printed is not None:
        return printed, FROM_COLUMN.with_params(column=row.col(column)), "stated"
    if summed is not None:
        return summed, FROM_SUM.with_params(parts=parts), "parts"
    return None, "", ""


def _balances(received: int, resolved: int, row: StatRow) -> bool:
    """Whether resolved fits what was there and, when checked, carry-over + received −
    resolved is the pending figure."""
    f = row.figures
    available = received + (f.carried_over or 0)
    if resolved > available:
        return False
    if f.pending is None or (f.carried_over is None and row.stated_resolved is None):
        return True
    return available - resolved == f.pending


def _check_balance(row: StatRow, at: Message | str) -> list[Finding]:
    """Resolved beyond what was there, and carry-over + received − resolved against pending,
    with the **printed** totals when the row states them (the sum of the parts only when it
    does not), so that one error of a publication is reported once:

    - parts that do not add up to a printed total that balances are STATS_CHANNELS_SUM /
      STATS_RESOLVED_SUM only (the Huế portal's early + on time + late short of its resolved);
    - a printed total that differs from its parts while the parts balance is the same one
      error, already reported by the sum finding: no balance finding either.
    """
    f = row.figures
    printed_received = row.stated_received if row.stated_received is not None else f.received_total
    printed_resolved = row.stated_resolved if row.stated_resolved is not None else f.resolved_total
    received, received_from, received_kind = _printed_or_summed(
        printed_received,
        "stated_received",
        f.received_channels,
        RECEIVED_PARTS,
        row,
    )
    resolved, resolved_from, resolved_kind = _printed_or_summed(
        printed_resolved,
        "stated_resolved",
        f.resolved_parts,
        RESOLVED_PARTS,
        row,
    )
    if received is None or resolved is None or _balances(received, resolved, row):
        return []
    summed = (
        f.received_channels if f.received_channels is not None else received,
        f.resolved_parts if f.resolved_parts is not None else resolved,
    )
    if summed != (received, resolved) and _balances(*summed, row):
        return []  # the printed total against its parts: reported once, as a sum finding
    data: dict[str, object] = {
        "source": row.source,
        "line": row.line,
        "received": received,
        "received_from": received_kind,
        "resolved": resolved,
        "resolved_from": resolved_kind,
        "carried_over": f.carried_over,
    }
    figures = {"received": (received, received_from), "resolved": (resolved, resolved_from)}
    if resolved > received + (f.carried_over or 0):
        return [_over_received(row, at, data, **figures)]
    return [_pending_off(row, at, data, **figures)]


def _over_received(
    row: StatRow,
    at: Message | str,
    data: dict[str, object],
    *,
    received: tuple[int, Message | str],
    resolved: tuple[int, Message | str],
) -> Finding:
    """More resolved than received and carried over: the finding on the resolved figure
    (``received`` and ``resolved``: each figure and where it comes from, in words)."""
    f = row.figures
    plus = (
        PLUS_CARRY.with_params(carried=f.carried_over, column=row.col("carried_over"))
        if f.carried_over is not None
        else ""
    )
    said = OVER_RECEIVED.with_params(
        at=at,
        resolved=resolved[0],
        resolved_from=resolved[1],
        received=received[0],
        received_from=received[1],
        carry=plus,
    )
    return Finding.of(
        said,
        _where(row, "stated_resolved"),
        data={**data, "column": row.column_key("stated_resolved")},
    )


def _pending_off(
    row: StatRow,
    at: Message | str,
    data: dict[str, object],
    *,
    received: tuple[int, Message | str],
    resolved: tuple[int, Message | str],
) -> Finding:
    """Carry-over + received − resolved is not the pending figure: the finding on the pending
    figure (``received`` and ``resolved``: each figure and where it comes from, in words)."""
    f = row.figures
    assert f.pending is not None
    expected = received[0] + (f.carried_over or 0) - resolved[0]
    carry = (
        CARRY.with_params(carried=f.carried_over, column=row.col("carried_over"))
        if f.carried_over is not None
        else NO_CARRY
    )
    said = PENDING.with_params(
        at=at,
        carry=carry,
        received=received[0],
        received_from=received[1],
        resolved=resolved[0],
        resolved_from=resolved[1],
        expected=expected,
        pending=f.pending,
        column=row.col("pending"),
        difference=f.pending - expected,
    )
    return Finding.of(
        said,
        _where(row, "pending"),
        data={
            **data,
            "column": row.column_key("pending"),
            "expected": expected,
            "pending": f.pending,
            "difference": f.pending - expected,
        },
    )


TOTAL_FIELDS = (
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


def check_total_row(total: StatRow, parts: Iterable[StatRow]) -> list[Finding]:
    """A total row ("Tổng cộng") against the sum of the rows it totals, column by column."""
    parts = list(parts)
    out: list[Finding] = []
    sums: list[tuple[str, int | None, int | None]] = [
        (name, getattr(total.figures, name), _sum(getattr(p.figures, name) for p in parts))
        for name in TOTAL_FIELDS
    ]
    sums += [
        ("stated_received", total.stated_received, _sum(p.stated_received for p in parts)),
        ("stated_resolved", total.stated_resolved, _sum(p.stated_resolved for p in parts)),
        ("stated_total", total.stated_total, _sum(p.stated_total for p in parts)),
    ]
    for name, stated, summed in sums:
        if stated is None or summed is None or stated == summed:
            continue
        said = TOTAL_ROW.with_params(
            place=total.place,
            stated=stated,
            column=total.col(name),
            parts=len(parts),
            summed=summed,
            difference=stated - summed,
        )
        out.append(
            Finding.of(
                said,
                _where(total, name),
                data={
                    "source": total.source,
                    "line": total.line,
                    "column": total.column_key(name),
                    "stated": stated,
                    "sum": summed,
                    "difference": stated - summed,
                },
            )
        )
    return out


def _sum(values: Iterable[int | None]) -> int | None:
    values = list(values)
    if not values or any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def check_months(rows: Iterable[StatRow]) -> list[Finding]:
    """A month missing between an agency's first and last month."""
    months: dict[str, set[date]] = {}
    for row in rows:
        months.setdefault(row.agency, set()).add(row.month)
    out = []
    for agency, present in sorted(months.items()):
        month, last = min(present), max(present)
        while month < last:
            month = add_months(month, 1)
            if month not in present:
                said = MONTH_MISSING.with_params(
                    agency=agency, month=f"{month.month:02d}/{month.year}"
                )
                out.append(
                    Finding.of(
                        said,
                        Where(part="statistics", text=agency),
                        data={"agency": agency, "month": month.isoformat()},
                    )
                )
    return out


def check_statistics(rows: Iterable[StatRow]) -> list[Finding]:
    rows = list(rows)
    return check_rows(rows) + check_months(rows)
