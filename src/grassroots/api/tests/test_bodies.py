"""Bodies read after the scope check: errors shaped like ninja's, schemas with nothing dangling."""

import json

import pytest
from django.test import RequestFactory
from ninja import Schema
from ninja.errors import ValidationError

from grassroots.api.bodies import body_in_schema, parse_body


class Item(Schema):
    name: str


class Order(Schema):
    count: int
    items: list[Item]


def _post(body: bytes):
    return RequestFactory().post("/x", data=body, content_type="application/json")


def test_a_valid_body_is_the_schema_instance():
    order = parse_body(_post(json.dumps({"count": 1, "items": [{"name": "a"}]}).encode()), Order)
    assert order.count == 1 and order.items[0].name == "a"


def test_a_body_that_is_not_json_is_named_as_the_body():
    with pytest.raises(ValidationError) as caught:
        parse_body(_post(b"{not json"), Order)
    assert caught.value.errors == [{"loc": ("body",), "type": "json_invalid"}]


def test_a_wrong_field_is_located_like_ninjas_own_body_errors():
    body = json.dumps({"count": "many", "items": [{}]}).encode()
    with pytest.raises(ValidationError) as caught:
        parse_body(_post(body), Order, argument="payload")
    places = {error["loc"] for error in caught.value.errors}
    assert places == {("body", "payload", "count"), ("body", "payload", "items", 0, "name")}


def test_the_documented_body_has_its_nested_schemas_written_in_place():
    documented = body_in_schema(Order)["requestBody"]
    schema = documented["content"]["application/json"]["schema"]
    assert documented["required"] is True
    assert "$defs" not in schema and "$ref" not in json.dumps(schema)
    assert schema["properties"]["items"]["items"]["properties"]["name"]["type"] == "string"
