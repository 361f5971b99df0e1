"""Forms of execution: small, and the airing report smallest (one short form on a phone)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kehoach.core.money import MONEY_FIELD
from kehoach.execution.models import (
    Contract,
    Decision,
    Overcommit,
    PaymentKind,
)
from kehoach.plans.forms import FigureField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = {**MONEY_FIELD, "min_value": 0}


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("Năm ngân sách"), min_value=2000, max_value=2100)
    funding_source = forms.CharField(label=_("Nguồn kinh phí"), max_length=255, required=False)
    period_start = forms.DateField(label=_("Thực hiện từ ngày"), widget=DATE)
    period_end = forms.DateField(label=_("Thực hiện đến ngày"), widget=DATE)
    overcommit = forms.ChoiceField(
        label=_("Khi cam kết vượt dự toán của dòng"), choices=Overcommit.choices
    )


class ContractForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    value = FigureField(money=True, required=True, label=_("Giá trị hợp đồng"))

    class Meta:
        model = Contract
        fields = ["number", "date", "end_date", "value", "selection_method", "legal_basis", "terms"]
        widgets = {"date": DATE, "end_date": DATE, "terms": forms.Textarea(attrs={"rows": 3})}


class ContractLineForm(forms.Form):
    quantity = FigureField(required=True, label=_("Số lượng"))
    amount = FigureField(
        money=True, required=False, label=_("Thành tiền (để trống: tính theo đơn giá)")
    )


class AiringForm(forms.Form):
    """Deliverable preselected, date and time defaulting to now, evidence optional."""

    aired_at = forms.DateTimeField(
        label=_("Phát sóng / đăng lúc"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    outlet = forms.CharField(label=_("Đài / số báo"), max_length=200, required=False)
    duration = forms.CharField(label=_("Thời lượng / số trang"), max_length=60, required=False)
    title = forms.CharField(label=_("Tiêu đề"), max_length=300, required=False)
    evidence_url = forms.URLField(
        label=_("Đường dẫn minh chứng"), required=False, assume_scheme="https"
    )
    evidence_file = forms.FileField(label=_("Tệp minh chứng"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("aired_at", timezone.localtime().replace(second=0))


class VerifyForm(forms.Form):
    decision = forms.ChoiceField(label=_("Kết quả"), choices=Decision.choices)
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=1000)


class AcceptForm(forms.Form):
    on = forms.DateField(label=_("Ngày lập biên bản"), widget=DATE)


class PaymentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=PaymentKind.choices)
    amount = FigureField(money=True, required=True, label=_("Số tiền"))
    voucher_number = forms.CharField(label=_("Số chứng từ Kho bạc"), max_length=60, required=False)
    voucher_date = forms.DateField(label=_("Ngày chứng từ"), widget=DATE, required=False)
    override = forms.BooleanField(label=_("Vượt giá trị đã nghiệm thu"), required=False)
    override_reason = forms.CharField(label=_("Lý do vượt"), required=False, max_length=1000)


class VoucherForm(forms.Form):
    voucher_number = forms.CharField(label=_("Số chứng từ Kho bạc"), max_length=60)
    voucher_date = forms.DateField(label=_("Ngày chứng từ"), widget=DATE)


class ExpenseForm(forms.Form):
    line = forms.TypedChoiceField(label=_("Dòng dự toán"), coerce=int)
    description = forms.CharField(label=_("Nội dung chi"), max_length=300)
    amount = FigureField(money=True, required=True, label=_("Số tiền"))
    voucher_number = forms.CharField(label=_("Số chứng từ"), max_length=60)
    voucher_date = forms.DateField(label=_("Ngày chứng từ"), widget=DATE)

    def __init__(self, *args: Any, lines: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = lines  # type: ignore[attr-defined]
