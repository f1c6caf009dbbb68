"""Every move of the workflow by every role: allowed exactly as workflow.py declares."""

import itertools

import pytest

from grassroots.demands.models import Demand, DemandEvent, EventKind
from grassroots.demands.services import MoveInput, transition_demand
from grassroots.demands.workflow import MOVES, MoveRefused, Status, check_move, moves_for
from grassroots.kernel.permissions import Role

PAIRS = {(m.source, m.target) for m in MOVES}


S = Status
_DONE = [S.ACCEPTED, S.IN_PROGRESS, S.RESOLVED]
ROUTES = {
    S.RECEIVED: [],
    S.DISPATCHED: [S.DISPATCHED],
    S.ACCEPTED: [S.ACCEPTED],
    S.IN_PROGRESS: [S.ACCEPTED, S.IN_PROGRESS],
    S.RESOLVED: _DONE,
    S.FOLLOWED_UP: [*_DONE, S.FOLLOWED_UP],
    S.CLOSED: [*_DONE, S.FOLLOWED_UP, S.CLOSED],
    S.RETURNED: [S.DISPATCHED, S.RETURNED],
    S.ESCALATED: [S.ESCALATED],
    S.REOPENED: [*_DONE, S.FOLLOWED_UP, S.REOPENED],
}


def _put_in(demand, status):
    """Drive the demand to ``status`` the real way, as the system (the sweep's identity)."""
    for target in ROUTES[status]:
        transition_demand(
            demand.pk,
            move=MoveInput(to=target, note="准备", satisfaction="unsatisfied"),
            actor=None,
        )
    assert Demand.objects.get(pk=demand.pk).status == status


def _move_for(move):
    return MoveInput(
        to=move.target,
        note="原因说明",
        satisfaction="unsatisfied" if move.target == Status.FOLLOWED_UP else "",
    )


@pytest.mark.parametrize("move", MOVES, ids=lambda m: f"{m.source}->{m.target}")
@pytest.mark.parametrize("role", list(Role))
def test_each_move_is_open_exactly_to_the_roles_declared_for_it(demand, personas, move, role):
    _put_in(demand, move.source)
    actor = personas[role]
    if role in move.roles:
        moved = transition_demand(demand.pk, move=_move_for(move), actor=actor)
        assert moved.status == move.target
        event = DemandEvent.objects.filter(demand=demand, kind=EventKind.TRANSITION).last()
        assert (event.from_status, event.to_status, event.actor, event.note) == (
            move.source,
            move.target,
            actor,
            "原因说明",
        )
        assert event.at is not None
    else:
        with pytest.raises(MoveRefused, match="您的角色不能"):
            transition_demand(demand.pk, move=_move_for(move), actor=actor)
        assert Demand.objects.get(pk=demand.pk).status == move.source


@pytest.mark.parametrize(
    "source,target",
    [pair for pair in itertools.product(Status.values, Status.values) if pair not in PAIRS],
)
def test_a_move_not_declared_is_refused_even_to_an_operator(source, target):
    with pytest.raises(MoveRefused, match="不能改为"):
        check_move(source, target, (), operator=True, note="x")


def test_returning_escalating_and_reopening_need_a_reason():
    needing = {(m.source, m.target) for m in MOVES if m.needs_note}
    assert (Status.DISPATCHED, Status.RETURNED) in needing
    assert (Status.FOLLOWED_UP, Status.REOPENED) in needing
    for source, target in needing:
        with pytest.raises(MoveRefused, match="须填写原因"):
            check_move(source, target, (Role.DISTRICT_ADMIN,), note="  ")


def test_a_grid_worker_cannot_handle_a_demand_the_community_is_responsible_for(tree, personas):
    from grassroots.demands.testing import make_demand

    demand = make_demand(tree.grid_a1_1, category="fire-ebike")  # the community handles fire
    assert demand.owner_unit == tree.community_a1
    with pytest.raises(MoveRefused, match="清河口社区承办"):
        transition_demand(
            demand.pk, move=MoveInput(to=Status.ACCEPTED), actor=personas[Role.GRID_WORKER]
        )
    moved = transition_demand(
        demand.pk, move=MoveInput(to=Status.ACCEPTED), actor=personas[Role.COMMUNITY_SECRETARY]
    )
    assert moved.owner == personas[Role.COMMUNITY_SECRETARY]


def test_every_status_is_reachable_by_the_declared_moves(demand):
    assert set(ROUTES) == set(Status.values)


def test_escalating_passes_the_demand_to_the_unit_above(demand, personas, tree):
    moved = transition_demand(
        demand.pk,
        move=MoveInput(to=Status.ESCALATED, note="需社区协调"),
        actor=personas[Role.GRID_WORKER],
    )
    assert moved.owner_unit == tree.community_a1
    with pytest.raises(MoveRefused):
        transition_demand(
            demand.pk, move=MoveInput(to=Status.ACCEPTED), actor=personas[Role.GRID_WORKER]
        )


def test_the_page_offers_only_the_moves_a_role_may_make():
    grid_worker = {m.target for m in moves_for(Status.RECEIVED, (Role.GRID_WORKER,))}
    assert grid_worker == {Status.ACCEPTED, Status.ESCALATED}
    assert moves_for(Status.CLOSED, (Role.DISTRICT_ADMIN,)) == []
    assert moves_for(Status.RECEIVED, (Role.RESIDENT,)) == []
