"""Pages that cost what they show (issue 25): the plan dashboard's first view, its records and
the contract page make as many queries for the executed demo plan (13 contracts) as for the same
plan with three times the contracts, deliverables, airings and payments; the contract page as
many for a contract with its deliverables as with three times as many."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kehoach.conference import demo as conference_demo
from kehoach.conference.models import ContentAssignment
from kehoach.execution.models import AsRunRecord, Contract, Deliverable, Payment
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    cache.clear()  # the first view: kept page parts recomputed
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def _copy_deliverables(deliverables, contract_lines: dict[int, int] | None = None) -> None:
    """Copies of the deliverables with their airing records and the content item they air
    (on the mapped contract lines)."""
    for d in deliverables:
        records = list(AsRunRecord.objects.filter(deliverable=d))
        assignment = ContentAssignment.objects.filter(deliverable=d).first()
        d.pk = None
        if contract_lines is not None and d.contract_line_id is not None:
            d.contract_line_id = contract_lines[d.contract_line_id]
        d.save()
        for r in records:
            r.pk = None
            r.deliverable = d
            r.save()
        if assignment is not None:
            ContentAssignment.objects.create(deliverable=d, item_id=assignment.item_id)


def _copy_contracts(plan, times: int) -> None:
    """Each contract of the plan copied ``times`` times with its lines, deliverables, airings
    and payments."""
    originals = list(Contract.objects.filter(plan=plan).order_by("id"))
    for _k in range(times):
        for original in originals:
            lines = list(original.lines.all())
            deliverables = list(Deliverable.objects.filter(contract_line__contract=original))
            payments = list(Payment.objects.filter(contract=original))
            contract = Contract.objects.get(pk=original.pk)
            contract.pk = None
            contract.save()
            mapped = {}
            for cl in lines:
                old = cl.pk
                cl.pk = None
                cl.contract = contract
                cl.save()
                mapped[old] = cl.pk
            _copy_deliverables(deliverables, mapped)
            for p in payments:
                p.pk = None
                p.contract = contract
                p.save()


def _pages(plan, contract) -> dict[str, str]:
    return {
        "plan dashboard": f"/bao-cao/ke-hoach/{plan.pk}/",
        "records": f"/bao-cao/ke-hoach/{plan.pk}/san-pham/",
        "late records": f"/bao-cao/ke-hoach/{plan.pk}/san-pham/?late=1",
        "contract page": f"/thuc-hien/hop-dong/{contract.pk}/",
        "contracts": "/thuc-hien/",
    }


def test_the_plan_pages_cost_the_same_queries_for_13_and_39_contracts(executed):
    conference_demo.load_for(executed)  # content items aired by the rebroadcast deliverables
    assert ContentAssignment.objects.filter(item__plan=executed).exists()
    client = login("bcxb")
    contract = Contract.objects.filter(plan=executed).order_by("id").first()
    before = {name: _queries(client, url) for name, url in _pages(executed, contract).items()}
    count = Contract.objects.filter(plan=executed).count()
    assigned = ContentAssignment.objects.filter(item__plan=executed).count()
    _copy_contracts(executed, 2)
    assert Contract.objects.filter(plan=executed).count() == 3 * count
    assert ContentAssignment.objects.filter(item__plan=executed).count() == 3 * assigned
    after = {name: _queries(client, url) for name, url in _pages(executed, contract).items()}
    assert after == before


def test_the_contract_page_costs_the_same_queries_for_its_deliverables_tripled(executed):
    conference_demo.load_for(executed)
    client = login("bcxb")
    contract = (
        Contract.objects.filter(plan=executed, lines__deliverables__records__isnull=False)
        .order_by("id")
        .first()
    )
    url = f"/thuc-hien/hop-dong/{contract.pk}/"
    few = _queries(client, url)
    deliverables = list(Deliverable.objects.filter(contract_line__contract=contract))
    for _k in range(2):
        _copy_deliverables(deliverables)
    assert Deliverable.objects.filter(contract_line__contract=contract).count() == 3 * len(
        deliverables
    )
    assert AsRunRecord.objects.filter(deliverable__contract_line__contract=contract).count() > 0
    assert _queries(client, url) == few
