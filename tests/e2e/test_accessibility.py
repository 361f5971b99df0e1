"""axe-core (bundled by axe-playwright-python) on the main pages: no serious or critical
violation."""

from __future__ import annotations

import pytest

from .conftest import log_in, new_page, with_execution

PAGES = [
    "/ke-hoach/",
    "/ke-hoach/{plan}/",
    "/ke-hoach/{plan}/du-toan/",
    "/ke-hoach/dinh-muc/",
    "/ket-qua/",
    "/thuc-hien/ke-hoach/{plan}/",
]


@pytest.mark.e2e
def test_the_main_pages_have_no_serious_accessibility_violation(browser, demo_site, shots):
    from axe_playwright_python.sync_playwright import Axe

    from kehoach.plans.models import Plan

    plan = Plan.objects.get(number="46a", symbol="KH-STTTT").pk
    page = new_page(browser, demo_site)
    axe = Axe()
    results = {}
    page.goto("/dang-nhap/")
    results["/dang-nhap/"] = axe.run(page)
    log_in(page, "bcxb")
    for template in PAGES:
        url = template.format(plan=plan)
        page.goto(url)
        shots(page, url.strip("/").replace("/", "-") or "home")
        results[url] = axe.run(page)
    # the airing form, as the district station's reporter sees it on a phone
    from kehoach.execution.models import Deliverable

    with_execution()  # the database as loaded, sessions included: sign in again
    page.context.clear_cookies()
    log_in(page, "bcxb")
    # the plan dashboard, with the demo's execution
    page.goto(f"/bao-cao/ke-hoach/{plan}/")
    shots(page, "plan-dashboard")
    results["plan dashboard"] = axe.run(page)
    deliverable = Deliverable.objects.filter(
        contract_line__contract__contractor__code="TG-DAI-CHO-GAO"
    ).first()
    contract = deliverable.contract_line.contract
    page.goto(f"/thuc-hien/hop-dong/{contract.pk}/bao-cao/{deliverable.pk}/")
    shots(page, "airing-form")
    results["airing form"] = axe.run(page)
    # the public catalogue, searched without diacritics, as a citizen (no login)
    public = new_page(browser, demo_site, width=375, height=740)
    from kehoach.public.selectors import slug_of

    slug = slug_of(Plan.objects.get(number="46a", symbol="KH-STTTT").organisation)
    public.goto(f"/dich-vu-cong/{slug}/?q=dang+ky+kinh+doanh")
    shots(public, "public-catalogue")
    results["public catalogue"] = axe.run(public)
    serious = {
        url: [
            (v["id"], v["impact"], len(v["nodes"]))
            for v in r.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        for url, r in results.items()
    }
    assert all(not v for v in serious.values()), serious
