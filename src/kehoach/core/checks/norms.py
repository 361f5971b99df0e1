"""Price norms: a unit price above the norm in force on the plan's date (NORM_EXCEEDED), or a
priced line with no norm to judge it by (NORM_MISSING). Norms are data — each with its legal
source and validity period — given to the check, never constants in code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kehoach.core.estimate import EstimateLine
from kehoach.core.findings import Finding
from kehoach.core.money import format_vnd
from kehoach.core.plan import PlanDocument
from kehoach.core.vocabulary import kind_label, line_media


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
            findings.append(
                Finding(
                    code="NORM_MISSING",
                    message_vi=f"Không có định mức nào cho '{kind_label(line.activity)}' còn hiệu "
                    f"lực ngày {day:%d/%m/%Y}; đơn giá của dòng '{line.content}' chưa được đối "
                    "chiếu.",
                    message_en=f"No norm for '{kind_label(line.activity, 'en')}' in force on "
                    f"{day:%d/%m/%Y}; the price of '{line.content}' is not checked.",
                    where=line.where,
                )
            )
            continue
        price, column = prices[0]
        if price > norm.max_unit_price:
            example = " (định mức minh họa)" if norm.is_example else ""
            example_en = " (example norm)" if norm.is_example else ""
            findings.append(
                Finding(
                    code="NORM_EXCEEDED",
                    message_vi=f"Đơn giá {format_vnd(price)} đồng của dòng '{line.content}' cao "
                    f"hơn định mức {format_vnd(norm.max_unit_price)} đồng/{norm.unit} theo "
                    f"{norm.legal_source}{example}.",
                    message_en=f"The unit price {format_vnd(price)} of '{line.content}' is above "
                    f"the norm of {format_vnd(norm.max_unit_price)} per {norm.unit} set by "
                    f"{norm.legal_source}{example_en}.",
                    where=line.where,
                    data={"price": int(price), "norm": int(norm.max_unit_price), "column": column},
                )
            )
    return findings
