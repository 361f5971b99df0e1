"""Shared test set-up: hypothesis profiles (bounded in the normal suite, long in `make fuzz`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz", max_examples=20000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "ke-hoach-46a-KH-STTTT-2016.txt"


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with an empty cache: kept page parts (kehoach.web.pages) are keyed by
    the newest audit entry's id, and a test's rolled-back entries leave their ids to be used
    again by the next test (SQLite), with different data."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


class RolledBack(Exception):
    """Raised to roll back a module's shared data at its end."""


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """Data shared by one module's tests, rolled back when the module ends, so that nothing
    leaks into the next module run by the same worker. Each test still runs in its own
    savepoint (pytest-django's ``db``)."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            atomic.__exit__(RolledBack, RolledBack(), None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's database set-up, and before it drops the test database: end every other
    session on it (a thread of a concurrency test or a served request may still hold one), so
    that PostgreSQL lets the database go."""
    yield
    with django_db_blocker.unblock():
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
