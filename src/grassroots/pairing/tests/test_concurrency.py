"""Two people closing (or reopening) the same pledge at once: one wins, the other is told."""

import threading

import pytest
from django.db import close_old_connections, connection

from grassroots.kernel.permissions import Role
from grassroots.pairing.models import Pledge, PledgeChange, PledgeStatus
from grassroots.pairing.services import PairingError, add_evidence, close_pledge, reopen_pledge


def _race(pledge_id, moves):
    """Run each (service, actor, kwargs) in its own thread and connection, at once."""
    barrier = threading.Barrier(len(moves))
    outcomes = [None] * len(moves)

    def run(index, service, actor, kwargs):
        try:
            barrier.wait()
            service(Pledge.objects.get(pk=pledge_id), actor=actor, **kwargs)
            outcomes[index] = "ok"
        except PairingError as exc:
            outcomes[index] = str(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, *move)) for i, move in enumerate(moves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    close_old_connections()
    return outcomes


@pytest.mark.usefixtures("real_transactions")
def test_two_close_outs_at_once_one_wins_and_the_other_is_told_in_chinese():
    from grassroots.pairing.testing import make_pledge, pair, photo
    from grassroots.testing.personas import build_tree, make_personas

    tree = build_tree()
    personas = make_personas(tree)
    pledge = make_pledge(pair("ZJJ", "区住建局", tree.community_a1))
    evidence = add_evidence(pledge, upload=photo())
    close = {"version": 1, "evidence_ids": [evidence.pk]}
    outcomes = _race(
        pledge.pk,
        [
            (close_pledge, personas[Role.COMMUNITY_SECRETARY], close),
            (close_pledge, personas[Role.STREET_STAFF], close),
        ],
    )
    assert None not in outcomes, outcomes
    assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
    assert any("已被他人修改" in o for o in outcomes if o != "ok"), outcomes
    assert Pledge.objects.get(pk=pledge.pk).version == 2
    assert PledgeChange.objects.filter(pledge=pledge, to_status=PledgeStatus.CLOSED).count() == 1

    reopen = {"version": 2, "reason": "复查"}
    outcomes = _race(
        pledge.pk,
        [
            (reopen_pledge, personas[Role.COMMUNITY_SECRETARY], reopen),
            (reopen_pledge, personas[Role.DISTRICT_ADMIN], reopen),
        ],
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
    assert Pledge.objects.get(pk=pledge.pk).status == PledgeStatus.OPEN
    assert PledgeChange.objects.filter(pledge=pledge, to_status=PledgeStatus.OPEN).count() == 2


@pytest.mark.usefixtures("real_transactions")
def test_two_close_outs_of_a_task_at_once_one_wins_and_the_other_is_told_in_chinese():
    from grassroots.pairing.models import ListTask, TaskChange
    from grassroots.pairing.services.lists import add_task_evidence, close_task
    from grassroots.pairing.testing import make_problem, make_task, pair, photo
    from grassroots.testing.personas import build_tree, make_personas

    tree = build_tree()
    personas = make_personas(tree)
    task = make_task(make_problem(pair("ZJJ", "区住建局", tree.community_a1)))
    evidence = add_task_evidence(task, upload=photo())
    barrier = threading.Barrier(2)
    outcomes = [None, None]

    def run(index, actor):
        try:
            barrier.wait()
            close_task(
                ListTask.objects.select_related("problem__pairing__unit").get(pk=task.pk),
                version=1,
                evidence_ids=[evidence.pk],
                actor=actor,
            )
            outcomes[index] = "ok"
        except PairingError as exc:
            outcomes[index] = str(exc)
        finally:
            connection.close()

    actors = [personas[Role.COMMUNITY_SECRETARY], personas[Role.STREET_STAFF]]
    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    close_old_connections()
    assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
    assert any("已被他人修改" in o for o in outcomes if o != "ok"), outcomes
    assert TaskChange.objects.filter(task=task, to_status=PledgeStatus.CLOSED).count() == 1
