"""Bad input everywhere is answered, never crashed on: figure fields, the estimate line form,
the header form and arbitrary URLs (hypothesis, bounded in the suite; longer in `make fuzz`)."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.plans.demo import load_demo
from kehoach.plans.forms import FigureField
from kehoach.plans.models import Plan
from tests.web.conftest import signed_in

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
FIGURES = st.one_of(TEXT, st.from_regex(r"-?[\d.,]{1,25}( đồng)?", fullmatch=True))


@given(FIGURES, st.booleans())
def test_a_figure_field_accepts_or_refuses_with_a_message_never_crashes(value, money):
    field = FigureField(money=money)
    try:
        result = field.clean(value)
    except forms.ValidationError as exc:
        assert exc.messages and all(exc.messages)
        return
    assert result is None or result == result  # a Decimal (never NaN)


@pytest.fixture(scope="module")
def site(module_db, django_db_blocker):
    with django_db_blocker.unblock():
        load_demo("fuzz-password-123")
        plan = Plan.objects.get(number="46a", symbol="KH-STTTT")
        return {"plan": plan.pk, "line": plan.lines.order_by("id").first().pk}


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.dictionaries(
        st.sampled_from(
            [
                "number",
                "content",
                "duration",
                "quantity",
                "unit_price",
                "airings",
                "airing_unit_price",
                "lump_sum",
                "basis",
                "note",
                "executing_unit",
            ]
        ),
        FIGURES,
        max_size=11,
    ),
    lock=st.one_of(st.just(""), st.integers(-5, 10**12).map(str), TEXT),
)
def test_the_line_form_answers_any_input_without_a_server_error(site, data, lock):
    client = Client()
    signed_in(User.objects.get(username="bcxb"), client)
    line = site["line"]
    payload = {f"line-{line}-{k}": v for k, v in data.items()}
    payload["lock_version"] = lock
    response = client.post(f"/ke-hoach/{site['plan']}/du-toan/dong/{line}/", payload)
    assert response.status_code == 200


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    path=st.lists(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_%.đ", min_size=1, max_size=12),
        min_size=1,
        max_size=5,
    )
)
def test_arbitrary_urls_answer_404_or_a_redirect_never_a_server_error(site, path):
    client = Client()
    signed_in(User.objects.get(username="bcxb"), client)
    response = client.get("/" + "/".join(path) + "/")
    assert response.status_code in (200, 301, 302, 404)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/ke-hoach/?q=a%00b",
        "/ke-hoach/?status=%00",
        "/ket-qua/dich-vu/?q=%00",
        "/dich-vu-cong/?q=%00",
        "/dich-vu-cong/?linh_vuc=%00",
        "/bao-cao/?org=%00",
        "/ke-hoach/?%00=1",
    ],
)
def test_a_nul_character_in_a_query_is_a_400_page_saying_where(site, url):
    """PostgreSQL refuses NUL in text: a search with one would end in a server error there."""
    client = Client()
    signed_in(User.objects.get(username="bcxb"), client)
    response = client.get(url)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Yêu cầu không hợp lệ" in text and "Bad request" in text and "NUL" in text
