"""Selectors read: the catalogue as core records, the monthly table as core rows, a plan's
indicators against its targets, the baseline check. The arithmetic is core's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.shortcuts import get_object_or_404

from kehoach.core.checks.outcomes import StatRow, check_baseline, check_statistics
from kehoach.core.findings import Finding
from kehoach.core.indicators import (
    INDICATOR_LABELS_VI,
    INDICATORS,
    TREND_MONTHS,
    Comparison,
    Figures,
    Row,
    TargetResult,
    add_months,
    compare_periods,
    indicator_for_target,
    target_against,
)
from kehoach.core.outcomes import (
    CatalogueCounts,
    LevelPeriod,
    RoadmapResult,
    RoadmapTarget,
    ServiceRecord,
    count_catalogue,
    month_of,
    parse_stated_baseline,
    roadmap_supply,
)
from kehoach.core.periods import Period
from kehoach.core.text import fold
from kehoach.outcomes.models import (
    FIGURE_FIELDS,
    ImportKind,
    MonthlyStat,
    OutcomeImport,
    RoadmapItem,
    Service,
)
from kehoach.outcomes.synthetic import SyntheticParams


def catalogue_records(organisation: Any, codes: Any = None) -> list[ServiceRecord]:
    """The organisation's catalogue as core records (only the services ``codes`` names, a list
    or a subquery, when given)."""
    services = Service.objects.filter(organisation=organisation).prefetch_related("levels")
    if codes is not None:
        services = services.filter(code__in=codes)
    return [
        ServiceRecord(
            code=s.code,
            name=s.name,
            field=s.field,
            agency=s.agency,
            levels=tuple(
                LevelPeriod(p.level, p.valid_from, p.valid_to, p.original_value)
                for p in s.levels.all()
            ),
        )
        for s in services
    ]


def catalogue_counts(organisation: Any, on: date) -> CatalogueCounts:
    return count_catalogue(catalogue_records(organisation), on)


def roadmap(organisation: Any) -> list[RoadmapResult]:
    targets = [
        RoadmapTarget(i.code, i.name, i.target_level, i.due, i.source)
        for i in RoadmapItem.objects.filter(organisation=organisation)
    ]
    return roadmap_supply(catalogue_records(organisation), targets)


def search_services(organisation: Any, q: str = "") -> Any:
    services = Service.objects.filter(organisation=organisation).prefetch_related("levels")
    for word in fold(q).split():
        services = services.filter(search_key__contains=word)
    return services


def _latest_per_key(stats: Any) -> list[Any]:
    """One figure per period, agency, service and district: where two sources give the same
    one, the most recent import's (sources are never summed into a double count)."""
    best: dict[tuple[Any, ...], Any] = {}
    for s in stats:
        key = (s.month, s.period_end, s.agency, s.service, s.district)
        if key not in best or (s.job_id or 0) > (best[key].job_id or 0):
            best[key] = s
    return sorted(best.values(), key=lambda s: (s.month, s.agency, s.service, s.district))


def _figures(s: Any) -> Figures:
    return Figures(
        **{f: getattr(s, f) for f in FIGURE_FIELDS},
        received_total=s.stated_received,
        resolved_total=s.stated_resolved,
    )


def stat_rows(
    organisation: Any,
    *,
    with_catalogue: bool = True,
    start: date | None = None,
    end: date | None = None,
) -> list[Row]:
    """The table as core rows (each period as it is; the periods starting in [start, end)
    when given); a row naming a service gets its field and its level at the start of the
    period from the catalogue (only the services the rows name are read)."""
    stats = MonthlyStat.objects.filter(organisation=organisation)
    if start is not None:
        stats = stats.filter(month__gte=start)
    if end is not None:
        stats = stats.filter(month__lt=end)
    records = (
        {
            r.code: r
            for r in catalogue_records(
                organisation, stats.exclude(service="").values("service").distinct()
            )
        }
        if with_catalogue
        else {}
    )
    rows = []
    stats = stats.only(
        "month",
        "period_end",
        "period_kind",
        "agency",
        "service",
        "district",
        "job_id",
        "stated_received",
        "stated_resolved",
        *FIGURE_FIELDS,
    )
    for s in _latest_per_key(stats):
        record = records.get(s.service) if s.service else None
        rows.append(
            Row(
                month=s.month,
                figures=_figures(s),
                agency=s.agency,
                service=s.service,
                district=s.district,
                field=record.field if record else "",
                level=(record.level_on(s.month) or "") if record else "",
                kind=s.period_kind,
                period_end=s.period_end,
            )
        )
    return rows


