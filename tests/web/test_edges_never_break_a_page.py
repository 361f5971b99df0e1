"""Issue 17: every value a plan form accepts keeps every page working. Hypothesis drives the
header form, the estimate line form and the plan's lists with accepted values at the edges of
the bounds (kehoach.core.bounds), then requests every page of the plan, the department's
dashboard and the API's plan: never a server error (the test client raises on one)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kehoach.api.services import token_create
from kehoach.core import bounds
from kehoach.core.money import format_quantity, format_vnd
from kehoach.plans.models import EstimateLine

from .conftest import login

YEARS = st.sampled_from(
    [bounds.MIN_YEAR, bounds.MIN_YEAR + 1, bounds.MAX_YEAR - 1, bounds.MAX_YEAR]
)
DATES = st.one_of(
    st.sampled_from([bounds.MIN_DATE, bounds.MAX_DATE, date(2000, 2, 29), date(2100, 2, 28)]),
    st.dates(min_value=bounds.MIN_DATE, max_value=bounds.MAX_DATE),
)
AMOUNTS = st.one_of(
    st.sampled_from([Decimal(0), Decimal(1), bounds.MAX_AMOUNT, bounds.MAX_AMOUNT - 1]),
    st.integers(0, int(bounds.MAX_AMOUNT)).map(Decimal),
)
QUANTITIES = st.one_of(
    st.sampled_from([Decimal(0), Decimal("0.0001"), Decimal(1), bounds.MAX_QUANTITY]),
    st.decimals(min_value=0, max_value=bounds.MAX_QUANTITY, places=4),
)
OPTIONAL = st.one_of(st.none(), st.just(""))
TEXTS = st.one_of(st.just(""), st.just("x" * 60), st.text(max_size=60))


def _figure(value, money: bool) -> str:
    if value is None or value == "":
        return ""
    return format_vnd(value) if money else format_quantity(value)


def _pages(plan_pk: int) -> list[str]:
    return [
        f"/ke-hoach/{plan_pk}/",
        f"/ke-hoach/{plan_pk}/sua/",
        f"/ke-hoach/{plan_pk}/cac-phan/",
        f"/ke-hoach/{plan_pk}/du-toan/",
        f"/ke-hoach/{plan_pk}/lich-su/",
        f"/ke-hoach/{plan_pk}/ban-in/",
        f"/ke-hoach/{plan_pk}/tai-ve/docx/",
        f"/ke-hoach/{plan_pk}/tai-ve/xlsx/",
        f"/thuc-hien/ke-hoach/{plan_pk}/",
        f"/bao-cao/ke-hoach/{plan_pk}/",
        "/bao-cao/",
        "/ke-hoach/",
    ]


@pytest.fixture
def token(plan) -> str:
    _token, raw = token_create(user=User.objects.get(username="quantri"), name="edges")
    return raw


@pytest.mark.django_db
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    year=YEARS,
    day=st.one_of(st.none(), DATES),
    basis_year=st.one_of(st.none(), YEARS),
    basis_date=st.one_of(st.none(), DATES),
    quantity=st.one_of(OPTIONAL, QUANTITIES),
    unit_price=st.one_of(OPTIONAL, AMOUNTS),
    airings=st.one_of(OPTIONAL, QUANTITIES),
    airing_price=st.one_of(OPTIONAL, AMOUNTS),
    lump_sum=st.one_of(OPTIONAL, AMOUNTS),
    text=TEXTS,
)
@example(  # found by this test: a fractional quantity with both prices (AMBIGUOUS_PRICE)
    year=2000,
    day=None,
    basis_year=None,
    basis_date=None,
    quantity=Decimal("0.0001"),
    unit_price=Decimal(974),
    airings="",
    airing_price=Decimal(974),
    lump_sum=None,
    text="",
)
def test_values_at_the_edges_keep_every_page_of_the_plan_working(
    plan,
    token,
    year,
    day,
    basis_year,
    basis_date,
    quantity,
    unit_price,
    airings,
    airing_price,
    lump_sum,
    text,
):
    editor = login("bcxb")
    # The header form, with its current version.
    form = editor.get(f"/ke-hoach/{plan.pk}/sua/").context["form"]
    header = {k: ("" if v is None else v) for k, v in form.initial.items()}
    header.update(year=year, date=day.isoformat() if day else "", place=text[:80])
    response = editor.post(f"/ke-hoach/{plan.pk}/sua/", header)
    assert response.status_code in (200, 302, 409)

    # One estimate line with every figure at an edge (a product beyond the cap is refused).
    line = EstimateLine.objects.filter(plan=plan).order_by("id").first()
    row = {
        "number": line.number,
        "content": text[:300] or "Dòng",
        "duration": text[:60],
        "quantity": _figure(quantity, False),
        "unit_price": _figure(unit_price, True),
        "airings": _figure(airings, False),
        "airing_unit_price": _figure(airing_price, True),
        "lump_sum": _figure(lump_sum, True),
        "version": str(line.version),
    }
    response = editor.post(
        f"/ke-hoach/{plan.pk}/du-toan/dong/{line.pk}/",
        {f"line-{line.pk}-{k}": v for k, v in row.items()},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200

    # The plan's lists: a legal basis with a year and a date at the edges.
    parts = editor.get(f"/ke-hoach/{plan.pk}/cac-phan/")
    data = {"version": str(parts.context["version"])}
    for prefix, formset in parts.context["formsets"].items():
        for key, value in formset.management_form.initial.items():
            data[f"{prefix}-{key}"] = value
        for index, subform in enumerate(formset.forms):
            for name, field in subform.fields.items():
                value = subform.initial.get(name, field.initial)
                if hasattr(value, "pk"):
                    value = value.pk
                if isinstance(value, date):
                    value = value.isoformat()
                if value is None or name == "DELETE":
                    continue
                data[f"{prefix}-{index}-{name}"] = value
    extra = parts.context["formsets"]["legal_bases"].total_form_count() - 1
    data.update(
        {
            f"legal_bases-{extra}-type_name": "Quyết định",
            f"legal_bases-{extra}-number": "1",
            f"legal_bases-{extra}-symbol": "QĐ-UBND",
            f"legal_bases-{extra}-year": "" if basis_year is None else str(basis_year),
            f"legal_bases-{extra}-date": basis_date.isoformat() if basis_date else "",
            f"legal_bases-{extra}-position": "99",
        }
    )
    response = editor.post(f"/ke-hoach/{plan.pk}/cac-phan/", data)
    assert response.status_code in (200, 302, 409)

    staff = login("quantri")
    for url in _pages(plan.pk):
        assert staff.get(url).status_code in (200, 302), url
    api = Client().get(f"/api/v1/plans/{plan.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 200
