"""Views: authorise, bind a form, call one service, render or redirect (docs/conventions.md §4)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kehoach.accounts.access import can, get_contract_for_user, get_plan_for_user, roles_for
from kehoach.core.money import format_vnd
from kehoach.errors import DomainError
from kehoach.execution import documents, selectors, services
from kehoach.execution.forms import (
    AcceptForm,
    AiringForm,
    BudgetForm,
    ContractForm,
    ContractLineForm,
    ExpenseForm,
    PaymentForm,
    VerifyForm,
    VoucherForm,
)
from kehoach.execution.models import (
    MinutesKind,
)
from kehoach.plans.models import PlanStatus
from kehoach.plans.services import effective_version
from kehoach.web.language import say
from kehoach.web.pagination import paginate
from kehoach.web.shortcuts import attachment as _file
from kehoach.web.shortcuts import refuse as _error

# -- home: a contractor's contracts (and staff's) -------------------------------------------


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    contracts = paginate(request, selectors.contracts_for_user(request.user))
    return render(request, "execution/home.html", {"contracts": contracts})


# -- the plan's contracts page --------------------------------------------------------------


def _own_lines(overview: selectors.Overview) -> list[tuple[int, str]]:
    return [
        (line.line_id, f"{section.code}.{line.number} {line.content}")
        for section in overview.sections
        for line in section.lines
        if line.own
    ]


@login_required
@require_GET
def plan_contracts(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    overview = selectors.overview(plan)
    budget = overview.budget
    org = plan.organisation
    return render(
        request,
        "execution/plan_contracts.html",
        {
            "plan": plan,
            "o": overview,
            "can_edit": can(request.user, org, "contract_edit"),
            "can_expense": can(request.user, org, "expense_record"),
            "executable": plan.status in services.EXECUTABLE,
            "effective": _effective(plan),
            "budget_form": BudgetForm(
                initial={
                    "year": budget.year,
                    "funding_source": budget.funding_source,
                    "period_start": budget.period_start,
                    "period_end": budget.period_end,
                    "overcommit": budget.overcommit,
                }
            ),
            "expense_form": ExpenseForm(
                lines=_own_lines(overview), initial={"voucher_date": timezone.localdate()}
            ),
            "expenses": plan.lines.filter(expenses__isnull=False).distinct(),
        },
    )


def _effective(plan: Any) -> Any:
    return effective_version(plan) if plan.status == PlanStatus.SUPERSEDED else None


@login_required
@require_POST
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, action="contract_edit")
    try:
        contracts = services.contracts_propose(user=request.user, plan=plan)
        messages.success(
            request,
            _("Đã đề xuất %(count)d hợp đồng.") % {"count": len(contracts)},
        )
    except DomainError as exc:
        _error(request, exc)
    return redirect("execution:plan", pk=plan.pk)


@login_required
@require_POST
def budget(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, action="contract_edit")
    form = BudgetForm(request.POST)
    if form.is_valid():
        try:
            services.budget_update(user=request.user, plan=plan, data=form.cleaned_data)
        except DomainError as exc:
            _error(request, exc)
    else:
        messages.error(request, form.errors.as_text())
    return redirect("execution:plan", pk=plan.pk)


@login_required
@require_POST
def expense_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, action="expense_record")
    overview = selectors.overview(plan)
    form = ExpenseForm(request.POST, lines=_own_lines(overview))
    if form.is_valid():
        line = selectors.estimate_line(plan, form.cleaned_data["line"])
        try:
            _expense, warning = services.expense_record(
                user=request.user,
                line=line,
                description=form.cleaned_data["description"],
                amount=form.cleaned_data["amount"],
                voucher_number=form.cleaned_data["voucher_number"],
                voucher_date=form.cleaned_data["voucher_date"],
            )
            if warning:
                messages.warning(request, say(warning))
        except DomainError as exc:
            _error(request, exc)
    else:
        messages.error(request, form.errors.as_text())
    return redirect("execution:plan", pk=plan.pk)


# -- a contract -----------------------------------------------------------------------------


@login_required
@require_GET
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_contract_for_user(request.user, pk)
    org = contract.plan.organisation
    staff = bool(roles_for(request.user, org))
    return render(
        request,
        "execution/contract_detail.html",
        {
            "contract": contract,
            "staff": staff,
            "rows": paginate(request, selectors.contract_deliverables(contract)),
            "lines": contract.lines.select_related("line"),
            "accepted_value": selectors.accepted_value(contract),
            "paid_value": selectors.paid_value(contract),
            "payments": contract.payments.all(),
            "minutes": contract.minutes.all(),
            "amendments": contract.amendments.prefetch_related("lines").select_related("plan"),
            "can_edit": can(request.user, org, "contract_edit"),
            "can_verify": can(request.user, org, "airing_verify"),
            "can_accept": can(request.user, org, "contract_accept"),
            "can_pay": can(request.user, org, "payment_record"),
            "form": ContractForm(
                instance=contract, initial={"lock_version": contract.lock_version}
            ),
            "accept_form": AcceptForm(initial={"on": timezone.localdate()}),
            "payment_form": PaymentForm(),
            "voucher_form": VoucherForm(initial={"voucher_date": timezone.localdate()}),
            "entries": paginate(
                request, selectors.contract_history(contract, limit=None), param="trang_ls"
            )
            if staff
            else [],
        },
    )


@login_required
@require_POST
def contract_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_contract_for_user(request.user, pk, action="contract_edit")
    form = ContractForm(request.POST, instance=contract)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "lock_version"}
        contract.refresh_from_db()
        try:
            services.contract_update(
                user=request.user,
                contract=contract,
                data=data,
                lock_version=form.cleaned_data["lock_version"],
            )
            if request.POST.get("sign"):
                services.contract_sign(user=request.user, contract=contract)
                messages.success(
                    request,
                    _("Đã ghi nhận hợp đồng %(number)s ký ngày %(date)s.")
                    % {
                        "number": contract.number,
                        "date": contract.date.strftime("%d/%m/%Y") if contract.date else "",
                    },
                )
        except DomainError as exc:
            _error(request, exc)
    else:
        messages.error(request, form.errors.as_text())
    return redirect("execution:contract", pk=contract.pk)


@login_required
@require_POST
def contract_line(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    contract = get_contract_for_user(request.user, pk, action="contract_edit")
    cl = selectors.contract_line_of(contract, line_pk)
    form = ContractLineForm(request.POST)
    if form.is_valid():
        try:
            _cl, warning = services.contract_line_update(
                user=request.user,
                contract_line=cl,
                quantity=form.cleaned_data["quantity"],
                amount=form.cleaned_data["amount"],
            )
            if warning:
                messages.warning(request, say(warning))
        except DomainError as exc:
            _error(request, exc)
    else:
        messages.error(request, form.errors.as_text())
    return redirect("execution:contract", pk=contract.pk)


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int, deliverable_pk: int) -> HttpResponse:
    """The one short form a reporter fills in on a phone."""
    contract = get_contract_for_user(request.user, pk, action="airing_report")
    deliverable = selectors.deliverable_of(contract, deliverable_pk)
    form = AiringForm(
        request.POST or None,
        request.FILES or None,
        initial={"outlet": contract.contractor.name, "duration": deliverable.line.duration},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["evidence_file"]
        evidence = (
            (upload.name, upload.content_type or "", upload.read()) if upload is not None else None
        )
        try:
            services.airing_record(
                user=request.user,
                deliverable=deliverable,
                outlet=form.cleaned_data["outlet"],
                aired_at=form.cleaned_data["aired_at"],
                duration=form.cleaned_data["duration"],
                title=form.cleaned_data["title"],
                evidence_url=form.cleaned_data["evidence_url"],
                evidence=evidence,
            )
            messages.success(request, _("Đã báo cáo: %(label)s") % {"label": deliverable.label})
            return redirect("execution:contract", pk=contract.pk)
        except DomainError as exc:
            _error(request, exc)
    return render(
        request,
        "execution/report.html",
        {"contract": contract, "deliverable": deliverable, "form": form},
    )


@login_required
@require_POST
def verify(request: HttpRequest, pk: int, record_pk: int) -> HttpResponse:
    contract = get_contract_for_user(request.user, pk, action="airing_verify")
    record = selectors.record_of(contract, record_pk)
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            services.airing_verify(
                user=request.user,
                record=record,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(
                request,
                _("Đã ghi kết quả giám sát: %(label)s — %(decision)s.")
                % {"label": record.deliverable.label, "decision": record.get_decision_display()},
            )
        except DomainError as exc:
            _error(request, exc)
    else:
        messages.error(request, form.errors.as_text())
    return redirect("execution:contract", pk=contract.pk)


@login_required
@require_GET
def evidence(request: HttpRequest, pk: int, record_pk: int) -> HttpResponse:
    contract = get_contract_for_user(request.user, pk)
    record = selectors.record_of(contract, record_pk)
    if not record.evidence_file:
        raise Http404
    return _file(
        record.evidence_name or "minh-chung",
        record.evidence_type or "application/octet-stream",
        bytes(record.evidence_file),
    )


def _contract_facts(contract: Any) -> list[tuple[str, str]]:
    return [
        (_("Hợp đồng"), f"{contract.number or '—'} — {contract.contractor.name}"),
        (_("Ngày ký"), contract.date.strftime("%d/%m/%Y") if contract.date else "—"),
        (_("Giá trị hợp đồng"), _("%(amount)s đồng") % {"amount": format_vnd(contract.value)}),
        (
            _("Giá trị đã nghiệm thu"),
            _("%(amount)s đồng") % {"amount": format_vnd(selectors.accepted_value(contract))},
        ),
        (
            _("Đã thanh toán"),
            _("%(amount)s đồng") % {"amount": format_vnd(selectors.paid_value(contract))},
        ),
    ]


@login_required
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_contract_for_user(request.user, pk, action="contract_accept")
    liquidate = bool(request.POST.get("liquidate") or request.GET.get("liquidate"))
    form = AcceptForm(request.POST if request.method == "POST" else request.GET)
    on = form.cleaned_data["on"] if form.is_valid() else None
    if request.method == "GET":
        day = on or timezone.localdate()
        verified = selectors.verified_count(contract)
        return render(
            request,
            "confirm.html",
            {
                "heading": _("Lập biên bản thanh lý hợp đồng")
                if liquidate
                else _("Nghiệm thu các sản phẩm đã xác nhận"),
                "facts": [
                    *_contract_facts(contract),
                    (_("Sản phẩm đã xác nhận, chờ nghiệm thu"), str(verified)),
                    (_("Ngày lập biên bản"), day.strftime("%d/%m/%Y")),
                ],
                "consequence": _(
                    "Biên bản được lập và lưu cố định; không sửa hay hủy được sau khi lập."
                ),
                "hidden": [("on", day.isoformat()), *([("liquidate", "1")] if liquidate else [])],
                "button": _("Xác nhận lập biên bản"),
                "action_url": request.path,
                "cancel_url": reverse("execution:contract", args=[contract.pk]),
            },
        )
    try:
        if liquidate:
            minutes = services.contract_liquidate(user=request.user, contract=contract, on=on)
        else:
            minutes = services.contract_accept(user=request.user, contract=contract, on=on)
        messages.success(
            request,
            _("Đã lập %(kind)s hợp đồng %(number)s ngày %(date)s: %(value)s đồng.")
            % {
                "kind": minutes.get_kind_display().lower(),
                "number": contract.number,
                "date": minutes.date.strftime("%d/%m/%Y"),
                "value": format_vnd(minutes.value),
            },
        )
    except DomainError as exc:
        _error(request, exc)
    return redirect("execution:contract", pk=contract.pk)


@login_required
@require_GET
def minutes_file(request: HttpRequest, pk: int, minutes_pk: int, kind: str) -> HttpResponse:
    contract = get_contract_for_user(request.user, pk)
    minutes = selectors.minutes_of(contract, minutes_pk)
    stem = "bien-ban-nghiem-thu" if minutes.kind == MinutesKind.ACCEPTANCE else "bien-ban-thanh-ly"
    if kind == "docx":
        return _file(f"{stem}-{minutes.pk}.docx", documents.DOCX, bytes(minutes.docx))
    if kind == "pdf":
        return _file(f"{stem}-{minutes.pk}.pdf", "application/pdf", bytes(minutes.pdf))
    raise Http404


@login_required
@require_GET
def annex(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The proof-of-broadcast annex as data: every accepted airing with its date and time."""
    contract = get_contract_for_user(request.user, pk)
    data = selectors.minutes_data(contract, kind=MinutesKind.ACCEPTANCE, on=timezone.localdate())
    if fmt == "csv":
        return _file(*documents.annex_csv(data))
    if fmt == "xlsx":
        return _file(*documents.annex_xlsx(data))
    raise Http404


