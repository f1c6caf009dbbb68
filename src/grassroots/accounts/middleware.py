"""Account rules applied to every page request.

An account that must sign in with two factors, in a session that has not, is sent to the second
step before anything else (the admin included); then an account that must change its password
is sent to the change page.
A request that still carries the cookie of a session the server has expired (idle for longer
than SESSION_COOKIE_AGE) is noted, so the sign-in page can say why the person was signed out.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from grassroots.accounts import two_factor

EXEMPT_PREFIXES = ("/static/", "/healthz", "/api/", "/i18n/")
# Carries "your session timed out" across the redirect to the sign-in page; the session
# cookie itself is deleted on that first response, so it cannot.
TIMEOUT_COOKIE = "grassroots_session_timeout"
TIMEOUT_COOKIE_SECONDS = 300


def session_timed_out(request: HttpRequest) -> bool:
    """True when a session cookie arrives but the server no longer holds that session."""
    if not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return False
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    # Reading request.user loads the session; an expired one loads as empty.
    return (
        session is not None
        and user is not None
        and not user.is_authenticated
        and (session.is_empty())
    )


def _two_factor_pages() -> set[str]:
    return {
        reverse("accounts:two_factor"),
        reverse("accounts:two_factor_setup"),
        reverse("accounts:sign_out"),
    }


class TwoFactorRequiredMiddleware:
    """No page for a signed-in account that must use two factors until this session has."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(EXEMPT_PREFIXES) or two_factor.satisfied(request):
            return self.get_response(request)
        if request.path in _two_factor_pages():
            return self.get_response(request)
        target = reverse("accounts:two_factor")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(EXEMPT_PREFIXES):
            return self.get_response(request)
        request.session_timed_out = session_timed_out(request)  # type: ignore[attr-defined]
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse("accounts:change_password"), *_two_factor_pages()}
            if request.path not in allowed:
                return redirect("accounts:change_password")
        response = self.get_response(request)
        if request.session_timed_out and request.path != reverse("accounts:sign_in"):
            response.set_cookie(
                TIMEOUT_COOKIE,
                "1",
                max_age=TIMEOUT_COOKIE_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
