"""Changes to organisations: one transaction and an audit entry each."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kehoach.accounts.forms import DOCUMENT_FIELDS
from kehoach.accounts.models import Organisation
from kehoach.audit.services import log_action


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
        action="organisation.update",
        obj=locked,
        before=before,
        after=after,
        organisation=locked,
    )
