"""Selectors read: the figures of execution per line, section, plan and executing unit, late
items, the budget year, and what the minutes show. Every amount comes from
:mod:`kehoach.core.estimate` (shares, proration, allocation, sums)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kehoach.accounts.access import contractor_organisations_for, organisations_for
from kehoach.audit.models import AuditEntry
from kehoach.core import estimate as core_estimate
from kehoach.core.bounds import clamp_year
from kehoach.core.money import format_vnd
from kehoach.core.text import fold
from kehoach.core.words import WordsStyle, amount_to_words
from kehoach.execution.models import (
    AsRunRecord,
    Contract,
    ContractAmendment,
    ContractLine,
    Decision,
    Deliverable,
    DeliverableStatus,
    Expense,
    Minutes,
    Payment,
    PlanBudget,
)
from kehoach.plans.mapping import build_estimate
from kehoach.plans.models import EstimateLine, Plan

# -- read helpers (the services use them too) --------------------------------------------------


def default_budget(plan: Plan) -> PlanBudget:
    """The plan's funds belong to its year, from its date to 31 December (unsaved)."""
    year = clamp_year(plan.year)  # a stored year beyond the bounds never breaks a page
    start = plan.date if plan.date and plan.date.year == year else date(year, 1, 1)
    return PlanBudget(
        plan=plan,
        year=year,
        funding_source=f"Kinh phí không tự chủ năm {year}",
        period_start=start,
        period_end=date(year, 12, 31),
    )


def budget_for(plan: Plan) -> PlanBudget:
    return PlanBudget.objects.filter(plan=plan).first() or default_budget(plan)


def units(quantity: Decimal | None) -> int:
    """How many deliverables a quantity makes: one per unit, a part unit counting as one."""
    if quantity is None or quantity <= 0:
        return 1
    return max(1, math.ceil(quantity))


REPORTED = (DeliverableStatus.REPORTED, DeliverableStatus.VERIFIED, DeliverableStatus.ACCEPTED)
VERIFIED = (DeliverableStatus.VERIFIED, DeliverableStatus.ACCEPTED)


def contracts_for_user(user: Any) -> QuerySet[Contract]:
    """A contractor's own contracts; for staff, the contracts of their organisations' plans."""
    own = contractor_organisations_for(user)
    staff = organisations_for(user)
    return (
        Contract.objects.filter(Q(contractor__in=own) | Q(plan__organisation__in=staff))
        .select_related("plan", "contractor")
        .order_by("-plan__year", "plan_id", "id")
    )


def plan_contracts(plan: Plan) -> QuerySet[Contract]:
    """The plan's contracts with their contractors, in the order they were made."""
    return Contract.objects.filter(plan=plan).select_related("contractor").order_by("id")


def deliverable_of(contract: Contract, pk: int) -> Deliverable:
    """A deliverable of the contract with its plan line (404 when there is none)."""
    return get_object_or_404(
        Deliverable.objects.select_related("line"), pk=pk, contract_line__contract=contract
    )


def deliverable_with_line(pk: int) -> Deliverable | None:
    """A deliverable with its contract line, in one query."""
    return Deliverable.objects.select_related("contract_line").filter(pk=pk).first()


def estimate_line(plan: Plan, pk: int | str) -> EstimateLine:
    """A line of the plan's estimate (404 when it has none), read through the plan: the line's
    ``plan`` is the one given, so the services do not read it again."""
    return get_object_or_404(plan.lines, pk=pk)


# A contract's parts by their key (404 when the contract has none).


def contract_line_of(contract: Contract, pk: int) -> ContractLine:
    return get_object_or_404(ContractLine, pk=pk, contract=contract)


def record_of(contract: Contract, pk: int) -> AsRunRecord:
    """An airing record of one of the contract's deliverables."""
    return get_object_or_404(AsRunRecord, pk=pk, deliverable__contract_line__contract=contract)


def minutes_of(contract: Contract, pk: int) -> Minutes:
    return get_object_or_404(Minutes, pk=pk, contract=contract)


def payment_of(contract: Contract, pk: int) -> Payment:
    return get_object_or_404(Payment, pk=pk, contract=contract)


def verified_count(contract: Contract) -> int:
    """The contract's deliverables verified and waiting for acceptance."""
    return Deliverable.objects.filter(contract_line__contract=contract, status="verified").count()


