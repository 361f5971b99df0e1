"""The demo carries the sample plan approved and half executed, labelled as demo data, and is
idempotent; `kehoach status` lists the 13 contracts and, per line, deliverables and money."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command

from kehoach.audit.models import AuditEntry
from kehoach.execution import demo as execution_demo
from kehoach.execution.models import (
    AsRunRecord,
    Contract,
    Deliverable,
    Expense,
    Minutes,
    Payment,
)


def _counts():
    return tuple(
        m.objects.count()
        for m in (Contract, Deliverable, AsRunRecord, Minutes, Payment, Expense, AuditEntry)
    )


def test_the_demo_approves_the_sample_and_executes_half_of_it_idempotently(plan):
    execution_demo.load(force=True)
    plan.refresh_from_db()
    assert plan.status == "approved"
    contracts = Contract.objects.filter(plan=plan)
    assert contracts.count() == 13 and all(c.is_demo for c in contracts)
    statuses = {c.contractor.code: c.status for c in contracts}
    assert statuses["TG-DAI-CHO-GAO"] == "liquidated"
    assert set(statuses.values()) >= {"liquidated", "signed"}
    states = set(Deliverable.objects.filter(line__plan=plan).values_list("status", flat=True))
    assert states >= {"planned", "reported", "verified", "accepted"}
    assert Payment.objects.filter(contract__plan=plan).exists()
    assert AuditEntry.objects.filter(action="execution.demo.loaded").exists()
    before = _counts()
    execution_demo.load(force=True)
    assert _counts() == before


def test_status_lists_the_13_contracts_and_the_figures_per_line(executed_module, plan):
    out = StringIO()
    call_command("status", "46a/KH-STTTT", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())["execution"]
    contracts = data["contracts"]
    assert len(contracts) == 13
    assert sum(c["value"] for c in contracts) == 68000000 + 50000000 + 60500000
    assert {"contractor", "number", "value", "status", "accepted", "paid"} <= set(contracts[0])
    lines = {line["key"]: line for line in data["lines"]}
    segments = lines["B.1"]
    assert segments["deliverables"]["planned"] == 44
    assert segments["money"]["estimated"] == 44000000
    assert segments["money"]["committed"] == 44000000
    assert set(segments["deliverables"]) >= {"planned", "reported", "verified", "accepted"}
    assert set(segments["money"]) >= {"estimated", "committed", "accepted", "paid"}
    # Three district stations are accepted and paid in full: 3 × 4 segments.
    assert segments["deliverables"]["accepted"] == 12
    assert segments["money"]["accepted"] == 12000000
    assert segments["money"]["paid"] == 12000000
    assert lines["D.1"]["money"]["paid"] == 8000000
    assert data["total"]["money"]["estimated"] == 188500000
    assert data["budget"]["after_year"]["expenses"] == 1
    assert data["budget"]["unspent_at_year_end"] == 188500000 - data["budget"]["paid_by_year_end"]


def test_the_plans_contracts_page_shows_the_figures(executed_module, plan):
    from .conftest import login

    html = login("ubnd").get(f"/thuc-hien/ke-hoach/{plan.pk}/").content.decode()
    assert "188.500.000" in html and "Báo Ấp Bắc" in html and "dữ liệu mẫu" in html
    assert "Chợ Gạo" in html
    detail = login("bcxb").get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert f"/thuc-hien/ke-hoach/{plan.pk}/" in detail
