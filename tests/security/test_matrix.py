"""The authorisation matrix test: every URL of the app (from the URL configuration), as every
role of the owning organisation, a contractor, a member of another province and anonymously,
with GET and POST — against the one table in ``matrix.py``."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from kehoach.plans.demo import load_demo
from kehoach.plans.models import ImportJob, IssuedFile, Plan
from tests.web.conftest import signed_in

from .matrix import CASE_LABELS, CASE_PEOPLE, CASES, LABELS, MATRIX, PEOPLE
from .urls import all_routes, plan_routes

PLAN_ROUTES = plan_routes()
CODES = {"2": 200, "3": 302, "4": 403, "N": 404, "M": 405}
# The API has its own table (tests/api); the English addresses before issue 24 only redirect,
# to the same person, before any view runs (tests/web/test_addresses.py asks every one).
SKIP = {"django_htmx", "static", "api-v1", "old:"}


@pytest.fixture(scope="module")
def objects(module_db, django_db_blocker) -> dict[str, Any]:
    """The demo, loaded once for this module and rolled back at its end (each test then runs in
    its own savepoint)."""
    with django_db_blocker.unblock():
        load_demo("matrix-password-1")
        from kehoach.plans import services

        plan = Plan.objects.get(number="46a", symbol="KH-STTTT")
        draft = services.plan_clone(user=User.objects.get(username="bcxb"), source=plan, year=2017)
        issued = services.plan_clone(user=User.objects.get(username="bcxb"), source=plan, year=2018)
        Plan.objects.filter(pk=issued.pk).update(status="approved")
        issued.refresh_from_db()
        version = services.plan_issue(
            user=User.objects.get(username="vanthu"),
            plan=issued,
            number="7",
            issued_on=date(2018, 1, 5),
        )
        job = ImportJob.objects.create(
            organisation=draft.organisation,
            user=User.objects.get(username="bcxb"),
            filename="x.txt",
            content=b"x",
            status="read",
        )
        return {
            "plan": plan,
            "draft": draft,
            "issued": issued,
            "file": IssuedFile.objects.filter(version=version).first(),
            "job": job,
            **execution_objects(plan),
            **conference_objects(draft),
            "cases": case_objects(plan),
        }


def conference_objects(plan: Plan) -> dict[str, Any]:
    """Issue 7: the draft's conference, content sent to the district stations (Chợ Gạo among
    them) and supervision records."""
    from kehoach.conference import demo as conference_demo
    from kehoach.conference.models import Conference

    conference_demo.load_for(plan)
    return {
        "conference": Conference.objects.get(plan=plan),
        "content_item": plan.content_items.get(kind="audio"),
    }


def _conference_kwargs(
    name: str, params: tuple[str, ...], objects: dict[str, Any]
) -> dict[str, Any]:
    values = {
        "pk": objects["draft" if name in PLAN_ROUTES else "conference"].pk,
        "item_pk": objects["content_item"].pk,
        "fmt": "pdf",
    }
    return {param: values[param] for param in params}


def execution_objects(plan: Plan) -> dict[str, Any]:
    """The sample plan approved, its contracts proposed; the contractor's own contract
    (Đài Chợ Gạo) with a reported airing, minutes and a payment."""
    from datetime import datetime

    from django.utils import timezone

    from kehoach.execution import services as execution
    from kehoach.execution.models import AsRunRecord, Contract, Deliverable, Minutes, Payment
    from kehoach.plans import services

    # A copy of the sample, so that the sample plan itself stays a draft for the other tests
    # that share this session's database.
    copy = services.plan_clone(user=User.objects.get(username="bcxb"), source=plan, year=2016)
    Plan.objects.filter(pk=copy.pk).update(date=plan.date, number="46b")
    plan = Plan.objects.get(pk=copy.pk)
    services.plan_submit(user=User.objects.get(username="bcxb"), plan=plan)
    services.plan_approve(user=User.objects.get(username="giamdoc"), plan=plan)
    execution.contracts_propose(user=User.objects.get(username="bcxb"), plan=plan)
    contract = Contract.objects.get(plan=plan, contractor__code="TG-DAI-CHO-GAO")
    deliverable = Deliverable.objects.filter(contract_line__contract=contract).last()
    Deliverable.objects.filter(pk=deliverable.pk).update(status="reported")
    record = AsRunRecord.objects.create(
        deliverable=deliverable,
        outlet="Đài Chợ Gạo",
        aired_at=timezone.make_aware(datetime(2016, 8, 5, 19, 30)),
        evidence_name="trang.pdf",
        evidence_type="application/pdf",
        evidence_size=4,
        evidence_file=b"%PDF",
    )
    minutes = Minutes.objects.create(
        contract=contract,
        kind="acceptance",
        date=datetime(2016, 12, 15).date(),
        value=0,
        snapshot={},
        docx=b"docx",
        pdf=b"pdf",
    )
    payment = Payment.objects.create(contract=contract, kind="advance", amount=1)
    return {
        "approved": plan,
        "contract": contract,
        "deliverable": deliverable,
        "record": record,
        "minutes": minutes,
        "payment": payment,
    }


def url_for(name: str, params: tuple[str, ...], objects: dict[str, Any]) -> str:
    draft = objects["draft"]
    values: dict[str, Any] = {}
    if name.startswith("execution:"):
        return reverse(name, kwargs=_execution_kwargs(name, params, objects))
    if name.startswith("outcomes:"):
        return reverse(name, kwargs=_outcomes_kwargs(name, params, objects))
    if name.startswith("conference:"):
        return reverse(name, kwargs=_conference_kwargs(name, params, objects))
    for param in params:
        if param == "pk":
            if name == "plans:import_preview":
                values[param] = objects["job"].pk
            elif name == "plans:version_file":
                values[param] = objects["issued"].pk
            elif name == "accounts:organisation_edit":
                values[param] = draft.organisation.pk  # the owner's organisation (issue 19)
            else:
                values[param] = draft.pk
        elif param == "line_pk":
            values[param] = draft.lines.order_by("id").first().pk
        elif param == "activity_pk":
            values[param] = draft.activities.order_by("id").first().pk
        elif param == "file_pk":
            values[param] = objects["file"].pk
        elif param == "kind":
            values[param] = "xlsx"
        # public (issue 12): the demo's catalogue, a service of it, a demo link, its QR code
        elif param == "org":
            values[param] = "tg-stttt"
        elif param == "service_pk":
            values[param] = draft.organisation.services.order_by("id").first().pk
        elif param == "code":
            values[param] = "chogao"
        elif param == "link_pk":
            from kehoach.public.models import ShortLink

            values[param] = ShortLink.objects.get(code="chogao").pk
        elif param == "fmt":
            # reports (issue 9): documents are docx/pdf, charts png
            documents = name in ("reports:final_download", "reports:outline")
            values[param] = "docx" if documents else "png"
        # API tokens (issue 13): a token of the editor's
        elif param == "token_pk":
            from kehoach.api.services import token_create

            token, _raw = token_create(user=User.objects.get(username="bcxb"), name="matrix")
            values[param] = token.pk
        else:
            raise AssertionError(f"No object for URL parameter {param!r} of {name}: add one")
    return reverse(name, kwargs=values)


def _execution_kwargs(
    name: str, params: tuple[str, ...], objects: dict[str, Any]
) -> dict[str, Any]:
    contract = objects["contract"]
    known = {
        "pk": objects["approved"].pk if name in PLAN_ROUTES else contract.pk,
        "line_pk": contract.lines.order_by("id").first().pk,
        "deliverable_pk": objects["deliverable"].pk,
        "record_pk": objects["record"].pk,
        "minutes_pk": objects["minutes"].pk,
        "kind": "pdf",
        "fmt": "csv",
        "payment_pk": objects["payment"].pk,
    }
    missing = [p for p in params if p not in known]
    assert not missing, f"No object for URL parameters {missing}: add them"
    return {p: known[p] for p in params}


def _outcomes_kwargs(name: str, params: tuple[str, ...], objects: dict[str, Any]) -> dict[str, Any]:
    from kehoach.outcomes.models import OutcomeImport, Service

    values: dict[str, Any] = {}
    for param in params:
        if param == "fmt":
            values[param] = "png"
        elif name.startswith("outcomes:import"):
            job, _created = OutcomeImport.objects.get_or_create(
                organisation=objects["plan"].organisation,
                filename="thong-ke.csv",
                defaults={"kind": "monthly", "content": b"agency,month\n", "status": "done"},
            )
            values[param] = job.pk
        elif name == "outcomes:service_edit":
            values[param] = Service.objects.order_by("id").first().pk
        else:
            values[param] = objects["plan"].pk
    return values


ROUTES = [r for r in all_routes() if not any(r.name.startswith(s) for s in SKIP)]


def test_every_url_has_a_row_in_the_matrix():
    missing = sorted(r.name for r in ROUTES if r.name not in MATRIX)
    assert missing == [], f"add these URLs to tests/security/matrix.py: {missing}"
    stale = sorted(set(MATRIX) - {r.name for r in ROUTES})
    assert stale == [], f"these rows name no URL any more: {stale}"


def _cases():
    for route in ROUTES:
        for method_index, method in enumerate(("GET", "POST")):
            for person_index, label in enumerate(LABELS):
                yield pytest.param(
                    route, method, method_index, person_index, id=f"{route.name}-{method}-{label}"
                )


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "method", "method_index", "person_index"), list(_cases()))
def test_each_url_answers_each_person_as_the_matrix_says(
    objects, route, method, method_index, person_index
):
    if route.name not in MATRIX:
        pytest.fail(f"{route.name} has no row in the matrix")
    expected = MATRIX[route.name][method_index][person_index]
    username = PEOPLE[person_index]
    client = Client()
    if username:
        signed_in(User.objects.get(username=username), client)
    url = url_for(route.name, route.params, objects)
    response = client.get(url) if method == "GET" else client.post(url, {})
    if expected == "L":
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/"), (
            response.status_code,
            response.get("Location"),
        )
    elif expected == "3":
        assert response.status_code == 302, response.status_code
        assert not response["Location"].startswith("/dang-nhap/")
    else:
        assert response.status_code == CODES[expected], response.content.decode()[:300]


# -- CASES: answers that depend on an object's state or the data posted --------------------------


def case_objects(plan: Plan) -> dict[str, Any]:
    """The objects of CASES (matrix.py): an outsider of a province with no data, the sample
    plan (a draft) with its final report's text saved and its conference, a copy of it
    approved with every contract signed, the contractor's own contract with a reported airing,
    minutes and a payment, a statistics import with an error."""
    from datetime import datetime

    from django.utils import timezone

    from kehoach.accounts.models import Membership, Organisation, OrganisationKind, Role
    from kehoach.conference import demo as conference_demo
    from kehoach.conference import services as conference_services
    from kehoach.conference.models import Conference
    from kehoach.execution import services as execution
    from kehoach.execution.models import (
        AsRunRecord,
        Contract,
        ContractStatus,
        Deliverable,
        Minutes,
        Payment,
    )
    from kehoach.outcomes.models import OutcomeImport, Service
    from kehoach.plans import services
    from kehoach.reports import services as report_services

    def person(username: str) -> User:
        return User.objects.get(username=username)

    an_giang = Organisation.objects.create(
        code="AG-STTTT",
        kind=OrganisationKind.DEPARTMENT,
        name="Sở Thông tin và Truyền thông tỉnh An Giang",
        province="An Giang",
    )
    Membership.objects.create(
        user=User.objects.create_user("ag-editor"), organisation=an_giang, role=Role.EDITOR
    )
    report_services.report_save(user=person("bcxb"), plan=plan, problems="", proposals="")
    conference_demo.load_for(plan)
    cai_be_only = conference_services.content_create(
        user=person("bcxb"),
        plan=plan,
        kind="text",
        title="Chỉ Cái Bè",
        text="x",
        stations=[Organisation.objects.get(code="TG-DAI-CAI-BE")],
    )
    # A copy of the sample approved, its contracts proposed and signed.
    copy = services.plan_clone(user=person("bcxb"), source=plan, year=2016)
    Plan.objects.filter(pk=copy.pk).update(date=plan.date, number="46c")
    signed = Plan.objects.get(pk=copy.pk)
    services.plan_submit(user=person("bcxb"), plan=signed)
    services.plan_approve(user=person("giamdoc"), plan=signed)
    execution.contracts_propose(user=person("bcxb"), plan=signed)
    proposed = Contract.objects.filter(plan=signed, status=ContractStatus.PROPOSED).order_by("id")
    for number, contract in enumerate(proposed, start=1):
        execution.contract_update(
            user=person("bcxb"),
            contract=contract,
            data={"number": f"{number:02d}/HĐ", "date": date(2016, 7, 22)},
        )
        execution.contract_sign(user=person("bcxb"), contract=contract)
    own = Contract.objects.get(plan=signed, contractor__code="TG-DAI-CHO-GAO")
    other = Contract.objects.get(plan=signed, contractor__code="TG-DAI-CAI-BE")
    reported = Deliverable.objects.filter(contract_line__contract=own).last()
    Deliverable.objects.filter(pk=reported.pk).update(status="reported")
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
        date=date(2016, 12, 15),
        value=0,
        snapshot={},
        docx=b"docx",
        pdf=b"pdf",
    )
    job = OutcomeImport.objects.create(
        organisation=plan.organisation,
        kind="monthly",
        filename="a.csv",
        content=b"x",
        status="done",
        errors=[{"line": 3, "kind": "broken", "message": "Dòng 3: lỗi"}],
    )
    return {
        "p": plan.pk,
        "l": plan.lines.order_by("id").first().pk,
        "a": plan.activities.order_by("id").first().pk,
        "sp": signed.pk,
        "c": own.pk,
        "o": other.pk,
        "cl": own.lines.order_by("id").first().pk,
        "d": Deliverable.objects.filter(contract_line__contract=own).first().pk,
        "do": Deliverable.objects.filter(contract_line__contract=other).first().pk,
        "r": record.pk,
        "m": minutes.pk,
        "pay": Payment.objects.create(contract=own, kind="advance", amount=1).pk,
        "sv": Service.objects.filter(organisation=plan.organisation).order_by("id").first().pk,
        "j": job.pk,
        "conf": Conference.objects.get(plan=plan).pk,
        "ci": plan.content_items.get(kind="audio").pk,
        "co": cai_be_only.pk,
    }


EXECUTION_DATA = {
    "/ngan-sach/": {
        "year": "2016",
        "period_start": "2016-07-21",
        "period_end": "2016-12-31",
        "overcommit": "warn",
    },
    "/bao-cao/": {"aired_at": "2016-08-05T19:30"},
    "/ban-ghi/": {"decision": "verified"},
    "/nghiem-thu/": {"on": "2016-12-15"},
    "/thanh-toan/": {"kind": "advance", "amount": "1"},
    "{pay}/xac-nhan/": {"voucher_number": "KB-1", "voucher_date": "2016-09-01"},
    "/dong/": {"quantity": "4"},
    "/sua/": {
        "number": "01/HĐ",
        "date": "2016-08-01",
        "value": "5500000",
        "selection_method": "ordering",
        "lock_version": "1",
    },
}
STATS_CSV = (
    "Tháng,Cơ quan,Huyện,Tiếp nhận trực tuyến,Tiếp nhận trực tiếp,Tiếp nhận qua bưu chính,"
    "Tổng tiếp nhận,Giải quyết trước hạn,Giải quyết đúng hạn,Giải quyết trễ hạn,"
    "Đã giải quyết,Đang giải quyết,Hồ sơ có phí,Thanh toán trực tuyến,Tỷ lệ trực tuyến (%)\n"
    "01/2019,Sở A,,1,1,0,,,,,,,,,\n"
)


def case_data(origin: str, path: str, ids: dict[str, int]) -> dict[str, Any]:
    """What a case posts: a valid form of the page, as a person would send it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kehoach.outcomes.models import Service

    if origin == "web":
        plan = Plan.objects.get(pk=ids["p"])
        if "dinh-muc" in path:
            return {
                "activity_kind": "report",
                "unit": "phóng sự",
                "max_unit_price": "1.000.000",
                "legal_source": "QĐ 1/2016",
                "valid_from": "2016-01-01",
            }
        if path.endswith("/them/"):
            return {"section": plan.sections.first().pk, "title": "Mục mới", "content": "Dòng"}
        if path.endswith("/tra-lai/"):
            return {"comment": "Sửa lại"}
        if path.endswith("/di-chuyen/"):
            return {"direction": "down"}
        return {}
    if origin == "execution":
        if "/khoan-chi/" in path:
            plan = Plan.objects.get(pk=ids["sp"])
            return {
                "line": str(plan.lines.get(activity="management").pk),
                "description": "Chi",
                "amount": "1",
                "voucher_number": "PC-1",
                "voucher_date": "2016-09-01",
            }
        data: dict[str, Any] = {}
        for key, value in EXECUTION_DATA.items():
            if key in path:
                data = value
        return data
    if origin == "outcomes":
        if "nhap" in path:
            upload = SimpleUploadedFile("t.csv", STATS_CSV.encode("utf-8"))
            return {"kind": "monthly", "on_error": "keep", "file": upload}
        code = Service.objects.get(pk=ids["sv"]).code if "{sv}" in path else "NEW-1"
        return {"code": code, "name": "Tên"}
    if origin == "reports":
        return {"problems": "Khó khăn", "number": "9", "issued_on": "2016-12-30"}
    return {}


