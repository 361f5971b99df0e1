"""Changes to organisations: one transaction and an audit entry each."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kehoach.accounts.forms import DOCUMENT_FIELDS
from kehoach.accounts.models import DocumentTemplate, Organisation
from kehoach.audit.services import log_action
from kehoach.documents.writers import own_template


@transaction.atomic
def organisation_update(*, user: Any, organisation: Organisation, data: dict[str, Any]) -> None:
    """What documents take from an organisation: names, governing body, address,
    representative, account, tax code, "nghìn"/"ngàn"."""
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = {name: getattr(locked, name) for name in DOCUMENT_FIELDS}
    for name in DOCUMENT_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    locked.save()
    after = {name: getattr(locked, name) for name in DOCUMENT_FIELDS}
    log_action(
        actor=user,
        action="accounts.organisation.changed",
        obj=locked,
        before=before,
        after=after,
        organisation=locked,
    )


@transaction.atomic
def template_upload(
    *, user: Any, organisation: Organisation, kind: str, filename: str, content: bytes
) -> DocumentTemplate:
    """Stores the organisation's own template for ``kind`` after checking it has every required
    field (:func:`kehoach.documents.writers.own_template.check` raises ``TemplateError`` with
    the list of what is missing); it replaces the previous one."""
    own_template.check(content, kind)
    template, created = DocumentTemplate.objects.update_or_create(
        organisation=organisation,
        kind=kind,
        defaults={"filename": filename[:255], "content": content, "uploaded_by": user},
    )
    log_action(
        actor=user,
        action="accounts.template.uploaded",
        obj=template,
        after={"kind": kind, "filename": filename, "replaced": not created},
        organisation=organisation,
    )
    return template


@transaction.atomic
def template_delete(*, user: Any, organisation: Organisation, kind: str) -> None:
    """Back to the built-in layout for ``kind``."""
    template = DocumentTemplate.objects.filter(organisation=organisation, kind=kind).first()
    if template is None:
        return
    log_action(
        actor=user,
        action="accounts.template.deleted",
        obj=template,
        before={"kind": kind, "filename": template.filename},
        organisation=organisation,
    )
    template.delete()
