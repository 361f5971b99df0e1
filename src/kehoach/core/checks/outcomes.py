"""Checks on outcomes data (DESIGN.md §5, the same findings as on plans):

- BASELINE_MISMATCH: a plan's stated baseline ("209 dịch vụ mức độ 3, trong đó có 30 … mức
  độ 4") differs from the catalogue's counts on the plan's date;
- STATS_CHANNELS_SUM / STATS_RESOLVED_SUM: parts that do not add up to the stated total;
- STATS_RATE_MISMATCH: a stated percentage that cannot be reproduced from the figures;
- STATS_MONTH_MISSING: a gap in an agency's months.

Everything is given as input (counts, rows); nothing here reads a database or a file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from kehoach.core.findings import Finding, Where
from kehoach.core.indicators import Figures, add_months, online_rate
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
    (None when not given) and a place (the file's line number, or a label)."""

    month: date
    agency: str
    figures: Figures
    service: str = ""
    district: str = ""
    stated_received: int | None = None
    stated_resolved: int | None = None
    stated_online_rate: Decimal | None = None  # percent, as written (its places matter)
    line: int | None = None

    @property
    def label(self) -> str:
        parts = [f"{self.month.month:02d}/{self.month.year}", self.agency, self.service]
        return " · ".join(p for p in [*parts, self.district] if p)


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


def check_rows(rows: Iterable[StatRow]) -> list[Finding]:
    out: list[Finding] = []
    for row in rows:
        f = row.figures
        if row.stated_received is not None and row.stated_received != f.received:
            out.append(
                Finding(
                    code="STATS_CHANNELS_SUM",
                    message_vi=(
                        f"Trực tuyến {f.received_online} + trực tiếp {f.received_counter} + bưu "
                        f"chính {f.received_post} = {f.received}, khác tổng tiếp nhận "
                        f"{row.stated_received}."
                    ),
                    message_en=(
                        f"Online + counter + post = {f.received}, not the stated "
                        f"{row.stated_received} received."
                    ),
                    where=_where(row, "received"),
                )
            )
        if row.stated_resolved is not None and row.stated_resolved != f.resolved:
            out.append(
                Finding(
                    code="STATS_RESOLVED_SUM",
                    message_vi=(
                        f"Trước hạn {f.resolved_early} + đúng hạn {f.resolved_on_time} + trễ hạn "
                        f"{f.resolved_late} = {f.resolved}, khác số đã giải quyết "
                        f"{row.stated_resolved}."
                    ),
                    message_en=(
                        f"Early + on time + late = {f.resolved}, not the stated "
                        f"{row.stated_resolved} resolved."
                    ),
                    where=_where(row, "resolved"),
                )
            )
        if row.stated_online_rate is not None:
            # The stated rate may be computed on the stated total: accept either denominator.
            denominators = {f.received}
            if row.stated_received is not None:
                denominators.add(row.stated_received)
            if not any(
                rate_reproducible(row.stated_online_rate, f.received_online, d)
                for d in denominators
            ):
                rate = online_rate(f).percent(2)
                out.append(
                    Finding(
                        code="STATS_RATE_MISMATCH",
                        message_vi=(
                            f"Tỷ lệ trực tuyến ghi {row.stated_online_rate}%, tính từ số liệu "
                            f"được {rate}% ({f.received_online}/{f.received})."
                        ),
                        message_en=(
                            f"The stated online rate {row.stated_online_rate}% cannot be "
                            f"reproduced: the figures give {rate}%."
                        ),
                        where=_where(row, "online_rate"),
                    )
                )
    return out


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
