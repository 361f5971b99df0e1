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

from .matrix import LABELS, MATRIX, PEOPLE
from .urls import all_routes

CODES = {"2": 200, "3": 302, "4": 403, "N": 404, "M": 405}
SKIP = {"django_htmx", "static", "api-v1"}  # the API has its own table: tests/api


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


def _conference_kwargs(params: tuple[str, ...], objects: dict[str, Any]) -> dict[str, Any]:
    values = {
        "plan_pk": objects["draft"].pk,
        "pk": objects["conference"].pk,
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
        return reverse(name, kwargs=_execution_kwargs(params, objects))
    if name.startswith("outcomes:"):
        return reverse(name, kwargs=_outcomes_kwargs(name, params, objects))
    if name.startswith("conference:"):
        return reverse(name, kwargs=_conference_kwargs(params, objects))
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


def _execution_kwargs(params: tuple[str, ...], objects: dict[str, Any]) -> dict[str, Any]:
    contract = objects["contract"]
    known = {
        "plan_pk": objects["approved"].pk,
        "pk": contract.pk,
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
        client.force_login(User.objects.get(username=username))
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
