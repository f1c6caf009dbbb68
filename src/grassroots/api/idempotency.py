"""``Idempotency-Key`` on every POST of the API: the same request again gets the first answer.

A client that did not hear back (a timeout, a dropped connection) sends the same POST with the
same key and gets the answer of the one that went through (with ``Idempotent-Replayed: true``)
instead of a second demand. Keys belong to the account that used them and last 24 hours
(``kernel/once.py`` keeps them, in the transaction of the write itself).

- same key, same path and body: the first answer, status and body alike;
- same key, another path or body: 422, nothing done;
- the same key while its first request is still running: the second waits for it, then gets
  its answer; never a second write;
- a key that is not 1–255 printable ASCII characters: 422;
- answers of 500 and above, and requests that failed before their work ended (401, 403, 404,
  malformed input), keep nothing: the key may be used again;
- public operations (no account) ignore the header.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from grassroots.api.errors import ErrorOut, json_error
from grassroots.kernel import once

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
_KEYED = "_grassroots_keyed"
METHODS = ("POST",)

HEADER_DOC = (
    "可选。同一账号 24 小时内用同一个键重发同一请求（路径和请求体相同），返回第一次的响应"
    "（带响应头 Idempotent-Replayed: true），不会重复写入；同一个键用于不同的请求返回 422。"
    "键为 1–255 个可打印 ASCII 字符，建议用 UUID。"
)


def _key_of(request: HttpRequest) -> str | None:
    if request.method not in METHODS:
        return None
    return request.headers.get(HEADER)


def _body_digest(request: HttpRequest) -> str:
    """The request's identity: its query string and body; a JSON body as its parsed value, so
    that spacing or key order does not make the same request another one."""
    body = request.body
    try:
        body = json.dumps(json.loads(body), sort_keys=True, ensure_ascii=False).encode()
    except (ValueError, UnicodeDecodeError):
        pass
    return once.digest(request.META.get("QUERY_STRING", "").encode(), body)


def _key_error(message: str) -> HttpResponse:
    return json_error(
        422,
        _("请求参数有误：%(summary)s") % {"summary": f"{HEADER} {message}"},
        fields=[HEADER],
        errors=[{"field": HEADER, "location": "header", "message": message}],
    )


def _replay(answer: once.Answer) -> HttpResponse:
    response = HttpResponse(answer.body, status=answer.status, content_type=answer.content_type)
    response[REPLAYED] = "true"
    return response


def in_one_transaction(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Around the whole operation (authentication included): one transaction when keyed."""

    @wraps(run)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if _key_of(request) is None:
            return run(request, *args, **kwargs)
        keyed = once.Keyed()
        setattr(request, _KEYED, keyed)
        return once.answer_keyed(keyed, lambda: run(request, *args, **kwargs))

    return wrapped


def claimed_once(view: Callable[..., Any]) -> Callable[..., Any]:
    """Around the operation's own function, once the caller is known: claim the key or answer
    with what it was first answered."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        key = _key_of(request)
        keyed = getattr(request, _KEYED, None)
        account = getattr(request, "auth", None)
        if key is None or keyed is None or account is None:
            return view(request, *args, **kwargs)
        if not once.valid_key(key):
            return _key_error(_("须为 1–255 个可打印 ASCII 字符"))
        try:
            answer = once.claim_key(
                keyed,
                account=account,
                key=key,
                method=request.method or "",
                path=request.path,
                body_digest=_body_digest(request),
            )
        except once.KeyReused:
            return _key_error(_("该幂等键已用于另一个请求（路径或请求体不同），请换一个新键"))
        if answer is not None:
            return _replay(answer)
        result = view(request, *args, **kwargs)
        keyed.finished = True
        return result

    return wrapped


def install(api: NinjaAPI) -> None:
    """Apply the header to every operation of ``api``; call before its routers are added."""
    api.add_decorator(in_one_transaction, mode="view")
    api.add_decorator(claimed_once, mode="operation")


def document(schema: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document with the header on every POST that needs an account."""
    for operations in schema.get("paths", {}).values():
        post = operations.get("post")
        if not post or not post.get("security"):
            continue
        post.setdefault("parameters", []).append(
            {
                "name": HEADER,
                "in": "header",
                "required": False,
                "description": HEADER_DOC,
                "schema": {"type": "string", "minLength": 1, "maxLength": 255},
            }
        )
        responses = post.setdefault("responses", {})
        # ninja keys its own answers by int: a second "422" would be a duplicate key in the
        # JSON, which Swagger UI refuses to read.
        if 422 not in responses and "422" not in responses:
            responses["422"] = {
                "description": _("幂等键格式不正确，或已用于另一个请求"),
                "content": {"application/json": {"schema": ErrorOut.model_json_schema()}},
            }
    return schema
