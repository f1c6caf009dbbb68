"""Old audit records leave only through the archive: 180 days kept, written out first."""

import datetime
import json
import stat

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from grassroots.audit.integrity import verify
from grassroots.audit.models import Action, AuditEvent
from grassroots.audit.services import (
    ArchiveRefused,
    append,
    archive,
    audit_event,
    earliest_allowed_cut,
    record,
)


def made_on(day, username):
    event = audit_event(Action.SIGN_IN, username=username)
    event.at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    return append(event)


@pytest.fixture
def log(db):
    today = timezone.localdate()
    old = [made_on(today - datetime.timedelta(days=400 - i), f"old{i}") for i in range(3)]
    recent = [made_on(today - datetime.timedelta(days=10), "recent"), record(Action.SIGN_OUT)]
    return old, recent


def test_a_date_within_180_days_is_refused_and_nothing_moves(log, tmp_path):
    count = AuditEvent.objects.count()
    too_late = earliest_allowed_cut() + datetime.timedelta(days=1)
    with pytest.raises(ArchiveRefused, match="180"):
        archive(too_late, tmp_path / "a.jsonl")
    assert AuditEvent.objects.count() == count
    assert not (tmp_path / "a.jsonl").exists()


def test_archive_writes_the_old_records_with_their_digests_then_removes_them(log, tmp_path):
    old, recent = log
    target = tmp_path / "audit-2025.jsonl"
    before = timezone.localdate() - datetime.timedelta(days=200)
    done = archive(before, target, os_user="ops")

    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    header, rows = lines[0], lines[1:]
    assert header["format"] == "grassroots-audit-archive" and header["rows"] == 3
    assert [r["username"] for r in rows] == ["old0", "old1", "old2"]
    assert [r["digest"] for r in rows] == [e.digest for e in old]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert done.rows == 3

    assert not AuditEvent.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert AuditEvent.objects.filter(pk__in=[e.pk for e in recent]).count() == 2
    said = AuditEvent.objects.get(action=Action.AUDIT_ARCHIVED)
    assert said.detail["rows"] == 3 and said.detail["last_seq"] == old[-1].seq
    assert said.detail["anchor_digest"] == old[-1].digest

    verdict = verify()
    assert verdict.ok, verdict.problem
    assert verdict.anchor_seq == old[-1].seq


def test_after_an_archive_the_triggers_still_refuse_a_delete(log, tmp_path):
    archive(timezone.localdate() - datetime.timedelta(days=200), tmp_path / "a.jsonl")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")


def test_after_an_archive_a_removed_record_is_still_noticed(log, tmp_path):
    archive(timezone.localdate() - datetime.timedelta(days=200), tmp_path / "a.jsonl")
    first = AuditEvent.objects.order_by("seq").first()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER audit_auditevent_no_change ON audit_auditevent")
        else:
            cursor.execute("DROP TRIGGER audit_auditevent_no_delete")
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [first.pk])
    problem = verify().problem
    assert problem.kind == "removed" and problem.seq == first.seq


def test_a_broken_chain_is_not_archived(log, tmp_path):
    old, _ = log
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (at, username, action, outcome, target, detail, "
            "digest) VALUES (%s, 'forger', 'sign_in', 'success', '', '{}', '')",
            [timezone.now()],
        )
    with pytest.raises(ArchiveRefused, match="forger|inserted|插入"):
        archive(timezone.localdate() - datetime.timedelta(days=200), tmp_path / "a.jsonl")
    assert AuditEvent.objects.filter(pk=old[0].pk).exists()


def test_an_existing_file_is_not_overwritten(log, tmp_path):
    target = tmp_path / "a.jsonl"
    target.write_text("kept")
    with pytest.raises(ArchiveRefused):
        archive(timezone.localdate() - datetime.timedelta(days=200), target)
    assert target.read_text() == "kept"
