"""The main journeys in a real browser, with a screenshot of each step."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import log_in, new_page, with_execution

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ke-hoach-46a-KH-STTTT-2016.txt"


@pytest.mark.e2e
def test_an_editor_imports_corrects_a_price_and_the_plan_is_approved_issued_and_downloaded(
    browser, demo_site, shots
):
    page = new_page(browser, demo_site)
    log_in(page, "bcxb")
    page.get_by_role("link", name="Kế hoạch", exact=True).click()  # from the to-do list (issue 23)
    page.wait_for_url("**/ke-hoach/")
    shots(page, "plan-list")
    page.get_by_role("link", name="Nhập từ tệp").click()
    page.set_input_files("input[type=file]", str(SAMPLE))
    page.get_by_role("button", name="Đọc tệp").click()
    page.wait_for_url("**/nhap/*/")
    assert "188.500.000" in page.content()
    shots(page, "import-preview")
    page.get_by_role("button", name="Tạo kế hoạch từ tệp này").click()
    page.wait_for_url("**/ke-hoach/*/")
    plan_url = page.url
    shots(page, "plan-page")

    page.get_by_role("link", name="Sửa dự toán").click()
    price = page.locator("tr.line").first.locator("input[name$='-unit_price']")
    price.fill("1.600.000")
    price.press("Enter")  # the grid saves a cell when it is left or on Enter (issue 22)
    # Playwright's assertions wait without evaluating strings (the CSP forbids eval).
    expect(page.locator("#grand-total")).to_have_text("190.500.000")
    expect(page.locator("#total-words")).to_have_text(
        "Một trăm chín mươi triệu năm trăm nghìn đồng"
    )
    expect(page.locator("tr.line-findings").first).to_contain_text("NORM_EXCEEDED")
    shots(page, "price-above-norm")
    price.fill("1.500.000")
    price.press("Enter")
    expect(page.locator("#grand-total")).to_have_text("188.500.000")
    expect(page.locator("tr.line-findings").first).not_to_contain_text("NORM_EXCEEDED")
    shots(page, "price-corrected")
    # The rows' buttons submit the page's one form (the kept rows hold no CSRF token): add a
    # line to the first section, move it to section B by its key, delete it.
    page.locator("tr.section").first.locator("input[name^='content-']").fill("Dòng thử nghiệm")
    page.locator("tr.section").first.get_by_role("button", name="Thêm dòng").click()
    added = page.locator("tr.line", has=page.locator("input[value='Dòng thử nghiệm']"))
    expect(added).to_have_count(1)
    added.locator("details.row-menu summary").click()  # the row's actions are in its menu
    added.get_by_role("combobox", name="Chuyển sang mục").select_option("B")
    added.get_by_role("button", name="Chuyển", exact=True).click()
    # Now the last line of section B: the row before the next section's row.
    moved = page.locator("tr.section:has(th:text-is('C')) >> xpath=preceding-sibling::tr[2]")
    expect(moved.locator("input[value='Dòng thử nghiệm']")).to_have_count(1)
    added = page.locator("tr.line", has=page.locator("input[value='Dòng thử nghiệm']"))
    added.locator("details.row-menu summary").click()
    added.get_by_role("button", name="Xóa").click()
    expect(page.locator("input[value='Dòng thử nghiệm']")).to_have_count(0)
    expect(page.locator("#grand-total")).to_have_text("188.500.000")
    page.goto(plan_url)
    # Steps that cannot be undone ask first (a page, no JavaScript), then say what happened.
    page.get_by_role("link", name="Trình duyệt").click()
    shots(page, "confirm-submit")
    page.get_by_role("button", name="Xác nhận trình").click()
    expect(page.locator(".messages")).to_contain_text("Đã trình kế hoạch")
    page.context.close()

    approver = new_page(browser, demo_site)
    log_in(approver, "giamdoc")
    approver.goto(plan_url)
    approver.get_by_role("link", name="Phê duyệt", exact=True).click()
    approver.get_by_role("button", name="Xác nhận phê duyệt").click()
    expect(approver.locator(".messages")).to_contain_text("Đã phê duyệt kế hoạch")
    assert "Đã duyệt" in approver.content()
    shots(approver, "approved")
    approver.context.close()

    clerk = new_page(browser, demo_site)
    log_in(clerk, "vanthu")
    clerk.goto(plan_url)
    clerk.get_by_role("link", name="Vào sổ và ban hành").click()
    clerk.fill("#id_number", "46")
    clerk.fill("#id_issued_on", "2016-07-21")
    clerk.get_by_role("button", name="Ban hành").click()
    assert "Đã ban hành" in clerk.content()
    shots(clerk, "issued")
    with clerk.expect_download() as download:
        clerk.get_by_role("link", name="PDF").last.click()
    path = download.value.path()
    assert path and Path(path).read_bytes().startswith(b"%PDF")
    clerk.context.close()


@pytest.mark.e2e
def test_a_district_reporter_logs_an_airing_on_a_phone(browser, demo_site, shots):
    from django.contrib.auth.models import User

    from kehoach.accounts.models import Membership, Organisation

    with_execution()
    # A station whose demo contract still has deliverables to report (Chợ Gạo's is done).
    station = Organisation.objects.get(code="TG-DAI-CHAU-THANH")
    reporter = User.objects.create_user("dai-chauthanh", password="e2e-password-12345")
    Membership.objects.create(user=reporter, organisation=station, role="contractor")
    phone = new_page(browser, demo_site, width=375, height=740)
    phone.goto("/dang-nhap/")
    phone.fill("#id_username", "dai-chauthanh")
    phone.fill("#id_password", "e2e-password-12345")
    phone.click("main button[type=submit]")
    phone.goto("/thuc-hien/")
    shots(phone, "my-contracts")
    phone.locator("ul.cards a").first.click()
    shots(phone, "contract")
    report = phone.locator("main").get_by_role("link", name="Báo cáo").first
    report.click()
    shots(phone, "airing-form")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the form scrolls sideways on a phone ({width}px)"
    # Within the contract's dates (signed 22/07/2016, the plan's period to 31/12/2016).
    phone.fill("#id_aired_at", "2016-10-20T19:00")
    phone.locator("main form button[type=submit]").last.click()
    expect(phone.locator(".messages")).to_contain_text("Đã báo cáo")
    shots(phone, "airing-reported")
    phone.context.close()


@pytest.mark.e2e
def test_the_finance_officer_records_a_payment(browser, demo_site, shots):
    from kehoach.execution.models import Contract, Payment

    with_execution()
    contract = Contract.objects.filter(contractor__code="TG-DAI-PTTH").first()
    before = Payment.objects.filter(contract=contract).count()
    page = new_page(browser, demo_site)
    log_in(page, "khtc")
    page.goto(f"/thuc-hien/hop-dong/{contract.pk}/")
    shots(page, "contract")
    form = page.locator(f"form[action='/thuc-hien/hop-dong/{contract.pk}/thanh-toan/']")
    form.locator("select[name=kind]").select_option("advance")
    form.locator("input[name=amount]").fill("1.000.000")
    override = form.locator("input[name=override]")
    if override.count():
        override.check()
        form.locator("[name=override_reason]").fill("Tạm ứng theo hợp đồng")
    form.get_by_role("button", name="Ghi thanh toán").click()
    shots(page, "payment-recorded")
    assert Payment.objects.filter(contract=contract).count() == before + 1
    page.context.close()