def statistics_findings(organisation: Any) -> list[Finding]:
    rows = [
        StatRow(
            month=s.month,
            period_end=s.period_end,
            kind=s.period_kind,
            agency=s.agency,
            service=s.service,
            district=s.district,
            figures=_figures(s),
            stated_received=s.stated_received,
            stated_resolved=s.stated_resolved,
            stated_total=s.stated_total,
            stated_online_rate=Decimal(s.stated_rate_text) if s.stated_rate_text else None,
            stated_rates={k: Decimal(v) for k, v in (s.stated_rates or {}).items()},
            line=s.line,
            source=s.source,
        )
        for s in _latest_per_key(MonthlyStat.objects.filter(organisation=organisation))
    ]
    return check_statistics(rows)


def synthetic_periods(
    organisation: Any, start: date | None = None, end: date | None = None
) -> list[str]:
    """Keys of the periods whose figures are synthetic (marked per import and period, never per
    organisation: one real month imported is real); only the periods starting in [start, end)
    when given."""
    stats = MonthlyStat.objects.filter(organisation=organisation)
    if start is not None:
        stats = stats.filter(month__gte=start)
    if end is not None:
        stats = stats.filter(month__lt=end)
    stats = stats.only(
        "month", "period_end", "period_kind", "agency", "service", "district", "job_id", "synthetic"
    )
    out = set()
    for s in _latest_per_key(stats):
        if s.synthetic:
            out.add(Period(s.month, s.period_end or s.month, s.period_kind).key)
    return sorted(out)


def synthetic_params(
    organisation: Any, start: date | None = None, end: date | None = None
) -> SyntheticParams | None:
    """The generator's parameters when the organisation's statistics (those of the periods
    starting in [start, end) when given) include synthetic rows."""
    if not synthetic_periods(organisation, start, end):
        return None
    job = (
        OutcomeImport.objects.filter(organisation=organisation, kind=ImportKind.SYNTHETIC)
        .order_by("-id")
        .first()
    )
    if job is None or "synthetic" not in job.summary:
        return SyntheticParams()
    return SyntheticParams.from_dict(job.summary["synthetic"])


def catalogue_is_synthetic(organisation: Any) -> bool:
    return Service.objects.filter(organisation=organisation, synthetic=True).exists()


def service_by_pk(pk: int) -> Service:
    """A service with its organisation (404 when there is none)."""
    return get_object_or_404(Service.objects.select_related("organisation"), pk=pk)


def services_of(organisations: list[Any]) -> QuerySet[Service]:
    """The catalogues of the organisations, each service with its levels over time."""
    return (
        Service.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .prefetch_related("levels")
        .order_by("organisation_id", "code")
    )


def monthly_stats(
    organisations: list[Any], month_from: date | None = None, month_to: date | None = None
) -> QuerySet[MonthlyStat]:
    """The organisations' monthly statistics, the months from ``month_from``'s to ``month_to``
    when given, in a stable order."""
    rows = MonthlyStat.objects.filter(organisation__in=organisations).select_related("organisation")
    if month_from:
        rows = rows.filter(month__gte=month_from.replace(day=1))
    if month_to:
        rows = rows.filter(month__lte=month_to)
    return rows.order_by("organisation_id", "month", "agency", "service", "district", "id")


def imports_of(organisation: Any) -> QuerySet[OutcomeImport]:
    """The organisation's imports, newest first, without their files."""
    return OutcomeImport.objects.filter(organisation=organisation).defer("content")


def import_job(pk: int) -> OutcomeImport:
    """An import with its organisation and person (404 when there is none)."""
    return get_object_or_404(OutcomeImport.objects.select_related("organisation", "user"), pk=pk)


