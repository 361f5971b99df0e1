"""Services write (docs/conventions.md §4): one transaction each, the state transition checked, an
audit entry with before/after, a DomainError a view can show. Every amount comes from
:mod:`kehoach.core.estimate`."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from kehoach.accounts.access import duty_conflict, require, require_contract
from kehoach.audit import comments
from kehoach.audit.models import AuditEntry
from kehoach.audit.services import log_action, snapshot
from kehoach.core import estimate as core_estimate
from kehoach.core.bounds import check_deliverables
from kehoach.core.money import format_vnd
from kehoach.errors import DomainError, Message
from kehoach.execution import documents, rules, selectors
from kehoach.execution.models import (
    AmendmentLine,
    AsRunRecord,
    Contract,
    ContractAmendment,
    ContractLine,
    ContractStatus,
    Decision,
    Deliverable,
    DeliverableStatus,
    Expense,
    Minutes,
    MinutesKind,
    Overcommit,
    Payment,
    PlanBudget,
    SelectionMethod,
)
from kehoach.execution.selectors import budget_for, default_budget, units
from kehoach.plans.mapping import build_estimate
from kehoach.plans.models import EstimateLine, Plan, PlanStatus
from kehoach.plans.services import changes_since, effective_version
from kehoach.web.files import FileRefused, clean_name, evidence_type

__all__ = ["budget_for", "default_budget", "units"]  # read helpers, kept here for callers

# Evidence kept in the database: what a reporter's phone uploads, within reason.
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
EVIDENCE_TYPES = (
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/webp",
    "audio/mpeg",
    "audio/mp4",
    "audio/wav",
    "video/mp4",
    "video/webm",
    "video/quicktime",
)
EXECUTABLE = (PlanStatus.APPROVED, PlanStatus.ISSUED)
EVIDENCE_TOO_LARGE = Message(
    "execution.evidence.too_large", gettext_noop("Tệp minh chứng lớn hơn 20 MB: hãy gửi đường dẫn.")
)
EVIDENCE_KIND = Message(
    "execution.evidence.kind",
    gettext_noop("Loại tệp minh chứng không được nhận (nhận PDF, ảnh, âm thanh, video)."),
)
LIQUIDATED = Message("execution.contract.liquidated", gettext_noop("Hợp đồng đã thanh lý."))
# Airings, acceptance and payments wait for the contract's signature, its number and date.
NOT_SIGNED = {
    "airing": Message(
        "execution.contract.unsigned.airing",
        gettext_noop(
            "Hợp đồng với {contractor} chưa ký (chưa có số và ngày ký): chưa báo cáo phát sóng "
            "được. Hãy nhập số, ngày ký và ghi nhận đã ký trước."
        ),
    ),
    "accept": Message(
        "execution.contract.unsigned.accept",
        gettext_noop(
            "Hợp đồng với {contractor} chưa ký (chưa có số và ngày ký): chưa nghiệm thu được. "
            "Hãy nhập số, ngày ký và ghi nhận đã ký trước."
        ),
    ),
    "pay": Message(
        "execution.contract.unsigned.pay",
        gettext_noop(
            "Hợp đồng với {contractor} chưa ký (chưa có số và ngày ký): chưa thanh toán được. "
            "Hãy nhập số, ngày ký và ghi nhận đã ký trước."
        ),
    ),
    "confirm": Message(
        "execution.contract.unsigned.confirm",
        gettext_noop(
            "Hợp đồng với {contractor} chưa ký (chưa có số và ngày ký): chưa xác nhận thanh toán "
            "được. Hãy nhập số, ngày ký và ghi nhận đã ký trước."
        ),
    ),
}
CONTRACT_FIELDS = [
    "number",
    "date",
    "end_date",
    "value",
    "terms",
    "selection_method",
    "legal_basis",
    "status",
]
RECORD_FIELDS = ["outlet", "aired_at", "duration", "title", "evidence_url", "evidence_name"]


# -- the budget ---------------------------------------------------------------------------------


@transaction.atomic
def budget_update(*, user: Any, plan: Plan, data: dict[str, Any]) -> PlanBudget:
    require(user, plan.organisation, "contract_edit")
    budget = budget_for(plan)
    fields = ["year", "funding_source", "period_start", "period_end", "overcommit"]
    before = snapshot(budget, fields) if budget.pk else None
    for key in fields:
        if key in data:
            setattr(budget, key, data[key])
    if budget.period_end < budget.period_start:
        raise DomainError(
            Message(
                "execution.budget.period_reversed",
                gettext_noop("Ngày kết thúc phải sau ngày bắt đầu."),
            )
        )
    budget.save()
    log_action(
        actor=user,
        action="execution.budget.changed",
        obj=budget,
        plan=plan,
        organisation=plan.organisation,
        before=before,
        after=snapshot(budget, fields),
    )
    return budget


# -- helpers ------------------------------------------------------------------------------------


def core_lines(plan: Plan) -> dict[int, core_estimate.EstimateLine]:
    """The plan's estimate lines as the core computes them, by database id."""
    return {
        line.db_id: line
        for _section, line in build_estimate(plan).walk_lines()
        if line.db_id is not None  # always, built from the database
    }


def _committed(line: EstimateLine, *, exclude_contract_line: int | None = None) -> Decimal:
    amounts = [
        cl.amount
        for cl in ContractLine.objects.filter(line=line).exclude(
            pk__in=[] if exclude_contract_line is None else [exclude_contract_line]
        )
    ]
    amounts += [e.amount for e in Expense.objects.filter(line=line)]
    return core_estimate.add(amounts)


def _check_commitment(plan: Plan, line: EstimateLine, committed: Decimal) -> Message | None:
    """Refuse, or return a warning, when a line would commit more than its estimate."""
    estimated = core_lines(plan)[line.pk].total
    if committed <= estimated:
        return None
    figures = {
        "line": str(line),
        "committed": format_vnd(committed),
        "estimated": format_vnd(estimated),
    }
    if budget_for(plan).overcommit == Overcommit.REFUSE:
        raise DomainError(
            Message(
                "execution.line.overcommit_refused",
                gettext_noop(
                    "Dòng '{line}' cam kết {committed} đồng, vượt dự toán {estimated} đồng. "
                    "Kế hoạch được cấu hình không cho phép vượt dự toán."
                ),
            ).with_params(**figures)
        )
    return Message(
        "execution.line.overcommit",
        gettext_noop("Dòng '{line}' cam kết {committed} đồng, vượt dự toán {estimated} đồng."),
    ).with_params(**figures)


