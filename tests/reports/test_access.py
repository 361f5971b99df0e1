"""Access to every reports URL, by role: editor, admin, approver, finance, clerk, viewer,
contractor, an outsider from another province (dt-bcxb), anonymous. Outsiders get 404 on the
department's plans (and see their own department's page), read-only people 403 on writes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kehoach.plans.models import Plan
from kehoach.reports import services
from tests.web.conftest import login

OK, REDIRECT, FORBIDDEN, MISSING, NOT_ALLOWED, LOGIN = 200, 302, 403, 404, 405, "login"
USERS = ["bcxb", "quantri", "giamdoc", "khtc", "vanthu", "ubnd", "dai-chogao", "dt-bcxb", None]


def row(method, path, editor, admin, approver, finance, clerk, viewer, contractor, outsider):
    expected = [editor, admin, approver, finance, clerk, viewer, contractor, outsider, LOGIN]
    return method, path, dict(zip(USERS, expected, strict=True))


R, F, M, X = REDIRECT, FORBIDDEN, MISSING, NOT_ALLOWED
P = "/bao-cao/ke-hoach/{p}"
MATRIX = [
    row("GET", "/bao-cao/", OK, OK, OK, OK, OK, OK, M, OK),
    row("POST", "/bao-cao/", X, X, X, X, X, X, X, X),
    row("GET", P + "/", OK, OK, OK, OK, OK, OK, M, M),
    row("POST", P + "/", X, X, X, X, X, X, X, X),
    row("GET", P + "/san-pham/?stage=accepted", OK, OK, OK, OK, OK, OK, M, M),
    row("GET", P + "/tien-do.svg", OK, OK, OK, OK, OK, OK, M, M),
    row("GET", P + "/tien-do.gif", M, M, M, M, M, M, M, M),
    row("GET", P + "/bao-cao-ket-qua/", OK, OK, OK, OK, OK, OK, M, M),
    row("POST", P + "/bao-cao-ket-qua/", R, R, F, F, F, F, M, M),
    row("GET", P + "/bao-cao-ket-qua/ban-hanh/", F, F, F, F, OK, F, M, M),
    row("POST", P + "/bao-cao-ket-qua/ban-hanh/", F, F, F, F, R, F, M, M),
    row("GET", P + "/bao-cao-ket-qua.docx", OK, OK, OK, OK, OK, OK, M, M),
    row("GET", P + "/bao-cao-ket-qua.xlsx", M, M, M, M, M, M, M, M),
    row("GET", P + "/de-cuong.docx", OK, OK, OK, OK, OK, OK, M, M),
    row("POST", P + "/de-cuong.docx", X, X, X, X, X, X, X, X),
]


def _cases():
    for method, path, expected in MATRIX:
        for user, status in expected.items():
            yield pytest.param(method, path, user, status, id=f"{method} {path} {user}")


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "username", "expected"), list(_cases()))
def test_each_reports_view_answers_each_person_as_the_table_says(
    demo, method, path, username, expected
):
    plan = Plan.objects.get(number="46a", symbol="KH-STTTT")
    services.report_save(
        user=User.objects.get(username="bcxb"), plan=plan, problems="", proposals=""
    )
    url = path.format(p=plan.pk)
    client = login(username) if username else Client()
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(
            url, {"problems": "Khó khăn", "number": "9", "issued_on": "2016-12-30"}
        )
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/dang-nhap/")
    else:
        assert response.status_code == expected, response.content.decode()[:300]
