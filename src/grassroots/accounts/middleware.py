"""Sends an account that must change its password to the change page before anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

EXEMPT_PREFIXES = ("/static/", "/healthz", "/api/", "/i18n/")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and not request.path.startswith(EXEMPT_PREFIXES)
        ):
            allowed = {reverse("accounts:change_password"), reverse("accounts:sign_out")}
            if request.path not in allowed:
                return redirect("accounts:change_password")
        return self.get_response(request)
