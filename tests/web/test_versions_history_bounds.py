"""Issue 17, first half: edits apply only to what the person saw (a stale save is refused with
what changed since, and every later save from that page too); every change is history, in
words; bounds at the door, and no page fails on a stored value beyond them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kehoach.api.services import token_create
from kehoach.audit.models import AuditEntry
from kehoach.plans.models import EstimateLine, Plan

from .conftest import login


def _row(line: EstimateLine, **changes: str) -> dict[str, str]:
    """What the editor's row posts: every cell as the page showed it, and its version."""
    fields = {
        "number": line.number,
        "content": line.content,
        "duration": line.duration,
        "quantity": str(line.quantity or ""),
        "unit_price": str(line.unit_price or ""),
        "airings": str(line.airings or ""),
        "airing_unit_price": str(line.airing_unit_price or ""),
        "lump_sum": str(line.lump_sum or ""),
        "basis": line.basis,
        "note": line.note,
        "version": str(line.version),
        **changes,
    }
    return {f"line-{line.pk}-{k}": v for k, v in fields.items()}


def _save(client, plan, line, data):
    return client.post(f"/ke-hoach/{plan.pk}/du-toan/dong/{line.pk}/", data, HTTP_HX_REQUEST="true")


def _first_line(plan) -> EstimateLine:
    return EstimateLine.objects.filter(plan=plan, content="Phóng sự ngắn").order_by("id").first()


@pytest.mark.django_db
def test_a_stale_row_is_refused_with_the_other_persons_changes_and_stays_refused(plan, editor):
    line = _first_line(plan)  # A.I.1: 20 × 1.500.000
    seen_by_b = EstimateLine.objects.get(pk=line.pk)  # B opened the editor at the same time
    colleague = login("quantri")

    saved = _save(editor, plan, line, _row(line, unit_price="2.000.000"))
    assert saved.status_code == 200
    assert f'id="v-{line.pk}" name="line-{line.pk}-version" value="{line.version + 1}"' in (
        saved.content.decode()
    )

    refused = _save(colleague, plan, line, _row(seen_by_b, duration="5 phút"))
    html = refused.content.decode()
    assert "người khác sửa" in html
    assert "Đơn giá dòng A.I.1: 1.500.000 → 2.000.000 — bcxb" in html
    assert f'id="v-{line.pk}"' not in html  # the row keeps the version it showed

    again = _save(colleague, plan, line, _row(seen_by_b, quantity="30"))
    assert "người khác sửa" in again.content.decode()
    line.refresh_from_db()
    assert line.unit_price == Decimal(2000000)
    assert line.quantity == Decimal(20)
    assert line.duration != "5 phút"


@pytest.mark.django_db
def test_a_fresh_row_of_another_line_is_saved_while_one_line_is_stale(plan, editor):
    line = _first_line(plan)
    other = EstimateLine.objects.filter(plan=plan).exclude(pk=line.pk).order_by("id").first()
    _save(editor, plan, line, _row(line, unit_price="2.000.000"))
    response = _save(login("quantri"), plan, other, _row(other, note="ghi chú mới"))
    assert "người khác sửa" not in response.content.decode()
    other.refresh_from_db()
    assert other.note == "ghi chú mới"


@pytest.mark.django_db
def test_a_stale_delete_is_refused(plan, editor):
    line = _first_line(plan)
    shown = line.version
    _save(editor, plan, line, _row(line, unit_price="2.000.000"))
    login("quantri").post(
        f"/ke-hoach/{plan.pk}/du-toan/dong/{line.pk}/xoa/",
        {f"line-{line.pk}-version": str(shown)},
    )
    assert EstimateLine.objects.filter(pk=line.pk).exists()


def _header(client, plan) -> dict[str, str]:
    form = client.get(f"/ke-hoach/{plan.pk}/sua/").context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data["date"] = "2016-07-21"
    return data


@pytest.mark.django_db
def test_a_stale_header_form_is_refused_with_the_changes_and_stays_refused(plan, editor):
    colleague = login("quantri")
    mine, theirs = _header(editor, plan), _header(colleague, plan)
    assert editor.post(f"/ke-hoach/{plan.pk}/sua/", {**mine, "place": "Mỹ Tho"}).status_code == 302
    refused = colleague.post(f"/ke-hoach/{plan.pk}/sua/", {**theirs, "title": "Tiêu đề B"})
    html = refused.content.decode()
    assert refused.status_code == 409
    assert "Địa danh: " in html and "→ Mỹ Tho — bcxb" in html
    assert "&lt;p" not in html
    # The page shown after the refusal still carries the version it showed: refused again.
    again = colleague.post(f"/ke-hoach/{plan.pk}/sua/", {**theirs, "title": "Tiêu đề C"})
    assert again.status_code == 409
    plan.refresh_from_db()
    assert plan.place == "Mỹ Tho"
    assert plan.title not in ("Tiêu đề B", "Tiêu đề C")


