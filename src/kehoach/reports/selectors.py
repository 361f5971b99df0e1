"""Selectors read: a plan's dashboard (deliverables by activity, executing unit and month;
money; indicators; late items; the conference; visits), the department's plans year by year,
and the catalogue on a day for the communication outline.

Every figure comes from the apps that keep the records — :mod:`kehoach.execution.selectors`
(money, deliverables, late items, the budget year), :mod:`kehoach.outcomes.selectors`
(indicators), the conference and public apps through their hooks — and every amount from
:mod:`kehoach.core.estimate`. Nothing here adds money up on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Case as CaseWhen
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Sum, When
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kehoach.core import estimate as core_estimate
from kehoach.core.messages import normalise
from kehoach.core.money import format_vnd
from kehoach.core.outcomes import LEVEL_RANK
from kehoach.core.text import fold
from kehoach.core.vocabulary import kind_label
from kehoach.execution import selectors as execution
from kehoach.execution.models import (
    AsRunRecord,
    ContractLine,
    Decision,
    Deliverable,
    DeliverableStatus,
    Expense,
    Payment,
)
from kehoach.outcomes.selectors import (
    catalogue_counts,
    catalogue_is_synthetic,
    catalogue_records,
    plan_indicators,
)
from kehoach.plans.models import EstimateLine, Plan
from kehoach.reports.models import ReportFile

PRODUCED = execution.REPORTED
AIRED = execution.VERIFIED


@dataclass
class Counts:
    """Deliverables: planned, produced (reported by the unit), aired or published (verified by
    the supervisors), accepted (in acceptance minutes), late."""

    planned: int = 0
    produced: int = 0
    aired: int = 0
    accepted: int = 0
    late: int = 0

    def count(self, d: Deliverable, late: bool) -> None:
        self.planned += 1
        self.produced += d.status in PRODUCED
        self.aired += d.status in AIRED
        self.accepted += d.status == DeliverableStatus.ACCEPTED
        self.late += late

    @property
    def not_produced(self) -> int:
        return self.planned - self.produced

    @property
    def not_accepted(self) -> int:
        return self.planned - self.accepted

    @property
    def done(self) -> bool:
        return self.planned > 0 and self.accepted == self.planned


@dataclass
class Group:
    key: str  # the filter value of the records page
    label: str
    counts: Counts = field(default_factory=Counts)


@dataclass
class Attendance:
    """The conference's attendance, as the conference app's status hook gives it."""

    planned: int | None
    attended: int | None
    groups: list[tuple[str, int | None, int | None]]


@dataclass
class Dashboard:
    plan: Plan
    as_of: date
    overview: execution.Overview
    total: Counts
    by_activity: list[Group]
    by_unit: list[Group]
    by_month: list[Group]
    late: list[tuple[Deliverable, str]]
    indicators: dict[str, Any]
    attendance: Attendance | None
    visits: Any  # kehoach.public.selectors.PlanVisits, or None when the public app has none
    pending: list[str]

    @property
    def has_execution(self) -> bool:
        return self.total.planned > 0

    @property
    def finished(self) -> bool:
        return self.has_execution and not self.pending

    @property
    def money(self) -> execution.Figures:
        return self.overview.total


def _month_label(key: str) -> str:
    year, month = key.split("-")
    return f"{month}/{year}"


def deliverables_of(plan: Plan) -> list[Deliverable]:
    return list(
        Deliverable.objects.filter(line__plan=plan)
        .select_related("line", "contract_line__contract__contractor")
        .order_by("planned_date", "line_id", "sequence")
    )


def _unit_key(d: Deliverable) -> str:
    return str(d.contract_line.contract_id) if d.contract_line is not None else "own"


def _unit_label(d: Deliverable) -> str:
    if d.contract_line is None:
        return _("Sở tự thực hiện")
    contractor = d.contract_line.contract.contractor
    return contractor.short_name or contractor.name


def _activity_key(d: Deliverable) -> str:
    return d.line.activity or "other"


def _activity_label(key: str) -> str:
    """An activity kind's name in the language being answered (issue 23)."""
    return kind_label(key, normalise(get_language())) if key != "other" else _("Khác")


