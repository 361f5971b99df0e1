"""Access for every view: owner (editor), colleagues by role, read-only, contractor, an
outsider from another province, and anonymous. Outsiders get 404, read-only writers 403."""

from __future__ import annotations

import pytest
from django.test import Client

from kehoach.plans.models import Plan

from .conftest import login

# (method, path template, expected per user). {p} plan, {l} a line, {s} a section, {a} an activity.
OK, REDIRECT, FORBIDDEN, MISSING, LOGIN = 200, 302, 403, 404, "login"

USERS = ["bcxb", "quantri", "giamdoc", "khtc", "vanthu", "ubnd", "dai-chogao", "ag-editor", None]


def row(
    method,
    path,
    editor,
    admin,
    approver,
    finance,
    clerk,
    viewer,
    contractor=MISSING,
    outsider=MISSING,
):
    return (
        method,
        path,
        dict(
            zip(
                USERS,
                [editor, admin, approver, finance, clerk, viewer, contractor, outsider, LOGIN],
                strict=True,
            )
        ),
    )


MATRIX = [
    row("GET", "/ke-hoach/", OK, OK, OK, OK, OK, OK, OK, OK),
    # Pages of one's own organisation: the outsider sees their own province's.
    row("GET", "/ke-hoach/new/", OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, outsider=OK),
    row(
        "GET", "/ke-hoach/import/", OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, outsider=OK
    ),
    row("GET", "/ke-hoach/norms/", OK, OK, OK, OK, OK, OK, outsider=OK),
    row("GET", "/ke-hoach/{p}/", OK, OK, OK, OK, OK, OK),
    row("GET", "/ke-hoach/{p}/edit/", OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    row("GET", "/ke-hoach/{p}/parts/", OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    row("GET", "/ke-hoach/{p}/activities/{a}/", OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    row("GET", "/ke-hoach/{p}/estimate/", OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    row("GET", "/ke-hoach/{p}/history/", OK, OK, OK, OK, OK, OK),
    row("GET", "/ke-hoach/{p}/print/", OK, OK, OK, OK, OK, OK),
    row("GET", "/ke-hoach/{p}/download/xlsx/", OK, OK, OK, OK, OK, OK),
    row("GET", "/ke-hoach/{p}/clone/", OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    row("GET", "/ke-hoach/{p}/issue/", FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN),
    row(
        "POST",
        "/ke-hoach/{p}/estimate/lines/{l}/",
        OK,
        OK,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
    ),
    row(
        "POST",
        "/ke-hoach/{p}/estimate/lines/add/",
        REDIRECT,
        REDIRECT,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
    ),
    row(
        "POST",
        "/ke-hoach/{p}/estimate/sections/add/",
        REDIRECT,
        REDIRECT,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
    ),
    row(
        "POST",
        "/ke-hoach/{p}/estimate/lines/{l}/move/",
        REDIRECT,
        REDIRECT,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
    ),
    row(
        "POST",
        "/ke-hoach/{p}/approve/",
        FORBIDDEN,
        FORBIDDEN,
        REDIRECT,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
    ),
    row(
        "POST",
        "/ke-hoach/{p}/return/",
        FORBIDDEN,
        FORBIDDEN,
        REDIRECT,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
    ),
    row(
        "POST",
        "/ke-hoach/{p}/submit/",
        REDIRECT,
        REDIRECT,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
    ),
    row(
        "POST",
        "/ke-hoach/{p}/revise/",
        REDIRECT,
        REDIRECT,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
    ),
    row(
        "POST",
        "/ke-hoach/norms/",
        FORBIDDEN,
        REDIRECT,
        FORBIDDEN,
        REDIRECT,
        FORBIDDEN,
        FORBIDDEN,
        outsider=FORBIDDEN,
    ),
]


def _cases():
    for method, path, expected in MATRIX:
        for user, status in expected.items():
            yield pytest.param(method, path, user, status, id=f"{method} {path} {user}")


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "username", "expected"), list(_cases()))
def test_each_view_answers_each_person_as_the_table_says(demo, method, path, username, expected):
    plan = Plan.objects.get(number="46a")
    line = plan.lines.first()
    url = path.format(
        p=plan.pk, l=line.pk, s=plan.sections.first().pk, a=plan.activities.first().pk
    )
    client = login(username) if username else Client()
    data = {}
    if "norms" in path:
        data = {
            "activity_kind": "report",
            "unit": "phóng sự",
            "max_unit_price": "1.000.000",
            "legal_source": "QĐ 1/2016",
            "valid_from": "2016-01-01",
        }
    if path.endswith("/add/"):
        data = {"section": plan.sections.first().pk, "title": "Mục mới", "content": "Dòng"}
    if path.endswith("/return/"):
        data = {"comment": "Sửa lại"}
    if path.endswith("/move/"):
        data = {"direction": "down"}
    response = client.get(url) if method == "GET" else client.post(url, data)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/dang-nhap/")
    else:
        assert response.status_code == expected, response.content.decode()[:300]


@pytest.mark.django_db
def test_an_outsider_cannot_see_the_plan_in_the_list(demo, outsider):
    assert "Tuyên truyền dịch vụ công" not in outsider.get("/ke-hoach/").content.decode()