@pytest.mark.django_db
def test_an_inline_edit_is_audited_with_before_and_after_and_shown_in_words(plan, editor):
    line = _first_line(plan)
    _save(editor, plan, line, _row(line, unit_price="1.400.000"))
    entry = AuditEntry.objects.filter(action="plans.line.changed", object_id=str(line.pk)).get()
    assert entry.before == {"unit_price": "1500000"}
    assert entry.after == {"unit_price": "1400000"}
    history = editor.get(f"/ke-hoach/{plan.pk}/lich-su/").content.decode()
    assert "Đơn giá dòng A.I.1: 1.500.000 → 1.400.000" in history
    assert "{&#x27;" not in history and "{'" not in history


@pytest.mark.django_db
def test_a_save_that_changes_nothing_writes_no_entry(plan, editor):
    line = _first_line(plan)
    _save(editor, plan, line, _row(line))
    assert not AuditEntry.objects.filter(action="plans.line.changed").exists()


@pytest.mark.django_db
def test_the_api_history_gives_each_change_in_words(plan, editor):
    from django.contrib.auth.models import User

    line = _first_line(plan)
    _save(editor, plan, line, _row(line, unit_price="1.400.000"))
    _token, raw = token_create(user=User.objects.get(username="bcxb"), name="test")
    from django.test import Client

    response = Client().get(f"/api/v1/plans/{plan.pk}/history", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["items"])
    changed = next(e for e in body["items"] if e["action"] == "plans.line.changed")
    assert changed["changes"] == [{"field": "Đơn giá", "before": "1.500.000", "after": "1.400.000"}]
    assert changed["text"].startswith("Đơn giá dòng A.I.1: 1.500.000 → 1.400.000 — bcxb, ")


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["0", "1999", "2101", "10000", "99999999999"])
def test_a_year_outside_2000_to_2100_is_refused_at_the_header_form(plan, editor, year):
    response = editor.post(f"/ke-hoach/{plan.pk}/sua/", {**_header(editor, plan), "year": year})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2000" in html and "2100" in html
    plan.refresh_from_db()
    assert plan.year == 2016


@pytest.mark.django_db
def test_a_line_whose_product_exceeds_the_cap_is_refused_naming_the_limit(plan, editor):
    line = _first_line(plan)
    response = _save(
        editor, plan, line, _row(line, quantity="2000", unit_price="999.999.999.999.999")
    )
    html = response.content.decode()
    assert "Thành tiền dòng 1" in html and "999.999.999.999.999 đồng" in html
    line.refresh_from_db()
    assert line.quantity == 20 and line.unit_price == 1500000


@pytest.mark.django_db
def test_a_change_that_makes_the_grand_total_exceed_the_cap_is_refused(plan, editor):
    first = _first_line(plan)
    second = EstimateLine.objects.filter(plan=plan).exclude(pk=first.pk).order_by("id").first()
    big = "600.000.000.000.000"
    _save(editor, plan, first, _row(first, quantity="1", unit_price=big, airings=""))
    first.refresh_from_db()
    assert first.unit_price == Decimal(600_000_000_000_000)
    response = _save(editor, plan, second, _row(second, quantity="1", unit_price=big))
    assert "vượt quá mức tối đa" in response.content.decode()
    second.refresh_from_db()
    assert second.unit_price != Decimal(600_000_000_000_000)


@pytest.mark.django_db
def test_a_quantity_above_the_cap_is_refused_naming_the_field(plan, editor):
    line = _first_line(plan)
    response = _save(editor, plan, line, _row(line, quantity="20.000.000"))
    assert "Số lượng: tối đa 10.000.000" in response.content.decode()


