"""The conference part of ``kehoach status``: per conference its planned total and its groups
with their planned and attended numbers, its costs from the norms and its funding decision;
the content items with the stations that have not downloaded them; the supervision basis."""

from __future__ import annotations

from typing import Any

from kehoach.conference import selectors
from kehoach.plans.models import Plan


def plan_status(plan: Plan, language: str = "vi") -> dict[str, Any]:
    """Codes, names and figures as they are; the supervision basis, said by kehoach, in
    ``language``."""
    conferences = []
    for conference in plan.conferences.all():
        att = selectors.attendance(conference)
        costs = selectors.costs(conference)
        conferences.append(
            {
                "id": conference.pk,
                "title": conference.title,
                "date": conference.date.isoformat(),
                "place": conference.place,
                "planned_total": att.planned_total,
                "groups_add_up": att.adds_up,
                "invited": att.invited,
                "attended": att.attended,
                "groups": [
                    {"name": g.name, "planned": g.planned, "attended": g.attended}
                    for g in att.groups
                ],
                "costs": {"total": int(costs.total), "complete": costs.complete},
                "funding": conference.funding or None,
                "funding_source": conference.funding_source,
            }
        )
    first = conferences[0] if conferences else {}
    return {
        "conference": {
            **first,
            "conferences": conferences,
            "content": [
                {
                    "title": s.item.title,
                    "kind": s.item.kind,
                    "stations": len(s.stations),
                    "not_downloaded": [r.name for r in s.not_downloaded],
                }
                for s in selectors.content_status(plan)
            ],
            "supervision": [
                {
                    "line": b.line.content,
                    "hours": str(b.hours),
                    "amount": int(b.amount),
                    "basis": b.said.text(language),
                }
                for b in selectors.supervision_basis(plan).values()
            ],
        }
    }
