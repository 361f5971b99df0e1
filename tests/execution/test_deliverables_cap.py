"""Issue 17 (bounds at the door): proposing contracts never creates more deliverables for a
line than the cap; the refusal names the line and the limit, and nothing is created."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kehoach.core import bounds
from kehoach.execution import services
from kehoach.execution.models import Contract, Deliverable
from kehoach.plans.models import EstimateLine
from kehoach.plans.services import DomainError

from .conftest import login, user


@pytest.fixture
def huge(approved):
    EstimateLine.objects.filter(plan=approved, content="Phóng sự ngắn").update(
        quantity=Decimal(200_000), unit_price=Decimal(1000)
    )
    return approved


@pytest.mark.django_db
def test_proposing_refuses_a_line_that_would_create_more_deliverables_than_the_cap(huge):
    with pytest.raises(DomainError) as refused:
        services.contracts_propose(user=user("bcxb"), plan=huge)
    assert "10.000 sản phẩm" in refused.value.message_vi
    assert "200.000" in refused.value.message_vi
    assert not Contract.objects.filter(plan=huge).exists()
    assert not Deliverable.objects.filter(line__plan=huge).exists()


@pytest.mark.django_db
def test_the_propose_button_shows_the_refusal_as_a_message(huge):
    response = login("bcxb").post(f"/thuc-hien/ke-hoach/{huge.pk}/de-xuat/", follow=True)
    assert response.status_code == 200
    assert "vượt quá mức tối đa" in response.content.decode()
    assert Deliverable.objects.filter(line__plan=huge).count() == 0


@pytest.mark.django_db
def test_a_line_at_the_cap_is_proposed(approved):
    EstimateLine.objects.filter(plan=approved, content="Phóng sự ngắn").update(
        quantity=Decimal(bounds.MAX_DELIVERABLES_PER_LINE)
    )
    services.contracts_propose(user=user("bcxb"), plan=approved)
    assert Deliverable.objects.filter(line__plan=approved).count() >= 1


@pytest.mark.django_db
def test_a_stale_contract_form_is_refused_with_what_changed(proposed):
    contract = Contract.objects.get(plan=proposed, contractor__code="TG-DAI-CHO-GAO")
    shown = contract.lock_version
    form = {
        "number": "01/HĐ",
        "date": "2016-08-01",
        "value": str(int(contract.value)),
        "selection_method": "ordering",
        "lock_version": str(shown),
    }
    login("bcxb").post(f"/thuc-hien/hop-dong/{contract.pk}/sua/", form)
    response = login("quantri").post(
        f"/thuc-hien/hop-dong/{contract.pk}/sua/", {**form, "number": "02/HĐ"}, follow=True
    )
    html = response.content.decode()
    assert "người khác sửa" in html
    assert "→ 01/HĐ — bcxb" in html
    contract.refresh_from_db()
    assert contract.number == "01/HĐ"
