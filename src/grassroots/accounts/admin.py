"""Account and token administration (账号管理), in Chinese.

The admin has no login of its own: its login page sends the person to the site's sign-in, so
an operator signs in through the same lock rules and the same two steps (password, then a code)
as everyone else, and a session that has not passed both never sees the admin. Account
creation, role changes, unlocks and passwords set here are written to the audit log like any
other.

Who may use these pages is the role table's ``accounts.manage`` (the security administrator,
an ``is_staff`` account with no other admin page), not Django's per-model permissions; only an
operator (superuser) may delete an account or make someone staff or superuser.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.db.models import Exists, OuterRef, QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _

from grassroots.accounts import services, two_factor
from grassroots.accounts.forms import (
    AccountChangeForm,
    AccountCreationForm,
    AccountPasswordForm,
    RoleGrantFormSet,
)
from grassroots.accounts.models import Account, ApiToken, RoleGrant, SignInThrottle
from grassroots.accounts.plugin import MANAGE_ACCOUNTS
from grassroots.accounts.selectors import within_scope
from grassroots.accounts.services import tokens
from grassroots.kernel.permissions import has_permission
from grassroots.web.admin import ReadOnlyAdminMixin


def _admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin's login page: the site's sign-in, password then code, then back here.
    A password posted here signs nobody in."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    target = target or reverse("admin:index")
    return redirect(f"{reverse('accounts:sign_in')}?{urlencode({'next': target})}")


_admin_has_permission = admin.site.has_permission


def _admin_requires_two_factor(request: HttpRequest) -> bool:
    """Staff, and (should the middleware ever be left out) signed in with both factors."""
    return _admin_has_permission(request) and two_factor.satisfied(request)


admin.site.login = _admin_login  # type: ignore[method-assign]
admin.site.has_permission = _admin_requires_two_factor  # type: ignore[method-assign]


class ManagedByAccountsPermission:
    """Admin pages open to whoever holds ``accounts.manage``; deleting is the operator's."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return has_permission(request.user, MANAGE_ACCOUNTS)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_permission(request.user, MANAGE_ACCOUNTS)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_permission(request.user, MANAGE_ACCOUNTS)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_permission(request.user, MANAGE_ACCOUNTS)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser


class RoleGrantInline(ManagedByAccountsPermission, admin.TabularInline):
    model = RoleGrant
    formset = RoleGrantFormSet
    extra = 0
    fields = ("role", "granted_at")
    readonly_fields = ("granted_at",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_permission(request.user, MANAGE_ACCOUNTS)  # taking a role away


@admin.action(description=_("解除所选账号的登录锁定"))
def unlock_accounts(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    count = 0
    for account in queryset.select_related("org_node"):
        count += bool(services.unlock_account(account, actor=request.user, request=request))
    messages.success(request, _("已解除 %(n)d 个账号的登录锁定。") % {"n": count})


@admin.register(Account)
class AccountAdmin(ManagedByAccountsPermission, UserAdmin):
    form = AccountChangeForm
    add_form = AccountCreationForm
    change_password_form = AccountPasswordForm
    inlines = [RoleGrantInline]
    actions = [unlock_accounts]
    list_display = (
        "username",
        "display_name",
        "org_node",
        "is_active",
        "is_superuser",
        "must_change_password",
        "sign_in_locked",
        "last_login",
    )
    list_filter = ("is_active", "is_superuser", "must_change_password", "role_grants__role")
    list_select_related = ("org_node",)
    search_fields = ("username", "display_name", "org_node__code", "org_node__name")
    raw_id_fields = ("org_node", "person")
    # Exemption from two-factor sign-in is for the demo seeder only, never set by hand here.
    readonly_fields = ("last_login", "date_joined", "password_changed_at", "two_factor_exempt")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("基本信息"), {"fields": ("display_name", "person", "email", "org_node")}),
        (
            _("登录安全"),
            {
                "fields": (
                    "must_change_password",
                    "password_changed_at",
                    "two_factor_exempt",
                    "last_login",
                    "date_joined",
                )
            },
        ),
        (_("权限"), {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "display_name",
                    "org_node",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Account]:
        locked = SignInThrottle.objects.filter(
            account=OuterRef("pk"), locked_until__gt=timezone.now()
        )
        accounts = super().get_queryset(request).annotate(sign_in_locked=Exists(locked))
        if not request.user.is_superuser:
            # An operator's account is the operators' own: whoever could set its password
            # could become one.
            accounts = accounts.filter(is_superuser=False)
        return within_scope(accounts, request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fields
        return (*fields, "is_staff", "is_superuser")  # no one makes themselves an operator

    @admin.display(description=_("登录锁定"), boolean=True)
    def sign_in_locked(self, account: Account) -> bool:
        return bool(getattr(account, "sign_in_locked", False))

    def save_model(self, request: HttpRequest, obj: Account, form: Form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            services.record_account_created(obj, actor=request.user, request=request)

    def save_related(self, request: HttpRequest, form: Form, formsets: Any, change: bool) -> None:
        account = form.instance
        before = set(account.role_grants.values_list("role", flat=True))
        super().save_related(request, form, formsets, change)
        after = set(account.role_grants.values_list("role", flat=True))
        if before != after:
            services.record_roles_changed(
                account, before, after, actor=request.user, request=request
            )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        # Success is the redirect back to the account page; a refused form re-renders.
        if (
            request.method == "POST"
            and response.status_code == 302
            and (response.url != request.get_full_path())
        ):
            account = self.get_object(request, unquote(id))
            services.note_password_set_by_admin(account, actor=request.user, request=request)
        return response


@admin.action(description=_("撤销所选令牌"))
def revoke_tokens(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    count = 0
    for token in queryset.filter(revoked_at__isnull=True).select_related("account"):
        tokens.revoke_token(token, actor=request.user, request=request)
        count += 1
    messages.success(request, _("已撤销 %(n)d 个令牌。") % {"n": count})


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Tokens are read-only here: the digest is never shown, and a token is only revoked."""

    list_display = (
        "prefix",
        "account",
        "name",
        "created_at",
        "expires_at",
        "last_used_at",
        "status",
    )
    list_filter = ("revoked_at",)
    list_select_related = ("account",)
    search_fields = ("prefix", "account__username", "name")
    fields = (
        "account",
        "name",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    readonly_fields = fields
    actions = [revoke_tokens]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return has_permission(request.user, MANAGE_ACCOUNTS)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_permission(request.user, MANAGE_ACCOUNTS)

    @admin.display(description=_("状态"))
    def status(self, token: ApiToken) -> str:
        if not token.is_active:
            return str(_("已撤销"))
        return str(_("已过期")) if token.is_expired() else str(_("有效"))
