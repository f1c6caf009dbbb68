"""Two people moving the same demand at once: one succeeds, the other is told; nothing lost."""

import threading

import pytest
from django.db import close_old_connections, connection

from grassroots.demands.models import Demand, DemandEvent, EventKind
from grassroots.demands.services import MoveInput, transition_demand
from grassroots.demands.workflow import MoveRefused, Status
from grassroots.kernel.permissions import Role


def _race(demand_id, moves):
    """Run each (actor, MoveInput) in its own thread and database connection, at once."""
    barrier = threading.Barrier(len(moves))
    outcomes = [None] * len(moves)

    def run(index, actor, move):
        try:
            barrier.wait()
            transition_demand(demand_id, move=move, actor=actor)
            outcomes[index] = "ok"
        except MoveRefused as exc:
            outcomes[index] = exc.reason
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(i, actor, move)) for i, (actor, move) in enumerate(moves)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    close_old_connections()
    return outcomes


@pytest.mark.usefixtures("real_transactions")
@pytest.mark.parametrize("with_version", [False, True])
def test_two_people_moving_it_at_once_one_wins_the_other_is_refused(with_version):
    from grassroots.demands.testing import make_demand
    from grassroots.testing.personas import build_tree, make_personas

    tree = build_tree()
    personas = make_personas(tree)
    demand = make_demand(tree.grid_a1_1)
    version = demand.version if with_version else None
    # Without a version both ask for the same move: the second finds it already made. With
    # one, the second is refused even for a move that would follow on from the first.
    second = (
        MoveInput(to=Status.ESCALATED, note="社区来办", expected_version=version)
        if with_version
        else MoveInput(to=Status.ACCEPTED)
    )
    moves = [
        (personas[Role.GRID_WORKER], MoveInput(to=Status.ACCEPTED, expected_version=version)),
        (personas[Role.COMMUNITY_SECRETARY], second),
    ]
    outcomes = _race(demand.pk, moves)
    assert None not in outcomes, outcomes  # the loser is refused with a reason, never an error
    assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
    demand.refresh_from_db()
    events = DemandEvent.objects.filter(demand=demand, kind=EventKind.TRANSITION)
    assert events.count() == 2  # the intake and the one move that won
    winner = events.last()
    assert demand.status == winner.to_status
    assert demand.version == 2


def test_a_move_made_on_a_stale_version_is_refused_and_changes_nothing(demand, personas):
    stale = demand.version
    transition_demand(
        demand.pk,
        move=MoveInput(to=Status.ACCEPTED, expected_version=stale),
        actor=personas[Role.GRID_WORKER],
    )
    with pytest.raises(MoveRefused, match="已被他人修改"):
        transition_demand(
            demand.pk,
            move=MoveInput(to=Status.ESCALATED, note="x", expected_version=stale),
            actor=personas[Role.COMMUNITY_SECRETARY],
        )
    demand.refresh_from_db()
    assert (demand.status, demand.version) == (Status.ACCEPTED, stale + 1)
    assert Demand.objects.filter(pk=demand.pk, status=Status.ESCALATED).count() == 0


@pytest.mark.usefixtures("real_transactions")
def test_writers_queue_in_one_line_on_sqlite_and_not_on_postgresql():
    """SQLite: a second writer waits while one holds the line, and the line's commits do not
    check point inside it (the connection gets its automatic checkpoint back, even after a
    failed write). PostgreSQL: its row locks queue writers, so the line lets both in."""
    from grassroots.kernel.db import locks as writelock

    def autocheckpoint():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_autocheckpoint")
            return cursor.fetchone()[0]

    inside = threading.Event()

    def second_writer():
        try:
            with writelock.serialised_writes():
                inside.set()
        finally:
            connection.close()

    sqlite = connection.vendor == "sqlite"
    other = threading.Thread(target=second_writer)
    with writelock.serialised_writes():
        if sqlite:
            assert autocheckpoint() == 0
        other.start()
        # In line it cannot get in while this writer holds it; out of line it gets in at once.
        assert inside.wait(0.5 if sqlite else 10) is not sqlite
    other.join(timeout=10)
    assert inside.is_set()
    with pytest.raises(RuntimeError), writelock.serialised_writes():
        raise RuntimeError("a failed write")
    if sqlite:
        assert autocheckpoint() == writelock.SQLITE_AUTOCHECKPOINT


