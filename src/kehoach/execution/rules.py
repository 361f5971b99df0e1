"""Who carries out an estimate line: rules by activity kind and medium over the organisation
kinds of the plan's province (``data/executing_units.json``), never the sample's wording.

A line whose ``executing_unit`` names an organisation goes to it. Otherwise the first rule
matching the line's activity kind (or, failing that, its medium) gives an organisation kind:
none means the department performs the line itself (no contract); ``split`` shares the line's
quantity among every organisation of that kind valid on the plan's date (the district
stations); otherwise one organisation of that kind, preferring one the line's wording names.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from kehoach.accounts.models import Organisation
from kehoach.core import vocabulary
from kehoach.core.bounds import clamp_year
from kehoach.core.text import fold
from kehoach.plans.models import EstimateLine, EstimateSection, Plan


@cache
def _data() -> dict[str, Any]:
    text = resources.files("kehoach.execution").joinpath("data/executing_units.json")
    data: dict[str, Any] = json.loads(text.read_text("utf-8"))
    return data


@dataclass
class Assignment:
    line: EstimateLine
    kind: str
    medium: str
    organisations: list[Organisation] = field(default_factory=list)
    split: bool = False

    @property
    def is_own(self) -> bool:
        """The department performs the line itself: expenses, no contract."""
        return not self.organisations


def plan_day(plan: Plan) -> date:
    return plan.date or date(clamp_year(plan.year), 1, 1)


def _context(line: EstimateLine, sections: dict[int, EstimateSection]) -> list[str]:
    """The line's wording, then its section titles from the nearest up."""
    texts = [line.content]
    section: EstimateSection | None = sections.get(line.section_id)
    while section is not None:
        texts.append(section.title)
        section = sections.get(section.parent_id) if section.parent_id else None
    return texts


def _kind_and_medium(line: EstimateLine, texts: list[str]) -> tuple[str, str]:
    kind = line.activity or vocabulary.activity_kind(line.content) or ""
    medium = ""
    for text in texts:
        found = vocabulary.medium(text)
        if found:
            medium = found
            break
    return kind, medium


def _names(org: Organisation) -> list[str]:
    return [n for n in (fold(org.name), fold(org.short_name), fold(org.code)) if n]


def _named(text: str, candidates: list[Organisation]) -> Organisation | None:
    key = fold(text)
    if not key:
        return None
    for org in candidates:
        for name in _names(org):
            if key == name or name in key or (len(key) > 6 and key in name):
                return org
    return None


def label_base(kind: str, medium: str, line: EstimateLine) -> str:
    labels = _data()["labels"].get(kind, {})
    return str(labels.get(medium) or labels.get("") or line.content)


def candidates(plan: Plan) -> list[Organisation]:
    """Organisations that can carry out a line of this plan: the plan's province, valid on
    the plan's date, not the department itself."""
    day = plan_day(plan)
    province = plan.organisation.province
    rows = Organisation.objects.exclude(pk=plan.organisation_id)
    if province:
        rows = rows.filter(province=province)
    return [o for o in rows.order_by("code") if o.valid_on(day)]


def assign(plan: Plan) -> list[Assignment]:
    sections = {s.pk: s for s in plan.sections.all()}
    lines = sorted(
        plan.lines.all(),
        key=lambda ln: (_section_order(ln.section_id, sections), ln.position, ln.pk),
    )
    orgs = candidates(plan)
    out = []
    for line in lines:
        texts = _context(line, sections)
        kind, medium = _kind_and_medium(line, texts)
        assignment = Assignment(line=line, kind=kind, medium=medium)
        explicit = _named(line.executing_unit, orgs) if line.executing_unit else None
        if explicit is not None:
            assignment.organisations = [explicit]
            out.append(assignment)
            continue
        for rule in _data()["rules"]:
            if "activities" in rule and kind not in rule["activities"]:
                continue
            if "media" in rule and medium not in rule["media"]:
                continue
            wanted = rule["organisation_kind"]
            if wanted is None:
                break
            of_kind = [o for o in orgs if o.kind == wanted]
            if not of_kind:
                continue
            if rule.get("split"):
                assignment.organisations = of_kind
                assignment.split = True
            else:
                named = next(
                    (o for text in texts if (o := _named_in(text, of_kind)) is not None), None
                )
                assignment.organisations = [named or of_kind[0]]
            break
        out.append(assignment)
    return out


def _named_in(text: str, orgs: list[Organisation]) -> Organisation | None:
    """An organisation whose name appears in a phrase ("Đăng báo Áp Bắc" -> Báo Ấp Bắc)."""
    words = f" {fold(text)} "
    for org in orgs:
        for name in (fold(org.name), fold(org.short_name)):
            if name and f" {name} " in words:
                return org
    return None


def _section_order(section_id: int, sections: dict[int, EstimateSection]) -> tuple[int, ...]:
    path: list[int] = []
    section: EstimateSection | None = sections.get(section_id)
    while section is not None:
        path.insert(0, section.position)
        section = sections.get(section.parent_id) if section.parent_id else None
    return tuple(path)
