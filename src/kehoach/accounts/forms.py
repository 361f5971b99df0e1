"""The organisation's document details (issue 19)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kehoach.accounts.models import DocumentKind, Organisation

DOCUMENT_FIELDS = [
    "name",
    "short_name",
    "governing_body",
    "address",
    "representative",
    "representative_title",
    "treasury_account",
    "tax_code",
    "thousand_word",
]


class OrganisationDocumentForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = DOCUMENT_FIELDS
        widgets = {
            name: forms.TextInput(attrs={"size": 60})
            for name in DOCUMENT_FIELDS
            if name != "thousand_word"
        }


class DocumentTemplateForm(forms.Form):
    """An organisation's own Word template for one kind of document (issue 19)."""

    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("Mẫu Word (.docx)"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError(_("Chỉ nhận tệp Word .docx."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Tệp mẫu quá 5 MB."))
        return upload
