"""The audit log in the admin can be read, never added to, changed or deleted."""

import pytest

from grassroots.accounts.models import Account
from grassroots.audit.models import Action, AuditEvent
from grassroots.audit.services import record
from grassroots.kernel.permissions import Role


@pytest.fixture
def operator(db):
    return Account.objects.create_superuser(
        "op", password="Op-pass-2026", must_change_password=False
    )


def test_an_operator_reads_the_audit_log_in_the_admin(client, operator):
    event = record(Action.SIGN_IN, actor=operator)
    client.force_login(operator)
    assert "op" in client.get("/admin/audit/auditevent/").content.decode()
    assert client.get(f"/admin/audit/auditevent/{event.pk}/change/").status_code == 200


def test_the_audit_admin_cannot_add_change_or_delete(client, operator):
    event = record(Action.SIGN_IN, actor=operator)
    client.force_login(operator)
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403
    client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"username": "forged"})
    assert AuditEvent.objects.get(pk=event.pk).username == "op"
    listing = client.get("/admin/audit/auditevent/").content.decode()
    assert "delete_selected" not in listing


def test_the_audit_admin_follows_roles_and_scope(client, personas, tree):
    street = record(Action.SIGN_IN, actor=personas[Role.STREET_STAFF])
    other = record(Action.SIGN_IN, username="x", node=tree.street_b)
    admin = personas[Role.DISTRICT_ADMIN]
    Account.objects.filter(pk=admin.pk).update(is_staff=True, org_node=tree.street_a)
    client.force_login(admin)
    ids = [e.pk for e in client.get("/admin/audit/auditevent/").context["cl"].result_list]
    assert street.pk in ids and other.pk not in ids
    worker = personas[Role.GRID_WORKER]
    Account.objects.filter(pk=worker.pk).update(is_staff=True)
    client.force_login(worker)
    assert client.get("/admin/audit/auditevent/").status_code == 403
