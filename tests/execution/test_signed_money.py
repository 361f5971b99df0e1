"""Money only on signed contracts (issue 17): airings, acceptance and payment only on a
contract with a number and a signing date, airings only within its dates (web and API); the
Treasury voucher of a payment is recorded once; a contract's history lists its own entries."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from kehoach.audit.models import AuditEntry
from kehoach.audit.services import log_action
from kehoach.execution import services
from kehoach.execution.models import AsRunRecord, Contract, Deliverable, Payment
from kehoach.plans.services import DomainError

from .conftest import login, sign_all, user


def _cho_gao(plan) -> Contract:
    return Contract.objects.get(plan=plan, contractor__code="TG-DAI-CHO-GAO")


def _first(contract: Contract) -> Deliverable:
    return Deliverable.objects.filter(contract_line__contract=contract).order_by("id").first()


def test_an_airing_on_a_contract_only_proposed_is_refused_on_the_web(proposed):
    contract = _cho_gao(proposed)
    deliverable = _first(contract)
    response = login("dai-chogao").post(
        f"/thuc-hien/hop-dong/{contract.pk}/bao-cao/{deliverable.pk}/",
        {"aired_at": "2016-08-05T19:30"},
        follow=True,
    )
    assert "chưa ký" in response.content.decode()
    assert not AsRunRecord.objects.exists()
    deliverable.refresh_from_db()
    assert deliverable.status == "planned"


def test_acceptance_and_payment_are_refused_on_an_unsigned_contract(proposed):
    contract = _cho_gao(proposed)
    with pytest.raises(DomainError, match="chưa ký"):
        services.contract_accept(user=user("giamdoc"), contract=contract)
    with pytest.raises(DomainError, match="chưa ký"):
        services.payment_record(
            user=user("khtc"),
            contract=contract,
            kind="advance",
            amount=Decimal(1000),
            override=True,
            override_reason="Tạm ứng",
        )
    assert not Payment.objects.exists()


@pytest.mark.parametrize(
    ("aired", "day"),
    [("2016-07-20T19:30", "20/07/2016"), ("2017-01-03T19:30", "03/01/2017")],
)
def test_an_airing_outside_the_contracts_dates_is_refused_naming_the_date_and_period(
    signed, aired, day
):
    contract = _cho_gao(signed)
    deliverable = _first(contract)
    response = login("dai-chogao").post(
        f"/thuc-hien/hop-dong/{contract.pk}/bao-cao/{deliverable.pk}/",
        {"aired_at": aired},
        follow=True,
    )
    html = response.content.decode()
    assert f"Ngày phát sóng {day} nằm ngoài thời hạn hợp đồng" in html
    assert "từ 22/07/2016 đến 31/12/2016" in html
    assert not AsRunRecord.objects.exists()


def test_a_contracts_own_end_date_bounds_its_airings(signed):
    contract = _cho_gao(signed)
    services.contract_update(
        user=user("bcxb"), contract=contract, data={"end_date": date(2016, 9, 30)}
    )
    with pytest.raises(DomainError, match="đến 30/09/2016"):
        services.airing_record(
            user=user("dai-chogao"),
            deliverable=_first(contract),
            outlet="",
            aired_at=timezone.make_aware(datetime(2016, 10, 1, 19, 0)),
        )
    with pytest.raises(DomainError, match="trước ngày ký"):
        services.contract_update(
            user=user("bcxb"), contract=contract, data={"end_date": date(2016, 7, 1)}
        )


def test_a_second_voucher_on_a_paid_payment_gets_a_clear_message(signed):
    contract = _cho_gao(signed)
    payment = Payment.objects.create(contract=contract, kind="advance", amount=1000)
    services.payment_confirm(
        user=user("khtc"), payment=payment, voucher_number="KB-1", voucher_date=date(2016, 9, 1)
    )
    stale = Payment.objects.get(pk=payment.pk)
    stale.voucher_number = ""  # a page opened before the first confirmation
    with pytest.raises(DomainError, match="đã được xác nhận với chứng từ Kho bạc KB-1"):
        services.payment_confirm(
            user=user("khtc"), payment=stale, voucher_number="KB-2", voucher_date=date(2016, 9, 2)
        )
    payment.refresh_from_db()
    assert payment.voucher_number == "KB-1"
    assert AuditEntry.objects.filter(action="execution.payment.paid").count() == 1


def test_the_pay_and_accept_buttons_ask_for_confirmation_and_say_what_happened(signed):
    contract = _cho_gao(signed)
    payment = Payment.objects.create(contract=contract, kind="advance", amount=1000)
    finance = login("khtc")
    url = f"/thuc-hien/hop-dong/{contract.pk}/thanh-toan/{payment.pk}/xac-nhan/"
    page = finance.get(url, {"voucher_number": "KB-9", "voucher_date": "2016-09-01"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Xác nhận đã thanh toán" in html and "KB-9" in html
    payment.refresh_from_db()
    assert not payment.is_paid  # nothing happens on the confirmation page
    done = finance.post(
        url, {"confirm": "1", "voucher_number": "KB-9", "voucher_date": "2016-09-01"}, follow=True
    )
    assert "Đã ghi chứng từ Kho bạc KB-9" in done.content.decode()
    payment.refresh_from_db()
    assert payment.is_paid
    accept = login("giamdoc").get(
        f"/thuc-hien/hop-dong/{contract.pk}/nghiem-thu/", {"on": "2016-12-15"}
    )
    assert accept.status_code == 200 and "Xác nhận lập biên bản" in accept.content.decode()


def test_a_contracts_history_lists_only_its_own_entries_on_the_web_and_the_api(signed):
    own, other = (
        _cho_gao(signed),
        Contract.objects.get(plan=signed, contractor__code="TG-DAI-CAI-BE"),
    )
    # Another contract's payment whose id is this contract's id (the old query matched ids
    # of any type).
    clash = Payment.objects.create(pk=own.pk, contract=other, kind="advance", amount=1)
    log_action(
        actor=user("khtc"),
        action="execution.payment.recorded",
        obj=clash,
        plan=signed,
        organisation=signed.organisation,
        after={"voucher_number": "KB-CAI-BE-2"},
    )
    staff = login("ubnd")
    html = staff.get(f"/thuc-hien/hop-dong/{own.pk}/").content.decode()
    assert "KB-CAI-BE-2" not in html
    from kehoach.api.services import token_create

    _token, raw = token_create(user=user("ubnd"), name="t")
    entries = staff.get(
        f"/api/v1/contracts/{own.pk}/history", headers={"Authorization": f"Bearer {raw}"}
    ).json()["items"]
    assert entries and all("KB-CAI-BE" not in str(e) for e in entries)
    other_entries = staff.get(
        f"/api/v1/contracts/{other.pk}/history", headers={"Authorization": f"Bearer {raw}"}
    ).json()["items"]
    assert any("KB-CAI-BE-2" in str(e) for e in other_entries)


def test_sign_all_fixture_signs_every_contract(proposed):
    sign_all(proposed)
    assert set(Contract.objects.filter(plan=proposed).values_list("status", flat=True)) == {
        "signed"
    }