def _spread(budget: PlanBudget, sequence: int, total: int) -> date:
    """Planned dates spread evenly over the plan's period, each in the middle of its share."""
    span = (budget.period_end - budget.period_start).days
    offset = round(span * (2 * sequence - 1) / (2 * total))
    return budget.period_start + timedelta(days=offset)


def _generate_deliverables(line: EstimateLine, assignment_kind: str, medium: str) -> None:
    """Every unit of the line's contracted quantity as a deliverable, numbered over the whole
    line and handed out in turn to its contracts (so that each district station's share is
    spread over the period, not bunched)."""
    plan = line.plan
    budget = budget_for(plan)
    contract_lines = list(
        ContractLine.objects.filter(line=line).select_related("contract__contractor")
    )
    Deliverable.objects.filter(line=line).delete()
    if not contract_lines:
        return
    counts = [units(cl.quantity) for cl in contract_lines]
    total = sum(counts)
    too_many = check_deliverables(total, line.number or line.content[:40])
    if too_many is not None:  # bounds: never more deliverables than the cap (issue 17)
        raise DomainError(too_many.said)
    base = rules.label_base(assignment_kind, medium, line)
    split = len(contract_lines) > 1
    given = [0] * len(contract_lines)
    rows = []
    turn = 0
    for sequence in range(1, total + 1):
        while given[turn % len(contract_lines)] >= counts[turn % len(contract_lines)]:
            turn += 1
        index = turn % len(contract_lines)
        given[index] += 1
        turn += 1
        cl = contract_lines[index]
        contractor = cl.contract.contractor
        label = f"{base} {sequence}/{total}"
        if split:
            label += f" — {contractor.short_name or contractor.name}"
        rows.append(
            Deliverable(
                line=line,
                contract_line=cl,
                sequence=sequence,
                of_total=total,
                label=label[:300],
                planned_date=_spread(budget, sequence, total),
            )
        )
    Deliverable.objects.bulk_create(rows)


def _log(user: Any, action: str, obj: Any, plan: Plan, **kwargs: Any) -> None:
    log_action(
        actor=user, action=action, obj=obj, plan=plan, organisation=plan.organisation, **kwargs
    )


# -- contracts ----------------------------------------------------------------------------------


@transaction.atomic
def contracts_propose(*, user: Any, plan: Plan, is_demo: bool = False) -> list[Contract]:
    """One contract per executing unit from the approved plan's estimate lines. Proposing
    again replaces the proposals as long as nothing has been signed or reported."""
    require(user, plan.organisation, "contract_edit")
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    _refuse_unless_executable(plan)
    if plan.revision_of_id is not None:
        earlier = Contract.objects.filter(plan_id__in=_ancestors(plan))
        if earlier.exists() or Contract.objects.filter(plan=plan).exists():
            return contracts_amend(user=user, plan=plan, is_demo=is_demo)
    _withdraw_proposals(user, plan)
    if not PlanBudget.objects.filter(plan=plan).exists():
        budget = default_budget(plan)
        budget.is_demo = is_demo
        budget.save()
    computed = core_lines(plan)
    assignments = rules.assign(plan)
    contracts = _propose(user, plan, _shares(assignments), computed, is_demo=is_demo)
    for assignment in assignments:
        if not assignment.is_own:
            _generate_deliverables(assignment.line, assignment.kind, assignment.medium)
    return contracts


def _refuse_unless_executable(plan: Plan) -> None:
    """Contracts follow a plan approved (or issued) that no revision has replaced."""
    if plan.status == PlanStatus.SUPERSEDED:
        newer = effective_version(plan)
        raise DomainError(
            Message(
                "execution.contracts.plan_superseded",
                gettext_noop(
                    "Kế hoạch này đã được thay thế bởi bản điều chỉnh {newer}: hợp đồng theo bản "
                    "có hiệu lực, hãy đề xuất ở bản đó."
                ),
            ).with_params(newer=newer.reference or newer.pk)
        )
    if plan.status not in EXECUTABLE:
        raise DomainError(
            Message(
                "execution.contracts.plan_not_approved",
                gettext_noop("Chỉ lập hợp đồng cho kế hoạch đã được phê duyệt."),
            )
        )


def _withdraw_proposals(user: Any, plan: Plan) -> None:
    """The plan's proposed contracts withdrawn (each audited), with their lines and
    deliverables, before proposing again; refused once a contract is signed or a deliverable
    reported."""
    existing = Contract.objects.filter(plan=plan)
    if (
        existing.exclude(status=ContractStatus.PROPOSED).exists()
        or Deliverable.objects.filter(line__plan=plan)
        .exclude(status=DeliverableStatus.PLANNED)
        .exists()
    ):
        raise DomainError(
            Message(
                "execution.contracts.already_started",
                gettext_noop(
                    "Đã có hợp đồng được ký hoặc sản phẩm đã báo cáo: điều chỉnh từng hợp đồng."
                ),
            )
        )
    for old in existing:
        _log(user, "execution.contract.withdrawn", old, plan, before=snapshot(old, CONTRACT_FIELDS))
    Deliverable.objects.filter(line__plan=plan).delete()
    ContractLine.objects.filter(contract__plan=plan).delete()
    existing.delete()


def _shares(assignments: list[rules.Assignment]) -> list[tuple[Any, EstimateLine, Decimal]]:
    """Each contracted line's quantity per executing unit, in the assignments' order: a split
    line's units shared out, a line without a quantity counted as one; the department's own
    lines and empty shares left out."""
    shares = []
    for assignment in assignments:
        if assignment.is_own:
            continue
        line = assignment.line
        quantities = (
            core_estimate.split_units(line.quantity, len(assignment.organisations))
            if assignment.split and line.quantity is not None
            else [line.quantity if line.quantity is not None else Decimal(1)]
        )
        for org, quantity in zip(assignment.organisations, quantities, strict=False):
            if quantity > 0:
                shares.append((org, line, quantity))
    return shares


def _share_amount(
    computed: dict[int, core_estimate.EstimateLine], line: EstimateLine, quantity: Decimal
) -> Decimal:
    """A contractor's amount for ``quantity`` of ``line``: its share of the computed line, or
    the whole line when the line states no quantity."""
    core_line = computed[line.pk]
    if line.quantity is None:
        return core_line.total
    return core_estimate.line_share(core_line, quantity)


