"""Two-factor pages (两步验证): the second step at sign-in, first set-up, the settings page
and the account's own API tokens. The rules live in accounts.two_factor and its services."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from grassroots.accounts import selectors, services, two_factor
from grassroots.accounts.forms import CodeForm, TokenForm
from grassroots.accounts.models import Account
from grassroots.accounts.services import SignInStatus, tokens
from grassroots.accounts.services import two_factor as actions
from grassroots.accounts.views import next_url
from grassroots.api.plugin import USE_API
from grassroots.kernel.permissions import has_permission


def _subject(request: HttpRequest) -> tuple[Account | None, bool]:
    """Who is taking the second step: the account held after its password, or the signed-in
    account of a session opened some other way. Also whether a held sign-in ran out."""
    account, expired = two_factor.read_pending(request)
    if account is not None:
        return account, False
    if request.user.is_authenticated:
        return request.user, False
    return None, expired


def _back_to_sign_in(request: HttpRequest, expired: bool) -> HttpResponse:
    if expired:
        messages.info(
            request,
            _("验证已超时（%(minutes)d分钟），请重新登录。")
            % {"minutes": two_factor.PENDING_MINUTES},
        )
    return redirect("accounts:sign_in")


def _destination(request: HttpRequest, account: Account) -> str:
    """Where the person goes once both factors are in; a first password change comes first."""
    if account.must_change_password:
        return reverse("accounts:change_password")
    return two_factor.pending_next(request) or next_url(request)


def _locked_out(request: HttpRequest, message: str) -> HttpResponse:
    """Too many wrong codes: the held sign-in (or the session) ends and the lock applies."""
    two_factor.clear_pending(request)
    if request.user.is_authenticated:
        services.sign_out(request)
    messages.error(request, message)
    return redirect("accounts:sign_in")


def _with_next(name: str, request: HttpRequest) -> str:
    target = request.GET.get("next", "")
    return reverse(name) + (f"?{urlencode({'next': target})}" if target else "")


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest) -> HttpResponse:
    """The second step at sign-in: a code from the authenticator, or a recovery code."""
    account, expired = _subject(request)
    if account is None:
        return _back_to_sign_in(request, expired)
    if not two_factor.is_enrolled(account):
        return redirect(_with_next("accounts:two_factor_setup", request))
    if two_factor.session_verified(request):
        return redirect(next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = actions.verify(request, account, form.cleaned_data["code"])
        if result.ok:
            destination = _destination(request, account)
            actions.complete_sign_in(request, account)
            if result.recovery:
                left = actions.recovery_codes_left(account)
                messages.warning(
                    request,
                    _("已使用一个恢复码，还剩%(n)d个。可在“两步验证”页面重新生成。") % {"n": left},
                )
            return redirect(destination)
        if result.status is SignInStatus.LOCKED:
            return _locked_out(request, result.message)
        form.add_error(None, result.message)
    return render(
        request,
        "accounts/two_factor_step.html",
        {"form": form, "account": account, "next": request.GET.get("next", "")},
    )


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator: scan the QR code (or type the secret), confirm with a code."""
    account, expired = _subject(request)
    if account is None:
        return _back_to_sign_in(request, expired)
    if two_factor.is_enrolled(account):
        if two_factor.session_verified(request):
            return redirect("accounts:two_factor_settings")
        return redirect(_with_next("accounts:two_factor", request))
    device = actions.begin_enrolment(account)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result, codes = actions.confirm_enrolment(request, account, form.cleaned_data["code"])
        if result.ok:
            destination = _destination(request, account)
            actions.complete_sign_in(request, account)
            return _show_recovery_codes(request, codes, destination, first=True)
        if result.status is SignInStatus.LOCKED:
            return _locked_out(request, result.message)
        form.add_error(None, result.message)
    uri = actions.provisioning_uri(device)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "account": account,
            # Drawn by segno from our own address: no user input reaches the markup.
            "qr": mark_safe(actions.qr_svg(uri)),  # noqa: S308
            "secret": actions.grouped(device.secret),
            "required": two_factor.requires_two_factor(account),
            "issuer": actions.ISSUER,
        },
    )


def _show_recovery_codes(
    request: HttpRequest, codes: list[str], destination: str, *, first: bool
) -> HttpResponse:
    response = render(
        request,
        "accounts/two_factor_codes.html",
        {"codes": codes, "destination": destination, "first": first},
    )
    response["Cache-Control"] = "no-store"
    return response


@sensitive_post_parameters("code")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    """The signed-in account's two-factor status; new recovery codes against a current code."""
    account = request.user
    enrolled = two_factor.is_enrolled(account)
    form = CodeForm(request.POST or None)
    form.fields["code"].widget.attrs.pop("autofocus", None)
    if request.method == "POST" and enrolled and form.is_valid():
        result, codes = actions.regenerate_recovery_codes(
            request, account, form.cleaned_data["code"]
        )
        if result.ok:
            return _show_recovery_codes(
                request, codes, reverse("accounts:two_factor_settings"), first=False
            )
        form.add_error(None, result.message)
    return render(
        request,
        "accounts/two_factor_settings.html",
        {
            "form": form,
            "enrolled": enrolled,
            "required": two_factor.requires_two_factor(account),
            "verified": two_factor.session_verified(request),
            "codes_left": actions.recovery_codes_left(account) if enrolled else 0,
            "may_use_api": has_permission(account, USE_API),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def own_tokens(request: HttpRequest) -> HttpResponse:
    """The account's own API tokens. New ones only in a session signed in with both factors:
    a token is a single factor that outlives the session."""
    account = request.user
    if not has_permission(account, USE_API):
        raise PermissionDenied(_("您的角色无权使用接口。"))
    verified = two_factor.session_verified(request)
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and request.POST.get("revoke"):
        return _revoke_own(request, account, request.POST["revoke"])
    if request.method == "POST":
        if not verified:
            raise PermissionDenied(_("须使用两步验证登录后才能创建令牌。"))
        if form.is_valid():
            token, raw = tokens.create_token(
                account, name=form.cleaned_data["name"], actor=account, request=request
            )
            created = {"token": token, "raw": raw}
            form = TokenForm()
    response = render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "verified": verified,
            "created": created,
            "tokens": selectors.own_tokens(account),
            "enrolled": two_factor.is_enrolled(account),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


def _revoke_own(request: HttpRequest, account: Account, key: str) -> HttpResponse:
    token = selectors.own_token(account, key)
    if token is None:
        messages.error(request, _("找不到该令牌。"))
    else:
        tokens.revoke_token(token, actor=account, request=request)
        messages.success(request, _("令牌 %(prefix)s… 已撤销。") % {"prefix": token.prefix})
    return redirect("accounts:tokens")
