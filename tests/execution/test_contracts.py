"""Contracts proposed from the approved estimate: one per executing unit, values adding up to
the lines they cover."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kehoach.execution import services
from kehoach.execution.models import Contract, Deliverable
from kehoach.plans.services import DomainError

from .conftest import login, user


def test_the_sample_plan_approved_gets_its_13_contracts_with_the_right_values(approved):
    response = login("bcxb").post(f"/thuc-hien/ke-hoach/{approved.pk}/de-xuat/")
    assert response.status_code == 302
    contracts = list(Contract.objects.filter(plan=approved).select_related("contractor"))
    assert len(contracts) == 13
    by_kind: dict[str, list[Contract]] = {}
    for c in contracts:
        by_kind.setdefault(c.contractor.kind, []).append(c)
    assert [(c.contractor.name, c.value) for c in by_kind["station"]] == [
        ("Đài Phát thanh và Truyền hình Tiền Giang", Decimal(68000000))
    ]
    assert [(c.contractor.name, c.value) for c in by_kind["newspaper"]] == [
        ("Báo Ấp Bắc", Decimal(50000000))
    ]
    districts = by_kind["district_station"]
    assert len(districts) == 11
    assert {c.value for c in districts} == {Decimal(5500000)}
    assert sum(c.value for c in districts) == Decimal(60500000)
    for c in districts:
        assert sorted((cl.line.activity, cl.quantity) for cl in c.lines.all()) == [
            ("rebroadcast", Decimal(10)),
            ("segment", Decimal(4)),
        ]
    # Management (D) is the department's own: no contract line.
    assert not approved.lines.get(activity="management").contract_lines.exists()


def test_every_unit_of_a_contracted_line_is_a_deliverable_with_a_label_and_a_date(proposed):
    reports = Deliverable.objects.filter(line__plan=proposed, line__content="Phóng sự ngắn")
    assert reports.count() == 30  # 20 TV + 10 radio
    assert reports.filter(label="Phóng sự truyền hình 7/20").exists()
    assert Deliverable.objects.filter(line__plan=proposed, label="Chuyên trang kỳ 3/10").exists()
    rebroadcast = Deliverable.objects.get(line__plan=proposed, label__startswith="Phát lại 41/110")
    assert rebroadcast.label.startswith("Phát lại 41/110 — Đài TT-TH")
    dates = [d.planned_date for d in Deliverable.objects.filter(line__plan=proposed)]
    assert min(dates) >= proposed.date and max(dates).isoformat() <= "2016-12-31"
    cho_gao = Contract.objects.get(plan=proposed, contractor__code="TG-DAI-CHO-GAO")
    assert Deliverable.objects.filter(contract_line__contract=cho_gao).count() == 14


def test_contracts_are_proposed_only_from_an_approved_plan(plan):
    with pytest.raises(DomainError):
        services.contracts_propose(user=user("bcxb"), plan=plan)


def test_committing_beyond_a_line_estimate_is_refused_or_warned_as_the_plan_says(proposed):
    contract = Contract.objects.get(plan=proposed, contractor__kind="newspaper")
    cl = contract.lines.get()
    with pytest.raises(DomainError):
        services.contract_line_update(user=user("bcxb"), contract_line=cl, quantity=Decimal(12))
    budget = services.budget_for(proposed)
    services.budget_update(
        user=user("bcxb"),
        plan=proposed,
        data={"overcommit": "warn", "year": budget.year},
    )
    _cl, warning = services.contract_line_update(
        user=user("bcxb"), contract_line=cl, quantity=Decimal(12)
    )
    assert warning is not None and "vượt dự toán" in warning.text("vi")
    contract.refresh_from_db()
    assert contract.value == Decimal(60000000)
    assert Deliverable.objects.filter(contract_line=cl).count() == 12


def test_an_explicit_executing_unit_wins_over_the_rules(approved):
    line = approved.lines.get(activity="talk_show")
    line.executing_unit = "Báo Ấp Bắc"
    line.save()
    services.contracts_propose(user=user("bcxb"), plan=approved)
    newspaper = Contract.objects.get(plan=approved, contractor__kind="newspaper")
    assert newspaper.value == Decimal(63000000)
