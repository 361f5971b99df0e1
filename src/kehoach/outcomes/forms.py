"""Forms of the outcomes pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kehoach.outcomes.models import ImportKind, Level, OnError, Service, SourceProfile

MAX_BYTES = 20 * 1024 * 1024
MAX_DOSSIER_BYTES = 2 * 1024 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"


class OutcomeImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại số liệu"),
        choices=[
            (ImportKind.CATALOGUE, _("Danh mục dịch vụ công")),
            (ImportKind.MONTHLY, _("Số liệu hồ sơ theo tháng")),
            (ImportKind.DOSSIERS, _("Hồ sơ (từng hồ sơ, tệp xuất từ cổng)")),
        ],
    )
    file = forms.FileField(label=_("Tệp CSV hoặc XLSX (hồ sơ: CSV hoặc Parquet)"))
    profile = forms.ModelChoiceField(
        label=_("Hồ sơ nguồn (cách đọc cột đã lưu)"),
        queryset=SourceProfile.objects.none(),
        required=False,
    )
    on_error = forms.ChoiceField(
        label=_("Khi có dòng lỗi"),
        choices=OnError.choices,
        initial=OnError.KEEP,
        widget=forms.RadioSelect,
    )
    as_of = forms.DateField(
        label=_("Mức độ có hiệu lực từ ngày (khi tệp không có cột ngày)"),
        required=False,
        widget=DateInput,
    )

    def __init__(self, *args: Any, organisation: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisation is not None:
            self.fields["profile"].queryset = SourceProfile.objects.filter(  # type: ignore[attr-defined]
                organisation=organisation
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is None:
            return data
        name = upload.name.lower()
        if data.get("kind") == ImportKind.DOSSIERS:
            if not name.endswith((".csv", ".parquet", ".txt")):
                self.add_error("file", _("Tệp hồ sơ phải là .csv hoặc .parquet."))
            elif upload.size > MAX_DOSSIER_BYTES:
                self.add_error("file", _("Tệp hồ sơ quá lớn (tối đa 2 GB)."))
        elif not name.endswith((".csv", ".xlsx")):
            self.add_error("file", _("Chỉ nhận tệp .csv hoặc .xlsx."))
        elif upload.size > MAX_BYTES:
            self.add_error("file", _("Tệp quá lớn (tối đa 20 MB)."))
        return data


class ServiceForm(forms.ModelForm):
    level = forms.ChoiceField(
        label=_("Mức độ mới"), choices=[("", "—"), *Level.choices], required=False
    )
    level_from = forms.DateField(label=_("Mức độ có hiệu lực từ"), required=False, widget=DateInput)
    level_source = forms.CharField(
        label=_("Căn cứ thay đổi mức độ"), required=False, max_length=300
    )

    class Meta:
        model = Service
        fields = ["code", "name", "field", "agency", "portal_url"]

    portal_url = forms.URLField(
        label=_("Đường dẫn trên cổng dịch vụ công"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("level") and not data.get("level_from"):
            self.add_error("level_from", _("Cho biết mức độ mới có hiệu lực từ ngày nào."))
        return data
