"""Account actions (账号服务): signing in and out, passwords, creating accounts, granting roles.

Every write here owns its transaction and its audit record. The sign-in rules for a government
intranet (lock after repeated failures, no user enumeration) live in ``authenticate_account``;
the sign-in page and the Django admin login both go through it, so neither can skip the lock.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.accounts.models import Account, RoleGrant
from grassroots.accounts.two_factor import needs_second_step, start_pending
from grassroots.audit.models import Action, Outcome
from grassroots.audit.services import record
from grassroots.kernel.permissions import Role


class SignInStatus(StrEnum):
    OK = "ok"
    INVALID = "invalid"
    LOCKED = "locked"


@dataclass(frozen=True)
class SignInResult:
    """What a sign-in attempt came to, with the message the person should see."""

    status: SignInStatus
    account: Account | None = None
    minutes_left: int = 0
    # The password was right but a code is still to come: nobody is signed in yet.
    second_step: bool = False

    @property
    def ok(self) -> bool:
        return self.status is SignInStatus.OK

    @property
    def message(self) -> str:
        if self.status is SignInStatus.LOCKED:
            return lock_message(self.minutes_left)
        if self.status is SignInStatus.INVALID:
            return invalid_message()
        return ""


def invalid_message() -> str:
    # One message for an unknown account and a wrong password, so names cannot be probed.
    return _("账号或密码错误。")


def lock_message(minutes: int) -> str:
    return _("账号已锁定，请在%(minutes)d分钟后重试。") % {"minutes": minutes}


def _minutes_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds() / 60))


def _not_locked(now: datetime) -> Q:
    return Q(locked_until__isnull=True) | Q(locked_until__lte=now)


def _audit_request(request: HttpRequest | None) -> HttpRequest | None:
    # authenticate() may be handed a bare HttpRequest (the test client does); the audit
    # log reads request.user, which only exists once the auth middleware has run.
    return request if request is not None and hasattr(request, "user") else None


def _record_attempt(
    request: HttpRequest | None,
    action: str,
    account: Account | None,
    *,
    outcome: str = Outcome.FAILURE,
    username: str = "",
    **detail: Any,
) -> None:
    record(
        action,
        actor=account,
        request=_audit_request(request),
        outcome=outcome,
        username=username,
        target=f"account:{account.pk}" if account else "",
        **detail,
    )


def authenticate_account(request: HttpRequest | None, username: str, password: str) -> SignInResult:
    """Check a username and password against the lock rules; every outcome is audited."""
    now = timezone.now()
    account = Account.objects.select_related("org_node").filter(username=username).first()
    if account is None:
        Account().set_password(password)  # the same hashing cost: timing reveals nothing
        _record_attempt(
            request, Action.SIGN_IN_FAILED, None, username=username[:150], reason="unknown_account"
        )
        return SignInResult(SignInStatus.INVALID)
    if account.is_locked(now):
        # Refused without looking at the password: a right guess during a lock proves nothing.
        _record_attempt(request, Action.SIGN_IN_FAILED, account, reason="locked")
        return SignInResult(
            SignInStatus.LOCKED, minutes_left=_minutes_until(account.locked_until, now)
        )
    if account.locked_until is not None:
        # The lock has run out: counting starts again from zero.
        Account.objects.filter(pk=account.pk, locked_until__lte=now).update(
            locked_until=None, failed_sign_ins=0
        )
    if not account.check_password(password):
        return _count_failure(request, account, now)
    if not account.is_active:
        _record_attempt(request, Action.SIGN_IN_FAILED, account, reason="inactive")
        return SignInResult(SignInStatus.INVALID)
    reset = (
        Account.objects.filter(pk=account.pk)
        .filter(_not_locked(now))
        .update(failed_sign_ins=0, locked_until=None)
    )
    if not reset:  # a concurrent run of failures locked it a moment ago
        return _locked_meanwhile(request, account)
    account.failed_sign_ins, account.locked_until = 0, None
    account.backend = settings.AUTHENTICATION_BACKENDS[0]
    _record_attempt(request, Action.SIGN_IN, account, outcome=Outcome.SUCCESS)
    return SignInResult(SignInStatus.OK, account=account)


def _count_failure(
    request: HttpRequest | None,
    account: Account,
    now: datetime,
    *,
    action: str = Action.SIGN_IN_FAILED,
    reason: str = "wrong_password",
) -> SignInResult:
    # The counter is incremented in the database, never from this (possibly stale) copy, so
    # concurrent wrong guesses each count. Wrong two-factor codes count here too.
    limit = settings.SIGN_IN_MAX_FAILURES
    until = now + timedelta(minutes=settings.SIGN_IN_LOCK_MINUTES)
    with transaction.atomic():
        Account.objects.filter(pk=account.pk).update(failed_sign_ins=F("failed_sign_ins") + 1)
        failures = Account.objects.values_list("failed_sign_ins", flat=True).get(pk=account.pk)
        locked_now = failures >= limit and bool(
            Account.objects.filter(pk=account.pk)
            .filter(_not_locked(now))
            .update(locked_until=until)
        )
    _record_attempt(request, action, account, reason=reason, failures=failures)
    if locked_now:
        _record_attempt(
            request,
            Action.ACCOUNT_LOCKED,
            account,
            failures=failures,
            until=until.isoformat(),
            minutes=settings.SIGN_IN_LOCK_MINUTES,
        )
        return SignInResult(SignInStatus.LOCKED, minutes_left=settings.SIGN_IN_LOCK_MINUTES)
    if failures >= limit:
        return _locked_meanwhile(request, account, audit=False)  # failure recorded above
    return SignInResult(SignInStatus.INVALID)


def _locked_meanwhile(
    request: HttpRequest | None, account: Account, *, audit: bool = True
) -> SignInResult:
    account.refresh_from_db(fields=["failed_sign_ins", "locked_until"])
    if audit:
        _record_attempt(request, Action.SIGN_IN_FAILED, account, reason="locked")
    now = timezone.now()  # the lock was set after this attempt began
    until = account.locked_until or now
    return SignInResult(SignInStatus.LOCKED, minutes_left=_minutes_until(until, now))


def sign_in(
    request: HttpRequest, username: str, password: str, *, next_url: str = ""
) -> SignInResult:
    """Sign in through the lock rules and, on success, start a fresh session.

    An account that must use two factors (or has set them up) is not signed in here: the
    session only holds it for the second step (``second_step`` on the result).
    """
    result = authenticate_account(request, username, password)
    if result.ok:
        if needs_second_step(result.account):
            start_pending(request, result.account, next_url)
            return replace(result, second_step=True)
        login(request, result.account)
    return result


def sign_out(request: HttpRequest) -> None:
    if request.user.is_authenticated:
        record(Action.SIGN_OUT, request=request)
    logout(request)


def change_password(
    request: HttpRequest, account: Account, *, old_password: str, new_password: str
) -> None:
    """The account holder changes their own password; the session stays signed in.

    Raises ValidationError keyed by ``old_password`` / ``new_password``.
    """
    errors: dict[str, list[str]] = {}
    if not account.check_password(old_password):
        errors["old_password"] = [_("原密码不正确。")]
    if new_password == old_password:
        errors["new_password"] = [_("新密码不能与原密码相同。")]
    else:
        try:
            validate_password(new_password, account)
        except ValidationError as exc:
            errors["new_password"] = exc.messages
    if errors:
        if "old_password" in errors:
            record(
                Action.PASSWORD_CHANGED,
                actor=account,
                request=request,
                outcome=Outcome.FAILURE,
                reason="wrong_old_password",
            )
        raise ValidationError(errors)
    with transaction.atomic():
        _store_password(account, new_password, must_change=False)
        record(Action.PASSWORD_CHANGED, actor=account, request=request)
    update_session_auth_hash(request, account)


def _store_password(account: Account, password: str, *, must_change: bool) -> None:
    account.set_password(password)
    account.password_changed_at = timezone.now()
    account.must_change_password = must_change
    account.save(update_fields=["password", "password_changed_at", "must_change_password"])


def note_password_set_by_admin(
    account: Account, *, actor: Account, request: HttpRequest | None = None
) -> None:
    """An administrator set someone's password: they must choose their own at next sign-in."""
    must_change = account.pk != actor.pk
    with transaction.atomic():
        Account.objects.filter(pk=account.pk).update(
            password_changed_at=timezone.now(), must_change_password=must_change
        )
        record(
            Action.PASSWORD_CHANGED,
            actor=actor,
            request=request,
            target=f"account:{account.pk}",
            node=account.org_node,
            account=account.username,
            by_admin=True,
        )


