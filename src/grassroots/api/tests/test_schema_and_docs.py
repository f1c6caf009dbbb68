"""The OpenAPI schema and the docs page: complete, valid, and served without the internet."""

import json
import re
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders

from grassroots.testing.scopewalk import all_routes

LOCAL_HOSTS = {"localhost", "127.0.0.1", "testserver", "[::1]"}
# Not operations: the schema, the docs page, the index and the JSON 404 for unknown paths.
NOT_OPERATIONS = {"api:openapi-json", "api:openapi-view", "api:api-root", "api:unknown-endpoint"}


def _schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_the_schema_is_openapi_3_and_every_reference_resolves(db, client):
    schema = _schema(client)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] and schema["info"]["version"] == "1"
    components = schema["components"]["schemas"]
    refs = set(_refs(schema))
    assert refs
    for ref in refs:
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.rsplit("/", 1)[1] in components, ref


def test_every_operation_is_documented_with_id_summary_auth_and_error_shape(db, client):
    schema = _schema(client)
    schemes = schema["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    ids = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            ids.append(operation["operationId"])
            assert operation["summary"], (method, path)
            responses = set(operation["responses"])
            assert {"200", "201"} & responses, (method, path)
            assert {"400", "414", "422"} <= responses, (method, path)
            if path.startswith("/api/v1/public/"):  # residents, without an account
                assert "security" not in operation, (method, path)
                continue
            assert {"TokenAuth": []} in operation["security"], (method, path)
            assert {"401", "403", "404"} <= responses, (method, path)
    assert len(ids) == len(set(ids))


def test_every_operation_documents_the_servers_400_and_414_pages(db, client):
    schema = _schema(client)
    for operations in schema["paths"].values():
        for operation in operations.values():
            bad, too_long = operation["responses"]["400"], operation["responses"]["414"]
            assert set(bad["content"]) == {"application/json", "text/html"}
            assert bad["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
            assert set(too_long["content"]) == {"text/html"}
            assert "4094" in too_long["description"]
    assert "ErrorOut" in schema["components"]["schemas"]


def test_the_schema_lists_every_api_route(db, client):
    documented = {re.sub(r"\{(\w+)\}", r"<\1>", path) for path in _schema(client)["paths"]}
    routes = {
        r.template
        for r in all_routes()
        if r.template.startswith("/api/v1/") and r.name not in NOT_OPERATIONS
    }
    assert routes
    assert routes == documented


def test_the_schema_says_who_may_use_the_api_and_how(db, client):
    description = _schema(client)["info"]["description"]
    assert "Authorization: Bearer" in description
    assert "grassroots token create" in description
    for label in ("区(县)管理员", "街道干部", "网格员", "结对单位联络员"):
        assert label in description
    assert "党员和居民请通过网页" in description


def _urls_in(text):
    return re.findall(r"""(?:https?:)?//[^\s"'<>)]+""", text)


def test_the_docs_page_loads_nothing_from_outside(db, client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    external = [u for u in _urls_in(page) if urlsplit(u).hostname not in LOCAL_HOSTS]
    assert external == []
    assets = re.findall(r"""(?:src|href)="([^"]+)\"""", page)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is not a local file"


def test_the_docs_page_does_not_send_the_schema_to_the_online_validator(db, client):
    page = client.get("/api/v1/docs").content.decode()
    settings = json.loads(
        re.search(
            r'<script type="application/json" id="swagger-settings">(.*?)</script>', page, re.S
        ).group(1)
    )
    assert settings["validatorUrl"] is None
    assert settings["url"] == "/api/v1/openapi.json"


def test_the_api_index_points_at_the_schema_and_the_docs(db, client):
    body = client.get("/api/v1/").json()
    assert body["openapi"] == "/api/v1/openapi.json"
    assert body["docs"] == "/api/v1/docs"


def test_the_schema_has_no_key_twice_so_the_docs_page_can_read_it(client):
    # json.loads keeps the last of two equal keys; Swagger UI refuses the whole document.
    def no_duplicates(pairs):
        keys = [key for key, _ in pairs]
        assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
        return dict(pairs)

    json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=no_duplicates)
