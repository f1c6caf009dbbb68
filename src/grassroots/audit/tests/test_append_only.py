"""Audit records are append-only: neither the ORM nor raw SQL can change or remove one."""

import pytest
from django.db import DatabaseError, connection, transaction

from grassroots.audit.models import Action, AppendOnlyError, AuditEvent, Outcome
from grassroots.audit.services import record


@pytest.fixture
def event(db):
    return record(Action.SIGN_IN_FAILED, username="someone", outcome=Outcome.FAILURE)


def _unchanged(event):
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.username, stored.outcome) == ("someone", Outcome.FAILURE)


def test_saving_a_changed_record_through_the_orm_is_refused(event):
    event.outcome = Outcome.SUCCESS
    with pytest.raises(AppendOnlyError):
        event.save()
    _unchanged(event)


def test_deleting_a_record_through_the_orm_is_refused(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    _unchanged(event)


def test_a_queryset_update_is_refused_by_the_database(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(outcome=Outcome.SUCCESS)
    _unchanged(event)


def test_a_queryset_delete_is_refused_by_the_database(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    _unchanged(event)


def test_a_raw_sql_update_is_refused(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET username = %s WHERE id = %s", ["forged", event.pk]
            )
    _unchanged(event)


def test_a_raw_sql_delete_is_refused(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    _unchanged(event)