def create_account(
    *,
    username: str,
    password: str,
    org_node: Any = None,
    roles: Iterable[str] = (),
    actor: Account | None = None,
    must_change_password: bool = True,
    is_superuser: bool = False,
    display_name: str = "",
    request: HttpRequest | None = None,
) -> Account:
    """Create an account after checking its name and password; raises ValidationError."""
    username = (username or "").strip()
    if not username:
        _raise(_("账号名不能为空。"))
    Account._meta.get_field("username").run_validators(username)
    if Account.objects.filter(username=username).exists():
        _raise(_("账号“%(username)s”已存在。") % {"username": username}, code="duplicate")
    validate_password(password, Account(username=username, display_name=display_name))
    try:
        with transaction.atomic():
            account = Account.objects.create_user(
                username=username,
                password=password,
                org_node=org_node,
                display_name=display_name,
                must_change_password=must_change_password,
                is_staff=is_superuser,
                is_superuser=is_superuser,
            )
            Account.objects.filter(pk=account.pk).update(password_changed_at=timezone.now())
            record_account_created(account, actor=actor, request=request)
            set_roles(account, roles, actor=actor, request=request)
    except IntegrityError:  # created by someone else between the check and the insert
        _raise(_("账号“%(username)s”已存在。") % {"username": username}, code="duplicate")
    return account


