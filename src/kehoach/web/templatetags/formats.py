"""What a person reads, in the person's language (issue 23): periods as "Quý I/2016" or
"Tháng 07/2016", never their key "2016-Q1"; days as dd/mm/yyyy, never ISO."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template

from kehoach.core import vocabulary
from kehoach.core.outcomes import level_label
from kehoach.core.periods import Period
from kehoach.web.language import current, place_kept, say, say_kept

register = template.Library()


@register.filter
def period(value: Any) -> str:
    """A period key ("2016-07", "2016-Q1", "2016-H1", "2016", "2018-02-15..2018-03-14") or a
    ``Period`` as a label; anything else is shown as it is."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Period):
        try:
            value = Period.from_key(str(value))
        except ValueError:
            return str(value)
    return value.label(current())


@register.filter
def day(value: Any) -> str:
    """A date (or an ISO date string) as dd/mm/yyyy."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return f"{value:%d/%m/%Y}" if isinstance(value, date) else str(value)


@register.filter
def kind(code: Any) -> str:
    """An activity kind's code (``talk_show``) as its name in the person's language."""
    return vocabulary.kind_label(str(code) if code else None, current())


@register.filter
def medium(code: Any) -> str:
    """A medium's code (``tv``) as its name in the person's language."""
    return vocabulary.medium_label(str(code) if code else None, current())


@register.filter
def level(code: Any) -> str:
    """A service level's code (``3``, ``full``) as its name in the person's language."""
    return level_label(str(code) if code else None, current())


@register.filter
def said(value: Any) -> str:
    """A finding (object, or the dict a job keeps), a Message or a refusal in the person's
    language (issue 24: one language per screen). A job's dict keeps the message's parts
    (``said``), or, when written before, its texts (``message``, ``message_en``)."""
    if isinstance(value, dict):
        return say_kept(value)
    if callable(getattr(value, "message", None)):  # a Finding
        return str(value.message(current()))
    return say(value)


@register.filter
def place(value: Any) -> str:
    """Where a finding is, in the person's language (object, or the dict a job keeps)."""
    if isinstance(value, dict):
        return place_kept(value)
    where = getattr(value, "where", None)
    return str(where.label(current())) if where is not None else ""
