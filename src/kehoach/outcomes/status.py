"""The outcomes part of `kehoach status PLAN`: indicators against targets, the baseline check,
and the synthetic label with its parameters when the data is synthetic."""

from __future__ import annotations

from typing import Any

from kehoach.outcomes.selectors import plan_indicators


def plan_status(plan: Any, language: str = "vi") -> dict[str, Any]:
    """The indicators' codes and figures as they are; the synthetic label and the findings in
    ``language``."""
    data = plan_indicators(plan)
    period = data["period"]
    synthetic = data["synthetic"]
    return {
        "indicators": {
            "synthetic": (
                {"label": synthetic.describe(language), "parameters": synthetic.to_dict()}
                if synthetic
                else None
            ),
            "campaign_period": [d.isoformat() for d in period] if period else None,
            "baseline_period": (
                [d.isoformat() for d in data["baseline_period"]]
                if data["baseline_period"]
                else None
            ),
            "comparisons": {
                c.indicator: {
                    "baseline": _rate(c.baseline),
                    "campaign": _rate(c.campaign),
                    "difference_points": _text(c.difference_points(2)),
                    "direction": c.direction,
                }
                for c in data["comparisons"]
            },
            "targets": [
                {
                    "objective": objective.text[:200],
                    "indicator": result.indicator,
                    "target": str(result.target),
                    "unit": result.unit,
                    "measured": _text(result.measured),
                    "met": result.met,
                }
                for objective, result in data["targets"]
            ],
            "baseline": data["baseline"],
            "findings": [f.to_dict(language) for f in data["findings"]],
        }
    }


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _rate(rate: Any) -> dict[str, Any]:
    return {
        "numerator": rate.numerator,
        "denominator": rate.denominator,
        "percent": _text(rate.percent(2)),
    }
