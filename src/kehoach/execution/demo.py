"""The execution part of `kehoach demo` (idempotent): the sample plan approved and half
executed — its 13 contracts signed, deliverables reported as of mid-October 2016, some
verified, three district stations' contracts accepted, liquidated and paid, the provincial
station partly accepted and paid, the management line's expenses — all labelled demo data.

The test settings turn it off (``KEHOACH_DEMO_EXECUTION = False``) so that the plan tests keep
the sample plan as an editable draft; the execution tests run it explicitly.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from kehoach.audit.services import log_action
from kehoach.execution import rules, selectors, services
from kehoach.execution.models import (
    Contract,
    Decision,
    Deliverable,
    PaymentKind,
    SelectionMethod,
)
from kehoach.plans import services as plan_services
from kehoach.plans.models import EDITABLE, Plan, PlanStatus

AS_OF = date(2016, 10, 15)  # the demo shows the campaign as it stood on this day
SIGNED_ON = date(2016, 7, 22)  # the day after the plan (21/7/2016): airings follow it
DONE = ("TG-DAI-CHO-GAO", "TG-DAI-CAI-BE", "TG-DAI-TX-GO-CONG")
LEGAL_BASIS = {
    SelectionMethod.ORDERING: "Nghị định 16/2015/NĐ-CP (đặt hàng dịch vụ sự nghiệp công)",
    SelectionMethod.DIRECT_APPOINTMENT: "Điều 22 Luật Đấu thầu số 43/2013/QH13 (chỉ định thầu)",
}


def _at(day: date, hour: int = 19) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def sample_plan() -> Plan | None:
    return (
        Plan.objects.filter(organisation__code="TG-STTTT", number="46a", symbol="KH-STTTT")
        .order_by("-revision", "-id")
        .first()
    )


def load(*, force: bool = False) -> None:
    if not (force or getattr(settings, "KEHOACH_DEMO_EXECUTION", True)):
        return
    plan = sample_plan()
    if plan is None or Contract.objects.filter(plan=plan).exists():
        return
    with transaction.atomic():
        _load(plan)


def _load(plan: Plan) -> None:
    """The sample plan approved, its contracts proposed and signed, their deliverables
    reported as of AS_OF (most verified), the finished contracts settled, and the management
    line's expenses recorded."""
    editor = User.objects.get(username="bcxb")
    approver = User.objects.get(username="giamdoc")
    finance = User.objects.get(username="khtc")
    # Separation of duties: whoever reported an airing does not verify it (the admin checks
    # the lead division's own reports), whoever accepts does not confirm the payment.
    admin = User.objects.get(username="quantri")
    reporter = User.objects.get(username="dai-chogao")
    _approve(plan, editor=editor, approver=approver)
    contracts = services.contracts_propose(user=editor, plan=plan, is_demo=True)
    _sign(contracts, editor=editor)
    for contract in contracts:
        who = reporter if contract.contractor.code == "TG-DAI-CHO-GAO" else editor
        _report_airings(contract, reporter=who, verifier=admin if who == editor else editor)
        _settle(contract, approver=approver, finance=finance)
    _management_expenses(plan, finance=finance)


def _approve(plan: Plan, *, editor: User, approver: User) -> None:
    """The plan submitted and approved (where it is not yet), the demo's loading audited."""
    if plan.status in EDITABLE:
        plan_services.plan_submit(user=editor, plan=plan)
    if plan.status == PlanStatus.SUBMITTED:
        plan_services.plan_approve(user=approver, plan=plan)
    log_action(
        actor=None,
        action="execution.demo.loaded",
        obj=plan,
        plan=plan,
        organisation=plan.organisation,
        comment="Dữ liệu mẫu: kế hoạch được duyệt và thực hiện một nửa để minh họa.",
    )


def _sign(contracts: list[Contract], *, editor: User) -> None:
    """Each contract numbered, dated, given its selection method and legal basis, and signed."""
    for number, contract in enumerate(contracts, start=1):
        method = (
            SelectionMethod.ORDERING
            if contract.contractor.kind != "newspaper"
            else SelectionMethod.DIRECT_APPOINTMENT
        )
        services.contract_update(
            user=editor,
            contract=contract,
            data={
                "number": f"{number:02d}/2016/HĐ-STTTT",
                "date": SIGNED_ON,
                "selection_method": method,
                "legal_basis": LEGAL_BASIS[method],
                "terms": "Dữ liệu mẫu. Sản phẩm theo Kế hoạch 46a/KH-STTTT; nghiệm thu theo "
                "bảng kê phát sóng có xác nhận của Sở.",
            },
        )
        services.contract_sign(user=editor, contract=contract)


def _report_airings(contract: Contract, *, reporter: User, verifier: User) -> None:
    """The contract's airings reported: every deliverable of a finished contract, else those
    planned by AS_OF (every fifth one late); verified but for a newspaper's later ones."""
    done = contract.contractor.code in DONE
    deliverables = Deliverable.objects.filter(contract_line__contract=contract).order_by(
        "planned_date", "sequence"
    )
    for index, d in enumerate(deliverables):
        if not done and d.planned_date > AS_OF:
            continue
        late = index % 5 == 4 and not done
        aired = d.planned_date + timedelta(days=3 if late else 0)
        record = services.airing_record(
            user=reporter,
            deliverable=d,
            outlet=contract.contractor.name,
            aired_at=_at(min(aired, date(2016, 12, 20))),
            duration=d.line.duration,
            title=f"{d.label} — Dịch vụ công trực tuyến",
            evidence_url=f"https://example.invalid/demo/{contract.pk}/{d.sequence}",
        )
        pending = contract.contractor.kind == "newspaper" and index >= 3
        if done or not pending:
            services.airing_verify(user=verifier, record=record, decision=Decision.VERIFIED)


def _settle(contract: Contract, *, approver: User, finance: User) -> None:
    """A finished contract accepted, liquidated and paid in full; a station's accepted as of
    AS_OF and paid in advance what was accepted."""
    if contract.contractor.code in DONE:
        services.contract_accept(user=approver, contract=contract, on=date(2016, 12, 15))
        services.contract_liquidate(user=approver, contract=contract, on=date(2016, 12, 22))
        services.payment_record(
            user=finance,
            contract=contract,
            kind=PaymentKind.FINAL,
            amount=selectors.accepted_value(contract),
            voucher_number=f"KB-{contract.pk:04d}",
            voucher_date=date(2016, 12, 28),
        )
    elif contract.contractor.kind == "station":
        services.contract_accept(user=approver, contract=contract, on=AS_OF)
        accepted = selectors.accepted_value(contract)
        services.payment_record(
            user=finance,
            contract=contract,
            kind=PaymentKind.ADVANCE,
            amount=accepted,
            voucher_number="KB-0100",
            voucher_date=date(2016, 10, 25),
        )


def _management_expenses(plan: Plan, *, finance: User) -> None:
    """The department's own expenses on the plan's management line, when it has one."""
    management = next(
        (a.line for a in rules.assign(plan) if a.is_own and a.kind == "management"),
        None,
    )
    if management is not None:
        for description, amount, voucher, day in (
            ("Phụ cấp giám sát thực hiện quý III", Decimal(4000000), "PC-01", date(2016, 9, 30)),
            ("Phụ cấp làm thêm giờ quý IV", Decimal(4000000), "PC-02", date(2017, 1, 10)),
        ):
            services.expense_record(
                user=finance,
                line=management,
                description=f"{description} (dữ liệu mẫu)",
                amount=amount,
                voucher_number=voucher,
                voucher_date=day,
                is_demo=True,
            )
