"""One JSON error shape for the whole API: ``{"detail": "<中文说明>", ...}``.

Every failure a client can cause maps to a 4xx with a Chinese message: no credentials or a bad
token (401), a role that may not do this (403), an id outside the reader's scope or no such id
(404, the two indistinguishable), a method the route does not have (405), malformed input
(422, naming each field), a request that cannot be read at all (400: a body over the size limit,
a broken multipart form). Anything else is our bug: it is logged with its traceback and the
client gets a 500 in the same shape, never an HTML page or a traceback.

Two answers come from the production server (gunicorn) before a request reaches us: 400 for a
request it cannot parse and 414 for a request line over its limit (4094 bytes), both as a short
HTML page. ``document_server_errors`` adds them, with ours, to every operation of the schema.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

logger = logging.getLogger("grassroots.api")

JSON_DUMPS_PARAMS = {"ensure_ascii": False}
JSON_CONTENT_TYPE = "application/json; charset=utf-8"


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    field: str
    location: str
    message: str


class ValidationErrorOut(Schema):
    detail: str
    fields: list[str]
    errors: list[FieldErrorOut]


ERROR_RESPONSES: dict[int, Any] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
}


# Answers every operation may give whatever its author declared: 400 and 414 (see above).
_HTML_PAGE = {"text/html": {"schema": {"type": "string"}}}
SERVER_RESPONSES: dict[str, dict[str, Any]] = {
    "400": {
        "description": "请求无法解析：请求体超过大小限制、表单格式损坏（JSON），"
        "或请求行、请求头不合 HTTP 规范（由服务器返回 HTML 页面）",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}},
            **_HTML_PAGE,
        },
    },
    "414": {
        "description": "请求行（地址和查询参数）超过 4094 字节，"
        "由服务器在进入应用前拒绝（HTML 页面）",
        "content": _HTML_PAGE,
    },
}


def document_server_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the 400 and 414 answers (and the error shape they use) to every operation."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorOut", ErrorOut.model_json_schema())
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, response in SERVER_RESPONSES.items():
                responses.setdefault(status, response)
    return schema


def not_found_message() -> str:
    return _("未找到该对象，或您无权查看")


def json_error(status: int, detail: str, **extra: Any) -> JsonResponse:
    return JsonResponse(
        {"detail": detail, **extra},
        status=status,
        content_type=JSON_CONTENT_TYPE,
        json_dumps_params=JSON_DUMPS_PARAMS,
    )


def _choices(ctx: dict[str, Any]) -> str:
    # pydantic lists the choices in English ("'a', 'b' or 'c'"); keep only the values.
    return str(ctx.get("expected", "")).replace(" or ", ", ")


# pydantic error types -> what a person filling in the parameter should be told.
_REASONS: dict[str, Callable[[dict[str, Any]], str]] = {
    "missing": lambda ctx: _("不能为空"),
    "int_parsing": lambda ctx: _("须为整数"),
    "int_type": lambda ctx: _("须为整数"),
    "int_from_float": lambda ctx: _("须为整数"),
    "bool_parsing": lambda ctx: _("须为 true 或 false"),
    "bool_type": lambda ctx: _("须为 true 或 false"),
    "string_type": lambda ctx: _("须为文本"),
    "enum": lambda ctx: _("取值须为以下之一：%(values)s") % {"values": _choices(ctx)},
    "literal_error": lambda ctx: _("取值须为以下之一：%(values)s") % {"values": _choices(ctx)},
    "greater_than_equal": lambda ctx: _("不能小于 %(n)s") % {"n": ctx.get("ge")},
    "greater_than": lambda ctx: _("须大于 %(n)s") % {"n": ctx.get("gt")},
    "less_than_equal": lambda ctx: _("不能大于 %(n)s") % {"n": ctx.get("le")},
    "less_than": lambda ctx: _("须小于 %(n)s") % {"n": ctx.get("lt")},
    "string_too_long": lambda ctx: _("不能超过 %(n)s 个字符") % {"n": ctx.get("max_length")},
    "string_too_short": lambda ctx: _("不能少于 %(n)s 个字符") % {"n": ctx.get("min_length")},
    "string_pattern_mismatch": lambda ctx: _("格式不正确"),
    "json_invalid": lambda ctx: _("不是有效的 JSON"),
}

# Where ninja says the value came from, and the grouping names it puts in between.
_LOCATIONS = {"path", "query", "body", "header", "cookie", "form", "file"}


def _field_name(loc: list[Any] | tuple[Any, ...]) -> tuple[str, str]:
    parts = [str(p) for p in loc]
    location = parts[0] if parts and parts[0] in _LOCATIONS else ""
    rest = parts[1:] if location else parts
    # Query schemas and bodies arrive as ("query"/"body", "<argument name>", "<field>"): the
    # argument is ours, the field is what the client sent.
    if location in ("query", "body") and len(rest) > 1:
        rest = rest[1:]
    return ".".join(rest) or location or "?", location


def describe_validation_errors(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """Turn pydantic's error list into the Chinese 422 body."""
    items = []
    for error in errors:
        field, location = _field_name(error.get("loc") or ())
        reason = _REASONS.get(error.get("type", ""))
        message = reason(error.get("ctx") or {}) if reason else _("格式不正确")
        items.append({"field": field, "location": location, "message": message})
    fields = list(dict.fromkeys(item["field"] for item in items))
    summary = "；".join(f"{item['field']} {item['message']}" for item in items)
    return {
        "detail": _("请求参数有误：%(summary)s") % {"summary": summary},
        "fields": fields,
        "errors": items,
    }


def install_handlers(api: NinjaAPI) -> None:
    """Replace ninja's defaults (English, HTML tracebacks) with the JSON shape above."""

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, describe_validation_errors(exc.errors), status=422)

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": not_found_message()}, status=404)

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        detail = exc.message
        if isinstance(exc, AuthenticationError) and detail == "Unauthorized":
            detail = _("请先登录，或在请求头中提供 Authorization: Bearer <令牌>")
        response = api.create_response(request, {"detail": detail}, status=exc.status_code)
        if exc.status_code == 401:
            response["WWW-Authenticate"] = 'Bearer realm="grassroots"'
        return response

    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return api.create_response(request, {"detail": _("您的角色无权进行此操作")}, status=403)

    def on_bad_request(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Django's own 400s (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields, a
        # multipart body that does not parse): the client's doing, not our bug.
        logger.warning("API request %s %s refused: %s", request.method, request.path, exc)
        return api.create_response(
            request, {"detail": _("请求无法解析：请求体过大或格式损坏")}, status=400
        )

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API request %s %s failed", request.method, request.path)
        return api.create_response(
            request, {"detail": _("服务器内部错误，已记录，请稍后重试或联系管理员")}, status=500
        )

    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(PermissionDenied, on_permission_denied)
    for bad_request in (SuspiciousOperation, BadRequest, MultiPartParserError):
        api.add_exception_handler(bad_request, on_bad_request)
    api.add_exception_handler(Exception, on_unexpected)


def json_method_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Give ninja's plain-text 405 the JSON error shape, keeping its Allow header."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            replacement = json_error(
                405,
                _("此接口不支持 %(method)s 方法，可用：%(allowed)s")
                % {"method": request.method, "allowed": allowed},
            )
            replacement["Allow"] = allowed
            return replacement
        return response

    wrapped.csrf_exempt = True  # type: ignore[attr-defined]  # ninja checks CSRF itself
    return wrapped


@csrf_exempt
def unknown_endpoint(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any path under the API prefix that names no operation."""
    return json_error(404, _("没有这个接口：%(path)s") % {"path": request.path})
