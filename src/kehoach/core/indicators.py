"""Indicators of online use, exactly (docs/design.md §2.6): no floats for a reported figure.

A rate is kept as its numerator and denominator; its value is a :class:`~fractions.Fraction`
and it is shown as a percentage rounded half-up in exactly one place (:meth:`Rate.percent`).

- online rate = received online / received (all channels);
- on-time rate = resolved early or on time / resolved;
- online-payment rate = paid online / dossiers with a fee.

A figure nobody gave is unknown (``None``), never 0 (issue 18): a sum with an unknown part is
unknown, a rate with an unknown part has no value and is shown "chưa có".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from kehoach.core.messages import declare
from kehoach.core.periods import Period
from kehoach.core.text import fold


def add_known(*values: int | None) -> int | None:
    """The sum, or None when any part is unknown."""
    if any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


OPTIONAL_FIGURES = ("carried_over", "received_total", "resolved_total")


@dataclass(frozen=True)
class Figures:
    """Additive counts of a period (or of any sum of periods); None is unknown."""

    received_online: int | None = 0
    received_counter: int | None = 0
    received_post: int | None = 0
    resolved_early: int | None = 0
    resolved_on_time: int | None = 0
    resolved_late: int | None = 0
    pending: int | None = 0
    with_fee: int | None = 0
    paid_online: int | None = 0
    carried_over: int | None = None  # "Tồn kỳ trước chuyển sang": not pending, not received
    # The totals a report states, used when a channel or a part is not given.
    received_total: int | None = None
    resolved_total: int | None = None

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            **{
                f.name: add_known(getattr(self, f.name), getattr(other, f.name))
                for f in fields(self)
            }
        )

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> Figures:
        values: dict[str, int | None] = {}
        for f in fields(cls):
            raw = data.get(f.name)
            if raw is None or raw == "":
                values[f.name] = None if f.name in OPTIONAL_FIGURES else 0
                continue
            if not isinstance(raw, int | Decimal | str):
                raise TypeError(f"{f.name}: {raw!r} is not a count")
            values[f.name] = int(raw)
        return cls(**values)

    @classmethod
    def unknown(cls) -> Figures:
        return cls(**{f.name: None for f in fields(cls)})

    @property
    def received_channels(self) -> int | None:
        return add_known(self.received_online, self.received_counter, self.received_post)

    @property
    def resolved_parts(self) -> int | None:
        return add_known(self.resolved_early, self.resolved_on_time, self.resolved_late)

    @property
    def received(self) -> int | None:
        """Received in the period: the channels' sum, else the stated total, else unknown."""
        channels = self.received_channels
        return channels if channels is not None else self.received_total

    @property
    def resolved(self) -> int | None:
        parts = self.resolved_parts
        return parts if parts is not None else self.resolved_total

    @property
    def resolved_in_time(self) -> int | None:
        return add_known(self.resolved_early, self.resolved_on_time)


@dataclass(frozen=True)
class Rate:
    numerator: int | None
    denominator: int | None

    @property
    def value(self) -> Fraction | None:
        if self.numerator is None or not self.denominator:
            return None
        return Fraction(self.numerator, self.denominator)

    def percent(self, places: int = 2) -> Decimal | None:
        """The rate in percent, rounded half-up to ``places`` decimals (the one rounding)."""
        value = self.value
        if value is None:
            return None
        exact = Decimal(value.numerator * 100) / Decimal(value.denominator)
        # Decimal division is exact to 28 digits; quantize with the explicit mode.
        return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)

    def text(self, places: int = 2) -> str:
        pct = self.percent(places)
        return "chưa có" if pct is None else f"{pct}%".replace(".", ",")


def online_rate(f: Figures) -> Rate:
    return Rate(f.received_online, f.received)


def on_time_rate(f: Figures) -> Rate:
    return Rate(f.resolved_in_time, f.resolved)


