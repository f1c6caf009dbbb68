"""Random and hostile payloads generated from the OpenAPI schema never get a 500.

For each demand operation, hypothesis draws bodies and parameters from the schema the API
publishes (valid values by type, enum, pattern and length) mixed with hostile ones (wrong
types, huge numbers, control characters, deep structures, broken JSON), and sends them
through the whole stack. Bounded so the file runs in well under a minute.
"""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grassroots.kernel.permissions import Role

HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=200),
    st.sampled_from(
        [
            "\x00",
            "' OR 1=1 --",
            "A" * 5000,
            "../../etc/passwd",
            "<script>x</script>",
            "420606001001001\n",
            "١٢٣",
            "\ud7ff",
            "NaN",
            "-1",
            "9" * 40,
        ]
    ),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
FUZZ = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _schema():
    return Client().get("/api/v1/openapi.json").json()


def _resolve(schema, spec):
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def _valid(schema, spec):
    schema = _resolve(schema, spec)
    if "anyOf" in schema:
        return st.one_of([_valid(s, spec) for s in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "integer":
        return st.integers(schema.get("minimum", -(2**63)), schema.get("maximum", 2**63))
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "string" and "pattern" in schema:
        return st.from_regex(schema["pattern"], fullmatch=True).map(
            lambda s: s[: schema.get("maxLength", 400)]
        )
    if kind == "string":
        return st.text(
            min_size=schema.get("minLength", 0), max_size=min(schema.get("maxLength", 50), 200)
        )
    return HOSTILE


def _body(schema, spec):
    schema = _resolve(schema, spec)
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    field = {name: st.one_of(_valid(s, spec), HOSTILE) for name, s in props.items()}
    whole = st.fixed_dictionaries(
        {k: v for k, v in field.items() if k in required},
        optional={k: v for k, v in field.items() if k not in required},
    )
    return st.one_of(whole, whole, whole, HOSTILE)


def _operation(spec, path, method):
    return spec["paths"][path][method]


def _request_schema(operation):
    return operation["requestBody"]["content"]["application/json"]["schema"]


def _send(client, method, url, body, raw):
    payload = raw if raw is not None else json.dumps(body)
    return client.generic(method, url, payload, content_type="application/json")


@pytest.fixture
def worker_client(personas):
    from grassroots.accounts.services.tokens import create_token

    _, raw = create_token(personas[Role.GRID_WORKER], name="fuzz")
    return Client(headers={"authorization": f"Bearer {raw}"})


RAW = st.one_of(
    st.none(),
    st.none(),
    st.none(),
    st.binary(max_size=100),
    st.just(b'{"title": '),
    st.just(b"\xff\xfe"),
)


def test_creating_demands_with_generated_payloads_never_fails_with_a_500(tree, worker_client):
    spec = _schema()
    body = _body(_request_schema(_operation(spec, "/api/v1/demands", "post")), spec)

    @FUZZ
    @given(body=body, raw=RAW)
    def check(body, raw):
        response = _send(worker_client, "POST", "/api/v1/demands", body, raw)
        assert response.status_code < 500, (body, response.content)
        assert response.status_code in (201, 400, 422), (body, response.content)

    check()


def test_transitions_with_generated_payloads_never_fail_with_a_500(tree, worker_client):
    from grassroots.demands.testing import make_demand

    demand = make_demand(tree.grid_a1_1)
    spec = _schema()
    path = "/api/v1/demands/{demand_id}/transitions"
    body = _body(_request_schema(_operation(spec, path, "post")), spec)
    ids = st.one_of(st.just(demand.pk), st.integers(-5, 2**70), st.text(max_size=8))

    @FUZZ
    @given(body=body, raw=RAW, demand_id=ids)
    def check(body, raw, demand_id):
        url = f"/api/v1/demands/{demand_id}/transitions"
        response = _send(worker_client, "POST", url, body, raw)
        assert response.status_code < 500, (body, response.content)

    check()


def test_the_public_endpoints_with_generated_input_never_fail_with_a_500(tree, client, settings):
    settings.DEMANDS_PUBLIC_SUBMITS_PER_HOUR = 10_000
    settings.DEMANDS_PUBLIC_LOOKUPS_PER_HOUR = 10_000
    spec = _schema()
    body = _body(_request_schema(_operation(spec, "/api/v1/public/demands", "post")), spec)
    codes = st.one_of(st.from_regex(r"[0-9A-Z]{12}", fullmatch=True), st.text(max_size=30))
    phones = st.one_of(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), st.text(max_size=30))

    @FUZZ
    @given(body=body, raw=RAW, code=codes, phone=phones)
    def check(body, raw, code, phone):
        created = _send(client, "POST", "/api/v1/public/demands", body, raw)
        assert created.status_code < 500, (body, created.content)
        looked = client.get(
            "/api/v1/public/demands/"
            + code.replace("/", "%2F").replace("?", "%3F").replace("#", "%23"),
            {"phone": phone},
        )
        assert looked.status_code < 500, (code, phone, looked.content)
        assert looked.status_code in (200, 404, 422), (code, looked.content)

    check()
