"""The database fields of money and quantities, in one place for every app (docs/design.md §4):
whole đồng up to 18 digits, quantities with four decimals (the figures of
``kehoach.core.money.MONEY_FIELD`` and ``QUANTITY_FIELD``, which forms use too). They are plain
``DecimalField``s — migrations see Django's own field — made here so no model repeats the spec."""

from __future__ import annotations

from typing import Any

from django.db import models

from kehoach.core.money import MONEY_FIELD, QUANTITY_FIELD


def money_field(verbose_name: Any = None, **kwargs: Any) -> Any:
    return models.DecimalField(
        verbose_name,
        max_digits=MONEY_FIELD["max_digits"],
        decimal_places=MONEY_FIELD["decimal_places"],
        **kwargs,
    )


def quantity_field(verbose_name: Any = None, **kwargs: Any) -> Any:
    return models.DecimalField(
        verbose_name,
        max_digits=QUANTITY_FIELD["max_digits"],
        decimal_places=QUANTITY_FIELD["decimal_places"],
        **kwargs,
    )
