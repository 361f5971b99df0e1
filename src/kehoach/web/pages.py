"""Computed parts of pages, kept until the data changes.

The plan page, the estimate editor and the campaign dashboard of a 300-line plan rebuild the
plan document, rerun every check and lay out thousands of cells; none of that changes between
two views of the same data. Each such part is rendered once and kept in Django's cache under a
key made of everything it depends on:

- the **data generation**: the id of the newest audit entry that can touch the page. Every
  change kehoach makes goes through a service that writes one (docs/conventions.md §4), so a new
  entry is exactly "something changed". Its scope: the plan's own entries (the plan, its
  conference, supervision, contracts, airings, links), its organisation's entries outside any
  plan (price norms, imported statistics, the catalogue) and entries of no organisation — a
  change of another plan leaves the part kept;
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
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from kehoach.audit.models import AuditEntry
from kehoach.web.language import current

TIMEOUT = 6 * 3600
T = TypeVar("T")


_NEWEST = """
SELECT MAX(m) FROM (
  SELECT MAX(id) AS m FROM {table} WHERE plan_id = %s
  UNION ALL SELECT MAX(id) FROM {table} WHERE plan_id IS NULL AND organisation_id = %s
  UNION ALL SELECT MAX(id) FROM {table} WHERE plan_id IS NULL AND organisation_id IS NULL
) AS newest
"""


def generation(request: HttpRequest | None, *, organisation: Any, plan: Any = None) -> int:
    """The newest audit entry that can change a part of ``plan``'s (or, without a plan,
    ``organisation``'s) pages: the plan's own entries, its organisation's entries outside any
    plan (price norms, imported statistics, the catalogue), and entries of no organisation.
    A change of another plan leaves the part kept. Each branch is one index lookup
    (audit_plan_newest, audit_org_newest). Read once per request and scope."""
    scope = (getattr(plan, "pk", None), getattr(organisation, "pk", None))
    memo: dict[tuple[Any, Any], int] = {}
    if request is not None:
        memo = request.__dict__.setdefault("_kehoach_generations", {})
        if scope in memo:
            return memo[scope]
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_NEWEST.format(table=table), [scope[0] or 0, scope[1] or 0])
        row = cursor.fetchone()
    value = int(row[0] or 0) if row else 0
    memo[scope] = value
    return value


def part_key(request: HttpRequest, name: str, plan: Any, *, daily: bool = False) -> str:
    newest = generation(request, organisation=plan.organisation, plan=plan)
    return _key(request, name, (plan.pk, plan.lock_version, newest), daily=daily)


def _key(request: HttpRequest, name: str, parts: tuple[Any, ...], *, daily: bool = False) -> str:
    language = current()
    day = timezone.localdate().isoformat() if daily else "-"
    head = ":".join(str(p) for p in parts)
    return f"kehoach:part:{name}:{head}:{language}:{day}"


def cached_plan_value(
    request: HttpRequest,
    name: str,
    plan: Any,
    compute: Callable[[], T],
    *,
    daily: bool = False,
) -> T:
    """A computed value (picklable) of ``plan``'s pages: from the cache, or computed now and
    kept."""
    return _kept(part_key(request, name, plan, daily=daily), compute)


def cached_part(
    request: HttpRequest,
    name: str,
    plan: Any,
    render: Callable[[], str],
    *,
    daily: bool = False,
) -> SafeString:
    """The part ``name`` of ``plan``'s page: from the cache, or rendered now and kept."""
    html = cached_plan_value(request, name, plan, lambda: str(render()), daily=daily)
    return mark_safe(html)  # rendered by our own templates and escaping helpers


def cached_value(
    request: HttpRequest,
    name: str,
    organisation: Any,
    parts: tuple[Any, ...],
    compute: Callable[[], T],
) -> T:
    """A computed value (picklable) of ``organisation``'s pages that depends on its data outside
    any plan and on ``parts`` (the page's options): from the cache, or computed now and kept."""
    newest = generation(request, organisation=organisation)
    return _kept(_key(request, name, (organisation.pk, *parts, newest)), compute)


def _kept(key: str, compute: Callable[[], T]) -> T:
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value  # type: ignore[no-any-return]


_MISSING = object()
