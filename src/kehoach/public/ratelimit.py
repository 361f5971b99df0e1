"""A small fixed-window rate limiter on Django's cache, for the public pages and the redirector.

Why not django-ratelimit: its system check refuses the cache back-ends kehoach runs on (the
per-process memory cache by default, the database cache), and what is needed fits here.

The counter is keyed by a keyed hash (HMAC with SECRET_KEY) of the client's address and lives
in the cache for one window only: the address itself is never stored, in the cache or the
database. Behind a reverse proxy (docs/operators.md) set KEHOACH_TRUSTED_PROXIES to the number of
proxies in front, so that the client's address is read from X-Forwarded-For
(kehoach.web.client, the same rule as login throttling).

Settings: KEHOACH_PUBLIC_RATE = (requests, seconds) per address and bucket, default (300, 60):
generous, because mobile carriers put many subscribers behind one address.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from kehoach.web.client import client_address  # the one rule, shared with django-axes

DEFAULT_RATE = (300, 60)


def _key(bucket: str, request: HttpRequest, window: int) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256
    ).hexdigest()[:32]
    return f"kehoach:rl:{bucket}:{window}:{digest}"


@contextmanager
def _counter(key: str, *, timeout: int) -> Iterator[None]:
    """The window's counter, created at 0 if new, and its increment made atomic across
    workers for the block. Redis and Memcached
    increment atomically; Django's database cache reads then writes, so two workers could
    count one request each as the same number: there the increment runs in a transaction
    that holds the counter's row (PostgreSQL: SELECT … FOR UPDATE; SQLite: kehoach's
    immediate transactions take the write lock when they begin)."""
    backend = caches["default"]
    if not isinstance(backend, DatabaseCache):
        cache.add(key, 0, timeout=timeout)
        yield
        return
    alias = router.db_for_write(backend.cache_model_class)
    with transaction.atomic(using=alias):
        cache.add(key, 0, timeout=timeout)  # the row exists before it is locked
        connection = connections[alias]
        if connection.features.has_select_for_update:
            table = connection.ops.quote_name(backend._table)  # type: ignore[attr-defined]
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",
                    [backend.make_and_validate_key(key)],
                )
        yield


def hit(bucket: str, request: HttpRequest) -> bool:
    """Count one request; False once the address has used up the window's allowance."""
    limit, seconds = getattr(settings, "KEHOACH_PUBLIC_RATE", DEFAULT_RATE)
    window = int(time.time() // seconds)
    key = _key(bucket, request, window)
    with _counter(key, timeout=seconds + 1):
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=seconds + 1)
            count = 1
    return int(count) <= int(limit)


def too_many(seconds: int) -> HttpResponse:
    response = HttpResponse(
        _("Quá nhiều yêu cầu từ địa chỉ của bạn. Xin thử lại sau ít phút."),
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


def limited(bucket: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorator: answer 429 (with Retry-After) once the address exceeds the bucket's rate."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not hit(bucket, request):
                _limit, seconds = getattr(settings, "KEHOACH_PUBLIC_RATE", DEFAULT_RATE)
                return too_many(int(seconds))
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