def _case_params():
    for origin, method, path, answers in CASES:
        for person_index, (label, answer) in enumerate(zip(CASE_LABELS, answers, strict=True)):
            if answer != "-":
                yield pytest.param(
                    origin,
                    method,
                    path,
                    person_index,
                    answer,
                    id=f"{origin}-{method}-{path}-{label}",
                )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("origin", "method", "path", "person_index", "expected"), list(_case_params())
)
def test_each_case_answers_each_person_as_the_table_says(
    objects, origin, method, path, person_index, expected
):
    ids = objects["cases"]
    username = CASE_PEOPLE[person_index]
    client = Client()
    if username:
        signed_in(User.objects.get(username=username), client)
    url = path.format(**ids)
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, case_data(origin, path, ids))
    if expected == "L":
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/"), (
            response.status_code,
            response.get("Location"),
        )
    elif expected == "3":
        assert response.status_code == 302, response.status_code
        assert not response["Location"].startswith("/dang-nhap/")
    else:
        assert response.status_code == CODES[expected], response.content.decode()[:300]


@pytest.mark.django_db
def test_an_outsider_cannot_see_the_plan_in_the_list(objects):
    """Formerly tests/web/test_access.py."""
    client = Client()
    signed_in(User.objects.get(username="ag-editor"), client)
    assert "Tuyên truyền dịch vụ công" not in client.get("/ke-hoach/").content.decode()


@pytest.mark.django_db
def test_only_organisers_see_delegates_names(objects):
    """Formerly tests/conference/test_access.py: the conference page shows groups, never
    names; the delegates' page shows them to the organisers only."""
    conference = objects["cases"]["conf"]
    name = "Nguyễn Văn An"
    for username, sees in (("bcxb", True), ("quantri", True), ("giamdoc", False), ("ubnd", False)):
        client = Client()
        signed_in(User.objects.get(username=username), client)
        page = client.get(f"/hoi-nghi/{conference}/").content.decode()
        assert (name in page) is False
        delegates = client.get(f"/hoi-nghi/{conference}/dai-bieu/")
        assert (delegates.status_code == 200 and name in delegates.content.decode()) is sees
