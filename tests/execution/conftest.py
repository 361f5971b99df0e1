"""Execution fixtures: the web fixtures (demo organisations, one user per role, an outsider,
the sample plan) and the sample plan approved with its proposed contracts."""

from __future__ import annotations

from datetime import date

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


SIGNED_ON = date(2016, 7, 22)


def sign_all(plan_to_sign: Plan, on: date = SIGNED_ON) -> None:
    """Every proposed contract of the plan given a number and a signing date, and signed:
    airings, acceptance and payment happen only on signed contracts."""
    from kehoach.execution.models import Contract, ContractStatus

    staff = user("bcxb")
    contracts = Contract.objects.filter(plan=plan_to_sign, status=ContractStatus.PROPOSED).order_by(
        "id"
    )
    for number, contract in enumerate(contracts, start=1):
        services.contract_update(
            user=staff, contract=contract, data={"number": f"{number:02d}/HĐ", "date": on}
        )
        services.contract_sign(user=staff, contract=contract)


@pytest.fixture
def signed(proposed: Plan) -> Plan:
    sign_all(proposed)
    return proposed
