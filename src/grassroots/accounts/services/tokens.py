"""API tokens (API令牌): created once, shown once, stored only as a SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.accounts.models import Account, ApiToken
from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.kernel.db import rows as sqlrows

TOKEN_PREFIX = "gr_"
MAX_DAYS = 3650


class TokenRefused(Exception):
    """A token that does not let its bearer in, with the reason the API answers."""

    INVALID = "invalid"
    EXPIRED = "expired"
    MUST_CHANGE_PASSWORD = "must_change_password"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        if self.reason == self.EXPIRED:
            return _("令牌已过期，请重新创建令牌")
        if self.reason == self.MUST_CHANGE_PASSWORD:
            return _("账号须先在网页上修改密码，修改前令牌不可用")
        return _("令牌无效、已撤销或账号已停用")


def token_days(days: int | None) -> int:
    """The lifetime asked for, or the default; ValidationError outside 1 to 3650 days."""
    if days is None:
        return settings.API_TOKEN_DAYS
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            _("令牌有效期须为1至%(max)d天。") % {"max": MAX_DAYS}, code="token_days"
        )
    return days


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def create_token(
    account: Account,
    *,
    name: str = "",
    days: int | None = None,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> tuple[ApiToken, str]:
    """Create a token for ``account`` lasting ``days`` (default ``API_TOKEN_DAYS``); returns
    the record and the raw token (shown once). ValidationError for a lifetime out of range."""
    lifetime = token_days(days)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        account=account,
        name=name,
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        digest=_digest(raw),
        expires_at=timezone.now() + timedelta(days=lifetime),
    )
    record(
        Action.TOKEN_CREATED,
        actor=actor or account,
        request=request,
        target=f"token:{token.pk}",
        node=account.org_node,
        account=account.username,
        prefix=token.prefix,
        days=lifetime,
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


def check_token(raw: str) -> Account:
    """The active account holding this token; TokenRefused when the token is unknown, revoked
    or expired, or its account is disabled or must first change its password."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        raise TokenRefused(TokenRefused.INVALID)
    # Runs on every API call: one statement written once (kernel/db/rows.py), not an ORM query.
    token = sqlrows.first(
        ApiToken, related=("account", "account__org_node"), digest=_digest(raw), revoked_at=None
    )
    if token is None or not token.account.is_active:
        raise TokenRefused(TokenRefused.INVALID)
    now = timezone.now()
    if token.is_expired(now):
        raise TokenRefused(TokenRefused.EXPIRED)
    if token.account.must_change_password:
        raise TokenRefused(TokenRefused.MUST_CHANGE_PASSWORD)
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.account


def authenticate_token(raw: str) -> Account | None:
    """The active account holding this usable token, or None."""
    try:
        return check_token(raw)
    except TokenRefused:
        return None
