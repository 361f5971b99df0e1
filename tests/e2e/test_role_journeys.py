"""Issue 23: each role's first task in a browser, from the login form through "Việc cần làm" to
the task done — the clerk issues the approved plan and then the final report, the editor
verifies a station's airing, finance pays an accepted contract, a station reports its next
airing on a phone (the approver's is in test_todo_journey.py). Axe on every page of the way;
screenshots at 1366 and 375 px."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from .conftest import log_in, new_page, with_execution
from .test_todo_journey import serious


def look(page, shots, label: str) -> None:
    """Axe on the page as it is, and a screenshot at the office width and at a phone's."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    assert serious(result) == [], (
        label,
        [
            (v["id"], [n["html"][:200] for n in v["nodes"]])
            for v in result.response["violations"]
            if v["impact"] in ("serious", "critical")
        ],
    )
    for width, height in ((1366, 768), (375, 740)):
        page.set_viewport_size({"width": width, "height": height})
        shots(page, f"{label}-{width}")
    page.set_viewport_size({"width": 1366, "height": 768})


@pytest.fixture
def executed(demo_site):
    from kehoach.plans.models import Plan

    with_execution(reports=True)
    return Plan.objects.get(number="46a", symbol="KH-STTTT")


def open_item(page, kind: str) -> None:
    row = page.locator(f"tr.todo-{kind}").first
    assert row.count() == 1, f"no {kind} item on the to-do list"
    row.get_by_role("link").last.click()


@pytest.mark.e2e
def test_the_clerk_issues_the_approved_plan_then_the_final_report(
    browser, demo_site, executed, shots
):
    from kehoach.plans.models import PlanStatus
    from kehoach.reports.models import Report, ReportStatus

    page = new_page(browser, demo_site, width=1366, height=768)
    log_in(page, "vanthu")
    look(page, shots, "todo")
    open_item(page, "issue_plan")
    page.wait_for_url(f"**/ke-hoach/{executed.pk}/**")
    look(page, shots, "issue-plan")
    page.get_by_label("Số văn bản (theo sổ văn bản đi)").fill("46b")
    page.get_by_label("Ngày ban hành").fill(date.today().isoformat())
    page.locator("main form").get_by_role("button", name="Ban hành").click()
    page.wait_for_url(f"**/ke-hoach/{executed.pk}/")
    executed.refresh_from_db()
    assert executed.status == PlanStatus.ISSUED and executed.number == "46b"
    look(page, shots, "plan-issued")

    page.get_by_role("link", name="Việc cần làm").first.click()
    page.wait_for_url("**/viec-can-lam/")
    assert page.locator("tr.todo-issue_plan").count() == 0
    open_item(page, "issue_report")
    look(page, shots, "issue-report")
    page.get_by_label("Số theo sổ văn bản đi").fill("88")
    page.get_by_label("Ngày ban hành").fill(date.today().isoformat())
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name="Ban hành").click()
    report = Report.objects.get(plan=executed)
    assert report.status == ReportStatus.ISSUED and report.number == "88"
    look(page, shots, "report-issued")