def is_late(deliverable: Deliverable, first_aired: date | None, today: date) -> bool:
    """Not reported by its planned date, or reported as aired after it."""
    if first_aired is not None:
        return first_aired > deliverable.planned_date
    return deliverable.status in (DeliverableStatus.PLANNED, DeliverableStatus.REJECTED) and (
        deliverable.planned_date < today
    )


def _first_aired(deliverables: list[Deliverable]) -> dict[int, date]:
    out: dict[int, date] = {}
    for record in AsRunRecord.objects.filter(deliverable__in=deliverables).exclude(
        decision=Decision.REJECTED
    ):
        day = timezone.localtime(record.aired_at).date()
        if record.deliverable_id not in out or day < out[record.deliverable_id]:
            out[record.deliverable_id] = day
    return out


def accepted_value(contract: Contract) -> Decimal:
    """The value of the accepted deliverables: each contract line's amount for the share of
    its deliverables that is accepted (the whole amount when all are)."""
    return core_estimate.add(list(_accepted_by_line(contract).values()))


def _accepted_by_line(contract: Contract) -> dict[int, Decimal]:
    """One query whatever the number of lines: each line with its count of accepted
    deliverables."""
    out = {}
    for cl in (
        ContractLine.objects.filter(contract=contract)
        .annotate(
            done=Count("deliverables", filter=Q(deliverables__status=DeliverableStatus.ACCEPTED))
        )
        .order_by("id")
    ):
        out[cl.pk] = core_estimate.prorate(cl.amount, Decimal(cl.done), Decimal(units(cl.quantity)))
    return out


def paid_value(contract: Contract) -> Decimal:
    return core_estimate.add([p.amount for p in contract.payments.all() if p.is_paid])


@dataclass
class Figures:
    estimated: Decimal = Decimal(0)
    committed: Decimal = Decimal(0)
    accepted: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    planned: int = 0
    reported: int = 0
    verified: int = 0
    accepted_count: int = 0
    late: int = 0

    @property
    def remaining(self) -> Decimal:
        """What is left of the estimate once paid."""
        return core_estimate.add([self.estimated, -self.paid])

    @property
    def uncommitted(self) -> Decimal:
        return core_estimate.add([self.estimated, -self.committed])

    @property
    def percent(self) -> Decimal | None:
        """Paid as a share of the estimate (tỷ lệ giải ngân)."""
        return core_estimate.percent(self.paid, self.estimated)

    @property
    def overcommitted(self) -> bool:
        return self.committed > self.estimated

    def add(self, other: Figures) -> None:
        for name in ("estimated", "committed", "accepted", "paid"):
            setattr(self, name, core_estimate.add([getattr(self, name), getattr(other, name)]))
        for name in ("planned", "reported", "verified", "accepted_count", "late"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, Any]:
        return {
            "deliverables": {
                "planned": self.planned,
                "reported": self.reported,
                "verified": self.verified,
                "accepted": self.accepted_count,
                "late": self.late,
            },
            "money": {
                "estimated": int(self.estimated),
                "committed": int(self.committed),
                "accepted": int(self.accepted),
                "paid": int(self.paid),
                "remaining": int(self.remaining),
            },
        }


@dataclass
class LineRow:
    key: str
    number: str
    content: str
    line_id: int
    figures: Figures
    contractors: list[str] = field(default_factory=list)
    own: bool = False


@dataclass
class SectionRow:
    key: str
    code: str
    title: str
    depth: int
    figures: Figures
    lines: list[LineRow] = field(default_factory=list)


@dataclass
class UnitProgress:
    contract: Contract
    figures: Figures

    @property
    def percent(self) -> Decimal | None:
        return core_estimate.percent(
            Decimal(self.figures.accepted_count), Decimal(self.figures.planned)
        )


@dataclass
class Overview:
    plan: Plan
    budget: PlanBudget
    sections: list[SectionRow]
    total: Figures
    units: list[UnitProgress]
    late: list[tuple[Deliverable, str]]
    after_year_deliverables: list[Deliverable]
    after_year_payments: list[Payment]
    after_year_expenses: list[Expense]
    paid_by_year_end: Decimal
    unspent_at_year_end: Decimal
    contracts: list[Contract]


@dataclass
class _OverviewRows:
    """What the overview reads from the database, before any figure is made."""

    budget: PlanBudget
    estimate: core_estimate.Estimate
    contracts: list[Contract]
    deliverables: list[Deliverable]
    first_aired: dict[int, date]
    expenses: list[Expense]


