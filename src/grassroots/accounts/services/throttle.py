"""Counting failed sign-ins per account name and client address (登录失败计数).

Two counters grow with each failure, both in the database (``F()`` updates, so concurrent
guesses all count on SQLite and PostgreSQL alike):

- the pair of name and address: ``SIGN_IN_MAX_FAILURES`` consecutive failures lock that name
  from that address for ``SIGN_IN_LOCK_MINUTES``. The holder signing in from their own
  computer is not locked out by someone guessing from another one.
- the address alone: ``SIGN_IN_ADDRESS_MAX_FAILURES`` failures within
  ``SIGN_IN_ADDRESS_WINDOW_MINUTES``, whatever the names, refuse that address for
  ``SIGN_IN_LOCK_MINUTES``; a success does not reset it.

Names are stored only as a keyed hash, and a name that belongs to no account is counted and
locked exactly like one that does, so neither the answers nor the locks say which exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from grassroots.accounts.models import Account, SignInThrottle

ADDRESS_WIDE = ""  # the name_key of an address's own counter


def name_key(username: str) -> str:
    """The keyed hash a name is counted under; names differing only in case or surrounding
    spaces count together."""
    normalised = (username or "").strip().casefold()
    return salted_hmac("grassroots.accounts.sign_in", normalised, algorithm="sha256").hexdigest()


@dataclass(frozen=True)
class Lock:
    until: datetime
    whole_address: bool = False


@dataclass(frozen=True)
class Counted:
    """What one failure came to: the pair's count, and the locks it set (if any)."""

    failures: int
    locked_until: datetime | None = None
    address_locked_until: datetime | None = None


def _not_locked(now: datetime) -> Q:
    return Q(locked_until__isnull=True) | Q(locked_until__lte=now)


def current_lock(key: str, address: str, now: datetime) -> Lock | None:
    """The lock holding this name from this address, the address's own lock first."""
    rows = dict(
        SignInThrottle.objects.filter(
            name_key__in=(key, ADDRESS_WIDE), address=address, locked_until__gt=now
        ).values_list("name_key", "locked_until")
    )
    if ADDRESS_WIDE in rows:
        return Lock(rows[ADDRESS_WIDE], whole_address=True)
    if key in rows:
        return Lock(rows[key])
    return None


def _row(key: str, address: str, account: Account | None) -> int:
    row, _ = SignInThrottle.objects.get_or_create(
        name_key=key, address=address, defaults={"account": account}
    )
    return row.pk


def _lock_minutes(now: datetime) -> datetime:
    return now + timedelta(minutes=settings.SIGN_IN_LOCK_MINUTES)


def _count_address(address: str, now: datetime) -> datetime | None:
    window = timedelta(minutes=settings.SIGN_IN_ADDRESS_WINDOW_MINUTES)
    pk = _row(ADDRESS_WIDE, address, None)
    rows = SignInThrottle.objects.filter(pk=pk)
    rows.filter(window_start__lte=now - window).filter(_not_locked(now)).update(
        failures=0, window_start=now, locked_until=None
    )
    rows.update(failures=F("failures") + 1)
    failures = rows.values_list("failures", flat=True).get()
    if failures < settings.SIGN_IN_ADDRESS_MAX_FAILURES:
        return None
    until = _lock_minutes(now)
    return until if rows.filter(_not_locked(now)).update(locked_until=until) else None


def count_failure(key: str, address: str, account: Account | None, now: datetime) -> Counted:
    """Count one failed sign-in of this name from this address; lock when a limit is met."""
    with transaction.atomic():
        address_locked = _count_address(address, now)
        rows = SignInThrottle.objects.filter(pk=_row(key, address, account))
        rows.filter(locked_until__lte=now).update(failures=0, locked_until=None)  # run out
        rows.update(failures=F("failures") + 1)
        failures = rows.values_list("failures", flat=True).get()
        locked = None
        if failures >= settings.SIGN_IN_MAX_FAILURES:
            until = _lock_minutes(now)
            locked = until if rows.filter(_not_locked(now)).update(locked_until=until) else None
    return Counted(failures, locked, address_locked)


def clear(key: str, address: str, now: datetime) -> Lock | None:
    """After the right password: forget this pair's failures, unless a lock was set on it
    meanwhile (by concurrent wrong guesses), which is returned and wins."""
    SignInThrottle.objects.filter(name_key=key, address=address).filter(_not_locked(now)).delete()
    return current_lock(key, address, now)


def unlock(account: Account) -> int:
    """Remove the locks and counts of this account's name from every address; how many
    addresses had it locked."""
    rows = SignInThrottle.objects.filter(
        Q(account=account) | Q(name_key=name_key(account.username))
    )
    locked = rows.filter(locked_until__gt=timezone.now()).count()
    rows.delete()
    return locked


KEEP_COUNTS = timedelta(days=30)


def purge_stale(now: datetime | None = None) -> int:
    """Delete the counts no lock holds any more and that began over 30 days ago (from
    ``grassroots uploads sweep``, run by cron): guesses spread over a month are not one run of
    wrong passwords, and the table of names nobody holds would otherwise only grow."""
    now = now or timezone.now()
    stale = SignInThrottle.objects.filter(_not_locked(now), window_start__lt=now - KEEP_COUNTS)
    return stale.delete()[0]
