"""The JSON API root, /api/v1/: the routers every app's plugin declares, under one prefix.

The docs page (/api/v1/docs) uses the Swagger UI files that ship inside django-ninja, served
from our own /static/; nothing is fetched from the internet, and Swagger's online spec
validator is switched off because it would send the schema to a public server.
"""

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, re_path
from ninja import NinjaAPI, Schema, Swagger
from ninja.renderers import JSONRenderer

from grassroots.accounts.api_auth import AUTH
from grassroots.api import idempotency
from grassroots.api.errors import (
    ERROR_RESPONSES,
    JSON_CONTENT_TYPE,
    JSON_DUMPS_PARAMS,
    document_server_errors,
    install_handlers,
    json_method_not_allowed,
    unknown_endpoint,
)
from grassroots.api.plugin import USE_API
from grassroots.kernel.permissions import Role, all_permissions, permissions_of, role_permissions
from grassroots.kernel.plugins import installed_plugins, load


class ChineseJSONRenderer(JSONRenderer):
    # Chinese text as itself, not \uXXXX escapes: readable in logs, curl and the docs page.
    json_dumps_params = JSON_DUMPS_PARAMS


def _api_roles() -> str:
    return "、".join(
        str(Role(role).label) for role, perms in role_permissions().items() if USE_API in perms
    )


DESCRIPTION = f"""
基层治理平台的 JSON 接口。所有数据都限定在调用者所属单位及其下级（数据范围）之内；
辖区外的 id 与不存在的 id 一样返回 404。

**认证**：请求头 `Authorization: Bearer <令牌>`。令牌由管理员用命令
`grassroots token create 用户名` 创建，只显示一次，可用 `grassroots token revoke` 撤销。
在浏览器中登录后，本页也可直接用登录会话调用接口（修改类请求须带 CSRF 令牌）。

**谁可以使用**：具有“使用接口”权限的角色：{_api_roles()}。
党员和居民请通过网页使用本系统，他们的令牌或会话调用接口会得到 403。

**重复提交**：POST 请求可带请求头 `Idempotency-Key: <唯一键>`（如 UUID）。
网络中断后用同一个键重发，返回第一次的结果（响应头 `Idempotent-Replayed: true`），不会重复登记；
同一个键用于不同的请求返回 422。键按账号区分，保留 24 小时。

**错误**：一律为 JSON，`{{"detail": "中文说明"}}`；参数格式错误为 422，并在 `fields` 中列出字段名；
无法解析的请求（请求体过大、表单损坏）为 400。
请求行超过 4094 字节（414）或不合 HTTP 规范（400）的请求由服务器在进入应用前拒绝，
返回的是 HTML 页面。
"""


class GrassrootsAPI(NinjaAPI):
    """NinjaAPI whose every answer under the prefix is JSON, including 405 and unknown paths,
    and whose schema documents the 400 and 414 every operation may give."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = document_server_errors(super().get_openapi_schema(**kwargs))
        return idempotency.document(schema)

    @property
    def urls(self) -> tuple[list[Any], str, str]:
        patterns, app_name, namespace = super().urls
        wrapped: list[Any] = []
        for pattern in patterns:
            if isinstance(pattern, URLPattern) and pattern.name == "api-root":
                # ninja's root raises a bare 404 (Django's HTML page); keep the name, which
                # ninja reverses to find the API's prefix.
                pattern = URLPattern(pattern.pattern, api_index, name="api-root")
            elif isinstance(pattern, URLPattern):
                pattern = URLPattern(
                    pattern.pattern,
                    json_method_not_allowed(pattern.callback),
                    pattern.default_args,
                    pattern.name,
                )
            wrapped.append(pattern)
        wrapped.append(re_path(r"^.*$", unknown_endpoint, name="unknown-endpoint"))
        return wrapped, app_name, namespace


api = GrassrootsAPI(
    title="基层治理平台 API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=AUTH,
    renderer=ChineseJSONRenderer(),
    docs=Swagger(settings={"validatorUrl": None}),
)
install_handlers(api)
idempotency.install(api)


def api_index(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """/api/v1/ itself: where the schema and the docs are."""
    return JsonResponse(
        {
            "name": api.title,
            "version": api.version,
            "openapi": f"{request.path}openapi.json",
            "docs": f"{request.path}docs",
        },
        content_type=JSON_CONTENT_TYPE,
        json_dumps_params=JSON_DUMPS_PARAMS,
    )


api_index.csrf_exempt = True  # type: ignore[attr-defined]


class RoleOut(Schema):
    code: str
    name: str


class UnitOut(Schema):
    id: int
    code: str
    name: str
    level: str
    level_name: str


class MeOut(Schema):
    username: str
    display_name: str
    roles: list[RoleOut]
    permissions: list[str]
    unit: UnitOut | None
    is_operator: bool


@api.get(
    "/me",
    response={200: MeOut, **ERROR_RESPONSES},
    tags=["账号"],
    url_name="me",
    operation_id="getMe",
    summary="当前账号",
)
def me(request: HttpRequest) -> dict[str, Any]:
    """调用者本人：账号、姓名、角色、权限和所属单位。"""
    account = request.auth
    node = account.org_node
    return {
        "username": account.get_username(),
        "display_name": account.display_name,
        "roles": [{"code": code, "name": str(Role(code).label)} for code in account.role_codes],
        "permissions": sorted(
            all_permissions() if account.is_superuser else permissions_of(account.role_codes)
        ),
        "unit": None
        if node is None
        else {
            "id": node.pk,
            "code": node.code,
            "name": node.name,
            "level": node.level,
            "level_name": node.get_level_display(),
        },
        "is_operator": account.is_superuser,
    }


for plugin in installed_plugins():
    for router in plugin.api_routers:
        api.add_router("/", load(router))
