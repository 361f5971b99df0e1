"""Every list of the API pages and says how many there are (issue 25): walked with a small
``limit``, each list reaches its last item, every item exactly once, in the order of the first
page; OpenAPI describes ``limit``, ``offset``, ``count`` and ``items``."""

from __future__ import annotations

from typing import Any

import pytest

from kehoach.audit.models import AuditEntry
from kehoach.execution.models import Contract, Deliverable
from kehoach.outcomes.models import MonthlyStat, Service
from kehoach.plans.models import Plan

from .conftest import World, as_person

pytestmark = pytest.mark.django_db


def walk(client: Any, path: str, limit: int) -> tuple[int, list[Any]]:
    sep = "&" if "?" in path else "?"
    items: list[Any] = []
    offset, count = 0, None
    while count is None or offset < count:
        response = client.get(f"{path}{sep}limit={limit}&offset={offset}")
        assert response.status_code == 200, response.content
        body = response.json()
        assert count in (None, body["count"])
        count = body["count"]
        assert len(body["items"]) == min(limit, count - offset)
        items += body["items"]
        offset += limit
    return count or 0, items


LISTS = {
    "/api/v1/plans": lambda w: Plan.objects.filter(organisation=w.plan.organisation),
    "/api/v1/plans/{plan}/contracts": lambda w: Contract.objects.filter(plan=w.plan),
    "/api/v1/plans/{plan}/history": lambda w: AuditEntry.objects.filter(plan=w.plan),
    "/api/v1/contracts": lambda w: Contract.objects.filter(plan__organisation=w.plan.organisation),
    "/api/v1/contracts/{contract}/deliverables": lambda w: Deliverable.objects.filter(
        contract_line__contract=w.contract
    ),
    "/api/v1/services?organisation=TG-STTTT": lambda w: Service.objects.filter(
        organisation__code="TG-STTTT"
    ),
    "/api/v1/statistics?organisation=TG-STTTT": lambda w: MonthlyStat.objects.filter(
        organisation__code="TG-STTTT"
    ),
}


@pytest.mark.parametrize("path", list(LISTS))
def test_every_api_list_reaches_its_last_item_page_by_page(world: World, path: str):
    expected = LISTS[path](world)
    total = expected.count()
    assert total >= 2, "the list must be longer than a page"
    client = as_person(world, "bcxb")
    url = path.format(plan=world.plan.pk, contract=world.contract.pk)
    limit = max(1, total // 3)
    count, items = walk(client, url, limit)
    assert count == total == len(items)
    if "statistics" not in path:
        ids = [item["id"] for item in items]
        assert len(set(ids)) == total and set(ids) == set(expected.values_list("id", flat=True))
    # The last item is the one a single large page ends with.
    whole = client.get(f"{url}{'&' if '?' in url else '?'}limit=1000").json()
    assert whole["items"][-1] == items[-1]


def test_a_limit_above_the_maximum_is_refused_with_a_clear_message(world: World):
    response = as_person(world, "bcxb").get("/api/v1/plans?limit=100000")
    assert response.status_code == 422 and "limit" in response.json()["message"]


def test_openapi_describes_the_pages(world: World):
    spec = as_person(world, None).get("/api/v1/openapi.json").json()
    get = spec["paths"]["/api/v1/plans"]["get"]
    assert {"limit", "offset"} <= {p["name"] for p in get["parameters"]}
    ref = get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    schema = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert {"items", "count"} <= set(schema["properties"])
