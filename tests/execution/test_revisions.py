"""One effective version of a plan (issue 17): issuing a revision supersedes the issued plan
(both link to each other); contracts follow the version in force through amendments (phụ lục
hợp đồng), never a second set; committed money per line stays within the effective estimate."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from kehoach.audit.models import AuditEntry
from kehoach.execution import services
from kehoach.execution.models import (
    AmendmentLine,
    Contract,
    ContractAmendment,
    ContractLine,
    Deliverable,
    Expense,
)
from kehoach.plans import services as plan_services
from kehoach.plans.models import Plan, PlanStatus
from kehoach.plans.services import DomainError

from .conftest import login, user


def _issue(plan: Plan, number: str, on: date) -> None:
    plan_services.plan_issue(user=user("vanthu"), plan=plan, number=number, issued_on=on)
    plan.refresh_from_db()


def _revise_and_issue(plan: Plan, change, number: str = "52") -> Plan:
    revision = plan_services.plan_revise(user=user("bcxb"), plan=plan)
    change(revision)
    plan_services.plan_submit(user=user("bcxb"), plan=revision, reason="Điều chỉnh số lượng")
    plan_services.plan_approve(user=user("giamdoc"), plan=revision)
    _issue(revision, number, date(2016, 9, 1))
    return revision


def _newspaper_line(plan: Plan):
    return plan.lines.get(contract_lines__contract__contractor__kind="newspaper")


def _set_quantity(line_content_of: Plan, quantity: int):
    def change(revision: Plan) -> None:
        origin = _newspaper_line(line_content_of)
        line = revision.lines.get(origin=origin)
        plan_services.line_update(
            user=user("bcxb"), line=line, data={"quantity": Decimal(quantity)}, version=None
        )

    return change


@pytest.fixture
def issued(signed: Plan) -> Plan:
    _issue(signed, "46a", date(2016, 7, 21))
    return signed


def test_issuing_a_revision_supersedes_the_issued_plan_and_both_link_to_each_other(issued):
    revision = _revise_and_issue(issued, lambda r: None)
    issued.refresh_from_db()
    assert (issued.status, revision.status) == (PlanStatus.SUPERSEDED, PlanStatus.ISSUED)
    assert (
        Plan.objects.filter(
            organisation=issued.organisation, year=2016, status=PlanStatus.ISSUED
        ).count()
        == 1
    )
    assert plan_services.effective_version(issued) == revision
    entry = AuditEntry.objects.filter(action="plans.plan.superseded").latest("id")
    assert entry.after == {"status": "superseded", "superseded_by": revision.pk}
    viewer = login("ubnd")
    old_page = viewer.get(f"/ke-hoach/{issued.pk}/").content.decode()
    assert f"/ke-hoach/{revision.pk}/" in old_page and "Đã điều chỉnh" in old_page
    new_page = viewer.get(f"/ke-hoach/{revision.pk}/").content.decode()
    assert f"/ke-hoach/{issued.pk}/" in new_page
    # The superseded version is not revised again, nor are contracts proposed on it.
    with pytest.raises(DomainError):
        plan_services.plan_revise(user=user("bcxb"), plan=issued)
    with pytest.raises(DomainError, match="thay thế"):
        services.contracts_propose(user=user("bcxb"), plan=issued)


def test_contracts_on_a_revision_are_amended_not_duplicated(issued):
    newspaper = Contract.objects.get(plan=issued, contractor__kind="newspaper")
    before_ids = set(Contract.objects.filter(plan=issued).values_list("pk", flat=True))
    assert len(before_ids) == 13 and newspaper.value == Decimal(50000000)
    revision = _revise_and_issue(issued, _set_quantity(issued, 12))

    contracts = services.contracts_propose(user=user("bcxb"), plan=revision)

    assert {c.pk for c in contracts} == before_ids  # the same 13, no second set
    # (the module's shared demo holds other plans' contracts: count this plan's own lineage)
    lineage = Contract.objects.filter(plan__in=[issued.pk, revision.pk])
    assert lineage.count() == 13
    assert set(lineage.values_list("plan", flat=True)) == {revision.pk}
    newspaper.refresh_from_db()
    assert newspaper.value == Decimal(60000000)
    amendment = ContractAmendment.objects.get(contract__in=lineage)
    assert amendment.contract == newspaper and amendment.number == "01"
    assert (amendment.value_before, amendment.value_after) == (50000000, 60000000)
    assert amendment.change == Decimal(10000000) and amendment.plan == revision
    line = AmendmentLine.objects.get(amendment=amendment)
    assert (line.quantity_before, line.quantity_after) == (10, 12)
    assert (line.amount_before, line.amount_after) == (50000000, 60000000)
    assert line.line == _newspaper_line(revision)
    entry = AuditEntry.objects.filter(action="execution.contract.amended").latest("id")
    assert entry.before["value"] == "50000000" and entry.after["value"] == "60000000"
    # Deliverables follow: 12 instalments of the newspaper page, all on the revision's line.
    pages = Deliverable.objects.filter(contract_line__contract=newspaper)
    assert pages.count() == 12 and set(pages.values_list("line__plan", flat=True)) == {revision.pk}
    # Committed money per line never exceeds the effective estimate.
    computed = services.core_lines(revision)
    for line in revision.lines.all():
        assert services._committed(line) <= computed[line.pk].total
    # Proposing again changes nothing: no new amendment, no new contract.
    services.contracts_propose(user=user("bcxb"), plan=revision)
    assert ContractAmendment.objects.filter(contract__in=lineage).count() == 1
    assert lineage.count() == 13
    # The contract page and its history show the amendment.
    page = login("ubnd").get(f"/thuc-hien/hop-dong/{newspaper.pk}/").content.decode()
    assert "Phụ lục" in page and "60.000.000" in page


def test_a_revision_that_drops_an_aired_line_is_refused_and_nothing_moves(issued):
    cho_gao = Contract.objects.get(plan=issued, contractor__code="TG-DAI-CHO-GAO")
    segment = ContractLine.objects.get(contract=cho_gao, line__activity="segment")
    deliverable = Deliverable.objects.filter(contract_line=segment).first()
    services.airing_record(
        user=user("dai-chogao"),
        deliverable=deliverable,
        outlet="Đài Chợ Gạo",
        aired_at=timezone.make_aware(datetime(2016, 8, 5, 19, 30)),
    )

    def drop_segment(revision: Plan) -> None:
        line = revision.lines.get(origin=segment.line)
        plan_services.line_delete(user=user("bcxb"), line=line)

    revision = _revise_and_issue(issued, drop_segment)
    with pytest.raises(DomainError, match="đã có sản phẩm báo cáo phát sóng"):
        services.contracts_propose(user=user("bcxb"), plan=revision)
    lineage = Contract.objects.filter(plan__in=[issued.pk, revision.pk])
    assert not ContractAmendment.objects.filter(contract__in=lineage).exists()
    assert set(lineage.values_list("plan", flat=True)) == {issued.pk}
    deliverable.refresh_from_db()
    assert deliverable.status == "reported"


def test_expenses_follow_their_line_and_stay_within_the_effective_estimate(issued):
    management = issued.lines.get(activity="management")
    services.expense_record(
        user=user("khtc"),
        line=management,
        description="Phụ cấp giám sát",
        amount=Decimal(6000000),
        voucher_number="PC-01",
        voucher_date=date(2016, 8, 30),
    )

    def lower_management(revision: Plan) -> None:
        line = revision.lines.get(origin=management)
        plan_services.line_update(
            user=user("bcxb"),
            line=line,
            data={"lump_sum": Decimal(5000000), "quantity": None, "unit_price": None},
            version=None,
        )

    revision = _revise_and_issue(issued, lower_management)
    # The revision estimates 5,000,000 for a line that has spent 6,000,000: refused (the
    # plan's rule), nothing moved.
    with pytest.raises(DomainError, match="vượt dự toán"):
        services.contracts_propose(user=user("bcxb"), plan=revision)
    assert Expense.objects.get().line == management


def test_a_contract_value_above_its_estimate_lines_is_refused(signed):
    newspaper = Contract.objects.get(plan=signed, contractor__kind="newspaper")
    with pytest.raises(DomainError, match="vượt tổng thành tiền các dòng"):
        services.contract_update(
            user=user("bcxb"), contract=newspaper, data={"value": Decimal(50000001)}
        )
    newspaper.refresh_from_db()
    assert newspaper.value == Decimal(50000000)
    services.contract_update(
        user=user("bcxb"), contract=newspaper, data={"value": Decimal(49000000)}
    )


def test_a_revision_cannot_change_a_liquidated_contract(issued):
    cho_gao = Contract.objects.get(plan=issued, contractor__code="TG-DAI-CHO-GAO")
    Contract.objects.filter(pk=cho_gao.pk).update(status="liquidated")  # set-up
    rebroadcast = issued.lines.get(activity="rebroadcast")

    def more_rebroadcasts(revision: Plan) -> None:
        line = revision.lines.get(origin=rebroadcast)
        plan_services.line_update(
            user=user("bcxb"), line=line, data={"quantity": Decimal(121)}, version=None
        )

    revision = _revise_and_issue(issued, more_rebroadcasts)
    with pytest.raises(DomainError, match="đã thanh lý"):
        services.contracts_propose(user=user("bcxb"), plan=revision)
    assert not ContractAmendment.objects.filter(plan__in=[issued.pk, revision.pk]).exists()
