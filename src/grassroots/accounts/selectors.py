"""Reads of accounts that other apps need by declaration."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from grassroots.accounts.models import Account, ApiToken


def audit_names(keys: Iterable[str]) -> dict[str, str]:
    """The audit log's ``account:ID`` objects by name: 张三（zhangsan）, or the username when
    the account has no name."""
    ids = [int(k) for k in keys if k.isdigit() and len(k) < 19]
    rows = Account.objects.filter(pk__in=ids).values_list("pk", "display_name", "username")
    return {str(pk): f"{name}（{username}）" if name else username for pk, name, username in rows}


def own_tokens(account: Account) -> list[ApiToken]:
    """The account's API tokens, newest first (the token itself is never kept)."""
    return list(ApiToken.objects.filter(account=account).order_by("-created_at", "-pk"))


def own_token(account: Account, token_id: str) -> ApiToken | None:
    if not token_id.isdigit() or len(token_id) > 18:
        return None
    return ApiToken.objects.filter(account=account, pk=int(token_id)).first()


def within_scope(accounts: QuerySet[Account], user: Any) -> QuerySet[Account]:
    """The accounts of ``accounts`` the user may manage: those of its unit and below (the
    admin brings its own queryset)."""
    return accounts.editable_by(user)
