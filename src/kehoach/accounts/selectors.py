"""Selectors read (docs/conventions.md §4): organisations as the views and the API ask for them.
Who may see or do what is decided by :mod:`kehoach.accounts.access`, not here."""

from __future__ import annotations

from collections.abc import Iterable

from django.shortcuts import get_object_or_404

from kehoach.accounts.access import can, organisations_for
from kehoach.accounts.models import Organisation
from kehoach.execution.models import Contract


def editable_organisations(user: object) -> list[Organisation]:
    """The organisations the user administers, and their contracts' contractors."""
    own = [o for o in organisations_for(user) if can(user, o, "organisation_edit")]
    contractors = Organisation.objects.filter(
        pk__in=Contract.objects.filter(plan__organisation__in=own).values("contractor")
    ).exclude(pk__in=[o.pk for o in own])
    return [*own, *contractors.order_by("name")]


def organisation_by_pk(pk: int) -> Organisation:
    return get_object_or_404(Organisation, pk=pk)


def organisation_by_code(code: str) -> Organisation | None:
    return Organisation.objects.filter(code=code).first()


def organisations_by_pk(pks: Iterable[int]) -> list[Organisation]:
    return list(Organisation.objects.filter(pk__in=pks))


def stations_of_province(province: str) -> list[Organisation]:
    """The broadcasting stations (district and provincial) of a province, by name."""
    return list(
        Organisation.objects.filter(
            province=province, kind__in=("district_station", "station")
        ).order_by("name")
    )
