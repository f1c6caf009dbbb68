"""The authentication backend: Django's model backend behind the sign-in lock rules.

Every path that calls ``django.contrib.auth.authenticate`` (the sign-in page, the admin login,
anything added later) goes through ``authenticate_account``, so none can bypass the
five-failure lock or the audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from grassroots.accounts.models import Account
from grassroots.accounts.services import authenticate_account


class LockingBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Account | None:
        if username is None:
            username = kwargs.get(Account.USERNAME_FIELD)
        if username is None or password is None:
            return None
        result = authenticate_account(request, username, password)
        return result.account if result.ok else None