def payment_rate(f: Figures) -> Rate:
    return Rate(f.paid_online, f.with_fee)


INDICATORS: dict[str, Callable[[Figures], Rate]] = {
    "online_rate": online_rate,
    "on_time_rate": on_time_rate,
    "payment_rate": payment_rate,
}
# An indicator's name (English in the catalogue only: a page says it in the reader's language).
INDICATOR_LABELS = {
    "online_rate": declare("indicator.online_rate", "Tỷ lệ hồ sơ trực tuyến"),
    "on_time_rate": declare("indicator.on_time_rate", "Tỷ lệ giải quyết đúng hạn"),
    "payment_rate": declare("indicator.payment_rate", "Tỷ lệ thanh toán trực tuyến"),
}
# As an official document (in Vietnamese) names them.
INDICATOR_LABELS_VI = {key: label.vi for key, label in INDICATOR_LABELS.items()}


# -- periods and grouping -------------------------------------------------------------------


def period_key(month: date, by: str) -> str:
    """'2016-07' (month), '2016-Q3' (quarter) or '2016' (year)."""
    if by == "month":
        return f"{month.year}-{month.month:02d}"
    if by == "quarter":
        return f"{month.year}-Q{(month.month - 1) // 3 + 1}"
    if by == "year":
        return str(month.year)
    raise ValueError(f"unknown period {by!r}")


@dataclass(frozen=True)
class Row:
    """One row of the table: its period (``month`` is its first day; a quarter, a half-year, a
    year or a dated reporting period keeps its ``kind`` and last day), its dimensions and its
    figures."""

    month: date
    figures: Figures
    agency: str = ""
    service: str = ""
    district: str = ""
    field: str = ""
    level: str = ""
    kind: str = "month"
    period_end: date | None = None

    @property
    def last_day(self) -> date:
        if self.period_end is not None:
            return self.period_end
        return add_months(self.month, 1) - timedelta(days=1)


_RANK = {"month": 0, "quarter": 1, "half": 2, "year": 3}


def row_period_key(row: Row, by: str) -> str:
    """The key of the period a row counts in when grouping by ``by``: a row longer than ``by``
    (a quarter grouped by month) or across two of them keeps its own period's key."""
    if row.kind == "month":
        return period_key(row.month, by)
    if row.kind != "range" and _RANK[by] >= _RANK[row.kind]:
        return period_key(row.month, by)
    if row.kind == "range" and period_key(row.month, by) == period_key(row.last_day, by):
        return period_key(row.month, by)

    return Period(row.month, row.last_day, row.kind).key


def group(
    rows: Iterable[Row], *, period: str = "month", by: str | None = None
) -> dict[tuple[str, str], Figures]:
    """Sum figures per (period, dimension value); ``by`` is None or a :class:`Row` attribute
    (agency, service, district, field, level)."""
    out: dict[tuple[str, str], Figures] = {}
    for row in rows:
        key = (row_period_key(row, period), getattr(row, by) if by else "")
        out[key] = out[key] + row.figures if key in out else row.figures
    return dict(sorted(out.items()))


def total(rows: Iterable[Row], start: date | None = None, end: date | None = None) -> Figures:
    """Sum of the rows whose whole period lies in [start, end) (a quarter half inside is not
    counted: nothing is split or coerced)."""
    out: Figures | None = None
    for row in rows:
        if (start is None or row.month >= start) and (end is None or row.last_day < end):
            out = row.figures if out is None else out + row.figures
    return Figures() if out is None else out


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


# The comparison concludes only when each side has figures for at least MIN_SHARE of its months
# and at least MIN_MONTHS months (docs/outcomes.md, "Comparison method").
MIN_SHARE = Fraction(2, 3)
MIN_MONTHS = 3
MIN_TREND_MONTHS = 6  # monthly points before the campaign needed to draw its trend
TREND_MONTHS = 24  # how far back the trend is fitted


