"""Who must sign in with two factors, and what a session remembers about it (两步验证规则).

等保 level 3 (GB/T 22239-2019 8.1.4.1 d) asks for two factors for everyone who can see personal
data or administer: the office roles, the administrator roles and operators (staff and
superusers, who use ``/admin/``). Demo accounts, whose password is published, are exempt.

After a correct password such an account is not signed in yet: the session holds a pending
marker for ``PENDING_MINUTES`` and the person enters a code. Only then does Django's login
happen, and the session is marked verified (``VERIFIED_KEY`` holds the account's id). The
middleware sends any other signed-in session of such an account to the second step.

The writes (enrolment, codes, resets) are in ``accounts.services.two_factor``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import logout
from django.http import HttpRequest
from django.utils import timezone

from grassroots.accounts.models import Account, TwoFactorDevice
from grassroots.kernel.permissions import Role

# Roles whose holders must use two factors. The administrator roles (system, security and
# audit administrator) are named by their codes so that they are covered from the day they
# are added; a new role that sees personal data or administers is added here.
TWO_FACTOR_ROLES: frozenset[str] = frozenset(
    {
        Role.DISTRICT_ADMIN.value,
        Role.STREET_STAFF.value,
        Role.COMMUNITY_SECRETARY.value,
        "system_admin",
        "security_admin",
        "audit_admin",
    }
)

PENDING_KEY = "two_factor_pending"
VERIFIED_KEY = "two_factor_verified"
PENDING_MINUTES = 5


def requires_two_factor(account: Any) -> bool:
    """True when the account must sign in with a password and a code."""
    if account is None or not getattr(account, "is_authenticated", False):
        return False
    if getattr(account, "two_factor_exempt", False):
        return False
    if account.is_staff or account.is_superuser:
        return True
    return not TWO_FACTOR_ROLES.isdisjoint(account.role_codes)


def is_enrolled(account: Account) -> bool:
    """True when the account has a confirmed authenticator."""
    return TwoFactorDevice.objects.filter(account=account, confirmed_at__isnull=False).exists()


def needs_second_step(account: Account) -> bool:
    """Asked for a code at sign-in: required by role, or set up by choice."""
    return requires_two_factor(account) or is_enrolled(account)


def mark_verified(session: Any, account: Account) -> None:
    """Note in the session that ``account`` signed in with both factors."""
    session[VERIFIED_KEY] = account.pk


def session_verified(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is None or session is None or not user.is_authenticated:
        return False
    return session.get(VERIFIED_KEY) == user.pk


def satisfied(request: HttpRequest) -> bool:
    """False only for a signed-in account that must use two factors and has not, this session."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or session_verified(request):
        return True
    return not requires_two_factor(user)


def start_pending(request: HttpRequest, account: Account, next_url: str = "") -> None:
    """The password was right: hold the account for the second step, signed in as nobody."""
    if request.user.is_authenticated:
        logout(request)
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "account": account.pk,
        "until": timezone.now().timestamp() + PENDING_MINUTES * 60,
        "next": next_url,
    }


def read_pending(request: HttpRequest) -> tuple[Account | None, bool]:
    """The account waiting for its second step, and whether a marker had run out."""
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return None, False
    if pending.get("until", 0) < timezone.now().timestamp():
        clear_pending(request)
        return None, True
    account = Account.objects.select_related("org_node").filter(pk=pending["account"]).first()
    if account is None or not account.is_active:
        clear_pending(request)
        return None, False
    return account, False


def pending_next(request: HttpRequest) -> str:
    return (request.session.get(PENDING_KEY) or {}).get("next", "")


def clear_pending(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)
