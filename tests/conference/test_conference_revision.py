"""The revision choice of the conference's funding (moved here from test_conference.py, whose
tests share the executed sample per module): a draft sample is issued, the conference's costs
go into a new revision and the approved total stays."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kehoach.conference import demo as conference_demo
from kehoach.conference import services
from kehoach.plans import services as plan_services
from kehoach.plans.mapping import plan_to_document
from kehoach.plans.models import PlanStatus
from kehoach.plans.selectors import plan_findings

from .conftest import login, user

pytestmark = pytest.mark.django_db


def codes(plan):
    return [f.code for f in plan_findings(plan)]


def test_the_revision_choice_adds_the_line_to_a_new_revision_and_keeps_the_approved_total(plan):
    conference_demo.example_norms()
    plan_services.plan_submit(user=user("bcxb"), plan=plan)
    plan_services.plan_approve(user=user("giamdoc"), plan=plan)
    plan_services.plan_issue(
        user=user("vanthu"), plan=plan, number="46a", issued_on=date(2016, 7, 21)
    )
    conference = services.conference_from_plan(
        user=user("bcxb"), plan=plan, on=date(2016, 8, 10), place="Hội trường Sở"
    )
    assert conference.planned_total == 120
    response = login("bcxb").post(f"/hoi-nghi/{conference.pk}/kinh-phi/", {"choice": "revision"})
    assert response.status_code == 302
    conference.refresh_from_db()
    revision = conference.revision
    assert revision is not None and revision.revision_of_id == plan.pk
    assert revision.status == PlanStatus.DRAFT
    line = revision.lines.get(activity="conference")
    assert line.lump_sum == Decimal(18600000) and "120" in line.basis
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ISSUED
    assert plan_to_document(plan).estimate.total == Decimal(188500000)
    assert plan_to_document(revision).estimate.total == Decimal(188500000 + 18600000)
    assert "UNFUNDED_ACTIVITY" not in codes(revision)
