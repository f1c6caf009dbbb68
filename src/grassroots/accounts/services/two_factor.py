"""Two-factor actions (两步验证): set-up, codes at sign-in, recovery codes, resets.

Codes are TOTP (RFC 6238: 6 digits, 30-second steps, SHA-1, what every authenticator app
shows). A code is accepted one step early or late for clock drift, and each time-step only
once (``last_step``), so a code seen over someone's shoulder cannot be used again. Wrong codes
count toward the same lock as wrong passwords. Recovery codes are kept only as keyed hashes
(the blind-index key, which lives outside the database) and each works once.

Who must use two factors and what the session remembers: ``accounts.two_factor``.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

import pyotp
import segno
from django.conf import settings
from django.contrib.auth import login
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.accounts import two_factor
from grassroots.accounts.models import Account, RecoveryCode, TwoFactorDevice
from grassroots.accounts.services import (
    SignInResult,
    SignInStatus,
    _attempt,
    _count_failure,
    _minutes_until,
    _record_attempt,
    throttle,
)
from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.kernel import crypto

ISSUER = "基层治理平台"
RECOVERY_CODE_COUNT = 10
# No 0/O, 1/I/L: a code copied from paper is read back right.
_RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_DRIFT_STEPS = 1


@dataclass(frozen=True)
class CodeResult:
    """What a code came to: ``status`` as for a password, and the message to show."""

    status: SignInStatus
    recovery: bool = False
    minutes_left: int = 0

    @property
    def ok(self) -> bool:
        return self.status is SignInStatus.OK

    @property
    def message(self) -> str:
        if self.status in (SignInStatus.LOCKED, SignInStatus.ADDRESS_LOCKED):
            return SignInResult(self.status, minutes_left=self.minutes_left).message
        if self.status is SignInStatus.INVALID:
            return _("验证码不正确或已使用过，请输入认证器上的新验证码。")
        return ""


# Set-up ---------------------------------------------------------------------------------


def begin_enrolment(account: Account) -> TwoFactorDevice:
    """The account's authenticator being set up: the same secret until it is confirmed."""
    with transaction.atomic():
        device, _created = TwoFactorDevice.objects.get_or_create(
            account=account, defaults={"secret": pyotp.random_base32()}
        )
    return device


def provisioning_uri(device: TwoFactorDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.account.username, issuer_name=ISSUER
    )


def qr_svg(uri: str) -> str:
    """The otpauth:// address as an inline SVG QR code, drawn here: nothing leaves the server."""
    # A viewBox and no fixed size: the page scales the code to fit a phone without cropping
    # it; a border of four modules is the quiet zone the QR standard asks for.
    return segno.make(uri, error="m").svg_inline(
        scale=4, border=4, dark="#000", light="#fff", omitsize=True
    )


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing it into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _accepted_totp(
    request: HttpRequest, account: Account, code: str, *, confirmed: bool
) -> tuple[TwoFactorDevice | None, CodeResult]:
    """The account's authenticator (set up or still being set up) when ``code`` is a fresh,
    right code of it; otherwise no device and the refusal, counted and audited."""
    device = TwoFactorDevice.objects.filter(
        account=account, confirmed_at__isnull=not confirmed
    ).first()
    if device is None:
        return None, CodeResult(SignInStatus.INVALID)
    locked = _refuse_if_locked(request, account)
    if locked is not None:
        return None, locked
    refused = _refused_totp(device, "".join(code.split()))
    if refused:
        return None, _wrong_code(request, account, refused)
    return device, CodeResult(SignInStatus.OK)


def confirm_enrolment(
    request: HttpRequest, account: Account, code: str
) -> tuple[CodeResult, list[str]]:
    """The first correct code switches the authenticator on and makes ten recovery codes."""
    device, result = _accepted_totp(request, account, code, confirmed=False)
    if device is None:
        return result, []
    with transaction.atomic():
        TwoFactorDevice.objects.filter(pk=device.pk).update(confirmed_at=timezone.now())
        codes = _replace_recovery_codes(account)
        record(Action.TWO_FACTOR_ENROLLED, actor=account, request=_request(request))
    _reset_failures(request, account)
    return CodeResult(SignInStatus.OK), codes


# Codes ----------------------------------------------------------------------------------


