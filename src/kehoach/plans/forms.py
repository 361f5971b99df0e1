"""Forms. Figures are typed as people type them ("1.500.000", "1,500,000", "1,5") and read by
the core's one parser; a money field refuses fractions of a đồng."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from kehoach.core import bounds
from kehoach.core.messages import Message
from kehoach.core.money import NumberFormatError, format_quantity, format_vnd, parse_number
from kehoach.plans.models import (
    Activity,
    ActivityItem,
    EstimateLine,
    LegalBasis,
    Objective,
    Plan,
    PriceNorm,
    Recipient,
    Responsibility,
)
from kehoach.web.files import FileRefused, signed_pdf
from kehoach.web.language import say

# What a form says of a figure or a file (issue 24: one language per screen, chosen at the edge).
NEGATIVE = Message("form.negative", gettext_noop("Số không được âm."))
FRACTION = Message("form.fraction", gettext_noop("Số tiền phải là số đồng chẵn."))
PLAN_FILE_KIND = Message(
    "form.plan_file.kind", gettext_noop("Chỉ nhận tệp .txt, .docx hoặc .xlsx.")
)
PLAN_FILE_SIZE = Message("form.plan_file.size", gettext_noop("Tệp quá lớn (tối đa 20 MB)."))
NOT_PDF = Message("form.signed.not_pdf", gettext_noop("Tệp không phải là PDF."))


class FigureInput(forms.TextInput):
    def __init__(self, money: bool) -> None:
        super().__init__(attrs={"inputmode": "decimal", "class": "num", "autocomplete": "off"})
        self.money = money

    def format_value(self, value: Any) -> str | None:
        if value in (None, ""):
            return None
        if isinstance(value, Decimal):
            return format_vnd(value) if self.money else format_quantity(value)
        return str(value)


class FigureField(forms.Field):
    def __init__(self, *, money: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(widget=FigureInput(money), **kwargs)
        self.money = money

    def to_python(self, value: Any) -> Decimal | None:
        if value in (None, ""):
            return None
        if isinstance(value, Decimal):
            return value
        try:
            number = parse_number(str(value)).value
        except NumberFormatError as exc:
            raise forms.ValidationError(say(exc)) from exc
        if number < 0:
            raise forms.ValidationError(say(NEGATIVE))
        if self.money and number != number.to_integral_value():
            raise forms.ValidationError(say(FRACTION))
        label = str(self.label or "")
        refusal = (
            bounds.check_amount(number, "", label)
            if self.money
            else bounds.check_quantity(number, "", label)
        )
        if refusal is not None:
            raise forms.ValidationError(say(refusal.said))
        return number


def _clean_texts(data: dict[str, Any] | None) -> dict[str, Any]:
    """Texts as kept: a textarea's CRLF (what browsers send) is the same text as LF, not a
    change; control characters no document can hold are removed (kehoach.core.bounds)."""
    data = data if data is not None else {}
    for name, value in data.items():
        if isinstance(value, str):
            data[name] = bounds.clean_text(value.replace("\r\n", "\n"))
    return data


def _bounded(value: Any, check: Any, label: str) -> Any:
    refusal = check(value, "", label)
    if refusal is not None:
        raise forms.ValidationError(say(refusal.said))
    return value


class PlanHeaderForm(forms.ModelForm):
    # The plan's version this form shows (docs/design.md §8 "Versions").
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31)

    class Meta:
        model = Plan
        fields = [
            "type_name",
            "governing_body",
            "agency",
            "number",
            "symbol",
            "place",
            "date",
            "year",
            "title",
            "preamble",
            "content",
            "funding_source",
            "closing",
            "signer_prefix",
            "signer_title",
            "signer_name",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "preamble": forms.Textarea(attrs={"rows": 4}),
            "content": forms.Textarea(attrs={"rows": 4}),
            "funding_source": forms.Textarea(attrs={"rows": 2}),
            "closing": forms.Textarea(attrs={"rows": 2}),
            "signer_title": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        return _clean_texts(data)

    def clean_year(self) -> Any:
        return _bounded(self.cleaned_data.get("year"), bounds.check_year, str(_("Năm")))

    def clean_date(self) -> Any:
        return _bounded(self.cleaned_data.get("date"), bounds.check_date, str(_("Ngày ban hành")))


class PlanCreateForm(forms.Form):
    title = forms.CharField(label=_("Trích yếu"), max_length=500)
    year = forms.IntegerField(label=_("Năm"), min_value=bounds.MIN_YEAR, max_value=bounds.MAX_YEAR)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp kế hoạch (.txt, .docx, .xlsx)"))

    MAX_BYTES = 20 * 1024 * 1024

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".txt", ".docx", ".xlsx")):
            raise forms.ValidationError(say(PLAN_FILE_KIND))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(say(PLAN_FILE_SIZE))
        return upload


class CloneForm(forms.Form):
    year = forms.IntegerField(
        label=_("Năm của kế hoạch mới"), min_value=bounds.MIN_YEAR, max_value=bounds.MAX_YEAR
    )


class LineForm(forms.ModelForm):
    quantity = FigureField(label=_("Số lượng"))
    unit_price = FigureField(money=True, label=_("Đơn giá"))
    airings = FigureField(label=_("Số lần phát sóng"))
    airing_unit_price = FigureField(money=True, label=_("Đơn giá phát sóng"))
    lump_sum = FigureField(money=True, label=_("Khoán"))

    class Meta:
        model = EstimateLine
        fields = [
            "number",
            "content",
            "duration",
            "quantity",
            "unit_price",
            "airings",
            "airing_unit_price",
            "lump_sum",
            "basis",
            "note",
            "executing_unit",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("aria-label", str(field.label))
            field.widget.attrs.setdefault(
                "class", "num" if isinstance(field, FigureField) else "text"
            )
            if name == "number":
                field.widget.attrs["size"] = 3

    def clean(self) -> dict[str, Any]:
        return _clean_texts(super().clean())


class IssueForm(forms.Form):
    number = forms.CharField(label=_("Số văn bản (theo sổ văn bản đi)"), max_length=20)
    issued_on = forms.DateField(
        label=_("Ngày ban hành"), widget=forms.DateInput(attrs={"type": "date"})
    )
    signed_file = forms.FileField(label=_("Bản đã ký (PDF)"), required=False)

    def clean_issued_on(self) -> Any:
        value = self.cleaned_data.get("issued_on")
        return _bounded(value, bounds.check_date, str(_("Ngày ban hành")))

    def clean_signed_file(self) -> Any:
        upload = self.cleaned_data.get("signed_file")
        if upload is None:
            return None
        if not upload.name.lower().endswith(".pdf") or upload.size > ImportForm.MAX_BYTES:
            raise forms.ValidationError(_("Bản đã ký phải là tệp PDF tối đa 20 MB."))

        content = upload.read()
        upload.seek(0)
        try:  # a PDF that opens (pypdf), not only one that starts like one (issue 21)
            signed_pdf(content, upload.name)
        except FileRefused:
            raise forms.ValidationError(say(NOT_PDF)) from None
        return upload


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 3}))


class NormForm(forms.ModelForm):
    max_unit_price = FigureField(money=True, required=True, label=_("Đơn giá tối đa"))

    class Meta:
        model = PriceNorm
        fields = [
            "activity_kind",
            "medium",
            "unit",
            "max_unit_price",
            "legal_source",
            "valid_from",
            "valid_to",
            "region",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_to": forms.DateInput(attrs={"type": "date"}),
        }

    def clean_valid_from(self) -> Any:
        value = self.cleaned_data.get("valid_from")
        return _bounded(value, bounds.check_date, str(_("Hiệu lực từ")))

    def clean_valid_to(self) -> Any:
        value = self.cleaned_data.get("valid_to")
        return _bounded(value, bounds.check_date, str(_("Hết hiệu lực")))


class BoundedPartForm(forms.ModelForm):
    """A row of the plan's lists: its year, date and quantities inside the bounds."""

    def clean(self) -> dict[str, Any]:
        data = _clean_texts(super().clean())
        checks: dict[str, Any] = {
            "year": bounds.check_year,
            "date": bounds.check_date,
            "quantity": bounds.check_quantity,
            "target_value": bounds.check_quantity,
        }
        for name, check in checks.items():
            if name in self.fields and data.get(name) is not None:
                refusal = check(data[name], name, str(self.fields[name].label))
                if refusal is not None:
                    self.add_error(name, say(refusal.said))
        return data


