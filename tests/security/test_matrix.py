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
SKIP = {"django_htmx", "static"}


@pytest.fixture(scope="session")
def objects(django_db_setup, django_db_blocker) -> dict[str, Any]:
    """The demo, loaded once per test session (each test then runs in its own transaction)."""
    with django_db_blocker.unblock():
        load_demo("matrix-password-1")
        from kehoach.plans import services

        plan = Plan.objects.get(number="46a", symbol="KH-STTTT")
        draft = services.plan_clone(user=User.objects.get(username="bcxb"), source=plan,
                                    year=2017)
        issued = services.plan_clone(user=User.objects.get(username="bcxb"), source=plan,
                                     year=2018)
        Plan.objects.filter(pk=issued.pk).update(status="approved")
        issued.refresh_from_db()
        version = services.plan_issue(user=User.objects.get(username="vanthu"), plan=issued,
                                      number="7", issued_on=date(2018, 1, 5))
        job = ImportJob.objects.create(organisation=draft.organisation,
                                       user=User.objects.get(username="bcxb"),
                                       filename="x.txt", content=b"x", status="read")
        return {
            "plan": plan,
            "draft": draft,
            "issued": issued,
            "file": IssuedFile.objects.filter(version=version).first(),
            "job": job,
        }


def url_for(name: str, params: tuple[str, ...], objects: dict[str, Any]) -> str:
    draft = objects["draft"]
    values: dict[str, Any] = {}
    for param in params:
        if param == "pk":
            if name == "plans:import_preview":
                values[param] = objects["job"].pk
            elif name == "plans:version_file":
                values[param] = objects["issued"].pk
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
        else:
            raise AssertionError(f"No object for URL parameter {param!r} of {name}: add one")
    return reverse(name, kwargs=values)


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
                yield pytest.param(route, method, method_index, person_index,
                                   id=f"{route.name}-{method}-{label}")


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "method", "method_index", "person_index"), list(_cases()))
def test_each_url_answers_each_person_as_the_matrix_says(objects, route, method, method_index,
                                                         person_index):
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
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/"), \
            (response.status_code, response.get("Location"))
    elif expected == "3":
        assert response.status_code == 302, response.status_code
        assert not response["Location"].startswith("/dang-nhap/")
    else:
        assert response.status_code == CODES[expected], response.content.decode()[:300]
