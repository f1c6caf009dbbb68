"""Forms for signing in, changing a password and the account admin. They only read input;
every rule that decides an outcome lives in accounts.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AdminUserCreationForm,
    UserChangeForm,
)
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from grassroots.accounts import services
from grassroots.accounts.models import Account
from grassroots.accounts.services import passwords


class SignInForm(forms.Form):
    username = forms.CharField(
        label=_("账号"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "autofocus": True}
        ),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ChangePasswordForm(forms.Form):
    old_password = forms.CharField(
        label=_("原密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password = forms.CharField(
        label=_("新密码"),
        strip=False,
        help_text=password_validators_help_text_html,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    confirm_password = forms.CharField(
        label=_("确认新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        new, confirm = data.get("new_password"), data.get("confirm_password")
        if new and confirm and new != confirm:
            self.add_error("confirm_password", _("两次输入的新密码不一致。"))
        return data


class CodeForm(forms.Form):
    """A 6-digit code from the authenticator app (or, at sign-in, a recovery code)."""

    code = forms.CharField(
        label=_("验证码"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )


class TokenForm(forms.Form):
    name = forms.CharField(label=_("用途"), max_length=100, required=False)


class AccountCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = Account
        fields = ("username", "display_name", "org_node")


class AccountChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = Account
        fields = "__all__"


class AccountPasswordForm(AdminPasswordChangeForm):
    """An administrator sets someone's password: not one of their last few (密码历史)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        password = data.get("password1")
        if password and not self.errors:
            try:
                passwords.check_not_reused(self.user, password)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class RoleGrantFormSet(forms.BaseInlineFormSet):
    """The roles ticked in the account admin, held to the separation of administrators."""

    def clean(self) -> None:
        super().clean()
        roles = [
            form.cleaned_data["role"]
            for form in self.forms
            if form.cleaned_data.get("role") and not form.cleaned_data.get("DELETE")
        ]
        services.check_roles(roles)
