"""The API's authorisation table: every operation of the served OpenAPI description (so a new
endpoint cannot escape) as every role of the owning department, a contractor (Đài Chợ Gạo), a
member of another province (Đồng Tháp) and without a token — against the one table below.
The web's table is tests/security/matrix.py; both ask accounts/access.py."""

from __future__ import annotations

import pytest

from kehoach.api.api import api

from .conftest import LABELS, PEOPLE, World, airing_body, as_person, import_body

# One character per person, in the order of PEOPLE:
#   A admin  P approver  E editor  F finance  C clerk  V viewer  K contractor  O outsider  X none
#   2 = 200   1 = 201 (created)   4 = 403   N = 404   U = 401 (no token)
CODES = {"2": 200, "1": 201, "4": 403, "N": 404, "U": 401}
TABLE: dict[tuple[str, str], str] = {
    # plans: staff of the organisation read; a contractor sees no plan; the outsider lists
    # their own province's
    ("GET", "/api/v1/plans"): "22222222U",
    ("GET", "/api/v1/plans/{plan_id}"): "222222NNU",
    ("GET", "/api/v1/plans/{plan_id}/contracts"): "222222NNU",
    ("GET", "/api/v1/plans/{plan_id}/history"): "222222NNU",
    ("GET", "/api/v1/plans/{plan_id}/open-budget"): "222222NNU",
    ("GET", "/api/v1/plans/{plan_id}/open-budget.csv"): "222222NNU",
    # contracts: staff read all of their plans'; a contractor its own; the history is staff's
    ("GET", "/api/v1/contracts"): "22222222U",
    ("GET", "/api/v1/contracts/{contract_id}"): "2222222NU",
    ("GET", "/api/v1/contracts/{contract_id}/deliverables"): "2222222NU",
    ("GET", "/api/v1/contracts/{contract_id}/history"): "222222NNU",
    # reporting an airing: the lead division (editor, admin) and the station itself
    ("POST", "/api/v1/deliverables/{deliverable_id}/airings"): "1414441NU",
    # outcomes: everyone reads their own organisations'; admin, editor, finance import
    ("GET", "/api/v1/services"): "22222222U",
    ("GET", "/api/v1/statistics"): "22222222U",
    ("POST", "/api/v1/services/import"): "141144NNU",
    ("POST", "/api/v1/statistics/import"): "141144NNU",
}


def operations() -> list[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return sorted(
        (method.upper(), path)
        for path, methods in paths.items()
        for method in methods
        if method in ("get", "post", "put", "patch", "delete")
    )


def test_every_api_operation_has_a_row_in_the_table():
    ops = operations()
    missing = [op for op in ops if op not in TABLE]
    assert missing == [], f"add these API operations to tests/api/test_access.py: {missing}"
    stale = sorted(set(TABLE) - set(ops))
    assert stale == [], f"these rows name no API operation any more: {stale}"


def _url(path: str, world: World) -> str:
    values = {
        "plan_id": world.plan.pk,
        "contract_id": world.contract.pk,
        "deliverable_id": world.deliverable.pk,
    }
    for name, value in values.items():
        path = path.replace("{" + name + "}", str(value))
    assert "{" not in path, f"no object for a parameter of {path}: add one to _url"
    return path


BODIES = {
    "/api/v1/deliverables/{deliverable_id}/airings": airing_body,
    "/api/v1/services/import": import_body,
    "/api/v1/statistics/import": import_body,
}


def _cases():
    for method, path in operations():
        for index, label in enumerate(LABELS):
            yield pytest.param(method, path, index, id=f"{method} {path} {label}")


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "index"), list(_cases()))
def test_each_operation_answers_each_person_as_the_table_says(world, method, path, index):
    expected = CODES[TABLE[(method, path)][index]]
    client = as_person(world, PEOPLE[index])
    url = _url(path, world)
    response = client.get(url) if method == "GET" else client.post(url, BODIES[path]())
    assert response.status_code == expected, response.content.decode()[:300]
    if expected >= 400:
        body = response.json()
        assert set(body) == {"code", "message", "message_en", "where"}
        assert (
            body["code"] == {401: "UNAUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND"}[expected]
        )


@pytest.mark.django_db
def test_the_openapi_description_is_served_to_everyone(world):
    for username in PEOPLE:
        response = as_person(world, username).get("/api/v1/openapi.json")
        assert response.status_code == 200
        assert response.json()["openapi"].startswith("3.")


@pytest.mark.django_db
def test_an_outsider_gets_404_for_an_organisation_of_another_province(world):
    response = as_person(world, "dt-bcxb").get("/api/v1/services?organisation=TG-STTTT")
    assert response.status_code == 404
    response = as_person(world, "dt-bcxb").post("/api/v1/services/import", import_body())
    assert response.status_code == 404
