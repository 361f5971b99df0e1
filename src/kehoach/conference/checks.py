"""What this app gives the plan checks, as data (plans.selectors.CHECK_INPUTS): the activities
another source pays for, the management line's basis from the supervision record, and the
conference's own finding (its groups against its total). Core stays pure: it only reads the
markers put on the document."""

from __future__ import annotations

from kehoach.conference import selectors
from kehoach.conference.models import Conference, Funding
from kehoach.core.checks.conference import check_groups
from kehoach.core.findings import Finding
from kehoach.core.plan import PlanDocument
from kehoach.plans.models import Plan


def plan_inputs(plan: Plan, doc: PlanDocument) -> list[Finding]:
    findings: list[Finding] = []
    conferences = list(
        Conference.objects.filter(plan=plan).select_related("activity").prefetch_related("groups")
    )
    for conference in conferences:
        if conference.funding == Funding.ELSEWHERE and conference.activity is not None:
            doc.funded_elsewhere[conference.activity.number] = conference.funding_source
        findings += check_groups(
            conference.title,
            conference.planned_total,
            [(g.name, g.planned) for g in conference.groups.all()],
        )
    bases = selectors.supervision_basis(plan)
    if bases:
        for _section, line in doc.estimate.walk_lines():
            basis = bases.get(line.db_id or 0)
            if basis is not None and not line.basis.strip():
                line.basis = basis.text
    return findings
