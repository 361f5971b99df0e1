"""Conference fixtures: the web fixtures (demo organisations, one user per role, outsiders),
and the sample plan half executed with its conference, content and supervision record — the
test settings turn these demos off (KEHOACH_DEMO_EXECUTION = False), so they run with force."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from kehoach.conference.models import Conference
from kehoach.plans.models import Plan
from tests.web.conftest import (  # noqa: F401  (fixtures)
    PASSWORD,
    demo,
    login,
    plan,
)


def user(username: str) -> User:
    return User.objects.get(username=username)


@pytest.fixture
def executed(plan: Plan, executed_module) -> Plan:  # noqa: F811
    """The executed sample, shared by the module (``executed_module``, tests/conftest.py)."""
    plan.refresh_from_db()
    return plan


@pytest.fixture
def conference(executed: Plan) -> Conference:
    return Conference.objects.get(plan=executed)
