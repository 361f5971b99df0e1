"""The Treasury voucher of a payment is recorded once (issue 17): eight finance officers post
"paid" with different vouchers at the same moment on PostgreSQL with real connections —
exactly one wins, the others are told which voucher was recorded, one audit entry."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections

from kehoach.audit.models import AuditEntry
from kehoach.plans.demo import load_demo
from kehoach.plans.models import Plan


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_parallel_paid_posts_record_exactly_one_voucher():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL with real parallel connections")
    from kehoach.execution import demo as execution_demo
    from kehoach.execution import services
    from kehoach.execution.models import Contract, Payment
    from kehoach.plans.services import DomainError

    load_demo("voucher-password-1")
    execution_demo.load(force=True)
    plan = Plan.objects.get(number="46a", symbol="KH-STTTT")
    contract = Contract.objects.get(plan=plan, contractor__code="TG-DAI-CAI-BE")  # signed
    payment = Payment.objects.create(contract=contract, kind="advance", amount=1000)
    before = AuditEntry.objects.filter(action="execution.payment.paid").count()
    barrier = threading.Barrier(8)
    results: dict[str, str] = {}

    def pay(voucher: str) -> None:
        try:
            barrier.wait(timeout=10)
            services.payment_confirm(
                user=User.objects.get(username="khtc"),
                payment=Payment.objects.get(pk=payment.pk),
                voucher_number=voucher,
                voucher_date=date(2016, 12, 28),
            )
            results[voucher] = "paid"
        except DomainError as exc:
            results[voucher] = exc.message_vi
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay, args=(f"KB-{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    winners = [v for v, r in results.items() if r == "paid"]
    assert len(results) == 8 and len(winners) == 1
    payment.refresh_from_db()
    assert payment.voucher_number == winners[0]
    for voucher, message in results.items():
        if voucher != winners[0]:
            assert f"đã được xác nhận với chứng từ Kho bạc {winners[0]}" in message
    paid = AuditEntry.objects.filter(action="execution.payment.paid")
    assert paid.count() == before + 1
    assert paid.order_by("-id").first().after["voucher_number"] == winners[0]
