from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ReportTextForm(forms.Form):
    problems = forms.CharField(
        label=_("Khó khăn, vướng mắc"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    proposals = forms.CharField(
        label=_("Đề xuất, kiến nghị"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ReportIssueForm(forms.Form):
    number = forms.CharField(label=_("Số theo sổ văn bản đi"), max_length=20)
    issued_on = forms.DateField(
        label=_("Ngày ban hành"), widget=forms.DateInput(attrs={"type": "date"})
    )
