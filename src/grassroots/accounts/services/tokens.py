"""API tokens (API令牌): created once, shown once, stored only as a SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from grassroots.accounts.models import Account, ApiToken
from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.kernel.db import rows as sqlrows

TOKEN_PREFIX = "gr_"


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def create_token(
    account: Account, *, name: str = "", actor: Any = None, request: HttpRequest | None = None
) -> tuple[ApiToken, str]:
    """Create a token for ``account``; returns the record and the raw token (shown once)."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        account=account, name=name, prefix=raw[: len(TOKEN_PREFIX) + 6], digest=_digest(raw)
    )
    record(
        Action.TOKEN_CREATED,
        actor=actor or account,
        request=request,
        target=f"token:{token.pk}",
        node=account.org_node,
        account=account.username,
        prefix=token.prefix,
    )
    return token, raw


@transaction.atomic
def revoke_token(
    token: ApiToken, *, actor: Any = None, request: HttpRequest | None = None
) -> ApiToken:
    """Revoke a token; revoking twice changes nothing and records nothing more."""
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token.refresh_from_db()
    if updated:
        record(
            Action.TOKEN_REVOKED,
            actor=actor or token.account,
            request=request,
            target=f"token:{token.pk}",
            node=token.account.org_node,
            account=token.account.username,
            prefix=token.prefix,
        )
    return token


def authenticate_token(raw: str) -> Account | None:
    """The active account holding this active token, or None."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    # Runs on every API call: one statement written once (kernel/db/rows.py), not an ORM query.
    token = sqlrows.first(
        ApiToken, related=("account", "account__org_node"), digest=_digest(raw), revoked_at=None
    )
    if token is None or not token.account.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.account
