"""The project's money filters: Django's ``vi`` locale sets no grouping, so amounts are
formatted here, with dots, and a float is refused rather than shown; ``dong`` adds the unit in
the person's language (issue 23: "1.500.000 đ", on the English screen "1.500.000 VND")."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext

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
def dong(value: Any) -> str:
    """An amount with its unit, from the catalogue: never a "đ" written after ``|vnd`` in a
    template, which would stay Vietnamese on the English screen."""
    amount = vnd(value)
    if not amount:
        return ""
    return gettext("%(amount)s đ") % {"amount": amount}


@register.filter
def qty(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        raise TypeError("Floats are refused")
    return format_quantity(value if isinstance(value, Decimal | int) else Decimal(str(value)))
