"""``{{ entries|readable }}``: audit entries in words (kehoach.audit.readable)."""

from __future__ import annotations

from typing import Any

from django import template

from kehoach.audit.readable import Described, describe

register = template.Library()


@register.filter
def readable(entries: Any) -> list[Described]:
    return describe(entries or [])
