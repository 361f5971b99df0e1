"""An estimate and its execution as open budget data: a Fiscal Data Package style description
(frictionlessdata.io fiscal-data-package: a data package whose ``model`` maps the measure and
the dimensions) and its rows, one per estimate line and phase — estimated, committed, accepted,
paid. The figures are the execution overview's (execution/selectors.py), never recomputed."""

from __future__ import annotations

import csv
import io
from typing import Any

from kehoach.documents.cells import csv_dict
from kehoach.execution import selectors
from kehoach.plans.models import Plan

PHASES = ("estimated", "committed", "accepted", "paid")
FIELDS = [
    ("fiscal_year", "integer"),
    ("plan", "string"),
    ("section_code", "string"),
    ("section_title", "string"),
    ("line_key", "string"),
    ("line_number", "string"),
    ("content", "string"),
    ("executing_unit", "string"),
    ("phase", "string"),
    ("amount", "integer"),
]


def rows(plan: Plan) -> list[dict[str, Any]]:
    overview = selectors.overview(plan)
    out: list[dict[str, Any]] = []
    for section in overview.sections:
        for line in section.lines:
            for phase in PHASES:
                out.append(
                    {
                        "fiscal_year": overview.budget.year,
                        "plan": plan.reference,
                        "section_code": section.code,
                        "section_title": section.title,
                        "line_key": line.key,
                        "line_number": line.number,
                        "content": line.content,
                        "executing_unit": "; ".join(line.contractors) or plan.organisation.name,
                        "phase": phase,
                        "amount": int(getattr(line.figures, phase)),
                    }
                )
    return out


def slug(plan: Plan) -> str:
    return f"kehoach-{plan.organisation.code.lower()}-{plan.year}-{plan.pk}"


def package(plan: Plan) -> dict[str, Any]:
    overview_rows = rows(plan)
    budget_year = overview_rows[0]["fiscal_year"] if overview_rows else plan.year
    return {
        "profile": "fiscal-data-package",
        "name": slug(plan),
        "title": f"{plan.reference} {plan.title}".strip(),
        "currency": "VND",
        "fiscal_period": {"start": f"{budget_year}-01-01", "end": f"{budget_year}-12-31"},
        "model": {
            "measures": {
                "amount": {"source": "amount", "currency": "VND", "direction": "expenditure"}
            },
            "dimensions": {
                "phase": {
                    "dimensionType": "other",
                    "attributes": {"phase": {"source": "phase"}},
                    "primaryKey": ["phase"],
                    "values": list(PHASES),
                },
                "activity": {
                    "dimensionType": "activity",
                    "attributes": {
                        "line_key": {"source": "line_key"},
                        "content": {"source": "content", "labelfor": "line_key"},
                        "section_code": {"source": "section_code"},
                        "section_title": {"source": "section_title"},
                    },
                    "primaryKey": ["line_key"],
                },
                "executing_unit": {
                    "dimensionType": "entity",
                    "attributes": {"executing_unit": {"source": "executing_unit"}},
                    "primaryKey": ["executing_unit"],
                },
                "date": {
                    "dimensionType": "datetime",
                    "attributes": {"fiscal_year": {"source": "fiscal_year"}},
                    "primaryKey": ["fiscal_year"],
                },
            },
        },
        "resources": [
            {
                "name": "estimate-execution",
                "path": f"{slug(plan)}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [{"name": n, "type": t} for n, t in FIELDS],
                },
            }
        ],
        "data": overview_rows,
    }


def to_csv(plan: Plan) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[n for n, _t in FIELDS], lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_dict(row) for row in rows(plan))  # "=2+3" stays text (issue 21)
    return buffer.getvalue()
