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

from kehoach.core.findings import Finding, Where
from kehoach.core.indicators import Figures, add_months
from kehoach.core.outcomes import CatalogueCounts, StatedBaseline


def check_baseline(
    stated: StatedBaseline, counts: CatalogueCounts, *, source_line: int | None = None
) -> list[Finding]:
    """The plan's stated counts against the catalogue on the plan's date."""
    out = []
    pairs = (
        ("level3_or_above", stated.level3_or_above, counts.level3_or_above, "mức độ 3 trở lên"),
        ("level4", stated.level4, counts.level4, "mức độ 4"),
    )
    for name, said, found, label in pairs:
        if said is None or said == found:
            continue
        day = counts.on.strftime("%d/%m/%Y")
        out.append(
            Finding(
                code="BASELINE_MISMATCH",
                message_vi=(
                    f"Kế hoạch ghi {said} dịch vụ công trực tuyến {label}, danh mục ngày {day} "
                    f"có {found}."
                ),
                message_en=(
                    f"The plan states {said} online services at {name}; the catalogue on "
                    f"{counts.on.isoformat()} has {found}."
                ),
                where=Where(part="body", source_line=source_line, text=stated.quote[:120]),
                data={"figure": name, "stated": said, "catalogue": found, "on": str(counts.on)},
            )
        )
    return out


@dataclass(frozen=True)
class StatRow:
    """A row of dossier statistics as a file or the database gives it, with its stated totals
    and rates (None / absent when not given) and a place: the file and sheet (``source``), the
    row (``line``) and, per field, the column ("E (Đúng hạn)")."""

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

    @property
    def period_label(self) -> str:
        if self.kind == "month" or self.period_end is None:
            return f"{self.month.month:02d}/{self.month.year}"
        from kehoach.core.periods import Period

        return Period(self.month, self.period_end, self.kind).label_vi

    @property
    def label(self) -> str:
        parts = [self.period_label, self.agency, self.service]
        return " · ".join(p for p in [*parts, self.district] if p)

    @property
    def place_vi(self) -> str:
        """'tệp bc.xlsx, trang Sheet1, dòng 7' — where a finding points."""
        parts = [self.source] if self.source else []
        if self.line:
            parts.append(f"dòng {self.line}")
        return ", ".join(parts)

    def col(self, name: str) -> str:
        return self.columns.get(name, name)


def _where(row: StatRow, column: str) -> Where:
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


RATE_LABELS_VI = {
    "rate_online": "Tỷ lệ hồ sơ trực tuyến",
    "rate_on_time": "Tỷ lệ giải quyết đúng hạn (kể cả trước hạn)",
    "rate_on_time_only": "Tỷ lệ giải quyết đúng hạn (không kể trước hạn)",
    "rate_early": "Tỷ lệ giải quyết trước hạn",
    "rate_late": "Tỷ lệ giải quyết trễ hạn",
    "rate_payment": "Tỷ lệ thanh toán trực tuyến",
}
DENOMINATOR_LABELS_VI = {
    "received": "số tiếp nhận trong kỳ",
    "resolved": "số đã giải quyết",
    "total": "tổng số phải giải quyết (kể cả tồn kỳ trước)",
    "with_fee": "số hồ sơ có phí",
}
DENOMINATOR_LABELS_EN = {
    "received": "received in the period",
    "resolved": "resolved",
    "total": "total to handle (with carry-over)",
    "with_fee": "dossiers with a fee",
}


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
        computed = "; ".join(
            f"{numerator}/{v} ({DENOMINATOR_LABELS_VI[d]}) = {_pct(numerator, v)}%"
            for d, v in known
        )
        label = RATE_LABELS_VI[name]
        stated_text = f"{stated}".replace(".", ",")
        where = f"{row.place_vi}, cột {row.col(name)}: " if row.place_vi else ""
        data = {
            "rate": name,
            "stated": str(stated),
            "numerator": numerator,
            "denominators": dict(known),
            "matches": matches,
            "source": row.source,
            "line": row.line,
            "column": row.col(name),
        }
        if matches:
            out.append(
                Finding(
                    code="STATS_RATE_DENOMINATOR",
                    message_vi=(
                        f"{where}{label} ghi {stated_text}% khớp với tỷ lệ trên "
                        f"{DENOMINATOR_LABELS_VI[matches[0]]}, không phải trên "
                        f"{DENOMINATOR_LABELS_VI[meant]} ({computed})."
                    ),
                    message_en=(
                        f"The stated {name} {stated}% is a share of the "
                        f"{DENOMINATOR_LABELS_EN[matches[0]]}, not of the "
                        f"{DENOMINATOR_LABELS_EN[meant]}."
                    ),
                    where=_where(row, name),
                    data=data,
                )
            )
        else:
            out.append(
                Finding(
                    code="STATS_RATE_MISMATCH",
                    message_vi=(
                        f"{where}{label} ghi {stated_text}%, không tính lại được từ số liệu "
                        f"của dòng ({computed})."
                    ),
                    message_en=(
                        f"The stated {name} {stated}% cannot be reproduced from the row's "
                        "figures with any plausible denominator."
                    ),
                    where=_where(row, name),
                    data=data,
                )
            )
    return out


