"""Selectors read (docs/conventions.md §4): what the views and the command line show."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.module_loading import import_string

from kehoach.accounts.access import organisations_for
from kehoach.audit.models import AuditEntry
from kehoach.core.checks import run_checks
from kehoach.core.checks.norms import Norm, check_norms
from kehoach.core.findings import Finding, sort_findings
from kehoach.core.plan import PlanDocument
from kehoach.core.text import fold
from kehoach.plans.mapping import plan_to_document
from kehoach.plans.models import (
    Activity,
    EstimateLine,
    EstimateSection,
    ImportJob,
    IssuedFile,
    Plan,
    PriceNorm,
)


def plans_for_user(
    user: Any, *, year: int | None = None, status: str = "", q: str = ""
) -> QuerySet[Plan]:
    plans = Plan.objects.filter(organisation__in=organisations_for(user)).select_related(
        "organisation"
    )
    if year:
        plans = plans.filter(year=year)
    if status:
        plans = plans.filter(status=status)
    for word in fold(q).split():
        plans = plans.filter(search_key__contains=word)
    return plans


def recent_plans(organisation: Any, count: int = 20) -> QuerySet[Plan]:
    """The organisation's newest plans (by year, then the latest made)."""
    return Plan.objects.filter(organisation=organisation).order_by("-year", "-id")[:count]


def plan_history(plan: Plan) -> QuerySet[AuditEntry]:
    """Who changed what in the plan and its execution, newest first."""
    return AuditEntry.objects.filter(plan=plan).select_related("actor").order_by("-at", "-id")


def import_job(pk: int) -> ImportJob:
    """An import job with its organisation (404 when there is none)."""
    return get_object_or_404(ImportJob.objects.select_related("organisation"), pk=pk)


def line_with_plan(plan_pk: int, line_pk: int) -> EstimateLine | None:
    """A line of the plan with its plan and organisation, in one query."""
    return (
        EstimateLine.objects.select_related("plan__organisation")
        .filter(pk=line_pk, plan_id=plan_pk)
        .first()
    )


def find_line(plan: Plan, line_pk: int) -> EstimateLine | None:
    """A line of the plan, or None (its plan not fetched again)."""
    return EstimateLine.objects.filter(pk=line_pk, plan=plan).first()


# A plan's parts by their key (404 when the plan has none). The key is passed on as the page
# sent it: the database field reads it, as it did when the views asked themselves.


def line_of(plan: Plan, pk: int | str) -> EstimateLine:
    return get_object_or_404(EstimateLine, pk=pk, plan=plan)


def section_of(plan: Plan, pk: int | str | None) -> EstimateSection:
    return get_object_or_404(EstimateSection, pk=pk, plan=plan)


def activity_of(plan: Plan, pk: int | str) -> Activity:
    return get_object_or_404(Activity, pk=pk, plan=plan)


def issued_file_of(plan: Plan, pk: int) -> IssuedFile:
    """A file of one of the plan's issued versions."""
    return get_object_or_404(IssuedFile, pk=pk, version__plan=plan)


def price_norms(organisation: Any) -> QuerySet[PriceNorm]:
    """The organisation's own norms and the built-in examples, by kind, newest first."""
    # `organisation__in=[…, None]` never matches the built-in set (NULL): ask for it by name
    return PriceNorm.objects.filter(
        Q(organisation=organisation) | Q(organisation__isnull=True)
    ).order_by("activity_kind", "-valid_from")


def norms_for(organisation: Any) -> list[Norm]:
    rows = PriceNorm.objects.filter(Q(organisation=organisation) | Q(organisation__isnull=True))
    return [
        Norm(
            activity_kind=n.activity_kind,
            unit=n.unit,
            max_unit_price=n.max_unit_price,
            legal_source=n.legal_source,
            valid_from=n.valid_from,
            valid_to=n.valid_to,
            medium=n.medium,
            region=n.region,
            is_example=n.is_example,
        )
        for n in rows
    ]


# Other apps give the checks what was decided outside the plan, as data (issue 7: a
# conference funded elsewhere, the management line's basis from the supervision record): a
# function (plan, doc) that may add markers to the document and returns its own findings.
CHECK_INPUTS = ["kehoach.conference.checks.plan_inputs"]


def plan_findings(plan: Plan, doc: PlanDocument | None = None) -> list[Finding]:
    doc = doc or plan_to_document(plan)
    extra: list[Finding] = []
    for dotted in CHECK_INPUTS:
        extra += import_string(dotted)(plan, doc)
    return sort_findings(run_checks(doc) + check_norms(doc, norms_for(plan.organisation)) + extra)


def findings_by_line(findings: list[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for finding in findings:
        key = finding.where.line or finding.where.section
        if key:
            out.setdefault(key, []).append(finding)
    return out
