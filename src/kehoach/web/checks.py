"""System checks and the migrate hook of the shared cache (issue 21).

The public rate limit and the kept page parts decide things across requests; under gunicorn
with several workers (or several hosts) a per-process cache gives each worker its own count,
so one address got 1.161 of 2.000 requests through a limit of 300. Production settings
therefore refuse such a cache, and ``kehoach migrate`` creates the database cache's table so
that nothing more is needed to run.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register
from django.core.management import call_command

PER_PROCESS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
)


@register()
def shared_cache(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if not getattr(settings, "KEHOACH_SHARED_CACHE_REQUIRED", False):
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS:
        return [
            Error(
                f"The cache {backend} is not shared by the workers: the public rate limit and "
                "the kept page parts would count per process.",
                hint="Set KEHOACH_CACHE_URL to db://kehoach_cache (the default), "
                "redis://HOST:6379/1 or memcached://HOST:11211.",
                id="kehoach.E021",
            )
        ]
    return []


def create_cache_tables(using: str = "default", **kwargs: Any) -> None:
    """After migrate: the database cache's table (``createcachetable`` skips what exists)."""
    call_command("createcachetable", database=using, verbosity=0)
