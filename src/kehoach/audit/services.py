"""The one way to write an audit entry."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models

from kehoach.audit.models import AuditEntry


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The field values of a row, JSON-ready (Decimals as exact strings)."""
    names = fields or [f.attname for f in instance._meta.concrete_fields if f.name not in ("id",)]
    return {name: _json(getattr(instance, name)) for name in names}


def log_action(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    plan: Any = None,
    organisation: Any = None,
    comment: str = "",
    version: int | None = None,
) -> AuditEntry:
    if before is not None and after is not None:
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after.get(k) for k in sorted(changed)}
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        plan=plan,
        organisation=organisation,
        before=_json(before),
        after=_json(after),
        comment=comment,
        version=version,
    )
