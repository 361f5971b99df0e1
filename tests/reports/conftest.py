"""Reports fixtures: the web demo (organisations, one user per role, an outsider, the sample
plan with the synthetic catalogue and statistics) and the demo's execution part, loaded
explicitly (the test settings turn it off)."""

from __future__ import annotations

from datetime import date

import pytest

from kehoach.plans.models import Plan
from tests.web.conftest import demo, login, plan  # noqa: F401  (fixtures)

TODAY = date(2016, 10, 15)  # the demo execution's "as of" day


@pytest.fixture
def executed(plan: Plan, executed_module) -> Plan:  # noqa: F811
    """The executed sample, shared by the module (``executed_module``, tests/conftest.py)."""
    plan.refresh_from_db()
    return plan