def _propose(
    user: Any,
    plan: Plan,
    shares: list[tuple[Any, EstimateLine, Decimal]],
    computed: dict[int, core_estimate.EstimateLine],
    *,
    is_demo: bool,
) -> list[Contract]:
    """One proposed contract per contractor (in the order the shares name them) with a line
    per share and its value, each audited."""
    by_org: dict[int, Contract] = {}
    for org, _line, _quantity in shares:
        if org.pk not in by_org:
            by_org[org.pk] = Contract.objects.create(
                plan=plan,
                contractor=org,
                value=Decimal(0),
                selection_method=SelectionMethod.ORDERING,
                is_demo=is_demo,
            )
    for org, line, quantity in shares:
        amount = _share_amount(computed, line, quantity)
        ContractLine.objects.create(
            contract=by_org[org.pk], line=line, quantity=quantity, amount=amount
        )
    for contract in by_org.values():
        contract.value = core_estimate.add([cl.amount for cl in contract.lines.all()])
        contract.save(update_fields=["value"])
        _log(
            user,
            "execution.contract.proposed",
            contract,
            plan,
            after={
                "contractor": contract.contractor.name,
                **snapshot(contract, CONTRACT_FIELDS),
                "lines": [
                    {"line": str(cl.line), "quantity": cl.quantity, "amount": cl.amount}
                    for cl in contract.lines.all()
                ],
            },
        )
    return list(by_org.values())


def _lock(contract: Contract, lock_version: int | None) -> None:
    current = Contract.objects.select_for_update().only("lock_version").get(pk=contract.pk)
    if lock_version is not None and current.lock_version != lock_version:
        changes = "; ".join(  # what changed since, in words (issue 17)
            changes_since(
                AuditEntry.objects.filter(
                    object_type="execution.contract",
                    object_id=str(contract.pk),
                    version__gt=lock_version,
                ).order_by("-id")[:10]
            )
        )
        if not changes:
            raise DomainError(
                Message(
                    "execution.contract.stale",
                    gettext_noop("Hợp đồng vừa được người khác sửa; tải lại trang rồi sửa lại."),
                )
            )
        raise DomainError(
            Message(
                "execution.contract.stale_changes",
                gettext_noop(
                    "Hợp đồng vừa được người khác sửa; tải lại trang rồi sửa lại. {changes}"
                ),
            ).with_params(changes=changes)
        )
    Contract.objects.filter(pk=contract.pk).update(lock_version=current.lock_version + 1)
    contract.lock_version = current.lock_version + 1


@transaction.atomic
def contract_update(
    *, user: Any, contract: Contract, data: dict[str, Any], lock_version: int | None = None
) -> Contract:
    """Staff adjust the number, date, value, terms, selection method and its legal basis."""
    require_contract(user, contract, "contract_edit")
    _lock(contract, lock_version)
    if contract.status == ContractStatus.LIQUIDATED:
        raise DomainError(LIQUIDATED)
    before = snapshot(contract, CONTRACT_FIELDS)
    for key in ("number", "date", "end_date", "value", "terms", "selection_method", "legal_basis"):
        if key in data:
            setattr(contract, key, data[key])
    lines_total = core_estimate.add([cl.amount for cl in contract.lines.all()])
    if "value" in data and contract.lines.exists() and contract.value > lines_total:
        # Committed money never above the effective estimate: a contract's value is at most
        # what its estimate lines give it (change a line's quantity or amount instead).
        raise DomainError(
            Message(
                "execution.contract.value_above_lines",
                gettext_noop(
                    "Giá trị hợp đồng {value} đồng vượt tổng thành tiền các dòng dự toán của hợp "
                    "đồng {lines} đồng (theo dự toán có hiệu lực). Hãy điều chỉnh số lượng hoặc "
                    "thành tiền từng dòng."
                ),
            ).with_params(value=format_vnd(contract.value), lines=format_vnd(lines_total))
        )
    if contract.date and contract.end_date and contract.end_date < contract.date:
        raise DomainError(
            Message(
                "execution.contract.ends_before_signed",
                gettext_noop("Ngày kết thúc hợp đồng {end} trước ngày ký {signed}."),
            ).with_params(end=f"{contract.end_date:%d/%m/%Y}", signed=f"{contract.date:%d/%m/%Y}")
        )
    contract.save()
    _log(
        user,
        "execution.contract.changed",
        contract,
        contract.plan,
        before=before,
        after=snapshot(contract, CONTRACT_FIELDS),
        version=contract.lock_version,
    )
    return contract


@transaction.atomic
def contract_sign(*, user: Any, contract: Contract) -> Contract:
    require_contract(user, contract, "contract_edit")
    if contract.status != ContractStatus.PROPOSED:
        raise DomainError(
            Message("execution.contract.already_signed", gettext_noop("Hợp đồng đã được ký."))
        )
    if not contract.number or contract.date is None:
        raise DomainError(
            Message(
                "execution.contract.number_date_missing",
                gettext_noop("Hãy nhập số và ngày ký hợp đồng trước."),
            )
        )
    contract.status = ContractStatus.SIGNED
    contract.save(update_fields=["status"])
    _log(
        user,
        "execution.contract.signed",
        contract,
        contract.plan,
        before={"status": ContractStatus.PROPOSED},
        after={"status": contract.status},
    )
    return contract


@transaction.atomic
def contract_line_update(
    *, user: Any, contract_line: ContractLine, quantity: Decimal, amount: Decimal | None = None
) -> tuple[ContractLine, Message | None]:
    """Change the quantity of a line in a contract (its amount the line's price for that
    quantity unless given); its deliverables are numbered again. Returns a warning when the
    line now commits more than its estimate and the plan allows that."""
    contract = contract_line.contract
    plan = contract.plan
    require_contract(user, contract, "contract_edit")
    _lock(contract, None)
    if contract.status not in (ContractStatus.PROPOSED, ContractStatus.SIGNED):
        raise DomainError(
            Message("execution.contract.accepted", gettext_noop("Hợp đồng đã nghiệm thu."))
        )
    line = contract_line.line
    if Deliverable.objects.filter(line=line).exclude(status=DeliverableStatus.PLANNED).exists():
        raise DomainError(
            Message(
                "execution.line.reported",
                gettext_noop("Dòng này đã có sản phẩm được báo cáo, không đổi số lượng được."),
            )
        )
    if quantity <= 0:
        raise DomainError(
            Message(
                "execution.line.quantity_not_positive", gettext_noop("Số lượng phải lớn hơn 0.")
            )
        )
    core_line = core_lines(plan)[line.pk]
    new_amount = amount if amount is not None else core_estimate.line_share(core_line, quantity)
    warning = _check_commitment(
        plan, line, _committed(line, exclude_contract_line=contract_line.pk) + new_amount
    )
    before = {"quantity": contract_line.quantity, "amount": contract_line.amount}
    contract_line.quantity, contract_line.amount = quantity, new_amount
    contract_line.save()
    value_before = contract.value
    contract.value = core_estimate.add([cl.amount for cl in contract.lines.all()])
    contract.save(update_fields=["value"])
    assignment = next(a for a in rules.assign(plan) if a.line.pk == line.pk)
    _generate_deliverables(line, assignment.kind, assignment.medium)
    _log(
        user,
        "execution.contract.line_changed",
        contract_line,
        plan,
        before={**before, "contract_value": value_before},
        after={"quantity": quantity, "amount": new_amount, "contract_value": contract.value},
        comment=comments.kept(warning) if warning else "",
    )
    return contract_line, warning