def verify(request: HttpRequest, account: Account, code: str) -> CodeResult:
    """Check a 6-digit code, or a recovery code; every outcome is audited."""
    device = TwoFactorDevice.objects.filter(account=account, confirmed_at__isnull=False).first()
    if device is None:
        return CodeResult(SignInStatus.INVALID)
    locked = _refuse_if_locked(request, account)
    if locked is not None:
        return locked
    cleaned = "".join(code.split())
    if cleaned.isdigit():
        refused = _refused_totp(device, cleaned)
        if refused:
            return _wrong_code(request, account, refused)
        record(Action.TWO_FACTOR_VERIFIED, actor=account, request=_request(request))
    else:
        if not _use_recovery_code(account, cleaned):
            return _wrong_code(request, account, "wrong_recovery_code")
        left = RecoveryCode.objects.filter(account=account, used_at__isnull=True).count()
        record(Action.RECOVERY_CODE_USED, actor=account, request=_request(request), left=left)
    _reset_failures(request, account)
    return CodeResult(SignInStatus.OK, recovery=not cleaned.isdigit())


def complete_sign_in(request: HttpRequest, account: Account) -> None:
    """Both factors are in: sign the pending account in (or mark the open session verified)."""
    if not request.user.is_authenticated or request.user.pk != account.pk:
        account.backend = settings.AUTHENTICATION_BACKENDS[0]
        login(request, account)
    else:
        request.session.cycle_key()
    two_factor.clear_pending(request)
    two_factor.mark_verified(request.session, account)


def regenerate_recovery_codes(
    request: HttpRequest, account: Account, code: str
) -> tuple[CodeResult, list[str]]:
    """Ten new recovery codes in place of the old, against a current authenticator code."""
    device, result = _accepted_totp(request, account, code, confirmed=True)
    if device is None:
        return result, []
    with transaction.atomic():
        codes = _replace_recovery_codes(account)
        record(Action.RECOVERY_CODES_REGENERATED, actor=account, request=_request(request))
    _reset_failures(request, account)
    return CodeResult(SignInStatus.OK), codes


def reset(account: Account, *, actor: Account | None = None) -> bool:
    """Forget the account's authenticator and recovery codes (a lost phone): it sets up
    two factors again at its next sign-in. Returns whether there was anything to forget."""
    with transaction.atomic():
        devices, _detail = TwoFactorDevice.objects.filter(account=account).delete()
        codes, _detail = RecoveryCode.objects.filter(account=account).delete()
        record(
            Action.TWO_FACTOR_RESET,
            actor=actor,
            target=f"account:{account.pk}",
            node=account.org_node,
            account=account.username,
        )
    return bool(devices or codes)


def recovery_codes_left(account: Account) -> int:
    return RecoveryCode.objects.filter(account=account, used_at__isnull=True).count()


# Inside ---------------------------------------------------------------------------------


def _request(request: HttpRequest) -> HttpRequest | None:
    return request if hasattr(request, "user") else None


def _refused_totp(device: TwoFactorDevice, code: str) -> str:
    """Why a code is refused ("" when accepted): wrong, or its time-step used already.
    An accepted code's time-step is claimed in the database, so two requests with one code
    cannot both pass."""
    if len(code) != 6 or not code.isdigit():
        return "wrong_code"
    totp = pyotp.TOTP(device.secret)
    now_step = totp.timecode(timezone.now())
    for step in range(now_step - _DRIFT_STEPS, now_step + _DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            claimed = (
                TwoFactorDevice.objects.filter(pk=device.pk)
                .filter(Q(last_step__isnull=True) | Q(last_step__lt=step))
                .update(last_step=step)
            )
            return "" if claimed else "replayed_code"
    return "wrong_code"


def _digest(code: str) -> str:
    return crypto.blind_index("recovery-code:" + code.replace("-", ""))


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _replace_recovery_codes(account: Account) -> list[str]:
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.filter(account=account).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(account=account, digest=_digest(c)) for c in codes
    )
    return codes


def _use_recovery_code(account: Account, code: str) -> bool:
    if not code or len(code) > 20:
        return False
    used = RecoveryCode.objects.filter(
        account=account, digest=_digest(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    return bool(used)


def _refuse_if_locked(request: HttpRequest, account: Account) -> CodeResult | None:
    # The same lock as the password's: this account's name from this client address.
    attempt = _attempt(request, account.username)
    lock = throttle.current_lock(attempt.key, attempt.address, attempt.now)
    if lock is None:
        return None
    _record_attempt(_request(request), Action.TWO_FACTOR_FAILED, account, reason="locked")
    status = SignInStatus.ADDRESS_LOCKED if lock.whole_address else SignInStatus.LOCKED
    return CodeResult(status, minutes_left=_minutes_until(lock.until, attempt.now))


def _wrong_code(request: HttpRequest, account: Account, reason: str) -> CodeResult:
    attempt = _attempt(request, account.username)
    result = _count_failure(attempt, account, reason, action=Action.TWO_FACTOR_FAILED)
    return CodeResult(result.status, minutes_left=result.minutes_left)


def _reset_failures(request: HttpRequest, account: Account) -> None:
    attempt = _attempt(request, account.username)
    throttle.clear(attempt.key, attempt.address, attempt.now)