def _overview_rows(plan: Plan) -> _OverviewRows:
    """The plan's budget, estimate, contracts (with their lines and payments), deliverables,
    first airings and expenses: a fixed number of queries whatever the plan's size."""
    budget = budget_for(plan)
    estimate = build_estimate(plan)
    contracts = list(
        Contract.objects.filter(plan=plan)
        .select_related("contractor")
        .prefetch_related(
            Prefetch("lines", queryset=ContractLine.objects.select_related("line")),
            "payments",
        )
    )
    deliverables = list(
        Deliverable.objects.filter(line__plan=plan).select_related(
            "contract_line__contract__contractor"
        )
    )
    first_aired = _first_aired(deliverables)
    expenses = list(Expense.objects.filter(line__plan=plan))
    return _OverviewRows(budget, estimate, contracts, deliverables, first_aired, expenses)


def line_money(
    paid: Decimal, lines: list[tuple[Decimal, int, int]]
) -> list[tuple[Decimal, Decimal]]:
    """A contract's money per line, from plain values: each line given as (amount, accepted
    deliverables, deliverables it makes) and what is paid on the contract; each line gets
    (accepted value, paid share). The accepted value is the amount prorated by the accepted
    deliverables; the payments go to the lines in proportion to what is accepted on them (to
    the contract amounts while nothing is accepted, e.g. an advance), adding up exactly."""
    accepted_amounts = [
        core_estimate.prorate(amount, Decimal(done), Decimal(made)) for amount, done, made in lines
    ]
    weights = accepted_amounts if any(accepted_amounts) else [amount for amount, _d, _m in lines]
    shares = core_estimate.allocate(paid, weights)
    return list(zip(accepted_amounts, shares, strict=True))


def _line_figures(by_line: dict[int, Figures], line_id: int) -> Figures:
    return by_line.setdefault(line_id, Figures())


def _count_deliverables(
    rows: _OverviewRows,
    by_line: dict[int, Figures],
    unit_figures: dict[int, Figures],
    today: date,
) -> tuple[dict[int, int], list[tuple[Deliverable, str]]]:
    """Counts the deliverables into their line's and their unit's figures; returns the accepted
    deliverables per contract line and the late deliverables with their unit's name."""
    accepted_counts: dict[int, int] = {}
    late: list[tuple[Deliverable, str]] = []
    for d in rows.deliverables:
        f = _line_figures(by_line, d.line_id)
        f.planned += 1
        f.reported += d.status in REPORTED
        f.verified += d.status in VERIFIED
        f.accepted_count += d.status == DeliverableStatus.ACCEPTED
        late_now = is_late(d, rows.first_aired.get(d.pk), today)
        f.late += late_now
        if d.contract_line is not None:
            u = unit_figures[d.contract_line.contract_id]
            u.planned += 1
            u.reported += d.status in REPORTED
            u.verified += d.status in VERIFIED
            u.accepted_count += d.status == DeliverableStatus.ACCEPTED
            u.late += late_now
            if d.status == DeliverableStatus.ACCEPTED and d.contract_line_id is not None:
                accepted_counts[d.contract_line_id] = accepted_counts.get(d.contract_line_id, 0) + 1
        if late_now:
            late.append((d, d.contract_line.contract.contractor.name if d.contract_line else ""))
    return accepted_counts, late


def _add_money(
    rows: _OverviewRows,
    accepted_counts: dict[int, int],
    by_line: dict[int, Figures],
    unit_figures: dict[int, Figures],
) -> dict[int, list[str]]:
    """Adds the contracts' and the expenses' money to their lines' and units' figures (the
    allocation itself is :func:`line_money`); returns each line's executing units' names."""
    contractors: dict[int, list[str]] = {}
    for contract in rows.contracts:
        lines = list(contract.lines.all())
        paid = paid_value(contract)
        money = line_money(
            paid, [(cl.amount, accepted_counts.get(cl.pk, 0), units(cl.quantity)) for cl in lines]
        )
        u = unit_figures[contract.pk]
        for cl, (accepted, paid_share) in zip(lines, money, strict=True):
            f = _line_figures(by_line, cl.line_id)
            f.committed = core_estimate.add([f.committed, cl.amount])
            f.accepted = core_estimate.add([f.accepted, accepted])
            f.paid = core_estimate.add([f.paid, paid_share])
            u.committed = core_estimate.add([u.committed, cl.amount])
            u.accepted = core_estimate.add([u.accepted, accepted])
            contractors.setdefault(cl.line_id, []).append(
                contract.contractor.short_name or contract.contractor.name
            )
        u.paid = paid
        u.estimated = u.committed
    for expense in rows.expenses:
        f = _line_figures(by_line, expense.line_id)
        for name in ("committed", "accepted", "paid"):
            setattr(f, name, core_estimate.add([getattr(f, name), expense.amount]))
    return contractors