DIMENSIONS: dict[str, Callable[[Deliverable], str]] = {
    "activity": _activity_key,
    "unit": _unit_key,
    "month": lambda d: d.planned_date.strftime("%Y-%m"),
}


def _groups(
    deliverables: list[Deliverable], late: set[int], key: Callable[[Deliverable], str], label: Any
) -> list[Group]:
    out: dict[str, Group] = {}
    for d in deliverables:
        k = key(d)
        group = out.get(k)
        if group is None:
            group = out[k] = Group(k, label(k, d))
        group.counts.count(d, d.pk in late)
    return list(out.values())


def conference_attendance(plan: Plan) -> Attendance | None:
    """Attendance from ``kehoach.conference.status.plan_status`` when the conference app has
    it; None means "not yet available" (never zeros)."""
    try:
        hook = import_string("kehoach.conference.status.plan_status")
    except ImportError:
        return None
    data = hook(plan) or {}
    conference = data.get("conference", data.get("conferences"))
    if isinstance(conference, list):
        conference = conference[0] if conference else None
    if not isinstance(conference, dict):
        return None
    attendance = conference.get("attendance")
    source: dict[str, Any] = attendance if isinstance(attendance, dict) else {}
    merged = {**conference, **source}

    def number(item: dict[str, Any], *names: str) -> int | None:
        for name in names:
            value = item.get(name)
            if isinstance(value, int) and not isinstance(value, bool):
                return value
        return None

    groups = []
    for g in merged.get("groups") or []:
        if isinstance(g, dict):
            name = str(g.get("name") or g.get("group") or g.get("label") or "")
            groups.append(
                (
                    name,
                    number(g, "planned", "planned_count", "expected"),
                    number(g, "attended", "present", "checked_in", "attended_count"),
                )
            )
    planned = number(merged, "planned_total", "planned", "delegates", "expected")
    attended = number(merged, "attended_total", "attended", "present", "checked_in")
    if attended is None and groups and all(a is not None for _n, _p, a in groups):
        attended = sum(a or 0 for _n, _p, a in groups)
    if planned is None and groups and all(p is not None for _n, p, _a in groups):
        planned = sum(p or 0 for _n, p, _a in groups)
    if attended is None:
        return None
    return Attendance(planned=planned, attended=attended, groups=groups)


def plan_visits(plan: Plan, *, channels_only: bool = False) -> Any:
    """Visits per channel from the public app's short links, when it is installed."""
    try:  # inside: the public app's hook, None when it is not installed
        from kehoach.public.selectors import channel_totals, visits_by_channel
    except ImportError:
        return None
    return channel_totals(plan) if channels_only else visits_by_channel(plan)


def _pending(
    plan: Plan, total: Counts, overview: execution.Overview, indicators: dict[str, Any]
) -> list[str]:
    """What is not yet done, said plainly (a report over an unfinished campaign shows this,
    not zeros)."""
    out: list[str] = []
    if total.planned == 0:
        out.append(
            _(
                "Chưa có hợp đồng, sản phẩm nào được giao thực hiện: chưa có kết quả thực hiện "
                "để báo cáo."
            )
        )
    else:
        if total.not_produced:
            out.append(
                _(
                    "%(n)s/%(total)s sản phẩm chưa được thực hiện "
                    "(chưa báo cáo phát sóng, đăng tải)."
                )
                % {"n": total.not_produced, "total": total.planned}
            )
        if total.planned - total.aired:
            out.append(
                _("%(n)s/%(total)s sản phẩm chưa được xác nhận đã phát sóng, đăng tải.")
                % {"n": total.planned - total.aired, "total": total.planned}
            )
        if total.not_accepted:
            out.append(
                _("%(n)s/%(total)s sản phẩm chưa được nghiệm thu.")
                % {"n": total.not_accepted, "total": total.planned}
            )
    money = overview.total
    unpaid = core_estimate.add([money.committed, -money.paid])
    if money.committed and unpaid > 0:
        out.append(
            _("Còn %(amount)s đồng giá trị đã cam kết chưa được thanh toán.")
            % {"amount": format_vnd(unpaid)}
        )
    open_contracts = [c for c in overview.contracts if c.status != "liquidated"]
    if open_contracts:
        out.append(
            _("%(n)s/%(total)s hợp đồng chưa được thanh lý.")
            % {"n": len(open_contracts), "total": len(overview.contracts)}
        )
    if not indicators.get("comparisons"):
        out.append(
            _("Chưa có số liệu thống kê hồ sơ của thời gian chiến dịch để đánh giá hiệu quả.")
        )
    return out