def _points(diff: Fraction | None, places: int = 2) -> Decimal | None:
    if diff is None:
        return None
    exact = Decimal(diff.numerator * 100) / Decimal(diff.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Comparison:
    """An indicator over a campaign period against a baseline period of the same length, with
    its coverage (months with figures on each side), the change measured against the trend of
    the months before the campaign, and — where districts without the campaign's activities
    have figures — a difference in differences. It concludes nothing below the minimum
    coverage: ``difference_points`` and ``direction`` then say nothing."""

    indicator: str
    baseline_start: date
    campaign_start: date
    campaign_end: date  # exclusive
    baseline: Rate
    campaign: Rate
    months: int = 0  # the length of each side
    baseline_months: int = 0  # months with figures
    campaign_months: int = 0
    trend_projection: Fraction | None = None  # the pre-campaign trend over the campaign months
    trend_points: int = 0
    did: Fraction | None = None  # (treated after − before) − (others after − before)

    @property
    def conclusive(self) -> bool:
        if not self.months:
            return True  # built by hand without coverage: the caller decides
        need = max(MIN_MONTHS, -(-MIN_SHARE.numerator * self.months // MIN_SHARE.denominator))
        need = min(need, self.months)
        return self.baseline_months >= need and self.campaign_months >= need

    @property
    def minimum_months(self) -> int:
        need = max(MIN_MONTHS, -(-MIN_SHARE.numerator * self.months // MIN_SHARE.denominator))
        return min(need, self.months) if self.months else 0

    @property
    def raw_difference(self) -> Fraction | None:
        if self.baseline.value is None or self.campaign.value is None:
            return None
        return self.campaign.value - self.baseline.value

    @property
    def difference(self) -> Fraction | None:
        """Campaign minus baseline, as a fraction (×100 for percentage points); None when the
        coverage is below the minimum."""
        if not self.conclusive:
            return None
        return self.raw_difference

    def difference_points(self, places: int = 2) -> Decimal | None:
        return _points(self.difference, places)

    @property
    def versus_trend(self) -> Fraction | None:
        """The campaign's rate minus what the pre-campaign trend projects for the same months."""
        if not self.conclusive or self.trend_projection is None or self.campaign.value is None:
            return None
        return self.campaign.value - self.trend_projection

    def versus_trend_points(self, places: int = 2) -> Decimal | None:
        return _points(self.versus_trend, places)

    def did_points(self, places: int = 2) -> Decimal | None:
        return _points(self.did if self.conclusive else None, places)

    @property
    def direction(self) -> str:
        diff = self.difference
        if diff is None:
            return "unknown"
        return "up" if diff > 0 else "down" if diff < 0 else "same"


def _months_with_data(
    rows: Iterable[Row], start: date, end: date, fn: Callable[[Figures], Rate]
) -> int:
    months: set[date] = set()
    for row in rows:
        if row.month >= start and row.last_day < end and fn(row.figures).value is not None:
            month = row.month
            while month <= row.last_day:
                months.add(month)
                month = add_months(month, 1)
    return len(months)


def trend_projection(
    rows: Iterable[Row], before: date, start: date, end: date, fn: Callable[[Figures], Rate]
) -> tuple[Fraction | None, int]:
    """The least-squares line of the monthly rate over the months in [before, start), averaged
    over the months [start, end) — exact fractions; (None, points) with too few points."""
    monthly: dict[date, Figures] = {}
    for row in rows:
        if row.kind == "month" and before <= row.month < start:
            monthly[row.month] = (
                monthly[row.month] + row.figures if row.month in monthly else row.figures
            )
    points = [
        (months_between(before, m), v)
        for m, f in sorted(monthly.items())
        if (v := fn(f).value) is not None
    ]
    if len(points) < MIN_TREND_MONTHS:
        return None, len(points)
    n = len(points)
    mean_x = Fraction(sum(x for x, _ in points), n)
    mean_y = sum((y for _, y in points), Fraction(0)) / n
    sxx = sum((Fraction(x) - mean_x) ** 2 for x, _ in points)
    sxy = sum((Fraction(x) - mean_x) * (y - mean_y) for x, y in points)
    slope = sxy / sxx if sxx else Fraction(0)
    months = months_between(start, end)
    xs = [months_between(before, start) + k for k in range(months)]
    projected = sum((mean_y + slope * (x - mean_x) for x in xs), Fraction(0)) / months
    return max(Fraction(0), min(Fraction(1), projected)), n


def compare_periods(
    rows: Iterable[Row],
    campaign_start: date,
    campaign_end: date,
    indicator: str = "online_rate",
    *,
    treated: Iterable[str] | None = None,
) -> Comparison:
    """The campaign months [campaign_start, campaign_end) against as many months just before,
    with the coverage, the pre-campaign trend and (``treated``: districts with the campaign's
    activities) the difference in differences against the other districts."""
    rows = list(rows)
    length = months_between(campaign_start, campaign_end)
    if length <= 0:
        raise ValueError("the campaign period must be at least one month")
    baseline_start = add_months(campaign_start, -length)
    fn = INDICATORS[indicator]
    projection, points = trend_projection(
        rows, add_months(campaign_start, -TREND_MONTHS), campaign_start, campaign_end, fn
    )
    did = None
    treated_set = set(treated or ())
    if treated_set:
        inside = [r for r in rows if r.district in treated_set]
        outside = [r for r in rows if r.district and r.district not in treated_set]
        values = [
            fn(total(group_rows, a, b)).value
            for group_rows in (inside, outside)
            for a, b in ((baseline_start, campaign_start), (campaign_start, campaign_end))
        ]
        known = [v for v in values if v is not None]
        if inside and outside and len(known) == 4:
            t_before, t_after, c_before, c_after = known
            did = (t_after - t_before) - (c_after - c_before)
    return Comparison(
        indicator=indicator,
        baseline_start=baseline_start,
        campaign_start=campaign_start,
        campaign_end=campaign_end,
        baseline=fn(total(rows, baseline_start, campaign_start)),
        campaign=fn(total(rows, campaign_start, campaign_end)),
        months=length,
        baseline_months=_months_with_data(rows, baseline_start, campaign_start, fn),
        campaign_months=_months_with_data(rows, campaign_start, campaign_end, fn),
        trend_projection=projection,
        trend_points=points,
        did=did,
    )


# -- plan targets ---------------------------------------------------------------------------


def indicator_for_target(unit: str, text: str = "") -> str | None:
    """Which indicator a plan objective's target measures, from its unit and wording:
    '% hồ sơ trực tuyến' -> online_rate; '% đúng hạn' -> on_time_rate; '% thanh toán trực
    tuyến' -> payment_rate; a count of services at level 3/4 -> level3 / level4."""
    key = fold(f"{unit} {text}")
    percent = "%" in unit or "phan tram" in key or "ty le" in key
    if percent and "thanh toan" in key:
        return "payment_rate"
    if percent and ("dung han" in key or "truoc han" in key):
        return "on_time_rate"
    if percent and ("truc tuyen" in key or "ho so" in key):
        return "online_rate"
    if "dich vu" in key or "thu tuc" in key:
        if "muc do 4" in key or "toan trinh" in key:
            return "level4"
        if "muc do 3" in key or "mot phan" in key:
            return "level3"
    return None


@dataclass(frozen=True)
class TargetResult:
    indicator: str | None
    target: Decimal
    unit: str
    measured: Decimal | None  # percent for rates, a count for levels
    met: bool | None  # None when nothing can be measured


def target_against(
    indicator: str | None, target: Decimal, unit: str, measured: Decimal | None
) -> TargetResult:
    met = None if indicator is None or measured is None else measured >= target
    return TargetResult(indicator, target, unit, measured, met)
