"""Shared test set-up: hypothesis profiles (bounded in the normal suite, long in `make fuzz`),
the markers given by place (``pg``, ``e2e``, ``tables``, ``heavy``), the xdist groups and the data
shared by a module's tests."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
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


# PDFs laid out once per run (kehoach/documents/writers/weasy.py): the same HTML gives the same
# bytes, and the executed demo's minutes are rendered again by every module that loads it. The
# folder is made here, before xdist starts its workers (they inherit it), unless `make test` gave
# one for both of its passes; each test still renders its own HTML.
_PDF_CACHE_MADE: list[Path] = []


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("KEHOACH_PDF_CACHE") or os.environ.get("PYTEST_XDIST_WORKER"):
        return
    folder = Path(tempfile.mkdtemp(prefix="kehoach-pdf-"))
    os.environ["KEHOACH_PDF_CACHE"] = str(folder)
    _PDF_CACHE_MADE.append(folder)


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder in _PDF_CACHE_MADE:
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop("KEHOACH_PDF_CACHE", None)


# The PostgreSQL pass (`make test-postgres`, `pytest -m pg`) runs again, on PostgreSQL, the tests
# that exercise the database's own behaviour: constraints, locking and concurrency, JSON fields,
# migrations, text search, and every service that writes (plans, execution with acceptance and
# payments, conference, outcomes imports, reports, the API's writes, audit). Everything runs on
# SQLite. A database test (one using `db`, `transactional_db`, a module- or session-shared
# database fixture, or marked `django_db`) is marked `pg` when its file lies under one of
# PG_PLACES and is not in NOT_PG; any test may also say `pytestmark = pytest.mark.pg` itself.
# Tests marked `postgres` (they need PostgreSQL) are always `pg`. Left out: who-may-see-what
# tables (tests/security/test_matrix.py and the API's), pages that only read, documents rendered
# from stored data, browser journeys. A new test file in a listed directory is on PostgreSQL by
# default; list read-only ones in NOT_PG (a file, or a file and the start of a test's name).
PG_PLACES = (
    "tests/test_database.py",
    "tests/test_cli.py",
    "tests/test_snapshots.py",
    "tests/api/",
    "tests/audit/",
    "tests/conference/",
    "tests/documents/",
    "tests/execution/",
    "tests/outcomes/",
    "tests/public/test_links.py",
    "tests/public/test_search.py",
    "tests/reports/",
    "tests/security/test_backup.py",
    "tests/security/test_backup_exact.py",
    "tests/security/test_integrity.py",
    "tests/security/test_parallel_stale_saves.py",
    "tests/security/test_proxy.py",
    "tests/security/test_shared_limits.py",
    "tests/security/test_token_scopes.py",
    "tests/security/test_uploads_by_content.py",
    "tests/web/",
)
NOT_PG = (
    "tests/api/test_access.py",
    "tests/api/test_schema.py",
    "tests/outcomes/test_pages.py",
    "tests/web/test_edges_never_break_a_page.py",
    "tests/web/test_english_screens.py",
    "tests/web/test_i18n.py",
    "tests/web/test_page_parts.py",
    "tests/web/test_pagination.py",
    # documents rendered from what the database holds (the writes before them are tested on
    # PostgreSQL where they are made): LibreOffice and WeasyPrint, not the database, do the work
    "tests/documents/test_official_documents.py",
    "tests/documents/test_organisation_details.py::test_the_minutes_name_both",
    "tests/documents/test_organisation_details.py::test_file_names_keep",
    # pages that only read: every link of every role's menu, query counts, the contracts page
    "tests/web/test_todo.py::test_every_link_of_the_menu",
    "tests/reports/test_query_counts.py",
    "tests/execution/test_demo_and_status.py::test_status_lists",
    "tests/execution/test_demo_and_status.py::test_the_plans_contracts_page",
)
# Browser tests (Playwright driving Chromium): marked `e2e`, left out of `make test-fast`.
BROWSER_PLACES = ("tests/e2e/", "tests/public/test_browser.py")
# The authorisation tables (every URL or API operation × every person, ~2,700 requests):
# marked `tables`, left out of `make test-fast` (make test runs them).
TABLE_PLACES = ("tests/security/test_matrix.py", "tests/api/test_access.py")
# Heavy tests, marked `heavy` and left out of `make test-fast` (make test runs them): those that
# start another program for each test — the kehoach command, LibreOffice, gunicorn — and the
# sweeps (every link of every role, every page of a plan on the English screen, every API
# operation against its OpenAPI description, 110 airings posted one by one, hypothesis over
# every page of a plan, two million rows, lists paged to their end). A file, or a file and the
# start of a test's name.
HEAVY_PLACES = (
    "tests/documents/test_appendix_and_encodings.py",
    "tests/documents/test_check_command.py",
    "tests/documents/test_docx_reader.py",
    "tests/documents/test_encodings_found.py",
    "tests/documents/test_not_a_plan.py",
    "tests/documents/test_official_documents.py",
    "tests/documents/test_web_copies.py",
    "tests/documents/test_writers.py",
    "tests/documents/test_writers_libreoffice.py",
    "tests/reports/test_reports.py",
    "tests/security/test_backup.py",
    "tests/security/test_shared_limits.py",
    "tests/outcomes/test_dossiers_tolerant.py",
    "tests/web/test_edges_never_break_a_page.py",
    "tests/web/test_pagination.py",
    "tests/web/test_todo.py::test_every_link_of_the_menu",
    "tests/web/test_english_screens.py::test_every_main_page_of_a_plan",
    "tests/api/test_schema.py",
    "tests/api/test_airings_end_to_end.py",
)


def uses_database(item: pytest.Item) -> bool:
    names = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or "django_db_setup" in names


def shares_module_data(item: pytest.Item) -> bool:
    """The test uses a fixture of module scope defined by these tests (the demo loaded once for
    the module, a backup source...): its module is best run whole on one xdist worker."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(
        definition.scope == "module"
        and getattr(definition.func, "__module__", "").startswith("tests")
        for definitions in info.name2fixturedefs.values()
        for definition in definitions
    )


