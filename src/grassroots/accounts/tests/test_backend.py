"""Any caller of Django's authenticate() meets the same lock and audit rules as the page."""

from django.contrib.auth import authenticate
from django.test import RequestFactory

from grassroots.audit.models import Action, AuditEvent
from grassroots.kernel.permissions import Role
from grassroots.testing.personas import PASSWORD


def test_authenticate_locks_the_account_after_five_wrong_passwords(personas):
    account = personas[Role.GRID_WORKER]
    request = RequestFactory().post("/")
    for _ in range(5):
        assert authenticate(request, username=account.username, password="Wrong-pass-1") is None
    assert authenticate(request, username=account.username, password=PASSWORD) is None
    account.refresh_from_db()
    assert account.is_locked()
    assert AuditEvent.objects.filter(action=Action.ACCOUNT_LOCKED, actor=account).count() == 1


def test_authenticate_with_the_right_password_signs_in_and_is_audited(personas):
    account = personas[Role.STREET_STAFF]
    assert authenticate(None, username=account.username, password=PASSWORD) == account
    assert AuditEvent.objects.filter(action=Action.SIGN_IN, actor=account).exists()
