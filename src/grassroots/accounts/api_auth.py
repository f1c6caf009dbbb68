"""Who is calling the API: a Bearer token, or the session cookie of a signed-in browser.

Both lead to the same account and the same data scope. Using the API at all is a permission
(``api.use``, declared in api/plugin.py): roles without it (party members, residents) use the
web pages, so a token or session of theirs gets 403 here whatever it asks for, which says
nothing about any id.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth
from ninja.utils import check_csrf

from grassroots.accounts import two_factor
from grassroots.accounts.services.tokens import TokenRefused, check_token
from grassroots.api.plugin import USE_API
from grassroots.kernel.permissions import has_permission

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def _api_account(account: Any) -> Any:
    if not has_permission(account, USE_API):
        raise AuthorizationError(message=_("您的角色无权使用接口，请通过网页使用本系统"))
    return account


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <令牌>``; tokens come from ``grassroots token create``."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header, "")
        if header and header.split(" ", 1)[0].lower() != self.openapi_scheme:
            raise AuthenticationError(message=_("Authorization 请求头须为 Bearer <令牌>"))
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        # A token that was sent but is wrong ends the attempt: no falling back to the session.
        # The answer says why (expired, password to change) once the token itself is known.
        try:
            account = check_token(token.strip())
        except TokenRefused as refused:
            raise AuthenticationError(message=refused.message) from None
        return _api_account(account)


class SessionAuth(NinjaSessionAuth):
    """The signed-in browser session, so the docs page can try requests after sign-in."""

    def __init__(self) -> None:
        # csrf=True tells ninja's docs page to send the CSRF token; the check itself runs in
        # authenticate, only once a session user is known, so anonymous calls get 401.
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise HttpError(403, _("CSRF 校验失败，请刷新页面后重试"))
        if not two_factor.satisfied(request):
            raise AuthorizationError(message=_("请先在网页上完成两步验证"))
        if getattr(user, "must_change_password", False):
            raise AuthorizationError(message=_("请先在网页上修改初始密码"))
        return _api_account(user)


AUTH = [TokenAuth(), SessionAuth()]
