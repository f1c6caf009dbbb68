"""The audit chain tells a changed, removed or inserted record, even with the triggers gone."""

import pytest
from django.db import connection
from django.utils import timezone

from grassroots.audit import chain
from grassroots.audit.integrity import verify
from grassroots.audit.models import Action, AuditEvent, Outcome
from grassroots.audit.services import record


def drop_append_only_triggers():
    """What someone with the database's password could do: the edits below then go through."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER audit_auditevent_no_change ON audit_auditevent")
        else:
            cursor.execute("DROP TRIGGER audit_auditevent_no_update")
            cursor.execute("DROP TRIGGER audit_auditevent_no_delete")


def execute(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def events(db):
    """Five records of every kind of field: a user, an address, a detail, none of them."""
    return [
        record(Action.SIGN_IN, username="张三", target="登录", detail_key="值"),
        record(Action.SIGN_IN_FAILED, username="someone", outcome=Outcome.FAILURE),
        AuditEvent.objects.create(action=Action.BACKUP, outcome="success", detail={"n": [1, 2]}),
        record(Action.PERSONAL_DATA_VIEWED, username="李四", target="居民#7", fields=("id",)),
        record(Action.SIGN_OUT, username="张三"),
    ]


def test_each_record_is_numbered_and_the_whole_log_verifies(events):
    stored = list(AuditEvent.objects.order_by("seq").values_list("seq", "digest"))
    seqs = [s for s, _ in stored]
    assert seqs == list(range(seqs[0], seqs[0] + 5))
    assert all(len(d) == 64 for _, d in stored)
    verdict = verify()
    assert verdict.ok, verdict.problem
    assert verdict.checked == AuditEvent.objects.count()


def test_a_record_changed_by_hand_is_named(events):
    drop_append_only_triggers()
    execute("UPDATE audit_auditevent SET username = %s WHERE id = %s", ["王五", events[1].pk])
    problem = verify().problem
    assert problem.kind == "changed"
    assert problem.record_id == events[1].pk
    assert f"id={events[1].pk}" in problem.message


def test_a_changed_time_or_detail_is_named_too(events):
    drop_append_only_triggers()
    AuditEvent.objects.filter(pk=events[3].pk).update(detail={"fields": ["phone"]})
    assert verify().problem.record_id == events[3].pk


def test_a_record_removed_by_hand_is_named_by_its_place(events):
    drop_append_only_triggers()
    execute("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    problem = verify().problem
    assert problem.kind == "removed"
    assert problem.seq == events[2].seq
    assert f"id={events[1].pk}" in problem.message and f"id={events[3].pk}" in problem.message


def test_the_last_record_removed_is_noticed(events):
    drop_append_only_triggers()
    execute("DELETE FROM audit_auditevent WHERE id = %s", [events[4].pk])
    problem = verify().problem
    assert problem.kind == "removed" and problem.seq == events[4].seq


def test_a_record_inserted_by_hand_is_named(events):
    drop_append_only_triggers()
    execute(
        "INSERT INTO audit_auditevent (at, username, action, outcome, target, detail, digest) "
        "VALUES (%s, 'forger', 'sign_in', 'success', '', '{}', '')",
        [timezone.now()],
    )
    forged = AuditEvent.objects.get(username="forger")
    problem = verify().problem
    assert problem.kind == "inserted" and problem.record_id == forged.pk


def test_a_record_inserted_with_the_next_number_and_a_made_up_digest_is_named(events):
    execute(
        "INSERT INTO audit_auditevent (at, username, action, outcome, target, detail, seq, "
        "digest) VALUES (%s, 'forger', 'sign_in', 'success', '', '{}', %s, %s)",
        [timezone.now(), events[4].seq + 1, "f" * 64],
    )
    forged = AuditEvent.objects.get(username="forger")
    problem = verify().problem
    assert problem.kind == "inserted" and problem.record_id == forged.pk


def test_a_removed_tail_hidden_by_moving_the_head_back_is_noticed(events):
    drop_append_only_triggers()
    execute("DELETE FROM audit_auditevent WHERE id = %s", [events[4].pk])
    execute("UPDATE audit_chainhead SET seq = %s, digest = %s", [events[3].seq, events[3].digest])
    assert verify().problem.kind == "head"


def test_a_digest_recomputed_without_the_key_does_not_fit(events):
    drop_append_only_triggers()
    row = AuditEvent.objects.filter(pk=events[1].pk).values("id", *chain.CHAINED).get()
    row["username"] = "王五"
    previous = events[0].digest
    forged = chain.digest_of(row, previous, key=b"a key the forger guessed" * 2)
    execute(
        "UPDATE audit_auditevent SET username = %s, digest = %s WHERE id = %s",
        ["王五", forged, events[1].pk],
    )
    assert verify().problem.record_id == events[1].pk


def test_addresses_and_details_hash_as_they_read_back(db, rf):
    request = rf.get("/", REMOTE_ADDR="2001:DB8:0:0:0:0:0:1")
    record(Action.SIGN_IN, request=request, username="x", shown=("a", 1.5), 键="值")
    assert AuditEvent.objects.get(username="x").address == "2001:db8::1"
    assert verify().ok
