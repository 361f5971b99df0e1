"""The data a module shares (the demo, the executed demo), loaded once per worker and given back
to the next module that asks for it as rows.

``demo_module`` and ``executed_module`` (tests/conftest.py) load their data inside the module's
transaction, which is rolled back when the module ends. Loading goes through the product's own
loaders and services (about a second for the demo, three for its execution: airings reported,
minutes written); it was paid again by every module. Now the first module of a worker loads it
and a :class:`Snapshot` keeps every row of every table as it then stood; a later module gets
the database made equal to it, inside its own transaction — the rows that differ deleted, the
missing ones inserted (``bulk_create``: no signal, no audit entry, no notice; the foreign keys
are checked at commit, which never comes) — in a few dozen milliseconds. Whatever state the
worker's database was in before (another module's rollback, a browser journey's flush that
gave the content types new ids), the module sees the same rows the loaders wrote.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Model


def _models() -> list[type[Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _rows(model: type[Model]) -> tuple[list[str], dict[Any, tuple[Any, ...]]]:
    names = [field.attname for field in model._meta.concrete_fields]
    pk = names.index(model._meta.pk.attname)
    # no ordering: a model ordered by a related field would be read through a join, which
    # leaves out the rows whose related row is already gone
    rows = model._base_manager.order_by().values_list(*names)
    return names, {row[pk]: row for row in rows.iterator()}


@dataclass
class Snapshot:
    """Every row of every table kehoach's models hold, as read at one moment."""

    tables: dict[type[Model], tuple[list[str], dict[Any, tuple[Any, ...]]]]

    @classmethod
    def take(cls) -> Snapshot:
        return cls({model: _rows(model) for model in _models()})

    def restore(self) -> None:
        """Make the database hold exactly these rows (inside the caller's transaction)."""
        missing: list[tuple[type[Model], list[str], list[tuple[Any, ...]]]] = []
        for model, (names, kept) in self.tables.items():
            _names, now = _rows(model)
            stale = [pk for pk, row in now.items() if kept.get(pk) != row]
            for chunk in _chunks(stale, 500):
                model._base_manager.filter(pk__in=chunk)._raw_delete(connection.alias)
            wanted = [row for pk, row in kept.items() if now.get(pk) != row]
            if wanted:
                missing.append((model, names, wanted))
        for model, names, wanted in missing:
            with _as_kept(model):
                model._base_manager.bulk_create(
                    [model(**dict(zip(names, row, strict=True))) for row in wanted],
                    batch_size=500,
                )
        # Content types may have come back with other ids (after a flush, post_migrate made
        # new ones): the process's cache of them is read afresh.
        ContentType.objects.clear_cache()
        if connection.vendor == "postgresql":
            statements = connection.ops.sequence_reset_sql(no_style(), [m for m, *_r in missing])
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)


@contextmanager
def _as_kept(model: type[Model]) -> Iterator[None]:
    """The model's "now" dates (``auto_now``, ``auto_now_add``) written as kept, not as of now:
    ``bulk_create`` asks each field for its value to save, and those would say the time."""
    stamped = [
        (field, field.auto_now, field.auto_now_add)
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    for field, _now, _add in stamped:
        field.auto_now = field.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for field, now, add in stamped:
            field.auto_now, field.auto_now_add = now, add  # type: ignore[attr-defined]


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


KEPT: dict[str, Snapshot] = {}
