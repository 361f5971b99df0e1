"""The project's money filter: Django's ``vi`` locale sets no grouping, so amounts are
formatted here, with dots, and a float is refused rather than shown."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from kehoach.core.money import format_quantity, format_vnd

register = template.Library()


@register.filter
def vnd(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        raise TypeError("Floats are refused for money")
    return format_vnd(value if isinstance(value, Decimal | int) else Decimal(str(value)))


@register.filter
def qty(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        raise TypeError("Floats are refused")
    return format_quantity(value if isinstance(value, Decimal | int) else Decimal(str(value)))
