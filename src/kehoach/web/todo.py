"""What is waiting for a person (issue 23): the "Việc cần làm" page, the home of every role.

Selectors only: each item says what is to be done, on which plan, since when, and the page where
it is done. Which items a person gets follows their roles in each organisation
(kehoach.accounts.access); a contractor's people get their own contracts' items.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Max, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.accounts.access import contractor_organisations_for, organisations_for, roles_for
from kehoach.accounts.models import Organisation, Role
from kehoach.audit.models import AuditEntry
from kehoach.execution.models import (
    AsRunRecord,
    Contract,
    ContractStatus,
    Decision,
    Deliverable,
    DeliverableStatus,
    MinutesKind,
    Payment,
)
from kehoach.execution.selectors import accepted_value
from kehoach.plans.models import Plan, PlanStatus, PlanVersion
from kehoach.reports.models import Report, ReportStatus

EDITORS = {Role.ADMIN, Role.EDITOR}


@dataclass(frozen=True)
class Item:
    kind: str  # a stable key: "approve", "issue_plan", … (tests and the e-mail notices use it)
    what: str
    plan: Plan
    since: date | None
    url: str
    action: str
    note: str = ""


def _day(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _entered(action: str) -> Subquery:
    """When a plan last entered a status (its audit entry), for "since when"."""
    return Subquery(
        AuditEntry.objects.filter(plan=OuterRef("pk"), action=action)
        .order_by("-at")
        .values("at")[:1]
    )


def _plans(org: Organisation, status: str, action: str) -> Any:
    return (
        Plan.objects.filter(organisation=org, status=status)
        .annotate(since=_entered(action))
        .select_related("organisation")
        .order_by("-year", "-id")
    )


def _approver(org: Organisation) -> list[Item]:
    items = []
    for plan in _plans(org, PlanStatus.SUBMITTED, "plans.plan.submitted"):
        note = plan.submit_reason and _("Trình khi còn lỗi — lý do: %(reason)s") % {
            "reason": plan.submit_reason
        }
        items.append(
            Item(
                "approve",
                _("Kế hoạch chờ phê duyệt"),
                plan,
                _day(plan.since or plan.updated_at),
                reverse("plans:detail", args=[plan.pk]),
                _("Xem và phê duyệt"),
                note or "",
            )
        )
    return items


def _clerk(org: Organisation) -> list[Item]:
    items = [
        Item(
            "issue_plan",
            _("Kế hoạch đã duyệt, chờ vào sổ và ban hành"),
            plan,
            _day(plan.since or plan.updated_at),
            reverse("plans:issue", args=[plan.pk]),
            _("Vào sổ và ban hành"),
        )
        for plan in _plans(org, PlanStatus.APPROVED, "plans.plan.approved")
    ]
    reports = Report.objects.filter(
        plan__organisation=org, status=ReportStatus.DRAFT
    ).select_related("plan", "plan__organisation")
    items += [
        Item(
            "issue_report",
            _("Báo cáo kết quả chờ vào sổ và ban hành"),
            report.plan,
            _day(report.updated_at),
            reverse("reports:final_issue", args=[report.plan_id]),
            _("Vào sổ và ban hành"),
        )
        for report in reports
    ]
    return items


def _finance(org: Organisation) -> list[Item]:
    items = []
    accepted = (
        # accepted in whole or in part: a contract keeps "signed" while more is to come
        Contract.objects.filter(plan__organisation=org, minutes__kind=MinutesKind.ACCEPTANCE)
        .annotate(since=Max("minutes__created_at"))
        .select_related("plan", "plan__organisation", "contractor")
        .prefetch_related("payments")
    )
    for contract in accepted:
        owed = accepted_value(contract) - sum((p.amount for p in contract.payments.all()), 0)
        if owed > 0:
            items.append(
                Item(
                    "pay",
                    _("Hợp đồng %(number)s (%(contractor)s) đã nghiệm thu, chờ thanh toán")
                    % {"number": contract.number or "—", "contractor": contract.contractor},
                    contract.plan,
                    _day(contract.since),  # type: ignore[attr-defined]
                    reverse("execution:contract", args=[contract.pk]),
                    _("Ghi thanh toán"),
                )
            )
    unconfirmed = (
        Payment.objects.filter(contract__plan__organisation=org)
        .filter(Q(voucher_number="") | Q(voucher_date__isnull=True))
        .select_related("contract", "contract__plan", "contract__plan__organisation")
    )
    items += [
        Item(
            "confirm_payment",
            _("Khoản thanh toán hợp đồng %(number)s chờ xác nhận chứng từ Kho bạc")
            % {"number": payment.contract.number or "—"},
            payment.contract.plan,
            _day(payment.created_at),
            reverse("execution:contract", args=[payment.contract_id]),
            _("Ghi chứng từ Kho bạc"),
        )
        for payment in unconfirmed
    ]
    return items


def _editor(org: Organisation, today: date, user: Any) -> list[Item]:
    """An editor's items: the plans returned to them, the airings waiting for their
    verification, the deliverables late on signed contracts."""
    return _returned(org) + _to_verify(org, user) + _late(org, today)


def _returned(org: Organisation) -> list[Item]:
    """The organisation's returned plans, to correct and submit again."""
    return [
        Item(
            "returned",
            _("Kế hoạch bị trả lại, cần sửa và trình lại"),
            plan,
            _day(plan.since or plan.updated_at),
            reverse("plans:detail", args=[plan.pk]),
            _("Sửa và trình lại"),
        )
        for plan in _plans(org, PlanStatus.RETURNED, "plans.plan.returned")
    ]