@pytest.mark.e2e
def test_the_editor_verifies_a_stations_airing_from_the_to_do_list(
    browser, demo_site, executed, shots
):
    from datetime import datetime, time

    from django.contrib.auth.models import User
    from django.utils import timezone

    from kehoach.execution import services
    from kehoach.execution.models import AsRunRecord, Deliverable, DeliverableStatus

    # the next airing of a station is reported (the station's own journey on a phone is in
    # test_journeys.py; here the administrator reports for it, as staff may)
    reporter = User.objects.get(username="quantri")
    deliverable = (
        Deliverable.objects.filter(
            contract_line__contract__plan=executed,
            status=DeliverableStatus.PLANNED,
        )
        .order_by("id")
        .first()
    )
    assert deliverable is not None
    contract = deliverable.contract_line.contract
    services.airing_record(
        user=reporter,
        deliverable=deliverable,
        outlet=str(contract.contractor),
        aired_at=timezone.make_aware(datetime.combine(deliverable.planned_date, time(19))),
        duration="3 phút",
    )
    waiting = AsRunRecord.objects.filter(
        decision="", deliverable__contract_line__contract__plan=executed
    ).exclude(reported_by__username="bcxb")  # separation of duties: not its own reports
    pending = waiting.count()
    assert pending > 0
    page = new_page(browser, demo_site, width=1366, height=768)
    log_in(page, "bcxb")
    look(page, shots, "todo")
    open_item(page, "verify")
    page.wait_for_url("**/thuc-hien/hop-dong/**")
    look(page, shots, "contract")
    with page.expect_navigation():
        page.locator("main form.inline").get_by_role("button", name="Xác nhận").first.click()
    assert waiting.count() == pending - 1
    look(page, shots, "verified")


@pytest.mark.e2e
def test_finance_pays_an_accepted_contract_from_the_to_do_list(browser, demo_site, executed, shots):
    from kehoach.execution.models import Contract, Payment, PaymentKind

    # the district station's accepted contract, not yet paid: it waits on finance's list
    unpaid = Contract.objects.get(plan=executed, contractor__code="TG-DAI-PTTH")
    Payment.objects.filter(contract=unpaid).delete()
    page = new_page(browser, demo_site, width=1366, height=768)
    log_in(page, "khtc")
    look(page, shots, "todo")
    open_item(page, "pay")
    page.wait_for_url("**/thuc-hien/hop-dong/**")
    look(page, shots, "contract")
    # figures right-aligned in the tables (a table's own left alignment once won over them)
    aligned = page.eval_on_selector_all(
        "main table td.num", "cells => cells.map(c => getComputedStyle(c).textAlign)"
    )
    assert aligned and set(aligned) == {"right"}, aligned
    contract = int(re.search(r"/hop-dong/(\d+)/", page.url).group(1))
    form = page.locator(f"form[action='/thuc-hien/hop-dong/{contract}/thanh-toan/']")
    form.locator("select[name=kind]").select_option(PaymentKind.FINAL)
    form.locator("input[name=amount]").fill("1.000.000")
    with page.expect_navigation():
        form.get_by_role("button", name="Ghi thanh toán").click()
    assert Payment.objects.filter(contract_id=contract, kind=PaymentKind.FINAL).count() == 1
    look(page, shots, "paid")


@pytest.mark.e2e
def test_the_station_reports_its_next_airing_on_a_phone_from_the_to_do_list(
    browser, demo_site, executed, shots
):
    from kehoach.execution.models import (
        AsRunRecord,
        Contract,
        ContractStatus,
        Deliverable,
        DeliverableStatus,
    )

    # Chợ Gạo's contract signed with one rebroadcast still to report
    contract = Contract.objects.get(plan=executed, contractor__code="TG-DAI-CHO-GAO")
    Contract.objects.filter(pk=contract.pk).update(status=ContractStatus.SIGNED)
    last = Deliverable.objects.filter(contract_line__contract=contract).order_by("-id").first()
    AsRunRecord.objects.filter(deliverable=last).delete()
    Deliverable.objects.filter(pk=last.pk).update(status=DeliverableStatus.PLANNED)
    page = new_page(browser, demo_site, width=375, height=740)
    log_in(page, "dai-chogao")
    look(page, shots, "todo")
    open_item(page, "report_next")
    page.wait_for_url("**/bao-cao/**")
    look(page, shots, "airing-form")
    page.set_viewport_size({"width": 375, "height": 740})
    page.fill("#id_aired_at", f"{last.planned_date.isoformat()}T19:00")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".messages")).to_contain_text("Đã báo cáo")
    assert AsRunRecord.objects.filter(deliverable=last).count() == 1
    look(page, shots, "airing-reported")
