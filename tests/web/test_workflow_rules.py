"""Workflow rules of issue 17: separation of duties even for one person holding several
roles, unique issued numbers, confirmation before steps that cannot be undone, a message
after each, and a reason kept with a submission that still has errors."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from kehoach.accounts.models import Membership, Organisation, Role
from kehoach.audit.models import AuditEntry
from kehoach.execution import services as execution
from kehoach.execution.models import AsRunRecord, Contract, Deliverable, Payment
from kehoach.plans import services
from kehoach.plans.models import Plan, PlanStatus
from kehoach.plans.services import DomainError

from .conftest import PASSWORD, login


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _two_hats(*roles: str) -> User:
    """One person holding several roles in the department."""
    person = User.objects.create_user("hai-vai", password=PASSWORD)
    department = Organisation.objects.get(code="TG-STTTT")
    for role in roles:
        Membership.objects.create(user=person, organisation=department, role=role)
    return person


# -- separation of duties: plans -------------------------------------------------------------


def test_whoever_submitted_a_plan_cannot_approve_it_even_holding_both_roles(plan):
    person = _two_hats(Role.EDITOR, Role.APPROVER)
    services.plan_submit(user=person, plan=plan)
    with pytest.raises(DomainError, match="người trình kế hoạch này"):
        services.plan_approve(user=person, plan=plan)
    client = login("hai-vai")
    page = client.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "người trình kế hoạch này" in page
    assert f'href="/ke-hoach/{plan.pk}/phe-duyet/"' not in page
    confirm = client.get(f"/ke-hoach/{plan.pk}/phe-duyet/").content.decode()
    assert "tách bạch nhiệm vụ" in confirm and "Xác nhận phê duyệt" not in confirm
    response = client.post(f"/ke-hoach/{plan.pk}/phe-duyet/", {"confirm": "1"}, follow=True)
    assert "người trình kế hoạch này" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    # Another approver approves it.
    services.plan_approve(user=_user("giamdoc"), plan=plan)


def test_whoever_drafted_or_edited_a_plan_cannot_approve_it(plan):
    person = _two_hats(Role.EDITOR, Role.APPROVER)
    line = plan.lines.order_by("id").first()
    services.line_update(user=person, line=line, data={"note": "sửa"}, version=None)
    services.plan_submit(user=_user("bcxb"), plan=plan)
    with pytest.raises(DomainError, match="soạn, sửa nội dung"):
        services.plan_approve(user=person, plan=plan)
    creator = _user("bcxb")
    Membership.objects.create(
        user=creator, organisation=Organisation.objects.get(code="TG-STTTT"), role=Role.APPROVER
    )
    Plan.objects.filter(pk=plan.pk).update(created_by=creator)
    plan.refresh_from_db()
    with pytest.raises(DomainError, match="người soạn kế hoạch này"):
        services.plan_approve(user=creator, plan=plan)


# -- separation of duties: airings and payments ---------------------------------------------


@pytest.fixture
def signed_plan(plan):
    from tests.execution.conftest import sign_all

    services.plan_submit(user=_user("bcxb"), plan=plan)
    services.plan_approve(user=_user("giamdoc"), plan=plan)
    execution.contracts_propose(user=_user("bcxb"), plan=plan)
    sign_all(plan)
    return plan


def test_whoever_reported_an_airing_cannot_verify_it(signed_plan):
    contract = Contract.objects.get(plan=signed_plan, contractor__code="TG-DAI-CAI-BE")
    deliverable = Deliverable.objects.filter(contract_line__contract=contract).first()
    record = execution.airing_record(
        user=_user("bcxb"),
        deliverable=deliverable,
        outlet="Đài Cái Bè",
        aired_at=timezone.make_aware(datetime(2016, 8, 5, 19, 30)),
    )
    with pytest.raises(DomainError, match="người báo cáo bản ghi phát sóng này"):
        execution.airing_verify(user=_user("bcxb"), record=record, decision="verified")
    response = login("bcxb").post(
        f"/thuc-hien/hop-dong/{contract.pk}/ban-ghi/{record.pk}/xac-nhan/",
        {"decision": "verified"},
        follow=True,
    )
    assert "tách bạch nhiệm vụ" in response.content.decode()
    record.refresh_from_db()
    assert record.decision == ""
    execution.airing_verify(user=_user("quantri"), record=record, decision="verified")
    assert AsRunRecord.objects.get(pk=record.pk).decision == "verified"


def test_whoever_accepted_a_contract_cannot_confirm_its_payment_alone(signed_plan):
    contract = Contract.objects.get(plan=signed_plan, contractor__code="TG-DAI-CHO-GAO")
    deliverable = Deliverable.objects.filter(contract_line__contract=contract).first()
    record = execution.airing_record(
        user=_user("dai-chogao"),
        deliverable=deliverable,
        outlet="",
        aired_at=timezone.make_aware(datetime(2016, 8, 5, 19, 30)),
    )
    execution.airing_verify(user=_user("bcxb"), record=record, decision="verified")
    execution.contract_accept(user=_user("khtc"), contract=contract, on=date(2016, 9, 1))
    with pytest.raises(DomainError, match="biên bản nghiệm thu hợp đồng này"):
        execution.payment_record(
            user=_user("khtc"),
            contract=contract,
            kind="advance",
            amount=Decimal(1000),
            voucher_number="KB-1",
            voucher_date=date(2016, 9, 2),
        )
    # Recorded without the voucher, it waits for another officer's confirmation.
    payment = execution.payment_record(
        user=_user("khtc"), contract=contract, kind="advance", amount=Decimal(1000)
    )
    response = login("khtc").post(
        f"/thuc-hien/hop-dong/{contract.pk}/thanh-toan/{payment.pk}/xac-nhan/",
        {"confirm": "1", "voucher_number": "KB-1", "voucher_date": "2016-09-02"},
        follow=True,
    )
    assert "tách bạch nhiệm vụ" in response.content.decode()
    assert not Payment.objects.get(pk=payment.pk).is_paid
    second = User.objects.create_user("khtc-2", password=PASSWORD)
    Membership.objects.create(
        user=second, organisation=Organisation.objects.get(code="TG-STTTT"), role=Role.FINANCE
    )
    execution.payment_confirm(
        user=second, payment=payment, voucher_number="KB-1", voucher_date=date(2016, 9, 2)
    )
    assert Payment.objects.get(pk=payment.pk).is_paid


# -- unique numbers --------------------------------------------------------------------------


def _approved_copy(plan: Plan) -> Plan:
    copy = services.plan_clone(user=_user("bcxb"), source=plan, year=2016)
    Plan.objects.filter(pk=copy.pk).update(status=PlanStatus.APPROVED)
    copy.refresh_from_db()
    return copy


def test_a_number_already_issued_is_refused_naming_the_plan_that_holds_it(plan):
    first = _approved_copy(plan)
    services.plan_issue(user=_user("vanthu"), plan=first, number="46a", issued_on=date(2016, 7, 21))
    second = _approved_copy(plan)
    with pytest.raises(DomainError, match=f"đã cấp cho kế hoạch “{first.title}”"):
        services.plan_issue(
            user=_user("vanthu"), plan=second, number="46a", issued_on=date(2016, 7, 22)
        )
    response = login("vanthu").post(
        f"/ke-hoach/{second.pk}/ban-hanh/", {"number": "46a", "issued_on": "2016-07-22"}
    )
    assert response.status_code == 400
    assert f"mã {first.pk}" in response.content.decode()
    second.refresh_from_db()
    assert second.status == PlanStatus.APPROVED
    # Another year, or another number, is fine.
    services.plan_issue(user=_user("vanthu"), plan=second, number="47", issued_on=date(2016, 8, 1))


def test_the_database_refuses_two_issued_plans_with_one_number(plan):
    first, second = _approved_copy(plan), _approved_copy(plan)
    Plan.objects.filter(pk=first.pk).update(status=PlanStatus.ISSUED, number="99")
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=second.pk).update(status=PlanStatus.ISSUED, number="99")


# -- confirmations, messages and the reason for errors ---------------------------------------


def test_submitting_asks_for_confirmation_then_says_what_happened(plan, editor):
    page = editor.get(f"/ke-hoach/{plan.pk}/")
    assert f'href="/ke-hoach/{plan.pk}/trinh/"' in page.content.decode()
    confirm = editor.get(f"/ke-hoach/{plan.pk}/trinh/")
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "Xác nhận trình" in html and "không sửa được" in html
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT  # the confirmation page changes nothing
    done = editor.post(f"/ke-hoach/{plan.pk}/trinh/", {"confirm": "1"}, follow=True)
    assert "Đã trình kế hoạch 46a/KH-STTTT để phê duyệt." in done.content.decode()
    approved = login("giamdoc").post(
        f"/ke-hoach/{plan.pk}/phe-duyet/", {"confirm": "1"}, follow=True
    )
    assert "Đã phê duyệt kế hoạch 46a/KH-STTTT" in approved.content.decode()


def test_submitting_with_errors_needs_a_reason_shown_to_the_approver(plan, editor):
    # Twelve newspaper pages where the plan's text says ten: the checks find an error.
    line = plan.lines.filter(content__icontains="chuyên trang").first()
    services.line_update(
        user=_user("bcxb"), line=line, data={"quantity": Decimal(12)}, version=None
    )
    errors = services.error_findings(plan)
    assert errors
    confirm = editor.get(f"/ke-hoach/{plan.pk}/trinh/").content.decode()
    assert f"Kế hoạch còn {len(errors)} lỗi" in confirm and 'name="reason"' in confirm
    refused = editor.post(f"/ke-hoach/{plan.pk}/trinh/", {"confirm": "1"}, follow=True)
    assert "Hãy sửa, hoặc ghi lý do" in refused.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    reason = "Dòng quản lý chờ văn bản của UBND tỉnh, trình trước để kịp tiến độ"
    editor.post(f"/ke-hoach/{plan.pk}/trinh/", {"confirm": "1", "reason": reason})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED and plan.submit_reason == reason
    # This plan's submission just made (other entries, of other plans or earlier
    # submissions, may exist: the newest of this plan is the one to read).
    entry = AuditEntry.objects.filter(action="plans.plan.submitted", plan=plan).latest("id")
    assert reason in entry.comment
    page = login("giamdoc").get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert reason in page


def test_returning_asks_for_confirmation_with_the_reason_then_says_so(plan, editor, approver):
    editor.post(f"/ke-hoach/{plan.pk}/trinh/", {"confirm": "1"})
    page = approver.get(f"/ke-hoach/{plan.pk}/tra-lai/", {"comment": "Bổ sung kinh phí hội nghị"})
    html = page.content.decode()
    assert page.status_code == 200 and "Xác nhận trả lại" in html
    assert "Bổ sung kinh phí hội nghị</textarea>" in html
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    done = approver.post(
        f"/ke-hoach/{plan.pk}/tra-lai/",
        {"confirm": "1", "comment": "Bổ sung kinh phí hội nghị"},
        follow=True,
    )
    assert "Đã trả lại kế hoạch 46a/KH-STTTT" in done.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED


def test_the_header_refuses_an_issued_number_but_not_an_unchanged_one(plan):
    copy = _approved_copy(plan)
    services.plan_issue(user=_user("vanthu"), plan=copy, number="46a", issued_on=date(2016, 7, 21))
    # The imported sample still carries 46a: editing its title is not blocked by the number.
    plan.refresh_from_db()
    assert plan.number == "46a" and plan.status == PlanStatus.DRAFT
    services.plan_update(
        user=_user("bcxb"), plan=plan, data={"title": "Tên mới"}, lock_version=plan.lock_version
    )
    # Typing an issued number into another draft is refused, naming the plan that holds it.
    draft = services.plan_clone(user=_user("bcxb"), source=plan, year=2016)
    with pytest.raises(DomainError, match=f"mã {copy.pk}"):
        services.plan_update(
            user=_user("bcxb"),
            plan=draft,
            data={"number": "46a"},
            lock_version=draft.lock_version,
        )
