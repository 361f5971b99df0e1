"""What a page reads grows with what it shows (issue 25): the level query joins no catalogue,
a plan's indicators read only its campaign and baseline months, and the catalogue once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kehoach.outcomes import selectors
from kehoach.outcomes.models import Service

pytestmark = pytest.mark.django_db


def test_the_level_query_joins_no_catalogue(department):
    with CaptureQueriesContext(connection) as captured:
        list(Service.objects.filter(organisation=department).prefetch_related("levels")[:5])
    level_sql = captured.captured_queries[-1]["sql"]
    assert "outcomes_servicelevel" in level_sql
    assert 'outcomes_service"' not in level_sql.replace('"outcomes_service"."id"', "")
    assert "JOIN" not in level_sql


def test_a_plans_indicators_read_their_months_and_the_catalogue_once(plan):
    with CaptureQueriesContext(connection) as captured:
        data = selectors.plan_indicators(plan)
    assert data["comparisons"] and data["baseline"]
    sql = [q["sql"] for q in captured.captured_queries]
    monthly = [s for s in sql if '"received_online"' in s and "SUM(" not in s.upper()]
    assert monthly and all('"month" >=' in s or 'month" >=' in s for s in monthly), monthly
    catalogue = [
        s
        for s in sql
        if s.lstrip().upper().startswith("SELECT")
        and ('FROM "outcomes_service"' in s and "LIMIT 1" not in s)
    ]
    assert len(catalogue) <= 1, catalogue


def test_a_plans_indicators_are_those_of_all_the_rows(plan):
    """Reading only the period changes no figure: the comparisons equal those computed over
    every month the organisation has."""
    from kehoach.core.indicators import INDICATORS, compare_periods

    data = selectors.plan_indicators(plan)
    rows = selectors.stat_rows(plan.organisation)
    start, end = data["period"]
    assert data["comparisons"] == [compare_periods(rows, start, end, n) for n in INDICATORS]


def test_the_filter_options_come_from_distinct_values_not_every_service(department):
    from kehoach.public.selectors import filter_options

    with CaptureQueriesContext(connection) as captured:
        options = filter_options(department)
    assert options["fields"] and options["agencies"]
    assert len(captured.captured_queries) == 2
    assert all("DISTINCT" in q["sql"] for q in captured.captured_queries)


def test_on_postgresql_the_catalogue_search_uses_the_trigram_index(department):
    if connection.vendor != "postgresql":
        pytest.skip("the trigram index is PostgreSQL's; SQLite scans one organisation's rows")
    from kehoach.public.selectors import search

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'service_search_trgm_i25'"
        )
        assert "gin_trgm_ops" in cursor.fetchone()[0]
        cursor.execute("SET LOCAL enable_seqscan = off")
        qs = Service.objects.filter(search_key__contains="ho tich")
        cursor.execute("EXPLAIN " + str(qs.query).replace("%ho tich%", "'%ho tich%'"))
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "service_search_trgm_i25" in plan, plan
    assert search(department, q="hộ tịch") == search(department, q="HO TICH")
