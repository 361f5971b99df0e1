"""Typed access to the environment: a bad value stops start-up with a clear message."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Environment variable {name} is required")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


CACHE_BACKENDS = {
    "db": "django.core.cache.backends.db.DatabaseCache",
    "redis": "django.core.cache.backends.redis.RedisCache",
    "rediss": "django.core.cache.backends.redis.RedisCache",
    "memcached": "django.core.cache.backends.memcached.PyMemcacheCache",
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
}


def env_cache(name: str, default: str) -> dict[str, object]:
    """A cache from a URL: ``db://table`` (Django's database cache, the default),
    ``redis://host:6379/1``, ``memcached://host:11211`` or ``locmem://`` (one process only)."""
    raw = os.environ.get(name, default).strip()
    scheme, sep, rest = raw.partition("://")
    if not sep or scheme not in CACHE_BACKENDS:
        raise ImproperlyConfigured(
            f"{name} must be db://TABLE, redis://HOST:PORT/DB, memcached://HOST:PORT or "
            f"locmem://, not {raw!r}"
        )
    cache: dict[str, object] = {"BACKEND": CACHE_BACKENDS[scheme]}
    if scheme == "db":
        cache["LOCATION"] = rest or "kehoach_cache"
        # the database cache counts its rows on every write: keep the table small
        cache["OPTIONS"] = {"MAX_ENTRIES": 20_000, "CULL_FREQUENCY": 4}
    elif scheme in ("redis", "rediss"):
        cache["LOCATION"] = raw
    elif scheme == "memcached":
        cache["LOCATION"] = rest
    else:
        cache["LOCATION"] = rest or "kehoach"
    return cache


def env_rate(name: str, default: tuple[int, int]) -> tuple[int, int]:
    """``REQUESTS/SECONDS``, e.g. ``300/60``."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    requests, _sep, seconds = raw.partition("/")
    try:
        rate = (int(requests), int(seconds))
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be REQUESTS/SECONDS, not {raw!r}") from None
    if rate[0] < 1 or rate[1] < 1:
        raise ImproperlyConfigured(f"{name} must be REQUESTS/SECONDS, not {raw!r}")
    return rate
