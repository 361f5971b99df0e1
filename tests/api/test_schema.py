"""Schemathesis against the served OpenAPI description, through the WSGI app, as an editor
with a token: bounded (a few examples per operation, a time limit), every answer must not be a
server error and must match the described status codes, content types and schemas."""

from __future__ import annotations

import time

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from .conftest import World

MAX_EXAMPLES = 8
TIME_LIMIT = 30.0  # seconds for the whole run; well under a minute


@pytest.fixture
def keep_connection():
    """The WSGI app closes the database connection after each request; Django's own test
    client stops that, and so must this in-process run (the test's transaction lives on it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("keep_connection")
def test_every_operation_answers_as_its_openapi_description_says(world: World):
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    headers = {"Authorization": f"Bearer {world.tokens['bcxb']}"}
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]
    started = time.monotonic()
    tested = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if time.monotonic() - started > TIME_LIMIT:
            break

        # Real objects for the path parameters, so that the answers described for success
        # (not only 404) are generated and checked.
        ids = {
            "plan_id": world.plan.pk,
            "contract_id": world.contract.pk,
            "deliverable_id": world.deliverable.pk,
        }
        path_parameters = {k: v for k, v in ids.items() if "{" + k + "}" in operation.path}

        @given(case=operation.as_strategy(path_parameters=path_parameters or None))
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case) -> None:
            response = case.call(headers=headers)
            case.validate_response(response, checks=checks, headers=headers)

        run()
        tested.append(operation.label)
    assert len(tested) >= 15, tested
