"""Issue 17: parallel saves from pages showing the same version, on PostgreSQL with real
connections: exactly one wins, the other is refused with the winner's change in words, and
nothing else changes (the header form, and the line of the editor over HTTP)."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections
from django.test import Client

from kehoach.audit.models import AuditEntry
from kehoach.plans import services
from kehoach.plans.demo import load_demo
from kehoach.plans.models import EstimateLine, Plan


def _parallel(calls):
    barrier = threading.Barrier(len(calls))
    results: dict[str, object] = {}

    def run(name, call):
        try:
            barrier.wait(timeout=10)
            results[name] = call()
        except services.StaleEdit as exc:
            results[name] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_header_saves_from_the_same_version_at_once_one_wins_one_is_told():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks with real parallel connections")
    load_demo("parallel-password-1")
    plan = Plan.objects.get(number="46a", symbol="KH-STTTT")
    shown = plan.version

    def save(username: str, place: str):
        return lambda: services.plan_update(
            user=User.objects.get(username=username),
            plan=Plan.objects.get(pk=plan.pk),
            data={"place": place},
            lock_version=shown,
        )

    results = _parallel({"bcxb": save("bcxb", "Mỹ Tho"), "quantri": save("quantri", "Gò Công")})
    refused = [r for r in results.values() if isinstance(r, services.StaleEdit)]
    assert len(refused) == 1
    winner = next(u for u, r in results.items() if not isinstance(r, services.StaleEdit))
    plan.refresh_from_db()
    assert plan.place == ("Mỹ Tho" if winner == "bcxb" else "Gò Công")
    assert plan.version == shown + 1
    assert any(f"→ {plan.place} — {winner}" in text for text in refused[0].changes)
    assert AuditEntry.objects.filter(action="plans.plan.changed").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_stale_rows_posted_at_once_over_http_change_the_line_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks with real parallel connections")
    load_demo("parallel-password-1")
    plan = Plan.objects.get(number="46a", symbol="KH-STTTT")
    line = EstimateLine.objects.filter(plan=plan).order_by("id").first()
    row = {
        f"line-{line.pk}-number": line.number,
        f"line-{line.pk}-content": line.content,
        f"line-{line.pk}-quantity": str(line.quantity),
        f"line-{line.pk}-version": str(line.version),
    }

    def post(username: str, price: str):
        def call():
            client = Client()
            client.force_login(User.objects.get(username=username))
            return client.post(
                f"/ke-hoach/{plan.pk}/du-toan/dong/{line.pk}/",
                {**row, f"line-{line.pk}-unit_price": price},
                HTTP_HX_REQUEST="true",
            ).content.decode()

        return call

    results = _parallel(
        {"bcxb": post("bcxb", "1.400.000"), "quantri": post("quantri", "1.300.000")}
    )
    told = [u for u, html in results.items() if "người khác sửa" in str(html)]
    assert len(told) == 1
    line.refresh_from_db()
    assert line.unit_price in (1400000, 1300000)
    assert line.version == int(row[f"line-{line.pk}-version"]) + 1
    assert AuditEntry.objects.filter(action="plans.line.changed").count() == 1