@login_required
@require_POST
def payment_add(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_contract_for_user(request.user, pk, action="payment_record")
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            payment = services.payment_record(
                user=request.user, contract=contract, **form.cleaned_data
            )
            messages.success(
                request,
                _("Đã ghi khoản %(kind)s %(amount)s đồng cho hợp đồng %(number)s.")
                % {
                    "kind": payment.get_kind_display().lower(),
                    "amount": format_vnd(payment.amount),
                    "number": contract.number,
                },
            )
        except DomainError as exc:
            _error(request, exc)
    else:
        messages.error(request, form.errors.as_text())
    return redirect("execution:contract", pk=contract.pk)


@login_required
@require_http_methods(["GET", "POST"])
def payment_paid(request: HttpRequest, pk: int, payment_pk: int) -> HttpResponse:
    contract = get_contract_for_user(request.user, pk, action="payment_record")
    payment = selectors.payment_of(contract, payment_pk)
    if request.method == "GET":
        form = VoucherForm(request.GET)
        if not form.is_valid():
            messages.error(request, form.errors.as_text())
            return redirect("execution:contract", pk=contract.pk)
        voucher, day = form.cleaned_data["voucher_number"], form.cleaned_data["voucher_date"]
        return render(
            request,
            "confirm.html",
            {
                "heading": _("Xác nhận đã thanh toán"),
                "facts": [
                    *_contract_facts(contract),
                    (
                        _("Khoản thanh toán"),
                        f"{payment.get_kind_display()} "
                        + _("%(amount)s đồng") % {"amount": format_vnd(payment.amount)},
                    ),
                    (_("Chứng từ Kho bạc"), f"{voucher} — {day:%d/%m/%Y}"),
                ],
                "consequence": _(
                    "Chứng từ Kho bạc chỉ ghi một lần: sau khi xác nhận, khoản này là đã "
                    "thanh toán và không sửa được."
                ),
                "blocked": _("Khoản thanh toán này đã có chứng từ %(voucher)s.")
                % {"voucher": payment.voucher_number}
                if payment.is_paid
                else "",
                "hidden": [("voucher_number", voucher), ("voucher_date", day.isoformat())],
                "button": _("Xác nhận đã thanh toán"),
                "action_url": request.path,
                "cancel_url": reverse("execution:contract", args=[contract.pk]),
            },
        )
    form = VoucherForm(request.POST)
    if form.is_valid():
        try:
            services.payment_confirm(user=request.user, payment=payment, **form.cleaned_data)
            messages.success(
                request,
                _("Đã ghi chứng từ Kho bạc %(voucher)s: khoản %(amount)s đồng đã thanh toán.")
                % {
                    "voucher": form.cleaned_data["voucher_number"],
                    "amount": format_vnd(payment.amount),
                },
            )
        except DomainError as exc:
            _error(request, exc)
    else:
        messages.error(request, form.errors.as_text())
    return redirect("execution:contract", pk=contract.pk)