def _to_verify(org: Organisation, user: Any) -> list[Item]:
    """The airings reported and not yet verified, one item per contract (oldest report
    first), leaving out those ``user`` reported."""
    items = []
    pending = (
        AsRunRecord.objects.filter(
            decision="", deliverable__contract_line__contract__plan__organisation=org
        )
        # separation of duties: whoever reported an airing does not verify it, so it is not
        # this person's to do
        .exclude(reported_by=user)
        .select_related(
            "deliverable__contract_line__contract__plan__organisation",
            "deliverable__contract_line__contract__contractor",
        )
        .order_by("reported_at", "id")
    )
    by_contract: dict[int, list[AsRunRecord]] = {}
    for record in pending:
        by_contract.setdefault(record.deliverable.contract_line.contract_id, []).append(record)  # type: ignore[union-attr]
    for records in by_contract.values():
        contract = records[0].deliverable.contract_line.contract  # type: ignore[union-attr]
        items.append(
            Item(
                "verify",
                _("%(count)s bản ghi phát sóng của %(contractor)s chờ xác nhận")
                % {"count": len(records), "contractor": contract.contractor},
                contract.plan,
                _day(records[0].reported_at),
                reverse("execution:contract", args=[contract.pk]),
                _("Xác nhận phát sóng"),
            )
        )
    return items


def _late(org: Organisation, today: date) -> list[Item]:
    """The deliverables of signed contracts planned before ``today`` and not reported (or
    rejected), one item per contract, the longest late first."""
    items = []
    # counted in the database, one row per contract: a big plan has thousands of deliverables
    late = (
        Deliverable.objects.filter(
            contract_line__contract__plan__organisation=org,
            contract_line__contract__status=ContractStatus.SIGNED,
            status__in=[DeliverableStatus.PLANNED, DeliverableStatus.REJECTED],
            planned_date__lt=today,
        )
        .values("contract_line__contract")
        .annotate(count=Count("id"), first=Min("planned_date"))
        .order_by("first")
    )
    rows = list(late)
    contracts = Contract.objects.select_related("plan", "plan__organisation", "contractor").in_bulk(
        [row["contract_line__contract"] for row in rows]
    )
    for row in rows:
        contract = contracts[row["contract_line__contract"]]
        items.append(
            Item(
                "late",
                _("%(count)s sản phẩm của %(contractor)s quá hạn chưa báo cáo")
                % {"count": row["count"], "contractor": contract.contractor},
                contract.plan,
                row["first"],
                reverse("execution:contract", args=[contract.pk]),
                _("Xem hợp đồng"),
            )
        )
    return items


