"""The estimate grid in a real browser (issue 22): keyboard-only editing (arrows, Enter, Tab,
Esc, typing), undo and redo, the new-line box at the end of section D, a 10×5 block pasted
from a spreadsheet, the layout at 1366×768 and 1920×1080 (screenshots under artifacts/grid/),
and axe with no serious or critical violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, log_in, new_page

SHOTS = ARTIFACTS.parent / "grid"


def _plan_pk() -> int:
    from kehoach.plans.models import Plan

    return Plan.objects.get(number="46a", symbol="KH-STTTT").pk


def _focused_name(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.name")


@pytest.mark.e2e
def test_the_grid_edits_by_keyboard_pastes_a_block_and_undoes(browser, demo_site):
    from axe_playwright_python.sync_playwright import Axe

    SHOTS.mkdir(parents=True, exist_ok=True)
    pk = _plan_pk()
    page = new_page(browser, demo_site, width=1366, height=768)
    log_in(page, "bcxb")
    page.goto(f"/ke-hoach/{pk}/du-toan/")
    expect(page.locator("html.js")).to_have_count(1)  # the script ran (served under the CSP)

    # Layout at 1366×768: nothing scrolls sideways; the row's actions and the content column
    # are in view; the header and the totals stay in view when the grid scrolls.
    wrap = page.locator(".editor-wrap")
    sizes = wrap.evaluate("w => [w.scrollWidth, w.clientWidth]")
    assert sizes[0] <= sizes[1], sizes
    menu = page.locator("tr.line").first.locator("details.row-menu summary").bounding_box()
    assert menu and menu["x"] + menu["width"] <= 1366
    content = page.locator("tr.line").first.locator("input[name$='-content']").bounding_box()
    assert content and content["width"] >= 250
    page.screenshot(path=str(SHOTS / "editor-1366x768.png"))

    # Keyboard only: from the first line's content, three cells right is its unit price.
    first = page.locator("tr.line").first
    pk1 = first.get_attribute("data-line")
    pk2 = page.locator("tr.line").nth(1).get_attribute("data-line")
    first.locator("input[name$='-content']").focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert _focused_name(page) == f"line-{pk1}-unit_price"
    page.keyboard.type("1600000")  # typing replaces the cell, as in a spreadsheet
    page.keyboard.press("Enter")  # saves and moves down
    expect(page.locator("#grand-total")).to_have_text("190.500.000")
    expect(page.locator("#total-words")).to_have_text(
        "Một trăm chín mươi triệu năm trăm nghìn đồng"
    )
    expect(page.locator(f"#total-{pk1}")).to_have_text("32.000.000")
    assert _focused_name(page) == f"line-{pk2}-unit_price"
    page.keyboard.press("ArrowUp")
    assert _focused_name(page) == f"line-{pk1}-unit_price"
    page.keyboard.type("999")
    page.keyboard.press("Escape")  # puts back the saved value; nothing is sent
    expect(first.locator("input[name$='-unit_price']")).to_have_value("1600000")
    page.keyboard.press("Tab")
    assert _focused_name(page) == f"line-{pk1}-airings"
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("1.500.000")
    page.keyboard.press("Tab")  # leaving the cell saves it
    expect(page.locator("#grand-total")).to_have_text("188.500.000")

    # Undo and redo: the person's own last changes, through the same audited service.
    page.keyboard.press("Control+z")
    expect(page.locator("#grand-total")).to_have_text("190.500.000")
    expect(page.locator("#editor-message")).to_contain_text("Đã hoàn tác")
    expect(page.locator(f"input[name='line-{pk1}-unit_price']")).to_have_value("1.600.000")
    page.get_by_role("button", name="Làm lại").click()
    expect(page.locator("#grand-total")).to_have_text("188.500.000")
    page.get_by_role("button", name="Hoàn tác").click()
    expect(page.locator("#grand-total")).to_have_text("190.500.000")
    from kehoach.audit.models import AuditEntry

    assert AuditEntry.objects.filter(comment__startswith="undo:", object_id=pk1).count() == 2

    # The new-line box at the end of section D adds its line to D, with what was typed.
    box = page.locator("tr.section.depth-0:has(th:text-is('D')) input[name^='content-']")
    box.focus()
    page.keyboard.type("Chi phí in ấn tài liệu")
    page.keyboard.press("Enter")
    added = page.locator("tr.line", has=page.locator("input[value='Chi phí in ấn tài liệu']"))
    expect(added).to_have_count(1)
    assert added.get_attribute("data-line") == page.locator("tr.line").last.get_attribute(
        "data-line"
    )  # D is the last section: its new line is the page's last line
    from kehoach.plans.models import EstimateLine

    assert EstimateLine.objects.get(content="Chi phí in ấn tài liệu").section.code == "D"
    assert not EstimateLine.objects.filter(plan_id=pk, content="Dòng mới").exists()

    # A 10×5 block pasted from a spreadsheet into section B's first line (it holds 2 lines:
    # 2 are updated, 8 added); both number forms; one unreadable cell is marked on its cell.
    b_first = page.locator(
        "tr.section.depth-0:has(th:text-is('B')) + tr.line input[name$='-content']"
    )
    b_pk = b_first.evaluate("i => i.closest('tr').dataset.line")
    rows = []
    for i in range(10):
        price = "1.234.567" if i % 2 else "1,234,567"
        quantity = "abc" if i == 3 else str(i + 1)
        rows.append([f"Dòng dán {i + 1}", f"{i + 1} phút", quantity, price, ""])
    text = "\r\n".join("\t".join(r) for r in rows) + "\r\n"
    b_first.focus()
    b_first.evaluate(
        """(input, text) => {
            const data = new DataTransfer();
            data.setData('text/plain', text);
            input.dispatchEvent(new ClipboardEvent('paste', {
                clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        text,
    )
    expect(page.locator("#editor-message")).to_contain_text("Đã dán 10 dòng")
    expect(page.locator("input[value='Dòng dán 10']")).to_have_count(1)
    assert EstimateLine.objects.filter(plan_id=pk, content__startswith="Dòng dán ").count() == 10
    bad = page.locator("input[aria-invalid='true']")
    expect(bad).to_have_count(1)
    expect(bad).to_have_value("abc")
    assert bad.evaluate("i => i.name.endsWith('-quantity')")
    expect(page.locator("tr.line-findings").filter(has_text="abc")).to_contain_text("Lỗi")
    line = EstimateLine.objects.get(pk=b_pk)
    assert (line.content, line.quantity, line.unit_price) == ("Dòng dán 1", 1, 1234567)
    page.screenshot(path=str(SHOTS / "editor-after-paste-1366x768.png"))

    # Findings beside their line in words, the code small and secondary; the summary bar.
    expect(page.locator("#findings-bar li").first).to_contain_text("Lỗi")

    results = Axe().run(page)
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious
    page.context.close()

    wide = new_page(browser, demo_site, width=1920, height=1080)
    log_in(wide, "bcxb")
    wide.goto(f"/ke-hoach/{pk}/du-toan/")
    expect(wide.locator("html.js")).to_have_count(1)
    wide.screenshot(path=str(SHOTS / "editor-1920x1080.png"))
    wide.context.close()


@pytest.mark.e2e
def test_without_javascript_the_table_still_edits_and_enter_adds_to_its_own_section(
    browser, demo_site
):
    pk = _plan_pk()
    context = browser.new_context(
        viewport={"width": 1366, "height": 768},
        base_url=demo_site,
        locale="vi-VN",
        java_script_enabled=False,
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    log_in(page, "bcxb")
    page.goto(f"/ke-hoach/{pk}/du-toan/")
    expect(page.get_by_role("button", name="Lưu thay đổi")).to_be_visible()
    # Enter in a cell submits the page's form by its first button, "save".
    price = page.locator("tr.line").first.locator("input[name$='-unit_price']")
    price.fill("1.600.000")
    price.press("Enter")
    expect(page.locator("#grand-total")).to_have_text("190.500.000")
    expect(page.locator(".messages")).to_contain_text("Đã lưu các thay đổi")
    # Enter in section D's new-line box adds the typed line to D.
    box = page.locator("tr.section.depth-0:has(th:text-is('D')) input[name^='content-']")
    box.fill("Dòng gõ không có JavaScript")
    box.press("Enter")
    from kehoach.plans.models import EstimateLine

    expect(page.locator("input[value='Dòng gõ không có JavaScript']")).to_have_count(1)
    line = EstimateLine.objects.get(plan_id=pk, content="Dòng gõ không có JavaScript")
    assert line.section.code == "D"
    context.close()