def _section_rows(
    estimate: core_estimate.Estimate,
    by_line: dict[int, Figures],
    contractors: dict[int, list[str]],
) -> tuple[list[SectionRow], Figures]:
    """The estimate's sections (depth first) with their lines' figures and the estimate's
    amounts, and the plan's total."""
    sections: list[SectionRow] = []
    total = Figures()

    def walk(section: core_estimate.EstimateSection, depth: int) -> None:
        row = SectionRow(
            key=section.key, code=section.code, title=section.title, depth=depth, figures=Figures()
        )
        sections.append(row)
        for _sub, line in section.walk_lines():
            line_id = line.db_id
            assert line_id is not None  # an estimate built from the database (build_estimate)
            line_figures = _line_figures(by_line, line_id)
            line_figures.estimated = line.total
            row.figures.add(line_figures)
        for line in section.lines:
            line_id = line.db_id
            assert line_id is not None
            names = contractors.get(line_id, [])
            row.lines.append(
                LineRow(
                    key=line.key,
                    number=line.number,
                    content=line.content,
                    line_id=line_id,
                    figures=_line_figures(by_line, line_id),
                    contractors=names,
                    own=not names,
                )
            )
        for sub in section.sections:
            walk(sub, depth + 1)

    for section in estimate.sections:
        index = len(sections)
        walk(section, 0)
        total.add(sections[index].figures)
    return sections, total


def overview(plan: Plan, today: date | None = None) -> Overview:
    """Estimated / committed / accepted / paid per line, section and plan; progress per
    executing unit; late items; the budget year's flags and balance. The rows are read first
    (:func:`_overview_rows`), then counted and allocated without a query."""
    today = today or timezone.localdate()
    rows = _overview_rows(plan)
    year_end = date(rows.budget.year, 12, 31)
    contracts, deliverables, expenses = rows.contracts, rows.deliverables, rows.expenses
    by_line: dict[int, Figures] = {}
    unit_figures: dict[int, Figures] = {c.pk: Figures() for c in contracts}
    accepted_counts, late = _count_deliverables(rows, by_line, unit_figures, today)
    contractors = _add_money(rows, accepted_counts, by_line, unit_figures)
    sections, total = _section_rows(rows.estimate, by_line, contractors)

    payments = [p for c in contracts for p in c.payments.all()]
    paid_by_year_end = core_estimate.add(
        [p.amount for p in payments if p.is_paid and p.voucher_date and p.voucher_date <= year_end]
        + [e.amount for e in expenses if e.voucher_date <= year_end]
    )
    return Overview(
        plan=plan,
        budget=rows.budget,
        sections=sections,
        total=total,
        units=[UnitProgress(c, unit_figures[c.pk]) for c in contracts],
        late=sorted(late, key=lambda item: item[0].planned_date),
        after_year_deliverables=[
            d
            for d in deliverables
            if d.planned_date > year_end or rows.first_aired.get(d.pk, d.planned_date) > year_end
        ],
        after_year_payments=[p for p in payments if p.voucher_date and p.voucher_date > year_end],
        after_year_expenses=[e for e in expenses if e.voucher_date > year_end],
        paid_by_year_end=paid_by_year_end,
        unspent_at_year_end=core_estimate.add([total.estimated, -paid_by_year_end]),
        contracts=contracts,
    )


