"""Issue 23: the approver's day, in a browser — log in, land on "Việc cần làm", open the plan
waiting for approval and approve it; axe on the to-do page; screenshots at 1366 and 375 px."""

from __future__ import annotations

import pytest

from .conftest import log_in, new_page


def serious(result) -> list[tuple[str, str, int]]:
    return [
        (v["id"], v["impact"], len(v["nodes"]))
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.e2e
@pytest.mark.parametrize("width", [1366, 375])
def test_the_approver_goes_from_the_to_do_list_to_an_approved_plan(
    browser, demo_site, shots, width
):
    from axe_playwright_python.sync_playwright import Axe
    from django.contrib.auth.models import User

    from kehoach.plans import services
    from kehoach.plans.models import Plan, PlanStatus

    plan = Plan.objects.get(number="46a", symbol="KH-STTTT")
    services.plan_submit(user=User.objects.get(username="bcxb"), plan=plan)
    page = new_page(browser, demo_site, width=width, height=900 if width > 800 else 740)
    log_in(page, "giamdoc")
    assert page.url.endswith("/viec-can-lam/")
    shots(page, f"todo-{width}")
    assert serious(Axe().run(page)) == []
    row = page.locator("tr.todo-approve")
    assert "46a/KH-STTTT" in row.inner_text()
    row.get_by_role("link").click()
    page.wait_for_url(f"**/ke-hoach/{plan.pk}/")
    shots(page, f"plan-{width}")
    page.locator(".actions").get_by_role("link", name="Phê duyệt").click()
    page.wait_for_url(f"**/ke-hoach/{plan.pk}/phe-duyet/")
    shots(page, f"confirm-{width}")
    page.get_by_role("button", name="Xác nhận phê duyệt").click()
    page.wait_for_url(f"**/ke-hoach/{plan.pk}/")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    page.goto("/viec-can-lam/")
    assert page.locator("tr.todo-approve").count() == 0
    shots(page, f"todo-done-{width}")
