"""Forms: what a person types, validated before a service is called."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kehoach.conference.models import CheckKind, ContentKind, DayType
from kehoach.core.money import MONEY_FIELD


class ConferenceCreateForm(forms.Form):
    date = forms.DateField(label=_("Ngày tổ chức"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Địa điểm"), max_length=300)


class GroupsForm(forms.Form):
    """One line per group: "name: number" (the planned numbers must add up to the total)."""

    planned_total = forms.IntegerField(label=_("Tổng số đại biểu"), min_value=0)
    groups = forms.CharField(
        label=_("Thành phần (mỗi dòng: tên: số đại biểu)"), widget=forms.Textarea(attrs={"rows": 8})
    )

    def clean_groups(self) -> list[tuple[str, int]]:
        out = []
        for raw in self.cleaned_data["groups"].splitlines():
            if not raw.strip():
                continue
            name, sep, number = raw.rpartition(":")
            if not sep or not number.strip().isdigit() or not name.strip():
                raise forms.ValidationError(
                    _("Dòng '%(line)s' phải có dạng 'tên: số'."), params={"line": raw[:60]}
                )
            out.append((name.strip()[:300], int(number)))
        if not out:
            raise forms.ValidationError(_("Hãy nhập ít nhất một thành phần."))
        return out


class DelegateForm(forms.Form):
    group = forms.TypedChoiceField(label=_("Thành phần"), coerce=int)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    position_title = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    unit = forms.CharField(label=_("Cơ quan, đơn vị"), max_length=300, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)

    def __init__(self, *args: Any, groups: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = groups  # type: ignore[attr-defined]


class FundingForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Lựa chọn"),
        choices=[
            ("elsewhere", _("Nguồn kinh phí khác chi trả")),
            ("revision", _("Bổ sung dòng dự toán qua kế hoạch điều chỉnh")),
        ],
    )
    source = forms.CharField(label=_("Nguồn kinh phí khác"), max_length=300, required=False)


class ContentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=ContentKind.choices)
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea, required=False)
    file = forms.FileField(label=_("Tệp"), required=False)
    stations = forms.TypedMultipleChoiceField(
        label=_("Đài nhận"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, stations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stations"].choices = stations  # type: ignore[attr-defined]


class SupervisionForm(forms.Form):
    line = forms.TypedChoiceField(label=_("Dòng dự toán"), coerce=int)
    supervisor_name = forms.CharField(label=_("Người giám sát"), max_length=120, required=False)
    kind = forms.ChoiceField(label=_("Việc kiểm tra"), choices=CheckKind.choices)
    subject = forms.CharField(label=_("Nội dung kiểm tra"), max_length=300)
    checked_on = forms.DateField(label=_("Ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    day_type = forms.ChoiceField(label=_("Loại ngày"), choices=DayType.choices)
    overtime_hours = forms.DecimalField(
        label=_("Số giờ làm thêm"), min_value=0, max_digits=8, decimal_places=2
    )
    hourly_wage = forms.DecimalField(
        label=_("Tiền lương giờ (đồng)"),
        min_value=0,
        max_digits=MONEY_FIELD["max_digits"],
        decimal_places=MONEY_FIELD["decimal_places"],
    )

    def __init__(self, *args: Any, lines: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = lines  # type: ignore[attr-defined]
