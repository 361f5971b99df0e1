"""The organisation's document details (issue 19)."""

from __future__ import annotations

from django import forms

from kehoach.accounts.models import Organisation

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
