"""The reports part of ``kehoach status PLAN``: the final report's state and what is not yet
done (the dashboard's figures themselves are execution's and outcomes' parts)."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from kehoach.plans.models import Plan
from kehoach.reports import selectors
from kehoach.reports.models import Report


def plan_status(plan: Plan, language: str = "vi") -> dict[str, Any]:
    """The report's codes and counts as they are; what is not yet done (``not_done``), said by
    kehoach, in ``language``."""
    with translation.override(language):  # the dashboard says what is pending in it
        dash = selectors.dashboard(plan)
    return {
        "reports": {
            "final": [
                {
                    "status": r.status,
                    "number": r.reference or None,
                    "date": r.date.isoformat() if r.date else None,
                    "files": sorted(f.kind for f in r.files.all()),
                }
                for r in Report.objects.filter(plan=plan).prefetch_related("files")
            ],
            "deliverables": {
                "planned": dash.total.planned,
                "produced": dash.total.produced,
                "aired": dash.total.aired,
                "accepted": dash.total.accepted,
                "late": dash.total.late,
            },
            "finished": dash.finished,
            "not_done": dash.pending,
            "conference_attendance": None
            if dash.attendance is None
            else {"planned": dash.attendance.planned, "attended": dash.attendance.attended},
        }
    }