# -- money only on signed contracts -------------------------------------------------------------


def _require_signed(contract: Contract, action: str) -> None:
    """Airings, acceptance and payment only on a contract signed with a number and a date
    (``action``: a key of :data:`NOT_SIGNED`)."""
    if contract.status == ContractStatus.PROPOSED or not contract.number or not contract.date:
        raise DomainError(NOT_SIGNED[action].with_params(contractor=contract.contractor.name))


def contract_period(contract: Contract) -> tuple[date, date]:
    """From the signing date to the contract's end (or, without one, the plan's period)."""
    end = contract.end_date or budget_for(contract.plan).period_end
    assert contract.date is not None
    return contract.date, end


# -- the as-run record --------------------------------------------------------------------------


@transaction.atomic
def airing_record(
    *,
    user: Any,
    deliverable: Deliverable,
    outlet: str,
    aired_at: datetime,
    duration: str = "",
    title: str = "",
    evidence_url: str = "",
    evidence: tuple[str, str, bytes] | None = None,
) -> AsRunRecord:
    """A contractor's reporter (or staff) records what was aired or published: the deliverable
    and its contract checked, the airing's day checked, the evidence file checked, the record
    saved."""
    if deliverable.contract_line is None:
        raise DomainError(
            Message(
                "execution.deliverable.no_contract",
                gettext_noop("Sản phẩm chưa thuộc hợp đồng nào."),
            )
        )
    contract = deliverable.contract_line.contract
    require_contract(user, contract, "airing_report")
    locked = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
    if locked.status not in (DeliverableStatus.PLANNED, DeliverableStatus.REJECTED):
        raise DomainError(
            Message(
                "execution.deliverable.reported",
                gettext_noop("Sản phẩm đang ở trạng thái '{status}', đã có báo cáo."),
            ).with_params(status=locked.get_status_display())
        )
    if contract.status == ContractStatus.LIQUIDATED:
        raise DomainError(LIQUIDATED)
    _require_signed(contract, "airing")
    _check_airing_day(contract, aired_at)
    record = AsRunRecord(
        deliverable=deliverable,
        outlet=outlet.strip()[:200] or contract.contractor.name,
        aired_at=aired_at,
        duration=duration[:60],
        title=title[:300],
        evidence_url=evidence_url,
        reported_by=user,
    )
    if evidence is not None:
        _attach_evidence(record, evidence)
    _save_airing(user, record, locked, deliverable, contract)
    return record


def _check_airing_day(contract: Contract, aired_at: datetime) -> None:
    """Refuses an airing whose day (local time) is outside the contract's period."""
    start, end = contract_period(contract)
    day = timezone.localtime(aired_at).date() if timezone.is_aware(aired_at) else aired_at.date()
    if not start <= day <= end:
        raise DomainError(
            Message(
                "execution.airing.outside_period",
                gettext_noop(
                    "Ngày phát sóng {day} nằm ngoài thời hạn hợp đồng {number} "
                    "(từ {start} đến {end})."
                ),
            ).with_params(
                day=f"{day:%d/%m/%Y}",
                number=contract.number,
                start=f"{start:%d/%m/%Y}",
                end=f"{end:%d/%m/%Y}",
            )
        )


def _attach_evidence(record: AsRunRecord, evidence: tuple[str, str, bytes]) -> None:
    """The evidence file checked (its size, its kind by its content) and put on the record,
    not saved yet."""
    name, _declared, content = evidence
    name = clean_name(name, "minh-chung")  # no CR/LF or quotes reach a header (issue 21)
    if len(content) > EVIDENCE_MAX_BYTES:
        raise DomainError(EVIDENCE_TOO_LARGE)
    try:  # by what the file is, never by the type the client declares (issue 21)
        mimetype = evidence_type(content, name)
    except FileRefused as exc:
        raise DomainError(exc.message) from exc
    if mimetype not in EVIDENCE_TYPES:
        raise DomainError(EVIDENCE_KIND)
    record.evidence_name, record.evidence_type = name[:255], mimetype
    record.evidence_size, record.evidence_file = len(content), content


def _save_airing(
    user: Any,
    record: AsRunRecord,
    locked: Deliverable,
    deliverable: Deliverable,
    contract: Contract,
) -> None:
    """The record saved, its deliverable (the locked row and the caller's copy) marked
    reported, and the audit entry written."""
    record.save()
    before = locked.status
    locked.status = DeliverableStatus.REPORTED
    locked.save(update_fields=["status"])
    deliverable.status = locked.status
    _log(
        user,
        "execution.airing.reported",
        deliverable,
        contract.plan,
        before={"status": before},
        after={"status": locked.status, **snapshot(record, RECORD_FIELDS)},
    )