def place_of(item: pytest.Item) -> str:
    path = Path(str(item.path)).resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


# A module with more tests than this is spread over the workers even when it shares module data
# (the authorisation matrix: its data is built on each worker, its 2.600 requests are shared).
SPREAD_FROM = 200


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    per_module = Counter(place_of(item) for item in items)
    for item in items:
        place = place_of(item)
        if item.get_closest_marker("postgres") is not None or (
            uses_database(item)
            and place.startswith(PG_PLACES)
            and not f"{place}::{item.name}".startswith(NOT_PG)
        ):
            item.add_marker(pytest.mark.pg)
        if place.startswith(BROWSER_PLACES):
            item.add_marker(pytest.mark.e2e)
        if place.startswith(TABLE_PLACES):
            item.add_marker(pytest.mark.tables)
        if f"{place}::{item.name}".startswith(HEAVY_PLACES):
            item.add_marker(pytest.mark.heavy)
        if (
            shares_module_data(item)
            and item.get_closest_marker("xdist_group") is None
            and per_module[place] <= SPREAD_FROM
        ):
            item.add_marker(pytest.mark.xdist_group(place))


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
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            atomic.__exit__(RolledBack, RolledBack(), None)
            ContentType.objects.clear_cache()  # a snapshot's content types went with it


@pytest.fixture(scope="module")
def demo_module(request, module_db, django_db_blocker):
    """The web demo and its outsider (tests/web/conftest.py), loaded once for the module and
    rolled back at its end; ``demo`` gives it to a test inside the test's own savepoint. A
    module that needs only the plans says ``DEMO = "plans"`` (no synthetic statistics, contracts,
    reports or public links: a lighter demo)."""
    from kehoach.accounts.models import Organisation
    from tests.snapshots import KEPT, Snapshot
    from tests.web.conftest import OUTSIDER, load_demo_with_outsider

    parts = getattr(request.module, "DEMO", "all")
    with django_db_blocker.unblock():
        kept = KEPT.get(f"demo {parts}")
        if kept is not None:  # loaded by an earlier module of this worker (tests/snapshots.py)
            kept.restore()
            return Organisation.objects.get(code=OUTSIDER)
        # on the migrated database, whatever a session-wide fixture (the API tests' 2019 plan)
        # left on this worker's: the rows kept are the demo's alone
        KEPT["migrated"].restore()
        outsider = load_demo_with_outsider(parts)
        KEPT[f"demo {parts}"] = Snapshot.take()
        return outsider


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's database set-up, and before it drops the test database: end every other
    session on it (a thread of a concurrency test or a served request may still hold one), so
    that PostgreSQL lets the database go. The freshly migrated database is kept as rows
    (``KEPT["migrated"]``, tests/snapshots.py): the shared demo is loaded on it."""
    from tests.snapshots import KEPT, Snapshot

    with django_db_blocker.unblock():
        KEPT["migrated"] = Snapshot.take()
    yield
    with django_db_blocker.unblock():
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture(scope="module")
def executed_module(request, demo_module, django_db_blocker):
    """The demo's execution and conference data (contracts, airings, acceptance, payments, the
    conference and its content) loaded once for the module, on top of ``demo_module`` and
    rolled back with it at the module's end; each test still runs in its own savepoint. Modules
    whose tests all start from the executed sample share it rather than loading it per test."""
    from kehoach.conference import demo as conference_demo
    from kehoach.execution import demo as execution_demo
    from tests.snapshots import KEPT, Snapshot

    with django_db_blocker.unblock():
        kept = KEPT.get(f"executed {getattr(request.module, 'DEMO', 'all')}")
        if kept is not None:  # loaded by an earlier module of this worker (tests/snapshots.py)
            kept.restore()
            return
        execution_demo.load(force=True)
        conference_demo.load(force=True)
        KEPT[f"executed {getattr(request.module, 'DEMO', 'all')}"] = Snapshot.take()
