"""Errors are JSON with a Chinese message; malformed input is a 4xx, never a 500."""

import datetime
import logging
from itertools import product
from urllib.parse import urlencode

import pytest
from django.core.exceptions import PermissionDenied

from grassroots.kernel.permissions import Role

HUGE = [str(2**63), str(2**64 + 1), "9" * 40, "-" + "9" * 40]
NOT_INTEGERS = [
    "abc",
    "1.5",
    "1e3",
    "0x10",
    "１２",
    "٣",
    "😀",
    "null",
    "true",
    "[1]",
    "{}",
    "1;DROP TABLE org_orgnode",
    "%",
    "\u202e1",
    " ",
]
NOT_CHOICES = ["foo", "DISTRICT", "区县", "😀", "'; --", "%00", "a" * 500]
NOT_BOOLEANS = ["maybe", "2", "-1", "😀", "[]", "yes please"]
NOT_TEXT = ["a\x00b", "\x01", "x" * 501, "\x7f"]
NOT_CODES = ["abc", "4206060010000000", "42060600%", "4206_", "😀", "\x00"]

GARBAGE_BY_TYPE = {"integer": HUGE + NOT_INTEGERS + ["0", "-1"], "boolean": NOT_BOOLEANS}
GARBAGE_BY_NAME = {"q": NOT_TEXT, "under": NOT_CODES, "page_size": ["201", "0"]}


@pytest.fixture
def api(tree, personas, bearer):
    return bearer(personas[Role.DISTRICT_ADMIN])


def _operations(api):
    schema = api.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation.get("parameters", [])


def _garbage_for(parameter):
    schema = parameter["schema"]
    options = schema.get("anyOf", [schema])
    if any("enum" in o or "$ref" in o for o in options):
        return NOT_CHOICES
    kinds = {o.get("type") for o in options}
    garbage = list(GARBAGE_BY_NAME.get(parameter["name"], []))
    for kind in kinds:
        garbage += GARBAGE_BY_TYPE.get(kind, [])
    return garbage


def _valid_path(path, tree):
    return (
        path.replace("{node_id}", str(tree.street_a.pk))
        .replace("{party_org_id}", str(tree.party["street_a"].pk))
        .replace("{person_id}", str(tree.people["grid_a1_1"].pk))
        .replace("{demand_id}", "1")
        .replace("{code}", "ABCDEFGH")
    )


def _assert_refused_as_malformed(response, where, field):
    assert response.status_code == 422, (where, response.status_code, response.content)
    body = response.json()
    assert body["detail"].startswith("请求参数有误"), where
    assert field in body["fields"], (where, body)


def test_every_parameter_of_every_operation_refuses_garbage_with_a_422(tree, api):
    tried = 0
    for path, method, parameters in _operations(api):
        for parameter in parameters:
            name, where = parameter["name"], parameter["in"]
            for value in _garbage_for(parameter):
                if where == "path":
                    url = _valid_path(path.replace("{" + name + "}", value.replace("/", "")), tree)
                    response = api.generic(method.upper(), url)
                else:
                    response = api.generic(
                        method.upper(),
                        _valid_path(path, tree),
                        QUERY_STRING=urlencode({name: value}),
                    )
                _assert_refused_as_malformed(response, (method, path, name, value), name)
                tried += 1
    assert tried > 300


def test_malformed_input_names_the_field_in_chinese(tree, api):
    response = api.get("/api/v1/org/nodes", {"level": "foo", "parent": "x", "page": "0"})
    assert response.status_code == 422
    body = response.json()
    assert body["fields"] == ["level", "parent", "page"]
    assert body["detail"].startswith("请求参数有误")
    assert [e["location"] for e in body["errors"]] == ["query"] * 3
    assert "须为整数" in body["detail"]


def test_an_id_beyond_64_bits_is_malformed_input_not_a_crash(tree, api):
    response = api.get(f"/api/v1/org/nodes/{2**70}")
    assert response.status_code == 422
    assert response.json()["fields"] == ["node_id"]


def test_wrong_methods_get_a_json_405_with_the_allowed_methods(tree, api):
    methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
    allowed: dict[str, set[str]] = {}
    for path, method, _ in _operations(api):
        allowed.setdefault(path, set()).add(method.upper())
    for path, method in product(allowed, methods):
        if method in allowed[path]:
            continue
        response = api.generic(method, _valid_path(path, tree))
        assert response.status_code == 405, (method, path)
        assert set(response["Allow"].split(", ")) == allowed[path]
        assert all(m in response.json()["detail"] for m in allowed[path])


def test_an_unknown_api_path_is_a_json_404(db, client):
    for path in ("/api/v1/nothing", "/api/v1/org/nodes/1/nothing", "/api/v1/me/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["detail"]
    assert client.post("/api/v1/nothing").status_code == 404  # no CSRF page either


def test_an_unexpected_failure_is_logged_and_answered_with_a_json_500(
    tree, api, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("selector exploded")

    monkeypatch.setattr("grassroots.org.api.find_org_nodes", broken)
    with caplog.at_level(logging.ERROR, logger="grassroots.api"):
        response = api.get("/api/v1/org/nodes")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert "服务器内部错误" in response.json()["detail"]
    assert "selector exploded" not in response.content.decode()
    assert any("selector exploded" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)


def test_a_permission_refusal_raised_deep_inside_is_a_json_403(tree, api, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionDenied

    monkeypatch.setattr("grassroots.org.api.find_party_orgs", refuse)
    response = api.get("/api/v1/party/organizations")
    assert response.status_code == 403
    assert response.json()["detail"] == "您的角色无权进行此操作"


def test_a_body_over_the_size_limit_is_a_json_400_not_a_500(tree, api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"title": "' + "漏" * 1000 + '"}'
    response = api.post("/api/v1/demands", body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == "请求无法解析：请求体过大或格式损坏"


def test_a_broken_multipart_upload_is_a_json_400_not_a_500(tree, api):
    from grassroots.councils.testing import make_decision, make_meeting

    meeting = make_meeting(tree.community_a1, "三方联席会议", held_on=datetime.date(2026, 11, 20))
    decision = make_decision(meeting, "更换单元门禁", deadline=datetime.date(2026, 12, 31))
    response = api.post(
        f"/api/v1/councils/decisions/{decision.pk}/evidence",
        b'--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nno closing boundary',
        content_type="multipart/form-data",  # no boundary= at all
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "请求无法解析：请求体过大或格式损坏"