def contract_deliverables(contract: Contract, today: date | None = None) -> list[dict[str, Any]]:
    """The contract's deliverables with their records and whether each is late."""
    today = today or timezone.localdate()
    deliverables = list(
        Deliverable.objects.filter(contract_line__contract=contract)
        .select_related("line")
        .prefetch_related(
            # The reporting and verifying users with the records (not a query per record);
            # the evidence's bytes stay in the database (the page links to them).
            Prefetch(
                "records",
                queryset=AsRunRecord.objects.select_related("reported_by", "verified_by").defer(
                    "evidence_file"
                ),
            )
        )
        .order_by("planned_date", "line_id", "sequence")
    )
    first = _first_aired(deliverables)
    year_end = date(budget_for(contract.plan).year, 12, 31)
    return [
        {
            "deliverable": d,
            "records": list(d.records.all()),
            "late": is_late(d, first.get(d.pk), today),
            "after_year": d.planned_date > year_end or first.get(d.pk, d.planned_date) > year_end,
        }
        for d in deliverables
    ]


# -- what the minutes and the annex show --------------------------------------------------------


@dataclass
class MinutesLine:
    number: int
    content: str
    unit: str
    quantity: Decimal
    accepted_quantity: int
    amount: Decimal
    accepted_amount: Decimal


@dataclass
class Party:
    """A party of the minutes, from its organisation (full name; issue 19)."""

    name: str
    representative: str = ""
    representative_title: str = ""
    address: str = ""
    account: str = ""
    tax_code: str = ""


def party(org: Any) -> Party:
    return Party(
        name=org.name,
        representative=org.representative,
        representative_title=org.representative_title,
        address=org.address,
        account=org.treasury_account,
        tax_code=org.tax_code,
    )


@dataclass
class Airing:
    number: int
    label: str
    outlet: str
    day: date
    time: str
    duration: str
    title: str
    evidence: str


@dataclass
class MinutesData:
    kind: str
    on: date
    governing_body: str
    agency: str
    agency_name: str
    place: str
    plan_reference: str
    plan_title: str
    contractor: str
    contract_number: str
    contract_date: date | None
    selection_method: str
    legal_basis: str
    funding_source: str
    contract_value: Decimal
    accepted_value: Decimal
    accepted_words: str
    paid: Decimal
    to_pay: Decimal
    lines: list[MinutesLine]
    airings: list[Airing]
    plan_date: date | None = None
    buyer: Party | None = None
    seller: Party | None = None
    # Accepted airings kept out of the annex, each with why (issue 19).
    findings: list[str] = field(default_factory=list)
    thousand: str = "nghìn"
    owner_id: int | None = None  # the organisation whose own template the DOCX may use

    def money(self, value: Decimal) -> str:
        return format_vnd(value)


_NUMBERED_LABEL = re.compile(r"^(?P<base>.*?)\s+\d+/\d+(?:\s+—\s+.*)?$")


def _own_title(title: str, base: str) -> str:
    """The title as reported, without a repeat of the product's label and its numbering
    against every station ("Phát lại 15/110 — Đài … — Dịch vụ công" -> "Dịch vụ công")."""
    if base and title.startswith(base) and re.match(rf"{re.escape(base)}\s+\d+/\d+", title):
        return title.rsplit(" — ", 1)[-1].strip()
    return title


def _line_content(line: Any) -> str:
    """ "Phóng sự ngắn (3 phút) — Truyền hình": the duration and the section (the medium:
    television and radio lines of the same name told apart)."""
    text = line.content + (f" ({line.duration})" if line.duration else "")
    section = getattr(line, "section", None)
    medium = section.title.strip() if section is not None else ""
    if medium and fold(medium) not in fold(text):
        text += f" — {medium[:1].upper()}{medium[1:].lower()}"
    return text


def _line_unit(line: Any) -> str:
    if line.unit:
        return str(line.unit)
    if (line.airing_unit_price and not line.unit_price) or fold(line.content).startswith(
        "phat lai"
    ):
        return "lần phát sóng"
    return "sản phẩm"


def minutes_data(contract: Contract, *, kind: str, on: date) -> MinutesData:
    """What acceptance or liquidation minutes of the contract on ``on`` say: the parties, the
    contract's lines with what was accepted, the money, and the verified airings of the
    accepted deliverables (those before the signature only named)."""
    plan = contract.plan
    lines = _minutes_lines(contract)
    value = core_estimate.add([ln.accepted_amount for ln in lines])
    paid = paid_value(contract)
    airings, findings = _minutes_airings(contract)
    buyer = plan.organisation.root()
    style = WordsStyle(thousand=buyer.thousand_word or "nghìn")
    return MinutesData(
        kind=kind,
        on=on,
        governing_body=plan.governing_body or buyer.governing_body,
        agency=plan.agency or buyer.name.upper(),
        agency_name=buyer.name,
        place=plan.place,
        plan_reference=plan.reference,
        plan_title=plan.title,
        contractor=contract.contractor.name,
        contract_number=contract.number,
        contract_date=contract.date,
        selection_method=str(contract.get_selection_method_display()),
        legal_basis=contract.legal_basis,
        funding_source=budget_for(plan).funding_source,
        contract_value=contract.value,
        accepted_value=value,
        accepted_words=amount_to_words(value, style),
        paid=paid,
        to_pay=core_estimate.add([value, -paid]),
        lines=lines,
        airings=airings,
        plan_date=plan.date,
        buyer=party(buyer),
        seller=party(contract.contractor),
        findings=findings,
        thousand=style.thousand,
        owner_id=buyer.pk,
    )


