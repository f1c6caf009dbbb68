"""Every API operation, fuzzed from its own OpenAPI schema: never a 5xx, never an answer the
schema does not describe (status code, content type, body).

Schemathesis reads /api/v1/openapi.json from the WSGI application in this process and generates
requests from it, 100 per operation, the same ones on every run (derandomised), so a failure
here is reproducible. The requests carry a district administrator's token on a district seeded
with a row of every scoped model (the scope walk's samples), so ids that exist are found as well
as ids that do not; the public operations (/api/v1/public/...) are called without one.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from grassroots.kernel.permissions import Role
from grassroots.site.api import api
from grassroots.testing import scopewalk

EXAMPLES = 100
SCHEMA_URL = "/api/v1/openapi.json"
PUBLIC_PREFIX = "/api/v1/public/"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _operations() -> list[tuple[str, str]]:
    paths = api.get_openapi_schema(path_prefix="/api/v1/")["paths"]
    return [(method.upper(), path) for path, ops in paths.items() for method in ops]


OPERATIONS = _operations()


@pytest.fixture(scope="module")
def wsgi_app():
    """The production WSGI handler, inside the test's transaction: like Django's test client,
    keep the request signals from closing the connection the transaction lives on."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The seeded district, once per module (per worker): a transaction around the module's
    tests, each of which runs in a savepoint inside it and is rolled back to the seed, and the
    whole is rolled back when the module is done, so no other test ever sees these rows."""
    from grassroots.testing.personas import build_tree, make_personas

    with django_db_blocker.unblock(), transaction.atomic():
        tree = build_tree()
        yield scopewalk.prepare(tree, make_personas(tree))
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def schema(world, wsgi_app, django_db_blocker):
    """The schema as the application serves it, at /api/v1/openapi.json."""
    with django_db_blocker.unblock():
        return schemathesis.openapi.from_wsgi(SCHEMA_URL, wsgi_app)


def test_the_fuzzer_covers_every_operation_of_the_schema():
    assert len(OPERATIONS) >= 60
    assert any(path.startswith(PUBLIC_PREFIX) for _, path in OPERATIONS)


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_no_request_gets_a_server_error_or_an_undocumented_answer(method, path, schema, world, db):
    operation = schema[path][method]
    token = world.tokens[Role.DISTRICT_ADMIN]
    headers = {} if path.startswith(PUBLIC_PREFIX) else {"Authorization": f"Bearer {token}"}

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def fuzz(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    fuzz()
