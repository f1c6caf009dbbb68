"""Dispatch rules, deadlines by category and priority, overdue flags and the sweep."""

import datetime

import pytest
from django.utils import timezone

from grassroots.demands.models import Category, Demand, DemandEvent, EventKind
from grassroots.demands.selectors import DemandFilters, board, filter_demands
from grassroots.demands.services import MoveInput, transition_demand
from grassroots.demands.services.sweep import run_sweep
from grassroots.demands.testing import make_demand

HOUR = datetime.timedelta(hours=1)


@pytest.mark.parametrize(
    "category,owner",
    [
        ("env-vending", "grid_a1_1"),  # 小事不出网格
        ("fire-ebike", "community_a1"),  # 大事不出社区
        ("municipal-road", "street_a"),  # roads: the street
    ],
)
def test_each_category_is_dispatched_to_the_level_its_rule_names(tree, category, owner):
    demand = make_demand(tree.grid_a1_1, category=category)
    assert demand.owner_unit == getattr(tree, owner)
    assert demand.events.get().unit == getattr(tree, owner)


def test_deadlines_follow_the_category_and_the_priority(tree):
    Category.objects.filter(code="property-lift").update(
        response_hours=12, resolve_hours=96, urgent_response_hours=1, urgent_resolve_hours=8
    )
    now = timezone.now()
    normal = make_demand(tree.grid_a1_1, category="property-lift", when=now)
    urgent = make_demand(tree.grid_a1_1, category="property-lift", when=now, priority="urgent")
    assert (normal.response_due - now, normal.resolve_due - now) == (12 * HOUR, 96 * HOUR)
    assert (urgent.response_due - now, urgent.resolve_due - now) == (HOUR, 8 * HOUR)


def test_a_demand_past_a_deadline_is_flagged_overdue_until_it_is_handled(tree, personas):
    start = timezone.now() - 100 * HOUR  # env: respond in 24 h, resolve in 72 h
    late = make_demand(tree.grid_a1_1, when=start, title="早就该办的")
    fresh = make_demand(tree.grid_a1_1, title="刚来的")
    admin = personas["district_admin"]
    flagged = filter_demands(Demand.objects.visible_to(admin), DemandFilters(overdue=True))
    assert list(flagged) == [late]
    assert list(board(admin)["overdue"]) == [late]
    for to in ("accepted", "in_progress", "resolved"):
        transition_demand(late.pk, move=MoveInput(to=to), actor=None)
    assert not filter_demands(Demand.objects.all(), DemandFilters(overdue=True)).exists()
    assert fresh.pk


def test_the_sweep_escalates_where_the_rule_says_so_and_reminds_elsewhere(tree):
    start = timezone.now() - 200 * HOUR
    fire = make_demand(tree.grid_a1_1, category="fire-ebike", when=start)  # rule: escalate
    env = make_demand(tree.grid_a1_1, category="env-garbage", when=start)  # rule: remind
    result = run_sweep()
    assert (result.escalated, result.reminded) == (1, 1)
    fire.refresh_from_db()
    assert (fire.status, fire.owner_unit) == ("escalated", tree.street_a)
    last = fire.events.filter(kind=EventKind.TRANSITION).last()
    assert last.actor is None and last.actor_name == "系统" and "系统自动上报" in last.note
    reminder = DemandEvent.objects.get(demand=env, kind=EventKind.REMINDER)
    assert "响应时限" in reminder.note


def test_running_the_sweep_again_at_once_does_nothing_more(tree):
    make_demand(tree.grid_a1_1, category="env-garbage", when=timezone.now() - 200 * HOUR)
    run_sweep()
    again = run_sweep()
    assert (again.escalated, again.reminded) == (0, 0)
    later = run_sweep(now=timezone.now() + 25 * HOUR)  # a day on: reminded again
    assert later.reminded == 1


def test_a_supervised_demand_past_its_supervision_deadline_is_reminded(tree, personas):
    from grassroots.demands.services.actions import supervise_demand

    demand = make_demand(tree.grid_a1_1)
    transition_demand(demand.pk, move=MoveInput(to="accepted"), actor=None)
    supervise_demand(
        demand, due=timezone.now() + HOUR, note="三日内办结", actor=personas["street_staff"]
    )
    assert list(board(personas["street_staff"])["supervised"]) == [demand]
    assert run_sweep().reminded == 0
    assert run_sweep(now=timezone.now() + 2 * HOUR).reminded == 1
    assert DemandEvent.objects.filter(demand=demand, kind=EventKind.SUPERVISION).exists()