# -- a plan ---------------------------------------------------------------------------------


def plan_period(plan: Any) -> tuple[date, date] | None:
    """The campaign's months: from the month of the plan's date to the end of its year
    (exclusive end), until the execution app gives the real delivery dates."""
    if plan.date is None:
        return None
    return month_of(plan.date), date(plan.date.year + 1, 1, 1)


@dataclass
class Delivery:
    """Something the campaign delivered on a day (an airing, a publication, the conference)."""

    day: date
    kind: str
    label: str
    district: str = ""


def campaign_deliveries(plan: Any) -> list[Delivery]:
    """FEED POINT for the execution app (issue 6): the campaign's as-run deliveries of a plan.

    Not wired yet: the execution app is being written concurrently. When it offers
    ``kehoach.execution.selectors.plan_deliveries(plan)`` yielding objects or dicts with a
    ``day`` (or ``date``), a ``kind``, a ``label`` and optionally a ``district``, they are marked
    on the charts; until then this returns [] and the charts mark the plan's period instead.
    """
    try:
        from kehoach.execution import selectors  # inside: a hook the execution app may not offer

        feed = getattr(selectors, "plan_deliveries")  # noqa: B009 - a hook not yet provided
    except (ImportError, AttributeError):
        return []
    out = []
    for item in feed(plan):

        def get(name: str, item: Any = item) -> Any:
            return item.get(name) if isinstance(item, dict) else getattr(item, name, None)

        day = get("day") or get("date")
        if isinstance(day, date):
            out.append(
                Delivery(
                    day, str(get("kind") or ""), str(get("label") or ""), get("district") or ""
                )
            )
    return out


def district_airings(plan: Any) -> dict[str, int]:
    """Airings per district of a plan, from the deliveries (empty until execution feeds them)."""
    out: dict[str, int] = {}
    for delivery in campaign_deliveries(plan):
        if delivery.district:
            out[delivery.district] = out.get(delivery.district, 0) + 1
    return out


def _stated_text(plan: Any) -> tuple[str, int | None]:
    parts = [o.text for o in plan.objectives.all()] + [plan.content or ""]
    return "\n".join(parts), None


def baseline_findings(
    plan: Any, records: list[ServiceRecord] | None = None
) -> tuple[dict[str, Any] | None, list[Finding]]:
    """The plan's stated baseline against the catalogue on its date."""
    text, line = _stated_text(plan)
    stated = parse_stated_baseline(text)
    if stated is None or plan.date is None:
        return None, []
    counts = (
        count_catalogue(records, plan.date)
        if records is not None
        else catalogue_counts(plan.organisation, plan.date)
    )
    info = {
        "stated": {"level3_or_above": stated.level3_or_above, "level4": stated.level4},
        "catalogue": {"level3_or_above": counts.level3_or_above, "level4": counts.level4},
        "on": plan.date.isoformat(),
        "quote": stated.quote,
        "synthetic_catalogue": catalogue_is_synthetic(plan.organisation),
    }
    if counts.by_level == {}:
        return {**info, "catalogue": None}, []
    return info, check_baseline(stated, counts, source_line=line)


def figures_until(organisation: Any, upto: date) -> Figures:
    """The sum of every month before ``upto``, added up by the database (one query)."""
    sums = MonthlyStat.objects.filter(organisation=organisation, month__lt=upto).aggregate(
        **{f: Sum(f) for f in FIGURE_FIELDS}
    )
    return Figures(**{f: int(sums[f] or 0) for f in FIGURE_FIELDS})


def _measured(indicator: str, plan: Any, upto: date, records: Any) -> Decimal | None:
    if indicator in INDICATORS:
        return INDICATORS[indicator](figures_until(plan.organisation, upto)).percent(2)
    counts = count_catalogue(records(), upto)
    if not counts.by_level:
        return None
    return Decimal(counts.level4 if indicator == "level4" else counts.level3_or_above)


