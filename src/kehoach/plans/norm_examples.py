"""The built-in example norm set (issue 23): shown as such on the price-norm page, with its
source, and copied by finance into the organisation's own norm set to be checked and edited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from kehoach.accounts.access import require
from kehoach.audit.services import log_action
from kehoach.errors import DomainError, Message
from kehoach.plans.models import PriceNorm


def examples() -> Any:
    return PriceNorm.objects.filter(organisation=None, is_example=True).order_by(
        "activity_kind", "medium", "-valid_from"
    )


def _key(norm: PriceNorm) -> tuple[str, str, str, Any, str]:
    return (norm.activity_kind, norm.medium, norm.unit, norm.valid_from, norm.region)


@transaction.atomic
def copy_examples(*, user: Any, organisation: Any) -> int:
    """Copy the example norms the organisation does not have yet into its own set; returns how
    many were copied. The copies keep their source; they are the organisation's to correct."""
    require(user, organisation, "norms_edit")
    own = {_key(n) for n in PriceNorm.objects.filter(organisation=organisation)}
    copies = [
        PriceNorm(
            organisation=organisation,
            activity_kind=n.activity_kind,
            medium=n.medium,
            unit=n.unit,
            max_unit_price=n.max_unit_price,
            legal_source=n.legal_source,
            valid_from=n.valid_from,
            valid_to=n.valid_to,
            region=n.region,
            is_example=False,
        )
        for n in examples()
        if _key(n) not in own
    ]
    if not copies:
        raise DomainError(
            Message(
                "plans.norms.examples_all_there",
                gettext_noop(
                    "Bộ định mức của đơn vị đã có đủ các định mức minh họa; không có gì để sao "
                    "chép."
                ),
            )
        )
    PriceNorm.objects.bulk_create(copies)
    log_action(
        actor=user,
        action="plans.norm.examples_copied",
        obj=organisation,
        organisation=organisation,
        after={"copied": len(copies), "source": sorted({n.legal_source for n in copies})},
    )
    return len(copies)
