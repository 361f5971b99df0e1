"""Nothing half-done: an import or an issue that fails half-way leaves the database as it was;
two people saving the same line at once lose nothing (PostgreSQL, real parallel connections)."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections

from kehoach.audit.models import AuditEntry
from kehoach.plans import mapping, services
from kehoach.plans.demo import load_demo
from kehoach.plans.models import EstimateLine, ImportJob, Plan, PlanStatus, PlanVersion
from tests.web.conftest import SAMPLE


def _counts() -> tuple[int, ...]:
    return (
        Plan.objects.count(),
        EstimateLine.objects.count(),
        AuditEntry.objects.count(),
        PlanVersion.objects.count(),
    )


@pytest.mark.django_db
def test_an_import_that_fails_half_way_leaves_nothing(monkeypatch):
    load_demo("integrity-password-1")
    editor = User.objects.get(username="bcxb")
    plan = Plan.objects.get(number="46a", symbol="KH-STTTT")
    job = services.plan_import_read(
        user=editor,
        organisation=plan.organisation,
        filename="ke-hoach.txt",
        content=SAMPLE.read_bytes(),
    )
    before = _counts()
    calls = {"n": 0}
    original = mapping._store_section

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:  # after two sections and their lines were written
            raise RuntimeError("injected failure")
        return original(*args, **kwargs)

    monkeypatch.setattr(mapping, "_store_section", failing)
    with pytest.raises(RuntimeError):
        services.plan_import_apply(user=editor, job=job)
    assert _counts() == before
    job.refresh_from_db()
    assert job.status == "read" and job.plan is None
    monkeypatch.setattr(mapping, "_store_section", original)
    services.plan_import_apply(user=editor, job=ImportJob.objects.get(pk=job.pk))
    assert Plan.objects.count() == before[0] + 1


@pytest.mark.django_db
def test_an_issue_whose_document_generation_fails_leaves_the_plan_approved(monkeypatch):
    load_demo("integrity-password-1")
    plan = Plan.objects.get(number="46a", symbol="KH-STTTT")
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)
    plan.refresh_from_db()
    before = _counts()

    def broken(doc):
        raise RuntimeError("the PDF writer failed")

    monkeypatch.setattr(services, "render_documents", broken)
    with pytest.raises(RuntimeError):
        services.plan_issue(
            user=User.objects.get(username="vanthu"),
            plan=plan,
            number="46",
            issued_on=date(2016, 7, 21),
        )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.number == "46a"
    assert _counts() == before


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_saving_the_same_line_at_once_lose_nothing():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks with real parallel connections")
    load_demo("integrity-password-1")
    plan = Plan.objects.get(number="46a", symbol="KH-STTTT")
    line = plan.lines.order_by("id").first()
    lock = plan.lock_version
    shown = line.version
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def save(username: str, price: int) -> None:
        try:
            barrier.wait(timeout=10)
            services.line_update(
                user=User.objects.get(username=username),
                line=EstimateLine.objects.get(pk=line.pk),
                data={"unit_price": Decimal(price)},
                version=shown,
            )
            results[username] = "saved"
        except services.StaleEdit:
            results[username] = "refused"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=("bcxb", 1400000)),
        threading.Thread(target=save, args=("quantri", 1300000)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results.values()) == ["refused", "saved"]
    winner = next(u for u, r in results.items() if r == "saved")
    line.refresh_from_db()
    assert line.unit_price == (1400000 if winner == "bcxb" else 1300000)
    plan.refresh_from_db()
    assert plan.lock_version == lock + 1
    assert (
        AuditEntry.objects.filter(action="plans.line.changed", object_id=str(line.pk)).count() == 1
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_payments_of_the_same_remaining_balance_at_once_pay_it_once():
    """Two finance officers record the last payment of a contract at the same moment: the
    contract row is locked, so the second sees the first and is refused — never paid twice."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks with real parallel connections")
    from kehoach.execution import demo as execution_demo
    from kehoach.execution import selectors
    from kehoach.execution.models import Contract, Payment
    from kehoach.plans.services import DomainError

    load_demo("integrity-password-1")
    execution_demo.load(force=True)
    # accepted in the demo; scoped to the demo's plan (another plan of the suite may hold one too)
    contract = Contract.objects.get(
        plan=execution_demo.sample_plan(), contractor__code="TG-DAI-CHO-GAO"
    )
    Payment.objects.filter(contract=contract).delete()  # set-up: nothing paid yet
    remaining = selectors.accepted_value(contract)
    assert remaining > 0
    before = Payment.objects.filter(contract=contract).count()
    barrier = threading.Barrier(2)
    results: list[str] = []

    def pay() -> None:
        from kehoach.execution import services as execution

        try:
            barrier.wait(timeout=10)
            execution.payment_record(
                user=User.objects.get(username="khtc"),
                contract=Contract.objects.get(pk=contract.pk),
                kind="final",
                amount=remaining,
            )
            results.append("paid")
        except DomainError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["paid", "refused"]
    assert Payment.objects.filter(contract=contract).count() == before + 1
