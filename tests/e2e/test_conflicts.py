"""Issue 17: two people on one plan in two browsers. The one whose page is older is refused,
told in words what the other changed, and refused again until they reload; nothing the other
saved is lost."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from .conftest import log_in, new_page


def _plan_and_line():
    from kehoach.plans.models import EstimateLine, Plan

    plan = Plan.objects.get(number="46a", symbol="KH-STTTT")
    line = EstimateLine.objects.filter(plan=plan, content="Phóng sự ngắn").order_by("id").first()
    return plan, line


@pytest.mark.e2e
def test_the_older_page_is_refused_with_the_changes_and_the_saved_price_survives(
    browser, demo_site, shots
):
    plan, line = _plan_and_line()
    a = new_page(browser, demo_site)
    b = new_page(browser, demo_site)  # a second context: another person, another session
    log_in(a, "bcxb")
    log_in(b, "quantri")
    a.goto(f"/ke-hoach/{plan.pk}/du-toan/")
    b.goto(f"/ke-hoach/{plan.pk}/du-toan/")

    a_row, b_row = (p.locator(f"tr#line-{line.pk}") for p in (a, b))
    a_row.locator("input[name$='-unit_price']").fill("2.000.000")
    a_row.locator("input[name$='-unit_price']").press("Enter")  # saved on Enter (issue 22)
    expect(a.locator(f"#total-{line.pk}")).to_have_text("40.000.000")
    shots(a, "a-saved-the-price")

    b_row.locator("input[name$='-duration']").fill("5 phút")
    b_row.locator("input[name$='-duration']").press("Enter")  # saved on Enter (issue 22)
    message = b.locator("#editor-message")
    expect(message).to_contain_text("người khác sửa")
    expect(message).to_contain_text("Đơn giá dòng A.I.1: 1.500.000 → 2.000.000 — bcxb")
    expect(b.locator("main")).not_to_contain_text('<p class="finding')
    shots(b, "b-refused-with-the-changes")

    b_row.locator("input[name$='-quantity']").fill("30")
    b_row.locator("input[name$='-quantity']").press("Enter")  # saved on Enter (issue 22)
    expect(message).to_contain_text("người khác sửa")
    b.wait_for_timeout(800)  # any save the page might still send has been answered
    expect(b.locator("main")).not_to_contain_text('<p class="finding')
    shots(b, "b-refused-again")

    line.refresh_from_db()
    assert line.unit_price == Decimal(2000000)
    assert line.quantity == Decimal(20)
    assert line.duration != "5 phút"

    b.reload()  # after reloading, B sees A's price and can edit
    b_row = b.locator(f"tr#line-{line.pk}")
    expect(b_row.locator("input[name$='-unit_price']")).to_have_value("2.000.000")
    b_row.locator("input[name$='-quantity']").fill("30")
    b_row.locator("input[name$='-quantity']").press("Enter")  # saved on Enter (issue 22)
    expect(b.locator(f"#total-{line.pk}")).to_have_text("60.000.000")
    line.refresh_from_db()
    assert (line.quantity, line.unit_price) == (Decimal(30), Decimal(2000000))


@pytest.mark.e2e
def test_the_older_header_form_is_refused_with_the_changes_and_stays_refused(
    browser, demo_site, shots
):
    plan, _line = _plan_and_line()
    a = new_page(browser, demo_site)
    b = new_page(browser, demo_site)
    log_in(a, "bcxb")
    log_in(b, "quantri")
    a.goto(f"/ke-hoach/{plan.pk}/sua/")
    b.goto(f"/ke-hoach/{plan.pk}/sua/")

    a.fill("#id_place", "Mỹ Tho")
    a.get_by_role("button", name="Lưu").click()
    a.wait_for_url(f"**/ke-hoach/{plan.pk}/")

    b.fill("#id_title", "Tiêu đề của người thứ hai")
    b.get_by_role("button", name="Lưu").click()
    alert = b.locator("div.stale")
    expect(alert).to_contain_text("Địa danh: Tiền Giang → Mỹ Tho — bcxb")
    shots(b, "b-header-refused")
    b.get_by_role("button", name="Lưu").click()
    expect(b.locator("div.stale")).to_contain_text("Địa danh: Tiền Giang → Mỹ Tho — bcxb")
    shots(b, "b-header-refused-again")

    plan.refresh_from_db()
    assert plan.place == "Mỹ Tho"
    assert plan.title != "Tiêu đề của người thứ hai"
