"""Computed parts of pages, kept until the data changes.

The plan page, the estimate editor and the campaign dashboard of a 300-line plan rebuild the
plan document, rerun every check and lay out thousands of cells; none of that changes between
two views of the same data. Each such part is rendered once and kept in Django's cache under a
key made of everything it depends on:

- the **data generation**: the id of the newest audit entry. Every change kehoach makes goes
  through a service that writes one (CONVENTIONS.md §4, DESIGN.md §7), so a new audit entry
  is exactly "something changed" — anywhere, including the inputs the checks read from other
  apps (price norms, the conference, the supervision record, imported statistics);
- the plan's ``lock_version`` (bumped by every change of the plan, also the ones made with
  ``QuerySet.update``), its id, the language, and the day for parts that depend on today's
  date (a deliverable becomes late).

The generation is read *before* the part is computed: a part computed while a change commits is
then stored under the older key, never the newer one, so a stale part is never served for the
new data. Parts hold no per-person data (no CSRF token, no buttons that depend on the role);
the view adds those around them. The cache is Django's (``CACHES``; per process by default,
which is enough: a key is only ever right or absent, never shared stale).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

TIMEOUT = 6 * 3600
T = TypeVar("T")


def generation(request: HttpRequest | None = None) -> int:
    """The newest audit entry's id (0 before the first change), read once per request."""
    if request is not None and hasattr(request, "_kehoach_generation"):
        return int(request._kehoach_generation)
    from kehoach.audit.models import AuditEntry

    value = AuditEntry.objects.aggregate(m=Max("id"))["m"] or 0
    if request is not None:
        request._kehoach_generation = value  # type: ignore[attr-defined]
    return int(value)


def part_key(request: HttpRequest, name: str, plan: Any, *, daily: bool = False) -> str:
    return _key(request, name, (plan.pk, plan.lock_version), daily=daily)


def _key(request: HttpRequest, name: str, parts: tuple[Any, ...], *, daily: bool = False) -> str:
    language = (get_language() or "vi")[:2]
    day = timezone.localdate().isoformat() if daily else "-"
    head = ":".join(str(p) for p in parts)
    return f"kehoach:part:{name}:{head}:{generation(request)}:{language}:{day}"


def cached_part(
    request: HttpRequest,
    name: str,
    plan: Any,
    render: Callable[[], str],
    *,
    daily: bool = False,
) -> SafeString:
    """The part ``name`` of ``plan``'s page: from the cache, or rendered now and kept."""
    key = part_key(request, name, plan, daily=daily)
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, TIMEOUT)
    return mark_safe(html)  # rendered by our own templates and escaping helpers


def cached_value(
    request: HttpRequest, name: str, parts: tuple[Any, ...], compute: Callable[[], T]
) -> T:
    """A computed value (picklable) that depends on the data and on ``parts`` only (an
    organisation's id, the page's options): from the cache, or computed now and kept."""
    key = _key(request, name, parts)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value  # type: ignore[no-any-return]


_MISSING = object()
