"""Kept page parts (kehoach.web.pages): the plan page, the editor and the dashboard keep their
computed parts until the data changes — any change, of the plan or of what its checks read —
and the kept parts hold nothing that belongs to one person."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

from kehoach.accounts.models import Organisation
from kehoach.plans import services
from kehoach.plans.forms import NormForm
from kehoach.plans.models import EstimateLine

from .conftest import login


def _norm_exceeded(client, plan) -> int:
    return client.get(f"/ke-hoach/{plan.pk}/").content.decode().count("NORM_EXCEEDED")


def _line(plan, content):
    return EstimateLine.objects.filter(plan=plan, content=content).order_by("id").first()


@pytest.mark.django_db
def test_a_second_view_is_served_from_the_kept_part_with_the_same_html(plan, editor):
    first = editor.get(f"/ke-hoach/{plan.pk}/").content.decode()
    kept = len(cache._cache)  # type: ignore[attr-defined]  # LocMemCache, as in the tests
    second = editor.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert kept >= 1 and len(cache._cache) == kept  # type: ignore[attr-defined]

    def unmasked(html: str) -> str:  # the CSRF token is masked afresh on every response
        return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1", html)

    assert unmasked(first) == unmasked(second)


@pytest.mark.django_db
def test_a_line_change_is_on_the_plan_page_at_once(plan, editor):
    assert "188.500.000" in editor.get(f"/ke-hoach/{plan.pk}/").content.decode()
    line = _line(plan, "Phóng sự ngắn")  # 20 × 1.500.000
    response = editor.post(
        f"/ke-hoach/{plan.pk}/du-toan/dong/{line.pk}/",
        {
            f"line-{line.pk}-number": line.number,
            f"line-{line.pk}-content": line.content,
            f"line-{line.pk}-duration": line.duration,
            f"line-{line.pk}-quantity": str(line.quantity),
            f"line-{line.pk}-unit_price": "1.400.000",
            "lock_version": str(plan.lock_version),
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    page = editor.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "186.500.000" in page and "188.500.000" not in page
    editor_page = editor.get(f"/ke-hoach/{plan.pk}/du-toan/").content.decode()
    assert 'id="grand-total">186.500.000' in editor_page


@pytest.mark.django_db
def test_a_new_price_norm_changes_the_findings_of_a_plan_it_did_not_touch(plan, editor):
    """A norm is not part of the plan (its lock_version stays): the audit entry of the change
    is what retires the kept part."""
    before = _norm_exceeded(editor, plan)
    lock = plan.lock_version
    form = NormForm(
        {
            "activity_kind": "report",
            "medium": "tv",
            "unit": "phóng sự 3 phút",
            "max_unit_price": "1.000.000",
            "legal_source": "Quyết định thử của tỉnh",
            "valid_from": "2016-01-01",
        }
    )
    assert form.is_valid(), form.errors
    services.norm_save(
        user=User.objects.get(username="quantri"),
        organisation=Organisation.objects.get(code="TG-STTTT"),
        form=form,
    )
    plan.refresh_from_db()
    assert plan.lock_version == lock
    assert _norm_exceeded(editor, plan) > before


@pytest.mark.django_db
def test_kept_editor_rows_hold_no_csrf_token_and_are_the_same_for_two_people(plan, editor):
    mine = editor.get(f"/ke-hoach/{plan.pk}/du-toan/").content.decode()
    theirs = login("quantri").get(f"/ke-hoach/{plan.pk}/du-toan/").content.decode()

    def rows(html: str) -> str:
        return html.split('<tbody hx-swap="none">', 1)[1].split("</tbody>", 1)[0]

    assert rows(mine) == rows(theirs)
    assert "csrfmiddlewaretoken" not in rows(mine)
    # The page's one form holds the token; every row button names it.
    assert re.search(r'<form id="row-op" method="post"><input type="hidden" name="csrf', mine)
    assert 'form="row-op" formaction=' in rows(mine)


@pytest.mark.django_db
def test_the_editor_buttons_work_as_a_browser_submits_the_page_form(plan, editor):
    """What a browser sends for the row buttons: every field of ``row-op`` (each section's "new
    line" field, each line's "move to" field, the lock) plus the pressed button's name."""
    page = editor.get(f"/ke-hoach/{plan.pk}/du-toan/").content.decode()
    fields = dict.fromkeys(re.findall(r'name="((?:content|to)-\d+)" form="row-op"', page), "")
    lock = re.search(r'id="lock" name="lock_version" value="(\d+)"', page)
    assert lock and fields
    section_b = plan.sections.get(code="B")
    data = {**fields, f"content-{section_b.pk}": "Chuyên mục bổ sung", "section": section_b.pk}
    data["lock_version"] = lock.group(1)
    assert editor.post(f"/ke-hoach/{plan.pk}/du-toan/dong/them/", data).status_code == 302
    line = EstimateLine.objects.get(plan=plan, content="Chuyên mục bổ sung")
    assert line.section == section_b

    page = editor.get(f"/ke-hoach/{plan.pk}/du-toan/").content.decode()
    lock = re.search(r'id="lock" name="lock_version" value="(\d+)"', page)
    assert lock
    data = {**fields, f"to-{line.pk}": "c", "lock_version": lock.group(1)}
    assert editor.post(f"/ke-hoach/{plan.pk}/du-toan/dong/{line.pk}/di-chuyen/", data).status_code
    line.refresh_from_db()
    assert line.section.code == "C"

    refused = editor.post(
        f"/ke-hoach/{plan.pk}/du-toan/dong/{line.pk}/di-chuyen/", {f"to-{line.pk}": "Z.IX"}
    )
    assert refused.status_code == 302
    line.refresh_from_db()
    assert line.section.code == "C"
    page = editor.get(f"/ke-hoach/{plan.pk}/du-toan/").content.decode()
    assert "Không có mục &#x27;Z.IX&#x27; trong dự toán" in page or "Không có mục 'Z.IX'" in page


@pytest.mark.django_db
def test_the_dashboard_part_follows_the_day_and_the_recorded_airings(plan):
    """The dashboard's body is kept per day: a deliverable becomes late when its day passes,
    with no change of data at all."""
    import time_machine

    from kehoach.execution import demo as execution_demo

    execution_demo.load(force=True)
    client = login("ubnd")

    def late(on: str) -> str:
        with time_machine.travel(f"{on} 09:00 +07:00", tick=False):
            html = client.get(f"/bao-cao/ke-hoach/{plan.pk}/").content.decode()
        found = re.search(r'<h2 id="late">[^<]*\((\d+)\)</h2>', html)
        assert found, html[:500]
        return found.group(1)

    early, later = late("2016-08-01"), late("2016-12-31")
    assert int(later) > int(early)
    assert late("2016-08-01") == early


@pytest.mark.django_db
def test_a_change_of_another_plan_leaves_the_kept_part(plan, editor):
    """The generation is scoped: another plan's line change is not this plan's change."""
    other = services.plan_clone(user=User.objects.get(username="bcxb"), source=plan, year=2017)
    editor.get(f"/ke-hoach/{plan.pk}/")
    kept = set(cache._cache)  # type: ignore[attr-defined]
    line = EstimateLine.objects.filter(plan=other, quantity__isnull=False).first()
    services.line_update(
        user=User.objects.get(username="bcxb"),
        line=line,
        data={"quantity": line.quantity + 1},
        version=None,
    )
    editor.get(f"/ke-hoach/{plan.pk}/")
    assert set(cache._cache) == kept  # type: ignore[attr-defined]  # served from the kept part
    editor.get(f"/ke-hoach/{other.pk}/")
    assert len(set(cache._cache) - kept) == 1  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_large_estimate_is_edited_one_main_section_at_a_time(plan, editor):
    """Above EDITOR_PAGE_LINES lines the editor shows one top-level section (its rows, its
    sub-sections) with a list of the others; the totals stay the whole plan's, and a row
    button brings the person back to the section they were on."""
    from kehoach.plans.views import EDITOR_PAGE_LINES

    from .conftest import make_plan_with_lines

    large = make_plan_with_lines(plan.organisation, EDITOR_PAGE_LINES + 10)
    tops = list(large.sections.filter(parent__isnull=True).order_by("position", "pk"))
    assert len(tops) >= 2
    first = editor.get(f"/ke-hoach/{large.pk}/du-toan/").content.decode()
    assert 'aria-current="page"' in first and f"?muc={tops[1].pk}" in first
    first_rows = first.count('class="line"')
    assert first_rows >= EDITOR_PAGE_LINES  # section A holds the generated lines
    second = editor.get(f"/ke-hoach/{large.pk}/du-toan/?muc={tops[1].pk}").content.decode()
    assert 0 < second.count('class="line"') < first_rows
    assert f'<input type="hidden" name="muc" value="{tops[1].pk}">' in second
    # The grand total is the whole plan's on every page.
    total = re.search(r'id="grand-total">([\d.]+)<', first)
    assert total and f'id="grand-total">{total.group(1)}<' in second

    section = large.sections.get(pk=tops[1].pk)
    response = editor.post(
        f"/ke-hoach/{large.pk}/du-toan/dong/them/",
        {"section": section.pk, f"content-{section.pk}": "Dòng mới ở mục B", "muc": section.pk},
    )
    assert response["Location"].endswith(f"/du-toan/?muc={section.pk}")
    assert "Dòng mới ở mục B" in editor.get(response["Location"]).content.decode()
    # A small plan is edited whole, with no section list.
    small = editor.get(f"/ke-hoach/{plan.pk}/du-toan/").content.decode()
    assert 'name="muc"' not in small and "?muc=" not in small