@pytest.mark.usefixtures("real_transactions")
def test_many_intakes_at_once_are_each_stored_once_and_a_failing_one_alone_is_refused():
    from grassroots.demands.models import DemandTally
    from grassroots.demands.services import DuplicateOrderError
    from grassroots.demands.testing import make_demand
    from grassroots.testing.personas import build_tree

    tree = build_tree()
    make_demand(tree.grid_a1_1, title="先到的工单", hotline_order_no="GD-1")
    barrier = threading.Barrier(13)
    outcomes = {}

    def intake(n):
        order = "GD-1" if n == 12 else f"GD-{100 + n}"  # the last repeats a known order
        try:
            barrier.wait()
            demand = make_demand(tree.grid_a1_1, title=f"同时登记{n}", hotline_order_no=order)
            outcomes[n] = demand.code
        except DuplicateOrderError as exc:
            outcomes[n] = exc.field
        finally:
            connection.close()

    threads = [threading.Thread(target=intake, args=(n,)) for n in range(13)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    close_old_connections()
    assert outcomes[12] == "hotline_order_no"
    codes = {outcomes[n] for n in range(12)}
    stored = Demand.objects.filter(title__startswith="同时登记")
    assert stored.count() == 12 and set(stored.values_list("code", flat=True)) == codes
    assert DemandEvent.objects.filter(demand__in=stored).count() == 12
    from grassroots.audit.models import Action, AuditEvent

    assert AuditEvent.objects.filter(action=Action.DEMAND_CREATED).count() == 13
    assert sum(DemandTally.objects.values_list("received", flat=True)) == 13


@pytest.mark.usefixtures("real_transactions")
def test_a_move_waiting_on_a_winner_that_changed_the_unit_is_refused_not_lost():
    """The winner of a race escalated the demand (a new owner unit) while the other move
    waited for it: the waiting move must find the row and be refused by its version. On
    PostgreSQL it waits on the row's lock, which re-checks the row's joins against the
    winner's version; on SQLite in the write line."""
    from django.db import transaction

    from grassroots.demands.testing import make_demand
    from grassroots.kernel.db.locks import serialised_writes
    from grassroots.kernel.permissions import Role as R
    from grassroots.testing.personas import build_tree, make_personas

    tree = build_tree()
    worker = make_personas(tree)[R.GRID_WORKER]
    assert worker.role_codes  # read now, not while the winner holds its locks
    demand = make_demand(tree.grid_a1_1)
    holding, release, outcome = threading.Event(), threading.Event(), {}

    def winner():  # the escalation, holding its locks until told to commit
        try:
            with serialised_writes(), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE demands_demand SET owner_unit_id = %s, status = %s, "
                    "version = version + 1 WHERE id = %s",
                    [tree.community_a1.pk, Status.ESCALATED, demand.pk],
                )
                holding.set()
                release.wait(30)
        finally:
            connection.close()

    def waiting_move():
        try:
            transition_demand(
                demand.pk,
                move=MoveInput(to=Status.ACCEPTED, expected_version=demand.version),
                actor=worker,
            )
            outcome["result"] = "ok"
        except MoveRefused as exc:
            outcome["result"] = exc.reason
        except Exception as exc:  # noqa: BLE001 - what the test is about
            outcome["result"] = repr(exc)
        finally:
            connection.close()

    first = threading.Thread(target=winner)
    first.start()
    assert holding.wait(30)
    second = threading.Thread(target=waiting_move)
    second.start()
    second.join(timeout=1)
    assert second.is_alive()  # it waits for the winner
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    close_old_connections()
    assert "已被他人修改" in outcome["result"], outcome
