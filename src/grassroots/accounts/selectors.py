"""Reads of accounts that other apps need by declaration."""

from __future__ import annotations

from collections.abc import Iterable

from grassroots.accounts.models import Account


def audit_names(keys: Iterable[str]) -> dict[str, str]:
    """The audit log's ``account:ID`` objects by name: 张三（zhangsan）, or the username when
    the account has no name."""
    ids = [int(k) for k in keys if k.isdigit() and len(k) < 19]
    rows = Account.objects.filter(pk__in=ids).values_list("pk", "display_name", "username")
    return {str(pk): f"{name}（{username}）" if name else username for pk, name, username in rows}
