"""A figure of the dashboard as a link to its records; a result that is not there yet is
said ("chưa có"), never shown as 0."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from kehoach.core.money import format_vnd

register = template.Library()


@register.simple_tag
def records_url(base: str, **filters: Any) -> str:
    query = urlencode({k: v for k, v in filters.items() if v not in ("", None)})
    return f"{base}?{query}" if query else base


@register.simple_tag
def figure(n: int, url: str = "", result: bool = True) -> str:
    if not n and result:
        return format_html('<span class="empty">{}</span>', _("chưa có"))
    if url:
        return format_html('<a href="{}">{}</a>', url, n)
    return format_html("{}", n)


@register.simple_tag
def money(value: Any, url: str = "", result: bool = True) -> str:
    if not value and result:
        return format_html('<span class="empty">{}</span>', _("chưa có"))
    text = format_vnd(value)
    return format_html('<a href="{}">{}</a>', url, text) if url else format_html("{}", text)