def _viewer(org: Organisation) -> list[Item]:
    issued = (
        Plan.objects.filter(organisation=org, status=PlanStatus.ISSUED)
        .annotate(
            since=Subquery(
                PlanVersion.objects.filter(plan=OuterRef("pk"))
                .order_by("-issued_at")
                .values("issued_at")[:1]
            )
        )
        .select_related("organisation")
    )
    items = [
        Item(
            "issued_plan",
            _("Kế hoạch đã ban hành"),
            plan,
            _day(plan.since or plan.updated_at),
            reverse("plans:detail", args=[plan.pk]),
            _("Xem kế hoạch"),
        )
        for plan in issued
    ]
    reports = Report.objects.filter(
        plan__organisation=org, status=ReportStatus.ISSUED
    ).select_related("plan", "plan__organisation")
    items += [
        Item(
            "issued_report",
            _("Báo cáo kết quả đã ban hành"),
            report.plan,
            _day(report.issued_at or report.updated_at),
            reverse("reports:final", args=[report.plan_id]),
            _("Xem báo cáo"),
        )
        for report in reports
    ]
    return items


def _contractor(stations: list[Organisation]) -> list[Item]:
    items = []
    contracts = (
        Contract.objects.filter(contractor__in=stations, status=ContractStatus.SIGNED)
        .select_related("plan", "plan__organisation", "contractor")
        .order_by("plan_id", "id")
    )
    for contract in contracts:
        following = (
            Deliverable.objects.filter(
                contract_line__contract=contract, status=DeliverableStatus.PLANNED
            )
            .order_by("planned_date", "id")
            .first()
        )
        if following is None:
            continue
        items.append(
            Item(
                "report_next",
                _("Hợp đồng %(number)s: báo cáo phát sóng tiếp theo — %(label)s")
                % {"number": contract.number or "—", "label": following.label},
                contract.plan,
                following.planned_date,
                reverse("execution:report", args=[contract.pk, following.pk]),
                _("Báo cáo phát sóng"),
            )
        )
    rejected = (
        AsRunRecord.objects.filter(
            decision=Decision.REJECTED,
            deliverable__status=DeliverableStatus.REJECTED,
            deliverable__contract_line__contract__contractor__in=stations,
        )
        .select_related("deliverable__contract_line__contract__plan__organisation")
        .order_by("verified_at", "id")
    )
    for record in rejected:
        contract = record.deliverable.contract_line.contract  # type: ignore[union-attr]
        items.append(
            Item(
                "rejected",
                _("Phát sóng không đạt: %(label)s — %(reason)s")
                % {"label": record.deliverable.label, "reason": record.reason or "—"},
                contract.plan,
                _day(record.verified_at),
                reverse("execution:report", args=[contract.pk, record.deliverable_id]),
                _("Báo cáo lại"),
            )
        )
    return items


def items_for(user: Any, today: date | None = None) -> list[Item]:
    """Everything waiting for ``user``, oldest first within each kind."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = today or timezone.localdate()
    items: list[Item] = []
    for org in organisations_for(user):
        roles = roles_for(user, org)
        if Role.APPROVER in roles:
            items += _approver(org)
        if Role.CLERK in roles:
            items += _clerk(org)
        if Role.FINANCE in roles:
            items += _finance(org)
        if roles & EDITORS:
            items += _editor(org, today, user)
        if Role.VIEWER in roles:
            items += _viewer(org)
    stations = contractor_organisations_for(user)
    if stations:
        items += _contractor(stations)
    return items


def is_staff(user: Any) -> bool:
    return bool(organisations_for(user))


def menu(request: Any) -> dict[str, Any]:
    """Template context for the main menu: what the person may open, and the to-do count
    (computed only when the menu is drawn)."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return {}

    class Nav:
        def __init__(self) -> None:
            self._count: int | None = None
            self._staff: bool | None = None
            self._contractor: bool | None = None

        @property
        def count(self) -> int:
            if self._count is None:
                self._count = len(items_for(user))
            return self._count

        @property
        def staff(self) -> bool:
            if self._staff is None:
                self._staff = is_staff(user)
            return self._staff

        @property
        def contractor(self) -> bool:
            if self._contractor is None:
                self._contractor = bool(contractor_organisations_for(user))
            return self._contractor

    return {"nav": Nav()}
