"""A request body read after the scope check: an operation on a record by id finds the record
as the caller may see it first, and only then reads the body, so an id outside the caller's
scope is a plain 404 whatever was posted (never a 422 that would tell it exists).

ninja validates a body before the view runs; such operations instead declare the body in the
schema with :func:`body_in_schema` and read it in the view with :func:`parse_body`, whose
errors take the shape ninja's own have (``loc`` starting with ``"body"``).
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

import pydantic
from django.http import HttpRequest
from ninja.errors import ValidationError

Body = TypeVar("Body", bound=pydantic.BaseModel)


def parse_body(request: HttpRequest, schema: type[Body], *, argument: str = "") -> Body:
    """The JSON body validated against ``schema``; a ValidationError (422) otherwise.

    Errors are located as ninja locates a body's: ``("body", <field>...)``, or with
    ``argument`` ``("body", <argument>, <field>...)``, so a list item is named by its field and
    place (``evidence_ids.0``)."""
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise ValidationError([{"loc": ("body",), "type": "json_invalid"}]) from None
    try:
        return schema.model_validate(data)
    except pydantic.ValidationError as exc:
        where = ("body", argument) if argument else ("body",)
        raise ValidationError(
            [{**error, "loc": (*where, *error["loc"])} for error in exc.errors()]
        ) from None


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    """A pydantic JSON schema with its $defs written in place, for the OpenAPI document."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return walk(dict(defs[ref.removeprefix("#/$defs/")]))
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return walk(schema)


def body_in_schema(schema: type[pydantic.BaseModel]) -> dict[str, Any]:
    """The ``openapi_extra`` that documents ``schema`` as the operation's required JSON body."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _inline(schema.model_json_schema())}},
        }
    }
