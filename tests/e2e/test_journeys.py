"""The main journeys in a real browser, with a screenshot of each step."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import log_in, new_page

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ke-hoach-46a-KH-STTTT-2016.txt"


@pytest.mark.e2e
def test_an_editor_imports_corrects_a_price_and_the_plan_is_approved_issued_and_downloaded(
    browser, demo_site, shots
):
    page = new_page(browser, demo_site)
    log_in(page, "bcxb")
    shots(page, "plan-list")
    page.get_by_role("link", name="Nhập từ tệp").click()
    page.set_input_files("input[type=file]", str(SAMPLE))
    page.get_by_role("button", name="Đọc tệp").click()
    page.wait_for_url("**/import/*/")
    assert "188.500.000" in page.content()
    shots(page, "import-preview")
    page.get_by_role("button", name="Tạo kế hoạch từ tệp này").click()
    page.wait_for_url("**/ke-hoach/*/")
    plan_url = page.url
    shots(page, "plan-page")

    page.get_by_role("link", name="Sửa dự toán").click()
    price = page.locator("tr.line").first.locator("input[name$='-unit_price']")
    price.fill("1.600.000")
    # Playwright's assertions wait without evaluating strings (the CSP forbids eval).
    expect(page.locator("#grand-total")).to_have_text("190.500.000")
    expect(page.locator("#total-words")).to_have_text(
        "Một trăm chín mươi triệu năm trăm nghìn đồng"
    )
    expect(page.locator("tr.line-findings").first).to_contain_text("NORM_EXCEEDED")
    shots(page, "price-above-norm")
    price.fill("1.500.000")
    expect(page.locator("#grand-total")).to_have_text("188.500.000")
    expect(page.locator("tr.line-findings").first).not_to_contain_text("NORM_EXCEEDED")
    shots(page, "price-corrected")
    page.goto(plan_url)
    page.get_by_role("button", name="Trình duyệt").click()
    assert "Đã trình" in page.content()
    page.context.close()

    approver = new_page(browser, demo_site)
    log_in(approver, "giamdoc")
    approver.goto(plan_url)
    approver.get_by_role("button", name="Phê duyệt").click()
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
