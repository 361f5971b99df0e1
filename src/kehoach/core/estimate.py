"""The budget estimate (dự toán kinh phí): a tree of sections and lines, and its arithmetic.

This module is the only place where kehoach computes an amount. Every other part of the
system — checks, writers, the web editor — asks it.

Values stated in a document are kept beside the computed ones (``stated_*``), so that a
check can compare what the authors wrote with what the figures give.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TypeVar

from kehoach.core.findings import Where
from kehoach.core.money import round_vnd
from kehoach.core.text import fold

K = TypeVar("K")


@dataclass
class EstimateLine:
    content: str
    number: str = ""
    key: str = ""  # "A.I.1": section key and line number (or position)
    duration: str = ""
    unit: str = ""
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    airings: Decimal | None = None
    airing_unit_price: Decimal | None = None
    lump_sum: Decimal | None = None  # an amount given without quantity × price
    basis: str = ""  # how a lump sum was arrived at
    note: str = ""
    executing_unit: str = ""
    activity: str | None = None  # activity kind this line funds (glossary code)
    stated_amount: Decimal | None = None
    stated_airing_amount: Decimal | None = None
    stated_total: Decimal | None = None
    where: Where = field(default_factory=lambda: Where(part="appendix"))
    # The stored row this line was built from (kehoach.plans.mapping), None for a line read
    # from a file: its id and its version (the editor's rows carry it). A link to the
    # database, not part of what the line says: neither compared nor shown.
    db_id: int | None = field(default=None, compare=False, repr=False)
    version: int | None = field(default=None, compare=False, repr=False)

    # -- arithmetic -------------------------------------------------------------------------
    @property
    def ambiguous_price(self) -> bool:
        """A production price and an airing price with no airings: is the quantity produced
        or aired? The total could be either product or their sum."""
        return (
            self.unit_price is not None
            and self.airing_unit_price is not None
            and self.airings is None
            and self.quantity is not None
        )

    @property
    def effective_airings(self) -> Decimal | None:
        """Airings, or the quantity when the line has only an airing price (a pure broadcast)."""
        if self.airings is not None:
            return self.airings
        if self.unit_price is None and self.airing_unit_price is not None:
            return self.quantity
        return None

    @property
    def is_rebroadcast(self) -> bool:
        """A rebroadcast ("Phát lại …"): its quantity is a number of airings, nothing is made."""
        return self.activity == "rebroadcast" or fold(self.content).startswith("phat lai")

    @property
    def airs_its_quantity(self) -> bool:
        """A rebroadcast stating no airings whose one price is the price of an airing — alone in
        the airing column, or the same figure in both price columns ("110 | 150.000 | … |
        150.000"): the quantity is the number of airings and the line comes to quantity ×
        that price. That is the total computed either way (``production_amount`` with the
        price in both columns, ``airing_amount`` with it in the airing column only), so a
        writer may lay the line out as airings (the workbook's live airing formulas, issue 19)
        without changing any amount."""
        return (
            self.is_rebroadcast
            and self.airings is None
            and self.quantity is not None
            and self.airing_unit_price is not None
            and self.unit_price in (None, self.airing_unit_price)
        )

    @property
    def production_amount(self) -> Decimal | None:
        if self.quantity is None or self.unit_price is None:
            return None
        return round_vnd(self.quantity * self.unit_price)

    @property
    def airing_amount(self) -> Decimal | None:
        airings = self.effective_airings
        if airings is None or self.airing_unit_price is None:
            return None
        return round_vnd(airings * self.airing_unit_price)

    @property
    def is_lump_sum(self) -> bool:
        return self.production_amount is None and self.airing_amount is None

    @property
    def total(self) -> Decimal:
        """The computed line total: production plus broadcast; a lump sum otherwise.

        Remembered against the figures it comes from, so that asking again (pages, checks and
        writers ask many times) costs a tuple comparison, and changing a figure recomputes it."""
        inputs = (
            self.quantity,
            self.unit_price,
            self.airings,
            self.airing_unit_price,
            self.lump_sum,
            self.stated_total,
            self.stated_amount,
            self.stated_airing_amount,
        )
        memo = self.__dict__.get("_total_memo")
        if memo is not None and memo[0] == inputs:
            return memo[1]  # type: ignore[no-any-return]
        value = self._compute_total()
        self.__dict__["_total_memo"] = (inputs, value)
        return value

    def _compute_total(self) -> Decimal:
        production, airing = self.production_amount, self.airing_amount
        if production is None and airing is None:  # is_lump_sum, without computing both again
            for value in (
                self.lump_sum,
                self.stated_total,
                self.stated_amount,
                self.stated_airing_amount,
            ):
                if value is not None:
                    return round_vnd(value)
            return Decimal(0)
        return (production or Decimal(0)) + (airing or Decimal(0))

    @property
    def stated_or_total(self) -> Decimal:
        """What the document says the line comes to, or the computed total if it says nothing."""
        if self.stated_total is not None:
            return self.stated_total
        stated = [v for v in (self.stated_amount, self.stated_airing_amount) if v is not None]
        return sum(stated, Decimal(0)) if stated else self.total


@dataclass
class EstimateSection:
    code: str
    title: str
    key: str = ""
    lines: list[EstimateLine] = field(default_factory=list)
    sections: list[EstimateSection] = field(default_factory=list)
    stated_total: Decimal | None = None
    stated_total_where: Where | None = None
    where: Where = field(default_factory=lambda: Where(part="appendix"))
    # The stored section's id (kehoach.plans.mapping), None for a section read from a file;
    # neither compared nor shown, as a line's.
    db_id: int | None = field(default=None, compare=False, repr=False)

    @property
    def total(self) -> Decimal:
        return sum((ln.total for ln in self.lines), Decimal(0)) + sum(
            (s.total for s in self.sections), Decimal(0)
        )

    @property
    def stated_children_total(self) -> Decimal:
        """The sum of what the document states for each child (computed where it states none)."""
        return sum((ln.stated_or_total for ln in self.lines), Decimal(0)) + sum(
            (s.stated_or_total for s in self.sections), Decimal(0)
        )

    @property
    def stated_or_total(self) -> Decimal:
        return self.stated_total if self.stated_total is not None else self.stated_children_total

    def walk_lines(self) -> Iterator[tuple[EstimateSection, EstimateLine]]:
        for line in self.lines:
            yield self, line
        for sub in self.sections:
            yield from sub.walk_lines()

    def walk_sections(self) -> Iterator[EstimateSection]:
        yield self
        for sub in self.sections:
            yield from sub.walk_sections()


@dataclass
class Estimate:
    title: str = ""
    reference_text: str = ""  # "Kế hoạch số: 46/QH-STTTT ngày 21/7/2016 của ..."
    sections: list[EstimateSection] = field(default_factory=list)
    stated_total: Decimal | None = None
    stated_total_where: Where | None = None
    stated_words: str | None = None
    stated_words_where: Where | None = None
    unit_scale: Decimal = Decimal(1)  # 1000 when the table says "nghìn đồng"
    columns: list[str] = field(default_factory=list)
    # How each money cell of the source table wrote its figure ("dot", "comma", "plain"),
    # for the mixed-format check.
    cell_styles: list[tuple[str, Where]] = field(default_factory=list)
    where: Where = field(default_factory=lambda: Where(part="appendix"))

    @property
    def total(self) -> Decimal:
        return sum((s.total for s in self.sections), Decimal(0))

    @property
    def stated_children_total(self) -> Decimal:
        return sum((s.stated_or_total for s in self.sections), Decimal(0))

    @property
    def established_total(self) -> Decimal:
        """The total the appendix stands for: its stated grand total when that total agrees with
        its sections (as stated or as computed), the computed total otherwise."""
        stated = self.stated_total
        if stated is not None and stated in (self.stated_children_total, self.total):
            return stated
        return self.total

    def walk_lines(self) -> Iterator[tuple[EstimateSection, EstimateLine]]:
        for section in self.sections:
            yield from section.walk_lines()

    def walk_sections(self) -> Iterator[EstimateSection]:
        for section in self.sections:
            yield from section.walk_sections()

    @property
    def is_empty(self) -> bool:
        return not self.sections


# -- figures without the tree ----------------------------------------------------------------
# The estimate grid's save answers a line's total, its sections' totals and the grand total
# without building the whole estimate (issue 22); the amounts still come from here.


def line_amount(
    quantity: Decimal | None,
    unit_price: Decimal | None,
    airings: Decimal | None = None,
    airing_unit_price: Decimal | None = None,
    lump_sum: Decimal | None = None,
) -> Decimal:
    """A line's computed total from its five figures: :attr:`EstimateLine.total` of a line
    that states nothing (as the plans' lines do)."""
    return EstimateLine(
        content="",
        quantity=quantity,
        unit_price=unit_price,
        airings=airings,
        airing_unit_price=airing_unit_price,
        lump_sum=lump_sum,
    ).total


def rolled_up(own: dict[K, Decimal], parents: dict[K, K | None]) -> dict[K, Decimal]:
    """Each section's total from the amounts of its own lines (``own``) and its parent
    (``parents``): its own amount plus its subsections' totals, as :attr:`EstimateSection.total`
    adds them. Every section of ``parents`` has a total (0 when it holds nothing)."""
    totals: dict[K, Decimal] = {key: Decimal(0) for key in parents}
    for key, amount in own.items():
        seen: set[K] = set()
        cursor: K | None = key
        while cursor is not None and cursor not in seen:
            seen.add(cursor)
            totals[cursor] = totals.get(cursor, Decimal(0)) + amount
            cursor = parents.get(cursor)
    return totals


# -- execution: parts of a line, and money spread over parts -----------------------------------
# Contracts, acceptance and payments (kehoach.execution) take shares of the estimate; the
# arithmetic stays here so that there is still one place where amounts are computed.


def line_share(line: EstimateLine, quantity: Decimal) -> Decimal:
    """What ``quantity`` units of a line cost: the line computed again with that quantity (and
    its airings in proportion); a lump sum in proportion to its quantity, or whole."""
    if line.quantity is None or line.quantity == 0:
        return line.total
    if quantity == line.quantity:
        return line.total
    if line.is_lump_sum:
        return round_vnd(line.total * quantity / line.quantity)
    airings = line.airings * quantity / line.quantity if line.airings is not None else None
    part = replace(
        line,
        quantity=quantity,
        airings=airings,
        stated_amount=None,
        stated_airing_amount=None,
        stated_total=None,
    )
    return part.total


def prorate(amount: Decimal, part: Decimal, whole: Decimal) -> Decimal:
    """``amount`` × part / whole, rounded once; the whole amount exactly when part is whole."""
    if whole == 0:
        return Decimal(0)
    if part == whole:
        return amount
    return round_vnd(amount * part / whole)


def split_units(quantity: Decimal, parts: int) -> list[Decimal]:
    """Whole units shared as evenly as possible (the first parts take the remainder); a
    fractional rest goes to the last part. 44 over 11 -> 4 each; 10 over 3 -> 4, 3, 3."""
    if parts <= 0:
        return []
    whole = int(quantity)
    rest = quantity - whole
    base, extra = divmod(whole, parts)
    shares = [Decimal(base + (1 if i < extra else 0)) for i in range(parts)]
    shares[-1] += rest
    return shares


def allocate(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """``total`` spread over ``weights`` in whole đồng, adding up exactly (largest remainder)."""
    whole = sum(weights, Decimal(0))
    if not weights:
        return []
    if whole == 0:
        return [Decimal(0)] * len(weights)
    raw = [total * w / whole for w in weights]
    floors = [Decimal(int(r)) for r in raw]
    left = int(total - sum(floors, Decimal(0)))
    order = sorted(range(len(raw)), key=lambda i: raw[i] - floors[i], reverse=True)
    for i in order[:left]:
        floors[i] += 1
    return floors


def add(values: list[Decimal]) -> Decimal:
    """A sum of amounts (committed, accepted, paid …)."""
    return sum(values, Decimal(0))


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole``, to one decimal; None when there is no whole."""
    if whole == 0:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"))
