"""The estimate editor: the server recomputes line, section, grand total and words as the user
types; a price above the norm shows NORM_EXCEEDED beside its line; bad input is refused with a
message and nothing saved; a stale save is refused."""

from __future__ import annotations

import pytest

from kehoach.plans.models import EstimateLine

DEMO = "plans"  # the lighter demo: these tests need only the plans (tests/conftest.py)


def _post(client, plan, line, lock, **fields):
    data = {f"line-{line.pk}-{k}": v for k, v in fields.items()}
    data[f"line-{line.pk}-version"] = str(lock)
    return client.post(f"/ke-hoach/{plan.pk}/du-toan/dong/{line.pk}/", data, HTTP_HX_REQUEST="true")


def _line(plan, content):
    return EstimateLine.objects.filter(plan=plan, content=content).order_by("id").first()


def _fields(line):
    return {
        "number": line.number,
        "content": line.content,
        "duration": line.duration,
        "quantity": str(line.quantity),
        "unit_price": str(line.unit_price),
    }


@pytest.mark.django_db
def test_editing_a_unit_price_updates_the_totals_and_the_words(plan, editor):
    line = _line(plan, "Phóng sự ngắn")  # A.I.1: 20 × 1.500.000
    fields = {**_fields(line), "unit_price": "1.400.000"}
    response = _post(editor, plan, line, line.version, **fields)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="total-{line.pk}" hx-swap-oob="true">28.000.000' in html
    assert 'id="grand-total" hx-swap-oob="true">186.500.000' in html
    assert "Một trăm tám mươi sáu triệu năm trăm nghìn đồng" in html
    line.refresh_from_db()
    assert line.unit_price == 1400000


@pytest.mark.django_db
def test_a_price_above_the_norm_shows_norm_exceeded_beside_the_line(plan, editor):
    line = _line(plan, "Phóng sự ngắn")
    response = _post(
        editor, plan, line, line.version, **{**_fields(line), "unit_price": "1,600,000"}
    )
    html = response.content.decode()
    beside = html.split(f'id="findings-{line.pk}"', 1)[1].split("</div>", 1)[0]
    assert "NORM_EXCEEDED" in beside
    assert "1.600.000" in beside


@pytest.mark.django_db
def test_text_in_a_price_is_refused_with_a_message_and_nothing_is_saved(plan, editor):
    line = _line(plan, "Phóng sự ngắn")
    response = _post(
        editor, plan, line, line.version, **{**_fields(line), "unit_price": "một triệu"}
    )
    assert "Không đọc được số" in response.content.decode()
    line.refresh_from_db()
    assert line.unit_price == 1500000


@pytest.mark.django_db
def test_a_fraction_of_a_dong_is_refused(plan, editor):
    line = _line(plan, "Phóng sự ngắn")
    response = _post(
        editor, plan, line, line.version, **{**_fields(line), "unit_price": "1500000,5"}
    )
    assert "đồng chẵn" in response.content.decode()


@pytest.mark.django_db
def test_the_second_of_two_concurrent_saves_is_refused_and_nothing_is_lost(plan, editor, demo):
    from .conftest import login

    colleague = login("quantri")
    line = _line(plan, "Phóng sự ngắn")
    lock = line.version
    _post(editor, plan, line, lock, **{**_fields(line), "unit_price": "1.400.000"})
    response = _post(colleague, plan, line, lock, **{**_fields(line), "unit_price": "1.300.000"})
    assert "người khác sửa" in response.content.decode()
    line.refresh_from_db()
    assert line.unit_price == 1400000


@pytest.mark.django_db
def test_the_header_form_refuses_a_stale_save_and_shows_what_changed(plan, editor, demo):
    from .conftest import login

    page = editor.get(f"/ke-hoach/{plan.pk}/sua/")
    assert page.status_code == 200
    form = page.context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data["date"] = "2016-07-21"
    first = dict(data, title="Tiêu đề thứ nhất")
    second = dict(data, title="Tiêu đề thứ hai")
    assert editor.post(f"/ke-hoach/{plan.pk}/sua/", first).status_code == 302
    response = login("quantri").post(f"/ke-hoach/{plan.pk}/sua/", second)
    assert response.status_code == 409
    assert "Tiêu đề thứ nhất" in response.content.decode()
    plan.refresh_from_db()
    assert plan.title == "Tiêu đề thứ nhất"


@pytest.mark.django_db
def test_lines_can_be_added_moved_between_sections_and_deleted(plan, editor):
    section_b = plan.sections.get(code="B")
    section_c = plan.sections.get(code="C")
    editor.post(
        f"/ke-hoach/{plan.pk}/du-toan/dong/them/",
        {"section": section_b.pk, "content": "Chuyên mục bổ sung"},
    )
    line = EstimateLine.objects.get(plan=plan, content="Chuyên mục bổ sung")
    assert line.section == section_b
    editor.post(f"/ke-hoach/{plan.pk}/du-toan/dong/{line.pk}/di-chuyen/", {"section": section_c.pk})
    line.refresh_from_db()
    assert line.section == section_c
    editor.post(f"/ke-hoach/{plan.pk}/du-toan/dong/{line.pk}/di-chuyen/", {"direction": "up"})
    assert (
        next(iter(section_c.lines.order_by("position").values_list("content", flat=True)))
        == "Chuyên mục bổ sung"
    )
    editor.post(f"/ke-hoach/{plan.pk}/du-toan/dong/{line.pk}/xoa/")
    assert not EstimateLine.objects.filter(pk=line.pk).exists()


@pytest.mark.django_db
def test_a_section_can_be_added(plan, editor):
    editor.post(
        f"/ke-hoach/{plan.pk}/du-toan/muc/them/", {"code": "E", "title": "Hội nghị tập huấn"}
    )
    assert plan.sections.filter(code="E", title="Hội nghị tập huấn").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("price", "vietnamese", "english"),
    [
        ("-5", "Số không được âm.", "The figure cannot be negative."),
        ("một triệu", "Không đọc được số", "Cannot read the number"),
        ("1500000,5", "Số tiền phải là số đồng chẵn.", "An amount must be in whole dong."),
    ],
)
def test_a_refused_figure_is_said_in_the_screens_language_only(
    plan, editor, settings, price, vietnamese, english
):
    """Issue 23/24: one language per screen — the Vietnamese screen shows no English sentence
    of the message and the English screen no Vietnamese one (no "vi / en" pair)."""
    line = _line(plan, "Phóng sự ngắn")
    said = _post(editor, plan, line, line.version, **{**_fields(line), "unit_price": price})
    html = said.content.decode()
    assert vietnamese in html and english not in html
    editor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    said = _post(editor, plan, line, line.version, **{**_fields(line), "unit_price": price})
    html = said.content.decode()
    assert english in html and vietnamese not in html