def _raise(message: str, code: str = "invalid") -> None:
    raise ValidationError(message, code=code)


def record_account_created(
    account: Account, *, actor: Account | None, request: HttpRequest | None = None
) -> None:
    record(
        Action.ACCOUNT_CREATED,
        actor=actor,
        request=request,
        target=f"account:{account.pk}",
        node=account.org_node,
        account=account.username,
        superuser=account.is_superuser,
    )


def set_roles(
    account: Account,
    roles: Iterable[str],
    *,
    actor: Account | None,
    request: HttpRequest | None = None,
) -> None:
    """Make the account hold exactly ``roles``; a change is recorded with from and to."""
    wanted = {Role(r).value for r in roles}
    with transaction.atomic():
        before = set(RoleGrant.objects.filter(account=account).values_list("role", flat=True))
        if before == wanted:
            return
        RoleGrant.objects.filter(account=account).exclude(role__in=wanted).delete()
        RoleGrant.objects.bulk_create(
            RoleGrant(account=account, role=r) for r in sorted(wanted - before)
        )
        account.__dict__.pop("_role_codes", None)
        record_roles_changed(account, before, wanted, actor=actor, request=request)


def grant_role(
    account: Account, role: str, *, actor: Account | None, request: HttpRequest | None = None
) -> None:
    current = set(RoleGrant.objects.filter(account=account).values_list("role", flat=True))
    set_roles(account, current | {Role(role).value}, actor=actor, request=request)


def record_roles_changed(
    account: Account,
    before: Iterable[str],
    after: Iterable[str],
    *,
    actor: Account | None,
    request: HttpRequest | None = None,
) -> None:
    record(
        Action.ROLE_CHANGED,
        actor=actor,
        request=request,
        target=f"account:{account.pk}",
        node=account.org_node,
        account=account.username,
        **{"from": sorted(before), "to": sorted(after)},
    )
