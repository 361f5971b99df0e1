"""Web fixtures: the demo organisations and users (one per role), an outsider from another
province, and the sample plan imported through the same readers as `kehoach check`.

The demo is loaded once per test module (``demo_module``, rolled back when the module ends) and
each test runs in its own savepoint on top of it (``demo`` asks for ``db``), so a test sees the
demo exactly as loaded, whatever the module's earlier tests changed. A module whose tests need
only the plans (no synthetic statistics, reports or public links) says ``DEMO = "plans"``."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.test import Client

from kehoach.accounts.models import Membership, Organisation, OrganisationKind, Role
from kehoach.documents.readers import read_plan
from kehoach.plans.demo import load_demo
from kehoach.plans.mapping import document_to_plan
from kehoach.plans.models import Plan
from kehoach.reports import demo as reports_demo

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ke-hoach-46a-KH-STTTT-2016.txt"
PASSWORD = "demo-password-1"
ROLES = ["quantri", "giamdoc", "bcxb", "khtc", "vanthu", "ubnd", "dai-chogao"]


OUTSIDER = "AG-STTTT"  # the outsider's organisation: An Giang's department


def load_demo_with_outsider(parts: str = "all") -> Organisation:
    """The demo (``parts``: "all", or "plans" for the organisations, people, norms and plans
    without the apps' parts) and an outsider: an editor of An Giang's department."""
    load_demo(PASSWORD, apps=parts != "plans")
    other = Organisation.objects.create(
        code=OUTSIDER,
        kind=OrganisationKind.DEPARTMENT,
        name="Sở Thông tin và Truyền thông tỉnh An Giang",
        province="An Giang",
    )
    outsider = User.objects.create_user("ag-editor", password=PASSWORD)
    Membership.objects.create(user=outsider, organisation=other, role=Role.EDITOR)
    return other


@pytest.fixture
def demo(demo_module, db) -> Organisation:
    """The demo, shared by the module's tests (``demo_module``, tests/conftest.py); this test's
    changes are rolled back after it."""
    return Organisation.objects.get(pk=demo_module.pk)


@pytest.fixture
def plan(demo) -> Plan:
    return Plan.objects.get(number="46a", symbol="KH-STTTT")


@pytest.fixture(scope="module")
def executed_with_reports(executed_module, django_db_blocker) -> None:
    """The executed sample (``executed_module``: contracts, airings, minutes, the conference)
    and the demo's final report, loaded once for the module and rolled back at its end; each
    test still runs in its own savepoint."""
    with django_db_blocker.unblock():
        reports_demo.load()


@pytest.fixture
def executed(plan: Plan, executed_with_reports) -> Plan:
    """The sample plan, executed and reported (a module may say otherwise with its own)."""
    plan.refresh_from_db()
    return plan


def signed_in(user: User, client: Client | None = None) -> Client:
    """A client holding a session for ``user``, written straight into the session store: what
    ``Client.force_login`` gives, without the login's own work (a second session, the last
    login time, axes' access log: 15 of the 19 queries), which the login tests exercise
    through the login page. Page and authorisation tests ask for thousands of these."""
    client = client or Client()
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


def login(username: str) -> Client:
    return signed_in(User.objects.get(username=username))


@pytest.fixture
def editor(demo) -> Client:
    return login("bcxb")


@pytest.fixture
def approver(demo) -> Client:
    return login("giamdoc")


@pytest.fixture
def clerk(demo) -> Client:
    return login("vanthu")


@pytest.fixture
def viewer(demo) -> Client:
    return login("ubnd")


@pytest.fixture
def outsider(demo) -> Client:
    return login("ag-editor")


def make_plan_with_lines(organisation, count: int) -> Plan:
    doc = read_plan(SAMPLE)
    section = doc.estimate.sections[0].sections[0]
    template = section.lines[0]
    from dataclasses import replace

    section.lines = [replace(template, key=f"A.I.{i}", number=str(i)) for i in range(1, count + 1)]
    return document_to_plan(doc, organisation=organisation)
