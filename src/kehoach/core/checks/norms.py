"""Price norms: a unit price above the norm in force on the plan's date (NORM_EXCEEDED), or a
priced line with no norm to judge it by (NORM_MISSING). Norms are data — each with its legal
source and validity period — given to the check, never constants in code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kehoach.core.estimate import EstimateLine
from kehoach.core.findings import Finding
from kehoach.core.messages import declare
from kehoach.core.money import format_vnd
from kehoach.core.plan import PlanDocument
from kehoach.core.vocabulary import kind_name, line_media

# What the check says (docs/architecture.md, "Messages"): English in the catalogue only.
MISSING = declare(
    "NORM_MISSING",
    "Không có định mức nào cho '{kind}' còn hiệu lực ngày {day}; đơn giá của dòng '{content}' "
    "chưa được đối chiếu.",
)
EXCEEDED = declare(
    "NORM_EXCEEDED",
    "Đơn giá {price} đồng của dòng '{content}' cao hơn định mức {norm} đồng/{unit} theo {source}.",
)
EXCEEDED_EXAMPLE = declare(
    "NORM_EXCEEDED",
    "Đơn giá {price} đồng của dòng '{content}' cao hơn định mức {norm} đồng/{unit} theo "
    "{source} (định mức minh họa).",
)


@dataclass(frozen=True)
class Norm:
    activity_kind: str
    unit: str
    max_unit_price: Decimal
    legal_source: str
    valid_from: date
    valid_to: date | None = None
    medium: str = ""
    region: str = ""
    is_example: bool = False

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on < self.valid_to)


def norm_for(
    line: EstimateLine, line_medium: str | None, norms: list[Norm], on: date
) -> Norm | None:
    candidates = [
        n
        for n in norms
        if n.activity_kind == line.activity
        and n.in_force(on)
        and (not n.medium or n.medium == line_medium)
    ]
    # The most specific (with a medium) and the most recent first.
    candidates.sort(key=lambda n: (not n.medium, -n.valid_from.toordinal()))
    return candidates[0] if candidates else None


def check_norms(doc: PlanDocument, norms: list[Norm], *, on: date | None = None) -> list[Finding]:
    day = on or doc.header.date
    if day is None or not norms:
        return []
    findings = []
    media = line_media(doc.estimate)
    for _section, line in doc.estimate.walk_lines():
        if not line.activity or line.activity == "management":
            continue
        prices = [
            (p, c)
            for p, c in (
                (line.unit_price, "unit_price"),
                (line.airing_unit_price, "airing_unit_price"),
            )
            if p is not None
        ]
        if not prices:
            continue
        norm = norm_for(line, media.get(line.key), norms, day)
        if norm is None:
            said = MISSING.with_params(
                kind=kind_name(line.activity), day=f"{day:%d/%m/%Y}", content=line.content
            )
            findings.append(Finding.of(said, line.where))
            continue
        price, column = prices[0]
        if price > norm.max_unit_price:
            said = (EXCEEDED_EXAMPLE if norm.is_example else EXCEEDED).with_params(
                price=format_vnd(price),
                content=line.content,
                norm=format_vnd(norm.max_unit_price),
                unit=norm.unit,
                source=norm.legal_source,
            )
            findings.append(
                Finding.of(
                    said,
                    line.where,
                    data={"price": int(price), "norm": int(norm.max_unit_price), "column": column},
                )
            )
    return findings