@transaction.atomic
def airing_verify(
    *, user: Any, record: AsRunRecord, decision: str, reason: str = ""
) -> AsRunRecord:
    """The supervisor confirms the record, or rejects it with a reason (the contractor then
    reports again)."""
    deliverable = record.deliverable
    contract = deliverable.contract_line.contract  # type: ignore[union-attr]
    require_contract(user, contract, "airing_verify")
    if decision not in Decision.values:
        raise DomainError(
            Message("execution.airing.unknown_decision", gettext_noop("Quyết định không hợp lệ."))
        )
    refusal = duty_conflict(user, "airing_verify", record)
    if refusal is not None:
        raise DomainError(refusal)
    if decision == Decision.REJECTED and not reason.strip():
        raise DomainError(
            Message("execution.airing.reject_reason", gettext_noop("Hãy ghi lý do không đạt."))
        )
    locked = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
    if record.decision or locked.status != DeliverableStatus.REPORTED:
        raise DomainError(
            Message("execution.airing.decided", gettext_noop("Bản ghi này đã được xét."))
        )
    record.decision, record.reason = decision, reason.strip()
    record.verified_by, record.verified_at = user, timezone.now()
    record.save(update_fields=["decision", "reason", "verified_by", "verified_at"])
    locked.status = (
        DeliverableStatus.VERIFIED if decision == Decision.VERIFIED else DeliverableStatus.REJECTED
    )
    locked.save(update_fields=["status"])
    _log(
        user,
        f"execution.airing.{decision}",
        deliverable,
        contract.plan,
        before={"status": DeliverableStatus.REPORTED},
        after={"status": locked.status, "record": record.pk, "reason": record.reason},
        comment=record.reason,
    )
    return record


# -- acceptance and liquidation -----------------------------------------------------------------


def _minutes(user: Any, contract: Contract, kind: str, on: date, value: Decimal) -> Minutes:
    with translation.override("vi"):
        data = selectors.minutes_data(contract, kind=kind, on=on)
        files = documents.render_minutes(data)
    return Minutes.objects.create(
        contract=contract,
        kind=kind,
        date=on,
        value=value,
        snapshot=documents.to_json(data),
        docx=files["docx"][2],
        pdf=files["pdf"][2],
        created_by=user,
    )


@transaction.atomic
def contract_accept(*, user: Any, contract: Contract, on: date | None = None) -> Minutes:
    """Accept every verified deliverable and produce the acceptance minutes (biên bản nghiệm
    thu) for what is accepted so far; the contract is accepted once all its deliverables are."""

    require_contract(user, contract, "contract_accept")
    _lock(contract, None)
    _require_signed(contract, "accept")
    if contract.status != ContractStatus.SIGNED:
        raise DomainError(
            Message(
                "execution.contract.wrong_status",
                gettext_noop("Hợp đồng đang ở trạng thái '{status}'."),
            ).with_params(status=contract.get_status_display())
        )
    deliverables = Deliverable.objects.filter(contract_line__contract=contract)
    verified = list(deliverables.filter(status=DeliverableStatus.VERIFIED))
    if not verified:
        raise DomainError(
            Message(
                "execution.contract.nothing_verified",
                gettext_noop("Chưa có sản phẩm nào được xác nhận để nghiệm thu."),
            )
        )
    before = {"status": contract.status, "accepted_value": selectors.accepted_value(contract)}
    deliverables.filter(pk__in=[d.pk for d in verified]).update(status=DeliverableStatus.ACCEPTED)
    if not deliverables.exclude(status=DeliverableStatus.ACCEPTED).exists():
        contract.status = ContractStatus.ACCEPTED
        contract.save(update_fields=["status"])
    value = selectors.accepted_value(contract)
    minutes = _minutes(user, contract, MinutesKind.ACCEPTANCE, on or timezone.localdate(), value)
    _log(
        user,
        "execution.contract.accepted",
        contract,
        contract.plan,
        before=before,
        after={
            "status": contract.status,
            "accepted_value": value,
            "deliverables": [d.label for d in verified],
            "minutes": minutes.pk,
        },
    )
    return minutes


@transaction.atomic
def contract_liquidate(*, user: Any, contract: Contract, on: date | None = None) -> Minutes:
    """The liquidation minutes (biên bản thanh lý hợp đồng) of a wholly accepted contract."""

    require_contract(user, contract, "contract_accept")
    _lock(contract, None)
    if contract.status != ContractStatus.ACCEPTED:
        raise DomainError(
            Message(
                "execution.contract.liquidate_not_accepted",
                gettext_noop("Chỉ thanh lý hợp đồng đã nghiệm thu toàn bộ."),
            )
        )
    value = selectors.accepted_value(contract)
    minutes = _minutes(user, contract, MinutesKind.LIQUIDATION, on or timezone.localdate(), value)
    contract.status = ContractStatus.LIQUIDATED
    contract.save(update_fields=["status"])
    _log(
        user,
        "execution.contract.liquidated",
        contract,
        contract.plan,
        before={"status": ContractStatus.ACCEPTED},
        after={"status": contract.status, "accepted_value": value, "minutes": minutes.pk},
    )
    return minutes


# -- payments and expenses ----------------------------------------------------------------------


@transaction.atomic
def payment_record(
    *,
    user: Any,
    contract: Contract,
    kind: str,
    amount: Decimal,
    voucher_number: str = "",
    voucher_date: date | None = None,
    override: bool = False,
    override_reason: str = "",
) -> Payment:
    """A payment against a contract, never above its accepted value without an explicit,
    logged override; it counts as paid once the Treasury's voucher is recorded."""

    require_contract(user, contract, "payment_record")
    _lock(contract, None)
    _require_signed(contract, "pay")
    if voucher_number.strip():
        refusal = duty_conflict(user, "payment_confirm", contract)
        if refusal is not None:
            raise DomainError(refusal)
    if amount <= 0:
        raise DomainError(
            Message(
                "execution.payment.amount_not_positive", gettext_noop("Số tiền phải lớn hơn 0.")
            )
        )
    accepted = selectors.accepted_value(contract)
    already = core_estimate.add([p.amount for p in contract.payments.all()])
    after_payment = core_estimate.add([already, amount])
    above = after_payment > accepted
    if above and not (override and override_reason.strip()):
        raise DomainError(
            Message(
                "execution.payment.above_accepted",
                gettext_noop(
                    "Tổng thanh toán {total} đồng vượt giá trị đã nghiệm thu {accepted} đồng. "
                    "Chỉ ghi được khi chọn vượt và ghi rõ lý do."
                ),
            ).with_params(total=format_vnd(after_payment), accepted=format_vnd(accepted))
        )
    payment = Payment.objects.create(
        contract=contract,
        kind=kind,
        amount=amount,
        voucher_number=voucher_number.strip(),
        voucher_date=voucher_date if voucher_number.strip() else None,
        override=above,
        override_reason=override_reason.strip() if above else "",
        created_by=user,
    )
    fields = ["kind", "amount", "voucher_number", "voucher_date", "override", "override_reason"]
    _log(
        user,
        "execution.payment.recorded",
        payment,
        contract.plan,
        before={"paid_total": already},
        after={**snapshot(payment, fields), "paid_total": after_payment},
    )
    if above:
        _log(
            user,
            "execution.payment.overridden",
            payment,
            contract.plan,
            before={"accepted_value": accepted},
            after={"paid_total": after_payment},
            comment=payment.override_reason,
        )
    if payment.is_paid:
        _log(
            user,
            "execution.payment.paid",
            payment,
            contract.plan,
            before={"voucher_number": ""},
            after={"voucher_number": payment.voucher_number, "voucher_date": voucher_date},
        )
    return payment


