from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kehoach.outcomes.models import Level, Service


class PageLinkForm(forms.Form):
    """A link to any page of the catalogue: one service, or the catalogue with filters."""

    label = forms.CharField(label=_("Tên (để nhận ra liên kết)"), max_length=300)
    service_code = forms.CharField(
        label=_("Mã thủ tục (để mở thẳng một dịch vụ)"), max_length=60, required=False
    )
    q = forms.CharField(label=_("Từ khóa tìm kiếm"), max_length=200, required=False)
    linh_vuc = forms.CharField(label=_("Lĩnh vực"), max_length=200, required=False)
    co_quan = forms.CharField(label=_("Cơ quan thực hiện"), max_length=255, required=False)
    muc_do = forms.ChoiceField(
        label=_("Mức độ"), required=False, choices=[("", "—"), *Level.choices]
    )
    outlet = forms.TypedChoiceField(label=_("Kênh"), required=False, coerce=int, empty_value=None)
    code = forms.CharField(
        label=_("Địa chỉ dễ nhớ (tùy chọn, ví dụ chogao)"), max_length=40, required=False
    )

    def __init__(self, *args: Any, organisation: Any, outlets: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.outlets = {o.pk: o for o in outlets}
        self.fields["outlet"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (o.pk, o.short_name or o.name) for o in outlets
        ]

    def clean_service_code(self) -> Service | None:
        code = self.cleaned_data["service_code"].strip()
        if not code:
            return None
        service = Service.objects.filter(organisation=self.organisation, code__iexact=code).first()
        if service is None:
            raise forms.ValidationError(_("Không có thủ tục mã này trong danh mục."))
        return service

    def clean_outlet(self) -> Any:
        pk = self.cleaned_data.get("outlet")
        return self.outlets.get(pk) if pk else None
