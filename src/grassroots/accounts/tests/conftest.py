"""Helpers for sign-in tests: posting the sign-in form from an address, moving the clock."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grassroots.audit.models import AuditEvent

SIGN_IN_URL = "/accounts/sign-in/"


@pytest.fixture
def post_sign_in(client):
    def post(username, password, address="10.20.30.40", **extra):
        return client.post(
            SIGN_IN_URL, {"username": username, "password": password, **extra}, REMOTE_ADDR=address
        )

    return post


@pytest.fixture
def clock(monkeypatch):
    """clock.advance(minutes=...) moves django.utils.timezone.now forward for everyone."""

    class Clock:
        offset = timedelta()
        real_now = staticmethod(timezone.now)

        def advance(self, **delta):
            self.offset += timedelta(**delta)

        def now(self):
            return self.real_now() + self.offset

    c = Clock()
    monkeypatch.setattr(timezone, "now", c.now)
    return c


def events(action=None, **filters):
    rows = AuditEvent.objects.order_by("id")
    if action:
        rows = rows.filter(action=action)
    return list(rows.filter(**filters))


def change_password_url():
    return reverse("accounts:change_password")
