"""Sign-in, sign-out and password change pages. The rules live in accounts.services."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from grassroots.accounts import services, two_factor
from grassroots.accounts.forms import ChangePasswordForm, SignInForm
from grassroots.accounts.middleware import TIMEOUT_COOKIE


def home_url() -> str:
    try:
        return reverse(settings.LOGIN_REDIRECT_URL)
    except NoReverseMatch:
        return "/"


def next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return home_url()


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" and request.user.is_authenticated:
        if not two_factor.satisfied(request):
            return redirect("accounts:two_factor")
        return redirect(next_url(request))
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.sign_in(
            request,
            form.cleaned_data["username"],
            form.cleaned_data["password"],
            next_url=next_url(request),
        )
        if result.second_step:
            return redirect("accounts:two_factor")
        if result.ok:
            if result.account.must_change_password:
                return redirect("accounts:change_password")
            return redirect(next_url(request))
        form.add_error(None, result.message)
    timed_out = request.method == "GET" and bool(
        getattr(request, "session_timed_out", False) or request.COOKIES.get(TIMEOUT_COOKIE)
    )
    response = render(
        request,
        "accounts/sign_in.html",
        {
            "form": form,
            "timed_out": timed_out,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "max_failures": settings.SIGN_IN_MAX_FAILURES,
            "lock_minutes": settings.SIGN_IN_LOCK_MINUTES,
            "idle_minutes": settings.SESSION_COOKIE_AGE // 60,
        },
    )
    if request.COOKIES.get(TIMEOUT_COOKIE):
        response.delete_cookie(TIMEOUT_COOKIE, samesite="Lax")
    return response


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    signed_in = request.user.is_authenticated
    services.sign_out(request)
    if signed_in:
        messages.info(request, _("您已安全退出。"))
    return redirect("accounts:sign_in")


@sensitive_post_parameters("old_password", "new_password", "confirm_password")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def change_password(request: HttpRequest) -> HttpResponse:
    form = ChangePasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(
                request,
                request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("密码已修改。"))
            return redirect(home_url())
    return render(
        request,
        "accounts/change_password.html",
        {
            "form": form,
            "forced": request.user.must_change_password,
        },
    )
