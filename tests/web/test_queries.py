"""The plan page and the estimate editor make the same number of queries for 10 lines as for
300."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kehoach.plans.models import Plan

from .conftest import make_plan_with_lines

DEMO = "plans"  # the lighter demo: these tests need only the plans (tests/conftest.py)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["", "du-toan/"])
def test_the_number_of_queries_does_not_grow_with_the_number_of_lines(demo, editor, page):
    dept = Plan.objects.get(number="46a").organisation
    small = make_plan_with_lines(dept, 10)
    large = make_plan_with_lines(dept, 300)
    assert large.lines.count() >= 300
    assert _queries(editor, f"/ke-hoach/{small.pk}/{page}") == _queries(
        editor, f"/ke-hoach/{large.pk}/{page}"
    )
