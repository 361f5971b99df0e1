"""Access to every outcomes URL, by role: editor, admin, approver, finance, clerk, viewer,
contractor, an outsider from another province, anonymous. Outsiders get 404 on the department's
objects (and see their own empty pages), read-only people 403 on writes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kehoach.outcomes.models import OutcomeImport, Service
from kehoach.plans.models import Plan
from tests.web.conftest import login

from .conftest import stats_csv

OK, REDIRECT, FORBIDDEN, MISSING, LOGIN = 200, 302, 403, 404, "login"
USERS = ["bcxb", "quantri", "giamdoc", "khtc", "vanthu", "ubnd", "dai-chogao", "ag-editor", None]


def row(method, path, editor, admin, approver, finance, clerk, viewer, contractor, outsider):
    expected = [editor, admin, approver, finance, clerk, viewer, contractor, outsider, LOGIN]
    return method, path, dict(zip(USERS, expected, strict=True))


R, F, M = REDIRECT, FORBIDDEN, MISSING
MATRIX = [
    # Pages of one's own organisation: the outsider sees their own (empty) province's.
    row("GET", "/ket-qua/", OK, OK, OK, OK, OK, OK, M, OK),
    row("GET", "/ket-qua/bieu-do/ty-le-truc-tuyen.png", OK, OK, OK, OK, OK, OK, M, OK),
    row("GET", "/ket-qua/dich-vu/", OK, OK, OK, OK, OK, OK, M, OK),
    row("GET", "/ket-qua/dich-vu/them/", OK, OK, F, OK, F, F, M, OK),
    row("POST", "/ket-qua/dich-vu/them/", R, R, F, R, F, F, M, R),
    row("GET", "/ket-qua/nhap/", OK, OK, OK, OK, OK, OK, M, OK),
    row("POST", "/ket-qua/nhap/", R, R, F, R, F, F, M, R),
    # The department's objects: outsiders 404.
    row("GET", "/ket-qua/dich-vu/{s}/", OK, OK, OK, OK, OK, OK, M, M),
    row("POST", "/ket-qua/dich-vu/{s}/", R, R, F, R, F, F, M, M),
    row("GET", "/ket-qua/nhap/{j}/", OK, OK, OK, OK, OK, OK, M, M),
    row("GET", "/ket-qua/nhap/{j}/loi.csv", OK, OK, OK, OK, OK, OK, M, M),
    row("GET", "/ket-qua/nhap/{j}/tep/", OK, OK, OK, OK, OK, OK, M, M),
    row("GET", "/ket-qua/ke-hoach/{p}/", OK, OK, OK, OK, OK, OK, M, M),
    row("GET", "/ket-qua/ke-hoach/{p}/bieu-do.png", OK, OK, OK, OK, OK, OK, M, M),
    row("GET", "/ket-qua/ke-hoach/{p}/huyen.svg", OK, OK, OK, OK, OK, OK, M, M),
]


def _cases():
    for method, path, expected in MATRIX:
        for user, status in expected.items():
            yield pytest.param(method, path, user, status, id=f"{method} {path} {user}")


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "username", "expected"), list(_cases()))
def test_each_outcomes_view_answers_each_person_as_the_table_says(
    demo, method, path, username, expected
):
    plan = Plan.objects.get(number="46a")
    service = Service.objects.filter(organisation=plan.organisation).first()
    job = OutcomeImport.objects.create(
        organisation=plan.organisation,
        kind="monthly",
        filename="a.csv",
        content=b"x",
        status="done",
        errors=[{"line": 3, "kind": "broken", "message": "Dòng 3: lỗi"}],
    )
    url = path.format(p=plan.pk, s=service.pk, j=job.pk)
    client = login(username) if username else Client()
    if method == "GET":
        response = client.get(url)
    elif "nhap" in path:
        response = client.post(
            url,
            {
                "kind": "monthly",
                "on_error": "keep",
                "file": SimpleUploadedFile("t.csv", stats_csv("01/2019,Sở A,,1,1,0,,,,,,,,,")),
            },
        )
    else:
        response = client.post(
            url, {"code": service.code if "{s}" in path else "NEW-1", "name": "Tên"}
        )
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/dang-nhap/")
    else:
        assert response.status_code == expected, response.content.decode()[:300]