def dashboard(plan: Plan, today: date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    overview = execution.overview(plan, today)
    deliverables = deliverables_of(plan)
    late_ids = {d.pk for d, _who in overview.late}
    total = Counts()
    for d in deliverables:
        total.count(d, d.pk in late_ids)
    indicators = plan_indicators(plan)
    by_activity = _groups(deliverables, late_ids, _activity_key, lambda k, d: _activity_label(k))
    by_activity.sort(key=lambda g: g.label)
    months = _groups(deliverables, late_ids, DIMENSIONS["month"], lambda k, d: _month_label(k))
    by_unit = _groups(deliverables, late_ids, _unit_key, lambda k, d: _unit_label(d))
    # Two units with the same short name (the district and the town of Cai Lậy): full names.
    names = {str(c.pk): c.contractor.name for c in overview.contracts}
    labels = [g.label for g in by_unit]
    for g in by_unit:
        if labels.count(g.label) > 1 and g.key in names:
            g.label = names[g.key]
    return Dashboard(
        plan=plan,
        as_of=today,
        overview=overview,
        total=total,
        by_activity=by_activity,
        by_unit=by_unit,
        by_month=sorted(months, key=lambda g: g.key),
        late=overview.late,
        indicators=indicators,
        attendance=conference_attendance(plan),
        visits=plan_visits(plan),
        pending=_pending(plan, total, overview, indicators),
    )


def records(plan: Plan, filters: dict[str, str], today: date | None = None) -> list[dict[str, Any]]:
    """The deliverables behind a figure of the dashboard: filtered by activity, executing
    unit, month, stage (produced, aired, accepted, not done) and late."""
    today = today or timezone.localdate()
    overview = execution.overview(plan, today)
    late_ids = {d.pk for d, _who in overview.late}
    out = []
    for d in deliverables_of(plan):
        if any(filters.get(name) and DIMENSIONS[name](d) != filters[name] for name in DIMENSIONS):
            continue
        stage = filters.get("stage", "")
        if stage == "produced" and d.status not in PRODUCED:
            continue
        if stage == "aired" and d.status not in AIRED:
            continue
        if stage == "accepted" and d.status != DeliverableStatus.ACCEPTED:
            continue
        if stage == "not_done" and d.status in PRODUCED:
            continue
        if stage == "not_accepted" and d.status == DeliverableStatus.ACCEPTED:
            continue
        if filters.get("late") and d.pk not in late_ids:
            continue
        out.append(
            {
                "deliverable": d,
                "unit": _unit_label(d),
                "activity": _activity_label(_activity_key(d)),
                "late": d.pk in late_ids,
            }
        )
    return out


# -- the department, year by year ---------------------------------------------------------------


@dataclass
class PlanRow:
    plan: Plan
    counts: Counts
    money: execution.Figures


@dataclass
class Year:
    year: int
    plans: list[PlanRow]
    counts: Counts
    money: execution.Figures


@dataclass
class Department:
    """One year of the organisation's plans, and the years it has plans in."""

    year: Year
    years: list[int]


def department_years(organisation: Any) -> list[int]:
    """The years the organisation has plans in, newest first (one query)."""
    return list(
        Plan.objects.filter(organisation=organisation)
        .exclude(status="superseded")
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def _line_total(row: dict[str, Any]) -> Any:
    """A line's total by the core's arithmetic (the figures build_estimate gives it)."""
    return core_estimate.EstimateLine(
        content="",
        quantity=row["quantity"],
        unit_price=row["unit_price"],
        airings=row["airings"],
        airing_unit_price=row["airing_unit_price"],
        lump_sum=row["lump_sum"],
    ).total


def department(
    organisation: Any, year: int | None = None, today: date | None = None
) -> Department | None:
    """The organisation's plans of one year (issued versions superseded by a revision left
    out) with their deliverables and money — by default the current year, or the latest year
    with plans. A fixed number of aggregate queries, whatever the number of plans (issue 25):
    counts are grouped by plan in the database; amounts are summed per line by the core."""
    today = today or timezone.localdate()
    years = department_years(organisation)
    if not years:
        return None
    if year not in years:
        year = today.year if today.year in years else years[0]
    plans = list(
        Plan.objects.filter(organisation=organisation, year=year)
        .exclude(status="superseded")
        .order_by("id")
    )
    ids = [p.pk for p in plans]
    counts = _deliverable_counts(ids, today)
    money = _plan_money(ids)
    return Department(year=_year_total(year, plans, counts, money), years=years)


def _deliverable_counts(ids: list[int], today: date) -> dict[int, Counts]:
    """The plans' deliverables — planned, produced, aired, accepted and late on ``today`` —
    counted per plan in one query."""
    counts = {pk: Counts() for pk in ids}
    shown = AsRunRecord.objects.filter(deliverable=OuterRef("pk")).exclude(
        decision=Decision.REJECTED
    )
    on_time = shown.filter(aired_at__date__lte=OuterRef("planned_date"))
    late = CaseWhen(
        When(Q(Exists(shown)) & ~Q(Exists(on_time)), then=1),
        When(
            ~Q(Exists(shown))
            & Q(status__in=(DeliverableStatus.PLANNED, DeliverableStatus.REJECTED))
            & Q(planned_date__lt=today),
            then=1,
        ),
        default=0,
        output_field=IntegerField(),
    )
    rows = (
        Deliverable.objects.filter(line__plan_id__in=ids)
        .annotate(is_late=late)
        .values("line__plan_id")
        .order_by()
        .annotate(
            planned=Count("id"),
            produced=Count("id", filter=Q(status__in=PRODUCED)),
            aired=Count("id", filter=Q(status__in=AIRED)),
            accepted=Count("id", filter=Q(status=DeliverableStatus.ACCEPTED)),
            late=Sum("is_late"),
        )
    )
    for row in rows:
        c = counts[row["line__plan_id"]]
        c.planned, c.produced, c.aired = row["planned"], row["produced"], row["aired"]
        c.accepted, c.late = row["accepted"], row["late"] or 0
    return counts


def _plan_money(ids: list[int]) -> dict[int, execution.Figures]:
    """The plans' money: estimated per line by the core; committed and accepted per contract
    line; paid from the payments the State Treasury confirmed; the department's own expenses
    counted as committed, accepted and paid. Four queries."""
    row: Any  # the rows of several values() queries, each its own shape
    totals: dict[int, list[Any]] = {pk: [] for pk in ids}
    for row in EstimateLine.objects.filter(plan_id__in=ids).values(
        "plan_id", "quantity", "unit_price", "airings", "airing_unit_price", "lump_sum"
    ):
        totals[row["plan_id"]].append(_line_total(row))
    committed: dict[int, list[Any]] = {pk: [] for pk in ids}
    accepted: dict[int, list[Any]] = {pk: [] for pk in ids}
    for row in (
        ContractLine.objects.filter(contract__plan_id__in=ids)
        .values("id", "contract__plan_id", "amount", "quantity")
        .annotate(done=Count("deliverables", filter=Q(deliverables__status="accepted")))
        .order_by()
    ):
        pk = row["contract__plan_id"]
        committed[pk].append(row["amount"])
        accepted[pk].append(
            core_estimate.prorate(
                row["amount"], Decimal(row["done"]), Decimal(execution.units(row["quantity"]))
            )
        )
    paid: dict[int, list[Any]] = {pk: [] for pk in ids}
    for row in (
        Payment.objects.filter(contract__plan_id__in=ids)
        .exclude(voucher_number="")
        .filter(voucher_date__isnull=False)
        .values("contract__plan_id")
        .order_by()
        .annotate(total=Sum("amount"))
    ):
        paid[row["contract__plan_id"]].append(row["total"])
    for row in (
        Expense.objects.filter(line__plan_id__in=ids)
        .values("line__plan_id")
        .order_by()
        .annotate(total=Sum("amount"))
    ):
        pk = row["line__plan_id"]
        for bucket in (committed, accepted, paid):
            bucket[pk].append(row["total"])
    return {
        pk: execution.Figures(
            estimated=core_estimate.add(totals[pk]),
            committed=core_estimate.add(committed[pk]),
            accepted=core_estimate.add(accepted[pk]),
            paid=core_estimate.add(paid[pk]),
        )
        for pk in ids
    }


def _year_total(
    year: int,
    plans: list[Plan],
    counts: dict[int, Counts],
    money: dict[int, execution.Figures],
) -> Year:
    """A row per plan, and the year's deliverables and money added up over them."""
    out = Year(year, [], Counts(), execution.Figures())
    for plan in plans:
        figures = money[plan.pk]
        row_counts = counts[plan.pk]
        out.plans.append(PlanRow(plan, row_counts, figures))
        for name in ("planned", "produced", "aired", "accepted", "late"):
            setattr(out.counts, name, getattr(out.counts, name) + getattr(row_counts, name))
        out.money.add(figures)
    return out


# -- the catalogue on a day (the communication outline) ------------------------------------------


@dataclass
class OutlineData:
    on: date
    synthetic: bool
    by_level: dict[str, int]
    total: int
    level3_or_above: int
    level4: int
    fields: list[tuple[str, dict[str, int]]]  # field -> {level group: count}
    agencies: list[tuple[str, str, int, int]]  # tier, agency, online services, of them full
    portal: dict[str, str]


def agency_tier(agency: str) -> str:
    """The administrative tier of an agency's name: commune, district or province."""
    key = fold(agency)
    if key.startswith(("ubnd xa", "ubnd phuong", "ubnd thi tran", "uy ban nhan dan xa")):
        return "xã"
    if key.startswith(("ubnd huyen", "ubnd thi xa", "ubnd thanh pho", "uy ban nhan dan huyen")):
        return "huyện"
    if " huyen " in f" {key} " or "cap huyen" in key:
        return "huyện"
    return "tỉnh"


def outline_data(organisation: Any, on: date) -> OutlineData:
    counts = catalogue_counts(organisation, on)
    fields: dict[str, dict[str, int]] = {}
    agencies: dict[tuple[str, str], list[int]] = {}
    for record in catalogue_records(organisation):
        level = record.level_on(on)
        if level is None or LEVEL_RANK[level] < 3:
            continue
        group = "4" if LEVEL_RANK[level] == 4 else "3"
        row = fields.setdefault(record.field or "—", {"3": 0, "4": 0})
        row[group] += 1
        agency = record.agency or "—"
        totals = agencies.setdefault((agency_tier(agency), agency), [0, 0])
        totals[0] += 1
        totals[1] += group == "4"
    tier_order = {"tỉnh": 0, "huyện": 1, "xã": 2}
    portal: dict[str, str] = {}
    try:  # inside: the public app's hook, none when it is not installed
        from kehoach.public.selectors import portal_for

        portal = dict(portal_for(organisation))
    except (ImportError, LookupError, KeyError):
        portal = {}
    return OutlineData(
        on=on,
        synthetic=catalogue_is_synthetic(organisation),
        by_level=dict(counts.by_level),
        total=counts.total,
        level3_or_above=counts.level3_or_above,
        level4=counts.level4,
        fields=sorted(fields.items(), key=lambda item: (-(item[1]["3"] + item[1]["4"]), item[0])),
        agencies=sorted(
            ((tier, name, n, full) for (tier, name), (n, full) in agencies.items()),
            key=lambda row: (tier_order[row[0]], -row[2], row[1]),
        ),
        portal=portal,
    )


def report_file(plan: Plan, report_pk: int, kind: str) -> ReportFile | None:
    """A frozen file of one of the plan's issued reports, in one format."""
    return ReportFile.objects.filter(report__plan=plan, report__pk=report_pk, kind=kind).first()
