"""Two-factor helpers for tests: test-client sign-ins that count as both factors, a session
made one-factor on purpose, and the current code of an account's authenticator."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pyotp
from django.test.client import ClientMixin
from django.utils import timezone

from grassroots.accounts.two_factor import VERIFIED_KEY, mark_verified


@contextmanager
def sign_ins_count_as_two_factor() -> Iterator[None]:
    """While open, every ``Client.force_login``/``Client.login`` marks its session verified
    with two factors, as the sign-in pages do after the code."""
    original = ClientMixin._login

    def _login(self: Any, user: Any, backend: str | None = None) -> None:
        original(self, user, backend)
        session = self.session
        mark_verified(session, user)
        session.save()

    ClientMixin._login = _login  # type: ignore[method-assign]
    try:
        yield
    finally:
        ClientMixin._login = original  # type: ignore[method-assign]


def one_factor(client: Any) -> Any:
    """The client's session as if signed in with the password only."""
    session = client.session
    session.pop(VERIFIED_KEY, None)
    session.save()
    return client


def current_code(secret: str, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or ``steps_ahead`` 30-second steps on)."""
    totp = pyotp.TOTP("".join(secret.split()))
    return totp.generate_otp(totp.timecode(timezone.now()) + steps_ahead)
