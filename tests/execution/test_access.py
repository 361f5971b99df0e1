"""Access to every execution view, for every kind of person: staff by role, the contractor on
its own contract and on another's, an outsider from another province, and anonymous.
Outsiders (and contractors off their own contract) get 404, members without the right 403."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client
from django.utils import timezone

from kehoach.execution.models import (
    AsRunRecord,
    Contract,
    Deliverable,
    Minutes,
    Payment,
)

from .conftest import login

OK, REDIRECT, FORBIDDEN, MISSING, LOGIN = 200, 302, 403, 404, "login"
USERS = ["bcxb", "quantri", "giamdoc", "khtc", "vanthu", "ubnd", "dai-chogao", "ag-editor", None]


def row(
    method, path, editor, admin, approver, finance, clerk, viewer, contractor, outsider=MISSING
):
    values = [editor, admin, approver, finance, clerk, viewer, contractor, outsider, LOGIN]
    return (method, path, dict(zip(USERS, values, strict=True)))


STAFF_READ = (OK, OK, OK, OK, OK, OK)
EDITORS = (REDIRECT, REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)
REPORTERS = (REDIRECT, REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)
ACCEPTORS = (FORBIDDEN, FORBIDDEN, REDIRECT, REDIRECT, FORBIDDEN, FORBIDDEN)
FINANCE = (FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT, FORBIDDEN, FORBIDDEN)

# {p} plan, {c} the contractor's own contract (Chợ Gạo), {o} another station's (Cái Bè),
# {cl} a line of {c}, {d}/{do} a deliverable of {c}/{o}, {r} a record, {m} minutes, {pay} a payment.
MATRIX = [
    row("GET", "/thuc-hien/", *STAFF_READ, OK, outsider=OK),
    row("GET", "/thuc-hien/ke-hoach/{p}/", *STAFF_READ, MISSING),
    row("POST", "/thuc-hien/ke-hoach/{p}/propose/", *EDITORS, MISSING),
    row("POST", "/thuc-hien/ke-hoach/{p}/budget/", *EDITORS, MISSING),
    row("POST", "/thuc-hien/ke-hoach/{p}/expenses/", *FINANCE, MISSING),
    row("GET", "/thuc-hien/hop-dong/{c}/", *STAFF_READ, OK),
    row("GET", "/thuc-hien/hop-dong/{o}/", *STAFF_READ, MISSING),
    row("POST", "/thuc-hien/hop-dong/{c}/edit/", *EDITORS, FORBIDDEN),
    row("POST", "/thuc-hien/hop-dong/{c}/lines/{cl}/", *EDITORS, FORBIDDEN),
    row("GET", "/thuc-hien/hop-dong/{c}/report/{d}/", OK, OK, *(FORBIDDEN,) * 4, OK),
    row("POST", "/thuc-hien/hop-dong/{c}/report/{d}/", *REPORTERS, REDIRECT),
    row("GET", "/thuc-hien/hop-dong/{o}/report/{do}/", OK, OK, *(FORBIDDEN,) * 4, MISSING),
    row("POST", "/thuc-hien/hop-dong/{o}/report/{do}/", *REPORTERS, MISSING),
    row("POST", "/thuc-hien/hop-dong/{c}/records/{r}/verify/", *EDITORS, FORBIDDEN),
    row("GET", "/thuc-hien/hop-dong/{c}/records/{r}/evidence/", *STAFF_READ, OK),
    row("POST", "/thuc-hien/hop-dong/{c}/accept/", *ACCEPTORS, FORBIDDEN),
    row("GET", "/thuc-hien/hop-dong/{c}/minutes/{m}/pdf/", *STAFF_READ, OK),
    row("GET", "/thuc-hien/hop-dong/{c}/annex/csv/", *STAFF_READ, OK),
    row("GET", "/thuc-hien/hop-dong/{o}/annex/xlsx/", *STAFF_READ, MISSING),
    row("POST", "/thuc-hien/hop-dong/{c}/payments/", *FINANCE, FORBIDDEN),
    row("POST", "/thuc-hien/hop-dong/{c}/payments/{pay}/paid/", *FINANCE, FORBIDDEN),
]

POST_DATA = {
    "/budget/": {
        "year": "2016",
        "period_start": "2016-07-21",
        "period_end": "2016-12-31",
        "overcommit": "warn",
    },
    "/report/": {"aired_at": "2016-08-05T19:30"},
    "/verify/": {"decision": "verified"},
    "/accept/": {"on": "2016-12-15"},
    "/payments/": {"kind": "advance", "amount": "1"},
    "/paid/": {"voucher_number": "KB-1", "voucher_date": "2016-09-01"},
    "/lines/": {"quantity": "4"},
    "/edit/": {
        "number": "01/HĐ",
        "date": "2016-08-01",
        "value": "5500000",
        "selection_method": "ordering",
        "lock_version": "1",
    },
}


def _cases():
    for method, path, expected in MATRIX:
        for username, status in expected.items():
            yield pytest.param(method, path, username, status, id=f"{method} {path} {username}")


@pytest.mark.parametrize(("method", "path", "username", "expected"), list(_cases()))
def test_each_execution_view_answers_each_person_as_the_table_says(
    signed, method, path, username, expected
):
    own = Contract.objects.get(plan=signed, contractor__code="TG-DAI-CHO-GAO")
    other = Contract.objects.get(plan=signed, contractor__code="TG-DAI-CAI-BE")
    d_own = Deliverable.objects.filter(contract_line__contract=own).first()
    d_other = Deliverable.objects.filter(contract_line__contract=other).first()
    reported = Deliverable.objects.filter(contract_line__contract=own).last()
    reported.status = "reported"
    reported.save()
    record = AsRunRecord.objects.create(
        deliverable=reported,
        outlet="Đài Chợ Gạo",
        aired_at=timezone.make_aware(datetime(2016, 8, 5, 19, 30)),
        evidence_name="trang.pdf",
        evidence_type="application/pdf",
        evidence_size=4,
        evidence_file=b"%PDF",
    )
    minutes = Minutes.objects.create(
        contract=own,
        kind="acceptance",
        date=datetime(2016, 12, 15).date(),
        value=0,
        snapshot={},
        docx=b"docx",
        pdf=b"pdf",
    )
    payment = Payment.objects.create(contract=own, kind="advance", amount=1)
    url = path.format(
        p=signed.pk,
        c=own.pk,
        o=other.pk,
        cl=own.lines.first().pk,
        d=d_own.pk,
        do=d_other.pk,
        r=record.pk,
        m=minutes.pk,
        pay=payment.pk,
    )
    data: dict[str, str] = {}
    for key, value in POST_DATA.items():
        if key in path:
            data = value
    if "/expenses/" in path:
        data = {
            "line": str(signed.lines.get(activity="management").pk),
            "description": "Chi",
            "amount": "1",
            "voucher_number": "PC-1",
            "voucher_date": "2016-09-01",
        }
    client = login(username) if username else Client()
    response = client.get(url) if method == "GET" else client.post(url, data)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/dang-nhap/")
    else:
        assert response.status_code == expected, response.content.decode()[:300]