def plan_indicators(plan: Any) -> dict[str, Any]:
    """Indicators of the campaign period against the baseline period; targets against the
    measured values; the baseline check; the synthetic label when the data is synthetic."""
    period = plan_period(plan)
    # Only the months a comparison reads are read (issue 25): the campaign, its baseline and
    # the months its pre-campaign trend is fitted on; the catalogue once, when a target or the
    # stated baseline needs it.
    window = (
        (
            min(add_months(period[0], -len(_months(period))), add_months(period[0], -TREND_MONTHS)),
            period[1],
        )
        if period
        else None
    )
    rows = (
        stat_rows(plan.organisation, with_catalogue=False, start=window[0], end=window[1])
        if window
        else []
    )
    catalogue: list[list[ServiceRecord]] = []

    def records() -> list[ServiceRecord]:
        if not catalogue:
            catalogue.append(catalogue_records(plan.organisation))
        return catalogue[0]

    comparisons = _comparisons(plan, period, rows)
    targets = _targets(plan, period, records)
    baseline, findings = _baseline(plan, records)
    return {
        "period": period,
        "baseline_period": (add_months(period[0], -(len(_months(period)))), period[0])
        if period
        else None,
        "comparisons": comparisons,
        "sources": comparison_sources(plan.organisation, period) if period else [],
        "targets": targets,
        "baseline": baseline,
        "findings": findings,
        "synthetic": synthetic_params(plan.organisation, *window)
        if window
        else synthetic_params(plan.organisation),
        "labels": INDICATOR_LABELS_VI,
    }


def _comparisons(plan: Any, period: tuple[date, date] | None, rows: list[Row]) -> list[Comparison]:
    """Each indicator of the campaign period against its baseline period (none without a
    period or without figures), the districts with airings as the treated ones."""
    if not (period and rows):
        return []
    treated = list(district_airings(plan))
    return [
        compare_periods(rows, period[0], period[1], name, treated=treated) for name in INDICATORS
    ]


def _targets(
    plan: Any, period: tuple[date, date] | None, records: Callable[[], list[ServiceRecord]]
) -> list[tuple[Any, TargetResult]]:
    """Each objective with a target, against the value measured at the period's end (today
    without a period)."""
    targets: list[tuple[Any, TargetResult]] = []
    for objective in plan.objectives.all():
        if objective.target_value is None:
            continue
        indicator = indicator_for_target(objective.target_unit, objective.text)
        upto = period[1] if period else date.today()
        measured = _measured(indicator, plan, upto, records) if indicator else None
        targets.append(
            (
                objective,
                target_against(indicator, objective.target_value, objective.target_unit, measured),
            )
        )
    return targets


def _baseline(
    plan: Any, records: Callable[[], list[ServiceRecord]]
) -> tuple[dict[str, Any] | None, list[Finding]]:
    """The stated baseline against the catalogue, when the plan is dated and states one."""
    if plan.date is not None and parse_stated_baseline(_stated_text(plan)[0]) is not None:
        return baseline_findings(plan, records())
    return None, []


def comparison_sources(organisation: Any, period: tuple[date, date]) -> list[dict[str, Any]]:
    """The sources of the figures on each side of a comparison (which imports, which periods),
    so that figures of different origins are never compared without saying so."""
    length = len(_months(period))
    start = add_months(period[0], -length)
    out: dict[str, dict[str, Any]] = {}
    stats = MonthlyStat.objects.filter(
        organisation=organisation, month__gte=start, month__lt=period[1]
    ).values_list("source", "month", "synthetic")
    for source, month, synthetic in stats:
        entry = out.setdefault(
            source or "—",
            {"source": source or "—", "before": set(), "during": set(), "synthetic": False},
        )
        entry["before" if month < period[0] else "during"].add(month)
        entry["synthetic"] = entry["synthetic"] or synthetic
    return [
        {**e, "before": len(e["before"]), "during": len(e["during"])}
        for e in sorted(out.values(), key=lambda e: e["source"])
    ]


def _months(period: tuple[date, date]) -> list[date]:
    out, month = [], period[0]
    while month < period[1]:
        out.append(month)
        month = add_months(month, 1)
    return out