@transaction.atomic
def payment_confirm(
    *, user: Any, payment: Payment, voucher_number: str, voucher_date: date
) -> Payment:
    """The State Treasury's confirmation: the payment is paid."""
    contract = payment.contract
    require_contract(user, contract, "payment_record")
    _require_signed(contract, "confirm")
    if not voucher_number.strip():
        raise DomainError(
            Message(
                "execution.payment.voucher_missing", gettext_noop("Hãy nhập số chứng từ Kho bạc.")
            )
        )
    refusal = duty_conflict(user, "payment_confirm", contract)
    if refusal is not None:
        raise DomainError(refusal)
    # The voucher is recorded once: only the post that finds the payment still unpaid writes
    # it (one conditional UPDATE, atomic in the database); any other is told who was first.
    written = Payment.objects.filter(pk=payment.pk, voucher_number="").update(
        voucher_number=voucher_number.strip(), voucher_date=voucher_date
    )
    if not written:
        current = Payment.objects.get(pk=payment.pk)
        day = current.voucher_date.strftime("%d/%m/%Y") if current.voucher_date else "—"
        raise DomainError(
            Message(
                "execution.payment.already_confirmed",
                gettext_noop(
                    "Khoản thanh toán này đã được xác nhận với chứng từ Kho bạc {voucher} ngày "
                    "{day}; chứng từ {refused} không được ghi. Tải lại trang để xem."
                ),
            ).with_params(voucher=current.voucher_number, day=day, refused=voucher_number.strip())
        )
    payment.voucher_number, payment.voucher_date = voucher_number.strip(), voucher_date
    _log(
        user,
        "execution.payment.paid",
        payment,
        contract.plan,
        before={"voucher_number": "", "voucher_date": None},
        after={"voucher_number": payment.voucher_number, "voucher_date": voucher_date},
    )
    return payment


@transaction.atomic
def expense_record(
    *,
    user: Any,
    line: EstimateLine,
    description: str,
    amount: Decimal,
    voucher_number: str,
    voucher_date: date,
    is_demo: bool = False,
) -> tuple[Expense, Message | None]:
    """Money the department spends itself on a line it performs without a contract."""
    plan = line.plan
    require(user, plan.organisation, "expense_record")
    if plan.status not in EXECUTABLE:
        raise DomainError(
            Message(
                "execution.expense.plan_not_approved",
                gettext_noop("Chỉ ghi chi cho kế hoạch đã được phê duyệt."),
            )
        )
    if ContractLine.objects.filter(line=line).exists():
        raise DomainError(
            Message(
                "execution.expense.line_contracted",
                gettext_noop("Dòng này thực hiện qua hợp đồng: chi qua thanh toán hợp đồng."),
            )
        )
    if amount <= 0 or not voucher_number.strip():
        raise DomainError(
            Message(
                "execution.expense.amount_voucher_missing",
                gettext_noop("Hãy nhập số tiền và số chứng từ."),
            )
        )
    warning = _check_commitment(plan, line, core_estimate.add([_committed(line), amount]))
    expense = Expense.objects.create(
        line=line,
        description=description[:300],
        amount=amount,
        voucher_number=voucher_number.strip(),
        voucher_date=voucher_date,
        is_demo=is_demo,
        created_by=user,
    )
    _log(
        user,
        "execution.expense.recorded",
        expense,
        plan,
        after=snapshot(
            expense, ["line_id", "description", "amount", "voucher_number", "voucher_date"]
        ),
        comment=comments.kept(warning) if warning else "",
    )
    return expense, warning


# -- revisions: contracts follow the effective version through amendments -----------------------


def _ancestors(plan: Plan) -> list[int]:
    """The ids of the versions this plan revises, nearest first."""
    out: list[int] = []
    current = plan.revision_of_id
    while current is not None and current not in out:
        out.append(current)
        current = Plan.objects.filter(pk=current).values_list("revision_of_id", flat=True).first()
    return out


def _line_map(plan: Plan) -> dict[int, EstimateLine]:
    """Every earlier version's line id -> the revision's line it became."""
    mapping: dict[int, EstimateLine] = {}
    origins = dict(EstimateLine.objects.filter(origin__isnull=False).values_list("pk", "origin"))
    for line in plan.lines.all():
        mapping[line.pk] = line
        current = line.origin_id
        seen = {line.pk}
        while current is not None and current not in seen:
            mapping[current] = line
            seen.add(current)
            current = origins.get(current)
    return mapping


def _has_airings(deliverables: Any) -> bool:
    return (
        deliverables.exclude(status=DeliverableStatus.PLANNED).exists()
        or AsRunRecord.objects.filter(deliverable__in=deliverables).exists()
    )


def _line_label(line: EstimateLine) -> str:
    return f"{line.number}. {line.content}".strip(". ")[:320]


def _adjust_deliverables(line: EstimateLine, kind: str, medium: str) -> None:
    """The line's deliverables after an amendment: regenerated when none is reported yet;
    otherwise reported ones are kept, planned ones added or removed, all numbered again."""
    deliverables = Deliverable.objects.filter(line=line)
    if not _has_airings(deliverables):
        _generate_deliverables(line, kind, medium)
        return
    budget = budget_for(line.plan)
    for cl in ContractLine.objects.filter(line=line).select_related("contract__contractor"):
        _adjust_contract_line(line, cl, budget)
    _renumber_deliverables(line, kind, medium, budget)


