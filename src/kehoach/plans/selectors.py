"""Selectors read (docs/conventions.md §4): what the views and the command line show."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kehoach.accounts.access import organisations_for
from kehoach.core.checks import run_checks
from kehoach.core.checks.norms import Norm, check_norms
from kehoach.core.findings import Finding, sort_findings
from kehoach.core.plan import PlanDocument
from kehoach.core.text import fold
from kehoach.plans.mapping import plan_to_document
from kehoach.plans.models import Plan, PriceNorm


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
    from django.utils.module_loading import import_string

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
