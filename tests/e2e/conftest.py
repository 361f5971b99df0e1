"""Browser journeys: Playwright for Python driving Debian's Chromium (never a downloaded
browser) against the app served by pytest-django's live server. Screenshots of every step go to
artifacts/e2e/ (ignored by git, kept by CI)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "e2e-password-12345"


pytestmark = pytest.mark.e2e


def pytest_collection_modifyitems(items):
    if not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason="Debian's chromium is not installed (make test installs it)")
        for item in items:
            if "e2e" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser(django_db_setup) -> Iterator:
    """Started after the test database exists. Playwright's sync API runs an event loop in the
    test's thread, while the tests' own ORM calls (and the database flush after each journey)
    are ordinary synchronous ones: Django is told so for as long as the browser runs."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# The databases the journeys start from, kept per worker as SQLite copies in memory: the demo
# (users, the sample plan, statistics…) and the demo with its execution take seconds to load
# — the execution lays out its acceptance minutes — and every journey needs one of them again,
# because each journey's writes are flushed after it (`transactional_db`: the live server
# answers from its own threads). The first journey of a worker loads it through the product's
# own loaders; the others get the same database back byte for byte (SQLite's backup API).
_IMAGES: dict[str, sqlite3.Connection] = {}


def as_loaded(name: str, load: Callable[[], object]) -> None:
    """The test database as ``load`` leaves it: loaded the first time this worker asks for
    ``name`` and copied aside, restored from that copy afterwards (on PostgreSQL: loaded)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        load()
        return
    connection.ensure_connection()
    kept = _IMAGES.get(name)
    if kept is not None:
        kept.backup(connection.connection)
        return
    load()
    kept = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(kept)
    _IMAGES[name] = kept


def load_demo_for_journeys() -> None:
    """The demo on an empty database: whatever a session-wide fixture of another module left
    on this worker's database (the API tests' 2019 plan) is not the journeys' to see."""
    from django.core.management import call_command

    from kehoach.plans.demo import load_demo

    call_command("flush", interactive=False, verbosity=0)
    load_demo(PASSWORD)


def with_execution(*, reports: bool = False) -> None:
    """The demo's contracts carried out (airings, acceptance, minutes, payments), and with
    ``reports`` its final report drafted: on top of the demo ``demo_site`` gave."""
    from kehoach.execution import demo as execution_demo
    from kehoach.reports import demo as reports_demo

    def load() -> None:
        execution_demo.load(force=True)
        if reports:
            reports_demo.load()

    as_loaded("demo, executed" + (", reports" if reports else ""), load)


@pytest.fixture
def demo_site(transactional_db, live_server):
    as_loaded("demo", load_demo_for_journeys)
    return live_server.url


class Shots:
    def __init__(self, name: str) -> None:
        self.folder = ARTIFACTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def __call__(self, page, label: str) -> None:
        self.count += 1
        page.screenshot(path=str(self.folder / f"{self.count:02d}-{label}.png"), full_page=True)


@pytest.fixture
def shots(request) -> Shots:
    return Shots(request.node.name)


def new_page(browser, base_url: str, *, width: int = 1360, height: int = 900):
    context = browser.new_context(
        viewport={"width": width, "height": height},
        base_url=base_url,
        locale="vi-VN",
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def log_in(page, username: str) -> None:
    page.goto("/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/viec-can-lam/**")  # issue 23: every role lands on its to-do list