def _adjust_contract_line(line: EstimateLine, cl: ContractLine, budget: PlanBudget) -> None:
    """A contract line's deliverables as many as its quantity: planned ones added, or the
    last planned ones without a record removed (refused when that would remove an aired one)."""
    own = list(Deliverable.objects.filter(contract_line=cl).order_by("sequence", "id"))
    want = units(cl.quantity)
    if want > len(own):
        Deliverable.objects.bulk_create(
            Deliverable(
                line=line,
                contract_line=cl,
                sequence=10**6 + i,
                of_total=want,
                label=line.content[:300],
                planned_date=budget.period_end,
            )
            for i in range(want - len(own))
        )
    elif want < len(own):
        free = [
            d
            for d in reversed(own)
            if d.status == DeliverableStatus.PLANNED and not d.records.exists()
        ]
        surplus = len(own) - want
        if len(free) < surplus:
            contractor = cl.contract.contractor.name
            raise DomainError(
                Message(
                    "execution.amend.aired_deliverables",
                    gettext_noop(
                        "Dòng '{line}' của hợp đồng với {contractor} giảm còn {want} sản phẩm "
                        "nhưng {aired} sản phẩm đã có báo cáo phát sóng: không bỏ được sản "
                        "phẩm đã phát sóng. Hãy giữ số lượng không nhỏ hơn số đã phát sóng."
                    ),
                ).with_params(
                    line=_line_label(line),
                    contractor=contractor,
                    want=want,
                    aired=len(own) - len(free),
                )
            )
        Deliverable.objects.filter(pk__in=[d.pk for d in free[:surplus]]).delete()


def _renumber_deliverables(line: EstimateLine, kind: str, medium: str, budget: PlanBudget) -> None:
    """The line's deliverables numbered again in order ("… 3/12", with the outlet when the
    line is split between contractors), the planned ones given their spread dates."""
    rows = list(
        Deliverable.objects.filter(line=line)
        .select_related("contract_line__contract__contractor")
        .order_by("sequence", "id")
    )
    base = rules.label_base(kind, medium, line)
    split = ContractLine.objects.filter(line=line).count() > 1
    total = len(rows)
    for sequence, d in enumerate(rows, start=1):
        label = f"{base} {sequence}/{total}"
        if split and d.contract_line is not None:
            outlet = d.contract_line.contract.contractor
            label += f" — {outlet.short_name or outlet.name}"
        if d.status == DeliverableStatus.PLANNED and not d.records.exists():
            d.planned_date = _spread(budget, sequence, total)
        d.sequence, d.of_total, d.label = sequence, total, label[:300]
    Deliverable.objects.bulk_update(rows, ["sequence", "of_total", "label", "planned_date"])


@transaction.atomic
def contracts_amend(
    *, user: Any, plan: Plan, on: date | None = None, is_demo: bool = False
) -> list[Contract]:
    """Contracts follow the effective version: the contracts of the versions this revision
    replaces move to it, each change of quantity or amount recorded as a contract amendment
    (phụ lục hợp đồng); a contractor new to the plan gets a proposed contract. Never a second
    set; never an aired deliverable removed; committed money per line within its estimate."""
    require(user, plan.organisation, "contract_edit")
    lineage = [plan.pk, *_ancestors(plan)]
    contracts = list(
        Contract.objects.select_for_update()
        .filter(plan_id__in=lineage)
        .select_related("contractor")
        .order_by("id")
    )
    _carry_budget(plan, lineage[1:], is_demo=is_demo)
    revision = _Revision(plan)
    by_org: dict[int, Contract] = {}
    for contract in contracts:
        by_org.setdefault(contract.contractor_id, contract)
    touched_lines: set[int] = set()
    result: list[Contract] = []
    today = on or timezone.localdate()
    for contract in contracts:
        # A contractor's first contract takes its lines; any other gives up all of its own.
        first = by_org[contract.contractor_id] is contract
        wanted = revision.wanted_of(contract.contractor_id) if first else {}
        touched_lines |= _follow_revision(user, contract, revision, wanted, today)
        result.append(contract)
    # Contractors new to the plan: a proposed contract each.
    for org_pk, org in revision.contractors.items():
        if org_pk not in by_org:
            result.append(_propose_new(user, revision, org, is_demo=is_demo))
            touched_lines |= set(revision.wanted_of(org_pk))
    # The department's own expenses follow their lines too.
    _move_expenses(lineage[1:], revision.mapping)
    for assignment in revision.assignments:
        if (
            assignment.line.pk in touched_lines
            or ContractLine.objects.filter(line=assignment.line).exists()
        ):
            _adjust_deliverables(assignment.line, assignment.kind, assignment.medium)
    for line in plan.lines.all():
        committed = _committed(line)
        if committed:
            _check_commitment(plan, line, committed)
    return result


def _carry_budget(plan: Plan, earlier: list[int], *, is_demo: bool) -> None:
    """A revision without a budget of its own takes the nearest earlier version's year,
    funding, period and overcommit rule (or the defaults)."""
    if PlanBudget.objects.filter(plan=plan).exists():
        return
    previous = PlanBudget.objects.filter(plan_id__in=earlier).order_by("-plan_id").first()
    budget = default_budget(plan)
    if previous is not None:
        for name in ("year", "funding_source", "period_start", "period_end", "overcommit"):
            setattr(budget, name, getattr(previous, name))
    budget.is_demo = is_demo
    budget.save()


class _Revision:
    """What a revision asks of the contracts, read once: the line each earlier version's line
    became, the lines' computed amounts, the assignments, the quantity per (contractor, line),
    the contractors and the revision's lines by id."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.mapping = _line_map(plan)
        self.computed = core_lines(plan)
        self.assignments = rules.assign(plan)
        self.quantities: dict[tuple[int, int], Decimal] = {}
        self.contractors: dict[int, Any] = {}
        for org, line, quantity in _shares(self.assignments):
            self.quantities[(org.pk, line.pk)] = quantity
            self.contractors[org.pk] = org
        self.lines = {line.pk: line for line in plan.lines.all()}

    def wanted_of(self, contractor_id: int) -> dict[int, Decimal]:
        """The contractor's quantity per line id, in the assignments' order."""
        return {
            line_pk: quantity
            for (org_pk, line_pk), quantity in self.quantities.items()
            if org_pk == contractor_id
        }

    def amount(self, line: EstimateLine, quantity: Decimal) -> Decimal:
        return _share_amount(self.computed, line, quantity)


def _follow_revision(
    user: Any, contract: Contract, revision: _Revision, wanted: dict[int, Decimal], on: date
) -> set[int]:
    """One existing contract moved to the revision with the ``wanted`` quantity per line: its
    lines follow the lines they became, lines not wanted any more removed, wanted lines it
    lacks added, its value and state updated, and the changes recorded as an amendment dated
    ``on``. Returns the ids of the revision's lines it holds."""
    value_before = contract.value
    changes, kept = _move_lines(contract, revision, wanted)
    added = _add_lines(contract, revision, {pk: q for pk, q in wanted.items() if pk not in kept})
    changes += added
    if changes and contract.status == ContractStatus.LIQUIDATED:
        raise DomainError(
            Message(
                "execution.amend.liquidated",
                gettext_noop(
                    "Hợp đồng {number} với {contractor} đã thanh lý: bản điều chỉnh không thay "
                    "đổi được hợp đồng này. Hãy giữ nguyên các dòng của nó."
                ),
            ).with_params(number=contract.number, contractor=contract.contractor.name)
        )
    more = any(change["quantity"][1] > change["quantity"][0] for change in changes)
    if more and contract.status == ContractStatus.ACCEPTED:
        contract.status = ContractStatus.SIGNED  # new deliverables to accept
    contract.plan = revision.plan
    contract.value = core_estimate.add([cl.amount for cl in contract.lines.all()])
    contract.save(update_fields=["plan", "value", "status"])
    if changes:
        _amend(user, contract, revision.plan, on, value_before, changes)
    return kept | {change["line"].pk for change in added}