@pytest.mark.django_db
def test_pages_show_a_stored_value_beyond_the_bounds_without_failing(plan):
    """Values stored before the bounds existed: every page still answers."""
    line = _first_line(plan)
    EstimateLine.objects.filter(pk=line.pk).update(
        quantity=Decimal(2000), unit_price=Decimal(999_999_999_999_999)
    )
    Plan.objects.filter(pk=plan.pk).update(year=10000)
    staff = login("quantri")
    for url in (
        f"/ke-hoach/{plan.pk}/",
        f"/ke-hoach/{plan.pk}/du-toan/",
        f"/ke-hoach/{plan.pk}/ban-in/",
        f"/ke-hoach/{plan.pk}/tai-ve/xlsx/",
        f"/ke-hoach/{plan.pk}/lich-su/",
        "/bao-cao/",
        f"/bao-cao/ke-hoach/{plan.pk}/",
        f"/thuc-hien/ke-hoach/{plan.pk}/",
    ):
        assert staff.get(url).status_code == 200, url
    page = staff.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "AMOUNT_OUT_OF_BOUNDS" in page
    from django.contrib.auth.models import User
    from django.test import Client

    _token, raw = token_create(user=User.objects.get(username="quantri"), name="old values")
    api = Client().get(f"/api/v1/plans/{plan.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 200
    assert "AMOUNT_OUT_OF_BOUNDS" in {f["code"] for f in api.json()["findings"]}


SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ke-hoach-46a-KH-STTTT-2016.txt"


@pytest.mark.django_db
def test_an_imported_file_beyond_the_bounds_is_refused_and_nothing_is_created(demo):
    from django.contrib.auth.models import User

    from kehoach.accounts.models import Organisation
    from kehoach.plans import services
    from kehoach.plans.models import ImportStatus

    text = SAMPLE.read_text(encoding="utf-8").replace("20\t1,500,000", "20\t999,999,999,999,999", 1)
    before = Plan.objects.count()
    job = services.plan_import_read(
        user=User.objects.get(username="bcxb"),
        organisation=Organisation.objects.get(code="TG-STTTT"),
        filename="lon.txt",
        content=text.encode("utf-8"),
    )
    assert job.status == ImportStatus.FAILED
    assert "999.999.999.999.999" in job.error
    assert Plan.objects.count() == before


@pytest.mark.django_db
def test_a_stale_move_is_refused_with_the_changes(plan, editor):
    line = _first_line(plan)
    shown = line.version
    _save(editor, plan, line, _row(line, unit_price="2.000.000"))
    response = login("quantri").post(
        f"/ke-hoach/{plan.pk}/du-toan/dong/{line.pk}/di-chuyen/",
        {f"line-{line.pk}-version": str(shown), "direction": "down"},
        follow=True,
    )
    assert "Đơn giá dòng A.I.1: 1.500.000 → 2.000.000" in response.content.decode()
    assert not AuditEntry.objects.filter(action="plans.line.moved").exists()


def _parts_data(client, plan) -> dict[str, object]:
    """What the parts page posts as shown: every formset's rows and the plan's version."""
    from datetime import date as _date

    page = client.get(f"/ke-hoach/{plan.pk}/cac-phan/")
    data: dict[str, object] = {"version": str(page.context["version"])}
    for prefix, formset in page.context["formsets"].items():
        for key, value in formset.management_form.initial.items():
            data[f"{prefix}-{key}"] = value
        for index, subform in enumerate(formset.forms):
            for name, field in subform.fields.items():
                value = subform.initial.get(name, field.initial)
                value = getattr(value, "pk", value)
                if isinstance(value, _date):
                    value = value.isoformat()
                if value is not None and name != "DELETE":
                    data[f"{prefix}-{index}-{name}"] = value
    return data


@pytest.mark.django_db
def test_a_stale_parts_page_is_refused_with_the_changes_and_stays_refused(plan, editor):
    colleague = login("quantri")
    theirs = _parts_data(colleague, plan)
    header = _header(editor, plan)
    assert (
        editor.post(f"/ke-hoach/{plan.pk}/sua/", {**header, "place": "Mỹ Tho"}).status_code == 302
    )
    extra = theirs["responsibilities-TOTAL_FORMS"] - 1
    theirs.update(
        {
            f"responsibilities-{extra}-text": "Nhiệm vụ mới",
            f"responsibilities-{extra}-position": "9",
        }
    )
    for _attempt in range(2):
        refused = colleague.post(f"/ke-hoach/{plan.pk}/cac-phan/", theirs)
        assert refused.status_code == 409
        assert "Địa danh: Tiền Giang → Mỹ Tho — bcxb" in refused.content.decode()
    assert not plan.responsibilities.filter(text="Nhiệm vụ mới").exists()
    fresh = _parts_data(colleague, plan)
    fresh.update(
        {
            f"responsibilities-{extra}-text": "Nhiệm vụ mới",
            f"responsibilities-{extra}-position": "9",
        }
    )
    assert colleague.post(f"/ke-hoach/{plan.pk}/cac-phan/", fresh).status_code == 302
    assert plan.responsibilities.filter(text="Nhiệm vụ mới").exists()
    history = editor.get(f"/ke-hoach/{plan.pk}/lich-su/").content.decode()
    assert "Phân công:" in history and "Nhiệm vụ mới" in history