def parts_formsets(plan: Plan, data: Any = None) -> dict[str, Any]:
    """Inline formsets for the plan's lists: legal bases, objectives, activities,
    responsibilities, recipients."""
    specs = {
        "legal_bases": (
            LegalBasis,
            ["position", "type_name", "number", "symbol", "year", "date", "issuer", "summary"],
        ),
        "objectives": (
            Objective,
            ["position", "text", "is_baseline", "target_value", "target_unit"],
        ),
        "activities": (
            Activity,
            [
                "position",
                "number",
                "title",
                "kind",
                "medium",
                "audience",
                "quantity",
                "unit",
                "description",
            ],
        ),
        "responsibilities": (Responsibility, ["position", "text"]),
        "recipients": (Recipient, ["position", "text", "purpose", "is_archive"]),
    }
    out = {}
    model: Any
    for prefix, (model, fields) in specs.items():
        formset_class = forms.inlineformset_factory(
            Plan,
            model,
            form=BoundedPartForm,
            fields=fields,
            extra=1,
            can_delete=True,
            widgets={
                "text": forms.Textarea(attrs={"rows": 2}),
                "summary": forms.Textarea(attrs={"rows": 2}),
                "audience": forms.Textarea(attrs={"rows": 2}),
                "description": forms.Textarea(attrs={"rows": 2}),
                "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            },
        )
        out[prefix] = formset_class(data, instance=plan, prefix=prefix)
    return out


def items_formset(activity: Activity, data: Any = None) -> Any:
    formset_class = forms.inlineformset_factory(
        Activity,
        ActivityItem,
        form=BoundedPartForm,
        fields=["position", "text", "kind", "medium", "quantity", "unit"],
        extra=1,
        can_delete=True,
    )
    return formset_class(data, instance=activity, prefix="items")
