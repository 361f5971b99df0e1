"""The execution part of ``kehoach status``: the contracts with their values and, per line,
the deliverables planned / reported / verified / accepted and the money estimated /
committed / accepted / paid."""

from __future__ import annotations

from typing import Any

from kehoach.execution import selectors
from kehoach.plans.models import Plan


def plan_status(plan: Plan, language: str = "vi") -> dict[str, Any]:
    """Codes, names and figures only: nothing here is said by kehoach itself, so ``language``
    changes nothing (the funding source and the contractors' names are the data's own)."""
    o = selectors.overview(plan)
    return {
        "execution": {
            "budget": {
                "year": o.budget.year,
                "funding_source": o.budget.funding_source,
                "paid_by_year_end": int(o.paid_by_year_end),
                "unspent_at_year_end": int(o.unspent_at_year_end),
                "after_year": {
                    "deliverables": len(o.after_year_deliverables),
                    "payments": len(o.after_year_payments),
                    "expenses": len(o.after_year_expenses),
                },
            },
            "contracts": [
                {
                    "id": u.contract.pk,
                    "contractor": u.contract.contractor.name,
                    "number": u.contract.number,
                    "status": u.contract.status,
                    "value": int(u.contract.value),
                    "accepted": int(u.figures.accepted),
                    "paid": int(u.figures.paid),
                    "deliverables": u.figures.as_dict()["deliverables"],
                }
                for u in o.units
            ],
            "lines": [
                {
                    "key": line.key,
                    "content": line.content,
                    "executing_units": line.contractors,
                    **line.figures.as_dict(),
                }
                for section in o.sections
                for line in section.lines
            ],
            "sections": {s.key: s.figures.as_dict() for s in o.sections},
            "total": o.total.as_dict(),
        }
    }
