"""Password history (密码历史): an account may not go back to any of its last few passwords.

Every password an account is given joins its history as the hash: the first one at creation
(so a published initial or demo password cannot be taken back once changed), then each change.
Only the newest ``PASSWORD_HISTORY`` are kept.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.accounts.models import Account, PasswordHistory


def reuse_message() -> str:
    return _("不能使用最近%(n)d次用过的密码。") % {"n": settings.PASSWORD_HISTORY}


def recent_hashes(account: Account) -> list[str]:
    """The hashes of the account's last passwords, its current one included."""
    kept = list(
        PasswordHistory.objects.filter(account=account).values_list("password", flat=True)[
            : settings.PASSWORD_HISTORY
        ]
    )
    current = Account.objects.filter(pk=account.pk).values_list("password", flat=True).first()
    if current and current not in kept:  # an account from before the history was kept
        kept.insert(0, current)
    return kept[: settings.PASSWORD_HISTORY]


def check_not_reused(account: Account, password: str) -> None:
    """Raise ValidationError when ``password`` is one of the account's last passwords."""
    if account.pk is None:
        return
    if any(check_password(password, encoded) for encoded in recent_hashes(account)):
        raise ValidationError(reuse_message(), code="password_reused")


def remember_password(account: Account) -> None:
    """Add the account's current password (as stored) to its history; keep the newest few.

    The caller owns the transaction (every caller is a service writing the password)."""
    encoded = Account.objects.filter(pk=account.pk).values_list("password", flat=True).get()
    if not encoded or encoded.startswith("!"):  # no usable password: nothing to remember
        return
    PasswordHistory.objects.create(account=account, password=encoded, set_at=timezone.now())
    stale = PasswordHistory.objects.filter(account=account).values_list("pk", flat=True)[
        settings.PASSWORD_HISTORY :
    ]
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()
