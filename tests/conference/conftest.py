"""Conference fixtures: the web fixtures (demo organisations, one user per role, outsiders),
and the sample plan half executed with its conference, content and supervision record — the
test settings turn these demos off (KEHOACH_DEMO_EXECUTION = False), so they run with force."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from kehoach.conference import demo as conference_demo
from kehoach.conference.models import Conference
from kehoach.execution import demo as execution_demo
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
def executed(plan: Plan) -> Plan:  # noqa: F811
    execution_demo.load(force=True)
    conference_demo.load(force=True)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def conference(executed: Plan) -> Conference:
    return Conference.objects.get(plan=executed)