def _minutes_lines(contract: Contract) -> list[MinutesLine]:
    """The contract's lines, numbered, each with its accepted quantity and amount."""
    accepted_by_line = _accepted_by_line(contract)
    lines = []
    for i, cl in enumerate(contract.lines.select_related("line", "line__section"), start=1):
        lines.append(
            MinutesLine(
                number=i,
                content=_line_content(cl.line),
                unit=_line_unit(cl.line),
                quantity=cl.quantity,
                accepted_quantity=cl.deliverables.filter(status=DeliverableStatus.ACCEPTED).count(),
                amount=cl.amount,
                accepted_amount=accepted_by_line[cl.pk],
            )
        )
    return lines


def _minutes_airings(contract: Contract) -> tuple[list[Airing], list[str]]:
    """The verified airings of the contract's accepted deliverables in the order aired, each
    deliverable numbered against the contract's own count; an airing before the contract's
    signature is left out of the list and said in the findings."""
    # Per contract line, its deliverables numbered against the contract's own count
    # ("3/20" of this contract, not "12/110" of every station).
    own_number: dict[int, str] = {}
    for cl in contract.lines.all():
        ids = list(cl.deliverables.order_by("sequence").values_list("pk", flat=True))
        for k, pk in enumerate(ids, start=1):
            own_number[pk] = f"{k}/{len(ids)}"
    records = (
        AsRunRecord.objects.filter(
            deliverable__contract_line__contract=contract,
            deliverable__status=DeliverableStatus.ACCEPTED,
            decision=Decision.VERIFIED,
        )
        .select_related("deliverable")
        .order_by("aired_at", "id")
    )
    airings: list[Airing] = []
    findings = []
    for r in records:
        local = timezone.localtime(r.aired_at)
        match = _NUMBERED_LABEL.match(r.deliverable.label)
        base = match.group("base") if match else r.deliverable.label
        label = f"{base} {own_number.get(r.deliverable_id, '')}".strip()
        if contract.date is not None and local.date() < contract.date:
            findings.append(
                f"{label} ({r.outlet}, {local:%d/%m/%Y}): phát sóng, đăng tải trước ngày ký "
                f"hợp đồng ({contract.date:%d/%m/%Y}), không đưa vào bảng kê."
            )
            continue
        airings.append(
            Airing(
                number=len(airings) + 1,
                label=label,
                outlet=r.outlet,
                day=local.date(),
                time=local.strftime("%H:%M"),
                duration=r.duration,
                title=_own_title(r.title, base),
                evidence=r.evidence_url or r.evidence_name,
            )
        )
    return airings, findings


def contract_history(contract: Contract, limit: int | None = 1000) -> QuerySet[Any]:
    """The contract's own audit entries: the contract, its lines, amendments, deliverables and
    payments, each matched by its type AND id (an id alone matches other contracts' rows of
    another type with the same number)."""

    def ids(rows: QuerySet[Any]) -> list[str]:
        return [str(pk) for pk in rows.values_list("pk", flat=True)]

    owned = {
        "execution.contract": [str(contract.pk)],
        "execution.contractline": ids(ContractLine.objects.filter(contract=contract)),
        "execution.payment": ids(Payment.objects.filter(contract=contract)),
        "execution.deliverable": ids(Deliverable.objects.filter(contract_line__contract=contract)),
    }
    owned["execution.contractamendment"] = ids(ContractAmendment.objects.filter(contract=contract))
    match = Q(pk__in=[])
    for object_type, object_ids in owned.items():
        if object_ids:
            match |= Q(object_type=object_type, object_id__in=object_ids)
    return (
        AuditEntry.objects.filter(match, action__startswith="execution.")
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
