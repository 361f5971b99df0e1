"""Execution fixtures: the web fixtures (demo organisations, one user per role, an outsider,
the sample plan) and the sample plan approved with its proposed contracts."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from kehoach.execution import services
from kehoach.plans import services as plan_services
from kehoach.plans.models import Plan
from tests.web.conftest import (  # noqa: F401  (fixtures)
    PASSWORD,
    approver,
    clerk,
    demo,
    editor,
    login,
    outsider,
    plan,
    viewer,
)


def user(username: str) -> User:
    return User.objects.get(username=username)


@pytest.fixture
def approved(plan: Plan) -> Plan:  # noqa: F811
    plan_services.plan_submit(user=user("bcxb"), plan=plan)
    plan_services.plan_approve(user=user("giamdoc"), plan=plan)
    return plan


@pytest.fixture
def proposed(approved: Plan) -> Plan:
    services.contracts_propose(user=user("bcxb"), plan=approved)
    return approved
