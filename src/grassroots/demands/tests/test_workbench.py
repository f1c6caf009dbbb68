"""The demands panel of the home page (工作台): each role's counts, the most pressing demands
with their countdown, a street's overdue per unit and the last complete month's rates."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grassroots.demands.models import Demand, DemandTally
from grassroots.demands.rates import last_complete_month
from grassroots.demands.selectors import overdue
from grassroots.demands.services import MoveInput, transition_demand
from grassroots.demands.testing import make_demand
from grassroots.demands.workflow import Status
from grassroots.kernel.permissions import Role

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def _tile(html: str, key: str) -> int:
    """The count shown on the tile ``key`` of the page."""
    start = html.index(f'data-testid="tile-{key}"')
    number = html.index('class="n">', start) + len('class="n">')
    return int(html[number : html.index("<", number)])


def _dispatch(demand: Demand, unit) -> Demand:
    return transition_demand(demand.pk, move=MoveInput(to=Status.DISPATCHED, unit=unit), actor=None)


@pytest.fixture
def desk(tree):
    """In grid A1-1: one demand dispatched to the grid, one received 20 hours ago (its
    response due within the day), one received ten days ago and never answered (overdue);
    in street B one overdue demand the street A does not see."""
    now = timezone.now()
    dispatched = _dispatch(make_demand(tree.grid_a1_1, title="路灯不亮"), tree.grid_a1_1)
    soon = make_demand(tree.grid_a1_1, title="楼道杂物", when=now - 20 * HOUR)
    late = make_demand(tree.grid_a1_1, title="下水道堵塞", when=now - 240 * HOUR)
    make_demand(tree.grid_b1_1, title="别处的诉求", when=now - 240 * HOUR)
    return {"dispatched": dispatched, "soon": soon, "late": late}


def test_a_grid_worker_lands_on_what_waits_for_them_with_countdowns(desk, as_role, personas):
    response = as_role(Role.GRID_WORKER).get(reverse("site:home"))
    html = response.content.decode()
    assert 'data-testid="demands-panel"' in html
    worker = personas[Role.GRID_WORKER]
    waiting = Demand.objects.filter(
        status__in=[Status.RECEIVED, Status.DISPATCHED], owner_unit=worker.org_node
    )
    assert _tile(html, "to_accept") == waiting.count() >= 1
    assert (
        _tile(html, "overdue")
        == Demand.objects.filter(overdue(timezone.now()), owner_unit=worker.org_node).count()
    )
    # The pressing list: the overdue one first, with 超期N天; the one due today after it.
    pressing = html[html.index('data-testid="pressing"') :]
    assert pressing.index("下水道堵塞") < pressing.index("楼道杂物") < pressing.index("路灯不亮")
    assert "超期" in pressing and "剩余" in pressing
    assert "别处的诉求" not in html


def test_a_community_secretary_sees_what_to_dispatch_and_what_is_due_within_a_day(
    desk, as_role, personas
):
    html = as_role(Role.COMMUNITY_SECRETARY).get(reverse("site:home")).content.decode()
    secretary = personas[Role.COMMUNITY_SECRETARY]
    mine = Demand.objects.filter(owner_unit__path__startswith=secretary.org_node.path)
    assert (
        _tile(html, "to_dispatch")
        == mine.filter(status__in=[Status.RECEIVED, Status.RETURNED]).count()
    )
    # 楼道杂物 must be answered within four hours, 路灯不亮 (just received) within the day.
    assert _tile(html, "due_soon") == 2
    assert _tile(html, "overdue") == 1  # 下水道堵塞 (street B's is not theirs)
    assert 'data-testid="tile-to_accept"' not in html  # they dispatch, they do not sign


def test_an_escalated_demand_is_counted_where_it_went(desk, as_role, tree):
    transition_demand(
        desk["late"].pk, move=MoveInput(to=Status.ESCALATED, note="需街道协调"), actor=None
    )
    demand = Demand.objects.get(pk=desk["late"].pk)
    html = as_role(Role.COMMUNITY_SECRETARY).get(reverse("site:home")).content.decode()
    escalated_here = int(demand.owner_unit == tree.community_a1)
    assert _tile(html, "escalated") == escalated_here


def test_a_street_sees_overdue_per_community_and_last_months_rates(desk, as_role, tree):
    month = last_complete_month(timezone.localdate())
    DemandTally.objects.filter(month=month).delete()
    DemandTally.objects.create(
        grid=tree.grid_a1_1, month=month, received=10, responded_in_time=9, resolved=8,
        followed_up=5, satisfied=4,
    )  # fmt: skip
    html = as_role(Role.STREET_STAFF).get(reverse("site:home")).content.decode()
    units = html[html.index('data-testid="units-overdue"') :]
    assert 'data-node="420606001001"' in units and 'data-node="420606002001"' not in html
    first = units[units.index('data-node="420606001001"') :]
    assert "超期 1 / 在办 3" in first[: first.index("</li>")]
    rates = html[html.index('data-testid="last-month-rates"') :]
    assert month.strftime("%Y-%m") in html
    assert "90.0%" in rates and "80.0%" in rates  # response 9/10, satisfaction 4/5


def test_the_home_page_costs_the_same_queries_for_three_demands_or_thirty(tree, as_role, personas):
    """The counts are grouped queries: more demands, no more queries."""
    for role in (
        Role.GRID_WORKER,
        Role.COMMUNITY_SECRETARY,
        Role.STREET_STAFF,
        Role.DISTRICT_ADMIN,
    ):
        for _ in range(3):
            make_demand(tree.grid_a1_1)
        client = as_role(role)
        client.get(reverse("site:home"))
        with CaptureQueriesContext(connection) as few:
            assert client.get(reverse("site:home")).status_code == 200
        for _ in range(27):
            make_demand(tree.grid_a1_1, when=timezone.now() - 300 * HOUR)
        with CaptureQueriesContext(connection) as many:
            client.get(reverse("site:home"))
        assert len(many) == len(few), role
        assert len(few) <= 40, (role, len(few))