def check_rows(rows: Iterable[StatRow]) -> list[Finding]:
    out: list[Finding] = []
    for row in rows:
        f = row.figures
        at = f"{row.place_vi}: " if row.place_vi else ""
        channels = f.received_channels
        if (
            row.stated_received is not None
            and channels is not None
            and row.stated_received != channels
        ):
            out.append(
                Finding(
                    code="STATS_CHANNELS_SUM",
                    message_vi=(
                        f"{at}Trực tuyến {f.received_online} + trực tiếp {f.received_counter} + "
                        f"bưu chính {f.received_post} = {channels}, khác tổng tiếp nhận "
                        f"{row.stated_received} (cột {row.col('stated_received')}); chênh "
                        f"{row.stated_received - channels}."
                    ),
                    message_en=(
                        f"Online + counter + post = {channels}, not the stated "
                        f"{row.stated_received} received."
                    ),
                    where=_where(row, "received"),
                    data={
                        "source": row.source,
                        "line": row.line,
                        "difference": row.stated_received - channels,
                    },
                )
            )
        parts = f.resolved_parts
        if row.stated_resolved is not None and parts is not None and row.stated_resolved != parts:
            out.append(
                Finding(
                    code="STATS_RESOLVED_SUM",
                    message_vi=(
                        f"{at}Trước hạn {f.resolved_early} + đúng hạn {f.resolved_on_time} + trễ "
                        f"hạn {f.resolved_late} = {parts}, khác số đã giải quyết "
                        f"{row.stated_resolved} (cột {row.col('stated_resolved')}); chênh "
                        f"{row.stated_resolved - parts}."
                    ),
                    message_en=(
                        f"Early + on time + late = {parts}, not the stated "
                        f"{row.stated_resolved} resolved."
                    ),
                    where=_where(row, "resolved"),
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
    printed: int | None, column: str, summed: int | None, parts_vi: str, row: StatRow
) -> tuple[int | None, str, str]:
    """(value, where it comes from in words, "stated" or "parts"): the printed total when the
    row states one, else the sum of its parts."""
    if printed is not None:
        return printed, f"cột {row.col(column)}", "stated"
    if summed is not None:
        return summed, f"tổng {parts_vi}", "parts"
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


def _check_balance(row: StatRow, at: str) -> list[Finding]:
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
        "trực tuyến + trực tiếp + bưu chính",
        row,
    )
    resolved, resolved_from, resolved_kind = _printed_or_summed(
        printed_resolved,
        "stated_resolved",
        f.resolved_parts,
        "trước hạn + đúng hạn + trễ hạn",
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
    available = received + (f.carried_over or 0)
    if resolved > available:
        carry = (
            f" + tồn kỳ trước {f.carried_over} (cột {row.col('carried_over')})"
            if f.carried_over is not None
            else ""
        )
        return [
            Finding(
                code="STATS_RESOLVED_OVER_RECEIVED",
                message_vi=(
                    f"{at}Đã giải quyết {resolved} ({resolved_from}) nhiều hơn tiếp nhận "
                    f"{received} ({received_from}){carry}."
                ),
                message_en=(
                    f"Resolved {resolved} exceeds received {received}"
                    f"{' plus carry-over' if carry else ''}."
                ),
                where=_where(row, "resolved"),
                data={**data, "column": row.col("stated_resolved")},
            )
        ]
    assert f.pending is not None
    expected = available - resolved
    carry = (
        f"tồn kỳ trước {f.carried_over} (cột {row.col('carried_over')}) + "
        if f.carried_over is not None
        else "(không có cột tồn kỳ trước) "
    )
    return [
        Finding(
            code="STATS_PENDING_BALANCE",
            message_vi=(
                f"{at}{carry}tiếp nhận {received} ({received_from}) − đã giải quyết {resolved} "
                f"({resolved_from}) = {expected}, khác số đang giải quyết {f.pending} (cột "
                f"{row.col('pending')}); chênh {f.pending - expected}."
            ),
            message_en=(
                f"Carry-over + received − resolved = {expected}, not the {f.pending} pending."
            ),
            where=_where(row, "pending"),
            data={
                **data,
                "column": row.col("pending"),
                "expected": expected,
                "pending": f.pending,
                "difference": f.pending - expected,
            },
        )
    ]


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
        out.append(
            Finding(
                code="STATS_TOTAL_ROW",
                message_vi=(
                    f"{total.place_vi}: dòng tổng ghi {stated} ở cột {total.col(name)}, cộng "
                    f"{len(parts)} dòng thành phần được {summed}; chênh {stated - summed}."
                ),
                message_en=(
                    f"The total row states {stated} in column {name}; its {len(parts)} rows "
                    f"add up to {summed} (difference {stated - summed})."
                ),
                where=_where(total, name),
                data={
                    "source": total.source,
                    "line": total.line,
                    "column": total.col(name),
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
                out.append(
                    Finding(
                        code="STATS_MONTH_MISSING",
                        message_vi=f"{agency}: thiếu số liệu tháng {month.month:02d}/{month.year}.",
                        message_en=f"{agency}: no figures for {month.year}-{month.month:02d}.",
                        where=Where(part="statistics", text=agency),
                        data={"agency": agency, "month": month.isoformat()},
                    )
                )
    return out


def check_statistics(rows: Iterable[StatRow]) -> list[Finding]:
    rows = list(rows)
    return check_rows(rows) + check_months(rows)
