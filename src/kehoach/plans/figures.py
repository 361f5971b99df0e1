"""A plan's figures without its document: each line's section and five figures, each section's
parent and code, read in two queries of plain values (no model instances, no estimate tree).

What a save of one line needs, and nothing more (issue 22): the bounds of the line, of the
sections that hold it and of the grand total (kehoach.core.bounds), and the totals the grid
repaints — the line's, its sections' and the grand total, computed by kehoach.core.estimate
(``line_amount``, ``rolled_up``), the same arithmetic as the whole estimate's. A property test
(tests/web/test_line_figures.py) holds these equal to ``section_totals(build_estimate(plan))``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from kehoach.core import bounds
from kehoach.core.estimate import line_amount, rolled_up
from kehoach.plans.models import EstimateLine, EstimateSection

FIGURES = ("quantity", "unit_price", "airings", "airing_unit_price", "lump_sum")

Figures = tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None, Decimal | None]


@dataclass(frozen=True)
class PlanFigures:
    lines: dict[int, tuple[int, Figures]]  # line id -> (section id, the five figures)
    parents: dict[int, int | None]  # section id -> parent section id
    codes: dict[int, str]  # section id -> its code (for the bounds' messages)

    @classmethod
    def from_rows(
        cls,
        lines: Iterable[tuple[int, int, Figures]],
        sections: Iterable[tuple[int, int | None, str]],
    ) -> PlanFigures:
        """From (line id, section id, figures) and (section id, parent id, code) rows."""
        section_rows = list(sections)
        return cls(
            lines={pk: (section, figures) for pk, section, figures in lines},
            parents={pk: parent for pk, parent, _code in section_rows},
            codes={pk: code for pk, _parent, code in section_rows},
        )

    @classmethod
    def read(cls, plan_id: int) -> PlanFigures:
        """The plan's figures as stored: two queries, whatever the number of lines."""
        rows = (
            EstimateLine.objects.filter(plan_id=plan_id)
            .order_by()
            .values_list("pk", "section_id", *FIGURES)
        )
        sections = EstimateSection.objects.filter(plan_id=plan_id).values_list(
            "pk", "parent_id", "code"
        )
        return cls.from_rows(((r[0], r[1], tuple(r[2:])) for r in rows), sections)  # type: ignore[misc]

    def with_line(self, line_id: int, section_id: int, figures: Figures) -> PlanFigures:
        """The same plan with one line's figures (and section) changed."""
        return replace(self, lines={**self.lines, line_id: (section_id, figures)})

    def chain(self, section_id: int | None) -> list[int]:
        """The section and the sections holding it, outermost first."""
        found: list[int] = []
        while section_id is not None and section_id not in found:
            found.append(section_id)
            section_id = self.parents.get(section_id)
        return found[::-1]

    # -- the amounts (kehoach.core.estimate) ---------------------------------------------------
    def line_total(self, line_id: int) -> Decimal:
        return line_amount(*self.lines[line_id][1])

    def section_totals(self) -> dict[int, Decimal]:
        """Every section's total (its lines and its subsections'), by section id."""
        own: dict[int, Decimal] = {}
        for section, figures in self.lines.values():
            own[section] = own.get(section, Decimal(0)) + line_amount(*figures)
        return rolled_up(own, self.parents)

    def grand_total(self, totals: dict[int, Decimal] | None = None) -> Decimal:
        totals = totals if totals is not None else self.section_totals()
        tops = (pk for pk, parent in self.parents.items() if parent is None)
        return sum((totals[pk] for pk in tops), Decimal(0))

    # -- the bounds (kehoach.core.bounds) ------------------------------------------------------
    def refusal(self, line_id: int) -> bounds.Refusal | None:
        """The first bound the plan breaks through ``line_id``: the grand total, then each
        section holding the line from the innermost out (each line counted by
        ``bounds.line_total``, unrounded, as the bounds are written)."""
        own: dict[int, Decimal] = {}
        for section, figures in self.lines.values():
            own[section] = own.get(section, Decimal(0)) + bounds.line_total(*figures)
        refusal = bounds.check_grand_total(sum(own.values(), Decimal(0)))
        sums = rolled_up(own, self.parents)
        for section in reversed(self.chain(self.lines[line_id][0])):
            refusal = refusal or bounds.check_section_total(
                sums.get(section, Decimal(0)), self.codes.get(section, "")
            )
        return refusal
