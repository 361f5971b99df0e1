"""The rules this app applies, from data: the overtime multipliers (Labour Code 2019, Art. 98)
and the conference's costs from the price norms in force on its date. Every amount is rounded
by :func:`kehoach.core.money.round_vnd`, the one rounding function."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from kehoach.core.checks.norms import Norm
from kehoach.core.money import format_quantity, format_vnd, round_vnd
from kehoach.core.vocabulary import kind_label

CONFERENCE_KINDS = ("conference_meal", "conference_hall", "conference_materials")


def _load(name: str) -> dict[str, Any]:
    text = resources.files("kehoach.conference").joinpath(f"data/{name}").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def overtime_rules() -> dict[str, Any]:
    return _load("overtime_rules.json")


def multiplier(day_type: str) -> Decimal:
    for rule in overtime_rules()["rules"]:
        if rule["day_type"] == day_type:
            return Decimal(rule["multiplier"])
    raise KeyError(day_type)


def overtime_pay(hours: Decimal, hourly_wage: Decimal, day_type: str) -> Decimal:
    """hours × hourly wage × the multiplier of the day (Labour Code 2019, Art. 98(1))."""
    return round_vnd(hours * hourly_wage * multiplier(day_type))


@dataclass
class CostLine:
    kind: str
    label: str
    quantity: Decimal
    unit: str
    unit_price: Decimal | None
    amount: Decimal | None
    legal_source: str
    is_example: bool


@dataclass
class Costs:
    lines: list[CostLine]
    on: date

    @property
    def total(self) -> Decimal:
        return sum((c.amount for c in self.lines if c.amount is not None), Decimal(0))

    @property
    def complete(self) -> bool:
        return all(c.amount is not None for c in self.lines)

    def basis(self) -> str:
        """The estimate line's "căn cứ tính": how the total was arrived at."""
        parts = [
            f"{c.label}: {format_quantity(c.quantity)} {c.unit} × {format_vnd(c.unit_price)}"
            for c in self.lines
            if c.unit_price is not None
        ]
        sources = sorted({c.legal_source for c in self.lines if c.legal_source})
        return (" + ".join(parts) + f" (theo {'; '.join(sources)})")[:300]


def conference_costs(delegates: int, days: int, norms: list[Norm], on: date) -> Costs:
    """Meals per delegate per day, the hall per day, materials per delegate, each at the norm
    in force on the conference's date (the most recent one; a missing norm leaves its line
    without an amount)."""
    quantities = {
        "conference_meal": Decimal(delegates * days),
        "conference_hall": Decimal(days),
        "conference_materials": Decimal(delegates),
    }
    lines = []
    for kind in CONFERENCE_KINDS:
        candidates = sorted(
            (n for n in norms if n.activity_kind == kind and n.in_force(on)),
            key=lambda n: -n.valid_from.toordinal(),
        )
        norm = candidates[0] if candidates else None
        quantity = quantities[kind]
        lines.append(
            CostLine(
                kind=kind,
                label=kind_label(kind),
                quantity=quantity,
                unit=norm.unit if norm else "",
                unit_price=norm.max_unit_price if norm else None,
                amount=round_vnd(quantity * norm.max_unit_price) if norm else None,
                legal_source=norm.legal_source if norm else "",
                is_example=norm.is_example if norm else False,
            )
        )
    return Costs(lines=lines, on=on)