def _move_lines(
    contract: Contract, revision: _Revision, wanted: dict[int, Decimal]
) -> tuple[list[dict[str, Any]], set[int]]:
    """The contract's lines moved to the lines they became with the wanted quantity and its
    amount; a line not wanted (or wanted twice) removed with its deliverables, refused when
    one is aired. Returns the changes and the ids of the revision's lines kept."""
    changes: list[dict[str, Any]] = []
    kept: set[int] = set()
    for cl in list(contract.lines.select_related("line")):
        new_line = revision.mapping.get(cl.line_id)
        if new_line is None or new_line.pk not in wanted or new_line.pk in kept:
            deliverables = Deliverable.objects.filter(contract_line=cl)
            if _has_airings(deliverables):
                raise DomainError(
                    Message(
                        "execution.amend.aired_line",
                        gettext_noop(
                            "Bản điều chỉnh bỏ dòng '{line}' khỏi hợp đồng với {contractor}, "
                            "nhưng dòng này đã có sản phẩm báo cáo phát sóng: không bỏ được. "
                            "Hãy giữ dòng này trong bản điều chỉnh."
                        ),
                    ).with_params(line=_line_label(cl.line), contractor=contract.contractor.name)
                )
            changes.append(
                {
                    "line": None,
                    "label": _line_label(cl.line),
                    "quantity": (cl.quantity, Decimal(0)),
                    "amount": (cl.amount, Decimal(0)),
                }
            )
            deliverables.delete()
            cl.delete()
            continue
        kept.add(new_line.pk)
        quantity = wanted[new_line.pk]
        amount = revision.amount(new_line, quantity)
        if (cl.quantity, cl.amount) != (quantity, amount):
            changes.append(
                {
                    "line": new_line,
                    "label": _line_label(new_line),
                    "quantity": (cl.quantity, quantity),
                    "amount": (cl.amount, amount),
                }
            )
        cl.line, cl.quantity, cl.amount = new_line, quantity, amount
        cl.save()
        Deliverable.objects.filter(contract_line=cl).update(line=new_line)
    return changes, kept


def _add_lines(
    contract: Contract, revision: _Revision, missing: dict[int, Decimal]
) -> list[dict[str, Any]]:
    """A contract line for each ``missing`` line id with its quantity; returns the changes."""
    changes: list[dict[str, Any]] = []
    for line_pk, quantity in missing.items():
        line = revision.lines[line_pk]
        amount = revision.amount(line, quantity)
        ContractLine.objects.create(contract=contract, line=line, quantity=quantity, amount=amount)
        changes.append(
            {
                "line": line,
                "label": _line_label(line),
                "quantity": (Decimal(0), quantity),
                "amount": (Decimal(0), amount),
            }
        )
    return changes


def _propose_new(user: Any, revision: _Revision, org: Any, *, is_demo: bool) -> Contract:
    """A proposed contract for a contractor new to the plan, with its wanted lines (audited)."""
    contract = Contract.objects.create(
        plan=revision.plan,
        contractor=org,
        value=Decimal(0),
        selection_method=SelectionMethod.ORDERING,
        is_demo=is_demo,
    )
    for line_pk, quantity in revision.wanted_of(org.pk).items():
        line = revision.lines[line_pk]
        ContractLine.objects.create(
            contract=contract,
            line=line,
            quantity=quantity,
            amount=revision.amount(line, quantity),
        )
    contract.value = core_estimate.add([cl.amount for cl in contract.lines.all()])
    contract.save(update_fields=["value"])
    _log(
        user,
        "execution.contract.proposed",
        contract,
        revision.plan,
        after={"contractor": org.name, **snapshot(contract, CONTRACT_FIELDS)},
    )
    return contract


def _move_expenses(earlier: list[int], mapping: dict[int, EstimateLine]) -> None:
    """The department's own expenses of the earlier versions moved to the lines they became."""
    for expense in Expense.objects.filter(line__plan_id__in=earlier):
        new_line = mapping.get(expense.line_id)
        if new_line is not None:
            Expense.objects.filter(pk=expense.pk).update(line=new_line)


def _amend(
    user: Any,
    contract: Contract,
    plan: Plan,
    on: date,
    value_before: Decimal,
    changes: list[dict[str, Any]],
) -> ContractAmendment:
    count = ContractAmendment.objects.filter(contract=contract).count()
    amendment = ContractAmendment.objects.create(
        contract=contract,
        number=f"{count + 1:02d}",
        date=on,
        plan=plan,
        value_before=value_before,
        value_after=contract.value,
        created_by=user,
    )
    AmendmentLine.objects.bulk_create(
        AmendmentLine(
            amendment=amendment,
            line=change["line"],
            label=change["label"],
            quantity_before=change["quantity"][0],
            quantity_after=change["quantity"][1],
            amount_before=change["amount"][0],
            amount_after=change["amount"][1],
        )
        for change in changes
    )
    _log(
        user,
        "execution.contract.amended",
        amendment,
        plan,
        before={"value": value_before},
        after={
            "value": contract.value,
            "number": amendment.number,
            "date": on,
            "lines": [
                {
                    "line": change["label"],
                    "quantity": f"{change['quantity'][0]} → {change['quantity'][1]}",
                    "amount": f"{change['amount'][0]} → {change['amount'][1]}",
                }
                for change in changes
            ],
        },
        comment=comments.kept(
            comments.AMENDMENT.with_params(
                number=amendment.number, contract=contract.number or contract.pk
            )
        ),
    )
    return amendment
